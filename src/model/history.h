/*
 * history.h: the last minutes of the model, for freezing the display and
 * stepping back through it (f, [ and ]) while the processes go on.
 *
 * A snapshot keeps the model's own numbers and texts; what successive
 * snapshots share is kept once: the sparkline samples (each pushed value
 * once, in a log per series) and the events (a log of its own). The
 * writers/readers lists and names are shared with the live model and stay
 * valid until the run ends: history_clear() must be called before a
 * restart frees them. Snapshots are numbered from 0 as they are pushed.
 *
 * Memory: everything the history holds, whatever the scenario's size, is
 * sized at the first push of a run to fit HISTORY_BUDGET bytes, taken
 * (and touched) at once, and never grows after that; it keeps the newest
 * HISTORY_MAX snapshots (4 minutes at one every 500 ms) or as many as fit
 * (a scenario of the largest allowed size, 64 channels and 256
 * processes, keeps about 23 s; pipe-fill's size takes 1.6 MB for the 4
 * minutes). A snapshot whose sparkline samples or events have left the
 * logs is dropped rather than shown wrong.
 */
#ifndef IPCSCOPE_HISTORY_H
#define IPCSCOPE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define HISTORY_MAX	480		/* 4 minutes at 2 a second */
#define HISTORY_BUDGET	(8u << 20)	/* bytes, all of it */

struct history;

struct history		*history_new(void);
void			 history_free(struct history *);
void			 history_clear(struct history *);
void			 history_push(struct history *, const struct model *);
/* Sequence numbers of the oldest and newest snapshots kept; -1 if none. */
int64_t			 history_first(const struct history *);
int64_t			 history_last(const struct history *);
/*
 * Snapshot by sequence number, NULL if no longer (or not yet) kept. The
 * model returned is rebuilt in the history's own space: valid until the
 * next history_get, history_push or history_clear.
 */
const struct model	*history_get(struct history *, int64_t seq);
/* Bytes the history holds now (allocated, not only used). */
size_t			 history_memory(const struct history *);

#endif
