/*
 * chan-semaphore.c: a counting semaphore guarding a resource, as
 * multiprocessing.Semaphore(N) is. The parent puts a process-shared sem_t
 * in an anonymous MAP_SHARED mapping before it forks, so there is no name
 * and nothing to leave behind: the mapping goes with the last process.
 *
 * Users (role = user) acquire it with sem_wait, hold it, release it with
 * sem_post. Acquiring is this kind's "receive" (it takes a unit out, and
 * blocks when there is none), releasing its "send". The fill is the number
 * of holders, capacity - sem_getvalue(), read by the observer straight from
 * the shared sem_t: no end to borrow, nothing the observer could disturb.
 *
 * A user blocked in sem_wait sleeps in futex(2) on a word inside that
 * sem_t; confirm() checks exactly that against /proc/PID/syscall.
 */
#include "config.h"

#include <sys/syscall.h>

#include <errno.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/telemetry.h"
#include "base/util.h"

static int
semaphore_create(struct chan *c, struct registry *reg, char **cause)
{
	sem_t	*sem;

	(void)reg;
	c->fd[END_READ] = c->fd[END_WRITE] = -1;
	if (c->conf->capacity < 1 || c->conf->capacity > SEM_VALUE_MAX) {
		xasprintf(cause, "channel '%s': a semaphore needs a capacity "
		    "(its initial count) of 1 to %d", c->conf->name,
		    SEM_VALUE_MAX);
		return -1;
	}
	sem = channel_map_shared(c, (size_t)sysconf(_SC_PAGESIZE), cause);
	if (sem == NULL)
		return -1;
	if (sem_init(sem, 1, (unsigned int)c->conf->capacity) == -1) {
		xasprintf(cause, "channel '%s': sem_init: %s", c->conf->name,
		    strerror(errno));
		channel_unmap_shared(c);
		return -1;
	}
	c->capacity = (int64_t)c->conf->capacity;
	return 0;
}

static int
semaphore_open_end(struct chan *c, int e)
{
	(void)c;
	(void)e;
	return 0;
}

/* Release: sem_post never blocks. */
static ssize_t
semaphore_send(struct chan *c, const void *buf, size_t len)
{
	(void)buf;
	if (sem_post(c->shared) == -1)
		return -1;
	return (ssize_t)len;
}

/* Acquire: blocks while every unit is held. */
static ssize_t
semaphore_recv(struct chan *c, void *buf, size_t len)
{
	(void)buf;
	if (sem_wait(c->shared) == -1)
		return -1;
	return (ssize_t)len;
}

static void
semaphore_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *cs)
{
	int	v;

	(void)borrow;
	(void)arg;
	cs->fill = cs->bytes = cs->messages = -1;
	cs->capacity = c->capacity;
	cs->holders = true;
	if (c->shared == NULL || sem_getvalue(c->shared, &v) == -1)
		return;
	cs->fill = c->capacity - v;
	if (cs->fill < 0)
		cs->fill = 0;	/* posted more than acquired: none held */
	cs->messages = cs->fill;
}

/*
 * A user that says it is acquiring (OP_RECV) really waits when the kernel
 * shows it in futex(2) with the futex word inside this sem_t: the mapping
 * is at the same address in every process (made before fork).
 */
static bool
semaphore_confirm(struct chan *c, int op, long nr, long arg0)
{
	uintptr_t	lo = (uintptr_t)c->shared, a = (uintptr_t)arg0;

	if (op == OP_RECV && nr == SYS_futex && c->shared != NULL)
		return a >= lo && a < lo + sizeof (sem_t);
	return false;
}

static void
semaphore_parent_close(struct chan *c)
{
	(void)c;
}

static void
semaphore_destroy(struct chan *c, struct registry *reg)
{
	(void)reg;
	if (c->shared != NULL)
		sem_destroy(c->shared);
	channel_unmap_shared(c);
}

/* Its capacity is its initial count: required, 1 to SEM_VALUE_MAX. */
static void
semaphore_check(struct kind_check *kc)
{
	if (!kc->cap_given)
		kc->error(kc, NULL, "a semaphore needs 'capacity = N', its "
		    "initial count (how many may hold it at once)");
	else if (kc->cap_ok && (kc->conf->capacity < 1 ||
	    kc->conf->capacity > SEM_VALUE_MAX))
		kc->error(kc, "capacity", "capacity %s is out of range for a "
		    "semaphore; give 1 to %d", kc->cap_text, SEM_VALUE_MAX);
}

const struct channel_ops chan_semaphore_ops = {
	.name = "semaphore",
	.by_messages = true,
	.unit = "holders",
	.readers = "users",
	.rate_unit = "acq/s",
	.send_op = "release",
	.recv_op = "acquire",
	.rule_send = "sem_post() never waits: it gives a place back and wakes "
	    "one waiter.",
	.rule_recv = "sem_wait() sleeps in futex() while the count is 0: at most "
	    "the initial count of users hold it at once.",
	.send_nr = SYS_futex,
	.recv_nr = SYS_futex,
	.cap_count = true,
	.uses = true,
	.counts_waiters = true,
	.check = semaphore_check,
	.create = semaphore_create,
	.open_end = semaphore_open_end,
	.send = semaphore_send,
	.recv = semaphore_recv,
	.sample = semaphore_sample,
	.confirm = semaphore_confirm,
	.parent_close = semaphore_parent_close,
	.destroy = semaphore_destroy,
	/* In a followed program: a sem_open'd semaphore, found in the maps
	   (src/follow/psem.c). */
	.seen = { .special = "sem_open" },
};
