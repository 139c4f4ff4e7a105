#!/bin/sh
# Presenting with --step in a real terminal, on every back end: cues wait
# for n (or the right arrow), the caption stays until then, and each cue's
# actions run at the key press, not at the cue's time.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"

# The line of a process in the process list.
proc_line() { screen | grep -E "^ [ ▶>] $1 "; }

for UI in $(tmux_uis); do
echo "== --ui $UI"
launch 100 30 "" "--step pipe-tour"
wait_for 5 screen_has "about · n: first cue" || die "no about caption: $(screen)"
wait_for 5 screen_has "BLOCKED write pipe" || die "writer not blocked: $(screen)"
# Cue 3 (start the reader) is due at 3s; without a key press nothing runs.
sleep 4
proc_line reader | grep -q "WAITING cue" || fail "the reader started without n: $(screen)"
screen_has "about · n: first cue" || fail "the caption moved on without n: $(screen)"
pass "$UI cues wait for the presenter"

t send-keys -t ipc n
wait_for 3 screen_has "cue 1/7 · n next" || fail "n did not show cue 1: $(screen)"
screen_has "The writer writes 4 KiB at a time" || fail "cue 1 caption: $(screen)"
t send-keys -t ipc n
wait_for 3 screen_has "cue 2/7 · n next" || fail "n did not show cue 2: $(screen)"
wait_for 3 screen_has "The pipe is full: 65536 of 65536 bytes" || fail "cue 2 caption with live numbers: $(screen)"
proc_line reader | grep -q "WAITING cue" || fail "the reader started before its cue: $(screen)"
# The right arrow steps too; cue 3 starts the reader at the key press.
t send-keys -t ipc Right
wait_for 3 screen_has "cue 3/7 · n next" || fail "right arrow did not show cue 3: $(screen)"
wait_for 3 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -E '^ [ ▶>] reader ' | grep -q 'BLOCKED read pipe'" ||
	fail "the reader did not start at the key press: $(screen)"
pass "$UI n and right arrow step, actions run at the key press"

for k in 4 5 6 7; do
	t send-keys -t ipc n
	wait_for 3 screen_has "cue $k/7" || fail "n did not show cue $k: $(screen)"
	sleep 0.3
done
wait_for 3 screen_has "cue 7/7 · the last" || fail "the last cue: $(screen)"
wait_for 3 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -E '^ [ ▶>] writer ' | grep -q 'FAILED SIGPIPE'" ||
	fail "close did not end the writer with SIGPIPE: $(screen)"
proc_line reader | grep -q "WAITING closed" || fail "the reader is not idle after closing: $(screen)"
t send-keys -t ipc n
wait_for 3 screen_has "that was the last cue" || fail "n after the last cue: $(screen)"
pass "$UI the whole tour, to the last cue"

t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
tty_restored || fail "terminal not restored: $(screen)"
done
finish
