/*
 * check_app.c: the controller acts on processes only through the source
 * (struct source_ops), without forking.
 *
 * A fake source keeps each process's pause and rate as a real one would
 * and reports them in observe(); the tests press keys and run cues, and
 * read the source's calls, the status line and the model's events. A
 * source without actions (a recorded run, one day) must be told "not
 * available for this source", never pretend.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app-int.h"
#include "model/history.h"
#include "model/model.h"
#include "model/obs.h"
#include "scenario/scenario.h"

#define T0	(1000ULL * 1000 * 1000000ULL)

/* The source: two processes, their state, what was asked of it. */
struct fake {
	struct obs_proc		 procs[SCENARIO_MAX_PROCS];
	struct chan_sample	 chans[SCENARIO_MAX_CHANNELS];
	bool			 paused[SCENARIO_MAX_PROCS];
	bool			 ended[SCENARIO_MAX_PROCS];
	struct rate		 rate[SCENARIO_MAX_PROCS];
	int			 nprocs, nchans;
	char			 calls[256];	/* "pause 0;resume 0;" */
	uint64_t		 now_ns;	/* the sample's time, or 0:
						   100 ms into the run */
};

static struct fake		 fk;
static struct app		 a;
static struct app_opts		 opts;
static char			 path[4096];

static void
fake_call(const char *what, int i)
{
	size_t	n = strlen(fk.calls);

	snprintf(fk.calls + n, sizeof fk.calls - n, "%s %d;", what, i);
}

static void
fake_observe(void *arg, struct obs *o)
{
	int	i;

	for (i = 0; i < fk.nprocs; i++) {
		fk.procs[i].pid = 1000 + i;
		fk.procs[i].act = ACT_RUNNING;
		fk.procs[i].chan = fk.procs[i].err_chan = -1;
		fk.procs[i].syscall = -1;
		fk.procs[i].kstate = fk.paused[i] ? 'T' : 'R';
		fk.procs[i].user_paused = fk.paused[i];
		fk.procs[i].rate = fk.rate[i];
	}
	o->now_ns = fk.now_ns != 0 ? fk.now_ns : T0 + 100000000ULL;
	o->t0_ns = T0;
	o->procs = fk.procs;
	o->nprocs = fk.nprocs;
	o->chans = fk.chans;
	o->nchans = fk.nchans;
}

static int
fake_gone(int i)
{
	if (!fk.ended[i])
		return 0;
	errno = ESRCH;
	return -1;
}

static int
fake_pause(void *arg, int i)
{
	fake_call("pause", i);
	if (fake_gone(i) == -1)
		return -1;
	fk.paused[i] = true;
	return 0;
}

static int
fake_resume(void *arg, int i)
{
	fake_call("resume", i);
	if (fake_gone(i) == -1)
		return -1;
	fk.paused[i] = false;
	return 0;
}

static int
fake_kill(void *arg, int i)
{
	fake_call("kill", i);
	return fake_gone(i);
}

static int
fake_set_rate(void *arg, int i, const struct rate *r)
{
	fake_call("rate", i);
	if (fake_gone(i) == -1)
		return -1;
	fk.rate[i] = *r;
	return 0;
}

static const struct source_ops fake_ops = {
	.name = "fake",
	.observe = fake_observe,
	.pause = fake_pause,
	.resume = fake_resume,
	.kill = fake_kill,
	.set_rate = fake_set_rate
	/* go, close_end, resize: this source cannot */
};

/* A recorded run: it can be looked at, not acted on. */
static const struct source_ops replay_ops = {
	.name = "replay",
	.observe = fake_observe
};

#define SCENARIO_TEXT \
"[scenario]\n" \
"title = t\n" \
"[channel pipe]\n" \
"type = pipe\n" \
"[process writer]\n" \
"role = producer\n" \
"to = pipe\n" \
"total = 2M\n" \
"rate = 4K/s\n" \
"[process reader]\n" \
"role = consumer\n" \
"from = pipe\n" \
"[cue]\n" \
"at = 1s\n" \
"pause = writer reader\n" \
"resize = pipe 64K\n" \
"[cue]\n" \
"at = 2s\n" \
"kill = writer\n" \
"close = reader pipe\n"
static const char SCENARIO[] = SCENARIO_TEXT;

/* An app around the fake source, as app_start_run leaves one, for this
   scenario. */
static void
setup_text(const struct source_ops *ops, const char *text)
{
	struct scen_errors	 errs = { 0 };
	FILE			*f;
	int			 fd, i;

	memset(&fk, 0, sizeof fk);
	memset(&a, 0, sizeof a);
	memset(&opts, 0, sizeof opts);
	snprintf(path, sizeof path, "%s/check_app.XXXXXX",
	    getenv("TMPDIR") != NULL && *getenv("TMPDIR") == '/' ?
	    getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	a.sc = scenario_load(path, &errs);
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	scen_errors_clear(&errs);
	unlink(path);
	ck_assert_ptr_nonnull(a.sc);
	fk.nprocs = a.sc->nprocs;
	fk.nchans = a.sc->nchannels;
	for (i = 0; i < fk.nprocs; i++)
		fk.rate[i] = a.sc->procs[i].rate;
	for (i = 0; i < fk.nchans; i++) {
		fk.chans[i].fill = fk.chans[i].bytes = 0;
		fk.chans[i].messages = 0;
		fk.chans[i].capacity = 65536;
		fk.chans[i].dropped = -1;
		fk.chans[i].buffered_items = fk.chans[i].buffered_bytes = -1;
	}
	opts.mode = MODE_TUI;
	opts.step = true;	/* cues run when the test says */
	a.opts = &opts;
	a.src = ops;
	a.hist = history_new();
	a.vs.selected = 0;
	a.src->observe(a.src_arg, &a.obs);
	model_init(&a.model, a.sc, &a.obs);
	a.model.step = true;
	model_update(&a.model, &a.obs);
}

static void
setup(const struct source_ops *ops)
{
	setup_text(ops, SCENARIO);
}

static void
teardown(void)
{
	model_free(&a.model);
	history_free(a.hist);
	scenario_free(a.sc);
}

/* The newest event with this what, or NULL. */
static const struct model_event *
event(const char *what)
{
	const struct model_event	*ev;
	int				 age;

	for (age = 0; (ev = model_event_at(&a.model, age)) != NULL; age++) {
		if (strcmp(ev->what, what) == 0)
			return ev;
	}
	return NULL;
}

/* p p before the next tick: paused, then resumed, through the source. */
START_TEST(test_keys_through_source)
{
	setup(&fake_ops);
	app_key(&a, 'p');
	ck_assert_str_eq(a.vs.message, "writer paused (SIGSTOP)");
	app_key(&a, 'p');
	ck_assert_str_eq(a.vs.message, "writer resumed (SIGCONT)");
	ck_assert_str_eq(fk.calls, "pause 0;resume 0;");
	ck_assert_ptr_nonnull(event("resume"));

	/* + + : 4K/s, 8K/s, 16K/s, each from what the source says now. */
	app_key(&a, '+');
	app_key(&a, '+');
	ck_assert_str_eq(a.vs.message, "writer: rate 16K/s");
	ck_assert(fk.rate[0].value == 16384);

	/* space: every process, through the source. */
	fk.calls[0] = '\0';
	app_key(&a, ' ');
	ck_assert_str_eq(fk.calls, "pause 0;pause 1;");
	ck_assert(a.model.all_paused);
	teardown();
}
END_TEST

/* A process that has ended: said for p, silent for k, as before. */
START_TEST(test_keys_ended)
{
	int	n;

	setup(&fake_ops);
	fk.ended[0] = true;
	app_key(&a, 'p');
	ck_assert_str_eq(a.vs.message, "writer has ended");
	a.vs.message[0] = '\0';
	n = a.model.nevents;
	app_key(&a, 'k');
	ck_assert_str_eq(a.vs.message, "");
	ck_assert_int_eq(a.model.nevents, n);
	ck_assert_str_eq(fk.calls, "pause 0;kill 0;");
	teardown();
}
END_TEST

/* A source without actions: every key says so, nothing changes. */
START_TEST(test_keys_not_available)
{
	int	n;

	setup(&replay_ops);
	n = a.model.nevents;
	app_key(&a, 'p');
	ck_assert_str_eq(a.vs.message, "pause: not available for this source");
	app_key(&a, 'k');
	ck_assert_str_eq(a.vs.message, "kill: not available for this source");
	app_key(&a, '-');
	ck_assert_str_eq(a.vs.message, "rate: not available for this source");
	app_key(&a, ' ');
	ck_assert_str_eq(a.vs.message, "pause: not available for this source");
	ck_assert(!a.model.all_paused);
	ck_assert_int_eq(a.model.nevents, n);
	teardown();
}
END_TEST

/* Cue actions: through the source; what it cannot do is an error event. */
START_TEST(test_cues_through_source)
{
	const struct model_event	*ev;

	setup(&fake_ops);
	app_next_cue(&a);
	ck_assert_str_eq(fk.calls, "pause 0;pause 1;");
	ck_assert_str_eq(event("pause")->detail, "cue 1/2: SIGSTOP");
	ck_assert_ptr_nonnull(ev = event("error"));
	ck_assert_str_eq(ev->detail, "cue 1/2: resize pipe: not available "
	    "for this source");

	fk.ended[0] = true;
	app_next_cue(&a);
	ck_assert_str_eq(fk.calls, "pause 0;pause 1;kill 0;");
	ck_assert_ptr_nonnull(ev = event("error"));
	ck_assert_str_eq(ev->detail, "cue 2/2: close: not available for this "
	    "source");
	ck_assert_ptr_nonnull(ev = model_event_at(&a.model, 1));
	ck_assert_str_eq(ev->detail, "cue 2/2: kill: writer has already "
	    "ended");
	teardown();
}
END_TEST

/*
 * --verify on a machine that stood still: a section's deadline moves by
 * the gap in the samples (the processes lost that time too), and its
 * line says so; without a gap, or past the moved deadline, it fails.
 * The scenario above (its cues are not run here) with an expectation.
 */
static const char EXPECT_SCENARIO[] = SCENARIO_TEXT
"[expect]\n"
"at = 1s\n"
"by = 1.5s\n"
"writer.msgs_out = >= 5\n";

static char	 verify_out[4096];

/* One verify tick at t seconds with the writer's count. */
static void
verify_tick(double t, uint64_t msgs)
{
	fk.now_ns = T0 + (uint64_t)(t * 1e9);
	fk.procs[0].msgs_out = msgs;
	a.src->observe(a.src_arg, &a.obs);
	model_update(&a.model, &a.obs);
	app_check_expects(&a, false);
}

/* A verify app: ticks of 50 ms up to 'last' with no message sent. */
static FILE *
verify_setup(double last)
{
	FILE	*out;
	double	 t;

	setup_text(&fake_ops, EXPECT_SCENARIO);
	opts.mode = MODE_VERIFY;
	opts.step = false;
	a.model.step = false;
	a.tick_ms = 50;
	out = tmpfile();
	ck_assert_ptr_nonnull(out);
	a.out = out;
	a.expect_done = calloc(a.sc->nexpects + 1, sizeof *a.expect_done);
	ck_assert_ptr_nonnull(a.expect_done);
	a.expect_prev_t = a.gap_from = a.gap_to = -1;
	for (t = 0.05; t <= last + 1e-9; t += 0.05)
		verify_tick(t, 0);
	return out;
}

static const char *
verify_said(FILE *out)
{
	size_t	n;

	rewind(out);
	n = fread(verify_out, 1, sizeof verify_out - 1, out);
	verify_out[n] = '\0';
	fclose(out);
	free(a.expect_done);
	a.expect_done = NULL;
	return verify_out;
}

START_TEST(test_verify_gap_moves_deadline)
{
	FILE		*out = verify_setup(1.0);
	const char	*said;

	/* Nothing from 1.0 s to 2.85 s: the deadline, 1.5 s, moves 1.8 s
	   (the gap less a tick). */
	verify_tick(2.85, 0);
	ck_assert_int_eq(a.passed + a.failed, 0);
	verify_tick(2.9, 7);
	said = verify_said(out);
	ck_assert_int_eq(a.passed, 1);
	ck_assert_int_eq(a.failed, 0);
	ck_assert_msg(strncmp(said, "PASS ", 5) == 0 && strstr(said, ": at "
	    "1.0s by 1.5s: writer.msgs_out = >= 5 [no sample from 1.0s to "
	    "2.9s, the machine stood still: the deadline moved 1.8s later; "
	    "decided at 2.9s]") != NULL, "%s", said);
	teardown();
}
END_TEST

START_TEST(test_verify_no_gap_fails)
{
	FILE		*out = verify_setup(1.45);
	const char	*said;

	verify_tick(1.5, 0);	/* the deadline, sampled in time */
	said = verify_said(out);
	ck_assert_int_eq(a.failed, 1);
	ck_assert_msg(strncmp(said, "FAIL ", 5) == 0 && strstr(said, ": at "
	    "1.0s by 1.5s: writer.msgs_out = >= 5 (got 0)\n") != NULL, "%s",
	    said);
	teardown();
}
END_TEST

START_TEST(test_verify_gap_capped)
{
	FILE		*out = verify_setup(1.0);
	const char	*said;

	/* A gap of 9 s moves the deadline 2 s at most: 3.5 s. */
	verify_tick(10.0, 0);
	ck_assert_int_eq(a.passed + a.failed, 1);
	said = verify_said(out);
	ck_assert_int_eq(a.failed, 1);
	ck_assert_msg(strstr(said, "(got 0) [no sample from 1.0s to 10.0s, "
	    "the machine stood still: the deadline moved 2.0s later; decided "
	    "at 10.0s]") != NULL, "%s", said);
	teardown();
}
END_TEST

static Suite *
app_suite(void)
{
	Suite	*s = suite_create("app");
	TCase	*tc;

	tc = tcase_create("source");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_keys_through_source);
	tcase_add_test(tc, test_keys_ended);
	tcase_add_test(tc, test_keys_not_available);
	tcase_add_test(tc, test_cues_through_source);
	suite_add_tcase(s, tc);
	tc = tcase_create("verify");
	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_verify_gap_moves_deadline);
	tcase_add_test(tc, test_verify_no_gap_fails);
	tcase_add_test(tc, test_verify_gap_capped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(app_suite());
	int	 failed;

	/* No fork: the controller must need no process. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
