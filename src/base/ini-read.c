/*
 * ini-read.c: scenario and theme files through inih (see ini-read.h).
 *
 * inih's ini_parse_stream() reads through ini_read_reader(), which reads
 * lines byte by byte into a buffer of fixed size: a line longer than the
 * buffer is read on to its newline and the rest is dropped, so a file of
 * one 1 GB line costs no more memory than a file of short ones. Each call
 * hands inih one whole line of the file, or its first INI_READ_MAX bytes,
 * never part of a line and never a line and a half: inih counts one line
 * per call, so its line is the file's and the handler, called while inih
 * parses that line, knows its number from here.
 *
 * What inih does not tell (section headers, lines it rejects) is found
 * when the reader is called for the next line, or at the end: inih has
 * parsed the line by then, and a line it did not call the handler for is
 * a comment, a header or a line it rejected.
 *
 * Facts about inih this relies on, true of Debian's r55 and of later
 * releases (tests/check_scenario.c checks them against the inih linked):
 *
 *   - the reader is given a buffer of INI_MAX_LINE (200) bytes: a line of
 *     199 bytes fits without its newline, which inih does not need. Later
 *     releases then call the reader again with a smaller buffer to skip
 *     the rest of a line they think was cut; that call gets NULL here (the
 *     line was whole), which ends their skipping and not the file;
 *   - "[]" is a header to inih, and it ends the key an indented line
 *     would continue; an indented line is a continuation when a key with a
 *     name was read since the last header (inih's prev_name); any other
 *     line that is not blank, a comment or a header is a key, or an error
 *     when it has no '=' or ':' before an inline comment;
 *   - r55 leaves an inline comment in a continuation line's value (later
 *     releases cut it): it is cut here, as ipcscope-scenario(5) says;
 *   - a build that stops at the first error returns early: the parse goes
 *     on from the next line, so that no line is ever left unread.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ini-read.h"
#include "base/utf8.h"
#include "base/util.h"

struct ini_read {
	FILE			*f;
	const char		*what;
	int			 flags;
	ini_read_error_fn	 error;
	ini_read_line_fn	 line;
	void			*arg;

	int			 lineno;	/* the line inih holds */
	int			 num;		/* inih's buffer size */
	int			 full;		/* the line filled it */
	int			 eof;
	int			 err;		/* errno of a read error */

	/* The line inih holds, until it is finished. */
	int			 held;
	int			 bad;		/* a problem was reported */
	int			 indented;	/* handed to inih indented */
	int			 handled;	/* inih called the handler */
	char			*text;		/* trimmed, in buf */

	int			 has_key;	/* inih's prev_name is set */
	int			 base;		/* lines before this parse */
	int			 first_error;	/* inih's error line, or 0 */

	/* INI_READ_MAX bytes, one more to tell a longer line, a NUL. */
	char			 buf[INI_READ_MAX + 2];
	char			 value[INI_READ_MAX + 1];
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
	uint32_t	 cp = 0;
	size_t		 i, off, n;
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
	    UTIL_TEXT_OK; i += off + n) {
		/* A control is one byte, or two (C1: C2 80 to C2 9F). */
		n = rc == UTIL_TEXT_CONTROL ?
		    utf8_decode((char *)p + i + off, &cp) : 1;
		if (rc == UTIL_TEXT_CONTROL && !said_ctl) {
			ini_read_error(r, cp < 0x80 ? "control character "
			    "0x%02x at byte %zu; %s files are text: remove it" :
			    "control character U+%04X at byte %zu; %s files "
			    "are text: remove it", (unsigned)cp, i + off + 1,
			    r->what);
			said_ctl = 1;
		} else if (rc == UTIL_TEXT_UTF8 && !said_utf8) {
			ini_read_error(r, "byte 0x%02x at byte %zu is not "
			    "UTF-8; %s files are UTF-8 text", p[i + off],
			    i + off + 1, r->what);
			said_utf8 = 1;
		}
		memset(p + i + off, '?', n);
		bad = 1;
	}
	return bad;
}

/*
 * The line inih holds is parsed: if inih did not call the handler for it,
 * it is blank, a comment, a header or a line inih rejected; the caller is
 * told of the last two.
 */
static void
ini_read_finish(struct ini_read *r)
{
	struct ini_line	 l;
	char		*s = r->text;

	if (!r->held)
		return;
	r->held = 0;
	if (r->handled || *s == '\0' || *s == ';' || *s == '#')
		return;
	memset(&l, 0, sizeof l);
	l.lineno = r->lineno;
	l.bad = r->bad;
	l.text = s;
	if (*s == '[') {
		l.kind = INI_LINE_SECTION;
		r->has_key = 0;		/* inih was handed "[]" */
	} else {
		l.kind = INI_LINE_OTHER;
		if (r->first_error == 0)
			r->first_error = r->lineno;
	}
	r->line(r->arg, &l);
}

char *
ini_read_reader(char *str, int num, void *stream)
{
	struct ini_read	*r = stream;
	long long	 total;
	size_t		 len, max;
	const char	*hand;
	char		*s;

	if (r->full && num != r->num) {
		/* inih skipping the rest of a line that filled its buffer
		   (see above): there is none. */
		r->full = 0;
		return NULL;
	}
	r->full = 0;
	ini_read_finish(r);
	if (r->eof || r->err != 0)
		return NULL;
	if (num < 2) {
		r->err = EINVAL;
		return NULL;
	}
	r->num = num;

	if ((total = ini_read_line(r, &len)) == -2) {
		r->err = errno != 0 ? errno : EIO;
		return NULL;
	}
	if (total == -1) {
		r->eof = 1;
		return NULL;
	}
	r->lineno++;
	r->held = 1;
	r->bad = r->handled = 0;

	if (r->lineno == 1 && len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3)
	    == 0) {
		memmove(r->buf, r->buf + 3, len - 3 + 1);
		len -= 3;
		total -= 3;
	}
	if ((long long)len == total && len > 0 && r->buf[len - 1] == '\r') {
		r->buf[--len] = '\0';	/* CR LF */
		total--;
	}
	/* What inih's buffer holds, newline aside; INI_READ_MAX at most. */
	max = (size_t)num - 1 < INI_READ_MAX ? (size_t)num - 1 : INI_READ_MAX;
	if (total > (long long)max) {
		ini_read_error(r, "line too long (at most %zu bytes)%s", max,
		    (r->flags & INI_READ_CONT) ? "; continue a long value on "
		    "the next line, indented" : "");
		r->bad = 1;
		/* Keep whole UTF-8 characters of the first max bytes. */
		len = utf8_cut(r->buf, max);
		r->buf[len] = '\0';
	}
	if (ini_read_check_text(r, len))
		r->bad = 1;

	ini_read_rtrim(r->buf);
	for (s = r->buf; ini_read_blank(*s); s++)
		/* nothing */;
	r->text = s;
	/*
	 * A header is read by the caller: inih is handed one it always takes
	 * (even when the line is indented or has no ']'), so that a header
	 * always ends the value an indented line would continue. Only a line
	 * that may continue a value keeps its indentation.
	 */
	r->indented = s != r->buf && (r->flags & INI_READ_CONT) && *s != '[';
	hand = *s == '[' ? "[]" : r->indented ? r->buf : s;
	len = strlen(hand);
	memcpy(str, hand, len);
	if (len + 1 < (size_t)num)
		str[len++] = '\n';
	else
		r->full = 1;
	str[len] = '\0';
	return str;
}

/* A continuation's value, its inline comment cut (inih r55 keeps it). */
static const char *
ini_read_cont_value(struct ini_read *r, const char *value)
{
	char	*p;

	snprintf(r->value, sizeof r->value, "%s", value);
	for (p = r->value; *p != '\0'; p++) {
		if (*p == ';' && p > r->value && isspace((unsigned char)p[-1])) {
			*p = '\0';
			break;
		}
	}
	return ini_read_rtrim(r->value);
}

/*
 * The handler given to inih: called for a key or a continuation in the
 * line the reader last returned.
 */
static int
ini_read_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct ini_read	*r = user;
	struct ini_line	 l;
	const char	*p;

	/* A new section (builds that say so) or a line without '=' (builds
	   that allow it): the line is finished as a header or rejected. */
	if (name == NULL || value == NULL || !r->held)
		return 1;
	r->handled = 1;
	memset(&l, 0, sizeof l);
	l.lineno = r->lineno;
	l.bad = r->bad;
	l.key = name;
	for (p = r->text; *p != '\0' && !l.comment; p++)
		l.comment = *p == ';' && p > r->text &&
		    isspace((unsigned char)p[-1]);
	if (r->indented && r->has_key) {
		l.kind = INI_LINE_CONT;
		l.value = ini_read_cont_value(r, value);
	} else {
		l.kind = INI_LINE_KEY;
		l.value = value;
		r->has_key = *name != '\0';
	}
	r->line(r->arg, &l);
	return 1;
}

struct ini_read *
ini_read_new(FILE *f, const char *what, int flags, ini_read_error_fn error,
    ini_read_line_fn line, void *arg)
{
	struct ini_read	*r;

	r = xcalloc(1, sizeof *r);
	r->f = f;
	r->what = what;
	r->flags = flags;
	r->error = error;
	r->line = line;
	r->arg = arg;
	return r;
}

int
ini_read_lineno(struct ini_read *r)
{
	return r->lineno;
}

void
ini_read_free(struct ini_read *r)
{
	free(r);
}

int
ini_read_parse(FILE *f, const char *what, int flags, ini_read_error_fn error,
    ini_read_line_fn line, void *arg)
{
	struct ini_read	*r;
	int		 rc, err;

	r = ini_read_new(f, what, flags, error, line, arg);
	do {
		/* Each parse starts afresh: no section, no key. */
		r->base = r->lineno;
		r->has_key = 0;
		r->first_error = 0;
		rc = ini_parse_stream(ini_read_reader, r, ini_read_handler, r);
		ini_read_finish(r);
		if (rc < 0) {
			r->err = ENOMEM;	/* inih's heap builds */
			break;
		}
		/* Never lose a line inih rejected and we did not. */
		if (rc > 0 && r->base + rc != r->first_error)
			r->error(r->arg, r->base + rc, "the INI parser rejects "
			    "this line; expected '[section]' or 'key = value'");
	} while (!r->eof && r->err == 0);
	err = r->err;
	ini_read_free(r);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
