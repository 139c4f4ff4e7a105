/*
 * fuzz-common.h: what the scenario and theme fuzz targets share.
 *
 * A target writes each input to a file (the parsers take a path, as
 * ipcscope does), parses it, and checks the parser's contract, not only
 * that nothing crashed:
 *
 *   - a result or errors, never neither, never both;
 *   - every message is "FILE:LINE: message" with LINE within the file, or
 *     "FILE: message" for the few whole-file ones (cannot open, cannot
 *     read, N more errors not listed);
 *   - no message holds a control byte (tab included) or invalid UTF-8;
 *   - the same input with "\n[bogus]\n" after it is invalid, and the error
 *     names the line of [bogus] (unless the file already has more errors
 *     than are listed).
 *
 * A broken contract aborts with the reason, so that libFuzzer keeps the
 * input as a crash.
 */
#ifndef IPCSCOPE_FUZZ_COMMON_H
#define IPCSCOPE_FUZZ_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

#define FUZZ_BOGUS	"\n[bogus]\n"
#define FUZZ_MORE	" more errors not listed (at most 1000 are)"

static char	fuzz_dir[64];
static char	fuzz_path[128];

static void	fuzz_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

static void
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz: contract broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void
fuzz_cleanup(void)
{
	unlink(fuzz_path);
	rmdir(fuzz_dir);
}

/* One private directory per process; the file in it is NAME. */
static void
fuzz_setup(const char *name)
{
	const char	*base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			    "/tmp";

	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/ipcscope-fuzz.XXXXXX", base);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(fuzz_path, sizeof fuzz_path, "%s/%s", fuzz_dir, name);
	atexit(fuzz_cleanup);
}

/* The input, then len2 bytes of tail, as the file's whole content. */
static void
fuzz_write(const uint8_t *data, size_t len, const char *tail)
{
	int	fd;

	fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, data, len) != (ssize_t)len ||
	    write(fd, tail, strlen(tail)) != (ssize_t)strlen(tail) ||
	    close(fd) == -1) {
		perror(fuzz_path);
		exit(1);
	}
}

/* Lines in the file: a last line without a newline counts too. */
static long
fuzz_lines(const uint8_t *data, size_t len, const char *tail)
{
	long	n = 1;
	size_t	i;

	for (i = 0; i < len; i++)
		n += data[i] == '\n';
	for (i = 0; tail[i] != '\0'; i++)
		n += tail[i] == '\n';
	return n;
}

/*
 * Check one message (len bytes, no newline). Returns its line, 0 for a
 * whole-file message; *more is set when it says errors were left out.
 */
static long
fuzz_check_msg(const char *msg, size_t len, long nlines, int *more)
{
	size_t	 plen = strlen(fuzz_path), i, bad;
	char	*copy, *end;
	long	 line;

	copy = xstrndup(msg, len);
	if (strlen(copy) != len)
		fuzz_fail("a NUL byte in a message");
	for (i = 0; i < len; i++) {
		if (copy[i] == '\t')
			fuzz_fail("a tab in '%s'", copy);
	}
	if (util_text_check(copy, &bad) != UTIL_TEXT_OK)
		fuzz_fail("a control or bad UTF-8 at byte %zu of '%s'", bad,
		    copy);
	if (strncmp(copy, fuzz_path, plen) != 0 || copy[plen] != ':')
		fuzz_fail("does not start with the path: '%s'", copy);
	if (copy[plen + 1] == ' ') {
		if (strstr(copy, ": cannot open: ") == copy + plen ||
		    strstr(copy, ": cannot read: ") == copy + plen)
			line = 0;
		else if (strcmp(copy + len - strlen(FUZZ_MORE), FUZZ_MORE) ==
		    0) {
			*more = 1;
			line = 0;
		} else
			fuzz_fail("not a whole-file message: '%s'", copy);
		free(copy);
		return line;
	}
	errno = 0;
	line = strtol(copy + plen + 1, &end, 10);
	if (copy[plen + 1] < '1' || copy[plen + 1] > '9' || errno != 0 ||
	    end[0] != ':' || end[1] != ' ' || end[2] == '\0' ||
	    end[2] == ' ')
		fuzz_fail("not 'FILE:LINE: message': '%s'", copy);
	if (line > nlines)
		fuzz_fail("line %ld of a file of %ld lines: '%s'", line, nlines,
		    copy);
	free(copy);
	return line;
}

#endif
