#!/bin/sh
# The observer's cheap paths keep the truth: a worker stopped from outside
# is paused at once (its parent is told), one stopped by a tracer is
# paused within the full reading's period and stays so (a tracer's stop is
# told to nobody but the tracer), and both are blocked again once they
# sleep in their call anew. The writer blocks on a full pipe nobody reads.
. "$TESTLIB"

cat >"$TEST_TMP/stuck.ini" <<'EOF'
[scenario]
title = a writer stuck on a full pipe
duration = 14s
[channel pipe]
type = pipe
[process writer]
role = producer
to = pipe
size = 4K
total = 2M
[process reader]
role = consumer
from = pipe
start = 13s
EOF

# watch HOW: play stuck.ini; once the writer is blocked, stop it HOW
# (sigstop: SIGSTOP then SIGCONT; tracer: PTRACE_ATTACH then DETACH) and
# follow its state in the samples.
watch() {
	python - "$IPCSCOPE" "$TEST_ROOT/stuck.ini" "$1" <<'PY'
import ctypes, json, os, signal, subprocess, sys, time
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen, how = sys.argv[1:4]
p = subprocess.Popen([ipc, "--headless", "--interval", "100", scen],
                     stdout=subprocess.PIPE, text=True)
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p,
                        ctypes.c_void_p]
ATTACH, DETACH, WALL = 16, 17, 0x40000000

def writer():
    for line in p.stdout:
        r = json.loads(line)
        if r["type"] == "sample":
            w = [q for q in r["procs"] if q["name"] == "writer"][0]
            return r["t"], w
    sys.exit("the run ended early")

def until(what, limit, ok):
    """The first sample within limit seconds whose writer passes ok."""
    t0 = None
    while True:
        t, w = writer()
        t0 = t if t0 is None else t0
        if ok(w):
            return t, w
        if t - t0 > limit:
            sys.exit("%s: not within %.1f s: %s" % (what, limit, w))

def blocked(w):
    return (w["state"] == "blocked" and w["kstate"] == "S" and
            w["syscall"] == SYS("write") and w["wchan"] is not None)

traced = None
try:
    t, w = until("blocked at first", 5, blocked)
    pid = w["pid"]
    # Blocked at every tick from here: the cached confirmation.
    for _ in range(10):
        t, w = writer()
        assert blocked(w), w
    if how == "sigstop":
        os.kill(pid, signal.SIGSTOP)
        until("paused by SIGSTOP", 2,
              lambda w: w["state"] == "paused" and w["kstate"] == "T")
        os.kill(pid, signal.SIGCONT)
        until("blocked after SIGCONT", 2, blocked)
    else:
        if libc.ptrace(ATTACH, pid, None, None) != 0:
            print("skip: PTRACE_ATTACH: %s" % os.strerror(ctypes.get_errno()))
            sys.exit(0)
        traced = pid
        os.waitpid(pid, WALL)
        # Seen by the full reading, at most 2 s later (and a busy
        # machine's delay); then read at every tick: paused it stays.
        t, w = until("paused by a tracer", 4,
                     lambda w: w["state"] == "paused" and w["kstate"] == "t")
        for _ in range(10):
            t, w = writer()
            assert w["state"] == "paused" and w["kstate"] == "t", w
        libc.ptrace(DETACH, pid, None, None)
        traced = None
        until("blocked after the tracer left", 2, blocked)
finally:
    # A tracee's end is told to its tracer first: let it go, or
    # ipcscope would wait for it forever.
    if traced is not None:
        os.kill(traced, signal.SIGKILL)
        os.waitpid(traced, WALL)
    p.send_signal(signal.SIGINT)
    p.communicate()
PY
}

by_sigstop() {
	if out=$(watch sigstop 2>&1); then
		pass "a worker stopped by SIGSTOP is paused (T), then blocked again"
	else
		fail "SIGSTOP: $out"
	fi
}

by_tracer() {
	if ! out=$(watch tracer 2>&1); then
		fail "tracer: $out"
	elif [ -n "$out" ]; then
		echo "$out"
	else
		pass "a worker stopped by a tracer is paused (t) and stays so"
	fi
}

part sigstop by_sigstop
part tracer by_tracer
finish
