/*
 * fuzz-replay.c: libFuzzer target for replay_open() and the steps of a
 * replay (src/replay/), the reader of files that come from elsewhere
 * (a run recorded on another machine). Its contract:
 *
 *   - a replay or a cause, never neither, never both;
 *   - the cause is "FILE:LINE: message" with LINE within the file, or
 *     "FILE: message" for the whole file, with no control byte and valid
 *     UTF-8 (fuzz_check_msg, but any whole-file message);
 *   - an opened replay plays to its end into a model, every process and
 *     channel explained on the way, without a sanitizer's complaint;
 *   - the same input with a line that is not JSON after it is refused,
 *     at that line when the input alone was accepted (or at the line
 *     before: a last line that was cut short, and so let be, is a whole
 *     line once the newline is there, and need not be JSON).
 *
 * A broken contract aborts with the reason, so that libFuzzer keeps the
 * input as a crash.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "model/explain.h"
#include "model/model.h"
#include "replay/replay.h"

#define FUZZ_NOT_JSON	"\n{not json\n"

/* The cause's line, 0 for a whole-file one; aborts if it is malformed. */
static long
fuzz_cause(const char *cause, long nlines)
{
	size_t	plen = strlen(fuzz_path), bad;
	int	more = 0;

	if (cause == NULL || *cause == '\0')
		fuzz_fail("refused without a cause");
	if (strchr(cause, '\n') != NULL)
		fuzz_fail("a newline in '%s'", cause);
	if (strncmp(cause, fuzz_path, plen) == 0 && cause[plen] == ':' &&
	    cause[plen + 1] == ' ') {
		if (util_text_check(cause, &bad) != UTIL_TEXT_OK ||
		    strchr(cause, '\t') != NULL)
			fuzz_fail("a control or bad UTF-8 in '%s'", cause);
		return 0;
	}
	return fuzz_check_msg(cause, strlen(cause), nlines, &more);
}

/* Every step into a model, as the player takes them; explain each. */
static void
fuzz_play(struct replay *r)
{
	struct model	 m;
	struct obs	 o;
	char		 buf[2048];
	double		 t;
	int		 i, steps = 0;

	memset(&m, 0, sizeof m);
	memset(&o, 0, sizeof o);
	replay_look(r, &o);
	model_init(&m, replay_scenario(r), &o);
	while (replay_peek(r, &t, NULL)) {
		if (++steps > 100000)
			fuzz_fail("more steps than the file has lines");
		replay_observe(r, &o);
		model_update(&m, &o);
		for (i = 0; i < m.nprocs; i++)
			explain_proc(&m, i, buf, sizeof buf);
		for (i = 0; i < m.nchans; i++)
			explain_chan(&m, i, buf, sizeof buf);
	}
	model_free(&m);
}

/* Open and play the input with tail after it: the cause's line, or -1. */
static long
fuzz_load(const uint8_t *data, size_t len, const char *tail)
{
	struct replay	*r;
	char		*cause = NULL;
	long		 line;

	fuzz_write(data, len, tail);
	r = replay_open(fuzz_path, &cause);
	if (r != NULL && cause != NULL)
		fuzz_fail("a replay and a cause: %s", cause);
	if (r == NULL) {
		line = fuzz_cause(cause, fuzz_lines(data, len, tail));
		free(cause);
		return line;
	}
	fuzz_play(r);
	replay_free(r);
	return -1;
}

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("fuzz.jsonl");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	long	alone, want, got;
	size_t	i;
	bool	cut = len > 0 && data[len - 1] != '\n';

	alone = fuzz_load(data, len, "");

	/* A line that is not JSON after anything is refused; after a file
	   that was accepted, at that line. */
	want = 2;
	for (i = 0; i < len; i++)
		want += data[i] == '\n';
	got = fuzz_load(data, len, FUZZ_NOT_JSON);
	if (got == -1)
		fuzz_fail("a line that is not JSON (line %ld) was accepted",
		    want);
	if (alone == -1 && got != want && !(cut && got == want - 1))
		fuzz_fail("the line that is not JSON is line %ld, the cause "
		    "says %ld", want, got);
	return 0;
}
