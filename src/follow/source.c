/*
 * source.c: a followed program as observations (model/obs.h). Each
 * observe() reads the events that came, then each row's task, then the
 * descriptor tables that are due (within their budget), then each
 * channel's fill, and names what is new: a row by the comm it has at
 * its first observation ("python3[4242]"), a channel by its kernel
 * object ("pipe:[38211]", a FIFO's path, "socket:[38213]").
 *
 * Actions: pause (SIGSTOP) and resume (SIGCONT) of a process (a thread's
 * row acts on its process), through its pidfd; kill (SIGKILL) only for
 * what ipcscope started (-- CMD): attached, ipcscope never stops what it
 * did not start, and what the user paused is resumed at the end.
 */
#include "config.h"

#include <sys/syscall.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/util.h"

/* The obs arrays with room for every row and channel. */
static void
fw_obs_room(struct follow *fw)
{
	size_t	n;

	if ((size_t)fw->nrows + 1 > fw->ocap_procs) {
		n = fw->ocap_procs == 0 ? 16 : fw->ocap_procs;
		while (n < (size_t)fw->nrows + 1)
			n *= 2;
		fw->oprocs = xreallocarray(fw->oprocs, n, sizeof *fw->oprocs);
		fw->ocap_procs = n;
	}
	if ((size_t)fw->nchans + 1 > fw->ocap_chans) {
		n = fw->ocap_chans == 0 ? 16 : fw->ocap_chans;
		while (n < (size_t)fw->nchans + 1)
			n *= 2;
		fw->osamples = xreallocarray(fw->osamples, n,
		    sizeof *fw->osamples);
		fw->oinfo = xreallocarray(fw->oinfo, n, sizeof *fw->oinfo);
		fw->ocap_chans = n;
	}
}

/* A row's name, given once: its comm at its first observation. */
static void
fw_row_name(struct fw_row *row)
{
	const char	*comm;

	if (row->named)
		return;
	row->named = true;
	comm = row->execs > 0 && row->exec[0] != '\0' ? row->exec : row->comm;
	snprintf(row->name, sizeof row->name, "%s[%ld]", comm,
	    (long)row->tid);
	util_printable(row->name);
}

/*
 * Can row r be shown (and named) now? A process found by its fork waits
 * until it exec'd or ended, at most FW_NAME_WAIT_NS; the rows after it
 * wait with it, as a row's index is its place.
 */
static bool
fw_row_ready(const struct fw_row *row, uint64_t now)
{
	/* found_ns may be after now: rows are made while observing. */
	return row->named || !row->forked || row->execs > 0 || row->ended ||
	    now >= row->found_ns + FW_NAME_WAIT_NS;
}

static void
fw_obs_row(struct follow *fw, int r, struct obs_proc *op)
{
	struct fw_row	*row = &fw->rows[r];
	struct fw_row	*pr = row->proc >= 0 ? &fw->rows[row->proc] : row;

	memset(op, 0, sizeof *op);
	fw_row_name(row);
	op->name = row->name;
	op->thread_of = row->proc;
	op->pid = row->tid;
	op->start_ns = row->found_ns;
	op->rate.kind = RATE_MAX;
	op->user_paused = pr->user_paused;
	op->chan = op->err_chan = -1;
	op->syscall = -1;
	op->exec = row->exec;
	op->execs = row->execs;
	op->bytes_out = row->wchar;
	op->bytes_in = row->rchar;
	op->io_counters = row->io;
	op->unknown = row->unknown;
	op->shape = row->shape;
	op->thread.chan = -1;
	op->thread.syscall = -1;
	if (row->ended) {
		op->ended = true;
		op->wstatus = row->wstatus;
		op->end_ns = row->end_ns;
		op->act = ACT_DONE;
		return;
	}
	op->act = row->act;
	op->op = row->op;
	op->chan = row->chan;
	op->call = row->call;
	op->since_ns = row->act == ACT_RUNNING ? 0 : row->call_ns;
	op->since_before = row->call_before;
	op->kstate = row->kstate;
	op->syscall = row->asleep ? row->nr : -1;
	op->confirmed = row->confirmed;
	snprintf(op->wchan, sizeof op->wchan, "%s", row->confirmed ?
	    row->wchan : "");
}

/*
 * The rows of list (n) that are in this observation (below nrows), and
 * hold (the sole holder of that end now, -1 none) if not among them,
 * into the observation's own buffer at *used: a row still waiting for
 * its name is not the model's yet.
 */
static int *
fw_obs_list(struct follow *fw, const int *list, int n, int hold, int nrows,
    size_t *used, int *count)
{
	int	*out = fw->olists + *used, j;

	*count = 0;
	for (j = 0; j < n; j++) {
		if (list[j] < nrows)
			out[(*count)++] = list[j];
		if (list[j] == hold)
			hold = -1;
	}
	/* The sole holder of that end, unless seen in a call already. */
	if (hold != -1 && hold < nrows)
		out[(*count)++] = hold;
	*used += (size_t)*count;
	return out;
}

/* Room in the lists' buffer for every channel's sides. */
static void
fw_obs_lists_room(struct follow *fw)
{
	size_t	need = 0;
	int	c;

	for (c = 0; c < fw->nchans; c++)
		need += (size_t)fw->chans[c].nwriters +
		    (size_t)fw->chans[c].nreaders + 2;
	if (need + 1 > fw->olists_cap) {
		fw->olists_cap = (need + 1) * 2;
		fw->olists = xreallocarray(fw->olists, fw->olists_cap,
		    sizeof *fw->olists);
	}
}

void
follow_observe(void *arg, struct obs *o)
{
	struct follow	*fw = arg;
	struct fw_chan	*ch;
	struct obs_chan	*oc;
	uint64_t	 now = now_ns();
	size_t		 used = 0;
	int		 r, c, nrows;

	fw->tick++;
	fw_events_read(fw);
	fw_poll_tree(fw, now);
	fw_rows_sample(fw, now);
	fw_fds_tick(fw, now);
	fw_psem_tick(fw, now);		/* i11-python */
	fw_python_shapes(fw, now);	/* i11-python */
	fw_obs_room(fw);
	fw_chans_sample(fw, fw->osamples, now);
	for (r = 0; r < fw->nrows && fw_row_ready(&fw->rows[r], now); r++)
		fw_obs_row(fw, r, &fw->oprocs[r]);
	nrows = r;
	fw_obs_lists_room(fw);
	for (c = 0; c < fw->nchans; c++) {
		ch = &fw->chans[c];
		oc = &fw->oinfo[c];
		oc->name = ch->name;
		oc->ops = ch->ops;
		oc->writers = fw_obs_list(fw, ch->writers, ch->nwriters,
		    ch->hold_w, nrows, &used, &oc->nwriters);
		oc->readers = fw_obs_list(fw, ch->readers, ch->nreaders,
		    ch->hold_r, nrows, &used, &oc->nreaders);
		oc->holders = ch->holders;
		oc->shape = ch->shape;
		oc->value = ch->value;
	}
	memset(o, 0, sizeof *o);
	o->now_ns = now;
	o->t0_ns = fw->t0;
	o->procs = fw->oprocs;
	o->nprocs = nrows;
	o->chans = fw->osamples;
	o->chan_info = fw->oinfo;
	o->nchans = fw->nchans;
	o->grows = true;
}

/* The process row an action on row i acts on (a thread's: its own). */
static struct fw_row *
fw_act_row(struct follow *fw, int i)
{
	struct fw_row	*row;

	if (i < 0 || i >= fw->nrows) {
		errno = ESRCH;
		return NULL;
	}
	row = &fw->rows[i];
	if (row->proc >= 0)
		row = &fw->rows[row->proc];
	if (row->ended || row->pidfd == -1) {
		errno = ESRCH;
		return NULL;
	}
	return row;
}

static int
fw_send(struct fw_row *row, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, row->pidfd, sig, NULL, 0);
}

static int
fw_pause(void *arg, int i)
{
	struct fw_row	*row = fw_act_row(arg, i);

	if (row == NULL || fw_send(row, SIGSTOP) == -1)
		return -1;
	row->user_paused = true;
	return 0;
}

static int
fw_resume(void *arg, int i)
{
	struct fw_row	*row = fw_act_row(arg, i);

	if (row == NULL || fw_send(row, SIGCONT) == -1)
		return -1;
	row->user_paused = false;
	return 0;
}

static int
fw_kill(void *arg, int i)
{
	struct fw_row	*row = fw_act_row(arg, i);

	if (row == NULL)
		return -1;
	return fw_send(row, SIGKILL);
}

static const struct source_ops follow_cmd_ops = {
	.name = "command",
	.observe = follow_observe,
	.pause = fw_pause,
	.resume = fw_resume,
	.kill = fw_kill,
};

/* Attached: ipcscope never stops what it did not start. */
static const struct source_ops follow_attach_ops = {
	.name = "attached",
	.observe = follow_observe,
	.pause = fw_pause,
	.resume = fw_resume,
};

const struct source_ops *
follow_ops(const struct follow *fw)
{
	return fw->attach ? &follow_attach_ops : &follow_cmd_ops;
}
