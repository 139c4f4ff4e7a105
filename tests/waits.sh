#!/bin/sh
# Who waits for whom: the waits of JSON Lines against /proc, and key w in
# a real terminal.
#
# Headless, once the run has stalled: the processes in "waits" are exactly
# the live workers the kernel shows asleep in the channel's system call
# (tests/sysno names it), each on the object its servers hold: for a pipe
# the servers are exactly the other processes holding its read end
# (/proc/PID/fd and fdinfo, read without opening the pipe); for the pool
# with one end marker nobody but the waiters holds the queue, and its
# servers are empty. In tmux, on each back end: w opens the picture at
# 80x24 and in --big at 100x30, with the waiters, the call, the channel
# and why nobody serves them on one line; Esc closes it; the cycle of
# relays, in ASCII, marked, and w on a frozen display.
. "$TESTLIB"

# check_procs JSONL SYSCALL: the last sample's waits against /proc.
check_procs() {
	python - "$1" "$2" <<'PY'
import json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
want_nr = int(os.environ["SYS_" + sys.argv[2]])
s = [l for l in lines if l["type"] == "sample"][-1]
pids = {p["name"]: p["pid"] for p in s["procs"]}
live = {p["name"] for p in s["procs"] if p["state"] not in ("done", "failed")}

def alive(pid):
    try:
        return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def syscall(pid):
    f = open("/proc/%d/syscall" % pid).read().split()
    return int(f[0]) if f[0].lstrip("-").isdigit() else -1, int(f[1], 16) if len(f) > 1 else -1

def state(pid):
    return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0]

def fds(pid):
    """{fd: (object, access mode)} of the run's channel ends (200 and up)."""
    out = {}
    for fd in os.listdir("/proc/%d/fd" % pid):
        if int(fd) < 200:
            continue
        obj = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        flags = [l for l in open("/proc/%d/fdinfo/%s" % (pid, fd)) if l.startswith("flags:")]
        out[int(fd)] = (obj, int(flags[0].split()[1], 8) & 3)
    return out

# The kernel's sleepers in the call, among the live workers.
asleep = {}
for n in live:
    assert alive(pids[n]), (n, "in the sample as live, gone from /proc")
    nr, arg0 = syscall(pids[n])
    if nr == want_nr and state(pids[n]) in "SD":
        asleep[n] = fds(pids[n])[arg0][0]
waits = {w["proc"]: w for w in s["waits"]}
assert all(w["thread"] is None for w in s["waits"]), s["waits"]
assert sorted(waits) == sorted(asleep), ("waits", sorted(waits), "kernel", sorted(asleep))
for n, w in waits.items():
    # The servers: the other live workers holding the same object, for
    # a write the read end only (a pipe's ends tell by their mode).
    holders = set()
    for m in live:
        if m == n:
            continue
        for obj, acc in fds(pids[m]).values():
            if obj == asleep[n] and (w["op"] != "write" or acc == os.O_RDONLY):
                holders.add(m)
    if w["op"] == "write":
        assert sorted(w["servers"]) == sorted(holders), (n, w, holders)
    else:
        # A queue's ends are read-write: the holders are the other waiters
        # themselves, asleep receiving; nobody left could send.
        assert holders <= set(asleep), (n, holders)
        assert w["servers"] == [], w
print("ok", {n: w["servers"] for n, w in waits.items()})
PY
}

# A run that has stalled, checked while it still runs.
stalled_run() {
	out="$TEST_TMP/out.jsonl"
	# --duration: the run outlasts the checks on a busy machine; stop_run
	# ends it.
	"$IPCSCOPE" --headless --interval 200 --duration 60 "$1" >"$out" &
	pid=$!
	wait_for 8 grep -q '"what":"stall"' "$out" || fail "$1: no stall in 8 s"
	# A sample after the stall: the waits as they stay.
	n=$(wc -l <"$out")
	wait_for 3 sh -c "[ \$(wc -l <'$out') -gt $n ]" || fail "$1: no sample after the stall"
	check_procs "$out" "$2" || fail "$1: waits against /proc"
	stop_run "$pid"
}

pool() {
	stalled_run pool-sentinel-bug mq_timedreceive
	python - "$TEST_TMP/out.jsonl" <<'PY' || fail "pool-sentinel-bug waits"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
s = [l for l in s if l["type"] == "sample"][-1]
w = s["waits"]
assert [x["proc"] for x in w] == [p["name"] for p in s["procs"] if p["state"] == "blocked"], w
assert len(w) == 2 and all(x["op"] == "recv" and x["channel"] == "tasks" and
    x["servers"] == [] for x in w), w
PY
	pass "pool-sentinel-bug: the two waiters the kernel shows, nobody to serve them"
}

deadlock() {
	stalled_run "$TESTDATA/run-deadlock.ini" write
	python - "$TEST_TMP/out.jsonl" <<'PY' || fail "deadlock waits"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
s = [l for l in s if l["type"] == "sample"][-1]
w = {x["proc"]: (x["op"], x["channel"], x["servers"]) for x in s["waits"]}
assert w == {"feeder": ("write", "x", ["r2"]), "r1": ("write", "x", ["r2"]),
    "r2": ("write", "y", ["r1"])}, w
PY
	pass "a cycle of full pipes: each waits on the holder of the other end"
}

# Nothing blocked, nothing listed: a sample's waits is there, and empty.
free_run() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 0.3 --interval 100 file-spool >"$out" ||
		fail "file-spool exited $?"
	python - "$out" <<'PY' || fail "file-spool waits"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
s = [l for l in s if l["type"] == "sample"]
assert s and all(l["waits"] == [] for l in s), s[-1]
PY
	pass "nobody blocks in file-spool: every sample has empty waits"
}

part pool pool
part deadlock deadlock
part free free_run

if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	. "$(dirname "$TESTLIB")/tmux.sh"
fi

# The picture's line of the two waiters, then Esc closes it.
tui() {
	UI=$1
	launch "$2" "$3" "" "$4 pool-sentinel-bug"
	wait_for 8 screen_has "STALLED" || die "$UI $4: no stall: $(screen)"
	t send-keys -t ipc w
	wait_for 3 screen_has "who waits for whom" || die "$UI $4: w showed nothing: $(screen)"
	s=$(screen)
	echo "$s"
	# Which worker took the one end marker is the scheduler's choice.
	w2='worker-[123], worker-[123]'
	echo "$s" | grep -q "STALL.*$w2.*recv.*tasks.*(no writer left: producer done)" ||
		fail "$UI $2x$3 $4: no line 'worker-N, worker-M recv tasks (no writer left: producer done)'"
	echo "$s" | grep -q "Nobody left can serve $w2: they can never go on" ||
		fail "$UI $2x$3 $4: the stall not said in words"
	echo "$s" | grep -q "not blocked: producer done, worker-[123] done" ||
		fail "$UI $2x$3 $4: who does not wait"
	[ "$(echo "$s" | wc -L)" -le "$2" ] || fail "$UI $2x$3 $4: wider than $2 columns"
	t send-keys -t ipc Escape
	wait_for 3 screen_lacks "who waits for whom" || fail "$UI $4: Esc did not close it"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "$UI $4: q did not exit 0: $(screen)"
	pass "$UI $2x$3 $4: w shows who waits for whom, Esc closes it"
}

# A deadlock: the two relays on a cycle, the feeder stuck behind them;
# in ASCII, the picture too.
tui_cycle() {
	UI=$1
	launch 80 24 "" "--ascii $TESTDATA/run-deadlock.ini"
	wait_for 8 screen_has "STALLED" || die "$UI: no deadlock: $(screen)"
	t send-keys -t ipc w
	wait_for 3 screen_has "who waits for whom" || die "$UI: w showed nothing: $(screen)"
	s=$(screen)
	echo "$s"
	echo "$s" | grep -q "CYCLE.*r1.*write.*x.*r2 (blocked)" || fail "$UI: r1's line"
	echo "$s" | grep -q "CYCLE.*r2.*write.*y.*r1 (blocked)" || fail "$UI: r2's line"
	echo "$s" | grep -q "STUCK.*feeder.*write.*x.*r2 (blocked)" || fail "$UI: feeder's line"
	echo "$s" | grep -q "r1, r2 wait on each other: none of them can move (a deadlock)" ||
		fail "$UI: the cycle not said in words"
	echo "$s" | LC_ALL=C grep -q '[^ -~]' && fail "$UI: non-ASCII with --ascii"
	# Frozen, the picture stays (the snapshot's) and w closes it there.
	t send-keys -t ipc f
	wait_for 3 screen_has "frozen; w or esc to close" || fail "$UI: f under w: $(screen)"
	screen_has "CYCLE.*r1.*write.*x" || fail "$UI: the snapshot's picture: $(screen)"
	t send-keys -t ipc w
	wait_for 3 screen_lacks "who waits for whom" || fail "$UI: w did not close it"
	screen_has "FROZEN" || fail "$UI: w left the frozen display: $(screen)"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "$UI: q did not exit 0: $(screen)"
	pass "$UI 80x24 --ascii: w marks the cycle and who is stuck behind it, frozen too"
}

if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	for ui in $(tmux_uis); do
		part "$ui-cycle" tui_cycle "$ui"
		part "$ui-80x24" tui "$ui" 80 24 ""
		part "$ui-big" tui "$ui" 100 30 "--big"
	done
fi
finish
