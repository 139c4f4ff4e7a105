/*
 * syscalls.c: the system calls a thread ipcscope did not write (a
 * followed program's, an exec process's) can be asleep in, by name (the
 * op a row shows), and those whose first argument is a descriptor they
 * read from or write to: asleep in one of those on a channel's end, a
 * thread is blocked on that channel. Numbers come from <sys/syscall.h>
 * at build time, so the table is this machine's; a call the table lacks
 * is "syscall" (its number is in the JSON Lines' syscall field).
 */
#include "config.h"

#include <sys/syscall.h>

#include <stddef.h>

#include "base/syscalls.h"

struct sys_call {
	long		 nr;
	const char	*name;
	int		 dir;
};

#define CALL(n, d)	{ SYS_##n, #n, d }

static const struct sys_call sys_calls[] = {
	CALL(read, SYSCALL_IN),
	CALL(readv, SYSCALL_IN),
	CALL(recvfrom, SYSCALL_IN),
	CALL(recvmsg, SYSCALL_IN),
	CALL(recvmmsg, SYSCALL_IN),
	CALL(write, SYSCALL_OUT),
	CALL(writev, SYSCALL_OUT),
	CALL(sendto, SYSCALL_OUT),
	CALL(sendmsg, SYSCALL_OUT),
	CALL(sendmmsg, SYSCALL_OUT),
	CALL(futex, 0),
	CALL(nanosleep, 0),
	CALL(clock_nanosleep, 0),
	CALL(wait4, 0),
	CALL(waitid, 0),
	CALL(ppoll, 0),
	CALL(pselect6, 0),
	CALL(epoll_pwait, 0),
	CALL(rt_sigsuspend, 0),
	CALL(rt_sigtimedwait, 0),
	CALL(accept, 0),
	CALL(accept4, 0),
	CALL(connect, 0),
	CALL(openat, 0),
	CALL(msgsnd, SYSCALL_OUT | SYSCALL_IPC),
	CALL(msgrcv, SYSCALL_IN | SYSCALL_IPC),
	CALL(mq_timedsend, SYSCALL_OUT),
	CALL(mq_timedreceive, SYSCALL_IN),
	CALL(semtimedop, 0),
	CALL(flock, 0),
	CALL(fcntl, 0),
	CALL(ioctl, 0),
	CALL(splice, 0),
	CALL(tee, 0),
	CALL(sendfile, 0),
	CALL(pread64, 0),
	CALL(pwrite64, 0),
#ifdef SYS_poll
	CALL(poll, 0),
#endif
#ifdef SYS_select
	CALL(select, 0),
#endif
#ifdef SYS_epoll_wait
	CALL(epoll_wait, 0),
#endif
#ifdef SYS_pause
	CALL(pause, 0),
#endif
#ifdef SYS_open
	CALL(open, 0),
#endif
#ifdef SYS_semop
	CALL(semop, 0),
#endif
#ifdef SYS_epoll_pwait2
	CALL(epoll_pwait2, 0),
#endif
#ifdef SYS_futex_waitv
	CALL(futex_waitv, 0),
#endif
};

const char *
syscall_name(long nr, int *dir)
{
	size_t	i;

	*dir = 0;
	for (i = 0; i < sizeof sys_calls / sizeof sys_calls[0]; i++) {
		if (sys_calls[i].nr == nr) {
			*dir = sys_calls[i].dir;
			return sys_calls[i].name;
		}
	}
	return "syscall";
}
