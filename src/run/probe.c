/* probe.c: reading a worker's state from /proc without disturbing it. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/probe.h"

static ssize_t
probe_read(int fd, char *buf, size_t len)
{
	ssize_t	n;

	if (fd == -1)
		return -1;
	n = pread(fd, buf, len - 1, 0);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* State from a stat file; with deep and asleep, syscall and arg0. */
static int
probe_stat(int statfd, int syscallfd, struct kview *kv, bool deep)
{
	char	buf[512], *s;

	kv->state = 0;
	kv->syscall = -1;
	kv->arg0 = -1;
	kv->wchan[0] = '\0';
	if (probe_read(statfd, buf, sizeof buf) <= 0)
		return -1;
	/* "pid (comm) S ...": comm may hold spaces and parentheses. */
	if ((s = strrchr(buf, ')')) == NULL || s[1] != ' ')
		return -1;
	kv->state = s[2];
	if (!deep || (kv->state != 'S' && kv->state != 'D'))
		return 0;

	if (probe_read(syscallfd, buf, sizeof buf) > 0 &&
	    buf[0] >= '0' && buf[0] <= '9') {
		kv->syscall = strtol(buf, &s, 10);
		if (*s == ' ')
			kv->arg0 = strtol(s + 1, NULL, 16);
	}
	return 0;
}

int
probe_proc(const struct run *run, int i, struct kview *kv, bool deep)
{
	const struct rproc	*p = &run->procs[i];

	if (p->reaped) {
		kv->state = 0;
		kv->syscall = kv->arg0 = -1;
		kv->wchan[0] = '\0';
		return -1;
	}
	return probe_stat(p->statfd, p->syscallfd, kv, deep);
}

void
probe_wchan(const struct run *run, int i, char *buf, size_t len)
{
	const struct rproc	*p = &run->procs[i];
	char			 b[512];
	ssize_t			 n;

	buf[0] = '\0';
	if (p->reaped || len == 0)
		return;
	if ((n = probe_read(p->wchanfd, b, sizeof b)) <= 0 ||
	    strcmp(b, "0") == 0)
		return;
	n = (ssize_t)strcspn(b, "\n");
	if ((size_t)n >= len)
		n = (ssize_t)len - 1;
	memcpy(buf, b, (size_t)n);
	buf[n] = '\0';
}

int
probe_syscall(const struct run *run, int i, long *nr, long *arg0)
{
	const struct rproc	*p = &run->procs[i];
	char			 buf[256], *s;

	*nr = *arg0 = -1;
	if (p->reaped || probe_read(p->syscallfd, buf, sizeof buf) <= 0)
		return -1;
	if (buf[0] < '0' || buf[0] > '9')
		return buf[0] == '-' ? PROBE_OUTSIDE : PROBE_RUNNING;
	*nr = strtol(buf, &s, 10);
	if (*s == ' ')
		*arg0 = strtol(s + 1, NULL, 16);
	return PROBE_IN_CALL;
}

int
probe_sched(const struct run *run, int i, struct probe_sched *ps)
{
	const struct rproc	*p = &run->procs[i];
	char			 buf[128], *s;

	/* "RUN_NS WAIT_NS SWITCHES" */
	if (p->reaped || probe_read(p->schedfd, buf, sizeof buf) <= 0)
		return -1;
	ps->run_ns = strtoull(buf, &s, 10);
	if (*s != ' ')
		return -1;
	(void)strtoull(s + 1, &s, 10);
	if (*s != ' ')
		return -1;
	ps->switches = strtoul(s + 1, NULL, 10);
	return ps->switches == 0 ? -1 : 0;
}

int
probe_task_open(pid_t pid, pid_t tid, int *statfd, int *syscallfd)
{
	char	path[64];

	snprintf(path, sizeof path, "/proc/%ld/task/%ld/stat", (long)pid,
	    (long)tid);
	*statfd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%ld/task/%ld/syscall", (long)pid,
	    (long)tid);
	*syscallfd = open(path, O_RDONLY | O_CLOEXEC);
	if (*statfd == -1 || *syscallfd == -1) {
		if (*statfd != -1)
			close(*statfd);
		if (*syscallfd != -1)
			close(*syscallfd);
		*statfd = *syscallfd = -1;
		return -1;
	}
	return 0;
}

int
probe_task(int statfd, int syscallfd, struct kview *kv, bool deep)
{
	return probe_stat(statfd, syscallfd, kv, deep);
}

int
probe_threads(pid_t pid, int max, int (*fn)(void *, const struct kview *),
    void *arg)
{
	struct dirent	*de;
	struct kview	 kv;
	char		 path[64], *end;
	DIR		*d;
	long		 tid;
	int		 n = 0, sfd, cfd, r;

	snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while (n < max && (de = readdir(d)) != NULL) {
		tid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || tid <= 0 || tid == (long)pid)
			continue;
		if (probe_task_open(pid, (pid_t)tid, &sfd, &cfd) == -1)
			continue;	/* it just ended */
		r = probe_task(sfd, cfd, &kv, true);
		close(sfd);
		close(cfd);
		if (r == -1)
			continue;
		n++;
		if (fn(arg, &kv) != 0)
			break;
	}
	closedir(d);
	return n;
}

/* The number after "key: " in buf; false if key is not there. */
static bool
probe_field(const char *buf, const char *key, uint64_t *v)
{
	const char	*s;
	size_t		 len = strlen(key);

	for (s = buf; (s = strstr(s, key)) != NULL; s += len) {
		if ((s == buf || s[-1] == '\n') && s[len] == ':' &&
		    s[len + 1] == ' ') {
			*v = strtoull(s + len + 2, NULL, 10);
			return true;
		}
	}
	return false;
}

int
probe_io(int iofd, struct probe_io *io)
{
	char		buf[512];
	uint64_t	r, w;

	if (probe_read(iofd, buf, sizeof buf) <= 0)
		return -1;
	if (!probe_field(buf, "rchar", &io->rchar) ||
	    !probe_field(buf, "wchar", &io->wchar) ||
	    !probe_field(buf, "syscr", &r) || !probe_field(buf, "syscw", &w))
		return -1;
	io->calls = r + w;
	return 0;
}

int
probe_fd_object(pid_t pid, int fd, dev_t *dev, ino_t *ino)
{
	char		path[64];
	struct stat	st;

	snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)pid, fd);
	if (stat(path, &st) == -1)
		return -1;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}
