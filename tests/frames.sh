#!/bin/sh
# A frame goes to the terminal in one write, in each back end: a terminal
# (or tmux) that draws between two writes of one frame shows half of it,
# a table row from this sample beside the caption of the one before
# (story-table once saw "the ring stays full" beside a writer DONE).
# ncurses 6.4 flushed at every cursor move until the screen had been
# through endwin() once: five to ten writes a frame. strace counts the
# writes to the terminal between two waits of the main loop (its poll of
# three descriptors or more; ncurses' look for typeahead polls one).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"

if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is needed to count ipcscope's writes"
	exit 77
fi
if ! strace -qq -o /dev/null true 2>/dev/null; then
	echo "SKIP: strace cannot trace here (ptrace not allowed?)"
	exit 77
fi

for UI in $(tmux_uis); do
	log="$TEST_TMP/strace.$UI"
	launch 80 24 "strace -qq -o $log -e trace=write,poll -e signal=none -s 0" \
	    shm-ring
	# Past the ring's filling and the reader's start: frames whose
	# caption and table change.
	wait_for 30 screen_has "The reader has started" ||
		fail "$UI: the caption never came: $(screen)"
	sleep 1
	t send-keys -t ipc q
	wait_for 20 screen_has "EXITED:" || fail "$UI: q did not end it: $(screen)"
	# Frames of under 2 KiB (the first, the whole screen, may be more
	# than ncurses' buffer) in more than one write.
	res=$(awk '
	/^poll\(\[.*\], [3-9],/ {
		if (w > 0) { n++; if (w > 1 && b < 2048) many++ }
		w = 0; b = 0; next
	}
	/^write\(1,/ { w++; b += $NF }
	END { printf "%d %d\n", n, many }' "$log")
	n=${res% *} split=${res#* }
	case "$n $split" in
	*[!0-9\ ]*|" "*|*" ") die "$UI: awk said '$res'" ;;
	esac
	if [ "$n" -lt 10 ]; then
		fail "$UI: only $n frames seen in $(wc -l <"$log") lines of strace"
	elif [ "$split" -gt 0 ]; then
		fail "$UI: $split of $n frames went out in more than one write"
	else
		pass "$UI: each of $n frames went to the terminal in one write"
	fi
done
finish
