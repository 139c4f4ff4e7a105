#!/bin/sh
# The terminal back ends: one table (src/ui/ui.c) says which this build
# has, and everything that names them says the same: --version's ui:
# line, --help's --ui line, and the refusal of a NAME that is none.
. "$TESTLIB"

out="$TEST_TMP/out"
uis=$("$IPCSCOPE" --version | sed -n 's/^ui: //p')
[ -n "$uis" ] || die "--version has no 'ui:' line"
first=${uis%% *}
[ "$first" = ncurses ] || fail "the default back end is '$first', not ncurses"

# Each one it names is taken (--list starts no terminal UI).
for ui in $uis; do
	"$IPCSCOPE" --ui "$ui" --list >"$out" 2>&1 || fail "--ui $ui refused: $(cat "$out")"
done

# An unknown name: exit 2, naming those this build has.
"$IPCSCOPE" --ui nosuch >"$out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--ui nosuch exited $rc, want 2"
grep -qx "ipcscope: bad --ui 'nosuch': valid are $uis" "$out" ||
	fail "--ui nosuch: $(cat "$out")"
# The name is shown, never taken as a format or a terminal control.
"$IPCSCOPE" --ui "%s%n$(printf '\033')[2J" >"$out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--ui with % and ESC exited $rc, want 2"
grep -qx "ipcscope: bad --ui '%s%n?\[2J': valid are $uis" "$out" ||
	fail "--ui with % and ESC: $(cat "$out")"

# --help: the default first, then the others.
"$IPCSCOPE" --help >"$out" || fail "--help exited $?"
line=$(grep -- "--ui NAME" "$out")
case "$line" in
*"terminal back end: $first (default)"*) ;;
*) fail "--help: $line" ;;
esac
for ui in $uis; do
	echo "$line" | grep -qw "$ui" || fail "--help does not name $ui: $line"
done

# A back end ipcscope knows but this build lacks says what it needs.
case " $uis " in
*" tickit "*) ;;
*)
	"$IPCSCOPE" --ui tickit >"$out" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "--ui tickit without libtickit exited $rc, want 2"
	grep -qx "ipcscope: --ui tickit: built without libtickit; use --ui $first" "$out" ||
		fail "--ui tickit without libtickit: $(cat "$out")"
	;;
esac
[ "$TEST_FAILED" -eq 0 ] && pass "back ends ($uis): --version, --help, --ui refusals agree"
finish
