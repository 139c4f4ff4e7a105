#!/bin/sh
# Every shipped scenario proves its own claim under --verify; a false
# expectation makes --verify fail.
. "$TESTLIB"

out="$TEST_TMP/out"
for f in "$IPCSCOPE_PATH"/*.ini; do
	name=$(basename "$f" .ini)
	"$IPCSCOPE" --verify "$name" >"$out" 2>&1
	rc=$?
	cat "$out"
	if [ "$rc" -eq 1 ]; then
		# Expectations are checked at moments; a machine too busy to
		# schedule the observer then can miss one. Once more, and say so:
		# a scenario that is really wrong fails again.
		echo "RETRY $name: the first run failed (above); running it again"
		"$IPCSCOPE" --verify "$name" >"$out" 2>&1
		rc=$?
		cat "$out"
	fi
	if [ "$rc" -ne 0 ]; then
		fail "$name: --verify exited $rc"
		continue
	fi
	grep -q "^PASS $name: " "$out" || fail "$name: no PASS line"
	grep -q "^FAIL" "$out" && fail "$name: a FAIL line with exit 0"
	grep -q "^$name: [1-9][0-9]* passed, 0 failed$" "$out" || fail "$name: summary"
done

# nonblock = retry and poll on a queue that cannot be polled.
"$IPCSCOPE" --verify "$TESTDATA/run-retry.ini" >"$out" 2>&1 || fail "run-retry: $(cat "$out")"
cat "$out"

# The verifier can fail: the same scenario with one wrong number.
sed 's/^pipe.fill = {pipe.capacity}$/pipe.fill = 1000/' \
    "$IPCSCOPE_PATH/pipe-fill.ini" >"$TEST_TMP/wrong.ini"
grep -q "pipe.fill = 1000" "$TEST_TMP/wrong.ini" || die "could not make the wrong scenario"
"$IPCSCOPE" --verify "$TEST_TMP/wrong.ini" >"$out" 2>&1
rc=$?
cat "$out"
[ "$rc" -eq 1 ] || fail "a wrong expectation exited $rc, want 1"
grep -q "^FAIL wrong: at 2.0s: pipe.fill = 1000 (got 65536)" "$out" ||
	grep -q "^FAIL wrong: at 2.0s: pipe.fill = 1000 (got [0-9]*)" "$out" ||
	fail "FAIL line for the wrong expectation"
finish
