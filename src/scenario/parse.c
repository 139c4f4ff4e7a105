/* parse.c: pass one of a scenario load: lines into sections and keys, and
   the helpers that read keys back. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "scenario/scen-int.h"


static void
scen_section_header(struct scen_ctx *ctx, char *s)
{
	struct scen_section	*sec;
	char			*end, *word, *name, *p;
	enum scen_sect_kind	 kind;

	ctx->sects = xgrowarray(ctx->sects, ctx->nsects,
	    sizeof *ctx->sects);
	sec = &ctx->sects[ctx->nsects];
	memset(sec, 0, sizeof *sec);
	sec->kind = SECT_BAD;
	sec->line = ctx->lineno;
	ctx->cur = ctx->nsects++;
	ctx->last_key = -1;

	/* As in a value, ';' after a blank ends the header too. */
	for (end = s + 1; *end != '\0' && *end != ']'; end++) {
		if (*end == ';' && isspace((unsigned char)end[-1]))
			break;
	}
	if (*end != ']') {
		scen_error(ctx, ctx->lineno, "section header has no closing "
		    "']'; valid sections: " SCEN_SECTIONS);
		return;
	}
	*end++ = '\0';
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' && *end != ';' && *end != '#') {
		scen_error(ctx, ctx->lineno, "text after the section header: "
		    "'%s'; put comments after ';'", scen_clip(end));
	}

	word = s + 1;
	while (isspace((unsigned char)*word))
		word++;
	for (p = word; *p != '\0' && !isspace((unsigned char)*p); p++)
		/* nothing */;
	name = p;
	if (*name != '\0') {
		*name++ = '\0';
		while (isspace((unsigned char)*name))
			name++;
		for (p = name + strlen(name); p > name &&
		    isspace((unsigned char)p[-1]); p--)
			/* nothing */;
		*p = '\0';
	}

	if (strcmp(word, "scenario") == 0)
		kind = SECT_SCENARIO;
	else if (strcmp(word, "channel") == 0)
		kind = SECT_CHANNEL;
	else if (strcmp(word, "process") == 0)
		kind = SECT_PROCESS;
	else if (strcmp(word, "cue") == 0)
		kind = SECT_CUE;
	else if (strcmp(word, "expect") == 0)
		kind = SECT_EXPECT;
	else {
		scen_error(ctx, ctx->lineno, "unknown section '[%s%s%s]'; "
		    "valid sections: " SCEN_SECTIONS, scen_clip(word),
		    *name != '\0' ? " " : "", scen_clip(name));
		return;
	}

	if (kind == SECT_CHANNEL || kind == SECT_PROCESS) {
		if (*name == '\0') {
			scen_error(ctx, ctx->lineno, "[%s] needs a name: "
			    "[%s NAME]", word, word);
			return;
		}
		if (!scen_valid_name(name)) {
			scen_error(ctx, ctx->lineno, "bad %s name '%s': "
			    SCEN_NAME_RULE, word, scen_clip(name));
			return;
		}
		sec->name = xstrdup(name);
	} else if (*name != '\0') {
		scen_error(ctx, ctx->lineno, "[%s] takes no name; write "
		    "[%s]", word, word);
		return;
	}

	if (kind == SECT_SCENARIO) {
		if (ctx->scenario_line != 0) {
			scen_error(ctx, ctx->lineno, "second [scenario] "
			    "section; the first is at line %d",
			    ctx->scenario_line);
			return;
		}
		ctx->scenario_line = ctx->lineno;
	}
	sec->kind = kind;
}

void
scen_read_error(void *arg, int line, const char *msg)
{
	scen_error(arg, line, "%s", msg);
}

/* A continuation line: joined to the last key's value with one space. */
static void
scen_cont(struct scen_ctx *ctx, const struct ini_line *l)
{
	struct scen_key	*k;

	if (ctx->cur < 0 || ctx->last_key < 0)
		return;
	k = &ctx->sects[ctx->cur].keys[ctx->last_key];
	if (*l->value != '\0') {
		if (k->value.len != 0)
			strbuf_add(&k->value, " ", 1);
		strbuf_add(&k->value, l->value, strlen(l->value));
	}
	if (l->bad)
		k->bad = 1;
	if (l->comment && k->comment_line == 0)
		k->comment_line = l->lineno;
}

void
scen_key(struct scen_ctx *ctx, const struct ini_line *l)
{
	struct scen_section	*sec;
	struct scen_key		*k;
	const char		*name = l->key;

	ctx->last_key = -1;
	if (*name == '\0') {
		scen_error(ctx, ctx->lineno, "missing key name before '='; "
		    "expected 'key = value'");
		return;
	}
	if (ctx->cur < 0) {
		scen_error(ctx, ctx->lineno, "key '%s' is outside any section; "
		    "start the file with [scenario]", scen_clip(name));
		return;
	}
	/* A key given twice is dropped by scen_drop_twice(). */
	sec = &ctx->sects[ctx->cur];
	sec->keys = xgrowarray(sec->keys, sec->nkeys, sizeof *sec->keys);
	k = &sec->keys[sec->nkeys];
	memset(k, 0, sizeof *k);
	k->name = xstrdup(name);
	k->line = ctx->lineno;
	k->bad = l->bad;
	k->comment_line = l->comment ? l->lineno : 0;
	strbuf_add(&k->value, l->value, strlen(l->value));
	ctx->last_key = sec->nkeys++;
}

static int
scen_cmp_keyp(const void *a0, const void *b0)
{
	const struct scen_key	*a = *(struct scen_key *const *)a0;
	const struct scen_key	*b = *(struct scen_key *const *)b0;
	int			 c;

	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return a->line - b->line;
}

/*
 * A key may be given once in a section (a cue may repeat its actions and
 * its 'when' conditions):
 * every later one is reported and dropped. Sorting a copy of the list
 * keeps this O(n log n) however many keys a section has.
 */
void
scen_drop_twice(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scen_key	**v, *first = NULL;
	int		  i, j, n = sec->nkeys;

	if (n < 2)
		return;
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = &sec->keys[i];
	qsort(v, (size_t)n, sizeof *v, scen_cmp_keyp);
	for (i = 0; i < n; i++) {
		if (first == NULL || strcmp(first->name, v[i]->name) != 0) {
			first = v[i];
			continue;
		}
		if (sec->kind == SECT_CUE && (scen_word_index(scen_action_names,
		    nitems(scen_action_names), first->name) >= 0 ||
		    strcmp(first->name, "when") == 0))
			continue;
		scen_error(ctx, v[i]->line, "key '%s' given twice in one "
		    "section; the first is at line %d", scen_clip(v[i]->name),
		    first->line);
		v[i]->dropped = 1;
	}
	free(v);
	for (i = j = 0; i < n; i++) {
		if (sec->keys[i].dropped) {
			free(sec->keys[i].name);
			strbuf_free(&sec->keys[i].value);
			continue;
		}
		sec->keys[j++] = sec->keys[i];
	}
	sec->nkeys = j;
}

/* Pass one: file one line (called by ini_read_parse()). */
void
scen_line(void *arg, const struct ini_line *l)
{
	struct scen_ctx	*ctx = arg;

	ctx->lineno = l->lineno;
	switch (l->kind) {
	case INI_LINE_SECTION:
		scen_section_header(ctx, l->text);
		break;
	case INI_LINE_CONT:
		scen_cont(ctx, l);
		break;
	case INI_LINE_KEY:
		scen_key(ctx, l);
		break;
	case INI_LINE_OTHER:
		scen_error(ctx, ctx->lineno, "expected '[section]' or "
		    "'key = value', not '%s'", scen_clip(l->text));
		break;
	}
}

const char *
scen_val(const struct scen_key *k)
{
	return k->value.s != NULL ? k->value.s : "";
}

/* "[process writer]", "[cue]": how a message names a section. */
const char *
scen_sect_label(const struct scen_section *sec)
{
	static char	buf[64];
	static const char *words[] = {
		"scenario", "channel", "process", "cue", "expect", "?"
	};

	if (sec->name != NULL)
		snprintf(buf, sizeof buf, "[%s %s]", words[sec->kind],
		    sec->name);
	else
		snprintf(buf, sizeof buf, "[%s]", words[sec->kind]);
	return buf;
}

static struct scen_key *
scen_find_key(struct scen_section *sec, const char *name)
{
	int	i;

	for (i = 0; i < sec->nkeys; i++) {
		if (strcmp(sec->keys[i].name, name) == 0)
			return &sec->keys[i];
	}
	return NULL;
}

/* Report keys not in the list; returns nothing, the rest goes on. */
void
scen_check_keys(struct scen_ctx *ctx, struct scen_section *sec,
    const char **valid, size_t n)
{
	char	*list;
	int	 i;

	for (i = 0; i < sec->nkeys; i++) {
		if (scen_word_index(valid, n, sec->keys[i].name) >= 0)
			continue;
		list = scen_list(valid, n);
		scen_error(ctx, sec->keys[i].line, "unknown key '%s' in %s; "
		    "valid keys: %s", scen_clip(sec->keys[i].name),
		    scen_sect_label(sec), list);
		free(list);
	}
}

/*
 * The value of a key that must be checked: NULL when the key is absent or
 * was already reported as malformed (then *present says whether it is
 * there at all). *line is the key's line whenever it is present, so that
 * a message about a malformed key's mere presence names its line too.
 */
const char *
scen_get(struct scen_section *sec, const char *name, int *line,
    int *present)
{
	struct scen_key	*k = scen_find_key(sec, name);

	if (present != NULL)
		*present = k != NULL;
	if (k != NULL && line != NULL)
		*line = k->line;
	if (k == NULL || k->bad)
		return NULL;
	return scen_val(k);
}

/* Parse a number-like key; 1 if given and valid, 0 otherwise. */
int
scen_get_num(struct scen_ctx *ctx, struct scen_section *sec, const char *name,
    scen_parse_fn fn, uint64_t *out, int *line, const char **text)
{
	const char	*v;
	char		*cause;
	int		 l = sec->line;

	if ((v = scen_get(sec, name, &l, NULL)) == NULL)
		return 0;
	if (line != NULL)
		*line = l;
	if (text != NULL)
		*text = v;
	if (fn(v, out, &cause) != 0) {
		scen_error(ctx, l, "%s: %s", name, cause);
		free(cause);
		return 0;
	}
	return 1;
}
