/*
 * sysno: system call numbers by name, for the shell tests, which compare
 * the "syscall" field of the JSON Lines and /proc/PID/syscall with the
 * call they expect without knowing this machine's numbers.
 *
 *   sysno NAME...	prints SYS_NAME=NUMBER, one a line, ready for eval;
 *			exit 2 for a name it does not know here.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

struct sysno {
	const char	*name;
	long		 nr;
};

/* The calls a worker can be blocked in, as the tests name them. */
static const struct sysno sysnos[] = {
#ifdef SYS_read
	{ "read", SYS_read },
#endif
#ifdef SYS_write
	{ "write", SYS_write },
#endif
#ifdef SYS_openat
	{ "openat", SYS_openat },
#endif
#ifdef SYS_futex
	{ "futex", SYS_futex },
#endif
#ifdef SYS_sendto
	{ "sendto", SYS_sendto },
#endif
#ifdef SYS_recvfrom
	{ "recvfrom", SYS_recvfrom },
#endif
#ifdef SYS_poll
	{ "poll", SYS_poll },
#endif
#ifdef SYS_ppoll
	{ "ppoll", SYS_ppoll },
#endif
#ifdef SYS_rt_sigtimedwait
	{ "rt_sigtimedwait", SYS_rt_sigtimedwait },
#endif
#ifdef SYS_mq_timedsend
	{ "mq_timedsend", SYS_mq_timedsend },
#endif
#ifdef SYS_mq_timedreceive
	{ "mq_timedreceive", SYS_mq_timedreceive },
#endif
#ifdef SYS_msgsnd
	{ "msgsnd", SYS_msgsnd },
#endif
#ifdef SYS_msgrcv
	{ "msgrcv", SYS_msgrcv },
#endif
#ifdef SYS_wait4
	{ "wait4", SYS_wait4 },
#endif
#ifdef SYS_nanosleep
	{ "nanosleep", SYS_nanosleep },
#endif
#ifdef SYS_clock_nanosleep
	{ "clock_nanosleep", SYS_clock_nanosleep },
#endif
};

int
main(int argc, char **argv)
{
	size_t	i;
	int	a, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: sysno NAME...\n");
		return 2;
	}
	for (a = 1; a < argc; a++) {
		for (i = 0; i < sizeof sysnos / sizeof sysnos[0]; i++) {
			if (strcmp(sysnos[i].name, argv[a]) == 0)
				break;
		}
		if (i == sizeof sysnos / sizeof sysnos[0]) {
			fprintf(stderr, "sysno: no system call '%s' here\n",
			    argv[a]);
			rc = 2;
			continue;
		}
		printf("SYS_%s=%ld\n", sysnos[i].name, sysnos[i].nr);
	}
	return rc;
}
