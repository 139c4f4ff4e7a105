/*
 * chan-semaphore.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
semaphore_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the semaphore kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
semaphore_nothing(struct chan *c)
{
}

static void
semaphore_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_semaphore_ops = {
	.name = "semaphore",
	.create = semaphore_create,
	.parent_close = semaphore_nothing,
	.destroy = semaphore_destroy,
};
