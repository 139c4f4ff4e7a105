#!/bin/sh
# --replay of a followed program (ipcscope --headless -- CMD): its rows
# and channels appear while it runs, and the recording declares each one
# once ("row" and "channel" records) before any record names it. Played
# in a real terminal (tmux, each back end), stepped to a sample, the
# screen shows the recorded rows: a shell pipeline's writer BLOCKED in
# write on the pipe, the pipe's recorded fill between its writer and its
# reader, the shell waiting; a Python process's feeder thread as a row
# under its process, BLOCKED in write on the queue's pipe; e explains
# the writer as recorded. No process is started by the replay.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

PY=$(python -c 'import sys; print(sys.executable)') || die "no python3"
sh_rec=$TEST_ROOT/pipeline.jsonl
py_rec=$TEST_ROOT/feeder.jsonl

# Two real programs, recorded side by side.
"$IPCSCOPE" --headless -- sh -c 'yes | sleep 3' >"$sh_rec" 2>"$sh_rec.err" &
rec1=$!
"$IPCSCOPE" --headless --duration 6 -- "$PY" "$SRCDIR/tests/follow/feeder.py" \
    >"$py_rec" 2>"$py_rec.err" &
rec2=$!
wait "$rec1" || fail "recording the pipeline exited $?: $(cat "$sh_rec.err")"
wait "$rec2" || fail "recording feeder.py exited $?: $(cat "$py_rec.err")"

# Each row and channel declared once, before the first record naming it;
# a thread's row under a process row; the scenario record names none.
# Prints, for the pipeline, the sample to step to (the last with yes
# BLOCKED) and the names and values the screen must show.
facts() {
	python - "$1" "$2" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
hdr = lines[0]
assert hdr["type"] == "scenario" and hdr["procs"] == [] and \
    hdr["channels"] == [] and "followed" in hdr, hdr
rows, chans = {}, {}
def named(n, table, what, at):
    assert n is None or n in table, "line %d names %s %r before its " \
        "record" % (at, what, n)
for i, l in enumerate(lines[1:], 2):
    if l["type"] == "row":
        assert l["name"] not in rows, "row %r twice" % l["name"]
        if l["thread_of"] is not None:
            assert rows[l["thread_of"]]["thread_of"] is None, l
        rows[l["name"]] = l
    elif l["type"] == "channel":
        assert l["name"] not in chans and l["kind"] == "pipe", l
        assert l["send_op"] == "write" and l["rule_send"], l
        chans[l["name"]] = l
    elif l["type"] == "event":
        named(l["proc"], rows, "row", i)
    elif l["type"] == "sample":
        for c in l["channels"]:
            named(c["name"], chans, "channel", i)
            for w in c.get("writers", []) + c.get("readers", []):
                named(w, rows, "row", i)
        for p in l["procs"]:
            named(p["name"], rows, "row", i)
            named(p["channel"], chans, "channel", i)
            for t in p.get("threads", []):
                named(t["name"], rows, "row", i)
                assert rows[t["name"]]["thread_of"] == p["name"], t
samples = [l for l in lines if l["type"] == "sample"]
if sys.argv[2] == "pipeline":
    k = max(i for i, s in enumerate(samples, 1) if any(
        p["name"].startswith("yes[") and p["state"] == "blocked"
        for p in s["procs"]))
    s = samples[k - 1]
    y = [p for p in s["procs"] if p["name"].startswith("yes[")][0]
    sh = [p for p in s["procs"] if p["name"].startswith("sh[")][0]
    c = [c for c in s["channels"] if c["name"] == y["channel"]][0]
    sl = c["readers"][0]
    assert c["fill"] == c["capacity"] == 65536 and sl.startswith("sleep["), c
    print(k, len(samples), y["name"], y["channel"], sh["name"], sh["op"], sl)
else:
    k = max(i for i, s in enumerate(samples, 1) if any(
        t["state"] == "blocked" for p in s["procs"]
        for t in p.get("threads", [])))
    s = samples[k - 1]
    p = [p for p in s["procs"] if any(t["state"] == "blocked"
        for t in p.get("threads", []))][0]
    t = [t for t in p["threads"] if t["state"] == "blocked"][0]
    assert t["op"] == "write", t
    print(k, len(samples), p["name"], t["name"], t["channel"])
PY
}
set -- $(facts "$sh_rec" pipeline) || die "pipeline: $(head -c 2000 "$sh_rec")"
[ $# -eq 7 ] || die "pipeline: no sample with yes blocked: $(head -c 2000 "$sh_rec")"
SH_K=$1 SH_N=$2 YES=$3 PIPE=$4 SHELL_ROW=$5 SH_OP=$6 SLEEP_ROW=$7
pass "pipeline recording: rows and channels declared before they are named"
set -- $(facts "$py_rec" feeder) || die "feeder: $(tail -c 2000 "$py_rec")"
[ $# -eq 5 ] || die "feeder: no thread blocked: $(tail -c 2000 "$py_rec")"
PY_K=$1 PY_N=$2 PROC=$3 THREAD=$4 QPIPE=$5
pass "feeder recording: its thread declared under its process"

# The pane's row of a process or thread NAME (after the selection mark
# or the thread's corner); with -n, the row after it.
row_line() {
	screen | awk -v n="$1" -v next_one="${2:-}" '
	    found { print; exit }
	    $1 == n || (($1 == "\342\226\266" || $1 == "\342\224\224") && $2 == n) {
		if (next_one == "") { print; exit } else found = 1 }'
}
has_f() { screen | grep -qF -- "$1"; }
# The selected row's name; moved WAS: the selection is no longer WAS.
selected() { screen | awk '$1 == "\342\226\266" { print $2; exit }'; }
moved() { [ "$(selected)" != "$1" ]; }
is_selected() { [ "$(selected)" = "$1" ]; }

# Press KEY N times.
press() {
	_i=0
	while [ "$_i" -lt "$2" ]; do
		t send-keys -t ipc "$1"
		_i=$((_i + 1))
	done
}

# Step from the start to sample K of N (space stops the clock first).
step_to() {
	t send-keys -t ipc Space
	press '[' "$2"
	wait_for 5 screen_has "the start of the recording" ||
		die "$UI: [ to the start: $(screen)"
	press ']' "$1"
	wait_for 5 screen_has "sample $1 of $2" || die "$UI: ] to $1: $(screen)"
}

pipeline() {
launch 150 40 "" "--replay $sh_rec"
wait_for 5 screen_has "replay 1x" || die "$UI: pipeline: $(screen)"
step_to "$SH_K" "$SH_N"
row_line "$YES" | grep -qF "BLOCKED write $PIPE" ||
	fail "$UI: $YES is not BLOCKED write $PIPE: $(screen)"
row_line "$SHELL_ROW" | grep -qF "WAITING $SH_OP" ||
	fail "$UI: $SHELL_ROW is not WAITING $SH_OP: $(screen)"
screen | grep -F -- " $PIPE " | grep -F "$YES ─▶" | grep -F "─▶ $SLEEP_ROW" |
    grep -qF "64.0/64.0 KiB 100%" ||
	fail "$UI: the pipe's gauge, its sides and fill: $(screen)"
# The first row is selected, as when live; select the writer, explain it
# (Tab moves the selection a row down, each move waited for).
# (Waited for: a capture taken while the screen redraws may lack the mark.)
wait_for 3 is_selected "$SHELL_ROW" ||
	fail "$UI: $SHELL_ROW not selected: $(screen)"
n=0
while [ "$(selected)" != "$YES" ] && [ "$n" -lt 3 ]; do
	was=$(selected)
	t send-keys -t ipc Tab
	wait_for 3 moved "$was" || fail "$UI: Tab: $(screen)"
	n=$((n + 1))
done
[ "$(selected)" = "$YES" ] || fail "$UI: Tab never selects $YES: $(screen)"
t send-keys -t ipc e
wait_for 3 has_f "explain $YES" || fail "$UI: e: $(screen)"
for want in "$YES is blocked in write() on $PIPE" \
    "holds 64.0 KiB of 64.0 KiB (full)" "$SLEEP_ROW is waiting" \
    "I/O counters" "recorded numbers"; do
	panel_text | grep -qF -- "$want" ||
		fail "$UI: explain $YES lacks '$want': $(panel_text)"
done
t send-keys -t ipc e q
wait_for 5 screen_has "EXITED:0" || fail "$UI: pipeline: q: $(screen)"
pass "$UI: pipeline sample $SH_K: $YES BLOCKED write, the pipe full, e as recorded"
}

feeder() {
launch 150 40 "" "--replay $py_rec"
wait_for 5 screen_has "replay 1x" || die "$UI: feeder: $(screen)"
step_to "$PY_K" "$PY_N"
# The thread's row right under its process's, marked as a thread.
row_line "$PROC" | grep -qF "WAITING futex" ||
	fail "$UI: $PROC is not WAITING futex: $(screen)"
row_line "$PROC" -n | grep -F "└ $THREAD " |
    grep -qF "BLOCKED write $QPIPE" ||
	fail "$UI: $THREAD not under $PROC, BLOCKED write $QPIPE: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "$UI: feeder: q: $(screen)"
pass "$UI: feeder sample $PY_K: $THREAD under $PROC, BLOCKED write"
}

for UI in $(tmux_uis); do
	part "pipeline-$UI" pipeline
	part "feeder-$UI" feeder
done
parts_wait
finish
