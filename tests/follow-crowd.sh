#!/bin/sh
# ipcscope -- CMD where a launcher leaves many short-lived processes and
# their pipes behind (a pyenv shim runs dozens of bash before python; a
# script's $(...)): in a 100x30 terminal the live rows and the live
# channel stay in view, before the ended ones, and what they say is what
# /proc says; q cleans up.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

# The pid in "NAME[PID]" as the screen shows it.
pid_of() { screen | sed -n "s/.*$1\[\([0-9]*\)\].*/\1/p" | head -n 1; }

crowd() {
	UI=$1
	# 30 command substitutions: 30 subshells and 30 sleeps that end,
	# 30 pipes the shell read (held by nobody once each is done).
	cat >"$TEST_TMP/crowd-$UI.sh" <<'SH'
for i in $(seq 30); do x=$(sleep 0.02; echo "$i"); done
yes | sleep 60
SH
	launch 100 30 "" "-- sh $TEST_TMP/crowd-$UI.sh"
	wait_for 20 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep 'yes\[' | grep -q 'BLOCKED write pipe:\['" ||
		{ screen; die "$UI: yes never shown BLOCKED write among the ended rows"; }
	# The list is crowded: more rows than the screen has room for.
	screen_has "1-[0-9]* of [5-9][0-9] " ||
		fail "$UI: fewer rows than expected: $(screen)"
	yes_pid=$(pid_of yes)
	sleep_pid=$(pid_of sleep)
	[ -n "$yes_pid" ] && [ -n "$sleep_pid" ] || die "$UI: no pids on the screen"
	grep -q "^$SYS_write " "/proc/$yes_pid/syscall" ||
		fail "$UI: yes is not in write: $(cat "/proc/$yes_pid/syscall")"
	# The rows: the shell, then the live pipeline, then the ended ones.
	rows=$(screen | sed -n '/── process/,/^$/p' | sed -n '2,4p')
	echo "$rows" | sed -n 2p | grep -q "yes\[$yes_pid\] *BLOCKED write" ||
		fail "$UI: yes is not the second row: $rows"
	echo "$rows" | sed -n 3p | grep -q "sleep\[$sleep_pid\] *WAITING" ||
		fail "$UI: sleep is not the third row: $rows"
	# The channels: the live, full pipe first, the gone ones after.
	first=$(screen | sed -n '/── channels/{n;p;}')
	echo "$first" | grep -q "yes\[$yes_pid\] .*sleep\[$sleep_pid\] *64.0/64.0 KiB" ||
		fail "$UI: the full pipe is not the first channel: $first"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "$UI: q did not end with 0: $(screen)"
	tty_restored || fail "$UI: the terminal was not restored"
	for p in "$yes_pid" "$sleep_pid"; do
		[ -e "/proc/$p" ] && fail "$UI: process $p outlived ipcscope"
	done
	pass "$UI: live rows and the live channel before 60 ended rows and 30 gone pipes"
}

for ui in $(tmux_uis); do
	part "crowd-$ui" crowd "$ui"
done
finish
