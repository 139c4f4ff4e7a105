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

static const char *scen_keys_channel[] = {
	"type", "capacity", "msgsize", "signal", "maxsize", "joinable"
};

/*
 * A signal a scenario may send: the two left to applications (SIGUSR1,
 * SIGUSR2) or a real-time one, SIGRTMIN+N as this libc numbers them
 * (glibc keeps the first two for itself). 0 if none.
 */
static int
scen_signal_number(const char *v)
{
	char	*end;
	long	 n = 0;

	if (strcasecmp(v, "SIGUSR1") == 0 || strcasecmp(v, "USR1") == 0)
		return SIGUSR1;
	if (strcasecmp(v, "SIGUSR2") == 0 || strcasecmp(v, "USR2") == 0)
		return SIGUSR2;
	if (strncasecmp(v, "SIGRTMIN", 8) != 0)
		return 0;
	v += 8;
	if (*v == '+') {
		errno = 0;
		n = strtol(v + 1, &end, 10);
		if (errno != 0 || end == v + 1 || *end != '\0' || n < 0)
			return 0;
	} else if (*v != '\0')
		return 0;
	if (n > SIGRTMAX - SIGRTMIN)
		return 0;
	return SIGRTMIN + (int)n;
}

void
scen_do_channel(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario		*sc = ctx->sc;
	struct scen_channel	*c;
	struct scen_cinfo	*ci;
	const char		*v;
	char			*list;
	int			 present, line, k;

	scen_check_keys(ctx, sec, scen_keys_channel,
	    nitems(scen_keys_channel));
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

	list = scen_list(scen_kind_names, CHAN_KIND_COUNT);
	v = scen_get(sec, "type", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'type' in %s; valid types: "
		    "%s", scen_sect_label(sec), list);
	else if (v != NULL) {
		k = scen_word_index(scen_kind_names, CHAN_KIND_COUNT, v);
		if (k < 0)
			scen_error(ctx, line, "unknown channel type '%s'; "
			    "valid types: %s", scen_clip(v), list);
		else {
			c->kind = (enum chan_kind)k;
			ci->type_ok = 1;
		}
	}
	free(list);

	/* The lines are set even when the value is bad (see scen_get()). */
	scen_get(sec, "capacity", &ci->cap_line, &ci->cap_given);
	if (ci->cap_given && ci->type_ok) {
		/* A message queue counts messages, the others bytes. */
		ci->cap_ok = scen_get_num(ctx, sec, "capacity",
		    c->kind == CHAN_POSIX_MQ || c->kind == CHAN_SEMAPHORE ?
		    units_parse_count :
		    units_parse_size, &c->capacity, &ci->cap_line,
		    &ci->cap_text);
	}

	if (ci->type_ok && c->kind == CHAN_SIGNAL)
		c->signo = SIGUSR1;
	k = 0;
	v = scen_get(sec, "signal", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_SIGNAL)
		scen_error(ctx, line, "'signal' applies only to signal "
		    "channels");
	else if (v != NULL && ci->type_ok &&
	    (k = scen_signal_number(v)) == 0)
		scen_error(ctx, line, "unknown signal '%s'; valid: SIGUSR1, "
		    "SIGUSR2 (standard: one pending at a time), SIGRTMIN, "
		    "SIGRTMIN+N up to SIGRTMIN+%d (real-time: queued)",
		    scen_clip(v), SIGRTMAX - SIGRTMIN);
	else if (v != NULL && ci->type_ok)
		c->signo = k;

	scen_get(sec, "msgsize", &ci->msgsize_line, &ci->msgsize_given);
	if (ci->msgsize_given && ci->type_ok) {
		if (c->kind != CHAN_POSIX_MQ) {
			scen_error(ctx, ci->msgsize_line, "'msgsize' applies "
			    "only to posix-mq channels; for a %s the writers' "
			    "'size' sets it", scen_kind_names[c->kind]);
		} else {
			ci->msgsize_ok = scen_get_num(ctx, sec, "msgsize",
			    units_parse_size, &c->msgsize, &ci->msgsize_line,
			    &ci->msgsize_text);
			ci->msgsize = c->msgsize;
		}
	}

	/* Python's Queue(maxsize) and JoinableQueue. */
	scen_get(sec, "maxsize", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_MPQUEUE)
		scen_error(ctx, line, "'maxsize' applies only to mpqueue "
		    "channels (it counts a queue's items); for a %s use "
		    "'capacity'", scen_kind_names[c->kind]);
	else if (present && ci->type_ok && scen_get_num(ctx, sec, "maxsize",
	    units_parse_count, &c->maxsize, &line, &v) &&
	    (c->maxsize < 1 || c->maxsize > SCEN_MAX_MAXSIZE)) {
		scen_error(ctx, line, "maxsize %s is out of range; give 1 to "
		    "%d items, or leave it out for no bound", v,
		    SCEN_MAX_MAXSIZE);
		c->maxsize = 0;
	}
	v = scen_get(sec, "joinable", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_MPQUEUE)
		scen_error(ctx, line, "'joinable' applies only to mpqueue "
		    "channels (task_done and join)");
	else if (v != NULL && ci->type_ok) {
		if (strcmp(v, "yes") == 0)
			c->joinable = true;
		else if (strcmp(v, "no") != 0)
			scen_error(ctx, line, "joinable must be yes or no, not "
			    "'%s'", scen_clip(v));
	}
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
void
scen_check_channels(struct scen_ctx *ctx)
{
	struct scenario		*sc = ctx->sc;
	const struct scen_limits *lim = scenario_limits();
	struct scen_channel	*c;
	struct scen_cinfo	*ci;
	struct scen_pbase	*pb, *w0;
	int			*fed, i, j, changed, users;

	for (i = 0; i < sc->nchannels; i++) {
		c = &sc->channels[i];
		ci = &ctx->ci[i];
		if (!ci->type_ok)
			continue;

		users = 0;
		w0 = NULL;
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->from == i || pb->to == i || pb->uses == i)
				users++;
			if (c->kind == CHAN_SEMAPHORE &&
			    (pb->from == i || pb->to == i))
				scen_error(ctx, pb->from == i ? pb->from_line :
				    pb->to_line, "'%s' is a semaphore: "
				    "processes use it with 'role = user' and "
				    "'uses = %s', not 'from' or 'to'", c->name,
				    c->name);
			if (c->kind == CHAN_SIGNAL && pb->to == i &&
			    pb->markers > 0)
				scen_error(ctx, pb->sec->line, "no end markers "
				    "on a signal channel: its consumers end "
				    "when every producer is done and no signal "
				    "is pending; leave 'markers' out");

			if (pb->to != i || !pb->size_ok)
				continue;
			if (w0 == NULL) {
				w0 = pb;
				c->msgsize = c->kind == CHAN_POSIX_MQ &&
				    c->msgsize != 0 ? c->msgsize : pb->size;
			} else if (pb->size != w0->size)
				scen_error(ctx, pb->size_line, "processes '%s' "
				    "and '%s' both write to '%s' with different "
				    "sizes (%s and %s); all writers of a channel "
				    "must use the same size", w0->sec->name,
				    pb->sec->name, c->name, w0->size_text,
				    pb->size_text);
		}
		if (users == 0 && !ctx->refs_bad && c->kind == CHAN_SEMAPHORE)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'uses = %s'; use it or remove it",
			    c->name, c->name);
		else if (users == 0 && !ctx->refs_bad)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'to = %s' or 'from = %s'; use it or "
			    "remove it", c->name, c->name, c->name);
		if (c->kind == CHAN_SEMAPHORE && !ci->cap_given)
			scen_error(ctx, c->line, "a semaphore needs 'capacity "
			    "= N', its initial count (how many may hold it "
			    "at once)");
		else if (c->kind == CHAN_SEMAPHORE && ci->cap_ok &&
		    (c->capacity < 1 || c->capacity > SEM_VALUE_MAX))
			scen_error(ctx, ci->cap_line, "capacity %s is out of "
			    "range for a semaphore; give 1 to %d",
			    ci->cap_text, SEM_VALUE_MAX);
		if (c->kind == CHAN_SIGNAL && ci->cap_given)
			scen_error(ctx, ci->cap_line, "a signal channel has no "
			    "capacity to set: a standard signal is one "
			    "pending bit, real-time ones queue up to "
			    "RLIMIT_SIGPENDING; leave 'capacity' out");

		if (ci->cap_ok && c->capacity != 0) {
			switch (c->kind) {
			case CHAN_PIPE:
			case CHAN_FIFO:
			case CHAN_MPQUEUE:
				if (c->capacity > lim->pipe_max_size)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the pipe limit %llu "
					    "(/proc/sys/fs/pipe-max-size)",
					    ci->cap_text, (unsigned long long)
					    lim->pipe_max_size);
				break;
			case CHAN_FILE:
				scen_error(ctx, ci->cap_line, "a file has no "
				    "capacity: it only grows; leave "
				    "'capacity' out");
				break;
			case CHAN_SHM_RING:
				if (c->capacity > SCEN_MAX_MSGSIZE)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above 64M, the largest ring "
					    "ipcscope makes", ci->cap_text);
				break;
			case CHAN_UNIX_DGRAM:
			case CHAN_TCP:
			case CHAN_UDP:
			case CHAN_UNIX_STREAM:
				if (c->capacity > lim->wmem_max)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the %s limit %llu "
					    "(/proc/sys/net/core/wmem_max)",
					    ci->cap_text,
					    scen_kind_names[c->kind],
					    (unsigned long long)lim->wmem_max);
				else if (c->capacity < SCEN_UNIX_MIN_SNDBUF)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is below the %s minimum %d (the "
					    "kernel's smallest socket buffer, "
					    "2304 doubled)", ci->cap_text,
					    scen_kind_names[c->kind],
					    SCEN_UNIX_MIN_SNDBUF);
				break;
			case CHAN_POSIX_MQ:
				if (c->capacity > lim->mq_msg_max)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the posix-mq limit %llu "
					    "messages (/proc/sys/fs/mqueue/"
					    "msg_max)", ci->cap_text,
					    (unsigned long long)lim->mq_msg_max);
				break;
			case CHAN_SYSV_MSGQ:
				if (c->capacity > lim->msgmnb)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the sysv-msgq limit %llu "
					    "(/proc/sys/kernel/msgmnb; raising it "
					    "needs CAP_SYS_RESOURCE)",
					    ci->cap_text,
					    (unsigned long long)lim->msgmnb);
				break;
			default:
				break;
			}
		}
		if (c->kind == CHAN_POSIX_MQ && ci->msgsize != 0) {
			if (ci->msgsize < SCEN_FRAME_HEADER)
				scen_error(ctx, ci->msgsize_line, "msgsize %s "
				    "is below %d: " SCEN_FRAME_WHY,
				    ci->msgsize_text, SCEN_FRAME_HEADER);
			else if (ci->msgsize > lim->mq_msgsize_max)
				scen_error(ctx, ci->msgsize_line, "msgsize %s "
				    "is above the posix-mq limit %llu "
				    "(/proc/sys/fs/mqueue/msgsize_max)",
				    ci->msgsize_text, (unsigned long long)
				    lim->mq_msgsize_max);
		}

		/* Per-writer limits, once per [process] section. */
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->to != i || !pb->size_ok)
				continue;
			if (c->kind == CHAN_POSIX_MQ && ci->msgsize_given &&
			    (!ci->msgsize_ok || ci->msgsize != 0)) {
				if (ci->msgsize >= SCEN_FRAME_HEADER &&
				    pb->size > ci->msgsize)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s but "
					    "channel '%s' has msgsize %s; raise "
					    "msgsize to at least %s",
					    pb->sec->name, pb->size_text,
					    c->name, ci->msgsize_text,
					    pb->size_text);
			} else if (c->kind == CHAN_POSIX_MQ &&
			    pb->size > lim->mq_msgsize_max)
				scen_error(ctx, pb->size_line, "process '%s' "
				    "writes messages of %s, above the posix-mq "
				    "message size limit %llu (/proc/sys/fs/"
				    "mqueue/msgsize_max)", pb->sec->name,
				    pb->size_text,
				    (unsigned long long)lim->mq_msgsize_max);
			if (c->kind == CHAN_SYSV_MSGQ) {
				uint64_t qb = ci->cap_ok && c->capacity != 0 ?
				    c->capacity : lim->msgmnb;

				if (pb->size > lim->msgmax)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s, above "
					    "the sysv-msgq message size limit "
					    "%llu (/proc/sys/kernel/msgmax)",
					    pb->sec->name, pb->size_text,
					    (unsigned long long)lim->msgmax);
				else if (pb->size > qb)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s but "
					    "sysv-msgq '%s' holds at most %llu "
					    "bytes; no message would fit",
					    pb->sec->name, pb->size_text,
					    c->name, (unsigned long long)qb);
			}
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
			if (!pb->has_role || pb->role == ROLE_PRODUCER ||
			    (pb->role == ROLE_RELAY && pb->from >= 0 &&
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
