/*
 * notes.h: the presenter's notes on a second terminal (--notes TTY),
 * while the projector shows the run: the state of the run, the cue count,
 * the run's clock and the wall clock, the caption now on screen and the
 * next cue's text and actions.
 *
 * The terminal is only written to: opened write-only, without becoming
 * ipcscope's controlling terminal, non-blocking (its own open file
 * description: nobody else's mode changes), never read, its modes never
 * touched. A frame is plain text between ANSI home, erase-line and
 * erase-below sequences, drawn when what it shows changes: at most once
 * a second for the clocks, at once for a cue or a change of state.
 *
 * Call order: notes_open (before the run: an unusable path is the
 * caller's usage error), notes_draw every tick, notes_close once (if a
 * frame was shown, it says on the terminal that the run has ended). A
 * frame the terminal has no room for now (EAGAIN: output stopped with
 * ^S) is dropped and
 * drawn whole later; any other write error means the terminal went away
 * (EIO once its window closed): notes_draw returns -1, the notes are
 * closed, and the caller says so; the run goes on.
 */
#ifndef IPCSCOPE_NOTES_H
#define IPCSCOPE_NOTES_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "base/util.h"
#include "model/model.h"

struct notes;

/* What a frame of the notes shows. */
struct notes_info {
	const struct model	*m;		/* the live run */
	int			 next_cue;	/* the next cue to run; ncues
						   when none is left */
	bool			 step;		/* --step: it waits for n */
	bool			 frozen;	/* the screen is frozen (f) */
	time_t			 wall;		/* now, for the wall clock */
};

/*
 * Open path for the notes: it must exist, be a terminal, be writable,
 * and not be the terminal of device ui_dev (the one ipcscope draws on;
 * 0: none). NULL with *cause allocated ("PATH: not a terminal ...").
 */
struct notes	*notes_open(const char *path, dev_t ui_dev, char **cause);
/* The path, printable, for messages. */
const char	*notes_path(const struct notes *);
/*
 * Draw a frame if what it shows changed: 0, or -1 with errno when the
 * terminal has gone (then the notes are closed: only notes_path and
 * notes_free remain to call).
 */
int		 notes_draw(struct notes *, const struct notes_info *);
/* Say that the run has ended, and close. Idempotent. */
void		 notes_close(struct notes *);
void		 notes_free(struct notes *);

/*
 * The frame as text lines (no escape sequences, each at most cols - 1
 * columns, at most rows lines, each ending in "\n"): pure, for tests.
 */
void		 notes_render(struct strbuf *, const struct notes_info *,
		     int cols, int rows);

#endif
