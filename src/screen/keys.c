/* keys.c: the key table (keys.h). */
#include "config.h"

#include <stddef.h>

#include "screen/keys.h"

/* The order of the help overlay. */
const struct key_binding keys_table[] = {
	{ KA_PREV, { UIK_UP, UIK_LEFT, UIK_BTAB, 'h' },
	  "\u2191 \u2190 S-tab h", "up left S-tab h",
	  "select the previous process", "select", -1, NULL, NULL,
	  ".BR \"Up\" \", \" \"Left\" \", \" \"Shift-Tab\" \", \" h" },
	{ KA_NEXT, { UIK_DOWN, UIK_RIGHT, UIK_TAB, 'l' },
	  "\u2193 \u2192 tab l", "down right tab l",
	  "select the next process", "select", 5,
	  "\u2190\u2192", "<->",
	  ".BR \"Down\" \", \" \"Right\" \", \" \"Tab\" \", \" l" },
	{ KA_CLICK, { UIK_MOUSE }, "click", "click",
	  "select a process or a channel", "select", -1, NULL, NULL,
	  ".B click" },
	{ KA_CHANNEL, { 'c' }, "c", "c",
	  "select the next channel", "channel", -1, NULL, NULL,
	  ".B c" },
	{ KA_PAUSE, { 'p' }, "p", "p",
	  "pause or resume the selected process", "pause", 6, NULL, NULL,
	  ".B p" },
	{ KA_KILL, { 'k' }, "k", "k",
	  "kill the selected process", "kill", 7, NULL, NULL,
	  ".B k" },
	{ KA_RATE, { '+', '=', '-', '_' }, "+ -", "+ -",
	  "raise or lower its rate", "rate", 8, "+/-", "+/-",
	  ".BR + \" / \" \\-" },
	{ KA_ALL, { ' ' }, "space", "space",
	  "pause or resume every process", "all", 10, NULL, NULL,
	  ".B space" },
	{ KA_RESTART, { 'r' }, "r", "r",
	  "restart the scenario", "restart", 11, NULL, NULL,
	  ".B r" },
	{ KA_PICKER, { 's' }, "s", "s",
	  "choose another scenario", "scenarios", 4, NULL, NULL,
	  ".B s" },
	{ KA_FREEZE, { 'f' }, "f [ ]", "f [ ]",
	  "freeze; step back / forward in time", "freeze", 3, "f", "f",
	  ".B f" },
	{ KA_EXPLAIN, { 'e' }, "e", "e",
	  "explain the selected process or channel", "explain", 2, NULL, NULL,
	  ".B e" },
	{ KA_WAITS, { 'w' }, "w", "w",
	  "who waits for whom: stalls and deadlocks",
	  "waits", 9, NULL, NULL,
	  ".B w" },
	{ KA_CUE, { 'n' }, "n", "n",
	  "next cue: its caption and actions, now", "next cue", -1, NULL, NULL,
	  ".B n" },
	{ KA_SNAPSHOT, { 'x' }, "x", "x",
	  "save the screen as an SVG image", "snapshot", -1, NULL, NULL,
	  ".B x" },
	{ KA_REDRAW, { UIK_CTRL_L }, "^L", "^L",
	  "redraw the screen", "redraw", -1, NULL, NULL,
	  ".B Ctrl-L" },
	{ KA_HELP, { '?', UIK_F1 }, "? F1 esc", "? F1 esc",
	  "show or close this help", "help", 1, "?", "?",
	  ".BR ? \", \" F1" },
	{ KA_QUIT, { 'q', 'Q', UIK_F10, UIK_CTRL_C }, "q F10 ^C", "q F10 ^C",
	  "quit", "quit", 0, "q", "q",
	  ".BR q \", \" F10 \", \" Ctrl-C" },
};

const int keys_count = (int)(sizeof keys_table / sizeof keys_table[0]);

const struct key_binding *
keys_lookup(int code)
{
	int	i, j;

	if (code == 0)
		return NULL;
	for (i = 0; i < keys_count; i++) {
		for (j = 0; j < KEY_CODES && keys_table[i].codes[j] != 0; j++) {
			if (keys_table[i].codes[j] == code)
				return &keys_table[i];
		}
	}
	return NULL;
}

enum key_modal
keys_modal(bool picker, bool explain, bool help)
{
	if (picker)
		return MODAL_PICKER;
	if (explain)
		return MODAL_EXPLAIN;
	if (help)
		return MODAL_HELP;
	return MODAL_NONE;
}
