#!/bin/sh
# A caption never says what the table beside it contradicts, in a real
# terminal at 80x24, on the script (no key pressed): each scenario's
# caption is watched, sample after sample, against the row it speaks of
# until the run is over; and no caption is cut ("…" at its box's end).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"
UI=ncurses

# story NAME SAYS ROW MUST [CLAIM]: the caption of NAME comes to say
# SAYS; while it says CLAIM (default SAYS), the row matching ROW (an
# extended regular expression) must match MUST (a leading !: must not).
# Watched until FINISHED or until the run's clock passes 11 s, by one
# Python process that reads the pane every 0.1 s: one tmux call a look
# (a shell loop of a dozen commands a look, eight parts side by side on
# a busy machine, once looked only every few seconds and missed a
# caption of two). The watcher starts first and says when it is ready,
# then ipcscope is launched: Python's own start, slow on a loaded
# machine, must not come out of the run's first seconds.
# A caption never seen is looked up in the run's --trace: a cue that
# never ran fails, with what the trace says of it (skipped, and what it
# waited for); one that ran while the watcher did not look (a starved
# machine) is said as a note and the part runs once more.
story() {
	_try=1
	while ! story_once "$@"; do
		[ "$_try" -lt 2 ] || { fail "$1: the caption was not seen in $_try runs"; return; }
		_try=$((_try + 1))
		echo "note: $1: the part runs once more"
	done
}
story_once() {
	_name=$1 _says=$2 _ready=$TEST_TMP/ready.$1 _trace=$TEST_TMP/trace.$1.json
	rm -f "$_ready" "$_trace"
	python - "$TMUXB" "$(next_tmux_sock)" "$_ready" "$@" <<'PY' &
import re, subprocess, sys, time
tmux, sock, ready, name, says, row, must = sys.argv[1:8]
claim = sys.argv[8] if len(sys.argv) > 8 and sys.argv[8] else says
row_rx = re.compile(row)

def screen():
    return subprocess.run([tmux, "-L", sock, "capture-pane", "-p", "-t",
                           "ipc"], capture_output=True, text=True).stdout

open(ready, "w").close()
# The pane, once ipcscope draws in it.
deadline = time.monotonic() + 30
while time.monotonic() < deadline and " ipcscope " not in screen():
    time.sleep(0.05)

def caption(s):
    """The caption box's text as one line (the view wraps it)."""
    lines = s.split("\n")
    top = [i for i, l in enumerate(lines) if "\u256d\u2500" in l]
    if not top:
        return ""
    out = []
    for l in lines[top[0] + 1:]:
        if "\u2570\u2500" in l:
            break
        out.append(re.sub(r" *\u2502 *$", "", re.sub(r"^ *\u2502 ", "", l)))
    return " ".join(out) + " "

def clock(s):
    """The run's time on the header line, as text ("4.2"), or None."""
    m = re.findall(r" t ([0-9.]+)s", s.split("\n")[0])
    return m[-1] if m else None

hist, last, seen, bad = [], None, False, None
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    s = screen()
    c = caption(s)
    rows = [l for l in s.split("\n") if row_rx.search(l)]
    if c != last:
        # What was said when, and the row beside it: shown if the
        # caption never comes (a failure says what it saw instead).
        last = c
        hist.append("%ss | %s | %s" % (clock(s), c[:90],
                    " ".join(re.sub(" +", " ", r)[:70] for r in rows)))
    if "\u2026" in c:
        bad = "%s: a caption cut at 80x24: %s" % (name, s)
        break
    if says in c:
        seen = True
    if claim in c:
        joined = "\n".join(rows)
        if must.startswith("!") and must[1:] in joined or \
                not must.startswith("!") and must not in joined:
            bad = "%s: '%s' while %s" % (name, claim, joined)
            break
    t = clock(s)
    if "FINISHED" in s or (t is not None and 11 <= float(t) < 20):
        break
    time.sleep(0.1)
if bad is None and not seen:
    # Said after the trace is read: whether the cue ran at all.
    print("%s: the caption never said '%s' on screen: %s\ncaptions seen "
          "(time | caption | row):\n%s" % (name, says, screen(),
                                            "\n".join(hist)))
    sys.exit(2)
if bad is not None:
    print("FAIL: " + bad)
    sys.exit(1)
print("ok: %s: '%s' only while the table agrees" % (name, claim))
PY
	_py=$!
	wait_for 30 test -e "$_ready" || fail "$_name: the watcher did not start"
	launch 80 24 "" "--trace $_trace $_name"
	wait "$_py"
	case $? in
	0) return 0 ;;
	2) ;;
	*) TEST_FAILED=1; return 0 ;;
	esac
	# Never seen: ipcscope ends (the trace is written at the end), then
	# the trace says whether the cue ran.
	t send-keys -t ipc q
	wait_for 20 screen_has "EXITED:" || { fail "$_name: q did not end it"; return 0; }
	python - "$_trace" "$_says" <<'PY'
import json, sys
path, says = sys.argv[1:3]
try:
    ev = json.load(open(path))
    ev = ev["traceEvents"] if isinstance(ev, dict) else ev
except (OSError, ValueError) as e:
    print("FAIL: no trace to tell whether the cue ran: %s" % e)
    sys.exit(1)
cues = [(e["ts"] / 1e6, e["name"], e.get("args", {}).get("detail", ""))
        for e in ev if e.get("name", "").startswith("cue")]
ran = [c for c in cues if c[1] == "cue" and says in c[2]]
if ran:
    after = [c for c in cues if c[1] == "cue" and c[0] > ran[0][0]]
    until = "%.1fs" % after[0][0] if after else "the end"
    print("note: the cue ran at %.1fs and was the caption until %s, but "
          "the watcher never saw it (the machine too busy to look)"
          % (ran[0][0], until))
    sys.exit(3)
print("FAIL: the cue never ran; the run's cues:")
for c in cues:
    print("  %.2fs %s: %s" % c)
sys.exit(1)
PY
	case $? in
	3) return 1 ;;
	*) TEST_FAILED=1; return 0 ;;
	esac
}
story_q() { story "$@"; t send-keys -t ipc q; }

gzip_raw() { story_q exec-gzip "sets the pace" '^ raw ' '100%' \
    "'raw' is full too"; }
feeder_join() { story_q mpqueue-feeder "The feeder wakes" '^ [ ▶] producer ' \
    'BLOCKED' "still waits in join"; }
# pipe-tour's end: the writer killed by SIGPIPE, the reader idle with its
# end closed. Nobody holds the pipe: it is closed, not "?".
tour_resize() {
	story pipe-tour "1048576 bytes (F_GETPIPE_SZ)" \
	    '^ [ ▶] writer ' '!BLOCKED' "no longer blocked"
	wait_for 5 screen_has "FAILED SIGPIPE" || fail "no SIGPIPE: $(screen)"
	sleep 0.5
	_p=$(screen | grep -E '^ pipe ')
	case $_p in
	*"?"*|*closed*) ;;
	*) fail "pipe-tour: the pipe's line at the end: $(screen)" ;;
	esac
	case $_p in
	*"?"*) fail "pipe-tour: a ? on the pipe's line once nobody holds it: $_p" ;;
	*) pass "pipe-tour: the pipe is closed once nobody holds it" ;;
	esac
	t send-keys -t ipc q
}

mq_send() { story_q posix-mq "The reader has started" '^ [ ▶] writer ' \
    '!DONE' "waiting in mq_send()"; }

ring_full() { story_q shm-ring "The reader has started" '^ [ ▶] writer ' \
    '!DONE' "the ring stays full"; }

tcp_send() { story_q tcp-loopback "The receiver has started" \
    '^ [ ▶] sender ' '!DONE' "blocked in send(), goes on"; }
unix_write() { story_q unix-socket "The receiver has started" \
    '^ [ ▶] sender ' '!DONE' "blocked in write(), sends again"; }

sort_read() { story_q exec-sort "it cannot write its first line" \
    '^ [ ▶] consumer ' 'BLOCKED read sorted' "waits in read() on the empty"; }

part gzip-raw gzip_raw
part sort-read sort_read
part tcp-send tcp_send
part unix-write unix_write
part ring-full ring_full
part mq-send mq_send
part feeder-join feeder_join
part tour-resize tour_resize
finish
