/*
 * probe.h: the kernel's view of a worker, from /proc files kept open and
 * read with pread at offset 0 (about 2 us each here, against 6 us for
 * open+read+close). Costs differ by file (ns here, alone; about twice
 * that beside busy workers): stat 3500 (the state letter, with fifty
 * other fields), syscall 2100 and wchan 2200 (each locks the task),
 * schedstat 800 (three counters). Which to read when is the caller's
 * policy (run-source.c).
 */
#ifndef IPCSCOPE_PROBE_H
#define IPCSCOPE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "run/runner.h"

struct kview {
	char	state;		/* 'R', 'S', 'D', 'T', 't', 'Z'; 0 unknown */
	long	syscall;	/* number, -1 running or unknown */
	long	arg0;		/* first argument (the fd, for most calls) */
	char	wchan[48];	/* "" unknown */
};

/*
 * Fill kv for process i: the state always; with deep, and only if the
 * process sleeps, also syscall and arg0 (wchan is left ""). Returns 0, or
 * -1 if the process is gone.
 */
int	probe_proc(const struct run *, int i, struct kview *kv, bool deep);
/* The kernel function process i sleeps in ("" unknown): a hint only,
   read once a call is confirmed (it costs as much as the state). */
void	probe_wchan(const struct run *, int i, char *buf, size_t len);

/*
 * /proc/PID/syscall of process i alone, without its state letter:
 * PROBE_RUNNING when the kernel says "running" (on a CPU or runnable),
 * PROBE_IN_CALL when the task is off the CPU inside system call *nr with
 * first argument *arg0 (asleep in it, or stopped there: only the parent's
 * waitpid or the stat letter tells which), PROBE_OUTSIDE when it is off
 * the CPU outside any system call (a fault, an exit), -1 when the file
 * cannot be read (the process is gone).
 */
enum probe_call {
	PROBE_RUNNING,
	PROBE_IN_CALL,
	PROBE_OUTSIDE
};
int	probe_syscall(const struct run *, int i, long *nr, long *arg0);

/*
 * /proc/PID/schedstat of process i: the time it ran and the number of
 * times it was switched onto a CPU. A task that is not switched in cannot
 * leave a system call, stop or change its state letter (it can only be
 * woken, and stay runnable until it runs): while both numbers stay the
 * same, what was last read of an asleep task still holds. 0, or -1 when
 * unreadable or not kept by this kernel (all zero).
 */
struct probe_sched {
	unsigned long long	run_ns;
	unsigned long		switches;
};
int	probe_sched(const struct run *, int i, struct probe_sched *);

/*
 * One thread of a worker (a feeder): open /proc/PID/task/TID/{stat,syscall}
 * once the TID is known (0, or -1 with both left -1), then read them like
 * probe_proc() reads the process's (wchan is not read: "").
 */
int	probe_task_open(pid_t pid, pid_t tid, int *statfd, int *syscallfd);
int	probe_task(int statfd, int syscallfd, struct kview *kv, bool deep);

/*
 * The threads of a program (an exec process) other than its main one,
 * at most max, each read as probe_task() reads (deep): fn(arg, kv) for
 * each, which returns non-zero to stop. Their files are opened and
 * closed here (a program's threads come and go). Returns how many were
 * read, or -1 if its task list cannot be read.
 */
int	probe_threads(pid_t pid, int max,
	    int (*fn)(void *, const struct kview *), void *arg);

/*
 * A program's I/O counters from its /proc/PID/io (iofd, kept open):
 * rchar and wchar, every byte it read and wrote through read- and
 * write-like calls, on any descriptor, counted as each call returns; and
 * *calls (NULL: not wanted), syscr + syscw, the read- and write-like
 * calls that have returned: while it stays the same, a program seen in
 * such a call is still in the same one. 0, or -1 when unreadable.
 */
struct probe_io {
	uint64_t	rchar, wchar;
	uint64_t	calls;
};
int	probe_io(int iofd, struct probe_io *);
/*
 * The kernel object behind descriptor fd of pid, by stat(2) of
 * /proc/PID/fd/FD: the link is followed without opening it, so no new
 * end of a pipe or socket is made (an open would be one: it could read
 * the program's data and change EOF and EPIPE). 0, or -1.
 */
int	probe_fd_object(pid_t pid, int fd, dev_t *dev, ino_t *ino);

#endif
