/*
 * python.c: Python's multiprocessing, named in its words from what the
 * kernel shows (never from thread names: CPython 3.13 and earlier name
 * every thread after the program). Each name is a row's or a channel's
 * "shape", given once it is known (most are kept; a wait is named only
 * while it lasts):
 *
 *   - the command line (read once per exec) names the roles with the
 *     spawn and forkserver start methods: "-c from multiprocessing.spawn
 *     import spawn_main; ..." or "--multiprocessing-fork" is a child,
 *     "...forkserver import main" the fork server, "...resource_tracker
 *     import main" the resource tracker. With fork every process has the
 *     parent's command line: nothing is said from it.
 *   - a Queue's feeder thread: a thread that is not its process's main
 *     thread, seen BLOCKED writing a pipe: multiprocessing.Queue writes
 *     its pipe from that thread only. The pipe is then a Queue's pipe.
 *   - a Manager: a process holding a listening unix socket bound to
 *     multiprocessing's address for it (/tmp/pymp-*\/listener-*, from
 *     /proc/net/unix, read at most every FW_PY_NET_NS while a socket is
 *     new); its other threads serve connections. The connections
 *     accepted on that listener have their peers in the clients: a
 *     thread blocked reading one waits for the Manager's answer, and
 *     what it waits on (a Manager().Queue's get, an Event's wait) is an
 *     object inside the manager process, which the kernel cannot show.
 *   - a Pool: a thread (not the main one) BLOCKED reading a pipe that its
 *     process's children hold is the result handler, the pipe the result
 *     pipe, those children the workers, the pipe a worker reads the task
 *     pipe.
 *   - a semaphore (psem.c) mapped by a Python process: a multiprocessing
 *     lock or semaphore; which one from the semaphores its process made
 *     just before it (a Queue's three, a JoinableQueue's eight), its value
 *     and who waits on it (fw_py_sem).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/util.h"

#define FW_PY_NET_NS	1000000000ULL

struct fw_py {
	unsigned	*execs;		/* per row: cmdline read at execs+1 */
	bool		*asked;		/* per row: its own table asked for */
	const char	**cmd;		/* per row: its command line's shape */
	pid_t		*ppid;		/* per row: its parent, read once; 0 */
	int		 nrows;
	uint64_t	 net_ns;	/* /proc/net/unix read last */
	uint64_t	*listen;	/* listener inodes */
	int		 nlisten;
	uint64_t	*conns;		/* accepted on them (the server's) */
	int		 nconns;
};

/* What a Manager's client waits for is an object of the manager's (a
   queue, an event, a lock, a dict's lock): the kernel cannot see which. */
static const char fw_py_waits[] = "waits on the Manager: an object inside "
    "the manager process (a queue, an event, a lock)";
static const char fw_py_pool_worker[] = "a Pool worker";
static const char fw_py_spool_worker[] = "a Pool worker (spawned)";
static const char fw_py_sworker_waits[] = "a Pool worker (spawned), waits "
    "on the Manager: an object inside the manager process (a queue, an "
    "event, a lock)";
static const char fw_py_feeder[] = "a Queue's feeder thread (it writes "
    "what put() queued into the pipe; at exit its process waits for it, "
    "unless cancel_join_thread() was called)";
static const char fw_py_worker_waits[] = "a Pool worker, waits on the "
    "Manager: an object inside the manager process (a queue, an event, a "
    "lock)";

static const char fw_py_spawned[] = "multiprocessing child (spawned)";
static const char fw_py_tracker[] = "multiprocessing resource tracker";
static const char fw_py_forkserver[] = "multiprocessing fork server";
static const char fw_py_mgr[] = "multiprocessing Manager (server process)";
static const char fw_py_mgr_accept[] = "the Manager's thread accepting "
    "connections";
static const char fw_py_mgr_serve[] = "the Manager's thread serving a "
    "connection";

/* A process's shape from its command line (argv joined by NULs). */
static const char *
fw_py_cmdline(const char *buf, size_t len)
{
	bool	spawn = false, fork_arg = false, fs = false, rt = false;
	size_t	i;

	for (i = 0; i < len; i += strlen(buf + i) + 1) {
		if (strstr(buf + i, "multiprocessing.spawn import spawn_main"))
			spawn = true;
		if (strcmp(buf + i, "--multiprocessing-fork") == 0)
			fork_arg = true;
		if (strstr(buf + i, "multiprocessing.forkserver import main"))
			fs = true;
		if (strstr(buf + i, "resource_tracker import main") ||
		    strstr(buf + i, "semaphore_tracker import main"))
			rt = true;
	}
	if (fs)
		return fw_py_forkserver;
	if (rt)
		return fw_py_tracker;
	if (spawn || fork_arg)
		return fw_py_spawned;
	return NULL;
}

/* Is a followed process a Python interpreter (by its comm)? */
static bool
fw_py_python(const struct follow *fw)
{
	int	r;

	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].proc == -1 && !fw->rows[r].ended &&
		    strncmp(fw->rows[r].comm, "python", 6) == 0)
			return true;
	}
	return false;
}

/* Process row r's parent's row (its parent read once: a row's parent is
   its parent at fork, for the names): -1 none followed. */
static int
fw_py_parent(struct follow *fw, int r)
{
	struct fw_py	*py = fw->py;

	if (py->ppid[r] == 0)
		py->ppid[r] = fw_row_ppid(&fw->rows[r]);
	return py->ppid[r] > 0 ? fw_row_find(fw, py->ppid[r]) : -1;
}

/*
 * A process the fork server forked: the descriptors it was sent (a Pool's
 * pipes) came to the fork server just before and were closed there just
 * after, so the table read at the fork may lack them: its own is asked
 * for once (within the tables' budget).
 */
static void
fw_py_forked(struct follow *fw, struct fw_py *py, int r)
{
	struct fw_row	*row = &fw->rows[r];
	int		 pp;

	if (py->asked[r] || !row->forked || row->execs > 0)
		return;
	pp = fw_py_parent(fw, r);
	if (pp < 0 || fw->rows[pp].shape != fw_py_forkserver)
		return;
	py->asked[r] = true;
	row->fds_due = true;
}

static void
fw_py_rows(struct follow *fw, struct fw_py *py)
{
	struct fw_row	*row;
	char		 path[64], buf[4096];
	ssize_t		 n;
	int		 r, fd;

	if (py->nrows < fw->nrows) {
		py->execs = xreallocarray(py->execs, (size_t)fw->nrows,
		    sizeof *py->execs);
		memset(py->execs + py->nrows, 0, (size_t)(fw->nrows -
		    py->nrows) * sizeof *py->execs);
		py->asked = xreallocarray(py->asked, (size_t)fw->nrows,
		    sizeof *py->asked);
		memset(py->asked + py->nrows, 0, (size_t)(fw->nrows -
		    py->nrows) * sizeof *py->asked);
		py->cmd = xreallocarray(py->cmd, (size_t)fw->nrows,
		    sizeof *py->cmd);
		py->ppid = xreallocarray(py->ppid, (size_t)fw->nrows,
		    sizeof *py->ppid);
		memset(py->ppid + py->nrows, 0, (size_t)(fw->nrows -
		    py->nrows) * sizeof *py->ppid);
		memset(py->cmd + py->nrows, 0, (size_t)(fw->nrows -
		    py->nrows) * sizeof *py->cmd);
		py->nrows = fw->nrows;
	}
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended)
			continue;
		fw_py_forked(fw, py, r);
		if (py->execs[r] == row->execs + 1)
			continue;
		py->execs[r] = row->execs + 1;
		/* Forked and not exec'd: its parent's command line. */
		if (row->forked && row->execs == 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/cmdline",
		    (long)row->pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		py->cmd[r] = fw_py_cmdline(buf, (size_t)n);
		if (row->shape == NULL)
			row->shape = py->cmd[r];
	}
}

static bool
fw_py_has(const uint64_t *set, int n, uint64_t ino)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (set[i] == ino)
			return true;
	}
	return false;
}

/* Does process row r hold object o (its table as last read)? */
static bool
fw_py_holds(const struct fw_row *row, int o)
{
	int	j;

	for (j = 0; j < row->nfds; j++) {
		if (row->fds[j].obj == o)
			return true;
	}
	return false;
}

/* Does a fork server (by its command line) hold socket inode ino? */
static bool
fw_py_forkserver_has(struct follow *fw, uint64_t ino)
{
	struct fw_row	*row;
	int		 r, j;

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->shape != fw_py_forkserver || row->ended)
			continue;
		for (j = 0; j < row->nfds; j++) {
			if (row->fds[j].cls == FW_SOCK && row->fds[j].ino == ino)
				return true;
		}
	}
	return false;
}

static uint32_t
fw_py_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
fw_py_add(uint64_t **set, int *n, uint64_t v)
{
	*set = xgrowarray(*set, (size_t)*n, sizeof **set);
	(*set)[(*n)++] = v;
}

/*
 * /proc/net/unix: multiprocessing's listeners and what they accepted,
 * both with its address /tmp/pymp-*\/listener-*. The fork server listens
 * at such an address too: its listener, and what was accepted on it (the
 * same path), are left out.
 */
static void
fw_py_net(struct follow *fw, struct fw_py *py, uint64_t now)
{
	FILE			*f;
	char			 line[512], p[256];
	unsigned long long	 ino;
	unsigned		 flags, st;
	uint64_t		*fs = NULL, *cino = NULL, *chash = NULL;
	int			 nfs = 0, nc = 0, nch = 0, i;

	if (fw->nobjs == 0 || now < py->net_ns + FW_PY_NET_NS)
		return;
	py->net_ns = now;
	if ((f = fopen("/proc/net/unix", "re")) == NULL)
		return;
	py->nlisten = py->nconns = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%*s %*x %*x %x %*x %x %llu %255s", &flags,
		    &st, &ino, p) != 4 || strstr(p, "/pymp-") == NULL ||
		    strstr(p, "/listener-") == NULL)
			continue;
		if (!(flags & 0x10000)) {	/* not __SO_ACCEPTCON */
			fw_py_add(&cino, &nc, ino);
			fw_py_add(&chash, &nch, fw_py_hash(p));
		} else if (fw_py_forkserver_has(fw, ino))
			fw_py_add(&fs, &nfs, fw_py_hash(p));
		else
			fw_py_add(&py->listen, &py->nlisten, ino);
	}
	fclose(f);
	for (i = 0; i < nc; i++) {
		if (!fw_py_has(fs, nfs, chash[i]))
			fw_py_add(&py->conns, &py->nconns, cino[i]);
	}
	free(fs);
	free(cino);
	free(chash);
}

/* Process rows holding a Manager's listener, and their threads: again
   each tick, as tables and listeners are known better. */
static void
fw_py_manager(struct follow *fw, struct fw_py *py)
{
	struct fw_row	*row;
	int		 r, j, p, pp;

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->shape == fw_py_mgr || row->shape == fw_py_mgr_accept ||
		    row->shape == fw_py_mgr_serve)
			row->shape = py->cmd[r];
	}
	for (r = 0; r < fw->nrows && py->nlisten > 0; r++) {
		row = &fw->rows[r];
		/* What a process forks holds its listener until it closes
		   it (the table read at the fork): a holder whose parent
		   holds it did not make it. */
		if (row->proc != -1 || (row->shape != NULL &&
		    row->shape != fw_py_spawned) || row->ended)
			continue;
		pp = fw_py_parent(fw, r);
		for (j = 0; j < row->nfds; j++) {
			if (row->fds[j].cls == FW_SOCK &&
			    fw_py_has(py->listen, py->nlisten,
			    row->fds[j].ino) && (pp < 0 ||
			    !fw_py_holds(&fw->rows[pp], row->fds[j].obj))) {
				row->shape = fw_py_mgr;
				break;
			}
		}
	}
	/* A thread reading a connection accepted on the listener: its
	   process is the Manager (a forked one's table may not show the
	   listener until it is read again). */
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->ended || row->act != ACT_CALL || row->op != OP_RECV ||
		    row->chan < 0 || !fw_py_has(py->conns, py->nconns,
		    fw->objs[fw->chans[row->chan].obj].ino))
			continue;
		p = row->proc >= 0 ? row->proc : r;
		if (fw->rows[p].shape == NULL ||
		    fw->rows[p].shape == fw_py_spawned)
			fw->rows[p].shape = fw_py_mgr;
	}
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if ((p = row->proc) == -1 || row->ended ||
		    fw->rows[p].shape != fw_py_mgr || row->shape != NULL)
			continue;
		if (row->call != NULL && strncmp(row->call, "accept", 6) == 0)
			row->shape = fw_py_mgr_accept;
		else
			row->shape = fw_py_mgr_serve;
	}
}

/* Channels: a connection to a Manager, a Queue's pipe; rows on them. */
static void
fw_py_chans(struct follow *fw, struct fw_py *py)
{
	struct fw_chan	*ch;
	struct fw_obj	*ob;
	struct fw_unix	 u;
	uint64_t	 peer_ino;
	struct fw_row	*row;
	int		 c, r;

	for (c = 0; c < fw->nchans; c++) {
		ch = &fw->chans[c];
		ob = &fw->objs[ch->obj];
		if (ch->shape != NULL || ob->cls != FW_SOCK ||
		    py->nconns == 0)
			continue;
		/* Its peer: known, or asked of sock_diag (the Manager's
		   table may not have been read since it accepted it). */
		if (ob->peer_obj != -1)
			peer_ino = fw->objs[ob->peer_obj].ino;
		else if (fw_diag_unix(fw, ob->ino, 0, &u) == 0)
			peer_ino = u.peer;
		else
			peer_ino = 0;
		if (peer_ino != 0 && fw_py_has(py->conns, py->nconns,
		    peer_ino))
			ch->shape = "a connection to the Manager: its replies "
			    "(its queues, events and locks live inside the "
			    "manager process)";
		else if (fw_py_has(py->conns, py->nconns, ob->ino))
			ch->shape = "a connection to the Manager: requests "
			    "to it";
	}
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->shape == fw_py_waits)	/* only while it waits */
			row->shape = py->cmd[r];
		else if (row->shape == fw_py_worker_waits)
			row->shape = fw_py_pool_worker;
		else if (row->shape == fw_py_sworker_waits)
			row->shape = fw_py_spool_worker;
		if (row->ended || row->act != ACT_CALL || row->chan < 0)
			continue;
		ch = &fw->chans[row->chan];
		ob = &fw->objs[ch->obj];
		if (row->op == OP_SEND && ob->cls == FW_PIPE &&
		    row->tid != row->pid && row->shape == NULL) {
			row->shape = fw_py_feeder;
			ch->shape = "a Queue's pipe (its feeder thread writes "
			    "it)";
		}
		if (row->op == OP_RECV && ob->cls == FW_PIPE &&
		    row->shape == fw_py_tracker && ch->shape == NULL)
			ch->shape = "the resource tracker's pipe: processes "
			    "write to it the names of what they made";
		if (row->op != OP_RECV || ch->shape == NULL ||
		    strstr(ch->shape, "replies") == NULL)
			continue;
		if (row->shape == NULL || row->shape == fw_py_spawned)
			row->shape = fw_py_waits;
		else if (row->shape == fw_py_pool_worker)
			row->shape = fw_py_worker_waits;
		else if (row->shape == fw_py_spool_worker)
			row->shape = fw_py_sworker_waits;
	}
}

/* Is sem o a lock's (its value 0 or 1)? */
static bool
fw_py_lockish(struct follow *fw, int o)
{
	int64_t	v;

	return o >= 0 && (v = fw_psem_value_of(fw, o)) >= 0 && v <= 1;
}

/* Rows blocked on channel c; rows blocked reading a pipe in a process
   that maps semaphore o (reading it while holding its read lock). */
static void
fw_py_waiting(struct follow *fw, int c, int o, int *waiters, int *readers)
{
	struct fw_row	*row;
	int		 r, p;

	*waiters = *readers = 0;
	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->ended || row->act != ACT_CALL || row->chan < 0)
			continue;
		if (row->chan == c)
			(*waiters)++;
		if (row->op != OP_RECV ||
		    fw->objs[fw->chans[row->chan].obj].cls != FW_PIPE)
			continue;
		p = row->proc >= 0 ? row->proc : r;
		if (fw_psem_maps(fw, p, o))
			(*readers)++;
	}
}

/*
 * Is o the semaphore a JoinableQueue's join() waits on? JoinableQueue()
 * makes a Queue's three (read lock, write lock, semaphore), then its
 * count of unfinished tasks and a Condition (an RLock and three
 * semaphores, the last the one its wait() sleeps on): the semaphore made
 * five before it is an unbounded Queue's (near SEM_VALUE_MAX), the two
 * before that locks.
 */
static bool
fw_py_joinable(struct follow *fw, int o)
{
	int	q = fw_psem_before(fw, o, 5);

	return q >= 0 && fw_psem_value_of(fw, q) > (1 << 30) &&
	    fw_py_lockish(fw, fw_psem_before(fw, o, 6)) &&
	    fw_py_lockish(fw, fw_psem_before(fw, o, 7));
}

static void
fw_py_sem_name(struct follow *fw, int o, const char *shape)
{
	if (o >= 0 && fw->objs[o].chan != -1)
		fw->chans[fw->objs[o].chan].shape = shape;
}

/*
 * A semaphore's part, from the two its process made just before it and
 * what waits on it. Queue() makes its read lock, write lock and
 * semaphore one after another: an
 * unbounded one's semaphore starts at SEM_VALUE_MAX. A Queue(maxsize)'s
 * is told by a put() waiting on it after two locks, nobody reading; a
 * read lock by waiters while a holder reads a pipe.
 */
static void
fw_py_sem(struct follow *fw, int c, bool python)
{
	struct fw_chan	*ch = &fw->chans[c];
	int		 o = ch->obj, a, b, waiters, readers;
	bool		 queue;

	a = fw_psem_before(fw, o, 1);
	b = fw_psem_before(fw, o, 2);
	queue = fw_py_lockish(fw, a) && fw_py_lockish(fw, b);
	fw_py_waiting(fw, c, o, &waiters, &readers);
	if (ch->value == 0 && waiters > 0 && fw_py_joinable(fw, o)) {
		ch->shape = "a JoinableQueue's condition: join() waits here "
		    "until every item put has been marked task_done()";
		return;
	}
	if (queue && ch->value > (1 << 30)) {
		ch->shape = "a Queue's semaphore (no maxsize: it counts "
		    "down from SEM_VALUE_MAX as items are put)";
		fw_py_sem_name(fw, a, "a Queue's write lock (its feeder "
		    "thread holds it while it writes the pipe)");
		fw_py_sem_name(fw, b, "a Queue's read lock (get() holds it "
		    "while it reads the pipe)");
	} else if (queue && ch->value == 0 && waiters > 0 && readers == 0)
		ch->shape = "a Queue(maxsize)'s bounded semaphore: put() "
		    "waits here while the queue holds maxsize items (its "
		    "process made it right after two locks, as Queue() makes "
		    "its read lock, write lock and semaphore)";
	else if (ch->value == 0 && waiters > 0 && readers > 0)
		ch->shape = "a read lock: one process holds it while it "
		    "reads a pipe (a Queue's or a Pool's get()), the others "
		    "wait here";
	else if (ch->shape == NULL && python)
		ch->shape = "a multiprocessing lock or semaphore (a Lock, "
		    "RLock, Semaphore, Condition, or a Queue's lock or "
		    "semaphore)";
}

static void
fw_py_sems(struct follow *fw)
{
	bool	python = fw_py_python(fw);
	int	c;

	for (c = 0; c < fw->nchans; c++) {
		if (fw->objs[fw->chans[c].obj].cls == FW_PSEM)
			fw_py_sem(fw, c, python);
	}
}

/* Process row parent's children (or a fork server's, for it) that hold
   object o: how many; each child's row into kids (up to n). */
static int
fw_py_kids(struct follow *fw, int parent, int o, int *kids, int n)
{
	struct fw_row	*row;
	int		 r, pp, k = 0;

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended || r == parent ||
		    !fw_py_holds(row, o))
			continue;
		pp = fw_py_parent(fw, r);
		if (pp != parent && (pp < 0 ||
		    fw->rows[pp].shape != fw_py_forkserver))
			continue;
		if (k < n)
			kids[k] = r;
		k++;
	}
	return k;
}

/* A child of the Pool: waiting for a task (the task pipe, or its read
   lock), or a Pool worker. */
static void
fw_py_worker(struct follow *fw, int r, int result)
{
	struct fw_row	*row = &fw->rows[r];
	struct fw_chan	*ch;

	if (row->act == ACT_CALL && row->chan >= 0 && row->chan != result) {
		ch = &fw->chans[row->chan];
		if (row->op == OP_RECV && fw->objs[ch->obj].cls == FW_PIPE &&
		    ch->shape == NULL)
			ch->shape = "a Pool's task pipe (inqueue): the Pool's "
			    "task handler writes tasks, a worker reads them";
	}
	if (row->shape == NULL)
		row->shape = fw_py_pool_worker;
	else if (row->shape == fw_py_spawned)
		row->shape = fw_py_spool_worker;
}

/*
 * A Pool: a thread (not the main one) BLOCKED reading a pipe that its
 * process's children hold is the result handler, the pipe the result
 * pipe; those children are the workers.
 */
static void
fw_py_pool(struct follow *fw)
{
	struct fw_row	*row;
	int		 r, k, n, kids[64];

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->ended || row->proc == -1 || row->act != ACT_CALL ||
		    row->op != OP_RECV || row->chan < 0 ||
		    fw->objs[fw->chans[row->chan].obj].cls != FW_PIPE)
			continue;
		n = fw_py_kids(fw, row->proc, fw->chans[row->chan].obj, kids,
		    64);
		if (n == 0)
			continue;
		if (row->shape == NULL)
			row->shape = "the Pool's result handler: a thread "
			    "reading what its workers write";
		if (fw->chans[row->chan].shape == NULL)
			fw->chans[row->chan].shape = "a Pool's result pipe "
			    "(outqueue): workers write results, the result "
			    "handler reads them";
		for (k = 0; k < n && k < 64; k++)
			fw_py_worker(fw, kids[k], row->chan);
	}
}

void
fw_python_shapes(struct follow *fw, uint64_t now)
{
	struct fw_py	*py = fw->py;

	if (py == NULL)
		py = fw->py = xcalloc(1, sizeof *py);
	fw_py_rows(fw, py);
	fw_py_net(fw, py, now);
	fw_py_manager(fw, py);
	fw_py_chans(fw, py);
	fw_py_pool(fw);
	fw_py_sems(fw);
}

void
fw_python_free(struct follow *fw)
{
	struct fw_py	*py = fw->py;

	if (py == NULL)
		return;
	free(py->execs);
	free(py->asked);
	free(py->cmd);
	free(py->ppid);
	free(py->listen);
	free(py->conns);
	free(py);
	fw->py = NULL;
}
