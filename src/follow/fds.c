/*
 * fds.c: the descriptor tables of the followed processes, and the kernel
 * objects they name. A descriptor is looked at with readlink(2) on
 * /proc/PID/fd/N ("pipe:[INO]", "socket:[INO]", a path), stat(2) through
 * that link for a path (a FIFO's inode), and the flags line of
 * /proc/PID/fdinfo/N for a pipe's or FIFO's direction: none of these
 * opens the object (an open of /proc/PID/fd/N would be a new end of the
 * pipe, able to read the program's data and to change its EOF and
 * EPIPE).
 *
 * Tables are read when they are due (a process found or exec'd) and
 * refreshed slowly, each within a budget of time: a token bucket per
 * kind of work, filled each tick, so that a burst of forks is read over a
 * few ticks and the slow refresh costs a steady, small share of a CPU.
 * A single descriptor is looked at when a thread is found asleep in a
 * call on it (fw_fd_lookup): that is how a pipe made after the last read
 * is found at once.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/vfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/util.h"

#define FW_TOKENS_MAX_NS	10000000LL
/* The mqueue file system's magic (ipc/mqueue.c; not in every
   linux/magic.h). */
#define FW_MQUEUE_MAGIC		0x19800202

/* Objects by (class, device, inode): open addressing over fw->objs. */
static size_t
fw_obj_slot(const struct follow *fw, uint8_t cls, uint64_t ino)
{
	return ((size_t)(ino * 0x9E3779B97F4A7C15ULL) ^ cls) &
	    (fw->objmap_cap - 1);
}

static void
fw_objmap_put(struct follow *fw, int o)
{
	const struct fw_obj	*ob = &fw->objs[o];
	size_t			 i;

	for (i = fw_obj_slot(fw, ob->cls, ob->ino); fw->objmap[i] != -1;
	    i = (i + 1) & (fw->objmap_cap - 1))
		;
	fw->objmap[i] = o;
}

static void
fw_objmap_grow(struct follow *fw)
{
	size_t	i;
	int	o;

	if ((size_t)fw->nobjs * 2 < fw->objmap_cap)
		return;
	free(fw->objmap);
	fw->objmap_cap = fw->objmap_cap == 0 ? 256 : fw->objmap_cap * 2;
	fw->objmap = xcalloc(fw->objmap_cap, sizeof *fw->objmap);
	for (i = 0; i < fw->objmap_cap; i++)
		fw->objmap[i] = -1;
	for (o = 0; o < fw->nobjs; o++)
		fw_objmap_put(fw, o);
}

/* The object, or -1; with add, made if it is new. */
static int
fw_obj_get(struct follow *fw, uint8_t cls, uint64_t dev, uint64_t ino,
    bool add)
{
	struct fw_obj	*ob;
	size_t		 i;
	int		 o;

	if (fw->objmap_cap > 0) {
		for (i = fw_obj_slot(fw, cls, ino); (o = fw->objmap[i]) != -1;
		    i = (i + 1) & (fw->objmap_cap - 1)) {
			ob = &fw->objs[o];
			if (ob->cls == cls && ob->ino == ino && ob->dev == dev)
				return o;
		}
	}
	if (!add)
		return -1;
	fw->objs = xgrowarray(fw->objs, (size_t)fw->nobjs, sizeof *fw->objs);
	o = fw->nobjs++;
	ob = &fw->objs[o];
	memset(ob, 0, sizeof *ob);
	ob->cls = cls;
	ob->dev = dev;
	ob->ino = ino;
	ob->chan = ob->peer_obj = -1;
	ob->sole_r = ob->sole_w = ob->hold_row = -1;
	ob->last_r = ob->last_w = ob->last_any = -1;
	fw_objmap_grow(fw);
	fw_objmap_put(fw, o);
	return o;
}

int
fw_obj_find(struct follow *fw, uint8_t cls, uint64_t dev, uint64_t ino)
{
	return fw_obj_get(fw, cls, dev, ino, true);
}

void
fw_objs_free(struct follow *fw)
{
	int	o;

	for (o = 0; o < fw->nobjs; o++)
		free(fw->objs[o].path);
	free(fw->objs);
	free(fw->objmap);
	fw->objs = NULL;
	fw->objmap = NULL;
	fw->nobjs = 0;
	fw->objmap_cap = 0;
}

/* A pipe's or FIFO's direction from fdinfo's flags (octal). */
static uint8_t
fw_fd_ends(pid_t pid, int fd)
{
	char	path[64], buf[256], *s;
	long	flags;
	ssize_t	n;
	int	f;

	snprintf(path, sizeof path, "/proc/%ld/fdinfo/%d", (long)pid, fd);
	if ((f = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return FW_END_R | FW_END_W;
	n = read(f, buf, sizeof buf - 1);
	close(f);
	if (n <= 0)
		return FW_END_R | FW_END_W;
	buf[n] = '\0';
	if ((s = strstr(buf, "flags:")) == NULL)
		return FW_END_R | FW_END_W;
	flags = strtol(s + 6, NULL, 8);
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FW_END_R;
	case O_WRONLY:
		return FW_END_W;
	default:
		return FW_END_R | FW_END_W;
	}
}

int
fw_fdinfo_value(pid_t pid, int fd, const char *name, const char *what,
    int base, unsigned long long *value)
{
	char	path[64], buf[1024], key[48], *s;
	ssize_t	n;
	int	f;

	snprintf(path, sizeof path, "/proc/%ld/fdinfo/%d", (long)pid, fd);
	if ((f = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(f, buf, sizeof buf - 1);
	close(f);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	snprintf(key, sizeof key, "\n%s-%s:", name, what);
	if ((s = strstr(buf, key)) == NULL)
		return -1;
	*value = strtoull(s + strlen(key), NULL, base);
	return 0;
}

/*
 * Is the file a POSIX queue: on the mqueue file system (statfs follows
 * the link to the inode, as stat does: no open)? Its device is kept once
 * known (also from /dev/mqueue, where it is mounted).
 */
static bool
fw_fd_mqueue(struct follow *fw, const char *path, const struct stat *st)
{
	struct statfs	sf;

	if (!S_ISREG(st->st_mode))
		return false;
	if (fw->mq_dev != 0)
		return (uint64_t)st->st_dev == fw->mq_dev;
	if (statfs(path, &sf) == -1 || sf.f_type != FW_MQUEUE_MAGIC)
		return false;
	fw->mq_dev = st->st_dev;
	return true;
}

/*
 * An anonymous inode of a kind (eventfd): its copies in every process
 * share one inode, so it is known by its NAME-id in fdinfo. 0 or -1.
 */
static int
fw_fd_anon(struct follow *fw, pid_t pid, int fd, const char *link,
    struct fw_fd *e)
{
	const struct channel_ops	*ops;
	char				 name[32];
	unsigned long long		 id;

	if (sscanf(link, "anon_inode:[%31[^]]]", name) != 1 ||
	    (ops = channel_kind_special(name)) == NULL ||
	    fw_fdinfo_value(pid, fd, name, "id", 10, &id) == -1)
		return -1;
	e->cls = FW_ANON;
	e->ino = id;
	e->obj = fw_obj_get(fw, e->cls, 0, id, true);
	fw->objs[e->obj].ops = ops;
	return 0;
}

/*
 * Descriptor fd of process pid: its class and object. old, when not
 * NULL, is what the table said before: the same object keeps its ends
 * without reading fdinfo again. 0, or -1 with errno (gone, EACCES).
 */
static int
fw_fd_parse(struct follow *fw, pid_t pid, int fd, const struct fw_fd *old,
    struct fw_fd *e)
{
	char			 path[64], link[PATH_MAX];
	unsigned long long	 ino;
	struct stat		 st;
	ssize_t			 n;

	memset(e, 0, sizeof *e);
	e->fd = fd;
	e->obj = -1;
	snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)pid, fd);
	if ((n = readlink(path, link, sizeof link - 1)) < 0)
		return -1;
	link[n] = '\0';
	if (sscanf(link, "pipe:[%llu]", &ino) == 1) {
		e->cls = FW_PIPE;
		e->ino = ino;
	} else if (sscanf(link, "socket:[%llu]", &ino) == 1) {
		e->cls = FW_SOCK;
		e->ino = ino;
		e->ends = FW_END_R | FW_END_W;
	} else if (link[0] == '/' && stat(path, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || fw_fd_mqueue(fw, path, &st))) {
		/* stat follows the link to the inode: no open. A queue's
		   link is "/NAME", on the mqueue file system. */
		e->cls = S_ISFIFO(st.st_mode) ? FW_FIFO : FW_MQ;
		e->dev = st.st_dev;
		e->ino = st.st_ino;
	} else if (fw_fd_anon(fw, pid, fd, link, e) == 0) {
		e->ends = fw_fd_ends(pid, fd);
		return 0;
	} else
		return 0;	/* FW_OTHER */
	e->obj = fw_obj_get(fw, e->cls, e->dev, e->ino, true);
	if ((e->cls == FW_FIFO || e->cls == FW_MQ) &&
	    fw->objs[e->obj].path == NULL)
		fw->objs[e->obj].path = xstrdup(link);
	if (e->cls != FW_SOCK) {
		if (old != NULL && old->obj == e->obj)
			e->ends = old->ends;
		else
			e->ends = fw_fd_ends(pid, fd);
	}
	return 0;
}

static int
fw_fd_cmp(const void *a, const void *b)
{
	const struct fw_fd	*x = a, *y = b;

	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

static struct fw_fd *
fw_fd_entry(struct fw_row *row, int fd)
{
	struct fw_fd	key;

	key.fd = fd;
	if (row->nfds == 0)
		return NULL;
	return bsearch(&key, row->fds, (size_t)row->nfds, sizeof *row->fds,
	    fw_fd_cmp);
}

/* Row r's table read again, whole: the descriptors looked at. */
static int
fw_fds_read(struct follow *fw, int r)
{
	struct fw_row	*row = &fw->rows[r];
	struct fw_fd	*fds = NULL, e;
	struct dirent	*d;
	char		 path[64], *end;
	size_t		 n = 0;
	long		 fd;
	DIR		*dir;
	int		 looked = 0;

	row->fds_due = false;
	row->fds_ns = now_ns();
	snprintf(path, sizeof path, "/proc/%ld/fd", (long)row->pid);
	if ((dir = opendir(path)) == NULL) {
		if (errno == EACCES || errno == EPERM) {
			row->fds_denied = true;
			fw_say_denied(fw, row->pid, "its descriptors");
		}
		return 0;
	}
	while ((d = readdir(dir)) != NULL) {
		fd = strtol(d->d_name, &end, 10);
		if (*end != '\0' || fd < 0 || fd > INT_MAX)
			continue;
		looked++;
		if (fw_fd_parse(fw, row->pid, (int)fd,
		    fw_fd_entry(row, (int)fd), &e) == -1 || e.obj == -1)
			continue;
		fds = xgrowarray(fds, n, sizeof *fds);
		fds[n++] = e;
	}
	closedir(dir);
	if (n > 1)
		qsort(fds, n, sizeof *fds, fw_fd_cmp);
	free(row->fds);
	row->fds = fds;
	row->nfds = (int)n;
	fw->holders_dirty = true;
	return looked;
}

int
fw_fd_lookup(struct follow *fw, int r, int fd, uint8_t *ends)
{
	struct fw_row	*row = &fw->rows[r];
	struct fw_fd	*old = fw_fd_entry(row, fd), e;
	size_t		 i;

	*ends = 0;
	if (row->ended || row->fds_denied)
		return -1;
	if (fw_fd_parse(fw, row->pid, fd, old, &e) == -1) {
		if (errno == EACCES || errno == EPERM) {
			row->fds_denied = true;
			fw_say_denied(fw, row->pid, "its descriptors");
		}
		return -1;
	}
	if (old != NULL && old->obj == e.obj && old->ends == e.ends) {
		*ends = e.ends;
		return e.obj;
	}
	/* New, changed or gone: the table changes, and who holds what. */
	fw->holders_dirty = true;
	if (old != NULL && e.obj != -1)
		*old = e;
	else if (old != NULL) {
		i = (size_t)(old - row->fds);
		memmove(old, old + 1, ((size_t)row->nfds - i - 1) *
		    sizeof *old);
		row->nfds--;
	} else if (e.obj != -1) {
		row->fds = xreallocarray(row->fds, (size_t)row->nfds + 1,
		    sizeof *row->fds);
		row->fds[row->nfds++] = e;
		qsort(row->fds, (size_t)row->nfds, sizeof *row->fds,
		    fw_fd_cmp);
	}
	*ends = e.ends;
	return e.obj;
}

void
fw_fds_inherit(struct follow *fw, int r, int parent)
{
	struct fw_row	*pr = &fw->rows[parent], *row = &fw->rows[r];
	uint64_t	 t;

	if (pr->fds_tick != fw->tick || pr->fds_ns == 0) {
		t = cpu_ns();
		fw_fds_read(fw, parent);
		pr->fds_tick = fw->tick;
		fw->due_tokens -= (int64_t)(cpu_ns() - t);
	}
	if (pr->fds_denied || pr->nfds == 0)
		return;		/* read its own when due */
	free(row->fds);
	row->fds = xreallocarray(NULL, (size_t)pr->nfds, sizeof *row->fds);
	memcpy(row->fds, pr->fds, (size_t)pr->nfds * sizeof *row->fds);
	row->nfds = pr->nfds;
	row->fds_due = false;
	row->fds_ns = now_ns();
	row->fds_tick = fw->tick;
	fw->holders_dirty = true;
}

/*
 * Each tick: tables that are due, then the slow refresh, each while its
 * bucket holds time (filled by FW_FD_BUDGET_NS and FW_REFRESH_BUDGET_NS a
 * tick); then who holds what, if anything changed.
 */
void
fw_fds_tick(struct follow *fw, uint64_t now)
{
	struct fw_row	*row;
	uint64_t	 t, wall_end = now_ns() + FW_WALL_CAP_NS;
	int		 r, k;

	int64_t		*due_tokens = &fw->due_tokens;
	int64_t		*ref_tokens = &fw->ref_tokens;

	*due_tokens += (int64_t)FW_FD_BUDGET_NS;
	if (*due_tokens > FW_TOKENS_MAX_NS)
		*due_tokens = FW_TOKENS_MAX_NS;
	*ref_tokens += (int64_t)FW_REFRESH_BUDGET_NS;
	if (*ref_tokens > FW_TOKENS_MAX_NS)
		*ref_tokens = FW_TOKENS_MAX_NS;
	for (r = 0; r < fw->nrows && *due_tokens > 0; r++) {
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended || !row->fds_due)
			continue;
		if (now_ns() >= wall_end)
			break;		/* the next tick's */
		t = cpu_ns();
		fw_fds_read(fw, r);
		t = cpu_ns() - t;
		*due_tokens -= (int64_t)t;	/* may go below 0 */
	}
	for (k = 0; k < fw->nrows && *ref_tokens > 0; k++) {
		r = (fw->refresh_next + k) % fw->nrows;
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended || row->fds_ns == 0 ||
		    row->fds_denied || now - row->fds_ns < FW_REFRESH_NS)
			continue;
		if (now_ns() >= wall_end)
			break;
		t = cpu_ns();
		fw_fds_read(fw, r);
		t = cpu_ns() - t;
		*ref_tokens -= (int64_t)t;
		fw->refresh_next = r + 1;
	}
	if (fw->holders_dirty)
		fw_holders(fw);
}

bool
follow_settled(const struct follow *fw)
{
	int	r;

	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].proc == -1 && !fw->rows[r].ended &&
		    fw->rows[r].fds_due)
			return false;
	}
	return true;
}

/* Count live process r once for each end of its object o it holds. */
static void
fw_hold(struct follow *fw, int r, const struct fw_fd *e)
{
	struct fw_obj	*o = &fw->objs[e->obj];

	if ((e->ends & FW_END_R) && o->last_r != r) {
		o->last_r = r;
		o->sole_r = o->nr++ == 0 ? r : -1;
	}
	if ((e->ends & FW_END_W) && o->last_w != r) {
		o->last_w = r;
		o->sole_w = o->nw++ == 0 ? r : -1;
	}
	if (o->last_any != r) {
		o->last_any = r;
		o->nany++;
	}
	if (o->hold_row == -1) {
		o->hold_row = r;
		o->hold_fd = e->fd;
	}
}

void
fw_holders(struct follow *fw)
{
	struct fw_obj	*o;
	struct fw_row	*row;
	int		 i, r;

	for (i = 0; i < fw->nobjs; i++) {
		o = &fw->objs[i];
		o->nr = o->nw = o->nany = 0;
		o->sole_r = o->sole_w = o->hold_row = -1;
		o->last_r = o->last_w = o->last_any = -1;
	}
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended)
			continue;
		for (i = 0; i < row->nfds; i++)
			fw_hold(fw, r, &row->fds[i]);
	}
	fw->holders_dirty = false;
	fw_chans_discover(fw);
}
