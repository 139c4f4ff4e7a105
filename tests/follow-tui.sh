#!/bin/sh
# ipcscope -- CMD in a real terminal (tmux), once per back end: a shell
# pipeline's writer shows BLOCKED write on its full pipe under its own
# name, e explains it in the kernel's words, q quits: the terminal is
# restored, ipcscope exits 0 and nothing of the tree is left.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

# The pid in "NAME[PID]" as the screen shows it.
pid_of() { screen | sed -n "s/.*$1\[\([0-9]*\)\].*/\1/p" | head -n 1; }

pipeline() {
	UI=$1
	launch 120 30 "" "-- sh -c 'yes | sleep 30'"
	wait_for 15 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep 'yes\[' | grep -q 'BLOCKED write pipe:\['" ||
		{ screen; die "$UI: yes never shown BLOCKED write on its pipe"; }
	# The footer offers what a program can take (pause, kill, explain),
	# not a script's keys (rates, cues, restart, another scenario).
	foot=$(screen | tail -n 1)
	echo "$foot" | grep -q "k kill" || fail "$UI: footer without k: $foot"
	echo "$foot" | grep -Eq "scenarios|restart|rate|next cue" &&
		fail "$UI: the footer offers a script's keys to a program: $foot"
	yes_pid=$(pid_of yes)
	sleep_pid=$(pid_of sleep)
	[ -n "$yes_pid" ] && [ -n "$sleep_pid" ] || die "$UI: no pids on the screen"
	# What the kernel says at this moment: yes asleep in write(2).
	grep -q "^$SYS_write " "/proc/$yes_pid/syscall" ||
		fail "$UI: yes is not in write: $(cat "/proc/$yes_pid/syscall")"
	screen_has "64.0/64.0 KiB" || fail "$UI: the pipe is not shown full"
	# A followed program has no script to end: the run goes on.
	wait_for 5 screen_has "t [1-9][0-9.]*s *RUNNING" ||
		fail "$UI: the run does not go on: $(screen | head -1)"
	# Select yes (the rows in order: sh, yes, sleep) and explain it.
	t send-keys -t ipc Down
	t send-keys -t ipc e
	wait_for 5 screen_has "explain yes\[$yes_pid\]" ||
		fail "$UI: no explain panel for yes: $(screen)"
	# In the kernel's words: the call, the channel, its number.
	screen_has "yes\[$yes_pid\] is blocked in write() on pipe:\[" ||
		fail "$UI: the explanation: $(screen)"
	screen_has "asleep in system call $SYS_write" ||
		fail "$UI: the explanation lacks the kernel's call: $(screen)"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "$UI: q did not end with 0: $(screen)"
	tty_restored || fail "$UI: the terminal was not restored"
	for p in "$yes_pid" "$sleep_pid"; do
		[ -e "/proc/$p" ] && fail "$UI: process $p outlived ipcscope"
	done
	pass "$UI: a pipeline's writer BLOCKED write on its full pipe, explained; q cleans up"
}

for ui in $(tmux_uis); do
	part "pipeline-$ui" pipeline "$ui"
done
finish
