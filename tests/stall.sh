#!/bin/sh
# Stall detection: a pool left waiting on a queue without enough end
# markers is reported within seconds, naming the two waiting workers; the
# fixed pool, and a pipe that only waits for a late reader, are not; a
# cycle of full pipes is reported as a deadlock of every process.
. "$TESTLIB"

# Each run is a part of its own: they run side by side.
bug() {
	out="$TEST_TMP/out.jsonl"
	# The stall comes near 1.5 s (later on a busy machine); a few samples
	# after it, the run has shown what it must.
	"$IPCSCOPE" --headless --duration 60 pool-sentinel-bug >"$out" &  # stop_run ends it
	pid=$!
	wait_for 8 grep -q '"what":"stall"' "$out" || fail "pool-sentinel-bug: no stall in 8 s"
	sleep 0.5
	stop_run "$pid"
	python - "$out" <<'PY' || fail "pool-sentinel-bug stall event"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
st = [l for l in lines if l["type"] == "event" and l["what"] == "stall"]
assert len(st) == 1, st
ev = st[0]
assert ev["t"] < 8, ev          # within a few seconds (near 1.5 s, later when busy)
assert ev["channels"] == ["tasks"], ev
assert len(ev["procs"]) == 2 and all(p.startswith("worker-") for p in ev["procs"]), ev
assert "1 end marker for 3 readers" in ev["detail"], ev
# The two named are exactly the ones the kernel shows blocked in mq_timedreceive.
last = [l for l in lines if l["type"] == "sample"][-1]
blocked = sorted(p["name"] for p in last["procs"] if p["state"] == "blocked")
assert blocked == sorted(ev["procs"]), (blocked, ev)
for p in last["procs"]:
    if p["name"] in ev["procs"]:
        assert p["op"] == "recv" and p["channel"] == "tasks" and p["syscall"] == SYS("mq_timedreceive"), p
done = [p["name"] for p in last["procs"] if p["state"] == "done"]
assert len(done) == 2 and "producer" in done, done
PY
	pass "pool-sentinel-bug: the stall names the two waiting workers"
}

fixed() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 9 pool-sentinel-fixed >"$out" ||
		die "pool-sentinel-fixed exited $?"
	grep -q '"what":"stall"' "$out" && fail "pool-sentinel-fixed reported a stall"
	tail -n 1 "$out" | grep -q '"reason":"done"' ||
		fail "pool-sentinel-fixed did not end: $(tail -n 1 "$out")"
	pass "pool-sentinel-fixed: no stall, everybody exits"
}

late_reader() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 3.5 pipe-fill >"$out" || die "pipe-fill exited $?"
	grep -q '"what":"stall"' "$out" &&
		fail "pipe-fill reported a stall while its reader only waits to start"
	pass "a writer blocked 3 s on a late reader is no stall"
}

deadlock() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 60 "$TESTDATA/run-deadlock.ini" >"$out" &  # stop_run ends it
	pid=$!
	wait_for 8 grep -q '"what":"stall"' "$out" || fail "deadlock: no stall in 8 s"
	stop_run "$pid"
	python - "$out" <<'PY' || fail "deadlock stall event"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
st = [l for l in lines if l["type"] == "event" and l["what"] == "stall"]
assert len(st) == 1, st
assert sorted(st[0]["procs"]) == ["feeder", "r1", "r2"], st
assert sorted(st[0]["channels"]) == ["x", "y"], st
assert "every live process is blocked" in st[0]["detail"], st
PY
	pass "a cycle of full pipes is reported as a deadlock"
}

# The TUI shows the banner.
banner() {
	unset TMUX
	TEST_TMUX_SOCK="ipcscope-stall-$$-$TEST_PART"
	"${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" -f /dev/null new-session -d -s s -x 80 -y 24 \
	    "env TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $IPCSCOPE pool-sentinel-bug; sleep 30"
	wait_for 10 sh -c "${TMUX_BIN:-tmux} -L $TEST_TMUX_SOCK capture-pane -p -t s | grep -q 'STALLED'" ||
		fail "no STALLED banner: $("${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" capture-pane -p -t s)"
	"${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" capture-pane -p -t s | grep -q "wait in recv on tasks" ||
		fail "the banner does not say who waits for what"
	"${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" send-keys -t s q
	pass "the TUI shows the STALLED banner"
}

part bug bug
part fixed fixed
part late-reader late_reader
part deadlock deadlock
if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	part banner banner
fi
finish
