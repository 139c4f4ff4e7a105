/* runner.c: the workers' lives, from fork to reaping, and the cleanup. */
#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/registry.h"
#include "run/probe.h"
#include "run/runner.h"
#include "base/util.h"
#include "run/worker.h"

static int
pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int
pidfd_getfd_(int pidfd, int fd)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
}

static int
pidfd_kill(const struct rproc *p, int sig)
{
	if (p->reaped || p->pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	if (p->pidfd != -1)
		return (int)syscall(SYS_pidfd_send_signal, p->pidfd, sig, NULL,
		    0);
	return kill(p->pid, sig);
}

static int
open_proc_file(pid_t pid, const char *name)
{
	char	path[64];

	snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void
runner_close_proc(struct rproc *p)
{
	if (p->pidfd != -1)
		close(p->pidfd);
	if (p->statfd != -1)
		close(p->statfd);
	if (p->syscallfd != -1)
		close(p->syscallfd);
	if (p->wchanfd != -1)
		close(p->wchanfd);
	if (p->schedfd != -1)
		close(p->schedfd);
	if (p->iofd != -1)
		close(p->iofd);
	p->pidfd = p->statfd = p->syscallfd = p->wchanfd = p->schedfd = -1;
	p->iofd = -1;
}

static void
runner_set_slot_rate(struct run *run, int i)
{
	struct tel_slot	*s = &run->tel[i];

	tel_store(&s->rate_kind, run->procs[i].rate.kind);
	tel_store(&s->rate_milli, (uint64_t)(run->procs[i].rate.value * 1000));
	atomic_fetch_add(&s->ctl_gen, 1);
}

static pid_t
runner_fork(struct run *run, int i, pid_t parent)
{
	sigset_t	all, old;
	pid_t		pid;
	int		sig;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		/* Die with ipcscope, even if it died a moment ago. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() != parent)
			_exit(1);
		for (sig = 1; sig < NSIG; sig++) {
			if (sig != SIGKILL && sig != SIGSTOP)
				signal(sig, SIG_DFL);
		}
		/* Out of the terminal's process group: ^C is for ipcscope. */
		setpgid(0, run->pgid);
		worker_main(run, i);
	}
	if (pid > 0) {
		if (run->pgid == 0)
			run->pgid = pid;
		setpgid(pid, run->pgid);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

/*
 * The highest descriptor a run uses is its last channel end, at a fixed
 * number (chan_fd); below and above those the observer keeps five per
 * worker (pidfd, /proc stat, syscall, wchan, schedstat), a sixth for an
 * exec process (/proc/PID/io), and a few of its own.
 */
static rlim_t
runner_fds_needed(const struct scenario *sc)
{
	rlim_t	n = 0;
	int	i;

	for (i = 0; i < sc->nprocs; i++)
		n += sc->procs[i].role == ROLE_EXEC ? 6 : 5;
	return (rlim_t)CHAN_FD_BASE + 2 * (rlim_t)sc->nchannels + n + 32;
}

int
runner_fd_limit(const struct scenario *sc, char **cause)
{
	struct rlimit	rl;
	rlim_t		need = runner_fds_needed(sc);

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		xasprintf(cause, "getrlimit(RLIMIT_NOFILE): %s",
		    strerror(errno));
		return -1;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
		xasprintf(cause, "needs at least %llu open descriptors "
		    "(ulimit -n is %llu, hard limit %llu): raise the hard "
		    "limit (ulimit -Hn, as root) or play fewer channels",
		    (unsigned long long)need,
		    (unsigned long long)rl.rlim_cur,
		    (unsigned long long)rl.rlim_max);
		return -1;
	}
	rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
		xasprintf(cause, "needs at least %llu open descriptors "
		    "(ulimit -n is %llu), and raising it failed: %s",
		    (unsigned long long)need,
		    (unsigned long long)rl.rlim_cur, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The process table and the telemetry page. Counts only once the arrays
 * exist, and every descriptor -1 at once: runner_stop may run from any
 * failure after. 0, or -1 with *cause.
 */
static int
runner_alloc_procs(struct run *run, const struct scenario *sc, char **cause)
{
	struct rproc	*p;
	int		 i;

	run->procs = xcalloc((size_t)sc->nprocs, sizeof *run->procs);
	for (i = 0; i < sc->nprocs; i++) {
		p = &run->procs[i];
		p->pidfd = p->statfd = p->syscallfd = p->wchanfd =
		    p->schedfd = p->iofd = -1;
	}
	run->nprocs = sc->nprocs;
	run->tellen = (size_t)sc->nprocs * sizeof *run->tel;
	run->tel = mmap(NULL, run->tellen, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (run->tel == MAP_FAILED) {
		run->tel = NULL;
		xasprintf(cause, "mmap of the telemetry page: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Every channel, made by its kind: 0, or -1 with *cause (nchans says
   how many runner_stop must destroy). */
static int
runner_make_chans(struct run *run, const struct scenario *sc, char **cause)
{
	struct chan	*c;
	int		 i;

	run->chans = xcalloc((size_t)sc->nchannels, sizeof *run->chans);
	for (i = 0; i < sc->nchannels; i++) {
		c = &run->chans[i];
		c->conf = &sc->channels[i];
		c->ops = c->conf->kind;
		c->index = i;
		c->fd[0] = c->fd[1] = c->obsfd = c->msqid = -1;
		c->capacity = -1;
		c->msgsize = scenario_channel_msgsize(sc, i);
		c->recvbuf = (size_t)c->msgsize;
	}
	for (i = 0; i < sc->nchannels; i++) {
		c = &run->chans[i];
		run->nchans = i + 1;	/* what runner_stop must destroy */
		if (c->ops->create(c, run->reg, cause) == -1)
			return -1;
	}
	return 0;
}

/* The slots' first words, then every worker forked and its /proc files
   opened: 0, or -1 with *cause. */
static int
runner_fork_all(struct run *run, pid_t parent, char **cause)
{
	struct rproc	*p;
	int		 i;

	run->t0 = now_ns();
	for (i = 0; i < run->nprocs; i++) {
		run->procs[i].rate = run->sc->procs[i].rate;
		tel_store(&run->tel[i].chan, -1);
		tel_store(&run->tel[i].since_ns, run->t0);
		runner_set_slot_rate(run, i);
	}
	for (i = 0; i < run->nprocs; i++) {
		p = &run->procs[i];
		p->pid = runner_fork(run, i, parent);
		if (p->pid == -1) {
			p->pid = 0;
			xasprintf(cause, "fork: %s", strerror(errno));
			return -1;
		}
		p->pidfd = pidfd_open_(p->pid);
		p->statfd = open_proc_file(p->pid, "stat");
		p->syscallfd = open_proc_file(p->pid, "syscall");
		p->wchanfd = open_proc_file(p->pid, "wchan");
		p->schedfd = open_proc_file(p->pid, "schedstat");
		if (run->sc->procs[i].role == ROLE_EXEC)
			p->iofd = open_proc_file(p->pid, "io");
	}
	return 0;
}

/*
 * The kernel object of every end, while the parent still holds the ends
 * it made (a socket pair's two ends are two objects); a FIFO's ends are
 * its inode, which the kind noted (c->dev, c->ino).
 */
static void
runner_note_ends(struct run *run)
{
	struct chan	*c;
	struct stat	 st;
	int		 i, e;

	run->ends = xcalloc((size_t)run->nchans * 2 + 1, sizeof *run->ends);
	for (i = 0; i < run->nchans; i++) {
		c = &run->chans[i];
		for (e = END_READ; e <= END_WRITE; e++) {
			if (c->parent_holds && c->fd[e] != -1) {
				if (fstat(c->fd[e], &st) == -1)
					continue;
				run->ends[2 * i + e].dev = st.st_dev;
				run->ends[2 * i + e].ino = st.st_ino;
			} else if (c->ino != 0) {
				run->ends[2 * i + e].dev = c->dev;
				run->ends[2 * i + e].ino = c->ino;
			} else
				continue;
			run->ends[2 * i + e].known = true;
		}
	}
}

int
runner_start(struct run *run, const struct scenario *sc, char **cause)
{
	pid_t	parent = getpid();
	int	i;

	memset(run, 0, sizeof *run);
	run->sc = sc;
	/* The workers forked below inherit the limit raised here. */
	if (runner_fd_limit(sc, cause) == -1)
		return -1;
	if ((run->reg = registry_new(cause)) == NULL)
		return -1;
	if (runner_alloc_procs(run, sc, cause) == -1 ||
	    runner_make_chans(run, sc, cause) == -1 ||
	    runner_fork_all(run, parent, cause) == -1) {
		runner_stop(run);
		return -1;
	}
	runner_note_ends(run);
	/* From here on the observer holds no end of any channel. */
	for (i = 0; i < run->nchans; i++)
		run->chans[i].ops->parent_close(&run->chans[i]);
	return 0;
}

bool
runner_end_is(const struct run *run, int c, int e, dev_t dev, ino_t ino)
{
	const struct run_end	*re;

	if (run->ends == NULL || c < 0 || c >= run->nchans)
		return false;
	re = &run->ends[2 * c + e];
	return re->known && re->dev == dev && re->ino == ino;
}

int
runner_alive(const struct run *run)
{
	int	i, n = 0;

	for (i = 0; i < run->nprocs; i++) {
		if (run->procs[i].pid > 0 && !run->procs[i].reaped)
			n++;
	}
	return n;
}

/*
 * A program's last I/O counters: read while it is a zombie, as reaping
 * takes its /proc files away.
 */
static void
runner_io_final(struct rproc *p)
{
	struct probe_io	 io;

	if (p->iofd == -1 || p->io_final || probe_io(p->iofd, &io) == -1)
		return;
	p->io_final = true;
	p->rchar = io.rchar;
	p->wchar = io.wchar;
}

/*
 * Reap everything that is ready (several may exit per SIGCHLD). Each
 * child is first looked at without reaping it (waitid with WNOWAIT), so
 * that a program that has just exited leaves its last I/O counters
 * before it is reaped: one that exited between a look and a reap of all
 * that were ready lost them.
 */
int
runner_reap(struct run *run, void (*cb)(void *, int), void *arg)
{
	siginfo_t	si;
	pid_t		pid;
	int		status, i;

	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WCONTINUED |
		    WNOHANG | WNOWAIT) == -1 || si.si_pid == 0)
			break;
		pid = si.si_pid;
		for (i = 0; i < run->nprocs; i++) {
			if (run->procs[i].pid == pid && !run->procs[i].reaped)
				break;
		}
		if (i < run->nprocs && (si.si_code == CLD_EXITED ||
		    si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED))
			runner_io_final(&run->procs[i]);
		while ((pid = waitpid(si.si_pid, &status, WNOHANG |
		    WUNTRACED | WCONTINUED)) == -1 && errno == EINTR)
			;
		if (pid <= 0)
			break;		/* not ready after all: next time */
		if (i == run->nprocs)
			continue;
		/* A stop or a continue: whoever sent it, the parent is
		   told, so the observer need not ask /proc for a 'T'. */
		if (WIFSTOPPED(status) || WIFCONTINUED(status)) {
			run->procs[i].stopped = WIFSTOPPED(status);
			run->procs[i].stops++;
			continue;
		}
		run->procs[i].reaped = true;
		run->procs[i].wstatus = status;
		run->procs[i].end_ns = now_ns();
		tel_store(&run->tel[i].reaped, 1);
		runner_close_proc(&run->procs[i]);
		if (cb != NULL)
			cb(arg, i);
	}
	return runner_alive(run);
}

int
runner_pause(struct run *run, int i)
{
	if (pidfd_kill(&run->procs[i], SIGSTOP) == -1)
		return -1;
	run->procs[i].user_paused = true;
	return 0;
}

int
runner_resume(struct run *run, int i)
{
	if (pidfd_kill(&run->procs[i], SIGCONT) == -1)
		return -1;
	run->procs[i].user_paused = false;
	return 0;
}

int
runner_kill(struct run *run, int i)
{
	return pidfd_kill(&run->procs[i], SIGKILL);
}

int
runner_set_rate(struct run *run, int i, const struct rate *r)
{
	if (run->procs[i].reaped) {
		errno = ESRCH;
		return -1;
	}
	if (run->sc->procs[i].role == ROLE_EXEC) {
		errno = ENOTSUP;	/* a program paces itself */
		return -1;
	}
	run->procs[i].rate = *r;
	runner_set_slot_rate(run, i);
	/* Wake it from a long rate sleep: the new pace starts now. */
	pidfd_kill(&run->procs[i], SIGURG);
	return 0;
}

int
runner_go(struct run *run, int i)
{
	if (run->procs[i].reaped) {
		errno = ESRCH;
		return -1;
	}
	tel_store(&run->tel[i].ctl_go, 1);
	return 0;
}

int
runner_close_end(struct run *run, int i, int c)
{
	if (run->procs[i].reaped) {
		errno = ESRCH;
		return -1;
	}
	if (run->sc->procs[i].role == ROLE_EXEC) {
		errno = ENOTSUP;	/* nobody inside it to ask */
		return -1;
	}
	atomic_fetch_or(&run->tel[i].ctl_close, 1U << c);
	return pidfd_kill(&run->procs[i], SIGURG);
}

void
runner_poke(struct run *run)
{
	int	i;

	/* A SIGURG that came just before the worker entered its call
	   interrupted nothing: send another until it has acted. */
	for (i = 0; i < run->nprocs; i++) {
		if (!run->procs[i].reaped &&
		    tel_load(&run->tel[i].ctl_close) != 0)
			pidfd_kill(&run->procs[i], SIGURG);
	}
}

int
runner_resize(struct run *run, int c, uint64_t size, int64_t *got)
{
	struct chan	*ch = &run->chans[c];
	int		 fd, e, n, saved;

	for (e = END_WRITE; e >= END_READ; e--) {
		if ((fd = runner_borrow(run, ch, e)) < 0)
			continue;
		if (fcntl(fd, F_SETPIPE_SZ, (int)size) == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if ((n = fcntl(fd, F_GETPIPE_SZ)) > 0) {
			ch->capacity = n;
			*got = n;
		}
		close(fd);
		return 0;
	}
	errno = EBADF;	/* nobody holds an end */
	return -1;
}

int
runner_borrow(void *arg, struct chan *c, int e)
{
	struct run	*run = arg;
	struct stat	 st;
	int		 i, fd, want;
	bool		 unknown;

	want = c->fd[e];
	if (want == -1)
		return -1;
	unknown = false;
	for (i = 0; i < run->nprocs; i++) {
		const struct scen_proc *sp = &run->sc->procs[i];

		if (run->procs[i].reaped || run->procs[i].pidfd == -1)
			continue;
		if (!((e == END_READ && sp->from == c->index) ||
		    (e == END_WRITE && sp->to == c->index)))
			continue;
		fd = pidfd_getfd_(run->procs[i].pidfd, want);
		/* A program has its end at 0 or 1 once it runs. */
		if (fd == -1 && errno == EBADF && sp->role == ROLE_EXEC)
			fd = pidfd_getfd_(run->procs[i].pidfd, e == END_READ ?
			    STDIN_FILENO : STDOUT_FILENO);
		if (fd == -1) {
			/* EBADF: it holds no such descriptor (not yet
			   opened, or closed); ESRCH: it just exited. */
			if (errno != EBADF && errno != ESRCH)
				unknown = true;
			continue;
		}
		/* The number may be free or reused in that worker: only
		   the very same kernel object counts. */
		if (fstat(fd, &st) == 0 && ((st.st_dev == c->dev &&
		    st.st_ino == c->ino) || runner_end_is(run, c->index, e,
		    st.st_dev, st.st_ino)))
			return fd;
		unknown = true;
		close(fd);
	}
	return unknown ? -2 : -1;
}

void
runner_emergency(struct run *run)
{
	int	i;

	if (run == NULL)
		return;
	/* Each pid, not the group: once all are reaped, the group id
	   may belong to someone else. */
	for (i = 0; i < run->nprocs; i++) {
		if (run->procs != NULL && run->procs[i].pid > 0 &&
		    !run->procs[i].reaped)
			kill(run->procs[i].pid, SIGKILL);
	}
	registry_cleanup(run->reg);
}

void
runner_stop(struct run *run)
{
	struct rproc	*p;
	int		 i, status;

	if (run->stopped)
		return;
	run->stopped = true;
	for (i = 0; i < run->nprocs; i++) {
		p = &run->procs[i];
		if (p->pid > 0 && !p->reaped) {
			pidfd_kill(p, SIGKILL);
			pidfd_kill(p, SIGCONT);
		}
	}
	for (i = 0; i < run->nprocs; i++) {
		p = &run->procs[i];
		if (p->pid > 0 && !p->reaped) {
			while (waitpid(p->pid, &status, 0) == -1 &&
			    errno == EINTR)
				;
			p->reaped = true;
			p->wstatus = status;
			p->end_ns = now_ns();
		}
		runner_close_proc(p);
	}
	for (i = 0; i < run->nchans; i++) {
		if (run->chans[i].ops != NULL)
			run->chans[i].ops->destroy(&run->chans[i], run->reg);
	}
	if (run->reg != NULL) {
		registry_cleanup(run->reg);
		registry_free(run->reg);
		run->reg = NULL;
	}
}

/* Free what runner_start allocated; call after runner_stop. The telemetry
   page stays readable until here so the last sample can be taken. */
void
runner_free(struct run *run)
{
	int	i;

	if (run->tel != NULL) {
		munmap(run->tel, run->tellen);
		run->tel = NULL;
	}
	for (i = 0; i < run->nchans; i++) {
		free(run->chans[i].path);
		free(run->chans[i].mqname);
	}
	free(run->chans);
	free(run->procs);
	free(run->ends);
	run->ends = NULL;
	run->chans = NULL;
	run->procs = NULL;
	run->nchans = run->nprocs = 0;
}
