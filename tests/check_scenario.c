/*
 * check_scenario.c: unit tests for scenario.c.
 *
 * Every message the parser can produce is pinned here with its file and
 * line, so a change of wording is a deliberate change of this table. The
 * kernel limits are pinned to the usual defaults (channel_set_limits) so the
 * numbers in the messages do not depend on the machine; one test checks the
 * live /proc/sys value separately.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/ini-read.h"
#include "scenario/scenario.h"
#include "base/util.h"

#define MAX_MSGS	48

static const struct chan_limits default_limits = {
	1048576,	/* pipe-max-size */
	10,		/* mqueue msg_max */
	8192,		/* mqueue msgsize_max */
	16384,		/* msgmnb */
	8192,		/* msgmax */
	212992		/* wmem_max */
};

static const char *testdata;
static char tmpdir[] = "/tmp/check_scenario.XXXXXX";

/* Expected "LINE: message" for each bad file, in the order reported. */
static const struct {
	const char	*file;
	const char	*msgs[MAX_MSGS];
} bad_files[] = {
	{ "bad-channel.ini", {
	    "5: unknown channel type 'pipes'; valid types: pipe, fifo, "
	    "unix-stream, posix-mq, sysv-msgq, unix-dgram, unix-seqpacket, "
	    "tcp, udp, shm-ring, file, semaphore, signal, eventfd, mpqueue",
	    "8: missing 'type' in [channel notype]; valid types: pipe, "
	    "fifo, unix-stream, posix-mq, sysv-msgq, unix-dgram, "
	    "unix-seqpacket, tcp, udp, shm-ring, file, semaphore, signal, "
	    "eventfd, mpqueue",
	    "13: 'msgsize' applies only to posix-mq channels; for a pipe "
	    "the writers' 'size' sets it",
	    "14: capacity: bad size 'lots': expected a number with an "
	    "optional K, M or G suffix (4K, 1M)",
	    "18: capacity: bad count '4K': expected a whole number (100)",
	    "19: msgsize: bad size 'big': expected a number with an "
	    "optional K, M or G suffix (4K, 1M)",
	    "20: unknown key 'colour' in [channel mq]; valid keys: type, "
	    "capacity, msgsize, signal, semaphore, maxsize, joinable",
	    "22: channel 'spare' is not used: no process has 'to = "
	    "spare' or 'from = spare'; use it or remove it",
	    "31: process 'r' reads from 'mq' but no process writes to "
	    "it; nothing feeds it",
	    NULL } },
	{ "bad-cue.ini", {
	    "13: missing 'at' in [cue]; give a time such as 'at = 2s'",
	    "16: missing 'say' in [cue]; give the caption text, or an "
	    "action (pause, resume, kill, rate, resize, close, start)",
	    "20: cue at 6s comes after the end of the scenario (duration "
	    "5s)",
	    "21: empty 'say' in [cue]; give the caption text",
	    "24: at: bad time '2': add a unit: 2s or 2ms",
	    "25: placeholder '{pipe}' needs a field: {NAME.FIELD}",
	    "25: unknown format ':x' in '{pipe.fill:x}'; the only format "
	    "is ':h' (human units)",
	    "25: unknown field 'fil' for channel 'pipe' in '{pipe.fil}'; "
	    "channel fields: fill, capacity, bytes, messages, in_bps, "
	    "out_bps, in_rate, out_rate, dropped, waiters, merged",
	    "25: unknown name 'nobody' in '{nobody.fill}'; processes: "
	    "worker (worker-1 to worker-2); channels: pipe",
	    "25: 'worker' has 2 replicas in '{worker.state}'; name one: "
	    "worker-1 to worker-2",
	    "25: unknown field 'stat' for process 'worker-1' in "
	    "'{worker-1.stat}'; process fields: state, op, channel, pid, "
	    "bytes_out, bytes_in, msgs_out, msgs_in, lost, dup, ooo, "
	    "blocked_s, exit, error, eagain, dropped, markers_out",
	    "29: 'when = now' is not a condition; write a condition as in "
	    "[expect]: 'when = KEY = VALUE' or 'when = KEY CMP VALUE', e.g. "
	    "'when = writer = blocked write pipe' or 'when = reader.msgs_in "
	    ">= 100'",
	    "30: '{' without a closing '}'; placeholders look like "
	    "{NAME.FIELD}",
	    NULL } },
	{ "bad-when.ini", {
	    "20: 'when = writer blocked' is not a condition; write a "
	    "condition as in [expect]: 'when = KEY = VALUE' or 'when = KEY "
	    "CMP VALUE', e.g. 'when = writer = blocked write pipe' or 'when "
	    "= reader.msgs_in >= 100'",
	    "21: 'reader.msgs_in' has no value; expected a number or a "
	    "reference {NAME.FIELD}",
	    "22: 'when = = 3' is not a condition; write a condition as in "
	    "[expect]: 'when = KEY = VALUE' or 'when = KEY CMP VALUE', e.g. "
	    "'when = writer = blocked write pipe' or 'when = reader.msgs_in "
	    ">= 100'",
	    "23: unknown name 'nobody' in 'when'; processes: writer, reader; "
	    "channels: pipe",
	    "24: unknown field 'fil' for channel 'pipe'; channel fields: "
	    "fill, capacity, bytes, messages, in_bps, out_bps, in_rate, "
	    "out_rate, dropped, waiters, merged",
	    "25: pipe.fill: bad size 'lots': expected a number with an "
	    "optional K, M or G suffix (4K, 1M), or a reference {NAME.FIELD}",
	    "26: unknown state 'sleeping'; states: starting, running, "
	    "blocked, waiting, paused, done, failed",
	    "27: 'writer.op' compares a word: use == or !=, not >",
	    "28: 'stall' takes yes or no: was a stall reported by then",
	    "29: channel 'pipe' needs a field: pipe.FIELD where FIELD is one "
	    "of fill, capacity, bytes, messages, in_bps, out_bps, in_rate, "
	    "out_rate, dropped, waiters, merged",
	    "30: a reference must be the whole value: {NAME.FIELD}",
	    "31: ' ;' in a caption starts a comment that cuts the caption "
	    "there; write ';' right after a word ('full; the writer'), and "
	    "put a comment on a line of its own",
	    "37: ' ;' in a caption starts a comment that cuts the caption "
	    "there; write ';' right after a word ('full; the writer'), and "
	    "put a comment on a line of its own",
	    NULL } },
	{ "bad-actions.ini", {
	    "23: 'late' waits for a cue (start = cue), but no [cue] starts "
	    "it; add 'start = late' to a [cue]",
	    "31: unknown name 'nobody'; processes: writer, reader, late, "
	    "feeder, pool (pool-1 to pool-2); channels: pipe, queue",
	    "32: rate: bad rate 'fast': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)",
	    "33: resize works on pipe and fifo channels (F_SETPIPE_SZ); "
	    "'queue' is a posix-mq",
	    "34: resize to 1K: a pipe holds from 4K (one page) up to "
	    "1048576 bytes (/proc/sys/fs/pipe-max-size)",
	    "35: close works on pipe, fifo, unix-stream, unix-dgram, "
	    "unix-seqpacket, tcp, udp and eventfd channels, whose ends are "
	    "descriptors only their holder can close; 'queue' is a posix-mq",
	    "36: 'feeder' holds no end of channel 'pipe'; only its readers "
	    "and writers can close one",
	    "37: 'writer' starts on its own; give it 'start = cue' in "
	    "[process writer] to have a cue start it",
	    "38: 'pipe' is a channel; 'kill' takes process names",
	    "39: 'resize' needs 'resize = CHANNEL SIZE', e.g. 'resize = pipe "
	    "256K'",
	    "51: 'pool' waits for a cue (start = cue), but no [cue] starts "
	    "pool-2; name them in a 'start' action, or start them all with "
	    "'start = pool'",
	    NULL } },
	{ "bad-duration-long.ini", {
	    "3: duration 3601s is above the limit of 1h (3600s)",
	    NULL } },
	{ "bad-empty.ini", {
	    "1: missing [scenario] section; start the file with "
	    "[scenario] and 'title = ...'",
	    "1: no processes; add a [process NAME] section with a role",
	    NULL } },
	{ "bad-expect.ini", {
	    "24: missing 'at' in [expect]; give a time such as 'at = "
	    "2s', or 'at = end'",
	    "28: expect at 6s comes after the end of the scenario "
	    "(duration 5s); use 'at = end' for the end",
	    "29: unknown name 'wrtier' in [expect]; processes: writer, "
	    "reader, worker (worker-1 to worker-2); channels: pipe, other",
	    "30: channel 'pipe' needs a field: pipe.FIELD where FIELD is "
	    "one of fill, capacity, bytes, messages, in_bps, out_bps, "
	    "in_rate, out_rate, dropped, waiters, merged",
	    "31: unknown field 'fil' for channel 'pipe'; channel fields: "
	    "fill, capacity, bytes, messages, in_bps, out_bps, in_rate, "
	    "out_rate, dropped, waiters, merged",
	    "32: unknown field 'bogus' for process 'writer'; process "
	    "fields: state, op, channel, pid, bytes_out, bytes_in, "
	    "msgs_out, msgs_in, lost, dup, ooo, blocked_s, exit, error, "
	    "eagain, dropped, markers_out",
	    "33: unknown state 'sleeping'; states: starting, running, "
	    "blocked, waiting, paused, done, failed",
	    "34: unknown operation 'wrte'; operations: write, read, "
	    "send, recv, release, acquire, put, get, open, start, rate, "
	    "think, tail, poll, hold, join, cue, closed, none",
	    "34: channel 'nochan' does not exist; channels: pipe, other",
	    "35: too many words in 'blocked write pipe extra'; expected "
	    "STATE [OP [CHANNEL]], e.g. blocked write pipe",
	    "37: process 'worker' does not use channel 'pipe'",
	    "38: unknown signal 'SIGFOO'; expected 0 to 255, none, or a "
	    "signal name such as SIGPIPE, SIGKILL, SIGTERM",
	    "39: write signal 'pipe' as 'SIGPIPE'",
	    "40: bad exit '300': expected 0 to 255 or a signal name such "
	    "as SIGPIPE",
	    "41: unknown error 'EFOO'; expected an errno name such as "
	    "EPIPE, EAGAIN, EINTR",
	    "42: unknown operation 'jump'; operations: write, read, "
	    "send, recv, release, acquire, put, get, open, start, rate, "
	    "think, tail, poll, hold, join, cue, closed, none",
	    "43: 'writer.channel' takes one word, not 'blocked write'",
	    "44: the comparison goes after '=': write 'KEY = >= VALUE' "
	    "or 'KEY = > VALUE'",
	    "45: 'reader.msgs_in' has no value; expected a number or a "
	    "reference {NAME.FIELD}",
	    "46: reader.msgs_out: bad size 'lots': expected a number "
	    "with an optional K, M or G suffix (4K, 1M), or a reference "
	    "{NAME.FIELD}",
	    "47: unknown name 'x' in '{x.y}'; processes: writer, reader, "
	    "worker (worker-1 to worker-2); channels: pipe, other",
	    "48: '{writer.state}' is a word, not a number; "
	    "'reader.bytes_out' compares numbers",
	    "49: a reference must be the whole value: {NAME.FIELD}",
	    "50: a reference must be the whole value: {NAME.FIELD}",
	    "51: 'reader.state' compares a word: use == or !=, not <",
	    "52: 'reader.op' takes a word, not a reference",
	    "53: bad value '2s' for reader.blocked_s: expected seconds "
	    "as a number (2, 0.5)",
	    "54: unknown name 'worker-3' in [expect]; processes: writer, "
	    "reader, worker (worker-1 to worker-2); channels: pipe, other",
	    "56: [expect] has nothing to check; add lines such as "
	    "'writer = blocked write pipe' or 'pipe.fill = 64K'",
	    "61: 'writer' has no value; expected STATE [OP [CHANNEL]], "
	    "e.g. blocked write pipe",
	    "62: 'writer.state' has no value; expected a word",
	    "63: process 'worker' does not use channel 'pipe'",
	    NULL } },
	{ "bad-feed.ini", {
	    "15: process 'loop1' reads from 'a' but only relays in a "
	    "loop write to it; no producer feeds it",
	    "20: process 'loop2' reads from 'b' but only relays in a "
	    "loop write to it; no producer feeds it",
	    "25: process 'reader' reads from 'c' but no process writes "
	    "to it; nothing feeds it",
	    NULL } },
	{ "bad-relay-size.ini", {
	    "20: a relay forwards whole messages: its size is that of "
	    "what 'a' carries (1000, from 'src'); leave 'size' out",
	    NULL } },
	{ "bad-limits.ini", {
	    "7: capacity 64G is above the pipe limit 1048576 "
	    "(/proc/sys/fs/pipe-max-size)",
	    "11: capacity 64G is above the pipe limit 1048576 "
	    "(/proc/sys/fs/pipe-max-size)",
	    "15: capacity 64G is above the unix-stream limit 212992 "
	    "(/proc/sys/net/core/wmem_max)",
	    "19: capacity 4K is below the unix-stream minimum 4608 (the "
	    "kernel's smallest socket buffer, 2304 doubled)",
	    "23: capacity 1000000 is above the posix-mq limit 10 "
	    "messages (/proc/sys/fs/mqueue/msg_max)",
	    "24: msgsize 32M is above the posix-mq limit 8192 "
	    "(/proc/sys/fs/mqueue/msgsize_max)",
	    "28: msgsize 8 is below 16: every message starts with a "
	    "16-byte frame header (sequence number and producer id)",
	    "35: capacity 64G is above the sysv-msgq limit 16384 "
	    "(/proc/sys/kernel/msgmnb; raising it needs CAP_SYS_RESOURCE)",
	    "65: process 'm3w' writes messages of 32M, above the "
	    "posix-mq message size limit 8192 "
	    "(/proc/sys/fs/mqueue/msgsize_max)",
	    "70: process 'vw' writes messages of 32M, above the "
	    "sysv-msgq message size limit 8192 (/proc/sys/kernel/msgmax)",
	    NULL } },
	{ "bad-long-line.ini", {
	    "10: line too long (at most 199 bytes); continue a long "
	    "value on the next line, indented",
	    NULL } },
	{ "bad-msg-sizes.ini", {
	    "16: process 'mw' writes messages of 4K but channel 'mq' has "
	    "msgsize 1K; raise msgsize to at least 4K",
	    "18: process 'qw' writes messages of 4K but sysv-msgq 'q' "
	    "holds at most 1000 bytes; no message would fit",
	    "33: processes 'a' and 'b' both write to 'pipe' with "
	    "different sizes (4K and 8K); all writers of a channel must "
	    "use the same size",
	    NULL } },
	{ "bad-names.ini", {
	    "7: name 'pipe' is already used by [channel pipe] at line 4; "
	    "names must be unique across channels and processes",
	    "16: name 'worker-2' is also the name of replica 2 of "
	    "[process worker] at line 11; rename one of them",
	    "20: name 'pipe' is already used by [channel pipe] at line "
	    "4; names must be unique across channels and processes",
	    NULL } },
	{ "bad-no-channels.ini", {
	    "6: channel 'pipe' does not exist; there are no channels: "
	    "declare one with [channel NAME]",
	    NULL } },
	{ "bad-nul.ini", {
	    "2: line contains a NUL byte; scenario files are text",
	    NULL } },
	{ "bad-process.ini", {
	    "10: missing 'role' in [process norole]; valid roles: "
	    "producer, consumer, relay, user (or exec = COMMAND for a "
	    "program)",
	    "14: unknown role 'writer'; valid roles: producer, consumer, "
	    "relay, user (or exec = COMMAND for a program)",
	    "17: a producer needs 'to = CHANNEL'",
	    "19: a producer writes: give 'to', not 'from'",
	    "21: a consumer needs 'from = CHANNEL'",
	    "23: a consumer reads: give 'from', not 'to'",
	    "25: a relay needs 'from = CHANNEL'",
	    "25: a relay needs 'to = CHANNEL'",
	    "31: a relay writes to another channel than it reads; 'from' "
	    "and 'to' are both 'pipe'",
	    "35: channel 'pip' does not exist; channels: pipe, q",
	    "43: channel 'nope' does not exist; channels: pipe, q",
	    NULL } },
	{ "bad-scenario.ini", {
	    "1: missing 'title' in [scenario]; give the scenario a "
	    "one-line title",
	    "2: unknown key 'titel' in [scenario]; valid keys: title, "
	    "about, duration, stall",
	    "4: duration: bad time '10': add a unit: 10s or 10ms",
	    NULL } },
	{ "bad-syntax.ini", {
	    "1: key 'title' is outside any section; start the file with "
	    "[scenario]",
	    "4: expected '[section]' or 'key = value', not 'this line "
	    "has no equals sign'",
	    "5: missing key name before '='; expected 'key = value'",
	    "6: second [scenario] section; the first is at line 2",
	    "7: text after the section header: 'trailing words'; put "
	    "comments after ';'",
	    "10: section header has no closing ']'; valid sections: "
	    "[scenario], [channel NAME], [process NAME], [cue], [expect]",
	    "11: [cue] takes no name; write [cue]",
	    "12: unknown section '[chanel p]'; valid sections: "
	    "[scenario], [channel NAME], [process NAME], [cue], [expect]",
	    "14: [channel] needs a name: [channel NAME]",
	    "15: bad process name '1bad': a name is a letter followed by "
	    "up to 31 letters, digits, '_' or '-'",
	    "18: key 'type' given twice in one section; the first is at "
	    "line 17",
	    "23: bad channel name 'abcdefghijabcdefghijabcdefghijabc': a "
	    "name is a letter followed by up to 31 letters, digits, '_' "
	    "or '-'",
	    NULL } },
	{ "bad-title-empty.ini", {
	    "2: empty 'title'; give the scenario a one-line title",
	    "3: duration must be above 0",
	    NULL } },
	{ "bad-too-many-channels.ini", {
	    "196: too many channels; at most 64",
	    NULL } },
	{ "bad-too-many-procs.ini", {
	    "7: too many processes: 320 after replicas are expanded; at "
	    "most 256",
	    NULL } },
	{ "bad-values.ini", {
	    "11: size 8 is below 16: every message starts with a 16-byte "
	    "frame header (sequence number and producer id)",
	    "13: give 'total' (bytes) or 'count' (messages), not both",
	    "18: size 128M is above 64M, the largest message ipcscope "
	    "sends",
	    "19: total must be above 0; leave it out to move data until "
	    "the scenario ends",
	    "24: size: bad size '4X': expected a number with an optional "
	    "K, M or G suffix (4K, 1M)",
	    "25: count must be above 0; leave it out to move data until "
	    "the scenario ends",
	    "31: count: bad count '1.5': expected a whole number (100)",
	    "32: rate: bad rate 'fast': expected 'max', messages per "
	    "second (100/s) or bytes per second (256K/s, 100B/s)",
	    "33: start 5s is not before the end of the scenario "
	    "(duration 5s)",
	    "34: think: bad time '3': add a unit: 3s or 3ms",
	    "35: replicas 0 is out of range; give 1 to 256",
	    "40: total: size '99999999999999999999' is too large",
	    "41: rate: rate '0/s' is zero; give a rate above 0, or 'max' "
	    "for no limit",
	    "42: start: bad time '250': add a unit: 250s or 250ms; or "
	    "'cue' to wait for a [cue] that starts it",
	    "43: replicas: bad count 'two': expected a whole number (100)",
	    NULL } },
	{ "bad-sem-signal.ini", {
	    "4: a semaphore needs 'capacity = N', its initial count (how "
	    "many may hold it at once)",
	    "9: capacity 0 is out of range for a semaphore; give 1 to "
	    "2147483647",
	    "13: unknown signal 'SIGINT'; valid: SIGUSR1, SIGUSR2 "
	    "(standard: one pending at a time), SIGRTMIN, SIGRTMIN+N up to "
	    "SIGRTMIN+30 (real-time: queued)",
	    "14: a signal channel has no capacity to set: a standard "
	    "signal is one pending bit, real-time ones queue up to "
	    "RLIMIT_SIGPENDING; leave 'capacity' out",
	    "18: 'signal' applies only to signal channels",
	    "20: a user needs 'uses = CHANNEL' (a semaphore channel)",
	    "25: 'pipe' is a pipe channel; a user uses a semaphore "
	    "(producers and consumers use the other kinds with 'to' and "
	    "'from')",
	    "26: a user neither reads nor writes: give 'uses = "
	    "SEMAPHORE', not 'from' or 'to'",
	    "28: no end markers on a signal channel: its consumers end "
	    "when every producer is done and no signal is pending; leave "
	    "'markers' out",
	    "31: a signal carries no payload, only its sequence number (in "
	    "si_value); leave 'size' out",
	    "33: only a user uses a semaphore; give 'role = user' or leave "
	    "'uses' out",
	    "38: only a user holds a semaphore; 'hold' applies to users",
	    "42: 'sem' is a semaphore: processes use it with 'role = user' "
	    "and 'uses = sem', not 'from' or 'to'",
	    "50: process 'pr' reads from 'pipe' but no process writes to "
	    "it; nothing feeds it",
	    NULL } },
	{ "bad-seqpacket-eventfd.ini", {
	    "10: semaphore must be yes (EFD_SEMAPHORE: a read takes 1) or "
	    "no (a read takes the whole count), not 'maybe'",
	    "11: an eventfd has no capacity to set: its counter holds up "
	    "to 0xfffffffffffffffe (2^64 - 2); leave 'capacity' out",
	    "15: 'semaphore' applies only to eventfd channels "
	    "(EFD_SEMAPHORE: a read takes 1)",
	    "19: capacity 4K is below the unix-seqpacket minimum 4608 (the "
	    "kernel's smallest socket buffer, 2304 doubled)",
	    "24: size 65505 of 'w' does not fit the unix-seqpacket buffer "
	    "whole: a message takes at most capacity - 32 = 65504 bytes; "
	    "raise 'capacity' or lower 'size'",
	    "30: no end markers on an eventfd: a count cannot carry one; "
	    "give each reader a 'count', or let the run's duration end it",
	    "33: an eventfd carries no payload: each message adds 1 to its "
	    "counter; leave 'size' out",
	    NULL } },
};

static char *
data_path(const char *file)
{
	char	*p;

	xasprintf(&p, "%s/%s", testdata, file);
	return p;
}

static char *
tmp_file(const char *name, const char *text, size_t len)
{
	char	*p;
	FILE	*f;

	xasprintf(&p, "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	return p;
}

/* Load a file that must be valid; fail with its errors otherwise. */
static struct scenario *
load_good(const char *path)
{
	struct scen_errors	 errs = { NULL, 0 };
	struct scenario		*sc;

	sc = scenario_load(path, &errs);
	if (errs.n != 0)
		ck_abort_msg("%s: unexpected error: %s", path, errs.msgs[0]);
	ck_assert_ptr_nonnull(sc);
	scen_errors_clear(&errs);
	return sc;
}

/* Load a file that must be invalid; returns its errors. */
static void
load_bad(const char *path, struct scen_errors *errs)
{
	struct scenario	*sc;

	sc = scenario_load(path, errs);
	ck_assert_ptr_null(sc);
	ck_assert_int_ge(errs->n, 1);
}

static int
has_msg(const struct scen_errors *errs, const char *part)
{
	int	i;

	for (i = 0; i < errs->n; i++) {
		if (strstr(errs->msgs[i], part) != NULL)
			return 1;
	}
	return 0;
}

static void
setup(void)
{
	channel_set_limits(&default_limits);
}

START_TEST(test_bad_file)
{
	struct scen_errors	 errs = { NULL, 0 };
	char			*path, *want;
	int			 n;

	path = data_path(bad_files[_i].file);
	load_bad(path, &errs);
	for (n = 0; bad_files[_i].msgs[n] != NULL; n++) {
		xasprintf(&want, "%s:%s", path, bad_files[_i].msgs[n]);
		ck_assert_msg(n < errs.n, "%s: missing error %s",
		    bad_files[_i].file, want);
		ck_assert_str_eq(errs.msgs[n], want);
		free(want);
	}
	if (errs.n != n)
		ck_abort_msg("%s: unexpected error %s", bad_files[_i].file,
		    errs.msgs[n]);
	scen_errors_clear(&errs);
	free(path);
}
END_TEST

START_TEST(test_good_pipe_fill)
{
	struct scenario		*sc;
	struct scen_expect	*ex;
	struct scen_expect_item	*it;
	char			*path = data_path("good-pipe-fill.ini");

	sc = load_good(path);
	ck_assert_str_eq(sc->path, path);
	ck_assert_str_eq(sc->name, "good-pipe-fill");
	ck_assert_str_eq(sc->title, "A pipe fills up when nobody reads");
	/* A continuation line joins with one space. */
	ck_assert_str_eq(sc->about, "The writer sends 2 MB; the reader only "
	    "starts after 3 seconds.");
	ck_assert_uint_eq(sc->duration_ms, 10000);

	ck_assert_int_eq(sc->nchannels, 1);
	ck_assert_str_eq(sc->channels[0].name, "pipe");
	ck_assert_int_eq(sc->channels[0].line, 8);
	ck_assert_str_eq(sc->channels[0].kind->name, "pipe");
	ck_assert_uint_eq(sc->channels[0].capacity, 65536);
	ck_assert_uint_eq(sc->channels[0].msgsize, 4096);

	ck_assert_int_eq(sc->nprocs, 2);
	ck_assert_str_eq(sc->procs[0].name, "writer");
	ck_assert_str_eq(sc->procs[0].base, "writer");
	ck_assert_int_eq(sc->procs[0].replica, 0);
	ck_assert_int_eq(sc->procs[0].line, 12);
	ck_assert_int_eq(sc->procs[0].role, ROLE_PRODUCER);
	ck_assert_int_eq(sc->procs[0].from, -1);
	ck_assert_int_eq(sc->procs[0].to, 0);
	ck_assert_uint_eq(sc->procs[0].size, 4096);
	ck_assert_uint_eq(sc->procs[0].total, 2 << 20);
	ck_assert_uint_eq(sc->procs[0].count, 0);
	ck_assert_int_eq(sc->procs[0].rate.kind, RATE_MAX);
	ck_assert_uint_eq(sc->procs[0].start_ms, 0);
	ck_assert_int_eq(sc->procs[1].role, ROLE_CONSUMER);
	ck_assert_int_eq(sc->procs[1].from, 0);
	ck_assert_int_eq(sc->procs[1].to, -1);
	ck_assert_uint_eq(sc->procs[1].start_ms, 3000);
	ck_assert_int_eq(sc->procs[1].rate.kind, RATE_BYTES);
	ck_assert(sc->procs[1].rate.value == 256 * 1024);

	/* Cues sorted by time, whatever the file order. */
	ck_assert_int_eq(sc->ncues, 2);
	ck_assert_uint_eq(sc->cues[0].at_ms, 1000);
	ck_assert_int_eq(sc->cues[0].line, 29);
	ck_assert_str_eq(sc->cues[0].say, "The pipe is full: "
	    "{pipe.capacity:h}. The writer is blocked in write().");
	ck_assert_uint_eq(sc->cues[1].at_ms, 5000);

	/* Expects by time, ties in file order, 'end' last. */
	ck_assert_int_eq(sc->nexpects, 3);
	ex = &sc->expects[0];
	ck_assert_int_eq(ex->line, 39);
	ck_assert_uint_eq(ex->at_ms, 2000);
	ck_assert(!ex->at_end);
	ck_assert_int_eq(ex->nitems, 3);
	it = &ex->items[0];
	ck_assert_int_eq(it->line, 41);
	ck_assert_str_eq(it->key, "writer");
	ck_assert_str_eq(it->subject, "writer");
	ck_assert_str_eq(it->field, "state");
	ck_assert(!it->is_channel);
	ck_assert_int_eq(it->cmp, CMP_EQ);
	ck_assert_str_eq(it->value, "blocked write pipe");
	it = &ex->items[1];
	ck_assert_str_eq(it->key, "pipe.fill");
	ck_assert_str_eq(it->subject, "pipe");
	ck_assert_str_eq(it->field, "fill");
	ck_assert(it->is_channel);
	ck_assert_int_eq(it->cmp, CMP_GE);
	ck_assert_str_eq(it->value, "{pipe.capacity}");
	it = &ex->items[2];
	ck_assert_str_eq(it->field, "state");
	ck_assert_str_eq(it->value, "waiting");
	ex = &sc->expects[1];
	ck_assert_int_eq(ex->line, 45);
	ck_assert_int_eq(ex->items[0].cmp, CMP_LE);
	ck_assert_str_eq(ex->items[0].value, "64K");
	ex = &sc->expects[2];
	ck_assert(ex->at_end);
	ck_assert_int_eq(ex->line, 34);
	ck_assert_int_eq(ex->nitems, 2);
	ck_assert_str_eq(ex->items[0].key, "reader.msgs_in");
	ck_assert_str_eq(ex->items[0].value, "512");

	ck_assert_int_eq(scenario_channel_index(sc, "pipe"), 0);
	ck_assert_int_eq(scenario_channel_index(sc, "nope"), -1);
	ck_assert_int_eq(scenario_proc_index(sc, "reader"), 1);
	ck_assert_int_eq(scenario_proc_index(sc, "pipe"), -1);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, 0), 4096);
	scenario_free(sc);
	free(path);
}
END_TEST

/* One condition of a cue, as loaded and as written back. */
static void
check_when(const struct scen_expect_item *it, int line, const char *key,
    const char *field, enum expect_cmp cmp, const char *value,
    const char *text)
{
	char	buf[160];

	ck_assert_int_eq(it->line, line);
	ck_assert_str_eq(it->key, key);
	ck_assert_str_eq(it->field, field);
	ck_assert_int_eq(it->cmp, cmp);
	ck_assert_str_eq(it->value, value);
	scenario_cond_text(it, buf, sizeof buf);
	ck_assert_str_eq(buf, text);
}

/* when = CONDITION: both ways of writing a comparison, several lines. */
START_TEST(test_good_when)
{
	struct scenario		*sc;
	const struct scen_cue	*c;
	char			*path = data_path("good-when.ini");

	sc = load_good(path);
	ck_assert_int_eq(sc->ncues, 4);
	c = &sc->cues[0];
	ck_assert_int_eq(c->nwhen, 2);
	check_when(&c->when[0], 21, "writer", "state", CMP_EQ,
	    "blocked write pipe", "writer = blocked write pipe");
	ck_assert(!c->when[0].is_channel);
	check_when(&c->when[1], 22, "pipe.fill", "fill", CMP_EQ,
	    "{pipe.capacity}", "pipe.fill = {pipe.capacity}");
	ck_assert(c->when[1].is_channel);
	/* ';' right after a word stays in the caption. */
	ck_assert_str_eq(c->say, "Full; the writer waits: {pipe.fill:h}.");
	/* Sorted by time: the cue without conditions at 0.5s. */
	ck_assert_int_eq(sc->cues[1].nwhen, 0);
	ck_assert_uint_eq(sc->cues[1].at_ms, 500);
	c = &sc->cues[2];
	ck_assert_int_eq(c->nwhen, 3);
	check_when(&c->when[0], 27, "worker-1.msgs_in", "msgs_in", CMP_GE,
	    "10", "worker-1.msgs_in >= 10");
	check_when(&c->when[1], 28, "writer.state", "state", CMP_NE, "done",
	    "writer.state != done");
	/* A replicated base, in the [expect] form "KEY = CMP VALUE". */
	check_when(&c->when[2], 29, "worker", "state", CMP_NE, "blocked",
	    "worker != blocked");
	c = &sc->cues[3];
	ck_assert_int_eq(c->nwhen, 2);
	ck_assert(c->when[0].is_stall);
	check_when(&c->when[0], 34, "stall", "state", CMP_EQ, "no",
	    "stall = no");
	check_when(&c->when[1], 35, "writer.exit", "exit", CMP_EQ, "0",
	    "writer.exit = 0");
	ck_assert_int_eq(c->nactions, 1);
	ck_assert_str_eq(c->say, "");
	scenario_free(sc);
	free(path);
}
END_TEST

START_TEST(test_good_all_kinds)
{
	static const char *kinds[] = {
		"pipe", "fifo", "unix-stream", "posix-mq", "posix-mq",
		"sysv-msgq"
	};
	struct scenario	*sc;
	char		*path = data_path("good-all-kinds.ini");
	int		 i, c;

	sc = load_good(path);
	ck_assert_uint_eq(sc->duration_ms, 3600 * 1000);
	ck_assert_int_eq(sc->nchannels, 6);
	for (i = 0; i < sc->nchannels; i++)
		ck_assert_str_eq(sc->channels[i].kind->name, kinds[i]);
	/* posix-mq capacity counts messages; msgsize as given. */
	c = scenario_channel_index(sc, "mq");
	ck_assert_uint_eq(sc->channels[c].capacity, 10);
	ck_assert_uint_eq(sc->channels[c].msgsize, 8192);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, c), 8192);
	/* Without msgsize a posix-mq takes its writers' size. */
	c = scenario_channel_index(sc, "mq2");
	ck_assert_uint_eq(sc->channels[c].msgsize, 100);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, c), 100);
	c = scenario_channel_index(sc, "sock");
	ck_assert_uint_eq(sc->channels[c].capacity, 4608);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, c), 16);

	/* 6 single processes, 3 + 2 + 64 replicas. */
	ck_assert_int_eq(sc->nprocs, 6 + 3 + 2 + 64);
	i = scenario_proc_index(sc, "mqw-2");
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(sc->procs[i].base, "mqw");
	ck_assert_int_eq(sc->procs[i].replica, 2);
	ck_assert_int_eq(scenario_proc_index(sc, "mqw"), -1);
	ck_assert_int_ge(scenario_proc_index(sc, "sysvw-64"), 0);
	ck_assert_int_eq(scenario_proc_index(sc, "sysvw-65"), -1);
	i = scenario_proc_index(sc, "stage");
	ck_assert_int_eq(sc->procs[i].role, ROLE_RELAY);
	ck_assert_str_eq(scenario_role_name(sc->procs[i].role), "relay");
	ck_assert_int_eq(sc->procs[i].from, scenario_channel_index(sc,
	    "pipe"));
	ck_assert_int_eq(sc->procs[i].to, scenario_channel_index(sc, "fifo"));
	/* A relay without 'size' forwards what it reads: 1000 from src. */
	ck_assert_uint_eq(sc->procs[i].size, 1000);
	ck_assert_uint_eq(scenario_channel_msgsize(sc,
	    scenario_channel_index(sc, "fifo")), 1000);
	i = scenario_proc_index(sc, "src");
	ck_assert_uint_eq(sc->procs[i].size, 1000);
	ck_assert_uint_eq(sc->procs[i].count, 100);
	ck_assert_int_eq(sc->procs[i].rate.kind, RATE_MSGS);
	ck_assert(sc->procs[i].rate.value == 100);
	ck_assert_uint_eq(sc->procs[i].think_ms, 250);
	i = scenario_proc_index(sc, "sockw");
	ck_assert_uint_eq(sc->procs[i].total, 1572864);
	ck_assert_uint_eq(sc->procs[i].start_ms, 1500);
	ck_assert_int_eq(sc->procs[i].rate.kind, RATE_BYTES);
	ck_assert(sc->procs[i].rate.value == 100);

	ck_assert_int_eq(sc->nexpects, 1);
	ck_assert_int_eq(sc->expects[0].items[0].is_channel, 0);
	ck_assert_str_eq(sc->expects[0].items[0].subject, "mqw");
	ck_assert_int_eq(sc->expects[0].items[1].cmp, CMP_GT);
	ck_assert_int_eq(sc->expects[0].items[2].cmp, CMP_NE);
	ck_assert_str_eq(sc->expects[0].items[2].value, "EAGAIN");
	scenario_free(sc);
	free(path);
}
END_TEST

START_TEST(test_good_files)
{
	static const char *files[] = {
		"good-minimal.ini", "good-long-line.ini"
	};
	struct scenario	*sc;
	char		*path;
	size_t		 i;

	for (i = 0; i < nitems(files); i++) {
		path = data_path(files[i]);
		sc = load_good(path);
		ck_assert_uint_eq(sc->duration_ms, 10000);
		ck_assert_str_eq(sc->about, i == 0 ? "" : "A caption longer "
		    "than one line is written on indented continuation lines, "
		    "joined with one space.");
		scenario_free(sc);
		free(path);
	}
}
END_TEST

START_TEST(test_line_lengths)
{
	struct scenario		*sc;
	struct scen_errors	 errs = { NULL, 0 };
	char			 line[256], text[1024], *path;

	/* A 199-character line as the last line, without a newline. */
	memset(line, 0, sizeof line);
	memcpy(line, "say = ", 6);
	memset(line + 6, 'z', 199 - 6);
	snprintf(text, sizeof text, "[scenario]\ntitle = t\n[channel p]\n"
	    "type = pipe\n[process w]\nrole = producer\nto = p\n[cue]\n"
	    "at = 1s\n%s", line);
	path = tmp_file("long199.ini", text, strlen(text));
	sc = load_good(path);
	ck_assert_uint_eq(strlen(sc->cues[0].say), 199 - 6);
	scenario_free(sc);
	free(path);

	/* 200 characters, then a good line that must still be read. */
	line[199] = 'z';
	snprintf(text, sizeof text, "[scenario]\n%s\ntitle = t\n"
	    "[channel p]\ntype = pipe\n[process w]\nrole = producer\n"
	    "to = p\n", line);
	path = tmp_file("long200.ini", text, strlen(text));
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 2);
	ck_assert(strstr(errs.msgs[0], ":2: line too long (at most 199 "
	    "bytes); continue a long value") != NULL);
	ck_assert(strstr(errs.msgs[1], ":2: unknown key 'say' in "
	    "[scenario]") != NULL);
	scen_errors_clear(&errs);
	free(path);
}
END_TEST


/*
 * A continuation line of exactly 199 bytes (one blank and 198) once ended
 * the file silently: every later line, errors included, was ignored.
 */
START_TEST(test_continuation_199)
{
	struct scenario		*sc;
	struct scen_errors	 errs = { NULL, 0 };
	char			 x198[199], text[2048], *path;

	memset(x198, 'x', 198);
	x198[198] = '\0';
	snprintf(text, sizeof text, "[scenario]\ntitle = t\nabout = first\n"
	    " %s\n[channel p]\ntype = pipe\n[process w]\nrole = producer\n"
	    "to = p\n[expect]\nat = end\nw.msgs_out = 1\n", x198);
	path = tmp_file("cont199.ini", text, strlen(text));
	sc = load_good(path);
	ck_assert_uint_eq(strlen(sc->about), 6 + 198);
	ck_assert_int_eq(sc->nexpects, 1);
	ck_assert_int_eq(sc->expects[0].line, 10);
	scenario_free(sc);
	free(path);

	/* Every line after it is read, and every error reported. */
	snprintf(text, sizeof text, "[scenario]\ntitle = t\nabout = first\n"
	    " %s\n[channel p]\ntype = pipe\n[process w]\nrole = producer\n"
	    "to = p\ncolour = red\n[bogus]\n", x198);
	path = tmp_file("cont199-bad.ini", text, strlen(text));
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 2);
	ck_assert(strstr(errs.msgs[0], ":10: unknown key 'colour'") != NULL);
	ck_assert(strstr(errs.msgs[1], ":11: unknown section '[bogus]'")
	    != NULL);
	scen_errors_clear(&errs);
	free(path);

	/* The same after a line over the limit. */
	snprintf(text, sizeof text, "[scenario]\ntitle = t\nabout = %s%s\n"
	    "[channel p]\ntype = pipe\n[process w]\nrole = producer\n"
	    "to = p\ncolour = red\n[bogus]\n", x198, x198);
	path = tmp_file("over-bad.ini", text, strlen(text));
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 3);
	ck_assert(strstr(errs.msgs[0], ":3: line too long") != NULL);
	ck_assert(strstr(errs.msgs[1], ":9: unknown key 'colour'") != NULL);
	ck_assert(strstr(errs.msgs[2], ":10: unknown section '[bogus]'")
	    != NULL);
	scen_errors_clear(&errs);
	free(path);
}
END_TEST

/* What ini-read.c hands over, one line of log per call. */
static void
log_error(void *arg, int line, const char *msg)
{
	strbuf_printf(arg, "E%d %s\n", line, msg);
}

static void
log_line(void *arg, const struct ini_line *l)
{
	static const char	 kinds[] = "SKCO";

	if (l->kind == INI_LINE_SECTION || l->kind == INI_LINE_OTHER)
		strbuf_printf(arg, "%c%d%s %s\n", kinds[l->kind], l->lineno,
		    l->bad ? "!" : "", l->text);
	else
		strbuf_printf(arg, "%c%d%s %s=%s\n", kinds[l->kind],
		    l->lineno, l->bad ? "!" : "", l->key, l->value);
}

/*
 * The reader inih reads through hands over one line of the file per call,
 * whatever inih's buffer (num) and whatever the line. A line that fills
 * inih's 200-byte buffer (199 bytes: no room for the newline) once made
 * the reader end the file; releases of inih after r55 follow such a line
 * with a call with a small buffer to skip "the rest of it".
 */
START_TEST(test_reader_calls)
{
	struct strbuf	 log = { NULL, 0, 0 };
	struct ini_read	*r;
	char		 buf[200], abyss[16], x[300], *text, *path;
	FILE		*f;

	memset(x, 'x', sizeof x - 1);
	x[sizeof x - 1] = '\0';
	xasprintf(&text, "[a]\n;%.198s\n%.199s\n#%.249s\n[b\n\t  [c] \nend",
	    x, x, x);
	path = tmp_file("calls.ini", text, strlen(text));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	r = ini_read_new(f, "scenario", INI_READ_CONT, log_error, log_line,
	    &log);

	/* A header is the caller's: inih gets one it always takes. */
	ck_assert_str_eq(ini_read_reader(buf, sizeof buf, r), "[]\n");
	/* 199 bytes: the whole line, without its newline. */
	ck_assert_ptr_eq(ini_read_reader(buf, sizeof buf, r), buf);
	ck_assert_uint_eq(strlen(buf), 199);
	ck_assert(buf[0] == ';' && buf[198] == 'x');
	ck_assert_int_eq(ini_read_lineno(r), 2);
	/* The skip call finds nothing to skip and reads no line. */
	ck_assert_ptr_null(ini_read_reader(abyss, sizeof abyss, r));
	ck_assert_int_eq(ini_read_lineno(r), 2);
	ck_assert_ptr_eq(ini_read_reader(buf, sizeof buf, r), buf);
	ck_assert_uint_eq(strlen(buf), 199);
	ck_assert_int_eq(ini_read_lineno(r), 3);
	/* inih r55 makes no skip call: the next line comes next. */
	ck_assert_ptr_eq(ini_read_reader(buf, sizeof buf, r), buf);
	ck_assert_int_eq(ini_read_lineno(r), 4);
	ck_assert_uint_eq(strlen(buf), 199);	/* 250 bytes, cut */
	ck_assert(buf[0] == '#');
	ck_assert_str_eq(ini_read_reader(buf, sizeof buf, r), "[]\n");
	ck_assert_str_eq(ini_read_reader(buf, sizeof buf, r), "[]\n");
	ck_assert_str_eq(ini_read_reader(buf, sizeof buf, r), "end\n");
	ck_assert_int_eq(ini_read_lineno(r), 7);
	ck_assert_ptr_null(ini_read_reader(buf, sizeof buf, r));
	ck_assert_ptr_null(ini_read_reader(buf, sizeof buf, r));
	ck_assert_int_eq(ini_read_lineno(r), 7);
	ini_read_free(r);
	fclose(f);

	/* No handler ran (no inih here): line 3 and 7 are not keys. */
	xasprintf(&text, "S1 [a]\nO3 %.199s\nE4 line too long (at most 199 "
	    "bytes); continue a long value on the next line, indented\n"
	    "S5 [b\nS6 [c]\nO7 end\n", x);
	ck_assert_str_eq(log.s, text);
	free(text);
	strbuf_free(&log);
	free(path);
}
END_TEST

/*
 * The format as the linked inih parses it, ini-read.c numbering the lines
 * and finding headers and rejected lines: what ipcscope-scenario(5) says.
 */
START_TEST(test_inih_lines)
{
	struct strbuf	 log = { NULL, 0, 0 };
	char		 z[256], *text, *want, *path;
	FILE		*f;

	memset(z, 'z', sizeof z - 1);
	z[sizeof z - 1] = '\0';
	xasprintf(&text,
	    "[scenario]\n"			/* 1 */
	    "title = t ; inline\n"		/* 2 */
	    "about = first\n"			/* 3 */
	    "   second ; comment\n"		/* 4: r55 keeps the comment */
	    "\n"				/* 5 */
	    "  ; an indented comment\n"	/* 6 */
	    "  third;not a comment\n"		/* 7 */
	    "  [channel p]\n"			/* 8: a header, indented */
	    "  type = pipe\n"			/* 9: no key to continue */
	    "k ;= v\n"				/* 10: comment before '=' */
	    "[cue\n"				/* 11: no ']' */
	    "  more\n"				/* 12: continues no key */
	    "= v\n"				/* 13 */
	    "  x = y\n"				/* 14: "" continues nothing */
	    "say = %.193s\n"			/* 15: 199 bytes */
	    "[expect] ; c\n"			/* 16 */
	    "a = %.200s\n"			/* 17: too long */
	    "b: c=d\n"				/* 18 */
	    "tail", z, z);			/* 19 */
	path = tmp_file("inih.ini", text, strlen(text));
	free(text);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ini_read_parse(f, "scenario", INI_READ_CONT,
	    log_error, log_line, &log), 0);
	fclose(f);
	xasprintf(&want,
	    "S1 [scenario]\n"
	    "K2 title=t\n"
	    "K3 about=first\n"
	    "C4 about=second\n"
	    "C7 about=third;not a comment\n"
	    "S8 [channel p]\n"
	    "K9 type=pipe\n"
	    "O10 k ;= v\n"
	    "S11 [cue\n"
	    "O12 more\n"
	    "K13 =v\n"
	    "K14 x=y\n"
	    "K15 say=%.193s\n"
	    "S16 [expect] ; c\n"
	    "E17 line too long (at most 199 bytes); continue a long value on "
	    "the next line, indented\n"
	    "K17! a=%.195s\n"
	    "K18 b=c=d\n"
	    "O19 tail\n", z, z);
	ck_assert_str_eq(log.s, want);
	free(want);
	strbuf_free(&log);
	free(path);

	/* Without INI_READ_CONT (themes), an indented line is a key. */
	path = tmp_file("inih.theme", "[256]\na = 1\n  b = 2\n", 20);
	f = fopen(path, "r");
	ck_assert_int_eq(ini_read_parse(f, "theme", 0, log_error, log_line,
	    &log), 0);
	fclose(f);
	ck_assert_str_eq(log.s, "S1 [256]\nK2 a=1\nK3 b=2\n");
	strbuf_free(&log);
	free(path);
}
END_TEST

/*
 * Controls and bytes that are not UTF-8 are errors wherever they are (a
 * title with ESC ] 0 ; ... BEL set the terminal's window title); messages
 * never carry them, nor the path.
 */
static const struct {
	const char	*text;
	const char	*msg;
} text_errors[] = {
	{ "title = \x1b]0;pwned\x07", "2: control character 0x1b at byte 9; "
	    "scenario files are text: remove it" },
	{ "title = a\x07", "2: control character 0x07 at byte 10" },
	{ "title = \xc2\x9b" "2J", "2: control character U+009B at byte 9" },
	{ "title = caf\xe9", "2: byte 0xe9 at byte 12 is not UTF-8; scenario "
	    "files are UTF-8 text" },
	{ "title = \x9b" "2J", "2: byte 0x9b at byte 9 is not UTF-8" },
	{ "; \x1b[2J in a comment", "2: control character 0x1b at byte 3" },
	{ "title = a\rb", "2: control character 0x0d at byte 10" },
	{ "title = a\x7f", "2: control character 0x7f at byte 10" },
};

START_TEST(test_text_errors)
{
	struct scen_errors	 errs = { NULL, 0 };
	char			 text[512], *path;
	int			 i;
	size_t			 bad;

	snprintf(text, sizeof text, "[scenario]\n%s\n[channel p]\ntype = pipe\n"
	    "[process w]\nrole = producer\nto = p\n", text_errors[_i].text);
	path = tmp_file("\x1b[2Jtext.ini", text, strlen(text));
	load_bad(path, &errs);
	ck_assert_msg(has_msg(&errs, text_errors[_i].msg), "no '%s' in '%s'",
	    text_errors[_i].msg, errs.msgs[0]);
	for (i = 0; i < errs.n; i++) {
		ck_assert_int_eq(util_text_check(errs.msgs[i], &bad),
		    UTIL_TEXT_OK);
		ck_assert(strstr(errs.msgs[i], "/?[2Jtext.ini:") != NULL);
	}
	scen_errors_clear(&errs);
	free(path);
}
END_TEST

/* Tab is text; a UTF-8 title is kept as it is. */
START_TEST(test_text_good)
{
	static const char text[] = "[scenario]\ntitle = caf\xc3\xa9 \xe2\x96\xb6"
	    "\tok\n[channel p]\ntype = pipe\n[process w]\nrole = producer\n"
	    "to = p\n";
	struct scenario	*sc;
	char		*path;

	path = tmp_file("utf8.ini", text, sizeof text - 1);
	sc = load_good(path);
	ck_assert_str_eq(sc->title, "caf\xc3\xa9 \xe2\x96\xb6\tok");
	scenario_free(sc);
	free(path);

	/* The name comes from the file name: printable. */
	path = tmp_file("\x1b]0;x\x07.ini", text, sizeof text - 1);
	sc = load_good(path);
	ck_assert_str_eq(sc->name, "?]0;x?");
	ck_assert_str_eq(sc->path, path);
	scenario_free(sc);
	free(path);
}
END_TEST

/*
 * unix-seqpacket and eventfd: their own keys and limits as the kinds parse
 * them. An eventfd's writers send a bare frame header; 'semaphore' is yes
 * or no; a seqpacket message may take its whole buffer less 32 bytes.
 */
START_TEST(test_good_seqpacket_eventfd)
{
	static const char text[] = "[scenario]\ntitle = t\n"
	    "[channel sp]\ntype = unix-seqpacket\ncapacity = 64K\n"
	    "[channel ev]\ntype = eventfd\n"
	    "[channel sem]\ntype = eventfd\nsemaphore = yes\n"
	    "[channel off]\ntype = eventfd\nsemaphore = no\n"
	    "[process w]\nrole = producer\nto = sp\nsize = 65504\n"
	    "[process r]\nrole = consumer\nfrom = sp\n"
	    "[process ew]\nrole = producer\nto = ev\n"
	    "[process er]\nrole = consumer\nfrom = ev\ncount = 10\n"
	    "[process sw]\nrole = producer\nto = sem\n"
	    "[process sr]\nrole = consumer\nfrom = sem\n"
	    "[process ow]\nrole = producer\nto = off\n"
	    "[process or]\nrole = consumer\nfrom = off\n";
	struct scenario	*sc;
	char		*path;
	int		 c;

	path = tmp_file("new-kinds.ini", text, sizeof text - 1);
	sc = load_good(path);
	c = scenario_channel_index(sc, "sp");
	ck_assert_str_eq(sc->channels[c].kind->name, "unix-seqpacket");
	ck_assert_uint_eq(sc->channels[c].capacity, 65536);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, c), 65504);
	c = scenario_channel_index(sc, "ev");
	ck_assert_str_eq(sc->channels[c].kind->name, "eventfd");
	ck_assert_uint_eq(sc->channels[c].opt[0], 0);
	ck_assert_uint_eq(scenario_channel_msgsize(sc, c), 16);
	ck_assert_uint_eq(sc->channels[scenario_channel_index(sc,
	    "sem")].opt[0], 1);
	ck_assert_uint_eq(sc->channels[scenario_channel_index(sc,
	    "off")].opt[0], 0);
	scenario_free(sc);
	free(path);
}
END_TEST

/* A file of garbage lists 1000 errors and says how many more there are. */
START_TEST(test_error_cap)
{
	struct scen_errors	 errs = { NULL, 0 };
	char			*buf, *path, *want;

	buf = xmalloc(2 * 2500);
	for (int i = 0; i < 2500; i++)
		memcpy(buf + 2 * i, "x\n", 2);
	path = tmp_file("xs.ini", buf, 2 * 2500);
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 1001);
	/* Line 1 has two more: no [scenario], no processes. */
	ck_assert(strstr(errs.msgs[999], ":998: expected '[section]'") !=
	    NULL);
	xasprintf(&want, "%s: 1502 more errors not listed (at most 1000 "
	    "are)", path);
	ck_assert_str_eq(errs.msgs[1000], want);
	free(want);
	scen_errors_clear(&errs);
	free(path);
	free(buf);
}
END_TEST

/*
 * Sizes a hostile file may have: checks that compared every key with every
 * other one took 9 s for 50000 keys and grew by one element each time.
 * Each shape here must load in well under the tcase's timeout.
 */
START_TEST(test_hostile_sizes)
{
	struct scen_errors	 errs = { NULL, 0 };
	struct strbuf		 sb = { NULL, 0, 0 };
	char			*path;
	int			 i;

	/* 100000 keys in one section, one of them given twice. */
	strbuf_printf(&sb, "[scenario]\ntitle = t\n[channel p]\ntype = pipe\n"
	    "[process w]\nrole = producer\nto = p\n[expect]\nat = end\n"
	    "w0.msgs_out = 2\n");
	for (i = 0; i < 100000; i++)
		strbuf_printf(&sb, "w%d.msgs_out = 1\n", i);
	path = tmp_file("keys.ini", sb.s, sb.len);
	load_bad(path, &errs);
	ck_assert(has_msg(&errs, ":11: key 'w0.msgs_out' given twice in one "
	    "section; the first is at line 10"));
	ck_assert(has_msg(&errs, "more errors not listed"));
	scen_errors_clear(&errs);
	strbuf_free(&sb);
	free(path);

	/* 30000 channels and 30000 processes. */
	strbuf_printf(&sb, "[scenario]\ntitle = t\n");
	for (i = 0; i < 30000; i++)
		strbuf_printf(&sb, "[channel c%d]\ntype = pipe\n"
		    "[process p%d]\nrole = relay\nfrom = c%d\nto = c%d\n", i, i,
		    i, i + 1);
	strbuf_printf(&sb, "[process c7]\nrole = producer\nto = c0\n");
	path = tmp_file("sections.ini", sb.s, sb.len);
	load_bad(path, &errs);
	ck_assert(has_msg(&errs, ":387: too many channels; at most 64"));
	ck_assert(has_msg(&errs, ":1541: too many processes: more than 256 "
	    "[process] sections; at most 256"));
	scen_errors_clear(&errs);
	strbuf_free(&sb);
	free(path);

	/* 30000 [scenario] sections: each second one is an error. */
	for (i = 0; i < 30000; i++)
		strbuf_printf(&sb, "[scenario]\ntitle = t\n");
	path = tmp_file("scenarios.ini", sb.s, sb.len);
	load_bad(path, &errs);
	ck_assert(has_msg(&errs, ":3: second [scenario] section; the first "
	    "is at line 1"));
	scen_errors_clear(&errs);
	strbuf_free(&sb);
	free(path);
}
END_TEST


/*
 * Found by fuzz-scenario: a key line the reader reported (a NUL byte in
 * 'from', a control in a capacity) was still present for the checks
 * that its mere presence is wrong, whose messages then named line 0.
 */
START_TEST(test_bad_line_number)
{
	static const char text[] = "[scenario]\ntitle = t\n[channel p]\n"
	    "type = pipe\n[process w]\nrole = producer\nto = p\n"
	    "from = \0p\n";
	static const char ctl[] = "[scenario]\ntitle = t\n[channel s]\n"
	    "type = signal\ncapacity =\x1a" "4\n[channel p]\ntype = pipe\n"
	    "msgsize = \x1b\n[process w]\nrole = producer\nto = p\n";
	struct scen_errors	 errs = { NULL, 0 };
	char			*path, *want;
	int			 i;

	path = tmp_file("nul-from.ini", text, sizeof text - 1);
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 2);
	xasprintf(&want, "%s:8: a producer writes: give 'to', not 'from'",
	    path);
	ck_assert_str_eq(errs.msgs[1], want);
	for (i = 0; i < errs.n; i++)
		ck_assert(strstr(errs.msgs[i], ":0:") == NULL);
	free(want);
	scen_errors_clear(&errs);
	free(path);

	/* The same for a signal channel's capacity, and a pipe's msgsize. */
	path = tmp_file("ctl-capacity.ini", ctl, sizeof ctl - 1);
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 5);	/* 's' is not used, too */
	ck_assert(strstr(errs.msgs[2], ":5: a signal channel has no capacity")
	    != NULL);
	ck_assert(strstr(errs.msgs[4], ":8: 'msgsize' applies only to "
	    "posix-mq") != NULL);
	scen_errors_clear(&errs);
	free(path);
}
END_TEST

START_TEST(test_bom_crlf)
{
	static const char text[] = "\xEF\xBB\xBF[scenario]\r\n"
	    "title = Windows line ends\r\n"
	    "about = first\r\n"
	    "\tsecond\r\n"
	    "[channel p]\r\ntype = pipe\r\n"
	    "[process w]\r\nrole = producer\r\nto = p\r\n";
	struct scenario	*sc;
	char		*path;

	path = tmp_file("crlf.ini", text, sizeof text - 1);
	sc = load_good(path);
	ck_assert_str_eq(sc->title, "Windows line ends");
	ck_assert_str_eq(sc->about, "first second");
	ck_assert_str_eq(sc->name, "crlf");
	scenario_free(sc);
	free(path);
}
END_TEST

START_TEST(test_indented_header)
{
	/*
	 * An indented "[section]" after a key is still a header, not the
	 * continuation of the previous value (as a plain INI reader has it).
	 */
	static const char text[] = "[scenario]\ntitle = t\n"
	    "  [channel p]\n  type = pipe\n[process w]\nrole = producer\n"
	    "to = p\n";
	struct scenario	*sc;
	char		*path;

	path = tmp_file("indent.ini", text, sizeof text - 1);
	sc = load_good(path);
	ck_assert_str_eq(sc->title, "t");
	ck_assert_int_eq(sc->nchannels, 1);
	ck_assert_int_eq(sc->channels[0].line, 3);
	scenario_free(sc);
	free(path);
}
END_TEST

START_TEST(test_open_errors)
{
	struct scen_errors	 errs = { NULL, 0 };
	char			*want, *path;

	/* Errors are appended to what the list already holds. */
	errs.msgs = xcalloc(1, sizeof *errs.msgs);
	errs.msgs[0] = xstrdup("earlier");
	errs.n = 1;
	path = data_path("no-such-file.ini");
	ck_assert_ptr_null(scenario_load(path, &errs));
	ck_assert_int_eq(errs.n, 2);
	ck_assert_str_eq(errs.msgs[0], "earlier");
	xasprintf(&want, "%s: cannot open: %s", path, strerror(ENOENT));
	ck_assert_str_eq(errs.msgs[1], want);
	free(want);
	free(path);
	scen_errors_clear(&errs);
	ck_assert_int_eq(errs.n, 0);
	ck_assert_ptr_null(errs.msgs);

	ck_assert_ptr_null(scenario_load(testdata, &errs));
	ck_assert_int_eq(errs.n, 1);
	xasprintf(&want, "%s: cannot open: %s", testdata, strerror(EISDIR));
	ck_assert_str_eq(errs.msgs[0], want);
	free(want);
	scen_errors_clear(&errs);
}
END_TEST

START_TEST(test_live_limits)
{
	struct scen_errors	 errs = { NULL, 0 };
	struct scenario		*sc;
	unsigned long long	 max;
	char			 text[512], want[256], *path;
	FILE			*f;

	channel_set_limits(NULL);
	f = fopen("/proc/sys/fs/pipe-max-size", "r");
	if (f == NULL || fscanf(f, "%llu", &max) != 1)
		max = 1048576;	/* the documented fallback */
	if (f != NULL)
		fclose(f);
	ck_assert_uint_eq(channel_limits()->pipe_max_size, max);

	snprintf(text, sizeof text, "[scenario]\ntitle = t\n[channel p]\n"
	    "type = pipe\ncapacity = %llu\n[process w]\nrole = producer\n"
	    "to = p\n", max);
	path = tmp_file("live-ok.ini", text, strlen(text));
	sc = load_good(path);
	ck_assert_uint_eq(sc->channels[0].capacity, max);
	scenario_free(sc);
	free(path);

	snprintf(text, sizeof text, "[scenario]\ntitle = t\n[channel p]\n"
	    "type = pipe\ncapacity = %llu\n[process w]\nrole = producer\n"
	    "to = p\n", max + 1);
	path = tmp_file("live-bad.ini", text, strlen(text));
	load_bad(path, &errs);
	snprintf(want, sizeof want, ":5: capacity %llu is above the pipe "
	    "limit %llu (/proc/sys/fs/pipe-max-size)", max + 1, max);
	ck_assert_int_eq(errs.n, 1);
	ck_assert(strstr(errs.msgs[0], want) != NULL);
	scen_errors_clear(&errs);
	free(path);
}
END_TEST

/* Junk must give errors, never a crash, a hang or a leak. */
START_TEST(test_garbage)
{
	static const char	 huge[] = "[scenario]\ntitle = t\n"
	    "duration = 18446744073709551616s\n[channel p]\ntype = pipe\n"
	    "capacity = -1\n[process w]\nrole = producer\nto = p\n"
	    "size = 17179869184G\nreplicas = 18446744073709551615\n";
	struct scen_errors	 errs = { NULL, 0 };
	char			*buf, *path;
	size_t			 len, i;
	unsigned int		 seed = 1;
	int			 round;

	buf = xmalloc(20000);
	for (round = 0; round < 60; round++) {
		len = (size_t)(rand_r(&seed) % 8000);
		for (i = 0; i < len; i++) {
			/* Mostly INI-ish bytes, so the parser goes deep. */
			static const char ini[] = "[]=:;# \t\n{}.abcpr0123456789"
			    "KMGs/-";
			buf[i] = rand_r(&seed) % 3 == 0 ?
			    (char)(rand_r(&seed) & 0xff) :
			    ini[rand_r(&seed) % (sizeof ini - 1)];
		}
		path = tmp_file("garbage.ini", buf, len);
		ck_assert_ptr_null(scenario_load(path, &errs));
		ck_assert_int_ge(errs.n, 1);
		for (i = 0; i < (size_t)errs.n; i++)
			ck_assert(strncmp(errs.msgs[i], path, strlen(path))
			    == 0);
		scen_errors_clear(&errs);
		free(path);
	}

	memset(buf, '[', 10000);
	path = tmp_file("brackets.ini", buf, 10000);
	load_bad(path, &errs);
	ck_assert(has_msg(&errs, ":1: line too long"));
	scen_errors_clear(&errs);
	free(path);

	memset(buf, 'x', 5000);
	memcpy(buf, "[scenario]\ntitle = ", 19);
	path = tmp_file("longline.ini", buf, 5000);
	load_bad(path, &errs);
	ck_assert(has_msg(&errs, ":2: line too long"));
	scen_errors_clear(&errs);
	free(path);

	/* Numbers at and beyond the edges. */
	path = tmp_file("huge.ini", huge, sizeof huge - 1);
	load_bad(path, &errs);
	ck_assert_int_eq(errs.n, 4);
	ck_assert(strstr(errs.msgs[0], ":3: duration: time "
	    "'18446744073709551616s' is too large") != NULL);
	ck_assert(strstr(errs.msgs[1], ":6: capacity: bad size '-1'") != NULL);
	ck_assert(strstr(errs.msgs[2], ":10: size: size '17179869184G' is too "
	    "large") != NULL);
	ck_assert(strstr(errs.msgs[3], ":11: replicas 18446744073709551615 "
	    "is out of range") != NULL);
	scen_errors_clear(&errs);
	free(path);
	free(buf);
}
END_TEST

START_TEST(test_find_list)
{
	char	 *p, **paths, **names, *dir2, *dup;
	int	  n, i, seen = 0;

	/* A path is taken as it is, found or not. */
	p = scenario_find("some/dir/x");
	ck_assert_str_eq(p, "some/dir/x");
	free(p);
	p = scenario_find("x.ini");
	ck_assert_str_eq(p, "x.ini");
	free(p);

	xasprintf(&dir2, "%s/second", tmpdir);
	mkdir(dir2, 0700);
	free(tmp_file("second/good-minimal.ini", "", 0));
	free(tmp_file("second/only-here.ini", "", 0));
	xasprintf(&dup, "%s:%s", testdata, dir2);
	setenv("IPCSCOPE_PATH", dup, 1);

	p = scenario_find("good-minimal");
	ck_assert_ptr_nonnull(p);
	free(dup);
	xasprintf(&dup, "%s/good-minimal.ini", testdata);
	ck_assert_str_eq(p, dup);	/* the first directory wins */
	free(p);
	free(dup);
	p = scenario_find("only-here");
	xasprintf(&dup, "%s/only-here.ini", dir2);
	ck_assert_str_eq(p, dup);
	free(p);
	free(dup);
	ck_assert_ptr_null(scenario_find("no-such-scenario"));
	ck_assert_ptr_null(scenario_find(""));

	n = scenario_list(&paths, &names);
	ck_assert_int_ge(n, 3);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
		if (strcmp(names[i], "good-minimal") == 0) {
			xasprintf(&dup, "%s/good-minimal.ini", testdata);
			ck_assert_str_eq(paths[i], dup);
			free(dup);
			seen++;
		}
		if (strcmp(names[i], "only-here") == 0)
			seen++;
	}
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(paths[i]);
	}
	ck_assert_int_eq(seen, 2);
	free(names);
	free(paths);
	unsetenv("IPCSCOPE_PATH");
	free(dir2);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(channel_kind(0)->name, "pipe");
	ck_assert_str_eq(channel_kind_by_name("posix-mq")->name, "posix-mq");
	ck_assert_ptr_null(channel_kind_by_name("pipes"));
	ck_assert_str_eq(scenario_role_name(ROLE_PRODUCER), "producer");
	ck_assert_str_eq(scenario_role_name(ROLE_CONSUMER), "consumer");
	ck_assert_str_eq(scenario_role_name(ROLE_RELAY), "relay");
	ck_assert_str_eq(scenario_role_name(ROLE_COUNT), "?");
}
END_TEST

static Suite *
scenario_suite(void)
{
	Suite	*s = suite_create("scenario");
	TCase	*tc = tcase_create("load");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_bad_file, 0, nitems(bad_files));
	tcase_add_test(tc, test_good_pipe_fill);
	tcase_add_test(tc, test_good_when);
	tcase_add_test(tc, test_good_all_kinds);
	tcase_add_test(tc, test_good_seqpacket_eventfd);
	tcase_add_test(tc, test_good_files);
	tcase_add_test(tc, test_line_lengths);
	tcase_add_test(tc, test_bom_crlf);
	tcase_add_test(tc, test_indented_header);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_live_limits);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_find_list);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_continuation_199);
	tcase_add_test(tc, test_reader_calls);
	tcase_add_test(tc, test_inih_lines);
	tcase_add_loop_test(tc, test_text_errors, 0, nitems(text_errors));
	tcase_add_test(tc, test_text_good);
	tcase_add_test(tc, test_error_cap);
	tcase_add_test(tc, test_bad_line_number);
	suite_add_tcase(s, tc);

	/* Big inputs, in linear time: 10 s is 20 times what ASan takes. */
	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_hostile_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;
	char	 cmd[64];

	if ((testdata = getenv("TESTDATA")) == NULL)
		testdata = "tests/data";
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	sr = srunner_create(scenario_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	return failed == 0 ? 0 : 1;
}
