#!/bin/sh
# ipcscope -- python3 PROGRAM in a terminal (tmux, 100x30): a
# JoinableQueue whose join() never returns (its worker forgets one
# task_done()), explained as the kernel and the semaphore's memory say:
# the process blocked in futex on the semaphore's word (checked in
# /proc), its value read from memory (never "an amount the kernel did
# not report" beside it), its users on one side (a semaphore has no
# writers and no ends); q cleans up. Headless: two workers waiting on a
# Manager().Event are said to wait on an object inside the manager
# process, not on "a queue" (the kernel cannot see which object). Three
# threads blocked on a multiprocessing.Lock that a live child holds: the
# waits panel (w) never says nobody is left to serve them.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

PY=$(python -c 'import sys; print(sys.executable)') || die "no python3"
# The holder sleeps in clock_nanosleep (time.sleep).
eval "$("$SYSNO" clock_nanosleep)" || die "no sysno"

# The explain panel's text, its lines joined.
panel() {
	screen | grep -o '│.*│' | sed 's/^│ *//; s/ *│$//' | tr '\n' ' '
}

joinq() {
	UI=$1
	cat >"$TEST_TMP/joinq.py" <<'PY'
import multiprocessing as mp
def worker(q):
    n = 0
    while True:
        q.get()
        n += 1
        if n != 2:
            q.task_done()
if __name__ == "__main__":
    q = mp.JoinableQueue()
    mp.Process(target=worker, args=(q,), daemon=True).start()
    for i in range(5):
        q.put(i)
    q.join()
PY
	launch 100 30 "" "-- $PY $TEST_TMP/joinq.py"
	wait_for 20 screen_has "python3\[[0-9]*\] *BLOCKED acquire sem:\[" ||
		{ screen; die "$UI: join() never shown BLOCKED acquire"; }
	main=$(screen | sed -n 's/.*python3\[\([0-9]*\)\] *BLOCKED acquire sem:.*/\1/p' | head -n 1)
	ino=$(screen | sed -n 's/^[^s]*sem:\[\([0-9]*\)\] .*value 0, 1 waiting.*/\1/p' | head -n 1)
	[ -n "$main" ] && [ -n "$ino" ] ||
		die "$UI: no pid or inode on the screen: $(screen)"
	# The kernel: futex, its address in the mapping of /dev/shm/sem.*
	# whose inode the screen names.
	set -- $(cat "/proc/$main/syscall")
	[ "$1" = "$SYS_futex" ] || fail "$UI: join() is not in futex: $*"
	python - "$main" "$2" "$ino" <<'PY' || fail "$UI: the futex word is not in sem:[$ino]"
import sys
pid, a, ino = int(sys.argv[1]), int(sys.argv[2], 16), sys.argv[3]
for l in open("/proc/%d/maps" % pid):
    f = l.split()
    lo, hi = (int(x, 16) for x in f[0].split("-"))
    if lo <= a < hi:
        sys.exit(0 if "/dev/shm/sem." in l and f[4] == ino else 1)
sys.exit(1)
PY
	# The process (the first row, selected).
	t send-keys -t ipc e
	wait_for 5 screen_has "explain python3\[$main\]" ||
		fail "$UI: no explain panel: $(screen)"
	p=$(panel)
	for w in "is blocked in acquire() on sem:\[$ino\]" \
	    "a JoinableQueue's condition" "Its value, read from memory, is 0"; do
		echo "$p" | grep -q -- "$w" || fail "$UI: the process's explanation lacks '$w': $p"
	done
	for w in "did not report" "an end of it" "seen writing"; do
		echo "$p" | grep -q -- "$w" && fail "$UI: the process's explanation says '$w': $p"
	done
	# The semaphore (c to it, e).
	t send-keys -t ipc e
	i=0
	while [ $i -lt 8 ] && ! screen | grep -q "^ *▶sem:\[$ino\]"; do
		t send-keys -t ipc c
		sleep 0.2
		i=$((i + 1))
	done
	t send-keys -t ipc e
	wait_for 5 screen_has "explain sem:\[$ino\]" ||
		fail "$UI: no explain panel for the semaphore: $(screen)"
	p=$(panel)
	for w in "is a semaphore: its value, read from memory, is 0" \
	    "Users: python3\[$main\] is blocked" "processes map it"; do
		echo "$p" | grep -q -- "$w" || fail "$UI: the semaphore's explanation lacks '$w': $p"
	done
	for w in "did not report" "Writers:" "an end of it"; do
		echo "$p" | grep -q -- "$w" && fail "$UI: the semaphore's explanation says '$w': $p"
	done
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "$UI: q did not end with 0: $(screen)"
	tty_restored || fail "$UI: the terminal was not restored"
	[ -e "/proc/$main" ] && fail "$UI: python outlived ipcscope"
	pass "$UI: join() on a JoinableQueue explained from the kernel and the semaphore's memory"
}

event() {
	out="$TEST_TMP/event.jsonl"
	cat >"$TEST_TMP/event.py" <<'PY'
import multiprocessing as mp
def waiter(ev):
    ev.wait()
if __name__ == "__main__":
    with mp.Manager() as m:
        ev = m.Event()
        ps = [mp.Process(target=waiter, args=(ev,)) for _ in range(2)]
        for p in ps: p.start()
        for p in ps: p.join()
PY
	"$IPCSCOPE" --headless --interval 100 -- "$PY" "$TEST_TMP/event.py" >"$out" 2>"$out.err" &
	run=$!
	# The latest sample has two rows waiting on the Manager, each in
	# read (per /proc) on the socket its row names.
	check='
import json, os, sys
s = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n") and
     l.startswith("{\"type\":\"sample\"")][-1]
rows = [r for p in s["procs"] for r in [p] + p.get("threads", [])]
w = [r for r in rows if r.get("shape", "").startswith("waits on the Manager")]
assert len(w) == 2, w
for r in w:
    assert "an object inside the manager process" in r["shape"], r
    assert not r["shape"].startswith("waits on the Manager: a queue"), r
    f = open("/proc/%d/syscall" % r["pid"]).read().split()
    assert int(f[0]) == int(os.environ["SYS_read"]) == r["syscall"], (f, r)
    assert r["state"] == "blocked" and r["channel"] == os.readlink(
        "/proc/%d/fd/%d" % (r["pid"], int(f[1], 16))), r
'
	wait_for 20 python -c "$check" "$out" ||
		{ kill "$run"; wait "$run"; die "event: two waiters never named: $(python -c "$check" "$out" 2>&1 | tail -3)"; }
	stop_run "$run"
	pass "two workers waiting on a Manager().Event: an object inside the manager process, in read per /proc"
}

lock() {
	UI=$1
	cat >"$TEST_TMP/lock.py" <<'PY'
import multiprocessing as mp, threading, time
def holder(l):
    l.acquire()
    time.sleep(60)
if __name__ == "__main__":
    l = mp.Lock()
    h = mp.Process(target=holder, args=(l,))
    h.start()
    time.sleep(0.5)
    ts = [threading.Thread(target=l.acquire) for _ in range(3)]
    for t in ts: t.start()
    for t in ts: t.join()
PY
	launch 100 30 "" "-- $PY $TEST_TMP/lock.py"
	wait_for 20 screen_has "value 0, 3 waiting" ||
		{ screen; die "$UI: three waiters never shown"; }
	# The holder: alive, asleep on purpose, mapping the lock.
	# The call's name may be cut to the column ("clock_nanosle… 600ms"):
	# the kernel's own word is checked below.
	holder=$(screen | sed -n 's/.*python3\[\([0-9]*\)\] *WAITING clock_nano.*/\1/p' | head -n 1)
	[ -n "$holder" ] || die "$UI: no holder row: $(screen)"
	grep -q "^$SYS_clock_nanosleep " "/proc/$holder/syscall" ||
		fail "$UI: the holder is not asleep: $(cat "/proc/$holder/syscall")"
	grep -q " /dev/shm/sem\." "/proc/$holder/maps" ||
		fail "$UI: the holder maps no semaphore"
	t send-keys -t ipc w
	wait_for 5 screen_has "who waits for whom" ||
		fail "$UI: no waits panel: $(screen)"
	p=$(panel)
	echo "$p" | grep -q "None is known to be stuck" ||
		fail "$UI: the waits panel: $p"
	echo "$p" | grep -q "Nobody left can serve" &&
		fail "$UI: the waits panel says nobody is left, the holder lives: $p"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "$UI: q did not end with 0: $(screen)"
	tty_restored || fail "$UI: the terminal was not restored"
	[ -e "/proc/$holder" ] && fail "$UI: the holder outlived ipcscope"
	pass "$UI: threads on a Lock a live child holds: not said stuck for good"
}

for ui in $(tmux_uis); do
	part "joinq-$ui" joinq "$ui"
	part "lock-$ui" lock "$ui"
done
part event event
finish
