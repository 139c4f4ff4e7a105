#!/bin/sh
# A caption never says what the table beside it contradicts, in a real
# terminal at 80x24, on the script (no key pressed): each scenario's
# caption is watched, sample after sample, against the row it speaks of
# until the run is over; and no caption is cut ("…" at its box's end).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tmux.sh"
UI=ncurses

# The caption box's text as one line (the view wraps it).
caption() {
	printf '%s\n' "$1" | sed -n '/╭─/,/╰─/p' | sed -e '1d' -e '$d' \
	    -e 's/^ *│ //' -e 's/ *│ *$//' | tr '\n' ' '
}

# story NAME SAYS ROW MUST [CLAIM]: the caption of NAME comes to say
# SAYS; while it says CLAIM (default SAYS), the row matching ROW (an
# extended regular expression) must match MUST (a leading !: must not).
# Watched until FINISHED or until the run's clock passes 11 s.
story() {
	_name=$1 _says=$2 _row=$3 _must=$4 _claim=${5:-$2} _seen=0 _i=0
	_hist=$TEST_TMP/captions.$_name _last=
	: >"$_hist"
	launch 80 24 "" "$_name"
	while [ "$_i" -lt 300 ]; do
		_s=$(screen)
		_c=$(caption "$_s")
		# What was said when, and the row beside it: shown if the
		# caption never comes (a failure says what it saw instead).
		if [ "$_c" != "$_last" ]; then
			_last=$_c
			printf '%s | %s | %s\n' \
			    "$(printf '%s\n' "$_s" | sed -n '1s/.* t \([0-9.]*s\).*/\1/p')" \
			    "$(printf '%s' "$_c" | cut -c1-90)" \
			    "$(printf '%s\n' "$_s" | grep -E -- "$_row" | tr -s ' ' | cut -c1-70)" \
			    >>"$_hist"
		fi
		case $_c in
		*"…"*) fail "$_name: a caption cut at 80x24: $_s"; break ;;
		esac
		printf '%s' "$_c" | grep -qF -- "$_says" && _seen=1
		if printf '%s' "$_c" | grep -qF -- "$_claim"; then
			_r=$(printf '%s\n' "$_s" | grep -E -- "$_row")
			case $_must in
			!*) printf '%s' "$_r" | grep -q -- "${_must#!}" && {
				fail "$_name: '$_claim' while $_r"; break; } ;;
			*) printf '%s' "$_r" | grep -q -- "$_must" || {
				fail "$_name: '$_claim' while $_r"; break; } ;;
			esac
		fi
		printf '%s\n' "$_s" | grep -q FINISHED && break
		printf '%s\n' "$_s" | sed -n '1s/.* t \([0-9]*\)\..*/\1/p' |
		    grep -qx '1[1-9]' && break
		_i=$((_i + 1))
		sleep 0.1
	done
	[ "$_seen" -eq 1 ] || fail "$_name: the caption never said '$_says': $(screen)
captions seen (time | caption | row):
$(cat "$_hist")"
	pass "$_name: '$_claim' only while the table agrees"
}
story_q() { story "$@"; t send-keys -t ipc q; }

gzip_raw() { story_q exec-gzip "sets the pace" '^ raw ' '100%' \
    "'raw' is full too"; }
feeder_join() { story_q mpqueue-feeder "The feeder wakes" '^ [ ▶] producer ' \
    'BLOCKED' "still waits in join"; }
# pipe-tour's end: the writer killed by SIGPIPE, the reader idle with its
# end closed. Nobody holds the pipe: it is closed, not "?".
tour_resize() {
	story pipe-tour "1048576 bytes (F_GETPIPE_SZ)" \
	    '^ [ ▶] writer ' '!BLOCKED' "no longer blocked"
	wait_for 5 screen_has "FAILED SIGPIPE" || fail "no SIGPIPE: $(screen)"
	sleep 0.5
	_p=$(screen | grep -E '^ pipe ')
	case $_p in
	*"?"*|*closed*) ;;
	*) fail "pipe-tour: the pipe's line at the end: $(screen)" ;;
	esac
	case $_p in
	*"?"*) fail "pipe-tour: a ? on the pipe's line once nobody holds it: $_p" ;;
	*) pass "pipe-tour: the pipe is closed once nobody holds it" ;;
	esac
	t send-keys -t ipc q
}

mq_send() { story_q posix-mq "The reader has started" '^ [ ▶] writer ' \
    '!DONE' "waiting in mq_send()"; }

ring_full() { story_q shm-ring "The reader has started" '^ [ ▶] writer ' \
    '!DONE' "the ring stays full"; }

tcp_send() { story_q tcp-loopback "The receiver has started" \
    '^ [ ▶] sender ' '!DONE' "blocked in send(), goes on"; }
unix_write() { story_q unix-socket "The receiver has started" \
    '^ [ ▶] sender ' '!DONE' "blocked in write(), sends again"; }

sort_read() { story_q exec-sort "it cannot write its first line" \
    '^ [ ▶] consumer ' 'BLOCKED read sorted' "waits in read() on the empty"; }

part gzip-raw gzip_raw
part sort-read sort_read
part tcp-send tcp_send
part unix-write unix_write
part ring-full ring_full
part mq-send mq_send
part feeder-join feeder_join
part tour-resize tour_resize
finish
