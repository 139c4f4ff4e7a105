/*
 * chan-tcp.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
tcp_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the tcp kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
tcp_nothing(struct chan *c)
{
}

static void
tcp_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_tcp_ops = {
	.name = "tcp",
	.create = tcp_create,
	.parent_close = tcp_nothing,
	.destroy = tcp_destroy,
};
