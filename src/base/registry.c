/* registry.c: named kernel objects of a run, removed on every way out. */
#include "config.h"

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/registry.h"
#include "base/util.h"

#define REG_MAX		96	/* objects of one kind in one run */
#define REG_NAMELEN	1024	/* a directory or object name */
#define REG_HEADER	"# ipcscope objects: written before each is created\n"
#define REG_STALE_S	60	/* a staging directory this old is a
				   leftover: making one takes microseconds */

struct registry {
	char	dir[REG_NAMELEN];
	char	listpath[REG_NAMELEN + 16];
	char	lockpath[REG_NAMELEN + 16];
	int	lockfd;

	char	paths[REG_MAX][REG_NAMELEN + 128];
	int	npaths;
	char	mqs[REG_MAX][REG_NAMELEN];
	int	nmqs;
	int	msqs[REG_MAX];
	time_t	msq_ctime[REG_MAX];
	int	nmsqs;
	int	counter;
	volatile sig_atomic_t cleaned;
};

static const char *
registry_tmpdir(void)
{
	const char	*t = getenv("TMPDIR");

	return (t != NULL && *t == '/') ? t : "/tmp";
}

/* Write all of buf to fd; 0, or -1 with errno (ENOSPC for a write of 0). */
static int
registry_write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
registry_list_error(char **cause, const char *path, int e)
{
	xasprintf(cause, "cannot write the run's object list %s: %s (it "
	    "names every queue before it is created, so that a later start "
	    "can remove them if this run is killed; free space in %s or set "
	    "TMPDIR to a writable directory with room)", path, strerror(e),
	    registry_tmpdir());
}

/*
 * Append one record to the list. Not fsync'd on purpose: the list must
 * outlive this process, not the machine, and the objects it names do not
 * survive a reboot either; the page cache keeps it through a SIGKILL.
 */
static int
registry_record(struct registry *reg, char **cause, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
registry_record(struct registry *reg, char **cause, const char *fmt, ...)
{
	char	buf[REG_NAMELEN + 64];
	va_list	ap;
	int	fd, len, e;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof buf) {
		registry_list_error(cause, reg->listpath, ENAMETOOLONG);
		return -1;
	}
	if ((fd = open(reg->listpath, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		goto fail;
	if (registry_write_all(fd, buf, (size_t)len) == -1) {
		e = errno;
		close(fd);
		errno = e;
		goto fail;
	}
	if (close(fd) == -1)
		goto fail;
	return 0;
fail:
	registry_list_error(cause, reg->listpath, errno);
	return -1;
}

/* Take the exclusive lock that says "this run is alive": 0 or -1. */
static int
registry_lock(int fd)
{
	struct flock	fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;		/* start 0, length 0: the whole file */
	return fcntl(fd, F_OFD_SETLK, &fl);
}

/* Undo a registry_new() that failed half way (stage: the staging name). */
static void
registry_unmake(struct registry *reg, const char *stage)
{
	char	path[REG_NAMELEN + 16];

	snprintf(path, sizeof path, "%s/objects", stage);
	unlink(path);
	snprintf(path, sizeof path, "%s/lock", stage);
	unlink(path);
	rmdir(stage);
	if (reg->lockfd != -1)
		close(reg->lockfd);
	free(reg);
}

struct registry *
registry_new(char **cause)
{
	struct registry	*reg = xcalloc(1, sizeof *reg);
	const char	*tmp = registry_tmpdir();
	char		 stage[REG_NAMELEN], path[REG_NAMELEN + 16];
	int		 fd, e;

	reg->lockfd = -1;
	/*
	 * Build the directory under a name the sweep does not take for a
	 * run, then rename it into place: it never appears as a run's
	 * without its lock held and its list started.
	 */
	snprintf(stage, sizeof stage, "%s/ipcscope-new.%ld.XXXXXX", tmp,
	    (long)getpid());
	if (mkdtemp(stage) == NULL) {
		xasprintf(cause, "cannot create a private directory in %s: %s",
		    tmp, strerror(errno));
		free(reg);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/lock", stage);
	reg->lockfd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (reg->lockfd == -1 || registry_lock(reg->lockfd) == -1) {
		xasprintf(cause, "cannot create and lock %s: %s", path,
		    strerror(errno));
		registry_unmake(reg, stage);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/objects", stage);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1 || registry_write_all(fd, REG_HEADER,
	    strlen(REG_HEADER)) == -1 || close(fd) == -1) {
		e = errno;
		if (fd != -1)
			close(fd);	/* a failed close(fd) closed it too */
		registry_list_error(cause, path, e);
		registry_unmake(reg, stage);
		return NULL;
	}
	/* The final name, then the populated directory over it. */
	snprintf(reg->dir, sizeof reg->dir, "%s/ipcscope.%ld.XXXXXX", tmp,
	    (long)getpid());
	if (mkdtemp(reg->dir) == NULL || rename(stage, reg->dir) == -1) {
		xasprintf(cause, "cannot create a private directory in %s: %s",
		    tmp, strerror(errno));
		rmdir(reg->dir);
		registry_unmake(reg, stage);
		return NULL;
	}
	snprintf(reg->listpath, sizeof reg->listpath, "%s/objects", reg->dir);
	snprintf(reg->lockpath, sizeof reg->lockpath, "%s/lock", reg->dir);
	return reg;
}

const char *
registry_dir(const struct registry *reg)
{
	return reg->dir;
}

char *
registry_unique(struct registry *reg, const char *tag)
{
	char		*s;
	unsigned	 r;

	r = (unsigned)random() ^ (unsigned)now_ns();
	xasprintf(&s, "ipcscope.%ld.%08x%d.%s", (long)getpid(), r,
	    reg->counter++, tag);
	return s;
}

void
registry_add_path(struct registry *reg, const char *path)
{
	if (reg->npaths == REG_MAX)
		fatal("too many files in one run");
	snprintf(reg->paths[reg->npaths++], sizeof reg->paths[0], "%s", path);
}

int
registry_add_mq(struct registry *reg, const char *name, char **cause)
{
	if (reg->nmqs == REG_MAX)
		fatal("too many message queues in one run");
	if (registry_record(reg, cause, "mq %s\n", name) == -1)
		return -1;
	snprintf(reg->mqs[reg->nmqs++], sizeof reg->mqs[0], "%s", name);
	return 0;
}

int
registry_msgget(struct registry *reg, char **cause)
{
	key_t	key;
	int	id, tries = 0;

	if (reg->nmsqs == REG_MAX)
		fatal("too many System V queues in one run");
	/* A key nobody uses now (msgget says ENOENT); 0 is IPC_PRIVATE. */
	for (;;) {
		key = (key_t)(random() ^ (long)now_ns());
		if (key != IPC_PRIVATE && msgget(key, 0) == -1 &&
		    errno == ENOENT)
			break;
		if (++tries == 64) {
			xasprintf(cause, "msgget: no unused key found in 64 "
			    "tries");
			return -1;
		}
	}
	/*
	 * Its time goes with it: the sweep takes a queue under this key
	 * only if it was made since (and by this user), never one that
	 * had the key before.
	 */
	if (registry_record(reg, cause, "msqkey %d %lld\n", (int)key,
	    (long long)time(NULL)) == -1)
		return -1;
	if ((id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) == -1) {
		xasprintf(cause, "msgget: %s", strerror(errno));
		return -1;
	}
	reg->msqs[reg->nmsqs] = id;
	reg->msq_ctime[reg->nmsqs++] = 0;
	return id;
}

int
registry_add_msq(struct registry *reg, int id, time_t ctime, char **cause)
{
	int	i;

	for (i = 0; i < reg->nmsqs && reg->msqs[i] != id; i++)
		;
	if (i == reg->nmsqs) {
		if (reg->nmsqs == REG_MAX)
			fatal("too many System V queues in one run");
		reg->msqs[reg->nmsqs++] = id;
	}
	reg->msq_ctime[i] = ctime;
	return registry_record(reg, cause, "msq %d %lld\n", id,
	    (long long)ctime);
}

void
registry_forget_mq(struct registry *reg, const char *name)
{
	int	i;

	for (i = 0; i < reg->nmqs; i++) {
		if (strcmp(reg->mqs[i], name) == 0)
			reg->mqs[i][0] = '\0';
	}
}

void
registry_forget_msq(struct registry *reg, int id)
{
	int	i;

	for (i = 0; i < reg->nmsqs; i++) {
		if (reg->msqs[i] == id)
			reg->msqs[i] = -1;
	}
}

/* Async-signal-safe: only system calls on prepared data. */
void
registry_cleanup(struct registry *reg)
{
	int	i;

	if (reg == NULL || reg->cleaned)
		return;
	reg->cleaned = 1;
	for (i = 0; i < reg->nmsqs; i++) {
		if (reg->msqs[i] != -1)
			msgctl(reg->msqs[i], IPC_RMID, NULL);
	}
	for (i = 0; i < reg->nmqs; i++) {
		if (reg->mqs[i][0] != '\0')
			mq_unlink(reg->mqs[i]);
	}
	for (i = 0; i < reg->npaths; i++)
		unlink(reg->paths[i]);
	unlink(reg->listpath);
	unlink(reg->lockpath);
	rmdir(reg->dir);
	/* Last: until the directory is gone, nobody may sweep it. */
	if (reg->lockfd != -1) {
		close(reg->lockfd);
		reg->lockfd = -1;
	}
}

void
registry_free(struct registry *reg)
{
	if (reg == NULL)
		return;
	if (reg->lockfd != -1)
		close(reg->lockfd);
	free(reg);
}

/* Remove what one dead run's list names (dfd: its directory). */
static void
registry_sweep_list(int dfd)
{
	char		 line[REG_NAMELEN + 64], kind[16], name[REG_NAMELEN];
	FILE		*f;
	struct msqid_ds	 ds;
	long long	 t;
	size_t		 len;
	int		 fd, id, key;

	if ((fd = openat(dfd, "objects", O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW)) == -1)
		return;
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		/* A line cut short (a full disk, a kill mid-write) says
		   nothing for sure. */
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n' ||
		    sscanf(line, "%15s", kind) != 1)
			continue;
		if (strcmp(kind, "msq") == 0 &&
		    sscanf(line, "%*s %d %lld", &id, &t) == 2) {
			/* Only if the id still is the queue we made. */
			if (msgctl(id, IPC_STAT, &ds) == 0 &&
			    (long long)ds.msg_ctime == t &&
			    ds.msg_perm.cuid == getuid())
				msgctl(id, IPC_RMID, NULL);
		} else if (strcmp(kind, "msqkey") == 0 &&
		    sscanf(line, "%*s %d %lld", &key, &t) == 2) {
			/* Recorded before msgget: it may not exist. */
			if (key != IPC_PRIVATE &&
			    (id = msgget((key_t)key, 0)) != -1 &&
			    msgctl(id, IPC_STAT, &ds) == 0 &&
			    (long long)ds.msg_ctime >= t &&
			    ds.msg_perm.cuid == getuid())
				msgctl(id, IPC_RMID, NULL);
		} else if (strcmp(kind, "mq") == 0 &&
		    sscanf(line, "%*s %1023s", name) == 1)
			mq_unlink(name);
	}
	fclose(f);
}

/* Remove one dead run's objects, files and directory. */
static void
registry_sweep_dir(int dfd, const char *path)
{
	DIR		*d;
	struct dirent	*de;
	int		 fd;

	registry_sweep_list(dfd);
	if ((fd = dup(dfd)) != -1 && (d = fdopendir(fd)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				unlinkat(dfd, de->d_name, 0);
		}
		closedir(d);
	} else if (fd != -1)
		close(fd);
	/* By path: fails harmlessly if it is not (or no longer) empty. */
	rmdir(path);
}

/* Only for what carries no lock: a pid means nothing in another PID
   namespace, where a live run can look dead. name: "ipcscope.PID.REST" */
static bool
registry_pid_dead(const char *name)
{
	long	 pid;
	char	*end;

	pid = strtol(name + strlen("ipcscope."), &end, 10);
	if (pid <= 0 || *end != '.')
		return false;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/*
 * Is the run whose directory is dfd dead? True with *lockfd holding its
 * lock (-1 if it has no lock file) until the sweep is over, so that no
 * other sweep takes it at the same time. A run that holds its lock is
 * alive in whatever PID namespace it runs.
 */
static bool
registry_dead(int dfd, const char *name, const struct stat *st,
    bool staging, int *lockfd)
{
	int	fd;

	*lockfd = -1;
	/*
	 * A young staging directory is a run starting now, whether or not
	 * its lock is taken yet: registry_new() creates the lock file, then
	 * locks it, and a sweep that came in between took the lock and
	 * removed the directory under it (seen with runs started together).
	 */
	if (staging && time(NULL) - st->st_mtime <= REG_STALE_S)
		return false;
	fd = openat(dfd, "lock", O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1) {
		if (errno != ENOENT)
			return false;
		/*
		 * No lock file. A staging directory is empty then (the lock
		 * is its first file), and old (above): a leftover. A run's
		 * directory without one is an older version's, or one
		 * removing itself.
		 */
		if (staging)
			return true;
		return registry_pid_dead(name);
	}
	if (registry_lock(fd) == -1) {
		close(fd);
		return false;
	}
	*lockfd = fd;
	return true;
}

/* One entry of TMPDIR: a dead run's directory is removed. 1 if it was. */
static int
registry_sweep_one(const char *tmp, const char *name)
{
	char		path[8192];
	struct stat	st;
	bool		staging;
	int		dfd, lockfd, n = 0;

	if (strncmp(name, "ipcscope.", 9) == 0)
		staging = false;
	else if (strncmp(name, "ipcscope-new.", 13) == 0)
		staging = true;
	else
		return 0;
	if (snprintf(path, sizeof path, "%s/%s", tmp, name) >=
	    (int)sizeof path)
		return 0;
	/* Work through a descriptor: the path may be renamed over. */
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return 0;
	if (fstat(dfd, &st) == 0 && st.st_uid == getuid() &&
	    registry_dead(dfd, name, &st, staging, &lockfd)) {
		registry_sweep_dir(dfd, path);
		if (lockfd != -1)
			close(lockfd);
		n = 1;
	}
	close(dfd);
	return n;
}

int
registry_sweep(void)
{
	const char	*tmp = registry_tmpdir();
	DIR		*d;
	struct dirent	*de;
	char		 path[8192];
	int		 n = 0;

	if ((d = opendir(tmp)) != NULL) {
		while ((de = readdir(d)) != NULL)
			n += registry_sweep_one(tmp, de->d_name);
		closedir(d);
	}
	/*
	 * POSIX queues whose name outlived its run, if the queue file
	 * system is mounted. Names are listed before mq_open, so this is
	 * for older versions; a name of a live run in another PID
	 * namespace may go too, which is harmless: its creator unlinks it
	 * at once anyway and works through the descriptor.
	 */
	if ((d = opendir("/dev/mqueue")) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, "ipcscope.", 9) != 0 ||
			    !registry_pid_dead(de->d_name))
				continue;
			snprintf(path, sizeof path, "/%s", de->d_name);
			mq_unlink(path);
		}
		closedir(d);
	}
	return n;
}
