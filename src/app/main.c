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
#include "scenario/scenario.h"
#include "screen/theme.h"
#include "ui/ui.h"
#include "base/units.h"
#include "base/util.h"

#define DEFAULT_SCENARIO	"pipe-fill"
#define VERIFY_STOPPED \
	"interrupted: the remaining scenarios were not checked\n"

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
"      --verify          check each scenario's [expect] sections\n"
"      --validate        check files only, report every error\n"
"  -l, --list            built-in scenarios: NAME<TAB>title\n"
"      --ui NAME         terminal back end: %s\n"
"  -a, --ascii           ASCII drawing only\n"
"      --big             projector layout: fewer, larger elements, big caption\n"
"      --no-color        no colours (also when NO_COLOR is set)\n"
"      --theme NAME      looks: default, high-contrast, monochrome, or a\n"
"                        .theme file (see ipcscope(1))\n"
"  -h, --help            this help\n"
"  -V, --version         print the version\n"
"\n"
"keys: arrows/tab or a click select, p pause, k kill, +/- rate, space pause all,\n"
"      n next cue, e explain, f freeze, s scenarios, r restart, ? help, q quit\n"
"exit: 0 ok, 1 an expectation failed, 2 usage or invalid scenario, 3 runtime\n"
"      error (also a failed write to the output or a recording); a signal\n"
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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "headless", no_argument, NULL, 'H' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "record", required_argument, NULL, 'R' },
		{ "trace", required_argument, NULL, 'T' },
		{ "step", no_argument, NULL, 'S' },
		{ "verify", no_argument, NULL, 'v' },
		{ "validate", no_argument, NULL, 'c' },
		{ "list", no_argument, NULL, 'l' },
		{ "ui", required_argument, NULL, 'u' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "big", no_argument, NULL, 'B' },
		{ "no-color", no_argument, NULL, 'n' },
		{ "theme", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct app_opts	 opts;
	struct scenario	*sc;
	const char	*nc, *name;
	char		*end, *cause, opt[3];
	bool		 list = false, validate = false;
	int		 ch, i, rc, worst;
	long		 l;

	std_fds_safe();
	setlocale(LC_ALL, "");
	memset(&opts, 0, sizeof opts);
	opts.mode = MODE_TUI;
	opts.format = FMT_JSONL;
	opts.duration = -1;
	opts.interval_ms = 500;
	nc = getenv("NO_COLOR");
	opts.color = nc == NULL || *nc == '\0';

	/* The leading ':' keeps getopt quiet: its messages echo argv raw. */
	while ((ch = getopt_long(argc, argv, ":Hd:i:f:laVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'H':
			opts.mode = MODE_HEADLESS;
			break;
		case 'd':
			if (parse_duration(optarg, &opts.duration) == -1)
				return usage_error("bad --duration '%s': give "
				    "seconds (4, 2.5) or a time (500ms, 3s)",
				    optarg);
			break;
		case 'i':
			l = strtol(optarg, &end, 10);
			if (*end != '\0' || l < 10 || l > 3600000)
				return usage_error("bad --interval '%s': give "
				    "milliseconds from 10 to 3600000", optarg);
			opts.interval_ms = (int)l;
			break;
		case 'f':
			if (strcmp(optarg, "jsonl") == 0)
				opts.format = FMT_JSONL;
			else if (strcmp(optarg, "text") == 0)
				opts.format = FMT_TEXT;
			else
				return usage_error("bad --format '%s': valid "
				    "formats are jsonl and text", optarg);
			break;
		case 'R':
			if (*optarg == '\0')
				return usage_error("%s", "--record needs a FILE");
			opts.record_path = optarg;
			break;
		case 'T':
			if (*optarg == '\0')
				return usage_error("%s", "--trace needs a FILE");
			opts.trace_path = optarg;
			break;
		case 'S':
			opts.step = true;
			break;
		case 'v':
			opts.mode = MODE_VERIFY;
			break;
		case 'c':
			validate = true;
			break;
		case 'l':
			list = true;
			break;
		case 'u':
			if (ui_backend_find(optarg) == NULL)
				return usage_error_ui(optarg);
			opts.ui = optarg;
			break;
		case 'a':
			opts.ascii = true;
			break;
		case 'B':
			opts.big = true;
			break;
		case 'n':
			opts.color = false;
			break;
		case 'm':
			if (theme_use(optarg, &cause) == -1) {
				fprintf(stderr, "%s\n", cause);
				free(cause);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return finish(0);
		case 'V':
			printf("ipcscope %s\nui: %s\n", PACKAGE_VERSION,
			    ui_backend_names());
			return finish(0);
		case ':':
			return usage_error("option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			if (optopt != 0) {
				opt[0] = '-';
				opt[1] = (char)optopt;
				opt[2] = '\0';
				return usage_error("unknown option '%s'", opt);
			}
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;

	if (list)
		return finish(cmd_list());
	if (validate)
		return finish(cmd_validate(argc, argv));

	if (opts.step && opts.mode != MODE_TUI)
		return usage_error("%s", "--step waits for the presenter's n "
		    "key: it needs the terminal UI, not --headless or "
		    "--verify (which run each cue at its time)");
	if (opts.mode == MODE_VERIFY &&
	    (opts.record_path != NULL || opts.trace_path != NULL))
		return usage_error("%s", "--record and --trace record one run "
		    "(the terminal UI or --headless), not --verify");
	app_install_signals();
	if (opts.mode == MODE_VERIFY) {
		if (argc == 0)
			return usage_error("%s", "--verify needs at least one "
			    "SCENARIO");
		worst = 0;
		for (i = 0; i < argc; i++) {
			if ((sc = load(argv[i])) == NULL) {
				worst = worst > 2 ? worst : 2;
				continue;
			}
			if (sc->nexpects == 0) {
				/* "0 passed, 0 failed" would pass for success. */
				cause = util_printable_dup(sc->path);
				fprintf(stderr, "ipcscope: %s: no [expect] section: "
				    "nothing to verify (add one; see "
				    "ipcscope-scenario(5))\n", cause);
				free(cause);
				scenario_free(sc);
				worst = worst > 2 ? worst : 2;
				continue;
			}
			rc = app_run(sc, &opts, stdout);
			scenario_free(sc);
			if (rc > worst)
				worst = rc;
			if (app_output_failed())
				return finish(worst);
			if (app_interrupt_signal() != 0) {
				/* Only if there is room: a full pipe must
				   not hold us now (util_write after a
				   signal never waits). */
				fflush(stdout);
				util_write(STDOUT_FILENO, VERIFY_STOPPED,
				    strlen(VERIFY_STOPPED));
				return finish(worst > 1 ? worst : 1);
			}
		}
		return finish(worst);
	}

	if (argc > 1)
		return usage_error("too many scenarios: '%s' (give one, or use "
		    "--verify)", argv[1]);
	name = argc == 1 ? argv[0] : DEFAULT_SCENARIO;
	if (opts.mode == MODE_TUI) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "ipcscope: the terminal UI needs a "
			    "terminal; use --headless for scripts\n");
			return 2;
		}
		if (!opts.ascii &&
		    strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
			opts.ascii = true;
	}
	if ((sc = load(name)) == NULL)
		return 2;
	rc = app_run(sc, &opts, stdout);
	scenario_free(sc);
	return finish(rc);
}
