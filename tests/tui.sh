#!/bin/sh
# The real terminal UI in a real terminal (tmux): the gauge fills, p pauses
# and resumes, q quits and the terminal is restored, ^C too. Every check
# runs once per terminal back end the binary has (ipcscope --version
# lists them on its "ui:" line).
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

# The 1-based screen line of the first match.
line_of() { screen | grep -n -- "$1" | head -n 1 | cut -d: -f1; }
# A left click at 0-based COL ROW, as an xterm reports it in X10 form:
# a press then a release (ESC [ M, then button 0 or 3, column and row,
# each plus 32 and 1-based). Both back ends decode it under tmux's TERM
# (tmux-256color: kmous=\E[M). Without the release curses takes the
# next press for a drag.
click() {
	t send-keys -t ipc -l "$(python -c 'import sys
at = chr(33 + int(sys.argv[1])) + chr(33 + int(sys.argv[2]))
sys.stdout.write("\033[M" + chr(32) + at + "\033[M" + chr(35) + at)' "$1" "$2")"
}
# The pane's mouse reporting modes, as tmux sees them: 000 is off.
mouse_flags() {
	t display-message -p -t ipc '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}'
}
fill=$(late_pipe_fill) || die "$fill"
# Each back end in three parts, side by side: the keys, freezing, and the
# other launches.
keys() {
UI=$1

launch 80 24 "" "$fill"
wait_for 5 screen_has "BLOCKED write pipe" || die "no blocked writer on screen: $(screen)"
wait_for 3 screen_has "64.0/64.0 KiB" || fail "the gauge did not reach 64.0/64.0 KiB: $(screen)"
wait_for 3 screen_has "The pipe is full: 64.0 KiB of 64.0 KiB" || fail "caption with live numbers: $(screen)"
s=$(screen)
echo "$s"
echo "$s" | grep -q "pipe-fill" || fail "scenario name not on screen"
echo "$s" | grep -q "writer" || fail "writer not on screen"
echo "$s" | grep -q "reader" || fail "reader not on screen"
echo "$s" | grep -q "q quit" || fail "footer not on screen"
[ "$(echo "$s" | wc -L)" -le 80 ] || fail "wider than 80 columns"
pass "$UI 80x24: gauge full, writer blocked, caption"

# p pauses the selected process (the writer, first), p again resumes it.
t send-keys -t ipc p
wait_for 3 screen_has "PAUSED" || fail "p did not pause: $(screen)"
t send-keys -t ipc p
wait_for 3 sh -c "! $TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -q PAUSED" ||
	fail "p again did not resume: $(screen)"
pass "$UI p pauses and resumes"

# Tab selects the reader; help opens and closes.
t send-keys -t ipc Tab
t send-keys -t ipc '?'
wait_for 3 screen_has "pause or resume the selected process" || fail "help overlay"
t send-keys -t ipc Escape
sleep 0.3

# e explains the selected process with live numbers and the kernel's rule.
sleep 0.3	# an ESC followed at once by a key reads as Alt-key
t send-keys -t ipc BTab
sleep 0.2
t send-keys -t ipc e
wait_for 3 screen_has "explain writer" || fail "e did not open the explain panel: $(screen)"
panel_text | grep -q "writer is blocked in write() on pipe for" ||
	fail "explain does not say the writer is blocked in write: $(screen)"
panel_text | grep -q "holds 64.0 KiB of 64.0 KiB (full)" ||
	fail "explain does not give the live fill: $(screen)"
panel_text | grep -q "Rule: A pipe holds at most its capacity (F_GETPIPE_SZ)" ||
	fail "explain does not quote the pipe's rule: $(screen)"
t send-keys -t ipc Escape
wait_for 3 sh -c "! $TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -q 'explain writer'" || fail "esc did not close the panel"
pass "$UI e explains the blocked writer"

# c selects a channel from the keyboard; e explains it.
sleep 0.3	# after ESC
t send-keys -t ipc c
sleep 0.2
t send-keys -t ipc e
wait_for 3 screen_has "explain pipe" || fail "c then e did not explain the channel: $(screen)"
panel_text | grep -q "pipe is a pipe channel holding .* of 64.0 KiB" ||
	fail "the channel panel lacks its live fill: $(screen)"
t send-keys -t ipc Escape
sleep 0.3
t send-keys -t ipc Down	# back to the processes: the first, writer
pass "$UI c selects a channel, e explains it"

# A click on a process row selects it.
[ "$(mouse_flags)" != "000" ] || fail "mouse reporting is off while running"
r=$(line_of '^   reader ')
[ -n "$r" ] || die "no reader row: $(screen)"
click 3 $((r - 1))
wait_for 3 screen_has '^ ▶ reader ' || fail "a click did not select the reader: $(screen)"
r=$(line_of '^   writer ')
[ -n "$r" ] || die "no writer row: $(screen)"
click 10 $((r - 1))
wait_for 3 screen_has '^ ▶ writer ' || fail "a click did not select the writer again: $(screen)"
pass "$UI a click selects a process"

# s opens the scenario picker; choosing one stops this run and plays it.
pane=$(t display-message -p -t ipc '#{pane_pid}')
old_kids=$(children_of "$(pgrep -P "$pane" -x ipcscope)")
t send-keys -t ipc s
# (The footer says "s scenarios" too: wait for the picker's own list.)
wait_for 3 screen_has "pool-sentinel-bug" ||
	fail "s did not open the picker, or it does not list pool-sentinel-bug: $(screen)"
screen | grep -q "Nobody reads" || fail "the picker does not show the about text: $(screen)"
t send-keys -t ipc Down Enter
wait_for 5 screen_has "pipe-resize" || fail "choosing did not play pipe-resize: $(screen)"
wait_for 5 screen_has "w-large" || fail "pipe-resize's processes not shown: $(screen)"
wait_for 5 all_gone "$old_kids" || fail "the previous run's workers outlived the switch"
pass "$UI s picks another scenario"

# q quits, exit 0, the terminal is back in cooked mode with echo.
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || die "q did not exit 0: $(screen)"
wait_for 5 screen_has "TTY-DONE" || fail "the shell did not report the tty modes: $(screen)"
s=$(screen)
echo "$s" | grep -qx "TTY:echo" || fail "echo not restored: $s"
echo "$s" | grep -qx "TTY:icanon" || fail "canonical mode not restored: $s"
echo "$s" | grep -q "TTY:-" && fail "terminal left in raw mode: $s"
[ "$(mouse_flags)" = "000" ] || fail "mouse reporting left on after q: $(mouse_flags)"
pass "$UI q exits 0 and restores the terminal"
}

# f freezes the display while the processes go on; [ steps back in time;
# any other key returns to live. Its own launch: history to step back in
# (a snapshot every 500 ms) needs a few seconds of run.
freeze() {
UI=$1
launch 80 24 "" "$fill"
wait_for 5 screen_has "BLOCKED write pipe" || die "no blocked writer on screen: $(screen)"
# Two seconds of the run's own time on screen (a starved machine may
# draw it late), so that there is history to step back in.
ran_2s() {
	screen | sed -n '1s/.* t \([0-9.]*\)s .*/\1/p' |
	    awk '{ exit !($1 >= 2.2) }'
}
wait_for 15 ran_2s || die "the run's time did not reach 2.2 s: $(screen | head -n 1)"
t send-keys -t ipc f
wait_for 3 screen_has "FROZEN" || fail "f did not freeze: $(screen)"
t1=$(screen | sed -n '1s/.* t \([0-9.]*\)s of \([0-9.]*\)s.*/\1/p')
[ -n "$t1" ] || fail "frozen header shows no time: $(screen | head -n 1)"
live=
live_on() {
	live=$(screen | sed -n '1s/.* t [0-9.]*s of \([0-9.]*\)s.*/\1/p')
	awk -v a="$t1" -v b="$live" 'BEGIN { exit !(b > a + 0.5) }'
}
wait_for 5 live_on || fail "live time did not go on while frozen ($t1, $live)"
[ "$(screen | sed -n '1s/.* t \([0-9.]*\)s of .*/\1/p')" = "$t1" ] || fail "the frozen time moved"
t send-keys -t ipc '[' '[' '['
t2=
stepped() {
	t2=$(screen | sed -n '1s/.* t \([0-9.]*\)s of .*/\1/p')
	awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(b < a - 0.8) }'
}
wait_for 5 stepped || fail "[ did not step back ($t1 -> $t2)"
t send-keys -t ipc z
wait_for 3 sh -c "! $TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -q FROZEN" || fail "any key did not return to live"
pass "$UI f freezes, [ steps back, any key returns to live"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "q after freezing: $(screen)"
}

launches() {
UI=$1
# ^C in the terminal: clean exit, no child left.
launch 100 30 "" "$fill"
wait_for 5 screen_has "BLOCKED" || die "second launch: $(screen)"
pane=$(t display-message -p -t ipc '#{pane_pid}')
pid=$(pgrep -P "$pane" -x ipcscope)
[ -n "$pid" ] || die "no ipcscope under the pane's shell $pane"
kids=$(children_of "$pid")
[ "$(echo "$kids" | wc -w)" -eq 2 ] || fail "expected 2 workers, found: $kids"
t send-keys -t ipc C-c
wait_for 5 screen_has "EXITED:0" || fail "^C did not exit cleanly: $(screen)"
wait_for 5 all_gone "$kids" || fail "children left after ^C"
[ "$(mouse_flags)" = "000" ] || fail "mouse reporting left on after ^C: $(mouse_flags)"
left=$(ls -A "$TEST_TMP")
[ -z "$left" ] || fail "left in TMPDIR after ^C: $left"
pass "$UI ^C exits cleanly"

# --big: the projector layout at 100x30; states in words, the caption.
launch 100 30 "" "--big $fill"
wait_for 5 screen_has "BLOCKED in write() on pipe for" ||
	die "--big: no blocked writer in words: $(screen)"
wait_for 3 screen_has "64.0 / 64.0 KiB" || fail "--big: the bar's numbers: $(screen)"
wait_for 3 screen_has "The pipe is full: 64.0 KiB of 64.0 KiB" ||
	fail "--big: no caption: $(screen)"
s=$(screen)
echo "$s"
echo "$s" | grep -q "100% full" || fail "--big: no share beside the bar"
echo "$s" | grep -q "pipe_write" && fail "--big shows the kernel's small print"
[ "$(echo "$s" | wc -L)" -le 100 ] || fail "--big: wider than 100 columns"

# In big mode too a click selects a process, e explains it, and a click
# on the channel's bar turns the open panel to the channel.
r=$(line_of '^    reader ')
[ -n "$r" ] || die "--big: no reader line: $(screen)"
click 6 $((r - 1))
wait_for 3 screen_has '^  ▶ reader ' || fail "--big: a click did not select the reader: $(screen)"
screen | grep -q '▶ writer' && fail "--big: the writer is still marked after the click"
t send-keys -t ipc e
wait_for 3 screen_has "explain reader" || fail "--big: e after the click does not explain the reader: $(screen)"
panel_text | grep -q "reader is " || fail "--big: the panel does not explain the reader: $(screen)"
r=$(line_of 'written by writer, read by reader')
click 10 "$r"
wait_for 3 screen_has "explain pipe" || fail "--big: a click on the bar did not turn the panel to the channel: $(screen)"
panel_text | grep -q "pipe is a pipe channel holding .* of 64.0 KiB" ||
	fail "--big: the channel panel lacks its fill: $(screen)"
panel_text | grep -q "Rule for writers: A pipe holds at most its capacity" ||
	fail "--big: the channel panel lacks the pipe's rule: $(screen)"
pass "$UI --big: a click selects a process, then a channel; e explains each"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "--big: q did not exit 0: $(screen)"
pass "$UI --big at 100x30: bar, blocked writer in words, caption"

# ASCII and no colour: readable, only ASCII on screen.
launch 80 24 "NO_COLOR=1" "--ascii $fill"
wait_for 5 screen_has "BLOCKED write pipe" || die "ascii launch: $(screen)"
screen >"$TEST_TMP/ascii.txt"
if LC_ALL=C grep -q '[^ -~]' "$TEST_TMP/ascii.txt"; then
	fail "non-ASCII characters in --ascii mode: $(cat "$TEST_TMP/ascii.txt")"
fi
rm -f "$TEST_TMP/ascii.txt"
pass "$UI --ascii with NO_COLOR"

# Resize: the screen follows the window.
t resize-window -t ipc -x 120 -y 40 2>/dev/null || t resize-pane -t ipc -x 120 -y 40
sleep 0.5
wait_for 3 sh -c "[ \$($TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | wc -L) -gt 80 ]" ||
	fail "did not follow a resize: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "q after resize"
pass "$UI resize"
}

for ui in $(tmux_uis); do
	part "$ui-keys" keys "$ui"
	part "$ui-freeze" freeze "$ui"
	part "$ui-launches" launches "$ui"
done
finish
