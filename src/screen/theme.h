/*
 * theme.h: theme files, which replace the built-in palette (--theme).
 *
 * A theme is an INI file (parsed by inih through ini-read.h, as scenarios
 * are, without continuation lines) with up to three sections, one per
 * colour depth, and in each one line per style it changes, named as
 * palette_style_name() names them:
 *
 *   [256]                          terminals with 256 colours
 *   badge-blocked = 231 on 160 bold
 *   [8]                            terminals with 8 or 16 colours
 *   badge-blocked = white on red bold
 *   [mono]                         no colour
 *   badge-blocked = reverse bold
 *
 * A colour look is "FG [on BG] [ATTRIBUTE...]": a colour is an xterm index
 * (0-255; 0-7 in [8]), a basic colour name (black, red, green, yellow,
 * blue, magenta, cyan, white) or "default" (the terminal's own); the
 * attributes are bold, dim, underline and reverse ("none" adds nothing). A
 * [mono] look is attributes only, or "none".
 *
 * What a theme leaves out keeps the built-in look (palette_builtin), with
 * one exception: a style given in [256] but not in [8] gets the [256] look
 * with each colour replaced by its nearest basic colour
 * (palette_nearest8), so that a theme written for 256 colours degrades to
 * itself rather than to the built-in look.
 *
 * ipcscope(1) documents the format for users; the shipped themes are in
 * assets/themes.
 */
#ifndef IPCSCOPE_THEME_H
#define IPCSCOPE_THEME_H

#include <stdbool.h>

#include "screen/palette.h"

/*
 * Parse the theme file at PATH into *pal. Reads every line and never stops
 * at the first error: returns 0, or -1 with *cause allocated (the caller
 * frees) holding one "PATH:LINE: message" line per error, each message
 * saying what would be valid, newline-separated with no newline at the
 * end. Whole-file messages are "PATH: cannot open: ...", "PATH: cannot
 * read: ..." and, after the first 1000 errors, "PATH: N more errors not
 * listed (at most 1000 are)". No message holds a control character (PATH
 * included: see util_printable()). *pal is only written on success.
 */
int	 theme_load(const char *path, struct palette *pal, char **cause);

/*
 * The file of theme NAME: NAME.theme in the first directory that has it,
 * searching $IPCSCOPE_THEME_PATH (colon-separated), then the source tree's
 * assets/themes when this binary runs from the build tree, then the
 * installed themes. A NAME with a '/' or ending in ".theme" is a path and
 * returned as it is. NULL if there is no such theme; the caller frees.
 */
char	*theme_find(const char *name);

/* --theme auto: the theme for the terminal's background (theme_use_auto). */
#define THEME_AUTO	"auto"

/*
 * The names of every theme theme_find() can find, sorted, each once, and
 * always "default" and "light" (built in). Not THEME_AUTO, which names
 * no theme of its own. Returns how many; *names and each name are
 * allocated, the caller frees them.
 */
int	 theme_list(char ***names);

/*
 * --theme NAME|PATH: find the theme, load it and make it the current
 * palette (palette_set). "default" and "light" need no file: without one
 * they are the built-in palettes (palette_builtin, palette_builtin_light).
 * THEME_AUTO is theme_use_auto(false): the caller that knows the
 * terminal's background calls theme_use_auto itself. Returns 0, or -1
 * with *cause allocated and ready to print as it is: theme_load()'s
 * lines, or one "ipcscope: ..." line that lists the themes there are
 * when NAME is unknown.
 */
int	 theme_use(const char *name, char **cause);

/*
 * --theme auto, once the background is known: "light" when light is true
 * (the terminal said its background is light), else "default" (dark, or
 * not known). As theme_use().
 */
int	 theme_use_auto(bool light, char **cause);

#endif
