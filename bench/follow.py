#!/usr/bin/env python3
"""follow.py: make bench's lines for following a program (-- CMD).

usage: follow.py N...

For each N, runs `ipcscope --headless -- python3 follow-tree.py N` (N
processes under Python's fork shape: every child holds every pipe end,
descriptor tables grow with N squared) for BENCH_FOLLOW_S seconds
(default 15) with IPCSCOPE_BENCH=1, and prints one line from ipcscope's
report (src/app/bench.c): the processes and channels found, the frames
and their rate (the screen's pace is 20 Hz), the mean and worst frame,
the CPU of ipcscope's own process over the whole run and steady (after
the last process was found and its descriptor table read), with the load
average (one minute) at the start. The target (issue 11): 100 processes
within 3 % of one core, steady. The figures move with what else the
machine runs: read them beside the load.

A run that ended before ipcscope had found all N processes (a loaded
machine can keep the tree from forking them all in a short run) measured
a smaller tree: it is said on a line of its own, with ipcscope's notices,
and run again for twice as long, at most twice more.

Environment: IPCSCOPE (the program), BENCH_FOLLOW_S.
"""

import os
import re
import subprocess
import sys

RX = {
    "size": r"^observer: (\d+) processes, (\d+) channels, (\d+) frames in "
            r"([\d.]+) s",
    "frame": r"^observer: per frame (\d+) us mean, (\d+) us max",
    "run": r"^observer: followed \d+ processes, \d+ threads: ([\d.]+) %",
    "steady": r"^observer: followed, steady: (?:([\d.]+) %|not reached)",
}


def once(ipc, tree, n, seconds):
    """One run: the report's figures by RX key, the load at its start and
    ipcscope's own notices (its other stderr lines)."""
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    p = subprocess.run([ipc, "--headless", "--duration", str(seconds),
                        "--interval", "1000", "--output", os.devnull,
                        "--", sys.executable, tree, n],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=dict(os.environ, IPCSCOPE_BENCH="1"), text=True)
    if p.returncode != 0:
        sys.exit("bench: follow %s exited %d: %s" % (n, p.returncode,
                                                    p.stderr))
    got = {}
    for key, rx in RX.items():
        m = next((re.match(rx, l) for l in p.stderr.splitlines()
                  if re.match(rx, l)), None)
        if m is None:
            sys.exit("bench: follow %s: no '%s' line:\n%s" %
                     (n, key, p.stderr))
        got[key] = m.groups()
    notes = [l for l in p.stderr.splitlines()
             if not l.startswith(("observer:", "ipcscope: following "))]
    return got, load, notes


def run(ipc, tree, n, seconds):
    """A run that found the whole tree, again for longer if it did not."""
    for tries in range(3):
        got, load, notes = once(ipc, tree, n, seconds)
        found = int(got["size"][0])
        if found >= int(n) or tries == 2:
            return got, load
        print("follow %s: %d of %s processes found in %g s (load %.1f): "
              "the tree was still starting; again for %g s%s" %
              (n, found, n, seconds, load, seconds * 2,
               "".join("\n  " + l for l in notes)))
        sys.stdout.flush()
        seconds *= 2
    return got, load


def main():
    ipc = os.environ.get("IPCSCOPE") or sys.exit("bench: IPCSCOPE is not set")
    seconds = float(os.environ.get("BENCH_FOLLOW_S", "15"))
    tree = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "follow-tree.py")
    for n in sys.argv[1:] or sys.exit("usage: follow.py N..."):
        got, load = run(ipc, tree, n, seconds)
        procs, chans, frames, wall = got["size"]
        steady = got["steady"][0]
        verdict = ""
        if n == "100":
            verdict = ": target <= 3 %% steady %s" % (
                "not measured" if steady is None else
                "met" if float(steady) <= 3 else "NOT met")
        print("follow %s: %s processes, %s channels: %s frames in %s s "
              "(%.1f Hz of 20), frame %s us mean, %s us max; CPU %s %% of "
              "one core over the run, %s steady (load %.1f)%s" %
              (n, procs, chans, frames, wall, int(frames) / float(wall),
               got["frame"][0], got["frame"][1], got["run"][0],
               "not reached" if steady is None else steady + " %", load,
               verdict))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
