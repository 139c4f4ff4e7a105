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

cleanup_lib() {
	[ -n "${TEST_TMUX_SOCK:-}" ] && "${TMUX_BIN:-tmux}" -L "$TEST_TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$TEST_TMP"
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
	exit "$TEST_FAILED"
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

python() {
	"${PYTHON3:-python3}" "$@"
}
