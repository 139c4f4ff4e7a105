/*
 * probe.h: the kernel's view of a worker. Reads /proc/PID/stat always,
 * /proc/PID/syscall only when the worker sleeps in a call, and wchan only
 * once that call is confirmed, through
 * descriptors kept open (pread at offset 0: about 2 us each here, against
 * 6 us for open+read+close).
 */
#ifndef IPCSCOPE_PROBE_H
#define IPCSCOPE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

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
 * One thread of a worker (a feeder): open /proc/PID/task/TID/{stat,syscall}
 * once the TID is known (0, or -1 with both left -1), then read them like
 * probe_proc() reads the process's (wchan is not read: "").
 */
int	probe_task_open(pid_t pid, pid_t tid, int *statfd, int *syscallfd);
int	probe_task(int statfd, int syscallfd, struct kview *kv, bool deep);

#endif
