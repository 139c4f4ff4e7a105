#!/bin/sh
# The start-up sweep removes only dead runs, and decides that by the lock
# a live run holds, not by its pid: a run in another PID namespace that
# shares TMPDIR and IPC keeps its objects while another run starts, and
# is swept once it is killed.
. "$TESTLIB"

if ! unshare --pid --fork --mount-proc true 2>/dev/null; then
	echo "SKIP: cannot make a PID namespace (unshare --pid --fork --mount-proc)"
	exit 77
fi

cat >"$TEST_TMP/busy.ini" <<'INI'
[scenario]
title = a System V queue and a FIFO, busy until the end
duration = 4s
[channel q]
type = sysv-msgq
[channel f]
type = fifo
[process wq]
role = producer
to = q
size = 100
rate = 200/s
[process rq]
role = consumer
from = q
[process wf]
role = producer
to = f
size = 100
rate = 200/s
[process rf]
role = consumer
from = f
INI

# A pid that nothing in this namespace has now, so that the run there
# looks dead to kill(pid, 0) here (the check this test guards against).
free_pid() {
	_max=$(cat /proc/sys/kernel/pid_max)
	_p=$(( $(od -An -N2 -tu2 /dev/urandom) % (_max / 2) + _max / 4 ))
	while [ -e "/proc/$_p" ] || [ -e "/proc/$((_p + 1))" ]; do
		_p=$((_p + 7))
		[ "$_p" -lt "$_max" ] || _p=300
	done
	echo "$_p"
}

# ns_run PID OUT SCENARIO DURATION: ipcscope as PID in a new PID
# namespace, in the background; $nspid is unshare, its child the
# namespace's init (sh), whose child is ipcscope.
ns_run() {
	unshare --pid --fork --mount-proc sh -c '
		echo $(($1 - 1)) >/proc/sys/kernel/ns_last_pid || exit 99
		"$2" --headless --interval 200 --duration "$5" "$3" >"$4" 2>&1
		echo "rc=$?" >>"$4"
	' sh "$1" "$IPCSCOPE" "$3" "$2" "$4" 2>"$2.err" &
	nspid=$!
}

# 1. A live run over there survives a start here.
p=$(free_pid)
out_a="$TEST_TMP/a.out"
ns_run "$p" "$out_a" "$TEST_TMP/busy.ini" 4
wait_for 10 sh -c "grep -q '^msq' $TEST_TMP/ipcscope.$p.*/objects && grep -q '\"type\":\"sample\"' $out_a" ||
	die "the run in the other namespace did not start: $(cat "$out_a")"
dir_a=$(ls -d "$TEST_TMP"/ipcscope."$p".*)
msq_a=$(awk '$1 == "msq" { print $2 }' "$dir_a/objects")
# Its workers hold no copy of the lock: only ipcscope's death frees it.
host_a=$(pgrep -P "$(pgrep -P "$nspid" | head -n 1)" | head -n 1)
for w in $(pgrep -P "$host_a"); do
	ls -l "/proc/$w/fd" 2>/dev/null | grep -q "$dir_a/lock" &&
		fail "worker $w holds the run's lock file"
done
[ -n "$(ls /proc/"$host_a"/fd 2>/dev/null)" ] && ! ls -l "/proc/$host_a/fd" | grep -q "$dir_a/lock" &&
	fail "ipcscope ($host_a) holds no descriptor of its lock file"

"$IPCSCOPE" --headless --duration 0.3 pipe-fill >"$TEST_TMP/b.out" 2>&1 ||
	fail "a start here failed: $(cat "$TEST_TMP/b.out")"
[ -d "$dir_a" ] || fail "the start here removed the live run's directory $dir_a"
[ -e "$dir_a/objects" ] || fail "the start here removed the live run's list"
for q in $msq_a; do
	msq_exists "$q" || fail "the start here removed the live run's queue $q"
done
wait "$nspid"
grep -q '^rc=0$' "$out_a" || fail "the run over there did not end well: $(grep -v '"type":"sample"' "$out_a" | head -c 2000)"
grep -q '"reason":"duration"' "$out_a" || fail "the run over there did not reach its duration"
grep '"type":"sample"' "$out_a" | tail -n 1 | grep -q '"state":"failed"' &&
	fail "a process of the run over there failed: $(grep '"type":"sample"' "$out_a" | tail -n 1)"
left=$(ls -A "$TEST_TMP" | grep -v -e '\.out$' -e '\.out\.err$' -e '^busy.ini$')
[ -z "$left" ] || fail "the run over there left: $left"
[ "$TEST_FAILED" = 0 ] && pass "a live run in another PID namespace keeps its objects and ends normally"

# 2. Killed over there (the namespace goes, ipcscope with it by SIGKILL):
# its lock is free, and a start here removes what it left.
p=$(free_pid)
out_a="$TEST_TMP/a2.out"
ns_run "$p" "$out_a" "$TEST_TMP/busy.ini" 60
wait_for 10 sh -c "grep -q '^msq' $TEST_TMP/ipcscope.$p.*/objects && grep -q '\"type\":\"sample\"' $out_a" ||
	die "the second run over there did not start: $(cat "$out_a")"
dir_a=$(ls -d "$TEST_TMP"/ipcscope."$p".*)
msq_a=$(awk '$1 == "msq" { print $2 }' "$dir_a/objects")
init_a=$(pgrep -P "$nspid" | head -n 1)
host_a=$(pgrep -P "$init_a" | head -n 1)
[ -n "$host_a" ] || die "cannot find the second run's ipcscope"
kill -s KILL "$init_a"
wait "$nspid" 2>/dev/null
# Its init is gone: the kernel kills everything in it; wait for the rest.
wait_for 5 all_gone "$host_a" || die "the killed namespace's ipcscope ($host_a) is still there"
[ -d "$dir_a" ] || die "the killed run's directory went before any sweep"
"$IPCSCOPE" --headless --duration 0.3 pipe-fill >"$TEST_TMP/b.out" 2>&1 ||
	fail "a start here failed: $(cat "$TEST_TMP/b.out")"
[ -e "$dir_a" ] && fail "the killed run's directory stayed: $(ls -A "$dir_a")"
for q in $msq_a; do
	msq_exists "$q" && fail "the killed run's queue $q stayed"
done
left=$(ls -A "$TEST_TMP" | grep -v -e '\.out$' -e '\.out\.err$' -e '^busy.ini$')
[ -z "$left" ] || fail "left after the sweep: $left"
[ "$TEST_FAILED" = 0 ] && pass "a run killed in another PID namespace is swept by the next start"

# 3. Directories without a lock file: an older version's run goes by its
# pid; a staging directory by its age (making one takes microseconds).
dead=$(free_pid)
mkdir -m 0700 "$TEST_TMP/ipcscope.$dead.oldrun" "$TEST_TMP/ipcscope.$$.oldrun" \
    "$TEST_TMP/ipcscope-new.$$.fresh" "$TEST_TMP/ipcscope-new.$$.stale"
: >"$TEST_TMP/ipcscope.$dead.oldrun/objects"
: >"$TEST_TMP/ipcscope.$$.oldrun/objects"
touch -d '2 minutes ago' "$TEST_TMP/ipcscope-new.$$.stale"
"$IPCSCOPE" --headless --duration 0.3 pipe-fill >"$TEST_TMP/b.out" 2>&1 ||
	fail "a start here failed: $(cat "$TEST_TMP/b.out")"
[ -e "$TEST_TMP/ipcscope.$dead.oldrun" ] && fail "a lockless run of a dead pid was not swept"
[ -e "$TEST_TMP/ipcscope.$$.oldrun/objects" ] || fail "a lockless run of a live pid was swept"
[ -e "$TEST_TMP/ipcscope-new.$$.stale" ] && fail "a staging directory two minutes old was not swept"
[ -e "$TEST_TMP/ipcscope-new.$$.fresh" ] || fail "a fresh staging directory was swept"
rm -rf "$TEST_TMP/ipcscope.$$.oldrun" "$TEST_TMP/ipcscope-new.$$.fresh"
[ "$TEST_FAILED" = 0 ] && pass "without a lock file: a dead pid or an old staging directory is swept, nothing else"
finish
