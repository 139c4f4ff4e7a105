/* probe.c: reading a worker's state from /proc without disturbing it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

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

int
probe_proc(const struct run *run, int i, struct kview *kv, bool deep)
{
	const struct rproc	*p = &run->procs[i];
	char			 buf[512], *s;
	ssize_t			 n;

	kv->state = 0;
	kv->syscall = -1;
	kv->arg0 = -1;
	kv->wchan[0] = '\0';
	if (p->reaped || probe_read(p->statfd, buf, sizeof buf) <= 0)
		return -1;
	/* "pid (comm) S ...": comm may hold spaces and parentheses. */
	if ((s = strrchr(buf, ')')) == NULL || s[1] != ' ')
		return -1;
	kv->state = s[2];
	if (!deep || (kv->state != 'S' && kv->state != 'D'))
		return 0;

	if (probe_read(p->syscallfd, buf, sizeof buf) > 0 &&
	    buf[0] >= '0' && buf[0] <= '9') {
		kv->syscall = strtol(buf, &s, 10);
		if (*s == ' ')
			kv->arg0 = strtol(s + 1, NULL, 16);
	}
	if ((n = probe_read(p->wchanfd, buf, sizeof buf)) > 0 &&
	    strcmp(buf, "0") != 0) {
		n = (ssize_t)strcspn(buf, "\n");
		if ((size_t)n >= sizeof kv->wchan)
			n = sizeof kv->wchan - 1;
		memcpy(kv->wchan, buf, (size_t)n);
		kv->wchan[n] = '\0';
	}
	return 0;
}
