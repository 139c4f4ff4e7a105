#!/bin/sh
# Inet channels take data only from the scenario's own sockets: another
# local process that sends datagrams to a udp receiver's port, or
# connects to a tcp channel's listener before its own client does,
# changes nothing in the run (counts, states, the end).
. "$TESTLIB"

out="$TEST_TMP/out.jsonl"

# Pid of a run's worker by name (PR_SET_NAME), once it exists.
worker_pid() {
	for _c in $(children_of "$1"); do
		if [ "$(cat "/proc/$_c/comm" 2>/dev/null)" = "$2" ]; then
			echo "$_c"
			return 0
		fi
	done
	return 1
}

# --- udp --------------------------------------------------------------------
# udp-drop, while a stranger sends to the receiver's port what looks like
# the sender's frames (sequence 10^12, an end marker) and runts. Its
# 3000 datagrams take 3 s; 8 s leaves room for a slow (busy, sanitized)
# run to send them all and the receiver to read what was queued.
# Without its end marker: the receiver, which UDP gives no end of file,
# reads on until the 8 s are over.
sed '/^markers = /d' "$IPCSCOPE_PATH/udp-drop.ini" >"$TEST_TMP/udp-drop.ini"
grep -q '^markers' "$TEST_TMP/udp-drop.ini" && die "udp: markers left"
"$IPCSCOPE" --headless --interval 100 --duration 8 --format jsonl \
    "$TEST_TMP/udp-drop.ini" >"$out" &
pid=$!
wait_for 5 worker_pid "$pid" receiver || die "udp: no receiver"
rpid=$(worker_pid "$pid" receiver)
python - "$rpid" >"$TEST_TMP/udp-attack.txt" 2>&1 <<'PY' &
import os, re, socket, struct, sys, time
# The receiver's end is descriptor 200 (channel 0, read end): its inode,
# then its port from /proc/net/udp.
ino = re.match(r"socket:\[(\d+)\]", os.readlink("/proc/%s/fd/200" % sys.argv[1])).group(1)
port = None
for line in open("/proc/net/udp").readlines()[1:]:
    f = line.split()
    if f[9] == ino:
        port = int(f[1].split(":")[1], 16)
assert port, "no /proc/net/udp line for inode %s" % ino
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
fake = struct.pack("<IIQ", 0x49504353, 0, 10**12) + b"x" * 984
end = struct.pack("<IIQ", 0x49504345, 0, 10**12) + b"x" * 984
sent = 0
t0 = time.time()
while time.time() - t0 < 3.0:
    for d in (fake, end, b"runt"):
        try:
            s.sendto(d, ("127.0.0.1", port))
            sent += 1
        except OSError:
            pass
    time.sleep(0.005)
print("sent %d datagrams to 127.0.0.1:%d" % (sent, port))
PY
apid=$!
wait "$pid" || fail "udp run exited $?"
wait "$apid" || fail "udp: the stranger could not send: $(cat "$TEST_TMP/udp-attack.txt")"
python - "$out" <<'PY' || fail "udp: a stranger's datagrams reached the run"
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1]) if '"type":"sample"' in l]
last = samples[-1]
ch, snd, rcv = last["channels"][0], last["procs"][0], last["procs"][1]
assert last["t"] >= 7.5, last["t"]
assert rcv["state"] != "failed" and snd["state"] != "failed", last
assert ch["fill"] == 0, ch
assert rcv["dup"] == 0 and rcv["ooo"] == 0, rcv
assert rcv["lost"] == ch["dropped"], (rcv, ch)
assert snd["msgs_out"] == 3000 and rcv["msgs_in"] + rcv["lost"] == 3000, (snd, rcv)
print("udp: received %d, lost %d = dropped %d" % (rcv["msgs_in"], rcv["lost"], ch["dropped"]))
PY
[ "$TEST_FAILED" = 0 ] && pass "udp: $(cat "$TEST_TMP/udp-attack.txt"); the run's counts are its own"

# --- tcp --------------------------------------------------------------------
# strace holds ipcscope for 6 s as it enters connect(), after listen():
# a stranger connects to the listener first and sends frames. 6 s, not
# less: on a busy machine the stranger's python takes seconds to start
# and find the port, and must connect while the listener still listens.
# The run may take 60 s (it ends when its processes have): the hold and a
# starved machine once left the transfer unfinished at the scenario's
# own 12 s.
if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is needed to hold ipcscope between listen and connect"
	exit 77
fi
if ! strace -qq -o /dev/null -e trace=getppid -e inject=getppid:delay_enter=1 true 2>/dev/null; then
	echo "SKIP: this strace cannot delay a system call (inject=...:delay_enter)"
	exit 77
fi
strace -qq -o "$TEST_TMP/strace.log" -e trace=connect \
    -e inject=connect:delay_enter=6000000 \
    "$IPCSCOPE" --headless --interval 100 --format jsonl --duration 60 \
    tcp-loopback >"$out" 2>&1 &
spid=$!
wait_for 5 sh -c "pgrep -P $spid >/dev/null" || die "tcp: strace started no ipcscope"
ipid=$(pgrep -P "$spid" | head -n 1)
python - "$ipid" >"$TEST_TMP/tcp-attack.txt" 2>&1 <<'PY'
import os, re, socket, struct, sys, time
# ipcscope's listening socket: one of its descriptors, LISTEN (0A) in
# /proc/net/tcp.
def port():
    inos = set()
    for fd in os.listdir("/proc/%s/fd" % sys.argv[1]):
        try:
            m = re.match(r"socket:\[(\d+)\]", os.readlink("/proc/%s/fd/%s" % (sys.argv[1], fd)))
        except OSError:
            continue
        if m:
            inos.add(m.group(1))
    for line in open("/proc/net/tcp").readlines()[1:]:
        f = line.split()
        if f[3] == "0A" and f[9] in inos:
            return int(f[1].split(":")[1], 16)
    return None
t0 = time.time()
p = port()
while p is None and time.time() - t0 < 5:
    time.sleep(0.02)
    p = port()
assert p, "no listening socket of ipcscope found"
c = socket.create_connection(("127.0.0.1", p), timeout=2)
c.sendall(struct.pack("<IIQ", 0x49504353, 0, 10**12) + b"x" * 4080)
c.settimeout(12)
try:
    state = "closed" if c.recv(1) == b"" else "got data"
except ConnectionResetError:
    state = "closed"
except socket.timeout:
    state = "still open"
print("connected to 127.0.0.1:%d first; ipcscope %s it" % (p, "closed" if state == "closed" else "kept (%s)" % state))
sys.exit(0 if state == "closed" else 1)
PY
arc=$?
wait "$spid" || fail "tcp run exited $?: $(grep -v '"type":"sample"' "$out" | head -c 2000)"
[ "$arc" = 0 ] || fail "tcp: the stranger's connection: $(cat "$TEST_TMP/tcp-attack.txt")"
python - "$out" <<'PY' || fail "tcp: a stranger's connection reached the run"
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1]) if '"type":"sample"' in l]
last = samples[-1]
snd, rcv = last["procs"][0], last["procs"][1]
assert snd["state"] == "done", snd
assert rcv["state"] != "failed", rcv
assert rcv["msgs_in"] == 512 and rcv["bytes_in"] == 2 << 20, rcv
assert rcv["lost"] == 0 and rcv["dup"] == 0 and rcv["ooo"] == 0, rcv
print("tcp: received %d messages, %d bytes, none lost" % (rcv["msgs_in"], rcv["bytes_in"]))
PY
[ "$TEST_FAILED" = 0 ] && pass "tcp: $(cat "$TEST_TMP/tcp-attack.txt"); the run is its own"
finish
