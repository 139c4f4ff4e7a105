#!/bin/sh
# fuzz/run.sh SRCDIR TARGET...: run each libFuzzer target for FUZZ_SECONDS
# seconds (default 60), one after the other, from the build directory.
#
# Seeds: the shipped scenarios and tests/data/*.ini for fuzz-scenario, the
# shipped themes and tests/data/*.theme for fuzz-theme, and for both the
# inputs in fuzz/regress/NAME/ (what earlier runs found: each must pass
# again before new inputs are tried). What a run learns is kept in
# fuzz/corpus-NAME in the build directory, so the next run goes on from
# there. A broken contract or a crash leaves fuzz/crash-NAME-* (copy it
# into fuzz/regress/NAME/ once fixed) and makes the exit status 1.
set -u

srcdir=$1
shift
secs=${FUZZ_SECONDS:-60}
rc=0

for t in "$@"; do
	name=${t##*fuzz-}
	case $name in
	scenario)
		seeds="$srcdir/scenarios/*.ini $srcdir/tests/data/*.ini"
		;;
	theme)
		seeds="$srcdir/assets/themes/*.theme $srcdir/tests/data/*.theme"
		;;
	replay)
		seeds="$srcdir/tests/data/*.jsonl"
		;;
	*)
		echo "fuzz/run.sh: unknown target $t" >&2
		exit 2
		;;
	esac
	corpus=fuzz/corpus-$name
	seeddir=fuzz/seeds-$name
	rm -rf "$seeddir"
	mkdir -p "$corpus" "$seeddir"
	# shellcheck disable=SC2086 # the globs are meant to expand
	cp $seeds "$seeddir"/
	if [ -d "$srcdir/fuzz/regress/$name" ]; then
		cp "$srcdir/fuzz/regress/$name"/* "$seeddir"/ 2>/dev/null
	fi
	echo "== fuzz-$name for $secs s ($(ls "$seeddir" | wc -l) seeds," \
	    "$(ls "$corpus" | wc -l) inputs from earlier runs)"
	if ! "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=8192 -dict="$srcdir/fuzz/$name.dict" \
	    -artifact_prefix="fuzz/crash-$name-" -print_final_stats=1 \
	    "$corpus" "$seeddir" >"fuzz/fuzz-$name.log" 2>&1; then
		tail -n 40 "fuzz/fuzz-$name.log"
		echo "FAIL: fuzz-$name: the input is in $(ls fuzz/crash-"$name"-* 2>/dev/null | tr '\n' ' ')"
		rc=1
		continue
	fi
	grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' \
	    "fuzz/fuzz-$name.log"
	echo "PASS: fuzz-$name"
done
exit $rc
