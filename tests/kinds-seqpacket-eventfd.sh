#!/bin/sh
# The unix-seqpacket and eventfd kinds against the real kernel: the fill
# ipcscope shows is what the kernel says (ss's Recv-Q of the reader's
# socket; eventfd-count in a worker's own fdinfo), blocked workers are
# confirmed in the system call named, a seqpacket reader gets one whole
# message per recv() and end of file, its writer EPIPE without SIGPIPE; an
# eventfd's writes coalesce, a read takes the count (one with
# EFD_SEMAPHORE), the observer never takes any, and closing an end changes
# nothing; ^C leaves nothing behind.
. "$TESTLIB"

# Each check is a part: they run side by side, each in its own TMPDIR.
# (The shipped scenarios' own expectations are checked by verify.sh.)

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

# --- unix-seqpacket: fill, blocking, boundaries, end of file ---------------
# 4 KiB messages, nobody reads for 3 s. A twin socketpair measured here says
# how many the kernel takes before send() would block; while the writer is
# blocked, ss reads the reader's socket (its Recv-Q is the kernel's sum of
# the queue) and the channel must show exactly that.
seqpacket_fill() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/sp.ini" <<'INI'
[scenario]
title = seqpacket fill
duration = 6s
[channel sp]
type = unix-seqpacket
[process writer]
role = producer
to = sp
size = 4K
count = 200
[process reader]
role = consumer
from = sp
start = 3s
rate = 400/s
INI
	"$IPCSCOPE" --headless --interval 100 --format jsonl "$TEST_TMP/sp.ini" \
	    >"$out" &
	pid=$!
	wait_for 5 worker_pid "$pid" reader || die "seqpacket: no reader"
	rpid=$(worker_pid "$pid" reader)
	wpid=$(worker_pid "$pid" writer)
	# Blocked from its 27th send until the reader starts at 3 s: look
	# from 1 s of the run's own clock.
	wait_for 5 grep -Eq '"t":[12]\.' "$out" ||
		die "seqpacket: no record from 1 s to 3 s"
	# The reader's end is descriptor 200 (chan_fd), the writer's 201.
	rino=$(readlink "/proc/$rpid/fd/200" | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p')
	ss -xaH >"$TEST_TMP/ss.txt"
	cat "/proc/$wpid/syscall" >"$TEST_TMP/wsys.txt"
	wait "$pid" || die "seqpacket run exited $?"
	python - "$out" "$rino" "$TEST_TMP/ss.txt" "$TEST_TMP/wsys.txt" <<'PY' || fail "seqpacket fill, blocking, boundaries"
import json, os, socket, sys
SYS = lambda name: int(os.environ["SYS_" + name])
path, rino, ss, wsys = sys.argv[1:5]
# The kernel's answer, measured here on a socketpair of our own.
r, w = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
w.setblocking(False)
fits = 0
try:
    while True:
        w.send(b"x" * 4096)
        fits += 1
except BlockingIOError:
    pass
sndbuf = w.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
# SEQPACKET sums its queue in SIOCINQ (a datagram socket would say 4096).
import fcntl, struct, termios
inq = struct.unpack("i", fcntl.ioctl(r.fileno(), termios.FIONREAD, b"\0" * 4))[0]
assert inq == fits * 4096, (inq, fits)
# Payload stops well below SO_SNDBUF: each message is charged its buffer.
assert fits * 4096 < sndbuf * 3 // 4, (fits, sndbuf)
# ss, read while the writer was blocked: the reader socket's Recv-Q.
rq = [l.split() for l in open(ss) if l.split()[:1] == ["u_seq"] and
      l.split()[5:6] == [rino]]
assert len(rq) == 1, (rino, rq)
recvq = int(rq[0][2])
assert recvq == fits * 4096, (recvq, fits)
f = open(wsys).read().split()
assert f[0] == str(SYS("sendto")) and int(f[1], 16) == 201, f
lines = [json.loads(l) for l in open(path)]
samples = [l for l in lines if l["type"] == "sample"]
full = [s for s in samples if 0.5 <= s["t"] <= 2.9]
assert len(full) >= 10, len(full)   # 25 at 100 ms; a busy machine skips some
for s in full:
    ch = s["channels"][0]
    wr = [p for p in s["procs"] if p["name"] == "writer"][0]
    assert ch["kind"] == "unix-seqpacket" and ch["unit"] == "bytes", ch
    assert ch["capacity"] == sndbuf, (ch, sndbuf)
    assert ch["fill"] == recvq and ch["bytes"] == recvq, (ch, recvq)
    assert ch["messages"] == fits, (ch, fits)
    assert wr["msgs_out"] == fits, wr
    assert wr["state"] == "blocked" and wr["op"] == "send", wr
    assert wr["syscall"] == SYS("sendto") and wr["kstate"] == "S", wr
# The reader asked for 8 KiB at each recv() and got one 4 KiB message:
# 200 in, none lost. It has no count: end of file ended it.
end = {p["name"]: p for p in samples[-1]["procs"]}
rd = end["reader"]
assert lines[-1]["type"] == "end" and lines[-1]["reason"] == "done", lines[-1]
assert rd["state"] == "done" and rd["exit"] == "exit 0", rd
assert rd["msgs_in"] == 200 and rd["bytes_in"] == 200 * 4096, rd
assert rd["lost"] == 0 and rd["dup"] == 0 and rd["ooo"] == 0, rd
print("seqpacket: %d messages of 4 KiB fit SO_SNDBUF %d; ss Recv-Q %d, ipcscope %d"
      % (fits, sndbuf, recvq, full[0]["channels"][0]["fill"]))
PY
	pass "seqpacket: fill is the kernel's Recv-Q, the writer blocks in sendto, one message per recv, EOF"
}

# --- unix-seqpacket: a reader waiting, then gone -----------------------------
# The writer starts at 1 s: until then the reader waits in recvfrom(2). The
# reader stops after 20 messages; the writer's next send fails with EPIPE,
# and no SIGPIPE kills it.
seqpacket_epipe() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/ep.ini" <<'INI'
[scenario]
title = seqpacket EPIPE
duration = 5s
[channel sp]
type = unix-seqpacket
[process writer]
role = producer
to = sp
size = 100
start = 1s
rate = 50/s
[process reader]
role = consumer
from = sp
count = 20
INI
	"$IPCSCOPE" --headless --interval 50 --format jsonl "$TEST_TMP/ep.ini" \
	    >"$out" || die "seqpacket EPIPE run exited $?"
	python - "$out" <<'PY' || fail "seqpacket: recv blocked, EPIPE without SIGPIPE"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
early = [s for s in samples if 0.2 <= s["t"] <= 0.9]
assert early
for s in early:
    rd = [p for p in s["procs"] if p["name"] == "reader"][0]
    assert rd["state"] == "blocked" and rd["op"] == "recv", rd
    assert rd["channel"] == "sp" and rd["syscall"] == SYS("recvfrom"), rd
end = {p["name"]: p for p in samples[-1]["procs"]}
wr, rd = end["writer"], end["reader"]
assert rd["state"] == "done" and rd["msgs_in"] == 20, rd
assert wr["state"] == "failed", wr
# The kernel's rule (unix_release_sock): a reader that closes with
# messages still queued resets the connection, so the next send gets
# ECONNRESET; with nothing queued it gets EPIPE. Which one depends on
# whether the writer's 21st message went out before the reader closed:
# its count says which, so the error must match it. Never SIGPIPE.
want = "EPIPE" if wr["msgs_out"] == 20 else "ECONNRESET"
assert wr["msgs_out"] >= 20, wr
assert wr["exit"] == "send sp: " + want and "SIGPIPE" not in wr["exit"], wr
ev = [l for l in lines if l["type"] == "event" and l["proc"] == "writer" and
      l["what"] == "error"]
assert ev and ev[0]["detail"] == "send sp: " + want, ev
PY
	pass "seqpacket: a waiting reader in recvfrom; with no reader, EPIPE and no SIGPIPE"
}

# --- eventfd: the count, coalescing, one read or one at a time ---------------
# 'ev': 150 writes at once, the reader starts at 3 s. Until then the count is
# 150 in every sample (the observer takes nothing) and in the kernel's own
# fdinfo of both workers' descriptors; 150 is 0x96, which a decimal reading
# of fdinfo would get wrong. Then one read() takes all 150: the count is 0
# while the reader has handled fewer. 'sem' (EFD_SEMAPHORE): its reader waits
# in read(2) at 0 until its writer starts at 2 s, then takes one per read, so
# what it has handled plus the count stays 150.
eventfd_count() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/ev.ini" <<'INI'
[scenario]
title = eventfd count
duration = 6s
[channel ev]
type = eventfd
[channel sem]
type = eventfd
semaphore = yes
[process writer]
role = producer
to = ev
count = 150
[process reader]
role = consumer
from = ev
start = 3s
rate = 100/s
count = 150
[process sem-writer]
role = producer
to = sem
start = 2s
count = 150
[process sem-reader]
role = consumer
from = sem
rate = 100/s
count = 150
INI
	"$IPCSCOPE" --headless --interval 50 --format jsonl "$TEST_TMP/ev.ini" \
	    >"$out" &
	pid=$!
	wait_for 5 worker_pid "$pid" reader || die "eventfd: no reader"
	rpid=$(worker_pid "$pid" reader)
	wait_for 5 grep -Eq '"t":(0\.[5-9]|1\.)' "$out" ||
		die "eventfd: no record from 0.5 s to 2 s"
	spid=$(worker_pid "$pid" sem-reader)
	# Asleep in read(2) once it has made its first call: on a busy
	# machine that can be later than 0.5 s.
	wait_for 5 sh -c "[ \"\$(cut -d' ' -f1 /proc/$spid/syscall)\" = $SYS_read ]" ||
		fail "eventfd: the sem-reader never slept in read(2): $(cat /proc/$spid/syscall)"
	cat "/proc/$spid/syscall" >"$TEST_TMP/ssys.txt"
	wait_for 5 grep -Eq '"t":[12]\.' "$out" ||
		die "eventfd: no record from 1 s to 3 s"
	# The reader (waiting for its start) holds the read end, 200; the
	# writer is done by now, so the count is the kernel's, unchanging.
	cat "/proc/$rpid/fdinfo/200" >"$TEST_TMP/fdinfo.txt"
	wait "$pid" || die "eventfd run exited $?"
	python - "$out" "$TEST_TMP/fdinfo.txt" "$TEST_TMP/ssys.txt" <<'PY' || fail "eventfd count"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
path, fdinfo, ssys = sys.argv[1:4]
info = dict(l.split(":", 1) for l in open(fdinfo) if ":" in l)
assert int(info["eventfd-count"].strip(), 16) == 150, info
assert info["eventfd-semaphore"].strip() == "0", info
# The sem-reader: asleep in read(2) on its end, 202 (channel 1).
f = open(ssys).read().split()
assert f[0] == str(SYS("read")) and int(f[1], 16) == 202, f
lines = [json.loads(l) for l in open(path)]
samples = [l for l in lines if l["type"] == "sample"]
ch = lambda s, n: [c for c in s["channels"] if c["name"] == n][0]
pr = lambda s, n: [p for p in s["procs"] if p["name"] == n][0]
for s in samples:
    for n in ("ev", "sem"):
        c = ch(s, n)
        assert c["kind"] == "eventfd" and c["unit"] == "messages", c
        assert c["capacity"] is None and c["bytes"] is None, c
# From the first sample that shows it blocked (near 0 s; later on a busy
# machine) until the writer starts at 2 s: blocked in read, the count 0.
first = min(s["t"] for s in samples if pr(s, "sem-reader")["state"] == "blocked")
early = [s for s in samples if first <= s["t"] <= 1.9]
assert len(early) >= 10, (first, len(early))
for s in early:
    p = pr(s, "sem-reader")
    assert p["state"] == "blocked" and p["op"] == "read", p
    assert p["channel"] == "sem" and p["syscall"] == SYS("read"), p
    assert p["kstate"] == "S" and ch(s, "sem")["fill"] == 0, (p, ch(s, "sem"))
# The writer's 150 writes are one count; sampling 20 times a second takes
# nothing from it.
held = [s for s in samples if 0.5 <= s["t"] <= 2.9]
assert len(held) >= 20, len(held)
for s in held:
    assert pr(s, "writer")["msgs_out"] == 150, pr(s, "writer")
    assert ch(s, "ev")["fill"] == 150 and ch(s, "ev")["messages"] == 150, s
# One read() took all of it: 0 left while the reader has handled fewer.
taken = [s for s in samples if ch(s, "ev")["fill"] == 0 and
         0 < pr(s, "reader")["msgs_in"] < 100]
assert len(taken) >= 3, [(s["t"], ch(s, "ev")["fill"], pr(s, "reader")["msgs_in"]) for s in samples]
assert all(ch(s, "ev")["fill"] in (0, 150) for s in samples
           if pr(s, "writer")["msgs_out"] == 150), "ev: taken in parts"
# EFD_SEMAPHORE: one per read, so handled + left = 150 once the writer is
# done. The counters and the kernel are read microseconds apart, unless the
# observer is preempted in between (the reader takes one every 10 ms):
# most samples agree exactly, none by more than a few.
gradual = [s for s in samples if 0 < ch(s, "sem")["fill"] < 150 and
           pr(s, "sem-writer")["msgs_out"] == 150]
assert len(gradual) >= 10, len(gradual)
exact = 0
for s in gradual:
    left = ch(s, "sem")["fill"] + pr(s, "sem-reader")["msgs_in"]
    assert 146 <= left <= 150, (s["t"], left)
    exact += left >= 149
assert exact >= len(gradual) // 2, (exact, len(gradual))
end = {p["name"]: p for p in samples[-1]["procs"]}
for n in ("reader", "sem-reader"):
    assert end[n]["state"] == "done" and end[n]["msgs_in"] == 150, end[n]
    assert end[n]["lost"] == 0 and end[n]["ooo"] == 0, end[n]
for n in ("writer", "sem-writer"):
    assert end[n]["msgs_out"] == 150, end[n]
PY
	pass "eventfd: the count is the kernel's, writes coalesce, one read takes all, EFD_SEMAPHORE one"
}

# --- eventfd: closing an end --------------------------------------------------
# At 1 s one reader closes its end and one writer closes its end. Neither
# peer notices: the writer goes on adding (no EPIPE), the reader stays
# asleep in read(2) at 0 (no end of file).
eventfd_close() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/close.ini" <<'INI'
[scenario]
title = eventfd close
duration = 4s
[channel a]
type = eventfd
[channel b]
type = eventfd
[process wa]
role = producer
to = a
rate = 100/s
[process ra]
role = consumer
from = a
[process wb]
role = producer
to = b
rate = 10/s
[process rb]
role = consumer
from = b
[cue]
at = 1s
close = ra a
[cue]
at = 1s
close = wb b
INI
	"$IPCSCOPE" --headless --interval 50 --format jsonl \
	    "$TEST_TMP/close.ini" >"$out" || die "eventfd close run exited $?"
	python - "$out" <<'PY' || fail "eventfd close"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
ch = lambda s, n: [c for c in s["channels"] if c["name"] == n][0]
pr = lambda s, n: [p for p in s["procs"] if p["name"] == n][0]
# From the sample after both closes took effect (the cue's time, or later
# on a busy machine) to the end.
late = [s for s in samples if pr(s, "ra")["op"] == "closed" and
        pr(s, "wb")["op"] == "closed"]
assert len(late) >= 5 and late[0]["t"] >= 1, [s["t"] for s in late]
late = late[1:]
for s in late:
    wa, rb = pr(s, "wa"), pr(s, "rb")
    assert wa["state"] in ("running", "waiting", "blocked"), wa
    assert rb["state"] == "blocked" and rb["op"] == "read", rb
    assert rb["syscall"] == SYS("read"), rb
    assert rb["msgs_in"] == pr(late[0], "rb")["msgs_in"] >= 5, rb
    assert ch(s, "b")["fill"] == 0, ch(s, "b")
# The count grows with the writer's messages since the reader left.
a = [ch(s, "a")["fill"] for s in late]
assert a == sorted(a) and a[-1] > a[0], a
assert not [l for l in lines if l["type"] == "event" and l["what"] == "error"]
PY
	pass "eventfd: a closed end changes nothing: no EPIPE, no end of file"
}

interrupted() {
	scen=$1
	n=$2
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 "$scen" >"$out" 2>&1 &
	pid=$!
	wait_for 10 sh -c "[ \$(pgrep -P $pid | wc -l) -eq $n ] && grep -q '\"type\":\"sample\"' $out" ||
		die "$scen did not start: $(cat "$out")"
	sleep 0.2
	kids=$(children_of "$pid")
	kill -s INT "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 130 ] || fail "$scen SIGINT: exit $rc, want 130"
	wait_for 5 all_gone "$kids" || fail "$scen SIGINT: children left: $kids"
	[ -z "$(children_of "$pid")" ] || fail "$scen SIGINT: children left"
	left=$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')
	[ -z "$left" ] || fail "$scen SIGINT: left in TMPDIR: $left"
	pass "$scen: SIGINT leaves no child and nothing in TMPDIR"
}

part seqpacket-fill seqpacket_fill
part seqpacket-epipe seqpacket_epipe
part eventfd-count eventfd_count
part eventfd-close eventfd_close
part seq-interrupted interrupted seqpacket-boundaries 2
part ev-interrupted interrupted eventfd-counter 4
finish
