/*
 * chan-signal.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
signal_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the signal kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
signal_nothing(struct chan *c)
{
}

static void
signal_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_signal_ops = {
	.name = "signal",
	.create = signal_create,
	.parent_close = signal_nothing,
	.destroy = signal_destroy,
};
