/*
 * check_follow.c: the follow source (src/follow) used by another source
 * that starts processes itself and knows their roles: follow_pids, then
 * follow_add for each. Real processes and a real pipe: a child ("stage")
 * sleeps in read(2) on a pipe whose write end a second child ("feeder")
 * holds and never writes; the observations name them by role, show the
 * reader BLOCKED in read on that pipe (the kernel's syscall file says so
 * too), pair the pipe's ends and never stop what they did not start.
 */
#include "config.h"

#include <sys/syscall.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "follow/follow.h"
#include "model/obs.h"
#include "base/util.h"

static pid_t	reader, writer;
static int	pfd[2];

static void
sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static bool
fd_open(pid_t pid, int fd)
{
	char	path[64], link[256];

	snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)pid, fd);
	return readlink(path, link, sizeof link) > 0;
}

static void
children(void)
{
	char	c;

	ck_assert_int_eq(pipe(pfd), 0);
	if ((reader = fork()) == 0) {
		close(pfd[1]);
		(void)read(pfd[0], &c, 1);
		_exit(0);
	}
	if ((writer = fork()) == 0) {
		close(pfd[0]);
		pause();
		_exit(0);
	}
	/* Each child has closed the end it does not use, before any table
	   is read (a table is read again only every 10 s). */
	while (fd_open(reader, pfd[1]) || fd_open(writer, pfd[0]))
		sleep_ms(5);
	close(pfd[0]);
	close(pfd[1]);
}

static void
children_end(void)
{
	kill(reader, SIGKILL);
	kill(writer, SIGKILL);
	waitpid(reader, NULL, 0);
	waitpid(writer, NULL, 0);
}

/* The kernel's own word: reader asleep in read(2) on descriptor fd. */
static int
kernel_read_fd(pid_t pid)
{
	char	path[64], buf[256];
	FILE	*f;
	long	nr = -1, fd = -1;

	snprintf(path, sizeof path, "/proc/%ld/syscall", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) != NULL)
		sscanf(buf, "%ld %lx", &nr, &fd);
	fclose(f);
	return nr == SYS_read ? (int)fd : -1;
}

START_TEST(test_pids_named_by_role)
{
	struct follow	*fw;
	struct obs	 o;
	char		 want[64];
	int		 i, c;

	children();
	fw = follow_pids("two stages");
	ck_assert_ptr_nonnull(fw);
	ck_assert_int_eq(follow_add(fw, reader, "stage"), 0);
	ck_assert_int_eq(follow_add(fw, writer, "feeder"), 1);
	ck_assert_int_eq(follow_add(fw, reader, "again"), -1);
	ck_assert_int_eq(errno, EEXIST);
	/* Until the reader is seen blocked on the pipe and the writer's
	   table is read (the machine is shared: up to 10 s), then what the
	   kernel says agrees. */
	for (i = 0; i < 200; i++) {
		follow_observe(fw, &o);
		if (o.nprocs == 2 && o.procs[0].act == ACT_CALL &&
		    o.procs[0].confirmed && o.procs[0].chan >= 0 &&
		    o.chan_info[o.procs[0].chan].nwriters > 0)
			break;
		sleep_ms(50);
	}
	ck_assert_int_eq(o.nprocs, 2);
	snprintf(want, sizeof want, "stage[%ld]", (long)reader);
	ck_assert_str_eq(o.procs[0].name, want);
	snprintf(want, sizeof want, "feeder[%ld]", (long)writer);
	ck_assert_str_eq(o.procs[1].name, want);
	ck_assert_int_eq(o.procs[0].act, ACT_CALL);
	ck_assert_int_eq(o.procs[0].op, OP_RECV);
	ck_assert_int_eq(o.procs[0].syscall, SYS_read);
	ck_assert_int_ge(kernel_read_fd(reader), 0);
	c = o.procs[0].chan;
	ck_assert_int_ge(c, 0);
	ck_assert_int_lt(c, o.nchans);
	ck_assert_str_eq(o.chan_info[c].ops->name, "pipe");
	ck_assert_int_eq(o.chans[c].fill, 0);
	/* One holder each side: the pipe's ends are paired. */
	ck_assert_int_eq(o.chan_info[c].nreaders, 1);
	ck_assert_int_eq(o.chan_info[c].readers[0], 0);
	ck_assert_int_eq(o.chan_info[c].nwriters, 1);
	ck_assert_int_eq(o.chan_info[c].writers[0], 1);
	/* Never stopped by the follow: no kill for what it did not start. */
	ck_assert_ptr_null(follow_ops(fw)->kill);
	follow_stop(fw);
	follow_free(fw);
	ck_assert_int_eq(kill(reader, 0), 0);
	ck_assert_int_eq(kill(writer, 0), 0);
	children_end();
}
END_TEST

START_TEST(test_pid_gone)
{
	struct follow	*fw = follow_pids("nothing");
	pid_t		 pid;

	if ((pid = fork()) == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(follow_add(fw, pid, "gone"), -1);
	ck_assert_int_eq(errno, ESRCH);
	follow_free(fw);
}
END_TEST

static Suite *
follow_suite(void)
{
	Suite	*s = suite_create("follow");
	TCase	*tc = tcase_create("pids");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pids_named_by_role);
	tcase_add_test(tc, test_pid_gone);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(follow_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
