/*
 * scenario.h: a scenario file, parsed and checked.
 *
 * A scenario is an INI file (parsed by inih, its lines read and checked by
 * ini-read.h) with these sections; every section and key is documented in
 * ipcscope-scenario(5):
 *
 *   [scenario]          title, about, duration
 *   [channel NAME]      type, capacity, msgsize, signal
 *   [process NAME]      role, from, to, size, total, count, rate, start,
 *                       think, replicas, markers, nonblock, uses, hold,
 *                       exec
 *   [cue]               at, when, say, and actions: pause, resume, kill,
 *                       rate, resize, close, start (any number of these)
 *   [expect]            at, by, then KEY = VALUE lines (any number of these)
 *
 * scenario_load() parses and validates a file in one go. It reads every
 * line, whatever its length, and never stops at the first problem: every
 * error found is appended to the error list as "FILE:LINE: message" (the
 * message says what would be valid), and the scenario is only returned
 * when there were none. Messages hold no control characters (FILE
 * included: see util_printable()). Nothing here touches the
 * kernel objects themselves: capacities are checked against the live limits
 * in /proc/sys (read once), nothing is created.
 *
 * Process replicas are expanded at load time: "[process worker]" with
 * replicas = 3 becomes procs worker-1, worker-2, worker-3 (base "worker").
 * With replicas = 1 the name stays "worker".
 */
#ifndef IPCSCOPE_SCENARIO_H
#define IPCSCOPE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "base/units.h"
#include "kinds/channel.h"

#define SCENARIO_MAX_CHANNELS	IPCSCOPE_MAX_CHANNELS
#define SCENARIO_MAX_PROCS	IPCSCOPE_MAX_PROCS	/* replicas expanded */

enum proc_role {
	ROLE_PRODUCER = 0,	/* writes to "to" */
	ROLE_CONSUMER,		/* reads from "from" */
	ROLE_RELAY,		/* reads "from", writes every message on to "to" */
	ROLE_USER,		/* acquires, holds and releases the semaphore
				   "uses" */
	ROLE_EXEC,		/* a real program ('exec = COMMAND'): "from"
				   is its standard input, "to" its standard
				   output; never given as 'role' */
	ROLE_COUNT
};

/*
 * What a non-blocking producer does when the channel is full (EAGAIN):
 * drop the message (counted), retry at once (a busy loop, counted), or
 * wait with poll() until there is room. NB_OFF: ordinary blocking sends.
 */
enum nonblock {
	NB_OFF = 0,
	NB_DROP,
	NB_RETRY,
	NB_POLL
};

struct scen_proc {
	char		*name;		/* "worker-2" after expansion */
	char		*base;		/* "worker": the section name */
	int		 line;		/* line of the [process NAME] header */
	int		 replica;	/* 1-based; 0 when replicas = 1 */
	enum proc_role	 role;
	int		 from;		/* channel index, -1 if none */
	int		 to;		/* channel index, -1 if none */
	uint64_t	 size;		/* bytes per message; default 4K */
	uint64_t	 total;		/* bytes to move; 0 = not set */
	uint64_t	 count;		/* messages to move; 0 = not set */
	struct rate	 rate;		/* default max */
	uint64_t	 start_ms;	/* start delay */
	bool		 start_cue;	/* start = cue: waits until a cue's
					   'start' action names it */
	uint64_t	 think_ms;	/* pause after each message */
	uint64_t	 markers;	/* producer: end markers sent after its
					   data (a consumer stops at the first
					   it reads); relay: sent on once its
					   input ended */
	bool		 markers_given;	/* relay: without 'markers' it passes
					   on the one marker it read */
	enum nonblock	 nonblock;	/* producer: non-blocking sends */
	int		 uses;		/* user: semaphore channel index, -1 */
	uint64_t	 hold_ms;	/* user: time the semaphore is held */
	/* exec: the program and its arguments, NULL-terminated, split as
	   ipcscope-scenario(5) says (no shell); NULL for other roles. */
	char		**argv;
	/* Raw bytes, no frames: 'from' is written by an exec process
	   (raw_in), 'to' is read by one (raw_out). Only producers,
	   consumers and exec processes touch such a channel. */
	bool		 raw_in;
	bool		 raw_out;
};

/*
 * One expectation line, "KEY = VALUE" inside [expect]:
 *   PROC = STATE [OP [CHANNEL]]      e.g. writer = blocked write pipe
 *   PROC.FIELD = [CMP] VALUE         e.g. reader.msgs_in = 512
 *   CHAN.FIELD = [CMP] VALUE         e.g. pipe.fill = {pipe.capacity}
 * CMP is one of == != < <= > >= (default ==). VALUE is a number (a size
 * such as 4K, or seconds for a field in seconds), a {NAME.FIELD}
 * reference, or for a word field one word. The fields, with their
 * subjects and units, are the table of scenario/fields.h (a line each in
 * fields.def); once loaded, field is a name from it.
 * A PROC naming a replicated base ("worker") applies to every replica.
 */
enum expect_cmp {
	CMP_EQ = 0, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE
};

struct scen_expect_item {
	int		 line;
	char		*key;		/* as written: "writer", "pipe.fill" */
	char		*subject;	/* "writer", "pipe" */
	char		*field;		/* "state" for the bare PROC form */
	bool		 is_channel;
	bool		 is_stall;	/* "stall = yes|no": was a stall
					   reported by then? */
	enum expect_cmp	 cmp;
	char		*value;		/* as written after CMP, trimmed */
};

/*
 * What a cue does besides its caption, at its time or (--step) when the
 * presenter moves on to it. Each action line names its targets:
 *   pause = PROC...          SIGSTOP       resume = PROC...   SIGCONT
 *   kill = PROC...           SIGKILL       start = PROC...    (start = cue)
 *   rate = PROC... RATE      a new rate limit, e.g. "consumer max"
 *   resize = CHANNEL SIZE    F_SETPIPE_SZ (pipe, fifo)
 *   close = PROC CHANNEL     the process closes its end of CHANNEL and
 *                            idles (pipe, fifo and socket kinds)
 * A PROC naming a replicated base ("worker") means every replica.
 */
enum cue_action {
	CUE_PAUSE = 0,
	CUE_RESUME,
	CUE_KILL,
	CUE_RATE,
	CUE_RESIZE,
	CUE_CLOSE,
	CUE_START,
	CUE_ACTION_COUNT
};

struct scen_action {
	int		 line;
	enum cue_action	 what;
	int		*procs;		/* process indices */
	int		 nprocs;
	int		 chan;		/* resize, close; else -1 */
	struct rate	 rate;		/* rate */
	uint64_t	 size;		/* resize: bytes asked */
	char		*text;		/* "consumer max", as written */
};

/*
 * A cue runs at the first sample at or after at_ms in which every one of
 * its 'when' conditions holds (none: at at_ms), and never before the cue
 * before it ran: the cues are a script, played in order. With --step, n
 * runs it once its conditions hold. The conditions are [expect] lines
 * ("writer = blocked write pipe", "reader.msgs_in >= 100"), and they are
 * also its caption's facts: the controller shows the caption as true
 * only while they hold, once the user has acted off the script.
 */
struct scen_cue {
	int		 line;
	uint64_t	 at_ms;
	char		*say;		/* may hold {NAME.FIELD} placeholders;
					   "" when the cue only acts */
	struct scen_action *actions;	/* in file order */
	int		 nactions;
	struct scen_expect_item *when;	/* all must hold; file order */
	int		 nwhen;
};

struct scen_expect {
	int		 line;		/* line of the [expect] header */
	uint64_t	 at_ms;
	bool		 at_end;	/* at = end: after every process ended or
					   the duration ran out */
	bool		 has_by;	/* by = TIME: may hold in any sample from
					   at_ms up to by_ms, not only just at
					   at_ms (never with at_end) */
	uint64_t	 by_ms;
	struct scen_expect_item	*items;
	int		 nitems;
};

struct scenario {
	char		*path;		/* as opened */
	char		*name;		/* file name without directory and .ini */
	char		*title;		/* required */
	char		*about;		/* may be empty */
	uint64_t	 duration_ms;	/* default 10s */
	uint64_t	 stall_ms;	/* nothing moves this long with every
					   live process blocked: a stall
					   (default 2s) */

	struct chan_conf	*channels;
	int			 nchannels;
	struct scen_proc	*procs;
	int			 nprocs;
	struct scen_cue		*cues;		/* sorted by at_ms */
	int			 ncues;
	struct scen_expect	*expects;	/* sorted by at_ms, at_end last */
	int			 nexpects;
};

/* Error list filled by scenario_load(). */
struct scen_errors {
	char		**msgs;		/* "FILE:LINE: message" */
	int		  n;
};

/*
 * Parse and validate the file at path. Returns the scenario, or NULL when
 * there was any error: then errs holds at least one message, each one
 * "FILE:LINE: message", except for what concerns the whole file: "FILE:
 * cannot open: REASON", "FILE: cannot read: REASON", and, after the first
 * 1000 errors of a file (a binary given by mistake), one "FILE: N more
 * errors not listed (at most 1000 are)". The scenario's name is made
 * printable (util_printable()); its path is kept as given, to open.
 */
struct scenario	*scenario_load(const char *path, struct scen_errors *errs);
void		 scenario_free(struct scenario *);
void		 scen_errors_clear(struct scen_errors *);

/*
 * Find a scenario by path or NAME: a string containing '/' or ending in
 * ".ini" is a path; otherwise NAME.ini is looked up in each directory of
 * $IPCSCOPE_PATH (colon separated), then the source tree's scenarios/ (when
 * run from the build tree), then the installed data directory. Returns an
 * allocated path or NULL.
 */
char		*scenario_find(const char *name_or_path);

/*
 * Every built-in scenario (.ini in the same directories, first one of a
 * NAME wins), sorted by name. *paths and *names are allocated arrays of
 * allocated strings; returns the count.
 */
int		 scenario_list(char ***paths, char ***names);

const char	*scenario_role_name(enum proc_role);	/* "producer" */
const char	*scenario_action_name(enum cue_action);	/* "pause" */
/* Channel index by name, -1 if none; proc index by name, -1 if none. */
int		 scenario_channel_index(const struct scenario *, const char *);
int		 scenario_proc_index(const struct scenario *, const char *);
/* Bytes per message written into channel c (its writers' common size). */
uint64_t	 scenario_channel_msgsize(const struct scenario *, int c);
/*
 * A condition as the user reads it, into out: "writer = blocked write
 * pipe", "reader.msgs_in >= 100", "pipe.fill = {pipe.capacity}".
 */
void		 scenario_cond_text(const struct scen_expect_item *, char *out,
		    size_t len);

#endif
