/*
 * app-int.h: what the files of the app layer share (only src/app includes
 * it; tests/check_app.c looks inside for the controller's unit tests).
 *
 * One struct app lives for one app_run() and holds the run, the source
 * that observes it, the model, the terminal and what each part of the
 * controller keeps:
 *
 *   loop.c       app_run, the poll loop, the timer, a tick per mode, the
 *                start and stop of a run, the one way out (teardown)
 *   signals.c    the signal sets and signalfds, the crash handler,
 *                SIGTSTP, the output's errors, dying of a signal
 *   control.c    keys through the key table (screen/keys.c), the
 *                actions on processes through the source, freeze, clicks
 *   cues.c       [cue] sections: at their time once their 'when'
 *                conditions hold, or with --step on n
 *   verify.c     the [expect] report of --verify
 *   picker.c     s: the scenario picker
 *   recording.c  --record and --trace, and the model's events to the
 *                headless output
 *   replay.c     --replay: the player (its clock, speed, pause and
 *                steps) over a recording as the source
 *   slides.c     x and --snapshot (SVG images of the screen), --notes
 *   bench.c      IPCSCOPE_BENCH: the observer's own cost
 *
 * The controller acts on processes only through the source's actions
 * (struct source_ops, model/obs.h), so that a source that cannot take one
 * (a recorded run) leaves its op NULL and the user is told "not available
 * for this source"; only loop.c knows that the source is a scenario run.
 */
#ifndef IPCSCOPE_APP_INT_H
#define IPCSCOPE_APP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include "app/app.h"
#include "model/model.h"
#include "model/obs.h"
#include "run/run-source.h"
#include "run/runner.h"
#include "follow/follow.h"
#include "screen/grid.h"
#include "screen/keys.h"
#include "ui/ui.h"
#include "view/view.h"

#define TICK_MS		50	/* sampling and redraw: 20 Hz */

/* How long a message in the footer stays ("writer paused (SIGSTOP)"). */
#define APP_MESSAGE_NS	4000000000ULL

/* What the user sees when the source cannot take an action. */
#define APP_NOT_AVAILABLE "not available for this source"

struct history;
struct record;
struct app_replay;
struct app_slides;

struct app {
	struct scenario		*sc;
	bool			 sc_owned;	/* loaded by the picker: ours to free */
	/* The picker's list, loaded when it first opens. */
	int			 npick;
	char			**pick_paths;
	char			**pick_names;
	struct scenario		**pick_scs;	/* NULL where invalid */
	const char		**pick_titles;
	const char		**pick_abouts;
	const struct app_opts	*opts;
	FILE			*out;
	struct run		 run;
	bool			 running;	/* run started, not stopped */
	struct app_replay	*replay;	/* --replay: the player; NULL
						   for a run */
	struct run_source	*rs;		/* the run as a source */
	/* Or a followed program (ipcscope -- CMD, --attach): then there is
	   no scenario run, and sc is the follow's (not ours to free). */
	struct follow		*fw;
	bool			 fw_ended;	/* CMD (or the attached
						   process) has ended */
	int			 fw_status;	/* its wait status, -1 unknown */
	/* What the model observes and the controller acts through. */
	const struct source_ops	*src;
	void			*src_arg;
	struct obs		 obs;		/* the latest observation */
	struct model		 model;
	const struct ui_backend	*ui;
	bool			 ui_up;
	struct grid		*grid;
	struct view_state	 vs;
	uint64_t		 message_end_ns;	/* vs.message goes then */
	struct view_map		 map;		/* what the last frame drew where */
	/* f, [ and ]: snapshots every 500 ms; the one shown while frozen. */
	struct history		*hist;
	uint64_t		 next_snap_ns;
	int64_t			 frozen_seq;
	bool			 full_redraw;
	struct record		*rec;		/* --record, --trace; NULL none */
	struct grid		*rec_grid;	/* headless: the screen recorded */
	struct app_slides	*slides;	/* --snapshot, --notes; NULL none */
	int			 sigfd;		/* SIGCHLD, SIGTSTP, SIGCONT */
	int			 termfd;	/* app_termset: end the run */
	int			 timerfd;
	int			 tick_ms;	/* the timer's period */
	sigset_t		 oldmask;	/* restored when the run ends */
	bool			 masked;
	bool			 quit;
	const char		*end_reason;
	uint64_t		 next_sample_ns;
	/* IPCSCOPE_BENCH: the observer's own cost per frame */
	bool			 bench;
	uint64_t		 bench_frames;
	uint64_t		 bench_ns;
	uint64_t		 bench_max_ns;
	struct rusage		 bench_ru0;
	uint64_t		 bench_wall0;
	/* A followed program: from the last frame at which a process was
	   found or a descriptor table was still due (follow_settled). */
	uint64_t		 bench_settled_frames;
	int			 bench_settled_rows;
	struct rusage		 bench_ru_settled;
	int			 next_cue;	/* the next cue to run */
	double			*cue_ran_t;	/* when each cue ran (its t) */
	char			**cue_skipped;	/* passed over (app_cues): what
						   it waited for, NULL not */
	int			 ncue_skipped;	/* its length */
	int			 cue_waited;	/* the cue seen due and waiting
						   at a sample before, -1 */
	bool			 over;		/* TUI: the script's duration
						   ran out and the run was
						   stopped; its last screen
						   stays */
	int			 cue_reported;	/* cues whose event is out */
	/* verify: sections before next_expect are decided, and those after
	   it marked in expect_done (a 'by' window may outlast later ones) */
	int			 next_expect;
	bool			*expect_done;
	double			 expect_prev_t;	/* the last sample checked, -1 */
	double			 gap_from;	/* the last gap in sampling: */
	double			 gap_to;	/* its two samples, or -1 */
	int			 passed;
	int			 failed;
};

/* loop.c */
/* Set up a for sc (app_run's first step; replay.c's too). */
void	app_init(struct app *, struct scenario *, const struct app_opts *,
	    FILE *out);
/* Everything after app_init, to the one way out: the exit code. */
int	app_go(struct app *);
/* End the run's loop, for reason ("done", "duration", "interrupted",
   "error": the headless end record says it). */
void	app_quit(struct app *, const char *reason);
/* Look at the run once: the source observes, the model computes. */
void	app_observe(struct app *);
/* Start a->sc: 0, or -1 after saying why on stderr (nothing runs). */
int	app_start_run(struct app *);
/* Stop the run for a restart or another scenario (recordings go on). */
void	app_stop_run(struct app *);
void	app_draw(struct app *);
void	app_ui_done(struct app *);
/* The one way out: workers, objects, terminal, recordings. Idempotent. */
void	app_teardown(struct app *);

/* signals.c */
/* Block the run's signals and open their signalfds: 0, or -1. */
int	app_signals_setup(struct app *);
/* Act on what the signalfds hold (after poll said so). */
void	app_signals_read(struct app *);
/* Put back the signals as they were before the run. */
void	app_signals_done(struct app *);
/* The first failed write to the output (errno), kept for the end. */
void	app_output_fail(int err);
/* After the run: 0, or -1 if a failed write is an error (said once). */
int	app_output_end(const struct app_opts *);
/* For the crash handler and exit(): the app of the run under way. */
void	app_set_current(struct app *);

/* control.c */
/* A message in the footer, for APP_MESSAGE_NS. */
void	app_message(struct app *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Each tick: remove the message once its time (now_ns()) is over. */
void	app_message_expire(struct app *, uint64_t now);
/* A key from the terminal: overlays first, then frozen, then the table. */
void	app_key(struct app *, int key);
/* r: the same scenario again from its start. */
void	app_restart(struct app *);
/*
 * The source's actions on process i (channel c). Each returns 0, or -1
 * with errno: ESRCH the process has ended, ENOTSUP the source cannot take
 * this action (its op is NULL), or what the source said.
 */
int	app_src_pause(struct app *, int i);
int	app_src_resume(struct app *, int i);
int	app_src_kill(struct app *, int i);
int	app_src_set_rate(struct app *, int i, const struct rate *);
int	app_src_go(struct app *, int i);
int	app_src_close_end(struct app *, int i, int c);
int	app_src_resize(struct app *, int c, uint64_t size, int64_t *got);

/* cues.c */
/* Without --step: run each cue whose time has come. */
void	app_cues(struct app *);
/* The events of the cues run since the last sample. */
void	app_cue_events(struct app *);
/* n: the next cue, now, or once its 'when' conditions hold. */
void	app_next_cue(struct app *);
/* Why cue k (not run) has not run yet, into why: "it waits for ...". */
void	app_cue_why_not(struct app *, int k, char *why, size_t len);
/* At the end: an event for each cue that never ran, saying why. */
void	app_cues_not_run(struct app *);
/* The skipped cues' reasons, freed (a->cue_skipped itself too). */
void	app_cues_free(struct app *);

/* verify.c */
/* Decide every [expect] whose time has come (at_end: all that remain). */
void	app_check_expects(struct app *, bool at_end);
/* After the loop: the rest, and FAIL for what was never checked. */
void	app_verify_end(struct app *);
/* The last line: "NAME: P passed, F failed". */
void	app_verify_summary(struct app *);

/* picker.c */
void	app_picker_open(struct app *);
void	app_picker_key(struct app *, int key);
void	app_picker_free(struct app *);

/* recording.c */
/* Open --record and --trace: 0, or -1 after saying why. */
int	app_record_open(struct app *);
/* After each model update: the trace's samples, the cast's frame. */
void	app_record(struct app *);
/* The model's event callback: headless output and the recordings. */
void	app_on_event(void *, const struct model *,
	    const struct model_event *);

/* follow.c */
/* Start the followed program: 0, or the exit status after saying why. */
int	app_follow_start(struct app *);
/* Each tick, after the observation: notices, the root's end, the stop
   in order that follows it. */
void	app_follow_tick(struct app *);
/* Before the last look: the tree stopped in order (-- CMD). */
void	app_follow_finish(struct app *);
/* Reap (SIGCHLD): the follow's children, or the runner's workers. */
void	app_reap(struct app *);

/* replay.c */
/* The source, the model and the player's first state: 0 (or -1). */
int	app_replay_start(struct app *);
/* The player's tick: the steps whose time has come, the frame. */
void	app_replay_tick(struct app *);
/*
 * A key's action (from the key table) while replaying: true if the
 * player took it (space, [ ], + -, r; and what it cannot do: s, f, n).
 */
bool	app_replay_key(struct app *, enum key_action, int key);

/* slides.c */
/* Check --snapshot's files, open --notes: 0, or -1 after saying why. */
int	app_slides_open(struct app *);
/* Each tick, after the frame: the snapshots due, the notes. */
void	app_slides(struct app *);
/* x: the screen as shown into a new SVG file; the status line says. */
void	app_act_snapshot(struct app *, int key);
/* After the terminal is back: the notes closed; -1 if the run started
   and a --snapshot was not written (said on stderr). */
int	app_slides_end(struct app *);

/* bench.c */
void	app_bench_start(struct app *);
/* One frame's observer work began at start (now_ns()). */
void	app_bench_frame(struct app *, uint64_t start);
/* On stderr, what make bench reads. */
void	app_bench_report(struct app *);

#endif
