/*
 * app.h: one run of a scenario in one of three modes, around one event
 * loop (poll over a signalfd, a timerfd and the terminal), with one way
 * out that restores the terminal and removes every kernel object.
 */
#ifndef IPCSCOPE_APP_H
#define IPCSCOPE_APP_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "out/headless.h"
#include "scenario/scenario.h"

enum app_mode {
	MODE_TUI = 0,
	MODE_HEADLESS,
	MODE_VERIFY
};

/* --snapshot T:FILE: the screen as an SVG image at run time t. */
struct app_snapshot {
	double		 t;		/* seconds */
	const char	*path;
};

struct app_opts {
	enum app_mode		 mode;
	enum headless_format	 format;
	double			 duration;	/* seconds; < 0: the scenario's
						   (headless) or none (TUI) */
	int			 interval_ms;	/* headless sample interval */
	bool			 ascii;
	bool			 color;
	bool			 big;		/* --big: the projector layout */
	const char		*ui;		/* a back end ui_backend_find()
						   has; NULL: the default */
	const char		*record_path;	/* --record: asciinema cast */
	const char		*trace_path;	/* --trace: Chrome trace JSON */
	bool			 step;		/* --step: cues wait for n */
	/* A program followed instead of a scenario (src/follow): -- CMD
	   (command, NULL-terminated) or --attach PID; CMD's standard
	   input (--stdin: NULL /dev/null, "-" ipcscope's) and output
	   (--output: NULL a file in the run's private directory). */
	char			**command;
	pid_t			 attach;
	const char		*stdin_path;
	const char		*output_path;
	const struct app_snapshot *snapshots;	/* --snapshot, in order */
	int			 nsnapshots;
	int			 snapshot_cols;	/* headless snapshots' size */
	int			 snapshot_rows;
	const char		*notes_path;	/* --notes: the presenter's tty */
};

/*
 * Once, at start, before any run: the fatal-signal handlers, and which
 * terminating signals a run takes (those not ignored at this moment,
 * and SIGINT and SIGQUIT always).
 */
void	app_install_signals(void);
/*
 * Run sc. Returns the process exit code: 0, 1 (an expectation failed,
 * verify mode), 2 (a recording or snapshot file cannot be created, the
 * notes' terminal cannot be used: nothing was started), 3 (a runtime
 * error, already reported on stderr: also a write to out, --record or
 * --trace that failed, a --snapshot not written).
 * Verify mode prints one PASS/FAIL line per expectation to out.
 *
 * Every catchable signal whose default action is to terminate (SIGINT,
 * SIGTERM, SIGHUP, SIGUSR1, SIGALRM, SIGPIPE, SIGRTMIN+3, ...) ends the
 * run in order, even while out is a full pipe: then app_interrupt_signal()
 * is that signal, and the caller, once its own output is out, dies of it
 * with app_exit_by_signal(). So does a reader of out that left (EPIPE:
 * SIGPIPE). The terminal is restored and every kernel object removed
 * before app_run returns, whatever happened.
 */
int	app_run(struct scenario *sc, const struct app_opts *, FILE *out);
/*
 * Follow a program (opts: command or attach) in the terminal UI or
 * headless, as app_run plays a scenario. Returns app_run's codes, and
 * headless, when CMD (or the attached process) ended by itself, its exit
 * status (128+N for a signal); 127 or 126 when CMD could not be run.
 */
int	app_follow(const struct app_opts *, FILE *out);
/*
 * --replay: play the recording rp (replay_open() took and checked it;
 * app_replay frees it) in the terminal UI, starting no process. Returns
 * 0, or 3 (a runtime error, said on stderr). The terminal is restored
 * whatever happened.
 */
struct replay;
int	app_replay(struct replay *rp, const struct app_opts *, FILE *out);
/* The signal that ended a run, or 0. (--verify stops.) */
int	app_interrupt_signal(void);
/* Did a write to out fail (reported; the exit status is 3)? */
bool	app_output_failed(void);
/* Die of sig with its default action (no core file). Never returns. */
void	app_exit_by_signal(int sig) __attribute__((noreturn));

#endif
