/*
 * chan-shm-ring.c: a ring of fixed-size slots in shared memory, guarded by
 * two counting semaphores built on futexes: "free" (slots a producer may
 * take) and "filled" (slots a consumer may take). Data never passes
 * through the kernel; only a producer facing a full ring, or a consumer
 * facing an empty one, sleeps in futex(2).
 *
 * The mapping is MAP_SHARED | MAP_ANONYMOUS and made before fork: it has
 * no name, so nothing can be left behind, and every worker inherits it at
 * the same address. That address is what makes BLOCKED honest: a sleeping
 * worker shows futex in /proc/PID/syscall with the address of the very
 * word it waits on as first argument, and confirm() accepts only that.
 *
 * Fill is head - tail, read by the observer straight from the ring. The
 * observer keeps the mapping for the whole run: unlike a pipe end, a
 * mapping has no EOF or EPIPE that holding it could hide.
 *
 * End of data works like a FIFO: each writer counts itself in at
 * open_end() and out at close_end(); when the count falls to zero the
 * "filled" word gets RING_CLOSED and every reader is woken, and a reader
 * that finds the ring empty and closed returns 0 (EOF). A writer killed
 * with SIGKILL never counts itself out, so its readers wait on an empty
 * ring until the run's duration ends it, which is what a real program
 * built this way would do too. A worker killed while it holds one of the
 * two locks leaves the others of its side waiting on that lock the same
 * way (the locks are not robust).
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include <linux/futex.h>

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/telemetry.h"
#include "base/util.h"

#define RING_DEFAULT_CAPACITY	(64 * 1024)
#define RING_CLOSED		0x80000000U	/* in "filled": writers gone */
#define RING_SPIN		100	/* polls before sleeping */
#define RING_ALIGN		64	/* a cache line */

/*
 * The header at the start of the mapping. Producers and consumers write
 * different cache lines; each semaphore word has one to itself, with its
 * count of sleepers, so that a post makes a system call only when
 * someone sleeps.
 */
struct ring {
	_Alignas(RING_ALIGN) _Atomic uint64_t head;	/* messages put, ever */
	_Atomic uint32_t	 plock;		/* producers' lock */

	_Alignas(RING_ALIGN) _Atomic uint64_t tail;	/* messages taken, ever */
	_Atomic uint32_t	 clock;		/* consumers' lock */

	_Alignas(RING_ALIGN) _Atomic uint32_t free;	/* futex: free slots */
	_Atomic uint32_t	 free_sleepers;

	_Alignas(RING_ALIGN) _Atomic uint32_t filled;	/* futex: filled slots,
						   | RING_CLOSED */
	_Atomic uint32_t	 filled_sleepers;

	_Alignas(RING_ALIGN) _Atomic uint32_t writers;	/* opened, not closed */
	uint32_t		 nslots;
	uint32_t		 slotsize;
	size_t			 lens_off;	/* uint32_t length per slot */
	size_t			 slots_off;
};

static inline void
ring_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Shared (not private) futexes: the word lives in a MAP_SHARED mapping
   used by several processes. */
static inline void
ring_futex_wait(_Atomic uint32_t *word, uint32_t val)
{
	syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, val, NULL, NULL, 0);
}

static inline void
ring_futex_wake(_Atomic uint32_t *word, int n)
{
	syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE, n, NULL, NULL, 0);
}

/*
 * Take one unit of a semaphore word. With closable, a word that is zero
 * but for RING_CLOSED ends the wait: returns -1 (no more will come).
 * Sleepers are counted before the futex call and the kernel rechecks the
 * word, so a post between our look and our sleep is never missed (both
 * sides use sequentially consistent operations).
 */
static int
ring_sem_take(_Atomic uint32_t *word, _Atomic uint32_t *sleepers,
    bool closable)
{
	uint32_t	v;
	int		spin = 0;

	for (;;) {
		v = atomic_load(word);
		if ((v & ~RING_CLOSED) != 0) {
			if (atomic_compare_exchange_weak(word, &v, v - 1))
				return 0;
			continue;
		}
		if (closable && v == RING_CLOSED)
			return -1;
		if (spin++ < RING_SPIN) {
			ring_relax();
			continue;
		}
		atomic_fetch_add(sleepers, 1);
		ring_futex_wait(word, v);
		atomic_fetch_sub(sleepers, 1);
	}
}

static inline void
ring_sem_post(_Atomic uint32_t *word, _Atomic uint32_t *sleepers)
{
	atomic_fetch_add(word, 1);
	if (atomic_load(sleepers) != 0)
		ring_futex_wake(word, 1);
}

/* A futex lock (0 free, 1 held, 2 held with sleepers), as in Drepper's
   "Futexes are tricky". Uncontended with one producer and one consumer. */
static void
ring_lock(_Atomic uint32_t *l)
{
	uint32_t	c = 0;

	if (atomic_compare_exchange_strong(l, &c, 1))
		return;
	if (c != 2)
		c = atomic_exchange(l, 2);
	while (c != 0) {
		ring_futex_wait(l, 2);
		c = atomic_exchange(l, 2);
	}
}

static void
ring_unlock(_Atomic uint32_t *l)
{
	if (atomic_fetch_sub(l, 1) != 1) {
		atomic_store(l, 0);
		ring_futex_wake(l, 1);
	}
}

static inline uint32_t *
ring_lens(struct ring *r)
{
	return (uint32_t *)((char *)r + r->lens_off);
}

static inline char *
ring_slot(struct ring *r, uint64_t i)
{
	return (char *)r + r->slots_off + (i % r->nslots) * r->slotsize;
}

static int
shm_ring_create(struct chan *c, struct registry *reg, char **cause)
{
	struct ring	*r;
	uint64_t	 want, nslots, slotsize;
	size_t		 lens_off, slots_off, len;
	void		*p;

	slotsize = c->msgsize;
	want = c->conf->capacity != 0 ? c->conf->capacity : RING_DEFAULT_CAPACITY;
	/* Whole slots only, and at least one: a ring smaller than one
	   message could never move anything. */
	nslots = want / slotsize;
	if (nslots == 0)
		nslots = 1;
	if (nslots > UINT32_MAX / 2 || slotsize > UINT32_MAX) {
		xasprintf(cause, "channel '%s': a ring of %llu slots of %llu "
		    "bytes is too large", c->conf->name,
		    (unsigned long long)nslots, (unsigned long long)slotsize);
		return -1;
	}
	lens_off = (sizeof *r + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);
	slots_off = lens_off + nslots * sizeof (uint32_t);
	slots_off = (slots_off + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);
	len = slots_off + nslots * slotsize;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		xasprintf(cause, "channel '%s': mmap of a %zu-byte ring: %s",
		    c->conf->name, len, strerror(errno));
		return -1;
	}
	/* A fresh anonymous mapping is zero: head, tail, locks, filled,
	   writers all start at 0. */
	r = p;
	r->nslots = (uint32_t)nslots;
	r->slotsize = (uint32_t)slotsize;
	r->lens_off = lens_off;
	r->slots_off = slots_off;
	atomic_store(&r->free, (uint32_t)nslots);

	c->shared = p;
	c->sharedlen = len;
	c->capacity = (int64_t)(nslots * slotsize);
	c->recvbuf = (size_t)slotsize;
	return 0;
}

static int
shm_ring_open_end(struct chan *c, int e)
{
	struct ring	*r = c->shared;

	/* A writer (re)opens the ring: readers must not take it for
	   ended, as a FIFO's reader sees data again after a new writer. */
	if (e == END_WRITE) {
		atomic_fetch_add(&r->writers, 1);
		atomic_fetch_and(&r->filled, ~RING_CLOSED);
	}
	return 0;
}

static ssize_t
shm_ring_send(struct chan *c, const void *buf, size_t len)
{
	struct ring	*r = c->shared;
	uint64_t	 h;

	if (len > r->slotsize) {
		errno = EMSGSIZE;
		return -1;
	}
	ring_sem_take(&r->free, &r->free_sleepers, false);
	ring_lock(&r->plock);
	h = atomic_load_explicit(&r->head, memory_order_relaxed);
	memcpy(ring_slot(r, h), buf, len);
	ring_lens(r)[h % r->nslots] = (uint32_t)len;
	/* Counted in the fill only once the copy is complete. */
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	ring_unlock(&r->plock);
	ring_sem_post(&r->filled, &r->filled_sleepers);
	return (ssize_t)len;
}

static ssize_t
shm_ring_recv(struct chan *c, void *buf, size_t len)
{
	struct ring	*r = c->shared;
	uint64_t	 t;
	uint32_t	 n;

	if (ring_sem_take(&r->filled, &r->filled_sleepers, true) == -1)
		return 0;	/* empty, and every writer is done */
	ring_lock(&r->clock);
	t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	n = ring_lens(r)[t % r->nslots];
	if (n > len) {
		/* Leave it for a reader with room; give the token back. */
		ring_unlock(&r->clock);
		ring_sem_post(&r->filled, &r->filled_sleepers);
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(buf, ring_slot(r, t), n);
	/* Out of the fill only once the slot is copied out. */
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
	ring_unlock(&r->clock);
	ring_sem_post(&r->free, &r->free_sleepers);
	return (ssize_t)n;
}

static void
shm_ring_close_end(struct chan *c, int e)
{
	struct ring	*r = c->shared;

	if (e != END_WRITE)
		return;
	if (atomic_fetch_sub(&r->writers, 1) == 1) {
		/* The last writer: readers that find the ring empty now
		   end instead of sleeping. Changing the word also wakes a
		   reader that is just about to sleep on its old value. */
		atomic_fetch_or(&r->filled, RING_CLOSED);
		ring_futex_wake(&r->filled, INT_MAX);
	}
}

static void
shm_ring_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct ring	*r = c->shared;
	uint64_t	 h, t1, t2, n;
	int		 tries = 0;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = true;
	if (r == NULL)
		return;
	/*
	 * One consistent pair: if tail did not move while head was read,
	 * both held at that moment, and tail <= head <= tail + nslots.
	 * The ring is read, never locked: the observer must not slow
	 * what it measures.
	 */
	do {
		t1 = atomic_load(&r->tail);
		h = atomic_load(&r->head);
		t2 = atomic_load(&r->tail);
	} while (t1 != t2 && ++tries < 8);
	n = h >= t2 ? h - t2 : 0;
	if (n > r->nslots)
		n = r->nslots;
	s->messages = (int64_t)n;
	s->fill = s->bytes = (int64_t)(n * r->slotsize);
}

/*
 * Blocked only when /proc shows futex on the very word this call waits
 * on: "free" for a send, "filled" for a recv. A worker spinning, or
 * queued on one of the locks, is not waiting for the ring.
 */
static bool
shm_ring_confirm(struct chan *c, int op, long nr, long arg0)
{
	struct ring	*r = c->shared;
	uintptr_t	 want;

	if (r == NULL || nr != SYS_futex)
		return false;
	if (op == OP_SEND)
		want = (uintptr_t)&r->free;
	else if (op == OP_RECV)
		want = (uintptr_t)&r->filled;
	else
		return false;
	return (uintptr_t)arg0 == want;
}

static void
shm_ring_parent_close(struct chan *c)
{
	/* The parent holds no end: only the mapping, which it keeps. */
}

/* ipcscope makes rings of at most 64M. */
static void
ring_check(struct kind_check *kc)
{
	if (kc->cap_ok && kc->conf->capacity > (64ULL << 20))
		kc->error(kc, "capacity", "capacity %s is above 64M, the "
		    "largest ring ipcscope makes", kc->cap_text);
}

const struct channel_ops chan_shm_ring_ops = {
	.name = "shm-ring",
	.by_messages = false,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.rule_send = "A shared-memory ring has a fixed number of slots and no "
	    "kernel copy: a producer with no free slot sleeps in "
	    "futex() on the ring's free-slot count until a consumer "
	    "takes one.",
	.rule_recv = "A consumer with no filled slot sleeps in futex() on the "
	    "ring's filled-slot count; it sees the end once every "
	    "writer has finished and the ring is empty.",
	.send_nr = SYS_futex,
	.recv_nr = SYS_futex,
	.check = ring_check,
	.create = shm_ring_create,
	.open_end = shm_ring_open_end,
	.send = shm_ring_send,
	.recv = shm_ring_recv,
	.sample = shm_ring_sample,
	.confirm = shm_ring_confirm,
	.close_end = shm_ring_close_end,
	.parent_close = shm_ring_parent_close,
	.destroy = channel_destroy_shared,
};
