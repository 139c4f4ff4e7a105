/*
 * ui.c: what every terminal back end shares, and the table of them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/ui.h"
#include "base/util.h"

/*
 * Every back end ipcscope knows, the default first. One the build lacks
 * stays in the table without its ops, so that asking for it says what it
 * needs instead of that there is no such thing.
 */
static const struct {
	const char		*name;
	const struct ui_backend	*ops;		/* NULL: not in this build */
	const char		*needs;		/* the library it draws with */
} ui_backends[] = {
	{ "ncurses", &ui_ncurses, "ncursesw" },
#ifdef HAVE_TICKIT
	{ "tickit", &ui_tickit, "libtickit" },
#else
	{ "tickit", NULL, "libtickit" },
#endif
};

const struct ui_backend *
ui_backend_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(ui_backends); i++) {
		if (ui_backends[i].ops != NULL && (name == NULL ||
		    strcmp(ui_backends[i].name, name) == 0))
			return ui_backends[i].ops;
	}
	return NULL;
}

const char *
ui_backend_name(int i)
{
	size_t	j;

	for (j = 0; j < nitems(ui_backends); j++) {
		if (ui_backends[j].ops != NULL && i-- == 0)
			return ui_backends[j].name;
	}
	return NULL;
}

const char *
ui_backend_names(void)
{
	static struct strbuf	 names;	/* built once, kept */
	const char		*name;
	int			 i;

	if (names.s != NULL)
		return names.s;
	for (i = 0; (name = ui_backend_name(i)) != NULL; i++)
		strbuf_printf(&names, "%s%s", i == 0 ? "" : " ", name);
	return names.s;
}

const char *
ui_backend_lacks(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(ui_backends); i++) {
		if (ui_backends[i].ops == NULL &&
		    strcmp(ui_backends[i].name, name) == 0)
			return ui_backends[i].needs;
	}
	return NULL;
}

int
ui_check_terminal(char **cause)
{
	const char	*term;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xasprintf(cause, "the terminal UI needs a terminal on stdin "
		    "and stdout (use --headless otherwise)");
		return -1;
	}
	term = getenv("TERM");
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		xasprintf(cause, "TERM is %s: the terminal UI needs a real "
		    "terminal type (try TERM=xterm-256color, or --headless)",
		    term == NULL || *term == '\0' ? "not set" : "dumb");
		return -1;
	}
	return 0;
}
