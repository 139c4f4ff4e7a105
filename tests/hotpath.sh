#!/bin/sh
# hotpath.sh: a worker's per-message path reads no clock. It marks each
# call with a number (telemetry.h) and the observer times the call from
# the tick that first sees that number: the blocked time shown is then
# up to a tick short, never longer than the run, and it grows with the
# observer's clock.
. "$TESTLIB"

PY=${PYTHON3:-python3}
shim=$(dirname "$IPCSCOPE")/tests/clockcount.so
[ -f "$shim" ] || die "no $shim (make check builds it)"
MSGS=20000

# 1. Clock reads per process while 20000 messages of 4 KiB go through a
#    pipe as fast as they can: a fixed few per worker, not one per call.
cat >"$TEST_TMP/hot.ini" <<EOF
[scenario]
title = hot path
duration = 60s

[channel c]
type = pipe

[process writer]
role = producer
to = c
size = 4K
count = $MSGS

[process reader]
role = consumer
from = c
EOF
counts="$TEST_TMP/counts"
head -c 4096 /dev/zero >"$counts"	# clockcount.c: 256 records of 16 bytes
CLOCKCOUNT_FILE="$counts" LD_PRELOAD="$shim" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
    "$IPCSCOPE" --headless --interval 60000 "$TEST_TMP/hot.ini" \
    >"$TEST_TMP/hot.jsonl" || die "the run failed: $?"
rm -f "$TEST_TMP/hot.ini"
if "$PY" - "$TEST_TMP/hot.jsonl" "$counts" "$MSGS" <<'EOF'
import json, struct, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
raw = open(sys.argv[2], "rb").read()
msgs = int(sys.argv[3])
reads = {}
for i in range(0, len(raw), 16):
    pid, n = struct.unpack("=qQ", raw[i:i + 16])
    if pid:
        reads[pid] = n
pids = {}
for r in lines:
    if r["type"] == "event" and r["what"] == "start":
        pids[r["proc"]] = int(r["detail"].split()[1])
    if r["type"] == "event" and r["what"] == "exit":
        assert r["detail"] == "exit 0", r
assert set(pids) == {"writer", "reader"}, pids
last = [r for r in lines if r["type"] == "sample"][-1]
moved = {p["name"]: (p["msgs_out"], p["msgs_in"]) for p in last["procs"]}
assert moved == {"writer": (msgs, 0), "reader": (0, msgs)}, moved
# The counter works: the observer reads the clock every tick.
observer = [n for pid, n in reads.items() if pid not in pids.values()]
assert observer and max(observer) >= 2, reads
for name, pid in pids.items():
    n = reads.get(pid, 0)
    print("%s: %d clock reads for %d messages" % (name, n, msgs))
    assert n < 100, "%s read the clock %d times for %d messages" % (
        name, n, msgs)
EOF
then
	pass "workers read no clock per message"
else
	fail "a worker reads the clock per message"
fi

# 2. What the observer makes of it: a writer blocked on a full pipe from
#    its first milliseconds (nobody reads for 2 s) shows a blocked time that is
#    never longer than the run so far, lags it by no more than its start
#    plus a tick (1 s allowed on a busy machine), and grows exactly with
#    the samples' clock (one call, timed once).
cat >"$TEST_TMP/block.ini" <<EOF
[scenario]
title = blocked from the start
duration = 2.5s

[channel c]
type = pipe

[process writer]
role = producer
to = c
size = 4K

[process reader]
role = consumer
from = c
start = 2s
EOF
"$IPCSCOPE" --headless --interval 100 "$TEST_TMP/block.ini" \
    >"$TEST_TMP/block.jsonl" || die "the blocked run failed: $?"
rm -f "$TEST_TMP/block.ini"
if "$PY" - "$TEST_TMP/block.jsonl" <<'EOF'
import json, sys
seen = []
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] != "sample" or r["t"] > 1.9:
        continue
    w = [p for p in r["procs"] if p["name"] == "writer"][0]
    if w["state"] == "blocked":
        assert w["op"] == "write" and w["channel"] == "c", w
        seen.append((r["t"], w["blocked_s"]))
assert len(seen) >= 10, seen
t1, b1 = seen[0]
for t, b in seen:
    assert b <= t + 0.001, ("blocked longer than the run", t, b)
    assert t - b <= 1.0, ("blocked time lags the run", t, b)
    assert abs((b - b1) - (t - t1)) <= 0.002, ("not one call", seen)
print("blocked_s at t: %s" % " ".join("%.2f@%.2f" % (b, t) for t, b in seen))
EOF
then
	pass "blocked_s is timed by the observer and follows the run"
else
	fail "blocked_s does not follow the run"
fi
# 3. The buffer a worker hands the kernel starts on a page (worker.c:
#    WORKER_BUF_ALIGN; copies from 16 bytes past a cache line were up to
#    twice as slow), for writing and for reading: read from the kernel's
#    own record of the blocked call, /proc/PID/syscall (its second
#    argument is the buffer).
cat >"$TEST_TMP/align.ini" <<EOF
[scenario]
title = buffers
duration = 2.5s

[channel full]
type = pipe

[channel empty]
type = pipe

[process writer]
role = producer
to = full
size = 4K

[process late-reader]
role = consumer
from = full
start = 2s

[process late-writer]
role = producer
to = empty
size = 4K
start = 2s

[process reader]
role = consumer
from = empty
EOF
if "$PY" - "$IPCSCOPE" "$TEST_TMP/align.ini" <<'EOF'
import json, subprocess, sys
p = subprocess.Popen([sys.argv[1], "--headless", "--interval", "100",
                      sys.argv[2]], stdout=subprocess.PIPE, text=True)
addr = {}
for l in p.stdout:
    r = json.loads(l)
    if r["type"] != "sample" or addr or r["t"] > 1.5:
        continue
    procs = {q["name"]: q for q in r["procs"]}
    if all(procs[n]["state"] == "blocked" for n in ("writer", "reader")):
        for n in ("writer", "reader"):
            f = open("/proc/%d/syscall" % procs[n]["pid"]).read().split()
            addr[n] = int(f[2], 16)
p.wait()
assert addr, "never saw both blocked"
for n, a in addr.items():
    print("%s: buffer at %#x" % (n, a))
    assert a % 4096 == 0, (n, hex(a))
EOF
then
	pass "workers' buffers start on a page"
else
	fail "a worker's buffer is not page-aligned"
fi
rm -f "$TEST_TMP/align.ini"
finish
