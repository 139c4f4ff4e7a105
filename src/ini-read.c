/*
 * ini-read.c: INI files one line at a time (see ini-read.h).
 *
 * Lines are read byte by byte into a buffer of fixed size: a line longer
 * than the buffer is read on to its newline and the rest is dropped, so a
 * file of one 1 GB line costs no more memory than a file of short ones.
 * The reader splits lines itself rather than through an INI library: a
 * library's fixed line buffer, and what it does when a line fills it,
 * differ between versions and builds, and one such difference once made
 * the rest of a file silently vanish.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini-read.h"
#include "util.h"

struct ini_read {
	FILE			*f;
	const char		*what;
	int			 flags;
	ini_read_error_fn	 error;
	void			*arg;
	int			 lineno;
	int			 has_key;	/* a key since the last header */
	/* INI_READ_MAX bytes, one more to tell a longer line, a NUL. */
	char			 buf[INI_READ_MAX + 2];
};

static void	ini_read_error(struct ini_read *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
ini_read_error(struct ini_read *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	r->error(r->arg, r->lineno, msg);
	free(msg);
}

static int
ini_read_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char *
ini_read_rtrim(char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && ini_read_blank(s[len - 1]))
		s[--len] = '\0';
	return s;
}

static char *
ini_read_lskip(char *s)
{
	while (ini_read_blank(*s))
		s++;
	return s;
}

/* A value: cut at an inline comment (';' after a blank), trimmed. */
static char *
ini_read_value(char *s)
{
	char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == ';' && p > s && ini_read_blank(p[-1])) {
			*p = '\0';
			break;
		}
	}
	return ini_read_rtrim(ini_read_lskip(s));
}

/*
 * Read one line into buf, keeping at most its first INI_READ_MAX + 1 bytes.
 * Returns the length of the whole line (newline not counted) with *kept
 * set, or -1 at the end of the file, or -2 on a read error.
 */
static long long
ini_read_line(struct ini_read *r, size_t *kept)
{
	long long	 total = 0;
	size_t		 len = 0;
	int		 c;

	while ((c = getc_unlocked(r->f)) != EOF && c != '\n') {
		if (len < sizeof r->buf - 1)
			r->buf[len++] = (char)c;
		total++;
	}
	r->buf[len] = '\0';
	*kept = len;
	if (c == EOF) {
		if (ferror(r->f))
			return -2;
		if (total == 0)
			return -1;
	}
	return total;
}

/* Report and replace (with '?') NUL bytes, controls and bad UTF-8. */
static int
ini_read_check_text(struct ini_read *r, size_t len)
{
	unsigned char	*p = (unsigned char *)r->buf;
	size_t		 i, off;
	int		 rc, bad = 0, said_ctl = 0, said_utf8 = 0;

	if (memchr(p, '\0', len) != NULL) {
		ini_read_error(r, "line contains a NUL byte; %s files are text",
		    r->what);
		for (i = 0; i < len; i++) {
			if (p[i] == '\0')
				p[i] = '?';
		}
		bad = 1;
	}
	for (i = 0; (rc = util_text_check((char *)p + i, &off)) !=
	    UTIL_TEXT_OK; i += off + 1) {
		if (rc == UTIL_TEXT_CONTROL && !said_ctl) {
			if (p[i + off] < 0x80)
				ini_read_error(r, "control character 0x%02x "
				    "at byte %zu; %s files are text: remove "
				    "it", p[i + off], i + off + 1, r->what);
			else
				ini_read_error(r, "control character U+%04X "
				    "at byte %zu; %s files are text: remove "
				    "it", p[i + off + 1], i + off + 1,
				    r->what);
			said_ctl = 1;
		} else if (rc == UTIL_TEXT_UTF8 && !said_utf8) {
			ini_read_error(r, "byte 0x%02x at byte %zu is not "
			    "UTF-8; %s files are UTF-8 text", p[i + off],
			    i + off + 1, r->what);
			said_utf8 = 1;
		}
		/* A C1 control is two bytes (C2 80 to C2 9F): both go. */
		if (rc == UTIL_TEXT_CONTROL && p[i + off] >= 0x80)
			p[i + off++] = '?';
		p[i + off] = '?';
		bad = 1;
	}
	return bad;
}

struct ini_read *
ini_read_new(FILE *f, const char *what, int flags, ini_read_error_fn error,
    void *arg)
{
	struct ini_read	*r;

	r = xcalloc(1, sizeof *r);
	r->f = f;
	r->what = what;
	r->flags = flags;
	r->error = error;
	r->arg = arg;
	return r;
}

void
ini_read_free(struct ini_read *r)
{
	free(r);
}

int
ini_read_next(struct ini_read *r, struct ini_line *l)
{
	long long	 total;
	size_t		 len;
	char		*s, *sep, *e;
	int		 indent;

	if ((total = ini_read_line(r, &len)) == -2)
		return -1;
	if (total == -1)
		return 0;
	r->lineno++;
	memset(l, 0, sizeof *l);
	l->lineno = r->lineno;
	l->kind = INI_LINE_BLANK;

	if (r->lineno == 1 && len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3)
	    == 0) {
		memmove(r->buf, r->buf + 3, len - 3 + 1);
		len -= 3;
		total -= 3;
	}
	if ((long long)len == total && len > 0 && r->buf[len - 1] == '\r')
		r->buf[--len] = '\0';	/* CR LF */
	if (total > INI_READ_MAX) {
		ini_read_error(r, "line too long (at most %d bytes)%s",
		    INI_READ_MAX, (r->flags & INI_READ_CONT) ? "; continue a "
		    "long value on the next line, indented" : "");
		l->bad = 1;
		/* Keep whole UTF-8 characters of the first INI_READ_MAX. */
		len = INI_READ_MAX;
		while (len > 0 && ((unsigned char)r->buf[len] & 0xc0) == 0x80)
			len--;
		r->buf[len] = '\0';
	}
	if (ini_read_check_text(r, len))
		l->bad = 1;

	s = ini_read_rtrim(r->buf);
	indent = ini_read_blank(*s);
	s = ini_read_lskip(s);
	if (*s == '\0' || *s == ';' || *s == '#')
		return 1;
	if (*s == '[') {
		l->kind = INI_LINE_SECTION;
		l->text = s;
		r->has_key = 0;
		return 1;
	}
	if (indent && (r->flags & INI_READ_CONT) && r->has_key) {
		l->kind = INI_LINE_CONT;
		l->value = ini_read_value(s);
		return 1;
	}
	for (sep = s; *sep != '\0' && *sep != '=' && *sep != ':'; sep++) {
		if (*sep == ';' && sep > s && ini_read_blank(sep[-1]))
			break;
	}
	if (*sep != '=' && *sep != ':') {
		l->kind = INI_LINE_OTHER;
		l->text = s;
		return 1;
	}
	*sep = '\0';
	for (e = sep; e > s && ini_read_blank(e[-1]); e--)
		e[-1] = '\0';
	l->kind = INI_LINE_KEY;
	l->key = s;
	l->value = ini_read_value(sep + 1);
	r->has_key = 1;
	return 1;
}
