/*
 * fuzz-theme.c: libFuzzer target for theme_load() (see fuzz-common.h for
 * the contract it checks). On top of it: *pal is written on success only.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "screen/palette.h"
#include "screen/theme.h"

/* Parse the file; returns the line of [bogus] reported, or 0. */
static long
fuzz_load(const uint8_t *data, size_t len, const char *tail, int *more)
{
	struct palette	 pal, before;
	char		*cause = NULL, *p, *nl;
	long		 nlines, line, bogus = 0;
	int		 rc;

	fuzz_write(data, len, tail);
	nlines = fuzz_lines(data, len, tail);
	memset(&pal, 0xa5, sizeof pal);
	before = pal;
	rc = theme_load(fuzz_path, &pal, &cause);
	if (rc != 0 && rc != -1)
		fuzz_fail("theme_load returned %d", rc);
	if (rc == 0 && cause != NULL)
		fuzz_fail("success with a cause: %s", cause);
	if (rc == -1 && (cause == NULL || *cause == '\0'))
		fuzz_fail("failure without a cause");
	if (rc == -1 && memcmp(&pal, &before, sizeof pal) != 0)
		fuzz_fail("the palette was written on failure");
	*more = 0;
	for (p = cause; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		line = fuzz_check_msg(p, nl != NULL ? (size_t)(nl - p) :
		    strlen(p), nlines, more);
		if (line != 0 && strstr(p, ": unknown section '[bogus]'") !=
		    NULL && (nl == NULL || strstr(p, ": unknown section "
		    "'[bogus]'") < nl))
			bogus = line;
	}
	free(cause);
	return bogus;
}

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("fuzz.theme");
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
