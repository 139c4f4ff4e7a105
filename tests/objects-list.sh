#!/bin/sh
# The run's object list (registry.c): a list that cannot be written stops
# the start (exit 3, the file and the reason named), and an object is
# listed before it exists, so a SIGKILL between creating and listing it
# cannot lose it.
. "$TESTLIB"

scen="$IPCSCOPE_PATH/sysv-msgq.ini"
out="$TEST_TMP/out.txt"

# 1. A full TMPDIR: a small tmpfs in a mount namespace of our own (the
# mount goes with it), filled up before ipcscope starts.
if ! unshare --mount --propagation private true 2>/dev/null; then
	echo "SKIP: cannot make a mount namespace (unshare --mount) to mount a small tmpfs"
	exit 77
fi
full="$TEST_TMP/full"
mkdir "$full"
unshare --mount --propagation private sh -c '
	mount -t tmpfs -o size=64k,mode=0700 ipcscope-full "$1" || exit 77
	dd if=/dev/zero of="$1/filler" bs=4k count=64 2>/dev/null
	# Room for not one more byte?
	if printf x >"$1/probe" 2>/dev/null && [ -s "$1/probe" ]; then
		echo "the tmpfs did not fill up"; exit 77
	fi
	rm -f "$1/probe"
	TMPDIR="$1" "$2" --headless --duration 0.5 "$3" >"$4" 2>&1
	echo "rc=$?" >>"$4"
	ls -A "$1" | grep -v "^filler\$" | sed "s/^/left: /" >>"$4"
' sh "$full" "$IPCSCOPE" "$scen" "$out"
case $? in
77)	echo "SKIP: cannot mount a small tmpfs to fill: $(cat "$out" 2>/dev/null)"; exit 77 ;;
esac
said=$(grep -v '"type":"sample"' "$out" | head -c 2000)
ok=1
grep -q '^rc=3$' "$out" || { fail "full TMPDIR: want exit 3: $said"; ok=0; }
grep -q "$full/ipcscope-new\.[0-9]*\.[A-Za-z0-9]*/objects: No space left on device" "$out" ||
	{ fail "full TMPDIR: the message names neither the list nor the reason"; ok=0; }
grep -q '^left: ' "$out" && { fail "full TMPDIR: left behind: $(grep '^left: ' "$out")"; ok=0; }
grep -q '"type"' "$out" && { fail "full TMPDIR: the run started anyway"; ok=0; }
[ "$ok" = 1 ] && pass "a list that cannot be written refuses the start, exit 3, naming it"

# 2. A SIGKILL right after the queue is made. strace stops ipcscope with
# SIGSTOP at the return of its creating msgget (the queue exists, nothing
# after it ran; it stays so however slow the machine: an earlier 5 s
# delay was once not enough); it is killed there, and the next start must
# still find and remove it. The first msgget only asks whether a key is
# free: it is let through.
if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is needed to stop ipcscope right after msgget"
	exit 77
fi
if ! strace -qq -o /dev/null -e trace=getppid -e inject=getppid:signal=SIGCHLD true 2>/dev/null; then
	echo "SKIP: this strace cannot send a signal at a system call (inject=...:signal)"
	exit 77
fi
log="$TEST_TMP/strace.log"
strace -f -qq -o "$log" -e trace=msgget -e inject=msgget:signal=SIGSTOP:when=2+ \
    "$IPCSCOPE" --headless --duration 1 "$scen" >"$out" 2>&1 &
spid=$!
# The creating msgget's line, and ipcscope stopped right after it.
created() {
	grep 'IPC_CREAT' "$log" 2>/dev/null | grep -q '= [0-9][0-9]*' &&
	    grep -q 'stopped by SIGSTOP' "$log"
}
wait_for 20 created || { pkill -KILL -P "$spid"; kill "$spid" 2>/dev/null; die "no msgget that creates a queue, then a stop: $(cat "$log")"; }
line=$(grep 'IPC_CREAT' "$log" | grep '= [0-9]' | head -n 1)
ipid=${line%% *}
id=$(echo "$line" | sed 's/.*= \([0-9][0-9]*\).*/\1/')
# The queue's identity: an id may be reused, its ctime with it may not.
ident=$(awk -v id="$id" '$2 == id { print $2, $14 }' /proc/sysvipc/msg)
kill -s KILL "$ipid"
wait "$spid" 2>/dev/null
[ -n "$ident" ] || die "queue $id is not in /proc/sysvipc/msg while ipcscope is held"
leftover() {
	awk -v want="$ident" '$2 " " $14 == want { found = 1 } END { exit !found }' /proc/sysvipc/msg
}
leftover || die "queue $id went away with ipcscope: nothing to sweep"
"$IPCSCOPE" --headless --duration 0.3 pipe-fill >/dev/null 2>&1 || fail "the next start failed"
if leftover; then
	fail "a queue made just before SIGKILL outlived the next start: it was never listed ($(cat "$TEST_TMP"/ipcscope.*/objects 2>/dev/null))"
	ipcrm -q "$id"
else
	pass "a queue made just before SIGKILL is removed by the next start"
fi
left=$(ls -A "$TEST_TMP" | grep -v -e '^out.txt$' -e '^strace.log$' -e '^full$')
[ -z "$left" ] || fail "the next start left: $left"
finish
