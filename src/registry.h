/*
 * registry.h: every named kernel object a run creates, so that every way
 * out removes it, and the next start removes what a killed run left.
 *
 * A run owns a private directory $TMPDIR/ipcscope.PID.XXXXXX (mode 0700):
 * FIFOs and files live inside it, and the file "objects" in it lists the
 * named objects that live elsewhere (POSIX mq names, SysV queue ids with
 * their creation time so that a recycled id is never removed). On start,
 * registry_sweep() removes the directories, and what they list, of this
 * user's earlier runs whose pid is dead.
 *
 * registry_cleanup() is async-signal-safe once the registry is built: it
 * only calls unlink, rmdir, mq_unlink and msgctl on prepared data, so the
 * fatal-signal handler may call it.
 */
#ifndef IPCSCOPE_REGISTRY_H
#define IPCSCOPE_REGISTRY_H

#include <time.h>

struct registry;

/* 0, or -1 with *cause. */
struct registry	*registry_new(char **cause);
const char	*registry_dir(const struct registry *);
/* A new unique name "ipcscope.PID.RANDOM.TAG" (no slash). */
char		*registry_unique(struct registry *, const char *tag);
/* Record objects (called right after creating them). */
void		 registry_add_path(struct registry *, const char *path);
void		 registry_add_mq(struct registry *, const char *name);
void		 registry_add_msq(struct registry *, int id, time_t ctime);
/* Forget one (it was removed by its owner). */
void		 registry_forget_mq(struct registry *, const char *name);
void		 registry_forget_msq(struct registry *, int id);
/* Remove everything recorded, and the directory. Idempotent. */
void		 registry_cleanup(struct registry *);
void		 registry_free(struct registry *);
/* Remove leftovers of dead earlier runs. Returns how many runs. */
int		 registry_sweep(void);

#endif
