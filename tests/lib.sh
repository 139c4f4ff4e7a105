# tests/lib.sh: shared by the shell tests. Sourced with "$TESTLIB".
# Exit codes follow automake's harness: 0 pass, 1 fail, 77 skip, 99 error.

set -u

: "${IPCSCOPE:?IPCSCOPE must name the binary (run through make check)}"
: "${IPCSCOPE_PATH:?}"
: "${TESTDATA:?}"

# Every test gets its own TMPDIR, so that what a run leaves behind is
# visible and no two tests see each other's objects.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipcscope-test.XXXXXX")
export TMPDIR="$TEST_TMP"
TEST_FAILED=0

TEST_ROOT=$TEST_TMP
TEST_PART=main
TEST_PARTS=

cleanup_lib() {
	[ -n "${TEST_TMUX_SOCK:-}" ] && "${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$TEST_ROOT"
}
trap cleanup_lib EXIT

fail() {
	echo "FAIL: $*"
	TEST_FAILED=1
}

die() {
	echo "FAIL: $*"
	exit 1
}

pass() {
	echo "ok: $*"
}

finish() {
	[ -z "$TEST_PARTS" ] || parts_wait
	exit "$TEST_FAILED"
}

# System call numbers by name, from tests/sysno (built by make check): a
# test names the call it expects (SYS_futex, SYS_write), never a number of
# one machine. Exported for the Python checks: os.environ["SYS_futex"].
SYSNO=${SYSNO:-${IPCSCOPE%/*}/tests/sysno}
_sysnos=$("$SYSNO" read write futex sendto recvfrom rt_sigtimedwait \
    mq_timedreceive) || { echo "ERROR: $SYSNO: no system call numbers"; exit 99; }
eval "$_sysnos"
export SYS_read SYS_write SYS_futex SYS_sendto SYS_recvfrom \
    SYS_rt_sigtimedwait SYS_mq_timedreceive

# Parts of a test that need nothing from each other run side by side: the
# runs they watch mostly sleep, and one after another they took minutes.
# part NAME COMMAND...: runs COMMAND (a shell function) in the background,
# in a directory of its own: TEST_TMP and TMPDIR point there, so that what
# its runs leave behind is its own to check. fail and die work as usual
# inside it. parts_wait (and finish) waits for every part and shows each
# one's output, in the order they were started; a failed part fails the
# test.
part() {
	_pname=$1
	shift
	mkdir "$TEST_ROOT/$_pname" || die "part $_pname: mkdir"
	(
		TEST_TMP=$TEST_ROOT/$_pname
		TMPDIR=$TEST_TMP
		export TMPDIR
		TEST_PART=$_pname
		TEST_PARTS=
		TEST_FAILED=0
		TEST_TMUX_SOCK=
		trap cleanup_part EXIT
		"$@"
		exit "$TEST_FAILED"
	) >"$TEST_ROOT/$_pname.log" 2>&1 </dev/null &
	TEST_PARTS="$TEST_PARTS $_pname:$!"
}

cleanup_part() {
	[ -n "${TEST_TMUX_SOCK:-}" ] && "${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" kill-server 2>/dev/null
	return 0
}

parts_wait() {
	for _p in $TEST_PARTS; do
		_pname=${_p%%:*}
		wait "${_p#*:}"
		_rc=$?
		echo "--- part $_pname"
		cat "$TEST_ROOT/$_pname.log"
		[ "$_rc" -eq 0 ] || fail "part $_pname exited $_rc"
	done
	TEST_PARTS=
}

# wait_for SECONDS COMMAND...: retry the command every 0.1 s.
wait_for() {
	_limit=$(( $1 * 10 ))
	shift
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# stop_run PID: end a headless run early with SIGINT, as ^C would, once a
# test has seen what it waited for. It exits as an interrupted run does:
# 130, as the shell's convention says.
stop_run() {
	kill -INT "$1"
	wait "$1"
	_rc=$?
	[ "$_rc" -eq 130 ] || fail "a run stopped with SIGINT exited $_rc, want 130"
}

# Child pids of a process, one per line.
children_of() {
	pgrep -P "$1" 2>/dev/null || true
}

# True if no pid in the list is alive (zombies count as gone).
all_gone() {
	for _p in $1; do
		if [ -e "/proc/$_p" ] && ! grep -q '^State:.*Z' "/proc/$_p/status" 2>/dev/null; then
			return 1
		fi
	done
	return 0
}

# System V queue ids a run recorded in its private directory.
run_msq_ids() {
	cat "$TEST_TMP"/ipcscope.*/objects 2>/dev/null | awk '$1 == "msq" { print $2 }'
}

# ipcs -i exits 0 even for an id that does not exist: read the table.
msq_exists() {
	ipcs -q | awk -v id="$1" '$2 == id { found = 1 } END { exit !found }'
}

# $SIGDFL COMMAND...: run COMMAND with the terminating signals at their
# default action. A test that sends a signal must not depend on how it was
# started: under nohup (or a CI runner that ignores SIGHUP), a background
# job inherits SIGHUP ignored, and ipcscope keeps an ignored SIGHUP ignored
# on purpose. A program, not a shell function: "$SIGDFL cmd &" makes $! the
# command's own pid (it execs), where a function would run in a subshell.
SIGDFL=${SIGDFL:-${IPCSCOPE%/*}/tests/sigdfl}

python() {
	"${PYTHON3:-python3}" "$@"
}
