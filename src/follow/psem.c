/*
 * psem.c: POSIX semaphores (sem_open) between followed processes, as
 * Python's multiprocessing makes every Lock, RLock, Semaphore,
 * BoundedSemaphore and Condition, and a Queue's locks and bounded
 * semaphore. A semaphore has no descriptor: sem_open maps a file of
 * /dev/shm, and multiprocessing unlinks it at once, so /proc/PID/maps
 * shows "/dev/shm/sem.XXXXXX (deleted)". Such a mapping is an object
 * (FW_PSEM) by the file's device and inode: the same semaphore in every
 * process that maps it, wherever it is mapped.
 *
 * Its value is read from one mapping with process_vm_readv: a read of
 * the target's memory that writes nothing there, takes no lock the
 * program takes and holds no reference after the call (it needs the
 * same ptrace access as reading /proc/PID/mem; one call, no file kept
 * open). A thread waits on it only when the kernel shows it asleep in
 * futex(2) with an address inside the semaphore's sem_t in its own
 * process's mapping: then it is acquiring (BLOCKED), a "user" of it.
 *
 * The maps are read when a process is new, when its descriptor table
 * was read again (a fork, an exec, the slow refresh), and when one of its
 * threads sleeps in futex on an address no mapping known explains (at
 * most every FW_PSEM_AGAIN_NS): within FW_PSEM_BUDGET_NS per tick.
 */
#include "config.h"

#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "follow/fw-int.h"
#include "base/util.h"

#define FW_PSEM_BUDGET_NS	1000000ULL
#define FW_PSEM_AGAIN_NS	1000000000ULL
#define FW_SEM_SIZE		32	/* sizeof (sem_t) */

struct fw_pmap {
	int		 row;		/* the process row mapping it */
	uint64_t	 lo;
	int		 obj;
};

struct fw_psem_row {
	uint64_t	 read_ns;	/* maps read last; 0 never */
	uint64_t	 fds_ns;	/* the table's read at that time */
	bool		 want;		/* a futex on an unknown address */
};

struct fw_psem {
	struct fw_pmap	*maps;
	int		 nmaps;
	struct fw_psem_row *rows;
	int		 nrows;
	int64_t		*first;		/* per object: its first value */
	int		 nfirst;
	uint64_t	 moved_ns;	/* fw_psem_moved last */
};

static struct fw_psem *
fw_psem_get(struct follow *fw)
{
	struct fw_psem	*ps = fw->psem;
	int		 i;

	if (ps == NULL)
		ps = fw->psem = xcalloc(1, sizeof *ps);
	if (ps->nrows < fw->nrows) {
		ps->rows = xreallocarray(ps->rows, (size_t)fw->nrows,
		    sizeof *ps->rows);
		for (i = ps->nrows; i < fw->nrows; i++)
			memset(&ps->rows[i], 0, sizeof ps->rows[i]);
		ps->nrows = fw->nrows;
	}
	if (ps->nfirst < fw->nobjs) {
		ps->first = xreallocarray(ps->first, (size_t)fw->nobjs,
		    sizeof *ps->first);
		for (i = ps->nfirst; i < fw->nobjs; i++)
			ps->first[i] = -1;
		ps->nfirst = fw->nobjs;
	}
	return ps;
}

/* Forget row r's mappings (it ended, or they are read again). */
static void
fw_psem_drop(struct fw_psem *ps, int r)
{
	int	i, j = 0;

	for (i = 0; i < ps->nmaps; i++) {
		if (ps->maps[i].row != r)
			ps->maps[j++] = ps->maps[i];
	}
	ps->nmaps = j;
}

/* One line of maps: a semaphore's mapping, added for row r. */
static void
fw_psem_line(struct follow *fw, int r, const char *line)
{
	struct fw_psem		*ps = fw->psem;
	struct fw_obj		*ob;
	unsigned long long	 lo, ino;
	unsigned		 maj, mn;
	const char		*path, *name;
	char			*end;
	int			 o, n = 0;

	if ((path = strstr(line, " /dev/shm/sem.")) == NULL ||
	    sscanf(line, "%llx-%*x %*s %*x %x:%x %llu %n", &lo, &maj, &mn,
	    &ino, &n) != 4 || n == 0 || ino == 0)
		return;
	o = fw_obj_find(fw, FW_PSEM, (uint64_t)makedev(maj, mn), ino);
	ob = &fw->objs[o];
	if (ob->path == NULL) {
		name = path + strlen(" /dev/shm/");
		ob->path = xstrdup(name);
		if ((end = strstr(ob->path, " (deleted)")) != NULL)
			*end = '\0';
		if ((end = strchr(ob->path, '\n')) != NULL)
			*end = '\0';
		ob->ops = channel_kind_special("sem_open");
	}
	ps->maps = xgrowarray(ps->maps, (size_t)ps->nmaps, sizeof *ps->maps);
	ps->maps[ps->nmaps].row = r;
	ps->maps[ps->nmaps].lo = lo;
	ps->maps[ps->nmaps].obj = o;
	ps->nmaps++;
}

/* Read process row r's maps: its semaphores now. */
static void
fw_psem_read(struct follow *fw, int r, uint64_t now)
{
	struct fw_psem	*ps = fw->psem;
	struct fw_row	*row = &fw->rows[r];
	char		 path[64], line[512];
	FILE		*f;

	ps->rows[r].read_ns = now;
	ps->rows[r].fds_ns = row->fds_ns;
	ps->rows[r].want = false;
	fw_psem_drop(ps, r);
	snprintf(path, sizeof path, "/proc/%ld/maps", (long)row->pid);
	if ((f = fopen(path, "re")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		fw_psem_line(fw, r, line);
	fclose(f);
	fw_psem_get(fw);	/* objects may have been added */
}

static void	fw_psem_moved(struct follow *);
static int	fw_psem_map_of(struct follow *, int);

void
fw_psem_tick(struct follow *fw, uint64_t now)
{
	struct fw_psem		*ps = fw_psem_get(fw);
	struct fw_psem_row	*pr;
	struct fw_row		*row;
	uint64_t		 t0 = cpu_ns();
	uint64_t		 wall_end = now_ns() + FW_WALL_CAP_NS;
	int			 r;

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		pr = &ps->rows[r];
		if (row->proc != -1)
			continue;
		if (row->ended) {
			if (pr->read_ns != 0)
				fw_psem_drop(ps, r);
			pr->read_ns = 0;
			continue;
		}
		if (pr->read_ns != 0 && pr->fds_ns == row->fds_ns &&
		    !(pr->want && now >= pr->read_ns + FW_PSEM_AGAIN_NS))
			continue;
		if (cpu_ns() >= t0 + FW_PSEM_BUDGET_NS ||
		    now_ns() >= wall_end)
			break;		/* the next tick's */
		fw_psem_read(fw, r, now);
	}
	/* Values of semaphores not shown yet: once a second, not a tick. */
	if (now >= ps->moved_ns + FW_PSEM_AGAIN_NS) {
		ps->moved_ns = now;
		fw_psem_moved(fw);
	}
}

/* The mapping of object o to read it from: -1 none. */
static int
fw_psem_map_of(struct follow *fw, int o)
{
	struct fw_psem	*ps = fw->psem;
	int		 i;

	for (i = 0; ps != NULL && i < ps->nmaps; i++) {
		if (ps->maps[i].obj == o && !fw->rows[ps->maps[i].row].ended)
			return i;
	}
	return -1;
}

/* The value of object o, from memory: -1 unknown. */
static int64_t
fw_psem_value(struct follow *fw, int o)
{
	struct fw_pmap	*m;
	struct iovec	 local, remote;
	uint64_t	 data;
	int		 i;

	if ((i = fw_psem_map_of(fw, o)) == -1)
		return -1;
	m = &fw->psem->maps[i];
	local.iov_base = &data;
	local.iov_len = sizeof data;
	remote.iov_base = (void *)(uintptr_t)m->lo;
	remote.iov_len = sizeof data;
	if (process_vm_readv(fw->rows[m->row].pid, &local, 1, &remote, 1,
	    0) != (ssize_t)sizeof data)
		return -1;
#if __SIZEOF_POINTER__ == 8
	/* glibc's sem_t with 64-bit atomics: the value is the low 32 bits
	   (the futex word), the count of waiters the high ones. */
	return (int64_t)(data & 0x7fffffffULL);
#else
	/* The value is the word shifted left by one (the low bit says
	   there are waiters). */
	return (int64_t)((uint32_t)data >> 1);
#endif
}

int
fw_psem_holders(struct follow *fw, int o)
{
	struct fw_psem	*ps = fw->psem;
	int		 i, j, n = 0;

	for (i = 0; ps != NULL && i < ps->nmaps; i++) {
		if (ps->maps[i].obj != o || fw->rows[ps->maps[i].row].ended)
			continue;
		for (j = 0; j < i; j++) {
			if (ps->maps[j].obj == o &&
			    ps->maps[j].row == ps->maps[i].row)
				break;
		}
		n += j == i;
	}
	return n;
}

bool
fw_psem_call(struct follow *fw, int r)
{
	struct fw_psem	*ps = fw_psem_get(fw);
	struct fw_row	*row = &fw->rows[r];
	int		 pr = row->proc >= 0 ? row->proc : r, i, c;
	uint64_t	 a = (uint64_t)row->arg0;

	if (row->nr != SYS_futex || row->arg0 <= 0)
		return false;
	for (i = 0; i < ps->nmaps; i++) {
		if (ps->maps[i].row == pr && a >= ps->maps[i].lo &&
		    a < ps->maps[i].lo + FW_SEM_SIZE)
			break;
	}
	if (i == ps->nmaps) {
		ps->rows[pr].want = true;	/* maybe one not read yet */
		return false;
	}
	if ((c = fw_chan_for(fw, ps->maps[i].obj, false)) < 0)
		return false;
	row->act = ACT_CALL;
	row->op = OP_RECV;
	row->chan = c;
	row->call = NULL;		/* the kind's word: acquire */
	row->confirmed = true;
	fw_chan_seen(fw, c, r, false);
	return true;
}

/* The semaphore that process row r made last before inode ino (on dev):
   the largest inode below it among r's mappings; -1 none. */
static int
fw_psem_prev(struct follow *fw, int r, uint64_t dev, uint64_t ino)
{
	struct fw_psem	*ps = fw->psem;
	struct fw_obj	*nb;
	int		 j, best = -1;

	for (j = 0; j < ps->nmaps; j++) {
		nb = &fw->objs[ps->maps[j].obj];
		if (ps->maps[j].row != r || nb->dev != dev || nb->ino >= ino)
			continue;
		if (best == -1 || nb->ino > fw->objs[best].ino)
			best = ps->maps[j].obj;
	}
	return best;
}

int
fw_psem_before(struct follow *fw, int o, int n)
{
	struct fw_psem	*ps = fw->psem;
	int		 i, r, p = o;

	if (ps == NULL || (i = fw_psem_map_of(fw, o)) == -1)
		return -1;
	r = ps->maps[i].row;
	while (n-- > 0 && p != -1)
		p = fw_psem_prev(fw, r, fw->objs[o].dev, fw->objs[p].ino);
	return p;
}

bool
fw_psem_maps(struct follow *fw, int r, int o)
{
	struct fw_psem	*ps = fw->psem;
	int		 i;

	for (i = 0; ps != NULL && i < ps->nmaps; i++) {
		if (ps->maps[i].row == r && ps->maps[i].obj == o)
			return true;
	}
	return false;
}

int64_t
fw_psem_value_of(struct follow *fw, int o)
{
	return fw_psem_value(fw, o);
}

void
fw_psem_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s)
{
	ch->value = fw_psem_value(fw, ch->obj);
	/* Who maps it changes with the maps, not the tables: each tick. */
	ch->holders = fw_psem_holders(fw, ch->obj);
	/* How many hold it needs its initial count, which only the program
	   knows: the fill is unknown, its value (free units) is shown. */
	s->fill = s->messages = s->capacity = -1;
}

/*
 * Semaphores not seen waited on become channels once two processes map
 * them and the value has moved: used between processes.
 */
static void
fw_psem_moved(struct follow *fw)
{
	struct fw_psem	*ps = fw->psem;
	int64_t		 v;
	int		 i, o;

	for (i = 0; i < ps->nmaps; i++) {
		o = ps->maps[i].obj;
		if (fw->objs[o].chan != -1 || fw_psem_map_of(fw, o) != i ||
		    (v = fw_psem_value(fw, o)) < 0)
			continue;
		if (ps->first[o] < 0)
			ps->first[o] = v;
		else if (v != ps->first[o] && fw_psem_holders(fw, o) >= 2)
			fw_chan_for(fw, o, false);
	}
}

void
fw_psem_free(struct follow *fw)
{
	struct fw_psem	*ps = fw->psem;

	if (ps == NULL)
		return;
	free(ps->maps);
	free(ps->rows);
	free(ps->first);
	free(ps);
	fw->psem = NULL;
}
