/*
 * check_model.c: the model as a pure function of observations.
 *
 * No process is forked and no kernel object made: each test loads a small
 * scenario (for the names and the topology), then feeds the model
 * observations built by hand, the way a source would fill them, at times
 * of its choosing, and reads back states, rates, stalls, events and
 * captions. The clock is the observation's: a second passes when a test
 * says so.
 */
#include "config.h"

#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "model/obs.h"
#include "model/waits.h"
#include "scenario/scenario.h"
#include "base/util.h"

#define MS	1000000ULL		/* nanoseconds */
#define T0	(1000ULL * 1000 * MS)	/* an arbitrary start */

struct fixture {
	struct scenario		*sc;
	struct model		 m;
	struct obs		 o;
	struct obs_proc		 procs[SCENARIO_MAX_PROCS];
	struct chan_sample	 chans[SCENARIO_MAX_CHANNELS];
	char			 path[4096];
};

static struct fixture	fx;

/* Load scenario text (written to a file: the parser reads files). */
static void
fx_load(const char *text)
{
	struct scen_errors	 errs = { 0 };
	FILE			*f;
	int			 fd, i;

	memset(&fx, 0, sizeof fx);
	snprintf(fx.path, sizeof fx.path, "%s/check_model.XXXXXX",
	    getenv("TMPDIR") != NULL && *getenv("TMPDIR") == '/' ?
	    getenv("TMPDIR") : "/tmp");
	fd = mkstemp(fx.path);
	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	fx.sc = scenario_load(fx.path, &errs);
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	scen_errors_clear(&errs);
	unlink(fx.path);
	ck_assert_ptr_nonnull(fx.sc);
	model_init(&fx.m, fx.sc, NULL);
	fx.o.t0_ns = T0;
	fx.o.procs = fx.procs;
	fx.o.nprocs = fx.sc->nprocs;
	fx.o.chans = fx.chans;
	fx.o.nchans = fx.sc->nchannels;
	for (i = 0; i < fx.sc->nprocs; i++) {
		fx.procs[i].pid = 1000 + i;
		fx.procs[i].act = ACT_RUNNING;
		fx.procs[i].chan = -1;
		fx.procs[i].err_chan = -1;
		fx.procs[i].syscall = -1;
		fx.procs[i].kstate = 'R';
		fx.procs[i].rate = fx.sc->procs[i].rate;
	}
	for (i = 0; i < fx.sc->nchannels; i++) {
		fx.chans[i].fill = fx.chans[i].bytes = 0;
		fx.chans[i].messages = 0;
		fx.chans[i].capacity = 65536;
		fx.chans[i].dropped = -1;
		fx.chans[i].buffered_items = fx.chans[i].buffered_bytes = -1;
	}
}

static void
fx_free(void)
{
	model_free(&fx.m);
	scenario_free(fx.sc);
}

/* Observe at ms milliseconds after the start. */
static void
fx_at(uint64_t ms)
{
	fx.o.now_ns = T0 + ms * MS;
	model_update(&fx.m, &fx.o);
}

/* Process i in a call the kernel confirms (or not), since ms. */
static void
fx_call(int i, unsigned op, int chan, uint64_t since_ms, bool confirmed)
{
	fx.procs[i].act = ACT_CALL;
	fx.procs[i].op = op;
	fx.procs[i].chan = chan;
	fx.procs[i].since_ns = T0 + since_ms * MS;
	fx.procs[i].kstate = 'S';
	fx.procs[i].confirmed = confirmed;
}

static void
fx_exit(int i, int wstatus, uint64_t at_ms)
{
	fx.procs[i].ended = true;
	fx.procs[i].wstatus = wstatus;
	fx.procs[i].end_ns = T0 + at_ms * MS;
	fx.procs[i].act = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ?
	    ACT_DONE : ACT_FAILED;
	fx.procs[i].kstate = 0;
}

/* The newest event with this what, or NULL. */
static const struct model_event *
fx_event(const char *what)
{
	const struct model_event	*ev;
	int				 age;

	for (age = 0; (ev = model_event_at(&fx.m, age)) != NULL; age++) {
		if (strcmp(ev->what, what) == 0)
			return ev;
	}
	return NULL;
}

static const char PIPE_FILL[] =
"[scenario]\n"
"title = t\n"
"[channel pipe]\n"
"type = pipe\n"
"[process writer]\n"
"role = producer\n"
"to = pipe\n"
"total = 2M\n"
"[process reader]\n"
"role = consumer\n"
"from = pipe\n"
"[cue]\n"
"at = 1s\n"
"say = The pipe holds {pipe.fill} of {pipe.capacity} bytes.\n";

/* States: blocked needs the kernel's confirmation. */
START_TEST(test_blocked_needs_confirmation)
{
	fx_load(PIPE_FILL);
	fx_call(0, OP_SEND, 0, 500, false);
	fx_at(2500);
	ck_assert_int_eq(fx.m.procs[0].state, PS_RUNNING);
	ck_assert_str_eq(fx.m.procs[0].op, "write");
	ck_assert(fx.m.procs[0].blocked_s == 0);

	fx.procs[0].confirmed = true;
	fx_at(2600);
	ck_assert_int_eq(fx.m.procs[0].state, PS_BLOCKED);
	ck_assert_int_eq(fx.m.procs[0].chan, 0);
	ck_assert(fabs(fx.m.procs[0].blocked_s - 2.1) < 1e-9);

	/* Confirmed but awake (the kernel shows it running): not blocked. */
	fx.procs[0].kstate = 'R';
	fx_at(2700);
	ck_assert_int_eq(fx.m.procs[0].state, PS_RUNNING);
	fx_free();
}
END_TEST

START_TEST(test_states)
{
	fx_load(PIPE_FILL);
	fx_at(0);
	ck_assert_int_eq(fx.m.procs[0].state, PS_RUNNING);
	ck_assert_ptr_nonnull(fx_event("start"));

	fx.procs[1].act = ACT_SLEEP;
	fx.procs[1].op = OP_START;
	fx.procs[1].since_ns = T0;
	fx.procs[1].kstate = 'S';
	fx_at(1000);
	ck_assert_int_eq(fx.m.procs[1].state, PS_WAITING);
	ck_assert_str_eq(fx.m.procs[1].op, "start");
	ck_assert(fabs(fx.m.procs[1].state_s - 1.0) < 1e-9);

	/* Stopped: paused, whatever it reported. */
	fx_call(0, OP_SEND, 0, 100, true);
	fx.procs[0].kstate = 'T';
	fx_at(1100);
	ck_assert_int_eq(fx.m.procs[0].state, PS_PAUSED);

	fx.procs[1].act = ACT_STARTING;
	fx.procs[1].kstate = 'R';
	fx_at(1200);
	ck_assert_int_eq(fx.m.procs[1].state, PS_STARTING);
	fx_free();
}
END_TEST

START_TEST(test_exits)
{
	const struct model_event	*ev;

	fx_load(PIPE_FILL);
	fx_at(0);
	fx_exit(1, 0, 900);
	fx_exit(0, SIGKILL, 800);	/* as waitpid gives a SIGKILL death */
	fx_at(1000);
	ck_assert_int_eq(fx.m.procs[1].state, PS_DONE);
	ck_assert_str_eq(fx.m.procs[1].detail, "exit 0");
	ck_assert_int_eq(fx.m.procs[0].state, PS_FAILED);
	ck_assert_str_eq(fx.m.procs[0].detail, "killed by SIGKILL");
	ck_assert_int_eq(fx.m.procs[0].signal, SIGKILL);
	ev = fx_event("signal");
	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(ev->detail, "SIGKILL");
	/* At the moment it was seen, not at the tick. */
	ck_assert(fabs(ev->t - 0.8) < 1e-9);
	ck_assert(fx.m.finished);
	fx_free();

	/* A failed call: which call, on what, and the errno's name. */
	fx_load(PIPE_FILL);
	fx.procs[0].err = EPIPE;
	fx.procs[0].err_op = OP_SEND;
	fx.procs[0].err_chan = 0;
	fx_exit(0, 1 << 8, 300);
	fx_at(400);
	ck_assert_int_eq(fx.m.procs[0].state, PS_FAILED);
	ck_assert_str_eq(fx.m.procs[0].detail, "write pipe: EPIPE");
	ev = fx_event("error");
	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(ev->detail, "write pipe: EPIPE");
	ck_assert(!fx.m.finished);
	fx_free();
}
END_TEST

/* A helper thread under the same rule as its process. */
START_TEST(test_thread)
{
	fx_load(PIPE_FILL);
	fx.procs[0].thread.tid = 1234;
	fx.procs[0].thread.name = "feeder";
	fx.procs[0].thread.act = ACT_CALL;
	fx.procs[0].thread.op = OP_WRITE;
	fx.procs[0].thread.chan = 0;
	fx.procs[0].thread.since_ns = T0 + 200 * MS;
	fx.procs[0].thread.kstate = 'S';
	fx.procs[0].thread.confirmed = false;
	fx_at(1200);
	ck_assert_str_eq(fx.m.procs[0].thread.name, "feeder");
	ck_assert_int_eq(fx.m.procs[0].thread.state, PS_RUNNING);
	fx.procs[0].thread.confirmed = true;
	fx_at(1200);
	ck_assert_int_eq(fx.m.procs[0].thread.state, PS_BLOCKED);
	ck_assert(fabs(fx.m.procs[0].thread.blocked_s - 1.0) < 1e-9);
	ck_assert_int_eq(fx.m.procs[0].thread.chan, 0);
	fx_free();
}
END_TEST

/* Rates: bytes moved over the last second, exactly. */
START_TEST(test_rates_sliding_second)
{
	uint64_t	ms;

	fx_load(PIPE_FILL);
	/* 1000 bytes every 50 ms: 20000 B/s. */
	for (ms = 0; ms <= 3000; ms += 50) {
		fx.procs[0].bytes_out = ms / 50 * 1000;
		fx.procs[1].bytes_in = ms / 50 * 1000;
		fx.chans[0].fill = 0;
		fx_at(ms);
	}
	ck_assert(fabs(fx.m.procs[0].out_bps - 20000) < 1e-6);
	ck_assert(fabs(fx.m.procs[1].in_bps - 20000) < 1e-6);
	/* A channel's rates are its writers' and readers'. */
	ck_assert(fabs(fx.m.chans[0].in_bps - 20000) < 1e-6);
	ck_assert(fabs(fx.m.chans[0].out_bps - 20000) < 1e-6);

	/* The writer stops: half a second later half the rate... */
	for (ms = 3050; ms <= 3500; ms += 50)
		fx_at(ms);
	ck_assert(fabs(fx.m.procs[0].out_bps - 10000) < 1e-6);
	/* ...and a second later exactly nothing, not a decaying tail. */
	for (ms = 3550; ms <= 4000; ms += 50)
		fx_at(ms);
	ck_assert(fx.m.procs[0].out_bps == 0);
	ck_assert(fx.m.chans[0].in_bps == 0);
	fx_free();
}
END_TEST

/* The first observation: everything since the start. */
START_TEST(test_rates_first_tick)
{
	fx_load(PIPE_FILL);
	fx.procs[0].bytes_out = 500;
	fx_at(250);
	ck_assert(fabs(fx.m.procs[0].out_bps - 2000) < 1e-6);
	fx_free();
}
END_TEST

static const char SEM_SIG[] =
"[scenario]\n"
"title = t\n"
"[channel sem]\n"
"type = semaphore\n"
"capacity = 2\n"
"[channel usr1]\n"
"type = signal\n"
"[process user]\n"
"role = user\n"
"uses = sem\n"
"[process sender]\n"
"role = producer\n"
"to = usr1\n"
"count = 200\n"
"[process handler]\n"
"role = consumer\n"
"from = usr1\n";

/*
 * A kind whose rates count items: a semaphore's acquisitions, a signal
 * channel's signals, per second, in the kind's words; never bytes.
 */
START_TEST(test_rates_in_items)
{
	const struct model_chan	*sem, *sig;
	uint64_t		 ms;

	fx_load(SEM_SIG);
	sem = &fx.m.chans[0];
	sig = &fx.m.chans[1];
	ck_assert(sem->one_side);		/* users only */
	ck_assert_str_eq(model_side_word(sem, false), "users");
	ck_assert(!sig->one_side);
	ck_assert_str_eq(model_side_word(sig, true), "senders");
	ck_assert_str_eq(sem->rate_unit, "acq/s");
	ck_assert_str_eq(sig->rate_unit, "sig/s");
	ck_assert_str_eq(fx.m.procs[0].in_unit, "acq/s");
	ck_assert_ptr_null(fx.m.procs[0].out_unit);
	ck_assert_str_eq(fx.m.procs[1].out_unit, "sig/s");
	ck_assert_str_eq(fx.m.procs[2].in_unit, "sig/s");
	/* 4 acquisitions a second; 400 signals sent a second, 100
	   handled, 16 bytes of frame header each. */
	for (ms = 0; ms <= 2000; ms += 250) {
		fx.procs[0].msgs_in = ms / 250;
		fx.procs[0].msgs_out = ms / 250;
		fx.procs[1].msgs_out = ms / 250 * 100;
		fx.procs[1].bytes_out = ms / 250 * 1600;
		fx.procs[2].msgs_in = ms / 250 * 25;
		fx.procs[2].bytes_in = ms / 250 * 400;
		fx_at(ms);
	}
	ck_assert(fabs(fx.m.procs[0].in_rate - 4) < 1e-6);
	ck_assert(fabs(sem->out_rate - 4) < 1e-6);
	ck_assert(isnan(sem->in_rate));		/* nobody writes it */
	ck_assert(fabs(sig->in_rate - 400) < 1e-6);
	ck_assert(fabs(sig->out_rate - 100) < 1e-6);
	ck_assert(fabs(sig->in_bps - 6400) < 1e-6);	/* kept, as JSON */
	/* The sparklines follow the unit. */
	ck_assert(fabs(hist_at(&sig->in_hist, 0) - 400) < 1e-6);
	ck_assert(fabs(hist_at(&fx.m.procs[0].in_hist, 0) - 4) < 1e-6);
	fx_free();
}
END_TEST

/* Every signal accounted for: sent = handled + pending + merged. */
START_TEST(test_merged)
{
	const struct model_chan	*sig;

	fx_load(SEM_SIG);
	sig = &fx.m.chans[1];
	ck_assert_int_eq(fx.m.chans[0].merged, -1);	/* never merges */
	fx.procs[1].msgs_out = 120;
	fx.procs[2].msgs_in = 30;
	fx.chans[1].fill = fx.chans[1].messages = 1;	/* one pending */
	fx_at(500);
	ck_assert_int_eq(sig->merged, 89);
	/* Not known while the kernel's pending count is not. */
	fx.chans[1].fill = fx.chans[1].messages = -1;
	fx_at(600);
	ck_assert_int_eq(sig->merged, -1);
	/* A send counted before it shows pending: never below 0. */
	fx.procs[1].msgs_out = 31;
	fx.chans[1].fill = fx.chans[1].messages = 2;
	fx_at(700);
	ck_assert_int_eq(sig->merged, 0);
	/* After the run: sent - handled. */
	fx.procs[1].msgs_out = 200;
	fx.procs[2].msgs_in = 50;
	fx_exit(1, 0, 900);
	fx_exit(2, 0, 950);
	fx_at(1000);
	ck_assert_int_eq(sig->merged, 150);
	fx_free();
}
END_TEST

/* A cue's caption with live numbers from the observation. */
START_TEST(test_caption)
{
	fx_load(PIPE_FILL);
	fx.chans[0].fill = 65536;
	fx.chans[0].bytes = 65536;
	fx_at(1000);
	ck_assert_str_eq(fx.m.caption, "");
	fx.m.cue = 0;
	fx_at(1050);
	ck_assert_str_eq(fx.m.caption,
	    "The pipe holds 65536 of 65536 bytes.");
	fx_free();
}
END_TEST

static const char FACTS[] =
"[scenario]\n"
"title = t\n"
"[channel pipe]\n"
"type = pipe\n"
"[process writer]\n"
"role = producer\n"
"to = pipe\n"
"[process reader]\n"
"role = consumer\n"
"from = pipe\n"
"[cue]\n"
"at = 1s\n"
"when = writer = blocked write pipe\n"
"say = Blocked, with {pipe.fill} bytes in the pipe.\n"
"[cue]\n"
"at = 2s\n"
"say = No facts to check.\n"
"[cue]\n"
"at = 3s\n"
"when = writer.state != blocked\n"
"say = Moving again.\n"
"[cue]\n"
"at = 4s\n"
"pause = writer\n"
"say = I pause the writer.\n";

/*
 * A caption's facts are its 'when' conditions: on the script it stays;
 * once the user has acted off it, it stays only while they hold, and then
 * the live caption, said from the state, takes its place until the next
 * cue, itself shown only while its facts hold (never, without any).
 * Unknown numbers are never shown.
 */
START_TEST(test_caption_facts)
{
	fx_load(FACTS);
	fx.chans[0].fill = fx.chans[0].bytes = 65536;
	fx_call(0, OP_SEND, 0, 0, true);
	fx_at(1000);
	model_cue_ran(&fx.m, 0);
	ck_assert_str_eq(fx.m.caption,
	    "Blocked, with 65536 bytes in the pipe.");
	ck_assert(!fx.m.caption_live);
	/* On the script, a fact that comes and goes is the script's own. */
	fx.procs[0].act = ACT_RUNNING;
	fx.procs[0].kstate = 'R';
	fx_at(1050);
	ck_assert(!fx.m.caption_live);
	fx_call(0, OP_SEND, 0, 1100, true);
	fx_at(1100);

	/* Off the script: while the facts hold, the caption stands. */
	fx.procs[1].kstate = 'T';
	fx.procs[1].user_paused = true;
	model_off_script(&fx.m, 1, "you paused reader");
	fx_at(2100);
	ck_assert(!fx.m.caption_live);
	ck_assert_str_eq(fx.m.caption,
	    "Blocked, with 65536 bytes in the pipe.");
	/* They fail: the live caption, and it stays when they hold again. */
	fx.procs[0].act = ACT_RUNNING;
	fx.procs[0].kstate = 'R';
	fx_at(2150);
	ck_assert(fx.m.caption_live);
	ck_assert_str_eq(fx.m.off_script, "you paused reader");
	ck_assert_str_eq(fx.m.caption, "reader is paused (SIGSTOP): it runs no "
	    "code until SIGCONT. pipe holds 64.0 KiB of 64.0 KiB (full); 0 B/s "
	    "in, 0 B/s out.");
	fx_call(0, OP_SEND, 0, 2000, true);
	fx_at(3000);
	ck_assert(fx.m.caption_live);
	ck_assert_str_eq(fx.m.caption, "reader is paused (SIGSTOP): it runs no "
	    "code until SIGCONT. writer is blocked in write() on pipe for "
	    "1.0s: pipe holds 64.0 KiB of 64.0 KiB (full), and reader is "
	    "paused.");

	/* A cue without conditions cannot be vouched for off the script. */
	model_cue_ran(&fx.m, 1);
	ck_assert(fx.m.caption_live);
	ck_assert_str_eq(fx.m.off_script, "you paused reader");
	/* One whose conditions held shows, while they hold: a run the user
	   changed stays changed. */
	fx.procs[0].act = ACT_RUNNING;
	fx.procs[0].kstate = 'R';
	fx_at(3050);
	model_cue_ran(&fx.m, 2);
	ck_assert(!fx.m.caption_live);
	ck_assert_str_eq(fx.m.caption, "Moving again.");
	fx_call(0, OP_SEND, 0, 3050, true);
	fx_at(3100);
	ck_assert(fx.m.caption_live);
	ck_assert_str_eq(fx.m.off_script, "you paused reader");
	/* Nor a cue that acts: the user's acts before it may undo its own
	   (pipe-tour's "Now the reader starts" with the reader paused). */
	model_cue_ran(&fx.m, 3);
	ck_assert(fx.m.caption_live);

	/* A number the kernel did not give never shows as "?". */
	model_cue_ran(&fx.m, 0);
	fx.chans[0].fill = -1;
	fx_at(3100);
	ck_assert(fx.m.caption_live);
	ck_assert_ptr_null(strchr(fx.m.caption, '?'));
	fx_free();
}
END_TEST

/* Once every holder has ended, a channel is closed; drops stay counted. */
START_TEST(test_chan_closed)
{
	fx_load(FACTS);
	fx.chans[0].dropped = 7;
	fx_at(100);
	ck_assert(!fx.m.chans[0].closed);
	fx_exit(0, 0, 150);
	/* The sample before the end could not read it (no end left to
	   borrow, on a busy machine): the last count read stays. */
	fx.chans[0].dropped = -1;
	fx_at(200);
	ck_assert(!fx.m.chans[0].closed);
	fx_exit(1, 0, 250);
	fx.chans[0].fill = fx.chans[0].bytes = -1;
	fx_at(300);
	ck_assert(fx.m.chans[0].closed);
	ck_assert_int_eq(fx.m.chans[0].fill, -1);
	ck_assert_int_eq(fx.m.chans[0].dropped, 7);
	fx_free();
}
END_TEST

static const char DEADLOCK[] =
"[scenario]\n"
"title = t\n"
"stall = 2s\n"
"[channel a]\n"
"type = pipe\n"
"[channel b]\n"
"type = pipe\n"
"[process feeder]\n"
"role = producer\n"
"to = a\n"
"[process x]\n"
"role = relay\n"
"from = a\n"
"to = b\n"
"[process y]\n"
"role = relay\n"
"from = b\n"
"to = a\n";

/* Every live process blocked and nothing moved for the stall time. */
START_TEST(test_stall_all_blocked)
{
	const struct model_event	*ev;

	fx_load(DEADLOCK);
	fx_call(0, OP_SEND, 0, 0, true);
	fx_call(1, OP_SEND, 1, 0, true);
	fx_call(2, OP_SEND, 0, 0, true);
	fx_at(100);
	fx_at(1900);
	ck_assert(!fx.m.stalled);
	fx_at(2200);
	ck_assert(fx.m.stalled);
	ck_assert(fx.m.stall_seen);
	ev = fx_event("stall");
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text, "nothing has moved for "
	    "2.0s and every live process is blocked"));
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text,
	    "feeder, y wait in write on a"));
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text, "x waits in write on b"));
	ck_assert_int_eq(fx.m.nstall_procs, 3);
	ck_assert_int_eq(fx.m.nstall_chans, 2);

	/* Something moves: no longer stalled. */
	fx.procs[1].bytes_in = 10;
	fx.procs[1].act = ACT_RUNNING;
	fx_at(2300);
	ck_assert(!fx.m.stalled);
	ck_assert(fx.m.stall_seen);
	fx_free();
}
END_TEST

/* A process the user paused can be resumed: no stall. */
START_TEST(test_stall_not_when_paused)
{
	fx_load(DEADLOCK);
	fx_call(0, OP_SEND, 0, 0, true);
	fx_call(1, OP_SEND, 1, 0, true);
	fx_call(2, OP_SEND, 0, 0, true);
	fx.procs[1].user_paused = true;
	fx_at(100);
	fx_at(5000);
	ck_assert(!fx.m.stalled);
	fx_free();
}
END_TEST

static const char ORPHAN[] =
"[scenario]\n"
"title = t\n"
"stall = 1s\n"
"[channel q]\n"
"type = posix-mq\n"
"capacity = 10\n"
"msgsize = 64\n"
"[process producer]\n"
"role = producer\n"
"to = q\n"
"size = 64\n"
"count = 30\n"
"markers = 1\n"
"[process worker]\n"
"role = consumer\n"
"from = q\n"
"replicas = %d\n";

/* A second pool of readers of q (pools hold at most 64 replicas). */
static const char MORE_READERS[] =
"[process more]\n"
"role = consumer\n"
"from = q\n"
"replicas = %d\n";

static void
fx_load_orphan(int workers)
{
	char	text[sizeof ORPHAN + sizeof MORE_READERS + 32];
	size_t	n;

	n = (size_t)snprintf(text, sizeof text, ORPHAN,
	    workers > 50 ? 50 : workers);
	if (workers > 50)
		snprintf(text + n, sizeof text - n, MORE_READERS, workers - 50);
	fx_load(text);
	fx.chans[0].capacity = 10;
}

/* Readers of an empty queue whose writer has ended: nothing will come. */
START_TEST(test_stall_no_live_writer)
{
	fx_load_orphan(1);
	fx_exit(0, 0, 100);
	fx_call(1, OP_RECV, 0, 100, true);
	fx_at(200);
	ck_assert(!fx.m.stalled);	/* not yet for the stall time */
	fx_at(1300);
	ck_assert(fx.m.stalled);
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text,
	    "worker waits in recv on q (empty): every writer of q has "
	    "ended, so nothing will ever arrive"));
	fx_free();
}
END_TEST

/*
 * A writer that said it is done but is not gone yet (on a busy machine
 * its exit can lag) still holds its end: the reader is not stuck until
 * the kernel says the writer ended.
 */
START_TEST(test_stall_done_not_gone)
{
	fx_load_orphan(1);
	fx.procs[0].act = ACT_DONE;	/* its slot says done, not reaped */
	fx.procs[0].kstate = 'S';
	fx_call(1, OP_RECV, 0, 100, true);
	fx_at(200);
	fx_at(3300);
	ck_assert_msg(!fx.m.stalled, "%s", fx.m.stall_text);
	ck_assert_int_eq(fx.m.procs[0].state, PS_DONE);
	fx_exit(0, 0, 3300);		/* now the kernel says so */
	fx_at(3400);
	ck_assert_msg(!fx.m.stalled, "%s", fx.m.stall_text);	/* from then on, the stall time */
	fx_at(4500);
	ck_assert(fx.m.stalled);
	fx_free();
}
END_TEST

/* A live caption fits a caption box: sentences that would not are left. */
START_TEST(test_live_fits)
{
	int	i;

	fx_load_orphan(6);
	fx.procs[0].kstate = 'T';
	fx.procs[0].user_paused = true;
	for (i = 1; i <= 6; i++)
		fx_call(i, OP_RECV, 0, 100, true);
	model_off_script(&fx.m, 0, "you paused producer");
	fx_at(1000);
	ck_assert(fx.m.caption_live);
	ck_assert_msg(strlen(fx.m.caption) <= 210, "%zu bytes: %s",
	    strlen(fx.m.caption), fx.m.caption);
	ck_assert_ptr_nonnull(strstr(fx.m.caption, "producer is paused "
	    "(SIGSTOP)"));
	ck_assert_ptr_nonnull(strstr(fx.m.caption, "is blocked in recv() on "
	    "q"));
	ck_assert_int_eq(fx.m.caption[strlen(fx.m.caption) - 1], '.');
	fx_free();
}
END_TEST

/* End markers counted against the readers that need one each. */
START_TEST(test_stall_end_markers)
{
	fx_load_orphan(3);
	fx.procs[0].markers_out = 1;	/* as the producer counted them */
	fx_exit(0, 0, 100);
	fx_exit(1, 0, 150);		/* took the one marker */
	fx_call(2, OP_RECV, 0, 100, true);
	fx_call(3, OP_RECV, 0, 100, true);
	fx_at(200);
	fx_at(1300);
	ck_assert(fx.m.stalled);
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text,
	    "worker-2, worker-3 wait in recv on q (empty)"));
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text,
	    "1 end marker for 3 readers: each reader needs its own"));
	ck_assert_int_eq(fx.m.nstall_procs, 2);
	fx_free();
}
END_TEST

/*
 * The markers counted are those written into the channel the pool waits
 * on, as its writers counted them: a relay's too, and not what the
 * scenario's producers were told to send.
 */
static const char RELAY_POOL[] =
"[scenario]\n"
"title = t\n"
"stall = 1s\n"
"[channel raw]\n"
"type = pipe\n"
"[channel tasks]\n"
"type = posix-mq\n"
"capacity = 10\n"
"msgsize = 64\n"
"[process source]\n"
"role = producer\n"
"to = raw\n"
"size = 64\n"
"count = 30\n"
"markers = 3\n"
"[process parser]\n"
"role = relay\n"
"from = raw\n"
"to = tasks\n"
"[process worker]\n"
"role = consumer\n"
"from = tasks\n"
"replicas = 3\n";

START_TEST(test_stall_relay_markers)
{
	fx_load(RELAY_POOL);
	fx.chans[1].capacity = 10;
	fx.procs[0].markers_out = 3;	/* into raw, not into tasks */
	fx.procs[1].markers_out = 1;	/* the parser passed one on */
	fx_exit(0, 0, 100);
	fx_exit(1, 0, 120);
	fx_exit(3, 0, 150);		/* worker-2 took it */
	fx_call(2, OP_RECV, 1, 100, true);
	fx_call(4, OP_RECV, 1, 100, true);
	fx_at(200);
	fx_at(1300);
	ck_assert(fx.m.stalled);
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text,
	    "worker-1, worker-3 wait in recv on tasks (empty)"));
	ck_assert_msg(strstr(fx.m.stall_text, "1 end marker for 3 readers: "
	    "each reader needs its own") != NULL, "%s", fx.m.stall_text);
	fx_free();

	/* A parser killed before it sent any: 0, whatever was planned. */
	fx_load(RELAY_POOL);
	fx.chans[1].capacity = 10;
	fx.procs[0].markers_out = 3;
	fx_exit(0, 0, 100);
	fx_exit(1, SIGKILL, 120);
	fx_call(2, OP_RECV, 1, 100, true);
	fx_call(3, OP_RECV, 1, 100, true);
	fx_call(4, OP_RECV, 1, 100, true);
	fx_at(200);
	fx_at(1300);
	ck_assert(fx.m.stalled);
	ck_assert_msg(strstr(fx.m.stall_text, "0 end markers for 3 readers")
	    != NULL, "%s", fx.m.stall_text);
	fx_free();
}
END_TEST

/* A hundred waiters are all named, in full, in the text and the list. */
START_TEST(test_stall_hundred_waiters)
{
	char	name[32];
	int	i;

	fx_load_orphan(100);
	fx_exit(0, 0, 100);
	for (i = 1; i <= 100; i++)
		fx_call(i, OP_RECV, 0, 100, true);
	fx_at(200);
	fx_at(1300);
	ck_assert(fx.m.stalled);
	ck_assert_int_eq(fx.m.nstall_procs, 100);
	for (i = 1; i <= 100; i++) {
		if (i <= 50)
			snprintf(name, sizeof name, "worker-%d,", i);
		else if (i < 100)
			snprintf(name, sizeof name, "more-%d,", i - 50);
		else
			snprintf(name, sizeof name, "more-50 wait");
		ck_assert_msg(strstr(fx.m.stall_text, name) != NULL,
		    "%s missing from: %s", name, fx.m.stall_text);
		ck_assert_str_eq(fx.m.procs[fx.m.stall_procs[i - 1]].name,
		    fx.sc->procs[i].name);
	}
	ck_assert_ptr_nonnull(strstr(fx.m.stall_text, "so nothing will ever "
	    "arrive"));
	fx_free();
}
END_TEST

/* Who waits for whom (model/waits.h), from the same observations. */

/* The wait of process i (its thread when thread), or NULL. */
static const struct wait *
fx_wait(int i, bool thread)
{
	const struct waits	*ws = fx.m.waits;
	int			 k;

	ck_assert_ptr_nonnull(ws);
	for (k = 0; k < ws->n; k++) {
		if (ws->w[k].proc == i && ws->w[k].thread == thread)
			return &ws->w[k];
	}
	return NULL;
}

/* Its servers, as "name,name" (a thread as "name/thread"). */
static const char *
fx_servers(const struct wait *w)
{
	static char	buf[512];
	int		k, node;

	buf[0] = '\0';
	for (k = 0; k < w->nservers; k++) {
		node = fx.m.waits->servers[w->first + k];
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s%s",
		    k > 0 ? "," : "", fx.m.procs[WAIT_NODE_PROC(node)].name,
		    WAIT_NODE_THREAD(node) ? "/thread" : "");
	}
	return buf;
}

static const char PIPELINE[] =
"[scenario]\n"
"title = t\n"
"[channel a]\n"
"type = pipe\n"
"[channel b]\n"
"type = pipe\n"
"[process source]\n"
"role = producer\n"
"to = a\n"
"[process stage]\n"
"role = relay\n"
"from = a\n"
"to = b\n"
"[process sink]\n"
"role = consumer\n"
"from = b\n";

/* A pipeline: the ends wait on the middle, which can act; then it dies. */
START_TEST(test_waits_pipeline)
{
	const struct wait	*w;

	fx_load(PIPELINE);
	fx_call(0, OP_SEND, 0, 100, true);
	fx_call(2, OP_RECV, 1, 100, true);
	fx_at(500);
	ck_assert_int_eq(fx.m.waits->n, 2);
	ck_assert_ptr_null(fx_wait(1, false));	/* the stage runs */
	w = fx_wait(0, false);
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->op, "write");
	ck_assert_int_eq(w->chan, 0);
	ck_assert_int_eq(w->side, WAIT_SIDE_READERS);
	ck_assert_str_eq(fx_servers(w), "stage");
	ck_assert_int_eq(w->mark, WAIT_FREE);
	w = fx_wait(2, false);
	ck_assert_str_eq(w->op, "read");
	ck_assert_int_eq(w->side, WAIT_SIDE_WRITERS);
	ck_assert_str_eq(fx_servers(w), "stage");
	ck_assert_int_eq(w->mark, WAIT_FREE);
	ck_assert_int_eq(fx.m.waits->nstall + fx.m.waits->ncycle +
	    fx.m.waits->nbehind, 0);

	/* Seen blocked on b both ways (one of them a moment late: b cannot
	   be full and empty at once): no cycle, nobody stuck. */
	fx_call(1, OP_SEND, 1, 600, true);
	fx_at(700);
	ck_assert_str_eq(fx_servers(fx_wait(1, false)), "sink");
	ck_assert_int_eq(fx_wait(1, false)->mark, WAIT_FREE);
	ck_assert_int_eq(fx_wait(2, false)->mark, WAIT_FREE);
	ck_assert_int_eq(fx_wait(0, false)->mark, WAIT_FREE);
	fx.procs[1].act = ACT_RUNNING;
	fx.procs[1].kstate = 'R';

	/* The stage dies: nobody is left on either side of it. */
	fx_exit(1, SIGKILL, 800);
	fx_at(900);
	ck_assert_int_eq(fx.m.waits->n, 2);
	ck_assert_int_eq(fx_wait(0, false)->nservers, 0);
	ck_assert_int_eq(fx_wait(0, false)->mark, WAIT_STALL);
	ck_assert_int_eq(fx_wait(2, false)->mark, WAIT_STALL);
	ck_assert_int_eq(fx.m.waits->nstall, 2);
	fx_free();
}
END_TEST

/* A cycle of full pipes: the relays wait on each other, the feeder
   behind them (tests/data/run-deadlock.ini's shape). */
START_TEST(test_waits_cycle)
{
	const struct wait	*w;

	fx_load(DEADLOCK);
	fx_call(0, OP_SEND, 0, 0, true);
	fx_call(1, OP_SEND, 1, 0, true);
	fx_call(2, OP_SEND, 0, 0, true);
	fx_at(100);
	ck_assert_int_eq(fx.m.waits->n, 3);
	w = fx_wait(1, false);
	ck_assert_str_eq(fx_servers(w), "y");
	ck_assert_int_eq(w->mark, WAIT_CYCLE);
	w = fx_wait(2, false);
	ck_assert_str_eq(fx_servers(w), "x");
	ck_assert_int_eq(w->mark, WAIT_CYCLE);
	w = fx_wait(0, false);
	ck_assert_str_eq(fx_servers(w), "x");
	ck_assert_int_eq(w->mark, WAIT_BEHIND);
	ck_assert_int_eq(fx.m.waits->ncycle, 2);
	ck_assert_int_eq(fx.m.waits->nbehind, 1);
	/* At once: a cycle is what the waits are, not how long they last. */
	ck_assert(!fx.m.stalled);

	/* y paused by the user can be resumed: x waits on it, not stuck;
	   the cycle is gone (a paused process is no wait). */
	fx.procs[2].kstate = 'T';
	fx.procs[2].user_paused = true;
	fx_at(200);
	ck_assert_int_eq(fx.m.waits->n, 2);
	ck_assert_int_eq(fx_wait(1, false)->mark, WAIT_FREE);
	ck_assert_int_eq(fx_wait(0, false)->mark, WAIT_FREE);
	ck_assert_int_eq(fx.m.waits->ncycle, 0);
	fx_free();
}
END_TEST

/* pool-sentinel-bug: two waiters, no writer left. */
START_TEST(test_waits_pool_sentinel)
{
	const struct wait	*w;
	int			 i;

	fx_load_orphan(3);
	fx_exit(0, 0, 100);
	fx_exit(1, 0, 150);		/* took the one marker */
	fx_call(2, OP_RECV, 0, 100, true);
	fx_call(3, OP_RECV, 0, 100, true);
	fx_at(200);
	ck_assert_int_eq(fx.m.waits->n, 2);
	for (i = 2; i <= 3; i++) {
		w = fx_wait(i, false);
		ck_assert_ptr_nonnull(w);
		ck_assert_str_eq(w->op, "recv");
		ck_assert_int_eq(w->chan, 0);
		ck_assert_int_eq(w->side, WAIT_SIDE_WRITERS);
		ck_assert_int_eq(w->nservers, 0);
		ck_assert_int_eq(w->mark, WAIT_STALL);
	}
	ck_assert_int_eq(fx.m.waits->nstall, 2);

	/* While the producer lives, it serves them both. */
	fx.procs[0].ended = false;
	fx.procs[0].act = ACT_RUNNING;
	fx.procs[0].kstate = 'R';
	fx_at(300);
	ck_assert_str_eq(fx_servers(fx_wait(2, false)), "producer");
	ck_assert_int_eq(fx_wait(3, false)->mark, WAIT_FREE);
	fx_free();
}
END_TEST

static const char SEMAPHORE[] =
"[scenario]\n"
"title = t\n"
"[channel sem]\n"
"type = semaphore\n"
"capacity = 2\n"
"[process first]\n"
"role = user\n"
"uses = sem\n"
"replicas = 2\n"
"hold = 3s\n"
"[process late]\n"
"role = user\n"
"uses = sem\n"
"replicas = 2\n"
"hold = 1s\n";

static void
fx_sleep(int i, unsigned op)
{
	fx.procs[i].act = ACT_SLEEP;
	fx.procs[i].op = op;
	fx.procs[i].chan = -1;
	fx.procs[i].kstate = 'S';
}

/* A semaphore: the acquirers wait on those who hold it. */
START_TEST(test_waits_semaphore)
{
	const struct wait	*w;

	fx_load(SEMAPHORE);
	fx_sleep(0, OP_HOLD);
	fx_sleep(1, OP_HOLD);
	fx_call(2, OP_RECV, 0, 100, true);
	fx_call(3, OP_RECV, 0, 100, true);
	fx_at(500);
	ck_assert_int_eq(fx.m.waits->n, 2);
	w = fx_wait(2, false);
	ck_assert_str_eq(w->op, "acquire");
	ck_assert_int_eq(w->side, WAIT_SIDE_HOLDERS);
	/* Not the other acquirer: it holds nothing. */
	ck_assert_str_eq(fx_servers(w), "first-1,first-2");
	ck_assert_int_eq(w->mark, WAIT_FREE);

	/* One holder thinks (holds nothing), one is paused holding it. */
	fx_sleep(0, OP_THINK);
	fx.procs[1].kstate = 'T';
	fx_at(600);
	ck_assert_str_eq(fx_servers(fx_wait(3, false)), "first-2");
	ck_assert_int_eq(fx_wait(3, false)->mark, WAIT_FREE);

	/* Both killed while holding: nobody will ever give it back. */
	fx_exit(0, SIGKILL, 700);
	fx_exit(1, SIGKILL, 700);
	fx_at(800);
	ck_assert_int_eq(fx_wait(2, false)->nservers, 0);
	ck_assert_int_eq(fx_wait(2, false)->mark, WAIT_STALL);
	ck_assert_int_eq(fx_wait(3, false)->mark, WAIT_STALL);
	fx_free();
}
END_TEST

static const char FEEDER[] =
"[scenario]\n"
"title = t\n"
"[channel q]\n"
"type = mpqueue\n"
"[process producer]\n"
"role = producer\n"
"to = q\n"
"[process consumer]\n"
"role = consumer\n"
"from = q\n";

/* A join waits on its own feeder thread, which waits on the reader. */
START_TEST(test_waits_join_feeder)
{
	struct obs_thread	*t = &fx.procs[0].thread;
	const struct wait	*w;

	fx_load(FEEDER);
	fx_call(0, OP_JOIN, 0, 100, true);
	t->tid = 1234;
	t->name = "feeder";
	t->act = ACT_CALL;
	t->op = OP_WRITE;
	t->chan = 0;
	t->kstate = 'S';
	t->confirmed = true;
	fx_sleep(1, OP_START);
	fx_at(500);
	ck_assert_int_eq(fx.m.waits->n, 2);
	w = fx_wait(0, false);
	ck_assert_str_eq(w->op, "join");
	ck_assert_int_eq(w->side, WAIT_SIDE_THREAD);
	ck_assert_str_eq(fx_servers(w), "producer/thread");
	ck_assert_int_eq(w->mark, WAIT_FREE);
	w = fx_wait(0, true);
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->op, "write");
	ck_assert_str_eq(fx_servers(w), "consumer");

	/* The reader killed: the feeder stalls, the join behind it. */
	fx_exit(1, SIGKILL, 600);
	fx_at(700);
	ck_assert_int_eq(fx_wait(0, true)->mark, WAIT_STALL);
	ck_assert_int_eq(fx_wait(0, false)->mark, WAIT_BEHIND);

	/* Its feeder idle (all written), a join waits on the readers. */
	t->act = ACT_SLEEP;
	t->op = OP_NONE;
	fx.procs[1].ended = false;
	fx_sleep(1, OP_RATE);
	fx_at(800);
	ck_assert_int_eq(fx.m.waits->n, 1);
	ck_assert_int_eq(fx_wait(0, false)->side, WAIT_SIDE_READERS);
	ck_assert_str_eq(fx_servers(fx_wait(0, false)), "consumer");
	fx_free();
}
END_TEST

static Suite *
model_suite(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc;

	tc = tcase_create("states");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_blocked_needs_confirmation);
	tcase_add_test(tc, test_states);
	tcase_add_test(tc, test_exits);
	tcase_add_test(tc, test_thread);
	suite_add_tcase(s, tc);
	tc = tcase_create("rates");
	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_rates_sliding_second);
	tcase_add_test(tc, test_rates_first_tick);
	tcase_add_test(tc, test_caption);
	tcase_add_test(tc, test_caption_facts);
	tcase_add_test(tc, test_chan_closed);
	tcase_add_test(tc, test_live_fits);
	tcase_add_test(tc, test_rates_in_items);
	tcase_add_test(tc, test_merged);
	suite_add_tcase(s, tc);
	tc = tcase_create("stalls");
	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_stall_all_blocked);
	tcase_add_test(tc, test_stall_not_when_paused);
	tcase_add_test(tc, test_stall_no_live_writer);
	tcase_add_test(tc, test_stall_done_not_gone);
	tcase_add_test(tc, test_stall_end_markers);
	tcase_add_test(tc, test_stall_relay_markers);
	tcase_add_test(tc, test_stall_hundred_waiters);
	suite_add_tcase(s, tc);
	tc = tcase_create("waits");
	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_waits_pipeline);
	tcase_add_test(tc, test_waits_cycle);
	tcase_add_test(tc, test_waits_pool_sentinel);
	tcase_add_test(tc, test_waits_semaphore);
	tcase_add_test(tc, test_waits_join_feeder);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(model_suite());
	int	 failed;

	/* No fork: these tests make no process, and must not need one. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
