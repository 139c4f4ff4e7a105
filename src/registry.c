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

#include "registry.h"
#include "util.h"

#define REG_MAX		96	/* objects of one kind in one run */
#define REG_NAMELEN	1024	/* a directory or object name */

struct registry {
	char	dir[REG_NAMELEN];
	char	listpath[REG_NAMELEN + 16];

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

static void
registry_append(struct registry *reg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
registry_append(struct registry *reg, const char *fmt, ...)
{
	FILE	*f;
	va_list	 ap;

	/* The list on disk is what a later start reads if we are killed. */
	if ((f = fopen(reg->listpath, "a")) == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

struct registry *
registry_new(char **cause)
{
	struct registry	*reg = xcalloc(1, sizeof *reg);

	snprintf(reg->dir, sizeof reg->dir, "%s/ipcscope.%ld.XXXXXX",
	    registry_tmpdir(), (long)getpid());
	if (mkdtemp(reg->dir) == NULL) {
		xasprintf(cause, "cannot create a private directory in %s: %s",
		    registry_tmpdir(), strerror(errno));
		free(reg);
		return NULL;
	}
	snprintf(reg->listpath, sizeof reg->listpath, "%s/objects", reg->dir);
	registry_append(reg, "%s", "");
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

void
registry_add_mq(struct registry *reg, const char *name)
{
	if (reg->nmqs == REG_MAX)
		fatal("too many message queues in one run");
	snprintf(reg->mqs[reg->nmqs++], sizeof reg->mqs[0], "%s", name);
	registry_append(reg, "mq %s\n", name);
}

void
registry_add_msq(struct registry *reg, int id, time_t ctime)
{
	if (reg->nmsqs == REG_MAX)
		fatal("too many System V queues in one run");
	reg->msqs[reg->nmsqs] = id;
	reg->msq_ctime[reg->nmsqs++] = ctime;
	registry_append(reg, "msq %d %lld\n", id, (long long)ctime);
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
	rmdir(reg->dir);
}

void
registry_free(struct registry *reg)
{
	free(reg);
}

/* Remove what one dead run's list names, then its directory. */
static void
registry_sweep_dir(const char *dir)
{
	char		 path[8192], line[512], kind[8], name[REG_NAMELEN];
	FILE		*f;
	DIR		*d;
	struct dirent	*de;
	struct msqid_ds	 ds;
	long long	 ct;
	int		 id;

	if (snprintf(path, sizeof path, "%s/objects", dir) >= (int)sizeof path)
		return;
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line, "%7s %d %lld", kind, &id, &ct) == 3 &&
			    strcmp(kind, "msq") == 0) {
				/* Only if the id still is the queue we made. */
				if (msgctl(id, IPC_STAT, &ds) == 0 &&
				    (long long)ds.msg_ctime == ct &&
				    ds.msg_perm.uid == getuid())
					msgctl(id, IPC_RMID, NULL);
			} else if (sscanf(line, "%7s %127s", kind, name) == 2 &&
			    strcmp(kind, "mq") == 0)
				mq_unlink(name);
		}
		fclose(f);
	}
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (snprintf(path, sizeof path, "%s/%s", dir,
			    de->d_name) < (int)sizeof path)
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

static bool
registry_pid_dead(const char *name)
{
	long	 pid;
	char	*end;

	/* name is "ipcscope.PID.REST" */
	pid = strtol(name + strlen("ipcscope."), &end, 10);
	if (pid <= 0 || *end != '.')
		return false;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

int
registry_sweep(void)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 path[8192];
	int		 n = 0;

	if ((d = opendir(registry_tmpdir())) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, "ipcscope.", 9) != 0)
				continue;
			if (snprintf(path, sizeof path, "%s/%s",
			    registry_tmpdir(), de->d_name) >= (int)sizeof path)
				continue;
			if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) ||
			    st.st_uid != getuid())
				continue;
			if (!registry_pid_dead(de->d_name))
				continue;
			registry_sweep_dir(path);
			n++;
		}
		closedir(d);
	}
	/* POSIX queues left between mq_open and mq_unlink, if visible. */
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
