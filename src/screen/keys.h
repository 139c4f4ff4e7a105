/*
 * keys.h: every key of the terminal UI in one table, read by the
 * controller (dispatch), the help overlay, the footer and a test against
 * ipcscope(1). Adding a key is adding a line here, a handler for its
 * action in the controller, and its entry in the man page's KEYS.
 *
 * Overlays take keys before the table does, in one order (keys_modal):
 * the scenario picker, then the explain panel, then the help; a frozen
 * display sits under them (its [ and ] step, any other key is live).
 */
#ifndef IPCSCOPE_KEYS_H
#define IPCSCOPE_KEYS_H

#include <stdbool.h>

#include "screen/keycodes.h"

enum key_action {
	KA_NONE = 0,
	KA_PREV,		/* select the previous process */
	KA_NEXT,		/* select the next process */
	KA_CHANNEL,		/* select the next channel */
	KA_CLICK,		/* select what was clicked */
	KA_PAUSE,
	KA_KILL,
	KA_RATE,		/* + faster, - slower */
	KA_ALL,			/* pause or resume every process */
	KA_CUE,			/* the next cue, now */
	KA_RESTART,
	KA_PICKER,
	KA_FREEZE,
	KA_STEP,		/* [ back, ] forward: frozen, a snapshot;
				   replaying, a sample */
	KA_EXPLAIN,
	KA_WAITS,		/* who waits for whom */
	KA_SNAPSHOT,		/* the screen as an SVG image */
	KA_REDRAW,
	KA_HELP,
	KA_QUIT,
	KA_COUNT
};

#define KEY_CODES	8

struct key_binding {
	enum key_action	 action;
	int		 codes[KEY_CODES];	/* 0-terminated */
	const char	*label;		/* as the help shows it, UTF-8 */
	const char	*alabel;	/* the same in ASCII */
	const char	*help;		/* what it does, in a line */
	const char	*brief;		/* one word, for the footer */
	/*
	 * The footer keeps the keys that fit, lowest first (0 the most
	 * important); -1: not in the footer (n is, first, with --step).
	 */
	int		 footer;
	/* The footer's label when it differs from label (NULL: label). */
	const char	*flabel;
	const char	*aflabel;
	/* The term line of its entry in ipcscope(1)'s KEYS, exactly. */
	const char	*man;
	/*
	 * While a recording is replayed (--replay), where the key does
	 * something else or nothing: its help line, its footer word and
	 * place (-1: not in the footer). rhelp NULL: as live.
	 */
	const char	*rhelp;
	const char	*rbrief;
	int		 rfooter;
};

extern const struct key_binding	keys_table[];
extern const int		keys_count;

/* The binding of a key code, or NULL. */
const struct key_binding	*keys_lookup(int code);
/* Its help line, footer word and footer place, live or replaying. */
const char	*keys_help(const struct key_binding *, bool replay);
const char	*keys_brief(const struct key_binding *, bool replay);
int		 keys_footer(const struct key_binding *, bool replay);
/*
 * Whether the help lists it, and how many it lists: live, [ ] are f's
 * (its line says them); replaying, space and [ ] do what f would.
 */
bool		 keys_shown(const struct key_binding *, bool replay);
int		 keys_shown_count(bool replay);

/* Which overlay takes the keys, and is drawn on top. */
enum key_modal {
	MODAL_NONE = 0,
	MODAL_PICKER,
	MODAL_EXPLAIN,
	MODAL_HELP
};
enum key_modal	keys_modal(bool picker, bool explain, bool help);

#endif
