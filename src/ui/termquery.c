/*
 * termquery.c: ask the terminal for its background (see termquery.h).
 *
 * This runs before any back end exists, on the bare terminal: the modes
 * are set by hand (no canonical mode, no echo: the reply must neither
 * wait for a newline nor show), the reply is read with poll against a
 * deadline, and the modes go back before anything else happens. Signals
 * are held back meanwhile, so that ^C or a SIGTERM cannot end the process
 * with the terminal left without echo; they are delivered after.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "screen/palette.h"
#include "ui/termquery.h"
#include "base/util.h"

/* The questions: the background colour, then DA1 (see termquery.h). */
#define TERMQUERY_ASK		"\033]11;?\033\\\033[c"
/* Room for the replies and what the user may type meanwhile. */
#define TERMQUERY_BUF		512
/* A reply that has begun when the time is up gets this much longer to
   end: its rest would otherwise arrive as keys without its start. */
#define TERMQUERY_GRACE_MS	500

/* One hex component of 1 to 4 digits, scaled to 0-255; -1 if bad. */
static int
termquery_component(const char *s, size_t n)
{
	unsigned long	v = 0, max = 0;
	size_t		i;
	int		d;

	if (n < 1 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v * 16 + (unsigned long)d;
		max = max * 16 + 15;
	}
	return (int)((v * 255 + max / 2) / max);
}

/* "11;rgb:R/G/B" or "11;rgba:R/G/B/A" (n bytes): 0 and rgb, or -1. */
static int
termquery_color(const char *s, size_t n, unsigned char rgb[3])
{
	const char	*end = s + n, *p;
	int		 i, c, want;

	if (n > 3 && strncmp(s, "11;", 3) == 0)
		s += 3;
	else
		return -1;
	if ((size_t)(end - s) > 4 && strncmp(s, "rgb:", 4) == 0) {
		s += 4;
		want = 3;
	} else if ((size_t)(end - s) > 5 && strncmp(s, "rgba:", 5) == 0) {
		s += 5;
		want = 4;
	} else
		return -1;
	for (i = 0; i < want; i++) {
		for (p = s; p < end && *p != '/'; p++)
			/* nothing */;
		if ((c = termquery_component(s, (size_t)(p - s))) == -1)
			return -1;
		if (i < 3)
			rgb[i] = (unsigned char)c;
		if ((p == end) != (i == want - 1))
			return -1;
		s = p + 1;
	}
	return 0;
}

/*
 * The sequence at buf[i] (an ESC), up to len: returns where the next one
 * may start, or 0 if it has not ended yet. An OSC ends at BEL or ST, a
 * CSI at its final byte; anything else in the middle breaks it off (the
 * next sequence starts there). *body and *blen: what an OSC says.
 */
static size_t
termquery_seq(const char *buf, size_t i, size_t len, const char **body,
    size_t *blen)
{
	size_t	j;

	*body = NULL;
	if (i + 1 == len)
		return 0;
	if (buf[i + 1] == ']') {
		for (j = i + 2; j < len && buf[j] != '\007' &&
		    buf[j] != '\033'; j++)
			/* nothing */;
		if (j == len || (buf[j] == '\033' && j + 1 == len))
			return 0;
		if (buf[j] == '\033' && buf[j + 1] != '\\')
			return j;	/* broken off */
		*body = buf + i + 2;
		*blen = j - i - 2;
		return buf[j] == '\007' ? j + 1 : j + 2;
	}
	if (buf[i + 1] == '[') {
		for (j = i + 2; j < len && buf[j] >= 0x20 && buf[j] < 0x40; j++)
			/* nothing */;
		if (j == len)
			return 0;
		if (buf[j] < 0x40 || buf[j] > 0x7e)
			return j;	/* broken off */
		if (buf[i + 2] == '?' && buf[j] == 'c') {
			*body = buf + i + 1;	/* DA1: "[?...c" */
			*blen = j - i;
		}
		return j + 1;
	}
	return i + 1;
}

void
termquery_scan(const char *buf, size_t len, bool *osc, unsigned char rgb[3],
    bool *da, bool *partial)
{
	const char	*body;
	size_t		 i = 0, next, blen;

	*osc = *da = *partial = false;
	while (i < len) {
		if (buf[i] != '\033') {
			i++;
			continue;
		}
		if ((next = termquery_seq(buf, i, len, &body, &blen)) == 0) {
			*partial = true;	/* more is on its way */
			return;
		}
		if (body != NULL && *body == '[')
			*da = true;
		else if (body != NULL && termquery_color(body, blen, rgb) == 0)
			*osc = true;
		i = next;
	}
}

enum termquery_bg
termquery_colorfgbg(const char *value)
{
	const char	*bg;
	unsigned char	 rgb[3];
	char		*end;
	long		 c;

	if (value == NULL || (bg = strrchr(value, ';')) == NULL)
		return TERMQUERY_UNKNOWN;
	bg++;
	if (*bg < '0' || *bg > '9')
		return TERMQUERY_UNKNOWN;	/* "default" and the like */
	errno = 0;
	c = strtol(bg, &end, 10);
	if (*end != '\0' || errno != 0 || c > 255)
		return TERMQUERY_UNKNOWN;
	if (c < 16)
		return c == 7 || c >= 9 ? TERMQUERY_LIGHT : TERMQUERY_DARK;
	palette_rgb((short)c, rgb);
	return palette_is_light(rgb) ? TERMQUERY_LIGHT : TERMQUERY_DARK;
}

/* Whether asking is safe and may be answered (see termquery.h). */
static bool
termquery_can_ask(int in, int out)
{
	const char	*term = getenv("TERM");

	if (!isatty(in) || !isatty(out))
		return false;
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return false;
	/* In the background, changing the modes would stop us (SIGTTOU). */
	return tcgetpgrp(in) == getpgrp();
}

/* Read the replies until both are in, the time is up, or buf is full. */
static bool
termquery_read(int in, int timeout_ms, unsigned char rgb[3])
{
	struct pollfd	 pfd = { in, POLLIN, 0 };
	char		 buf[TERMQUERY_BUF];
	uint64_t	 start = now_ns(), waited;
	size_t		 len = 0;
	ssize_t		 n;
	bool		 osc = false, da = false, partial = false;
	int		 limit = timeout_ms, left;

	while (!da && len < sizeof buf) {
		waited = (now_ns() - start) / 1000000;
		if (partial && limit == timeout_ms)
			limit = timeout_ms + TERMQUERY_GRACE_MS;
		if (waited >= (uint64_t)limit)
			break;
		left = limit - (int)waited;
		if ((n = poll(&pfd, 1, left)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((n = read(in, buf + len, sizeof buf - len)) == -1 &&
		    (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		termquery_scan(buf, len, &osc, rgb, &da, &partial);
	}
	return osc;
}

/* Send the questions, unless the terminal takes nothing in time. */
static bool
termquery_send(int out, int timeout_ms)
{
	struct pollfd	pfd = { out, POLLOUT, 0 };
	size_t		len = strlen(TERMQUERY_ASK);

	/* Signals are held back: a blocking write to a terminal stopped
	   with ^S could not be interrupted. */
	if (poll(&pfd, 1, timeout_ms) != 1 || !(pfd.revents & POLLOUT))
		return false;
	return write(out, TERMQUERY_ASK, len) == (ssize_t)len;
}

/* Ask on the terminal; true and rgb if it said its background. */
static bool
termquery_ask(int in, int out, int timeout_ms, unsigned char rgb[3])
{
	struct termios	 tio, raw;
	sigset_t	 all, old;
	bool		 said = false;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (tcgetattr(in, &tio) == 0) {
		raw = tio;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(in, TCSANOW, &raw) == 0) {
			if (termquery_send(out, timeout_ms))
				said = termquery_read(in, timeout_ms, rgb);
			tcsetattr(in, TCSANOW, &tio);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return said;
}

enum termquery_bg
termquery_background(int in, int out, int timeout_ms)
{
	unsigned char	rgb[3];

	if (termquery_can_ask(in, out) &&
	    termquery_ask(in, out, timeout_ms, rgb))
		return palette_is_light(rgb) ? TERMQUERY_LIGHT : TERMQUERY_DARK;
	return termquery_colorfgbg(getenv("COLORFGBG"));
}
