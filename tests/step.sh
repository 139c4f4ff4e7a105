#!/bin/sh
# Presenting with --step in a real terminal, on every back end: cues wait
# for n (or the right arrow), the caption stays until then, and each cue's
# actions run at the key press, not at the cue's time.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"

# The line of a process in the process list.
proc_line() { screen | grep -E "^ [ ▶>] $1 "; }
# True once the run's time in the header is at least $1 seconds.
run_past() {
	_t=$(screen | sed -n '1s/.* t \([0-9.]*\)s .*/\1/p')
	[ -n "$_t" ] && awk -v t="$_t" -v at="$1" 'BEGIN { exit !(t >= at) }'
}

# Each back end is a part, and the talk: they run side by side.
tour() {
	UI=$1
	launch 100 30 "" "--step pipe-tour"
	wait_for 5 screen_has "about · n: first cue" || die "no about caption: $(screen)"
	wait_for 5 screen_has "BLOCKED write pipe" || die "writer not blocked: $(screen)"
	# Cue 3 (start the reader) is due at 3s; without a key press nothing
	# runs. Look once the run's own clock (the header) is past it.
	wait_for 10 run_past 3.5 || fail "the run's time did not pass 3.5 s: $(screen)"
	proc_line reader | grep -q "WAITING cue" || fail "the reader started without n: $(screen)"
	screen_has "about · n: first cue" || fail "the caption moved on without n: $(screen)"
	pass "$UI cues wait for the presenter"

	t send-keys -t ipc n
	wait_for 3 screen_has "cue 1/12 · n next" || fail "n did not show cue 1: $(screen)"
	screen_has "The writer writes 4 KiB at a time" || fail "cue 1 caption: $(screen)"
	t send-keys -t ipc n
	wait_for 3 screen_has "cue 2/12 · n next" || fail "n did not show cue 2: $(screen)"
	wait_for 3 screen_has "The pipe is full: 65536 of 65536 bytes" || fail "cue 2 caption with live numbers: $(screen)"
	proc_line reader | grep -q "WAITING cue" || fail "the reader started before its cue: $(screen)"
	# The right arrow steps too; cue 3 starts the reader at the key press.
	t send-keys -t ipc Right
	wait_for 3 screen_has "cue 3/12 · n next" || fail "right arrow did not show cue 3: $(screen)"
	wait_for 3 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -E '^ [ ▶>] reader ' | grep -q 'BLOCKED read pipe'" ||
		fail "the reader did not start at the key press: $(screen)"
	pass "$UI n and right arrow step, actions run at the key press"

	# A cue that waits for what the one before it did ('when') runs once
	# that holds: "cue K/12 ·" only once it ran ("cue K/12 waits for"
	# before).
	for k in 4 5 6 7 8 9 10 11 12; do
		t send-keys -t ipc n
		wait_for 3 screen_has "cue $k/12 ·" || fail "n did not show cue $k: $(screen)"
		sleep 0.3
	done
	wait_for 3 screen_has "cue 12/12 · the last" || fail "the last cue: $(screen)"
	wait_for 3 sh -c "$TMUXB -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -E '^ [ ▶>] writer ' | grep -q 'FAILED SIGPIPE'" ||
		fail "close did not end the writer with SIGPIPE: $(screen)"
	proc_line reader | grep -q "WAITING closed" || fail "the reader is not idle after closing: $(screen)"
	t send-keys -t ipc n
	wait_for 3 screen_has "that was the last cue" || fail "n after the last cue: $(screen)"
	pass "$UI the whole tour, to the last cue"

	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "q did not exit 0: $(screen)"
	tty_restored || fail "terminal not restored: $(screen)"
}

# The talk in the README, as given: projector layout and theme, stepped,
# recorded. The cast shows each caption as it was stepped to, at the
# terminal's size; the trace has an instant event for each cue and action.
talk() {
	UI=ncurses
	launch 100 30 "" "--big --theme high-contrast --step --record $TEST_TMP/talk.cast --trace $TEST_TMP/talk.json pipe-tour"
	wait_for 5 screen_has "about · n: first cue" || die "talk: no about caption: $(screen)"
	for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
		t send-keys -t ipc n
		wait_for 3 screen_has "cue $k/12 ·" || fail "talk: n did not show cue $k: $(screen)"
		sleep 0.3
	done
	wait_for 3 screen_has "WAITING (closed its end of pipe)" || fail "talk: reader not idle after close: $(screen)"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "talk: q did not exit 0: $(screen)"
	python -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
head = json.loads(lines[0])
if (head["version"], head["width"], head["height"]) != (2, 100, 30):
    sys.exit("cast header: %r" % head)
out = "".join(json.loads(l)[2] for l in lines[1:])
for k in range(1, 13):
    if "cue %d/12" % k not in out:
        sys.exit("cue %d/12 never on the recorded screen" % k)
tr = json.load(open(sys.argv[2]))
ev = tr["traceEvents"] if isinstance(tr, dict) else tr
inst = [e["name"] for e in ev if e.get("ph") == "i"]
for name, n in (("cue", 12), ("go", 1), ("pause", 1), ("resize", 1),
    ("resume", 1), ("close", 1)):
    if inst.count(name) < n:
        sys.exit("trace: %d %s events, want %d: %r" % (inst.count(name), name, n, inst))
	' "$TEST_TMP/talk.cast" "$TEST_TMP/talk.json" || fail "talk recording"
	# Where asciinema is installed, it plays the cast (it wants a terminal).
	if command -v asciinema >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then
		script -qc "asciinema play -s 50 $TEST_TMP/talk.cast" /dev/null >"$TEST_TMP/play.out" 2>&1 ||
			fail "asciinema play: $(tail -5 "$TEST_TMP/play.out")"
		grep -q "cue 12/12" "$TEST_TMP/play.out" || fail "asciinema play did not show the last cue"
	fi
	pass "the README's talk: --big --theme high-contrast --step --record --trace"
}

for ui in $(tmux_uis); do
	part "$ui" tour "$ui"
done
part talk talk
finish
