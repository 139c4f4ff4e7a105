#!/bin/sh
# A rate-paced worker keeps its rate when the machine lets it run late (it
# catches up what a short delay cost), and is a ceiling after a longer
# pause (it paces again from then, no burst). The delays are made here
# with SIGSTOP and SIGCONT, as a busy scheduler would make them.
. "$TESTLIB"

pace="$TEST_TMP/pace.ini"
cat >"$pace" <<'INI'
[scenario]
title = 5000 messages at 1000 a second
duration = 10s
[channel p]
type = pipe
[process w]
role = producer
to = p
size = 1K
count = 5000
rate = 1000/s
[process r]
role = consumer
from = p
INI

# run NAME STOPS: play pace.ini into NAME.jsonl; while it runs, stop the
# producer for each of the STOPS (seconds), a moment apart; then leave in
# $end when the producer ended, in the run's time.
run() {
	"$IPCSCOPE" --headless --interval 100 "$pace" \
	    >"$TEST_TMP/$1.jsonl" &
	_pid=$!
	wait_for 5 grep -q '"type":"sample"' "$TEST_TMP/$1.jsonl" ||
		die "$1: the run did not start"
	_w=
	for _c in $(children_of "$_pid"); do
		[ "$(cat "/proc/$_c/comm" 2>/dev/null)" = w ] && _w=$_c
	done
	[ -n "$_w" ] || die "$1: no producer"
	# A busy machine may make a stop longer than asked: $long_stops is
	# the time of those that lasted 240 ms or more, which count as pauses
	# (a worker up to 250 ms late catches up: src/run/worker.c).
	long_stops=$(python - "$_w" "$2" <<'PY'
import os, signal, sys, time
pid = int(sys.argv[1])
long = 0.0
stops = [float(s) for s in sys.argv[2].split(",")]
for i, stop in enumerate(stops):
    t0 = time.monotonic()
    try:
        os.kill(pid, signal.SIGSTOP)
    except ProcessLookupError:
        sys.exit("the producer ended after %d of %d stops" % (i, len(stops)))
    time.sleep(stop)
    os.kill(pid, signal.SIGCONT)
    took = time.monotonic() - t0
    if took >= 0.24:
        long += took
    time.sleep(0.05)
print("%.3f" % long)
PY
) || fail "$1: could not stop and continue the producer"
	wait "$_pid" || fail "$1: exit $?"
	end=$(python - "$TEST_TMP/$1.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["type"] == "event" and o["proc"] == "w" and o["what"] == "exit":
        print(o["t"])
        break
else:
    print("never")
PY
)
}

# Twenty stops of 40 ms (0.8 s in all) in 5 s of sending (room for a slow
# start on a busy machine): caught up, the producer ends near 5 s, not
# 0.8 s later.
short() {
	run short "$(python -c 'print(",".join(["0.04"] * 20))')"
	echo "20 short stops: the producer ended at ${end}s ($long_stops s of stops took 240 ms or more)"
	if awk -v t="$end" -v l="$long_stops" 'BEGIN { exit !(t != "never" && t < 5.4 + l) }'; then
		pass "a worker kept from running for a moment catches up its rate"
	else
		fail "short stops: the producer ended at ${end}s, not near 5 s: it lost the time"
	fi
}

# One stop of a second: no burst afterwards, the second is lost.
long() {
	run long 1
	echo "one stop of 1 s: the producer ended at ${end}s"
	if awk -v t="$end" 'BEGIN { exit !(t != "never" && t >= 5.8) }'; then
		pass "after a long pause the rate is a ceiling again"
	else
		fail "a long stop: the producer ended at ${end}s: it caught up in a burst"
	fi
}

part short short
part long long
finish
