/*
 * ipcscope: watch processes block on pipes, queues and sockets.
 * main.c: the command line (a CONTRACT, see ipcscope(1)) and the modes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "replay/replay.h"
#include "scenario/scenario.h"
#include "screen/theme.h"
#include "ui/termquery.h"
#include "ui/ui.h"
#include "base/units.h"
#include "base/util.h"

#define DEFAULT_SCENARIO	"pipe-fill"
#define VERIFY_STOPPED \
	"interrupted: the remaining scenarios were not checked\n"

/* What the command line asks for. */
struct cmdline {
	struct app_opts	opts;
	bool		list;
	bool		validate;
	bool		theme_given;	/* a --theme other than auto */
	const char	*replay;	/* --replay FILE */
	bool		duration_given;
	bool		size_given;	/* --snapshot-size */
	struct app_snapshot *snapshots;	/* --snapshot, as given */
};

/*
 * An option: what getopt_long knows of it and what it does. fn returns
 * -1 to go on, or the exit status ipcscope returns now (a usage error,
 * --help, --version).
 */
struct opt_entry {
	const char	*name;
	int		 has_arg;
	int		 ch;
	int		(*fn)(struct cmdline *, int ch, const char *arg);
};

/* The terminal back ends this build has: "ncurses (default) or tickit". */
static void
usage_uis(struct strbuf *sb)
{
	const char	*name;
	int		 i;

	for (i = 0; (name = ui_backend_name(i)) != NULL; i++) {
		if (i == 0)
			strbuf_printf(sb, "%s (default)", name);
		else
			strbuf_printf(sb, "%s%s", ui_backend_name(i + 1) ==
			    NULL ? " or " : ", ", name);
	}
}

static void
usage(FILE *f)
{
	struct strbuf	uis = { NULL, 0, 0 };

	usage_uis(&uis);
	fprintf(f,
"usage: ipcscope [OPTIONS] [SCENARIO]      play SCENARIO in the terminal (default: %s)\n"
"       ipcscope --list                    list the built-in scenarios\n"
"       ipcscope --validate FILE...        check scenario files\n"
"       ipcscope --headless [--duration SECONDS] [--interval MS]\n"
"                [--format jsonl|text] SCENARIO\n"
"       ipcscope --verify SCENARIO...      run each headless and check its expectations\n"
"       ipcscope [OPTIONS] -- CMD [ARGS...]  start CMD, follow it and all it starts\n"
"       ipcscope [OPTIONS] --attach PID    follow a running process and its descendants\n"
"       ipcscope --replay FILE             play a recording (the JSON Lines of --headless)\n"
"\n"
"SCENARIO is a file path or the NAME of a built-in scenario (see --list).\n"
"\n"
"options:\n"
"  -H, --headless        no terminal UI: write samples to stdout\n"
"  -d, --duration SECS   stop after SECS seconds (also 500ms, 2s)\n"
"  -i, --interval MS     headless sample interval (default 500)\n"
"  -f, --format FMT      headless output: jsonl (default) or text\n"
"      --record FILE     write an asciinema v2 cast of the screen to FILE\n"
"      --trace FILE      write a Chrome trace (Perfetto, chrome://tracing)\n"
"      --step            presenting: each cue waits for n (or right arrow)\n"
"      --attach PID      follow PID and its descendants (never stops them)\n"
"      --stdin FILE      -- CMD's standard input (default /dev/null; - ours)\n"
"      --output FILE     -- CMD's output (default: a file in the run's\n"
"                        private directory, named at start)\n"
"      --replay FILE     play a recorded run in the terminal UI, starting no\n"
"                        process: space pauses, [ ] step, + - speed\n"
"      --snapshot T:FILE  at run time T (seconds) write the screen to FILE as\n"
"                        SVG; repeatable (x does it now, in the terminal UI)\n"
"      --snapshot-size WxH  headless snapshots' size (default 80x24)\n"
"      --notes TTY       the presenter's notes on a second terminal (its tty)\n"
"      --verify          check each scenario's [expect] sections\n"
"      --validate        check files only, report every error\n"
"  -l, --list            built-in scenarios: NAME<TAB>title\n"
"      --ui NAME         terminal back end: %s\n"
"  -a, --ascii           ASCII drawing only\n"
"      --big             projector layout: fewer, larger elements, big caption\n"
"      --no-color        no colours (also when NO_COLOR is set)\n"
"      --theme NAME      looks: auto (default: light or dark, as the terminal\n"
"                        says), default, light, high-contrast, monochrome,\n"
"                        or a .theme file (see ipcscope(1))\n"
"  -h, --help            this help\n"
"  -V, --version         print the version\n"
"\n"
"keys: arrows/tab or a click select, p pause, k kill, +/- rate, space pause all,\n"
"      n next cue, e explain, f freeze, x snapshot, s scenarios, r restart,\n"
"      ? help, q quit\n"
"exit: 0 ok, 1 an expectation failed, 2 usage or invalid scenario, 3 runtime\n"
"      error (also a failed write to the output or a recording); headless,\n"
"      -- CMD's own status when it ended (127/126: it could not run); a signal\n"
"      (SIGTERM, SIGINT, SIGHUP, ...) stops the run in order and ipcscope then\n"
"      dies of it: status 128+N for the shell (143, 130, 129, ...)\n",
	    DEFAULT_SCENARIO, uis.s);
	strbuf_free(&uis);
}

/* ARG comes from the command line: it is shown printable. */
static int
usage_error(const char *fmt, const char *arg)
{
	char	*shown = util_printable_dup(arg);

	fprintf(stderr, "ipcscope: ");
	fprintf(stderr, fmt, shown);
	fprintf(stderr, "\nTry 'ipcscope --help'.\n");
	free(shown);
	return 2;
}

/* --ui NAME of no back end this build has: what it needs, or which. */
static int
usage_error_ui(const char *name)
{
	const char	*lacks = ui_backend_lacks(name);
	char		*fmt;
	int		 rc;

	if (lacks != NULL)
		xasprintf(&fmt, "--ui %%s: built without %s; use --ui %s",
		    lacks, ui_backend_find(NULL)->name);
	else
		xasprintf(&fmt, "bad --ui '%%s': valid are %s",
		    ui_backend_names());
	rc = usage_error(fmt, name);
	free(fmt);
	return rc;
}

/* Find and load; report every error. NULL after reporting. */
static struct scenario *
load(const char *name)
{
	struct scen_errors	 errs = { 0 };
	struct scenario		*sc;
	char			*path;
	int			 i;

	if ((path = scenario_find(name)) == NULL) {
		path = util_printable_dup(name);
		fprintf(stderr, "ipcscope: %s: no such scenario file or "
		    "built-in scenario (see ipcscope --list)\n", path);
		free(path);
		return NULL;
	}
	sc = scenario_load(path, &errs);
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	scen_errors_clear(&errs);
	free(path);
	return sc;
}

static int
cmd_list(void)
{
	struct scen_errors	  errs = { 0 };
	struct scenario		 *sc;
	char			**paths, **names;
	int			  n, i;

	n = scenario_list(&paths, &names);
	for (i = 0; i < n; i++) {
		sc = scenario_load(paths[i], &errs);
		/* A file name or a title must not drive the terminal. */
		util_printable(names[i]);
		if (sc != NULL)
			util_printable(sc->title);
		printf("%s\t%s\n", names[i], sc != NULL ? sc->title :
		    "(invalid: see ipcscope --validate)");
		scenario_free(sc);
		scen_errors_clear(&errs);
		free(paths[i]);
		free(names[i]);
	}
	free(paths);
	free(names);
	if (n == 0) {
		fprintf(stderr, "ipcscope: no scenarios found (set "
		    "IPCSCOPE_PATH or install them)\n");
		return 3;
	}
	return 0;
}

static int
cmd_validate(int argc, char **argv)
{
	struct scen_errors	 errs = { 0 };
	struct scenario		*sc;
	int			 i, j, rc = 0;

	if (argc == 0)
		return usage_error("%s", "--validate needs at least one FILE");
	for (i = 0; i < argc; i++) {
		sc = scenario_load(argv[i], &errs);
		for (j = 0; j < errs.n; j++)
			fprintf(stderr, "%s\n", errs.msgs[j]);
		if (sc == NULL)
			rc = 2;
		scenario_free(sc);
		scen_errors_clear(&errs);
	}
	return rc;
}

static int
parse_duration(const char *s, double *secs)
{
	uint64_t	 ms;
	char		*end, *cause = NULL;
	double		 v;

	v = strtod(s, &end);
	if (end != s && *end == '\0' && v > 0) {
		*secs = v;
		return 0;
	}
	if (units_parse_time_ms(s, &ms, &cause) == 0 && ms > 0) {
		*secs = (double)ms / 1000.0;
		return 0;
	}
	free(cause);
	return -1;
}

/*
 * Before anything opens a file: a closed standard descriptor gets
 * /dev/null, so that no file we open later lands on 0, 1 or 2 (a --trace
 * file on 1 would receive the JSON Lines). Read-only for 1 and 2: writes
 * there fail with EBADF, which is reported like any output error, instead
 * of vanishing.
 */
static void
std_fds_safe(void)
{
	int	fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDONLY) != fd)
			_exit(3);	/* nowhere to say it */
	}
}

/*
 * Every way out of main after a command: what stdio still holds goes
 * out, and a failed write is an error (exit 3, said once on stderr). Then
 * if a signal ended the run, die of it: the shell sees the true status.
 */
static int
finish(int rc)
{
	int	sig;

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (!app_output_failed())
			fprintf(stderr, "ipcscope: standard output: %s\n",
			    errno != 0 ? strerror(errno) : "write error");
		rc = 3;
	}
	if ((sig = app_interrupt_signal()) != 0)
		app_exit_by_signal(sig);
	return rc;
}

/* The options that only set something. */
static int
opt_set(struct cmdline *cl, int ch, const char *arg)
{
	switch (ch) {
	case 'H':
		cl->opts.mode = MODE_HEADLESS;
		break;
	case 'v':
		cl->opts.mode = MODE_VERIFY;
		break;
	case 'S':
		cl->opts.step = true;
		break;
	case 'c':
		cl->validate = true;
		break;
	case 'l':
		cl->list = true;
		break;
	case 'a':
		cl->opts.ascii = true;
		break;
	case 'B':
		cl->opts.big = true;
		break;
	case 'n':
		cl->opts.color = false;
		break;
	}
	return -1;
}

static int
opt_duration(struct cmdline *cl, int ch, const char *arg)
{
	if (parse_duration(arg, &cl->opts.duration) == -1)
		return usage_error("bad --duration '%s': give seconds (4, "
		    "2.5) or a time (500ms, 3s)", arg);
	cl->duration_given = true;
	return -1;
}

static int
opt_interval(struct cmdline *cl, int ch, const char *arg)
{
	char	*end;
	long	 l;

	l = strtol(arg, &end, 10);
	if (*end != '\0' || l < 10 || l > 3600000)
		return usage_error("bad --interval '%s': give milliseconds "
		    "from 10 to 3600000", arg);
	cl->opts.interval_ms = (int)l;
	return -1;
}

static int
opt_format(struct cmdline *cl, int ch, const char *arg)
{
	if (strcmp(arg, "jsonl") == 0)
		cl->opts.format = FMT_JSONL;
	else if (strcmp(arg, "text") == 0)
		cl->opts.format = FMT_TEXT;
	else
		return usage_error("bad --format '%s': valid formats are "
		    "jsonl and text", arg);
	return -1;
}

static int
opt_record(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--record needs a FILE");
	cl->opts.record_path = arg;
	return -1;
}

static int
opt_trace(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--trace needs a FILE");
	cl->opts.trace_path = arg;
	return -1;
}

/* --snapshot T:FILE, repeatable: T in seconds (2.5) or a time (500ms). */
static int
opt_snapshot(struct cmdline *cl, int ch, const char *arg)
{
	struct app_snapshot	*sn;
	const char		*colon = strchr(arg, ':');
	char			*t, *end, *cause = NULL;
	uint64_t		 ms;
	double			 v;
	int			 n = cl->opts.nsnapshots;

	if (colon == NULL || colon == arg || colon[1] == '\0')
		return usage_error("bad --snapshot '%s': give TIME:FILE, as "
		    "3.5:slide.svg", arg);
	t = xstrndup(arg, (size_t)(colon - arg));
	v = strtod(t, &end);
	if (end == t || *end != '\0' || !(v >= 0 && v < 1e9)) {
		if (units_parse_time_ms(t, &ms, &cause) == -1) {
			free(cause);
			free(t);
			return usage_error("bad --snapshot '%s': the time is "
			    "seconds (3.5) or a time (500ms, 3s)", arg);
		}
		v = (double)ms / 1000.0;
	}
	free(t);
	cl->snapshots = xreallocarray(cl->snapshots, (size_t)n + 1,
	    sizeof *cl->snapshots);
	sn = &cl->snapshots[n];
	sn->t = v;
	sn->path = colon + 1;
	cl->opts.snapshots = cl->snapshots;
	cl->opts.nsnapshots = n + 1;
	return -1;
}

static int
opt_snapshot_size(struct cmdline *cl, int ch, const char *arg)
{
	int	cols, rows, used = 0;

	if (sscanf(arg, "%dx%d%n", &cols, &rows, &used) != 2 ||
	    arg[used] != '\0' || cols < 20 || cols > 1000 || rows < 5 ||
	    rows > 1000)
		return usage_error("bad --snapshot-size '%s': give COLSxROWS, "
		    "as 100x30 (20x5 to 1000x1000)", arg);
	cl->opts.snapshot_cols = cols;
	cl->opts.snapshot_rows = rows;
	cl->size_given = true;
	return -1;
}

static int
opt_notes(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--notes needs a TTY (what tty(1) "
		    "prints in the second terminal)");
	cl->opts.notes_path = arg;
	return -1;
}

static int
opt_replay(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--replay needs a FILE (a recording: "
		    "ipcscope --headless SCENARIO > FILE)");
	cl->replay = arg;
	return -1;
}

static int
opt_ui(struct cmdline *cl, int ch, const char *arg)
{
	if (ui_backend_find(arg) == NULL)
		return usage_error_ui(arg);
	cl->opts.ui = arg;
	return -1;
}

static int
opt_theme(struct cmdline *cl, int ch, const char *arg)
{
	char	*cause;

	cl->theme_given = strcmp(arg, THEME_AUTO) != 0;
	if (theme_use(arg, &cause) == -1) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return 2;
	}
	return -1;
}

/*
 * --theme auto (the default) in the terminal UI with colour: the
 * terminal's background picks the theme. Asked here, before the back end
 * owns the terminal (docs/design.md). -1 to go on, or the exit status.
 */
static int
theme_auto(const struct cmdline *cl)
{
	enum termquery_bg	 bg;
	char			*cause;

	if (cl->opts.mode != MODE_TUI || cl->theme_given || !cl->opts.color)
		return -1;
	bg = termquery_background(STDIN_FILENO, STDOUT_FILENO,
	    TERMQUERY_TIMEOUT_MS);
	if (theme_use_auto(bg == TERMQUERY_LIGHT, &cause) == -1) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return 2;
	}
	return -1;
}

static int
opt_attach(struct cmdline *cl, int ch, const char *arg)
{
	char	*end;
	long	 l;

	l = strtol(arg, &end, 10);
	if (*end != '\0' || end == arg || l <= 0 || l > 4194304)
		return usage_error("bad --attach '%s': give a process id", arg);
	cl->opts.attach = (pid_t)l;
	return -1;
}

static int
opt_stdin(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--stdin needs a FILE (or -)");
	cl->opts.stdin_path = arg;
	return -1;
}

static int
opt_output(struct cmdline *cl, int ch, const char *arg)
{
	if (*arg == '\0')
		return usage_error("%s", "--output needs a FILE");
	cl->opts.output_path = arg;
	return -1;
}

static int
opt_help(struct cmdline *cl, int ch, const char *arg)
{
	usage(stdout);
	return finish(0);
}

static int
opt_version(struct cmdline *cl, int ch, const char *arg)
{
	printf("ipcscope %s\nui: %s\n", PACKAGE_VERSION,
	    ui_backend_names());
	return finish(0);
}

/* The options, as ipcscope(1) lists them. */
static const struct opt_entry opt_table[] = {
	{ "headless",	no_argument,		'H', opt_set },
	{ "duration",	required_argument,	'd', opt_duration },
	{ "interval",	required_argument,	'i', opt_interval },
	{ "format",	required_argument,	'f', opt_format },
	{ "record",	required_argument,	'R', opt_record },
	{ "trace",	required_argument,	'T', opt_trace },
	{ "step",	no_argument,		'S', opt_set },
	{ "replay",	required_argument,	'P', opt_replay },
	{ "snapshot",	required_argument,	'X', opt_snapshot },
	{ "snapshot-size", required_argument,	'Z', opt_snapshot_size },
	{ "notes",	required_argument,	'N', opt_notes },
	{ "verify",	no_argument,		'v', opt_set },
	{ "validate",	no_argument,		'c', opt_set },
	{ "list",	no_argument,		'l', opt_set },
	{ "ui",		required_argument,	'u', opt_ui },
	{ "ascii",	no_argument,		'a', opt_set },
	{ "big",	no_argument,		'B', opt_set },
	{ "no-color",	no_argument,		'n', opt_set },
	{ "theme",	required_argument,	'm', opt_theme },
	{ "attach",	required_argument,	'A', opt_attach },
	{ "stdin",	required_argument,	'I', opt_stdin },
	{ "output",	required_argument,	'O', opt_output },
	{ "help",	no_argument,		'h', opt_help },
	{ "version",	no_argument,		'V', opt_version }
};
/* The short ones. The leading ':' keeps getopt quiet: its messages echo
   argv raw. */
#define SHORT_OPTS	":Hd:i:f:laVh"

/* An option getopt_long returned: -1 to go on, or the exit status. */
static int
do_option(struct cmdline *cl, int ch, char **argv)
{
	char	opt[3];
	size_t	i;

	for (i = 0; i < nitems(opt_table); i++) {
		if (opt_table[i].ch == ch)
			return opt_table[i].fn(cl, ch, optarg);
	}
	if (ch == ':')
		return usage_error("option '%s' needs an argument",
		    argv[optind - 1]);
	if (optopt != 0) {
		opt[0] = '-';
		opt[1] = (char)optopt;
		opt[2] = '\0';
		return usage_error("unknown option '%s'", opt);
	}
	return usage_error("unknown option '%s'", argv[optind - 1]);
}

/* Does the option in argv[i] take the next word as its argument? */
static bool
takes_next(const char *w)
{
	const char	*p, *q;
	size_t		 i, len;

	if (w[0] != '-' || w[1] == '\0')
		return false;
	if (w[1] == '-') {
		/* --name, or a unique prefix of one (getopt_long's rule);
		   --name=value carries its own. */
		if (strchr(w, '=') != NULL)
			return false;
		len = strlen(w + 2);
		for (i = 0; i < nitems(opt_table); i++) {
			if (strncmp(opt_table[i].name, w + 2, len) == 0 &&
			    opt_table[i].has_arg == required_argument)
				return true;
		}
		return false;
	}
	/* A cluster of short options: one that takes an argument takes
	   the rest of the word, or the next word if it is the last. */
	for (p = w + 1; *p != '\0'; p++) {
		if (*p == ':' || (q = strchr(SHORT_OPTS, *p)) == NULL)
			return false;
		if (q[1] == ':')
			return p[1] == '\0';
	}
	return false;
}

/*
 * "-- CMD ARGS": where the command starts (the first "--" that is not an
 * option's argument), so that its words are never taken for ours. argc
 * if there is none.
 */
static int
find_command(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i;
		if (takes_next(argv[i]))
			i++;
	}
	return argc;
}

/* Every option: -1 when the command can go on, or the exit status. */
static int
parse_options(struct cmdline *cl, int argc, char **argv)
{
	struct option	longopts[nitems(opt_table) + 1];
	const char	*nc;
	size_t		 i;
	int		 ch, rc;

	memset(cl, 0, sizeof *cl);
	cl->opts.mode = MODE_TUI;
	cl->opts.format = FMT_JSONL;
	cl->opts.duration = -1;
	cl->opts.interval_ms = 500;
	cl->opts.snapshot_cols = 80;
	cl->opts.snapshot_rows = 24;
	nc = getenv("NO_COLOR");
	cl->opts.color = nc == NULL || *nc == '\0';

	memset(longopts, 0, sizeof longopts);
	for (i = 0; i < nitems(opt_table); i++) {
		longopts[i].name = opt_table[i].name;
		longopts[i].has_arg = opt_table[i].has_arg;
		longopts[i].val = opt_table[i].ch;
	}
	while ((ch = getopt_long(argc, argv, SHORT_OPTS, longopts,
	    NULL)) != -1) {
		if ((rc = do_option(cl, ch, argv)) != -1)
			return rc;
	}
	return -1;
}

/* What goes with -- CMD and --attach: 0, or the exit status. */
static int
check_follow(const struct app_opts *opts)
{
	bool	follow = opts->command != NULL || opts->attach != 0;

	if (opts->command != NULL && opts->attach != 0)
		return usage_error("%s", "give -- CMD or --attach PID, not "
		    "both");
	if (!follow && (opts->stdin_path != NULL ||
	    opts->output_path != NULL))
		return usage_error("%s", "--stdin and --output are for the "
		    "program of -- CMD");
	if (opts->attach != 0 && (opts->stdin_path != NULL ||
	    opts->output_path != NULL))
		return usage_error("%s", "--stdin and --output are for -- CMD: "
		    "an attached process keeps its own");
	if (follow && opts->mode == MODE_VERIFY)
		return usage_error("%s", "--verify checks a scenario's "
		    "[expect] sections: a followed program has none");
	if (follow && opts->step)
		return usage_error("%s", "--step steps through a scenario's "
		    "cues: a followed program has none");
	if (opts->mode == MODE_TUI && opts->stdin_path != NULL &&
	    strcmp(opts->stdin_path, "-") == 0)
		return usage_error("%s", "--stdin -: the terminal UI reads "
		    "the terminal itself; give a FILE, or use --headless");
	return 0;
}

/*
 * --replay plays a recording in the terminal UI: what makes or checks a
 * run does not go with it. 0, or the exit status.
 */
static int
check_replay(const struct cmdline *cl, int argc, char **argv)
{
	const struct app_opts	*opts = &cl->opts;

	if (opts->mode != MODE_TUI)
		return usage_error("%s", "--replay plays a recording in the "
		    "terminal UI; not with --headless or --verify (the "
		    "recording already is the JSON Lines of a run)");
	if (opts->step || cl->duration_given)
		return usage_error("%s", "--replay plays the recording as it "
		    "was run: its cues as recorded, to its end (not with "
		    "--step or --duration)");
	if (opts->record_path != NULL || opts->trace_path != NULL)
		return usage_error("%s", "--record and --trace record a run "
		    "(the terminal UI or --headless), not a replay");
	/* argv[-1]: "--" unless it was the FILE itself (--replay --). */
	if (argc > 0 && strcmp(argv[-1], "--") == 0 && argv[-1] != cl->replay)
		return usage_error("--replay FILE plays FILE and starts no "
		    "process: not with a command ('-- %s')", argv[0]);
	if (argc > 0)
		return usage_error("--replay FILE plays FILE: no SCENARIO "
		    "('%s') with it", argv[0]);
	return 0;
}

/* Options that do not go together: 0, or the exit status. */
static int
check_modes(const struct cmdline *cl)
{
	const struct app_opts	*opts = &cl->opts;

	if (opts->step && opts->mode != MODE_TUI)
		return usage_error("%s", "--step waits for the presenter's n "
		    "key: it needs the terminal UI, not --headless or "
		    "--verify (which run each cue at its time)");
	if (opts->mode == MODE_VERIFY &&
	    (opts->record_path != NULL || opts->trace_path != NULL))
		return usage_error("%s", "--record and --trace record one run "
		    "(the terminal UI or --headless), not --verify");
	if (opts->mode == MODE_VERIFY && opts->nsnapshots > 0)
		return usage_error("%s", "--snapshot takes pictures of one run "
		    "(the terminal UI or --headless), not --verify");
	if (cl->size_given && opts->mode != MODE_HEADLESS)
		return usage_error("%s", "--snapshot-size is for --headless: "
		    "the terminal UI's snapshots are the terminal's size");
	if (opts->notes_path != NULL && opts->mode != MODE_TUI)
		return usage_error("%s", "--notes shows the presenter the run "
		    "on the projector: it needs the terminal UI");
	return check_follow(opts);
}

/* --verify of one scenario: app_run's status, or 2 if it cannot run. */
static int
verify_one(const char *name, const struct app_opts *opts)
{
	struct scenario	*sc;
	char		*shown;
	int		 rc;

	if ((sc = load(name)) == NULL)
		return 2;
	if (sc->nexpects == 0) {
		/* "0 passed, 0 failed" would pass for success. */
		shown = util_printable_dup(sc->path);
		fprintf(stderr, "ipcscope: %s: no [expect] section: nothing to "
		    "verify (add one; see ipcscope-scenario(5))\n", shown);
		free(shown);
		scenario_free(sc);
		return 2;
	}
	rc = app_run(sc, opts, stdout);
	scenario_free(sc);
	return rc;
}

/* --verify SCENARIO...: the worst status of them all. */
static int
cmd_verify(int argc, char **argv, const struct app_opts *opts)
{
	int	i, rc, worst = 0;

	if (argc == 0)
		return usage_error("%s", "--verify needs at least one SCENARIO");
	for (i = 0; i < argc; i++) {
		rc = verify_one(argv[i], opts);
		if (rc > worst)
			worst = rc;
		if (app_output_failed())
			return finish(worst);
		if (app_interrupt_signal() != 0) {
			/* Only if there is room: a full pipe must not hold
			   us now (util_write after a signal never waits). */
			fflush(stdout);
			util_write(STDOUT_FILENO, VERIFY_STOPPED,
			    strlen(VERIFY_STOPPED));
			return finish(worst > 1 ? worst : 1);
		}
	}
	return finish(worst);
}

/* The terminal UI needs a terminal: 0, or 2 after saying so (and how). */
static int
tui_check(struct app_opts *opts, const char *how)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ipcscope: the terminal UI needs a terminal; "
		    "%s\n", how);
		return 2;
	}
	if (!opts->ascii && strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		opts->ascii = true;
	return 0;
}

/* -- CMD or --attach PID, in the terminal UI or headless. */
static int
cmd_follow(int argc, char **argv, struct app_opts *opts)
{
	if (argc > 0)
		return usage_error("'%s': give a SCENARIO or a program to "
		    "follow (-- CMD, --attach PID), not both", argv[0]);
	if (opts->mode == MODE_TUI &&
	    tui_check(opts, "use --headless for scripts") != 0)
		return 2;
	return finish(app_follow(opts, stdout));
}

/*
 * --replay FILE: a recording in the terminal UI. The file first: a bad
 * one is said (FILE:LINE: message, exit 2) whatever the terminal; what
 * an older one lacks is said before the terminal UI, to stay readable
 * after it.
 */
static int
cmd_replay(struct cmdline *cl)
{
	struct app_opts	*opts = &cl->opts;
	const char	*path = cl->replay;
	struct replay	*rp;
	char		*cause = NULL, *shown;
	int		 rc;

	if ((rp = replay_open(path, &cause)) == NULL) {
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		return 2;
	}
	if (tui_check(opts, "a recording plays only there") != 0) {
		replay_free(rp);
		return 2;
	}
	if ((rc = theme_auto(cl)) != -1) {
		replay_free(rp);
		return rc;
	}
	if (*replay_lacks(rp) != '\0') {
		shown = util_printable_dup(path);
		fprintf(stderr, "ipcscope: %s: an older ipcscope's recording: "
		    "%s; shown as far as it goes\n", shown, replay_lacks(rp));
		free(shown);
	}
	return finish(app_replay(rp, opts, stdout));
}

/* One scenario in the terminal UI or headless. */
static int
cmd_play(int argc, char **argv, struct app_opts *opts)
{
	struct scenario	*sc;
	const char	*name;
	int		 rc;

	if (argc > 1)
		return usage_error("too many scenarios: '%s' (give one, or use "
		    "--verify)", argv[1]);
	name = argc == 1 ? argv[0] : DEFAULT_SCENARIO;
	if (opts->mode == MODE_TUI &&
	    tui_check(opts, "use --headless for scripts") != 0)
		return 2;
	if ((sc = load(name)) == NULL)
		return 2;
	rc = app_run(sc, opts, stdout);
	scenario_free(sc);
	return finish(rc);
}

int
main(int argc, char **argv)
{
	struct cmdline	cl;
	int		rc, cmd;

	std_fds_safe();
	setlocale(LC_ALL, "");
	cmd = find_command(argc, argv);
	if ((rc = parse_options(&cl, cmd, argv)) != -1)
		return rc;
	if (cmd < argc) {
		if (cmd + 1 == argc)
			return usage_error("%s", "-- needs a command to run");
		cl.opts.command = argv + cmd + 1;
	}
	argc = cmd - optind;
	argv += optind;
	if (cl.list)
		return finish(cmd_list());
	if (cl.validate)
		return finish(cmd_validate(argc, argv));
	if (cl.replay != NULL && cl.opts.command != NULL)
		return usage_error("--replay FILE plays FILE and starts no "
		    "process: not with a command ('-- %s')",
		    cl.opts.command[0] != NULL ? cl.opts.command[0] : "");
	if (cl.replay != NULL && cl.opts.attach != 0)
		return usage_error("%s", "--replay FILE plays FILE and starts "
		    "no process: not with --attach");
	if (cl.replay != NULL && (rc = check_replay(&cl, argc, argv)) != 0)
		return rc;
	if ((rc = check_modes(&cl)) != 0)
		return rc;
	app_install_signals();
	if (cl.replay != NULL)
		return cmd_replay(&cl);
	if (cl.opts.mode == MODE_VERIFY)
		return cmd_verify(argc, argv, &cl.opts);
	if ((rc = theme_auto(&cl)) != -1)
		return rc;
	if (cl.opts.command != NULL || cl.opts.attach != 0)
		return cmd_follow(argc, argv, &cl.opts);
	return cmd_play(argc, argv, &cl.opts);
}
