/*
 * ini-read.h: scenario and theme files, parsed by inih, read and checked
 * line by line here.
 *
 * The format (ipcscope-scenario(5) gives it to users):
 *
 *   - a line whose first non-blank character is ';' or '#' is a comment,
 *     and a blank line is nothing;
 *   - a line whose first non-blank character is '[' is a section header,
 *     even when indented (the caller reads what is between the brackets);
 *   - with INI_READ_CONT, an indented line after a key line (blank and
 *     comment lines may sit between) continues that key's value;
 *   - any other line is "key = value" or "key: value": the first '=' or
 *     ':' that comes before any inline comment separates them;
 *   - in a value, a ';' after a blank starts an inline comment; blanks
 *     around keys and values are removed;
 *   - a UTF-8 byte order mark and CR LF line ends are accepted.
 *
 * The work is split. libinih (ini_parse_stream(), through pkg-config) is
 * THE parser: it tells key lines, continuation lines and comments apart,
 * splits keys from values and cuts inline comments. What it cannot do is
 * done here:
 *
 *   - the reader handed to inih reads every physical line, whatever its
 *     length, with bounded memory, and hands inih exactly one file line
 *     per call, so that inih's count of lines is the file's. A line longer
 *     than INI_READ_MAX bytes is read on to its end, but only its first
 *     INI_READ_MAX bytes (whole UTF-8 characters) are handed on: the line
 *     is bad. So is a line with a NUL byte, a control character other than
 *     tab (ESC, DEL, U+0080-U+009F...) or bytes that are not UTF-8: what a
 *     file says may end up on a terminal, and there it must not act. The
 *     problem is reported through the error callback as (line, message),
 *     the message saying what would be valid; the offending bytes are
 *     replaced with '?' and the line is still parsed, so that the caller
 *     keeps its place (a bad header still starts a section), with bad set
 *     so that the caller does not report it again. A byte order mark and
 *     a CR before the newline are removed. A header is the caller's to
 *     read: inih gets "[]" in its place, which it always takes for a
 *     header, even where the line is indented (inih would continue a
 *     value) or has no ']' (inih would let the next indented line continue
 *     the key before it);
 *
 *   - inih's handler is told neither the line number nor where a section
 *     starts (its build has INI_HANDLER_LINENO and
 *     INI_CALL_HANDLER_ON_NEW_SECTION off), and ini_parse_stream() returns
 *     only the first bad line. So each line goes to the caller's callback
 *     with its number: keys and continuations as inih parsed them (the
 *     handler runs while the line the reader just returned is current),
 *     and, found here, every section header (so that [cue] [cue] are two
 *     sections) and every line that is neither blank, comment, header, key
 *     nor continuation (inih's other error), each at its own line.
 *
 * Every line of the file is read, and nothing in it can make the parse
 * stop before the end.
 */
#ifndef IPCSCOPE_INI_READ_H
#define IPCSCOPE_INI_READ_H

#include <stdio.h>

/* The longest line, newline not counted (ipcscope-scenario(5)). */
#define INI_READ_MAX		199

/* Flags for ini_read_parse(). */
#define INI_READ_CONT		0x1	/* indented lines continue a value */

enum ini_line_kind {
	INI_LINE_SECTION,	/* text: from '[' to the end, trimmed */
	INI_LINE_KEY,		/* key (may be ""), value */
	INI_LINE_CONT,		/* value: continues the last key's */
	INI_LINE_OTHER		/* text, trimmed: neither header nor key;
				   the caller reports it */
};

/*
 * One line. The strings stay valid only during the callback; text may be
 * modified in place.
 */
struct ini_line {
	int			 lineno;	/* from 1 */
	enum ini_line_kind	 kind;
	int			 bad;		/* a problem was reported */
	char			*text;		/* SECTION, OTHER */
	const char		*key;		/* KEY, CONT (the key continued) */
	const char		*value;		/* KEY, CONT */
	int			 comment;	/* KEY, CONT: an inline comment
						   (';' after a blank) was cut
						   from the value */
};

typedef void (*ini_read_error_fn)(void *arg, int lineno, const char *msg);
typedef void (*ini_read_line_fn)(void *arg, const struct ini_line *l);

/*
 * Parse f (which the caller keeps and closes) with inih. what names the
 * kind of file in messages ("scenario files are text"). error is called
 * for every problem found in a line, line for every line that is not
 * blank or a comment, in the order of the file, with arg. Returns 0 when
 * the whole file was read, or -1 when it could not be (errno says why).
 */
int	 ini_read_parse(FILE *f, const char *what, int flags,
	     ini_read_error_fn error, ini_read_line_fn line, void *arg);

/*
 * The reader itself, for tests: an inih ini_reader over r. One call hands
 * one line of the file (see above).
 */
struct ini_read;
struct ini_read	*ini_read_new(FILE *f, const char *what, int flags,
		    ini_read_error_fn error, ini_read_line_fn line, void *arg);
char		*ini_read_reader(char *str, int num, void *r);
int		 ini_read_lineno(struct ini_read *);
void		 ini_read_free(struct ini_read *);

#endif
