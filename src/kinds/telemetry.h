/*
 * telemetry.h: one slot per worker in a shared page. A worker writes its
 * own slot with relaxed atomic stores around every IPC call, and reads no
 * clock there: entering a call bumps calls, and the observer times the
 * call from the tick at which it first sees that number (so a call's
 * length is known to within one tick, short rather than long). Sleeps,
 * which cost a system call anyway, carry their own CLOCK_MONOTONIC
 * timestamp. The observer only reads, except the control fields, which
 * only the observer writes. Nothing here is trusted alone: the observer
 * cross-checks "in a call" with /proc before it says blocked.
 */
#ifndef IPCSCOPE_TELEMETRY_H
#define IPCSCOPE_TELEMETRY_H

#include <stdatomic.h>
#include <stdint.h>

#include "base/activity.h"

struct tel_slot {
	_Atomic uint32_t	state;		/* enum act */
	_Atomic uint32_t	op;		/* enum op */
	_Atomic int32_t		chan;		/* channel index, -1 */
	_Atomic int32_t		error;		/* errno of a failed call */
	/* CLOCK_MONOTONIC at a change into any state but ACT_CALL */
	_Atomic uint64_t	since_ns;
	/* Calls entered so far: whoever stores ACT_CALL in state first
	   stores op, chan, op_size and calls + 1 (tel_enter_call). */
	_Atomic uint64_t	calls;
	_Atomic uint64_t	op_size;	/* bytes asked of the call */
	_Atomic uint64_t	bytes_out;
	_Atomic uint64_t	bytes_in;
	_Atomic uint64_t	msgs_out;
	_Atomic uint64_t	msgs_in;
	_Atomic uint64_t	lost;
	_Atomic uint64_t	dup;
	_Atomic uint64_t	ooo;
	_Atomic uint64_t	eagain;		/* non-blocking sends refused */
	_Atomic uint64_t	dropped;	/* messages given up (nonblock=drop) */
	_Atomic uint64_t	markers_out;	/* end markers written */
	_Atomic uint32_t	err_op;		/* enum op of the failed call */
	_Atomic int32_t		err_chan;
	/* Written by the observer once it has reaped this worker: readers
	   of a file use it to know no more data will come. */
	_Atomic uint32_t	reaped;
	/* Written by the observer: a new rate takes effect when gen moves. */
	_Atomic uint32_t	ctl_gen;
	_Atomic uint32_t	rate_kind;	/* enum rate_kind */
	_Atomic uint64_t	rate_milli;	/* rate value * 1000 */
	/*
	 * Written by the observer for cue actions, then SIGURG (which
	 * interrupts whatever call the worker is in): go = 1 starts a
	 * worker waiting with start = cue; close has bit c set for each
	 * channel c whose end the worker must close. The worker clears
	 * close bits as it acts; until then the observer pokes again.
	 */
	_Atomic uint32_t	ctl_go;
	_Atomic uint32_t	ctl_close;
	/* Written by the worker: its pid at once, then ready = 1 once its
	   channel ends are open (a signal consumer: once it has blocked the
	   signal, so that a producer may send without killing it). */
	_Atomic int32_t		pid;
	_Atomic uint32_t	ready;
	/*
	 * A helper thread of the worker (mpqueue: the feeder), written by
	 * that thread only: its TID (gettid) once it runs, 0 none; its
	 * state, op and channel as above, since CLOCK_MONOTONIC.
	 */
	_Atomic int32_t		thr_tid;
	_Atomic uint32_t	thr_state;	/* enum act */
	_Atomic uint32_t	thr_op;		/* enum op */
	_Atomic int32_t		thr_chan;
	_Atomic uint64_t	thr_since_ns;
} __attribute__((aligned(128)));

#define tel_store(p, v)	atomic_store_explicit((p), (v), memory_order_relaxed)
#define tel_load(p)	atomic_load_explicit((p), memory_order_relaxed)
#define tel_add(p, v)	tel_store((p), tel_load(p) + (v))	/* one writer */

/*
 * Mark slot s as in call op on channel chan (-1 none), asking size bytes:
 * relaxed stores only, no clock read (the hot path of every message).
 * The new calls number is what tells the observer this is another call.
 */
static inline void
tel_enter_call(struct tel_slot *s, uint32_t op, int32_t chan, uint64_t size)
{
	tel_store(&s->op, op);
	tel_store(&s->chan, chan);
	tel_store(&s->op_size, size);
	tel_add(&s->calls, 1);
	tel_store(&s->state, ACT_CALL);
}

#endif
