/*
 * runner.h: creates a scenario's channels, forks its workers, reaps them,
 * pauses, resumes, kills and re-rates them, and removes everything again.
 *
 * Workers are forked like tmux job.c: signals blocked around fork, the
 * child resets handlers and mask, dies with its parent (PR_SET_PDEATHSIG),
 * joins its own process group (so the terminal's ^C reaches only
 * ipcscope, which then ends the run in order), and _exits on every path.
 *
 * runner_stop() is the one way a run ends: SIGKILL to every live worker,
 * reap them all, destroy every channel, remove the registry's objects. It
 * is idempotent. runner_emergency() is its async-signal-safe subset for
 * the fatal-signal handler (kill, remove; no reaping, no freeing).
 */
#ifndef IPCSCOPE_RUNNER_H
#define IPCSCOPE_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "kinds/channel.h"
#include "scenario/scenario.h"
#include "kinds/telemetry.h"

struct registry;

struct rproc {
	pid_t		 pid;		/* 0 before fork, kept after exit */
	int		 pidfd;		/* -1 after reaping */
	int		 statfd;	/* /proc/PID/stat, kept open: pread */
	int		 syscallfd;	/* /proc/PID/syscall */
	int		 wchanfd;	/* /proc/PID/wchan */
	int		 schedfd;	/* /proc/PID/schedstat */
	bool		 reaped;
	/* Stopped (SIGSTOP, SIGTSTP, ...) as waitpid reported it, by
	   whoever sent the signal; stops counts reports of stops and
	   continues, so that an observer sees one it may have missed. */
	bool		 stopped;
	unsigned	 stops;
	int		 wstatus;	/* from waitpid, when reaped */
	uint64_t	 end_ns;	/* when reaped */
	bool		 user_paused;
	struct rate	 rate;		/* current rate limit */
	/* An exec process: /proc/PID/io kept open (-1 otherwise), and its
	   counters as read once it has exited, just before it is reaped
	   (io_final), since its /proc files go with it. */
	int		 iofd;
	bool		 io_final;
	uint64_t	 rchar, wchar;	/* io_final's */
};

struct run {
	const struct scenario	*sc;
	struct chan		*chans;
	int			 nchans;
	struct rproc		*procs;
	int			 nprocs;
	struct tel_slot		*tel;		/* shared, nprocs slots */
	size_t			 tellen;
	struct registry		*reg;
	pid_t			 pgid;		/* workers' process group */
	uint64_t		 t0;		/* now_ns() at start */
	bool			 stopped;
	/* Each channel end's kernel object (end e of channel c at 2c + e),
	   taken before the parent closed its ends: what an exec process's
	   descriptor 0 or 1 must be to count as that end. */
	struct run_end {
		dev_t		 dev;
		ino_t		 ino;
		bool		 known;
	}			*ends;
};

/*
 * Channel ends live at fixed descriptor numbers (chan_fd), so a run needs
 * a soft RLIMIT_NOFILE above the last of them: raise it (for ipcscope and
 * the workers it forks) when the hard limit allows. 0, or -1 with *cause
 * saying which limit and what value is needed. runner_start calls it
 * first; call it before anything else is set up to fail early.
 */
int	 runner_fd_limit(const struct scenario *, char **cause);
/* Create everything and fork. 0, or -1 with *cause (nothing left behind). */
int	 runner_start(struct run *, const struct scenario *, char **cause);
/*
 * Reap exited workers without blocking, and note each stop and continue
 * the kernel reports (stopped, stops). For each one reaped, calls
 * cb(arg, index). Returns the number of workers still alive.
 */
int	 runner_reap(struct run *, void (*cb)(void *, int), void *arg);
int	 runner_alive(const struct run *);
/* Keyboard actions. Return 0, or -1 with errno ESRCH if the worker is
   gone (reaped), or what the kernel said. An exec process (a program)
   takes no rate and closes no end on request: ENOTSUP. */
int	 runner_pause(struct run *, int);
int	 runner_resume(struct run *, int);
int	 runner_kill(struct run *, int);
int	 runner_set_rate(struct run *, int, const struct rate *);
/* Cue actions (-1 with ESRCH, as above, for a worker that is gone):
   start a worker waiting with start = cue; have worker i
   close its end of channel c (it then idles); F_SETPIPE_SZ on a pipe or
   FIFO through a borrowed end (*got: what the kernel made of it; -1 and
   errno on failure: EBUSY when it holds more than size, EBADF when
   nobody holds an end). */
int	 runner_go(struct run *, int);
int	 runner_close_end(struct run *, int i, int c);
int	 runner_resize(struct run *, int c, uint64_t size, int64_t *got);
/* Each tick: repeat the signal for close requests not yet acted on. */
void	 runner_poke(struct run *);
/* Borrow a channel end from a live holder (see chan_borrow_fn); an exec
   process holds its ends at descriptors 0 and 1. */
int	 runner_borrow(void *run, struct chan *, int e);
/* Is (dev, ino) end e of channel c? False when that is not known. */
bool	 runner_end_is(const struct run *, int c, int e, dev_t, ino_t);
void	 runner_stop(struct run *);
void	 runner_emergency(struct run *);
void	 runner_free(struct run *);

#endif
