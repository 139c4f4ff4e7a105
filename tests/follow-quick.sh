#!/bin/sh
# ipcscope --headless -- CMD where CMD ends within milliseconds, its
# children before it: each child still has its start and its exit in the
# events (CMD is reaped before the kernel's fork events are read; they
# came before its end), and the run exits with CMD's status.
. "$TESTLIB"

quick() {
	out="$TEST_TMP/quick-$1.jsonl"
	pids="$TEST_TMP/quick-$1.pids"
	"$IPCSCOPE" --headless -- sh -c "/bin/true & echo \$! >$pids; wait; /bin/true & echo \$! >>$pids; wait; exit 7" >"$out" 2>"$out.err"
	rc=$?
	[ "$rc" -eq 7 ] || fail "run $1: exit $rc, want CMD's 7: $(cat "$out.err")"
	[ "$(wc -l <"$pids")" -eq 2 ] || die "run $1: the shell did not write two pids"
	for p in $(cat "$pids"); do
		grep -q "\"what\":\"start\",\"detail\":\"pid $p\"" "$out" ||
			fail "run $1: child $p has no start event: $(grep '"event"' "$out")"
		grep -q "\[$p\]\",\"what\":\"exit\",\"detail\":\"exit 0\"" "$out" ||
			fail "run $1: child $p has no exit event: $(grep '"event"' "$out")"
	done
	pass "run $1: two 1 ms children of a 3 ms CMD: start and exit each, exit 7"
}

for i in 1 2 3; do
	part "quick-$i" quick "$i"
done
finish
