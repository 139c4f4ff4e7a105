/*
 * ini-read.h: INI files one line at a time, for scenario and theme files.
 *
 * The format (ipcscope-scenario(5) gives it to users):
 *
 *   - a line whose first non-blank character is ';' or '#' is a comment,
 *     and a blank line is nothing;
 *   - a line whose first non-blank character is '[' is a section header
 *     (the caller reads what is between the brackets);
 *   - with INI_READ_CONT, an indented line after a key line (blank and
 *     comment lines may sit between) continues that key's value;
 *   - any other line is "key = value" or "key: value": the first '=' or
 *     ':' that comes before any inline comment separates them;
 *   - in a value, a ';' after a blank starts an inline comment; blanks
 *     around keys and values are removed;
 *   - a UTF-8 byte order mark and CR LF line ends are accepted.
 *
 * Every line of the file is read and numbered, whatever its length or
 * content, and nothing in it can make the reader stop before the end. A
 * line longer than INI_READ_MAX bytes is read on to its end, but only its
 * first INI_READ_MAX bytes are kept (memory stays the same whatever the
 * line), and the line is bad. So is a line with a NUL byte, a control
 * character other than tab (ESC, DEL, U+0080-U+009F...) or bytes that are
 * not UTF-8: what a file says may end up on a terminal, and there it must
 * not act. The problem is reported through the error callback as
 * (line, message), the message saying what would be valid; the offending
 * bytes are replaced with '?' and the line is still classified, so that
 * the caller keeps its place (a bad header still starts a section), with
 * bad set so that the caller does not report it again.
 */
#ifndef IPCSCOPE_INI_READ_H
#define IPCSCOPE_INI_READ_H

#include <stdio.h>

/* The longest line, newline not counted (ipcscope-scenario(5)). */
#define INI_READ_MAX		199

/* Flags for ini_read_new(). */
#define INI_READ_CONT		0x1	/* indented lines continue a value */

enum ini_line_kind {
	INI_LINE_BLANK,		/* blank or comment */
	INI_LINE_SECTION,	/* text: from '[' to the end, trimmed */
	INI_LINE_KEY,		/* key (may be ""), value */
	INI_LINE_CONT,		/* value: continues the last key's */
	INI_LINE_OTHER		/* text, trimmed: neither header nor key;
				   the caller reports it */
};

/*
 * One line. The strings point into the reader's buffer: they stay valid
 * until the next ini_read_next() and may be modified in place.
 */
struct ini_line {
	int			 lineno;	/* from 1 */
	enum ini_line_kind	 kind;
	int			 bad;		/* a problem was reported */
	char			*text;		/* SECTION, OTHER */
	char			*key;		/* KEY */
	char			*value;		/* KEY, CONT */
};

typedef void (*ini_read_error_fn)(void *arg, int lineno, const char *msg);

struct ini_read;

/*
 * A reader of f (which the caller keeps and closes). what names the kind
 * of file in messages ("scenario files are text"); error is called for
 * every problem found while reading, with arg.
 */
struct ini_read	*ini_read_new(FILE *f, const char *what, int flags,
		    ini_read_error_fn error, void *arg);
/* The next line into *l: 1, or 0 at the end of the file, or -1 when the
   file cannot be read (errno says why). */
int		 ini_read_next(struct ini_read *, struct ini_line *l);
void		 ini_read_free(struct ini_read *);

#endif
