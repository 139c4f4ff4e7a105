#!/bin/sh
# The layers of src/ (docs/design.md): each folder includes only its own
# headers and those of the layers below it, every include names its layer
# ("model/model.h"), and only the back ends include their libraries.
. "$TESTLIB"

src="${SRCDIR:?}/src"
# layer: the layers it may include (itself first).
allowed() {
	case "$1" in
	base)		echo "base" ;;
	kinds)		echo "kinds base" ;;
	scenario)	echo "scenario kinds base" ;;
	model)		echo "model scenario kinds base" ;;
	run)		echo "run model scenario kinds base" ;;
	follow)		echo "follow model scenario kinds base" ;;
	replay)		echo "replay model scenario kinds base" ;;
	screen)		echo "screen base" ;;
	view)		echo "view screen model scenario kinds base" ;;
	out)		echo "out view screen model scenario kinds base" ;;
	ui)		echo "ui screen base" ;;
	app)		echo "app ui out view screen replay run follow model scenario kinds base" ;;
	*)		echo "" ;;
	esac
}

n=0
for dir in "$src"/*/; do
	layer=$(basename "$dir")
	ok=$(allowed "$layer")
	[ -n "$ok" ] || { fail "src/$layer: a folder that is no layer (add it to docs/design.md and here)"; continue; }
	for f in "$dir"*.c "$dir"*.h; do
		[ -e "$f" ] || continue
		n=$((n + 1))
	done
	# Our own headers: "layer/file.h" (config.h is the build's). One awk
	# per layer, not a sed per line: the test stays quick on a busy
	# machine.
	awk -v src="$src/" -v layer="$layer" -v ok=" $ok " '
	/^#include "/ {
		inc = $0
		sub(/^#include "/, "", inc)
		sub(/".*/, "", inc)
		f = FILENAME
		sub("^" src, "", f)
		if (inc == "config.h" || inc == "kinds/kinds.def")
			next
		if (index(inc, "/") == 0) {
			printf "FAIL: %s: '"'"'#include \"%s\"'"'"' names no layer\n", f, inc
			next
		}
		to = inc
		sub(/\/.*/, "", to)
		if (index(ok, " " to " ") == 0)
			printf "FAIL: %s (layer %s) includes %s: %s may include only%s\n", f, layer, inc, layer, substr(ok, 1, length(ok) - 1)
		if ((getline dummy < (src inc)) < 0)
			printf "FAIL: %s includes %s, which does not exist\n", f, inc
		else
			close(src inc)
	}' $(ls "$dir"*.c "$dir"*.h 2>/dev/null)
done >"$TEST_TMP/layers"
cat "$TEST_TMP/layers"
grep -q FAIL "$TEST_TMP/layers" && TEST_FAILED=1
[ "$n" -gt 40 ] || fail "only $n files found under $src"
[ -z "$(ls "$src"/*.c "$src"/*.h 2>/dev/null)" ] || fail "files directly in src/: each belongs to a layer"

# The terminal libraries belong to their back end alone.
for lib in curses.h:ui/ui-ncurses.c tickit.h:ui/ui-tickit.c; do
	h=${lib%%:*}
	own=${lib#*:}
	users=$(grep -rl "#include <[a-z]*/*$h>" "$src" | sed "s|$src/||" | grep -v "^$own\$" | grep -v "^ui/ui-tickit.h\$" || true)
	[ -z "$users" ] || fail "$h is included outside $own: $users"
done

# A recording is JSON read by jansson in the replay layer alone.
users=$(grep -rl "#include <jansson.h>" "$src" | sed "s|$src/||" | grep -v '^replay/' || true)
[ -z "$users" ] || fail "jansson.h is included outside src/replay: $users"

# No kind is named outside its own file and the table (kinds.def): no
# branch on a kind's name or its descriptor, no enum of kinds; what code
# needs to know of a kind is in its descriptor (flags, words, hooks).
for f in "$src"/kinds/chan-*.c; do
	name=$(sed -n 's/^	\.name = "\([^"]*\)",.*/\1/p' "$f")
	[ -n "$name" ] || { fail "$f: no .name"; continue; }
	ident=$(echo "$name" | tr '-' '_')
	hits=$(grep -rn "chan_${ident}_ops\|CHAN_$(echo "$ident" | tr a-z A-Z)\b\|kind.*\"$name\"\|\"$name\".*kind" "$src" |
	    grep -v "^$src/kinds/chan-\|^$src/kinds/kinds.def:" |
	    grep -v ':[0-9]*:[ 	]*/\{0,1\}\*' | sed "s|$src/||" || true)
	[ -z "$hits" ] || fail "kind '$name' is named outside its file: $hits"
done
[ "$TEST_FAILED" -eq 0 ] && pass "$n files: every include within its layer, libraries in their back ends, kinds in their files"
finish
