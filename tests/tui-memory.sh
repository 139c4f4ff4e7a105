#!/bin/sh
# The terminal UI's memory is bounded: during a busy run (the history
# behind f, [ and ] filling all along) it is under 16 MiB resident and no
# longer growing (10 s against 25 s): the history takes its whole budget
# at its first snapshot (tests/check_history.c checks an hour of them).
# Every back end at once, each in its own tmux.
. "$TESTLIB"

# A sanitizer's allocator keeps freed memory in quarantine and maps its
# own shadow: the resident size is then not the program's.
if grep -q __asan_init "$IPCSCOPE"; then
	echo "SKIP: an AddressSanitizer build: its resident size is not ipcscope's"
	exit 77
fi

TMUXB=${TMUX_BIN:-tmux}
command -v "$TMUXB" >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }
unset TMUX

LIMIT_KB=16384		# 16 MiB
GROWTH_KB=512		# what may still come between 10 s and 25 s

cat >"$TEST_TMP/busy.ini" <<'INI'
[scenario]
title = busy for an hour
duration = 3600s
[channel p]
type = pipe
[channel s]
type = unix-stream
[process w1]
role = producer
to = p
size = 4K
rate = 200/s
[process relay]
role = relay
from = p
to = s
[process r1]
role = consumer
from = s
rate = 100/s
[process w2]
role = producer
to = p
size = 4K
rate = 50/s
INI

uis=$("$IPCSCOPE" --version | sed -n 's/^ui: //p')
uis=${uis:-ncurses}
socks=""
cleanup_tmux() {
	for _s in $socks; do "$TMUXB" -L "$_s" kill-server 2>/dev/null; done
	cleanup_lib
}
trap cleanup_tmux EXIT

for ui in $uis; do
	sock="ipcscope-mem-$$-$ui"
	socks="$socks $sock"
	"$TMUXB" -L "$sock" -f /dev/null new-session -d -s ipc -x 100 -y 30 \
	    "env TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $IPCSCOPE --ui $ui '$TEST_TMP/busy.ini'; sleep 40" ||
		die "tmux for --ui $ui"
done

# ipcscope's pid in a tmux server's pane.
ipc_pid() {
	_pane=$("$TMUXB" -L "$1" display-message -p -t ipc '#{pane_pid}') &&
		pgrep -P "$_pane" -x ipcscope
}
rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}
pids=""
for ui in $uis; do
	sock="ipcscope-mem-$$-$ui"
	wait_for 5 ipc_pid "$sock" ||
		die "--ui $ui: ipcscope did not start: $($TMUXB -L "$sock" capture-pane -p -t ipc)"
	wait_for 5 sh -c "$TMUXB -L $sock capture-pane -p -t ipc | grep -q 'busy for an hour'" ||
		die "--ui $ui: nothing on screen: $($TMUXB -L "$sock" capture-pane -p -t ipc)"
	pids="$pids $(ipc_pid "$sock")"
done

sleep 10
r10=""
for p in $pids; do r10="$r10 $(rss_kb "$p")"; done
sleep 15
set -- $r10
for ui in $uis; do
	sock="ipcscope-mem-$$-$ui"
	p=$(ipc_pid "$sock") || { fail "--ui $ui: ipcscope is gone: $($TMUXB -L "$sock" capture-pane -p -t ipc)"; shift; continue; }
	a=$1
	shift
	b=$(rss_kb "$p")
	echo "--ui $ui: VmRSS ${a} kB at 10 s, ${b} kB at 25 s"
	[ -n "$a" ] && [ -n "$b" ] || { fail "--ui $ui: no VmRSS"; continue; }
	[ "$b" -le "$LIMIT_KB" ] || fail "--ui $ui: ${b} kB resident after 25 s, over $LIMIT_KB kB"
	[ $((b - a)) -le "$GROWTH_KB" ] ||
		fail "--ui $ui: grew $((b - a)) kB between 10 s and 25 s (more than $GROWTH_KB kB): not bounded"
	# Still live and answering: f freezes, [ steps back, q quits.
	"$TMUXB" -L "$sock" send-keys -t ipc f
	wait_for 10 sh -c "$TMUXB -L $sock capture-pane -p -t ipc | grep -q FROZEN" || fail "--ui $ui: f did not freeze"
	"$TMUXB" -L "$sock" send-keys -t ipc '[' '['
	"$TMUXB" -L "$sock" send-keys -t ipc q
	wait_for 20 all_gone "$p" ||
		fail "--ui $ui: q did not end ipcscope in 20 s: $($TMUXB -L "$sock" capture-pane -p -t ipc)"
done
[ "$TEST_FAILED" = 0 ] && pass "the terminal UI stays under 16 MiB and stops growing ($uis)"
finish
