/*
 * ui.c: what every terminal back end shares.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/ui.h"
#include "base/util.h"

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
