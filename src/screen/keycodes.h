/*
 * keycodes.h: the keys a terminal back end reports (ui.h) and the key
 * table reads (keys.h). Printable characters are their code points.
 */
#ifndef IPCSCOPE_KEYCODES_H
#define IPCSCOPE_KEYCODES_H

enum {
	UIK_NONE = 0,
	UIK_UP = 0x110000,
	UIK_DOWN,
	UIK_LEFT,
	UIK_RIGHT,
	UIK_TAB,
	UIK_BTAB,
	UIK_ENTER,
	UIK_ESC,
	UIK_RESIZE,		/* the terminal changed size: call size() again */
	UIK_CTRL_C,
	UIK_CTRL_L,		/* redraw everything */
	UIK_MOUSE,		/* a left click: where, from mouse() */
	UIK_F1,			/* help, as in htop */
	UIK_F10			/* quit, as in htop */
};

#endif
