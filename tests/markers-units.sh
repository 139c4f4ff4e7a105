#!/bin/sh
# End markers through stages, and units that fit the kind, in real runs.
#
# A relay with markers = N sends N end markers on: the pipeline with a
# pool of ipcscope-scenario(5) (extracted from the man page) ends cleanly;
# with one marker too few, two workers wait for ever and the stall counts
# the markers written into the pool's channel (1, by the relay), not the
# producer's. A relay without the key passes the one marker it read on.
# A semaphore counts acquisitions per second and a signal channel signals
# per second, never bytes; every signal is accounted for (sent = handled +
# pending + merged). Each check is a part: they run side by side.
. "$TESTLIB"

MAN5=${IPCSCOPE_PATH%/scenarios}/man/ipcscope-scenario.5

# The recipe of man 5, as printed: from its first line to the end of the
# block.
recipe() {
	sed -n '/^; source -> parser -> pool of 3 -> collector$/,/^\.fi$/p' \
	    "$MAN5" | sed -e '/^\.f[ti]/d' -e 's/\\-/-/g' >"$TEST_TMP/recipe.ini"
	grep -q '^markers = 3 ' "$TEST_TMP/recipe.ini" ||
		die "no pipeline-with-a-pool recipe in $MAN5"
	"$IPCSCOPE" --verify "$TEST_TMP/recipe.ini" >"$TEST_TMP/out" 2>&1 ||
		{ cat "$TEST_TMP/out"; die "the man page's recipe fails --verify"; }
	grep -q "^recipe: [1-9][0-9]* passed, 0 failed$" "$TEST_TMP/out" ||
		fail "recipe: $(cat "$TEST_TMP/out")"
	pass "man 5's pipeline with a pool passes its own --verify"
}

# One marker for three workers behind a relay: the stall says 1, the
# markers the relay wrote into tasks, as its markers_out says.
too_few() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 60 "$TESTDATA/pipeline-pool-few.ini" >"$out" &  # stop_run ends it
	pid=$!
	wait_for 8 grep -q '"what":"stall"' "$out" ||
		fail "pipeline-pool-few: no stall in 8 s"
	sleep 0.3
	stop_run "$pid"
	python - "$out" <<'PY' || fail "pipeline-pool-few stall event"
import json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
st = [l for l in lines if l["type"] == "event" and l["what"] == "stall"]
assert len(st) == 1, st
ev = st[0]
assert ev["channels"] == ["tasks"], ev
assert len(ev["procs"]) == 2 and all(p.startswith("worker-") for p in ev["procs"]), ev
last = [l for l in lines if l["type"] == "sample"][-1]
procs = {p["name"]: p for p in last["procs"]}
# What the writers of tasks wrote into it: the parser's one marker.
assert procs["parser"]["markers_out"] == 1, procs["parser"]
assert procs["source"]["markers_out"] == 0, procs["source"]
assert "(1 end marker for 3 readers: each reader needs its own)" in ev["detail"], ev
for name in ev["procs"]:
    p = procs[name]
    assert p["state"] == "blocked" and p["op"] == "recv" and p["channel"] == "tasks", p
    assert p["syscall"] == SYS("mq_timedreceive"), p
done = sorted(n for n, p in procs.items() if p["state"] == "done")
assert done == sorted(["source", "parser"] + [n for n in procs
    if n.startswith("worker-") and n not in ev["procs"]]), done
# The collector waits on results, which live workers still hold: no
# orphan, not named.
assert procs["collector"]["state"] == "blocked", procs["collector"]
PY
	pass "too few markers behind a relay: the stall counts the relay's 1"
}

# A relay without 'markers' passes on the marker it read: the consumer
# behind it ends; with markers = 2 after end of file, two readers end.
pass_on() {
	cat >"$TEST_TMP/pass.ini" <<'INI'
[scenario]
title = markers through relays
duration = 6s
stall = 1s
[channel a]
type = posix-mq
capacity = 10
msgsize = 64
[channel b]
type = posix-mq
capacity = 10
msgsize = 64
[channel c]
type = pipe
[channel d]
type = posix-mq
capacity = 10
msgsize = 64
[process p]
role = producer
to = a
size = 64
count = 20
markers = 1
[process r1]
role = relay
from = a
to = b
[process q]
role = consumer
from = b
[process p2]
role = producer
to = c
size = 64
count = 20
[process r2]
role = relay
from = c
to = d
markers = 2
[process pool]
role = consumer
from = d
replicas = 2
[expect]
at = end
r1.markers_out = 1
q.msgs_in = 20
q.lost = 0
r2.markers_out = 2
pool = done
stall = no
INI
	"$IPCSCOPE" --verify "$TEST_TMP/pass.ini" >"$TEST_TMP/out" 2>&1 ||
		{ cat "$TEST_TMP/out"; fail "relays do not carry markers"; }
	grep -q "^PASS pass: at end ([0-5]\.[0-9]s): stall = no$" "$TEST_TMP/out" ||
		{ cat "$TEST_TMP/out"; fail "the relays' run did not end by itself"; }
	pass "a relay passes its marker on, or sends its own after end of file"
}

# Signals: in every sample sent = handled + pending + merged (merged never
# below 0), and at the end sent = handled + merged; SIGUSR1 merged > 0,
# SIGRTMIN+1 none; rates in sig/s.
signals() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 100 signals-coalesce >"$out" ||
		die "signals-coalesce exited $?"
	python - "$out" <<'PY' || fail "signals-coalesce: every signal accounted"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
samples = [l for l in lines if l["type"] == "sample"]
assert lines[-1]["type"] == "end" and lines[-1]["reason"] == "done", lines[-1]
def counts(s, ch):
    c = {x["name"]: x for x in s["channels"]}[ch]
    p = {x["name"]: x for x in s["procs"]}
    return c, p[ch + "-sender"]["msgs_out"], p[ch + "-handler"]["msgs_in"]
seen = 0
for s in samples:
    for ch in ("usr1", "rt"):
        c, sent, handled = counts(s, ch)
        assert c["rate_unit"] == "sig/s", c
        if c["merged"] is None:
            continue
        seen += 1
        pending = c["messages"] if c["messages"] is not None else 0
        assert c["merged"] == max(0, sent - handled - pending) or \
            all(p["state"] == "done" for p in s["procs"] if p["name"] == ch + "-handler"), (s["t"], c, sent, handled)
assert seen >= 10, seen
c, sent, handled = counts(samples[-1], "usr1")
assert sent == 60 and c["merged"] > 0 and sent == handled + c["merged"], (c, sent, handled)
c, sent, handled = counts(samples[-1], "rt")
assert sent == 60 and handled == 60 and c["merged"] == 0, (c, sent, handled)
rates = [counts(s, "usr1")[0]["in_rate"] for s in samples]
# 20 a second sent: the rate over the last second.
assert max(r for r in rates if r is not None) >= 15, rates
PY
	pass "signals: sent = handled + pending + merged, in sig/s"
}

# A semaphore: acquisitions per second, no rate in (nobody writes it),
# never bytes in the text writer. One place, two users holding it 100 ms
# each in turn: 10 acquisitions a second.
semaphore() {
	out="$TEST_TMP/out.jsonl"
	cat >"$TEST_TMP/sem.ini" <<'INI'
[scenario]
title = one place, two users
duration = 3s
[channel sem]
type = semaphore
capacity = 1
[process user]
role = user
uses = sem
replicas = 2
hold = 100ms
count = 5
INI
	"$IPCSCOPE" --headless --interval 100 "$TEST_TMP/sem.ini" >"$out" ||
		die "the semaphore run exited $?"
	python - "$out" <<'PY' || fail "semaphore: rates in acq/s"
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1]) if '"type":"sample"' in l]
sems = [s["channels"][0] for s in samples]
assert all(c["rate_unit"] == "acq/s" and c["in_rate"] is None for c in sems), sems[-1]
rates = [s["channels"][0]["out_rate"] for s in samples if s["t"] >= 0.6 and
    s["channels"][0]["out_rate"] is not None]
assert rates and 6 <= max(rates) <= 14, rates
PY
	"$IPCSCOPE" --headless --duration 1 --format text semaphore-pool \
	    >"$TEST_TMP/out.txt" || die "text exited $?"
	grep -q "^  sem  *semaphore  *[0-9]*/2 held, [0-9] waiting  [0-9.]* acq/s$" \
	    "$TEST_TMP/out.txt" || fail "text: the semaphore's line: $(grep '^  sem ' "$TEST_TMP/out.txt" | tail -1)"
	grep -q "B/s\|[0-9] B/" "$TEST_TMP/out.txt" && fail "text shows bytes for a semaphore"
	grep -q "^  late-1 .* in 0 acq" "$TEST_TMP/out.txt" || fail "text: a user's acquisitions"
	pass "semaphore: acquisitions per second, never bytes"
}

# On the screen (80x24): users, acq/s, no writers side, no B/s.
on_screen() {
	. "${TESTLIB%/*}/tmux.sh"
	UI=ncurses
	launch 80 24 "" semaphore-pool
	wait_for 8 sh -c "${TMUX_BIN:-tmux} -L $TEST_TMUX_SOCK capture-pane -p -t ipc | grep -q 'BLOCKED acquire'" ||
		fail "no blocked user: $(screen)"
	row=$(screen | grep -m1 '^ sem ')
	echo "$row" | grep -q "─▶ 4 users" || fail "the sem row: $row"
	echo "$row" | grep -q " - " && fail "a '-' writer on the sem row: $row"
	screen_has "semaphore  [0-9.]* acq/s" || fail "no acq/s: $(screen)"
	screen_lacks "B/s" || fail "bytes on a semaphore's screen: $(screen)"
	t send-keys -t ipc q
	pass "the screen: 4 users, acq/s, no writer, no B/s"
}

part recipe recipe
part too-few too_few
part pass-on pass_on
part signals signals
part semaphore semaphore
if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	part screen on_screen
fi
finish
