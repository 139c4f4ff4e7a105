#!/bin/sh
# bench.sh: make bench in miniature (its form, not its figures: those
# need a quiet machine), and the placement it relies on: one CPU for both
# programs, or one process per core the same way for both (plain-xfer -p
# and IPCSCOPE_BENCH_PIN: process i on the (i mod n)-th CPU we may use).
. "$TESTLIB"

PY=${PYTHON3:-python3}
top=$(cd "$(dirname "$TESTLIB")/.." && pwd)
PLAIN=$(dirname "$IPCSCOPE")/bench/plain-xfer
[ -x "$PLAIN" ] || die "no $PLAIN (make check builds it)"
ncpu=$("$PY" -c 'import os; print(len(os.sched_getaffinity(0)))')

# 1. A quick bench: a line per transfer and figure, a median ratio with
#    its spread, the target on one core, the observer's cost at 64 and
#    256 processes, following a program of 100 (here 8) processes.
IPCSCOPE="$IPCSCOPE" PLAIN="$PLAIN" PYTHON3="$PY" BENCH_SCALE=256 \
    BENCH_RUN_S=0.01 BENCH_ROUNDS=2 BENCH_OBSERVER_S=1 \
    BENCH_OBSERVER_RUNS=1 BENCH_INSTR=0 BENCH_FOLLOW_N=8 BENCH_FOLLOW_S=1.5 \
    sh "$top/bench/bench.sh" >"$TEST_TMP/bench.out" 2>&1 ||
	die "make bench's script failed: $(cat "$TEST_TMP/bench.out")"
if "$PY" - "$TEST_TMP/bench.out" "$ncpu" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
ncpu = int(sys.argv[2])
num = r"(\d+\.\d+)"
row = re.compile(r"^(\S+)\s+(\d+)\s+(1 core|per core)\s+(wall|cpu)\s+%s\s+"
                 r"%s\s+%s\s+\[%s-%s\]\s+\(%s-%s\)\s+"
                 r"(>= 0\.9\d (met|NOT met)|none)$" % ((num,) * 7), re.M)
rows = {(m[1], m[2], m[3], m[4]): m for m in row.finditer(text)}
cases = [("pipe", "4096", "0.98"), ("pipe", "65536", "0.99"),
         ("unix-stream", "65536", "0.99"), ("shm-ring", "4096", "0.98"),
         ("shm-ring", "65536", "0.99"), ("posix-mq", "1024", "0.97"),
         ("posix-mq", "8192", "0.99")]
want = set()
for kind, chunk, target in cases:
    for by in ("wall", "cpu"):
        m = rows.get((kind, chunk, "1 core", by))
        assert m, "no 1 core %s line for %s %s in:\n%s" % (by, kind, chunk,
                                                           text)
        assert m[12].startswith(">= " + target), m[0]
        want.add((kind, chunk, "1 core", by))
    if ncpu >= 2:
        m = rows.get((kind, chunk, "per core", "wall"))
        assert m and m[12] == "none", "no per core line: " + text
        want.add((kind, chunk, "per core", "wall"))
assert set(rows) == want, sorted(set(rows) ^ want)
for m in rows.values():
    med, q1, q3, lo, hi = map(float, m.groups()[6:11])
    assert lo <= q1 <= med <= q3 <= hi, m[0]
assert re.search(r"^observer: CPU \d+ us per frame", text, re.M), text
# The observer's cost at 64 and 256 processes, per process, said met or not.
for n, chans in (("64", "8"), ("256", "32")):
    assert re.search(r"^observer %s: %s processes, %s channels: CPU \d+ us "
                     r"per frame, \d+\.\d\d us per process per frame "
                     r"\(median of 1; range [\d.]+-[\d.]+; load [\d.]+-[\d.]+\): "
                     r"target <= 5 us (met|NOT met)$" % (n, n, chans),
                     text, re.M), text
# Following a program: the processes and channels found, pace, CPU.
assert re.search(r"^follow 8: 8 processes, 3 channels: \d+ frames in [\d.]+ s "
                 r"\([\d.]+ Hz of 20\), frame \d+ us mean, \d+ us max; CPU "
                 r"[\d.]+ % of one core over the run, ([\d.]+ %|not reached) "
                 r"steady \(load [\d.]+\)$", text, re.M), text
EOF
then
	pass "make bench prints median, IQR and range per placement"
	# A follow run that ended before the tree had all started is run
	# again, longer (bench/follow.py): never silently.
	grep -A3 "processes found in" "$TEST_TMP/bench.out" |
	    sed 's/^/note: bench ran again: /'
else
	fail "make bench's report: $(cat "$TEST_TMP/bench.out")"
fi

# 2. IPCSCOPE_BENCH_PIN: worker i on CPU i mod n of those allowed, the
#    observer left alone; under one CPU, everything on it.
pins() {
	# pins [PREFIX...]: "observer writer reader" CPU lists, read while
	# pipe-fill runs (its writer blocks, its reader waits to start).
	"$PY" - "$IPCSCOPE" "$@" <<'EOF'
import json, os, subprocess, sys
def cpus(pid):
    for l in open("/proc/%d/status" % pid):
        if l.startswith("Cpus_allowed_list:"):
            return l.split()[1]
cmd = sys.argv[2:] + [sys.argv[1], "--headless", "--duration", "2",
                      "--interval", "100", "pipe-fill"]
env = dict(os.environ, IPCSCOPE_BENCH_PIN="1")
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, text=True)
got = None
# A worker pins itself after fork, before its first call: read the
# placement at the last sample of the run that shows the writer blocked
# (past its first call), not at the first, which may precede the pin.
for l in p.stdout:
    r = json.loads(l)
    if r["type"] == "sample":
        procs = {q["name"]: q for q in r["procs"]}
        if procs["writer"]["state"] == "blocked" and procs["reader"]["pid"]:
            try:
                got = "%s %s %s" % (cpus(p.pid), cpus(procs["writer"]["pid"]),
                                    cpus(procs["reader"]["pid"]))
            except OSError:
                pass
p.wait()
print(got)
EOF
}
allowed=$("$PY" -c '
import os
c = sorted(os.sched_getaffinity(0))
print("%d %d %d" % (c[0], c[1 % len(c)], c[-1]))')
set -- $allowed
first=$1 second=$2
all=$(grep Cpus_allowed_list /proc/self/status | awk '{ print $2 }')
got=$(pins)
[ "$got" = "$all $first $second" ] &&
	pass "IPCSCOPE_BENCH_PIN: writer on $first, reader on $second" ||
	fail "IPCSCOPE_BENCH_PIN: observer writer reader on $got, want $all $first $second"
got=$(pins taskset -c "$first")
[ "$got" = "$first $first $first" ] &&
	pass "under taskset -c $first every process stays on $first" ||
	fail "under taskset -c $first: observer writer reader on $got"

# 3. plain-xfer -p: its writer and reader placed by the same rule.
if "$PY" - "$PLAIN" "$first" "$second" <<'EOF'
import os, signal, subprocess, sys, time
def cpus(pid):
    for l in open("/proc/%d/status" % pid):
        if l.startswith("Cpus_allowed_list:"):
            return l.split()[1]
p = subprocess.Popen([sys.argv[1], "-p", "pipe", str(1 << 50), "4096"],
                     stdout=subprocess.DEVNULL)
kids = []
try:
    for _ in range(100):
        with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
            kids = [int(k) for k in f.read().split()]
        if len(kids) == 2:
            break
        time.sleep(0.05)
    assert len(kids) == 2, kids
    # Each child pins itself after fork: wait (5 s at most) for the
    # placement, as a busy machine may show a child before it has run.
    want = sorted(sys.argv[2:4])
    for _ in range(100):
        got = sorted(cpus(k) for k in kids)
        if got == want:
            break
        time.sleep(0.05)
    assert got == want, got
finally:
    for k in kids + [p.pid]:
        os.kill(k, signal.SIGKILL)
    p.wait()
EOF
then
	pass "plain-xfer -p: writer on $first, reader on $second"
else
	fail "plain-xfer -p does not place its processes as ipcscope's"
fi

# 4. The instruction count, where valgrind can run the binary (not under
#    the sanitizers): a number per side.
if ! command -v valgrind >/dev/null 2>&1; then
	echo "skip: no valgrind, bench/instr.py not run"
elif ldd "$IPCSCOPE" | grep -q libasan; then
	echo "skip: a sanitizer build, bench/instr.py not run under valgrind"
else
	out=$(IPCSCOPE="$IPCSCOPE" PLAIN="$PLAIN" "$PY" "$top/bench/instr.py")
	echo "$out" | grep -Eq '^instructions per 4 KiB pipe message \(callgrind, user space\): ipcscope writer [0-9]+, reader [0-9]+; plain-xfer writer [0-9]+, reader [0-9]+$' &&
		pass "bench/instr.py: $out" ||
		fail "bench/instr.py: $out"
fi
finish
