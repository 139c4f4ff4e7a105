#!/bin/sh
# Output errors are said and make the exit status 3: standard output full
# (/dev/full) or closed (>&-), --record or --trace unwritable mid-run,
# --list, --help, --version and --verify output. A reader that leaves
# (| head -1) ends the run in order and ipcscope dies of SIGPIPE, as
# yes | head does. With stdout closed, no file opened later becomes
# descriptor 1. And the descriptor limit: raised when the hard limit
# allows, else a clear message before anything starts.
. "$TESTLIB"

scen="$TESTDATA/run-all-kinds.ini"
err="$TEST_TMP/err"
# The runs' TMPDIR: their directories, and in every worker's environment.
RUN_TMP="$TEST_TMP/r"
mkdir "$RUN_TMP" || die "mkdir"
run() { TMPDIR="$RUN_TMP" "$IPCSCOPE" "$@"; }

section() { failed_before=$TEST_FAILED; TEST_FAILED=0; }
section_end() {
	[ "$TEST_FAILED" -eq 0 ] && pass "$1"
	TEST_FAILED=$((TEST_FAILED | failed_before))
}

# Nothing of a run left: its directory (and so what it listed: the
# registry removes the objects, then the directory), or a process.
check_clean() {
	left=$(ls -A "$RUN_TMP")
	[ -z "$left" ] || fail "$1: left in TMPDIR: $left"
	wait_for 5 sh -c "! grep -lqsxz 'TMPDIR=$RUN_TMP' /proc/[0-9]*/environ" ||
		fail "$1: a process of the run lives on: $(grep -lsxz "TMPDIR=$RUN_TMP" /proc/[0-9]*/environ)"
}

# The message, exactly once, and no other line on stderr.
said_once() {
	n=$(grep -c -F -x -- "$2" "$err")
	[ "$n" -eq 1 ] || fail "$1: want '$2' once on stderr, got: $(cat "$err")"
	[ "$(wc -l <"$err")" -eq 1 ] || fail "$1: more on stderr: $(cat "$err")"
}

# A run whose output cannot be written: exit 3, the error said once, the
# run stopped at once and nothing left.
section
run --headless --duration 30 --interval 100 "$scen" >/dev/full 2>"$err"
rc=$?
[ "$rc" -eq 3 ] || fail "/dev/full: exit $rc, want 3"
said_once "/dev/full" "ipcscope: standard output: No space left on device"
check_clean "/dev/full"
run --headless --duration 30 --interval 100 "$scen" >&- 2>"$err"
rc=$?
[ "$rc" -eq 3 ] || fail "closed stdout: exit $rc, want 3"
said_once "closed stdout" "ipcscope: standard output: Bad file descriptor"
check_clean "closed stdout"
run --headless --duration 30 --format text "$scen" >/dev/full 2>"$err"
rc=$?
[ "$rc" -eq 3 ] || fail "--format text into /dev/full: exit $rc, want 3"
said_once "--format text /dev/full" "ipcscope: standard output: No space left on device"
section_end "standard output full or closed: said once, exit 3, run stopped at once"

# --record and --trace: the error is said (naming the file) and the exit
# status is 3, while stdout works.
section
for opt in --record --trace; do
	run --headless --duration 1 $opt /dev/full pipe-fill >"$TEST_TMP/out" 2>"$err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "$opt /dev/full: exit $rc, want 3"
	grep -q "^ipcscope: /dev/full: write error: No space left on device" "$err" ||
		fail "$opt /dev/full: message: $(cat "$err")"
	[ "$(wc -l <"$err")" -eq 1 ] || fail "$opt /dev/full: said more than once: $(cat "$err")"
	tail -n 1 "$TEST_TMP/out" | grep -q '"type":"end"' || fail "$opt /dev/full: stdout incomplete"
	check_clean "$opt /dev/full"
done
section_end "--record and --trace into /dev/full: said, exit 3"

# With stdout closed, --trace's file is not descriptor 1: it gets the
# trace (complete JSON), never JSON Lines.
section
trace="$TEST_TMP/t.json"
run --headless --duration 1 --trace "$trace" pipe-fill >&- 2>"$err"
rc=$?
[ "$rc" -eq 3 ] || fail "--trace, stdout closed: exit $rc, want 3"
grep -q '"type":' "$trace" && fail "--trace, stdout closed: JSON Lines in the trace file: $(head -c 300 "$trace")"
python -c 'import json, sys; json.load(open(sys.argv[1]))["traceEvents"]' "$trace" ||
	fail "--trace, stdout closed: not a complete trace: $(head -c 300 "$trace")"
said_once "--trace, stdout closed" "ipcscope: standard output: Bad file descriptor"
rm -f "$trace"
check_clean "--trace, stdout closed"
section_end "stdout closed: --trace's file is not descriptor 1"

# The other commands' output.
section
for args in --list --help --version "--verify pipe-fill"; do
	run $args >/dev/full 2>"$err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "$args >/dev/full: exit $rc, want 3"
	said_once "$args >/dev/full" "ipcscope: standard output: No space left on device"
	run $args >&- 2>"$err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "$args >&-: exit $rc, want 3"
	said_once "$args >&-" "ipcscope: standard output: Bad file descriptor"
done
check_clean "--verify"
section_end "--list, --help, --version, --verify: output errors said, exit 3"

# | head -1: the reader leaves; the run stops in order at once and
# ipcscope dies of SIGPIPE (after the cleanup), as yes | head does.
section
sigpipe=$(python -c 'import signal; print(int(signal.SIGPIPE))')
for fmt in jsonl text; do
	st="$TEST_TMP/status"
	rm -f "$st"
	(
		run --headless --interval 20 --format $fmt "$scen" 2>"$err"
		echo $? >"$st"
	) | head -n 1 >"$TEST_TMP/out"
	wait_for 10 test -s "$st" || fail "| head -1 ($fmt): no exit"
	rc=$(cat "$st")
	[ "$rc" = $((128 + sigpipe)) ] || fail "| head -1 ($fmt): exit $rc, want $((128 + sigpipe))"
	[ -s "$err" ] && fail "| head -1 ($fmt): said something: $(cat "$err")"
	[ "$(wc -l <"$TEST_TMP/out")" -eq 1 ] || fail "| head -1 ($fmt): $(cat "$TEST_TMP/out")"
	check_clean "| head -1 ($fmt)"
done
# The same by hand, to see the queues and workers it had: a reader reads
# one line, waits until the run is complete, and leaves.
mkfifo "$TEST_TMP/fifo"
env TMPDIR="$RUN_TMP" "$IPCSCOPE" --headless --interval 20 "$scen" >"$TEST_TMP/fifo" 2>"$err" &
pid=$!
exec 3<"$TEST_TMP/fifo"
read -r first <&3
echo "$first" | grep -q '"type":"scenario"' || fail "reader: first line: $first"
wait_for 10 sh -c "[ \$(pgrep -P $pid | wc -l) -eq 10 ] && grep -q '^msq' $RUN_TMP/ipcscope.*/objects" ||
	fail "reader: the run did not start"
kids=$(children_of "$pid")
msqs=$(awk '$1 == "msq" { print $2 }' "$RUN_TMP"/ipcscope.*/objects)
[ -n "$msqs" ] || fail "reader: no SysV queue recorded"
exec 3<&-
wait_for 5 all_gone "$pid" || { fail "reader gone: the run went on"; kill -KILL "$pid"; }
wait "$pid" 2>/dev/null
rc=$?
[ "$rc" = $((128 + sigpipe)) ] || fail "reader gone: exit $rc, want $((128 + sigpipe))"
wait_for 5 all_gone "$kids" || fail "reader gone: children left: $kids"
for q in $msqs; do
	msq_exists "$q" && fail "reader gone: SysV queue $q left"
done
check_clean "reader gone"
section_end "| head -1: stopped in order, died of SIGPIPE (128+N)"

# The descriptor limit. Soft limit low, hard limit high: raised, runs.
section
prlimit --nofile=64:4096 env TMPDIR="$RUN_TMP" "$IPCSCOPE" --headless --duration 1 "$scen" >"$TEST_TMP/out" 2>"$err"
rc=$?
[ "$rc" -eq 0 ] || fail "soft limit 64: exit $rc: $(cat "$err")"
tail -n 1 "$TEST_TMP/out" | grep -q '"reason":"duration"' || fail "soft limit 64: $(tail -n 1 "$TEST_TMP/out")"
[ -s "$err" ] && fail "soft limit 64: said: $(cat "$err")"
check_clean "soft limit 64"
# The workers inherit the raised limit: a consumer's /proc/PID/limits.
prlimit --nofile=64:4096 env TMPDIR="$RUN_TMP" "$IPCSCOPE" --headless --duration 30 pipe-fill >"$TEST_TMP/out" 2>"$err" &
pid=$!
wait_for 10 sh -c "[ \$(pgrep -P $pid | wc -l) -eq 2 ]" || fail "soft limit 64: workers did not start"
kid=$(pgrep -P "$pid" | head -n 1)
soft=$(awk '/^Max open files/ { print $4 }' "/proc/$kid/limits")
[ -n "$soft" ] && [ "$soft" -gt 200 ] || fail "a worker's soft limit is $soft, not raised past 200"
kill -TERM "$pid"
wait "$pid" 2>/dev/null
check_clean "soft limit 64, SIGTERM"
section_end "ulimit -n 64 with a higher hard limit: raised, the run works"

# Hard limit too low: the message says which limit and what is needed,
# exit 3, nothing created (no run directory, no recording).
section
prlimit --nofile=150:150 env TMPDIR="$RUN_TMP" "$IPCSCOPE" --headless --duration 1 --record "$TEST_TMP/c.cast" "$scen" >"$TEST_TMP/out" 2>"$err"
rc=$?
[ "$rc" -eq 3 ] || fail "hard limit 150: exit $rc, want 3"
grep -q "ipcscope: run-all-kinds: needs at least [0-9]* open descriptors (ulimit -n is 150, hard limit 150)" "$err" ||
	fail "hard limit 150: message: $(cat "$err")"
[ -s "$TEST_TMP/out" ] && fail "hard limit 150: output: $(head -c 200 "$TEST_TMP/out")"
[ -e "$TEST_TMP/c.cast" ] && fail "hard limit 150: the recording was created"
check_clean "hard limit 150"
section_end "hard limit too low: said which and how much, exit 3, nothing started"
finish
