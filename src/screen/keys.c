/* keys.c: the key table (keys.h). */
#include "config.h"

#include <stddef.h>

#include "screen/keys.h"

/* The order of the help overlay. */
const struct key_binding keys_table[] = {
	{ KA_PREV, { UIK_UP, UIK_LEFT, UIK_BTAB, 'h' },
	  "\u2191 \u2190 S-tab h", "up left S-tab h",
	  "select the previous process", "select", -1, NULL, NULL,
	  ".BR \"Up\" \", \" \"Left\" \", \" \"Shift-Tab\" \", \" h",
	  NULL, NULL, -1 },
	{ KA_NEXT, { UIK_DOWN, UIK_RIGHT, UIK_TAB, 'l' },
	  "\u2193 \u2192 tab l", "down right tab l",
	  "select the next process", "select", 5,
	  "\u2190\u2192", "<->",
	  ".BR \"Down\" \", \" \"Right\" \", \" \"Tab\" \", \" l",
	  NULL, NULL, -1 },
	{ KA_CLICK, { UIK_MOUSE }, "click", "click",
	  "select a process or a channel", "select", -1, NULL, NULL,
	  ".B click", NULL, NULL, -1 },
	{ KA_CHANNEL, { 'c' }, "c", "c",
	  "select the next channel", "channel", -1, NULL, NULL,
	  ".B c", NULL, NULL, -1 },
	{ KA_PAUSE, { 'p' }, "p", "p",
	  "pause or resume the selected process", "pause", 6, NULL, NULL,
	  ".B p", "(not while replaying: a recording takes no action)",
	  "pause", -1 },
	{ KA_KILL, { 'k' }, "k", "k",
	  "kill the selected process", "kill", 7, NULL, NULL,
	  ".B k", "(not while replaying)", "kill", -1 },
	{ KA_RATE, { '+', '=', '-', '_' }, "+ -", "+ -",
	  "raise or lower its rate", "rate", 8, "+/-", "+/-",
	  ".BR + \" / \" \\-", "replay faster or slower (1/4x to 8x)",
	  "speed", 6 },
	{ KA_ALL, { ' ' }, "space", "space",
	  "pause or resume every process", "all", 10, NULL, NULL,
	  ".B space", "pause or go on playing the recording", "play", 3 },
	{ KA_RESTART, { 'r' }, "r", "r",
	  "restart the scenario", "restart", 11, NULL, NULL,
	  ".B r", "play the recording from its start", "restart", 7 },
	{ KA_PICKER, { 's' }, "s", "s",
	  "choose another scenario", "scenarios", 4, NULL, NULL,
	  ".B s", "(not while replaying)", "scenarios", -1 },
	{ KA_FREEZE, { 'f' }, "f [ ]", "f [ ]",
	  "freeze; step back / forward in time", "freeze", 3, "f", "f",
	  ".B f", "(not while replaying: space pauses, [ ] step)", "freeze",
	  -1 },
	{ KA_STEP, { '[', ']' }, "[ ]", "[ ]",
	  "frozen: the snapshot before / after", "step", -1, NULL, NULL,
	  ".BR [ \" / \" ]", "step back / forward one sample (pauses)",
	  "step", 4 },
	{ KA_EXPLAIN, { 'e' }, "e", "e",
	  "explain the selected process or channel", "explain", 2, NULL, NULL,
	  ".B e", NULL, NULL, -1 },
	{ KA_WAITS, { 'w' }, "w", "w",
	  "who waits for whom: stalls and deadlocks",
	  "waits", 9, NULL, NULL,
	  ".B w", NULL, NULL, -1 },
	{ KA_CUE, { 'n' }, "n", "n",
	  "next cue: its caption and actions, now", "next cue", -1, NULL, NULL,
	  ".B n", "(not while replaying: the cues are as recorded)",
	  "next cue", -1 },
	{ KA_SNAPSHOT, { 'x' }, "x", "x",
	  "save the screen as an SVG image", "snapshot", -1, NULL, NULL,
	  ".B x", NULL, NULL, -1 },
	{ KA_REDRAW, { UIK_CTRL_L }, "^L", "^L",
	  "redraw the screen", "redraw", -1, NULL, NULL,
	  ".B Ctrl-L", NULL, NULL, -1 },
	{ KA_HELP, { '?', UIK_F1 }, "? F1 esc", "? F1 esc",
	  "show or close this help", "help", 1, "?", "?",
	  ".BR ? \", \" F1", NULL, NULL, -1 },
	{ KA_QUIT, { 'q', 'Q', UIK_F10, UIK_CTRL_C }, "q F10 ^C", "q F10 ^C",
	  "quit", "quit", 0, "q", "q",
	  ".BR q \", \" F10 \", \" Ctrl-C", NULL, NULL, -1 },
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

const char *
keys_help(const struct key_binding *kb, bool replay)
{
	return replay && kb->rhelp != NULL ? kb->rhelp : kb->help;
}

const char *
keys_brief(const struct key_binding *kb, bool replay)
{
	return replay && kb->rbrief != NULL ? kb->rbrief : kb->brief;
}

int
keys_footer(const struct key_binding *kb, bool replay)
{
	return replay && kb->rhelp != NULL ? kb->rfooter : kb->footer;
}

bool
keys_shown(const struct key_binding *kb, bool replay)
{
	if (kb->action == KA_STEP)
		return replay;
	if (kb->action == KA_FREEZE)
		return !replay;
	return true;
}

int
keys_shown_count(bool replay)
{
	int	i, n = 0;

	for (i = 0; i < keys_count; i++)
		n += keys_shown(&keys_table[i], replay);
	return n;
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
