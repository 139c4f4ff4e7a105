/*
 * chan-unix-dgram.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
unix_dgram_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the unix-dgram kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
unix_dgram_nothing(struct chan *c)
{
}

static void
unix_dgram_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_unix_dgram_ops = {
	.name = "unix-dgram",
	.create = unix_dgram_create,
	.parent_close = unix_dgram_nothing,
	.destroy = unix_dgram_destroy,
};
