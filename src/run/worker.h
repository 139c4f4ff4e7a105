/*
 * worker.h: the code a forked worker runs (producer, consumer, relay).
 * Runs in the child only and never returns: it _exits 0 when its work is
 * done, 1 after a failed call (recorded in its telemetry slot), or dies of
 * a signal (SIGPIPE, SIGKILL) like any program would.
 *
 * Every message starts with a 16-byte frame header (magic, producer index,
 * sequence number); receivers check it and count lost, duplicated and
 * out-of-order messages per producer when they are the channel's only
 * reader.
 */
#ifndef IPCSCOPE_WORKER_H
#define IPCSCOPE_WORKER_H

#include "run/runner.h"

#define FRAME_MAGIC	0x49504353u	/* "IPCS" */
#define FRAME_HEADER	16
/* An end marker has its own magic; its sequence field says how many
   messages its producer made, so a trailing gap is seen as a loss. */
#define FRAME_MAGIC_END	0x49504345u	/* "IPCE" */

void	worker_main(struct run *, int proc) __attribute__((noreturn));

#endif
