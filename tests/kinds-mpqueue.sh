#!/bin/sh
# The mpqueue kind, Python's multiprocessing.Queue: put() returns while the
# feeder thread is blocked writing into the full pipe (and the kernel says
# so for that thread); at exit the producer hangs joining its feeder until
# a consumer drains; maxsize blocks put at exactly maxsize items; a
# JoinableQueue's producer waits in join until the last task_done; SIGINT
# leaves nothing behind.
. "$TESTLIB"

# Each check is a part: they run side by side, each in its own TMPDIR.

# The two keys: mpqueue only, and checked, with FILE:LINE.
keys() {
	out="$TEST_TMP/out.jsonl"
	bad="$TESTDATA/bad-mpqueue.ini"
	"$IPCSCOPE" --validate "$bad" >"$out" 2>&1 && fail "bad-mpqueue.ini validated"
	for want in \
	    "$bad:7: 'maxsize' applies only to mpqueue channels (it counts a queue's items); for a pipe use 'capacity'" \
	    "$bad:8: 'joinable' applies only to mpqueue channels (task_done and join)" \
	    "$bad:12: maxsize 0 is out of range; give 1 to 32767 items, or leave it out for no bound" \
	    "$bad:13: joinable must be yes or no, not 'maybe'"; do
		grep -qxF "$want" "$out" || fail "missing: $want; got: $(cat "$out")"
	done
	pass "maxsize and joinable are checked"
}

# put() returns while the feeder is blocked: the producer goes on putting
# (thinking between puts) with its thread blocked in write on a full pipe.
think() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 --duration 3 "$TESTDATA/run-mpqueue-think.ini" >"$out" ||
		die "run-mpqueue-think exited $?"
	python - "$out" <<'PY' || fail "put returns while the feeder is blocked"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
seen = []
for s in samples:
    q = s["channels"][0]
    p = s["procs"][0]
    t = p["thread"]
    if t is None or t["state"] != "blocked":
        continue
    assert t["name"] == "feeder" and t["op"] == "write" and t["channel"] == "q", t
    if p["state"] in ("running", "waiting") and q["fill"] == q["capacity"]:
        seen.append((s["t"], p["msgs_out"], q["buffered_items"], q["buffered_bytes"]))
assert len(seen) >= 5, seen
# The producer kept putting: msgs_out grew while the feeder stayed blocked,
# and the local buffer grew with it (one item in flight, 4-byte headers).
assert seen[-1][1] > seen[0][1] + 5, seen
# The producer's count is read before the queue's buffer, not at one
# instant: a put between the two readings shows as one item more.
for t, out, items, nbytes in seen:
    assert out - 1 <= items <= out, (t, out, items)
    assert nbytes == items * (65536 + 4), (t, items, nbytes)
PY
	pass "put() returns while the feeder is blocked in write on the full pipe"
}

# The kernel agrees, looked at from here: one thread of the producer sleeps
# in write(2) on the queue's write end (descriptor 201), the main thread in
# futex (the join at exit), from its last put (32 at 16/s: about 2 s) until
# the consumer starts at 3 s.
feeder() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 --duration 10 mpqueue-feeder >"$out" &
	pid=$!
	wait_for 5 sh -c "pgrep -P $pid | wc -l | grep -q 2" || die "mpqueue-feeder did not start"
	wait_for 5 grep -q '"state":"blocked","op":"join"' "$out" ||
		fail "the producer was never seen in join: $(tail -n 1 "$out")"
	prod=""
	for k in $(children_of "$pid"); do
		[ "$(cat /proc/$k/comm 2>/dev/null)" = producer ] && prod=$k
	done
	[ -n "$prod" ] || die "no producer process"
	writes=0
	for task in /proc/$prod/task/*; do
		case "$(cat "$task/syscall" 2>/dev/null)" in
		"$SYS_write 0xc9 "*) writes=$((writes + 1)) ;;
		esac
	done
	[ "$writes" -eq 1 ] || fail "expected one task of the producer in write(201): $(cat /proc/$prod/task/*/syscall)"
	case "$(cat /proc/$prod/syscall)" in
	"$SYS_futex "*) ;;
	*) fail "the producer's main thread is not in futex: $(cat /proc/$prod/syscall)" ;;
	esac
	wait "$pid" || fail "mpqueue-feeder exited $?"
	python - "$out" <<'PY' || fail "mpqueue-feeder: the producer hangs at exit until the consumer drains"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
ev = {(l["proc"], l["what"]): l["t"] for l in lines if l["type"] == "event"}
# While it puts (16 a second), the producer runs: its puts return, while
# its feeder is blocked writing into the full pipe.
putting = [s for s in samples if 0.4 <= s["t"] <= 1.6]
assert putting
for s in putting:
    q, p = s["channels"][0], s["procs"][0]
    assert p["state"] in ("waiting", "running"), p
    assert 0 < p["msgs_out"] < 32, p
    assert p["thread"]["state"] == "blocked" and p["thread"]["op"] == "write", p
    assert q["fill"] == q["capacity"] == 65536, q
    # the item being written left the buffer; a put may land between reads
    assert p["msgs_out"] - 1 <= q["buffered_items"] <= p["msgs_out"], (q, p)
# From its last put (about 2 s; later if the machine is busy) until the
# consumer starts at 3 s, the producer hangs in join at exit.
early = [s for s in samples if 2.0 <= s["t"] <= 2.9 and s["procs"][0]["op"] == "join"]
assert len(early) >= 2, [s["procs"][0] for s in samples if 2.0 <= s["t"] <= 2.9]
for s in early:
    q, p, c = s["channels"][0], s["procs"][0], s["procs"][1]
    assert p["msgs_out"] == 32, p
    assert p["state"] == "blocked" and p["op"] == "join" and p["channel"] == "q", p
    assert p["syscall"] == SYS("futex"), p
    assert p["thread"]["state"] == "blocked" and p["thread"]["op"] == "write", p
    assert q["fill"] == q["capacity"] == 65536, q
    assert q["buffered_items"] == 31, q
    assert c["state"] == "waiting", c
# It could exit only after the consumer, which starts at 3 s, had drained.
assert ev[("producer", "exit")] >= 3.0, ev
last = samples[-1]
assert last["procs"][1]["msgs_in"] == 32 and last["procs"][1]["lost"] == 0, last
assert last["procs"][0]["thread"]["state"] == "done", last
PY
	pass "mpqueue-feeder: the producer hangs joining its feeder until the consumer drains"
}

# maxsize = 3: put blocks with exactly 3 items in the queue, tiny as they are.
bounded() {
	out="$TEST_TMP/out.jsonl"
	# The consumer takes its 12th item at about 5.75 s.
	"$IPCSCOPE" --headless --interval 100 --duration 8 bounded-queue >"$out" ||
		die "bounded-queue exited $?"
	python - "$out" <<'PY' || fail "bounded-queue blocks at maxsize"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
blocked = 0
for s in samples:
    q, p, c = s["channels"][0], s["procs"][0], s["procs"][1]
    # Never more than maxsize items between put and get (and one more
    # while the consumer is inside get: taken, not counted yet).
    inside = c["state"] == "running" and c["op"] == "get"
    assert p["msgs_out"] - c["msgs_in"] <= 3 + inside, s
    if 0.5 <= s["t"] <= 2.8:
        assert p["state"] == "blocked" and p["op"] == "put", p
        assert p["syscall"] == SYS("futex"), p
        assert p["msgs_out"] == 3 and c["msgs_in"] == 0, s
        assert q["fill"] == 3 * (64 + 4) and q["buffered_items"] == 0, q
        blocked += 1
assert blocked >= 5, blocked    # 24 at 100 ms; a busy machine skips some
assert samples[-1]["procs"][1]["msgs_in"] == 12, samples[-1]
PY
	pass "bounded-queue: put blocks at exactly maxsize items"
}

# joinable: the producer waits in join until the last task_done.
joinable() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 --duration 6 joinable-queue >"$out" ||
		die "joinable-queue exited $?"
	python - "$out" <<'PY' || fail "joinable-queue join"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
ev = {(l["proc"], l["what"]): l["t"] for l in lines if l["type"] == "event"}
n = 0
for s in samples:
    p, c = s["procs"][0], s["procs"][1]
    if s["t"] >= 0.3 and c["msgs_in"] < 7:
        assert p["state"] == "blocked" and p["op"] == "join", s
        assert p["msgs_out"] == 8 and p["syscall"] == SYS("futex"), p
        n += 1
assert n >= 5, n    # about 30 at 100 ms
# 8 items at 2 a second: the last task_done comes after 3.5 s.
assert ev[("producer", "exit")] >= 3.3, ev
assert samples[-1]["procs"][1]["msgs_in"] == 8, samples[-1]
PY
	pass "joinable-queue: the producer is blocked in join until the last task_done"
}

# SIGINT while the producer hangs at exit: nothing is left behind.
interrupted() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 mpqueue-feeder >"$out" 2>&1 &
	pid=$!
	wait_for 5 sh -c "pgrep -P $pid | wc -l | grep -q 2" || die "mpqueue-feeder did not start"
	sleep 1
	kids=$(children_of "$pid")
	kill -s INT "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, want 130"
	tail -n 1 "$out" | grep -q '"reason":"interrupted"' || fail "SIGINT: no end record: $(tail -n 1 "$out")"
	wait_for 5 all_gone "$kids" || fail "SIGINT: children left: $kids"
	left=$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')
	[ -z "$left" ] || fail "SIGINT: left in TMPDIR: $left"
	pass "SIGINT leaves nothing behind"
}

part keys keys
part think think
part feeder feeder
part bounded bounded
part joinable joinable
part interrupted interrupted
finish
