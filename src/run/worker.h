/*
 * worker.h: the code a forked worker runs (producer, consumer, relay).
 * Runs in the child only and never returns: it _exits 0 when its work is
 * done, 1 after a failed call (recorded in its telemetry slot), or dies of
 * a signal (SIGPIPE, SIGKILL) like any program would.
 *
 * Every message starts with a frame header (kinds/frame.h); receivers
 * check it and count lost, duplicated and out-of-order messages per
 * producer when they are the channel's only reader.
 */
#ifndef IPCSCOPE_WORKER_H
#define IPCSCOPE_WORKER_H

#include "kinds/frame.h"
#include "run/runner.h"


void	worker_main(struct run *, int proc) __attribute__((noreturn));

#endif
