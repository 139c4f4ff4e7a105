/*
 * signals.c: signals arrive through two signalfds and are acted on in the
 * loop: one for the signals that only tell us something (SIGCHLD; in the
 * terminal UI SIGTSTP and SIGCONT), one for every catchable signal whose
 * default action is to terminate (SIGINT, SIGTERM, SIGHUP, SIGUSR1,
 * SIGALRM, SIGPIPE, the real-time ones, ...): those end the run in order,
 * and the caller then dies of the same signal (app_exit_by_signal).
 * Output waits for room together with that second signalfd (util_write),
 * so a full pipe never keeps them out. Only the fatal signals of a crash
 * have a real handler, which kills the workers, removes the kernel
 * objects, restores the terminal and re-raises so that a core dump still
 * happens.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app-int.h"
#include "base/util.h"
#include "out/headless.h"

static struct app	*app_current;	/* for the crash handler */

/*
 * The catchable signals whose default action is to terminate, less those
 * ignored when ipcscope started (nohup's SIGHUP stays ignored), and how
 * each was handled then, to put back after a run. SIGINT and SIGQUIT are
 * taken even if ignored: a shell without job control ignores them in
 * every background command, and they have always stopped a run.
 */
static sigset_t		 app_termset;
static struct sigaction	 app_termset_old[NSIG];
static bool		 app_tstp_ignored;
static int		 app_exit_sig;	/* the first one that came, or 0 */
static int		 app_out_err;	/* first failed write to the output */

static void
app_exit_hook(void)
{
	if (app_current != NULL)
		app_teardown(app_current);
}

void
app_set_current(struct app *a)
{
	app_current = a;
	util_set_exit_hook(a != NULL ? app_exit_hook : NULL);
}

static void
app_crash(int sig)
{
	struct app	*a = app_current;

	if (a != NULL) {
		/* Objects first: only system calls, so it completes even if
		   restoring the terminal below faults again. Also mid-restart,
		   when the run is half built. */
		runner_emergency(&a->run);
		follow_emergency(a->fw);
		if (a->ui_up)
			a->ui->done();	/* not async-signal-safe; worth it */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
app_install_signals(void)
{
	static const int	 crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
					    SIGABRT, SIGSYS, SIGTRAP };
	static const int	 term[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1,
					    SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
					    SIGSTKFLT, SIGXCPU, SIGXFSZ,
					    SIGVTALRM, SIGPROF, SIGIO, SIGPWR };
	struct sigaction	 sa, old;
	size_t			 i;
	int			 sig;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nitems(crash); i++)
		sigaction(crash[i], &sa, NULL);

	sigemptyset(&app_termset);
	for (i = 0; i < nitems(term) + (size_t)(SIGRTMAX - SIGRTMIN + 1); i++) {
		sig = i < nitems(term) ? term[i] :
		    SIGRTMIN + (int)(i - nitems(term));
		if (sigaction(sig, NULL, &old) == -1)
			continue;
		if (old.sa_handler == SIG_IGN && sig != SIGINT &&
		    sig != SIGQUIT)
			continue;
		app_termset_old[sig] = old;
		sigaddset(&app_termset, sig);
	}
	app_tstp_ignored = sigaction(SIGTSTP, NULL, &old) == 0 &&
	    old.sa_handler == SIG_IGN;
}

int
app_interrupt_signal(void)
{
	return app_exit_sig;
}

bool
app_output_failed(void)
{
	return app_out_err != 0;
}

void
app_output_fail(int err)
{
	if (app_out_err == 0)
		app_out_err = err;
}

void
app_exit_by_signal(int sig)
{
	struct sigaction	sa;
	struct rlimit		rl = { 0, 0 };
	sigset_t		set;

	/* Everything was stopped and removed in order: a core file of
	   that would show nothing of why the signal came. */
	setrlimit(RLIMIT_CORE, &rl);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* Not reached for a terminating signal; the shell's convention. */
	exit(128 + sig);
}

int
app_signals_setup(struct app *a)
{
	sigset_t	set, all;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (a->opts->mode == MODE_TUI && !app_tstp_ignored) {
		sigaddset(&set, SIGTSTP);
		sigaddset(&set, SIGCONT);
	}
	sigorset(&all, &set, &app_termset);
	sigprocmask(SIG_BLOCK, &all, &a->oldmask);
	a->masked = true;
	a->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	a->termfd = signalfd(-1, &app_termset, SFD_NONBLOCK | SFD_CLOEXEC);
	if (a->sigfd == -1 || a->termfd == -1)
		return -1;
	util_write_watch(a->termfd);
	util_write_nowait(0);
	return 0;
}

/*
 * SIGTSTP in the terminal UI (kill -TSTP: the terminal itself sends none,
 * it is in raw mode): give the terminal back, stop as the default action
 * would, and on SIGCONT take it again and repaint everything. The workers
 * run on meanwhile: the scenario's time does not stop.
 */
static void
app_suspend(struct app *a)
{
	struct sigaction	 sa, old;
	sigset_t		 set;
	char			*cause = NULL;

	if (!a->ui_up)
		return;
	app_ui_done(a);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);	/* curses may have put its own */
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	raise(SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);	/* stops here until SIGCONT */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigaction(SIGTSTP, &old, NULL);
	if (a->ui->init(a->opts->color, &cause) == -1) {
		fprintf(stderr, "ipcscope: back from SIGTSTP: %s\n", cause);
		free(cause);
		app_quit(a, "error");
		return;
	}
	a->ui_up = true;
	a->full_redraw = true;
}

/* A terminating signal: end the run in order; the caller dies of it. */
static void
app_terminate(struct app *a, int sig)
{
	if (app_exit_sig == 0)
		app_exit_sig = sig;
	app_quit(a, "interrupted");
	util_write_nowait(1);	/* what is left to write: only if room */
}

void
app_signals_read(struct app *a)
{
	struct signalfd_siginfo	si;

	while (read(a->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			app_reap(a);
			break;
		case SIGTSTP:
			app_suspend(a);
			break;
		case SIGCONT:
			a->full_redraw = true;	/* after a SIGSTOP, say */
			break;
		}
	}
	while (read(a->termfd, &si, sizeof si) == (ssize_t)sizeof si)
		app_terminate(a, (int)si.ssi_signo);
}

/*
 * After the run: a failed write to the output. A reader that left (EPIPE,
 * | head) is an ordinary way out: die of SIGPIPE as yes | head does, now
 * that everything is cleaned up (unless SIGPIPE was ignored when we
 * started: then it is an error like any other). Any other error is
 * reported, once: -1 (exit status 3).
 */
int
app_output_end(const struct app_opts *opts)
{
	static bool	reported;

	if (opts->mode == MODE_HEADLESS && app_out_err == 0)
		app_out_err = headless_output_error();
	if (app_out_err == 0)
		return 0;
	if (app_out_err == EPIPE && sigismember(&app_termset, SIGPIPE)) {
		if (app_exit_sig == 0)
			app_exit_sig = SIGPIPE;
		return 0;
	}
	if (!reported)
		fprintf(stderr, "ipcscope: standard output: %s\n",
		    strerror(app_out_err));
	reported = true;
	return -1;
}

/*
 * Signals back as they were before the run. A terminating signal that
 * came after the loop (while the workers were being stopped) is still in
 * the signalfd: take it, so that the caller dies of it too. Handlers that
 * curses put on SIGINT and SIGTERM go: the caller's way out is ours.
 */
void
app_signals_done(struct app *a)
{
	struct signalfd_siginfo	si;
	int			sig;

	if (a->termfd != -1) {
		while (read(a->termfd, &si, sizeof si) == (ssize_t)sizeof si) {
			if (app_exit_sig == 0)
				app_exit_sig = (int)si.ssi_signo;
		}
		close(a->termfd);
	}
	if (a->sigfd != -1)
		close(a->sigfd);
	if (a->timerfd != -1)
		close(a->timerfd);
	a->sigfd = a->termfd = a->timerfd = -1;
	util_write_watch(-1);
	/* After a terminating signal, what the caller still has to say
	   goes out only if there is room: it must not block. */
	util_write_nowait(app_exit_sig != 0);
	if (!a->masked)
		return;
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&app_termset, sig) == 1)
			sigaction(sig, &app_termset_old[sig], NULL);
	}
	sigprocmask(SIG_SETMASK, &a->oldmask, NULL);
	a->masked = false;
}
