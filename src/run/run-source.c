/* run-source.c: a scenario run, observed (run-source.h). */
#include "config.h"

#include <sys/syscall.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/probe.h"
#include "run/run-source.h"
#include "kinds/telemetry.h"
#include "base/syscalls.h"
#include "base/util.h"

/*
 * What the observer last learnt of a worker from the kernel, and what lets
 * it skip asking again (docs/design.md, "What observing costs"). The call
 * a worker is in is known by number (the slot's calls, which the worker
 * bumps on entering each call instead of reading a clock) and timed from
 * the tick that first saw it: a call's start is known to within one tick.
 */
struct seen {
	uint64_t	call;		/* the slot's calls; 0 none yet */
	uint64_t	seen_ns;	/* the tick that first saw it */
	/* The kernel confirmed it asleep in that call (syscall, arg0),
	   in state kstate. sched_ok: sched was read before that reading;
	   while it stays the same the worker has not run since. */
	bool		confirmed;
	char		kstate;
	long		syscall;
	long		arg0;
	bool		sched_ok;
	struct probe_sched sched;
	/* wchan as last read, in system call wchan_nr on wchan_arg0 */
	char		wchan[sizeof ((struct obs_proc *)0)->wchan];
	long		wchan_nr;
	long		wchan_arg0;
	uint64_t	wchan_ns;
	/* Sleeping on purpose: the letter the kernel gave in a sleep for
	   idle_op on idle_chan. */
	bool		idle_ok;
	char		idle_kstate;
	unsigned	idle_op;
	int		idle_chan;
	uint64_t	full_ns;	/* the last reading of the stat file */
	bool		odd;		/* it gave neither R, S nor D (a
					   tracer's stop, a zombie): read it
					   again at every tick */
	unsigned	stops;		/* the runner's stops when last read */
	unsigned	reaps;		/* workers reaped when last read */
};

/*
 * Every worker gets the full reading (its stat file's letter) at least
 * this often, and wchan is read again after as long: what the cheaper
 * paths infer (S for D, a tracer's stop, a hint from the last call) is
 * never older.
 */
#define RS_FULL_NS	2000000000ULL

/* An exec program's threads looked at, at most, when its main thread
   sleeps elsewhere (sort uses up to 8). */
#define RS_EXEC_THREADS	64

/* A worker's helper thread: its /proc/PID/task/TID files, kept open. */
struct thread_files {
	pid_t		tid;
	int		statfd;
	int		sysfd;
};

/*
 * An exec process once its program runs: what the kernel last showed.
 * The program has no telemetry slot, so this is all there is, read as a
 * followed program's is: its state and system call, the object behind
 * the descriptor of that call, its I/O counters.
 */
struct exec_seen {
	struct probe_io		 io;		/* as last read */
	bool			 io_ok;		/* io read at the last tick */
	enum act		 act;		/* as last shown */
	unsigned		 op;
	int			 chan;
	long			 syscall;
	bool			 confirmed;	/* in op on chan, asleep */
	uint64_t		 since_ns;	/* when that was first seen */
	char			 wchan[sizeof ((struct obs_proc *)0)->wchan];
};

struct run_source {
	struct run		*run;
	int			 nprocs;
	struct obs_proc		*procs;
	struct chan_sample	*chans;
	struct seen		*seen;
	struct thread_files	*threads;
	struct exec_seen	*execs;
	unsigned		 reaps;	/* workers reaped, or idle after
					   closing an end on a cue, at
					   this tick */
};

struct run_source *
run_source_new(struct run *run)
{
	struct run_source	*rs = xcalloc(1, sizeof *rs);
	size_t			 np = (size_t)run->nprocs;
	int			 i;

	rs->run = run;
	rs->nprocs = run->nprocs;
	rs->procs = xcalloc(np + 1, sizeof *rs->procs);
	rs->chans = xcalloc((size_t)run->nchans + 1, sizeof *rs->chans);
	rs->seen = xcalloc(np + 1, sizeof *rs->seen);
	rs->threads = xcalloc(np + 1, sizeof *rs->threads);
	rs->execs = xcalloc(np + 1, sizeof *rs->execs);
	for (i = 0; i < run->nprocs; i++)
		rs->threads[i].statfd = rs->threads[i].sysfd = -1;
	return rs;
}

static void
rs_thread_close(struct thread_files *tf)
{
	if (tf->statfd != -1)
		close(tf->statfd);
	if (tf->sysfd != -1)
		close(tf->sysfd);
	tf->statfd = tf->sysfd = -1;
	tf->tid = 0;
}

void
run_source_free(struct run_source *rs)
{
	int	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nprocs; i++)
		rs_thread_close(&rs->threads[i]);
	free(rs->execs);
	free(rs->threads);
	free(rs->seen);
	free(rs->chans);
	free(rs->procs);
	free(rs);
}

/* Does the kernel confirm the worker sleeps in this call on this channel? */
static bool
rs_confirm(const struct run *run, unsigned op, int chan, const struct kview *kv)
{
	const struct chan	*c;
	long			 nr;

	if (kv->state != 'S' && kv->state != 'D')
		return false;
	if (chan < 0 || chan >= run->nchans)
		return false;
	c = &run->chans[chan];
	if (c->ops->confirm != NULL && (op == OP_SEND || op == OP_RECV ||
	    op == OP_JOIN))
		return c->ops->confirm((struct chan *)c, (int)op, kv->syscall,
		    kv->arg0);
	switch (op) {
	case OP_SEND:
		nr = c->ops->send_nr;
		break;
	case OP_RECV:
		nr = c->ops->recv_nr;
		break;
	case OP_OPEN:
		return kv->syscall == SYS_openat || kv->syscall == SYS_open;
	case OP_POLL:
		/* poll() takes an array, not a descriptor: the call suffices */
		return kv->syscall == SYS_poll || kv->syscall == SYS_ppoll;
	default:
		return false;
	}
	if (kv->syscall != nr)
		return false;
	if (c->msqid != -1)
		return kv->arg0 == c->msqid;
	return kv->arg0 == c->fd[op == OP_SEND ? END_WRITE : END_READ];
}

/*
 * The worker's helper thread, if it has one (its TID in the slot): it is
 * confirmed blocked only if /proc/PID/task/TID says it sleeps in write(2)
 * on the channel's write end.
 */
static void
rs_thread(struct run_source *rs, int i)
{
	const struct run	*run = rs->run;
	const struct rproc	*p = &run->procs[i];
	const struct tel_slot	*s = &run->tel[i];
	struct thread_files	*tf = &rs->threads[i];
	struct obs_thread	*ot = &rs->procs[i].thread;
	struct kview		 kv;

	memset(ot, 0, sizeof *ot);
	ot->chan = -1;
	ot->syscall = -1;
	ot->tid = tel_load(&s->thr_tid);
	if (ot->tid <= 0) {
		ot->tid = 0;
		return;
	}
	ot->act = tel_load(&s->thr_state);
	ot->op = tel_load(&s->thr_op);
	ot->chan = tel_load(&s->thr_chan);
	/* Named by the kind that runs it ("feeder"). */
	ot->name = ot->chan >= 0 && ot->chan < run->nchans &&
	    run->chans[ot->chan].ops->thread_name != NULL ?
	    run->chans[ot->chan].ops->thread_name : "thread";
	ot->since_ns = tel_load(&s->thr_since_ns);
	if (p->reaped) {
		rs_thread_close(tf);
		return;
	}
	if (tf->tid != ot->tid) {
		rs_thread_close(tf);
		tf->tid = ot->tid;
		probe_task_open(p->pid, ot->tid, &tf->statfd, &tf->sysfd);
	}
	if (probe_task(tf->statfd, tf->sysfd, &kv, ot->act == ACT_CALL) == -1)
		kv.state = 0;
	/* Moved on while /proc was read: confirm nothing. */
	if (tel_load(&s->thr_since_ns) != ot->since_ns ||
	    tel_load(&s->thr_state) != (uint32_t)ot->act)
		kv.syscall = -1;
	ot->kstate = kv.state;
	ot->syscall = kv.syscall;
	ot->confirmed = ot->act == ACT_CALL && ot->op == OP_WRITE &&
	    ot->chan >= 0 && ot->chan < run->nchans && kv.state == 'S' &&
	    kv.syscall == SYS_write &&
	    kv.arg0 == run->chans[ot->chan].fd[END_WRITE];
}

/* Did the worker move on while /proc was read? Then what the kernel said
   may belong to its next call or sleep: confirm nothing. */
static bool
rs_moved(const struct tel_slot *s, const struct obs_proc *op, uint64_t call)
{
	return tel_load(&s->calls) != call ||
	    tel_load(&s->since_ns) != op->since_ns ||
	    tel_load(&s->state) != (uint32_t)op->act;
}

/*
 * A confirmed call: remember it, with the schedstat read before the
 * reading that confirmed it (NULL: none). The kernel function, a hint to
 * show, is read again only for another system call or descriptor than
 * the last one's, or after RS_FULL_NS.
 */
static void
rs_confirmed(struct run_source *rs, int i, struct obs_proc *op, char kstate,
    long nr, long arg0, const struct probe_sched *ps, uint64_t now)
{
	struct seen	*sn = &rs->seen[i];

	op->confirmed = sn->confirmed = true;
	sn->kstate = kstate;
	sn->syscall = nr;
	sn->arg0 = arg0;
	sn->sched_ok = ps != NULL;
	if (ps != NULL)
		sn->sched = *ps;
	if (sn->wchan_ns == 0 || sn->wchan_nr != nr ||
	    sn->wchan_arg0 != arg0 || now - sn->wchan_ns >= RS_FULL_NS) {
		probe_wchan(rs->run, i, sn->wchan, sizeof sn->wchan);
		sn->wchan_nr = nr;
		sn->wchan_arg0 = arg0;
		sn->wchan_ns = now;
	}
	memcpy(op->wchan, sn->wchan, sizeof op->wchan);
}

/*
 * The full reading: the stat file's letter; for a call, if asleep, the
 * syscall file and, once confirmed, wchan. Every worker gets one at least
 * every RS_FULL_NS (spread over the ticks), at every tick while its
 * letter is odd, and whenever the cheap paths cannot tell.
 */
static void
rs_full(struct run_source *rs, int i, struct obs_proc *op, uint64_t call,
    uint64_t now)
{
	const struct run	*run = rs->run;
	struct seen		*sn = &rs->seen[i];
	struct probe_sched	 ps;
	struct kview		 kv;
	bool			 sched_ok = false;

	if (op->act == ACT_CALL)
		sched_ok = probe_sched(run, i, &ps) == 0;
	probe_proc(run, i, &kv, op->act == ACT_CALL);
	/* The first ones spread over RS_FULL_NS, the rest follow. */
	sn->full_ns = sn->full_ns != 0 ? now :
	    now - (uint64_t)i * RS_FULL_NS / (uint64_t)run->nprocs;
	sn->confirmed = sn->idle_ok = false;
	sn->odd = kv.state != 'R' && kv.state != 'S' && kv.state != 'D';
	op->kstate = kv.state;
	if (rs_moved(&run->tel[i], op, call))
		return;
	op->syscall = kv.syscall;
	if (op->act == ACT_SLEEP && kv.state == 'S') {
		sn->idle_ok = true;
		sn->idle_kstate = kv.state;
		sn->idle_op = op->op;
		sn->idle_chan = op->chan;
	}
	if (op->act == ACT_CALL && (kv.state == 'S' || kv.state == 'D') &&
	    rs_confirm(run, op->op, op->chan, &kv))
		rs_confirmed(rs, i, op, kv.state, kv.syscall, kv.arg0,
		    sched_ok ? &ps : NULL, now);
}

/*
 * A worker in a call. Confirmed at the last tick and not run since
 * (schedstat unchanged): it still sleeps in that call. Otherwise the
 * syscall file alone: "running" is R; off the CPU in the kind's system
 * call on the channel confirms the call, asleep (its parent was told of
 * no stop), shown S. Anything else takes the full reading.
 */
static void
rs_call(struct run_source *rs, int i, struct obs_proc *op, uint64_t call,
    uint64_t now)
{
	const struct run	*run = rs->run;
	struct seen		*sn = &rs->seen[i];
	struct probe_sched	 ps;
	struct kview		 kv;
	bool			 sched_ok = false;
	int			 r;

	if (sn->confirmed)
		sched_ok = probe_sched(run, i, &ps) == 0;
	if (sched_ok && sn->sched_ok && ps.run_ns == sn->sched.run_ns &&
	    ps.switches == sn->sched.switches) {
		op->kstate = sn->kstate;
		if (rs_moved(&run->tel[i], op, call)) {
			sn->confirmed = false;
			return;
		}
		op->syscall = sn->syscall;
		op->confirmed = true;
		memcpy(op->wchan, sn->wchan, sizeof op->wchan);
		return;
	}
	sn->confirmed = false;
	r = probe_syscall(run, i, &kv.syscall, &kv.arg0);
	if (r != PROBE_RUNNING && r != PROBE_IN_CALL) {
		rs_full(rs, i, op, call, now);
		return;
	}
	op->kstate = kv.state = r == PROBE_RUNNING ? 'R' : 'S';
	if (r == PROBE_RUNNING || rs_moved(&run->tel[i], op, call))
		return;
	op->syscall = kv.syscall;
	if (rs_confirm(run, op->op, op->chan, &kv))
		rs_confirmed(rs, i, op, 'S', kv.syscall, kv.arg0,
		    sched_ok ? &ps : NULL, now);
}

/* What the runner knows of worker i and what its slot says; its calls. */
static uint64_t
rs_slot(struct run_source *rs, int i)
{
	const struct rproc	*p = &rs->run->procs[i];
	const struct tel_slot	*s = &rs->run->tel[i];
	struct obs_proc		*op = &rs->procs[i];
	uint64_t		 call;

	op->pid = p->pid;
	op->rate = p->rate;
	op->user_paused = p->user_paused;
	op->ended = p->reaped;
	op->wstatus = p->wstatus;
	op->end_ns = p->end_ns;
	op->act = tel_load(&s->state);
	op->op = tel_load(&s->op);
	op->chan = tel_load(&s->chan);
	op->since_ns = tel_load(&s->since_ns);
	call = tel_load(&s->calls);
	op->op_size = tel_load(&s->op_size);
	op->bytes_out = tel_load(&s->bytes_out);
	op->bytes_in = tel_load(&s->bytes_in);
	op->msgs_out = tel_load(&s->msgs_out);
	op->msgs_in = tel_load(&s->msgs_in);
	op->lost = tel_load(&s->lost);
	op->dup = tel_load(&s->dup);
	op->ooo = tel_load(&s->ooo);
	op->eagain = tel_load(&s->eagain);
	op->dropped = tel_load(&s->dropped);
	op->markers_out = tel_load(&s->markers_out);
	op->err = tel_load(&s->error);
	op->err_op = tel_load(&s->err_op);
	op->err_chan = tel_load(&s->err_chan);
	return call;
}

/* The calls that read a program's input and write its output. */
static bool
rs_exec_reads(long nr)
{
	return nr == SYS_read || nr == SYS_readv || nr == SYS_recvfrom ||
	    nr == SYS_recvmsg;
}

static bool
rs_exec_writes(long nr)
{
	return nr == SYS_write || nr == SYS_writev || nr == SYS_sendto ||
	    nr == SYS_sendmsg;
}

/*
 * Is kv (a thread of exec process i, asleep) its channel's call? A read
 * of descriptor 0 that is its 'from' channel's read end is that channel's
 * receive, a write of descriptor 1 that is its 'to' channel's write end
 * its send; the descriptor's object is compared by stat(2) of
 * /proc/PID/fd/N (never opened; threads share the table). Fills *op and
 * *chan.
 */
static bool
rs_exec_chan(const struct run *run, int i, const struct kview *kv,
    unsigned *op, int *chan)
{
	const struct scen_proc	*sp = &run->sc->procs[i];
	dev_t			 dev;
	ino_t			 ino;
	int			 fd;

	if (kv->arg0 == STDIN_FILENO && sp->from >= 0 &&
	    rs_exec_reads(kv->syscall)) {
		*op = OP_RECV;
		*chan = sp->from;
		fd = STDIN_FILENO;
	} else if (kv->arg0 == STDOUT_FILENO && sp->to >= 0 &&
	    rs_exec_writes(kv->syscall)) {
		*op = OP_SEND;
		*chan = sp->to;
		fd = STDOUT_FILENO;
	} else
		return false;
	return probe_fd_object(run->procs[i].pid, fd, &dev, &ino) == 0 &&
	    runner_end_is(run, *chan, fd == STDIN_FILENO ? END_READ :
	    END_WRITE, dev, ino);
}

/* A program's other threads, looked at by rs_exec_look. */
struct rs_threads {
	const struct run	*run;
	int			 i;
	bool			 running;	/* one of them runs */
	bool			 found;		/* one is in the channel's call */
	struct kview		 kv;		/* that one */
	unsigned		 op;
	int			 chan;
};

static int
rs_exec_thread(void *arg, const struct kview *kv)
{
	struct rs_threads	*t = arg;
	struct rs_threads	 in = *t;

	if (kv->state == 'R') {
		t->running = true;
		return 1;	/* enough: the program runs */
	}
	if ((kv->state == 'S' || kv->state == 'D') &&
	    rs_exec_chan(t->run, t->i, kv, &in.op, &in.chan)) {
		if (!t->found) {
			t->found = true;
			t->kv = *kv;
			t->op = in.op;
			t->chan = in.chan;
		}
	} else if (kv->state == 'D') {
		t->running = true;	/* I/O under way: work, not a wait */
		return 1;
	}
	return 0;
}

/*
 * What the kernel shows of a program. Its threads other than the main
 * one are read too (probe_threads): one on a CPU, or in uninterruptible
 * I/O outside its channel, and the program runs (letter R). Else its main
 * thread asleep in its channel's call (rs_exec_chan) is that call,
 * confirmed; asleep in another call (futex: joining), another thread
 * asleep in its channel's call is the program's (sort --parallel writes
 * from one); else it waits in the main thread's call, by name ("futex"),
 * as a followed program's would. A main thread on a CPU, in
 * uninterruptible I/O, or whose call the kernel no longer names is
 * running, with the kernel's letter and system call as they are. False
 * when a thread other than the main one is the program's call (its
 * wchan is not the main thread's).
 */
static bool
rs_exec_look(struct run_source *rs, int i, struct obs_proc *op)
{
	const struct run	*run = rs->run;
	struct rs_threads	 t = { .run = run, .i = i };
	struct kview		 kv;
	unsigned		 what;
	int			 chan, dir;
	bool			 in_chan;

	op->act = ACT_RUNNING;
	op->op = OP_NONE;
	op->call = NULL;
	if (probe_proc(run, i, &kv, true) == -1)
		return true;
	op->kstate = kv.state;
	op->syscall = kv.syscall;
	if (kv.state != 'S' && kv.state != 'D')
		return true;
	in_chan = rs_exec_chan(run, i, &kv, &what, &chan);
	probe_threads(run->procs[i].pid, RS_EXEC_THREADS, rs_exec_thread, &t);
	if (t.running) {
		op->kstate = 'R';	/* the program's work goes on */
		return true;
	}
	if (!in_chan && t.found) {
		/* The thread in the call speaks for the program. */
		kv = t.kv;
		what = t.op;
		chan = t.chan;
		op->kstate = kv.state;
		op->syscall = kv.syscall;
	} else if (!in_chan) {
		if (kv.state == 'S' && kv.syscall >= 0) {
			op->act = ACT_SLEEP;
			op->call = syscall_name(kv.syscall, &dir);
		}
		return true;
	}
	op->act = ACT_CALL;
	op->op = what;
	op->chan = chan;
	op->confirmed = true;
	return in_chan;
}

/*
 * An exec process whose program runs (rs_proc): no slot to read, the
 * kernel only, at every tick (programs are few). Its I/O counters are
 * read after the call is: a call seen again with no read- or write-like
 * call returned in between (syscr + syscw) is the same call and keeps
 * its start, else it is timed from this tick (short rather than long);
 * any other state keeps its start while it lasts.
 * Bytes are those counters (io_counters), messages unknown; a stop is
 * the runner's news.
 */
static void
rs_exec(struct run_source *rs, int i, struct obs_proc *op, uint64_t now)
{
	const struct run	*run = rs->run;
	const struct rproc	*p = &run->procs[i];
	struct exec_seen	*es = &rs->execs[i];
	struct probe_io		 io;
	bool			 io_ok = false, same, main_thread = true;

	op->io_counters = true;
	op->msgs_in = op->msgs_out = op->markers_out = 0;
	op->op_size = 0;
	op->chan = -1;
	if (!p->reaped && !p->stopped)
		main_thread = rs_exec_look(rs, i, op);
	else if (p->stopped) {
		op->act = ACT_RUNNING;
		op->op = OP_NONE;
		op->kstate = 'T';
	}
	if (p->io_final) {
		es->io.rchar = p->rchar;
		es->io.wchar = p->wchar;
	} else if (!p->reaped)
		io_ok = probe_io(p->iofd, &io) == 0;
	/* A call is the same one only if no call returned since. */
	same = op->act == es->act && op->op == es->op && op->chan == es->chan &&
	    (op->act != ACT_SLEEP || op->syscall == es->syscall) &&
	    (!op->confirmed || (es->confirmed && io_ok && es->io_ok &&
	    io.calls == es->io.calls && op->syscall == es->syscall));
	if (io_ok)
		es->io = io;
	es->io_ok = io_ok;
	op->bytes_in = es->io.rchar;
	op->bytes_out = es->io.wchar;
	if (p->reaped)
		return;
	if (!same)
		es->since_ns = now;
	/* wchan is the main thread's: a hint only where it is the call's. */
	if (op->confirmed && !main_thread)
		es->wchan[0] = '\0';
	else if (op->confirmed && (!same || !es->confirmed || es->wchan[0] ==
	    '\0'))
		probe_wchan(run, i, es->wchan, sizeof es->wchan);
	if (op->confirmed)
		memcpy(op->wchan, es->wchan, sizeof op->wchan);
	es->act = op->act;
	es->op = op->op;
	es->chan = op->chan;
	es->confirmed = op->confirmed;
	es->syscall = op->syscall;
	op->since_ns = es->since_ns;
}

/* Has worker i exec'd its program (and not failed doing it)? */
static bool
rs_execd(const struct run_source *rs, int i, const struct obs_proc *op)
{
	return rs->run->sc->procs[i].role == ROLE_EXEC &&
	    op->op == OP_EXEC && op->act != ACT_FAILED;
}

/*
 * One worker's observation: its slot, then what the kernel says. A
 * worker its parent was told is stopped is 'T' without asking; one that
 * sleeps on purpose keeps the letter the kernel last gave for that kind
 * of sleep; one in a call goes through rs_call; anything else, and every
 * worker at least every RS_FULL_NS, gets the full reading.
 */
static void
rs_proc(struct run_source *rs, int i, uint64_t now)
{
	const struct rproc	*p = &rs->run->procs[i];
	struct obs_proc		*op = &rs->procs[i];
	struct seen		*sn = &rs->seen[i];
	uint64_t		 call;

	call = rs_slot(rs, i);
	rs_thread(rs, i);
	op->kstate = 0;
	op->syscall = -1;
	op->wchan[0] = '\0';
	op->confirmed = false;
	op->io_counters = false;
	if (rs_execd(rs, i, op)) {
		rs_exec(rs, i, op, now);
		return;
	}
	if (p->reaped)
		return;
	if (op->act == ACT_CALL && sn->call != call) {
		sn->call = call;
		sn->seen_ns = now;
		sn->confirmed = false;
	}
	/* A stop or a continue since: what was read no longer holds. */
	if (sn->stops != p->stops) {
		sn->stops = p->stops;
		sn->confirmed = sn->idle_ok = false;
	}
	/* One that ended (or closed an end on a cue) since closed its ends,
	   which wakes whoever slept on them (EOF, EPIPE): a sleeper not run
	   since is still the same by its schedstat, so read it again. */
	if (sn->reaps != rs->reaps) {
		sn->reaps = rs->reaps;
		sn->confirmed = sn->idle_ok = false;
	}
	if (p->stopped) {
		op->kstate = 'T';
		sn->confirmed = false;
	} else if (sn->odd || now - sn->full_ns >= RS_FULL_NS)
		rs_full(rs, i, op, call, now);
	else if (op->act == ACT_CALL)
		rs_call(rs, i, op, call, now);
	else if (op->act == ACT_SLEEP && sn->idle_ok &&
	    sn->idle_op == op->op && sn->idle_chan == op->chan)
		op->kstate = sn->idle_kstate;
	else
		rs_full(rs, i, op, call, now);
	/* A call is timed from the tick that first saw it. */
	if (op->act == ACT_CALL)
		op->since_ns = sn->seen_ns;
}

void
run_source_observe(void *arg, struct obs *o)
{
	struct run_source	*rs = arg;
	struct run		*run = rs->run;
	struct chan_sample	*cs;
	int			 i;

	o->now_ns = now_ns();
	o->t0_ns = run->t0;
	rs->reaps = 0;
	for (i = 0; i < run->nprocs; i++)
		rs->reaps += run->procs[i].reaped ||
		    tel_load(&run->tel[i].op) == OP_CLOSED;
	for (i = 0; i < run->nprocs; i++)
		rs_proc(rs, i, o->now_ns);
	for (i = 0; i < run->nchans; i++) {
		cs = &rs->chans[i];
		memset(cs, 0, sizeof *cs);
		cs->fill = cs->bytes = cs->messages = cs->capacity = -1;
		cs->dropped = -1;
		cs->buffered_items = cs->buffered_bytes = -1;
		run->chans[i].ops->sample(&run->chans[i], runner_borrow, run,
		    cs);
	}
	o->procs = rs->procs;
	o->nprocs = run->nprocs;
	o->chans = rs->chans;
	o->nchans = run->nchans;
}

static int
rs_pause(void *arg, int i)
{
	return runner_pause(((struct run_source *)arg)->run, i);
}

static int
rs_resume(void *arg, int i)
{
	return runner_resume(((struct run_source *)arg)->run, i);
}

static int
rs_kill(void *arg, int i)
{
	return runner_kill(((struct run_source *)arg)->run, i);
}

static int
rs_set_rate(void *arg, int i, const struct rate *r)
{
	return runner_set_rate(((struct run_source *)arg)->run, i, r);
}

static int
rs_go(void *arg, int i)
{
	return runner_go(((struct run_source *)arg)->run, i);
}

static int
rs_close_end(void *arg, int i, int c)
{
	return runner_close_end(((struct run_source *)arg)->run, i, c);
}

static int
rs_resize(void *arg, int c, uint64_t size, int64_t *got)
{
	return runner_resize(((struct run_source *)arg)->run, c, size, got);
}

const struct source_ops run_source_ops = {
	.name = "scenario",
	.observe = run_source_observe,
	.pause = rs_pause,
	.resume = rs_resume,
	.kill = rs_kill,
	.set_rate = rs_set_rate,
	.go = rs_go,
	.close_end = rs_close_end,
	.resize = rs_resize
};
