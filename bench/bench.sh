#!/bin/sh
# make bench: throughput through ipcscope against the same transfer by a
# plain uninstrumented program, measured in one run (ratios, not absolute
# figures, are what compare on a shared, noisy machine), and the observer's
# cost per frame with 64 processes. Not part of make check.
set -eu
: "${IPCSCOPE:?}" "${PLAIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROUNDS=${BENCH_ROUNDS:-7}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# ipcscope's figure: bytes / (the consumer's exit time - 0), from the run's
# own JSON Lines; t = 0 is the first fork, as in plain-xfer.
ipcscope_bps() {
	"$IPCSCOPE" --headless --interval 60000 "$1" >"$tmp/out.jsonl"
	python3 - "$tmp/out.jsonl" "$2" <<'PY'
import json, sys
total = int(sys.argv[2])
t = None
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "event" and r["what"] == "exit" and r["proc"] == "reader":
        t = r["t"]
        assert r["detail"] == "exit 0", r
if t is None or t <= 0:
    sys.exit("no reader exit in the run")
print("%.0f" % (total / t))
PY
}

# bench_xfer KIND PLAINKIND CHUNK TOTAL TARGET [CAPACITY]: CAPACITY (bytes)
# goes to both sides, for kinds whose default would not fit the chunk
# well (a 64 KiB ring holds one 64 KiB slot).
bench_xfer() {
	kind=$1 plainkind=$2 chunk=$3 total=$4 target=$5 cap=${6:-}
	sed -e "s/@KIND@/$kind/" -e "s/@CHUNK@/$chunk/" -e "s/@TOTAL@/$total/" \
	    "$here/bench-xfer.ini.in" >"$tmp/x.ini"
	if [ -n "$cap" ]; then
		sed -i "/^type = /a capacity = $cap" "$tmp/x.ini"
	fi
	# A queue has no end of data: its reader stops at the total (the
	# template's last section is the reader).
	case $kind in
	posix-mq|sysv-msgq) echo "total = $total" >>"$tmp/x.ini" ;;
	esac
	# One warm-up round of each, not counted: page cache, CPU frequency.
	"$PLAIN" "$plainkind" "$total" "$chunk" $cap >/dev/null
	ipcscope_bps "$tmp/x.ini" "$total" >/dev/null
	: >"$tmp/a"
	: >"$tmp/b"
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		# Interleaved, so that both see the same machine.
		"$PLAIN" "$plainkind" "$total" "$chunk" $cap >>"$tmp/a"
		ipcscope_bps "$tmp/x.ini" "$total" >>"$tmp/b"
		i=$((i + 1))
	done
	a=$(median <"$tmp/a")
	b=$(median <"$tmp/b")
	awk -v k="$kind" -v c="$chunk" -v a="$a" -v b="$b" -v t="$target" 'BEGIN {
		r = b / a
		printf "%-12s %6d B writes   plain %6.2f GB/s   ipcscope %6.2f GB/s   ratio %.3f   (target >= %.2f: %s)\n",
		    k, c, a / 1e9, b / 1e9, r, t, (r >= t ? "met" : "NOT met")
	}'
}

echo "throughput, median of $ROUNDS interleaved rounds each (GB/s = 10^9 B/s)"
bench_xfer pipe pipe 4096 1073741824 0.97
bench_xfer pipe pipe 65536 4294967296 0.99
bench_xfer unix-stream unix 65536 4294967296 0.99
# The ring with the same structure on both sides (plain-xfer copies it).
bench_xfer shm-ring shm 4096 4294967296 0.97
bench_xfer shm-ring shm 65536 17179869184 0.99 1048576
# POSIX queues within the unprivileged limits: mq_maxmsg 10 (the default
# here), mq_msgsize <= 8192 (msgsize_max).
bench_xfer posix-mq mq 1024 268435456 0.97
bench_xfer posix-mq mq 8192 2147483648 0.99

echo
echo "observer cost: 64 processes on 8 channels, 20 Hz, 10 s"
IPCSCOPE_BENCH=1 "$IPCSCOPE" --headless --duration 10 --interval 1000 \
    "$here/observer-64.ini" 2>"$tmp/obs" >/dev/null
cat "$tmp/obs"
