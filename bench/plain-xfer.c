/*
 * plain-xfer: the baseline for make bench. Moves BYTES from a forked
 * writer to a forked reader through a pipe, a socketpair, a shared-memory
 * ring or a POSIX message queue in CHUNK-sized calls, with no
 * instrumentation at all, and prints the throughput measured from the
 * first fork to the reader's exit (as ipcscope's figure is measured from
 * its first fork to the consumer's exit).
 *
 * The ring is built exactly as src/chan-shm-ring.c builds it (the same
 * header, futex semaphores, locks, spin count and slot layout), so that
 * the ratio measures ipcscope's instrumentation, not a different ring.
 * The queue is made as chan-posix-mq.c makes it: mq_maxmsg 10 (within
 * the unprivileged limit), mq_msgsize CHUNK (at most 8192 here), the name
 * unlinked at once.
 *
 * usage: plain-xfer [-p] pipe|unix|shm|mq BYTES CHUNK [CAPACITY]
 *        -p: one process per core: the writer on the first CPU this
 *            program may use, the reader on the second (modulo their
 *            number), as IPCSCOPE_BENCH_PIN places ipcscope's workers
 *            (worker i on CPU i mod n; the writer is worker 0). Without
 *            it, placement is whatever the caller's affinity allows
 *            (make bench runs both under one CPU for the one-core case).
 *        CAPACITY: the ring's size in bytes (shm; default 65536)
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/futex.h>

#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* --- the ring: a copy of chan-shm-ring.c's, without the channel glue --- */

#define RING_CLOSED		0x80000000U
#define RING_SPIN		100
#define RING_ALIGN		64

struct ring {
	_Alignas(RING_ALIGN) _Atomic uint64_t head;
	_Atomic uint32_t	 plock;

	_Alignas(RING_ALIGN) _Atomic uint64_t tail;
	_Atomic uint32_t	 clock;

	_Alignas(RING_ALIGN) _Atomic uint32_t free;
	_Atomic uint32_t	 free_sleepers;

	_Alignas(RING_ALIGN) _Atomic uint32_t filled;
	_Atomic uint32_t	 filled_sleepers;

	_Alignas(RING_ALIGN) _Atomic uint32_t writers;
	uint32_t		 nslots;
	uint32_t		 slotsize;
	size_t			 lens_off;
	size_t			 slots_off;
};

static inline void
ring_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

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

static struct ring *
ring_new(unsigned long long capacity, unsigned long long slotsize)
{
	struct ring	*r;
	uint64_t	 nslots;
	size_t		 lens_off, slots_off, len;
	void		*p;

	nslots = capacity / slotsize;
	if (nslots == 0)
		nslots = 1;
	lens_off = (sizeof *r + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);
	slots_off = lens_off + nslots * sizeof (uint32_t);
	slots_off = (slots_off + RING_ALIGN - 1) & ~(size_t)(RING_ALIGN - 1);
	len = slots_off + nslots * slotsize;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	r = p;
	r->nslots = (uint32_t)nslots;
	r->slotsize = (uint32_t)slotsize;
	r->lens_off = lens_off;
	r->slots_off = slots_off;
	atomic_store(&r->free, (uint32_t)nslots);
	return r;
}

static ssize_t
ring_send(struct ring *r, const void *buf, size_t len)
{
	uint64_t	h;

	ring_sem_take(&r->free, &r->free_sleepers, false);
	ring_lock(&r->plock);
	h = atomic_load_explicit(&r->head, memory_order_relaxed);
	memcpy(ring_slot(r, h), buf, len);
	ring_lens(r)[h % r->nslots] = (uint32_t)len;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	ring_unlock(&r->plock);
	ring_sem_post(&r->filled, &r->filled_sleepers);
	return (ssize_t)len;
}

static ssize_t
ring_recv(struct ring *r, void *buf, size_t len)
{
	uint64_t	t;
	uint32_t	n;

	if (ring_sem_take(&r->filled, &r->filled_sleepers, true) == -1)
		return 0;
	ring_lock(&r->clock);
	t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	n = ring_lens(r)[t % r->nslots];
	if (n > len)
		n = (uint32_t)len;
	memcpy(buf, ring_slot(r, t), n);
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
	ring_unlock(&r->clock);
	ring_sem_post(&r->free, &r->free_sleepers);
	return (ssize_t)n;
}

/* --- the transfer --- */

/* Run on the (i mod n)-th of the n CPUs we may use: worker_bench_pin's
   rule in src/worker.c. Exits if it cannot: the figure would be wrong. */
static void
pin(int i)
{
	cpu_set_t	allowed, one;
	int		cpu, k, n;

	if (sched_getaffinity(0, sizeof allowed, &allowed) == -1 ||
	    (n = CPU_COUNT(&allowed)) == 0) {
		perror("plain-xfer: sched_getaffinity");
		_exit(3);
	}
	k = i % n;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &allowed) && k-- == 0)
			break;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof one, &one) == -1) {
		perror("plain-xfer: sched_setaffinity");
		_exit(3);
	}
}

enum mode { M_PIPE, M_UNIX, M_SHM, M_MQ };

/* One transfer: what the command line asked and the channel made. */
struct xfer {
	enum mode		 mode;
	bool			 spread;	/* -p */
	unsigned long long	 total, chunk, capacity;
	int			 fd[2];		/* pipe, unix */
	struct ring		*ring;		/* shm */
	mqd_t			 q;		/* mq */
	char			*buf;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The command line: 0, or the exit status after saying why. */
static int
xfer_args(struct xfer *x, int argc, char **argv)
{
	static const char	*kinds[] = {
		[M_PIPE] = "pipe", [M_UNIX] = "unix", [M_SHM] = "shm",
		[M_MQ] = "mq"
	};
	int			 m;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		x->spread = true;
		argc--;
		argv++;
	}
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: plain-xfer [-p] pipe|unix|shm|mq BYTES "
		    "CHUNK [CAPACITY]\n");
		return 2;
	}
	x->total = strtoull(argv[2], NULL, 10);
	x->chunk = strtoull(argv[3], NULL, 10);
	if (argc == 5)
		x->capacity = strtoull(argv[4], NULL, 10);
	for (m = M_PIPE; m <= M_MQ; m++) {
		if (strcmp(argv[1], kinds[m]) == 0) {
			x->mode = (enum mode)m;
			return 0;
		}
	}
	fprintf(stderr, "plain-xfer: unknown kind %s\n", argv[1]);
	return 2;
}

/* The channel, and the buffer both sides copy from: 0, or 3. */
static int
xfer_open(struct xfer *x)
{
	struct mq_attr	attr;
	char		name[64];

	switch (x->mode) {
	case M_PIPE:
		if (pipe(x->fd) == -1)
			return 3;
		break;
	case M_UNIX:
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, x->fd) == -1)
			return 3;
		break;
	case M_SHM:
		if ((x->ring = ring_new(x->capacity, x->chunk)) == NULL)
			return 3;
		/* One writer, counted in before either side starts. */
		atomic_store(&x->ring->writers, 1);
		break;
	case M_MQ:
		memset(&attr, 0, sizeof attr);
		attr.mq_maxmsg = 10;
		attr.mq_msgsize = (long)x->chunk;
		snprintf(name, sizeof name, "/plain-xfer.%ld", (long)getpid());
		x->q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
		if (x->q == (mqd_t)-1) {
			perror("plain-xfer: mq_open");
			return 3;
		}
		mq_unlink(name);
		break;
	}
	/* On a page, as ipcscope's worker buffer (WORKER_BUF_ALIGN): the
	   kernel's copies depend on it more than on anything measured. */
	if (posix_memalign((void **)&x->buf, 4096, x->chunk) != 0)
		return 3;
	memset(x->buf, 0, x->chunk);
	return 0;
}

/* The writer's process: total bytes in chunk-sized calls. */
static void __attribute__((noreturn))
xfer_writer(struct xfer *x)
{
	unsigned long long	done;
	ssize_t			n;

	if (x->spread)
		pin(0);
	if (x->fd[0] != -1)
		close(x->fd[0]);
	for (done = 0; done < x->total; done += (unsigned long long)n) {
		switch (x->mode) {
		case M_SHM:
			n = ring_send(x->ring, x->buf, x->chunk);
			break;
		case M_MQ:
			n = mq_send(x->q, x->buf, x->chunk, 0) == 0 ?
			    (ssize_t)x->chunk : -1;
			break;
		default:
			n = write(x->fd[1], x->buf, x->chunk);
			break;
		}
		if (n <= 0)
			_exit(1);
	}
	if (x->mode == M_SHM &&
	    atomic_fetch_sub(&x->ring->writers, 1) == 1) {
		atomic_fetch_or(&x->ring->filled, RING_CLOSED);
		ring_futex_wake(&x->ring->filled, INT_MAX);
	}
	_exit(0);
}

/* The reader's process: total bytes in chunk-sized calls. */
static void __attribute__((noreturn))
xfer_reader(struct xfer *x)
{
	unsigned long long	done;
	ssize_t			n;

	if (x->spread)
		pin(1);
	if (x->fd[1] != -1)
		close(x->fd[1]);
	for (done = 0; done < x->total; done += (unsigned long long)n) {
		switch (x->mode) {
		case M_SHM:
			n = ring_recv(x->ring, x->buf, x->chunk);
			break;
		case M_MQ:
			n = mq_receive(x->q, x->buf, x->chunk, NULL);
			break;
		default:
			n = read(x->fd[0], x->buf, x->chunk);
			break;
		}
		if (n <= 0)
			_exit(1);
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	struct xfer	x = { .capacity = 65536, .fd = { -1, -1 },
			    .q = (mqd_t)-1 };
	int		status, rc;
	pid_t		w, r;
	double		t0, t1;

	if ((rc = xfer_args(&x, argc, argv)) != 0 ||
	    (rc = xfer_open(&x)) != 0)
		return rc;
	t0 = now();
	if ((w = fork()) == 0)
		xfer_writer(&x);
	if ((r = fork()) == 0)
		xfer_reader(&x);
	if (x.fd[0] != -1) {
		close(x.fd[0]);
		close(x.fd[1]);
	}
	if (x.q != (mqd_t)-1)
		mq_close(x.q);
	waitpid(r, &status, 0);
	t1 = now();
	waitpid(w, NULL, 0);
	printf("%.0f\n", (double)x.total / (t1 - t0));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
