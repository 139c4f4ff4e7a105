/* channels.c: [channel NAME] sections, and the checks of each channel
   against its users and the kernel's limits. */
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

/*
 * The keys of a [channel] section: type and capacity, then every kind's
 * own (each once, in the table's order).
 */
static const char **
scen_channel_keys(size_t *n)
{
	static const char	*keys[64];
	static size_t		 nkeys;
	const struct channel_ops *k;
	const struct kind_key	*kk;
	int			 i;

	if (nkeys == 0) {
		keys[nkeys++] = "type";
		keys[nkeys++] = "capacity";
		for (i = 0; (k = channel_kind(i)) != NULL; i++) {
			for (kk = k->keys; kk != NULL && kk->name != NULL;
			    kk++) {
				if (nkeys < nitems(keys) && scen_word_index(
				    keys, nkeys, kk->name) < 0)
					keys[nkeys++] = kk->name;
			}
		}
	}
	*n = nkeys;
	return keys;
}

/* A kind's own key by name, in kind k or (k NULL) any kind. */
static const struct kind_key *
scen_kind_key(const struct channel_ops *k, const char *name)
{
	const struct kind_key	*kk;
	int			 i;

	if (k == NULL) {
		for (i = 0; (k = channel_kind(i)) != NULL; i++) {
			if ((kk = scen_kind_key(k, name)) != NULL)
				return kk;
		}
		return NULL;
	}
	for (kk = k->keys; kk != NULL && kk->name != NULL; kk++) {
		if (strcmp(kk->name, name) == 0)
			return kk;
	}
	return NULL;
}

/* Its own keys, each parsed by its kind; another kind's key is named. */
static void
scen_channel_own_keys(struct scen_ctx *ctx, struct scen_section *sec,
    struct chan_conf *c, struct scen_cinfo *ci)
{
	const struct kind_key	*kk;
	const char		*v;
	char			*cause;
	int			 i, line;

	for (i = 0; i < sec->nkeys; i++) {
		if (sec->keys[i].dropped || strcmp(sec->keys[i].name, "type") ==
		    0 || strcmp(sec->keys[i].name, "capacity") == 0 ||
		    (kk = scen_kind_key(NULL, sec->keys[i].name)) == NULL)
			continue;
		line = sec->keys[i].line;
		v = scen_get(sec, kk->name, &line, NULL);
		if (strcmp(kk->name, "msgsize") == 0) {
			ci->msgsize_given = 1;
			ci->msgsize_line = line;
		}
		if (c->kind == NULL)
			continue;
		if (scen_kind_key(c->kind, kk->name) == NULL) {
			scen_error(ctx, line, kk->elsewhere, c->kind->name);
			continue;
		}
		if (v == NULL)
			continue;	/* a bad line, reported */
		if (kk->parse(c, v, &cause) == -1) {
			scen_error(ctx, line, "%s", cause);
			free(cause);
		} else if (strcmp(kk->name, "msgsize") == 0) {
			ci->msgsize_ok = 1;
			ci->msgsize = c->msgsize;
			ci->msgsize_text = v;
		}
	}
}

void
scen_do_channel(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario		*sc = ctx->sc;
	const struct channel_ops *k;
	struct chan_conf	*c;
	struct scen_cinfo	*ci;
	const char		**keys, *v;
	char			 list[512];
	size_t			 nkeys;
	int			 present, line;

	keys = scen_channel_keys(&nkeys);
	scen_check_keys(ctx, sec, keys, nkeys);
	/* A second channel of the same name is reported by the name check. */
	if (scenario_channel_index(sc, sec->name) >= 0)
		return;
	if (sc->nchannels == SCENARIO_MAX_CHANNELS) {
		scen_error(ctx, sec->line, "too many channels; at most %d",
		    SCENARIO_MAX_CHANNELS);
		ctx->dropped = xgrowarray(ctx->dropped, ctx->ndropped,
		    sizeof *ctx->dropped);
		ctx->dropped[ctx->ndropped++] = sec->name;
		return;
	}
	c = &sc->channels[sc->nchannels];
	ci = &ctx->ci[sc->nchannels];
	sc->nchannels++;
	c->name = xstrdup(sec->name);
	c->line = sec->line;

	channel_kind_list(list, sizeof list, ", ", NULL);
	v = scen_get(sec, "type", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'type' in %s; valid types: "
		    "%s", scen_sect_label(sec), list);
	else if (v != NULL) {
		if ((k = channel_kind_by_name(v)) == NULL)
			scen_error(ctx, line, "unknown channel type '%s'; "
			    "valid types: %s", scen_clip(v), list);
		else {
			c->kind = k;
			ci->type_ok = 1;
		}
	}

	/* The lines are set even when the value is bad (see scen_get()). */
	scen_get(sec, "capacity", &ci->cap_line, &ci->cap_given);
	if (ci->cap_given && ci->type_ok) {
		/* Some kinds count items (a queue's messages), the others
		   bytes. */
		ci->cap_ok = scen_get_num(ctx, sec, "capacity",
		    c->kind->cap_count ? units_parse_count : units_parse_size,
		    &c->capacity, &ci->cap_line, &ci->cap_text);
	}
	scen_channel_own_keys(ctx, sec, c, ci);
}

int
scen_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
scen_resolve_channel(struct scen_ctx *ctx, const char *name, int line)
{
	struct strbuf	sb = { NULL, 0, 0 };
	int		i;

	for (i = 0; i < ctx->sc->nchannels; i++) {
		if (strcmp(ctx->sc->channels[i].name, name) == 0)
			return i;
	}
	ctx->refs_bad = 1;
	/* A channel dropped for being one too many was reported already. */
	if (ctx->ndropped != 0 && bsearch(&name, ctx->dropped,
	    (size_t)ctx->ndropped, sizeof *ctx->dropped, scen_cmp_strp) != NULL)
		return -1;
	for (i = 0; i < ctx->sc->nchannels; i++) {
		if (i != 0)
			strbuf_add(&sb, ", ", 2);
		strbuf_add(&sb, ctx->sc->channels[i].name,
		    strlen(ctx->sc->channels[i].name));
	}
	if (sb.s == NULL)
		scen_error(ctx, line, "channel '%s' does not exist; there are "
		    "no channels: declare one with [channel NAME]",
		    scen_clip(name));
	else
		scen_error(ctx, line, "channel '%s' does not exist; channels: "
		    "%s", scen_clip(name), sb.s);
	strbuf_free(&sb);
	return -1;
}

/* Channel-level checks: use, feeding, sizes, kernel limits. */
/* kind_check's error: at the line of the key it names. */
static void
scen_kind_error(struct kind_check *kc, const char *key, const char *fmt, ...)
{
	struct scen_kcheck	*k = kc->arg;
	va_list			 ap;
	char			*msg;
	int			 line = kc->conf->line;

	if (key != NULL && strcmp(key, "capacity") == 0)
		line = k->ci->cap_line;
	else if (key != NULL && strcmp(key, "msgsize") == 0)
		line = k->ci->msgsize_line;
	else if (key != NULL && strcmp(key, "size") == 0 && k->writer != NULL)
		line = k->writer->size_line;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	scen_error(k->ctx, line, "%s", msg);
	free(msg);
}

/* Every process's relation to channel i: users, writers' sizes, what the
   kind forbids. */
static int
scen_channel_users(struct scen_ctx *ctx, int i)
{
	struct chan_conf	*c = &ctx->sc->channels[i];
	struct scen_pbase	*pb, *w0 = NULL;
	int			 j, users = 0;

	for (j = 0; j < ctx->npb; j++) {
		pb = &ctx->pb[j];
		if (pb->from == i || pb->to == i || pb->uses == i)
			users++;
		if (c->kind->uses && (pb->from == i || pb->to == i))
			scen_error(ctx, pb->from == i ? pb->from_line :
			    pb->to_line, "'%s' is a %s: processes use it with "
			    "'role = user' and 'uses = %s', not 'from' or 'to'",
			    c->name, c->kind->name, c->name);
		if (c->kind->no_markers != NULL && pb->to == i &&
		    pb->markers > 0)
			scen_error(ctx, pb->sec->line, "%s",
			    c->kind->no_markers);
		if (pb->to != i || !pb->size_ok)
			continue;
		if (w0 == NULL) {
			w0 = pb;
			if (c->msgsize == 0)
				c->msgsize = pb->size;
		} else if (pb->size != w0->size)
			scen_error(ctx, pb->size_line, "processes '%s' and '%s' "
			    "both write to '%s' with different sizes (%s and "
			    "%s); all writers of a channel must use the same "
			    "size", w0->sec->name, pb->sec->name, c->name,
			    w0->size_text, pb->size_text);
	}
	return users;
}

void
scen_check_channels(struct scen_ctx *ctx)
{
	struct scenario		*sc = ctx->sc;
	struct chan_conf	*c;
	struct scen_cinfo	*ci;
	struct scen_pbase	*pb;
	struct scen_kcheck	 k;
	struct kind_check	 kc;
	int			*fed, i, j, changed, users;

	for (i = 0; i < sc->nchannels; i++) {
		c = &sc->channels[i];
		ci = &ctx->ci[i];
		if (!ci->type_ok)
			continue;
		users = scen_channel_users(ctx, i);
		if (users == 0 && !ctx->refs_bad && c->kind->uses)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'uses = %s'; use it or remove it",
			    c->name, c->name);
		else if (users == 0 && !ctx->refs_bad)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'to = %s' or 'from = %s'; use it or "
			    "remove it", c->name, c->name, c->name);

		/* The kind checks its own settings and its writers. */
		memset(&kc, 0, sizeof kc);
		k.ctx = ctx;
		k.ci = ci;
		k.writer = NULL;
		kc.conf = c;
		kc.lim = channel_limits();
		kc.cap_given = ci->cap_given;
		kc.cap_ok = ci->cap_ok;
		kc.cap_text = ci->cap_text;
		kc.msgsize_given = ci->msgsize_given;
		kc.msgsize_ok = ci->msgsize_ok;
		kc.msgsize = ci->msgsize;
		kc.msgsize_text = ci->msgsize_text;
		kc.error = scen_kind_error;
		kc.arg = &k;
		if (c->kind->check != NULL)
			c->kind->check(&kc);
		for (j = 0; c->kind->check_writer != NULL && j < ctx->npb;
		    j++) {
			pb = &ctx->pb[j];
			if (pb->to != i || !pb->size_ok)
				continue;
			k.writer = pb;
			c->kind->check_writer(&kc, pb->sec->name, pb->size,
			    pb->size_text);
		}
	}

	/*
	 * A reader is fed when a producer reaches its channel, directly or
	 * through relays; relays that only feed each other in a loop do not
	 * count.
	 */
	fed = xcalloc(sc->nchannels > 0 ? sc->nchannels : 1, sizeof *fed);
	do {
		changed = 0;
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->to < 0 || fed[pb->to])
				continue;
			/* An unknown role was reported; do not pile on. */
			/* A program with no input writes what it makes. */
			if (!pb->has_role || pb->role == ROLE_PRODUCER ||
			    (pb->role == ROLE_EXEC && pb->from < 0) ||
			    ((pb->role == ROLE_RELAY ||
			    pb->role == ROLE_EXEC) && pb->from >= 0 &&
			    fed[pb->from])) {
				fed[pb->to] = 1;
				changed = 1;
			}
		}
	} while (changed);
	for (j = 0; j < ctx->npb; j++) {
		pb = &ctx->pb[j];
		if (!pb->has_role || pb->from < 0 || fed[pb->from])
			continue;
		users = 0;
		for (i = 0; i < ctx->npb; i++) {
			if (ctx->pb[i].to == pb->from)
				users++;
		}
		if (users == 0 && !ctx->refs_bad)
			scen_error(ctx, pb->from_line, "process '%s' reads from "
			    "'%s' but no process writes to it; nothing feeds "
			    "it", pb->sec->name, sc->channels[pb->from].name);
		else if (users != 0)
			scen_error(ctx, pb->from_line, "process '%s' reads from "
			    "'%s' but only relays in a loop write to it; no "
			    "producer feeds it", pb->sec->name,
			    sc->channels[pb->from].name);
	}
	free(fed);
}
