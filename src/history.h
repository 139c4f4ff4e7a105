/*
 * history.h: the last minutes of the model, for freezing the display and
 * stepping back through it (f, [ and ]) while the processes go on.
 *
 * A snapshot is a copy of the model with its own channel and process
 * arrays (the writers/readers lists are shared with the live model and
 * stay valid until the run ends: history_clear() must be called before a
 * restart frees them). Snapshots are numbered from 0 as they are pushed;
 * the ring keeps the newest that fit both a count and a memory budget.
 */
#ifndef IPCSCOPE_HISTORY_H
#define IPCSCOPE_HISTORY_H

#include <stdint.h>

#include "model.h"

struct history;

struct history		*history_new(void);
void			 history_free(struct history *);
void			 history_clear(struct history *);
void			 history_push(struct history *, const struct model *);
/* Sequence numbers of the oldest and newest snapshots kept; -1 if none. */
int64_t			 history_first(const struct history *);
int64_t			 history_last(const struct history *);
/* Snapshot by sequence number, NULL if no longer (or not yet) kept. */
const struct model	*history_get(const struct history *, int64_t seq);

#endif
