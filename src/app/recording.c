/*
 * recording.c: what leaves the run besides the screen. --record (an
 * asciinema cast of the screen; headless, of the view drawn at 80x24) and
 * --trace (Chrome trace JSON) follow every sample, and the model's events
 * go to the headless output and to both recordings as they happen.
 */
#include "config.h"

#include <stdlib.h>

#include "app/app-int.h"
#include "base/util.h"
#include "out/headless.h"
#include "out/record.h"
#include "screen/palette.h"

void
app_on_event(void *arg, const struct model *m, const struct model_event *ev)
{
	struct app	*a = arg;

	if (a->opts->mode == MODE_HEADLESS)
		headless_event(a->out, a->opts->format, m, ev);
	record_event(a->rec, m, ev);
}

/*
 * Open --record and --trace before anything starts, so that a path we
 * cannot write is a usage error with nothing to undo.
 */
int
app_record_open(struct app *a)
{
	char	*title, *cause = NULL;
	int	 rc = 0;

	if (a->opts->record_path == NULL && a->opts->trace_path == NULL)
		return 0;
	if (a->sc != NULL)
		xasprintf(&title, "ipcscope %s", a->sc->name);
	else if (a->opts->command != NULL)
		xasprintf(&title, "ipcscope -- %s", a->opts->command[0]);
	else
		xasprintf(&title, "ipcscope --attach %ld",
		    (long)a->opts->attach);
	a->rec = record_new();
	if ((a->opts->record_path != NULL && record_open_cast(a->rec,
	    a->opts->record_path, title, &cause) == -1) ||
	    (a->opts->trace_path != NULL && record_open_trace(a->rec,
	    a->opts->trace_path, title, &cause) == -1)) {
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		record_free(a->rec);	/* removes what it had created */
		a->rec = NULL;
		rc = -1;
	}
	free(title);
	if (rc == 0 && a->opts->mode == MODE_HEADLESS &&
	    record_has_cast(a->rec))
		a->rec_grid = grid_new(80, 24);
	return rc;
}

/*
 * After each model update: the trace's intervals and counters, and the
 * cast's frame (the grid just shown; headless, the view drawn at 80x24).
 */
void
app_record(struct app *a)
{
	struct view_state	vs;

	if (a->rec == NULL)
		return;
	record_sample(a->rec, &a->model);
	if (a->opts->mode == MODE_TUI && a->grid != NULL)
		record_frame(a->rec, a->grid, a->vs.color);
	else if (a->rec_grid != NULL) {
		vs = a->vs;
		vs.color = palette_has_color(palette_current());
		view_draw(&a->model, &vs, a->rec_grid);
		record_frame(a->rec, a->rec_grid, vs.color);
	}
}
