#!/bin/sh
# Once the script's duration is over in the terminal UI, its processes are
# stopped and its objects removed: p, k, +, - and space say so and do
# nothing (they signalled what was gone and read a queue's unmapped
# shared memory: a crash), and the screen stays until q. So once every
# process has ended.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"
UI=ncurses

over_keys() {
	# bounded-queue, a queue whose shared memory is unmapped at the end,
	# over at 3.5 s (its [expect] sections, later, left out).
	mkdir "$TEST_TMP/short" || die "mkdir"
	sed -e 's/^duration = 10s$/duration = 3.5s/' -e '/^\[expect\]/,$d' \
	    "$IPCSCOPE_PATH/bounded-queue.ini" >"$TEST_TMP/short/bounded-queue.ini"
	"$IPCSCOPE" --validate "$TEST_TMP/short/bounded-queue.ini" >&2 ||
		die "bounded-queue.ini changed: this test needs new edits"
	launch 80 24 "" "$TEST_TMP/short/bounded-queue.ini"
	wait_for 15 screen_has "the script's 3.5 s are over" ||
		die "the script did not end: $(screen)"
	for k in space p k + - space; do
		t send-keys -t ipc "$k"
		sleep 0.2
	done
	wait_for 3 screen_has "the script is over: r restarts, q quits" ||
		fail "the keys did not say the script is over: $(screen)"
	screen_lacks "EXITED" || fail "ipcscope ended on a key after the script: $(screen)"
	screen_lacks "off the script" || fail "a key acted after the script: $(screen)"
	pass "keys after the script's end say so and act on nothing"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

# Every process has ended before the script's duration: space, p, k, +
# have nothing to act on and say so; "you paused every process" would
# not be true.
ended_keys() {
	launch 80 24 "" "bounded-queue"
	wait_for 15 screen_has "FINISHED" || die "bounded-queue did not end: $(screen)"
	screen_lacks "are over" || die "the script was over before the test: $(screen)"
	t send-keys -t ipc space
	wait_for 3 screen_has "every process has ended: r restarts, q quits" ||
		fail "space did not say every process has ended: $(screen)"
	screen_lacks "you paused every process" ||
		fail "space said it paused what had ended: $(screen)"
	pass "keys after every process ended say so"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

part over-keys over_keys
part ended-keys ended_keys
finish
