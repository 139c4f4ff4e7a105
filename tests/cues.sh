#!/bin/sh
# Cue actions (pause, resume, kill, rate, resize, close, start) do to the
# running processes what they say, at their time, and each is an event.
. "$TESTLIB"

# The checks run as parts, side by side, each in its own TMPDIR.

# Their effects, checked by the scenario's own expectations.
effects() {
	out="$TEST_TMP/out"
	"$IPCSCOPE" --verify "$TESTDATA/run-actions.ini" >"$out" 2>&1 || fail "run-actions: $(cat "$out")"
	cat "$out"
	pass "cue actions do what they say (run-actions --verify)"
}

# Their events, in JSON Lines, at their times.
events() {
	out="$TEST_TMP/out"
	"$IPCSCOPE" --headless --interval 100 "$TESTDATA/run-actions.ini" >"$out" 2>"$TEST_TMP/err" ||
		die "headless run-actions: $(cat "$TEST_TMP/err")"
	python -c '
import json, sys
ev = []
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["type"] == "event":
        ev.append(o)
def find(proc, what, detail):
    for e in ev:
        if e["proc"] == proc and e["what"] == what and detail in e["detail"]:
            return e
    sys.exit("no %s event for %s with %r: %r" % (what, proc, detail, ev))
def near(e, t):
    if not (t <= e["t"] < t + 1.0):
        sys.exit("%s at %.3f, not just after %.1f" % (e["what"], e["t"], t))
near(find("w1", "close", "cue 1/2: its end of s"), 0.5)
near(find(None, "error", "resize p to 4.0 KiB: F_SETPIPE_SZ: EBUSY"), 0.5)
near(find("w3", "rate", "cue 1/2: max"), 0.5)
near(find("r1", "exit", "exit 0"), 0.5)
near(find("r3", "kill", "cue 2/2: SIGKILL"), 1.5)
near(find("late", "go", "cue 2/2: started"), 1.5)
near(find(None, "cue", "cue 1/2"), 0.5)
	' "$out" || fail "events: $(grep '"event"' "$out")"
	pass "actions are events at their times"
}

# pipe-tour's resize (the capacity 64K, then 1M) and close (the writer
# alive until 10 s, then ended by SIGPIPE while the reader idles) are its
# own expectations, which verify.sh checks: not played here again.

# Cues that fall in one tick each get their event, in order.
one_tick() {
	out="$TEST_TMP/out"
	cat >"$TEST_TMP/three.ini" <<'EOF2'
[scenario]
title = Three cues in one tick
duration = 2s
[channel p]
type = pipe
[process w]
role = producer
to = p
rate = 1/s
[process r]
role = consumer
from = p
[cue]
at = 1s
say = first
[cue]
at = 1s
say = second
[cue]
at = 1.02s
say = third
EOF2
	"$IPCSCOPE" --headless "$TEST_TMP/three.ini" >"$out" 2>"$TEST_TMP/err" || die "three cues: $(cat "$TEST_TMP/err")"
	[ "$(grep '"what":"cue"' "$out" | sed 's/.*"detail":"\([^"]*\)".*/\1/' | tr '\n' '|')" = "cue 1/3: first|cue 2/3: second|cue 3/3: third|" ] ||
		fail "three cues in one tick: $(grep '"cue"' "$out")"
	pass "cues in one tick each get their event"
}

# --step is for a presenter at a terminal.
headless_step() {
	out="$TEST_TMP/out"
	"$IPCSCOPE" --headless --step pipe-tour >"$out" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "--headless --step exited $rc"
	grep -q "step waits for the presenter" "$out" || fail "--headless --step: $(cat "$out")"
	pass "--step needs the terminal"
}

part effects effects
part events events
part one-tick one_tick
part headless-step headless_step
finish
