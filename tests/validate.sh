#!/bin/sh
# validate.sh: ipcscope --validate on good, bad, shipped and garbage files.
#
# Good files: no output, exit 0. Bad files: only "FILE:LINE: message" lines
# on stderr (each bad-*.ini must report at least one), nothing on stdout,
# exit 2. Garbage of any kind: exit exactly 2, never a signal.

: "${IPCSCOPE:?IPCSCOPE must name the ipcscope binary}"
: "${TESTDATA:?TESTDATA must name tests/data}"

if [ ! -x "$IPCSCOPE" ]; then
	echo "SKIP: $IPCSCOPE is not built"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
fail=0

bad() {
	echo "FAIL: $*"
	fail=1
}

# validate FILE...: run, leaving $rc, $tmp/out and $tmp/err.
validate() {
	"$IPCSCOPE" --validate "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

expect_good() {
	validate "$1"
	[ "$rc" -eq 0 ] || bad "$1: exit $rc, expected 0: $(head -3 "$tmp/err")"
	[ -s "$tmp/out" ] && bad "$1: unexpected output on stdout"
	[ -s "$tmp/err" ] && bad "$1: unexpected output on stderr: $(head -3 "$tmp/err")"
}

# expect_bad FILE [LINE PHRASE]...: exit 2, every stderr line "FILE:N: ...",
# and for each pair a message at LINE that contains PHRASE.
expect_bad() {
	f=$1
	shift
	validate "$f"
	[ "$rc" -eq 2 ] || bad "$f: exit $rc, expected 2"
	[ -s "$tmp/out" ] && bad "$f: unexpected output on stdout"
	[ -s "$tmp/err" ] || bad "$f: no error message"
	while IFS= read -r line; do
		case $line in
		"$f":[0-9]*:\ ?*)
			;;
		*)
			bad "$f: not FILE:LINE: message: $line"
			;;
		esac
	done <"$tmp/err"
	while [ $# -ge 2 ]; do
		# The phrase anywhere in a message for that line.
		grep -F -- "$f:$1: " "$tmp/err" | grep -F -q -- "$2" ||
		    bad "$f: no '$2' at line $1 in: $(cat "$tmp/err")"
		shift 2
	done
}

found=0
for f in "$TESTDATA"/good-*.ini; do
	[ -e "$f" ] || continue
	found=1
	expect_good "$f"
done
[ "$found" -eq 1 ] || bad "no good-*.ini in $TESTDATA"

found=0
for f in "$TESTDATA"/bad-*.ini; do
	[ -e "$f" ] || continue
	found=1
	expect_bad "$f"
done
[ "$found" -eq 1 ] || bad "no bad-*.ini in $TESTDATA"

# A few exact ones through the real binary (unit tests check all of them).
d=$TESTDATA
expect_bad "$d/bad-long-line.ini" 10 "line too long (at most 199 bytes); continue a long value on the next line, indented"
expect_bad "$d/bad-syntax.ini" 4 "expected '[section]' or 'key = value'" \
    18 "key 'type' given twice in one section; the first is at line 17"
expect_bad "$d/bad-channel.ini" 5 "unknown channel type 'pipes'; valid types: pipe, fifo, unix-stream, posix-mq, sysv-msgq, unix-dgram, unix-seqpacket, tcp, udp, shm-ring, file, semaphore, signal, eventfd, mpqueue"
expect_bad "$d/bad-process.ini" 23 "a consumer reads: give 'from', not 'to'" \
    17 "a producer needs 'to = CHANNEL'" \
    35 "channel 'pip' does not exist; channels: pipe, q"
expect_bad "$d/bad-values.ini" 24 "size: bad size '4X': "
expect_bad "$d/bad-limits.ini" 7 "capacity 64G is above the pipe limit" \
    7 "(/proc/sys/fs/pipe-max-size)"
expect_bad "$d/bad-feed.ini" 25 "process 'reader' reads from 'c' but no process writes to it"

# Several files at once: all checked, errors of each, exit 2.
validate "$d/good-minimal.ini" "$d/bad-syntax.ini" "$d/bad-cue.ini"
[ "$rc" -eq 2 ] || bad "several files: exit $rc, expected 2"
grep -q "^$d/bad-syntax.ini:" "$tmp/err" || bad "several files: no bad-syntax errors"
grep -q "^$d/bad-cue.ini:" "$tmp/err" || bad "several files: no bad-cue errors"
grep -q "good-minimal" "$tmp/err" && bad "several files: error for a good file"

# Every shipped scenario is valid.
if [ -n "$IPCSCOPE_PATH" ]; then
	for f in "$IPCSCOPE_PATH"/*.ini; do
		[ -e "$f" ] || continue
		expect_good "$f"
	done
fi

# A missing file: an error naming it, exit 2.
validate "$tmp/no-such-file.ini"
[ "$rc" -eq 2 ] || bad "missing file: exit $rc, expected 2"
grep -q -F "$tmp/no-such-file.ini" "$tmp/err" || bad "missing file: error does not name it: $(cat "$tmp/err")"

# Garbage never crashes: exit exactly 2 (a signal shows as 128+N or more).
garbage() {
	validate "$1"
	[ "$rc" -eq 2 ] || bad "$2: exit $rc, expected 2: $(head -c 300 "$tmp/err")"
}
i=0
while [ $i -lt 20 ]; do
	head -c 3000 /dev/urandom >"$tmp/random.ini"
	cp "$tmp/random.ini" "$tmp/last-random.ini"
	garbage "$tmp/random.ini" "random bytes (round $i)"
	i=$((i + 1))
done
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; }' >"$tmp/brackets.ini"
garbage "$tmp/brackets.ini" "10000 '[' characters"
awk 'BEGIN { printf "[scenario]\ntitle = "; for (i = 0; i < 5000; i++) printf "x"; printf "\n"; }' >"$tmp/longline.ini"
garbage "$tmp/longline.ini" "a 5000-character line"
: >"$tmp/empty.ini"
garbage "$tmp/empty.ini" "an empty file"
mkdir "$tmp/dir.ini"
garbage "$tmp/dir.ini" "a directory"
# A FIFO would make a plain open() wait for a writer for ever.
mkfifo "$tmp/fifo.ini"
garbage "$tmp/fifo.ini" "a FIFO"
grep -q "fifo.ini: cannot open: not a regular file" "$tmp/err" || bad "a FIFO: $(cat "$tmp/err")"
printf '[scenario]\ntitle = a\0b\n[channel \0]\n' >"$tmp/nul.ini"
garbage "$tmp/nul.ini" "NUL bytes"
printf '[scenario]\ntitle = t\nduration = 99999999999999999999999s\n[channel p]\ntype = pipe\ncapacity = -1\n[process w]\nrole = producer\nto = p\nsize = 99999999999G\nrate = 99999999999999999999999999/s\nreplicas = -3\n' >"$tmp/numbers.ini"
garbage "$tmp/numbers.ini" "huge and negative numbers"
printf '[process w]\nrole = relay\nfrom = w\nto = w\n[expect]\nat = end\nw.{ = {\nw = {w.}\n[cue]\nsay = {{{}}}{.}{:h}{a.b:}\n' >"$tmp/braces.ini"
garbage "$tmp/braces.ini" "odd braces and references"

[ "$fail" -eq 0 ] && echo "PASS: validate"
exit $fail
