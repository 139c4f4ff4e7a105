#!/bin/sh
# --theme: unknown names and bad files are usage errors (exit 2) that say
# what is valid; a theme reaches the cast (--record) and the screen of every
# terminal back end (in tmux, when there is one): high-contrast draws other
# colours than the default, monochrome draws none. --theme auto (the
# default) picks the light theme in a white tmux pane and the default one
# in a black pane, or by COLORFGBG where tmux does not say (the answers of
# other terminals, late, never or split: tests/termquery.sh).
. "$TESTLIB"

# The checks run as parts, side by side, each in its own TMPDIR.

# run ARGS...: leaves $rc, $out and $err.
run() {
	err="$TEST_TMP/err"
	out="$TEST_TMP/out"
	"$IPCSCOPE" "$@" >"$out" 2>"$err"
	rc=$?
}

errors() {
	# A FIFO is not a theme file, and must not make ipcscope wait for a writer.
	mkfifo "$TEST_TMP/fifo.theme"
	run --theme "$TEST_TMP/fifo.theme" --headless -d 1 pipe-fill
	[ "$rc" -eq 2 ] || fail "--theme FIFO: exit $rc, expected 2"
	grep -q "fifo.theme: cannot open: not a regular file" "$err" || fail "--theme FIFO: $(cat "$err")"

	# An unknown theme: one line listing the themes there are, exit 2.
	run --theme nosuch --headless -d 1 pipe-fill
	[ "$rc" -eq 2 ] || fail "--theme nosuch: exit $rc, expected 2"
	grep -q "^ipcscope: no theme 'nosuch'; available themes: auto, default, high-contrast, light, monochrome" "$err" ||
		fail "--theme nosuch: message: $(cat "$err")"
	[ "$(wc -l <"$err")" -eq 1 ] || fail "--theme nosuch: not one line: $(cat "$err")"
	[ -s "$out" ] && fail "--theme nosuch: output on stdout"
	pass "unknown theme: exit 2, the themes listed"

	# A bad theme file: only "FILE:LINE: message" lines, exit 2, nothing run.
	bad="$TESTDATA/bad.theme"
	run --theme "$bad" --headless -d 1 pipe-fill
	[ "$rc" -eq 2 ] || fail "bad theme: exit $rc, expected 2"
	[ -s "$out" ] && fail "bad theme: output on stdout: the run started"
	while IFS= read -r line; do
		case $line in
		"$bad":[0-9]*:\ ?*) ;;
		*) fail "bad theme: not FILE:LINE: message: $line" ;;
		esac
	done <"$err"
	grep -q -F "$bad:6: bad colour 'purple' for caption in [256]: give 0-255, black, red, green, yellow, blue, magenta, cyan, white or default" "$err" ||
		fail "bad theme: no bad colour at line 6: $(cat "$err")"
	grep -q -F "$bad:9: bad attribute 'blink' for error in [256]: give bold, dim, underline, reverse or none" "$err" ||
		fail "bad theme: no bad attribute at line 9: $(cat "$err")"
	pass "bad theme file: FILE:LINE: messages, exit 2"

	# A missing path (it has a '/', so it is not looked up by name).
	run --theme "$TEST_TMP/none.theme" --headless -d 1 pipe-fill
	[ "$rc" -eq 2 ] || fail "missing theme file: exit $rc, expected 2"
	grep -q -F "$TEST_TMP/none.theme: cannot open" "$err" || fail "missing theme file: $(cat "$err")"

}

# NAME through IPCSCOPE_THEME_PATH, before the shipped ones.
theme_path() {
	mkdir "$TEST_TMP/themes"
	printf '[256]\ntitle = 201 on 22 bold\n' >"$TEST_TMP/themes/pink.theme"
	IPCSCOPE_THEME_PATH="$TEST_TMP/themes" run --theme pink --headless -d 1 \
	    --record "$TEST_TMP/pink.cast" pipe-fill
	[ "$rc" -eq 0 ] || fail "--theme pink from IPCSCOPE_THEME_PATH: exit $rc: $(cat "$err")"
	grep -q ';38;5;201;48;5;22m' "$TEST_TMP/pink.cast" || fail "the pink title is not in the cast"
	pass "IPCSCOPE_THEME_PATH"
}

# The cast of a headless run in each shipped theme (title: 231 on 24 by
# default, 231 on 18 in high-contrast); monochrome has no colour at all,
# with --no-color too.
cast() {
	run --theme "$1" --headless -d 1 --record "$TEST_TMP/$1.cast" pipe-fill
	[ "$rc" -eq 0 ] || fail "--theme $1: exit $rc: $(cat "$err")"
}
no_color() {
	run --no-color --theme monochrome --headless -d 1 pipe-fill
	[ "$rc" -eq 0 ] || fail "--no-color --theme monochrome: exit $rc: $(cat "$err")"
}
casts() {
	for th in default high-contrast monochrome; do
		cp "$TEST_ROOT/$th/$th.cast" "$TEST_TMP/" || fail "no $th cast"
	done
	grep -q ';38;5;231;48;5;24m' "$TEST_TMP/default.cast" || fail "default cast: no default title"
	grep -q ';38;5;231;48;5;18m' "$TEST_TMP/high-contrast.cast" || fail "high-contrast cast: no high-contrast title"
	grep -q ';48;5;24m' "$TEST_TMP/high-contrast.cast" && fail "high-contrast cast: the default title colour"
	grep -q '\[0;\(1;\)\{0,1\}2[;m]' "$TEST_TMP/high-contrast.cast" && fail "high-contrast cast: dim text"
	grey='[34]8;5;\(23[2-9]\|24[0-9]\|25[0-5]\)[;m]'
	grep -q "$grey" "$TEST_TMP/high-contrast.cast" && fail "high-contrast cast: greys"
	grep -q "$grey" "$TEST_TMP/default.cast" || fail "default cast: no greys (is the check blind?)"
	grep -q '[34]8;5;' "$TEST_TMP/monochrome.cast" && fail "monochrome cast: colours"
	grep -q ';7m' "$TEST_TMP/monochrome.cast" || fail "monochrome cast: no reverse (title, blocked)"
	pass "the cast follows the theme"
}

part errors errors
part theme-path theme_path
for th in default high-contrast monochrome; do
	part "$th" cast "$th"
done
part no-color no_color

# The screen, in tmux, for every back end (a part each).
if ! command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	echo "no tmux: screen checks skipped"
	parts_wait
	part casts casts
	finish
fi
. "$(dirname "$TESTLIB")/tmux.sh"
fill=$(late_pipe_fill) || die "$fill"
# Play pipe-fill with these options; its screen, SGR sequences and all, is
# left in $TEST_TMP/screen; then quit, and check the terminal came back.
theme_screen() {
	launch 80 24 "TERM=xterm-256color" "$1 $fill"
	wait_for 5 screen_has "BLOCKED write pipe" || fail "$UI $1: no blocked writer: $(screen)"
	t capture-pane -e -p -t ipc >"$TEST_TMP/screen"
	t send-keys -t ipc q
	tty_restored || fail "$UI $1: terminal not restored: $(screen)"
}

screens() {
	UI=$1
	theme_screen ""
	s=$TEST_TMP/screen
	grep -q '48;5;24m' "$s" || fail "$UI default: no default title colour (24)"
	grep -q '48;5;18m' "$s" && fail "$UI default: the high-contrast title colour"
	cp "$s" "$TEST_TMP/screen.default"

	theme_screen "--theme high-contrast"
	grep -q '48;5;18m' "$s" || fail "$UI high-contrast: no title on 18: $(cat -v "$s" | head -3)"
	grep -q '48;5;124m' "$s" || fail "$UI high-contrast: blocked is not on 124"
	grep -q '48;5;24m' "$s" && fail "$UI high-contrast: the default title colour"
	cmp -s "$s" "$TEST_TMP/screen.default" && fail "$UI high-contrast: same screen as default"

	theme_screen "--theme monochrome"
	grep -q '[34]8;5;\|\[[34][0-7]m' "$s" && fail "$UI monochrome: colours: $(cat -v "$s" | head -3)"
	grep -q '\[7m' "$s" || fail "$UI monochrome: no reverse video"
	pass "$UI: high-contrast and monochrome on screen"
}

for ui in $(tmux_uis); do
	part "screens-$ui" screens "$ui"
done

# --theme auto. tmux (3.3 and later) answers OSC 11 with the pane's colour
# when one is set, and otherwise only the DA1 that follows the question.
# The gauge track tells the themes apart: 48;5;233 dark, 48;5;255 light.
# auto_screen PANE-COLOUR ENV OPTIONS: play pipe-fill in such a pane (""
# for none), its screen in $TEST_TMP/screen; auto_is dark|light WHAT.
auto_screen() {
	TMUX_CONF=/dev/null
	if [ -n "$1" ]; then
		TMUX_CONF=$TEST_TMP/tmux.conf
		printf 'set -g window-style "bg=%s"\n' "$1" >"$TMUX_CONF"
	fi
	launch 80 24 "TERM=xterm-256color $2" "$3 $fill"
	wait_for 5 screen_has "BLOCKED write pipe" || fail "$UI auto $*: no blocked writer: $(screen)"
	t capture-pane -e -p -t ipc >"$TEST_TMP/screen"
	t send-keys -t ipc q
	tty_restored || fail "$UI auto $*: terminal not restored: $(screen)"
}
auto_is() {
	s=$TEST_TMP/screen
	case $1 in
	dark) grep -q '48;5;233m' "$s" && ! grep -q '48;5;255m' "$s" ;;
	light) grep -q '48;5;255m' "$s" && ! grep -q '48;5;233m' "$s" ;;
	esac || fail "$UI $2: not the $1 theme: tracks $(grep -o '48;5;2[35][35]m' "$s" | sort | uniq -c | tr -s '\n ' '  ')"
}
tmux_osc11() {
	case $("$TMUXB" -V) in
	"tmux "[0-2].*|"tmux 3."[0-2]*) return 1 ;;
	esac
}
# auto CASE: one launch each, side by side.
auto() {
	UI=$1
	case $2 in
	white) auto_screen white "COLORFGBG=" ""
		auto_is light "a white pane" ;;
	black) auto_screen black "COLORFGBG='0;15'" ""
		auto_is dark "a black pane (COLORFGBG says light: the answer wins)" ;;
	explicit) auto_screen white "" "--theme default"
		auto_is dark "--theme default in a white pane" ;;
	fgbg-light) auto_screen "" "COLORFGBG='0;15'" ""
		auto_is light "no pane colour, COLORFGBG 0;15" ;;
	fgbg-dark) auto_screen "" "COLORFGBG='15;0'" ""
		auto_is dark "no pane colour, COLORFGBG 15;0" ;;
	none) auto_screen "" "COLORFGBG=" ""
		auto_is dark "no pane colour, no COLORFGBG" ;;
	esac
	[ "$TEST_FAILED" -eq 0 ] && pass "$UI --theme auto: $2"
}
cases="fgbg-light fgbg-dark none"
if tmux_osc11; then
	cases="white black explicit $cases"
else
	echo "$("$TMUXB" -V) does not answer OSC 11: pane colours not checked"
fi
for c in $cases; do
	part "auto-ncurses-$c" auto ncurses "$c"
done
for ui in $(tmux_uis); do
	[ "$ui" = ncurses ] || part "auto-$ui-white" auto "$ui" white
done
parts_wait
# The casts made by the parts above, compared.
part casts casts
finish
