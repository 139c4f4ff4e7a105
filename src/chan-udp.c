/*
 * chan-udp.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
udp_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the udp kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
udp_nothing(struct chan *c)
{
}

static void
udp_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_udp_ops = {
	.name = "udp",
	.create = udp_create,
	.parent_close = udp_nothing,
	.destroy = udp_destroy,
};
