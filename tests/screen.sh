#!/bin/sh
# A stable screen, in a real terminal (tmux), at 80x24 and 120x40 on each
# back end: while pipe-fill fills its pipe and the reader starts, the
# process table's header row keeps one layout and no number is cut; the
# footer offers e, f, s and ?; a status message goes after its time; e
# then c turns the explain panel to the channel; F1 opens the help and
# F10 quits, restoring the terminal.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

# In a saved screen: the process table's header, the rule that names the
# columns; and its rows, from the header to the first blank line.
header_row() { grep -e '── process' -e '-- process' "$1" | head -n 1; }
table_rows() { sed -n '/── process/,/^ *$/p' "$1" | sed '1d'; }
# A number cut inside its column: a digit before the ellipsis, a unit
# broken off ("512.5 K", "64.0 KiB/"), a duration cut ("59m5").
cut_number() {
	grep -E -e '[0-9]…' \
	    -e '[0-9] (K|M|G|T|Ki|Mi|Gi|Ti|KiB/|MiB/|GiB/|B/|m|ms|msg|msgs/)( |$)' \
	    -e '[0-9][mh][0-9]( |$)'
}

scenario=$IPCSCOPE_PATH/pipe-fill.ini
fill=$(late_pipe_fill) || die "$fill"

stable() {
UI=$1
cols=$2
rows=$3
at="$UI ${cols}x$rows"

# The real pipe-fill: 25 frames across the writer's burst, the blocked
# pipe and the reader's start at 3 s (on a busy machine, later ones):
# the values change, the header must not.
launch "$cols" "$rows" "" "$scenario"
wait_for 5 screen_has "BLOCKED write pipe" || die "$at: no blocked writer: $(screen)"
: >"$TEST_TMP/headers"
: >"$TEST_TMP/rows"
n=0
while [ "$n" -lt 25 ]; do
	screen >"$TEST_TMP/frame"
	header_row "$TEST_TMP/frame" >>"$TEST_TMP/headers"
	table_rows "$TEST_TMP/frame" >>"$TEST_TMP/rows"
	n=$((n + 1))
	sleep 0.1
done
f0=$TEST_FAILED
TEST_FAILED=0
grep -q "state" "$TEST_TMP/headers" || fail "$at: no header row: $(screen)"
layouts=$(sort -u "$TEST_TMP/headers" | wc -l)
[ "$layouts" -eq 1 ] ||
	fail "$at: $layouts process-table layouts in 25 frames: $(sort -u "$TEST_TMP/headers")"
grep -q "writer" "$TEST_TMP/rows" || fail "$at: no process rows"
if cut_number <"$TEST_TMP/rows" >"$TEST_TMP/cut"; then
	fail "$at: a number cut in its column: $(cat "$TEST_TMP/cut")"
fi
# The footer has the keys a first-time user needs.
foot=$(grep -v '^ *$' "$TEST_TMP/frame" | tail -n 1)
for k in "e explain" "f freeze" "s scenarios" "? help"; do
	echo "$foot" | grep -qF -- "$k" || fail "$at: footer lacks '$k': $foot"
done
# F10 quits (whether the run is over or not) and restores the terminal.
t send-keys -t ipc F10
wait_for 5 screen_has "EXITED:0" || fail "$at: F10 did not quit with 0: $(screen)"
tty_restored || fail "$at: F10: terminal not restored: $(screen)"
[ "$TEST_FAILED" -eq 0 ] &&
	pass "$at: one process-table layout in 25 frames, no number cut; footer has e f s ?; F10 quits"
TEST_FAILED=$((f0 | TEST_FAILED))

# The rest on the pipe-fill whose writer stays blocked: nothing ends
# under a slow test.
launch "$cols" "$rows" "" "$fill"
wait_for 5 screen_has "BLOCKED write pipe" || die "$at: late fill: $(screen)"
f0=$TEST_FAILED
TEST_FAILED=0
# A message shows, then goes after its time (4 s); the state stays.
t send-keys -t ipc p
wait_for 3 screen_has "writer paused (SIGSTOP)" || fail "$at: no pause message: $(screen)"
wait_for 10 screen_lacks "writer paused (SIGSTOP)" || fail "$at: the message stayed: $(screen)"
screen_has "PAUSED" || fail "$at: the writer is no longer shown paused: $(screen)"
t send-keys -t ipc p
wait_for 3 screen_lacks "PAUSED" || fail "$at: p again did not resume: $(screen)"
# e explains the writer; c turns the open panel to the channel.
t send-keys -t ipc e
wait_for 3 screen_has "explain writer" || fail "$at: e: $(screen)"
t send-keys -t ipc c
wait_for 3 screen_has "explain pipe" || fail "$at: c did not turn the panel to the channel: $(screen)"
screen_lacks "explain writer" || fail "$at: c: still the writer: $(screen)"
t send-keys -t ipc Escape
wait_for 3 screen_lacks "explain pipe" || fail "$at: Escape did not close the panel: $(screen)"
sleep 0.3	# an ESC followed at once by a key reads as Alt-key
# F1 opens the help.
t send-keys -t ipc F1
wait_for 3 screen_has "show or close this help" || fail "$at: F1 did not open the help: $(screen)"
t send-keys -t ipc Escape
wait_for 3 screen_lacks "show or close this help" || fail "$at: help did not close: $(screen)"
sleep 0.3
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "$at: q did not quit with 0: $(screen)"
[ "$TEST_FAILED" -eq 0 ] &&
	pass "$at: the message went, PAUSED stayed; e then c explains the channel; F1 helps"
TEST_FAILED=$((f0 | TEST_FAILED))
}

for ui in $(tmux_uis); do
	part "$ui-80" stable "$ui" 80 24
	part "$ui-120" stable "$ui" 120 40
done
finish
