/*
 * rows.c: the rows of a followed program, a process or a thread each.
 * A row's /proc files are opened once, when it is found, and read with
 * pread each tick (stat always; syscall and schedstat while it sleeps;
 * io): the descriptors belong to that very task, so a pid reused later
 * is never read in its place. What a sleeping thread's call is, and
 * whether it is a call on a channel, is decided here from those reads.
 */
#include "config.h"

#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/syscalls.h"
#include "base/util.h"

/* pid -> row, open addressing; a newer row of a pid replaces the older. */
static size_t
fw_pid_slot(const struct follow *fw, pid_t tid)
{
	return ((size_t)tid * 2654435761U) & (fw->pidmap_cap - 1);
}

static void
fw_pidmap_put(struct follow *fw, pid_t tid, int row)
{
	size_t	i, old_cap = fw->pidmap_cap;
	int	*old = fw->pidmap, r;

	if ((size_t)fw->nrows * 2 >= fw->pidmap_cap) {
		fw->pidmap_cap = old_cap == 0 ? 64 : old_cap * 2;
		fw->pidmap = xcalloc(fw->pidmap_cap, sizeof *fw->pidmap);
		for (i = 0; i < fw->pidmap_cap; i++)
			fw->pidmap[i] = -1;
		for (i = 0; i < old_cap; i++) {
			if ((r = old[i]) != -1)
				fw_pidmap_put(fw, fw->rows[r].tid, r);
		}
		free(old);
	}
	for (i = fw_pid_slot(fw, tid); fw->pidmap[i] != -1;
	    i = (i + 1) & (fw->pidmap_cap - 1)) {
		if (fw->rows[fw->pidmap[i]].tid == tid)
			break;
	}
	fw->pidmap[i] = row;
}

int
fw_row_find(const struct follow *fw, pid_t tid)
{
	size_t	i;

	if (fw->pidmap_cap == 0)
		return -1;
	for (i = fw_pid_slot(fw, tid); fw->pidmap[i] != -1;
	    i = (i + 1) & (fw->pidmap_cap - 1)) {
		if (fw->rows[fw->pidmap[i]].tid == tid)
			return fw->pidmap[i];
	}
	return -1;
}

static int
fw_open_proc(pid_t pid, pid_t tid, const char *name)
{
	char	path[80];

	if (pid == tid)
		snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
	else
		snprintf(path, sizeof path, "/proc/%ld/task/%ld/%s",
		    (long)pid, (long)tid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* A small /proc file read whole into buf: length, or -1 with errno. */
static ssize_t
fw_pread(int fd, char *buf, size_t len)
{
	ssize_t	n;

	if (fd == -1) {
		errno = EBADF;
		return -1;
	}
	if ((n = pread(fd, buf, len - 1, 0)) < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* src into dst of len bytes, cut short if need be. */
static void
fw_copy(char *dst, size_t len, const char *src)
{
	size_t	n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The task's comm into buf (16 bytes), "?" when it cannot be read. */
static void
fw_read_comm(pid_t pid, pid_t tid, char *buf, size_t len)
{
	char	b[64];
	int	fd;
	ssize_t	n;

	snprintf(buf, len, "?");
	if ((fd = fw_open_proc(pid, tid, "comm")) == -1)
		return;
	n = fw_pread(fd, b, sizeof b);
	close(fd);
	if (n <= 0)
		return;
	b[strcspn(b, "\n")] = '\0';
	fw_copy(buf, len, b);
}

int
fw_row_add(struct follow *fw, pid_t pid, pid_t tid, int proc)
{
	return fw_row_add_from(fw, pid, tid, proc, -1);
}

int
fw_row_add_from(struct follow *fw, pid_t pid, pid_t tid, int proc,
    int parent)
{
	struct fw_row	*row;
	int		 r = fw->nrows;

	if (fw->nrows >= FOLLOW_MAX_ROWS) {
		fw_notice(fw, FW_SAID_ROWS, "more than %d processes and "
		    "threads: those found after are not followed",
		    FOLLOW_MAX_ROWS);
		return -1;
	}
	fw->rows = xgrowarray(fw->rows, (size_t)fw->nrows, sizeof *fw->rows);
	fw->stamp = xgrowarray(fw->stamp, (size_t)fw->nrows,
	    sizeof *fw->stamp);
	row = &fw->rows[r];
	memset(row, 0, sizeof *row);
	row->pid = pid;
	row->tid = tid;
	row->proc = proc;
	row->wstatus = -1;
	row->nr = row->arg0 = row->call_nr = -1;
	row->chan = row->call_obj = -1;
	row->pidfd = -1;
	row->statfd = fw_open_proc(pid, tid, "stat");
	if ((row->sysfd = fw_open_proc(pid, tid, "syscall")) == -1)
		row->sys_err = errno;
	row->schedfd = fw_open_proc(pid, tid, "schedstat");
	row->iofd = fw_open_proc(pid, tid, "io");
	if (proc == -1) {
		row->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		row->fds_due = true;
	}
	fw_read_comm(pid, tid, row->comm, sizeof row->comm);
	/* Gone already: it had its parent's (or process's) name when it
	   was made, unless it exec'd. */
	if (strcmp(row->comm, "?") == 0 && (proc >= 0 || parent >= 0))
		fw_copy(row->comm, sizeof row->comm,
		    fw->rows[proc >= 0 ? proc : parent].comm);
	row->found_ns = now_ns();
	fw->stamp[r] = 0;
	fw->nrows++;
	fw_pidmap_put(fw, tid, r);
	return r;
}

static void
fw_close(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

void
fw_row_free(struct fw_row *row)
{
	fw_close(&row->statfd);
	fw_close(&row->sysfd);
	fw_close(&row->schedfd);
	fw_close(&row->iofd);
	fw_close(&row->pidfd);
	free(row->fds);
	row->fds = NULL;
	row->nfds = 0;
}

void
fw_row_end(struct follow *fw, int r, int wstatus, bool reaped)
{
	struct fw_row	*row = &fw->rows[r];
	int		 t;

	if (reaped || (wstatus != -1 && !row->reaped))
		row->wstatus = wstatus;
	row->reaped = row->reaped || reaped;
	if (row->ended)
		return;
	row->ended = true;
	fw->nends++;
	row->end_ns = now_ns();
	row->act = ACT_DONE;
	row->confirmed = false;
	fw_row_free(row);
	if (row->proc != -1)
		return;
	fw->holders_dirty = true;
	for (t = r + 1; t < fw->nrows; t++) {
		if (fw->rows[t].proc == r && !fw->rows[t].ended)
			fw_row_end(fw, t, 0, false);
	}
}

void
fw_row_exec(struct follow *fw, int r)
{
	struct fw_row	*row = &fw->rows[r];
	int		 t;

	row->execs++;
	fw_read_comm(row->pid, row->tid, row->exec, sizeof row->exec);
	if (strcmp(row->exec, "?") == 0)
		row->exec[0] = '\0';	/* gone: named as it was forked */
	row->fds_due = true;	/* close-on-exec closed some */
	/* An exec ends every other thread of the process. */
	for (t = r + 1; t < fw->nrows; t++) {
		if (fw->rows[t].proc == r && !fw->rows[t].ended)
			fw_row_end(fw, t, 0, false);
	}
}

/* The threads of process row r that have no row yet (attach, polling). */
void
fw_rows_threads(struct follow *fw, int r)
{
	struct dirent	*d;
	char		 path[64], *end;
	DIR		*dir;
	long		 tid;
	int		 t;

	snprintf(path, sizeof path, "/proc/%ld/task", (long)fw->rows[r].pid);
	if ((dir = opendir(path)) == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		tid = strtol(d->d_name, &end, 10);
		if (*end != '\0' || tid <= 0 || tid == fw->rows[r].pid)
			continue;
		if ((t = fw_row_find(fw, (pid_t)tid)) != -1 &&
		    !fw->rows[t].ended)
			continue;
		if (fw_row_add(fw, fw->rows[r].pid, (pid_t)tid, r) == -1)
			break;
	}
	closedir(dir);
}

/*
 * stat: the state letter, and (field 52) the exit code a zombie leaves
 * for its parent, -1 if none. 0, or -1 when the task is gone.
 */
static int
fw_read_stat(const struct fw_row *row, char *state, int *exit_code)
{
	char	buf[1024], *s;
	int	field;

	if (fw_pread(row->statfd, buf, sizeof buf) <= 0)
		return -1;
	/* "pid (comm) S ...": comm may hold spaces and parentheses. */
	if ((s = strrchr(buf, ')')) == NULL || s[1] != ' ')
		return -1;
	*state = s[2];
	*exit_code = -1;
	for (field = 3, s += 2; field < 52 && s != NULL; field++)
		if ((s = strchr(s, ' ')) != NULL)
			s++;
	if (s != NULL && field == 52)
		*exit_code = atoi(s);
	return 0;
}

int
fw_row_ppid(const struct fw_row *row)
{
	char	buf[1024], *s;

	if (fw_pread(row->statfd, buf, sizeof buf) <= 0 ||
	    (s = strrchr(buf, ')')) == NULL || s[1] != ' ' || s[2] == '\0')
		return -1;
	return atoi(s + 4);
}

/* The system call a sleeping task is in: its number and first argument. */
static void
fw_read_syscall(struct follow *fw, struct fw_row *row)
{
	char	buf[256], *s;

	row->nr = row->arg0 = -1;
	if (fw_pread(row->sysfd, buf, sizeof buf) <= 0) {
		if (row->sysfd != -1)
			row->sys_err = errno;
		if (row->sys_err == EPERM || row->sys_err == EACCES) {
			row->unknown = "no permission";
			fw_say_denied(fw, row->pid, "its system calls");
		}
		return;
	}
	row->unknown = NULL;
	if (buf[0] < '0' || buf[0] > '9')
		return;		/* "running", or "-1 ..." (no call) */
	row->nr = strtol(buf, &s, 10);
	if (*s == ' ')
		row->arg0 = strtol(s + 1, NULL, 16);
}

static void
fw_read_sched(struct fw_row *row)
{
	char		 buf[128], *s;
	unsigned long long a, b, c;

	row->pcount = 0;
	if (fw_pread(row->schedfd, buf, sizeof buf) > 0 &&
	    sscanf(buf, "%llu %llu %llu", &a, &b, &c) == 3)
		row->pcount = c;
	(void)s;
}

static void
fw_read_io(struct fw_row *row)
{
	char		 buf[512], *s;

	row->io = false;
	if (fw_pread(row->iofd, buf, sizeof buf) <= 0 ||
	    strncmp(buf, "rchar: ", 7) != 0)
		return;
	row->rchar = strtoull(buf + 7, &s, 10);
	if ((s = strstr(s, "wchar: ")) == NULL)
		return;
	row->wchar = strtoull(s + 7, NULL, 10);
	row->io = true;
}

/* The kernel's function a task sleeps in: a hint, once per call. */
static void
fw_read_wchan(struct fw_row *row)
{
	char	buf[64];
	int	fd;
	ssize_t	n;

	row->wchan[0] = '\0';
	if ((fd = fw_open_proc(row->pid, row->tid, "wchan")) == -1)
		return;
	n = fw_pread(fd, buf, sizeof buf);
	close(fd);
	if (n > 0 && strcmp(buf, "0") != 0)
		fw_copy(row->wchan, sizeof row->wchan, buf);
}

/*
 * Has a sleeping task stayed asleep since the last tick? Then its state,
 * call and I/O counters are as they were: only the task changes them, and
 * it was not scheduled in (schedstat's count, one read instead of four).
 * Everything is read again at least every FW_FULL_NS.
 */
static bool
fw_row_still(struct follow *fw, struct fw_row *row, uint64_t now)
{
	uint64_t	before = row->pcount;

	/* One that ended since may have woken it (EOF, EPIPE): a sleeper
	   woken but not run yet has the same count. */
	if (!row->asleep || row->full_ns == 0 ||
	    now >= row->full_ns + FW_FULL_NS || fw->nends != fw->nends_read)
		return false;
	fw_read_sched(row);
	return row->pcount != 0 && row->pcount == before;
}

/* A task's state, call and counters this tick; ended if it is gone. */
static void
fw_row_read(struct follow *fw, int r, uint64_t now)
{
	struct fw_row	*row = &fw->rows[r];
	char		 state;
	int		 code;

	if (fw_row_still(fw, row, now))
		return;
	row->full_ns = now;
	row->kstate = 0;
	row->asleep = false;
	row->nr = row->arg0 = -1;
	if (fw_read_stat(row, &state, &code) == -1) {
		fw_row_end(fw, r, -1, false);
		return;
	}
	if (state == 'Z' || state == 'X') {
		fw_row_end(fw, r, row->proc == -1 ? code : 0, false);
		return;
	}
	row->kstate = state;
	row->asleep = state == 'S' || state == 'D';
	if (row->asleep) {
		fw_read_syscall(fw, row);
		fw_read_sched(row);
	}
	fw_read_io(row);
}

/*
 * What a sleeping task's call is: blocked on a channel when the call
 * reads or writes its first argument's descriptor and that descriptor
 * (looked at again for each new call) is an end of a channel the call
 * can use; else asleep in a call by name. A call is new when the number,
 * the argument or the times it was scheduled in changed: one that never
 * woke is the same call, however long.
 */
static void
fw_row_call(struct follow *fw, int r, uint64_t now)
{
	struct fw_row	*row = &fw->rows[r];
	int		 dir, c, pr = row->proc >= 0 ? row->proc : r;
	bool		 fresh, out;

	row->act = ACT_RUNNING;
	row->op = OP_NONE;
	row->chan = -1;
	row->call = NULL;
	row->confirmed = false;
	if (!row->asleep) {
		row->call_nr = -1;
		return;
	}
	fresh = row->call_nr != row->nr || row->call_arg0 != row->arg0 ||
	    row->call_pcount != row->pcount || row->call_ns == 0;
	if (fresh) {
		row->call_nr = row->nr;
		row->call_arg0 = row->arg0;
		row->call_pcount = row->pcount;
		row->call_ns = now;
		row->call_before = row->first_ns == now;
		row->call_obj = -1;
		row->wchan[0] = '\0';
	}
	row->act = ACT_SLEEP;
	if (row->nr < 0)
		return;
	row->call = syscall_name(row->nr, &dir);
	if (fw_psem_call(fw, r))	/* i11-python: a semaphore's futex */
		return;
	if (dir == 0 || row->arg0 < 0 || row->arg0 > INT_MAX)
		return;
	out = (dir & SYSCALL_OUT) != 0;
	if (fresh && (dir & SYSCALL_IPC)) {
		/* A System V queue: its id, no descriptor to look at. */
		row->call_obj = fw_obj_find(fw, FW_SYSV, 0,
		    (uint64_t)row->arg0);
		row->call_ends = FW_END_R | FW_END_W;
	} else if (fresh)
		row->call_obj = fw_fd_lookup(fw, pr, (int)row->arg0,
		    &row->call_ends);
	if (row->call_obj < 0 || !(row->call_ends & (out ? FW_END_W :
	    FW_END_R)))
		return;
	if ((c = fw_chan_for(fw, row->call_obj, out)) < 0)
		return;
	row->act = ACT_CALL;
	row->op = out ? OP_SEND : OP_RECV;
	row->chan = c;
	row->confirmed = true;
	fw_chan_seen(fw, c, r, out);
	if (row->wchan[0] == '\0')
		fw_read_wchan(row);
}

void
fw_rows_sample(struct follow *fw, uint64_t now)
{
	unsigned	before = fw->nends;
	int		r;

	/* Every row read in full if one ended since the last tick
	   (fw_row_still): its end may have woken them. */
	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].ended)
			continue;
		if (fw->rows[r].first_ns == 0)
			fw->rows[r].first_ns = now;
		fw_row_read(fw, r, now);
	}
	/*
	 * A row found ended while the rows were read had closed its ends
	 * before: the sleepers read before it may have been woken since
	 * (a writer by its reader's exit, about to get EPIPE). Read them
	 * again, so that no sample shows one asleep on a channel whose
	 * other side it shows gone.
	 */
	while (fw->nends != before) {
		before = fw->nends;
		for (r = 0; r < fw->nrows; r++) {
			if (!fw->rows[r].ended && fw->rows[r].asleep)
				fw_row_read(fw, r, now);
		}
	}
	fw->nends_read = fw->nends;
	for (r = 0; r < fw->nrows; r++) {
		if (!fw->rows[r].ended)
			fw_row_call(fw, r, now);
	}
}
