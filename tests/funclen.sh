#!/bin/sh
# Functions short enough to read at once (docs/design.md): no function in
# src/ is over 100 lines. A function is measured in the tmux/OpenBSD style
# the code is written in: its name at column 0 followed by "(" (the return
# type on the line above), its body from the "{" to the "}" at column 0;
# its length counts from the name's line to that "}".
. "$TESTLIB"

src="${SRCDIR:?}/src"
max=100

# Functions allowed over the limit, one "file:function" a line, each with
# a comment saying why and until when. Empty today: keep it so.
allow='
'

# file:line: name length, for every function.
awk '
FNR == 1 { name = ""; body = 0 }
!body && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	name = $0; sub(/\(.*/, "", name); start = FNR; next
}
!body && name != "" && /;[ \t]*$/ { name = ""; next }	# a prototype
!body && name != "" && /^\{/ { body = 1; next }
body && /^\}/ { print FILENAME ":" start ": " name " " FNR - start + 1; body = 0; name = "" }
' "$src"/*/*.c "$src"/*/*.h | sed "s|^$src/||" >"$TEST_TMP/lengths"

# Every body at column 0 is measured, or the measure is wrong.
n=$(wc -l <"$TEST_TMP/lengths")
bodies=$(cat "$src"/*/*.c "$src"/*/*.h | grep -c '^{')
[ "$n" -eq "$bodies" ] || fail "measured $n functions but src/ has $bodies bodies at column 0 (a function this script does not see)"
[ "$n" -gt 500 ] || fail "only $n functions found under $src"

while read -r at name len; do
	[ "$len" -gt "$max" ] || continue
	file=${at%%:*}
	case "$allow" in
	*"
$file:$name
"*)	echo "allowed: $at $name $len lines (allow-list)"; continue ;;
	esac
	fail "$at $name is $len lines (at most $max: split it into pieces named for what they do)"
done <"$TEST_TMP/lengths"

longest=$(sort -k3 -n "$TEST_TMP/lengths" | tail -1)
[ "$TEST_FAILED" -eq 0 ] && pass "$n functions, none over $max lines (longest: $longest)"
finish
