#!/bin/sh
# hostile-input.sh: files and arguments written to break ipcscope.
#
# Every line of a file is read and every error reported, whatever the line
# lengths (a 199-byte continuation line once ended the file silently);
# --verify never passes with expectations unread; nothing from a file, a
# file name or the command line reaches the terminal as a control (ESC,
# BEL, C1, bytes that are not UTF-8); a huge line costs no memory; a NUL
# byte in a theme is an error.
. "$TESTLIB"

out="$TEST_TMP/out"
err="$TEST_TMP/err"

# bad MESSAGE: a failure; ok WHAT: WHAT held, said only when nothing
# failed since the last ok.
nbad=0
seen=0
bad() {
	fail "$@"
	nbad=$((nbad + 1))
}
ok() {
	[ "$nbad" -eq "$seen" ] && pass "$1"
	seen=$nbad
}

# run ARGS...: leaves $rc, $out and $err.
run() {
	"$IPCSCOPE" "$@" >"$out" 2>"$err"
	rc=$?
}

# clean FILE WHAT: FILE holds no byte a terminal would act on: no C0
# control but tab and newline, no DEL, no C1 (C2 80..C2 9F).
clean() {
	_bytes=$(od -An -v -tx1 "$1" | tr -s ' \n' '  ')
	if echo " $_bytes " | grep -E -q ' (0[0-8]|0[b-f]|1[0-9a-f]|7f|c2 [89][0-9a-f]) '; then
		bad "$2: control bytes reach the terminal: $(od -c "$1" | head -5)"
		return 1
	fi
	return 0
}

# A producer and a consumer: valid, short, with room for more.
body='[channel p]
type = pipe

[process w]
role = producer
to = p
size = 16
count = 4

[process r]
role = consumer
from = p
'
x198=$(printf '%0198d' 0 | tr 0 x)

# 1. A continuation line of exactly 199 bytes (1 blank + 198), then an
# invalid section: the section is still read and reported.
{
	printf '[scenario]\ntitle = t\nabout = first\n %s\n' "$x198"
	printf '%s' "$body"
	printf '[bogus]\n'
} >"$TEST_TMP/cont199.ini"
run --validate "$TEST_TMP/cont199.ini"
[ "$rc" -eq 2 ] || bad "199-byte continuation then [bogus]: exit $rc, want 2: $(cat "$err")"
grep -q "cont199.ini:17: unknown section '\[bogus\]'" "$err" ||
	bad "199-byte continuation hides the next error: $(cat "$err")"
grep -q "cont199.ini:4:" "$err" && bad "a 199-byte line is legal: $(cat "$err")"
ok "a 199-byte continuation line does not end the file"

# 2. The same line in a cue, then an [expect] that fails: --verify reads
# it, runs it and exits 1 (it once said "0 passed, 0 failed", exit 0).
{
	printf '[scenario]\ntitle = t\nduration = 2s\n'
	printf '%s' "$body"
	printf '[cue]\nat = 0s\nsay = first\n %s\n' "$x198"
	printf '[expect]\nat = end\nw.msgs_out = 5\n'
} >"$TEST_TMP/verify199.ini"
run --verify "$TEST_TMP/verify199.ini"
[ "$rc" -eq 1 ] || bad "--verify with a 199-byte line before [expect]: exit $rc, want 1: $(cat "$out" "$err")"
grep -q "^FAIL verify199: at end .*w.msgs_out = 5 (got 4)" "$out" ||
	bad "--verify did not check the [expect] after the 199-byte line: $(cat "$out" "$err")"
grep -q "verify199: 0 passed, 1 failed" "$out" || bad "--verify summary: $(cat "$out")"
ok "--verify reads the [expect] after a 199-byte line and fails"

# 3. --verify of a scenario without [expect]: not a silent success.
printf '[scenario]\ntitle = t\nduration = 1s\n%s' "$body" >"$TEST_TMP/noexpect.ini"
run --verify "$TEST_TMP/noexpect.ini"
[ "$rc" -eq 2 ] || bad "--verify without [expect]: exit $rc, want 2: $(cat "$out" "$err")"
grep -q "noexpect.ini: no \[expect\] section: nothing to verify" "$err" ||
	bad "--verify without [expect]: $(cat "$err")"
grep -q "0 passed, 0 failed" "$out" && bad "--verify without [expect] reports success: $(cat "$out")"
ok "--verify without [expect] is an error, not '0 passed, 0 failed'"

# 4. A line over the limit, then other errors: all are reported.
{
	printf '[scenario]\ntitle = t\nabout = %0300d\n' 0
	printf '%s' "$body"
	printf 'colour = red\n[bogus]\n'
} >"$TEST_TMP/over.ini"
run --validate "$TEST_TMP/over.ini"
[ "$rc" -eq 2 ] || bad "over-long line: exit $rc, want 2"
grep -q "over.ini:3: line too long (at most 199 bytes)" "$err" || bad "over-long line: $(cat "$err")"
grep -q "over.ini:16: unknown key 'colour'" "$err" || bad "error after an over-long line hidden: $(cat "$err")"
grep -q "over.ini:17: unknown section '\[bogus\]'" "$err" || bad "section after an over-long line hidden: $(cat "$err")"
ok "a line over the limit hides no later error"

# 4b. Lines of exactly 199 bytes of every kind inih parses (a header with
# a comment, a comment, a key, a continuation, a bad key), then one of 200:
# the reader hands inih one whole file line per call, so every later error
# keeps its line number and none is lost.
x186=$(printf '%0186d' 0 | tr 0 x)
{
	printf '[scenario] ; %s\ntitle = t\n; %0197d\n' "$x186" 0
	printf 'about = %0191d\n %s\n' 0 "$x198"
	printf 'colour = %0190d\nabout = %0192d\n' 0 0
	printf '%s' "$body"
	printf '[bogus]\n'
} >"$TEST_TMP/every199.ini"
run --validate "$TEST_TMP/every199.ini"
[ "$rc" -eq 2 ] || bad "199-byte lines of every kind: exit $rc, want 2: $(cat "$err")"
grep -q "every199.ini:6: unknown key 'colour' in \[scenario\]" "$err" ||
	bad "199-byte key line not parsed at its line: $(cat "$err")"
grep -q "every199.ini:7: line too long (at most 199 bytes)" "$err" ||
	bad "200-byte line not reported at its line: $(cat "$err")"
grep -q "every199.ini:20: unknown section '\[bogus\]'" "$err" ||
	bad "199-byte lines hide a later error: $(cat "$err")"
grep -q "every199.ini:[1-5]:" "$err" && bad "199-byte lines are legal: $(cat "$err")"
ok "199-byte lines of every kind keep every later line in its place"

# 5. Terminal escapes in a title, an about and a cue: OSC (set the window
# title, ended by BEL), CSI 2J (clear the screen), an 8-bit CSI in UTF-8
# (C2 9B) and a raw 0x9b. They are errors, and no output carries them.
esc=$(printf '\033')
mkdir "$TEST_TMP/scen"
{
	printf '[scenario]\ntitle = \033]0;pwned\007\033[2J \302\233''31mred\n'
	printf 'about = raw \233''31m\n'
	printf '%s' "$body"
	printf '[cue]\nat = 1s\nsay = \033[2J\n'
} >"$TEST_TMP/scen/escapes.ini"
run --validate "$TEST_TMP/scen/escapes.ini"
[ "$rc" -eq 2 ] || bad "escapes: --validate exit $rc, want 2"
grep -q "escapes.ini:2: control character 0x1b at byte 9; scenario files are text" "$err" ||
	bad "escapes: title not reported: $(cat "$err")"
grep -q "escapes.ini:3: byte 0x9b at byte 13 is not UTF-8" "$err" ||
	bad "escapes: raw 0x9b not reported: $(cat "$err")"
grep -q "escapes.ini:18: control character 0x1b" "$err" || bad "escapes: say not reported: $(cat "$err")"
clean "$err" "--validate"
run --headless --format text --duration 1 "$TEST_TMP/scen/escapes.ini"
[ "$rc" -eq 2 ] || bad "escapes: --headless exit $rc, want 2"
clean "$out" "--headless --format text (stdout)" && clean "$err" "--headless --format text (stderr)"
# A C1 control alone (no ESC): reported as one.
printf '[scenario]\ntitle = \302\233''2J\n%s' "$body" >"$TEST_TMP/c1.ini"
run --validate "$TEST_TMP/c1.ini"
grep -q "c1.ini:2: control character U+009B at byte 9" "$err" || bad "C1 title: $(cat "$err")"
clean "$err" "--validate of a C1 title"

# A file NAME with escapes: the scenario's name is shown everywhere.
evil="$TEST_TMP/scen/${esc}]0;pwned$(printf '\007')${esc}[2J.ini"
printf '[scenario]\ntitle = Evil name\nduration = 1s\n%s[expect]\nat = end\nw.msgs_out = 4\n' "$body" >"$evil"
IPCSCOPE_PATH="$TEST_TMP/scen" run --list
grep -q "^?\]0;pwned??\[2J	Evil name$" "$out" || bad "--list of an evil file name: $(od -c "$out" | head)"
grep -q "^escapes	(invalid: see ipcscope --validate)$" "$out" || bad "--list of escapes.ini: $(cat "$out")"
clean "$out" "--list" && clean "$err" "--list (stderr)"
run --headless --format text --duration 1 "$evil"
[ "$rc" -eq 0 ] || bad "evil name: --headless exit $rc: $(cat "$err")"
grep -q "^scenario ?\]0;pwned??\[2J: Evil name" "$out" || bad "evil name, text: $(head -3 "$out")"
clean "$out" "--headless --format text of an evil name" && clean "$err" "(stderr)"
run --headless --duration 1 "$evil"
grep -q '^{"type":"scenario","name":"?\]0;pwned??\[2J"' "$out" || bad "evil name, JSON: $(head -1 "$out")"
clean "$out" "--headless JSON of an evil name"
run --verify "$evil"
[ "$rc" -eq 0 ] || bad "evil name: --verify exit $rc: $(cat "$out" "$err")"
grep -q "^PASS ?\]0;pwned??\[2J: at end" "$out" || bad "evil name, --verify: $(cat "$out")"
clean "$out" "--verify of an evil name"
run --validate "$TEST_TMP/scen/${esc}[2J$(printf '\302\233')nosuch.ini"
grep -q "/?\[2J?nosuch.ini: cannot open: No such file" "$err" || bad "missing evil path: $(cat "$err")"
clean "$err" "--validate of a missing evil path"
run --headless "${esc}[2Jnosuch"
grep -q "^ipcscope: ?\[2Jnosuch: no such scenario" "$err" || bad "evil NAME: $(cat "$err")"
clean "$err" "an evil NAME"
run --format "${esc}[2J" pipe-fill
clean "$err" "an evil --format"
run --headless --duration 1 --record "$TEST_TMP/no/${esc}[2J.cast" pipe-fill
grep -q "no/?\[2J.cast: cannot write there" "$err" || bad "evil --record path: $(cat "$err")"
clean "$err" "an evil --record path"
run --headless --duration 1 --trace "$TEST_TMP/no/${esc}[2J.json" pipe-fill
grep -q "no/?\[2J.json: cannot write there" "$err" || bad "evil --trace path: $(cat "$err")"
clean "$err" "an evil --trace path"
run "--${esc}[2J"
[ "$rc" -eq 2 ] || bad "evil option: exit $rc, want 2"
grep -q "^ipcscope: unknown option '--?\[2J'" "$err" || bad "evil option: $(cat "$err")"
clean "$err" "an evil option"
ok "no control from a file, a file name or argv reaches the output"

# 6. A 200 MB line, then a bad section: the line costs no memory and the
# section is still reported.
big="$TEST_TMP/big.ini"
{
	printf '[scenario]\ntitle = t\nabout = '
	head -c 200000000 /dev/zero | tr '\0' a
	printf '\n%s[bogus]\n' "$body"
} >"$big"
# Max RSS of the child, in KB: GNU time, or Python's getrusage.
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TEST_TMP/rss" "$IPCSCOPE" --validate "$big" >"$out" 2>"$err"
	rc=$?
else
	python -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[4:], stdout=open(sys.argv[1], "w"), stderr=open(sys.argv[2], "w"))
open(sys.argv[3], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$out" "$err" "$TEST_TMP/rss" "$IPCSCOPE" --validate "$big"
	rc=$?
fi
rss=$(tail -1 "$TEST_TMP/rss")
# Sanitizer builds start larger; 100 MB is half the line.
[ "$rss" -lt 100000 ] || bad "a 200 MB line took $rss KB of memory"
echo "max RSS for a 200 MB line: $rss KB"
rm -f "$big"
[ "$rc" -eq 2 ] || bad "200 MB line: exit $rc, want 2"
grep -q "big.ini:3: line too long" "$err" || bad "200 MB line: $(head -c 500 "$err")"
grep -q "big.ini:16: unknown section '\[bogus\]'" "$err" || bad "200 MB line hides the next error: $(head -c 500 "$err")"
ok "a 200 MB line: reported, skipped, small memory"

# 7. A NUL byte in a theme is an error, as in a scenario (it used to end
# the line quietly).
printf '[256]\ndim = 245\000 on 160\n' >"$TEST_TMP/nul.theme"
printf '[scenario]\ntitle = t\n%s' "$body" >"$TEST_TMP/good.ini"
run --theme "$TEST_TMP/nul.theme" --validate "$TEST_TMP/good.ini"
[ "$rc" -eq 2 ] || bad "NUL in a theme: exit $rc, want 2: $(cat "$err")"
grep -q "nul.theme:2: line contains a NUL byte; theme files are text" "$err" || bad "NUL in a theme: $(cat "$err")"
ok "a NUL byte in a theme is an error"

finish
