#!/usr/bin/env python3
"""instr.py: make bench's noise-free figure: user-space instructions per
message of each side of a 4 KiB pipe transfer, counted by valgrind's
callgrind for ipcscope's writer and reader and for plain-xfer's. Each is
the difference between a run of 4096 and one of 16384 messages, over the
12288 messages between, so that start and end cancel. The kernel's share
(the copy, the switches) is not counted: these are what each program adds
to a message, the same on a quiet machine or a busy one.

Environment: IPCSCOPE, PLAIN, VALGRIND (default valgrind).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 4096
SMALL, BIG = 4096, 16384


def callgrind(cmd, tmp):
    """Run cmd under callgrind: its stdout, {pid: instructions} and the
    pid of cmd itself."""
    p = subprocess.run([VALGRIND, "--tool=callgrind",
                        "--callgrind-out-file=" + os.path.join(tmp, "cg.%p")]
                       + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        sys.exit("bench: %s under callgrind exited %d: %s" % (
            " ".join(cmd), p.returncode, p.stderr[-500:]))
    counts = {int(m[1]): int(m[2]) for m in re.finditer(
        r"^==(\d+)== Collected : (\d+)$", p.stderr, re.M)}
    top = re.search(r"^==(\d+)== Command: ", p.stderr, re.M)
    if top is None:
        sys.exit("bench: no Command line from callgrind: %s" % p.stderr[-500:])
    return p.stdout, counts, int(top[1])


def ipcscope(msgs, tmp):
    """{writer, reader: instructions} of one run through ipcscope."""
    ini = os.path.join(tmp, "x.ini")
    with open(os.path.join(HERE, "bench-xfer.ini.in")) as f:
        text = (f.read().replace("@KIND@", "pipe")
                .replace("@CHUNK@", str(CHUNK))
                .replace("@TOTAL@", str(msgs * CHUNK)))
    with open(ini, "w") as f:
        f.write(text)
    out, counts, _ = callgrind([os.environ["IPCSCOPE"], "--headless",
                             "--interval", "60000", ini], tmp)
    got = {}
    for line in out.splitlines():
        r = json.loads(line)
        if r["type"] == "event" and r["what"] == "start":
            got[r["proc"]] = counts[int(r["detail"].split()[1])]
    return got


def plain(msgs, tmp):
    """{writer, reader: instructions} of one plain-xfer run: its two
    children, the writer forked first: the nearer pid after the parent's,
    counted the way pids are handed out, wrapping at pid_max (a busy
    machine wraps them often: not the lower pid)."""
    _, counts, parent = callgrind([os.environ["PLAIN"], "pipe",
                                   str(msgs * CHUNK), str(CHUNK)], tmp)
    with open("/proc/sys/kernel/pid_max") as f:
        pid_max = int(f.read())
    kids = sorted((k for k in counts if k != parent),
                  key=lambda k: (k - parent) % pid_max)
    if parent not in counts or len(kids) != 2:
        sys.exit("bench: plain-xfer under callgrind: %s (parent %d)" %
                 (counts, parent))
    return {"writer": counts[kids[0]], "reader": counts[kids[1]]}


def per_message(run):
    with tempfile.TemporaryDirectory() as tmp:
        small = run(SMALL, tmp)
        big = run(BIG, tmp)
    return {k: (big[k] - small[k]) / (BIG - SMALL) for k in big}


VALGRIND = os.environ.get("VALGRIND", "valgrind")
if shutil.which(VALGRIND) is None:
    print("instructions per message: not measured (no %s)" % VALGRIND)
    sys.exit(0)
a = per_message(plain)
b = per_message(ipcscope)
print("instructions per 4 KiB pipe message (callgrind, user space): "
      "ipcscope writer %.0f, reader %.0f; plain-xfer writer %.0f, "
      "reader %.0f" % (b["writer"], b["reader"], a["writer"], a["reader"]))
