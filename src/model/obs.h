/*
 * obs.h: observations, what a source saw at one moment, and the one
 * interface through which the model receives them.
 *
 * The model (model.h) is a pure function of observations: it makes no
 * system call and reads no clock. A source fills a struct obs once per
 * tick and the model computes states, rates, history, stalls, events and
 * the caption from it. The scenario runner is one source (its workers'
 * telemetry slots, /proc and the channels' kernel objects: run-source.c);
 * a followed program or a recorded run can be others, and nothing
 * downstream of the model cares which one fed it.
 *
 * What a source must say truthfully:
 *   - act/op/chan/since: what the process (or thread) is doing, as it
 *     reports it or as the source infers it from the kernel;
 *   - kstate: the kernel's state letter ('R', 'S', 'D', 'T', ...), 0 when
 *     unknown;
 *   - confirmed: the kernel confirms that the process sleeps in the very
 *     system call of op, on chan's object (syscall number and first
 *     argument, see channel.h's confirm). The model says BLOCKED only
 *     when this is true: a source that cannot confirm leaves it false.
 * Counters only grow; a value the source does not know is -1 (channels)
 * or left 0 with the matching flag unset.
 *
 * A scenario's processes and channels are the scenario's, fixed at start.
 * A followed program's (ipcscope -- CMD, --attach: src/follow) are not:
 * that source names its rows and channels itself (obs_proc.name,
 * obs.chan_info) and their number only grows from one observation to the
 * next: row i stays the same process or thread for the whole run (one
 * that ended stays, ended), channel c the same kernel object. A thread of
 * a followed process is a row of its own (thread_of: its process's row).
 * The model grows with them (model.h).
 */
#ifndef IPCSCOPE_OBS_H
#define IPCSCOPE_OBS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/activity.h"
#include "kinds/channel.h"
#include "base/units.h"

/* A helper thread of a process (mpqueue: the feeder). */
struct obs_thread {
	pid_t		 tid;		/* 0: the process has none */
	const char	*name;		/* "feeder" */
	enum act	 act;
	unsigned	 op;		/* enum op */
	int		 chan;		/* -1 none */
	uint64_t	 since_ns;	/* when act/op began */
	char		 kstate;
	long		 syscall;	/* -1 unknown or running */
	bool		 confirmed;
};

struct obs_proc {
	pid_t		 pid;		/* 0: not started (yet) */
	/* Ended: the exit status and when it was seen (reaped). */
	bool		 ended;
	int		 wstatus;	/* as waitpid gives it; -1 not known
					   (a followed process not ipcscope's
					   to reap, of which the kernel did
					   not say) */
	uint64_t	 end_ns;
	/* What it is doing, as reported. */
	enum act	 act;
	unsigned	 op;		/* enum op */
	int		 chan;		/* -1 none */
	uint64_t	 since_ns;
	uint64_t	 op_size;	/* bytes asked of the current call */
	/* A failed call: errno, its op and channel (0, OP_NONE, -1). */
	int		 err;
	unsigned	 err_op;
	int		 err_chan;
	/* Counters. io_counters: bytes_in and bytes_out are the kernel's
	   I/O counters of the whole process (/proc/PID/io rchar and wchar:
	   every read and write, on its channels or not), and the message
	   counts are unknown (0): a program followed from outside, with
	   no telemetry slot of its own. */
	bool		 io_counters;
	uint64_t	 bytes_out, bytes_in, msgs_out, msgs_in;
	uint64_t	 lost, dup, ooo;
	uint64_t	 eagain, dropped;
	uint64_t	 markers_out;	/* end markers written */
	/* The kernel's view. */
	char		 kstate;	/* 0 unknown */
	long		 syscall;	/* -1 unknown or running */
	char		 wchan[48];	/* "" unknown */
	bool		 confirmed;
	/* Set by the controller. */
	struct rate	 rate;		/* the current rate limit */
	bool		 user_paused;
	struct obs_thread thread;
	/*
	 * A followed program's row (NULL name: a scenario's, named by the
	 * scenario, and the rest is left 0). Strings are the source's,
	 * valid until the next observation; the model copies what it keeps.
	 */
	const char	*name;		/* "comm[pid]": stable and unique */
	int		 thread_of;	/* a thread: its process's row; -1 (or
					   0 with name NULL) a process */
	const char	*call;		/* the system call it is in, by name
					   ("write", "futex"): the op's word,
					   NULL for the kind's own; a static
					   string (the model keeps it) */
	bool		 since_before;	/* in that call since before its first
					   sample: since_ns is that sample */
	const char	*unknown;	/* why what it does cannot be seen
					   ("no permission"): a static string,
					   NULL none */
	const char	*shape;		/* what Python's multiprocessing calls
					   it ("a Queue's feeder thread"): a
					   static string, NULL none */
	const char	*exec;		/* what it runs after its last exec
					   (comm), NULL none */
	unsigned	 execs;		/* execs seen since it was first seen:
					   each new one is an event */
	uint64_t	 start_ns;	/* when the source learnt of it (a
					   fork seen as it happened), for its
					   start event; 0: this observation */
};

/*
 * A followed program's channel: one kernel buffer (a pipe, or the
 * receive queue of one socket), its kind, and who is seen on each side.
 * writers and readers list the rows seen in a call on it (held is not
 * used: under fork every child holds every end made before it), each
 * row once, in the order seen: the lists only grow.
 */
struct obs_chan {
	const char			*name;	/* "pipe:[38211]" */
	const struct channel_ops	*ops;
	const int			*writers;
	int				 nwriters;
	const int			*readers;
	int				 nreaders;
	int				 holders;	/* live processes holding
							   an end; -1 unknown */
	/* What Python's multiprocessing calls it (a static string, NULL
	   none); a semaphore's value read from memory (-1 unknown). */
	const char			*shape;
	int64_t				 value;
};

/*
 * A recorded run (--replay, src/replay/) says more than a live source
 * can: what the model worked out when the run was recorded and that
 * cannot be worked out again from a recording (events at their own
 * times, captions as they were said with the numbers of that moment, the
 * stall as it was reported, rates over the recording run's own ticks).
 * Only the replay source sets obs.rec; every other source leaves it
 * NULL, and the model then works all of it out itself as before. Strings
 * are the source's, valid until its next observe(), except op and
 * thread_name-like words, which the source keeps for the whole replay
 * (the history holds on to them).
 */
struct obs_event {
	double		 t;		/* seconds since the start */
	int		 proc;		/* -1 none */
	const char	*what;		/* "start", "cue", ... */
	const char	*detail;	/* "" none */
};

struct obs_rec_proc {
	bool		 has_rates;	/* out_bps and in_bps as recorded */
	double		 out_bps, in_bps;	/* NAN unknown */
	/* out_rate and in_rate as recorded: items per second where the
	   kind counts items (channel_ops rate_unit) */
	bool		 has_item_rates;
	double		 out_rate, in_rate;	/* NAN unknown */
	const char	*op;		/* a recorded word no enum op names
					   (a newer ipcscope's); NULL none */
	const char	*detail;	/* ended: the recorded exit text
					   ("killed by SIGPIPE"); NULL none */
};

struct obs_rec {
	const char	*caption;	/* the caption in effect; "" none */
	bool		 caption_live;	/* said from the state (model.h) */
	const char	*off_script;	/* why, as its title says; "" none */
	bool		 stalled;	/* the stall banner is up */
	/* A stall reported since the previous observation: its text and
	   who waits on what (indices); stall_text NULL: none. */
	const char	*stall_text;
	const int	*stall_procs;
	int		 nstall_procs;
	const int	*stall_chans;
	int		 nstall_chans;
	/* The events recorded since the previous observation, in order. */
	const struct obs_event *events;
	int		 nevents;
	const struct obs_rec_proc *procs;	/* one per obs.procs */
};

struct obs {
	uint64_t	 now_ns;	/* when this was seen (CLOCK_MONOTONIC) */
	uint64_t	 t0_ns;		/* when the run started */
	struct obs_proc	*procs;
	int		 nprocs;
	struct chan_sample *chans;	/* fill etc., as channel.h says */
	int		 nchans;
	/* A followed program's channels, named (nchans of them), NULL for
	   a scenario's; grows: rows and channels may be added each time. */
	const struct obs_chan *chan_info;
	bool		 grows;
	const struct obs_rec *rec;	/* a recorded run; NULL live */
};

/*
 * A source of observations. observe() fills *o for this moment (its
 * arrays are the source's own, valid until the next call). The actions
 * are what the controller may do to the observed processes; NULL where a
 * source cannot (a recorded run: the user is told "not available for
 * this source"). They return 0, or -1 with errno: ESRCH when the process
 * has ended, another errno when it failed otherwise. What an action changes
 * (user_paused, rate) shows in the next observe().
 */
struct source_ops {
	const char	*name;		/* "scenario" */
	void		(*observe)(void *, struct obs *o);
	int		(*pause)(void *, int proc);
	int		(*resume)(void *, int proc);
	int		(*kill)(void *, int proc);
	int		(*set_rate)(void *, int proc, const struct rate *);
	int		(*go)(void *, int proc);
	int		(*close_end)(void *, int proc, int chan);
	int		(*resize)(void *, int chan, uint64_t size,
			    int64_t *got);
};

#endif
