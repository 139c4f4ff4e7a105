#!/bin/sh
# The story follows the state, in a real terminal: after the user pauses
# the reader, a scripted caption that cannot be true does not appear and a
# live caption says what is blocked and why; when the script's duration
# is over its processes are stopped and the last screen says so; with
# --step, n on a cue that waits for a state says what it waits for, and
# the cue runs once that holds.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"
UI=ncurses

# True once the run's time in the header is at least $1 seconds.
run_past() {
	_t=$(screen | sed -n '1s/.* t \([0-9.]*\)s .*/\1/p')
	[ -n "$_t" ] && awk -v t="$_t" -v at="$1" 'BEGIN { exit !(t >= at) }'
}

# The caption box's text as one line (the view wraps it).
caption() {
	screen | sed -n '/╭─/,/╰─/p' | sed -e '1d' -e '$d' \
	    -e 's/^ *│ //' -e 's/ *│ *$//' | tr '\n' ' '
}
caption_has() { caption | grep -qF -- "$1"; }

# ipcscope's own pid (its workers share its command line, not its name).
ipcscope_pid() {
	for _p in $(pgrep -f -- "$1"); do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = ipcscope ] && echo "$_p"
	done
}

# pipe-fill with its reader sooner and faster (from 1 s at 1 MiB/s: done
# about 3 s into the run), so that its "Done" caption would come early.
# Prints its path, $TEST_TMP/soon-PART/pipe-fill.ini.
soon_pipe_fill() {
	mkdir "$TEST_TMP/soon-$TEST_PART" || die "mkdir"
	sed -e 's/^start = 3s$/start = 1s/' -e 's/^at = 3s$/at = 1s/' \
	    -e 's/^rate = 512K\/s$/rate = 1M\/s/' \
	    "$IPCSCOPE_PATH/pipe-fill.ini" >"$TEST_TMP/soon-$TEST_PART/pipe-fill.ini"
	[ "$(grep -c -e '^start = 1s$' -e '^at = 1s$' -e '^rate = 1M/s$' \
	    "$TEST_TMP/soon-$TEST_PART/pipe-fill.ini")" -eq 3 ] ||
		die "pipe-fill.ini changed: this test needs new edits"
	echo "$TEST_TMP/soon-$TEST_PART/pipe-fill.ini"
}

pause_reader() {
	launch 80 24 "" "$(soon_pipe_fill)"
	wait_for 10 screen_has "The reader has started" || die "no reader caption: $(screen)"
	t send-keys -t ipc Down
	wait_for 3 screen_has '^ ▶ reader ' || die "Down did not select the reader: $(screen)"
	t send-keys -t ipc p
	wait_for 3 screen_has "off the script · you paused reader" ||
		fail "no live caption after pausing the reader: $(screen)"
	caption_has "reader is paused (SIGSTOP)" || fail "the live caption does not say the reader is paused: $(screen)"
	wait_for 3 caption_has "writer is blocked in write() on pipe" ||
		fail "the live caption does not say the writer is blocked: $(screen)"
	caption_has "The reader has started" && fail "the scripted caption stayed: $(screen)"
	# Unpaused, the reader would have been done by 3.5 s: "Done" must not
	# show while it cannot be true.
	_i=0
	while ! run_past 4.5; do
		caption_has "Done:" && { fail "the Done caption appeared with the reader paused: $(screen)"; break; }
		_i=$((_i + 1))
		[ "$_i" -lt 150 ] || { fail "the run's time did not pass 4.5 s: $(screen)"; break; }
		sleep 0.1
	done
	proc_line=$(screen | grep -E '^ [ ▶] reader ')
	echo "$proc_line" | grep -q PAUSED || fail "the reader is not shown paused: $proc_line"
	pass "a paused reader: no scripted 'Done', a live caption says what is blocked"

	t send-keys -t ipc p
	wait_for 10 caption_has "Done: 512 messages arrived, 0 lost" ||
		fail "the Done caption did not come once it was true: $(screen)"
	screen_lacks "off the script ·" || fail "still a live caption after the Done cue ran: $(screen)"
	wait_for 3 screen_has "FINISHED" || fail "no FINISHED: $(screen)"
	screen | grep -E '^ pipe ' | grep -q "closed" ||
		fail "the pipe's gauge does not say closed: $(screen)"
	screen | grep -E '^ pipe ' | grep -q "?" && fail "a ? on the pipe's line: $(screen)"
	pass "resumed: the Done caption once it holds; the gauge then says closed"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

# pipe-fill with its reader killed (k) while it reads: the writer dies of
# SIGPIPE, and the screen never says "Done ... 0 lost ... it never loses
# data"; a live caption says why each ended.
kill_reader() {
	launch 80 24 "" "$(soon_pipe_fill)"
	wait_for 10 screen_has "The reader has started" || die "no reader caption: $(screen)"
	t send-keys -t ipc Down
	wait_for 3 screen_has '^ ▶ reader ' || die "Down did not select the reader: $(screen)"
	t send-keys -t ipc k
	wait_for 3 screen_has "off the script · you killed reader" ||
		fail "no live caption after killing the reader: $(screen)"
	wait_for 3 caption_has "reader has ended, killed by SIGKILL" ||
		fail "the live caption does not say the reader was killed: $(screen)"
	wait_for 3 caption_has "writer has ended, killed by SIGPIPE: it wrote where no reader was left" ||
		fail "the live caption does not say why the writer ended: $(screen)"
	wait_for 3 screen_has "FINISHED" || fail "no FINISHED: $(screen)"
	# Unkilled, the reader would have been done by 3.5 s.
	_i=0
	while ! run_past 4.5; do
		_i=$((_i + 1))
		[ "$_i" -lt 150 ] || { fail "the run's time did not pass 4.5 s: $(screen)"; break; }
		sleep 0.1
	done
	screen_lacks "Done:" || fail "a Done caption with the reader killed: $(screen)"
	screen_lacks "never loses data" || fail "'never loses data' with the reader killed: $(screen)"
	screen_has "off the script · you killed reader" || fail "the live caption went: $(screen)"
	pass "a killed reader: no scripted 'Done', a live caption says why each ended"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

# --big, the projector's layout: nonblock-eagain's lesson, the drops, is on
# the process lines, and a short wait reads "<0.1 s", never "0.0 s".
big_drops() {
	launch 100 30 "" "--big nonblock-eagain"
	wait_for 5 screen_has "RUNNING" || die "--big: not running: $(screen)"
	_i=0
	while ! screen_has FINISHED; do
		screen_lacks ' 0\.0 s' || { fail "--big: a 0.0 s wait: $(screen)"; break; }
		_i=$((_i + 1))
		[ "$_i" -lt 150 ] || { fail "--big: no FINISHED: $(screen)"; break; }
		sleep 0.05
	done
	screen_has '^ *[▶ ] dropper  *DONE [0-9][0-9]* dropped' ||
		fail "--big: the dropper's drops: $(screen)"
	screen_has '^ *reader-a  *DONE [0-9][0-9]* lost' ||
		fail "--big: reader-a's losses: $(screen)"
	pass "--big: drops and losses on the process lines, no 0.0 s waits"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

# Workers that would go on for ever and a script of 3 s: at its end they
# are stopped, the last screen stays and says so, r plays it again, q
# quits.
over() {
	cat >"$TEST_TMP/busy.ini" <<'INI'
[scenario]
title = Busy until the end
duration = 3s
[channel p]
type = pipe
[process w]
role = producer
to = p
rate = 200/s
[process r]
role = consumer
from = p
INI
	launch 100 30 "" "$TEST_TMP/busy.ini"
	wait_for 5 screen_has "RUNNING" || die "not running: $(screen)"
	pid=$(ipcscope_pid "$TEST_TMP/busy.ini")
	[ -n "$pid" ] || die "no ipcscope process"
	[ -n "$(children_of "$pid")" ] || run_past 2.5 || fail "no workers while running"
	wait_for 8 screen_has "FINISHED · the script's 3 s are over" ||
		fail "the end of the script is not on the screen: $(screen)"
	wait_for 3 sh -c "[ -z \"\$(pgrep -P $pid)\" ]" ||
		fail "workers still run after the script's end: $(pgrep -P "$pid")"
	screen | grep -E '^ p ' | grep -q "?" && fail "a ? on the gauge after the end: $(screen)"
	screen | grep -E '^ p ' | grep -Eq '[0-9.]+/64.0 KiB' ||
		fail "the gauge lost its last value: $(screen)"
	sleep 0.5
	screen_has "FINISHED · the script's 3 s are over" || fail "the last screen did not stay: $(screen)"
	pass "the script's end stops its workers and the last screen says so"
	t send-keys -t ipc r
	wait_for 5 screen_has "RUNNING" || fail "r did not restart: $(screen)"
	wait_for 3 sh -c "[ -n \"\$(pgrep -P $pid)\" ]" || fail "no workers after r"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
	tty_restored || fail "terminal not restored: $(screen)"
	pass "r after the end plays it again, q quits"
}

# --step: n before the cue's state says what it waits for; the cue runs
# by itself once the reader has read.
step_waits() {
	cat >"$TEST_TMP/wait.ini" <<'INI'
[scenario]
title = A cue waits for the reader
about = The reader starts at 8 seconds; the cue waits for it to read.
duration = 15s
[channel p]
type = pipe
[process w]
role = producer
to = p
count = 100
[process r]
role = consumer
from = p
start = 8s
[cue]
at = 0s
when = r.msgs_in >= 1
say = The reader has read {r.msgs_in} messages.
INI
	launch 100 30 "" "--step $TEST_TMP/wait.ini"
	wait_for 5 screen_has "about · n: first cue" || die "no about caption: $(screen)"
	t send-keys -t ipc n
	wait_for 3 screen_has "cue 1/1 waits for: r.msgs_in >= 1 (now 0)" ||
		fail "n did not say what the cue waits for: $(screen)"
	run_past 8 && fail "too late to see the cue wait (the reader starts at 8 s)"
	screen_has "cue 1/1 waits for r.msgs_in >= 1" || fail "the caption's title does not say it waits: $(screen)"
	wait_for 14 screen_has "cue 1/1 · the last" || fail "the cue did not run once its state held: $(screen)"
	screen_has "The reader has read [0-9]* messages" || fail "the cue's caption: $(screen)"
	run_past 8 || fail "the cue ran before the reader started: $(screen)"
	pass "--step: n says what a cue waits for, and it runs once that holds"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
}

part pause-reader pause_reader
part kill-reader kill_reader
part big-drops big_drops
part over over
part step-waits step_waits
finish
