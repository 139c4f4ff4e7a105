#!/bin/sh
# Recordings and slides, from real runs: the cast's markers at the cues
# and its clean end; --snapshot's SVG (parsed, with the caption on it); x
# in a real terminal (tmux), its SVG against what the terminal shows
# (capture-pane -e: characters and colours); --notes on a second tmux
# pane, stepping with n; bad --snapshot and --notes arguments.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

# The SVG helpers the parts share: xterm's colours (as the palette's
# palette_rgb says they are), the SVG read into cells.
lib="$TEST_TMP/svglib.py"
cat >"$lib" <<'PY'
import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
CW, CH = 10, 20
RGB16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238),
         (205, 0, 205), (0, 205, 205), (229, 229, 229), (127, 127, 127),
         (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
         (255, 0, 255), (0, 255, 255), (255, 255, 255)]
CUBE = (0, 95, 135, 175, 215, 255)

def xterm(n):
    if n < 16:
        r = RGB16[n]
    elif n < 232:
        n -= 16
        r = (CUBE[n // 36], CUBE[n // 6 % 6], CUBE[n % 6])
    else:
        r = (8 + 10 * (n - 232),) * 3
    return "#%02x%02x%02x" % r

def shape_char(c):
    """Box drawing and block elements: drawn as shapes, not text."""
    return "\u2500" <= c <= "\u259f"

def read_svg(path):
    """(root, cols, rows, canvas, rects, cells): cells[y][x] = (char, fill, bold)."""
    root = ET.parse(path).getroot()
    assert root.tag == NS + "svg", root.tag
    w, h = int(root.get("width")), int(root.get("height"))
    assert w % CW == 0 and h % CH == 0, (w, h)
    cols, rows = w // CW, h // CH
    rects = [(float(r.get("x")), float(r.get("y")), float(r.get("width")),
              float(r.get("height")), r.get("fill"))
             for r in root.iter(NS + "rect")]
    canvas = rects[0]
    assert canvas[:4] == (0, 0, w, h), canvas
    cells = [[(" ", None, False)] * cols for _ in range(rows)]
    for text in root.iter(NS + "text"):
        y = (int(text.get("y")) - 15) // CH
        for ts in text.iter(NS + "tspan"):
            x = int(ts.get("x")) // CW
            s = ts.text or ""
            assert int(ts.get("textLength")) == len(s) * CW, (ts.attrib, s)
            for i, c in enumerate(s):
                cells[y][x + i] = (c, ts.get("fill"),
                                   ts.get("font-weight") == "bold")
    return root, cols, rows, canvas[4], rects, cells

def svg_lines(cells):
    return ["".join(c for c, _, _ in row).rstrip() for row in cells]

def bg_at(rects, x, y):
    """The last rect that covers cell (x, y) whole: its fill."""
    fill = None
    for rx, ry, rw, rh, f in rects:
        if (rx <= x * CW and rx + rw >= (x + 1) * CW and
                ry <= y * CH and ry + rh >= (y + 1) * CH):
            fill = f
    return fill

SGR = re.compile(r"\x1b\[([0-9;]*)m")

def read_capture(text, cols):
    """capture-pane -e output: cells[y][x] = (char, fg, bg, bold, dim, reverse)."""
    out = []
    st = dict(fg=None, bg=None, bold=False, dim=False, rev=False)
    for line in text.split("\n"):
        row, i = [], 0
        while i < len(line):
            m = SGR.match(line, i)
            if m:
                p = [int(v) if v else 0 for v in m.group(1).split(";")]
                j = 0
                while j < len(p):
                    v = p[j]
                    if v == 0:
                        st = dict(fg=None, bg=None, bold=False, dim=False, rev=False)
                    elif v == 1:
                        st["bold"] = True
                    elif v == 2:
                        st["dim"] = True
                    elif v == 22:
                        st["bold"] = st["dim"] = False
                    elif v == 7:
                        st["rev"] = True
                    elif v == 27:
                        st["rev"] = False
                    elif v in (38, 48) and p[j + 1] == 5:
                        st["fg" if v == 38 else "bg"] = xterm(p[j + 2])
                        j += 2
                    elif v in (38, 48) and p[j + 1] == 2:
                        st["fg" if v == 38 else "bg"] = "#%02x%02x%02x" % tuple(p[j + 2:j + 5])
                        j += 4
                    elif 30 <= v <= 37 or 90 <= v <= 97:
                        st["fg"] = xterm(v - 30 if v < 90 else v - 82)
                    elif 40 <= v <= 47 or 100 <= v <= 107:
                        st["bg"] = xterm(v - 40 if v < 100 else v - 92)
                    elif v == 39:
                        st["fg"] = None
                    elif v == 49:
                        st["bg"] = None
                    j += 1
                i = m.end()
                continue
            assert line[i] != "\x1b", repr(line[i:i + 10])
            row.append((line[i], st["fg"], st["bg"], st["bold"], st["dim"], st["rev"]))
            i += 1
        while len(row) < cols:
            row.append((" ", None, None, False, False, False))
        out.append(row)
    return out
PY

# A headless run: the cast's markers and end, a --snapshot with the caption.
cast() {
	"$IPCSCOPE" --headless --duration 3.5 --interval 100 \
	    --record "$TEST_TMP/run.cast" --snapshot "2.5:$TEST_TMP/at2.5.svg" \
	    pipe-fill >"$TEST_TMP/out.jsonl" || die "headless pipe-fill exited $?"
	python - "$lib" "$TEST_TMP/out.jsonl" "$TEST_TMP/run.cast" \
	    "$TEST_TMP/at2.5.svg" <<'PY' || fail "cast and snapshot"
import json, re, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from svglib import read_svg, svg_lines
lines = [json.loads(l) for l in open(sys.argv[2])]
cues = [l for l in lines if l["type"] == "event" and l["what"] == "cue"]
assert len(cues) >= 3, cues          # cue 3 is at 3 s

# The cast: JSON lines; an "m" marker for each cue the run showed, in
# order, near its time, titled with the cue's text.
cast = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
evs = cast[1:]
marks = [e for e in evs if e[1] == "m"]
assert len(marks) == len(cues), (marks, cues)
for m, c in zip(marks, cues):
    label = m[2]
    assert label.startswith("cue "), label
    if label.endswith("\u2026"):
        assert c["detail"].startswith(label[:-1].rstrip()), (label, c)
        assert len(label) <= 50, label
    else:
        assert label == c["detail"], (label, c)
    assert abs(m[0] - c["t"]) < 0.5, (m, c)
out = [e for e in evs if e[1] == "o"]
assert out[0][2].startswith("\x1b[?1049h"), repr(out[0][2][:40])
# The last output: after everything else, resets, shows the cursor,
# leaves the alternate screen; nothing hides the cursor after it.
assert evs[-1] is out[-1], evs[-1]
end = out[-1][2]
assert "\x1b[?25h" in end and end.endswith("\x1b[?1049l"), repr(end)
assert end.index("\x1b[0m") < end.index("\x1b[?1049l"), repr(end)
assert "\x1b[?25l" not in end, repr(end)

# The snapshot at 2.5 s: well-formed SVG, the screen with the caption
# of the last cue shown by then, and the writer blocked (as the samples
# say it is then).
root, cols, rows, canvas, rects, cells = read_svg(sys.argv[4])
assert (cols, rows) == (80, 24), (cols, rows)
assert canvas == "#000000", canvas
title = root.find("{http://www.w3.org/2000/svg}title").text
m = re.fullmatch(r"ipcscope pipe-fill at ([0-9.]+)s", title)
assert m and 2.5 <= float(m.group(1)) < 3.0, title
text = " ".join(" ".join(svg_lines(cells)).split())
shown = [c for c in cues if c["t"] <= float(m.group(1))][-1]
words = shown["detail"].split(": ", 1)[1].split()[:6]
assert " ".join(words) in text, (words, text)
assert "pipe-fill" in text and "BLOCKED write pipe" in text, text
near = [l for l in lines if l["type"] == "sample" and 2.4 <= l["t"] <= 2.6]
assert near and all(p["state"] == "blocked" for l in near for p in l["procs"]
                    if p["name"] == "writer"), near
PY
	pass "cast: a marker per cue, a clean end; --snapshot: SVG with the caption"
}

# The light theme: the image and the cast bring their white background.
light() {
	"$IPCSCOPE" --headless --theme light --duration 1.2 --interval 100 \
	    --record "$TEST_TMP/light.cast" --snapshot-size 100x30 \
	    --snapshot "0.5:$TEST_TMP/light.svg" pipe-fill >/dev/null ||
		die "headless light run exited $?"
	python - "$lib" "$TEST_TMP/light.cast" "$TEST_TMP/light.svg" <<'PY' || fail "light"
import json, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from svglib import read_svg, svg_lines, bg_at
root, cols, rows, canvas, rects, cells = read_svg(sys.argv[3])
assert (cols, rows) == (100, 30), (cols, rows)
assert canvas == "#ffffff", canvas
# No text in the colour it is drawn on (the default caption was white).
n = 0
for y, row in enumerate(cells):
    for x, (c, fill, _) in enumerate(row):
        if c != " ":
            assert fill != bg_at(rects, x, y), (x, y, c, fill)
            n += 1
assert n > 200, n
assert "pipe-fill" in " ".join(svg_lines(cells))
evs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")][1:]
out = [e[2] for e in evs if e[1] == "o"]
assert "\x1b[0;38;5;16;48;5;231m\x1b[H\x1b[2J" in out[0], repr(out[0][:80])
assert out[-1] == "\x1b[0m\x1b[?25h\x1b[?1049l", repr(out[-1])
PY
	pass "light theme: white SVG page, the cast's background, reset at its end"
}

# Arguments that cannot work: exit 2 before anything runs.
bad_args() {
	for a in "x.svg" ":x.svg" "2:" "soon:x.svg" "99:$TEST_TMP/x.svg" \
	    "1:$TEST_TMP/no/dir/x.svg"; do
		"$IPCSCOPE" --headless --snapshot "$a" pipe-fill \
		    >"$TEST_TMP/out" 2>"$TEST_TMP/err"
		rc=$?
		[ "$rc" -eq 2 ] || fail "--snapshot '$a' exited $rc, want 2"
		grep -q -- "--snapshot" "$TEST_TMP/err" ||
			fail "--snapshot '$a': no message: $(cat "$TEST_TMP/err")"
		[ -s "$TEST_TMP/out" ] && fail "--snapshot '$a' started a run"
	done
	"$IPCSCOPE" --headless --snapshot "99:$TEST_TMP/x.svg" pipe-fill 2>&1 |
	    grep -q "the run lasts 12s" || fail "a time beyond the run: not said"
	"$IPCSCOPE" --verify --snapshot "1:$TEST_TMP/x.svg" pipe-fill >/dev/null 2>&1
	[ $? -eq 2 ] || fail "--verify --snapshot is not a usage error"
	"$IPCSCOPE" --headless --notes /dev/null pipe-fill >/dev/null 2>&1
	[ $? -eq 2 ] || fail "--headless --notes is not a usage error"
	"$IPCSCOPE" --snapshot-size 100x30 --snapshot "1:$TEST_TMP/x.svg" \
	    pipe-fill >/dev/null 2>"$TEST_TMP/err"
	[ $? -eq 2 ] && grep -q -- "--snapshot-size is for --headless" "$TEST_TMP/err" ||
		fail "--snapshot-size outside --headless: $(cat "$TEST_TMP/err")"
	# A refused snapshot leaves no cast; a refused cast, no snapshot and
	# nothing said about it.
	"$IPCSCOPE" --headless --record "$TEST_TMP/x.cast" \
	    --snapshot "1:$TEST_TMP/no/dir/x.svg" pipe-fill >/dev/null 2>&1
	[ $? -eq 2 ] || fail "--record with a refused --snapshot is not exit 2"
	[ -e "$TEST_TMP/x.cast" ] && fail "a cast left by a refused --snapshot"
	"$IPCSCOPE" --headless --record "$TEST_TMP/no/dir/x.cast" \
	    --snapshot "1:$TEST_TMP/x.svg" pipe-fill >/dev/null 2>"$TEST_TMP/err"
	[ $? -eq 2 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] ||
		fail "a refused --record with --snapshot: $(cat "$TEST_TMP/err")"
	[ -e "$TEST_TMP/x.svg" ] && fail "a snapshot written by a refused run"
	pass "bad --snapshot, --snapshot-size and --notes uses: exit 2, nothing run"
}

# x in the terminal UI, on a frozen screen: a new file, named on the
# status line, whose characters and colours are the terminal's.
xkey() {
	UI=$1
	pf=$(late_pipe_fill)
	mkdir "$TEST_TMP/shots" || die "mkdir"
	launch 100 30 "IPCSCOPE_SNAPSHOT_DIR='$TEST_TMP/shots'" \
	    "--snapshot '0.3:$TEST_TMP/at.svg' '$pf'"
	wait_for 8 screen_has "BLOCKED write pipe" || die "$UI: writer not blocked: $(screen)"
	# --snapshot in the terminal UI: the screen drawn at 0.3 s or just after.
	wait_for 5 test -s "$TEST_TMP/at.svg" || fail "$UI: --snapshot 0.3: no file"
	python - "$lib" "$TEST_TMP/at.svg" <<'PY' || fail "$UI: --snapshot's SVG"
import re, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from svglib import read_svg, svg_lines
root, cols, rows, canvas, rects, cells = read_svg(sys.argv[2])
assert (cols, rows) == (100, 30), (cols, rows)
title = root.find("{http://www.w3.org/2000/svg}title").text
t = float(re.fullmatch(r"ipcscope pipe-fill at ([0-9.]+)s", title).group(1))
assert t >= 0.3, title
head = svg_lines(cells)[0]
assert "pipe-fill" in head and re.search(r" t %.1fs " % t, head), (t, head)
PY
	t send-keys -t ipc f
	wait_for 3 screen_has "FROZEN" || die "$UI: f did not freeze: $(screen)"
	t send-keys -t ipc x
	wait_for 3 screen_has "x: wrote ipcscope-pipe-fill-.*s\.svg in $TEST_TMP/shots" ||
		die "$UI: x did not say where: $(screen)"
	name=$(screen | sed -n 's/.*x: wrote \(ipcscope-pipe-fill-[0-9.]*s\.svg\) in .*/\1/p')
	[ -f "$TEST_TMP/shots/$name" ] || die "$UI: no $name: $(ls "$TEST_TMP/shots")"
	# -N: the trailing blanks too, which may have a colour.
	t capture-pane -p -e -N -t ipc >"$TEST_TMP/capture"
	python - "$lib" "$TEST_TMP/shots/$name" "$TEST_TMP/capture" <<'PY' || die "$UI: SVG against the terminal"
import re, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from svglib import read_svg, read_capture, shape_char, bg_at, svg_lines, xterm
root, cols, rows, canvas, rects, svg = read_svg(sys.argv[2])
assert (cols, rows) == (100, 30), (cols, rows)
cap = read_capture(open(sys.argv[3], encoding="utf-8").read(), cols)[:rows]
assert canvas == "#000000", canvas
checked = coloured = 0
# Every row but the last (the status line says where x wrote, after it).
# A frozen header goes on showing the live time ("t 0.1s of 0.4s"): that
# number alone may have moved on since x.
live = re.compile(r"(?<= of )[0-9.]+(?=s )")
for y in range(rows - 1):
    want = "".join(" " if shape_char(c[0]) else c[0] for c in cap[y]).rstrip()
    got = svg_lines(svg)[y]
    end = cols
    if y == 0:
        m = live.search(want)
        assert m and live.search(got), (want, got)
        end = m.start()
        want, got = live.sub("#", want), live.sub("#", got)
    assert got == want, (y, got, want)
    for x in range(end):
        ch, fg, bg, bold, dim, rev = cap[y][x]
        if shape_char(ch):
            continue
        fg = fg or xterm(7)      # the terminal's own: grey on black
        bg = bg or canvas
        if rev:
            fg, bg = bg, fg
        assert bg_at(rects, x, y) == bg, (x, y, ch, bg, bg_at(rects, x, y))
        if ch == " ":
            continue
        c, fill, sbold = svg[y][x]
        assert sbold == bold, (x, y, ch, bold)
        if not dim:                # dim text is blended towards its background
            assert fill == fg, (x, y, ch, fill, fg)
            coloured += fg != xterm(7)
        checked += 1
assert checked > 300 and coloured > 50, (checked, coloured)
PY
	pass "$UI: x wrote $name, and said where; its text and colours are the terminal's"
	# The same time again: a new name, never over the first.
	t send-keys -t ipc x
	wait_for 3 screen_has "x: wrote ${name%.svg}-1.svg" || fail "$UI: a second x: $(screen)"
	[ "$(ls "$TEST_TMP/shots" | wc -l)" -eq 2 ] || fail "$UI: not two files: $(ls "$TEST_TMP/shots")"
	t send-keys -t ipc q
	wait_for 5 screen_has "EXITED:0" || fail "$UI: q did not exit 0: $(screen)"
	tty_restored || fail "$UI: terminal not restored: $(screen)"
	pass "$UI: a second x on the same moment writes -1; the terminal comes back"
}

# --notes: the presenter's pane (0) shows the cue now and the next, the
# clocks and the count; the run's pane (1) shows the run. n steps both.
notes() {
	UI=ncurses
	TEST_TMUX_SOCK="ipcscope-notes-$$"
	t -f /dev/null new-session -d -s ipc -x 100 -y 50 "sleep 60" || die "tmux"
	tty=$(t display-message -p -t ipc.0 '#{pane_tty}')
	[ -c "$tty" ] || die "no tty for the notes pane: '$tty'"
	t split-window -t ipc.0 -v -l 30 -d \
	    "env TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $IPCSCOPE --ui $UI --step --notes $tty pipe-fill; echo EXITED:\$?; sleep 60" ||
		die "split-window"
	np() { t capture-pane -p -t ipc.0; }
	np_has() { np | grep -q -- "$1"; }
	run_has() { t capture-pane -p -t ipc.1 | grep -q -- "$1"; }
	wait_for 5 np_has "ipcscope notes: pipe-fill" || die "no notes: $(np)"
	wait_for 3 np_has "no cue yet (0/4)" || fail "notes: no cue count: $(np)"
	np_has "NEXT  cue 1/4, on n" || fail "notes: no next cue: $(np)"
	np_has "The writer sends 2 MiB in 4 KiB" || fail "notes: cue 1's text: $(np)"
	np | grep -q "run 0:0[0-9]   wall [0-2][0-9]:[0-5][0-9]:[0-5][0-9]" ||
		fail "notes: no clocks: $(np)"
	wait_for 5 run_has "BLOCKED write pipe" || fail "the run's pane: $(t capture-pane -p -t ipc.1)"
	run_has "ipcscope notes" && fail "the notes on the run's pane"
	pass "notes: the next cue, the count and the clocks on the second terminal"
	t send-keys -t ipc.1 n
	wait_for 3 run_has "cue 1/4" || fail "n: the run's pane: $(t capture-pane -p -t ipc.1)"
	wait_for 3 np_has "NOW   cue 1/4" || fail "n: notes did not follow: $(np)"
	np_has "RUNNING   cue 1/4" || fail "n: the count: $(np)"
	np_has "NEXT  cue 2/4, on n" || fail "n: the next cue: $(np)"
	np_has "The pipe is full" || fail "n: cue 2's text: $(np)"
	pass "notes: n advances them with the run"
	t send-keys -t ipc.1 q
	wait_for 5 run_has "EXITED:0" || fail "q: $(t capture-pane -p -t ipc.1)"
	wait_for 3 np_has "the run has ended" || fail "notes at the end: $(np)"
	pass "notes: the end said"
}

# --notes on what is not a second terminal: exit 2 with a clear message.
notes_bad() {
	UI=ncurses
	for n in "/no/such/tty:cannot write there: No such file" \
	    "/etc/hostname:not a terminal" \
	    "\$(tty):that is the terminal ipcscope draws on"; do
		launch 100 30 "" "--notes ${n%%:*} pipe-fill"
		wait_for 5 screen_has "EXITED:" || die "--notes ${n%%:*}: $(screen)"
		screen_has "EXITED:2" || fail "--notes ${n%%:*}: not exit 2: $(screen)"
		# -J: the message as one line, however the pane wrapped it.
		t capture-pane -p -J -t ipc | grep -q -- "--notes .*: ${n#*:}" || fail "--notes ${n%%:*}: message: $(screen)"
		tty_restored || fail "--notes ${n%%:*}: terminal: $(screen)"
	done
	pass "--notes: a missing path, a file, our own terminal: exit 2, said"
}

part cast cast
part light light
part bad_args bad_args
for ui in $(tmux_uis); do
	part "x_$ui" xkey "$ui"
done
part notes notes
part notes_bad notes_bad
finish
