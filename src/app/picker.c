/*
 * picker.c: s, every scenario with its title and about, to choose from.
 * The list is loaded when the picker first opens and kept for the run;
 * choosing one stops the current run cleanly and plays the other.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/app-int.h"
#include "base/util.h"
#include "model/history.h"
#include "scenario/scenario.h"
#include "screen/keycodes.h"

/* Every scenario found, loaded for its title and about. */
static void
app_picker_load(struct app *a)
{
	struct scen_errors	errs = { 0 };
	int			i;

	a->npick = scenario_list(&a->pick_paths, &a->pick_names);
	a->pick_scs = xcalloc((size_t)a->npick + 1, sizeof *a->pick_scs);
	a->pick_titles = xcalloc((size_t)a->npick + 1,
	    sizeof *a->pick_titles);
	a->pick_abouts = xcalloc((size_t)a->npick + 1,
	    sizeof *a->pick_abouts);
	for (i = 0; i < a->npick; i++) {
		a->pick_scs[i] = scenario_load(a->pick_paths[i], &errs);
		scen_errors_clear(&errs);
		a->pick_titles[i] = a->pick_scs[i] != NULL ?
		    a->pick_scs[i]->title : "(invalid: see ipcscope --validate)";
		a->pick_abouts[i] = a->pick_scs[i] != NULL ?
		    a->pick_scs[i]->about : NULL;
	}
}

void
app_picker_open(struct app *a)
{
	int	i;

	if (a->pick_paths == NULL)
		app_picker_load(a);
	if (a->npick == 0) {
		app_message(a, "no scenarios found (IPCSCOPE_PATH)");
		return;
	}
	a->vs.picker = true;
	a->vs.picker_n = a->npick;
	a->vs.picker_names = (const char **)a->pick_names;
	a->vs.picker_titles = a->pick_titles;
	a->vs.picker_abouts = a->pick_abouts;
	a->vs.picker_sel = 0;
	for (i = 0; i < a->npick; i++) {
		if (strcmp(a->pick_names[i], a->sc->name) == 0)
			a->vs.picker_sel = i;
	}
}

void
app_picker_free(struct app *a)
{
	int	i;

	for (i = 0; i < a->npick; i++) {
		scenario_free(a->pick_scs[i]);
		free(a->pick_paths[i]);
		free(a->pick_names[i]);
	}
	free(a->pick_scs);
	free(a->pick_paths);
	free(a->pick_names);
	free(a->pick_titles);
	free(a->pick_abouts);
	a->npick = 0;
}

/* Stop the current run cleanly and play scenario k of the picker. */
static void
app_switch(struct app *a, int k)
{
	struct scen_errors	 errs = { 0 };
	struct scenario		*sc, *old = a->sc;

	a->vs.picker = false;
	history_clear(a->hist);
	a->vs.frozen = false;
	if ((sc = scenario_load(a->pick_paths[k], &errs)) == NULL) {
		app_message(a, "%s", errs.n > 0 ? errs.msgs[0] :
		    "invalid scenario");
		scen_errors_clear(&errs);
		return;
	}
	app_stop_run(a);
	a->sc = sc;
	a->vs.selected = sc->nprocs > 0 ? 0 : -1;
	a->vs.chan_selected = false;
	if (app_start_run(a) == -1)
		app_quit(a, "error");
	else
		app_message(a, "playing %s", sc->name);
	if (a->sc_owned)
		scenario_free(old);
	a->sc_owned = true;
}

void
app_picker_key(struct app *a, int key)
{
	int	n = a->vs.picker_n;

	switch (key) {
	case UIK_UP:
	case UIK_BTAB:
	case 'k':
		a->vs.picker_sel = (a->vs.picker_sel - 1 + n) % n;
		break;
	case UIK_DOWN:
	case UIK_TAB:
	case 'j':
		a->vs.picker_sel = (a->vs.picker_sel + 1) % n;
		break;
	case UIK_ENTER:
	case '\r':
	case '\n':
		app_switch(a, a->vs.picker_sel);
		break;
	case 'q':
	case UIK_CTRL_C:
		app_quit(a, "interrupted");
		break;
	default:		/* esc, s: close */
		a->vs.picker = false;
		break;
	}
}
