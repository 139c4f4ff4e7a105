/*
 * replay-int.h: what the files of the replay layer share (only
 * src/replay includes it, and tests/check_replay.c).
 *
 *   replay.c     open, the first pass that checks the whole file, the
 *                steps (peek, observe, rewind), the source
 *   rp-read.c    lines (bounded), JSON through jansson, typed members
 *                with FILE:LINE errors, words kept for the replay
 *   rp-header.c  the scenario record: the scenario and its kinds
 *   rp-sample.c  samples and events: the state they say, as observations
 */
#ifndef IPCSCOPE_REPLAY_INT_H
#define IPCSCOPE_REPLAY_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "replay/replay.h"
#include "base/util.h"

/*
 * The observations' clock: a recorded t of 0 is RP_T0. Far from 0, so
 * that a start before the first sample (now - state_s) stays positive.
 */
#define RP_T0		(1ULL << 62)
#define RP_WORDS	64		/* distinct words kept (then "?") */
#define RP_WORD_MAX	47
#define RP_EXEC_ARGS	256		/* an exec process's words, at most */
#define RP_MAX_DECLARED	65536		/* a followed program's rows, and
					   its channels, at most */

/*
 * What a recording may lack (an older ipcscope's): bits of lacks_bits.
 * replay_lacks() names those whose loss shows; the others are worked
 * out as well as from the recorded run (ends from the calls seen, rates
 * from the counters, exits from their text).
 */
#define RP_LACK_ABOUT	0x01	/* the about text */
#define RP_LACK_WORDS	0x02	/* the kinds' words and rules */
#define RP_LACK_ENDS	0x04	/* who writes and reads each channel */
#define RP_LACK_CAPTION	0x08	/* the caption in effect, per sample */
#define RP_LACK_STALLED	0x10	/* whether the stall banner is up */
#define RP_LACK_RATES	0x20	/* each process's rates */
#define RP_LACK_SINCE	0x40	/* how long each has been in its state */
#define RP_LACK_EXIT	0x80	/* exit code, signal and errno by name */

/* A channel's kind, made of what the recording says of it. */
struct rp_kind {
	struct channel_ops	 ops;
	int64_t			 capacity;	/* as recorded; -1 unknown */
	char			*name, *unit, *send_op, *recv_op;
	char			*rule_send, *rule_recv, *rule_close;
	char			*writers, *readers, *rate_unit;
};

/* Per process: what the samples do not say (older recordings). */
struct rp_track {
	char		 key[80];	/* state, op and channel last seen */
	uint64_t	 since_ns;	/* when they last changed */
};

/*
 * A followed program's row or channel, declared by a "row" or "channel"
 * record as it appeared: index sc->nprocs + k (sc->nchannels + k).
 */
struct rp_row {
	char		*name;
	int		 thread_of;	/* its process's row; -1 a process */
	bool		 listed;	/* a thread: in the sample just read */
};

struct rp_chan {
	char		*name;
	struct rp_kind	*kind;		/* its own (pointers into it stay) */
	int		*writers, *readers;	/* rows, as the sample names */
	int		 nwriters, nreaders;
	int		 holders;
};

enum rp_step {
	RP_SAMPLE = 0,
	RP_EVENT
};

struct replay {
	char		*path;		/* as given, to open */
	char		*shown;		/* printable, for messages */
	FILE		*f;
	long		 line;		/* number of the last line read */
	bool		 nl;		/* it ended in a newline */
	bool		 eof;
	struct strbuf	 buf;		/* that line */
	long		 body_off;	/* offset after the header line */
	long		 end_off;	/* what the first pass accepted; -1
					   while it runs */
	bool		 checking;	/* the first pass */
	char		*err;		/* the first error, "FILE:LINE: ..." */

	struct scenario	*sc;
	struct rp_kind	*kinds;		/* one per channel */
	unsigned	 lacks_bits;
	char		 lacks[256];
	bool		 ends_given;	/* the header names every end */

	/*
	 * A followed program's (obs.grows): the rows and channels the
	 * first pass found declared, in order; pend_* how many the reading
	 * has passed, vis_* as of the step taken (what is observed).
	 */
	bool		 grows;
	struct rp_row	*rows;
	int		 nrows, pend_rows, vis_rows;
	struct rp_chan	*xchans;
	int		 nxchans, pend_chans, vis_chans;
	int		 cap_procs, cap_chans;	/* the state arrays' room */
	int		 inited_procs, inited_chans;	/* and what is set */
	struct obs_chan	*chan_info;

	/* The state as of the last sample. */
	uint64_t	 now_ns;
	struct obs_proc	*procs;
	struct obs_rec_proc *rprocs;
	char		(*details)[96];
	struct rp_track	*track;
	struct chan_sample *chans;
	char		*caption;	/* "" none */
	bool		 caption_live;	/* said from the state */
	char		 off_script[96];	/* its title's why; "" none */
	bool		 stalled;
	int		 nsamples;

	/* The step just taken: an event, and a stall it reported. */
	struct obs_event ev;
	int		 nev;
	char		*ev_what, *ev_detail;
	char		*stall_text;	/* NULL none */
	int		*stall_procs, nstall_procs;
	int		*stall_chans, nstall_chans;
	struct obs_rec	 rec;

	/* The next step, read ahead; done when there is none. */
	json_t		*next;
	enum rp_step	 next_kind;
	double		 next_t;
	long		 next_line;
	bool		 done;

	/* Found by the first pass. */
	double		 length;
	int		 total;
	char		*end_reason;
	long		 cut;
	long		 cut_off;	/* where that line starts */
	bool		 end_seen;

	char		*words[RP_WORDS];
	int		 nwords;
};

/* rp-read.c */
/* An error at the current line (or at line 0: the whole file): -1. */
int	 rp_error(struct replay *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * The next line into r->buf: 1, 0 at the end (of the file, or of what
 * the first pass accepted), -1 after rp_error (too long, a read error).
 */
int	 rp_read_line(struct replay *);
/* Parse r->buf: a JSON object, or NULL with *why set (jansson's). */
json_t	*rp_parse(struct replay *, char *why, size_t len);
/*
 * Members of object o, for a message that names what ("process
 * 'writer'"). Each returns 0 (absent: the value untouched, *present
 * false where asked), or -1 after rp_error when the type is wrong.
 * rp_str: NULL for null; the string is jansson's (valid while o is).
 * rp_count: an integer >= 0, -1 for null. rp_num: NAN for null.
 */
int	 rp_str(struct replay *, json_t *o, const char *what, const char *key,
	    const char **v, bool *present);
int	 rp_count(struct replay *, json_t *o, const char *what,
	    const char *key, int64_t *v, bool *present);
int	 rp_num(struct replay *, json_t *o, const char *what, const char *key,
	    double *v, bool *present);
int	 rp_bool(struct replay *, json_t *o, const char *what, const char *key,
	    bool *v, bool *present);
/* An array member: NULL when absent or null, else the array. */
int	 rp_array(struct replay *, json_t *o, const char *what,
	    const char *key, json_t **v);
/* A copy of s made printable (NULL stays NULL). */
char	*rp_dup(const char *s);
/* s, printable, kept for the whole replay; "?" once RP_WORDS are kept. */
const char *rp_word(struct replay *, const char *s);
/* The same, up to max bytes (a row's or channel's shape: a sentence). */
#define RP_SHAPE_MAX	300
const char *rp_text(struct replay *, const char *s, size_t max);
/*
 * Rows and channels as the reading has declared them so far (the
 * scenario's, then a followed program's), their names and kinds.
 */
int	 rp_nprocs(const struct replay *);
int	 rp_nchans(const struct replay *);
const char *rp_proc_name(const struct replay *, int);
const char *rp_chan_name(const struct replay *, int);
const struct channel_ops *rp_chan_ops(const struct replay *, int);
/* Index of the process or channel named s: -1 after rp_error if none. */
int	 rp_proc_index(struct replay *, const char *what, const char *s);
int	 rp_chan_index(struct replay *, const char *what, const char *s);

/* rp-header.c */
/* The scenario record: r->sc and r->kinds. 0, or -1 after rp_error. */
int	 rp_header(struct replay *, json_t *o);
/*
 * A recording without its processes' channels (an older one's), after
 * the first pass inferred what the calls seen say: with one channel,
 * each producer writes it, each consumer reads it, each user uses it.
 */
void	 rp_header_infer(struct replay *);
void	 rp_header_free(struct replay *);
/*
 * A "row" or "channel" record (type): declared in the first pass, passed
 * over when playing. 0, or -1 after rp_error.
 */
int	 rp_declare(struct replay *, json_t *o, const char *type);

/* rp-sample.c */
/* Room for the state, and the state before the first step. */
void	 rp_state_new(struct replay *);
void	 rp_state_reset(struct replay *);
void	 rp_state_free(struct replay *);
/* Room in the state for every row and channel declared so far. */
void	 rp_state_grow(struct replay *);
/* Take a step: 0, or -1 after rp_error. */
int	 rp_sample(struct replay *, json_t *o, double t);
int	 rp_event(struct replay *, json_t *o, double t);
/* Forget the last step's event and stall (before the next step). */
void	 rp_step_clear(struct replay *);

#endif
