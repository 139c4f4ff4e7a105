/*
 * termquery.h: what the terminal says of itself, asked once at start,
 * before a back end takes the terminal over: its background colour, so
 * that --theme auto can pick a theme that is readable on it.
 *
 * The terminal is asked with OSC 11 ("ESC ] 11 ; ? ST"), followed by a
 * primary device attributes request (DA1, "ESC [ c"), which practically
 * every terminal answers, and answers in order: a DA1 reply that comes
 * first says the terminal will not answer OSC 11, so ipcscope need not
 * wait the whole timeout. A terminal that answers neither costs the
 * timeout. A reply that comes later than that reaches the back end,
 * which drops it (a terminal's report is never a key).
 */
#ifndef IPCSCOPE_TERMQUERY_H
#define IPCSCOPE_TERMQUERY_H

#include <stdbool.h>
#include <stddef.h>

/* How long the terminal has to answer, in milliseconds. */
#define TERMQUERY_TIMEOUT_MS	200

enum termquery_bg {
	TERMQUERY_UNKNOWN,
	TERMQUERY_DARK,
	TERMQUERY_LIGHT
};

/*
 * The terminal's background: first asked with OSC 11 on the terminal of
 * in and out, for up to timeout_ms; if it does not say, from $COLORFGBG;
 * else TERMQUERY_UNKNOWN. Asks only when in and out are terminals, TERM
 * names a real one and this process is in the terminal's foreground.
 *
 * While it asks, the terminal is in non-canonical mode without echo and
 * every signal is held back; the modes and the signal mask are restored
 * before it returns, whatever happened, and a signal that came meanwhile
 * is delivered then. Bytes the user typed meanwhile are read and
 * dropped.
 */
enum termquery_bg	termquery_background(int in, int out, int timeout_ms);

/*
 * What COLORFGBG ("FG;BG", or "FG;X;BG") says: BG 7 or 9-15 is light,
 * 0-6 and 8 dark (the convention of rxvt and the programs that read it),
 * 16-255 by the xterm colour's luminance; anything else UNKNOWN.
 */
enum termquery_bg	termquery_colorfgbg(const char *value);

/*
 * The replies read so far, len bytes at buf, which may hold other bytes
 * around them (keys typed meanwhile). Sets *osc (and rgb, 8 bits per
 * channel) when a complete OSC 11 reply with an "rgb:" or "rgba:"
 * colour is there, *da when a complete DA1 reply is, and *partial when a
 * reply has begun but not ended (more bytes are on their way).
 */
void			termquery_scan(const char *buf, size_t len, bool *osc,
			    unsigned char rgb[3], bool *da, bool *partial);

#endif
