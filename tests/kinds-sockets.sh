#!/bin/sh
# The socket kinds (unix-dgram, tcp, udp) against the real kernel: the fill
# ipcscope shows is the kernel's own figure at that moment, a full
# unix-dgram or tcp channel blocks its sender in send(), udp never blocks
# and drops what the kernel counts, and ^C leaves nothing behind.
. "$TESTLIB"

# Each kind is a part: they run side by side, each in its own TMPDIR.

# Pid of a run's worker by name (PR_SET_NAME), once it exists.
worker_pid() {
	for _c in $(children_of "$1"); do
		if [ "$(cat "/proc/$_c/comm" 2>/dev/null)" = "$2" ]; then
			echo "$_c"
			return 0
		fi
	done
	return 1
}

# Inode of the socket a process holds at descriptor $2.
sock_ino() {
	readlink "/proc/$1/fd/$2" 2>/dev/null | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'
}

# --- unix-dgram -----------------------------------------------------------
# 100-byte datagrams, nobody reads for 2 s: the twin measurement in Python
# says how many the kernel takes before send() blocks (278 here); the
# channel must show exactly that many waiting, and the sender blocked in
# sendto(2) on its end.
unix_dgram() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/ud.ini" <<'INI'
[scenario]
title = unix-dgram fill
duration = 4s
[channel d]
type = unix-dgram
[process sender]
role = producer
to = d
size = 100
count = 600
[process receiver]
role = consumer
from = d
start = 2s
rate = 200/s
count = 600
INI
	"$IPCSCOPE" --headless --interval 100 --duration 3.5 --format jsonl \
	    "$TEST_TMP/ud.ini" >"$out" || die "unix-dgram run exited $?"
	python - "$out" <<'PY' || fail "unix-dgram fill and blocking"
import json, os, socket, sys
SYS = lambda name: int(os.environ["SYS_" + name])
# The kernel's answer, measured here on a socketpair of our own.
r, w = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
w.setblocking(False)
fits = 0
try:
    while True:
        w.send(b"x" * 100)
        fits += 1
except BlockingIOError:
    pass
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
full = [s for s in samples if 0.5 <= s["t"] <= 1.9]
assert len(full) >= 5, len(full)    # 15 at 100 ms; a busy machine skips some
for s in full:
    ch = s["channels"][0]
    snd = [p for p in s["procs"] if p["name"] == "sender"][0]
    assert ch["unit"] == "messages", ch
    assert ch["capacity"] == fits, (ch, fits)
    assert ch["fill"] == fits and ch["messages"] == fits, (ch, fits)
    assert ch["bytes"] == fits * 100, ch
    assert snd["msgs_out"] == fits, snd
    assert snd["state"] == "blocked" and snd["op"] == "send", snd
    assert snd["syscall"] == SYS("sendto") and snd["kstate"] == "S", snd
# While the receiver reads: what waits is what was sent and not received.
# The counters and the kernel are read a few microseconds apart, unless
# the observer is preempted in between (the receiver takes one every
# 5 ms): most samples agree to one, none by more than a few.
flow = [s for s in samples if 2.2 <= s["t"] <= 3.4]
assert flow
near = 0
for s in flow:
    ch = s["channels"][0]
    snd, rcv = s["procs"][0], s["procs"][1]
    if ch["fill"] is None:
        continue    # the sender is gone: unknown until the queue is empty
    d = abs(ch["fill"] - (snd["msgs_out"] - rcv["msgs_in"]))
    assert d <= 6, (d, s)
    near += d <= 1
    assert 0 <= ch["fill"] <= fits, ch
assert near >= len(flow) // 2, (near, len(flow))
print("unix-dgram: %d datagrams of 100 B fit, ipcscope showed %d" % (fits, full[0]["channels"][0]["fill"]))
PY
	pass "unix-dgram: fill is the kernel's count, the sender blocks in send when full"
}

# --- tcp ------------------------------------------------------------------
# tcp-loopback fixes 64 KiB buffers: 30 sends of 4 KiB complete. While the
# sender is blocked, ss reads the same queues: the receiver's Recv-Q plus
# the sender's Send-Q must be the fill shown.
tcp() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 --duration 2.5 --format jsonl \
	    tcp-loopback >"$out" &
	pid=$!
	wait_for 5 worker_pid "$pid" sender || die "tcp: no sender"
	spid=$(worker_pid "$pid" sender)
	rpid=$(worker_pid "$pid" receiver)
	# The sender is blocked from its 31st send until the receiver starts at
	# 3 s: look at 1 s of the run's own clock.
	wait_for 5 grep -q '"t":1\.' "$out" || die "tcp: no record at 1 s"
	# The sender's end is descriptor 201, the receiver's 200 (chan_fd).
	sino=$(sock_ino "$spid" 201)
	rino=$(sock_ino "$rpid" 200)
	ss -tnHe state established >"$TEST_TMP/ss.txt"
	wait "$pid" || fail "tcp run exited $?"
	python - "$out" "$TEST_TMP/ss.txt" "$sino" "$rino" <<'PY' || fail "tcp fill against ss"
import json, os, re, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
ss = open(sys.argv[2]).read().splitlines()
def queues(ino):
    for l in ss:
        if re.search(r"\bino:%s\b" % ino, l):
            f = l.split()
            return int(f[0]), int(f[1])
    raise SystemExit("socket %s not in ss: %s" % (ino, ss))
rq, _ = queues(sys.argv[4])
_, wq = queues(sys.argv[3])
samples = [l for l in lines if l["type"] == "sample"]
blocked = [s for s in samples if 0.8 <= s["t"] <= 2.4]
assert len(blocked) >= 5, len(blocked)    # 16 at 100 ms
for s in blocked:
    ch = s["channels"][0]
    snd = s["procs"][0]
    assert ch["capacity"] == 131072, ch        # 2 x 64 KiB as getsockopt says
    assert ch["fill"] == rq + wq, (ch, rq, wq)
    assert ch["fill"] == snd["bytes_out"] == 30 * 4096, (ch, snd)
    assert snd["state"] == "blocked" and snd["op"] == "send", snd
    assert snd["syscall"] == SYS("sendto"), snd
print("tcp: ss says Recv-Q %d + Send-Q %d = %d; ipcscope showed %d" % (rq, wq, rq + wq, blocked[0]["channels"][0]["fill"]))
PY
	pass "tcp: fill equals ss's Recv-Q + Send-Q; the sender blocks in send"
}

# --- udp ------------------------------------------------------------------
# udp-drop: the sender never blocks; the receiver starts at 1 s. While the
# queue is full, /proc/net/udp's rx_queue (memory) is the fill times the
# charge of one datagram; after the sender is done, its
# drops column is the channel's dropped and the receiver's lost.
udp() {
	out="$TEST_TMP/out.jsonl"
	# udp-drop with the receiver starting at 2 s, not 1 s: the queue stays
	# full long enough for this test's look at /proc/net/udp to fall
	# inside that window even when the machine is busy, and the sender
	# (3000 at 1000 a second) still sends once the receiver reads, so that
	# the receiver sees the gaps the drops leave. Without its end marker:
	# the receiver, which UDP gives no end of file, stays blocked in recv
	# once the sender is done.
	sed -e 's/^start = 1s$/start = 2s/' -e '/^markers = /d' \
	    "$IPCSCOPE_PATH/udp-drop.ini" >"$TEST_TMP/udp-drop.ini"
	grep -q '^start = 2s$' "$TEST_TMP/udp-drop.ini" || die "udp: the receiver's start"
	grep -q '^markers' "$TEST_TMP/udp-drop.ini" && die "udp: markers left"
	"$IPCSCOPE" --headless --interval 100 --duration 20 --format jsonl \
	    "$TEST_TMP/udp-drop.ini" >"$out" &
	pid=$!
	wait_for 5 worker_pid "$pid" receiver || die "udp: no receiver"
	rpid=$(worker_pid "$pid" receiver)
	rino=$(sock_ino "$rpid" 200)
	# The queue is full from about 0.1 s of the run's own clock (the samples'
	# t) until the receiver starts at 2 s: look once the run is at 0.3 s.
	wait_for 5 grep -q '"t":0\.[3-9]' "$out" || die "udp: no record at 0.3 s"
	grep -w "$rino" /proc/net/udp >"$TEST_TMP/udp-full.txt"
	# Once the sender is done, the receiver (1500 a second) empties the queue
	# within a few milliseconds; a few samples later the run has shown all.
	wait_for 15 grep -q '"proc":"sender","what":"exit"' "$out" || fail "udp: the sender did not end"
	sleep 0.5
	grep -w "$rino" /proc/net/udp >"$TEST_TMP/udp-done.txt"
	stop_run "$pid"
	python - "$out" "$TEST_TMP/udp-full.txt" "$TEST_TMP/udp-done.txt" <<'PY' || fail "udp drops"
import json, os, socket, sys
SYS = lambda name: int(os.environ["SYS_" + name])
def proc_udp(path):
    f = open(path).read().split()
    tx, rx = f[4].split(":")
    return int(rx, 16), int(f[-1])      # rx_queue (memory), drops
# One datagram's charge, measured here on sockets of our own.
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 0))
w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
w.connect(r.getsockname())
w.send(b"x" * 1000)
import struct
charge = struct.unpack("9I", r.getsockopt(socket.SOL_SOCKET, 55, 36))[0]
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
for s in samples:
    assert s["procs"][0]["state"] != "blocked", s
full = [s for s in samples if 0.3 <= s["t"] <= 1.8]
assert full
rx, drops_full = proc_udp(sys.argv[2])
for s in full:
    ch = s["channels"][0]
    assert ch["unit"] == "messages"
    assert ch["fill"] == ch["capacity"], ch
    assert ch["fill"] * charge == rx, (ch, charge, rx)
    snd = s["procs"][0]
    # Nobody reads yet: whatever was sent is queued or dropped. The
    # sender's count is read a moment before the channel, and it sends a
    # datagram a millisecond: allow those sent in between, more than a
    # few when the observer is preempted between the two reads.
    assert 0 <= ch["dropped"] - (snd["msgs_out"] - ch["fill"]) <= 30, (ch, snd)
rx, drops = proc_udp(sys.argv[3])
last = samples[-1]
ch, snd, rcv = last["channels"][0], last["procs"][0], last["procs"][1]
sent = [l["t"] for l in lines if l["type"] == "event" and l["proc"] == "sender" and l["what"] == "exit"]
assert sent and last["t"] > sent[0] + 0.3, (sent, last["t"])
assert rx == 0 and ch["fill"] == 0, (rx, ch)
assert drops > 0 and ch["dropped"] == drops, (ch, drops)
assert rcv["lost"] == drops, (rcv, drops)
assert snd["msgs_out"] == 3000 and rcv["msgs_in"] + rcv["lost"] == 3000, (snd, rcv)
assert rcv["state"] == "blocked" and rcv["op"] == "recv" and rcv["syscall"] == SYS("recvfrom"), rcv
print("udp: %d datagrams queued (%d B each in rx_queue), /proc/net/udp drops %d = dropped %d = lost %d" % (full[0]["channels"][0]["fill"], charge, drops, ch["dropped"], rcv["lost"]))
PY
	pass "udp: never blocks; dropped is /proc/net/udp's drops and the receiver's lost"
}

# --- cleanup after ^C -------------------------------------------------------
interrupted() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/all.ini" <<'INI'
[scenario]
title = three socket kinds
duration = 30s
[channel d]
type = unix-dgram
[channel t]
type = tcp
capacity = 64K
[channel u]
type = udp
[process wd]
role = producer
to = d
size = 100
[process rd]
role = consumer
from = d
start = 20s
[process wt]
role = producer
to = t
[process rt]
role = consumer
from = t
start = 20s
[process wu]
role = producer
to = u
size = 100
rate = 1000/s
[process ru]
role = consumer
from = u
rate = 100/s
INI
	"$IPCSCOPE" --headless --interval 100 "$TEST_TMP/all.ini" >"$out" 2>&1 &
	pid=$!
	wait_for 10 sh -c "[ \$(pgrep -P $pid | wc -l) -eq 6 ] && grep -q '\"type\":\"sample\"' $out" ||
		die "the socket run did not start: $(cat "$out")"
	sleep 1
	kids=$(children_of "$pid")
	ruino=$(sock_ino "$(worker_pid "$pid" ru)" 204)
	[ -n "$ruino" ] || fail "no udp receiver socket"
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, want 130"
	tail -n 1 "$out" | grep -q '"reason":"interrupted"' || fail "SIGINT: no end record: $(tail -n 1 "$out")"
	wait_for 5 all_gone "$kids" || fail "SIGINT: children left: $kids"
	grep -qw "$ruino" /proc/net/udp && fail "SIGINT: the udp socket $ruino is still open"
	left=$(ls -A "$TEST_TMP" | grep -v -e '^out.jsonl$' -e '\.ini$' -e '\.txt$')
	[ -z "$left" ] || fail "SIGINT: left in TMPDIR: $left"
	pass "SIGINT leaves no child, socket or file behind"
}

part unix-dgram unix_dgram
part tcp tcp
part udp udp
part interrupted interrupted
finish
