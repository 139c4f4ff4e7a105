/*
 * app.h: one run of a scenario in one of three modes, around one event
 * loop (poll over a signalfd, a timerfd and the terminal), with one way
 * out that restores the terminal and removes every kernel object.
 */
#ifndef IPCSCOPE_APP_H
#define IPCSCOPE_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "headless.h"
#include "scenario.h"

enum app_mode {
	MODE_TUI = 0,
	MODE_HEADLESS,
	MODE_VERIFY
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
	const char		*ui;		/* "ncurses" or "tickit"
						   (when built with it) */
	const char		*record_path;	/* --record: asciinema cast */
	const char		*trace_path;	/* --trace: Chrome trace JSON */
	bool			 step;		/* --step: cues wait for n */
};

/*
 * Run sc. Returns the process exit code: 0, 1 (an expectation failed,
 * verify mode), 2 (a recording file cannot be created: nothing was
 * started), 3 (a runtime error, already reported on stderr).
 * Verify mode prints one PASS/FAIL line per expectation to out.
 */
int	app_run(struct scenario *sc, const struct app_opts *, FILE *out);
/* Did SIGINT, SIGTERM, SIGHUP or SIGQUIT end a run? (--verify stops.) */
bool	app_interrupted(void);
/* Install the fatal-signal handlers (once, at start). */
void	app_install_crash_handlers(void);

#endif
