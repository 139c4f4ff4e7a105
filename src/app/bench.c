/*
 * bench.c: IPCSCOPE_BENCH=1, the observer's own cost, on stderr at the
 * end of the run (make bench reads it). Each tick's work (reap, observe,
 * model, cues) is timed on the monotonic clock; the CPU the whole process
 * used over the loop comes from getrusage. Both are given per frame, the
 * CPU also per process and as a share of one core at the tick's rate.
 */
#include "config.h"

#include <sys/resource.h>

#include "app/app-int.h"
#include "base/util.h"

/* The targets (issue: at most 5 us of CPU per process per frame). */
#define BENCH_FRAME_US		1000.0	/* one frame's work, wall time */
#define BENCH_PROC_US		5.0	/* CPU per process per frame */

static double
tv_us(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e6 + (double)tv->tv_usec;
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

static const char *
app_bench_met(double value, double target)
{
	return value <= target ? "met" : "NOT met";
}

void
app_bench_report(struct app *a)
{
	const struct rusage	*ru0 = &a->bench_ru0;
	struct rusage		 ru;
	double			 cpu_us, wall_s, frame_us, cpu_frame_us;
	double			 hz, share, per_proc_us;
	int			 nprocs = a->run.nprocs;

	getrusage(RUSAGE_SELF, &ru);
	cpu_us = tv_us(&ru.ru_utime) + tv_us(&ru.ru_stime) -
	    tv_us(&ru0->ru_utime) - tv_us(&ru0->ru_stime);
	wall_s = (double)(now_ns() - a->bench_wall0) / 1e9;
	if (a->bench_frames == 0)
		return;
	frame_us = (double)a->bench_ns / (double)a->bench_frames / 1e3;
	cpu_frame_us = cpu_us / (double)a->bench_frames;
	hz = 1000.0 / (double)a->tick_ms;
	share = cpu_frame_us * hz / 1e4;	/* per cent of one core */
	per_proc_us = cpu_frame_us / (nprocs > 0 ? nprocs : 1);
	fprintf(stderr, "observer: %d processes, %d channels, %llu frames in "
	    "%.1f s\n", nprocs, a->run.nchans,
	    (unsigned long long)a->bench_frames, wall_s);
	fprintf(stderr, "observer: per frame %.0f us mean, %.0f us max "
	    "(target <= %.0f us: %s)\n", frame_us,
	    (double)a->bench_max_ns / 1e3, BENCH_FRAME_US,
	    app_bench_met(frame_us, BENCH_FRAME_US));
	fprintf(stderr, "observer: CPU %.0f us per frame, %.2f %% of one core "
	    "at %.0f Hz\n", cpu_frame_us, share, hz);
	fprintf(stderr, "observer: CPU %.2f us per process per frame (target "
	    "<= %.0f us: %s)\n", per_proc_us, BENCH_PROC_US,
	    app_bench_met(per_proc_us, BENCH_PROC_US));
}
