#!/bin/sh
# --replay: runs recorded with --headless play in a real terminal (tmux,
# each back end the binary has) with no process started. Stepped to a
# sample, the screen shows that sample's recorded states, numbers,
# caption and latest event, as the view formats them (compared with the
# JSON), and w its recorded waits; space stops the time, + plays faster (measured), e explains a
# recorded process, p and k are not available, q restores the terminal.
# Kinds that count items show their recorded units and merged signals;
# a real program's row and explain are as recorded.
# A recording of a kind this binary lacks shows its recorded words; an
# older ipcscope's recording plays and says what it lacks; a cut last
# line plays up to it; bad files and options are refused (exit 2,
# FILE:LINE); a long recording costs no more memory than a short one.
. "$TESTLIB"

. "$(dirname "$TESTLIB")/tmux.sh"

pf=$TEST_ROOT/pipe-fill.jsonl
pool=$TEST_ROOT/pool.jsonl
sig=$TEST_ROOT/signals.jsonl
ex=$TEST_ROOT/exec-sort.jsonl
chk=$TEST_ROOT/check.py
wchk=$TEST_ROOT/waits.py

# Two real runs, recorded side by side while the files are checked.
"$IPCSCOPE" --headless --duration 8 --interval 100 pipe-fill >"$pf" 2>"$pf.err" &
rec1=$!
"$IPCSCOPE" --headless --duration 9 --interval 100 pool-sentinel-bug >"$pool" 2>"$pool.err" &
rec2=$!
"$IPCSCOPE" --headless --interval 100 signals-coalesce >"$sig" 2>"$sig.err" &
rec3=$!
"$IPCSCOPE" --headless --duration 3 --interval 200 exec-sort >"$ex" 2>"$ex.err" &
rec4=$!

# The screen (stdin) against sample K of recording REC, each recorded
# value as the view formats it; prints what differs, exits 1 if any.
cat >"$chk" <<'PY'
import json, re, sys

rec, k = sys.argv[1], int(sys.argv[2])
rows = sys.stdin.read().split("\n")
lines = [json.loads(l) for l in open(rec) if l.strip()]
at = [i for i, l in enumerate(lines) if l["type"] == "sample"][k - 1]
s, hdr = lines[at], lines[0]
bad = []

def dur(x):		# units_fmt_duration
    if x < 0.9995:
        return "%.0fms" % (x * 1000)
    return "%.1fs" % x

def size(b):		# units_fmt_size
    if b < 1023.5:
        return "%.0f B" % b
    v, units, i = b / 1024, ["KiB", "MiB", "GiB"], 0
    while i < len(units) - 1 and v >= 1023.95:
        v, i = v / 1024, i + 1
    return "%.1f %s" % (v, units[i])

def fill(c):		# view_fmt_fill
    # Unknown once every holder has ended (a sample after the end of
    # the run): the object is gone, the gauge says "closed".
    if c["fill"] is None and all(p["state"] in ("done", "failed")
                                 for p in s["procs"]):
        return "closed"
    if c["fill"] is None:
        return "fill unknown while a process lives (not drawn)"
    if c["unit"] != "bytes":
        return "%d/%d msgs" % (c["fill"], c["capacity"])
    num, unit = size(c["capacity"]).split(" ")
    div = {"B": 1, "KiB": 1024, "MiB": 1048576}[unit]
    dec = len(num.split(".")[1]) if "." in num else 0
    return "%.*f/%s %s" % (dec, c["fill"] / div, num, unit)

def want(ok, what):
    if not ok:
        bad.append(what)

want("t %.1fs" % s["t"] in rows[0], "header time %.1fs: %s" % (s["t"], rows[0]))
writes = {p["name"]: p.get("to") is not None for p in hdr["procs"]}
# The pid column is there only when the width leaves room for it.
pids = any(re.search(r"^\u2500\u2500 process[ \u2500]+pid ", r) for r in rows)
for p in s["procs"]:
    row = [r for r in rows if re.match(r"^ [\u25b6 ] %s +%s" % (
        re.escape(p["name"]), "%d " % p["pid"] if pids else ""), r)]
    if not row:
        bad.append("no row for %s, pid %d" % (p["name"], p["pid"]))
        continue
    st = p["state"].upper()
    if p["state"] == "blocked":
        st += " %s %s %s" % (p["op"], p["channel"], dur(p["blocked_s"]))
    elif p["state"] == "waiting":
        st += " %s %s" % (p["op"], dur(p["state_s"]))
    want(st in row[0], "%s: '%s' not in '%s'" % (p["name"], st, row[0]))
    moved = size(p["bytes_out"] if writes[p["name"]] else p["bytes_in"])
    want(moved in row[0], "%s: moved %s not in '%s'" % (p["name"], moved, row[0]))
for c in s["channels"]:
    want(any(c["name"] in r and fill(c) in r for r in rows),
         "channel %s: %s not shown" % (c["name"], fill(c)))

def box():		# the text of the box at the bottom: caption or stall
    tops = [i for i, r in enumerate(rows) if r.lstrip().startswith("\u256d")]
    out = []
    for r in rows[tops[-1] + 1:] if tops else []:
        if not r.strip().startswith("\u2502"):
            break
        out.append(r.strip().strip("\u2502").strip())
    return " ".join(o for o in out if o)

def said(text):		# the box says text, whole or cut with an ellipsis
    b, text = box(), " ".join(text.split())
    return b == text or (b.endswith("\u2026") and text.startswith(b[:-1]))

events = [l for l in lines[:at] if l["type"] == "event"]
if s["stalled"]:
    stall = [e for e in events if e["what"] == "stall"][-1]
    want("STALLED" in rows[0], "no STALLED in the header")
    want(said(stall["detail"]), "stall text '%s' is not '%s'" % (box(), stall["detail"]))
elif s["caption"]:
    want(said(s["caption"]), "caption '%s' is not '%s'" % (box(), s["caption"]))
ev = [e for e in events if e["what"] != "cue"][-1]
# The what column is cut to its width ("cue-not\u2026"): its first 7.
pat = r"^ +%.1fs  %s +%s" % (ev["t"], re.escape(ev["proc"] or "ipcscope"),
                            re.escape(ev["what"][:7]))
want(any(re.search(pat, r) for r in rows), "latest event '%s' not shown" % pat)
for b in bad:
    print("sample %d (t %.3f): %s" % (k, s["t"], b))
sys.exit(1 if bad else 0)
PY

# The w panel (stdin) against the waits of sample K of recording REC:
# each recorded wait, its process, call and channel, on one line, marked
# STALL where nobody can serve it; exits 1 if one is not.
cat >"$wchk" <<'PY'
import json, sys
rows = sys.stdin.read().split("\n")
k = int(sys.argv[2])
s = [json.loads(l) for l in open(sys.argv[1]) if '"type":"sample"' in l][k - 1]
bad = []
if not s["waits"]:
    bad.append("no waits recorded")
for w in s["waits"]:
    line = [r for r in rows if w["proc"] in r and
            "\u2500\u2500%s\u2500\u2500" % w["op"] in r and w["channel"] in r]
    if not line or (not w["servers"] and "STALL" not in line[0]):
        bad.append("wait %s not shown" % w)
for b in bad:
    print("sample %d: %s" % (k, b))
sys.exit(1 if bad else 0)
PY

# The header's time.
hdr_t() { screen | sed -n '1s/.* t \([0-9.]*\)s .*/\1/p'; }
# The pane with wrapped lines joined (what a shell printed after the UI).
joined() { t capture-pane -p -J -t ipc; }
# The screen is sample K of recording REC.
is_sample() { screen | python "$chk" "$1" "$2"; }
nsamples() { grep -c '"type":"sample"' "$1"; }
# Press KEY N times.
press() {
	_i=0
	while [ "$_i" -lt "$2" ]; do
		t send-keys -t ipc "$1"
		_i=$((_i + 1))
	done
}

# ---- bad files and options: no terminal needed
out=$TEST_TMP/out
refused() {	# WHAT WANT ARGS...: exit 2 and the message on stderr
	_what=$1
	_want=$2
	shift 2
	"$IPCSCOPE" "$@" >"$out" 2>&1
	_rc=$?
	[ "$_rc" -eq 2 ] || fail "$_what: exit $_rc, want 2"
	grep -qF -- "$_want" "$out" || fail "$_what: '$(cat "$out")', want '$_want'"
}
printf 'this is not a recording\n' >"$TEST_TMP/garbage.jsonl"
refused "garbage" "$TEST_TMP/garbage.jsonl:1: not JSON" --replay "$TEST_TMP/garbage.jsonl"
: >"$TEST_TMP/empty.jsonl"
refused "an empty file" "empty.jsonl: empty: a recording starts with its scenario record" \
    --replay "$TEST_TMP/empty.jsonl"
refused "no file" "none.jsonl: cannot open: No such file" --replay "$TEST_TMP/none.jsonl"
refused "with --headless" "--replay plays a recording in the terminal UI; not with --headless" \
    --headless --replay "$TEST_TMP/empty.jsonl"
refused "with a scenario" "--replay FILE plays FILE: no SCENARIO ('pipe-fill')" \
    --replay "$TEST_TMP/empty.jsonl" pipe-fill
refused "with -- CMD" "--replay FILE plays FILE and starts no process: not with a command ('-- touch')" \
    --replay "$TEST_TMP/empty.jsonl" -- touch "$TEST_TMP/ran"
[ ! -e "$TEST_TMP/ran" ] || fail "--replay with -- CMD ran the command"
refused "with --step" "not with --step or --duration" --step --replay "$TEST_TMP/empty.jsonl"
refused "with --record" "--record and --trace record a run" \
    --record "$TEST_TMP/x.cast" --replay "$TEST_TMP/empty.jsonl"
[ ! -e "$TEST_TMP/x.cast" ] || fail "a refused --record left its file"

wait "$rec1" || die "recording pipe-fill failed: $(cat "$pf.err")"
wait "$rec2" || die "recording pool-sentinel-bug failed: $(cat "$pool.err")"
wait "$rec3" || die "recording signals-coalesce failed: $(cat "$sig.err")"
wait "$rec4" || die "recording exec-sort failed: $(cat "$ex.err")"

# A line of garbage in the middle, a recording without its header: said
# at their lines before anything is shown.
sed '5s/.*/{"type":"sample", garbage/' "$pf" >"$TEST_TMP/mid.jsonl"
refused "garbage at line 5" "mid.jsonl:5: not JSON" --replay "$TEST_TMP/mid.jsonl"
sed 1d "$pf" >"$TEST_TMP/headless.jsonl"
refused "no header" "headless.jsonl:1: the first record is a \"event\" record, not the scenario record" \
    --replay "$TEST_TMP/headless.jsonl"
sed '3s/"proc":"[a-z-]*"/"proc":"nobody"/' "$pf" >"$TEST_TMP/names.jsonl"
refused "an unknown name" "names.jsonl:3: event: no process named 'nobody'" \
    --replay "$TEST_TMP/names.jsonl"
pass "bad files and options: exit 2, FILE:LINE: what is wrong"

# ---- pool-sentinel-bug stepped sample by sample, compared with the JSON
play() {
UI=$1
n=$(nsamples "$pool")
launch 100 32 "" "--replay $pool"
wait_for 5 screen_has "replay 1x" || die "$UI: the replay did not start: $(screen)"
pane=$(t display-message -p -t ipc '#{pane_pid}')
pid=$(pgrep -P "$pane" -x ipcscope)
[ -n "$pid" ] && [ -z "$(children_of "$pid")" ] || fail "$UI: a replay started a process: $(children_of "$pid")"

# space stops the time.
t send-keys -t ipc Space
wait_for 3 screen_has "replay paused" || fail "$UI: space did not pause: $(screen)"
t1=$(hdr_t)
sleep 1
[ "$(hdr_t)" = "$t1" ] || fail "$UI: paused, the time moved from $t1 to $(hdr_t)"
pass "$UI space pauses: the time stays at ${t1}s"

# Back to the start, then ] a sample at a time; at each stop the screen
# is that sample: after the exits, after the stall's report, the last.
press '[' "$n"
wait_for 5 screen_has "the start of the recording" || die "$UI: [ did not reach the start: $(screen)"
stall=$(python - "$pool" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "sample":
        n += 1
        if r["stalled"]:
            print(n)
            break
PY
)
[ -n "$stall" ] || die "the pool's recording has no stalled sample"
at=0
for k in $(printf '%s\n' 4 8 "$stall" "$n" | sort -nu); do
	press ']' $((k - at))
	at=$k
	wait_for 5 screen_has "sample $k of $n" || fail "$UI: ] did not reach sample $k: $(screen)"
	[ "$k" -lt "$n" ] || screen_has "sample $n of $n (the end)" || fail "$UI: the last sample is not said: $(screen)"
	is_sample "$pool" "$k" || fail "$UI: the screen is not sample $k: $(screen)"
done
pass "$UI ] steps: samples 4, 8, $stall (stalled) and $n are on screen as recorded"
# w: who waits for whom, worked out from the recorded state, as recorded.
t send-keys -t ipc w
wait_for 3 screen_has "who waits for whom" || fail "$UI: w: $(screen)"
screen | python "$wchk" "$pool" "$n" || fail "$UI: w: $(screen)"
screen_has "recorded; w or esc to close" || fail "$UI: w does not say recorded: $(screen)"
t send-keys -t ipc w
wait_for 3 screen_lacks "who waits for whom" || fail "$UI: w did not close: $(screen)"
pass "$UI w shows the recorded waits of sample $n"
press '[' 3
wait_for 5 screen_has "sample $((n - 3)) of $n" || fail "$UI: [ did not step back: $(screen)"
is_sample "$pool" $((n - 3)) || fail "$UI: the screen is not sample $((n - 3)): $(screen)"
pass "$UI [ steps back to sample $((n - 3))"

# e explains a recorded process: a worker blocked with nothing to come
# (which one took the end marker is the run's chance).
set -- $(python - "$pool" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
last = [l for l in lines if l["type"] == "sample"][-1]
i = [i for i, p in enumerate(last["procs"]) if p["state"] == "blocked"][0]
print(i, last["procs"][i]["name"])
PY
)
press Tab "$1"
t send-keys -t ipc e
wait_for 3 screen_has "explain $2" || fail "$UI: e did not explain $2: $(screen)"
rule=$(python -c 'import json, sys
print(json.loads(open(sys.argv[1]).readline())["channels"][0]["rule_recv"])' "$pool")
panel_text | grep -q "$2 is blocked in recv() on tasks for" ||
	fail "$UI: explain: $(screen)"
panel_text | grep -qF "Rule: $rule" || fail "$UI: explain lacks the recorded rule '$rule': $(screen)"
screen_has "recorded numbers; e or esc to close" || fail "$UI: explain does not say recorded: $(screen)"
t send-keys -t ipc e
pass "$UI e explains a recorded process with its recorded rule"

# p and k act on a run: not on a recording.
t send-keys -t ipc p
wait_for 3 screen_has "pause: not available for this source" || fail "$UI: p: $(screen)"
t send-keys -t ipc k
wait_for 3 screen_has "kill: not available for this source" || fail "$UI: k: $(screen)"
pass "$UI p and k: not available for this source"

t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || die "$UI: q did not exit 0: $(screen)"
tty_restored || fail "$UI: the terminal was not restored: $(screen)"
pass "$UI q exits 0 and restores the terminal"
}

# ---- pipe-fill played: its speed, measured on the header's clock
# (recorded seconds) against the wall clock.
ratio() {	# the replay's seconds per wall second over $1 seconds
	_w1=$(date +%s%N); _t1=$(hdr_t); _w2=$(date +%s%N)
	sleep "$1"
	_w3=$(date +%s%N); _t2=$(hdr_t); _w4=$(date +%s%N)
	python -c 'import sys
t1, t2, w1, w2, w3, w4 = map(float, sys.argv[1:])
print("%.2f" % ((t2 - t1) / (((w3 + w4) - (w1 + w2)) / 2e9)))' "$_t1" "$_t2" "$_w1" "$_w2" "$_w3" "$_w4"
}
# speed_in LO HI: the speed over 2 s is within LO..HI, in $_r. A measure
# that a stall of the whole machine spoiled (the pane not redrawn at a
# capture) is taken again from the start (r keeps the speed), at most
# twice, and said.
speed_in() {
	_n=0
	while :; do
		_r=$(ratio 2)
		awk -v r="$_r" -v lo="$1" -v hi="$2" \
		    'BEGIN { exit !(r >= lo && r <= hi) }' && return 0
		_n=$((_n + 1))
		[ "$_n" -lt 3 ] || return 1
		echo "note: $UI: played at ${_r}x, not within $1-$2x: measured again from the start"
		t send-keys -t ipc r
		sleep 0.3
	done
}
speed() {
UI=$1
launch 100 32 "" "--replay $pf"
wait_for 5 screen_has "replay 1x" || die "$UI: the replay did not start: $(screen)"
# Over 2 s each (8 s of recording hold both): a busy machine's stall of
# the pane at one capture weighs half what it would over 1 s.
speed_in 0.6 1.5 || fail "$UI: 1x played at ${_r}x"
r1=$_r
t send-keys -t ipc r +
wait_for 3 screen_has "replay 2x" || die "$UI: + did not make 2x: $(screen)"
speed_in 1.4 2.7 || fail "$UI: 2x played at ${_r}x"
r2=$_r
pass "$UI + speeds up: ${r1}x, then ${r2}x"

# Paused wherever it is: the screen is its sample (a blocked writer,
# its gauge, the caption said at that moment).
t send-keys -t ipc Space '[' ']'
wait_for 3 screen_has "sample [0-9]* of " || die "$UI: no sample number: $(screen)"
k=$(screen | sed -n 's/.*sample \([0-9]*\) of .*/\1/p')
is_sample "$pf" "$k" || fail "$UI: the screen is not sample $k: $(screen)"
press - 6
wait_for 3 screen_has "the player goes from 0.25x to 8x" || fail "$UI: - past 0.25x: $(screen)"
pass "$UI pipe-fill sample $k as recorded; the speed stays within 0.25x..8x"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "$UI: q: $(screen)"
}

# ---- rates in a kind's unit: signals-coalesce stepped to the first
# sample where a signal was merged while both handlers still ran; each
# channel's rates and merged count and each process's rate, as recorded.
units() {
UI=ncurses
set -- $(python - "$sig" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] != "sample":
        continue
    n += 1
    c = {c["name"]: c for c in r["channels"]}
    live = [p for p in r["procs"] if p["name"].endswith("handler") and
            p["state"] not in ("done", "failed")]
    if (r["t"] >= 0.3 and c["usr1"]["merged"] > 0 and c["rt"]["out_rate"] > 0
            and len(live) == 2):
        print(n, sum(1 for l in open(sys.argv[1]) if '"type":"sample"' in l))
        break
PY
)
[ $# -eq 2 ] || die "units: no sample with merged signals and both handlers running"
launch 100 32 "" "--replay $sig"
wait_for 5 screen_has "replay 1x" || die "units: $(screen)"
t send-keys -t ipc Space
press '[' "$2"
wait_for 5 screen_has "the start of the recording" || die "units: [: $(screen)"
press ']' "$1"
wait_for 5 screen_has "sample $1 of $2" || die "units: ] to $1: $(screen)"
cat >"$TEST_TMP/units.py" <<'PY'
import json, sys
rows = sys.stdin.read().split("\n")
k = int(sys.argv[2])
s = [json.loads(l) for l in open(sys.argv[1]) if '"type":"sample"' in l][k - 1]

def per_s(v, u):	# units_fmt_per_s, below 100000
    return ("%.*f %s" % (0 if v == 0 else 1, v, u) if v < 99.95 else
            "%.0f %s" % (v, u))

bad = []
for c in s["channels"]:
    u = c["rate_unit"]
    want = "%s  in %s  out %s  merged %d" % (c["kind"], per_s(c["in_rate"], u),
                                            per_s(c["out_rate"], u), c["merged"])
    if not any(want in r for r in rows):
        bad.append("channel %s: no '%s'" % (c["name"], want))
for p in s["procs"]:
    v = p["in_rate"] if p["name"].endswith("handler") else p["out_rate"]
    want = per_s(v, "sig/s")
    if not any(" %s " % p["name"] in r and want in r for r in rows):
        bad.append("process %s: no '%s'" % (p["name"], want))
for b in bad:
    print("sample %d: %s" % (k, b))
sys.exit(1 if bad else 0)
PY
screen | python "$TEST_TMP/units.py" "$sig" "$1" || fail "units: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "units: q: $(screen)"
pass "signals-coalesce sample $1: sig/s rates and merged signals as recorded"
}

# ---- a real program (exec = sort): its last sample as recorded, and e
# says it is a program seen from outside, its bytes I/O counters.
execsort() {
UI=ncurses
n=$(nsamples "$ex")
launch 100 32 "" "--replay $ex"
wait_for 5 screen_has "replay 1x" || die "exec: $(screen)"
t send-keys -t ipc Space
press '[' "$n"
wait_for 5 screen_has "the start of the recording" || die "exec: [: $(screen)"
press ']' "$n"
wait_for 5 screen_has "sample $n of $n" || die "exec: ] to $n: $(screen)"
is_sample "$ex" "$n" || fail "exec: the screen is not sample $n: $(screen)"
t send-keys -t ipc Tab e
wait_for 3 screen_has "explain sorter" || fail "exec: e: $(screen)"
panel_text | grep -q "It is a program (sort), seen from outside" ||
	fail "exec: explain sorter: $(screen)"
t send-keys -t ipc e q
wait_for 5 screen_has "EXITED:0" || fail "exec: q: $(screen)"
pass "exec-sort sample $n as recorded; e names the program and its I/O counters"
}

# ---- ? at 80x24: the whole table, with the replay's keys in its words
# (live only f's line says [ ]; a replay lists [ ] and not f); and
# --snapshot at a recorded time writes that moment of the replay.
helpkeys() {
UI=ncurses
launch 80 24 "" "--replay $pf --snapshot 0.5:$TEST_TMP/at0.5.svg"
wait_for 5 screen_has "replay 1x" || die "help: $(screen)"
wait_for 5 test -s "$TEST_TMP/at0.5.svg" || fail "--snapshot 0.5: no file: $(screen)"
grep -q "replay" "$TEST_TMP/at0.5.svg" && grep -q "t 0\.[5-9]s" "$TEST_TMP/at0.5.svg" ||
	fail "--snapshot 0.5 is not the replay at 0.5 s"
t send-keys -t ipc '?'
wait_for 3 screen_has "─ help ─" || fail "help: ? did not open it: $(screen)"
for want in "step back / forward one sample (pauses)" \
    "replay faster or slower (1/4x to 8x)" "pause or go on playing the recording" \
    "who waits for whom: stalls and deadlocks" "explain the selected process"; do
	screen_has "$want" || fail "help: no '$want' at 80x24: $(screen)"
done
screen_lacks "freeze; step back" || fail "help: f is listed in a replay: $(screen)"
t send-keys -t ipc Escape q
wait_for 5 screen_has "EXITED:0" || fail "help: q: $(screen)"
pass "? at 80x24 lists the replay's keys in full, not f; --snapshot 0.5 wrote it at 0.5 s"
}

# ---- a kind this ipcscope does not have: its recorded words
unknown() {
UI=ncurses
python - "$pf" >"$TEST_TMP/warp.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "scenario":
        c = r["channels"][0]
        c.update(kind="warp-pipe", send_op="beam",
                 rule_send="Warp pipes beam whole pages or nothing.")
    for c in r.get("channels", []):
        c["kind"] = "warp-pipe"
    for p in r.get("procs", []):
        if p.get("op") == "write":
            p["op"] = "beam"
    print(json.dumps(r))
PY
launch 100 32 "" "--replay $TEST_TMP/warp.jsonl"
wait_for 5 screen_has "BLOCKED beam pipe" || die "no writer blocked in beam: $(screen)"
t send-keys -t ipc Space e
wait_for 3 screen_has "explain writer" || fail "e: $(screen)"
panel_text | grep -q "writer is blocked in beam() on pipe" || fail "explain writer: $(screen)"
panel_text | grep -q "Rule: Warp pipes beam whole pages or nothing" ||
	fail "the recorded rule is not quoted: $(screen)"
t send-keys -t ipc e c e
wait_for 3 screen_has "explain pipe" || fail "c e: $(screen)"
panel_text | grep -q "pipe is a warp-pipe channel" || fail "explain pipe: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "q: $(screen)"
pass "a kind this ipcscope lacks shows its recorded words and rules"
}

# ---- an older ipcscope's recording; a killed run's cut last line
older() {
UI=ncurses
old=$TESTDATA/replay-old-pipe-fill.jsonl
launch 100 32 "" "--replay $old"
wait_for 5 screen_has "BLOCKED write pipe" || die "older: no blocked writer: $(screen)"
screen_has "writer ─▶" || fail "older: the gauge does not name its writer: $(screen)"
screen_has "older recording: no about text, live captions" || fail "older: what it lacks: $(screen)"
wait_for 8 screen_has "replay: end" || fail "older: did not reach its end: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "older: q: $(screen)"
joined | grep -q "old-pipe-fill.jsonl: an older ipcscope's recording: no about text, live captions, state times, stall ends" ||
	fail "older: nothing said after the UI: $(joined)"
pass "an older ipcscope's recording plays and says what it lacks"

# Two thirds of the lines, then half of the next (never a whole line).
cut=$(($(wc -l <"$pool") * 2 / 3))
{ head -n "$cut" "$pool"; sed -n "$((cut + 1))p" "$pool" |
    awk '{ printf "%s", substr($0, 1, int(length($0) / 2)) }'; } >"$TEST_TMP/cut.jsonl"
launch 100 32 "" "--replay $TEST_TMP/cut.jsonl"
wait_for 3 screen_has "replay 1x" || die "cut: refused: $(screen)"
t send-keys -t ipc + + +
wait_for 8 screen_has "its line $((cut + 1)) was cut short" || fail "cut: $(screen)"
t send-keys -t ipc q
wait_for 5 screen_has "EXITED:0" || fail "cut: q: $(screen)"
pass "a killed run's cut last line (line $((cut + 1))) is played up to"
}

# ---- a long recording: memory of one line, not of the file
long() {
UI=ncurses
python - "$pf" >"$TEST_TMP/long.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
hdr = lines[0]
sample = json.loads([l for l in lines if '"type":"sample"' in l][-1])
print(hdr)
for i in range(30000):
    sample["t"] = i * 0.1
    print(json.dumps(sample))
PY
hwm() {	# the replay's peak resident memory, kB, once it plays: $kb
	# ASan's quarantine would hold what was freed: not the replay's.
	launch 100 32 "ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=1" \
	    "--replay $1"
	wait_for 20 screen_has "replay 1x" || die "long: $(screen)"
	_pid=$(pgrep -P "$(t display-message -p -t ipc '#{pane_pid}')" -x ipcscope)
	kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$_pid/status")
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "long: q: $(screen)"
}
hwm "$pf"
short=$kb
hwm "$TEST_TMP/long.jsonl"
big=$kb
mb=$(($(wc -c <"$TEST_TMP/long.jsonl") / 1048576))
[ -n "$short" ] && [ -n "$big" ] && [ "$big" -lt $((short + 3072)) ] ||
	fail "long: peak memory ${big} kB for $mb MiB, ${short} kB for 8 s"
pass "a ${mb} MiB recording peaks at ${big} kB, an 8 s one at ${short} kB"
}

for ui in $(tmux_uis); do
	part "play-$ui" play "$ui"
	part "speed-$ui" speed "$ui"
done
part units units
part exec execsort
part help helpkeys
part unknown unknown
part older older
part long long
finish
