#!/bin/sh
# Every shipped scenario proves its own claim under --verify; a false
# expectation makes --verify fail. Each scenario is played once: its
# expectations must hold on a busy machine (margins where timing is not
# the lesson, see ipcscope-scenario(5)), so a failure is a failure.
. "$TESTLIB"

dir="$TEST_TMP/runs"
mkdir "$dir" || die "mkdir $dir"

# The verifier can fail: the same scenario with one wrong number.
sed 's/^pipe.fill = {pipe.capacity}$/pipe.fill = 1000/' \
    "$IPCSCOPE_PATH/pipe-fill.ini" >"$TEST_TMP/wrong.ini"
grep -q "pipe.fill = 1000" "$TEST_TMP/wrong.ini" || die "could not make the wrong scenario"

# by = TIME, a deadline: r reads all 20 only after it starts at 1.5 s, so
# the first section holds from then on, the second (the writer blocked
# while nobody reads) just after 1.1 s: it must be decided then, not held
# up by the first one's window.
cat >"$TEST_TMP/by.ini" <<'INI'
[scenario]
title = by gives a deadline
duration = 4s
[channel p]
type = pipe
[process w]
role = producer
to = p
size = 4K
count = 20
[process r]
role = consumer
from = p
start = 1500ms
[expect]
at = 1s
by = 2.5s
r.msgs_in = 20
r = done
[expect]
at = 1.1s
w = blocked write p
INI
# Without by, the old meaning: within 0.3 s of at. A deadline before r
# starts fails too.
sed '/^by = /d' "$TEST_TMP/by.ini" >"$TEST_TMP/noby.ini"
sed 's/^by = 2.5s$/by = 1.4s/' "$TEST_TMP/by.ini" >"$TEST_TMP/early.ini"
# A run cut by its duration says so where an expectation at end fails.
cat >"$TEST_TMP/cut.ini" <<'INI'
[scenario]
title = the duration runs out
duration = 1s
[channel p]
type = pipe
[process w]
role = producer
to = p
count = 10
[process r]
role = consumer
from = p
rate = 2/s
[expect]
at = end
r = done
INI

# The runs mostly sleep (all of them together take about 2 s of CPU):
# play them side by side, VERIFY_JOBS at a time (default: all), the
# longest first (by duration, then name), each into NAME.out and its
# exit status into NAME.rc. Their POSIX queues are small (a few KiB of
# the user's RLIMIT_MSGQUEUE each).
for f in "$IPCSCOPE_PATH"/*.ini "$TESTDATA/run-retry.ini" "$TEST_TMP"/*.ini; do
	d=$(sed -n 's/^duration *= *\([0-9]*\)s *$/\1/p' "$f")
	echo "${d:-10} $f"
done | sort -k1,1nr -k2 | cut -d' ' -f2- |
    xargs -d '\n' -P "${VERIFY_JOBS:-0}" -n 1 sh -c '
	n=$(basename "$2" .ini)
	"$0" --verify "$2" >"$1/$n.out" 2>&1
	echo $? >"$1/$n.rc"' "$IPCSCOPE" "$dir" ||
	die "xargs: a run could not be started"

for f in "$IPCSCOPE_PATH"/*.ini "$TESTDATA/run-retry.ini"; do
	name=$(basename "$f" .ini)
	out="$dir/$name.out"
	cat "$out"
	rc=$(cat "$dir/$name.rc")
	if [ "$rc" -ne 0 ]; then
		fail "$name: --verify exited $rc"
		continue
	fi
	grep -q "^PASS $name: " "$out" || fail "$name: no PASS line"
	grep -q "^FAIL" "$out" && fail "$name: a FAIL line with exit 0"
	# No shipped scenario ends STALLED unless a stall is its lesson (its
	# file says 'stall = yes' in an [expect]).
	if [ "$f" = "$TESTDATA/run-retry.ini" ]; then
		:
	elif grep -q '^stall *= *yes' "$f"; then
		grep -q "^NOTE $name: a stall was reported" "$out" ||
			fail "$name: its lesson is a stall, and none was reported"
	else
		grep -q "^NOTE $name: a stall was reported" "$out" &&
			fail "$name: a stall that is not its lesson"
	fi
	grep -q "^$name: [1-9][0-9]* passed, 0 failed$" "$out" || fail "$name: summary"
done
pass "every shipped scenario and run-retry pass --verify, and none stalls but where that is its lesson"

out="$dir/wrong.out"
rc=$(cat "$dir/wrong.rc")
cat "$out"
[ "$rc" -eq 1 ] || fail "a wrong expectation exited $rc, want 1"
grep -q "^FAIL wrong: at 2.0s: pipe.fill = 1000 (got [0-9]*)" "$out" ||
	fail "FAIL line for the wrong expectation"
pass "a wrong expectation fails"

# check NAME RC LINE...: the run of NAME exited RC and printed each LINE.
check() {
	_n=$1
	_rc=$2
	shift 2
	cat "$dir/$_n.out"
	[ "$(cat "$dir/$_n.rc")" -eq "$_rc" ] ||
		fail "$_n: --verify exited $(cat "$dir/$_n.rc"), want $_rc"
	for _l in "$@"; do
		grep -qxF "$_l" "$dir/$_n.out" || fail "$_n: no line '$_l'"
	done
}
check by 0 \
    "PASS by: at 1.0s by 2.5s: r.msgs_in = 20" \
    "PASS by: at 1.0s by 2.5s: r = done" \
    "PASS by: at 1.1s: w = blocked write p" \
    "by: 3 passed, 0 failed"
check noby 1 \
    "FAIL noby: at 1.0s: r.msgs_in = 20 (got 0)" \
    "FAIL noby: at 1.0s: r = done (got waiting)" \
    "PASS noby: at 1.1s: w = blocked write p"
check early 1 \
    "FAIL early: at 1.0s by 1.4s: r.msgs_in = 20 (got 0)" \
    "PASS early: at 1.1s: w = blocked write p"
check cut 1
grep -q "^FAIL cut: at end ([0-9.]*s): r = done (got waiting) \[the duration ran out: not every process had ended\]$" \
    "$dir/cut.out" || fail "cut: the FAIL line does not say the duration ran out"
pass "by: a deadline for a section, decided apart from the others"

# A deadline must come after at, within the duration, and not with end.
cat >"$TEST_TMP/bad-by.ini" <<'INI'
[scenario]
title = bad deadlines
duration = 4s
[channel p]
type = pipe
[process w]
role = producer
to = p
[process r]
role = consumer
from = p
[expect]
at = 2s
by = 1s
w = blocked
[expect]
at = end
by = 3s
r = done
[expect]
at = 1s
by = 5s
w = blocked
[expect]
at = 1s
by = soon
w = blocked
INI
bad="$TEST_TMP/bad-by.ini"
"$IPCSCOPE" --validate "$bad" >"$out" 2>&1
rc=$?
cat "$out"
[ "$rc" -eq 2 ] || fail "bad-by.ini: --validate exited $rc, want 2"
for l in \
    "$bad:14: by 1s must come after at 2s" \
    "$bad:18: 'by' needs a time in 'at', not 'at = end': nothing comes after the end" \
    "$bad:22: by 5s comes after the end of the scenario (duration 4s)" \
    "$bad:26: by: bad time 'soon': expected a number followed by s or ms (3s, 250ms, 1.5s)"; do
	grep -qxF "$l" "$out" || fail "bad-by.ini: no line '$l'"
done
pass "bad deadlines are errors with FILE:LINE"
finish
