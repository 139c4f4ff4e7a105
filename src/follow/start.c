/*
 * start.c: a followed program's life as ipcscope sees it. -- CMD: the
 * run's private directory (its output file, unless --output names one),
 * ipcscope made a child subreaper, the process events connector opened,
 * then CMD forked (its own process group, its output into the file, its
 * input /dev/null unless asked, the signal mask and descriptor limit
 * ipcscope was given, dying with ipcscope) and exec'd, an exec failure
 * reported through a close-on-exec pipe. --attach PID: the connector
 * opened, the process and its descendants read from /proc. Then reaping,
 * the stop in order, the notices for the user.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "base/registry.h"
#include "base/util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	(1U << 2)
#endif

void
fw_notice(struct follow *fw, unsigned once, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	if (once != 0 && (fw->said & once))
		return;
	fw->said |= once;
	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (fw->nnotices - fw->notice_next >= FW_NOTICES) {
		free(s);
		return;
	}
	free(fw->notices[fw->nnotices % FW_NOTICES]);
	fw->notices[fw->nnotices++ % FW_NOTICES] = s;
}

const char *
follow_notice(struct follow *fw)
{
	if (fw->notice_next >= fw->nnotices)
		return NULL;
	return fw->notices[fw->notice_next++ % FW_NOTICES];
}

/* Yama's ptrace_scope, -1 without Yama. */
static int
fw_yama(void)
{
	FILE	*f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int	 v = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/*
 * Once: what cannot be seen of a process and why. Another user's
 * process needs ptrace access (PTRACE_MODE_READ for its descriptors and
 * I/O, PTRACE_MODE_ATTACH for its system calls and to borrow an end);
 * Yama's ptrace_scope 1 or more restricts the second to descendants.
 */
void
fw_say_denied(struct follow *fw, pid_t pid, const char *what)
{
	struct passwd	*pw;
	struct stat	 st;
	char		 path[64];
	int		 yama = fw_yama();

	if (fw->said & FW_SAID_PERM)
		return;
	snprintf(path, sizeof path, "/proc/%ld", (long)pid);
	if (stat(path, &st) == 0 && st.st_uid != geteuid()) {
		pw = getpwuid(st.st_uid);
		fw_notice(fw, FW_SAID_PERM, "no permission to read %s of pid "
		    "%ld, which belongs to user %s: looking inside another "
		    "user's process needs ptrace access (PTRACE_MODE_READ for "
		    "its descriptors and I/O, PTRACE_MODE_ATTACH for its "
		    "system calls); run ipcscope as that user or as root. "
		    "Shown: its state letter, from /proc/PID/stat", what,
		    (long)pid, pw != NULL ? pw->pw_name : "?");
	} else if (yama >= 1)
		fw_notice(fw, FW_SAID_PERM, "no permission to read %s of pid "
		    "%ld: Yama's ptrace_scope is %d "
		    "(/proc/sys/kernel/yama/ptrace_scope), which lets only an "
		    "ancestor or root look at a process's system calls; start "
		    "the program under ipcscope (ipcscope -- CMD) instead",
		    what, (long)pid, yama);
	else
		fw_notice(fw, FW_SAID_PERM, "no permission to read %s of pid "
		    "%ld (ptrace access mode): shown as unknown", what,
		    (long)pid);
}

/* The command line, quoted where a shell would need it. */
static char *
fw_cmdline(char **argv)
{
	struct strbuf	sb = { 0 };
	int		i;

	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			strbuf_add(&sb, " ", 1);
		if (argv[i][0] != '\0' && strpbrk(argv[i],
		    " \t'\"\\|&;<>()$`*?[]#~") == NULL)
			strbuf_printf(&sb, "%s", argv[i]);
		else
			strbuf_printf(&sb, "'%s'", argv[i]);
	}
	return sb.s != NULL ? sb.s : xstrdup("");
}

/* The header's scenario: named after the command, nothing in it. */
static void
fw_make_scenario(struct follow *fw, const char *name, const char *title)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);
	const char	*base = strrchr(name, '/');

	sc->name = xstrdup(base != NULL && base[1] != '\0' ? base + 1 : name);
	util_printable(sc->name);
	sc->path = xstrdup(sc->name);
	sc->title = util_printable_dup(util_clip(title, 200, 56));
	if (fw->attach)
		xasprintf(&sc->about, "Attached to %s and its descendants: "
		    "BLOCKED only where the kernel shows a thread asleep in a "
		    "read or a write on a channel's descriptor; rates are the "
		    "kernel's I/O counters of each process (all its I/O). "
		    "ipcscope never stops what it did not start.", fw->what);
	else
		xasprintf(&sc->about, "Following %s and everything it "
		    "starts: BLOCKED only where the kernel shows a thread "
		    "asleep in a read or a write on a channel's descriptor; "
		    "rates are the kernel's I/O counters of each process (all "
		    "its I/O). Its output goes to %s.", fw->what, fw->log);
	util_printable(sc->about);
	sc->stall_ms = 2000;
	fw->sc = sc;
}

static struct follow *
fw_new(void)
{
	struct follow	*fw = xcalloc(1, sizeof *fw);
	struct stat	 st;

	fw->cnfd = fw->diagfd = -1;
	/* POSIX queues are known by their file system's device (also
	   found by statfs where it is not mounted: fds.c). */
	if (stat("/dev/mqueue", &st) == 0)
		fw->mq_dev = st.st_dev;
	return fw;
}

/* CMD's standard descriptors, opened here so that errors come first. */
static int
fw_open_std(struct follow *fw, const struct follow_opts *o, int *in,
    int *out, char **cause)
{
	const char	*ipath = o->stdin_path != NULL ? o->stdin_path :
			    "/dev/null";

	*in = *out = -1;
	if (o->stdin_path == NULL || strcmp(o->stdin_path, "-") != 0) {
		/* Without waiting for a FIFO's writer; blocking after. */
		*in = open(ipath, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (*in == -1) {
			xasprintf(cause, "%s: cannot open for CMD's standard "
			    "input: %s", ipath, strerror(errno));
			return -1;
		}
		fcntl(*in, F_SETFL, 0);
	}
	*out = open(fw->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (*out == -1) {
		xasprintf(cause, "%s: cannot create for CMD's output: %s",
		    fw->log, strerror(errno));
		return -1;
	}
	return 0;
}

/* The child: its descriptors, its group, its limits, then CMD. */
static void __attribute__((noreturn))
fw_child(const struct follow_opts *o, int in, int out, int errfd,
    const struct rlimit *nofile, pid_t parent)
{
	int	e;

	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(127);
	setpgid(0, 0);		/* ^C in the terminal is ipcscope's */
	if ((in != -1 && dup2(in, 0) == -1) || dup2(out, 1) == -1 ||
	    dup2(out, 2) == -1)
		goto fail;
	/* Nothing of ipcscope's survives the exec. */
	syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
	setrlimit(RLIMIT_NOFILE, nofile);
	if (o->sigmask != NULL)
		sigprocmask(SIG_SETMASK, o->sigmask, NULL);
	execvp(o->argv[0], o->argv);
fail:
	e = errno;
	if (write(errfd, &e, sizeof e) == -1)
		_exit(127);
	_exit(127);
}

/* Fork and exec CMD: its pid, or -1 with *cause and *status. */
static pid_t
fw_fork(struct follow *fw, const struct follow_opts *o, int in, int out,
    char **cause, int *status)
{
	struct rlimit	nofile;
	sigset_t	all, old;
	pid_t		pid, parent = getpid();
	int		ep[2], e = 0;
	ssize_t		n;

	getrlimit(RLIMIT_NOFILE, &nofile);
	if (pipe2(ep, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	if ((pid = fork()) == 0)
		fw_child(o, in, out, ep[1], &nofile, parent);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(ep[1]);
	if (pid == -1) {
		xasprintf(cause, "fork: %s", strerror(errno));
		close(ep[0]);
		return -1;
	}
	setpgid(pid, pid);
	do
		n = read(ep[0], &e, sizeof e);
	while (n == -1 && errno == EINTR);
	close(ep[0]);
	if (n != (ssize_t)sizeof e)
		return pid;		/* exec'd */
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	*status = e == ENOENT ? 127 : 126;
	xasprintf(cause, "%s: cannot run: %s", util_clip(o->argv[0], 200, 56),
	    strerror(e));
	return -1;
}

static struct follow *
fw_start_cmd(const struct follow_opts *o, char **cause, int *status)
{
	struct follow	*fw = fw_new();
	char		*cmd;
	pid_t		 pid;
	int		 in = -1, out = -1;

	if ((fw->reg = registry_new(cause)) == NULL)
		goto fail;
	if (o->output_path != NULL)
		fw->log = xstrdup(o->output_path);
	else {
		xasprintf(&fw->log, "%s/output", registry_dir(fw->reg));
		registry_add_path(fw->reg, fw->log);
	}
	if (fw_open_std(fw, o, &in, &out, cause) == -1)
		goto fail;
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	fw_events_open(fw);	/* before the fork: no event is missed */
	fw->t0 = now_ns();
	if ((pid = fw_fork(fw, o, in, out, cause, status)) == -1)
		goto fail;
	close(out);
	if (in != -1)
		close(in);
	cmd = fw_cmdline(o->argv);
	xasprintf(&fw->what, "%s (pid %ld)", util_clip(cmd, 200, 56),
	    (long)pid);
	fw_make_scenario(fw, o->argv[0], cmd);
	free(cmd);
	fw_row_add(fw, pid, pid, -1);
	return fw;
fail:
	if (*status == 0)
		*status = 3;
	if (out != -1)
		close(out);
	if (in != -1)
		close(in);
	follow_free(fw);
	return NULL;
}

/* The attached process's command line, or its comm. */
static char *
fw_proc_cmdline(pid_t pid)
{
	char	path[64], buf[4096];
	ssize_t	n, i;
	int	fd;

	snprintf(path, sizeof path, "/proc/%ld/cmdline", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return xstrdup("?");
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return xstrdup("?");
	for (i = 0; i < n - 1; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	buf[n] = '\0';
	return util_printable_dup(buf);
}

static struct follow *
fw_start_attach(const struct follow_opts *o, char **cause, int *status)
{
	struct follow	*fw = fw_new();
	char		*cmd, path[64];
	int		 r;

	fw->attach = true;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)o->attach);
	if (o->attach <= 0 || access(path, F_OK) == -1) {
		xasprintf(cause, "--attach %ld: no such process",
		    (long)o->attach);
		goto fail;
	}
	if (o->attach == getpid()) {
		xasprintf(cause, "--attach %ld: that is ipcscope itself",
		    (long)o->attach);
		goto fail;
	}
	fw_events_open(fw);
	fw->t0 = now_ns();
	cmd = fw_proc_cmdline(o->attach);
	xasprintf(&fw->what, "%s (pid %ld)", util_clip(cmd, 200, 56),
	    (long)o->attach);
	if ((r = fw_row_add(fw, o->attach, o->attach, -1)) == -1 ||
	    fw->rows[r].statfd == -1) {
		xasprintf(cause, "--attach %ld: cannot read /proc/%ld: %s",
		    (long)o->attach, (long)o->attach, strerror(errno));
		free(cmd);
		goto fail;
	}
	fw_make_scenario(fw, fw->rows[r].comm, cmd);
	free(cmd);
	fw_scan_tree(fw);
	return fw;
fail:
	*status = 3;
	follow_free(fw);
	return NULL;
}

struct follow *
follow_start(const struct follow_opts *o, char **cause, int *status)
{
	*status = 0;
	if (o->argv != NULL)
		return fw_start_cmd(o, cause, status);
	return fw_start_attach(o, cause, status);
}

struct follow *
follow_pids(const char *title)
{
	struct follow	*fw = fw_new();

	fw->attach = true;	/* never stops what it did not start */
	fw_events_open(fw);
	fw->t0 = now_ns();
	fw->what = util_printable_dup(title);
	fw_make_scenario(fw, title, title);
	return fw;
}

int
follow_add(struct follow *fw, pid_t pid, const char *name)
{
	struct fw_row	*row;
	int		 r;

	if ((r = fw_row_find(fw, pid)) != -1 && !fw->rows[r].ended) {
		errno = EEXIST;
		return -1;
	}
	if ((r = fw_row_add(fw, pid, pid, -1)) == -1) {
		errno = ENOSPC;
		return -1;
	}
	row = &fw->rows[r];
	if (row->statfd == -1) {
		fw_row_end(fw, r, -1, false);
		errno = ESRCH;
		return -1;
	}
	if (name != NULL) {
		snprintf(row->name, sizeof row->name, "%s[%ld]", name,
		    (long)pid);
		util_printable(row->name);
		row->named = true;
	}
	fw_rows_threads(fw, r);
	return r;
}

struct scenario *
follow_scenario(const struct follow *fw)
{
	return fw->sc;
}

const char *
follow_what(const struct follow *fw)
{
	return fw->what;
}

const char *
follow_log(const struct follow *fw)
{
	return fw->log;
}

void
follow_reap(struct follow *fw)
{
	pid_t	pid;
	int	status, r;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		/* CMD, or an orphan re-parented to us (the subreaper). */
		if ((r = fw_row_find(fw, pid)) != -1 &&
		    fw->rows[r].proc == -1)
			fw_row_end(fw, r, status, true);
	}
}

bool
follow_root_ended(const struct follow *fw, int *wstatus)
{
	const struct fw_row	*root;

	if (fw->nrows == 0)
		return false;
	root = &fw->rows[0];
	*wstatus = root->wstatus;
	/* CMD's own status is waitpid's: wait for it. */
	return fw->attach ? root->ended : root->reaped;
}

static int
fw_signal(const struct fw_row *row, int sig)
{
	if (row->ended || row->pidfd == -1) {
		errno = ESRCH;
		return -1;
	}
	return (int)syscall(SYS_pidfd_send_signal, row->pidfd, sig, NULL, 0);
}

/* SIGTERM (or sig) to every live process of the tree not sent one yet. */
static void
fw_signal_all(struct follow *fw, int sig)
{
	struct fw_row	*row;
	int		 r;

	for (r = 0; r < fw->nrows; r++) {
		row = &fw->rows[r];
		if (row->proc != -1 || row->ended ||
		    (sig == SIGTERM && row->stop_sent))
			continue;
		row->stop_sent = true;
		fw_signal(row, sig);
		fw_signal(row, SIGCONT);	/* a stopped one must act */
	}
}

void
follow_stop_begin(struct follow *fw)
{
	int	r;

	if (fw->stopping)
		return;
	fw->stopping = true;
	if (fw->attach) {
		/* Never stopped; what the user paused goes on. */
		for (r = 0; r < fw->nrows; r++) {
			if (fw->rows[r].user_paused)
				fw_signal(&fw->rows[r], SIGCONT);
			fw->rows[r].user_paused = false;
		}
		return;
	}
	fw->stop_deadline = now_ns() + FOLLOW_GRACE_MS * 1000000ULL;
	fw_signal_all(fw, SIGTERM);
}

/* Has each live process row exited (its pidfd readable)? */
static void
fw_check_exits(struct follow *fw)
{
	struct pollfd	pfd;
	int		r;

	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].proc != -1 || fw->rows[r].ended ||
		    fw->rows[r].pidfd == -1)
			continue;
		pfd.fd = fw->rows[r].pidfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) == 1)
			fw_row_end(fw, r, -1, false);
	}
}

bool
follow_stop_poll(struct follow *fw)
{
	int	r, alive = 0;

	follow_stop_begin(fw);
	if (fw->attach)
		return true;
	fw_events_read(fw);
	follow_reap(fw);
	fw_check_exits(fw);
	fw_signal_all(fw, SIGTERM);	/* those forked meanwhile */
	for (r = 0; r < fw->nrows; r++) {
		if (fw->rows[r].proc == -1 && !fw->rows[r].ended)
			alive++;
	}
	if (alive > 0 && !fw->killed && now_ns() >= fw->stop_deadline) {
		fw->killed = true;
		fw_signal_all(fw, SIGKILL);
	}
	return alive == 0;
}

/* Live children of ipcscope that were never seen: found by their parent. */
static void
fw_kill_children(void)
{
	pid_t	*pids, *ppids, self = getpid();
	int	 n, i;

	n = fw_proc_parents(&pids, &ppids);
	for (i = 0; i < n; i++) {
		if (ppids[i] == self)
			kill(pids[i], SIGKILL);
	}
	free(pids);
	free(ppids);
}

/* Whatever of ipcscope's children is left: killed and reaped. */
static void
fw_reap_rest(void)
{
	const struct timespec	 ms10 = { 0, 10000000 };
	int			 i, status;
	pid_t			 pid;

	for (i = 0; i < 300; i++) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			;
		if (pid == -1 && errno == ECHILD)
			return;
		if (i % 20 == 0)
			fw_kill_children();
		nanosleep(&ms10, NULL);
	}
}

void
follow_stop(struct follow *fw)
{
	const struct timespec	ms10 = { 0, 10000000 };
	uint64_t		give_up;

	follow_stop_begin(fw);
	if (fw->attach)
		return;
	give_up = fw->stop_deadline + 3000000000ULL;
	while (!follow_stop_poll(fw) && now_ns() < give_up)
		nanosleep(&ms10, NULL);
	fw_reap_rest();
	follow_reap(fw);
}

void
follow_emergency(struct follow *fw)
{
	int	r;

	if (fw == NULL)
		return;
	for (r = 0; !fw->attach && r < fw->nrows; r++) {
		if (fw->rows[r].proc == -1 && fw->rows[r].pidfd != -1)
			syscall(SYS_pidfd_send_signal, fw->rows[r].pidfd,
			    SIGKILL, NULL, 0);
	}
	if (fw->reg != NULL)
		registry_cleanup(fw->reg);
}

void
follow_free(struct follow *fw)
{
	int	i;

	if (fw == NULL)
		return;
	for (i = 0; i < fw->nrows; i++)
		fw_row_free(&fw->rows[i]);
	free(fw->rows);
	free(fw->pidmap);
	free(fw->stamp);
	fw_objs_free(fw);
	fw_chans_free(fw);
	fw_psem_free(fw);		/* i11-python */
	fw_python_free(fw);
	if (fw->cnfd != -1)
		close(fw->cnfd);
	if (fw->diagfd != -1)
		close(fw->diagfd);
	if (fw->reg != NULL) {
		registry_cleanup(fw->reg);
		registry_free(fw->reg);
	}
	for (i = 0; i < FW_NOTICES; i++)
		free(fw->notices[i]);
	scenario_free(fw->sc);
	free(fw->what);
	free(fw->log);
	free(fw->oprocs);
	free(fw->osamples);
	free(fw->oinfo);
	free(fw->olists);
	free(fw);
}
