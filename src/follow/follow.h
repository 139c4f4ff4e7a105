/*
 * follow.h: a program ipcscope did not write, followed: "ipcscope --
 * CMD" starts CMD and follows it and every descendant, "--attach PID"
 * follows a running process and its descendants. A source of
 * observations (model/obs.h) like the scenario runner, from the kernel
 * alone: nothing runs inside the program.
 *
 * What it reads, and when:
 *   - processes: the kernel's process events connector (netlink,
 *     CN_IDX_PROC) for forks, execs and exits, read at each tick with
 *     the kernel's time of each (not as they come: the connector reports
 *     the whole machine's, and waking for each cost more than the rest
 *     of the observer), so that a process that lives a millisecond still
 *     has its start and its exit; where the connector
 *     cannot be had, /proc is polled (and that is said once). A pidfd is
 *     kept per process: actions and borrowed ends go through it, so a
 *     reused pid is never mistaken for the process. With -- CMD,
 *     ipcscope is a child subreaper: a daemonised descendant is
 *     re-parented to it, stays in view and is stopped with the rest.
 *   - each tick, per process and per thread (a thread is a row of its
 *     own): /proc/PID/task/TID/{stat,syscall,schedstat,io} through
 *     descriptors kept open. A thread is BLOCKED only when the kernel
 *     shows it asleep in a read or write call (by number) whose
 *     descriptor argument is an end of a channel (its inode); its time
 *     counts from the first sample that saw that call, as long as the
 *     thread was not scheduled in between (schedstat): a call under way
 *     at the first sample is "since before the first sample".
 *     Throughput is the kernel's I/O counters (rchar, wchar) of the
 *     process or thread: all its I/O, labelled so.
 *   - descriptor tables (/proc/PID/fd: readlink, and fdinfo's flags for
 *     a pipe's direction; never an open of /proc/PID/fd/N, which would
 *     be a new end): on events only (a new process, an exec, a blocked
 *     call on a descriptor not seen yet) and within a time budget per
 *     tick, plus a slow refresh within a smaller one; a forked
 *     child's table is its parent's, read again for it, until it execs.
 *     Under fork every child holds both ends of every pipe made before
 *     it, so holding is not using: the writers and readers of a channel
 *     are the rows seen in a call on it, or the one process holding that
 *     end.
 *   - fill: a pipe's or FIFO's FIONREAD on an end borrowed from a holder
 *     for one call (pidfd_getfd, checked to be the same inode, closed at
 *     once); a unix socket's receive queue and its sender's buffer
 *     through sock_diag, which needs no end.
 *
 * Life: follow_start (forks CMD, or attaches), then each tick the
 * source's observe (the events first); follow_reap (SIGCHLD) as it
 * comes; follow_root_ended says when CMD (or the attached process) has
 * ended: the run ends then. A -- CMD run is stopped in order
 * (follow_stop_begin/poll, or follow_stop at the end: SIGTERM to every
 * process of the tree, SIGKILL after a grace period, all reaped): nothing
 * it started outlives ipcscope. --attach never stops what it did not
 * start (processes the user paused are resumed).
 */
#ifndef IPCSCOPE_FOLLOW_H
#define IPCSCOPE_FOLLOW_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "model/obs.h"
#include "scenario/scenario.h"

#define FOLLOW_MAX_ROWS		4096	/* processes and threads */
#define FOLLOW_MAX_CHANS	1024
#define FOLLOW_GRACE_MS		2000	/* SIGTERM, then SIGKILL */

struct follow_opts {
	char		**argv;		/* -- CMD ARGS: started; NULL: attach */
	pid_t		 attach;	/* --attach PID */
	/* CMD's standard input: NULL /dev/null, "-" ipcscope's own, else a
	   file opened for reading. */
	const char	*stdin_path;
	/* CMD's standard output and error: a file (created, truncated,
	   kept); NULL: "output" in the run's private directory, removed
	   with it. */
	const char	*output_path;
	/* CMD's signal mask: what ipcscope's caller gave ipcscope. */
	const sigset_t	*sigmask;
};

struct follow;

/*
 * Start CMD, or attach to PID. NULL with *cause (allocated) when nothing
 * could be started or PID cannot be followed; then *status is the exit
 * status ipcscope should give (127 CMD not found, 126 not executable,
 * 3 otherwise).
 */
struct follow	*follow_start(const struct follow_opts *, char **cause,
		    int *status);
/*
 * For another source that starts processes itself and knows their roles
 * (a scenario's exec process, Python's multiprocessing by name): a follow
 * of nothing yet, then follow_add for each process, named NAME[pid] from
 * its first observation (NULL: its comm). Its threads are rows under it
 * and what it forks is followed too; like --attach it never stops them
 * (their owner does): pause and resume only. follow_add: its row, or -1
 * (errno: ESRCH gone, ENOSPC too many rows, EEXIST followed already).
 * title names the whole for the header.
 */
struct follow	*follow_pids(const char *title);
int		 follow_add(struct follow *, pid_t pid, const char *name);
/* What the run is for the model's header: a scenario with no process and
   no channel, named after the command (owned by the follow). */
struct scenario	*follow_scenario(const struct follow *);
/* "sh -c ... (pid 4242)"; the output's path (NULL when attached). */
const char	*follow_what(const struct follow *);
const char	*follow_log(const struct follow *);
/* The source: its actions are pause, resume and, for -- CMD, kill. */
const struct source_ops *follow_ops(const struct follow *);
void		 follow_observe(void *follow, struct obs *);

/* SIGCHLD: reap what ended (CMD, and orphans re-parented to ipcscope). */
void		 follow_reap(struct follow *);
/* Has every process found so far had its descriptor table read? */
bool		 follow_settled(const struct follow *);
/* Has CMD, or the attached process, ended? Its wait status in *wstatus
   (-1 when the kernel did not say). */
bool		 follow_root_ended(const struct follow *, int *wstatus);
/*
 * What the user should be told once (the connector is refused, no
 * permission to look inside a process, a limit reached): the next
 * notice, NULL when none is left.
 */
const char	*follow_notice(struct follow *);

/*
 * Stopping a -- CMD tree in order: begin sends SIGTERM to every process
 * of it (and SIGCONT to one that is stopped); poll reaps and, once the
 * grace period is over, sends SIGKILL: true when nothing of the tree is
 * left. follow_stop does it all, waiting: the one way out. Attached:
 * only resumes what the user paused. All idempotent.
 */
void		 follow_stop_begin(struct follow *);
bool		 follow_stop_poll(struct follow *);
void		 follow_stop(struct follow *);
/* The crash handler's: SIGKILL to every process of the tree (only
   system calls on prepared data), remove the run's directory. */
void		 follow_emergency(struct follow *);
void		 follow_free(struct follow *);

#endif
