/*
 * check_theme.c: unit tests for theme.c and palette.c.
 *
 * The shipped themes must parse, and default.theme must say exactly what
 * the compiled-in palette says, so that the two cannot drift apart. Every
 * message for a bad theme is pinned with its line, as check_scenario.c
 * does for scenarios.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen/palette.h"
#include "screen/theme.h"
#include "base/util.h"

#ifndef IPCSCOPE_SRCDIR
#define IPCSCOPE_SRCDIR	"."
#endif
#define THEMES		IPCSCOPE_SRCDIR "/assets/themes"

static const char	*testdata;
static char		 tmpdir[] = "/tmp/check_theme.XXXXXX";

static const char *shipped[] = { "default", "high-contrast", "monochrome" };

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
	int		i;

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
	ck_assert_int_ne(pal.c8[ST_BADGE_DONE].bg, PAL_BLACK);
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
	ck_assert_int_ge(n, 3);
	ck_assert_str_eq(names[0], "broken");
	ck_assert_str_eq(names[1], "default");
	ck_assert_str_eq(names[n - 1], "zebra");
	for (i = 1; i < n; i++)
		ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	/* Unknown: one line listing what there is. */
	ck_assert_int_eq(theme_use("nosuch", &cause), -1);
	ck_assert_msg(strncmp(cause, "ipcscope: no theme 'nosuch'; available "
	    "themes: broken, default, ", 64) == 0, "%s", cause);
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

	/* "default" needs no file. */
	ck_assert_int_eq(theme_use("default", &cause), 0);
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
