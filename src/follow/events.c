/*
 * events.c: which processes and threads make up the followed tree. The
 * kernel's process events connector (netlink NETLINK_CONNECTOR,
 * CN_IDX_PROC) reports every fork, exec and exit of the whole machine,
 * with the kernel's time of each; read at each tick, those of followed
 * processes add rows, end them or mark an exec, at their time, so that
 * a process that lived a millisecond has its start and its exit (and
 * its exit status) even if nothing else of it could be read. Where the connector cannot be had (refused, or an older
 * kernel), /proc is polled a few times a second instead, and the user is
 * told once that short-lived processes may be missed. When the kernel
 * dropped events (ENOBUFS: a busy machine), the tree is scanned again.
 */
#include "config.h"

#include <sys/socket.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/util.h"

#define FW_POLL_NS	250000000ULL	/* /proc polled without events */
#define FW_CN_BUF	(1 << 20)	/* the connector's receive buffer */

static void
fw_events_refused(struct follow *fw, int err)
{
	if (fw->cnfd != -1)
		close(fw->cnfd);
	fw->cnfd = -1;
	fw->polling = true;
	fw_notice(fw, FW_SAID_POLL, "the kernel's process events are not "
	    "available (%s): /proc is polled %d times a second instead, so a "
	    "process that lives less than that may be missed", strerror(err),
	    (int)(1000000000ULL / FW_POLL_NS));
}

int
fw_events_open(struct follow *fw)
{
	struct sockaddr_nl	 sa;
	/* A netlink header, then the connector's message and its data, the
	 * operation: built in an aligned buffer (struct cn_msg ends in a
	 * flexible array, so it cannot be a member followed by another). */
	union {
		char		 buf[NLMSG_SPACE(sizeof(struct cn_msg) +
				     sizeof(enum proc_cn_mcast_op))];
		struct nlmsghdr	 h;
	}				 req;
	struct cn_msg			*m;
	enum proc_cn_mcast_op		 op = PROC_CN_MCAST_LISTEN;
	int				 size = FW_CN_BUF;

	fw->cnfd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (fw->cnfd == -1) {
		fw_events_refused(fw, errno);
		return -1;
	}
	setsockopt(fw->cnfd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = CN_IDX_PROC;
	if (bind(fw->cnfd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		fw_events_refused(fw, errno);
		return -1;
	}
	memset(&req, 0, sizeof req);
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof *m + sizeof op);
	req.h.nlmsg_type = NLMSG_DONE;
	req.h.nlmsg_pid = 0;
	m = NLMSG_DATA(&req.h);
	m->id.idx = CN_IDX_PROC;
	m->id.val = CN_VAL_PROC;
	m->len = sizeof op;
	memcpy(m->data, &op, sizeof op);
	if (send(fw->cnfd, &req, req.h.nlmsg_len, 0) == -1) {
		fw_events_refused(fw, errno);
		return -1;
	}
	return 0;
}

/* The row of a live followed process (not a thread), or -1. */
static int
fw_live_proc(const struct follow *fw, pid_t pid)
{
	int	r = fw_row_find(fw, pid);

	if (r == -1 || fw->rows[r].ended || fw->rows[r].proc != -1)
		return -1;
	return r;
}

/* The kernel's time of an event, if it is one of this run's: else 0. */
static uint64_t
fw_event_ns(const struct follow *fw, uint64_t ts)
{
	return ts >= fw->t0 && ts <= now_ns() ? ts : 0;
}

/*
 * The row of the followed process that forked at ts, or -1: a live one,
 * or one that ended after ts (its events are read a tick late, and CMD
 * may have been reaped before its children's forks are read: a pid is
 * only reused after that).
 */
static int
fw_forker(const struct follow *fw, pid_t pid, uint64_t ts)
{
	int	r = fw_row_find(fw, pid);

	if (r == -1 || fw->rows[r].proc != -1)
		return -1;
	if (fw->rows[r].ended && (ts == 0 || ts > fw->rows[r].end_ns))
		return -1;
	return r;
}

static void
fw_event_fork(struct follow *fw, pid_t ppid, pid_t pid, pid_t tgid,
    uint64_t ts)
{
	int	pr, r, seen;

	if (pid == tgid) {
		if ((pr = fw_forker(fw, ppid, ts)) == -1)
			return;
		if ((seen = fw_row_find(fw, pid)) != -1 &&
		    !fw->rows[seen].ended)
			return;		/* found by a scan already */
		if ((r = fw_row_add_from(fw, pid, pid, -1, pr)) == -1)
			return;
		fw->rows[r].forked = true;
		/* The child holds what its parent held: its table is the
		   parent's, read again for it (once a tick at most). */
		fw_fds_inherit(fw, r, pr);
		if (ts != 0)
			fw->rows[r].found_ns = ts;
		/* The pid may be another process's already if this one
		   came and went: then it is not ours to follow. */
		seen = fw_row_ppid(&fw->rows[r]);
		if (seen != -1 && seen != ppid && seen != getpid())
			fw_row_end(fw, r, -1, false);
		return;
	}
	if ((pr = fw_live_proc(fw, tgid)) == -1)
		return;
	if ((seen = fw_row_find(fw, pid)) != -1 && !fw->rows[seen].ended)
		return;
	fw_row_add(fw, tgid, pid, pr);
}

static void
fw_event(struct follow *fw, const struct proc_event *ev)
{
	uint64_t	ts = fw_event_ns(fw, ev->timestamp_ns);
	int		r;

	switch (ev->what) {
	case PROC_EVENT_FORK:
		fw_event_fork(fw, ev->event_data.fork.parent_tgid,
		    ev->event_data.fork.child_pid,
		    ev->event_data.fork.child_tgid, ts);
		break;
	case PROC_EVENT_EXEC:
		if (ev->event_data.exec.process_pid !=
		    ev->event_data.exec.process_tgid)
			break;
		if ((r = fw_live_proc(fw, ev->event_data.exec.process_pid))
		    != -1)
			fw_row_exec(fw, r);
		break;
	case PROC_EVENT_EXIT:
		r = fw_row_find(fw, ev->event_data.exit.process_pid);
		if (r == -1 || fw->rows[r].ended)
			break;
		/* exit_code is what wait(2) will say (the group's, for the
		   process's leader). */
		fw_row_end(fw, r, fw->rows[r].proc == -1 ?
		    (int)ev->event_data.exit.exit_code : 0, false);
		if (ts != 0)
			fw->rows[r].end_ns = ts;
		break;
	default:
		break;
	}
}

void
fw_events_read(struct follow *fw)
{
	char			 buf[16384] __attribute__((aligned(8)));
	const struct nlmsghdr	*h;
	const struct cn_msg	*m;
	struct proc_event	 ev;
	ssize_t			 n;
	size_t			 left;

	while (fw->cnfd != -1) {
		n = recv(fw->cnfd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == ENOBUFS) {
			/* The kernel had to drop some: look again. */
			fw_notice(fw, FW_SAID_LOST, "the kernel dropped "
			    "process events (a busy machine): the tree was "
			    "read again from /proc, and processes that came "
			    "and went meanwhile were missed");
			fw_scan_tree(fw);
			continue;
		}
		if (n <= 0)
			return;
		left = (size_t)n;
		for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, left);
		    h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_ERROR ||
			    h->nlmsg_type == NLMSG_NOOP)
				continue;
			m = NLMSG_DATA(h);
			if (m->id.idx != CN_IDX_PROC ||
			    m->id.val != CN_VAL_PROC ||
			    m->len < sizeof (struct proc_event))
				continue;
			/* The event follows the 20-byte header: copied
			   to be aligned. */
			memcpy(&ev, m->data, sizeof ev);
			fw_event(fw, &ev);
		}
	}
}

/* Every process's parent, from /proc/N/stat: how many, into *pids. */
int
fw_proc_parents(pid_t **pids, pid_t **ppids)
{
	struct dirent	*d;
	char		 path[64], buf[512], *s, *end;
	DIR		*dir;
	long		 pid;
	ssize_t		 n;
	int		 fd, count = 0;

	*pids = *ppids = NULL;
	if ((dir = opendir("/proc")) == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		pid = strtol(d->d_name, &end, 10);
		if (*end != '\0' || pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if ((s = strrchr(buf, ')')) == NULL || strlen(s) < 5)
			continue;
		*pids = xgrowarray(*pids, (size_t)count, sizeof **pids);
		*ppids = xgrowarray(*ppids, (size_t)count, sizeof **ppids);
		(*pids)[count] = (pid_t)pid;
		(*ppids)[count++] = (pid_t)atol(s + 4);
	}
	closedir(dir);
	return count;
}

/*
 * The tree read from /proc: every descendant of a followed process that
 * has no row yet (also one re-parented to ipcscope, the subreaper of a
 * -- CMD run), and every thread of each. At attach, after lost events,
 * and a few times a second without the connector.
 */
void
fw_scan_tree(struct follow *fw)
{
	pid_t	*pids, *ppids, self = getpid();
	int	 n, i, r, more;

	n = fw_proc_parents(&pids, &ppids);
	do {
		more = 0;
		for (i = 0; i < n; i++) {
			if (pids[i] == 0 || ((r = fw_row_find(fw, pids[i])) !=
			    -1 && !fw->rows[r].ended)) {
				pids[i] = 0;	/* known */
				continue;
			}
			if (fw_live_proc(fw, ppids[i]) == -1 &&
			    (fw->attach || ppids[i] != self))
				continue;
			if (fw_row_add(fw, pids[i], pids[i], -1) == -1)
				break;
			pids[i] = 0;
			more++;
		}
	} while (more > 0);
	free(pids);
	free(ppids);
	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].proc == -1 && !fw->rows[r].ended)
			fw_rows_threads(fw, r);
	}
}

void
fw_poll_tree(struct follow *fw, uint64_t now)
{
	if (!fw->polling || now - fw->poll_ns < FW_POLL_NS)
		return;
	fw->poll_ns = now;
	fw_scan_tree(fw);
}
