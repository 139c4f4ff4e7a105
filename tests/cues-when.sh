#!/bin/sh
# Cues that wait for a state ('when'): a cue runs at the first sample at or
# after its time in which its conditions hold, and not before; one that
# never runs is an event at the end and a FAIL line of --verify; the
# example of ipcscope-scenario(5) is valid and passes its own --verify; a
# caption cut by an inline comment is an error; the text output says each
# cue once.
. "$TESTLIB"

# The checks run as parts, side by side, each in its own TMPDIR.

# r reads from 1 s at 100 a second: r.msgs_in passes 50 at about 1.5 s,
# and the run ends at about 3 s (its duration leaves room for a busy
# machine). w has written 16 within milliseconds, long before the second
# cue's time.
WHEN="$TEST_TMP/when.ini"	# parts have TEST_TMP of their own
cat >"$WHEN" <<'INI'
[scenario]
title = Cues wait for what they say
duration = 10s
[channel p]
type = pipe
[process w]
role = producer
to = p
size = 4K
count = 200
[process r]
role = consumer
from = p
start = 1s
rate = 100/s
[cue]
at = 0.2s
when = r.msgs_in >= 50
say = Fifty read: {r.msgs_in}.
[cue]
at = 2.5s
when = w.msgs_out >= 16
say = Its time came: {w.msgs_out} written.
[expect]
at = end
r.msgs_in = 200
INI

# The first sample in which a cue's conditions hold (at or after its
# time) runs it; its event comes with the next sample (its numbers are
# those after its actions), so it carries that sample's t exactly.
timing() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 50 "$WHEN" >"$out" 2>"$TEST_TMP/err" ||
		die "headless when.ini exited $?: $(cat "$TEST_TMP/err")"
	python - "$out" <<'PY' || fail "a 'when' cue ran at the wrong sample"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
cues = [l for l in lines if l["type"] == "event" and l["what"] == "cue"]
assert len(cues) == 2, cues
def proc(s, name):
    return [p for p in s["procs"] if p["name"] == name][0]
def check(cue, at, holds):
    first = [s for s in samples if s["t"] >= at and holds(s)]
    assert first, "the condition never held"
    t1 = first[0]["t"]
    after = [s["t"] for s in samples if s["t"] > t1]
    assert after, "no sample after the one the cue ran in"
    # Not before: every sample from its time up to t1 is one in which
    # the condition did not hold (t1 is the first that does). A sample
    # that prints as the cue's time itself (t has three decimals) may
    # have come a hair before it: then the next one is the first.
    ok = [after[0]]
    if abs(t1 - at) < 0.001 and len(after) > 1:
        ok.append(after[1])
    assert cue["t"] in ok, (cue, t1, ok)
    print("%s: condition first held at %.3f, event at %.3f" %
        (cue["detail"], t1, cue["t"]))
    return t1
t1 = check(cues[0], 0.2, lambda s: proc(s, "r")["msgs_in"] >= 50)
assert 1.0 < t1, t1          # r starts at 1 s: it waited for the fact
assert cues[0]["detail"].startswith("cue 1/2: Fifty read: "), cues[0]
n = int(cues[0]["detail"].split(": ")[2].rstrip("."))
assert n >= 50, cues[0]
t2 = check(cues[1], 2.5, lambda s: proc(s, "w")["msgs_out"] >= 16)
# Its condition held from the start: it waited for its time.
early = [s for s in samples if s["t"] < 2.5 and proc(s, "w")["msgs_out"] >= 16]
assert early and early[0]["t"] < 1.0, early[:1]
# (check() saw it run in the first sample at or after 2.5 s, however
# late a busy machine made that sample.)
assert 2.5 <= t2, t2
PY
	grep -q '"cue-not-run"' "$out" && fail "a cue was reported as not run: $(grep cue-not-run "$out")"
	pass "a 'when' cue runs at the first sample its condition holds, at or after its time"
}

# A cue whose condition never holds does not run, nor does the one after
# it; both are said at the end, and --verify fails the one with 'when'.
never() {
	cat >"$TEST_TMP/never.ini" <<'INI'
[scenario]
title = A cue that never runs
duration = 3s
[channel p]
type = pipe
[process w]
role = producer
to = p
count = 10
[process r]
role = consumer
from = p
[cue]
at = 0s
when = r.msgs_in >= 100000
say = Never.
[cue]
at = 0.2s
say = After it.
[expect]
at = end
r = done
INI
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless "$TEST_TMP/never.ini" >"$out" 2>"$TEST_TMP/err" ||
		die "headless never.ini exited $?: $(cat "$TEST_TMP/err")"
	grep -q '"what":"cue"' "$out" && fail "a cue ran: $(grep '"cue"' "$out")"
	grep -qF '"what":"cue-not-run","detail":"cue 1/2 (line 13) never ran: it waits for r.msgs_in >= 100000 (now 10)"' "$out" ||
		fail "no event for the cue that waits: $(grep event "$out")"
	grep -qF '"what":"cue-not-run","detail":"cue 2/2 (line 17) never ran: cue 1/2 before it never ran"' "$out" ||
		fail "no event for the cue after it: $(grep event "$out")"
	tail -n 1 "$out" | grep -q '"reason":"done"' || fail "the run did not end: $(tail -n 1 "$out")"

	"$IPCSCOPE" --verify "$TEST_TMP/never.ini" >"$TEST_TMP/verify.out" 2>&1
	rc=$?
	cat "$TEST_TMP/verify.out"
	[ "$rc" -eq 1 ] || fail "--verify with a cue that never ran exited $rc, want 1"
	for l in "PASS never: at end (" \
	    "FAIL never: cue 1/2 (line 13) never ran: it waits for r.msgs_in >= 100000 (now 10)" \
	    "NOTE never: cue 2/2 (line 17) never ran: cue 1/2 before it never ran" \
	    "never: 1 passed, 1 failed"; do
		grep -qF "$l" "$TEST_TMP/verify.out" || fail "--verify: no line '$l'"
	done
	pass "a cue that never runs is an event and a FAIL of --verify, the one after it a NOTE"
}

# A cue whose moment has passed (it waits, but the next cue is due and
# its own conditions hold) is skipped, so that the story goes on: an
# event says what it waited for, --verify fails it (its caption was never
# shown), the next runs. A cue that acts is never skipped: the ones after
# it wait.
passed() {
	cat >"$TEST_TMP/passed.ini" <<'INI'
[scenario]
title = A cue whose moment passed
duration = 5s
[channel p]
type = pipe
[process w]
role = producer
to = p
count = 10
[process r]
role = consumer
from = p
[cue]
at = 0s
when = r.msgs_in >= 100000
say = Never.
[cue]
at = 0s
when = r = done
say = Done: {r.msgs_in} read.
[expect]
at = end
r = done
INI
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless "$TEST_TMP/passed.ini" >"$out" 2>"$TEST_TMP/err" ||
		die "headless passed.ini exited $?: $(cat "$TEST_TMP/err")"
	grep -qF '"what":"cue-skipped","detail":"cue 1/2 (line 13) skipped: cue 2/2'"'"'s conditions held first, while it waited for r.msgs_in >= 100000 (now 10)"' "$out" ||
		fail "no event for the skipped cue: $(grep event "$out")"
	grep -qF '"what":"cue","detail":"cue 2/2: Done: 10 read."' "$out" ||
		fail "the cue after it did not run: $(grep event "$out")"
	grep -q '"detail":"cue 1/2:' "$out" && fail "the skipped cue said its caption: $(grep event "$out")"
	grep -q '"cue-not-run"' "$out" && fail "a cue not run: $(grep event "$out")"
	"$IPCSCOPE" --verify "$TEST_TMP/passed.ini" >"$TEST_TMP/verify.out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || fail "--verify with a skipped cue exited $rc, want 1: $(cat "$TEST_TMP/verify.out")"
	for l in "FAIL passed: cue 1/2 (line 13) skipped at " \
	    "s: cue 2/2's conditions held first" \
	    "PASS passed: cue 2/2 ran at " "passed: 2 passed, 1 failed"; do
		grep -qF "$l" "$TEST_TMP/verify.out" ||
			fail "--verify: no line with '$l': $(cat "$TEST_TMP/verify.out")"
	done
	# The same, the first cue pausing w: it is not skipped.
	sed 's/^say = Never\.$/say = Never.\npause = w/' "$TEST_TMP/passed.ini" >"$TEST_TMP/acts.ini"
	grep -qx 'pause = w' "$TEST_TMP/acts.ini" || die "sed: no pause line"
	"$IPCSCOPE" --headless "$TEST_TMP/acts.ini" >"$out" 2>"$TEST_TMP/err" ||
		die "headless acts.ini exited $?: $(cat "$TEST_TMP/err")"
	grep -q '"cue-skipped"' "$out" && fail "a cue that acts was skipped: $(grep event "$out")"
	grep -qF '"what":"cue-not-run","detail":"cue 2/2 (line 18) never ran: cue 1/2 before it never ran"' "$out" ||
		fail "the cue after one that acts ran: $(grep event "$out")"
	pass "a cue whose moment passed is skipped (an event, a FAIL of --verify); one that acts is not"
}

# --verify says when each cue with conditions ran.
verify_pass() {
	"$IPCSCOPE" --verify "$WHEN" >"$TEST_TMP/verify.out" 2>&1 ||
		fail "--verify when.ini exited $?: $(cat "$TEST_TMP/verify.out")"
	cat "$TEST_TMP/verify.out"
	grep -Eq '^PASS when: cue 1/2 ran at (1\.[5-9]|[2-9]\.[0-9])s: when r\.msgs_in >= 50$' "$TEST_TMP/verify.out" ||
		fail "no PASS line for cue 1"
	grep -Eq '^PASS when: cue 2/2 ran at (2\.[5-9]|[3-9]\.[0-9])s: when w\.msgs_out >= 16$' "$TEST_TMP/verify.out" ||
		fail "no PASS line for cue 2"
	grep -q '^when: 3 passed, 0 failed$' "$TEST_TMP/verify.out" || fail "summary"
	pass "--verify: a PASS line for each cue that ran, saying when"
}

# The EXAMPLES of ipcscope-scenario(5), as a reader would copy them: each
# block (.nf to .fi) a file, example-1.ini, example-2.ini, ...
man_example() {
	man5="${SRCDIR:?}/man/ipcscope-scenario.5"
	[ -r "$man5" ] || die "no $man5"
	awk -v dir="$TEST_TMP" '
	    /^\.SH EXAMPLE/ { f = 1; next }
	    /^\.SH/ { f = 0 }
	    f && /^\.nf/ { n++; out = dir "/example-" n ".ini"; next }
	    f && /^\.fi/ { out = ""; next }
	    out != "" && !/^\./ { print > out }' "$man5"
	set -- "$TEST_TMP"/example-*.ini
	[ -r "$1" ] || die "no example in $man5"
	grep -q '^when = ' "$@" || die "no example with a 'when' in $man5"
	for _f in "$@"; do
		sed -i 's/\\-/-/g; s/\\e/\\/g' "$_f"
		_n=$(basename "$_f" .ini)
		grep -q '^\[scenario\]$' "$_f" || fail "$_n has no [scenario]: $(cat "$_f")"
		"$IPCSCOPE" --validate "$_f" || fail "the man page's $_n is not valid"
		"$IPCSCOPE" --verify "$_f" >"$TEST_TMP/$_n.out" 2>&1 ||
			fail "the man page's $_n fails its own --verify: $(cat "$TEST_TMP/$_n.out")"
		cat "$TEST_TMP/$_n.out"
		grep -q "^$_n: [1-9][0-9]* passed, 0 failed\$" "$TEST_TMP/$_n.out" ||
			fail "$_n: summary"
	done
	pass "ipcscope-scenario(5)'s EXAMPLES ($#) are valid and pass --verify"
}

# ' ;' in a caption would cut it: an error at its line. Text output says
# "cue 1/2:" once.
small() {
	printf '[scenario]\ntitle = t\n[channel p]\ntype = pipe\n[process w]\nrole = producer\nto = p\ncount = 1\n[process r]\nrole = consumer\nfrom = p\n[cue]\nat = 0s\nsay = The pipe is full ; the writer waits\n' \
	    >"$TEST_TMP/semi.ini"
	"$IPCSCOPE" --validate "$TEST_TMP/semi.ini" 2>"$TEST_TMP/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "--validate of a caption with ' ;' exited $rc, want 2"
	grep -qF "semi.ini:14: ' ;' in a caption starts a comment that cuts the caption there; write ';' right after a word" "$TEST_TMP/err" ||
		fail "no FILE:LINE error for ' ;' in a caption: $(cat "$TEST_TMP/err")"
	"$IPCSCOPE" --headless --format text "$WHEN" >"$TEST_TMP/text" ||
		die "text output exited $?"
	grep -q "cue cue" "$TEST_TMP/text" && fail "text output says 'cue cue': $(grep 'cue cue' "$TEST_TMP/text")"
	grep -Eq '^t=[0-9.]+s - cue 1/2: Fifty read: [0-9]+\.$' "$TEST_TMP/text" ||
		fail "text output: no cue line: $(grep cue "$TEST_TMP/text")"
	pass "' ;' in a caption is an error; text output names a cue once"
}

part timing timing
part never never
part passed passed
part verify verify_pass
part man man_example
part small small
finish
