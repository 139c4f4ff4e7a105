/*
 * calls.c: the system calls a followed thread can be asleep in, by name
 * (the op a row shows), and those whose first argument is a descriptor
 * they read from or write to: asleep in one of those on a channel's end,
 * a thread is blocked on that channel. Numbers come from <sys/syscall.h>
 * at build time, so the table is this machine's; a call the table lacks
 * is "syscall" (its number is in the JSON Lines' syscall field).
 */
#include "config.h"

#include <sys/syscall.h>

#include <stddef.h>

#include "follow/fw-int.h"

struct fw_call {
	long		 nr;
	const char	*name;
	int		 dir;
};

#define CALL(n, d)	{ SYS_##n, #n, d }

static const struct fw_call fw_calls[] = {
	CALL(read, FW_CALL_IN),
	CALL(readv, FW_CALL_IN),
	CALL(recvfrom, FW_CALL_IN),
	CALL(recvmsg, FW_CALL_IN),
	CALL(recvmmsg, FW_CALL_IN),
	CALL(write, FW_CALL_OUT),
	CALL(writev, FW_CALL_OUT),
	CALL(sendto, FW_CALL_OUT),
	CALL(sendmsg, FW_CALL_OUT),
	CALL(sendmmsg, FW_CALL_OUT),
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
	CALL(msgsnd, FW_CALL_OUT | FW_CALL_IPC),
	CALL(msgrcv, FW_CALL_IN | FW_CALL_IPC),
	CALL(mq_timedsend, FW_CALL_OUT),
	CALL(mq_timedreceive, FW_CALL_IN),
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
fw_call_name(long nr, int *dir)
{
	size_t	i;

	*dir = 0;
	for (i = 0; i < sizeof fw_calls / sizeof fw_calls[0]; i++) {
		if (fw_calls[i].nr == nr) {
			*dir = fw_calls[i].dir;
			return fw_calls[i].name;
		}
	}
	return "syscall";
}
