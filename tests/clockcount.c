/*
 * clockcount.so: an LD_PRELOAD library for tests/hotpath.sh. Counts the
 * clock_gettime() calls of every process it is loaded into (and their
 * forked children) in a shared file, so that a test can see how many
 * clock reads a worker made per message.
 *
 * CLOCKCOUNT_FILE names the file: CLOCKCOUNT_SLOTS records of { pid,
 * count } (two 64-bit words, zero at first), which the test creates and
 * reads after the run. Without it, or once the records are used up,
 * calls are passed on uncounted. Not part of ipcscope.
 */
#include "config.h"

#include <sys/mman.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CLOCKCOUNT_SLOTS	256

struct clockcount_rec {
	_Atomic int64_t		pid;
	_Atomic uint64_t	count;
};

int	clock_gettime(clockid_t, struct timespec *);

static struct clockcount_rec	*clockcount_recs;
static int			(*clockcount_real)(clockid_t,
				    struct timespec *);

static void
clockcount_resolve(void)
{
	clockcount_real = (int (*)(clockid_t, struct timespec *))
	    dlsym(RTLD_NEXT, "clock_gettime");
}

static void __attribute__((constructor))
clockcount_init(void)
{
	const char	*path = getenv("CLOCKCOUNT_FILE");
	void		*p;
	int		 fd;

	clockcount_resolve();
	if (path == NULL || (fd = open(path, O_RDWR)) == -1)
		return;
	p = mmap(NULL, CLOCKCOUNT_SLOTS * sizeof *clockcount_recs,
	    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p != MAP_FAILED)
		clockcount_recs = p;
}

/* This process's record: found by pid (a fork gets its own), or taken. */
static struct clockcount_rec *
clockcount_mine(void)
{
	int64_t	pid = getpid(), zero;
	int	i;

	for (i = 0; i < CLOCKCOUNT_SLOTS; i++) {
		zero = 0;
		if (atomic_load(&clockcount_recs[i].pid) == pid ||
		    atomic_compare_exchange_strong(&clockcount_recs[i].pid,
		    &zero, pid))
			return &clockcount_recs[i];
	}
	return NULL;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	struct clockcount_rec	*r;

	if (clockcount_real == NULL)	/* called before our constructor */
		clockcount_resolve();
	if (clockcount_recs != NULL && (r = clockcount_mine()) != NULL)
		atomic_fetch_add(&r->count, 1);
	return clockcount_real(id, ts);
}
