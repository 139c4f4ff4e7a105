/*
 * check_history.c: the history of snapshots behind f, [ and ] holds a
 * bounded amount of memory over an hour, whatever the scenario's size,
 * and gives back every snapshot it keeps exactly as it was pushed.
 */
#include "config.h"

#include <check.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/history.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "base/util.h"

#define HOUR_OF_SNAPSHOTS	7200	/* one every 500 ms */

#if defined(__SANITIZE_ADDRESS__)
#define HEAP_MEASURED	0	/* the sanitizer's allocator has no mallinfo */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_MEASURED	0
#endif
#endif
#ifndef HEAP_MEASURED
#define HEAP_MEASURED	1
#endif

/* ck_assert records every call it passes (a write to check's pipe):
   the loops below check millions of values, so only a failure calls it. */
#define CHECK(cond, ...)	do {					\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

static int	 no_procs[1];

/* A model of nchans channels and nprocs processes, as model.c lays it. */
static void
model_make(struct model *m, int nchans, int nprocs)
{
	int	i;

	memset(m, 0, sizeof *m);
	m->nchans = nchans;
	m->nprocs = nprocs;
	m->chans = xcalloc((size_t)nchans, sizeof *m->chans);
	m->procs = xcalloc((size_t)nprocs, sizeof *m->procs);
	m->cue = -1;
	for (i = 0; i < nchans; i++) {
		m->chans[i].name = "chan";
		m->chans[i].kind = "pipe";
		m->chans[i].unit = "bytes";
		m->chans[i].writers = m->chans[i].readers = no_procs;
		m->chans[i].waiters = -1;
	}
	for (i = 0; i < nprocs; i++) {
		m->procs[i].name = "proc";
		m->procs[i].role = "producer";
		m->procs[i].chan = -1;
		m->procs[i].syscall = -1;
	}
}

/* What half a second of a run does to the model: numbers move, samples
   (hist) are pushed, events happen (burst: that many more). */
static void
model_tick(struct model *m, int64_t seq, int hist, int burst)
{
	struct model_chan	*c;
	struct model_proc	*p;
	int			 i, k;

	m->t = (double)seq / 2;
	snprintf(m->caption, sizeof m->caption, "caption of %lld",
	    (long long)seq);
	for (i = 0; i < m->nchans; i++) {
		c = &m->chans[i];
		c->fill = seq * 7 + i;
		c->capacity = 65536;
		c->in_bps = (double)(seq % 97) * 1000 + i;
		c->out_bps = seq % 5 == 0 ? NAN : (double)i;
		for (k = 0; k < hist; k++) {
			hist_push(&c->fill_hist, (double)((seq + k + i) % 100) /
			    100);
			hist_push(&c->in_hist, (double)(seq * 3 + k + i));
			hist_push(&c->out_hist, (double)(seq * 5 + k) / 7);
		}
	}
	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		p->state = (enum proc_state)((seq + i) % PS_COUNT);
		p->bytes_out = (uint64_t)seq * 4096 + (uint64_t)i;
		p->msgs_in = (uint64_t)seq + (uint64_t)i;
		snprintf(p->wchan, sizeof p->wchan, "wchan_%lld",
		    (long long)(seq % 13));
		snprintf(p->detail, sizeof p->detail, "detail %d %lld", i,
		    (long long)seq);
		for (k = 0; k < hist; k++) {
			hist_push(&p->out_hist, (double)(seq + k + i));
			hist_push(&p->in_hist, (double)(seq * 11 + k) / 3);
		}
	}
	if (seq % 9 == 0)
		model_add_event(m, (int)(seq % 3) - 1, "cue", "event at %lld",
		    (long long)seq);
	for (k = 0; k < burst; k++)
		model_add_event(m, -1, "rate", "burst %d at %lld", k,
		    (long long)seq);
}

static void
model_drop(struct model *m)
{
	free(m->chans);
	free(m->procs);
}

/* A deep copy of what a snapshot must give back. */
static void
model_copy(struct model *dst, const struct model *src)
{
	*dst = *src;
	dst->chans = xcalloc((size_t)src->nchans, sizeof *dst->chans);
	dst->procs = xcalloc((size_t)src->nprocs, sizeof *dst->procs);
	memcpy(dst->chans, src->chans, (size_t)src->nchans *
	    sizeof *dst->chans);
	memcpy(dst->procs, src->procs, (size_t)src->nprocs *
	    sizeof *dst->procs);
}

static void
hist_same(const struct hist *a, const struct hist *b, const char *what,
    int i, int64_t seq)
{
	int	age;

	CHECK(a->n == b->n, "%s %d at %lld: %d samples, want %d", what, i,
	    (long long)seq, a->n, b->n);
	for (age = 0; age < b->n; age++)
		CHECK(memcmp(&(double){ hist_at(a, age) },
		    &(double){ hist_at(b, age) }, sizeof (double)) == 0,
		    "%s %d at %lld: age %d is %g, want %g", what, i,
		    (long long)seq, age, hist_at(a, age), hist_at(b, age));
	CHECK(hist_max(a) == hist_max(b), "%s %d at %lld: hist_max", what, i,
	    (long long)seq);
}

/* Bytes from off on, up to end, the same in both? */
#define SAME_PART(a, b, type, from, to)					\
	(memcmp((const char *)(a) + offsetof(type, from),		\
	    (const char *)(b) + offsetof(type, from),			\
	    offsetof(type, to) - offsetof(type, from)) == 0)

/* Is got what was pushed (want), field for field? */
static void
model_same(const struct model *got, const struct model *want, int64_t seq)
{
	const struct model_event	*e, *f;
	int				 i, age;

	CHECK(got != NULL, "snapshot %lld is not kept", (long long)seq);
	CHECK(got->t == want->t, "snapshot %lld: t %g, want %g",
	    (long long)seq, got->t, want->t);
	CHECK(strcmp(got->caption, want->caption) == 0, "snapshot %lld: "
	    "caption '%s', want '%s'", (long long)seq, got->caption,
	    want->caption);
	CHECK(got->nchans == want->nchans && got->nprocs == want->nprocs,
	    "snapshot %lld: shape", (long long)seq);
	CHECK(SAME_PART(got, want, struct model, t, chans),
	    "snapshot %lld: model head", (long long)seq);
	CHECK(SAME_PART(got, want, struct model, caption, stall_text),
	    "snapshot %lld: model fields", (long long)seq);
	/* The stall's text as it was; who stalled is not kept. */
	CHECK(got->nstalls == want->nstalls && strcmp(got->stall_text,
	    want->stall_text != NULL ? want->stall_text : "") == 0,
	    "snapshot %lld: stall text '%s'", (long long)seq, got->stall_text);
	CHECK(got->nevents == want->nevents, "snapshot %lld: nevents",
	    (long long)seq);
	for (age = 0; age < MODEL_EVENTS; age++) {
		e = model_event_at(got, age);
		f = model_event_at(want, age);
		CHECK((e == NULL) == (f == NULL), "snapshot %lld: event %d",
		    (long long)seq, age);
		if (f == NULL)
			break;
		CHECK(e->t == f->t && e->proc == f->proc &&
		    strcmp(e->what, f->what) == 0 &&
		    strcmp(e->detail, f->detail) == 0,
		    "snapshot %lld, event age %d: '%s', want '%s'",
		    (long long)seq, age, e->detail, f->detail);
	}
	for (i = 0; i < want->nchans; i++) {
		CHECK(SAME_PART(&got->chans[i], &want->chans[i],
		    struct model_chan, name, fill_hist) &&
		    SAME_PART(&got->chans[i], &want->chans[i],
		    struct model_chan, writers, nreaders) &&
		    got->chans[i].nreaders == want->chans[i].nreaders,
		    "snapshot %lld: channel %d", (long long)seq, i);
		hist_same(&got->chans[i].fill_hist, &want->chans[i].fill_hist,
		    "fill_hist", i, seq);
		hist_same(&got->chans[i].in_hist, &want->chans[i].in_hist,
		    "in_hist", i, seq);
		hist_same(&got->chans[i].out_hist, &want->chans[i].out_hist,
		    "out_hist", i, seq);
	}
	for (i = 0; i < want->nprocs; i++) {
		CHECK(SAME_PART(&got->procs[i], &want->procs[i],
		    struct model_proc, name, out_hist) &&
		    SAME_PART(&got->procs[i], &want->procs[i],
		    struct model_proc, kstate, thread) &&
		    memcmp(&got->procs[i].thread, &want->procs[i].thread,
		    sizeof want->procs[i].thread) == 0,
		    "snapshot %lld: process %d", (long long)seq, i);
		hist_same(&got->procs[i].out_hist, &want->procs[i].out_hist,
		    "out_hist", i, seq);
		hist_same(&got->procs[i].in_hist, &want->procs[i].in_hist,
		    "in_hist", i, seq);
	}
}

/*
 * An hour of snapshots of the largest scenario allowed: the history never
 * holds more than its budget (its own count, and the heap's), and still
 * reaches back 20 s.
 */
START_TEST(test_hour_largest)
{
	struct history	*h;
	struct model	 m;
	struct mallinfo2 before, after;
	size_t		 peak = 0, grew;
	int64_t		 seq;

	model_make(&m, SCENARIO_MAX_CHANNELS, SCENARIO_MAX_PROCS);
	before = mallinfo2();
	h = history_new();
	for (seq = 0; seq < HOUR_OF_SNAPSHOTS; seq++) {
		model_tick(&m, seq, 2, 0);
		history_push(h, &m);
		if (history_memory(h) > peak)
			peak = history_memory(h);
	}
	after = mallinfo2();
	/* Allocated bytes, in the arenas and in mmapped chunks. */
	grew = after.uordblks + after.hblkhd > before.uordblks + before.hblkhd ?
	    after.uordblks + after.hblkhd - before.uordblks - before.hblkhd : 0;
	printf("largest scenario (%d channels, %d processes): history holds "
	    "%zu bytes (heap grew %zu), keeps %lld snapshots (%.0f s)\n",
	    SCENARIO_MAX_CHANNELS, SCENARIO_MAX_PROCS, peak, grew,
	    (long long)(history_last(h) - history_first(h) + 1),
	    (double)(history_last(h) - history_first(h) + 1) / 2);
	ck_assert_msg(peak <= HISTORY_BUDGET, "history holds %zu bytes, "
	    "budget %u", peak, HISTORY_BUDGET);
	if (HEAP_MEASURED)
		ck_assert_msg(grew <= HISTORY_BUDGET + HISTORY_BUDGET / 16,
		    "the heap grew by %zu bytes over an hour of snapshots, "
		    "budget %u", grew, HISTORY_BUDGET);
	ck_assert_int_eq(history_last(h), HOUR_OF_SNAPSHOTS - 1);
	ck_assert_msg(history_last(h) - history_first(h) + 1 >= 40,
	    "keeps only %lld snapshots",
	    (long long)(history_last(h) - history_first(h) + 1));
	ck_assert(history_get(h, history_first(h)) != NULL);
	ck_assert(history_get(h, history_first(h) - 1) == NULL);
	history_free(h);
	model_drop(&m);
}
END_TEST

/* A small scenario over an hour: 4 minutes back, in a fraction of it. */
START_TEST(test_hour_small)
{
	struct history	*h;
	struct model	 m;
	int64_t		 seq;

	model_make(&m, 1, 2);
	h = history_new();
	for (seq = 0; seq < HOUR_OF_SNAPSHOTS; seq++) {
		model_tick(&m, seq, 2, 0);
		history_push(h, &m);
	}
	printf("pipe-fill's size: history holds %zu bytes for %lld "
	    "snapshots\n", history_memory(h),
	    (long long)(history_last(h) - history_first(h) + 1));
	ck_assert_int_eq(history_last(h) - history_first(h) + 1, HISTORY_MAX);
	ck_assert(history_memory(h) <= HISTORY_BUDGET / 2);
	model_same(history_get(h, history_last(h)), &m, history_last(h));
	history_free(h);
	model_drop(&m);
}
END_TEST

/*
 * Every snapshot kept comes back as it was pushed, through ring wraps,
 * uneven sparkline pushes and an event burst larger than the event log
 * (snapshots whose events are gone must be dropped, not shown wrong).
 */
START_TEST(test_faithful)
{
	struct history	*h;
	struct model	 m, *want;
	int64_t		 seq, first, n = 1500;
	int		 hist, burst;

	model_make(&m, 3, 5);
	want = xcalloc((size_t)n, sizeof *want);
	h = history_new();
	for (seq = 0; seq < n; seq++) {
		hist = seq < 200 ? 2 : (int)(seq % 4);	/* 0 to 3 */
		burst = seq == 900 ? 2000 : 0;
		model_tick(&m, seq, hist, burst);
		history_push(h, &m);
		model_copy(&want[seq], &m);
		first = history_first(h);
		CHECK(first >= 0 && history_last(h) == seq, "push %lld",
		    (long long)seq);
		if (seq == 900)
			CHECK(first == seq, "after 2000 events at once "
			    "snapshot %lld is still kept", (long long)first);
		/* Check a spread of what is kept, and all of it at times. */
		if (seq % 250 == 0 || seq == n - 1 || seq == 901) {
			int64_t k;

			for (k = first; k <= seq; k++)
				model_same(history_get(h, k), &want[k], k);
		} else {
			model_same(history_get(h, first), &want[first], first);
			model_same(history_get(h, seq), &want[seq], seq);
		}
	}
	ck_assert_int_eq(history_last(h) - history_first(h) + 1, HISTORY_MAX);
	for (seq = 0; seq < n; seq++)
		model_drop(&want[seq]);
	free(want);
	history_free(h);
	model_drop(&m);
}
END_TEST

/* A restart clears it; the next run may have another shape. */
START_TEST(test_clear)
{
	struct history	*h;
	struct model	 a, b;
	int64_t		 seq;

	model_make(&a, 2, 2);
	model_make(&b, 4, 9);
	h = history_new();
	ck_assert_int_eq(history_first(h), -1);
	ck_assert(history_get(h, 0) == NULL);
	for (seq = 0; seq < 10; seq++) {
		model_tick(&a, seq, 2, 0);
		history_push(h, &a);
	}
	history_clear(h);
	ck_assert_int_eq(history_first(h), -1);
	ck_assert_int_eq(history_last(h), -1);
	for (seq = 0; seq < 10; seq++) {
		model_tick(&b, seq, 2, 1);
		history_push(h, &b);
	}
	model_same(history_get(h, 9), &b, 9);
	ck_assert_int_eq(history_first(h), 0);
	history_free(h);
	model_drop(&a);
	model_drop(&b);
}
END_TEST

/* A snapshot shows the stall text it was taken with, not a later one. */
START_TEST(test_stall_text)
{
	struct history	*h = history_new();
	struct model	 m;
	char		 one[] = "x waits in read on a", two[] = "y waits";

	model_make(&m, 1, 1);
	m.stall_text = one;
	m.nstalls = 1;
	m.stalled = true;
	history_push(h, &m);
	m.stall_text = two;
	m.nstalls = 2;
	history_push(h, &m);
	ck_assert_str_eq(history_get(h, 0)->stall_text, one);
	ck_assert_str_eq(history_get(h, 1)->stall_text, two);
	ck_assert_ptr_null(history_get(h, 0)->stall_procs);
	history_free(h);
	free(m.chans);
	free(m.procs);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite	*s = suite_create("history");
	TCase	*tc = tcase_create("history");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hour_largest);
	tcase_add_test(tc, test_hour_small);
	tcase_add_test(tc, test_faithful);
	tcase_add_test(tc, test_stall_text);
	tcase_add_test(tc, test_clear);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(history_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
