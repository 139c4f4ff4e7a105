/* activity.c: the names of states and calls (activity.h). */
#include "config.h"

#include <string.h>

#include "base/activity.h"

static const char *const state_names[PS_COUNT] = {
	[PS_STARTING] = "starting",
	[PS_RUNNING] = "running",
	[PS_BLOCKED] = "blocked",
	[PS_WAITING] = "waiting",
	[PS_PAUSED] = "paused",
	[PS_DONE] = "done",
	[PS_FAILED] = "failed"
};

/* OP_SEND and OP_RECV take the kind's words. */
static const char *const op_names[OP_COUNT] = {
	[OP_OPEN] = "open",
	[OP_START] = "start",
	[OP_RATE] = "rate",
	[OP_THINK] = "think",
	[OP_TAIL] = "tail",
	[OP_POLL] = "poll",
	[OP_HOLD] = "hold",
	[OP_JOIN] = "join",
	[OP_WRITE] = "write",
	[OP_CUE] = "cue",
	[OP_CLOSED] = "closed",
	[OP_EXEC] = "exec"
};

const char *
state_name(enum proc_state st)
{
	if ((int)st < 0 || st >= PS_COUNT)
		return "?";
	return state_names[st];
}

int
state_by_name(const char *s)
{
	int	i;

	for (i = 0; i < PS_COUNT; i++) {
		if (strcmp(state_names[i], s) == 0)
			return i;
	}
	return -1;
}

const char *
op_name(unsigned op, const char *send_word, const char *recv_word)
{
	if (op == OP_SEND)
		return send_word != NULL ? send_word : "send";
	if (op == OP_RECV)
		return recv_word != NULL ? recv_word : "recv";
	if (op >= OP_COUNT)
		return NULL;
	return op_names[op];
}
