#!/bin/sh
# ipcscope -- CMD and --attach PID, headless: real programs (a shell
# pipeline, the Python programs of tests/follow), their JSON Lines
# compared with /proc while they run (system calls by name, descriptors by
# their links), their ends, CMD's exit status, nothing left behind.
. "$TESTLIB"

# The interpreter itself, not a wrapper that forks a shell or two first.
PY=$(python -c 'import sys; print(sys.executable)') || die "no python3"
FOLLOW="$SRCDIR/tests/follow"
export PY
# A call tests/lib.sh does not export.
eval "$("$SYSNO" mq_timedsend msgsnd)" || die "no SYS_mq_timedsend"
export SYS_mq_timedsend SYS_msgsnd

# latest OUT EXPR: true once the latest sample of OUT makes the Python
# expression EXPR true (procs: name -> proc, by the name before "[").
latest() {
	python - "$1" "$2" <<'PY' 2>/dev/null
import json, sys
s = None
for l in open(sys.argv[1]):
    if l.endswith("\n") and l.startswith('{"type":"sample"'):
        s = json.loads(l)
procs = {p["name"].split("[")[0]: p for p in s["procs"]} if s else {}
sys.exit(0 if s and eval(sys.argv[2]) else 1)
PY
}

# follow_run OUT ARGS...: ipcscope --headless in the background, its JSON
# Lines into OUT, its stderr into OUT.err; $run is its pid.
follow_run() {
	_out=$1
	shift
	"$IPCSCOPE" --headless --interval 100 "$@" >"$_out" 2>"$_out.err" &
	run=$!
}

# give_up MESSAGE: a part that cannot go on ends its run first (SIGTERM:
# ipcscope stops the tree in order), so that it does not wait for it.
give_up() {
	kill "$run" 2>/dev/null
	wait "$run"
	die "$@"
}

# The shell pipeline: yes blocked writing a full pipe into head, head
# blocked writing a full pipe into sleep, which never reads; the kernel
# agrees at that moment. Then the test ends sleep, the others die of
# SIGPIPE, sh exits 7, and so does ipcscope.
pipeline() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- sh -c 'yes | head -c 100M | sleep 60; exit 7'
	wait_for 15 latest "$out" 'procs["head"]["state"] == "blocked" and procs["yes"]["state"] == "blocked"' ||
		give_up "pipeline: yes and head never seen blocked: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "pipeline: the JSON Lines and /proc disagree"
import fcntl, json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
r, w = os.pipe()
cap = fcntl.fcntl(w, 1032)              # F_GETPIPE_SZ: this machine's default
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
procs = {p["name"].split("[")[0]: p for p in s["procs"]}
chans = {c["name"]: c for c in s["channels"]}
def kernel(p):
    f = open("/proc/%d/syscall" % p["pid"]).read().split()
    return int(f[0]), int(f[1], 16)
for name, reader in (("yes", "head"), ("head", "sleep")):
    p = procs[name]
    nr, fd = kernel(p)
    link = os.readlink("/proc/%d/fd/%d" % (p["pid"], fd))
    assert nr == SYS("write") == p["syscall"], (p, nr)
    assert p["state"] == "blocked" and p["op"] == "write", p
    assert p["channel"] == link and link.startswith("pipe:["), (p, link)
    c = chans[link]
    assert c["kind"] == "pipe" and c["fill"] == c["capacity"] == cap, c
    assert c["writers"] == [p["name"]], c
    assert c["readers"] == [procs[reader]["name"]], c
    assert c["holders"] == 2 and c["rate_source"] == "process io", c
    assert p["wchan"] == "anon_pipe_write" or p["wchan"] is None, p
sl = procs["sleep"]
nr, _ = kernel(sl)
assert sl["state"] == "waiting" and sl["syscall"] == nr, sl
assert sl["op"] in ("clock_nanosleep", "nanosleep"), sl
assert procs["sh"]["state"] == "waiting" and procs["sh"]["op"] == "wait4", procs["sh"]
open(sys.argv[1] + ".sleep", "w").write("%d\n" % sl["pid"])
PY
	kill "$(cat "$out.sleep")"
	wait "$run"
	rc=$?
	[ "$rc" -eq 7 ] || fail "pipeline: ipcscope exited $rc, want sh's 7"
	python - "$out" <<'PY' || fail "pipeline: the ends"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ev = {(l["proc"].split("[")[0], l["what"]): l["detail"] for l in lines if l["type"] == "event"}
assert ev[("sh", "exit")] == "exit 7", ev
assert ev[("sleep", "exit")] == "killed by SIGTERM", ev
assert ev[("head", "exit")] == "killed by SIGPIPE", ev
assert ev[("yes", "exit")] == "killed by SIGPIPE", ev
assert lines[-1] == {"type": "end", "t": lines[-1]["t"], "reason": "done"}, lines[-1]
PY
	pass "a shell pipeline: BLOCKED write on each full pipe as /proc says, sh's status 7"
}

# Pipe().send_bytes of 2 MB with no reader: blocked in write, 62596
# bytes in the pipe; both processes hold both ends, and only the writer
# was seen using it. ^C ends the run: the tree is stopped in order.
send_bytes() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/send_bytes.py"
	wait_for 15 latest "$out" 'len(s["procs"]) == 2 and s["procs"][0]["state"] == "blocked" and s["channels"][0]["fill"] == 62596' ||
		give_up "send_bytes: never blocked: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "send_bytes: the JSON Lines and /proc disagree"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
parent, child = s["procs"][0], s["procs"][1]
f = open("/proc/%d/syscall" % parent["pid"]).read().split()
link = os.readlink("/proc/%d/fd/%d" % (parent["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("write") == parent["syscall"], (f, parent)
assert parent["state"] == "blocked" and parent["channel"] == link, (parent, link)
assert parent["rate_source"] == "process io", parent
c = [c for c in s["channels"] if c["name"] == link][0]
# 4 bytes of header, then the payload up to the 16th page slot.
assert c["fill"] == 62596 and c["capacity"] == 65536, c
assert c["writers"] == [parent["name"]] and c["readers"] == [], c
assert c["holders"] == 2, c
assert child["state"] == "waiting", child
PY
	stop_run "$run"
	python - "$out" <<'PY' || fail "send_bytes: the tree was not stopped in order"
import json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ex = [l for l in lines if l["type"] == "event" and l["what"] == "exit"]
assert len(ex) == 2 and all(e["detail"] == "killed by SIGTERM" for e in ex), ex
assert lines[-1]["reason"] == "interrupted", lines[-1]
s = [l for l in lines if l["type"] == "sample"][-1]
for p in s["procs"]:
    assert p["state"] == "failed" and not os.path.exists("/proc/%d" % p["pid"]), p
PY
	pass "send_bytes: BLOCKED write, 62596 bytes, held by 2, used by 1; SIGTERM at the end"
}

# A Queue's feeder thread is a row of its own, under its process: blocked
# writing the queue's pipe while the main thread sleeps, then joins it.
feeder() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" --duration 20 -- "$PY" "$FOLLOW/feeder.py"
	# put() returned, the main thread slept 1 s and now joins the feeder:
	# in futex after a sample saw it in clock_nanosleep (starting the
	# feeder, it waits in futex too, before the sleep).
	joined() {
		python - "$out" <<'PY'
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1])
           if l.endswith("\n") and l.startswith('{"type":"sample"')]
ops = [s["procs"][0]["op"] if s["procs"] else None for s in samples]
slept = [i for i, op in enumerate(ops) if op in ("clock_nanosleep",
                                                   "nanosleep")]
sys.exit(0 if slept and ops[-1] == "futex" else 1)
PY
	}
	wait_for 15 joined ||
		give_up "feeder: the main thread never joined: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "feeder: the threads and /proc disagree"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
assert len(s["procs"]) == 1, s["procs"]
p = s["procs"][0]
blocked = [t for t in p["threads"] if t["state"] == "blocked"]
assert len(blocked) == 1, p["threads"]
t = blocked[0]
f = open("/proc/%d/task/%d/syscall" % (p["pid"], t["tid"])).read().split()
link = os.readlink("/proc/%d/fd/%d" % (p["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("write") == t["syscall"], (f, t)
assert t["op"] == "write" and t["channel"] == link, (t, link)
assert t["rate_source"] == "thread io", t
# The main thread: asleep in futex, as the kernel says, and not blocked
# on a channel.
f = open("/proc/%d/syscall" % p["pid"]).read().split()
assert int(f[0]) == SYS("futex") == p["syscall"], (f, p)
assert p["state"] == "waiting" and p["op"] == "futex" and p["channel"] is None, p
c = [c for c in s["channels"] if c["name"] == link][0]
assert c["writers"] == [t["name"]], c
PY
	stop_run "$run"
	pass "a Queue's feeder thread: a row of its own, BLOCKED write; the main thread in futex"
}

# A daemonised grandchild is re-parented to ipcscope (the subreaper),
# followed, and stopped with the rest when CMD ends.
daemon() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/daemon.py" "$TEST_TMP/gpid" 6  # 6 s: the checks below fit on a busy machine
	wait_for 10 test -s "$TEST_TMP/gpid" || give_up "daemon: no grandchild"
	gpid=$(cat "$TEST_TMP/gpid")
	wait_for 5 sh -c "awk '{ sub(/.*\\) /, \"\"); print \$2 }' /proc/$gpid/stat | grep -qx $run" ||
		fail "daemon: the grandchild's parent is not ipcscope ($run): $(cat /proc/$gpid/stat)"
	wait_for 5 grep -q "\"proc\":\"[^\"]*\\[$gpid\\]\",\"what\":\"start\"" "$out" ||
		fail "daemon: the grandchild was not followed"
	wait "$run"
	rc=$?
	[ "$rc" -eq 0 ] || fail "daemon: ipcscope exited $rc, want 0 (CMD's)"
	[ -e "/proc/$gpid" ] && fail "daemon: the grandchild $gpid outlived ipcscope"
	grep -q "\"proc\":\"[^\"]*\\[$gpid\\]\",\"what\":\"exit\",\"detail\":\"killed by SIGTERM\"" "$out" ||
		fail "daemon: the grandchild's end: $(grep "\\[$gpid\\]" "$out" | grep event)"
	pass "a daemonised grandchild: re-parented to ipcscope, followed, stopped at the end"
}

# Processes of about a millisecond each still have their start and exit
# (and exit status) in the events: the kernel's process events say them.
short() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 200 -- "$PY" "$FOLLOW/short_lived.py" 20 >"$out" 2>"$out.err" ||
		fail "short: ipcscope exited $?"
	if grep -q '"what":"notice","detail":"the kernel.s process events are not available' "$out"; then
		echo "SKIP part: no process events connector here ($(grep notice "$out"))"
		return
	fi
	python - "$out" <<'PY' || fail "short: the short-lived processes"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ev = [l for l in lines if l["type"] == "event"]
root = ev[0]["proc"]
starts = {e["proc"]: e["t"] for e in ev if e["what"] == "start" and e["proc"] != root}
exits = {e["proc"]: (e["t"], e["detail"]) for e in ev if e["what"] == "exit" and e["proc"] != root}
assert len(starts) == 20 and set(starts) == set(exits), (starts, exits)
codes = sorted(int(d.split()[1]) for t, d in exits.values())
assert codes == list(range(10, 30)), codes
for p in starts:
    assert 0 <= exits[p][0] - starts[p] < 0.5, (p, starts[p], exits[p])
PY
	pass "20 processes of a millisecond each: their starts and exit statuses in the events"
}

# A unix socketpair (a duplex Pipe()): the child is blocked reading its
# end; the channel is its end's receive queue, named by its inode.
socketpair() {
	out="$TEST_TMP/out.jsonl"
	# 30 s: it outlives the check on a busy machine; stop_run ends it.
	follow_run "$out" -- "$PY" "$FOLLOW/socketpair.py" 30
	wait_for 15 latest "$out" 'any(p["state"] == "blocked" for p in s["procs"])' ||
		give_up "socketpair: never blocked: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "socketpair: the JSON Lines and /proc disagree"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
child = [p for p in s["procs"] if p["state"] == "blocked"][0]
f = open("/proc/%d/syscall" % child["pid"]).read().split()
link = os.readlink("/proc/%d/fd/%d" % (child["pid"], int(f[1], 16)))
assert int(f[0]) in (SYS("read"), SYS("recvfrom")) and int(f[0]) == child["syscall"], (f, child)
assert child["channel"] == link, (child, link)
c = [c for c in s["channels"] if c["name"] == link][0]
assert c["kind"] == "unix-stream" and c["fill"] == 0 and c["capacity"] > 0, c
assert child["name"] in c["readers"], c
PY
	stop_run "$run"
	pass "a socketpair: BLOCKED read on the reader's end, the kind from sock_diag"
}

# An eventfd whose reader sleeps on a count of 0, a POSIX queue of 4 full
# with its fifth sender asleep, a System V queue at its byte limit with
# its sender asleep: found by the eventfd's id, the queue's file system
# and the id in msgsnd's first argument, BLOCKED as /proc says, filled
# from fdinfo, mq_getattr and /proc/sysvipc/msg.
queues() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" --output "$TEST_TMP/log" -- "$PY" "$FOLLOW/queues.py" 30
	wait_for 15 latest "$out" 'sum(p["state"] == "blocked" for p in s["procs"]) == 3' ||
		give_up "queues: never both blocked; the program said: $(cat "$TEST_TMP/log"); the run: $(tail -c 600 "$out")"
	python - "$out" "$TEST_TMP/log" <<'PY' || fail "queues: the JSON Lines and /proc disagree"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
said = open(sys.argv[2]).read().split()        # eventfd ID mq NAME
chans = {c["name"]: c for c in s["channels"]}
blocked = {p["syscall"]: p for p in s["procs"] if p["state"] == "blocked"}
ev = chans["eventfd:[%s]" % said[1]]
assert ev["kind"] == "eventfd" and ev["fill"] == 0 and ev["holders"] == 4, ev
mq = chans["%s (deleted)" % said[3]]
assert mq["kind"] == "posix-mq" and mq["fill"] == 4 and mq["capacity"] == 4, mq
for nr, c in ((SYS("read"), ev), (SYS("mq_timedsend"), mq)):
    p = blocked[nr]
    f = open("/proc/%d/syscall" % p["pid"]).read().split()
    assert int(f[0]) == nr, (f, p)
    link = os.readlink("/proc/%d/fd/%d" % (p["pid"], int(f[1], 16)))
    assert p["channel"] == c["name"], (p, c)
    assert link == "anon_inode:[eventfd]" or link == mq["name"], link
sv = chans["msqid:[%s]" % said[5]]
p = blocked[SYS("msgsnd")]
f = open("/proc/%d/syscall" % p["pid"]).read().split()
assert int(f[0]) == SYS("msgsnd") and int(f[1], 16) == int(said[5]), (f, p)
assert p["channel"] == sv["name"] and p["op"] == "msgsnd", (p, sv)
assert sv["kind"] == "sysv-msgq" and sv["holders"] is None, sv
assert sv["capacity"] > 0 and sv["capacity"] - 1024 < sv["fill"] <= sv["capacity"], sv
q = [l.split() for l in open("/proc/sysvipc/msg") if l.split()[1] == said[5]][0]
assert sv["fill"] == int(q[3]) and sv["messages"] == int(q[4]), (sv, q)
assert sv["writers"] == [p["name"]], sv
assert ev["readers"] == [blocked[SYS("read")]["name"]], ev
assert mq["writers"] == [blocked[SYS("mq_timedsend")]["name"]], mq
PY
	stop_run "$run"
	grep -q "^ *0 *$(cut -d' ' -f6 "$TEST_TMP/log") " /proc/sysvipc/msg &&
		fail "queues: the program's System V queue was left behind"
	pass "an eventfd, a full POSIX and a full System V queue: BLOCKED, their fill"
}

# TCP on loopback: a client sending 64 MiB to a server that never reads.
# The client is BLOCKED in its send on the accepted socket's receive
# queue (paired by their addresses, read by sock_diag), which the kernel
# shows full; the server is its reader.
# tcp [6 [SECONDS]]: the same on ::1; the client's socket made SECONDS
# before it connects (seen unbound first, then paired once connected).
tcp() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" --output "$TEST_TMP/log" -- "$PY" "$FOLLOW/tcp.py" 30 ${1:-4} ${2:-0}
	wait_for 15 latest "$out" 'any(p["state"] == "blocked" for p in s["procs"])' ||
		give_up "tcp: the client never blocked; the program said: $(cat "$TEST_TMP/log"); the run: $(tail -c 600 "$out")"
	wait_for 5 grep -q "^socket:" "$TEST_TMP/log" || give_up "tcp: no accept"
	python - "$out" "$TEST_TMP/log" <<'PY' || fail "tcp: the JSON Lines and /proc disagree"
import json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
accepted = open(sys.argv[2]).read().split()[2]     # socket:[INODE]
server = s["procs"][0]                              # CMD, the server
client = [p for p in s["procs"] if p["state"] == "blocked"][0]
f = open("/proc/%d/syscall" % client["pid"]).read().split()
assert int(f[0]) == client["syscall"] and client["op"] in ("sendto", "write"), (f, client)
mine = os.readlink("/proc/%d/fd/%d" % (client["pid"], int(f[1], 16)))
assert mine.startswith("socket:[") and mine != accepted, mine
assert client["channel"] == accepted, (client, accepted, s["channels"])
c = [c for c in s["channels"] if c["name"] == accepted][0]
assert c["kind"] == "tcp" and c["capacity"] > 0 and c["fill"] > 0, c
assert c["fill"] <= c["capacity"], c
assert c["writers"] == [client["name"]] and c["readers"] == [server["name"]], c
PY
	stop_run "$run"
	pass "TCP on loopback${1:+ (IPv$1)}${2:+ (connected $2 s after its socket was made)}: the client BLOCKED in its send on the accepted socket's full queue"
}

# UDP on loopback: the receiver asleep in recvfrom on its empty socket,
# paired with the sender that connected to it (by their addresses).
udp() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" --output "$TEST_TMP/log" -- "$PY" "$FOLLOW/udp.py" 30
	wait_for 15 latest "$out" 'any(p["state"] == "blocked" and any(c["writers"] for c in s["channels"]) for p in s["procs"])' ||
		give_up "udp: the receiver never blocked; the program said: $(cat "$TEST_TMP/log"); the run: $(tail -c 600 "$out")"
	python - "$out" "$TEST_TMP/log" <<'PY' || fail "udp: the JSON Lines and /proc disagree"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
rx = open(sys.argv[2]).read().split()[0]
p = [p for p in s["procs"] if p["state"] == "blocked"][0]
f = open("/proc/%d/syscall" % p["pid"]).read().split()
assert int(f[0]) == SYS("recvfrom") == p["syscall"], (f, p)
assert os.readlink("/proc/%d/fd/%d" % (p["pid"], int(f[1], 16))) == rx, rx
c = [c for c in s["channels"] if c["name"] == rx][0]
assert p["channel"] == rx and c["kind"] == "udp" and c["fill"] == 0, (p, c)
sender = [q for q in s["procs"] if q["pid"] != p["pid"]][0]
assert c["readers"] == [p["name"]] and c["writers"] == [sender["name"]], c
PY
	stop_run "$run"
	pass "UDP on loopback: the receiver BLOCKED in recvfrom, paired with its sender"
}

# --attach: a running program is followed, and never stopped.
attach() {
	out="$TEST_TMP/out.jsonl"
	"$PY" "$FOLLOW/send_bytes.py" >"$TEST_TMP/prog.out" 2>&1 &
	prog=$!
	# Attached once it is asleep in write(2): before the first sample.
	wait_for 15 sh -c "grep -q '^$SYS_write ' /proc/$prog/syscall" ||
		die "attach: the program never wrote"
	wait_for 5 sh -c "pgrep -P $prog | grep -q ." || die "attach: no child"
	"$IPCSCOPE" --headless --interval 100 --duration 1.5 --attach "$prog" >"$out" 2>"$out.err"
	rc=$?
	kill -0 "$prog" 2>/dev/null || fail "attach: the attached program was stopped"
	kids=$(pgrep -P "$prog")
	python - "$out" "$prog" <<'PY' || fail "attach: what was seen"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
prog = int(sys.argv[2])
assert lines[0]["type"] == "scenario" and lines[0]["output"] is None, lines[0]
s = [l for l in lines if l["type"] == "sample"][-1]
p = [p for p in s["procs"] if p["pid"] == prog][0]
assert p["state"] == "blocked" and p["op"] == "write", p
assert p.get("blocked_since") == "before first sample", p
assert len(s["procs"]) == 2, s["procs"]
assert not [l for l in lines if l["type"] == "event" and l["what"] == "exit"], lines
assert lines[-1]["reason"] == "duration", lines[-1]
PY
	kill "$prog" $kids
	wait "$prog"
	[ "$rc" -eq 0 ] || fail "attach: ipcscope exited $rc"
	pass "--attach: followed, blocked since before the first sample, never stopped"
}

# As an ordinary user (nobody): -- CMD sees its own tree as root would
# (a pipeline's writer BLOCKED on its full pipe); --attach to root's
# process says what it cannot see and why, and shows its state letter.
nobody() {
	if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
		echo "SKIP part: needs root and setpriv to become nobody"
		return
	fi
	out="$TEST_TMP/out.jsonl"
	# Its private directory where nobody may make one.
	as_nobody="env TMPDIR=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups"
	$as_nobody "$IPCSCOPE" --headless --interval 100 --output /dev/null \
	    -- sh -c 'yes | sleep 30' >"$out" 2>"$out.err" &
	run=$!
	wait_for 15 latest "$out" 'procs["yes"]["state"] == "blocked" and s["channels"][0]["fill"] == s["channels"][0]["capacity"]' ||
		give_up "nobody: yes never seen blocked: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "nobody: -- CMD as nobody"
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
procs = {p["name"].split("[")[0]: p for p in s["procs"]}
y = procs["yes"]
assert os.stat("/proc/%d" % y["pid"]).st_uid == 65534, y
assert y["op"] == "write" and y["syscall"] == SYS("write"), y
assert y["channel"] == s["channels"][0]["name"], (y, s["channels"])
assert "unknown" not in y and not [l for l in lines if l.get("what") == "notice"], lines
PY
	kill "$run"
	wait "$run"
	# root's process, seen by nobody.
	sleep 30 &
	victim=$!
	$as_nobody "$IPCSCOPE" --headless --interval 100 --duration 0.5 \
	    --attach "$victim" >"$out" 2>"$out.err" ||
		fail "nobody: --attach exited $?: $(cat "$out.err")"
	kill "$victim"
	python - "$out" "$victim" <<'PY' || fail "nobody: --attach to root's process"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
notes = [l["detail"] for l in lines if l.get("what") == "notice"]
assert len(notes) == 1 and "belongs to user root" in notes[0], notes
assert "ptrace" in notes[0] and "state letter" in notes[0], notes
p = [l for l in lines if l["type"] == "sample"][-1]["procs"][0]
assert p["pid"] == int(sys.argv[2]) and p["kstate"] == "S", p
assert p["unknown"] == "no permission" and p["syscall"] is None, p
assert p["state"] != "blocked", p
PY
	grep -q "no permission to read .* of pid $victim, which belongs to user root" "$out.err" ||
		fail "nobody: not said on stderr: $(cat "$out.err")"
	pass "as nobody: -- CMD sees its own tree; --attach to root's says why it cannot"
}

# Forty processes forked at once, all holding every end of 19 pipes
# (bench/follow-tree.py, fork's shape): each pipe is found, held by all 40,
# read by the one process seen asleep reading it; none is named before it
# is in the model (rows wait for their names; this crashed once).
many() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" --output /dev/null -- "$PY" "$SRCDIR/bench/follow-tree.py" 40
	# Until every table has been read (within the budget; a busy machine
	# makes that slower).
	wait_for 20 latest "$out" 'len(s["channels"]) == 19 and all(c["holders"] == 40 and c["readers"] for c in s["channels"])' ||
		give_up "many: not all seen: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "many: what was seen"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
s = [l for l in lines if l["type"] == "sample"][-1]
assert len(s["procs"]) == 40, len(s["procs"])
pipes = [c for c in s["channels"] if c["kind"] == "pipe"]
assert len(pipes) == 19, len(pipes)
names = {p["name"] for p in s["procs"]}
for c in pipes:
    assert c["holders"] == 40 and len(c["readers"]) == 1, c
    assert set(c["readers"] + c["writers"]) <= names, c
PY
	stop_run "$run"
	pass "40 processes forked at once: 19 pipes held by all, each read by one"
}

# Usage, a command that cannot run, the output file.
usage() {
	for args in "--" "--attach 1 -- true" "--verify -- true" "--step -- true" \
	    "--attach x" "--stdin /dev/null pipe-fill" "--headless pipe-fill -- true"; do
		# shellcheck disable=SC2086
		"$IPCSCOPE" --headless $args >/dev/null 2>"$TEST_TMP/err"
		rc=$?
		[ "$rc" -eq 2 ] || fail "'$args' exited $rc, want 2: $(cat "$TEST_TMP/err")"
	done
	"$IPCSCOPE" --headless -- "$TEST_TMP/no-such-program" >/dev/null 2>"$TEST_TMP/err"
	rc=$?
	[ "$rc" -eq 127 ] || fail "a missing CMD: exit $rc, want 127"
	grep -q "no-such-program: cannot run: No such file or directory" "$TEST_TMP/err" ||
		fail "a missing CMD: $(cat "$TEST_TMP/err")"
	# CMD's output goes to a file, never into the JSON Lines.
	"$IPCSCOPE" --headless --output "$TEST_TMP/log" -- sh -c 'echo to-stdout; echo to-stderr >&2; exit 3' \
	    >"$TEST_TMP/out.jsonl" 2>"$TEST_TMP/err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "--output: exit $rc, want 3"
	grep -qx 'to-std.*' "$TEST_TMP/out.jsonl" && fail "CMD's output is in the JSON Lines"
	[ "$(cat "$TEST_TMP/log")" = "$(printf 'to-stdout\nto-stderr')" ] || fail "--output: $(cat "$TEST_TMP/log")"
	# By default: a file in the run's private directory, said, then gone.
	"$IPCSCOPE" --headless -- sh -c 'echo hidden' >"$TEST_TMP/out.jsonl" 2>"$TEST_TMP/err" || fail "default output: exit $?"
	log=$(sed -n 's/.*its output goes to \(.*\)$/\1/p' "$TEST_TMP/err")
	case "$log" in "$TEST_TMP"/ipcscope.*/output) ;; *) fail "the output file: '$log'" ;; esac
	grep -q "\"output\":\"$log\"" "$TEST_TMP/out.jsonl" || fail "the output file is not in the header"
	[ -e "$log" ] && fail "the output file outlived the run"
	pass "usage errors, 127 for a missing CMD, CMD's output in its file"
}

part pipeline pipeline
part send_bytes send_bytes
part feeder feeder
part daemon daemon
part short short
part socketpair socketpair
part attach attach
part queues queues
part tcp tcp
part tcp-late tcp 4 1.5
if "$PY" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	part tcp6 tcp 6
else
	echo "no IPv6 loopback here: TCP on ::1 not tested"
fi
part udp udp
part nobody nobody
part many many
part usage usage
finish
