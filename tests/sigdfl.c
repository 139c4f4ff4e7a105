/*
 * sigdfl COMMAND [ARG...]: run COMMAND with every catchable signal at its
 * default action and none blocked, in this same process (exec), so that a
 * shell's $! for "sigdfl cmd &" is the command's own pid.
 *
 * A test that sends a signal must not depend on how it was started: under
 * nohup, or a CI runner that ignores SIGHUP, a background job inherits
 * SIGHUP ignored, and ipcscope keeps an ignored SIGHUP ignored on purpose.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	sigset_t none;
	int s;

	if (argc < 2) {
		fprintf(stderr, "usage: sigdfl COMMAND [ARG...]\n");
		return 2;
	}
	for (s = 1; s < NSIG; s++) {
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		(void)signal(s, SIG_DFL); /* EINVAL for the libc's own: fine */
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "sigdfl: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
