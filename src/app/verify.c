/*
 * verify.c: the report of --verify. Every [expect] section is decided on
 * one sample of its own: a timed one in the window from its 'at' to its
 * deadline ('by' where given, else EXPECT_GRACE later), one "at = end"
 * after the run. One PASS or FAIL line per item, then the totals.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-int.h"
#include "base/util.h"
#include "model/expect.h"

#define EXPECT_GRACE	0.3	/* seconds a timed [expect] without 'by' may
				   take to hold */
#define EXPECT_GAP	0.5	/* no sample for this long (or five ticks):
				   the machine stalled, observer and processes
				   alike */
#define EXPECT_GAP_WAIT	2.0	/* at most this much later a deadline moves
				   for a stall */

/*
 * Verify's lines on the output, through util_write like the headless
 * records (a full pipe never keeps a signal out). The first failed write
 * is kept: the run stops, and it is reported once at the end.
 */
static void
app_print(struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
app_print(struct app *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (!app_output_failed() && (fflush(a->out) == EOF ||
	    util_write(fileno(a->out), s, (size_t)n) == -1) && errno != EINTR)
		app_output_fail(errno != 0 ? errno : EIO);
	free(s);
}

/* A time in seconds as the verify report prints it: 2.0s, 2.25s. */
static void
app_fmt_secs(char *out, size_t len, uint64_t ms)
{
	if (ms % 100 == 0)
		snprintf(out, len, "%.1fs", (double)ms / 1000.0);
	else if (ms % 10 == 0)
		snprintf(out, len, "%.2fs", (double)ms / 1000.0);
	else
		snprintf(out, len, "%.3fs", (double)ms / 1000.0);
}

/* When the section is decided, as its lines say: "at 2.0s by 4.5s". */
static void
app_fmt_when(struct app *a, const struct scen_expect *ex, char *when,
    size_t len)
{
	char	at_s[16], by_s[16];

	app_fmt_secs(at_s, sizeof at_s, ex->at_ms);
	app_fmt_secs(by_s, sizeof by_s, ex->by_ms);
	if (ex->at_end)
		snprintf(when, len, "at end (%.1fs)", a->model.t);
	else if (ex->has_by)
		snprintf(when, len, "at %s by %s", at_s, by_s);
	else
		snprintf(when, len, "at %s", at_s);
}

/* Do all the section's items hold in this sample? */
static bool
app_expect_holds(struct app *a, const struct scen_expect *ex)
{
	char	got[256], want[256];
	int	j;

	for (j = 0; j < ex->nitems; j++) {
		if (!expect_check(&a->model, &ex->items[j], got, sizeof got,
		    want, sizeof want))
			return false;
	}
	return true;
}

/* Decide the section on this sample: a line per item. */
static void
app_expect_report(struct app *a, const struct scen_expect *ex, double until,
    double moved)
{
	static const char		*cmps[] = {
		[CMP_EQ] = "", [CMP_NE] = "!= ", [CMP_LT] = "< ",
		[CMP_LE] = "<= ", [CMP_GT] = "> ", [CMP_GE] = ">= "
	};
	const struct scen_expect_item	*it;
	struct strbuf			 sb = { 0 };
	char				 got[256], want[256], when[64];
	bool				 ok;
	int				 j;

	app_fmt_when(a, ex, when, sizeof when);
	for (j = 0; j < ex->nitems; j++) {
		it = &ex->items[j];
		ok = expect_check(&a->model, it, got, sizeof got, want,
		    sizeof want);
		if (ok)
			a->passed++;
		else
			a->failed++;
		strbuf_printf(&sb, "%s %s: %s: %s = %s%s", ok ? "PASS" : "FAIL",
		    a->sc->name, when, it->key, cmps[it->cmp], want);
		if (!ok)
			strbuf_printf(&sb, " (got %s)", got);
		if (moved > 0 && a->model.t >= until - moved)
			strbuf_printf(&sb, " [no sample from %.1fs to %.1fs, "
			    "the machine stood still: the deadline moved "
			    "%.1fs later; decided at %.1fs]", a->gap_from,
			    a->gap_to, moved, a->model.t);
		else if (!ok && !ex->at_end && a->model.t > until + 0.2)
			strbuf_printf(&sb, " [sampled late, at %.1fs: the "
			    "observer was not scheduled in time]", a->model.t);
		if (!ok && ex->at_end && !a->model.finished)
			strbuf_printf(&sb, " [the duration ran out: not every "
			    "process had ended]");
		app_print(a, "%s\n", sb.s);
		strbuf_free(&sb);
	}
}

/*
 * Verify: check every [expect] whose time has come. A timed section must
 * hold, all its items together, in one sample from its 'at' up to its
 * deadline: 'by' where given, else EXPECT_GRACE later. A worker that is
 * blocked 99 % of the time can be sampled between two calls, and that
 * instant proves nothing; 'by' also gives what must happen by a time (a
 * count reached, a process done) the room a busy machine needs. Until the
 * deadline, wait for a sample in which the section holds; the first
 * sample at or after it decides. A gap in the samples (none for
 * EXPECT_GAP) is the machine standing still, the processes with the
 * observer: a section whose window it overlaps has its deadline moved by
 * as long (at most EXPECT_GAP_WAIT), as the processes lost that time too,
 * and its lines say so.
 */

/* How much later the deadline of a section from at to until moves for
   the last gap in the samples: 0 if the gap missed its window. */
static double
app_expect_moved(const struct app *a, double at, double until)
{
	double	len;

	if (a->gap_to < 0 || a->gap_to <= at || a->gap_from >= until)
		return 0;
	len = a->gap_to - a->gap_from - (double)a->tick_ms / 1000.0;
	return len < EXPECT_GAP_WAIT ? len : EXPECT_GAP_WAIT;
}

void
app_check_expects(struct app *a, bool at_end)
{
	const struct scen_expect	*ex;
	double				 until, gap, moved;
	int				 i;

	gap = EXPECT_GAP > 5.0 * a->tick_ms / 1000.0 ? EXPECT_GAP :
	    5.0 * a->tick_ms / 1000.0;
	if (!at_end && a->expect_prev_t >= 0 &&
	    a->model.t - a->expect_prev_t > gap) {
		a->gap_from = a->expect_prev_t;
		a->gap_to = a->model.t;
	}
	if (!at_end)
		a->expect_prev_t = a->model.t;

	/* Sorted by at, at = end last. */
	for (i = a->next_expect; i < a->sc->nexpects; i++) {
		ex = &a->sc->expects[i];
		if (a->expect_done[i])
			continue;
		if (ex->at_end ? !at_end :
		    (!at_end && (double)ex->at_ms / 1000.0 > a->model.t))
			break;
		until = ex->has_by ? (double)ex->by_ms / 1000.0 :
		    (double)ex->at_ms / 1000.0 + EXPECT_GRACE;
		moved = ex->at_end ? 0 : app_expect_moved(a,
		    (double)ex->at_ms / 1000.0, until);
		until += moved;
		if (!at_end && !ex->at_end && a->model.t < until &&
		    !app_expect_holds(a, ex))
			continue;	/* not yet: the next sample */
		app_expect_report(a, ex, until, moved);
		a->expect_done[i] = true;
	}
	while (a->next_expect < a->sc->nexpects &&
	    a->expect_done[a->next_expect])
		a->next_expect++;
}

/*
 * The cues: a PASS line for each cue with 'when' conditions that ran
 * (saying when: the first sample in which they held), a FAIL line for
 * each that never ran (the facts its caption states never came true), a
 * NOTE line, not counted, for a cue without conditions that never ran
 * (the run ended before its time).
 */
static void
app_verify_cues(struct app *a)
{
	const struct scen_cue	*cue;
	struct strbuf		 sb = { 0 };
	char			 cond[160], why[400];
	int			 k, j;

	for (k = 0; k < a->sc->ncues; k++) {
		cue = &a->sc->cues[k];
		if (k < a->next_cue && a->cue_skipped[k]) {
			/* Its caption was never shown: the story missed it. */
			app_print(a, "FAIL %s: cue %d/%d (line %d) skipped at "
			    "%.1fs: cue %d/%d's conditions held first\n",
			    a->sc->name, k + 1, a->sc->ncues, cue->line,
			    a->cue_ran_t[k], k + 2, a->sc->ncues);
			a->failed++;
		} else if (k >= a->next_cue) {
			app_cue_why_not(a, k, why, sizeof why);
			app_print(a, "%s %s: cue %d/%d (line %d) never ran: "
			    "%s\n", cue->nwhen > 0 ? "FAIL" : "NOTE",
			    a->sc->name, k + 1, a->sc->ncues, cue->line, why);
			if (cue->nwhen > 0)
				a->failed++;
		} else if (cue->nwhen > 0) {
			for (j = 0; j < cue->nwhen; j++) {
				scenario_cond_text(&cue->when[j], cond,
				    sizeof cond);
				strbuf_printf(&sb, "%s%s", j > 0 ? " and " : "",
				    cond);
			}
			app_print(a, "PASS %s: cue %d/%d ran at %.1fs: when "
			    "%s\n", a->sc->name, k + 1, a->sc->ncues,
			    a->cue_ran_t[k], sb.s);
			strbuf_free(&sb);
			a->passed++;
		}
	}
}

void
app_verify_end(struct app *a)
{
	if (strcmp(a->end_reason, "interrupted") != 0) {
		app_check_expects(a, true);
		app_verify_cues(a);
	}
	/* A stall is said even where no expectation asks (not counted):
	   a run that stalls where its lesson does not is worth knowing. */
	if (a->model.stall_seen)
		app_print(a, "NOTE %s: a stall was reported at %.1fs: %s\n",
		    a->sc->name, a->model.stall_t, a->model.stall_text);
	if (a->next_expect < a->sc->nexpects) {
		app_print(a, "FAIL %s: interrupted before every expectation "
		    "was checked\n", a->sc->name);
		a->failed++;
	}
}

void
app_verify_summary(struct app *a)
{
	app_print(a, "%s: %d passed, %d failed\n", a->sc->name, a->passed,
	    a->failed);
}
