#!/usr/bin/env python3
"""rounds.py: make bench's lines for one transfer.

usage: rounds.py KIND PLAINKIND CHUNK FIRST TARGET [CAPACITY]
       rounds.py --header

Moves data in CHUNK-sized writes through ipcscope (channel type KIND, in
the scenario made from bench-xfer.ini.in) and through plain-xfer
(PLAINKIND), in BENCH_ROUNDS interleaved rounds, both sides placed the
same way. A first, uncounted run of plain-xfer moves FIRST bytes; from its
speed, every counted run of either program moves what plain-xfer moves in
about BENCH_RUN_S seconds (0.3 by default: one core and two differ by up
to ten times here). Placements:

  1 core    both whole programs on one CPU (their children inherit it),
            so that everything each side costs, ipcscope's observer
            included, is paid from the same core: the ratio is the price
            of being watched. TARGET applies here.
  per core  one process per core: plain-xfer -p and IPCSCOPE_BENCH_PIN
            put the writer on the first CPU we may use and the reader on
            the second (ipcscope's observer and plain-xfer's parent,
            which only waits, go where the scheduler puts them). Only
            with two CPUs or more; no target: it measures how two cores
            hand data over as much as it measures ipcscope.

A round runs plain-xfer and ipcscope back to back, alternating which goes
first so that a drifting machine favours neither, and gives one ratio,
ipcscope / plain. Each line has the medians of both figures and the
median of the ratios with their interquartile range and their range.

Two figures per side on one core:
  wall  bytes over the time from the first fork to the reader's exit (the
        run's own clock in both programs). Other users' processes on that
        core count against whoever they interrupt.
  cpu   bytes over the CPU time of the whole program (every process,
        ipcscope's observer included), less its fixed start and end cost,
        measured in each round by a run of one chunk: what wall would be
        if nobody else used the core. The steadier figure on a busy
        machine.

Environment: IPCSCOPE, PLAIN (the programs), BENCH_ROUNDS (default 15),
BENCH_RUN_S (default 0.3), BENCH_SCALE (divide FIRST by this); the last
two make the quick run of tests/bench.sh.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FORMAT = "%-11s %6s  %-9s %-4s %6s %9s  %6s %-15s %-15s %s"


def die(msg):
    sys.exit("bench: " + msg)


def scenario(kind, chunk, total, cap, path):
    """The template filled in for this transfer, written to path."""
    with open(os.path.join(HERE, "bench-xfer.ini.in")) as f:
        text = f.read()
    text = (text.replace("@KIND@", kind).replace("@CHUNK@", str(chunk))
            .replace("@TOTAL@", str(total)))
    extra = ""
    if cap:
        extra += "capacity = %d\n" % cap
    # A POSIX queue as plain-xfer makes it: mq_msgsize = CHUNK, not the
    # system's default (8192), which ipcscope would take otherwise.
    if kind == "posix-mq":
        extra += "msgsize = %d\n" % chunk
    text = text.replace("\ntype = %s\n" % kind,
                        "\ntype = %s\n%s" % (kind, extra))
    # A queue has no end of data: its reader stops at the total (the
    # template's last section is the reader).
    if kind in ("posix-mq", "sysv-msgq"):
        text += "total = %d\n" % total
    with open(path, "w") as f:
        f.write(text)


def cpu_time():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, cpu, env):
    """Run cmd (on one CPU if cpu is not None): its stdout and the CPU
    time it and every process it waited for used."""
    pre = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None \
        else None
    c0 = cpu_time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, env=env,
                       preexec_fn=pre)
    used = cpu_time() - c0
    if p.returncode != 0:
        die("%s exited %d" % (" ".join(cmd), p.returncode))
    return p.stdout.decode(), used


class Side:
    """One program moving one transfer: its figures, round by round."""

    def __init__(self, total):
        self.total = total
        self.bps = []           # by wall time
        self.cpu = []           # CPU seconds of each run
        self.fixed = []         # CPU seconds of each one-chunk run

    def cpu_bps(self):
        fixed = statistics.median(self.fixed)
        return [self.total / max(c - fixed, 1e-9) for c in self.cpu]


class Plain(Side):
    def __init__(self, plainkind, chunk, total, cap, spread):
        super().__init__(total)
        self.cmd = [os.environ["PLAIN"]] + (["-p"] if spread else []) + \
            [plainkind]
        self.tail = [str(chunk)] + ([str(cap)] if cap else [])
        self.chunk = chunk

    def once(self, cpu, total=None):
        out, used = run(self.cmd + [str(total or self.total)] + self.tail,
                        cpu, None)
        return float(out), used


class Ipcscope(Side):
    def __init__(self, ini, tiny, total, spread):
        super().__init__(total)
        self.ini, self.tiny = ini, tiny
        self.env = dict(os.environ)
        self.env.pop("IPCSCOPE_BENCH_PIN", None)
        if spread:
            self.env["IPCSCOPE_BENCH_PIN"] = "1"

    def once(self, cpu, total=None):
        """Bytes over the reader's exit time, from the run's own JSON
        Lines (t = 0 is the first fork, as in plain-xfer)."""
        ini = self.tiny if total else self.ini
        out, used = run([os.environ["IPCSCOPE"], "--headless", "--interval",
                         "60000", ini], cpu, self.env)
        for line in out.splitlines():
            r = json.loads(line)
            if (r["type"] == "event" and r["what"] == "exit" and
                    r["proc"] == "reader"):
                if r["detail"] != "exit 0" or r["t"] <= 0:
                    die("%s: reader: %s at %s" % (ini, r["detail"], r["t"]))
                return (total or self.total) / r["t"], used
        die("%s: no reader exit in the run" % ini)


def spread_of(v):
    """Median, quartiles and extremes of v."""
    if len(v) >= 2:
        q1, med, q3 = statistics.quantiles(v, n=4, method="inclusive")
    else:
        q1 = med = q3 = v[0]
    return med, q1, q3, min(v), max(v)


def line(kind, chunk, placement, by, a, b, target):
    ratio = [y / x for x, y in zip(a, b)]
    med, q1, q3, lo, hi = spread_of(ratio)
    if target is None:
        verdict = "none"
    else:
        verdict = ">= %.2f %s" % (target, "met" if med >= target
                                  else "NOT met")
    print(FORMAT % (kind, chunk, placement, by,
                    "%.2f" % (statistics.median(a) / 1e9),
                    "%.2f" % (statistics.median(b) / 1e9),
                    "%.3f" % med, "[%.3f-%.3f]" % (q1, q3),
                    "(%.3f-%.3f)" % (lo, hi), verdict), flush=True)


def main():
    if sys.argv[1:] == ["--header"]:
        print(FORMAT % ("kind", "chunk", "placement", "by", "plain",
                        "ipcscope", "ratio", "[IQR]", "(range)",
                        "target"))
        return
    if len(sys.argv) not in (6, 7):
        die("usage: rounds.py KIND PLAINKIND CHUNK FIRST TARGET [CAPACITY]")
    kind, plainkind = sys.argv[1], sys.argv[2]
    chunk, first = int(sys.argv[3]), int(sys.argv[4])
    target = float(sys.argv[5])
    cap = int(sys.argv[6]) if len(sys.argv) == 7 else 0
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    run_s = float(os.environ.get("BENCH_RUN_S", "0.3"))
    scale = int(os.environ.get("BENCH_SCALE", "1"))
    if rounds < 1 or scale < 1 or run_s <= 0:
        die("BENCH_ROUNDS and BENCH_SCALE must be at least 1, "
            "BENCH_RUN_S above 0")
    first = max(chunk, first // scale // chunk * chunk)
    cpus = sorted(os.sched_getaffinity(0))

    placements = [("1 core", cpus[0], False)]
    if len(cpus) >= 2:
        placements.append(("per core", None, True))
    with tempfile.TemporaryDirectory() as tmp:
        ini = os.path.join(tmp, "x.ini")
        tiny = os.path.join(tmp, "tiny.ini")
        scenario(kind, chunk, chunk, cap, tiny)
        for placement, cpu, spread in placements:
            # The first run of each is not counted: it sizes the runs
            # and warms the page cache, the CPU's frequency and the
            # scheduler's idea of both programs.
            a = Plain(plainkind, chunk, first, cap, spread)
            bps = a.once(cpu)[0]
            total = max(chunk, int(bps * run_s) // chunk * chunk)
            a.total = total
            scenario(kind, chunk, total, cap, ini)
            b = Ipcscope(ini, tiny, total, spread)
            b.once(cpu)
            for i in range(rounds):
                for side in ((a, b) if i % 2 == 0 else (b, a)):
                    bps, used = side.once(cpu)
                    side.bps.append(bps)
                    side.cpu.append(used)
                    if cpu is not None:
                        side.fixed.append(side.once(cpu, chunk)[1])
            line(kind, chunk, placement, "wall", a.bps, b.bps,
                 target if cpu is not None else None)
            if cpu is not None:
                line(kind, chunk, placement, "cpu", a.cpu_bps(),
                     b.cpu_bps(), target)


main()
