/*
 * activity.h: what a process or thread is doing, in the words every layer
 * uses: the states a worker reports (or a source infers) and the calls and
 * reasons to sleep, with their names. One vocabulary for the telemetry
 * slots, the observations, the model and everything that prints them.
 */
#ifndef IPCSCOPE_ACTIVITY_H
#define IPCSCOPE_ACTIVITY_H

/* What a process or thread is doing, as reported. */
enum act {
	ACT_STARTING = 0,	/* forked, setting up */
	ACT_RUNNING,		/* between calls */
	ACT_CALL,		/* inside the call named by op */
	ACT_SLEEP,		/* sleeping on purpose, the reason in op */
	ACT_DONE,		/* finished its work, about to exit 0 */
	ACT_FAILED		/* a call failed (err, err_op): exiting 1 */
};

/*
 * The calls and the reasons to sleep. Names: op_name(); OP_SEND and
 * OP_RECV take the channel kind's own words ("write", "put", "acquire").
 */
enum op {
	OP_NONE = 0,
	OP_SEND,		/* the channel's send call */
	OP_RECV,		/* the channel's receive call */
	OP_OPEN,		/* opening an end (FIFO) */
	OP_START,		/* sleeping: start delay */
	OP_RATE,		/* sleeping: rate limit */
	OP_THINK,		/* sleeping: think time */
	OP_TAIL,		/* sleeping: at the end of a file whose
				   writer lives, waiting for more */
	OP_POLL,		/* a non-blocking sender waiting in poll()
				   for room */
	OP_HOLD,		/* sleeping: a semaphore user holding it */
	OP_JOIN,		/* waiting for others to finish: a queue's
				   join() or the join of a feeder thread */
	OP_WRITE,		/* a helper thread's write into the kernel
				   object (mpqueue feeder) */
	OP_CUE,			/* sleeping: start = cue, until a cue
				   starts it */
	OP_CLOSED,		/* sleeping: a cue made it close its end
				   of chan; it has nothing left to do */
	OP_EXEC,		/* an exec process starting its program
				   (execve); after it, what the kernel
				   shows */
	OP_COUNT
};

/*
 * The name of op: OP_SEND and OP_RECV take the words of the channel's
 * kind (send_word, recv_word: "write", "get"), or "send" and "recv" when
 * those are NULL; NULL for OP_NONE or a value out of range.
 */
const char	*op_name(unsigned op, const char *send_word,
		    const char *recv_word);

/*
 * A process's state as the model derives it from what it reports and what
 * the kernel confirms (model.h); names: state_name() ("blocked").
 */
enum proc_state {
	PS_STARTING = 0,	/* forked, not yet reporting */
	PS_RUNNING,		/* on a CPU or about to be */
	PS_BLOCKED,		/* inside an IPC call the kernel confirms it sleeps in */
	PS_WAITING,		/* sleeping on purpose: start delay, rate limit, think time */
	PS_PAUSED,		/* stopped (SIGSTOP) */
	PS_DONE,		/* exited 0 */
	PS_FAILED,		/* exited non-zero or killed by a signal */
	PS_COUNT
};

/* "blocked"; "?" out of range. state_by_name(): -1 if none. */
const char	*state_name(enum proc_state);
int		 state_by_name(const char *);

#endif
