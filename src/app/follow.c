/*
 * follow.c: a followed program (ipcscope -- CMD, --attach PID) in the
 * run's loop. The follow (src/follow) is the source; here it is started,
 * its notices become events (and messages), the end of CMD ends the run
 * (headless: with CMD's exit status; the terminal UI shows FINISHED
 * until q), and a -- CMD tree is stopped in order before the last look,
 * so that the last sample and the events show how each process ended.
 */
#include "config.h"

#include <sys/wait.h>

#include <stdlib.h>
#include <string.h>

#include "app/app-int.h"
#include "base/util.h"
#include "out/headless.h"

int
app_follow_start(struct app *a)
{
	struct follow_opts	 fo;
	char			*cause = NULL;
	int			 status;

	memset(&fo, 0, sizeof fo);
	fo.argv = a->opts->command;
	fo.attach = a->opts->attach;
	fo.stdin_path = a->opts->stdin_path;
	fo.output_path = a->opts->output_path;
	fo.sigmask = &a->oldmask;
	if ((a->fw = follow_start(&fo, &cause, &status)) == NULL) {
		app_ui_done(a);
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		return status;
	}
	a->sc = follow_scenario(a->fw);
	a->running = true;
	a->src = follow_ops(a->fw);
	a->src_arg = a->fw;
	a->fw_status = -1;
	a->model.on_event = app_on_event;
	a->model.on_event_arg = a;
	a->src->observe(a->src_arg, &a->obs);
	model_init(&a->model, a->sc, &a->obs);
	a->model.follow_what = follow_what(a->fw);
	a->model.follow_log = follow_log(a->fw);
	if (a->opts->mode == MODE_HEADLESS) {
		if (follow_log(a->fw) != NULL)
			fprintf(stderr, "ipcscope: following %s; its output "
			    "goes to %s\n", follow_what(a->fw),
			    follow_log(a->fw));
		headless_scenario(a->out, a->opts->format, &a->model);
	}
	a->next_sample_ns = now_ns();
	a->expect_done = xcalloc(1, sizeof *a->expect_done);
	a->expect_prev_t = a->gap_from = a->gap_to = -1;
	model_update(&a->model, &a->obs);
	return 0;
}

void
app_follow_tick(struct app *a)
{
	const char	*n;

	while ((n = follow_notice(a->fw)) != NULL) {
		model_add_event(&a->model, -1, "notice", "%s", n);
		if (a->opts->mode == MODE_TUI)
			app_message(a, "%s", util_clip(n, 150, 56));
		else
			fprintf(stderr, "ipcscope: %s\n", n);
	}
	/* The first row found is selected: keys act on something. */
	if (a->vs.selected < 0 && !a->vs.chan_selected &&
	    a->model.nprocs > 0 && !a->fw_ended)
		a->vs.selected = 0;
	if (!a->fw_ended && follow_root_ended(a->fw, &a->fw_status)) {
		a->fw_ended = true;
		if (a->quit)
			return;		/* it ended because the run does */
		if (a->opts->mode != MODE_TUI) {
			app_quit(a, "done");
			return;
		}
		/* The terminal UI stays on FINISHED: the rest of the tree
		   goes now, in order, while the screen shows it. */
		follow_stop_begin(a->fw);
	}
	if (a->fw_ended) {
		follow_stop_poll(a->fw);
		a->model.finished = true;
	}
}

void
app_follow_finish(struct app *a)
{
	follow_stop(a->fw);
	follow_reap(a->fw);
}

void
app_reap(struct app *a)
{
	if (a->fw != NULL)
		follow_reap(a->fw);
	else
		runner_reap(&a->run, NULL, NULL);
}
