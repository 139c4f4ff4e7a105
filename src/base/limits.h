/*
 * limits.h: how big a run may be. Every array that holds processes or
 * channels is sized from these (or allocated to the run's own counts), so
 * nothing is cut short below them.
 */
#ifndef IPCSCOPE_LIMITS_H
#define IPCSCOPE_LIMITS_H

#define IPCSCOPE_MAX_CHANNELS	64
#define IPCSCOPE_MAX_PROCS	256	/* after replicas are expanded */

#endif
