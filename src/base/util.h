/*
 * util.h: allocation that cannot fail, monotonic time, small string helpers.
 *
 * Allocation failure is fatal: every x*alloc either returns memory or prints
 * "ipcscope: out of memory" and exits with status 3 through fatal(), which
 * runs the one exit path (terminal restore, kernel object removal).
 */
#ifndef IPCSCOPE_UTIL_H
#define IPCSCOPE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define nitems(a) (sizeof (a) / sizeof (a)[0])

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Room for element n of an array that holds n elements and only ever grows
 * through this call, one element at a time: the array is reallocated only
 * when n is 0 or a power of two, to twice that, so that adding n elements
 * costs O(n) copying, not O(n^2).
 */
void	*xgrowarray(void *, size_t n, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list);

/*
 * fatal() prints "ipcscope: MESSAGE" to stderr and leaves through
 * util_set_exit_hook()'s hook (cleanup) and exit(3). Never returns.
 */
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 util_set_exit_hook(void (*)(void));

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);
/* The calling thread's CPU time: what a budget of the observer's own
   work counts (a preemption is not its cost). */
uint64_t cpu_ns(void);

/* Name of a signal without the SIG prefix stripped: "SIGPIPE"; "SIG42" if unknown. */
const char *util_signame(int);
/* Signal number from "SIGPIPE", "PIPE" or "13"; -1 if unknown. */
int	 util_signum(const char *);
/* Symbolic errno name: "EPIPE", "EAGAIN"; "E?" if unknown. */
const char *util_errname(int);

/*
 * Where data files are looked for, in order: each directory of the
 * colon-separated environment variable env, then SRCDIR/srcsub when this
 * very binary sits in the build tree (an installed ipcscope must not pick
 * up a checkout's files), then installed. Returns an allocated array of
 * allocated strings, freed with util_dirs_free().
 */
char	**util_data_dirs(const char *env, const char *srcsub,
	    const char *installed, int *ndirs);
void	  util_dirs_free(char **, int);

/*
 * One kind of data file found by name (scenarios, themes): NAME + ext in
 * the directories util_data_dirs(env, srcsub, installed) gives.
 */
struct util_data {
	const char	*env;		/* "IPCSCOPE_PATH" */
	const char	*srcsub;	/* "scenarios": the source tree's */
	const char	*installed;	/* the installed directory */
	const char	*ext;		/* ".ini", the dot included */
};

/*
 * The file of NAME: NAME + ext in the first directory that holds it as a
 * regular file (a directory or a FIFO of that name is passed over). A
 * NAME with a '/' or ending in ext is a path, returned as it is (a copy).
 * NULL for "" or when no directory has it; the caller frees.
 */
char	 *util_data_find(const struct util_data *, const char *name);
/*
 * Every NAME that util_data_find() finds in the directories: the regular
 * files whose names end in ext and do not start with '.', each NAME once
 * (from the first directory that has it), sorted by name. Returns how
 * many; *names and, unless paths is NULL, *paths (in the same order) are
 * allocated arrays (never NULL) of allocated strings, the caller frees.
 */
int	  util_data_list(const struct util_data *, char ***paths,
	    char ***names);

/*
 * Open a file to read, refusing anything but a regular file without ever
 * blocking (a FIFO would wait for a writer). NULL with *cause allocated:
 * "PATH: cannot open: REASON".
 */
FILE	*util_fopen_regular(const char *path, char **cause);

/*
 * Text that may reach a terminal. Everything printed from a file, from
 * the command line or from a file name goes through one of these, so that
 * no byte of it can be taken by a terminal as a control: C0 controls
 * (tab and newline included), DEL, the C1 controls U+0080-U+009F (in
 * UTF-8, C2 80 to C2 9F) and every byte that is not part of valid UTF-8
 * (a raw 0x9b is CSI to an 8-bit terminal) become one '?' each; valid
 * UTF-8 stays as it is. util_printable() works in place (the text may
 * get shorter), util_printable_dup() on an allocated copy,
 * strbuf_add_printable() on the first len bytes of s.
 *
 * util_text_check() says whether s holds anything util_printable() would
 * replace, tab aside: UTIL_TEXT_OK, or UTIL_TEXT_CONTROL or UTIL_TEXT_UTF8
 * with *bad the offset of the first offending byte.
 *
 * util_clip() returns s when it is shorter than max bytes, else its first
 * keep bytes (keep < 60, cut back to a whole UTF-8 character) and "..."
 * in one of four rotating buffers, so that up to four may appear in one
 * message.
 */
#define UTIL_TEXT_OK		0
#define UTIL_TEXT_CONTROL	1
#define UTIL_TEXT_UTF8		2
void		 util_printable(char *);
char		*util_printable_dup(const char *);
int		 util_text_check(const char *s, size_t *bad);
const char	*util_clip(const char *s, size_t max, size_t keep);

/* Append to a growing string. */
struct strbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 strbuf_add(struct strbuf *, const char *, size_t);
void	 strbuf_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_add_printable(struct strbuf *, const char *, size_t);
/*
 * A JSON string (or null): quotes, backslashes and every control (C0, DEL,
 * C1) escaped, a byte that is not valid UTF-8 written as \ufffd.
 */
void	 strbuf_json_string(struct strbuf *, const char *);
void	 strbuf_free(struct strbuf *);

/*
 * Output that a signal always gets through, and whose errors are not
 * lost: util_write() writes all of buf to fd. Before each piece (at most
 * PIPE_BUF bytes, which a pipe that polls writable takes without
 * blocking) it waits in poll(2) for room; it gives up as soon as the
 * descriptor given to util_write_watch() is readable (the signalfd of the
 * terminating signals), and, after util_write_nowait(true), whenever fd
 * has no room at once. Returns 0, or -1 with errno: EINTR when it gave
 * up, else the write's own error (EPIPE, ENOSPC, EBADF, EFBIG, ...). The
 * SIGPIPE or SIGXFSZ that such a write raises in a process that blocks
 * them is taken back: EPIPE and EFBIG say it, and the caller decides.
 */
int	 util_write(int fd, const void *buf, size_t len);
void	 util_write_watch(int fd);	/* -1: none */
void	 util_write_nowait(int on);

#endif
