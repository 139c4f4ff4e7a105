#!/bin/sh
# Headless mode and the command line, against the real binary and kernel.
. "$TESTLIB"

# Each part leaves nothing behind in its TMPDIR but its own output.
nothing_left() {
	rm -f "$out.err"
	[ -z "$(ls -A "$TEST_TMP" | grep -v '^out.jsonl$')" ] ||
		fail "$TEST_PART: left in TMPDIR: $(ls -A "$TEST_TMP")"
}

# The claim of the README: a writer blocked in write on a full pipe.
fill_jsonl() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 6 --interval 250 --format jsonl pipe-fill >"$out" ||
		die "headless pipe-fill exited $?"

	python - "$out" <<'PY' || fail "pipe-fill JSON Lines"
import fcntl, json, os, sys
SYS = lambda name: int(os.environ["SYS_" + name])
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["type"] == "scenario", lines[0]
assert lines[0]["name"] == "pipe-fill"
assert [c["name"] for c in lines[0]["channels"]] == ["pipe"]
assert lines[-1]["type"] == "end" and lines[-1]["reason"] == "duration", lines[-1]
# The live default pipe capacity, as the kernel reports it.
r, w = os.pipe()
cap = fcntl.fcntl(w, getattr(fcntl, "F_GETPIPE_SZ", 1032))
samples = [l for l in lines if l["type"] == "sample"]
# One every 250 ms: a busy machine may skip some.
assert len(samples) >= 8, len(samples)
# The writer is blocked from the first milliseconds until the reader
# starts at 3 s.
mid = [s for s in samples if 1.0 <= s["t"] <= 2.9]
assert mid, "no sample between 1 s and 2.9 s"
for s in mid:
    ch = s["channels"][0]
    assert ch["capacity"] == cap, (ch, cap)
    assert ch["fill"] == cap, ch
    assert ch["unit"] == "bytes"
    w = [p for p in s["procs"] if p["name"] == "writer"][0]
    assert w["state"] == "blocked", w
    assert w["op"] == "write" and w["channel"] == "pipe", w
    assert w["kstate"] == "S", w
    assert w["syscall"] == SYS("write"), w
    assert w["blocked_s"] > 0.5, w
    assert w["bytes_out"] == cap, w      # 16 writes of 4 KiB returned
    rd = [p for p in s["procs"] if p["name"] == "reader"][0]
    assert rd["state"] == "waiting" and rd["op"] == "start", rd
# After the reader starts at 3 s, data flows out (by the end at 6 s, even
# if a busy machine lets it start late).
late = [s for s in samples if s["t"] >= 3.6]
assert late and late[-1]["procs"][1]["bytes_in"] > 0, late[-1:]
ev = [l for l in lines if l["type"] == "event"]
assert sum(1 for e in ev if e["what"] == "start") == 2, ev
# Every record has the contract's keys.
for s in samples:
    for c in s["channels"]:
        for k in ("name", "kind", "fill", "capacity", "unit", "bytes", "messages", "in_bps", "out_bps"):
            assert k in c, (k, c)
    for p in s["procs"]:
        for k in ("name", "pid", "state", "op", "channel", "blocked_s", "bytes_out", "bytes_in",
                  "msgs_out", "msgs_in", "kstate", "wchan", "syscall"):
            assert k in p, (k, p)
PY
	pass "pipe-fill shows the writer blocked on a full pipe"
	nothing_left
}

# A run to the end: reason done, everything delivered.
slots_to_end() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --interval 200 pipe-slots >"$out" || die "pipe-slots exited $?"
	python - "$out" <<'PY' || fail "pipe-slots to the end"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[-1] == {"type": "end", "t": lines[-1]["t"], "reason": "done"}, lines[-1]
last = [l for l in lines if l["type"] == "sample"][-1]
rd = [p for p in last["procs"] if p["name"] == "reader"][0]
assert rd["state"] == "done" and rd["msgs_in"] == 200 and rd["lost"] == 0, rd
ex = [l for l in lines if l["type"] == "event" and l["what"] == "exit"]
assert len(ex) == 2, ex
PY
	pass "pipe-slots runs to the end with reason done"
	nothing_left
}

# Text format.
text_format() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --headless --duration 1.2 --format text pipe-fill >"$out" || die "text exited $?"
	grep -q "^scenario pipe-fill: A pipe fills up when nobody reads" "$out" || fail "text header"
	grep -q "writer .* blocked write pipe" "$out" || fail "text shows the blocked writer"
	grep -q "end (duration)" "$out" || fail "text end line"
	pass "text format"
	nothing_left
}

part fill-jsonl fill_jsonl
part slots-to-end slots_to_end
part text-format text_format

# --list: NAME, a tab, the title; every shipped scenario.
command_line() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --list >"$out" || fail "--list exited $?"
	grep -q "^pipe-fill	A pipe fills up when nobody reads$" "$out" || fail "--list pipe-fill"
	n=$(ls "$IPCSCOPE_PATH"/*.ini | wc -l)
	[ "$(wc -l <"$out")" -eq "$n" ] || fail "--list prints $(wc -l <"$out") of $n scenarios"
	pass "--list"

	# Usage errors: exit 2 with a hint; --help and --version exit 0.
	"$IPCSCOPE" --help >"$out" 2>&1 || fail "--help exit"
	grep -q -- "--headless" "$out" || fail "--help mentions --headless"
	"$IPCSCOPE" --version | grep -q "^ipcscope [0-9]" || fail "--version"
	for args in "--bogus" "--format xml pipe-fill" "--interval 0 pipe-fill" \
	    "--duration soon pipe-fill" "--headless no-such-scenario" \
	    "--headless pipe-fill pipe-slots" "--ui nope"; do
		# shellcheck disable=SC2086
		"$IPCSCOPE" $args >"$out" 2>&1
		rc=$?
		[ "$rc" -eq 2 ] || fail "'$args' exited $rc, want 2"
		grep -q "ipcscope" "$out" || fail "'$args' printed no message"
	done
	"$IPCSCOPE" pipe-fill </dev/null >"$out" 2>&1
	[ $? -eq 2 ] && grep -q "needs a terminal" "$out" || fail "TUI without a terminal"
	pass "usage errors"
	nothing_left
}

# A reader that leaves (| head) ends the run at once, not at its duration.
closed_output() {
	out="$TEST_TMP/out.jsonl"
	t0=$(date +%s)
	timeout 8 "$IPCSCOPE" --headless --interval 20 pipe-fill 2>"$out.err" | head -n 12 >"$out"
	[ $(( $(date +%s) - t0 )) -le 4 ] || fail "| head: the run went on after its reader left"
	[ "$(wc -l <"$out")" -eq 12 ] || fail "| head: $(cat "$out")"
	# Samples 20 ms apart, not the default 500 (a busy machine may delay
	# some: one pair close together is enough).
	python - "$out" <<'PY' || fail "--interval 20: no two samples within 0.25 s: $(cat "$out")"
import json, sys
t = [o["t"] for o in map(json.loads, open(sys.argv[1])) if o["type"] == "sample"]
assert any(b - a < 0.25 for a, b in zip(t, t[1:])), t
PY
	pass "a closed output stops the run; short intervals are honoured"
	nothing_left
}

# ^C during --verify stops the whole verification, not just one scenario.
verify_interrupted() {
	out="$TEST_TMP/out.jsonl"
	"$IPCSCOPE" --verify pipe-fill pipe-slots >"$out" 2>&1 &
	vpid=$!
	sleep 1
	kill -INT "$vpid"
	wait "$vpid"
	rc=$?
	[ "$rc" -eq 130 ] || fail "interrupted --verify exited $rc, want 130 (died of SIGINT)"
	grep -q "^interrupted" "$out" || fail "interrupted --verify: $(cat "$out")"
	grep -q "pipe-slots" "$out" && fail "--verify went on after ^C: $(cat "$out")"
	pass "^C stops --verify"
	nothing_left
}

part command-line command_line
part closed-output closed_output
part verify-interrupted verify_interrupted
finish
