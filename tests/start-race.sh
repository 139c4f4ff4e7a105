#!/bin/sh
# Runs started together share TMPDIR: one's start-up sweep must never take
# the directory another is making (its lock file made, not locked yet: a
# sweep could lock it and remove the directory under it, and that run
# failed with exit 3). A young staging directory is left alone; an old one,
# the leftover of a start that died, is removed.
. "$TESTLIB"

# A start caught between creating its lock file and locking it.
stage() {
	mkdir "$TEST_TMP/$1" || die "mkdir $1"
	: >"$TEST_TMP/$1/lock"
	echo "# ipcscope objects: written before each is created" >"$TEST_TMP/$1/objects"
}
stage ipcscope-new.4194300.young0
stage ipcscope-new.4194301.stale0
touch -d '2 minutes ago' "$TEST_TMP/ipcscope-new.4194301.stale0"

"$IPCSCOPE" --headless --duration 0.3 pipe-slots >/dev/null 2>"$TEST_TMP/err" ||
	fail "a start next to staging directories: exit $?: $(cat "$TEST_TMP/err")"
[ -d "$TEST_TMP/ipcscope-new.4194300.young0" ] ||
	fail "the sweep removed a staging directory being made"
[ -d "$TEST_TMP/ipcscope-new.4194301.stale0" ] &&
	fail "the sweep left a staging directory of two minutes ago"
rm -rf "$TEST_TMP/ipcscope-new.4194300.young0" "$TEST_TMP/err"
pass "a young staging directory is a start under way; an old one a leftover"

# Thirty starts at once in one TMPDIR: every one runs, nothing is left.
i=0
while [ "$i" -lt 30 ]; do
	"$IPCSCOPE" --headless --duration 0.3 pipe-slots >/dev/null \
	    2>"$TEST_TMP/err.$i" || echo "$i: exit $?: $(cat "$TEST_TMP/err.$i")" >>"$TEST_TMP/failed" &
	i=$((i + 1))
done
wait
[ -s "$TEST_TMP/failed" ] && fail "starts at once: $(cat "$TEST_TMP/failed")"
rm -f "$TEST_TMP"/err.* "$TEST_TMP/failed"
[ -z "$(ls -A "$TEST_TMP")" ] || fail "left in TMPDIR: $(ls -A "$TEST_TMP")"
pass "thirty starts at once in one TMPDIR"
finish
