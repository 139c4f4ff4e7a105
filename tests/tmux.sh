# tests/tmux.sh: run ipcscope in a real terminal (tmux). Sourced after
# "$TESTLIB" by the terminal tests; UI names the back end to use.

TMUXB=${TMUX_BIN:-tmux}
command -v "$TMUXB" >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }
unset TMUX
nlaunch=0

t() { "$TMUXB" -L "$TEST_TMUX_SOCK" "$@"; }
screen() { t capture-pane -p -t ipc; }
screen_has() { screen | grep -q -- "$1"; }
screen_lacks() { ! screen | grep -q -- "$1"; }
# After ipcscope exits, the shell prints its status and the tty modes.
# Each launch gets its own tmux server: a new session on a server that is
# still shutting down can fail. Its name holds the part (TEST_PART): the
# parts of a test run side by side. TMUX_CONF, if set, is the server's
# configuration (e.g. a pane colour for tests/theme.sh).
# next_tmux_sock: the server name the next launch will use (a watcher
# started before it can wait for that server).
next_tmux_sock() {
	echo "ipcscope-test-$$-$TEST_PART-$((nlaunch + 1))"
}
launch() {
	[ -n "${TEST_TMUX_SOCK:-}" ] && t kill-server 2>/dev/null
	TEST_TMUX_SOCK=$(next_tmux_sock)
	nlaunch=$((nlaunch + 1))
	t -f "${TMUX_CONF:-/dev/null}" new-session -d -s ipc -x "$1" -y "$2" \
	    "env TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $3 $IPCSCOPE --ui $UI $4; echo EXITED:\$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | sed 's/^/TTY:/'; echo TTY-DONE; sleep 60"
}
# The back ends this binary has (ipcscope --version, its "ui:" line).
tmux_uis() {
	_uis=$("$IPCSCOPE" --version | sed -n 's/^ui: //p')
	echo "${_uis:-ncurses}"
}
# pipe-fill, but its reader comes only after the test (and its captions
# stay at the full pipe): the writer stays blocked and the run alive
# however long a busy machine makes a test's steps take. Prints its path,
# $TEST_TMP/late/pipe-fill.ini (the name stays pipe-fill).
late_pipe_fill() {
	mkdir -p "$TEST_TMP/late" || die "mkdir"
	sed -e 's/^duration = 12s$/duration = 3600s/' \
	    -e 's/^start = 3s$/start = 3500s/' \
	    -e 's/^at = 3s$/at = 3500s/' -e 's/^at = 6.5s$/at = 3510s/' \
	    "$IPCSCOPE_PATH/pipe-fill.ini" >"$TEST_TMP/late/pipe-fill.ini"
	[ "$(grep -c '^\(start\|at\) = 35[01]0s$' "$TEST_TMP/late/pipe-fill.ini")" -eq 3 ] ||
		die "pipe-fill.ini changed: late_pipe_fill needs new edits"
	"$IPCSCOPE" --validate "$TEST_TMP/late/pipe-fill.ini" >&2 ||
		die "the late copy of pipe-fill is invalid"
	echo "$TEST_TMP/late/pipe-fill.ini"
}
# The text inside the explain box, its lines joined: what lies between
# the box's own borders, whatever is drawn around it.
panel_text() {
	screen | python -c '
import sys
rows = sys.stdin.read().split("\n")
top = [i for i, r in enumerate(rows) if "explain " in r and "\u256d" in r]
out = []
if top:
    left = rows[top[0]].index("\u256d")
    right = rows[top[0]].rindex("\u256e")
    for r in rows[top[0] + 1:]:
        if len(r) <= right or r[left] != "\u2502":
            break
        out.append(r[left + 1:right].strip())
print(" ".join(out))'
}
# The terminal came back as it was: echo and canonical mode.
tty_restored() {
	wait_for 5 screen_has "TTY-DONE" || return 1
	screen_has "TTY:echo" && screen_has "TTY:icanon"
}
