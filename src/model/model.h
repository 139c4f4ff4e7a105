/*
 * model.h: what ipcscope knows at one moment, for the view and the
 * headless writers.
 *
 * The model is a pure function of observations (obs.h): model_update()
 * takes what a source saw at one moment and computes states, rates over
 * the last second, history, stalls, events and the caption, with no system
 * call and no clock of its own, so every rule here is tested without a
 * process (tests/check_model.c). It is written only by model.c and by the
 * controller's events (model_add_event); readers (view.c, headless.c,
 * expect.c) treat it as read-only. Every number shown to a user comes
 * from here.
 * A value the kernel could not confirm is -1 (integers) or NAN (rates) and
 * is displayed as "?" / written as null: never a guess.
 */
#ifndef IPCSCOPE_MODEL_H
#define IPCSCOPE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/activity.h"
#include "kinds/channel.h"
#include "model/obs.h"
#include "scenario/scenario.h"

struct waits;

#define MODEL_HISTORY	128	/* samples kept per series (>= 120) */
#define MODEL_EVENTS	64	/* recent events kept for the display */

/* A ring of the last MODEL_HISTORY values; hist_at(h, 0) is the newest. */
struct hist {
	double		v[MODEL_HISTORY];
	int		head;		/* index of the next write */
	int		n;		/* values stored, <= MODEL_HISTORY */
};

void	 hist_push(struct hist *, double);
double	 hist_at(const struct hist *, int age);	/* NAN if age >= n */
double	 hist_max(const struct hist *);		/* 0 if empty */

struct model_chan {
	const char	*name;
	const struct channel_ops *ops;	/* the kind */
	const char	*kind;		/* the kind's name (ops->name) */
	bool		 by_messages;	/* unit is messages (posix-mq), else bytes */
	bool		 unbounded;	/* has no capacity (file): capacity -1
					   then means none, not unknown */
	bool		 one_side;	/* one side only (below; together with
					   the flags above: the history keeps
					   every byte of this struct) */
	const char	*unit;		/* "bytes", "messages", or the kind's
					   own ("holders", "signals") */
	/* The kind's words (channel_ops): what its two sides are called
	   (NULL: "writers", "readers"; model_side_word says which), and
	   whether it has one side only (a semaphore: users, no writers). */
	const char	*writers_word;
	const char	*readers_word;
	/* The unit of in_rate and out_rate: NULL bytes per second (they
	   equal in_bps and out_bps), else items per second ("sig/s").
	   model_chan_rate() gives the rate in its unit. */
	const char	*rate_unit;
	const char	*rule_send;	/* the kind's rules (channel_ops) */
	const char	*rule_recv;
	int64_t		 fill;		/* in unit; -1 unknown */
	int64_t		 capacity;	/* in unit; -1 unknown */
	int64_t		 bytes;		/* payload bytes inside; -1 unknown */
	int64_t		 messages;	/* messages inside; -1 unknown */
	int64_t		 dropped;	/* messages the kernel dropped (udp);
					   -1 where the kind never drops */
	int64_t		 dropped_seen;	/* the last count read, -1 none: what
					   stays once the object is gone */
	double		 in_bps;	/* bytes/s written in (smoothed); NAN unknown */
	double		 out_bps;	/* bytes/s read out (smoothed) */
	/* The same in rate_unit: items per second where the kind counts
	   items; NAN unknown. */
	double		 in_rate;
	double		 out_rate;
	/* A kind that merges a send into a pending one (channel_ops
	   merges): how many its writers sent that no reader will get,
	   sent - handled - pending (the pending ones are not merged yet);
	   -1 where the kind never merges, or while it is not known. */
	int64_t		 merged;
	int		 waiters;	/* semaphore: users the kernel confirms
					   blocked in acquire; -1 other kinds */
	int32_t		 value;		/* a followed semaphore's value; -1 */
	int64_t		 buffered_items;	/* in the writers' local buffers
					   (mpqueue); -1 none or unknown */
	int64_t		 buffered_bytes;
	struct hist	 fill_hist;	/* fill / capacity, 0..1 */
	struct hist	 in_hist;	/* in_rate */
	struct hist	 out_hist;	/* out_rate */
	int		*writers;	/* proc indices */
	int		*readers;
	int		 nwriters;
	int		 nreaders;
	/*
	 * A followed program's channel (model.grows): its writers and
	 * readers are the rows seen in a call on it, and holders the live
	 * processes holding an end (-1 unknown, and for a scenario's: its
	 * sides are its writers and readers). Its rates are the sum of its
	 * writers' and readers' I/O counters, all their I/O, not only this
	 * channel's: rate_source says so ("process io"; NULL: the
	 * scenario's workers count what they move on this channel).
	 */
	int		 holders;
	const char	*rate_source;
	bool		 closed;	/* every process that held an end has
					   ended: the kernel object is gone, its
					   fill unknown for good */
	uint8_t		 shape;		/* multiprocessing's word for it
					   (obs_chan): model_shape(); 0 none */
};

/*
 * A helper thread of a worker (mpqueue: "feeder"), shown apart from the
 * main thread under the same rule: blocked only if the kernel confirms it
 * (/proc/PID/task/TID: asleep in write on the channel's write end).
 */
struct model_thread {
	const char	*name;		/* "feeder"; NULL: the worker has none */
	pid_t		 tid;
	enum proc_state	 state;
	const char	*op;		/* "write"; NULL when none */
	int		 chan;		/* -1 */
	double		 state_s;
	double		 blocked_s;	/* 0 unless PS_BLOCKED */
	char		 kstate;	/* 0 unknown */
	long		 syscall;	/* -1 */
};

struct model_proc {
	const char	*name;
	const char	*role;		/* "producer", "consumer", "relay" */
	pid_t		 pid;		/* 0 before fork */
	enum proc_state	 state;
	const char	*op;		/* "write", "read", "open", "send",
					   "recv", "sleep", ...; NULL when none */
	int		 chan;		/* channel index the op concerns, -1 */
	double		 state_s;	/* seconds in the current state */
	double		 blocked_s;	/* seconds blocked; 0 unless PS_BLOCKED */
	uint64_t	 op_size;	/* bytes asked of the current call */
	/* bytes_in/out are I/O counters (obs.h): every byte the process
	   read or wrote, not only on channels; msgs_in/out unknown (0). */
	bool		 io_counters;
	/* Reads a program's raw bytes (scen_proc raw_in): no frames, so
	   msgs_in, lost, dup and ooo are unknown (left 0). */
	bool		 unframed;
	bool		 since_before;	/* a followed row in its call since
					   before ipcscope first looked:
					   blocked_s is at least that */
	uint8_t		 shape;		/* multiprocessing's word for it
					   (obs_proc): model_shape(); 0 none */
	uint64_t	 bytes_out, bytes_in, msgs_out, msgs_in;
	uint64_t	 lost, dup, ooo;	/* integrity, consumers and relays */
	uint64_t	 eagain;	/* non-blocking sends refused */
	uint64_t	 dropped;	/* messages given up (nonblock=drop) */
	uint64_t	 markers_out;	/* end markers it wrote */
	double		 out_bps, in_bps;	/* smoothed */
	/* The rates in the unit of the channel it writes (out) and reads
	   or uses (in): NULL bytes per second (equal to the bps), else
	   the kind's rate_unit, items per second. */
	double		 out_rate, in_rate;
	const char	*out_unit, *in_unit;
	struct hist	 out_hist, in_hist;	/* out_rate, in_rate */
	char		 kstate;	/* /proc/PID/stat state: 'R','S','T',...; 0 unknown */
	char		 wchan[48];	/* "" unknown */
	long		 syscall;	/* /proc/PID/syscall number; -1 running or unknown */
	struct rate	 rate;		/* current rate limit (changed with +/-) */
	bool		 user_paused;	/* paused from the keyboard */
	bool		 gone;		/* the kernel says it ended (reaped):
					   every descriptor it held is closed */
	int		 exit_code;	/* valid when done/failed and !signal */
	int		 signal;	/* killed by this signal, 0 if none */
	int		 error;		/* errno of the failing call, 0 if none */
	int		 thread_of;	/* a followed program's thread: its
					   process's row; -1 */
	char		 detail[96];	/* "killed by SIGPIPE", "write: EPIPE" */
	struct model_thread thread;	/* thread.name NULL: none */
	/*
	 * A followed program's rows (model.grows) are processes and
	 * threads: a thread is a row of its own, under its process
	 * (model_row_order). For a scenario's, thread_of is -1 and the
	 * rest is NULL or false.
	 */
	const char	*rate_source;	/* "process io", "thread io": rates
					   from the kernel's I/O counters, all
					   its I/O; NULL its own count */
	const char	*unknown;	/* why what it does cannot be seen
					   ("no permission"), NULL */
};

struct model_event {
	double		 t;
	int		 proc;		/* -1 if none */
	char		 what[16];	/* start exit signal pause resume kill
					   error stall rate cue resize close go */
	char		 detail[320];
};

struct model {
	const struct scenario	*sc;
	double			 t;		/* seconds since start */
	bool			 all_paused;	/* space */
	bool			 finished;	/* every process ended */
	struct model_chan	*chans;
	int			 nchans;
	struct model_proc	*procs;
	int			 nprocs;
	char			 caption[512];	/* current cue, placeholders filled; "" none */
	/* The last cue the controller ran (at its time, or when the
	   presenter stepped to it), -1 none; the caption is the latest
	   one up to it that says something. */
	int			 cue;
	bool			 step;		/* --step: cues wait for n */
	int			 cue_waiting;	/* --step: n was pressed for
						   this cue, which waits for
						   its 'when' conditions; -1
						   none */
	/*
	 * The script against the state (model_caption()). off_script says
	 * what the user last did where the script did not foresee it ("you
	 * paused reader"; "" while nobody has), and acted counts such acts:
	 * a run they changed stays changed, so from the first one on a
	 * cue's caption is shown only while its 'when' conditions hold, and
	 * once they fail not again (caption_dropped, until the next cue);
	 * one without conditions is not vouched for at all. A caption with
	 * a placeholder whose value is unknown is never shown. In their
	 * place the live caption, said from the state (explain_live()), with
	 * caption_live set.
	 */
	char			 off_script[96];
	int			 off_proc;	/* the process acted on, -1 */
	unsigned		 acted;		/* the user's acts this run */
	bool			 caption_live;
	bool			 caption_dropped;
	bool			 over;		/* the terminal UI stopped
						   the run when the script's
						   duration ran out */
	/*
	 * Stall analysis: set when no live process can make progress (all
	 * blocked and nothing moved for the scenario's stall time), or when
	 * processes wait on a channel no live process will ever serve.
	 */
	bool			 stalled;	/* now */
	bool			 stall_seen;	/* at any time in this run */
	double			 stall_t;	/* when it was reported */
	char			*stall_text;	/* who waits for what, why;
						   never NULL */
	int			 nstalls;	/* stall texts made so far (the
						   history keeps them by number) */
	int			*stall_procs;	/* proc indices, every one */
	int			 nstall_procs;
	int			*stall_chans;	/* channel indices */
	int			 nstall_chans;
	/*
	 * Who waits for whom (model/waits.h), computed by every
	 * model_update(); NULL before the first. A snapshot from
	 * history_get() shares the live model's pointer: whoever draws a
	 * snapshot computes its own with waits_compute().
	 */
	struct waits		*waits;
	struct model_event	 events[MODEL_EVENTS];	/* ring */
	int			 nevents;	/* total ever added */

	/* Called for every event as it is added (headless writers). */
	void			(*on_event)(void *, const struct model *,
				    const struct model_event *);
	void			*on_event_arg;
	/*
	 * A followed program (ipcscope -- CMD, --attach): rows and
	 * channels are added as the source finds them (model_update grows
	 * the model), so nprocs and nchans only grow. follow_what says
	 * what is followed ("sh -c ... (pid 4242)") and follow_log where
	 * its output goes; set by the controller, NULL for a scenario.
	 */
	bool			 grows;
	const char		*follow_what;
	const char		*follow_log;
	struct model_priv	*priv;		/* model.c's own bookkeeping */
};

/*
 * The unit of a channel counted in items, as a number shows it: "msgs"
 * for messages, else the unit itself ("signals").
 */
const char	*model_unit_abbr(const struct model_chan *);
/* What the processes on one side of c are called: "writers", "readers",
   or the kind's own word ("users", "senders"). */
const char	*model_side_word(const struct model_chan *, bool writers);
/*
 * True when channel c's rate on one side (in: its writers') is not known
 * because everyone on that side is a program seen through its I/O
 * counters, which count all its I/O, not this channel's: the view leaves
 * that rate out rather than print "?", and explain says why.
 */
bool		 model_side_program(const struct model *,
		     const struct model_chan *, bool writers);
/*
 * A rate in its unit (rate_unit, out_unit, in_unit: NULL bytes per
 * second): items per second where the kind counts items, else bytes.
 * in: the rate in (a channel's writers', a process's reads).
 */
double		 model_chan_rate(const struct model_chan *, bool in);
double		 model_proc_rate(const struct model_proc *, bool in);
/* Event number i counting back from the newest (0); NULL if gone. */
const struct model_event *model_event_at(const struct model *, int age);
/*
 * The rows in the order they are shown: each process, then its threads
 * (a followed program's; live processes and threads before ended ones),
 * into order (m->nprocs of them). A scenario's rows are in their own
 * order. row_pos gives row i's place in it, -1 if
 * none.
 */
void		 model_row_order(const struct model *, int *order);
/* A followed row's or channel's shape (its index), in multiprocessing's
   words: NULL for 0. */
const char	*model_shape(const struct model *, uint8_t shape);
int		 model_row_pos(const struct model *, int row);

/*
 * Set up for a run of sc (again, on restart): every process starting.
 * first, when not NULL, is the source's first observation: what it says
 * of the channels (their capacities) is known from the start, so that the
 * scenario's header can say it; states, rates and events come with the
 * first model_update().
 */
void		 model_init(struct model *, const struct scenario *,
		    const struct obs *first);
/*
 * One tick: what the source saw (o->nprocs and o->nchans as the
 * scenario's) becomes states, rates, history, events, the stall analysis
 * and the caption. A source that names its rows and channels (a followed
 * program, o->grows) may add some each time: the model grows with it,
 * and a row first seen gets its "start" event (a process's, not a
 * thread's), an exec its "exec" event.
 */
void		 model_update(struct model *, const struct obs *o);
/* Fill the caption again (after the controller ran a cue). */
void		 model_caption(struct model *);
/*
 * The controller ran cue k (its 'when' conditions held): its caption from
 * now on, checked against them if the user has changed the run.
 */
void		 model_cue_ran(struct model *, int k);
/*
 * The user acted where the script did not foresee it, on process proc
 * (-1: none or all): why says what, as a caption's title shows it ("you
 * paused reader"). The caption is checked again at once.
 */
void		 model_off_script(struct model *, int proc, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
void		 model_add_event(struct model *, int proc, const char *what,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void		 model_free(struct model *);

#endif
