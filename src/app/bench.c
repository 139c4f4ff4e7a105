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
/* A followed program (issue 11): 100 processes at 20 Hz within 3 % of
   one core. */
#define BENCH_FOLLOW_SHARE	3.0

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
	if (a->fw != NULL && (a->model.nprocs != a->bench_settled_rows ||
	    !follow_settled(a->fw))) {
		a->bench_settled_rows = a->model.nprocs;
		a->bench_settled_frames = a->bench_frames;
		getrusage(RUSAGE_SELF, &a->bench_ru_settled);
	}
	a->bench_ns += spent;
	if (spent > a->bench_max_ns)
		a->bench_max_ns = spent;
}

static const char *
app_bench_met(double value, double target)
{
	return value <= target ? "met" : "NOT met";
}

/*
 * A followed program: the whole run (with reading every descriptor table
 * once at the start), and the steady cost after that, against the target.
 */
static void
app_bench_follow(struct app *a, const struct rusage *ru, int nprocs,
    int threads, double share, double hz)
{
	const struct rusage	*r0 = &a->bench_ru_settled;
	uint64_t		 frames;
	double			 cpu_us, steady = -1;

	frames = a->bench_frames - a->bench_settled_frames;
	if (frames >= 20) {	/* a second at least */
		cpu_us = tv_us(&ru->ru_utime) + tv_us(&ru->ru_stime) -
		    tv_us(&r0->ru_utime) - tv_us(&r0->ru_stime);
		steady = cpu_us / (double)frames * hz / 1e4;
	}
	fprintf(stderr, "observer: followed %d processes, %d threads: %.2f %% "
	    "of one core over the run\n", nprocs, threads, share);
	if (steady < 0) {
		fprintf(stderr, "observer: followed, steady: not reached "
		    "(processes were still found or their descriptor tables "
		    "read in the last second)\n");
		return;
	}
	fprintf(stderr, "observer: followed, steady: %.2f %% of one core over "
	    "%llu frames after the tables were read (target <= %.0f %% at 100 "
	    "processes: %s)\n", steady, (unsigned long long)frames,
	    BENCH_FOLLOW_SHARE, app_bench_met(steady, BENCH_FOLLOW_SHARE));
}

void
app_bench_report(struct app *a)
{
	const struct rusage	*ru0 = &a->bench_ru0;
	struct rusage		 ru;
	double			 cpu_us, wall_s, frame_us, cpu_frame_us;
	double			 hz, share, per_proc_us;
	int			 nprocs = a->run.nprocs;
	int			 nchans = a->run.nchans, i, threads = 0;

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
	if (a->fw != NULL) {
		/* Every row the run had: processes and their threads. */
		nprocs = 0;
		for (i = 0; i < a->model.nprocs; i++) {
			if (a->model.procs[i].thread_of >= 0)
				threads++;
			else
				nprocs++;
		}
		nchans = a->model.nchans;
	}
	per_proc_us = cpu_frame_us / (nprocs > 0 ? nprocs : 1);
	fprintf(stderr, "observer: %d processes, %d channels, %llu frames in "
	    "%.1f s\n", nprocs, nchans,
	    (unsigned long long)a->bench_frames, wall_s);
	fprintf(stderr, "observer: per frame %.0f us mean, %.0f us max "
	    "(target <= %.0f us: %s)\n", frame_us,
	    (double)a->bench_max_ns / 1e3, BENCH_FRAME_US,
	    app_bench_met(frame_us, BENCH_FRAME_US));
	fprintf(stderr, "observer: CPU %.0f us per frame, %.2f %% of one core "
	    "at %.0f Hz\n", cpu_frame_us, share, hz);
	if (a->fw != NULL)
		app_bench_follow(a, &ru, nprocs, threads, share, hz);
	fprintf(stderr, "observer: CPU %.2f us per process per frame (target "
	    "<= %.0f us: %s)\n", per_proc_us, BENCH_PROC_US,
	    app_bench_met(per_proc_us, BENCH_PROC_US));
}
