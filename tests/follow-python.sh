#!/bin/sh
# ipcscope -- python3 PROGRAM, headless: multiprocessing's semaphores
# (found in the maps, value read from memory, a waiter only when the
# kernel shows futex on its word) and its shapes named in its words (a
# Queue's feeder thread, a Manager and the workers waiting on it), each
# compared with /proc while the program runs.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

PY=$(python -c 'import sys; print(sys.executable)') || die "no python3"
FOLLOW="$SRCDIR/tests/follow"
export PY

# latest OUT EXPR: the latest sample of OUT makes EXPR true (rows: every
# process and thread by name).
latest() {
	python - "$1" "$2" <<'PY' 2>/dev/null
import json, sys
s = None
for l in open(sys.argv[1]):
    if l.endswith("\n") and l.startswith('{"type":"sample"'):
        s = json.loads(l)
rows = [r for p in s["procs"] for r in [p] + p.get("threads", [])] if s else []
sys.exit(0 if s and eval(sys.argv[2]) else 1)
PY
}

# panel_has TEXT: the explain panel's text, its lines joined, has TEXT
# (where its words wrap depends on the rest of the text).
panel_has() {
	screen | grep -o '│.*│' | sed 's/^│ *//; s/ *│$//' | tr '\n' ' ' |
	    grep -q -- "$1"
}

follow_run() {
	_out=$1
	shift
	"$IPCSCOPE" --headless --interval 100 "$@" >"$_out" 2>"$_out.err" &
	run=$!
}

give_up() {
	kill "$run" 2>/dev/null
	wait "$run"
	die "$@"
}

# The checks of a blocked acquire, shared: the row's futex address (from
# /proc) lies in the semaphore's mapping of its process, the value is 0.
CHECK_SEM='
import json, os, sys
SYS = lambda n: int(os.environ["SYS_" + n])
def sample(path):
    return [json.loads(l) for l in open(path) if l.endswith("\n") and
            l.startswith("{\"type\":\"sample\"")][-1]
def rows(s):
    return [r for p in s["procs"] for r in [p] + p.get("threads", [])]
def sem_of(pid, tid, name):
    f = open("/proc/%d/task/%d/syscall" % (pid, tid)).read().split()
    assert int(f[0]) == SYS("futex"), f
    a = int(f[1], 16)
    for l in open("/proc/%d/maps" % pid):
        lo, hi = (int(x, 16) for x in l.split()[0].split("-"))
        if lo <= a < hi:
            # sem:[INODE], the inode of a /dev/shm/sem.* file.
            assert " /dev/shm/sem." in l and name == "sem:[%s]" % l.split()[4], (l, name)
            return l
    raise AssertionError("futex address %x in no mapping" % a)
'

# Queue(maxsize=3): the fourth put() BLOCKED acquire on the queue's
# semaphore, its value 0, one waiter.
maxsize() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_maxsize.py"
	wait_for 15 latest "$out" 's["procs"][0]["state"] == "blocked" and s["procs"][0]["op"] == "acquire"' ||
		give_up "maxsize: put() never seen blocked: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
p = s["procs"][0]
c = [c for c in s["channels"] if c["name"] == p["channel"]][0]
sem_of(p["pid"], p["pid"], c["name"])
assert p["syscall"] == SYS("futex") and p["state"] == "blocked", p
assert c["kind"] == "semaphore" and c["value"] == 0 and c["waiters"] == 1, c
assert c["readers"] == [p["name"]] and c["holders"] == 1, c
assert c["shape"].startswith("a Queue(maxsize)'"'"'s bounded semaphore"), c
# The two semaphores made just before it (its locks) are free.
assert p.get("shape") is None, p
' "$out" || fail "maxsize: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "Queue(maxsize=3): put() BLOCKED acquire on its semaphore (futex on its word), value 0"
}

# Semaphore(2), three processes: two hold it (asleep, not on it), the
# third BLOCKED acquire; the value 0, mapped by all four processes.
semaphore() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_semaphore.py"
	wait_for 15 latest "$out" 'sum(r["state"] == "blocked" for r in rows) == 1 and sum(r["op"] == "clock_nanosleep" for r in rows) == 2 and any(c.get("holders") == 4 for c in s["channels"])' ||
		give_up "semaphore: never one waiter and two holders: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
w = [r for r in rows(s) if r["state"] == "blocked"][0]
c = [c for c in s["channels"] if c["name"] == w["channel"]][0]
sem_of(w["pid"], w["pid"], c["name"])
assert w["op"] == "acquire" and w["syscall"] == SYS("futex"), w
assert c["value"] == 0 and c["waiters"] == 1 and c["holders"] == 4, c
assert c["readers"] == [w["name"]], c
for r in rows(s):
    if r["op"] == "clock_nanosleep":    # a holder: asleep, not on it
        assert r["state"] == "waiting" and r["channel"] is None, r
' "$out" || fail "semaphore: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "Semaphore(2): the third BLOCKED acquire, value 0, 1 waiter, mapped by 4"
}

# A Queue whose put() returned: its feeder thread (not the main thread)
# BLOCKED write on the pipe, named a Queue's feeder; the pipe a Queue's.
feeder() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$SRCDIR/tests/follow/feeder.py"
	wait_for 15 latest "$out" 'any(r.get("shape", "").startswith("a Queue'"'"'s feeder thread") for r in rows) and s["procs"][0]["op"] == "futex"' ||
		give_up "feeder: never named: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
p = s["procs"][0]
t = [r for r in p["threads"] if r["state"] == "blocked"][0]
f = open("/proc/%d/task/%d/syscall" % (p["pid"], t["tid"])).read().split()
link = os.readlink("/proc/%d/fd/%d" % (p["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("write") and t["channel"] == link, (f, t)
assert t["tid"] != p["pid"] and t["shape"].startswith("a Queue'"'"'s feeder thread"), t
c = [c for c in s["channels"] if c["name"] == link][0]
assert c["shape"].startswith("a Queue'"'"'s pipe"), c
assert p.get("shape") is None and p["state"] == "waiting", p
' "$out" || fail "feeder: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "a Queue's feeder: the thread BLOCKED write on the pipe, named so; the main thread at exit"
}

# A Pool of 3 on a Manager().Queue with one end marker: the Manager (its
# listener in /proc/net/unix) and two workers BLOCKED read on their
# connections to it, waiting on an object inside the manager process.
manager() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_manager_pool.py" "$1"
	wait_for 20 latest "$out" 'sum("waits on the Manager: an object inside" in r.get("shape", "") and r["state"] == "blocked" for r in rows) == 2' ||
		give_up "manager $1: the two workers never seen waiting: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
listen = {l.split()[6] for l in open("/proc/net/unix")
          if "/listener-" in l and int(l.split()[3], 16) & 0x10000}
m = [p for p in s["procs"] if p.get("shape", "").startswith("multiprocessing Manager")]
assert len(m) == 1, s["procs"]
fds = os.listdir("/proc/%d/fd" % m[0]["pid"])
assert any(os.readlink("/proc/%d/fd/%s" % (m[0]["pid"], f)) == "socket:[%s]" % i
           for f in fds for i in listen), "the Manager holds no listener"
conns = {l.split()[6] for l in open("/proc/net/unix")
         if "/listener-" in l and not int(l.split()[3], 16) & 0x10000}
w = [r for r in rows(s) if "waits on the Manager: an object inside" in r.get("shape", "")]
for r in w:
    f = open("/proc/%d/syscall" % r["pid"]).read().split()
    assert int(f[0]) == SYS("read") == r["syscall"], (f, r)
    assert r["state"] == "blocked" and r["channel"] == os.readlink(
        "/proc/%d/fd/%d" % (r["pid"], int(f[1], 16))), r
    c = [c for c in s["channels"] if c["name"] == r["channel"]][0]
    assert "inside the manager process" in c["shape"], c
    assert r["pid"] != m[0]["pid"], r
' "$out" || fail "manager $1: the JSON Lines and /proc disagree"
	# STALLED: nothing moves; the stall names both workers and what they
	# wait on.
	wait_for 10 grep -q '"what":"stall"' "$out" ||
		give_up "manager $1: never STALLED: $(tail -c 600 "$out")"
	python - "$out" <<'PY' || fail "manager $1: the stall"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
st = [l for l in lines if l["type"] == "event" and l["what"] == "stall"][0]
s = [l for l in lines if l["type"] == "sample" and l["t"] <= st["t"]][-1]
w = [r["name"] for p in s["procs"] for r in [p] + p.get("threads", [])
     if "waits on the Manager: an object inside" in r.get("shape", "")]
assert len(w) == 2, w
for name in w:
    assert name in st["procs"], (name, st)
    i = st["detail"].index(name)
    assert "inside the manager process" in st["detail"][i:], st["detail"]
PY
	stop_run "$run"
	pass "a Pool on a Manager().Queue ($1): the Manager, two workers waiting on it, STALLED"
}

# A Pool with no work (fork, spawn, forkserver): the result handler (a thread of the parent
# BLOCKED reading a pipe its children hold), one worker BLOCKED reading
# the task pipe, two BLOCKED acquire on its read lock (value 0).
pool() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_pool_idle.py" "$1"
	wait_for 15 latest "$out" 'sum(r["op"] == "acquire" and r.get("shape", "").startswith("a Pool worker") for r in rows) == 2 and any(r.get("shape", "").startswith("the Pool'"'"'s result handler") for r in rows)' ||
		give_up "pool $1: never idle: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
chans = {c["name"]: c for c in s["channels"]}
main = s["procs"][0]
h = [t for t in main["threads"] if t.get("shape", "").startswith("the Pool")][0]
f = open("/proc/%d/task/%d/syscall" % (main["pid"], h["tid"])).read().split()
link = os.readlink("/proc/%d/fd/%d" % (main["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("read") and h["channel"] == link and h["tid"] != main["pid"], (f, h)
assert chans[link]["shape"].startswith("a Pool'"'"'s result pipe"), chans[link]
workers = [p for p in s["procs"] if p.get("shape", "").startswith("a Pool worker")]
assert len(workers) == 3, s["procs"]
parent = main["pid"]
if sys.argv[2] == "forkserver":     # the fork server forks the workers
    fs = [p for p in s["procs"] if p.get("shape") == "multiprocessing fork server"]
    assert len(fs) == 1, s["procs"]
    assert "multiprocessing.forkserver" in open("/proc/%d/cmdline" % fs[0]["pid"]).read(), fs
    parent = fs[0]["pid"]
for w in workers:
    assert open("/proc/%d/stat" % w["pid"]).read().rsplit(")", 1)[1].split()[1] == str(parent), w
    if sys.argv[2] == "spawn":
        assert "spawn_main" in open("/proc/%d/cmdline" % w["pid"]).read(), w
        assert w["shape"] == "a Pool worker (spawned)", w
    else:
        assert w["shape"] == "a Pool worker", w
reader = [w for w in workers if w["op"] == "read"]
assert len(reader) == 1, workers
f = open("/proc/%d/syscall" % reader[0]["pid"]).read().split()
task = os.readlink("/proc/%d/fd/%d" % (reader[0]["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("read") and reader[0]["channel"] == task, (f, reader)
assert chans[task]["shape"].startswith("a Pool'"'"'s task pipe"), chans[task]
waiting = [w for w in workers if w["op"] == "acquire"]
for w in waiting:
    sem_of(w["pid"], w["pid"], w["channel"])
lock = chans[waiting[0]["channel"]]
assert waiting[1]["channel"] == lock["name"] and lock["value"] == 0, lock
assert lock["waiters"] == 2 and lock["shape"].startswith("a read lock"), lock
if sys.argv[2] != "fork":
    t = [p for p in s["procs"] if p.get("shape") == "multiprocessing resource tracker"]
    assert len(t) == 1 and "resource_tracker" in open("/proc/%d/cmdline" % t[0]["pid"]).read(), t
' "$out" "$1" || fail "pool $1: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "a Pool ($1): its result handler, task pipe, workers and read lock, named"
}

# Pipe() (duplex: a socket pair).send_bytes of 2 MB with no reader: the
# writer BLOCKED write on the child's socket, which is full.
duplex() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_pipe_duplex.py"
	wait_for 15 latest "$out" 's["procs"][0]["state"] == "blocked"' ||
		give_up "duplex: never blocked: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
p = s["procs"][0]
f = open("/proc/%d/syscall" % p["pid"]).read().split()
mine = os.readlink("/proc/%d/fd/%d" % (p["pid"], int(f[1], 16)))
assert int(f[0]) == SYS("write") == p["syscall"] and p["op"] == "write", (f, p)
assert mine.startswith("socket:[") and p["channel"] != mine, (p, mine)
c = [c for c in s["channels"] if c["name"] == p["channel"]][0]
assert c["kind"] == "unix-stream" and c["writers"] == [p["name"]], c
assert c["fill"] > 0, c
' "$out" || fail "duplex: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "Pipe().send_bytes of 2 MB, nobody reading: BLOCKED write on the peer socket"
}

# A JoinableQueue nobody marks done: join() BLOCKED acquire on the
# semaphore of its Condition, value 0; the worker holds the items.
joinable() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_joinable.py"
	wait_for 15 latest "$out" 'any(c.get("shape", "").startswith("a JoinableQueue") for c in s["channels"])' ||
		give_up "joinable: join() never named: $(tail -c 600 "$out")"
	python -c "$CHECK_SEM"'
s = sample(sys.argv[1])
p = s["procs"][0]
c = [c for c in s["channels"] if c.get("shape", "").startswith("a JoinableQueue")][0]
assert p["state"] == "blocked" and p["op"] == "acquire" and p["channel"] == c["name"], p
sem_of(p["pid"], p["pid"], c["name"])
assert c["value"] == 0 and c["waiters"] == 1 and c["readers"] == [p["name"]], c
' "$out" || fail "joinable: the JSON Lines and /proc disagree"
	stop_run "$run"
	pass "JoinableQueue.join() with no task_done(): BLOCKED acquire on its Condition, named"
}

# The same in a real terminal: the row BLOCKED acquire sem:[INODE], the
# channel "value 0, 1 waiting", and e explains it in multiprocessing's
# words with the kernel's call.
screen_sem() {
	UI=$(tmux_uis | tr " " "\n" | head -n 1)
	launch 200 30 "" "-- $PY $FOLLOW/mp_maxsize.py"
	wait_for 15 screen_has "BLOCKED acquire sem:\[" ||
		{ screen; die "screen: never BLOCKED acquire"; }
	screen_has "value 0, 1 waiting" || fail "screen: the value: $(screen)"
	t send-keys -t ipc e
	wait_for 5 screen_has "bounded semaphore" ||
		fail "screen: the explanation: $(screen)"
	screen_has "asleep in system call $SYS_futex" ||
		fail "screen: the explanation lacks the kernel's call: $(screen)"
	panel_has "Its value, read from memory, is 0" ||
		fail "screen: the explanation lacks the value: $(screen)"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "screen: q did not end with 0"
	tty_restored || fail "screen: the terminal was not restored"
	pass "in a terminal: BLOCKED acquire sem:[INODE], value 0, 1 waiting, explained"
}

# The recording replays with the same words: the value, the waiter, the
# shape in the explanation (the JSON Lines carry them).
replay_sem() {
	out="$TEST_TMP/out.jsonl"
	follow_run "$out" -- "$PY" "$FOLLOW/mp_maxsize.py"
	wait_for 15 latest "$out" 's["procs"][0]["state"] == "blocked" and "shape" in s["channels"][-1]' ||
		give_up "replay: put() never seen blocked: $(tail -c 600 "$out")"
	stop_run "$run"
	UI=$(tmux_uis | tr " " "\n" | head -n 1)
	launch 200 30 "" "--replay $out"
	wait_for 15 screen_has "replay 1x" ||
		{ screen; die "replay: it did not start"; }
	# ] (which pauses) to the recording's end, then [ back to its last
	# sample with the wait and the Queue's shape (named once seen: the
	# first samples have the generic words; played in real time, the
	# screen would depend on how fast a busy machine lets the test look).
	t send-keys -t ipc -N 300 ']'
	wait_for 10 screen_has "the end of the recording" || die "replay: ] to the end: $(screen)"
	_n=0
	while ! { screen_has "value 0, 1 waiting" &&
	    screen_has "bounded semaphore"; } && [ "$_n" -lt 100 ]; do
		t send-keys -t ipc '['
		sleep 0.1
		_n=$((_n + 1))
	done
	screen_has "value 0, 1 waiting" || die "replay: [ never back to the wait: $(screen)"
	t send-keys -t ipc e
	wait_for 5 screen_has "bounded semaphore" ||
		fail "replay: the explanation lacks the shape: $(screen)"
	panel_has "Its value, read from memory, is 0" ||
		fail "replay: the explanation lacks the value: $(screen)"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "replay: q did not end with 0"
	pass "replayed: the semaphore's value, waiter and shape as recorded"
}

part maxsize maxsize
part semaphore semaphore
part feeder feeder
part manager manager fork
part manager-spawn manager spawn
part pool pool fork
part spawn pool spawn
part forkserver pool forkserver
part duplex duplex
part joinable joinable
part screen screen_sem
part replay replay_sem
finish
