/*
 * check_theme.c: unit tests for theme.c and palette.c, and for how
 * termquery.c reads the terminal's answers for --theme auto.
 *
 * The shipped themes must parse, and default.theme must say exactly what
 * the compiled-in palette says, so that the two cannot drift apart. Every
 * message for a bad theme is pinned with its line, as check_scenario.c
 * does for scenarios.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen/palette.h"
#include "screen/theme.h"
#include "ui/termquery.h"
#include "base/util.h"

#ifndef IPCSCOPE_SRCDIR
#define IPCSCOPE_SRCDIR	"."
#endif
#define THEMES		IPCSCOPE_SRCDIR "/assets/themes"

static const char	*testdata;
static char		 tmpdir[] = "/tmp/check_theme.XXXXXX";

static const char *shipped[] = {
	"default", "high-contrast", "light", "monochrome"
};

/* Every message for tests/data/bad.theme, after "PATH:". */
static const char *bad_msgs[] = {
	"3: 'dim' is outside any section; put it under [256], [8] or [mono]",
	"5: unknown style 'blocked' in [256]; valid styles: normal, dim, "
	"title, heading, selected, gauge-empty, gauge-calm, gauge-warm, "
	"gauge-hot, gauge-full, badge-starting, badge-running, badge-blocked, "
	"badge-waiting, badge-paused, badge-done, badge-failed, spark-in, "
	"spark-out, caption, key, error, ok",
	"6: bad colour 'purple' for caption in [256]: give 0-255, black, red, "
	"green, yellow, blue, magenta, cyan, white or default",
	"7: 'on' needs a colour after it for key in [256]: write FG [on BG] "
	"[ATTRIBUTES], e.g. 'white on red bold', or 'default'",
	"8: 'green' out of place for ok in [256]: write FG [on BG] "
	"[ATTRIBUTES], e.g. 'white on red bold', or 'default'",
	"9: bad attribute 'blink' for error in [256]: give bold, dim, "
	"underline, reverse or none",
	"10: bad colour '300' for dim in [256]: give 0-255, black, red, green, "
	"yellow, blue, magenta, cyan, white or default",
	"12: bad colour '200' for dim in [8]: give 0-7, black, red, green, "
	"yellow, blue, magenta, cyan, white or default",
	"14: colour 'red' for dim in [mono]: [mono] is for terminals without "
	"colour; give attributes only: bold, dim, underline, reverse or none",
	"15: bad attribute 'sparkly' for ok in [mono]: give bold, dim, "
	"underline, reverse or none",
	"16: no look for heading in [mono]: give bold, dim, underline, "
	"reverse or none",
	"17: unknown section '[colours]'; valid sections: [256] (256 "
	"colours), [8] (8 or 16 colours), [mono] (no colour)",
	"19: section header has no closing ']'; valid sections: [256], [8], "
	"[mono]",
	"20: expected '[section]' or 'STYLE = LOOK', not 'garbage here'",
	"23: title given twice in [256]; the first is at line 22",
	"24: missing style name before '='; expected 'STYLE = LOOK'",
};

static void
setup(void)
{
	unsetenv("IPCSCOPE_THEME_PATH");
}

static char *
write_file(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Load, or fail the test with the causes. */
static void
load_ok(const char *path, struct palette *pal)
{
	char	*cause = NULL;

	if (theme_load(path, pal, &cause) == -1)
		ck_abort_msg("%s: %s", path, cause);
}

static void
assert_look_eq(const struct palette_look *a, const struct palette_look *b,
    const char *what, int st)
{
	ck_assert_msg(a->fg == b->fg && a->bg == b->bg && a->attr == b->attr,
	    "%s %s: %d/%d/%d, expected %d/%d/%d", what, palette_style_name(st),
	    a->fg, a->bg, a->attr, b->fg, b->bg, b->attr);
}

static void
assert_palette_eq(const struct palette *a, const struct palette *b)
{
	int	i;

	for (i = 0; i < ST_COUNT; i++) {
		assert_look_eq(&a->c256[i], &b->c256[i], "[256]", i);
		assert_look_eq(&a->c8[i], &b->c8[i], "[8]", i);
		ck_assert_msg(a->mono[i] == b->mono[i], "[mono] %s: %d, "
		    "expected %d", palette_style_name(i), a->mono[i],
		    b->mono[i]);
	}
}

/* xterm's greys: 8 (bright black), 7 (light grey), the grey ramp and the
   cube's diagonal; low contrast on a projector. */
static int
is_grey(int c)
{
	int	r, g, b;

	if (c == 7 || c == 8 || c >= 232)
		return 1;
	if (c < 16)
		return 0;
	r = (c - 16) / 36;
	g = (c - 16) / 6 % 6;
	b = (c - 16) % 6;
	return r == g && g == b && r != 0 && r != 5;
}

START_TEST(test_shipped_parse)
{
	struct palette	 pal;
	char		*path;

	xasprintf(&path, THEMES "/%s.theme", shipped[_i]);
	load_ok(path, &pal);
	free(path);
}
END_TEST

START_TEST(test_default_is_builtin)
{
	struct palette	pal;

	memset(&pal, 0x55, sizeof pal);
	load_ok(THEMES "/default.theme", &pal);
	assert_palette_eq(&pal, &palette_builtin);
}
END_TEST

START_TEST(test_high_contrast)
{
	struct palette	pal;
	int		i, j;

	load_ok(THEMES "/high-contrast.theme", &pal);
	ck_assert(palette_has_color(&pal));
	for (i = 0; i < ST_COUNT; i++) {
		ck_assert_msg(!(pal.c256[i].attr & PAL_DIM) &&
		    !(pal.c8[i].attr & PAL_DIM) && !(pal.mono[i] & PAL_DIM),
		    "%s is dim", palette_style_name(i));
		ck_assert_msg(!is_grey(pal.c256[i].fg) &&
		    !is_grey(pal.c256[i].bg), "%s is grey: %d on %d",
		    palette_style_name(i), pal.c256[i].fg, pal.c256[i].bg);
		/* A colour is never drawn on the terminal's unknown one. */
		ck_assert_msg(pal.c256[i].fg < 0 || pal.c256[i].bg >= 0,
		    "%s: colour %d on the default background",
		    palette_style_name(i), pal.c256[i].fg);
		ck_assert_msg(pal.c8[i].fg < 0 || pal.c8[i].bg >= 0,
		    "%s: colour %d on the default background in [8]",
		    palette_style_name(i), pal.c8[i].fg);
	}
	/* Projected, the states must still differ. */
	ck_assert_int_ne(pal.c8[ST_GAUGE_HOT].fg, pal.c8[ST_GAUGE_WARM].fg);
	for (i = ST_BADGE_STARTING; i <= ST_BADGE_FAILED; i++) {
		for (j = ST_BADGE_STARTING; j < i; j++)
			ck_assert_msg(pal.c8[i].fg != pal.c8[j].fg ||
			    pal.c8[i].bg != pal.c8[j].bg ||
			    pal.c8[i].attr != pal.c8[j].attr,
			    "[8] %s looks like %s",
			    palette_style_name(i), palette_style_name(j));
	}
}
END_TEST

START_TEST(test_monochrome)
{
	static const int states[] = {
		ST_BADGE_RUNNING, ST_BADGE_BLOCKED, ST_BADGE_WAITING,
		ST_BADGE_PAUSED, ST_BADGE_DONE, ST_BADGE_FAILED
	};
	struct palette	pal;
	size_t		i, j;

	load_ok(THEMES "/monochrome.theme", &pal);
	ck_assert(!palette_has_color(&pal));
	for (i = 0; i < ST_COUNT; i++)
		ck_assert_int_eq(pal.c256[i].attr, pal.mono[i]);
	for (i = 0; i < nitems(states); i++) {
		for (j = i + 1; j < nitems(states); j++)
			ck_assert_msg(pal.mono[states[i]] != pal.mono[states[j]],
			    "%s looks like %s", palette_style_name(states[i]),
			    palette_style_name(states[j]));
	}
	ck_assert_int_ne(pal.mono[ST_GAUGE_FULL], pal.mono[ST_GAUGE_CALM]);
}
END_TEST

START_TEST(test_bad_theme)
{
	struct palette	 pal, before;
	char		*path, *cause = NULL, *line, *next, *want;
	size_t		 n = 0;

	xasprintf(&path, "%s/bad.theme", testdata);
	memset(&pal, 0x55, sizeof pal);
	before = pal;
	ck_assert_int_eq(theme_load(path, &pal, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert(memcmp(&pal, &before, sizeof pal) == 0);
	for (line = cause; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		ck_assert_msg(n < nitems(bad_msgs), "extra message: %s", line);
		xasprintf(&want, "%s:%s", path, bad_msgs[n]);
		ck_assert_str_eq(line, want);
		free(want);
		n++;
	}
	ck_assert_uint_eq(n, nitems(bad_msgs));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_fallbacks)
{
	struct palette	 pal;
	char		*path;
	int		 i;

	/* One style in [256]: [8] follows it, [mono] and the rest are the
	   built-in looks. Comments, blanks, ':' and a BOM are fine. */
	path = write_file("one.theme", "\xEF\xBB\xBF; one style\n\n"
	    "  [ 256 ]   ; deep\n"
	    "  badge-blocked: 196 on 21 bold underline ; red on blue\n");
	load_ok(path, &pal);
	for (i = 0; i < ST_COUNT; i++) {
		if (i == ST_BADGE_BLOCKED)
			continue;
		assert_look_eq(&pal.c256[i], &palette_builtin.c256[i], "[256]",
		    i);
		assert_look_eq(&pal.c8[i], &palette_builtin.c8[i], "[8]", i);
	}
	ck_assert_int_eq(pal.c256[ST_BADGE_BLOCKED].fg, 196);
	ck_assert_int_eq(pal.c256[ST_BADGE_BLOCKED].bg, 21);
	ck_assert_int_eq(pal.c256[ST_BADGE_BLOCKED].attr,
	    PAL_BOLD | PAL_UNDERLINE);
	ck_assert_int_eq(pal.c8[ST_BADGE_BLOCKED].fg, PAL_RED);
	ck_assert_int_eq(pal.c8[ST_BADGE_BLOCKED].bg, PAL_BLUE);
	ck_assert_int_eq(pal.c8[ST_BADGE_BLOCKED].attr,
	    PAL_BOLD | PAL_UNDERLINE);
	ck_assert(memcmp(pal.mono, palette_builtin.mono, sizeof pal.mono) == 0);
	free(path);

	/* [8] wins over the derived look; "on BG" alone keeps the fg. */
	path = write_file("two.theme", "[256]\nkey = on 21\n[8]\nkey = "
	    "yellow\n[mono]\nkey = none\n");
	load_ok(path, &pal);
	ck_assert_int_eq(pal.c256[ST_KEY].fg, -1);
	ck_assert_int_eq(pal.c256[ST_KEY].bg, 21);
	ck_assert_int_eq(pal.c8[ST_KEY].fg, PAL_YELLOW);
	ck_assert_int_eq(pal.c8[ST_KEY].bg, -1);
	ck_assert_int_eq(pal.mono[ST_KEY], 0);
	free(path);

	/* An empty file is the built-in palette. */
	path = write_file("empty.theme", "");
	load_ok(path, &pal);
	assert_palette_eq(&pal, &palette_builtin);
	free(path);
}
END_TEST

START_TEST(test_lines_and_files)
{
	struct palette	 pal;
	char		*path, *cause = NULL, *text, *want;

	xasprintf(&text, "[256]\ndim = 245 %0300d\n", 0);
	path = write_file("long.theme", text);
	ck_assert_int_eq(theme_load(path, &pal, &cause), -1);
	xasprintf(&want, "%s:2: line too long (at most 199 bytes)", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
	free(text);

	ck_assert_int_eq(theme_load(tmpdir, &pal, &cause), -1);
	xasprintf(&want, "%s: cannot open: Is a directory", tmpdir);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);

	ck_assert_int_eq(theme_load("/nonexistent/x.theme", &pal, &cause), -1);
	ck_assert_str_eq(cause, "/nonexistent/x.theme: cannot open: No such "
	    "file or directory");
	free(cause);
}
END_TEST


/*
 * A NUL byte ended a theme's line quietly; now it is an error, as in a
 * scenario, and so are controls and bytes that are not UTF-8. Lines after
 * a long one are read; no message carries a control, the path included.
 */
START_TEST(test_hostile)
{
	static const char text[] = "[256]\ndim = 245\0 on 160\n"
	    "title = 231 \x1b[2J\nnormal = 7\xc2\x9b\ncaption = caf\xe9\n"
	    "[8]\nbogus = red\n";
	struct palette	 pal;
	struct strbuf	 sb = { NULL, 0, 0 };
	char		*path, *cause = NULL, *want, *p;
	FILE		*f;
	size_t		 bad;
	int		 i;

	xasprintf(&path, "%s/\x1b]0;x\x07.theme", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(theme_load(path, &pal, &cause), -1);
	xasprintf(&want, "%s/?]0;x?.theme:2: line contains a NUL byte; theme "
	    "files are text\n"
	    "%s/?]0;x?.theme:3: control character 0x1b at byte 13; theme "
	    "files are text: remove it\n"
	    "%s/?]0;x?.theme:4: control character U+009B at byte 11; theme "
	    "files are text: remove it\n"
	    "%s/?]0;x?.theme:5: byte 0xe9 at byte 14 is not UTF-8; theme "
	    "files are UTF-8 text\n"
	    "%s/?]0;x?.theme:7: unknown style 'bogus' in [8]; valid styles: ",
	    tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
	ck_assert_msg(strncmp(cause, want, strlen(want)) == 0, "got '%s'",
	    cause);
	ck_assert_int_eq(util_text_check(cause, &bad), UTIL_TEXT_CONTROL);
	ck_assert_int_eq(cause[bad], '\n');	/* only the separators */
	free(want);
	free(cause);
	free(path);

	/* Garbage: 1000 errors are listed, then how many more there were. */
	for (i = 0; i < 1500; i++)
		strbuf_add(&sb, "x\n", 2);
	path = write_file("xs.theme", sb.s);
	ck_assert_int_eq(theme_load(path, &pal, &cause), -1);
	for (i = 0, p = cause; (p = strchr(p, '\n')) != NULL; p++)
		i++;
	ck_assert_int_eq(i, 1000);
	xasprintf(&want, "\n%s: 500 more errors not listed (at most 1000 are)",
	    path);
	ck_assert_str_eq(strrchr(cause, '\n'), want);
	free(want);
	free(cause);
	free(path);
	strbuf_free(&sb);
}
END_TEST

/*
 * inih parses themes too, ini-read.c handing it one line per call: lines
 * of 199 bytes (the longest) keep every later line in its place, an
 * indented header is a header and an indented line a key (a theme has no
 * continuations), and every bad line is reported at its own line.
 */
START_TEST(test_inih_lines)
{
	struct palette	 pal;
	char		*path, *cause = NULL, *text, *want, *p;

	xasprintf(&text, "[256]\n; %0197d\ndim = 245 ; %0187d\n  [8]\n"
	    "  bogus = red\njunk\n[mono\nx = y\n", 0, 0);
	path = write_file("inih.theme", text);
	ck_assert_int_eq(theme_load(path, &pal, &cause), -1);
	xasprintf(&want, "%s:5: unknown style 'bogus' in [8]; valid styles: ",
	    path);
	ck_assert_msg(strncmp(cause, want, strlen(want)) == 0, "got '%s'",
	    cause);
	free(want);
	ck_assert_ptr_nonnull(p = strchr(cause, '\n'));
	xasprintf(&want, "\n%s:6: expected '[section]' or 'STYLE = LOOK', not "
	    "'junk'\n%s:7: section header has no closing ']'; valid "
	    "sections: [256], [8], [mono]", path, path);
	ck_assert_str_eq(p, want);
	free(want);
	free(cause);
	free(path);
	free(text);
}
END_TEST

START_TEST(test_find_list_use)
{
	char	*path, *cause = NULL, **names, *dir;
	int	 n, i;

	/* Paths are paths: with a '/' or the suffix, never searched. */
	path = theme_find("./x");
	ck_assert_str_eq(path, "./x");
	free(path);
	path = theme_find("x.theme");
	ck_assert_str_eq(path, "x.theme");
	free(path);
	ck_assert_ptr_null(theme_find(""));
	ck_assert_ptr_null(theme_find("nosuch-theme"));

	/* IPCSCOPE_THEME_PATH first, then the rest. */
	xasprintf(&dir, "%s/themes", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	free(write_file("themes/zebra.theme", "[mono]\nkey = bold\n"));
	free(write_file("themes/broken.theme", "[256]\nkey = bold red\n"));
	free(write_file("themes/.hidden.theme", ""));
	free(write_file("themes/not-a-theme.ini", ""));
	xasprintf(&path, "/nonexistent:%s", dir);
	setenv("IPCSCOPE_THEME_PATH", path, 1);
	free(path);
	path = theme_find("zebra");
	xasprintf(&cause, "%s/zebra.theme", dir);
	ck_assert_str_eq(path, cause);
	free(cause);
	free(path);

	/* Sorted, each once; installed themes may come after ours. */
	n = theme_list(&names);
	ck_assert_int_ge(n, 4);
	ck_assert_str_eq(names[0], "broken");
	ck_assert_str_eq(names[1], "default");
	ck_assert_str_eq(names[n - 2], "light");	/* built in too */
	ck_assert_str_eq(names[n - 1], "zebra");
	for (i = 1; i < n; i++)
		ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	/* Unknown: one line listing what there is. */
	ck_assert_int_eq(theme_use("nosuch", &cause), -1);
	ck_assert_msg(strncmp(cause, "ipcscope: no theme 'nosuch'; available "
	    "themes: auto, broken, default, ", 70) == 0, "%s", cause);
	ck_assert_msg(strstr(cause, ", zebra (or give the path of a .theme "
	    "file)") != NULL && strchr(cause, '\n') == NULL, "%s", cause);
	free(cause);

	/* Broken: the file's errors, and the palette stays. */
	ck_assert_int_eq(theme_use("broken", &cause), -1);
	xasprintf(&path, "%s/broken.theme:2: 'red' out of place for key in "
	    "[256]: write FG [on BG] [ATTRIBUTES], e.g. 'white on red bold', "
	    "or 'default'", dir);
	ck_assert_str_eq(cause, path);
	free(path);
	free(cause);
	ck_assert_ptr_eq(palette_current(), &palette_builtin);

	/* Found: it is the current palette. */
	ck_assert_int_eq(theme_use("zebra", &cause), 0);
	ck_assert_int_eq(palette_current()->mono[ST_KEY], PAL_BOLD);
	ck_assert_int_eq(palette_current()->mono[ST_DIM], PAL_DIM);

	/* "default" and "light" need no file; "auto" alone is "default"
	   (nothing said the terminal is light), theme_use_auto(true) light. */
	ck_assert_int_eq(theme_use("default", &cause), 0);
	assert_palette_eq(palette_current(), &palette_builtin);
	ck_assert_int_eq(theme_use("light", &cause), 0);
	assert_palette_eq(palette_current(), &palette_builtin_light);
	ck_assert_int_eq(theme_use(THEME_AUTO, &cause), 0);
	assert_palette_eq(palette_current(), &palette_builtin);
	ck_assert_int_eq(theme_use_auto(true, &cause), 0);
	assert_palette_eq(palette_current(), &palette_builtin_light);
	ck_assert_int_eq(theme_use_auto(false, &cause), 0);
	assert_palette_eq(palette_current(), &palette_builtin);
	free(dir);
}
END_TEST

START_TEST(test_names)
{
	int	i, j;

	for (i = 0; i < ST_COUNT; i++) {
		ck_assert_ptr_nonnull(palette_style_name(i));
		ck_assert_int_eq(palette_style_find(palette_style_name(i)), i);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(palette_style_name(i),
			    palette_style_name(j));
	}
	ck_assert_str_eq(palette_style_name(ST_BADGE_BLOCKED),
	    "badge-blocked");
	ck_assert_str_eq(palette_style_name(ST_COUNT), "?");
	ck_assert_int_eq(palette_style_find("blocked"), -1);
}
END_TEST

START_TEST(test_nearest8)
{
	ck_assert_int_eq(palette_nearest8(-1), -1);
	ck_assert_int_eq(palette_nearest8(256), -1);
	ck_assert_int_eq(palette_nearest8(3), PAL_YELLOW);
	ck_assert_int_eq(palette_nearest8(9), PAL_RED);
	ck_assert_int_eq(palette_nearest8(16), PAL_BLACK);
	ck_assert_int_eq(palette_nearest8(196), PAL_RED);
	ck_assert_int_eq(palette_nearest8(21), PAL_BLUE);
	ck_assert_int_eq(palette_nearest8(46), PAL_GREEN);
	ck_assert_int_eq(palette_nearest8(226), PAL_YELLOW);
	ck_assert_int_eq(palette_nearest8(201), PAL_MAGENTA);
	ck_assert_int_eq(palette_nearest8(51), PAL_CYAN);
	ck_assert_int_eq(palette_nearest8(231), PAL_WHITE);
	ck_assert_int_eq(palette_nearest8(236), PAL_BLACK);
	ck_assert_int_eq(palette_nearest8(250), PAL_WHITE);
}
END_TEST

/* One decision of the colour depth for every back end (palette.h). */
START_TEST(test_depth)
{
	struct palette		mono;
	struct palette_look	l;
	const struct palette	*b = &palette_builtin;

	ck_assert_int_eq(palette_depth(b, true, 256), PALETTE_256);
	ck_assert_int_eq(palette_depth(b, true, 16777216), PALETTE_256);
	ck_assert_int_eq(palette_depth(b, true, 255), PALETTE_8);
	ck_assert_int_eq(palette_depth(b, true, 16), PALETTE_8);
	ck_assert_int_eq(palette_depth(b, true, 8), PALETTE_8);
	ck_assert_int_eq(palette_depth(b, true, 7), PALETTE_MONO);
	ck_assert_int_eq(palette_depth(b, true, 0), PALETTE_MONO);
	ck_assert_int_eq(palette_depth(b, true, -1), PALETTE_MONO);
	ck_assert_int_eq(palette_depth(b, false, 256), PALETTE_MONO);
	load_ok(THEMES "/monochrome.theme", &mono);
	ck_assert_int_eq(palette_depth(&mono, true, 256), PALETTE_MONO);

	l = palette_look(b, PALETTE_256, ST_BADGE_BLOCKED);
	assert_look_eq(&l, &b->c256[ST_BADGE_BLOCKED], "[256]",
	    ST_BADGE_BLOCKED);
	l = palette_look(b, PALETTE_8, ST_BADGE_BLOCKED);
	assert_look_eq(&l, &b->c8[ST_BADGE_BLOCKED], "[8]", ST_BADGE_BLOCKED);
	l = palette_look(b, PALETTE_MONO, ST_BADGE_BLOCKED);
	ck_assert_int_eq(l.fg, -1);
	ck_assert_int_eq(l.bg, -1);
	ck_assert_int_eq(l.attr, b->mono[ST_BADGE_BLOCKED]);
	l = palette_look(b, PALETTE_256, ST_COUNT);	/* no such style */
	assert_look_eq(&l, &b->c256[ST_NORMAL], "[256]", ST_NORMAL);
}
END_TEST

/*
 * Contrast. Every style of every shipped theme with colours must reach
 * 4.5:1 (WCAG 2: (L1 + 0.05) / (L2 + 0.05) of the relative luminances)
 * at 256 colours and at 8, between the colour its text is drawn in and
 * the background it is drawn on, on each background the theme is made
 * for. The colours are xterm's (palette_rgb: its 256-colour table, whose
 * first eight are the standard basic colours). What a look leaves to the
 * terminal is taken as: background black (a dark theme) or white (a light
 * one); foreground xterm's colour 7 (229 grey) on black, black on white.
 * reverse swaps the two; dim draws the text halfway between its colour
 * and the background, as terminals render faint text; bold changes no
 * colour (not every terminal brightens it).
 */
#define MIN_CONTRAST	4.5
#define BG_DARK		0x1
#define BG_LIGHT	0x2

/* Every theme in assets/themes, and the backgrounds it is made for; 0:
   no colour (monochrome), nothing to measure. A theme missing here fails
   test_contrast_listed, so a new one is measured too. */
static const struct {
	const char	*name;
	int		 bgs;
} contrast_themes[] = {
	{ "default",		BG_DARK },
	{ "light",		BG_LIGHT },
	{ "high-contrast",	BG_DARK | BG_LIGHT },	/* says it works on both */
	{ "monochrome",		0 },
};

static double
contrast_ratio(const unsigned char a[3], const unsigned char b[3])
{
	double	la = palette_luminance(a), lb = palette_luminance(b), t;

	if (la < lb) {
		t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* The colours look l shows on a terminal of background bg: fg, bg. */
static void
contrast_colours(struct palette_look l, int bg, unsigned char fgc[3],
    unsigned char bgc[3])
{
	static const unsigned char	 black[3] = { 0, 0, 0 };
	static const unsigned char	 white[3] = { 255, 255, 255 };
	unsigned char			 t;
	int				 i;

	if (!palette_rgb(l.fg, fgc)) {
		if (bg == BG_DARK)
			ck_assert(palette_rgb(PAL_WHITE, fgc));
		else
			memcpy(fgc, black, 3);
	}
	if (!palette_rgb(l.bg, bgc))
		memcpy(bgc, bg == BG_DARK ? black : white, 3);
	for (i = 0; i < 3 && (l.attr & PAL_REVERSE); i++) {
		t = fgc[i];
		fgc[i] = bgc[i];
		bgc[i] = t;
	}
	for (i = 0; i < 3 && (l.attr & PAL_DIM); i++)
		fgc[i] = (unsigned char)((fgc[i] + bgc[i] + 1) / 2);
}

/* One colour of a look, for messages: a name at 8 colours. */
static void
contrast_colour(struct strbuf *sb, short c, bool basic)
{
	static const char	*names[8] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan",
		"white"
	};

	if (basic && c >= 0 && c < 8)
		strbuf_printf(sb, "%s", names[c]);
	else
		strbuf_printf(sb, "%d", c);
}

/* "196 on 233", "default on the terminal's black dim", for messages. */
static void
contrast_describe(struct strbuf *sb, struct palette_look l, bool basic,
    int bg)
{
	if (l.fg >= 0)
		contrast_colour(sb, l.fg, basic);
	else
		strbuf_printf(sb, "default");
	if (l.bg >= 0) {
		strbuf_printf(sb, " on ");
		contrast_colour(sb, l.bg, basic);
	} else
		strbuf_printf(sb, " on the terminal's %s", bg == BG_DARK ?
		    "black" : "white");
	if (l.attr & PAL_REVERSE)
		strbuf_printf(sb, " reverse");
	if (l.attr & PAL_DIM)
		strbuf_printf(sb, " dim");
}

/* Every style of pal at both depths on background bg: each one below
   MIN_CONTRAST is a line in *fails. */
static void
contrast_check(const char *what, const struct palette *pal, int bg,
    struct strbuf *fails)
{
	static const struct {
		enum palette_depth	 depth;
		const char		*name;
	} depths[] = { { PALETTE_256, "256" }, { PALETTE_8, "8" } };
	struct palette_look	 l;
	unsigned char		 fgc[3], bgc[3];
	double			 r;
	size_t			 d;
	int			 st;

	for (d = 0; d < nitems(depths); d++) {
		for (st = 0; st < ST_COUNT; st++) {
			l = palette_look(pal, depths[d].depth, st);
			contrast_colours(l, bg, fgc, bgc);
			r = contrast_ratio(fgc, bgc);
			if (r >= MIN_CONTRAST)
				continue;
			strbuf_printf(fails, "\n  %s, %s background: %s [%s] "
			    "%.2f:1 (", what, bg == BG_DARK ? "dark" : "light",
			    palette_style_name(st), depths[d].name, r);
			contrast_describe(fails, l, depths[d].depth == PALETTE_8,
			    bg);
			strbuf_printf(fails, ")");
		}
	}
}

/* The measure itself: WCAG's own figures, and a look that must fail. */
START_TEST(test_contrast_measure)
{
	static const unsigned char	 black[3] = { 0, 0, 0 };
	static const unsigned char	 white[3] = { 255, 255, 255 };
	static const unsigned char	 grey[3] = { 0x76, 0x76, 0x76 };
	struct palette_look		 cream = { 230, -1, PAL_BOLD };
	struct palette_look		 faint = { -1, -1, PAL_DIM };
	unsigned char			 fgc[3], bgc[3], c[3];

	ck_assert_double_eq_tol(contrast_ratio(black, white), 21.0, 1e-9);
	ck_assert_double_eq_tol(contrast_ratio(grey, white), 4.54, 0.01);
	ck_assert_double_eq_tol(palette_luminance(grey), 0.1812, 0.0001);
	ck_assert(palette_rgb(196, c) && c[0] == 255 && c[1] == 0 && c[2] == 0);
	ck_assert(palette_rgb(244, c) && c[0] == 128 && c[2] == 128);
	ck_assert(palette_rgb(PAL_BLUE, c) && c[0] == 0 && c[2] == 238);
	ck_assert(palette_rgb(12, c) && c[0] == 92 && c[2] == 255);
	ck_assert(!palette_rgb(-1, c) && !palette_rgb(256, c));
	ck_assert(palette_is_light(white) && palette_is_light(grey));
	ck_assert(!palette_is_light(black));
	ck_assert(palette_rgb(8, c) && palette_is_light(c));
	ck_assert(palette_rgb(243, c) && palette_is_light(c));	/* #767676 */
	ck_assert(palette_rgb(242, c) && !palette_is_light(c));	/* #6c6c6c */

	/* The caption: cream on a white terminal, 1.02:1. */
	contrast_colours(cream, BG_LIGHT, fgc, bgc);
	ck_assert_double_eq_tol(contrast_ratio(fgc, bgc), 1.02, 0.005);
	/* Default text dimmed on black: 229 grey halfway to black. */
	contrast_colours(faint, BG_DARK, fgc, bgc);
	ck_assert_int_eq(fgc[0], 115);
	ck_assert_double_lt(contrast_ratio(fgc, bgc), MIN_CONTRAST);
	/* reverse on the terminal's own colours: black on white. */
	faint.attr = PAL_REVERSE;
	contrast_colours(faint, BG_LIGHT, fgc, bgc);
	ck_assert(fgc[0] == 255 && bgc[0] == 0);
}
END_TEST

/* Every shipped theme file and both built-in palettes, on every
   background each is made for. */
START_TEST(test_contrast)
{
	struct strbuf	 fails = { NULL, 0, 0 };
	struct palette	 pal;
	char		*path, *name;
	size_t		 i;

	for (i = 0; i < nitems(contrast_themes); i++) {
		xasprintf(&path, THEMES "/%s.theme", contrast_themes[i].name);
		load_ok(path, &pal);
		ck_assert_msg(palette_has_color(&pal) ==
		    (contrast_themes[i].bgs != 0), "%s: colour or not?", path);
		name = strrchr(path, '/') + 1;
		if (contrast_themes[i].bgs & BG_DARK)
			contrast_check(name, &pal, BG_DARK, &fails);
		if (contrast_themes[i].bgs & BG_LIGHT)
			contrast_check(name, &pal, BG_LIGHT, &fails);
		free(path);
	}
	contrast_check("built-in default", &palette_builtin, BG_DARK, &fails);
	contrast_check("built-in light", &palette_builtin_light, BG_LIGHT,
	    &fails);
	ck_assert_msg(fails.len == 0, "below %.1f:1 contrast:%s", MIN_CONTRAST,
	    fails.s);
	strbuf_free(&fails);
}
END_TEST

/* Every theme in assets/themes is in contrast_themes. */
START_TEST(test_contrast_listed)
{
	struct dirent	*de;
	DIR		*dir;
	size_t		 i, len;
	int		 n = 0;

	ck_assert_ptr_nonnull(dir = opendir(THEMES));
	while ((de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 6, ".theme") != 0)
			continue;
		for (i = 0; i < nitems(contrast_themes); i++) {
			if (strlen(contrast_themes[i].name) == len - 6 &&
			    strncmp(contrast_themes[i].name, de->d_name,
			    len - 6) == 0)
				break;
		}
		ck_assert_msg(i < nitems(contrast_themes), "%s is not in "
		    "contrast_themes: say which backgrounds it is for",
		    de->d_name);
		n++;
	}
	closedir(dir);
	ck_assert_int_eq(n, (int)nitems(contrast_themes));
}
END_TEST

START_TEST(test_light_is_builtin)
{
	struct palette	pal;

	memset(&pal, 0x55, sizeof pal);
	load_ok(THEMES "/light.theme", &pal);
	assert_palette_eq(&pal, &palette_builtin_light);
}
END_TEST

/*
 * --theme auto's reading of the terminal: the replies to OSC 11 and DA1
 * among other bytes, and COLORFGBG. (tests/termquery.sh plays a whole
 * terminal on a pty.)
 */
START_TEST(test_background_scan)
{
	static const struct {
		const char	*in;
		bool		 osc, da, partial;
		unsigned char	 rgb[3];
	} t[] = {
		{ "\033]11;rgb:ffff/ffff/ffff\033\\\033[?1;2c", 1, 1, 0,
		    { 255, 255, 255 } },
		{ "\033]11;rgb:00/80/ff\007", 1, 0, 0, { 0, 128, 255 } },
		{ "\033]11;rgb:f/0/8\007", 1, 0, 0, { 255, 0, 136 } },
		{ "\033]11;rgba:1c1c/1c1c/1c1c/ffff\033\\", 1, 0, 0,
		    { 28, 28, 28 } },
		/* Keys typed before; another report; DA1 alone. */
		{ "q\033]10;rgb:0/0/0\007x\033[?62;22c", 0, 1, 0, { 0 } },
		/* Begun, not ended: more is on its way. */
		{ "\033]11;rgb:ff", 0, 0, 1, { 0 } },
		{ "\033]11;rgb:ffff/ffff/ffff\033", 0, 0, 1, { 0 } },
		{ "\033[?1;2", 0, 0, 1, { 0 } },
		{ "\033", 0, 0, 1, { 0 } },
		/* Not colours: too many digits, a name, a missing part. */
		{ "\033]11;rgb:fffff/0/0\007", 0, 0, 0, { 0 } },
		{ "\033]11;white\007", 0, 0, 0, { 0 } },
		{ "\033]11;rgb:ff/ff\007", 0, 0, 0, { 0 } },
		{ "\033]11;rgb:ff/ff/ff/ff\007", 0, 0, 0, { 0 } },
		{ "\033]11;rgb:ff/gg/ff\007", 0, 0, 0, { 0 } },
		/* Broken off by another sequence, which still counts. */
		{ "\033]11;rgb:ff\033[?1;2c", 0, 1, 0, { 0 } },
		/* A CSI that is not DA1 (a cursor report). */
		{ "\033[24;80R", 0, 0, 0, { 0 } },
	};
	unsigned char	rgb[3];
	bool		osc, da, partial;
	size_t		i;

	for (i = 0; i < nitems(t); i++) {
		memset(rgb, 0, sizeof rgb);
		termquery_scan(t[i].in, strlen(t[i].in), &osc, rgb, &da,
		    &partial);
		ck_assert_msg(osc == t[i].osc && da == t[i].da &&
		    partial == t[i].partial, "case %zu: osc %d da %d partial "
		    "%d", i, osc, da, partial);
		if (osc)
			ck_assert_msg(memcmp(rgb, t[i].rgb, 3) == 0, "case %zu: "
			    "%d/%d/%d", i, rgb[0], rgb[1], rgb[2]);
	}
}
END_TEST

START_TEST(test_background_colorfgbg)
{
	static const struct {
		const char		*in;
		enum termquery_bg	 bg;
	} t[] = {
		{ "15;0", TERMQUERY_DARK }, { "0;15", TERMQUERY_LIGHT },
		{ "0;7", TERMQUERY_LIGHT }, { "7;8", TERMQUERY_DARK },
		{ "0;9", TERMQUERY_LIGHT }, { "0;12", TERMQUERY_LIGHT },
		{ "7;4", TERMQUERY_DARK }, { "15;default;0", TERMQUERY_DARK },
		{ "0;default;15", TERMQUERY_LIGHT }, { "0;231", TERMQUERY_LIGHT },
		{ "0;16", TERMQUERY_DARK }, { "0;236", TERMQUERY_DARK },
		{ "0;default", TERMQUERY_UNKNOWN }, { "15", TERMQUERY_UNKNOWN },
		{ "", TERMQUERY_UNKNOWN }, { "0;256", TERMQUERY_UNKNOWN },
		{ "0;1x", TERMQUERY_UNKNOWN }, { "0;-1", TERMQUERY_UNKNOWN },
		{ "0;", TERMQUERY_UNKNOWN },
	};
	size_t	i;

	for (i = 0; i < nitems(t); i++)
		ck_assert_msg(termquery_colorfgbg(t[i].in) == t[i].bg,
		    "COLORFGBG '%s': %d, want %d", t[i].in,
		    termquery_colorfgbg(t[i].in), t[i].bg);
	ck_assert_int_eq(termquery_colorfgbg(NULL), TERMQUERY_UNKNOWN);
}
END_TEST

static Suite *
theme_suite(void)
{
	Suite	*s = suite_create("theme");
	TCase	*tc = tcase_create("theme");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_shipped_parse, 0, nitems(shipped));
	tcase_add_test(tc, test_default_is_builtin);
	tcase_add_test(tc, test_high_contrast);
	tcase_add_test(tc, test_monochrome);
	tcase_add_test(tc, test_bad_theme);
	tcase_add_test(tc, test_fallbacks);
	tcase_add_test(tc, test_lines_and_files);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_inih_lines);
	tcase_add_test(tc, test_find_list_use);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_nearest8);
	tcase_add_test(tc, test_depth);
	tcase_add_test(tc, test_contrast_measure);
	tcase_add_test(tc, test_contrast);
	tcase_add_test(tc, test_contrast_listed);
	tcase_add_test(tc, test_light_is_builtin);
	tcase_add_test(tc, test_background_scan);
	tcase_add_test(tc, test_background_colorfgbg);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;
	char	 cmd[64];

	if ((testdata = getenv("TESTDATA")) == NULL)
		testdata = "tests/data";
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	sr = srunner_create(theme_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	return failed == 0 ? 0 : 1;
}
