#!/bin/sh
# Every catchable signal whose default action is to terminate ends a run
# in order: the workers killed and reaped, every kernel object removed, the
# terminal restored (alternate screen left, mouse reporting off), and
# ipcscope then dies of that signal (the shell sees 128+N). Also while
# standard output is a full pipe nobody reads. SIGHUP ignored at start
# (nohup) stays ignored. SIGTSTP in the terminal UI gives the terminal
# back and takes it again on SIGCONT.
. "$TESTLIB"

scen="$TESTDATA/run-all-kinds.ini"
nworkers=10

# A check's "ok" only when none of its own checks failed.
section() { failed_before=$TEST_FAILED; TEST_FAILED=0; }
section_end() {
	[ "$TEST_FAILED" -eq 0 ] && pass "$1"
	TEST_FAILED=$((TEST_FAILED | failed_before))
}

have_mqueue_fs=0
[ -d /dev/mqueue ] && mountpoint -q /dev/mqueue 2>/dev/null && have_mqueue_fs=1

# NAME NUMBER for each terminating signal this system has (numbers differ
# between architectures: ask, never assume).
signals=$(python -c '
import signal
names = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPIPE",
         "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGXCPU", "SIGXFSZ",
         "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPWR"]
for n in names:
    if hasattr(signal, n):
        print(n[3:], int(getattr(signal, n)))
lo, hi = int(signal.SIGRTMIN), int(signal.SIGRTMAX)
for n, v in (("RTMIN", lo), ("RTMIN+3", lo + 3), ("RTMAX-1", hi - 1),
             ("RTMAX", hi)):
    print(n, v)
')
[ -n "$signals" ] || die "no signal list from python"
signum() { echo "$signals" | awk -v n="$1" '$1 == n { print $2 }'; }

# start_run DIR: a headless run of every kind, TMPDIR=DIR, its pid in
# DIR/pid. Output into DIR/out.
start_run() {
	mkdir -p "$1"
	TMPDIR="$1" "$SIGDFL" "$IPCSCOPE" --headless --interval 100 "$scen" \
	    >"$1/out" 2>"$1/err" &
	echo $! >"$1/pid"
}

# wait_running DIR: every worker forked, the SysV queue recorded, samples
# out; then notes the children, the queues and the run directory.
running() {
	_p=$(cat "$1/pid")
	[ "$(pgrep -P "$_p" | wc -l)" -eq "$nworkers" ] &&
	    grep -q '^msq' "$1"/ipcscope.*/objects 2>/dev/null &&
	    grep -q '"type":"sample"' "$1/out"
}
wait_running() {
	wait_for 15 running "$1" || { fail "$1: the run did not start: $(cat "$1/out" "$1/err")"; return 1; }
	_p=$(cat "$1/pid")
	children_of "$_p" >"$1/kids"
	cat "$1"/ipcscope.*/objects | awk '$1 == "msq" { print $2 }' >"$1/msqs"
	[ -s "$1/msqs" ] || fail "$1: no SysV queue recorded"
	ls -d "$1"/ipcscope.* >"$1/rundir"
}

# check_clean DIR WHAT: nothing of the run is left.
check_clean() {
	_p=$(cat "$1/pid")
	wait_for 5 all_gone "$(cat "$1/kids")" || fail "$2: children left: $(cat "$1/kids")"
	for q in $(cat "$1/msqs"); do
		msq_exists "$q" && fail "$2: SysV queue $q left"
	done
	ls -d "$1"/ipcscope.* >/dev/null 2>&1 && fail "$2: run directory left: $(ls -d "$1"/ipcscope.*)"
	if [ "$have_mqueue_fs" = 1 ]; then
		ls /dev/mqueue | grep -q "^ipcscope\.$_p\." && fail "$2: POSIX queue left"
	fi
}

# 1. Headless, every terminating signal, several runs at a time.
batch() {
	for s in "$@"; do
		start_run "$TEST_TMP/h-$s"
	done
	for s in "$@"; do
		wait_running "$TEST_TMP/h-$s"
	done
	for s in "$@"; do
		kill -"$(signum "$s")" "$(cat "$TEST_TMP/h-$s/pid")"
	done
	for s in "$@"; do
		d="$TEST_TMP/h-$s"
		wait "$(cat "$d/pid")" 2>/dev/null
		rc=$?
		want=$((128 + $(signum "$s")))
		[ "$rc" -eq "$want" ] || fail "SIG$s: exit $rc, want $want: $(cat "$d/err")"
		tail -n 1 "$d/out" | grep -q '"reason":"interrupted"' ||
			fail "SIG$s: no end record: $(tail -n 1 "$d/out")"
		check_clean "$d" "SIG$s"
		rm -rf "$d"
	done
}
headless_all() {
	cd "$TEST_TMP" || die "cd"	# where a core file would land
	section
	set -- $(echo "$signals" | awk '{ print $1 }')
	while [ $# -gt 0 ]; do
		b=""
		for i in 1 2 3 4 5 6; do
			[ $# -gt 0 ] || break
			b="$b $1"
			shift
		done
		batch $b
	done
	ls "$TEST_TMP" | grep -q '^core' && fail "a core file was left: $(ls "$TEST_TMP")"
	section_end "headless: every terminating signal ends the run in order, exit 128+N"
}

# 2. A signal ignored when ipcscope starts stays ignored (nohup).
nohup_kept() {
section
d="$TEST_TMP/nohup"
mkdir -p "$d"
(trap '' HUP; exec env TMPDIR="$d" "$IPCSCOPE" --headless --interval 100 "$scen" >"$d/out" 2>"$d/err") &
echo $! >"$d/pid"
wait_running "$d"
kill -HUP "$(cat "$d/pid")"
sleep 1
running "$d" || fail "SIGHUP ignored at start (nohup) stopped the run"
kill -TERM "$(cat "$d/pid")"
wait "$(cat "$d/pid")" 2>/dev/null
rc=$?
[ "$rc" -eq 143 ] || fail "nohup run, then SIGTERM: exit $rc, want 143"
check_clean "$d" "nohup"
rm -rf "$d"
section_end "a signal ignored at start (nohup's SIGHUP) stays ignored"
}

# 3. Standard output a full pipe nobody reads: SIGTERM and SIGINT still
# end the run at once (not stuck in a write), in order.
pipe_full() {
	python - "$1" <<'PY'
import fcntl, os, struct, sys, termios
fd = os.open("/proc/%s/fd/1" % sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
n = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]
cap = fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
os.close(fd)
sys.exit(0 if n >= cap // 2 else 1)
PY
}
full_pipe() {
	s=$1
	section
	d="$TEST_TMP/full-$s"
	mkdir -p "$d"
	mkfifo "$d/fifo"
	sleep 120 <"$d/fifo" &	# holds the read end, never reads
	reader=$!
	TMPDIR="$d" "$IPCSCOPE" --headless --interval 10 "$scen" >"$d/fifo" 2>"$d/err" &
	echo $! >"$d/pid"
	pid=$(cat "$d/pid")
	wait_for 15 sh -c "[ \$(pgrep -P $pid | wc -l) -eq $nworkers ]" || fail "full pipe: the run did not start"
	children_of "$pid" >"$d/kids"
	cat "$d"/ipcscope.*/objects | awk '$1 == "msq" { print $2 }' >"$d/msqs"
	# Half full at 10 ms samples of 10 processes: full a moment later
	# (16 pages, each partly filled: the kernel says full before 64 KiB).
	wait_for 15 pipe_full "$pid" || fail "SIG$s: the output pipe did not fill"
	sleep 1
	kill -s "$s" "$pid"
	if wait_for 3 all_gone "$pid"; then
		wait "$pid" 2>/dev/null
		rc=$?
		want=$((128 + $(signum "$s")))
		[ "$rc" -eq "$want" ] || fail "full pipe, SIG$s: exit $rc, want $want: $(cat "$d/err")"
		check_clean "$d" "full pipe, SIG$s"
	else
		fail "SIG$s while stdout is a full pipe: still running 3 s later"
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
	fi
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	rm -rf "$d"
	section_end "SIG$s while stdout is a full pipe: out within 3 s, in order"
}

# --verify the same: its PASS lines go into a pipe already full.
full_verify() {
section
d="$TEST_TMP/full-verify"
mkdir -p "$d"
mkfifo "$d/fifo"
sleep 120 <"$d/fifo" &
reader=$!
(head -c 65536 /dev/zero; exec env TMPDIR="$d" "$IPCSCOPE" --verify pipe-fill pipe-slots) >"$d/fifo" 2>"$d/err" &
pid=$!
echo "$pid" >"$d/pid"
wait_for 15 sh -c "[ \$(pgrep -P $pid | wc -l) -eq 2 ]" || fail "full pipe, --verify: the run did not start"
children_of "$pid" >"$d/kids"
sleep 2		# past pipe-fill's first expectation: its line waits for room
kill -s TERM "$pid"
if wait_for 3 all_gone "$pid"; then
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$rc" -eq 143 ] || fail "full pipe, --verify, SIGTERM: exit $rc, want 143: $(cat "$d/err")"
	echo >"$d/msqs"
	check_clean "$d" "full pipe, --verify"
else
	fail "SIGTERM to --verify writing into a full pipe: still running 3 s later"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
fi
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
rm -rf "$d"
section_end "SIGTERM to --verify while stdout is a full pipe: out within 3 s, in order"
}

# 4. The terminal UI, both back ends: the terminal comes back as it was.
. "$(dirname "$TESTLIB")/tmux.sh"
pane_modes() {
	t display-message -p -t ipc '#{alternate_on} #{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}'
}
ipcscope_pid() {
	pgrep -P "$(t display-message -p -t ipc '#{pane_pid}')" | head -n 1
}
tui_running() {
	screen_has "RUNNING" && grep -q '^msq' "$TEST_TMP"/ipcscope.*/objects 2>/dev/null
}
tui_signals() {
	UI=$1
	for s in TERM HUP USR1 ALRM; do
		section
		launch 100 40 "" "$scen"
		wait_for 15 tui_running || { fail "$UI SIG$s: no run on screen: $(screen)"; section_end ""; continue; }
		pid=$(ipcscope_pid)
		[ -n "$pid" ] || { fail "$UI SIG$s: no ipcscope under the pane"; section_end ""; continue; }
		[ "$(pane_modes)" != "0 000" ] || fail "$UI: alternate screen or mouse off while running"
		kids=$(children_of "$pid")
		msqs=$(run_msq_ids)
		kill -s "$s" "$pid"
		want=$((128 + $(signum "$s")))
		wait_for 5 screen_has "EXITED:" || { fail "$UI SIG$s: did not exit: $(screen)"; section_end ""; continue; }
		screen_has "EXITED:$want" || fail "$UI SIG$s: $(screen | grep EXITED), want EXITED:$want"
		tty_restored || fail "$UI SIG$s: tty modes not restored: $(screen)"
		m=$(pane_modes)
		[ "$m" = "0 000" ] || fail "$UI SIG$s: alternate screen / mouse reporting after exit: $m (want 0 000)"
		wait_for 5 all_gone "$kids" || fail "$UI SIG$s: children left: $kids"
		for q in $msqs; do
			msq_exists "$q" && fail "$UI SIG$s: SysV queue $q left"
		done
		ls -d "$TEST_TMP"/ipcscope.* >/dev/null 2>&1 && fail "$UI SIG$s: run directory left"
		section_end "$UI: SIG$s restores the terminal and removes everything, exit $want"
	done
}

# 5. SIGTSTP in the terminal UI, under a shell with job control: the
# terminal is given back while stopped, taken again on fg.
tui_tstp() {
		UI=$1
		section
		[ -n "${TEST_TMUX_SOCK:-}" ] && t kill-server 2>/dev/null
		nlaunch=$((nlaunch + 1))
		TEST_TMUX_SOCK="ipcscope-test-$$-$TEST_PART-$nlaunch"
		t -f /dev/null new-session -d -s ipc -x 80 -y 24 \
		    "env PS1='PROMPT\$ ' bash --norc --noprofile -i"
		wait_for 5 screen_has "PROMPT" || { fail "no bash prompt: $(screen)"; section_end ""; return; }
		t send-keys -t ipc "TMPDIR='$TEST_TMP' LANG=C.UTF-8 LC_ALL=C.UTF-8 $IPCSCOPE --ui $UI pipe-fill" Enter
		wait_for 10 screen_has "RUNNING" || { fail "$UI TSTP: no run: $(screen)"; section_end ""; return; }
		pid=$(pgrep -P "$(t display-message -p -t ipc '#{pane_pid}')" | head -n 1)
		kill -s TSTP "$pid"
		wait_for 5 sh -c "grep -q '^State:.*T' /proc/$pid/status" || fail "$UI SIGTSTP: not stopped"
		wait_for 5 sh -c "[ \"\$($TMUXB -L $TEST_TMUX_SOCK display-message -p -t ipc '#{alternate_on} #{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}')\" = '0 000' ]" ||
			fail "$UI SIGTSTP: terminal not given back: $(pane_modes)"
		t send-keys -t ipc "fg" Enter
		wait_for 5 sh -c "[ \"\$($TMUXB -L $TEST_TMUX_SOCK display-message -p -t ipc '#{alternate_on}')\" = 1 ]" ||
			fail "$UI fg: no alternate screen again"
		wait_for 5 screen_has "BLOCKED write pipe" || fail "$UI fg: not redrawn: $(screen)"
		[ "$(pane_modes)" != "1 000" ] || fail "$UI fg: mouse reporting not back on"
		t send-keys -t ipc q
		wait_for 5 all_gone "$pid" || fail "$UI: q after fg did not quit"
		wait_for 5 sh -c "[ \"\$($TMUXB -L $TEST_TMUX_SOCK display-message -p -t ipc '#{alternate_on}')\" = 0 ]" ||
			fail "$UI: q after fg left the alternate screen on"
		ls -d "$TEST_TMP"/ipcscope.* >/dev/null 2>&1 && fail "$UI TSTP: run directory left"
		section_end "$UI: SIGTSTP gives the terminal back, fg takes it again"
}

# The parts need nothing from each other: side by side.
part headless headless_all
part nohup nohup_kept
part full-TERM full_pipe TERM
part full-INT full_pipe INT
part full-verify full_verify
for UI in $(tmux_uis); do
	part "tui-$UI" tui_signals "$UI"
	if command -v bash >/dev/null 2>&1; then
		part "tstp-$UI" tui_tstp "$UI"
	else
		echo "no bash: SIGTSTP under job control not tested"
	fi
done
finish
