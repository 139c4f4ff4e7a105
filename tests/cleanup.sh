#!/bin/sh
# Every way out removes every child and kernel object: SIGINT, SIGTERM,
# SIGHUP; after SIGKILL the children die at once (PR_SET_PDEATHSIG) and the
# named objects go at the next start.
. "$TESTLIB"

scen="$TESTDATA/run-all-kinds.ini"
out="$TEST_TMP/out.jsonl"

have_mqueue_fs=0
[ -d /dev/mqueue ] && mountpoint -q /dev/mqueue 2>/dev/null && have_mqueue_fs=1

start_run() {
	"$SIGDFL" "$IPCSCOPE" --headless --interval 100 "$scen" >"$out" 2>&1 &
	pid=$!
	# Running: every worker forked, the SysV queue recorded, samples out.
	wait_for 10 sh -c "[ \$(pgrep -P $pid | wc -l) -eq 10 ] && grep -q '^msq' $TEST_TMP/ipcscope.*/objects && grep -q '\"type\":\"sample\"' $out" ||
		die "the run did not start: $(cat "$out")"
	sleep 0.5
	kids=$(children_of "$pid")
	msqs=$(run_msq_ids)
	[ -n "$msqs" ] || die "no SysV queue recorded"
	for q in $msqs; do msq_exists "$q" || die "queue $q does not exist while running"; done
	[ -n "$(ls "$TEST_TMP"/ipcscope.*/ 2>/dev/null)" ] || die "no FIFO in the run directory"
}

check_clean() {
	what=$1
	wait_for 5 all_gone "$kids" || fail "$what: children left: $kids"
	for q in $msqs; do
		msq_exists "$q" && fail "$what: SysV queue $q left"
	done
	left=$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')
	[ -z "$left" ] || fail "$what: left in TMPDIR: $left"
	if [ "$have_mqueue_fs" = 1 ]; then
		ls /dev/mqueue | grep -q "^ipcscope\.$pid\." && fail "$what: POSIX queue left"
	fi
}

for sig in INT TERM HUP; do
	start_run
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	# ipcscope dies of the signal, after cleaning up: 128 + its number.
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	[ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, want $want"
	tail -n 1 "$out" | grep -q '"reason":"interrupted"' || fail "SIG$sig: no end record: $(tail -n 1 "$out")"
	check_clean "SIG$sig"
	pass "SIG$sig leaves nothing behind"
done

# SIGKILL: nothing of ours runs, but objects stay until the next start.
start_run
kill -s KILL "$pid"
wait "$pid" 2>/dev/null
wait_for 5 all_gone "$kids" || fail "SIGKILL: children outlived ipcscope: $kids"
ls -d "$TEST_TMP"/ipcscope.* >/dev/null 2>&1 || fail "SIGKILL: expected the dead run's directory to stay"
"$IPCSCOPE" --headless --duration 0.3 pipe-fill >/dev/null || fail "the next start failed"
for q in $msqs; do
	msq_exists "$q" && fail "SIGKILL: SysV queue $q not removed by the next start"
done
left=$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')
[ -z "$left" ] || fail "SIGKILL: the next start left: $left"
pass "SIGKILL: children die at once, the next start removes the rest"

# A runtime error path: a scenario the kernel refuses (more POSIX queue
# messages than RLIMIT_MSGQUEUE allows) exits 3 and leaves nothing.
cat >"$TEST_TMP/refused.ini" <<'INI'
[scenario]
title = refused by the kernel
[channel a]
type = posix-mq
capacity = 10
msgsize = 8K
[process w]
role = producer
to = a
size = 8K
[process r]
role = consumer
from = a
INI
prlimit --msgqueue=1000 "$IPCSCOPE" --headless --duration 1 "$TEST_TMP/refused.ini" >"$out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || fail "kernel refusal: exit $rc, want 3: $(cat "$out")"
grep -q "mq_open" "$out" || fail "kernel refusal: message: $(cat "$out")"
rm -f "$TEST_TMP/refused.ini"
left=$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')
[ -z "$left" ] || fail "refused: left: $left"
pass "a refused kernel object is a clear error, exit 3"
finish
