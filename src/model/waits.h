/*
 * waits.h: who waits for whom.
 *
 * A pure analysis of the model (no system call, no clock: only its
 * processes, their helper threads, the channels and their writers and
 * readers). Each blocked process or thread (PS_BLOCKED: the kernel
 * confirms it sleeps in its call) is one wait: the call, the channel, and
 * the processes that could serve it:
 *   - a receiver: the channel's live writers (and their helper threads,
 *     which may be what delivers: an mpqueue's feeder);
 *   - a sender (the channel is full; also a non-blocking sender polling
 *     for room) and a helper thread's write: its live readers;
 *   - an acquirer of a kind that users take and give back (a semaphore):
 *     the users that hold it now, or run (they may be about to release);
 *   - an open (a FIFO): the live processes of the other side;
 *   - a join: its own helper thread while that has work (the feeder
 *     writing what put() buffered), else the channel's live readers,
 *     which must take the items and mark them done.
 * Live: not ended, and not idle for good after a cue made it close its
 * end. A process never serves itself (its thread may serve it).
 *
 * Then the marks. A wait is stuck when none of its servers can act: none
 * is left (a stall: servers empty), or every one is itself a stuck wait.
 * Stuck waits on a cycle (A waits on B, B waits on A) are a deadlock; a
 * stuck wait that is neither waits behind one. A server that is not
 * blocked (running, sleeping on purpose, paused by the user, starting)
 * can act, so nobody who waits on it is stuck. Nor is a server blocked
 * on the same channel the other way (one sends, the other receives, or
 * both open it): the channel cannot be full and empty at once, so one of
 * them was seen a moment late and is about to wake; a cycle is never made
 * of such a pair.
 *
 * A node names a process's main thread or its helper thread:
 * WAIT_NODE(proc, thread); servers are nodes.
 */
#ifndef IPCSCOPE_WAITS_H
#define IPCSCOPE_WAITS_H

#include <stdbool.h>

#include "model/model.h"

#define WAIT_NODE(proc, thread)	((proc) * 2 + ((thread) ? 1 : 0))
#define WAIT_NODE_PROC(node)	((node) / 2)
#define WAIT_NODE_THREAD(node)	(((node) & 1) != 0)

enum wait_mark {
	WAIT_FREE = 0,		/* some server can act */
	WAIT_STALL,		/* nobody is left who could serve it */
	WAIT_CYCLE,		/* on a cycle of stuck waits: a deadlock */
	WAIT_BEHIND		/* every server is stuck behind a stall or a
				   cycle */
};

/* Where its servers come from: what the view says when none is left. */
enum wait_side {
	WAIT_SIDE_NONE = 0,	/* a call or a channel the analysis does not
				   know: no servers, and that says nothing */
	WAIT_SIDE_WRITERS,
	WAIT_SIDE_READERS,
	WAIT_SIDE_HOLDERS,	/* the users of a semaphore */
	WAIT_SIDE_THREAD	/* its own helper thread */
};

struct wait {
	int		 proc;		/* process index */
	bool		 thread;	/* its helper thread (model_proc.thread) */
	const char	*op;		/* the call, as the model names it */
	unsigned	 call;		/* enum op: OP_SEND, OP_RECV, OP_OPEN,
					   OP_POLL, OP_JOIN, OP_WRITE; OP_NONE
					   when the analysis does not know it */
	int		 chan;		/* channel index; -1 none */
	enum wait_side	 side;
	int		 first;		/* its servers: servers[first ..] */
	int		 nservers;
	enum wait_mark	 mark;
};

/*
 * The result, owned by whoever made it: zero it before the first
 * waits_compute(); waits_clear() frees what it holds.
 */
struct waits {
	struct wait	*w;		/* n of them: by process, its main
					   thread before its helper */
	int		 n;
	int		*servers;	/* nodes */
	int		 nservers;
	int		 ncycle;	/* waits so marked */
	int		 nstall;
	int		 nbehind;
	/* The analysis's own room: grows as needed, never shrinks. */
	int		 wcap, scap, ncap;
	int		*scratch;
};

/* Who waits for whom in m, into *ws (its earlier content replaced). */
void	 waits_compute(struct waits *ws, const struct model *m);
void	 waits_clear(struct waits *ws);

/*
 * The model's own result (m->waits), made at its first use and computed
 * again by every model_update(); waits_free() frees it.
 */
void	 waits_update(struct model *m);
void	 waits_free(struct waits *ws);

/* Is process p (or its thread) still able to act: not ended? */
bool	 waits_proc_live(const struct model_proc *p);
bool	 waits_thread_live(const struct model_proc *p);

#endif
