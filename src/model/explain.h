/*
 * explain.h: a few sentences on why a process is in its present state,
 * or on what a channel holds and who waits on it, with the live numbers
 * and the kernel's rule for the channel's kind (the rules live next to
 * each kind's code, in its channel_ops). Pure: it reads the model only.
 * Used by the explain panel (e) and the live caption.
 */
#ifndef IPCSCOPE_EXPLAIN_H
#define IPCSCOPE_EXPLAIN_H

#include <stddef.h>

#include "model/model.h"

/* Into buf (NUL-terminated, truncated to len): process i explained. */
void	explain_proc(const struct model *, int i, char *buf, size_t len);
/*
 * The same for channel c: how full it is, its rates, what its writers and
 * readers are doing, and its kind's rules for each side.
 */
void	explain_chan(const struct model *, int c, char *buf, size_t len);

/*
 * The live caption, said from the state when the script's caption cannot
 * be shown as true: what is blocked, on what and why (what its channel
 * holds, what the other side does), what is paused or has ended, with
 * live numbers; process focus first (-1: none), then the others that
 * matter, as far as a caption's few lines go.
 */
void	explain_live(const struct model *, int focus, char *buf, size_t len);

#endif
