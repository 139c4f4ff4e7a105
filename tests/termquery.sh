#!/bin/sh
# --theme auto against terminals that answer the background question
# (OSC 11) at once, never, late, or in two pieces, and against a SIGTERM
# while ipcscope waits: tests/termquery.py plays the terminal on a pty.
# What it checks: the theme drawn (light for white, dark otherwise), that
# a silent terminal costs the timeout and not much more, that a late or
# split reply never acts as keys (and that a typed key still does), and
# that the terminal gets its modes back.
. "$TESTLIB"

command -v "${PYTHON3:-python3}" >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }

q() {
	python "$SRCDIR/tests/termquery.py" "$@"
}

for c in white black da1only silent late split sigterm; do
	part "ncurses-$c" q "$c" ncurses
done
# The back end's own key parser meets the late reply: tickit too.
for ui in $("$IPCSCOPE" --version | sed -n 's/^ui: //p'); do
	[ "$ui" = ncurses ] && continue
	for c in white silent late; do
		part "$ui-$c" q "$c" "$ui"
	done
done
finish
