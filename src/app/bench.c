/*
 * bench.c: IPCSCOPE_BENCH=1, the observer's own cost, on stderr at the
 * end of the run (make bench reads it). Each tick's work (reap, observe,
 * model, cues) is timed on the monotonic clock; the CPU the whole process
 * used over the loop comes from getrusage.
 */
#include "config.h"

#include <sys/resource.h>

#include "app/app-int.h"
#include "base/util.h"

static double
tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

void
app_bench_start(struct app *a)
{
	getrusage(RUSAGE_SELF, &a->bench_ru0);
	a->bench_wall0 = now_ns();
}

void
app_bench_frame(struct app *a, uint64_t start)
{
	uint64_t	spent = now_ns() - start;

	a->bench_frames++;
	a->bench_ns += spent;
	if (spent > a->bench_max_ns)
		a->bench_max_ns = spent;
}

/* What make bench reads: time per frame (probe + model), CPU share. */
void
app_bench_report(struct app *a)
{
	const struct rusage	*ru0 = &a->bench_ru0;
	struct rusage		 ru;
	double			 cpu_ms, wall_ms, per_frame_us, cpu_per_frame_us;

	getrusage(RUSAGE_SELF, &ru);
	cpu_ms = tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime) -
	    tv_ms(&ru0->ru_utime) - tv_ms(&ru0->ru_stime);
	wall_ms = (double)(now_ns() - a->bench_wall0) / 1e6;
	if (a->bench_frames == 0)
		return;
	per_frame_us = (double)a->bench_ns / (double)a->bench_frames / 1e3;
	cpu_per_frame_us = cpu_ms * 1e3 / (double)a->bench_frames;
	fprintf(stderr, "observer: %d processes, %d channels, %llu frames in "
	    "%.1f s\n", a->run.nprocs, a->run.nchans,
	    (unsigned long long)a->bench_frames, wall_ms / 1e3);
	fprintf(stderr, "observer: per frame %.0f us mean, %.0f us max "
	    "(target <= 1000 us: %s)\n", per_frame_us,
	    (double)a->bench_max_ns / 1e3, per_frame_us <= 1000 ? "met" :
	    "NOT met");
	fprintf(stderr, "observer: CPU %.0f us per frame, %.2f %% of one core "
	    "at 30 Hz (target <= 3 %%: %s)\n", cpu_per_frame_us,
	    cpu_per_frame_us * 30 / 1e4, cpu_per_frame_us * 30 / 1e4 <= 3 ?
	    "met" : "NOT met");
}
