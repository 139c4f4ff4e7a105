/*
 * theme.c: find, parse and apply theme files (see theme.h).
 *
 * As in scenario.c, inih parses the file through ini-read.c, which reads
 * and numbers each line, reports unreadable ones (too long, NUL bytes,
 * controls, not UTF-8) and hands over keys, section headers and rejected
 * lines with their numbers (a theme has no continuation lines). Section
 * headers are handled here, so that a bad header is reported once, on its
 * own line, and the keys under it are skipped quietly. Every error is
 * collected; none stops the parse.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/ini-read.h"
#include "screen/palette.h"
#include "screen/theme.h"
#include "base/util.h"

#ifndef IPCSCOPE_THEMEDIR
#define IPCSCOPE_THEMEDIR	"/usr/local/share/ipcscope/themes"
#endif

#define THEME_SUFFIX		".theme"
#define THEME_LOOK_HELP		"write FG [on BG] [ATTRIBUTES], e.g. " \
				"'white on red bold', or 'default'"
#define THEME_NAMES		"black, red, green, yellow, blue, magenta, " \
				"cyan, white or default"
#define THEME_ATTRS		"bold, dim, underline, reverse or none"

/* The sections: one per colour depth. */
enum {
	THEME_256,
	THEME_8,
	THEME_MONO,
	THEME_NSECT
};
/* A file of garbage (a binary given by mistake) stops being listed here. */
#define THEME_MAX_ERRORS	1000
#define THEME_NO_SECTION	-1	/* before the first header */
#define THEME_BAD_SECTION	-2	/* under a header already reported */

struct theme_ctx {
	const char		*path;		/* printable */
	int			 lineno;
	int			 sect;
	/* Where each look was given (0: not given) and what it says; a
	   [mono] look is its attr alone. */
	int			 line[THEME_NSECT][ST_COUNT];
	struct palette_look	 looks[THEME_NSECT][ST_COUNT];
	struct strbuf		 errs;
	int			 nerrs;
	int			 nerrs_dropped;	/* past THEME_MAX_ERRORS */
};

static const char *theme_sections[THEME_NSECT] = { "256", "8", "mono" };

static const char *theme_color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	unsigned char	 bit;
} theme_attrs[] = {
	{ "bold", PAL_BOLD },
	{ "dim", PAL_DIM },
	{ "underline", PAL_UNDERLINE },
	{ "reverse", PAL_REVERSE },
	{ "none", 0 },
};

static void	theme_error(struct theme_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* "PATH:LINE: message" for the current line. */
static void
theme_error(struct theme_ctx *ctx, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg;

	if (ctx->nerrs++ >= THEME_MAX_ERRORS) {
		ctx->nerrs_dropped++;
		return;
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	util_printable(msg);
	if (ctx->errs.len != 0)
		strbuf_add(&ctx->errs, "\n", 1);
	strbuf_printf(&ctx->errs, "%s:%d: %s", ctx->path, ctx->lineno, msg);
	free(msg);
}

/* Text from the file quoted in a message, cut to a sane length. */
static const char *
theme_clip(const char *s)
{
	return util_clip(s, 40, 32);
}

/* "normal, dim, title, ...": every style name; the caller frees. */
static char *
theme_style_list(void)
{
	struct strbuf	sb = { NULL, 0, 0 };
	const char	*name;
	int		 i;

	for (i = 0; i < ST_COUNT; i++) {
		name = palette_style_name(i);
		if (i != 0)
			strbuf_add(&sb, ", ", 2);
		strbuf_add(&sb, name, strlen(name));
	}
	return sb.s;
}

/* Reading: lines and sections. */

static void
theme_section(struct theme_ctx *ctx, char *s)
{
	char	*end;
	int	 i;

	ctx->sect = THEME_BAD_SECTION;
	if ((end = strchr(s, ']')) == NULL) {
		theme_error(ctx, "section header has no closing ']'; valid "
		    "sections: [256], [8], [mono]");
		return;
	}
	*end++ = '\0';
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' && *end != ';' && *end != '#') {
		theme_error(ctx, "text after the section header: '%s'; put "
		    "comments after ';'", theme_clip(end));
		return;
	}
	for (s++; isspace((unsigned char)*s); s++)
		/* nothing */;
	for (end = s + strlen(s); end > s && isspace((unsigned char)end[-1]);
	    end--)
		/* nothing */;
	*end = '\0';
	for (i = 0; i < THEME_NSECT; i++) {
		if (strcmp(s, theme_sections[i]) == 0) {
			ctx->sect = i;
			return;
		}
	}
	theme_error(ctx, "unknown section '[%s]'; valid sections: [256] (256 "
	    "colours), [8] (8 or 16 colours), [mono] (no colour)",
	    theme_clip(s));
}

static void
theme_read_error(void *arg, int line, const char *msg)
{
	struct theme_ctx	*ctx = arg;

	ctx->lineno = line;
	theme_error(ctx, "%s", msg);
}

/* Looks. */

/* A colour word: 0 and *c set, or -1 if it is not one (or too big). */
static int
theme_color(const char *w, int max, short *c)
{
	char	*end;
	long	 l;
	int	 i;

	if (strcmp(w, "default") == 0) {
		*c = -1;
		return 0;
	}
	for (i = 0; i < 8; i++) {
		if (strcmp(w, theme_color_names[i]) == 0) {
			*c = (short)i;
			return 0;
		}
	}
	if (!isdigit((unsigned char)*w))
		return -1;
	errno = 0;
	l = strtol(w, &end, 10);
	if (*end != '\0' || errno != 0 || l > max)
		return -1;
	*c = (short)l;
	return 0;
}

/* An attribute word: its bit (0 for "none"), or -1. */
static int
theme_attr(const char *w)
{
	size_t	i;

	for (i = 0; i < nitems(theme_attrs); i++) {
		if (strcmp(w, theme_attrs[i].name) == 0)
			return theme_attrs[i].bit;
	}
	return -1;
}

static void
theme_bad_color(struct theme_ctx *ctx, int sect, const char *style,
    const char *w)
{
	theme_error(ctx, "bad colour '%s' for %s in [%s]: give %s, %s",
	    theme_clip(w), style, theme_sections[sect],
	    sect == THEME_8 ? "0-7" : "0-255", THEME_NAMES);
}

/* Parse one look; 0, or -1 after reporting what is wrong. */
static int
theme_look(struct theme_ctx *ctx, int sect, const char *style,
    const char *value, struct palette_look *look)
{
	enum { FG, ON, BG, ATTRS }	 want = FG;
	char				*copy, *w, *last;
	short				 c;
	int				 max = sect == THEME_8 ? 7 : 255;
	int				 a, nwords = 0, rc = -1;

	look->fg = look->bg = -1;
	look->attr = 0;
	copy = xstrdup(value);
	for (w = strtok_r(copy, " \t,", &last); w != NULL;
	    w = strtok_r(NULL, " \t,", &last)) {
		nwords++;
		if (sect == THEME_MONO) {
			if ((a = theme_attr(w)) >= 0) {
				look->attr |= a;
				continue;
			}
			if (theme_color(w, 255, &c) == 0)
				theme_error(ctx, "colour '%s' for %s in [mono]: "
				    "[mono] is for terminals without colour; "
				    "give attributes only: %s", theme_clip(w),
				    style, THEME_ATTRS);
			else
				theme_error(ctx, "bad attribute '%s' for %s in "
				    "[mono]: give %s", theme_clip(w), style,
				    THEME_ATTRS);
			goto out;
		}
		if (want == BG) {
			if (theme_color(w, max, &look->bg) == -1) {
				theme_bad_color(ctx, sect, style, w);
				goto out;
			}
			want = ATTRS;
			continue;
		}
		if (strcmp(w, "on") == 0 && want != ATTRS) {
			want = BG;
			continue;
		}
		if ((a = theme_attr(w)) >= 0) {
			look->attr |= a;
			want = ATTRS;
			continue;
		}
		if (want == FG) {
			if (theme_color(w, max, &look->fg) == -1) {
				theme_bad_color(ctx, sect, style, w);
				goto out;
			}
			want = ON;
			continue;
		}
		if (theme_color(w, 255, &c) == 0 || strcmp(w, "on") == 0)
			theme_error(ctx, "'%s' out of place for %s in [%s]: "
			    THEME_LOOK_HELP, theme_clip(w), style,
			    theme_sections[sect]);
		else
			theme_error(ctx, "bad attribute '%s' for %s in [%s]: "
			    "give %s", theme_clip(w), style,
			    theme_sections[sect], THEME_ATTRS);
		goto out;
	}
	if (want == BG) {
		theme_error(ctx, "'on' needs a colour after it for %s in [%s]: "
		    THEME_LOOK_HELP, style, theme_sections[sect]);
		goto out;
	}
	if (nwords == 0) {
		theme_error(ctx, "no look for %s in [%s]: %s", style,
		    theme_sections[sect], sect == THEME_MONO ?
		    "give " THEME_ATTRS : THEME_LOOK_HELP);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* One "STYLE = LOOK" line; a line the reader reported is skipped. */
static void
theme_key(struct theme_ctx *ctx, const char *name, const char *value)
{
	struct palette_look	 look;
	char			*list;
	int			 st;

	if (ctx->sect == THEME_BAD_SECTION)
		return;
	if (*name == '\0') {
		theme_error(ctx, "missing style name before '='; expected "
		    "'STYLE = LOOK'");
		return;
	}
	if (ctx->sect == THEME_NO_SECTION) {
		theme_error(ctx, "'%s' is outside any section; put it under "
		    "[256], [8] or [mono]", theme_clip(name));
		return;
	}
	if ((st = palette_style_find(name)) == -1) {
		list = theme_style_list();
		theme_error(ctx, "unknown style '%s' in [%s]; valid styles: %s",
		    theme_clip(name), theme_sections[ctx->sect], list);
		free(list);
		return;
	}
	if (ctx->line[ctx->sect][st] != 0) {
		theme_error(ctx, "%s given twice in [%s]; the first is at line "
		    "%d", name, theme_sections[ctx->sect],
		    ctx->line[ctx->sect][st]);
		return;
	}
	if (theme_look(ctx, ctx->sect, name, value, &look) == -1)
		return;
	ctx->line[ctx->sect][st] = ctx->lineno;
	ctx->looks[ctx->sect][st] = look;
}

/* One line (called by ini_read_parse()). */
static void
theme_line(void *arg, const struct ini_line *l)
{
	struct theme_ctx	*ctx = arg;

	ctx->lineno = l->lineno;
	switch (l->kind) {
	case INI_LINE_CONT:	/* not asked for: never returned */
		break;
	case INI_LINE_SECTION:
		theme_section(ctx, l->text);
		break;
	case INI_LINE_KEY:
		if (!l->bad)
			theme_key(ctx, l->key, l->value);
		break;
	case INI_LINE_OTHER:
		theme_error(ctx, "expected '[section]' or 'STYLE = LOOK', not "
		    "'%s'", theme_clip(l->text));
		break;
	}
}

/* The palette a parsed theme says (see theme.h for what is left out). */
static void
theme_build(const struct theme_ctx *ctx, struct palette *pal)
{
	const struct palette	*def = &palette_builtin;
	const struct palette_look *l;
	int			 i;

	for (i = 0; i < ST_COUNT; i++) {
		pal->c256[i] = ctx->line[THEME_256][i] != 0 ?
		    ctx->looks[THEME_256][i] : def->c256[i];
		if (ctx->line[THEME_8][i] != 0)
			pal->c8[i] = ctx->looks[THEME_8][i];
		else if (ctx->line[THEME_256][i] != 0) {
			l = &ctx->looks[THEME_256][i];
			pal->c8[i].fg = palette_nearest8(l->fg);
			pal->c8[i].bg = palette_nearest8(l->bg);
			pal->c8[i].attr = l->attr;
		} else
			pal->c8[i] = def->c8[i];
		pal->mono[i] = ctx->line[THEME_MONO][i] != 0 ?
		    ctx->looks[THEME_MONO][i].attr : def->mono[i];
	}
}

int
theme_load(const char *path, struct palette *pal, char **cause)
{
	struct theme_ctx	 ctx;
	FILE			*f;
	char			*shown;

	if ((f = util_fopen_regular(path, cause)) == NULL)
		return -1;
	memset(&ctx, 0, sizeof ctx);
	shown = util_printable_dup(path);
	ctx.path = shown;
	ctx.sect = THEME_NO_SECTION;
	if (ini_read_parse(f, "theme", 0, theme_read_error, theme_line,
	    &ctx) == -1) {
		xasprintf(cause, "%s: cannot read: %s", shown, strerror(errno));
		fclose(f);
		free(shown);
		strbuf_free(&ctx.errs);
		return -1;
	}
	fclose(f);
	if (ctx.nerrs_dropped != 0)
		strbuf_printf(&ctx.errs, "\n%s: %d more errors not listed (at "
		    "most %d are)", shown, ctx.nerrs_dropped, THEME_MAX_ERRORS);
	free(shown);
	if (ctx.errs.len != 0) {
		*cause = ctx.errs.s;
		return -1;
	}
	theme_build(&ctx, pal);
	return 0;
}

/* Lookup. */

/* Themes: NAME.theme, see theme_find() in theme.h. */
static const struct util_data theme_data = {
	"IPCSCOPE_THEME_PATH", "assets/themes", IPCSCOPE_THEMEDIR,
	THEME_SUFFIX
};

char *
theme_find(const char *name)
{
	return util_data_find(&theme_data, name);
}

static int
theme_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The themes built in: usable without a file, always listed. */
static const struct {
	const char		*name;
	const struct palette	*pal;
} theme_builtins[] = {
	{ "default", &palette_builtin },
	{ "light", &palette_builtin_light },
};

int
theme_list(char ***namesp)
{
	char	**names;
	size_t	  b;
	int	  n, i;

	n = util_data_list(&theme_data, NULL, &names);
	for (b = 0; b < nitems(theme_builtins); b++) {
		for (i = 0; i < n && strcmp(names[i], theme_builtins[b].name) !=
		    0; i++)
			/* nothing */;
		if (i < n)
			continue;
		/* Built in, whether a file says it or not. */
		names = xreallocarray(names, (size_t)n + 2, sizeof *names);
		names[n++] = xstrdup(theme_builtins[b].name);
		names[n] = NULL;
	}
	qsort(names, (size_t)n, sizeof *names, theme_cmp_name);
	*namesp = names;
	return n;
}

/* ipcscope: no theme 'NAME'; available themes: auto, ... */
static char *
theme_unknown(const char *name)
{
	struct strbuf	  sb = { NULL, 0, 0 };
	char		**names;
	int		  n, i;

	n = theme_list(&names);
	strbuf_printf(&sb, "ipcscope: no theme '%s'; available themes: "
	    THEME_AUTO, theme_clip(name));
	for (i = 0; i < n; i++) {
		strbuf_printf(&sb, ", %s", names[i]);
		free(names[i]);
	}
	free(names);
	strbuf_printf(&sb, " (or give the path of a %s file)", THEME_SUFFIX);
	util_printable(sb.s);	/* NAME came from the user */
	return sb.s;
}

int
theme_use(const char *name, char **cause)
{
	struct palette	 pal;
	char		*path;
	size_t		 b;

	if (strcmp(name, THEME_AUTO) == 0)
		return theme_use_auto(false, cause);
	if ((path = theme_find(name)) == NULL) {
		for (b = 0; b < nitems(theme_builtins); b++) {
			if (strcmp(name, theme_builtins[b].name) == 0) {
				palette_set(theme_builtins[b].pal);
				return 0;
			}
		}
		*cause = theme_unknown(name);
		return -1;
	}
	if (theme_load(path, &pal, cause) == -1) {
		free(path);
		return -1;
	}
	free(path);
	palette_set(&pal);
	return 0;
}

int
theme_use_auto(bool light, char **cause)
{
	return theme_use(light ? "light" : "default", cause);
}
