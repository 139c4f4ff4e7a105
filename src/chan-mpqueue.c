/*
 * chan-mpqueue.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
mpqueue_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the mpqueue kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
mpqueue_nothing(struct chan *c)
{
}

static void
mpqueue_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_mpqueue_ops = {
	.name = "mpqueue",
	.create = mpqueue_create,
	.parent_close = mpqueue_nothing,
	.destroy = mpqueue_destroy,
};
