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
#include "base/util.h"

/*
 * The call a worker is in, by number (the slot's calls, which the worker
 * bumps on entering each call instead of reading a clock), and the tick
 * that first saw it: a call's start is known to within one tick. The
 * kernel's confirmation is kept while the worker stays in that same call
 * (same number: no other call can have come between) and the kernel still
 * shows it asleep, which spares two /proc reads per blocked worker per
 * tick.
 */
struct confirm {
	uint64_t	call;		/* the slot's calls; 0 none yet */
	uint64_t	seen_ns;	/* the tick that first saw it */
	bool		confirmed;
	long		syscall;
	char		wchan[48];
};

/* A worker's helper thread: its /proc/PID/task/TID files, kept open. */
struct thread_files {
	pid_t		tid;
	int		statfd;
	int		sysfd;
};

struct run_source {
	struct run		*run;
	int			 nprocs;
	struct obs_proc		*procs;
	struct chan_sample	*chans;
	struct confirm		*confirms;
	struct thread_files	*threads;
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
	rs->confirms = xcalloc(np + 1, sizeof *rs->confirms);
	rs->threads = xcalloc(np + 1, sizeof *rs->threads);
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
	free(rs->threads);
	free(rs->confirms);
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

static void
rs_proc(struct run_source *rs, int i, uint64_t now)
{
	const struct run	*run = rs->run;
	const struct rproc	*p = &run->procs[i];
	const struct tel_slot	*s = &run->tel[i];
	struct obs_proc		*op = &rs->procs[i];
	struct confirm		*cf = &rs->confirms[i];
	struct kview		 kv;
	uint64_t		 call;
	bool			 cached, asleep;

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
	rs_thread(rs, i);

	op->kstate = 0;
	op->syscall = -1;
	op->wchan[0] = '\0';
	op->confirmed = false;
	if (p->reaped)
		return;
	if (op->act == ACT_CALL && cf->call != call) {
		cf->call = call;
		cf->seen_ns = now;
		cf->confirmed = false;
	}
	cached = op->act == ACT_CALL && cf->confirmed;
	/* The syscall file is only needed to confirm a call. */
	probe_proc(run, i, &kv, op->act == ACT_CALL && !cached);
	asleep = kv.state == 'S' || kv.state == 'D';
	/* Did the worker move on while /proc was read? Then what the
	   kernel said may belong to the next call: confirm nothing. */
	if (tel_load(&s->calls) != call ||
	    tel_load(&s->since_ns) != op->since_ns ||
	    tel_load(&s->state) != (uint32_t)op->act) {
		cached = false;
		asleep = false;
		kv.syscall = -1;
	}
	if (cached && asleep) {
		kv.syscall = cf->syscall;
		snprintf(kv.wchan, sizeof kv.wchan, "%s", cf->wchan);
	}
	op->kstate = kv.state;
	op->syscall = kv.syscall;
	snprintf(op->wchan, sizeof op->wchan, "%s", kv.wchan);
	if (op->act != ACT_CALL)
		return;
	/* A call is timed from the tick that first saw it. */
	op->since_ns = cf->seen_ns;
	if (cached && asleep)
		op->confirmed = true;
	else if (asleep && rs_confirm(run, op->op, op->chan, &kv)) {
		/* The kernel function, a hint to show: once per call. */
		probe_wchan(run, i, op->wchan, sizeof op->wchan);
		op->confirmed = cf->confirmed = true;
		cf->syscall = kv.syscall;
		snprintf(cf->wchan, sizeof cf->wchan, "%s", op->wchan);
	} else
		cf->confirmed = false;
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
