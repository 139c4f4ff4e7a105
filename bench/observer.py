#!/usr/bin/env python3
"""observer.py: make bench's lines for the observer's own cost.

usage: observer.py SCENARIO...

Plays each scenario headless (JSON every second, as a user would) with
IPCSCOPE_BENCH=1 for BENCH_OBSERVER_S seconds (default 10),
BENCH_OBSERVER_RUNS times (default 3), the scenarios in turn so that a
drifting machine favours none. ipcscope reports on stderr at the end
(src/app/bench.c) the CPU its own process used over the run (getrusage:
reading the kernel, the model, the writer, everything but the workers)
per frame and per process per frame, with the target. This prints each
run's report, with the load average (one minute) when it started, then a
line per scenario: the median of the runs per frame and per process per
frame, their range, the range of the load averages, and the target met
or not by the median. The figures move with what else the machine runs:
read them beside the load.

Environment: IPCSCOPE (the program), BENCH_OBSERVER_S, BENCH_OBSERVER_RUNS.
"""

import os
import re
import statistics
import subprocess
import sys

REPORT = {
    "size": re.compile(r"^observer: (\d+) processes, (\d+) channels, "
                       r"(\d+) frames"),
    "frame": re.compile(r"^observer: CPU (\d+) us per frame, .* at (\d+) Hz"),
    "proc": re.compile(r"^observer: CPU ([\d.]+) us per process per frame "
                       r"\(target <= ([\d.]+) us"),
}


def die(msg):
    sys.exit("bench: " + msg)


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(ipc, scenario, seconds):
    """One run: its report's lines and figures."""
    env = dict(os.environ, IPCSCOPE_BENCH="1")
    before = load()
    p = subprocess.run([ipc, "--headless", "--duration", str(seconds),
                        "--interval", "1000", scenario],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=env, text=True)
    if p.returncode != 0:
        die("%s exited %d: %s" % (scenario, p.returncode, p.stderr))
    lines = [l for l in p.stderr.splitlines() if l.startswith("observer:")]
    got = {"load": before, "lines": lines}
    for key, rx in REPORT.items():
        m = next((rx.match(l) for l in lines if rx.match(l)), None)
        if m is None:
            die("%s: no '%s' line in ipcscope's report:\n%s" %
                (scenario, key, p.stderr))
        got[key] = m.groups()
    return got


def summary(name, runs):
    procs, chans = runs[0]["size"][0], runs[0]["size"][1]
    frame = [float(r["frame"][0]) for r in runs]
    proc = [float(r["proc"][0]) for r in runs]
    loads = [r["load"] for r in runs]
    target = float(runs[0]["proc"][1])
    med = statistics.median(proc)
    return ("observer %s: %s processes, %s channels: CPU %.0f us per frame, "
            "%.2f us per process per frame (median of %d; range %.2f-%.2f; "
            "load %.1f-%.1f): target <= %g us %s" %
            (name, procs, chans, statistics.median(frame), med, len(runs),
             min(proc), max(proc), min(loads), max(loads), target,
             "met" if med <= target else "NOT met"))


def main():
    ipc = os.environ.get("IPCSCOPE") or die("IPCSCOPE is not set")
    seconds = float(os.environ.get("BENCH_OBSERVER_S", "10"))
    nruns = int(os.environ.get("BENCH_OBSERVER_RUNS", "3"))
    scenarios = sys.argv[1:] or die("usage: observer.py SCENARIO...")
    runs = {s: [] for s in scenarios}
    for i in range(nruns):
        for s in scenarios:
            r = run(ipc, s, seconds)
            runs[s].append(r)
            print("%s, run %d, load %.1f:" %
                  (os.path.basename(s), i + 1, r["load"]))
            for l in r["lines"]:
                print(l)
            sys.stdout.flush()
    for s in scenarios:
        name = os.path.splitext(os.path.basename(s))[0]
        print(summary(name.replace("observer-", ""), runs[s]))


if __name__ == "__main__":
    main()
