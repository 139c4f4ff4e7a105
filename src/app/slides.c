/*
 * slides.c: what a talk takes away and what the presenter sees: the x
 * key and --snapshot (the screen as an SVG image, out/svg.h) and --notes
 * (the presenter's view on a second terminal, out/notes.h).
 *
 * x writes ipcscope-SCENARIO-Ts.svg (T the time the screen shows) in
 * $IPCSCOPE_SNAPSHOT_DIR or the current directory, never over a file:
 * -1, -2, ... are added until a name is free. --snapshot T:FILE writes
 * FILE at the first tick at or after run time T: in the terminal UI the
 * screen just drawn, headless the view drawn at --snapshot-size (80x24
 * unless given). Files are checked before the run starts (a path that
 * cannot be written is a usage error); one not written by the end (the
 * run ended before T, or the write failed) is said on standard error
 * after the terminal is restored, and the exit status is 3.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app-int.h"
#include "base/util.h"
#include "model/history.h"
#include "out/notes.h"
#include "out/svg.h"
#include "screen/palette.h"

#define SLIDES_DIR_ENV	"IPCSCOPE_SNAPSHOT_DIR"
#define SLIDES_TRIES	1000	/* -1 ... -999 */

struct app_slides {
	struct notes	*notes;
	int		*err;		/* per --snapshot: -1 to do, 0 done,
					   else the errno it failed with */
	double		*when;		/* the run time it was written at */
	struct grid	*grid;		/* headless: the view drawn */
	bool		 ran;		/* a tick came: the run started */
};

/*
 * Whether path can be written: an existing regular file we may write, or
 * a new name in a directory we may write in. 0, or -1 with errno.
 */
static int
app_slides_writable(const char *path)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 rc;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		return access(path, W_OK);
	}
	if (errno != ENOENT)
		return -1;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		rc = access(".", W_OK | X_OK);
	else {
		slash[slash == dir ? 1 : 0] = '\0';
		rc = access(dir, W_OK | X_OK);
	}
	free(dir);
	return rc;
}

/* --snapshot: every path writable, every time within a headless run. */
static int
app_slides_check(struct app *a)
{
	const struct app_opts	*o = a->opts;
	double			 limit;
	char			*shown;
	int			 i;

	limit = o->duration >= 0 ? o->duration :
	    (double)a->sc->duration_ms / 1000.0;
	for (i = 0; i < o->nsnapshots; i++) {
		shown = util_printable_dup(o->snapshots[i].path);
		if (app_slides_writable(o->snapshots[i].path) == -1) {
			fprintf(stderr, "ipcscope: --snapshot %s: cannot write "
			    "there: %s\n", shown, strerror(errno));
			free(shown);
			return -1;
		}
		if (o->mode == MODE_HEADLESS && o->snapshots[i].t > limit) {
			fprintf(stderr, "ipcscope: --snapshot %g:%s: the run "
			    "lasts %gs (%s), so it never gets there\n",
			    o->snapshots[i].t, shown, limit, o->duration >= 0 ?
			    "--duration" : "the scenario's duration; "
			    "--duration sets another");
			free(shown);
			return -1;
		}
		free(shown);
	}
	return 0;
}

int
app_slides_open(struct app *a)
{
	const struct app_opts	*o = a->opts;
	struct app_slides	*s;
	struct stat		 st;
	char			*cause;
	dev_t			 ui_dev = 0;
	int			 i;

	if (o->nsnapshots == 0 && o->notes_path == NULL)
		return 0;
	if (app_slides_check(a) == -1)
		return -1;
	s = a->slides = xcalloc(1, sizeof *s);
	s->err = xcalloc((size_t)o->nsnapshots + 1, sizeof *s->err);
	s->when = xcalloc((size_t)o->nsnapshots + 1, sizeof *s->when);
	for (i = 0; i < o->nsnapshots; i++)
		s->err[i] = -1;
	if (o->mode == MODE_HEADLESS && o->nsnapshots > 0)
		s->grid = grid_new(o->snapshot_cols, o->snapshot_rows);
	if (o->notes_path == NULL)
		return 0;
	if (isatty(STDOUT_FILENO) && fstat(STDOUT_FILENO, &st) == 0)
		ui_dev = st.st_rdev;
	if ((s->notes = notes_open(o->notes_path, ui_dev, &cause)) == NULL) {
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* "ipcscope pipe-fill at 2.2s": the image's title. */
static char *
app_slides_title(const struct app *a, double t)
{
	char	*title;

	xasprintf(&title, "ipcscope %s at %.1fs", a->sc->name, t);
	return title;
}

/* The image of g into a file opened as flags: 0, or -1 with errno. */
static int
app_slides_svg(struct app *a, const char *path, int flags,
    const struct grid *g, bool color, double t)
{
	char	*title = app_slides_title(a, t);
	int	 fd, rc, err;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags,
	    0666)) == -1) {
		free(title);
		return -1;
	}
	rc = svg_write(fd, g, color, title);
	err = errno;
	if (close(fd) == -1 && rc == 0) {
		rc = -1;
		err = errno;
	}
	free(title);
	errno = err;
	return rc;
}

/* The grid a --snapshot shows now: the screen, or the view drawn. */
static const struct grid *
app_slides_grid(struct app *a, bool *color)
{
	struct view_state	vs;

	if (a->opts->mode == MODE_TUI) {
		*color = a->vs.color;
		return a->grid;
	}
	vs = a->vs;
	vs.color = a->opts->color && palette_has_color(palette_current());
	*color = vs.color;
	view_draw(&a->model, &vs, a->slides->grid);
	return a->slides->grid;
}

/* Each --snapshot whose time has come. */
static void
app_slides_due(struct app *a)
{
	const struct app_snapshot	*sn;
	struct app_slides		*s = a->slides;
	const struct grid		*g;
	bool				 color;
	char				*shown;
	int				 i;

	for (i = 0; i < a->opts->nsnapshots; i++) {
		sn = &a->opts->snapshots[i];
		if (s->err[i] != -1 || a->model.t < sn->t)
			continue;
		g = app_slides_grid(a, &color);
		s->when[i] = a->model.t;
		s->err[i] = app_slides_svg(a, sn->path, O_TRUNC, g, color,
		    a->model.t) == 0 ? 0 : errno;
		if (a->opts->mode != MODE_TUI)
			continue;
		shown = util_printable_dup(sn->path);
		if (s->err[i] == 0)
			app_message(a, "--snapshot: wrote %s", shown);
		else
			app_message(a, "--snapshot %s: %s", shown,
			    strerror(s->err[i]));
		free(shown);
	}
}

/* The notes, if they changed; a terminal that went away stops them. */
static void
app_slides_notes(struct app *a)
{
	struct app_slides	*s = a->slides;
	struct notes_info	 ni;

	if (s->notes == NULL)
		return;
	ni.m = &a->model;
	ni.next_cue = a->next_cue;
	ni.step = a->model.step;
	ni.frozen = a->vs.frozen;
	ni.wall = time(NULL);
	if (notes_draw(s->notes, &ni) == 0)
		return;
	app_message(a, "notes: %s: %s; they stop, the run goes on",
	    notes_path(s->notes), strerror(errno));	/* notes_draw's */
	notes_free(s->notes);
	s->notes = NULL;
}

void
app_slides(struct app *a)
{
	if (a->slides == NULL)
		return;
	a->slides->ran = true;
	app_slides_due(a);
	app_slides_notes(a);
}

int
app_slides_end(struct app *a)
{
	struct app_slides	*s = a->slides;
	char			*shown;
	int			 i, rc = 0;

	if (s == NULL)
		return 0;
	notes_free(s->notes);
	for (i = 0; i < a->opts->nsnapshots && s->ran; i++) {
		if (s->err[i] == 0)
			continue;
		rc = -1;
		shown = util_printable_dup(a->opts->snapshots[i].path);
		if (s->err[i] == -1)
			fprintf(stderr, "ipcscope: --snapshot %s: not written: "
			    "the run ended at %.1fs, before %gs\n", shown,
			    a->model.t, a->opts->snapshots[i].t);
		else
			fprintf(stderr, "ipcscope: --snapshot %s: cannot write "
			    "it: %s\n", shown, strerror(s->err[i]));
		free(shown);
	}
	if (s->grid != NULL)
		grid_free(s->grid);
	free(s->err);
	free(s->when);
	free(s);
	a->slides = NULL;
	return rc;
}

/* "pipe-fill" as a file name's part: what is not [A-Za-z0-9._-] is _. */
static void
app_slides_name(const struct app *a, double t, int n, char *buf, size_t len)
{
	char	*p;

	if (n == 0)
		snprintf(buf, len, "ipcscope-%.100s-%.1fs.svg", a->sc->name,
		    t);
	else
		snprintf(buf, len, "ipcscope-%.100s-%.1fs-%d.svg",
		    a->sc->name, t, n);
	for (p = buf; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_'))
			*p = '_';
	}
}

/* The directory x writes in, absolute when it can say: allocated. */
static char *
app_slides_dir(void)
{
	const char	*env = getenv(SLIDES_DIR_ENV);
	const char	*dir = env != NULL && *env != '\0' ? env : ".";
	char		*abs = realpath(dir, NULL);

	return abs != NULL ? abs : xstrdup(dir);
}

/* x: the screen as shown, into a new file; the status line says where. */
void
app_act_snapshot(struct app *a, int key)
{
	const struct model	*m = &a->model;
	char			 name[NAME_MAX + 1], *dir, *path, *shown;
	int			 n, rc = -1, err = 0;

	if (a->grid == NULL)
		return;
	if (a->vs.frozen && (m = history_get(a->hist, a->frozen_seq)) == NULL)
		m = &a->model;
	dir = app_slides_dir();
	for (n = 0; n < SLIDES_TRIES; n++) {
		app_slides_name(a, m->t, n, name, sizeof name);
		xasprintf(&path, "%s/%s", dir, name);
		rc = app_slides_svg(a, path, O_EXCL, a->grid, a->vs.color,
		    m->t);
		err = errno;
		free(path);
		if (rc == 0 || err != EEXIST)
			break;
	}
	shown = util_printable_dup(dir);
	if (rc == 0)
		app_message(a, "x: wrote %s in %s", name, shown);
	else
		app_message(a, "x: cannot write %s in %s: %s", name, shown,
		    strerror(err));
	free(shown);
	free(dir);
}
