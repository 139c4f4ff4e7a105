#!/bin/sh
# exec = COMMAND: real programs (sort, cat, python3) as a scenario's
# processes, observed from outside. From the JSON Lines: a program is
# blocked in read on its 'from' channel and in write on its 'to' channel
# only as /proc/PID/syscall shows it (the call's number, SYS_read or
# SYS_write, in the sample; fd 0 or 1 read here from the same file); its
# bytes are I/O counters ("counters":"io", messages null) that match what
# its neighbours moved; its exit status is its own; a program that does
# not exist fails as "exec NAME: ENOENT"; pause and resume stop and
# continue the program itself; SIGTERM to ipcscope leaves no program
# and no run directory behind; bad exec sections are FILE:LINE errors.
. "$TESTLIB"

# sort reads all of its input before it writes: the consumer after it
# waits in read() on an empty pipe the while; once the producer has
# closed, sort writes every byte it read.
sort_part() {
	cat >"$TEST_TMP/sort.ini" <<'EOF'
[scenario]
title = sort between a producer and a consumer
duration = 8s
[channel input]
type = pipe
[channel sorted]
type = pipe
[process producer]
role = producer
to = input
total = 1M
rate = 1M/s
[process sorter]
exec = sort -S 16M
from = input
to = sorted
[process consumer]
role = consumer
from = sorted
EOF
	python - "$IPCSCOPE" "$TEST_TMP/sort.ini" <<'PY' || { fail "sort"; return; }
import json, os, subprocess, sys
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen = sys.argv[1:3]
out = subprocess.run([ipc, "--headless", "--interval", "50", scen],
                     stdout=subprocess.PIPE, text=True, timeout=20)
assert out.returncode == 0, out.returncode
recs = [json.loads(l) for l in out.stdout.splitlines()]
head = recs[0]
procs = {p["name"]: p for p in head["procs"]}
# The contract's fields (others may be added: DESIGN.md, additive only).
assert {k: procs["sorter"].get(k) for k in ("name", "role", "exec")} == \
    {"name": "sorter", "role": "exec", "exec": ["sort", "-S", "16M"]}, procs
samples = [r for r in recs if r["type"] == "sample"]
by = lambda r, n: [p for p in r["procs"] if p["name"] == n][0]
reading = [r for r in samples if by(r, "sorter")["state"] == "blocked"
           and by(r, "sorter")["op"] == "read"]
assert reading, "sort never seen blocked in read"
for r in reading:
    s = by(r, "sorter")
    # Blocked only as the kernel shows it: read(2), asleep, on 'input'.
    assert s["channel"] == "input" and s["syscall"] == SYS("read") and \
        s["kstate"] == "S", s
    assert s["counters"] == "io" and s["msgs_in"] is None, s
    # Nothing written yet while it still reads: its wchar is 0.
    assert s["bytes_out"] == 0, s
# The consumer waits on the empty 'sorted' pipe while sort reads.
waits = [r for r in reading if by(r, "consumer")["state"] == "blocked"
         and by(r, "consumer")["channel"] == "sorted"
         and by(r, "consumer")["syscall"] == SYS("read")]
assert waits, "the consumer was never seen waiting on 'sorted'"
last = samples[-1]
s, p, c = by(last, "sorter"), by(last, "producer"), by(last, "consumer")
assert s["state"] == "done" and s["exit"] == "exit 0", s
assert p["bytes_out"] == 1 << 20 and c["bytes_in"] == 1 << 20, (p, c)
# Raw bytes from a program: the consumer checked nothing, says so.
assert c["msgs_in"] is None and c["lost"] is None, c
# Its I/O counters: every byte through, and its libraries' reads too.
assert s["bytes_out"] == 1 << 20 and s["bytes_in"] >= 1 << 20, s
assert recs[-1] == {"type": "end", "t": recs[-1]["t"], "reason": "done"}
print("sort blocked in read %d times, wrote %d bytes at the end" %
      (len(reading), s["bytes_out"]))
PY
	pass "sort: blocked read on 'input' (SYS_read), I/O counters, exit 0"
}

# cat over a unix-stream socket into a FIFO: its standard input is a
# socket and its standard output a FIFO; every byte arrives.
cat_part() {
	cat >"$TEST_TMP/cat.ini" <<'EOF'
[scenario]
title = cat between a socket and a FIFO
duration = 8s
[channel sock]
type = unix-stream
[channel f]
type = fifo
[process producer]
role = producer
to = sock
total = 256K
rate = 512K/s
[process cat]
exec = cat
from = sock
to = f
[process consumer]
role = consumer
from = f
EOF
	python - "$IPCSCOPE" "$TEST_TMP/cat.ini" <<'PY' || { fail "cat"; return; }
import json, os, subprocess, sys
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen = sys.argv[1:3]
out = subprocess.run([ipc, "--headless", "--interval", "50", scen],
                     stdout=subprocess.PIPE, text=True, timeout=20)
assert out.returncode == 0, out.returncode
samples = [json.loads(l) for l in out.stdout.splitlines()]
samples = [r for r in samples if r["type"] == "sample"]
by = lambda r, n: [p for p in r["procs"] if p["name"] == n][0]
blocked = [by(r, "cat") for r in samples if by(r, "cat")["state"] ==
           "blocked"]
# Before it runs cat, its worker opens the FIFO, which waits for the
# reader's open (slow to come under a sanitizer): blocked open f, a state
# of its own. Every other block is cat's read of its socket.
opens = [b for b in blocked if b["op"] == "open"]
reads = [b for b in blocked if b["op"] != "open"]
assert all(b["channel"] == "f" for b in opens), opens
assert reads, "cat never seen blocked in read"
assert all(b["op"] == "read" and b["channel"] == "sock" and
           b["syscall"] == SYS("read") for b in reads), reads
last = samples[-1]
c, k = by(last, "consumer"), by(last, "cat")
assert c["bytes_in"] == 256 << 10 and k["bytes_out"] == 256 << 10, (c, k)
assert k["exit"] == "exit 0", k
PY
	pass "cat: a socket on fd 0, a FIFO on fd 1, blocked read on 'sock'"
}

# A python3 -u stage whose reader is slow blocks in write(); pause and
# resume (cue actions, the keys' code) stop and continue the program;
# SIGTERM to ipcscope then leaves no process and no run directory.
python_part() {
	cat >"$TEST_TMP/stage.py" <<'EOF'
import sys
while True:
    b = sys.stdin.buffer.read1(65536)
    if not b:
        break
    sys.stdout.buffer.write(b.upper())
EOF
	cat >"$TEST_TMP/py.ini" <<EOF
[scenario]
title = a python stage with a slow reader
duration = 20s
[channel raw]
type = pipe
[channel out]
type = pipe
[process producer]
role = producer
to = raw
[process stage]
exec = python3 -u "$TEST_TMP/stage.py"
from = raw
to = out
[process consumer]
role = consumer
from = out
rate = 32K/s
[cue]
at = 3s
pause = stage
[cue]
at = 4s
resume = stage
EOF
	python - "$IPCSCOPE" "$TEST_TMP/py.ini" "$SIGDFL" "$TEST_TMP" <<'PY' || { fail "python stage"; return; }
import json, os, signal, subprocess, sys, time
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen, sigdfl, tmp = sys.argv[1:5]
p = subprocess.Popen([sigdfl, ipc, "--headless", "--interval", "50", scen],
                     stdout=subprocess.PIPE, text=True)
by = lambda r, n: [q for q in r["procs"] if q["name"] == n][0]
seen = {"write": None, "paused": None, "again": None}
pids = set()
longest = 0
try:
    for line in p.stdout:
        r = json.loads(line)
        if r["type"] != "sample":
            continue
        pids.update(q["pid"] for q in r["procs"] if q["pid"] > 0)
        s = by(r, "stage")
        if s["state"] == "blocked" and s["op"] == "write":
            assert s["channel"] == "out" and s["syscall"] == SYS("write") \
                and s["kstate"] == "S", s
            fill = [c for c in r["channels"] if c["name"] == "out"][0]
            # Full but for a partly read page or two (pipe-slots).
            assert fill["fill"] >= fill["capacity"] - 8192, fill
            # The kernel's word for it, read here: write(2) on fd 1.
            with open("/proc/%d/syscall" % s["pid"]) as f:
                w = f.read().split()
            if w[0] not in ("running", "-1"):
                assert int(w[0]) in (SYS("write"), SYS("read")), w
                assert int(w[1], 16) == (int(w[0]) == SYS("write")), w
            key = "write" if seen["paused"] is None else "again"
            seen[key] = seen[key] or r["t"]
            longest = max(longest, s["blocked_s"])
        if s["state"] == "paused":
            # The stop as the kernel told ipcscope (waitpid WUNTRACED).
            assert s["kstate"] == "T" and r["t"] >= 2.9, (r["t"], s)
            seen["paused"] = seen["paused"] or r["t"]
        if seen["again"] is not None:
            break
    assert seen["write"] is not None and seen["write"] < 3, seen
    assert seen["paused"] is not None and seen["again"] > 4, seen
    # One write(2) of up to 64 KiB into a pipe drained at 32 KiB/s lasts:
    # woken for each page freed, it is still the same call.
    assert longest >= 0.3, longest
    os.kill(p.pid, signal.SIGTERM)
    rc = p.wait(timeout=10)
    assert rc == -signal.SIGTERM, rc   # it dies of the signal, cleaned up
finally:
    if p.poll() is None:
        p.kill()
        p.wait()
# Every process gone (zombies count as gone), the program included.
deadline = time.time() + 5
def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
while any(alive(q) for q in pids) and time.time() < deadline:
    time.sleep(0.1)
assert not any(alive(q) for q in pids), [q for q in pids if alive(q)]
left = [n for n in os.listdir(tmp) if n.startswith("ipcscope")]
assert not left, left
print("blocked in write at %.2fs, paused at %.2fs, blocked again at %.2fs"
      % (seen["write"], seen["paused"], seen["again"]))
PY
	pass "python3 -u: blocked write on 'out', paused and resumed, nothing left after SIGTERM"
}

# A program asleep in a call that is not its channel's (a futex: Python's
# Event.wait) is WAITING in that call, by name, as the kernel shows it;
# never RUNNING while the kernel says it sleeps. Then it reads its input.
waiting_part() {
	cat >"$TEST_TMP/wait.py" <<'EOF'
import sys, threading
threading.Event().wait(2.5)
sys.stdin.buffer.read()
EOF
	cat >"$TEST_TMP/wait.ini" <<EOF
[scenario]
title = a program waiting on its own futex
duration = 10s
[channel raw]
type = pipe
[process producer]
role = producer
to = raw
size = 4K
total = 16K
[process stage]
exec = python3 "$TEST_TMP/wait.py"
from = raw
EOF
	python - "$IPCSCOPE" "$TEST_TMP/wait.ini" <<'PY' || { fail "waiting"; return; }
import json, os, subprocess, sys
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen = sys.argv[1:3]
out = subprocess.run([ipc, "--headless", "--interval", "100", scen],
                     stdout=subprocess.PIPE, text=True, timeout=30)
assert out.returncode == 0, out.returncode
samples = [json.loads(l) for l in out.stdout.splitlines()]
samples = [r for r in samples if r["type"] == "sample"]
stage = [[q for q in r["procs"] if q["name"] == "stage"][0] for r in samples]
futex = [s for s in stage if s["state"] == "waiting" and s["op"] == "futex"]
assert len(futex) >= 3, [(s["state"], s["op"], s["kstate"]) for s in stage]
for s in futex:
    assert s["syscall"] == SYS("futex") and s["kstate"] in ("S", "D"), s
    assert s["channel"] is None, s
# Its time in that call grows from one sample to the next.
assert futex[-1]["state_s"] > futex[0]["state_s"], (futex[0], futex[-1])
# Never RUNNING while the kernel says it sleeps (S). D is work under way
# in the kernel (I/O, or tearing the process down in exit_group): RUNNING
# by design (ipcscope-scenario(5)), its letter shown as it is.
for s in stage:
    assert not (s["state"] == "running" and s["kstate"] == "S"), s
assert stage[-1]["state"] == "done" and stage[-1]["bytes_in"] >= 16384, \
    stage[-1]
print("waiting futex in %d samples, up to %.1fs" %
      (len(futex), futex[-1]["state_s"]))
PY
	pass "a program asleep in futex is WAITING futex, not RUNNING"
}

# A program whose main thread waits (joining) while another thread writes:
# the thread in the channel's call speaks for the program, BLOCKED write
# on its 'to' channel as the kernel shows that thread (sort --parallel
# writes so).
thread_part() {
	cat >"$TEST_TMP/thr.py" <<'EOF'
import sys, threading
def write():
    sys.stdout.buffer.write(b"x" * (1 << 20))
    sys.stdout.buffer.flush()
t = threading.Thread(target=write)
t.start()
t.join()
EOF
	cat >"$TEST_TMP/thr.ini" <<EOF
[scenario]
title = a program that writes from a thread
duration = 15s
[channel out]
type = pipe
[process stage]
exec = python3 "$TEST_TMP/thr.py"
to = out
[process consumer]
role = consumer
from = out
rate = 256K/s
EOF
	python - "$IPCSCOPE" "$TEST_TMP/thr.ini" <<'PY' || { fail "thread"; return; }
import json, os, subprocess, sys
SYS = lambda name: int(os.environ["SYS_" + name])
ipc, scen = sys.argv[1:3]
out = subprocess.run([ipc, "--headless", "--interval", "100", scen],
                     stdout=subprocess.PIPE, text=True, timeout=40)
assert out.returncode == 0, out.returncode
samples = [json.loads(l) for l in out.stdout.splitlines()]
samples = [r for r in samples if r["type"] == "sample"]
stage = [[q for q in r["procs"] if q["name"] == "stage"][0] for r in samples]
blocked = [s for s in stage if s["state"] == "blocked"]
# 1 MiB at 256 KiB/s through a 64 KiB pipe: about 4 s, mostly blocked.
assert len(blocked) >= 10, [(s["state"], s["op"]) for s in stage]
for s in blocked:
    assert s["op"] == "write" and s["channel"] == "out" and \
        s["syscall"] == SYS("write") and s["kstate"] == "S", s
assert stage[-1]["state"] == "done" and stage[-1]["bytes_out"] >= 1 << 20, \
    stage[-1]
print("blocked write out in %d of %d samples" % (len(blocked), len(stage)))
PY
	pass "a program writing from a thread while its main thread joins is BLOCKED write"
}

# A program that does not exist: FAILED "exec NAME: ENOENT" with an
# error event, its neighbours end, nothing is left behind.
missing_part() {
	cat >"$TEST_TMP/missing.ini" <<'EOF'
[scenario]
title = a program that is not there
duration = 5s
[channel input]
type = pipe
[process producer]
role = producer
to = input
total = 1M
[process ghost]
exec = 'ipcscope-no such'\ "pro\"gram" --flag\=1
from = input
EOF
	"$IPCSCOPE" --headless "$TEST_TMP/missing.ini" >"$TEST_TMP/missing.jsonl" ||
		fail "missing: exit $?"
	python - "$TEST_TMP/missing.jsonl" <<'PY' || { fail "missing program"; return; }
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ev = [r for r in recs if r["type"] == "event" and r["proc"] == "ghost"]
# Split as a shell splits words: quotes and backslashes, no shell.
g = [q for q in recs[0]["procs"] if q["name"] == "ghost"][0]
assert g["exec"] == ['ipcscope-no such pro"gram', "--flag=1"], g
assert any(e["what"] == "error" and e["detail"] ==
           'exec ipcscope-no such pro"gram: ENOENT' for e in ev), ev
g = [q for q in recs[-2]["procs"] if q["name"] == "ghost"][0]
assert g["state"] == "failed" and g["exit"] == \
    'exec ipcscope-no such pro"gram: ENOENT', g
w = [q for q in recs[-2]["procs"] if q["name"] == "producer"][0]
assert w["state"] == "failed" and w["exit"] == "killed by SIGPIPE", w
assert recs[-1]["reason"] == "done", recs[-1]
PY
	left=$(ls -A "$TEST_TMP" | grep '^ipcscope')
	[ -z "$left" ] || fail "missing: left in TMPDIR: $left"
	pass "a missing program fails as exec NAME: ENOENT, nothing left"
}

# What makes no sense with exec is an error at its line.
validate_part() {
	cat >"$TEST_TMP/bad.ini" <<'EOF'
[scenario]
title = bad exec sections
[channel q]
type = posix-mq
[channel p]
type = pipe
[process a]
exec = cat
from = q
[process b]
exec = sort | uniq
rate = 1K/s
from = p
[process c]
role = producer
to = p
markers = 1
[cue]
at = 1s
close = b p
EOF
	"$IPCSCOPE" --validate "$TEST_TMP/bad.ini" 2>"$TEST_TMP/bad.err" >/dev/null
	rc=$?
	[ "$rc" -eq 2 ] || fail "validate: exit $rc, want 2"
	f="$TEST_TMP/bad.ini"
	for l in \
	    "$f:9: 'q' is a posix-mq channel; an exec process's 'from' is its standard input (descriptor 0), which a program reads or writes: give a pipe, fifo, unix-stream or tcp channel" \
	    "$f:11: exec: '|' is not special here: the program runs without a shell; quote it to pass it as it is, or give exec = sh -c '...'" \
	    "$f:12: 'rate' does not apply to an exec process (its program reads, writes and paces itself); with 'exec' give exec, from, to, start and replicas" \
	    "$f:9: process 'a' reads from 'q' but no process writes to it; nothing feeds it" \
	    "$f:16: 'p' is read by an exec process, which gets raw bytes (lines of text) and no end markers: its input ends when every writer has closed; leave 'markers' out" \
	    "$f:20: 'b' is an exec process: its program sets its own pace and closes its own descriptors; close applies to producers, consumers, relays and users (pause, resume, kill and start work on it)"; do
		grep -qxF "$l" "$TEST_TMP/bad.err" || fail "validate: no line '$l'"
	done
	[ "$(wc -l <"$TEST_TMP/bad.err")" -eq 6 ] ||
		fail "validate: $(wc -l <"$TEST_TMP/bad.err") errors, want 6: $(cat "$TEST_TMP/bad.err")"
	pass "exec sections: kinds, keys, shell words, markers and cues checked"
}

# On the screen: the program's row says BLOCKED write on its channel, and
# where its bytes come from; q ends the run and restores the terminal.
screen_part() {
	command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1 || {
		echo "skip: no tmux"
		return
	}
	UI=ncurses
	. "$(dirname "$TESTLIB")/tmux.sh"
	cat >"$TEST_TMP/stage.py" <<'EOF'
import sys
while True:
    b = sys.stdin.buffer.read1(65536)
    if not b:
        break
    sys.stdout.buffer.write(b)
EOF
	cat >"$TEST_TMP/screen.ini" <<EOF
[scenario]
title = a python stage on the screen
duration = 600s
[channel raw]
type = pipe
[channel out]
type = pipe
[process producer]
role = producer
to = raw
[process stage]
exec = python3 -u "$TEST_TMP/stage.py"
from = raw
to = out
[process consumer]
role = consumer
from = out
rate = 16K/s
EOF
	launch 100 30 "" "$TEST_TMP/screen.ini"
	row() { screen | grep ' stage ' | grep -q "BLOCKED write out.*I/O counters"; }
	wait_for 15 row || { fail "screen: no stage row BLOCKED write out with I/O counters: $(screen)"; return; }
	t send-keys -t ipc q
	wait_for 10 screen_has "EXITED:0" || fail "screen: q did not end the run: $(screen)"
	tty_restored || fail "screen: the terminal was not restored"
	t kill-server 2>/dev/null
	left=$(ls -A "$TEST_TMP" | grep '^ipcscope')
	[ -z "$left" ] || fail "screen: left in TMPDIR: $left"
	pass "screen: the program's row, BLOCKED write out, I/O counters; q cleans up"
}

part sort sort_part
part cat cat_part
part python python_part
part waiting waiting_part
part thread thread_part
part missing missing_part
part validate validate_part
part screen screen_part
finish
