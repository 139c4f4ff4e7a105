/*
 * registry.h: every named kernel object a run creates, so that every way
 * out removes it, and the next start removes what a killed run left.
 *
 * A run owns a private directory $TMPDIR/ipcscope.PID.XXXXXX (mode 0700):
 * FIFOs and files live inside it, and the file "objects" in it lists the
 * named objects that live elsewhere (POSIX mq names, SysV queue keys and
 * ids with their creation time so that a recycled id is never removed).
 * Each object is written to the list BEFORE it is created (a name or a key
 * chosen in advance), so a run killed at any instant leaves nothing the
 * list does not name; a listed object that was never created is skipped.
 * Every write to the list is checked: a list that cannot be written (a
 * full TMPDIR) is an error, never an object left unrecorded.
 *
 * Liveness: the directory holds a file "lock" on which the run takes an
 * exclusive open-file-description lock (F_OFD_SETLK) for its whole life.
 * The directory is populated under a staging name (ipcscope-new.PID.X)
 * and renamed into place, so it never appears without its lock held. The
 * lock descriptor is opened before any channel, so it is below
 * CHAN_FD_BASE and every forked worker closes its copy at start (the
 * worker's close_range): the lock goes when ipcscope itself goes, however
 * it dies. registry_sweep() removes a run only if it can take that lock,
 * which no live run in any PID namespace allows; a pid, which means
 * nothing across namespaces, decides only for a directory without a lock
 * file (runs of older versions, or a run already removing its own).
 *
 * registry_cleanup() is async-signal-safe once the registry is built: it
 * only calls unlink, rmdir, close, mq_unlink and msgctl on prepared data,
 * so the fatal-signal handler may call it.
 */
#ifndef IPCSCOPE_REGISTRY_H
#define IPCSCOPE_REGISTRY_H

#include <time.h>

struct registry;

/*
 * The private directory, its lock and its list. NULL with *cause (which
 * names the file and the reason) if any of them cannot be made or
 * written: a run must not start without a list a later start can read.
 */
struct registry	*registry_new(char **cause);
const char	*registry_dir(const struct registry *);
/* A new unique name "ipcscope.PID.RANDOM.TAG" (no slash). */
char		*registry_unique(struct registry *, const char *tag);
/* Record a path inside registry_dir() (removed with the directory). */
void		 registry_add_path(struct registry *, const char *path);
/* Record a POSIX queue name; call BEFORE mq_open. 0, or -1 with *cause. */
int		 registry_add_mq(struct registry *, const char *name,
		    char **cause);
/*
 * Create a System V queue (mode 0600) under a fresh key written to the
 * list first: its id, or -1 with *cause. Then, once its ctime is final
 * (after any IPC_SET), registry_add_msq() records the id: 0, or -1 with
 * *cause (the queue is removed by registry_cleanup() all the same).
 */
int		 registry_msgget(struct registry *, char **cause);
int		 registry_add_msq(struct registry *, int id, time_t ctime,
		    char **cause);
/* Forget one (it was removed by its owner). */
void		 registry_forget_mq(struct registry *, const char *name);
void		 registry_forget_msq(struct registry *, int id);
/* Remove everything recorded, the directory, and release the lock.
   Idempotent. */
void		 registry_cleanup(struct registry *);
void		 registry_free(struct registry *);
/* Remove leftovers of dead earlier runs. Returns how many runs. */
int		 registry_sweep(void);

#endif
