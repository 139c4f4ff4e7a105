/*
 * run-source.h: the scenario runner as a source of observations (obs.h).
 *
 * Each observe() reads what the runner's workers report in their
 * telemetry slots, what the kernel says of them (/proc/PID/stat, and
 * syscall and wchan while they sleep, through descriptors kept open:
 * probe.h) and every channel's fill (its kind's sample(), borrowing an end
 * for one call). This is the only place where a scenario run is looked at;
 * the model that turns it into states and rates makes no system call.
 *
 * "Confirmed" is decided here, where the descriptors are known: a worker
 * in a call is confirmed asleep in it when the kernel shows the very
 * system call with the channel's descriptor (or queue id, or futex word)
 * as its first argument. The confirmation is kept while the slot still
 * shows the same call (same start time) and the process still sleeps,
 * which spares two /proc reads per blocked worker per tick.
 *
 * A run_source belongs to one started run (runner_start); make a new one
 * after a restart. Its actions act on that run's workers.
 */
#ifndef IPCSCOPE_RUN_SOURCE_H
#define IPCSCOPE_RUN_SOURCE_H

#include "model/obs.h"
#include "run/runner.h"

struct run_source;

struct run_source	*run_source_new(struct run *);
void			 run_source_free(struct run_source *);
/* Observe now: fills *o (arrays owned by the source). */
void			 run_source_observe(void *rs, struct obs *o);

extern const struct source_ops run_source_ops;

#endif
