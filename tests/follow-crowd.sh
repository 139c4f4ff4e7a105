#!/bin/sh
# ipcscope -- CMD where a launcher leaves many short-lived processes and
# their pipes behind (a pyenv shim runs dozens of bash before python; a
# script's $(...)), or a process many ended threads (a Manager's, one per
# connection): in a 100x30 terminal the live rows and the live channel
# stay in view, before the ended ones, and what they say is what /proc
# says; q cleans up.
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

# 40 threads that end, then one that blocks reading a pipe nobody
# writes: it is the row under its process, before the ended threads.
threads() {
	UI=$1
	PY=$(python -c 'import sys; print(sys.executable)') || die "no python3"
	cat >"$TEST_TMP/threads.py" <<'PY'
import os, threading, time
ts = [threading.Thread(target=time.sleep, args=(0.5,)) for _ in range(40)]
for t in ts: t.start()
for t in ts: t.join()
r, w = os.pipe()
threading.Thread(target=os.read, args=(r, 1)).start()
time.sleep(60)
PY
	launch 100 30 "" "-- $PY $TEST_TMP/threads.py"
	wait_for 20 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -q '└ python3\[[0-9]*\] *BLOCKED read pipe:\['" ||
		{ screen; die "$UI: the reading thread never shown BLOCKED read"; }
	screen_has "1-[0-9]* of 4[0-9] " ||
		fail "$UI: the 40 ended threads are not rows: $(screen)"
	rows=$(screen | sed -n '/── process/,/^$/p' | sed -n '2,3p')
	main=$(echo "$rows" | sed -n '1s/.*python3\[\([0-9]*\)\].*/\1/p')
	tid=$(echo "$rows" | sed -n '2s/.*└ python3\[\([0-9]*\)\] *BLOCKED read.*/\1/p')
	[ -n "$main" ] && [ -n "$tid" ] ||
		fail "$UI: the blocked thread is not the row under its process: $rows"
	grep -q "^$SYS_read " "/proc/$main/task/$tid/syscall" ||
		fail "$UI: thread $tid is not in read: $(cat "/proc/$main/task/$tid/syscall")"
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "$UI: q did not end with 0: $(screen)"
	tty_restored || fail "$UI: the terminal was not restored"
	[ -e "/proc/$main" ] && fail "$UI: python outlived ipcscope"
	pass "$UI: a live thread before its process's 40 ended threads"
}

for ui in $(tmux_uis); do
	part "crowd-$ui" crowd "$ui"
	part "threads-$ui" threads "$ui"
done
finish
