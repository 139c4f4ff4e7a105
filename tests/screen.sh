#!/bin/sh
# A stable screen, in a real terminal (tmux), at 80x24 and 120x40 on each
# back end: while pipe-fill fills its pipe and the reader starts, the
# process table's header row keeps one layout and no number is cut; the
# footer offers e, f, s and ?; a status message goes after its time; e
# then c turns the explain panel to the channel; F1 opens the help and
# F10 quits, restoring the terminal.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

# The process table's header: the rule that names the columns.
header_row() { screen | grep -e '── process' -e '-- process' | head -n 1; }
# The process table's rows: from its header to the first blank line.
table_rows() {
	screen | sed -n '/── process/,/^ *$/p' | sed '1d'
}
# A number cut inside its column: a digit before the ellipsis, a unit
# broken off ("512.5 K", "64.0 KiB/"), a duration cut ("59m5").
cut_number() {
	grep -E -e '[0-9]…' \
	    -e '[0-9] (K|M|G|T|Ki|Mi|Gi|Ti|KiB/|MiB/|GiB/|B/|m|ms|msg|msgs/)( |$)' \
	    -e '[0-9][mh][0-9]( |$)'
}

scenario=$IPCSCOPE_PATH/pipe-fill.ini

stable() {
UI=$1
cols=$2
rows=$3

launch "$cols" "$rows" "" "$scenario"
wait_for 5 screen_has "BLOCKED write pipe" || die "no blocked writer: $(screen)"
# ~2.5 s of samples, across the writer's burst, the blocked pipe and the
# reader's start at 3 s: the values change, the header must not.
: >"$TEST_TMP/headers"
: >"$TEST_TMP/rows"
n=0
while [ "$n" -lt 25 ]; do
	header_row >>"$TEST_TMP/headers"
	table_rows >>"$TEST_TMP/rows"
	n=$((n + 1))
	sleep 0.1
done
grep -q "state" "$TEST_TMP/headers" || fail "$UI ${cols}x$rows: no header row: $(screen)"
layouts=$(sort -u "$TEST_TMP/headers" | wc -l)
[ "$layouts" -eq 1 ] ||
	fail "$UI ${cols}x$rows: $layouts process-table layouts in 2.5 s: $(sort -u "$TEST_TMP/headers")"
grep -q "writer" "$TEST_TMP/rows" || fail "$UI ${cols}x$rows: no process rows"
if cut_number <"$TEST_TMP/rows" >"$TEST_TMP/cut"; then
	fail "$UI ${cols}x$rows: a number cut in its column: $(cat "$TEST_TMP/cut")"
fi
pass "$UI ${cols}x$rows: one process-table layout over 25 frames, no number cut"

# The footer has the keys a first-time user needs.
foot=$(screen | grep -v '^ *$' | tail -n 1)
for k in "e explain" "f freeze" "s scenarios" "? help"; do
	echo "$foot" | grep -qF -- "$k" || fail "$UI ${cols}x$rows: footer lacks '$k': $foot"
done

# A message shows, then goes after its time (4 s); the state stays.
t send-keys -t ipc p
wait_for 3 screen_has "writer paused (SIGSTOP)" || fail "$UI: no pause message: $(screen)"
wait_for 10 screen_lacks "writer paused (SIGSTOP)" || fail "$UI: the message stayed: $(screen)"
screen_has "PAUSED" || fail "$UI: the writer is no longer shown paused: $(screen)"
t send-keys -t ipc p
wait_for 3 screen_lacks "PAUSED" || fail "$UI: p again did not resume: $(screen)"
pass "$UI ${cols}x$rows: footer has e f s ?; the message went, PAUSED stayed"

# e explains the writer; c turns the open panel to the channel.
t send-keys -t ipc e
wait_for 3 screen_has "explain writer" || fail "$UI: e: $(screen)"
t send-keys -t ipc c
wait_for 3 screen_has "explain pipe" || fail "$UI: c did not turn the panel to the channel: $(screen)"
screen_lacks "explain writer" || fail "$UI: c: still the writer: $(screen)"
t send-keys -t ipc Escape
wait_for 3 screen_lacks "explain pipe" || fail "$UI: Escape did not close the panel: $(screen)"
sleep 0.3	# an ESC followed at once by a key reads as Alt-key

# F1 opens the help; F10 quits from the table.
t send-keys -t ipc F1
wait_for 3 screen_has "show or close this help" || fail "$UI: F1 did not open the help: $(screen)"
t send-keys -t ipc Escape
wait_for 3 screen_lacks "show or close this help" || fail "$UI: help did not close: $(screen)"
sleep 0.3
t send-keys -t ipc F10
wait_for 5 screen_has "EXITED:0" || fail "$UI: F10 did not quit with 0: $(screen)"
tty_restored || fail "$UI: F10: terminal not restored: $(screen)"
pass "$UI ${cols}x$rows: e then c explains the channel; F1 helps; F10 quits, terminal restored"
}

for ui in $(tmux_uis); do
	part "$ui-80" stable "$ui" 80 24
	part "$ui-120" stable "$ui" 120 40
done
finish
