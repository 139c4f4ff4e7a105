#!/bin/sh
# --record (asciinema v2 cast) and --trace (Chrome trace-event JSON), checked
# against the JSON Lines of the same run: the trace's intervals against the
# samples' states, the cast replayed through a small terminal emulator.
. "$TESTLIB"

# The checks run as parts, side by side, each in its own TMPDIR; the
# Python helpers below are shared.
lib="$TEST_TMP/reclib.py"
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

# files: the part's own paths. nothing_left: its runs left nothing else.
files() {
	out="$TEST_TMP/out.jsonl"
	cast="$TEST_TMP/run.cast"
	trace="$TEST_TMP/run.json"
}
nothing_left() {
	rm -f "$cast" "$trace" "$out" "$out.err"
	left=$(ls -A "$TEST_TMP")
	[ -z "$left" ] || fail "$TEST_PART: left in TMPDIR: $left"
}

# asciinema play is not available offline: check the format strictly and
# replay the output with a minimal terminal (CUP, ED, EL, SGR, UTF-8).
cat >"$lib" <<'PY'
import json

def read_cast(path):
    """Every line JSON; the header's keys; events [float, "o"|"r"|"m", str] in order."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    assert raw.endswith("\n"), "cast does not end with a newline"
    lines = [json.loads(l) for l in raw.splitlines()]
    h = lines[0]
    assert isinstance(h, dict), h
    assert h["version"] == 2, h
    for k in ("width", "height", "timestamp"):
        assert isinstance(h[k], int) and h[k] > 0, (k, h)
    assert isinstance(h["title"], str) and h["title"].startswith("ipcscope "), h
    assert isinstance(h["env"], dict) and "TERM" in h["env"] and "SHELL" in h["env"], h
    evs = lines[1:]
    assert evs, "no events"
    last = 0.0
    for e in evs:
        assert isinstance(e, list) and len(e) == 3, e
        assert isinstance(e[0], float) and e[0] >= last, (e[0], last)
        last = e[0]
        assert e[1] in ("o", "r", "m"), e
        assert isinstance(e[2], str), e
    return h, evs

class Term:
    def __init__(self, w, h):
        self.resize(w, h)
        self.x = self.y = 0
        self.sgr = ()

    def resize(self, w, h):
        self.w, self.h = w, h
        self.cells = [[(" ", ()) for _ in range(w)] for _ in range(h)]

    def put(self, ch):
        if self.x >= self.w:        # pending wrap: we never rely on it
            raise AssertionError("text past the right margin")
        self.cells[self.y][self.x] = (ch, self.sgr)
        self.x += 1
        if ch >= "\u1100" and self._wide(ch) and self.x < self.w:
            self.cells[self.y][self.x] = ("", self.sgr)
            self.x += 1

    @staticmethod
    def _wide(ch):
        import unicodedata
        return unicodedata.east_asian_width(ch) in ("W", "F")

    def csi(self, priv, params, final):
        p = [int(v) if v else 0 for v in params.split(";")] if params else []
        if priv:
            assert final in "hl", (priv, params, final)
            return
        if final == "H":
            row = p[0] if len(p) > 0 and p[0] else 1
            col = p[1] if len(p) > 1 and p[1] else 1
            assert 1 <= row <= self.h and 1 <= col <= self.w, (row, col)
            self.y, self.x = row - 1, col - 1
        elif final == "K":
            assert not p or p[0] == 0, p
            for x in range(self.x, self.w):
                self.cells[self.y][x] = (" ", ())
        elif final == "J":
            assert p == [2], p
            self.resize(self.w, self.h)
        elif final == "m":
            s = list(self.sgr)
            i = 0
            p = p or [0]
            while i < len(p):
                if p[i] == 0:
                    s = []
                elif p[i] in (38, 48) and i + 2 < len(p) and p[i + 1] == 5:
                    s = [a for a in s if not (isinstance(a, tuple) and a[0] == p[i])]
                    s.append((p[i], p[i + 2]))
                    i += 2
                else:
                    s.append(p[i])
                i += 1
            self.sgr = tuple(s)
        else:
            raise AssertionError("unexpected CSI %r" % final)

    def feed(self, data):
        i = 0
        while i < len(data):
            c = data[i]
            if c == "\x1b":
                assert data[i + 1] == "[", repr(data[i:i + 8])
                j = i + 2
                priv = ""
                if data[j] == "?":
                    priv, j = "?", j + 1
                k = j
                while data[k] in "0123456789;":
                    k += 1
                self.csi(priv, data[j:k], data[k])
                i = k + 1
                continue
            assert c >= " " and c != "\x7f", "control character %r" % c
            self.put(c)
            i += 1

    def text(self):
        return ["".join(ch for ch, _ in row).rstrip() for row in self.cells]

    def style_of(self, needle):
        """The SGR state of the first cell of needle on screen."""
        for y, line in enumerate(self.text()):
            x = line.find(needle)
            if x >= 0:
                col = len(line[:x])
                return self.cells[y][col][1]
        return None

def replay(path, until=None):
    h, evs = read_cast(path)
    t = Term(h["width"], h["height"])
    for at, kind, data in evs:
        if until is not None and at > until:
            break
        if kind == "m":
            continue                # a marker: nothing to draw
        if kind == "r":
            w, hh = data.split("x")
            t.resize(int(w), int(hh))
        else:
            t.feed(data)
    return h, evs, t

def read_trace(path):
    with open(path) as f:
        d = json.load(f)
    assert set(d) >= {"traceEvents", "displayTimeUnit"}, d.keys()
    assert d["displayTimeUnit"] == "ms"
    evs = d["traceEvents"]
    assert isinstance(evs, list) and evs
    for e in evs:
        assert e["ph"] in ("M", "X", "C", "i"), e
        assert isinstance(e["pid"], int), e
        if e["ph"] != "M":
            assert isinstance(e["ts"], int) and e["ts"] >= 0, e
        if e["ph"] == "X":
            assert isinstance(e["dur"], int) and e["dur"] >= 0, e
            assert isinstance(e["tid"], int), e
    return evs

def tracks(evs):
    """tid -> worker name, from the thread_name metadata."""
    return {e["tid"]: e["args"]["name"] for e in evs
            if e["ph"] == "M" and e["name"] == "thread_name"}
PY

headless() {
	files
	"$IPCSCOPE" --headless --duration 5 --interval 100 --format jsonl \
	    --record "$cast" --trace "$trace" pipe-fill >"$out" ||
		die "headless pipe-fill with --record --trace exited $?"

	python - "$lib" "$out" "$trace" <<'PY' || fail "trace against the JSON Lines"
import json, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from reclib import read_trace, tracks
lines = [json.loads(l) for l in open(sys.argv[2])]
evs = read_trace(sys.argv[3])
TICK, INTERVAL = 0.05, 0.1
tol = TICK + INTERVAL
head = lines[0]
samples = [l for l in lines if l["type"] == "sample"]
end_t = lines[-1]["t"]

# One process, one track per worker, named after it.
pids = {e["pid"] for e in evs}
assert len(pids) == 1, pids
names = tracks(evs)
assert sorted(names.values()) == sorted(p["name"] for p in head["procs"]), names
assert len(set(names)) == len(names)
procname = [e for e in evs if e["ph"] == "M" and e["name"] == "process_name"]
assert procname and procname[0]["args"]["name"] == "ipcscope pipe-fill", procname
tid = {v: k for k, v in names.items()}

# Intervals on one track do not overlap and end by the end of the run.
for t in names:
    xs = sorted((e for e in evs if e["ph"] == "X" and e["tid"] == t), key=lambda e: e["ts"])
    for a, b in zip(xs, xs[1:]):
        assert a["ts"] + a["dur"] <= b["ts"], (a, b)
    for e in xs:
        assert (e["ts"] + e["dur"]) / 1e6 <= end_t + tol, (e, end_t)

# The writer's blocked slices agree with the samples' states.
blk = [e for e in evs if e["ph"] == "X" and e["tid"] == tid["writer"]
       and e["name"] == "blocked write pipe"]
assert blk, "no 'blocked write pipe' slice for the writer"
for e in blk:
    assert e["args"] == {"call": "write", "channel": "pipe"}, e
sl = [(e["ts"] / 1e6, (e["ts"] + e["dur"]) / 1e6) for e in blk]
def wstate(s):
    w = [p for p in s["procs"] if p["name"] == "writer"][0]
    return (w["state"], w["op"], w["channel"])
blocked = [s["t"] for s in samples if wstate(s) == ("blocked", "write", "pipe")]
other = [s["t"] for s in samples if wstate(s) != ("blocked", "write", "pipe")]
assert blocked, "the JSON Lines never show the writer blocked"
for t in blocked:
    assert any(a - tol <= t <= b + tol for a, b in sl), ("blocked sample outside every slice", t, sl)
for t in other:
    assert not any(a + tol < t < b - tol for a, b in sl), ("running sample inside a slice", t, sl)
first = min(a for a, _ in sl)
assert abs(first - blocked[0]) <= tol, (first, blocked[0])
prev = [t for t in other if t < blocked[0]]
if prev:
    assert first >= prev[-1] - tol, (first, prev[-1])
longest = max(b - a for a, b in sl)
assert longest >= 1.5, sl
# The reader waits for its start delay, then works at a rate.
rd = [e["name"] for e in evs if e["ph"] == "X" and e["tid"] == tid["reader"]]
assert "waiting start" in rd, rd

# The fill counter reaches the pipe's capacity, as the samples say.
cap = samples[-1]["channels"][0]["capacity"]
fills = [e for e in evs if e["ph"] == "C" and e["name"] == "pipe fill (bytes)"]
assert fills, "no fill counter"
assert max(e["args"]["fill"] for e in fills) == cap, (cap, fills[:3])
assert all(e["args"]["capacity"] == cap for e in fills), fills[:3]
rates = [e for e in evs if e["ph"] == "C" and e["name"] == "pipe rate (bytes/s)"]
# The reader (from 3 s; by 5 s even on a busy machine) drained some.
assert rates and any(e["args"].get("out_bps", 0) > 0 for e in rates), rates[-3:]
# The start events are on the workers' tracks.
starts = [e for e in evs if e["ph"] == "i" and e["name"] == "start"]
assert sorted(names[e["tid"]] for e in starts) == ["reader", "writer"], starts
PY
	pass "trace: one track per worker, blocked slices match the samples, fill reaches capacity"

	python - "$lib" "$out" "$cast" <<'PY' || fail "cast"
import json, os, re, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from reclib import replay
lines = [json.loads(l) for l in open(sys.argv[2])]
h, evs, term = replay(sys.argv[3])
assert (h["width"], h["height"]) == (80, 24), h
assert h["title"] == "ipcscope pipe-fill", h
assert all(e[1] in ("o", "m") for e in evs), "a resize in a headless run"
evs = [e for e in evs if e[1] == "o"]
# Only frames that changed, at most one per 50 ms tick (ticks at 0 and at
# the end both count), and the closing output that restores the viewer's
# terminal.
assert len(evs) <= lines[-1]["t"] / 0.05 + 3, len(evs)
assert os.path.getsize(sys.argv[3]) < 2 * 1024 * 1024
screen = "\n".join(term.text())
assert "pipe-fill" in screen, screen
last = [l for l in lines if l["type"] == "sample"][-1]
w = [p for p in last["procs"] if p["name"] == "writer"][0]
# (The call and channel are shown for a blocked process.)
badge = w["state"].upper()
if w["state"] == "blocked":
    badge = " ".join((badge, w["op"], w["channel"]))
# The writer's row of the table (at 80 columns without its pid column).
row = [l for l in screen.split("\n") if re.match(r" [\u25b6 ] writer ", l)]
assert row and badge in row[0], (badge, screen)
# At 2.5 s the writer is blocked (the samples say so): the badge in the
# TUI's colours, white on red, bold.
at = [s for s in lines if s["type"] == "sample" and 2.4 <= s["t"] <= 2.6]
assert at and all(p["state"] == "blocked" for s in at for p in s["procs"]
                  if p["name"] == "writer"), at
h, evs, term = replay(sys.argv[3], until=2.5)
assert "BLOCKED write pipe" in "\n".join(term.text()), term.text()
st = term.style_of("BLOCKED")
assert st is not None and (48, 160) in st and (38, 231) in st and 1 in st, st
PY
	pass "cast: well-formed, replays to the last frame with the writer's badge"
	nothing_left
}

# A path that cannot be written: exit 2 before anything runs.
unwritable() {
	files
	"$IPCSCOPE" --headless --duration 1 --record "$TEST_TMP/no/such/dir/x.cast" \
	    pipe-fill >"$out" 2>"$out.err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "unwritable --record exited $rc, want 2"
	grep -q "no/such/dir/x.cast" "$out.err" || fail "the message does not name the path: $(cat "$out.err")"
	[ -s "$out" ] && fail "a run started despite an unwritable --record: $(cat "$out")"
	"$IPCSCOPE" --headless --duration 1 --record "$TEST_TMP/ok.cast" \
	    --trace "$TEST_TMP/no/such/dir/x.json" pipe-fill >"$out" 2>"$out.err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "unwritable --trace exited $rc, want 2"
	[ -e "$TEST_TMP/ok.cast" ] && fail "--record's file left behind after --trace failed"
	"$IPCSCOPE" --verify --record "$cast" pipe-fill >"$out" 2>&1
	[ $? -eq 2 ] || fail "--verify --record is not a usage error"
	pass "unwritable paths are exit 2 before the run"
	nothing_left
}

# SIGINT and SIGTERM mid-run: both files complete and parseable.
interrupted() {
	sig=$1
	files
	"$IPCSCOPE" --headless --duration 20 --interval 100 --record "$cast" \
	    --trace "$trace" pipe-fill >"$out" &
	pid=$!
	sleep 1.5
	kill -"$sig" "$pid"
	wait "$pid"
	python - "$lib" "$out" "$cast" "$trace" <<'PY' || fail "files after SIG$sig"
import json, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from reclib import replay, read_trace, tracks
lines = [json.loads(l) for l in open(sys.argv[2])]
assert lines[-1]["type"] == "end" and lines[-1]["reason"] == "interrupted", lines[-1]
h, evs, term = replay(sys.argv[3])
assert "BLOCKED write pipe" in "\n".join(term.text())
tr = read_trace(sys.argv[4])
tid = {v: k for k, v in tracks(tr).items()}
blk = [e for e in tr if e["ph"] == "X" and e["tid"] == tid["writer"]
       and e["name"] == "blocked write pipe"]
# The open interval was closed at the end: it lasts until the interrupt.
assert blk and max(e["ts"] + e["dur"] for e in blk) / 1e6 >= lines[-1]["t"] - 0.15, (blk, lines[-1])
PY
	pass "SIG$sig leaves complete files"
	nothing_left
}

# The terminal UI records the screen it shows, at the terminal's size.
TMUXB=${TMUX_BIN:-tmux}
tui() {
	files
	unset TMUX
	TEST_TMUX_SOCK="ipcscope-rec-$$-$TEST_PART"
	t() { "$TMUXB" -L "$TEST_TMUX_SOCK" "$@"; }
	screen_has() { t capture-pane -p -t ipc | grep -q -- "$1"; }
	rm -f "$cast" "$trace"
	t -f /dev/null new-session -d -s ipc -x 100 -y 30 \
	    "env TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $IPCSCOPE --record '$cast' --trace '$trace' pipe-fill; echo EXITED:\$?; sleep 60"
	wait_for 5 screen_has "BLOCKED write pipe" || fail "TUI: no blocked writer on screen"
	sleep 0.3
	# A resize is a resize event in the cast; r restarts the run.
	t resize-window -t ipc -x 120 -y 40 2>/dev/null || t resize-pane -t ipc -x 120 -y 40
	sleep 0.5
	t send-keys -t ipc r
	wait_for 5 screen_has "restarted" || fail "TUI: r did not restart"
	wait_for 5 screen_has "BLOCKED write pipe" || fail "TUI: no blocked writer after r"
	sleep 0.3
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "TUI with --record did not exit 0"
	python - "$lib" "$cast" "$trace" <<'PY' || fail "TUI cast and trace"
import sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from reclib import replay, read_trace, tracks
h, evs, term = replay(sys.argv[2])
assert (h["width"], h["height"]) == (100, 30), h
assert [e[2] for e in evs if e[1] == "r"] == ["120x40"], [e for e in evs if e[1] == "r"]
assert (term.w, term.h) == (120, 40)
screen = "\n".join(term.text())
assert "pipe-fill" in screen and "BLOCKED write pipe" in screen, screen
assert max(len(l) for l in term.text()) > 80, screen
tr = read_trace(sys.argv[3])
names = tracks(tr)
assert sorted(names.values()) == ["reader", "writer"], names
tid = {v: k for k, v in names.items()}
xs = sorted((e for e in tr if e["ph"] == "X" and e["tid"] == tid["writer"]), key=lambda e: e["ts"])
for a, b in zip(xs, xs[1:]):
    assert a["ts"] + a["dur"] <= b["ts"], (a, b)
# Two runs, each with its writer blocked; the second after the first.
blk = [e for e in xs if e["name"] == "blocked write pipe"]
assert len(blk) >= 2, xs
starts = [e for e in tr if e["ph"] == "i" and e["name"] == "start" and e["tid"] == tid["writer"]]
assert len(starts) == 2 and starts[1]["ts"] > starts[0]["ts"], starts
PY
	pass "TUI: --record and --trace across a resize and a restart"
	nothing_left
}

part headless headless
part unwritable unwritable
part sigint interrupted INT
part sigterm interrupted TERM
if command -v "$TMUXB" >/dev/null 2>&1; then
	part tui tui
else
	echo "SKIP: no tmux for the TUI recording"
fi
finish
