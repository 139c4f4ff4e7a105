/*
 * chan-shm-ring.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
shm_ring_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the shm-ring kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
shm_ring_nothing(struct chan *c)
{
}

static void
shm_ring_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_shm_ring_ops = {
	.name = "shm-ring",
	.create = shm_ring_create,
	.parent_close = shm_ring_nothing,
	.destroy = shm_ring_destroy,
};
