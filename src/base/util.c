/* util.c: allocation, time, signal and errno names, string buffers. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "base/utf8.h"

#ifndef IPCSCOPE_SRCDIR
#define IPCSCOPE_SRCDIR		"."
#endif
#ifndef IPCSCOPE_BUILDDIR
#define IPCSCOPE_BUILDDIR	"."
#endif

static void (*exit_hook)(void);
static pid_t	hook_owner;

void
util_set_exit_hook(void (*hook)(void))
{
	exit_hook = hook;
	hook_owner = getpid();
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	/* A forked worker inherits the hook but owns nothing it cleans up:
	   running it would remove the run's objects under the others. */
	if (exit_hook != NULL && getpid() != hook_owner)
		_exit(3);
	if (exit_hook != NULL) {
		void (*hook)(void) = exit_hook;

		exit_hook = NULL;	/* a failure inside the hook must not loop */
		hook();
	}
	fputs("ipcscope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("out of memory");
	return xrealloc(p, n * size);
}

void *
xgrowarray(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;	/* the last doubling left room */
	if (n > SIZE_MAX / 2)
		fatal("out of memory");
	return xreallocarray(p, n == 0 ? 1 : 2 * n, size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len = strnlen(s, n);

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	n = vasprintf(ret, fmt, ap);

	if (n < 0)
		fatal("out of memory");
	return n;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t
cpu_ns(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == -1)
		return now_ns();
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static const struct {
	int		 num;
	const char	*name;
} signames[] = {
	{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
	{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
	{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
	{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
	{ SIGCHLD, "SIGCHLD" }, { SIGCONT, "SIGCONT" }, { SIGSTOP, "SIGSTOP" },
	{ SIGTSTP, "SIGTSTP" }, { SIGTTIN, "SIGTTIN" }, { SIGTTOU, "SIGTTOU" },
	{ SIGURG, "SIGURG" }, { SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	{ SIGVTALRM, "SIGVTALRM" }, { SIGPROF, "SIGPROF" },
	{ SIGWINCH, "SIGWINCH" }, { SIGIO, "SIGIO" }, { SIGPWR, "SIGPWR" },
	{ SIGSYS, "SIGSYS" },
};

const char *
util_signame(int sig)
{
	static char	buf[16];
	size_t		i;

	for (i = 0; i < nitems(signames); i++) {
		if (signames[i].num == sig)
			return signames[i].name;
	}
	snprintf(buf, sizeof buf, "SIG%d", sig);
	return buf;
}

int
util_signum(const char *s)
{
	size_t	 i;
	char	*end;
	long	 n;

	if (*s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return (*end == '\0' && n > 0 && n < 65) ? (int)n : -1;
	}
	for (i = 0; i < nitems(signames); i++) {
		if (strcasecmp(s, signames[i].name) == 0 ||
		    strcasecmp(s, signames[i].name + 3) == 0)
			return signames[i].num;
	}
	return -1;
}

static const struct {
	int		 num;
	const char	*name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOSPC, "ENOSPC" },
	{ EPIPE, "EPIPE" }, { EMSGSIZE, "EMSGSIZE" }, { ENOSYS, "ENOSYS" },
	{ EIDRM, "EIDRM" }, { ECONNRESET, "ECONNRESET" },
	{ ENOTCONN, "ENOTCONN" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" }, { ENOMSG, "ENOMSG" }, { ENOTSUP, "ENOTSUP" },
	{ EBADMSG, "EBADMSG" },
};

const char *
util_errname(int err)
{
	size_t	i;

	for (i = 0; i < nitems(errnames); i++) {
		if (errnames[i].num == err)
			return errnames[i].name;
	}
	return "E?";
}

void
strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		sb->cap = (sb->len + n + 1) * 2;
		sb->s = xrealloc(sb->s, sb->cap);
	}
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room = sb->cap - sb->len;
	int	 n;

	/* Straight into the spare room (no copy, no allocation): the
	   headless writer calls this for every field of every sample. */
	va_start(ap, fmt);
	n = vsnprintf(sb->cap > 0 ? sb->s + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	if ((size_t)n >= room) {
		sb->cap = (sb->len + (size_t)n + 1) * 2;
		sb->s = xrealloc(sb->s, sb->cap);
		va_start(ap, fmt);
		vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

static int
util_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

int
util_text_check(const char *s, size_t *bad)
{
	const char	*p;
	uint32_t	 cp;
	size_t		 n;

	for (p = s; *p != '\0'; p += n) {
		if ((n = utf8_decode(p, &cp)) == 0 ||
		    (util_is_control(cp) && cp != '\t')) {
			*bad = (size_t)(p - s);
			return n == 0 ? UTIL_TEXT_UTF8 : UTIL_TEXT_CONTROL;
		}
	}
	return UTIL_TEXT_OK;
}

void
strbuf_json_string(struct strbuf *sb, const char *s)
{
	const char	*p;
	uint32_t	 cp;
	char		 esc[8];
	size_t		 n;

	if (s == NULL) {
		strbuf_add(sb, "null", 4);
		return;
	}
	strbuf_add(sb, "\"", 1);
	for (p = s; *p != '\0'; p += n) {
		if ((n = utf8_decode(p, &cp)) == 0) {
			/* JSON is UTF-8: a byte that is not says so. */
			strbuf_add(sb, "\\ufffd", 6);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			strbuf_add(sb, esc, 2);
		} else if (cp == '\n')
			strbuf_add(sb, "\\n", 2);
		else if (cp == '\t')
			strbuf_add(sb, "\\t", 2);
		else if (util_is_control(cp)) {
			/* C1 and DEL too: JSON Lines end up on terminals. */
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			strbuf_add(sb, esc, 6);
		} else
			strbuf_add(sb, p, n);
	}
	strbuf_add(sb, "\"", 1);
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

static int
util_in_build_tree(void)
{
	char	exe[PATH_MAX], real[PATH_MAX], *slash;
	ssize_t	len;

	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return 0;
	exe[len] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	return realpath(IPCSCOPE_BUILDDIR, real) != NULL &&
	    strcmp(real, exe) == 0;
}

char **
util_data_dirs(const char *env, const char *srcsub, const char *installed,
    int *ndirs)
{
	char	**dirs = NULL, *v, *copy, *p, *sp;
	int	  n = 0;

	if ((v = getenv(env)) != NULL) {
		copy = xstrdup(v);
		for (p = strtok_r(copy, ":", &sp); p != NULL;
		    p = strtok_r(NULL, ":", &sp)) {
			dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
			dirs[n++] = xstrdup(p);
		}
		free(copy);
	}
	if (util_in_build_tree()) {
		dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
		xasprintf(&dirs[n++], "%s/%s", IPCSCOPE_SRCDIR, srcsub);
	}
	dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
	dirs[n++] = xstrdup(installed);
	*ndirs = n;
	return dirs;
}

void
util_dirs_free(char **dirs, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

static int
util_is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether file name s ends in ext, after at least one byte. */
static int
util_has_ext(const char *s, const char *ext)
{
	size_t	len = strlen(s), elen = strlen(ext);

	return len > elen && strcmp(s + len - elen, ext) == 0;
}

char *
util_data_find(const struct util_data *d, const char *name)
{
	char	**dirs, *path = NULL;
	int	  n, i;

	if (strchr(name, '/') != NULL || util_has_ext(name, d->ext) ||
	    strcmp(name, d->ext) == 0)
		return xstrdup(name);
	if (*name == '\0')
		return NULL;
	dirs = util_data_dirs(d->env, d->srcsub, d->installed, &n);
	for (i = 0; i < n && path == NULL; i++) {
		xasprintf(&path, "%s/%s%s", dirs[i], name, d->ext);
		if (!util_is_file(path)) {
			free(path);
			path = NULL;
		}
	}
	util_dirs_free(dirs, n);
	return path;
}

struct util_data_entry {
	char	*name;
	char	*path;
};

static int
util_data_cmp(const void *a, const void *b)
{
	return strcmp(((const struct util_data_entry *)a)->name,
	    ((const struct util_data_entry *)b)->name);
}

/* Add the files of directory dir to e[0..n-1], names not yet there. */
static int
util_data_scan(const struct util_data *d, const char *dir,
    struct util_data_entry **e, int n)
{
	DIR		*dp;
	struct dirent	*de;
	char		*name, *path;
	int		 i;

	if ((dp = opendir(dir)) == NULL)
		return n;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || !util_has_ext(de->d_name, d->ext))
			continue;
		name = xstrndup(de->d_name, strlen(de->d_name) -
		    strlen(d->ext));
		for (i = 0; i < n && strcmp((*e)[i].name, name) != 0; i++)
			/* nothing */;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if (i != n || !util_is_file(path)) {
			free(name);	/* an earlier directory wins */
			free(path);
			continue;
		}
		*e = xgrowarray(*e, n, sizeof **e);
		(*e)[n].name = name;
		(*e)[n++].path = path;
	}
	closedir(dp);
	return n;
}

int
util_data_list(const struct util_data *d, char ***paths, char ***names)
{
	struct util_data_entry	 *e = NULL;
	char			**dirs;
	int			  ndirs, n = 0, i;

	dirs = util_data_dirs(d->env, d->srcsub, d->installed, &ndirs);
	for (i = 0; i < ndirs; i++)
		n = util_data_scan(d, dirs[i], &e, n);
	util_dirs_free(dirs, ndirs);
	if (n > 0)
		qsort(e, (size_t)n, sizeof *e, util_data_cmp);
	*names = xcalloc((size_t)n + 1, sizeof **names);
	if (paths != NULL)
		*paths = xcalloc((size_t)n + 1, sizeof **paths);
	for (i = 0; i < n; i++) {
		(*names)[i] = e[i].name;
		if (paths != NULL)
			(*paths)[i] = e[i].path;
		else
			free(e[i].path);
	}
	free(e);
	return n;
}

FILE *
util_fopen_regular(const char *path, char **cause)
{
	struct stat	 st;
	FILE		*f;
	char		*shown;
	int		 fd, flags, e;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		e = errno;
		goto fail;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		e = fstat(fd, &st) == -1 ? errno : S_ISDIR(st.st_mode) ?
		    EISDIR : 0;
		close(fd);
		goto fail;
	}
	if ((flags = fcntl(fd, F_GETFL)) != -1)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if ((f = fdopen(fd, "r")) == NULL) {
		e = errno;
		close(fd);
		goto fail;
	}
	return f;
fail:
	shown = util_printable_dup(path);
	xasprintf(cause, "%s: cannot open: %s", shown, e != 0 ? strerror(e) :
	    "not a regular file");
	free(shown);
	return NULL;
}

void
util_printable(char *s)
{
	char		*r = s, *w = s;
	uint32_t	 cp;
	size_t		 n;

	while (*r != '\0') {
		if ((n = utf8_decode(r, &cp)) == 0 || util_is_control(cp)) {
			*w++ = '?';
			r += n == 0 ? 1 : n;
			continue;
		}
		memmove(w, r, n);
		w += n;
		r += n;
	}
	*w = '\0';
}

char *
util_printable_dup(const char *s)
{
	char	*p = xstrdup(s);

	util_printable(p);
	return p;
}

void
strbuf_add_printable(struct strbuf *sb, const char *s, size_t len)
{
	char	*p = xstrndup(s, len);

	util_printable(p);
	strbuf_add(sb, p, strlen(p));
	free(p);
}

const char *
util_clip(const char *s, size_t max, size_t keep)
{
	static char	bufs[4][64];
	static int	next;
	char		*b = bufs[next++ % 4];

	if (strlen(s) < max)
		return s;
	if (keep > sizeof bufs[0] - 4)
		keep = sizeof bufs[0] - 4;
	keep = utf8_cut(s, keep);	/* never a character in two */
	memcpy(b, s, keep);
	memcpy(b + keep, "...", 4);
	return b;
}

/* ---- output: util_write ---- */

static int	write_watch = -1;
static int	write_nowait;

void
util_write_watch(int fd)
{
	write_watch = fd;
}

void
util_write_nowait(int on)
{
	write_nowait = on;
}

/* Take back the SIGPIPE or SIGXFSZ our own write raised (if blocked). */
static void
util_write_unraise(int sig)
{
	struct timespec	zero = { 0, 0 };
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	while (sigtimedwait(&set, NULL, &zero) == -1 && errno == EINTR)
		;
}

int
util_write(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	struct pollfd	 pfd[2];
	ssize_t		 n;
	size_t		 piece;
	int		 r, saved;

	while (len > 0) {
		pfd[0].fd = fd;
		pfd[0].events = POLLOUT;
		pfd[1].fd = write_watch;
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		r = poll(pfd, write_watch >= 0 ? 2 : 1, write_nowait ? 0 : -1);
		if (r == -1 && errno != EINTR)
			return -1;
		if (pfd[1].revents & POLLIN) {
			errno = EINTR;
			return -1;
		}
		if (r == 0) {
			errno = EINTR;	/* no room, and no time to wait */
			return -1;
		}
		if (r == -1)
			continue;	/* a handled signal (SIGWINCH) */
		if (pfd[0].revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
		/* POLLERR, POLLHUP: the write below says what it is. */
		piece = len < PIPE_BUF ? len : PIPE_BUF;
		n = write(fd, p, piece);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			saved = errno;
			if (saved == EPIPE)
				util_write_unraise(SIGPIPE);
			else if (saved == EFBIG)
				util_write_unraise(SIGXFSZ);
			errno = saved;
			return -1;
		}
		if (n == 0) {
			errno = EIO;	/* no progress: never loop on it */
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
