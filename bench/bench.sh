#!/bin/sh
# make bench: throughput through ipcscope against the same transfer by a
# plain uninstrumented program, measured in one run as ratios over
# interleaved rounds, both sides pinned the same way (all on one core, and
# one process per core: bench/rounds.py says how), callgrind's count of
# the instructions each side adds to a message (bench/instr.py;
# BENCH_INSTR=0 skips it), the observer's own cost per frame and per
# process with 64 and 256 processes (bench/observer.py), and following a
# program of 100 and 500 processes (bench/follow.py; BENCH_FOLLOW=0 skips
# it, BENCH_FOLLOW_N gives other sizes).
# Not part of make check; tests/bench.sh runs a quick one (BENCH_SCALE,
# BENCH_RUN_S, BENCH_ROUNDS, BENCH_OBSERVER_S, BENCH_OBSERVER_RUNS) for
# its form.
set -eu
: "${IPCSCOPE:?}" "${PLAIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
PYTHON3=${PYTHON3:-python3}
ROUNDS=${BENCH_ROUNDS:-15}
OBSERVER_S=${BENCH_OBSERVER_S:-10}
export BENCH_ROUNDS="$ROUNDS"

# KIND PLAINKIND CHUNK FIRST TARGET [CAPACITY]: FIRST bytes in the first
# run, which sizes the others (bench/rounds.py); CAPACITY (bytes) goes to
# both sides, for kinds whose default would not fit the chunk well (a
# 64 KiB ring holds one 64 KiB slot).
xfer() {
	"$PYTHON3" "$here/rounds.py" "$@"
}

cat <<EOF
throughput in GB/s (10^9 B/s): medians of $ROUNDS interleaved rounds; ratio =
ipcscope / plain in each round: median, [interquartile range], (range);
each run about ${BENCH_RUN_S:-0.3} s.
1 core: both programs, every process, on one CPU; per core: writer and
reader each on its own CPU. by wall: bytes over first fork to reader exit;
by cpu: bytes over the CPU time used (observer included), less each
program's fixed start and end: what wall would be with the core to itself.
EOF
"$PYTHON3" "$here/rounds.py" --header
xfer pipe pipe 4096 268435456 0.98
xfer pipe pipe 65536 1073741824 0.99
xfer unix-stream unix 65536 1073741824 0.99
# The ring with the same structure on both sides (plain-xfer copies it).
xfer shm-ring shm 4096 536870912 0.98
xfer shm-ring shm 65536 2147483648 0.99 1048576
# POSIX queues within the unprivileged limits: mq_maxmsg 10 (the default
# here), mq_msgsize <= 8192 (msgsize_max).
xfer posix-mq mq 1024 67108864 0.97
xfer posix-mq mq 8192 536870912 0.99

# The same overhead without the noise: instructions per message.
if [ "${BENCH_INSTR:-1}" != 0 ]; then
	echo
	"$PYTHON3" "$here/instr.py"
fi

echo
cat <<EOF
observer cost: the CPU ipcscope's own process uses (reading the kernel,
the model, the writer) per frame (20 Hz) and per process per frame, for
64 and 256 processes: ${BENCH_OBSERVER_RUNS:-3} runs of $OBSERVER_S s each,
interleaved, load average (1 min) at each start; the target is met when
the median is (bench/observer.py).
EOF
BENCH_OBSERVER_S="$OBSERVER_S" "$PYTHON3" "$here/observer.py" \
    "$here/observer-64.ini" "$here/observer-256.ini"

if [ "${BENCH_FOLLOW:-1}" != 0 ]; then
	echo
	cat <<EOF
following a program (ipcscope -- CMD): a Python tree of N processes that
all hold every pipe end (fork's shape), ${BENCH_FOLLOW_S:-15} s each; the
screen's pace is 20 Hz; CPU of ipcscope's own process over the run and
steady, after the last process was found and its descriptors read; the
target is 100 processes within 3 % of one core (bench/follow.py).
EOF
	# shellcheck disable=SC2086
	"$PYTHON3" "$here/follow.py" ${BENCH_FOLLOW_N:-100 500}
fi
