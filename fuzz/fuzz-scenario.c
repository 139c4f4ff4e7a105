/*
 * fuzz-scenario.c: libFuzzer target for scenario_load() (see
 * fuzz-common.h for the contract it checks). On top of the messages' form,
 * a scenario that loads must hold only text a terminal shows as text.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "scenario/scenario.h"

/* Fixed limits: the same input gives the same result on every machine. */
static const struct chan_limits fuzz_limits = {
	1048576, 10, 8192, 16384, 8192, 212992
};

static void
fuzz_text(const char *what, const char *s)
{
	size_t	bad;

	if (s == NULL)
		fuzz_fail("%s is NULL", what);
	if (util_text_check(s, &bad) != UTIL_TEXT_OK)
		fuzz_fail("%s holds a control or bad UTF-8 at byte %zu", what,
		    bad);
}

static void
fuzz_check_scenario(const struct scenario *sc)
{
	int	i;

	fuzz_text("title", sc->title);
	fuzz_text("about", sc->about);
	fuzz_text("name", sc->name);
	if (strchr(sc->name, '\t') != NULL)
		fuzz_fail("a tab in the name");
	if (sc->nprocs < 1 || sc->nprocs > SCENARIO_MAX_PROCS ||
	    sc->nchannels > SCENARIO_MAX_CHANNELS)
		fuzz_fail("%d processes, %d channels", sc->nprocs,
		    sc->nchannels);
	for (i = 0; i < sc->ncues; i++)
		fuzz_text("a cue's say", sc->cues[i].say);
	for (i = 1; i < sc->ncues; i++) {
		if (sc->cues[i].at_ms < sc->cues[i - 1].at_ms)
			fuzz_fail("cues out of order");
	}
}

/* Parse the file; returns the line of [bogus] reported, or 0. */
static long
fuzz_load(const uint8_t *data, size_t len, const char *tail, int *more)
{
	struct scen_errors	 errs = { NULL, 0 };
	struct scenario		*sc;
	long			 nlines, line, bogus = 0;
	int			 i;

	fuzz_write(data, len, tail);
	nlines = fuzz_lines(data, len, tail);
	sc = scenario_load(fuzz_path, &errs);
	if (sc == NULL && errs.n == 0)
		fuzz_fail("no scenario and no error");
	if (sc != NULL && errs.n != 0)
		fuzz_fail("a scenario and %d errors: %s", errs.n, errs.msgs[0]);
	*more = 0;
	for (i = 0; i < errs.n; i++) {
		line = fuzz_check_msg(errs.msgs[i], strlen(errs.msgs[i]),
		    nlines, more);
		if (line != 0 && strstr(errs.msgs[i], ": unknown section "
		    "'[bogus]'") != NULL)
			bogus = line;
	}
	if (sc != NULL)
		fuzz_check_scenario(sc);
	scenario_free(sc);
	scen_errors_clear(&errs);
	return bogus;
}

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	channel_set_limits(&fuzz_limits);
	fuzz_setup("fuzz.ini");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	long	want, got;
	size_t	i;
	int	more;

	fuzz_load(data, len, "", &more);

	/* An invalid section after anything is still reported. */
	want = 2;
	for (i = 0; i < len; i++)
		want += data[i] == '\n';
	got = fuzz_load(data, len, FUZZ_BOGUS, &more);
	if (got != want && !more)
		fuzz_fail("[bogus] at line %ld not reported (got %ld)", want,
		    got);
	return 0;
}
