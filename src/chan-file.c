/*
 * chan-file.c: not written yet. create() refuses, so a scenario that
 * uses this kind validates but stops with a clear runtime error.
 */
#include "config.h"

#include "channel.h"
#include "util.h"

static int
file_create(struct chan *c, struct registry *reg, char **cause)
{
	xasprintf(cause, "channel '%s': the file kind is not implemented yet",
	    c->sc->name);
	return -1;
}

static void
file_nothing(struct chan *c)
{
}

static void
file_destroy(struct chan *c, struct registry *reg)
{
}

const struct channel_ops chan_file_ops = {
	.name = "file",
	.create = file_create,
	.parent_close = file_nothing,
	.destroy = file_destroy,
};
