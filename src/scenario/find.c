/* find.c: scenarios by path or NAME, and the list of built-in ones. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "scenario/scen-int.h"

#ifndef IPCSCOPE_DATADIR
#define IPCSCOPE_DATADIR	"/usr/local/share/ipcscope/scenarios"
#endif

struct scen_pair {
	char	*name;
	char	*path;
};


/* The scenario directories in search order; the caller frees. */
static char **
scen_dirs(int *ndirs)
{
	return util_data_dirs("IPCSCOPE_PATH", "scenarios", IPCSCOPE_DATADIR,
	    ndirs);
}

static void
scen_dirs_free(char **dirs, int n)
{
	util_dirs_free(dirs, n);
}

static int
scen_is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
scenario_find(const char *name)
{
	char	**dirs, *path;
	size_t	  len = strlen(name);
	int	  n, i;

	if (strchr(name, '/') != NULL ||
	    (len >= 4 && strcmp(name + len - 4, ".ini") == 0))
		return xstrdup(name);
	if (*name == '\0')
		return NULL;
	dirs = scen_dirs(&n);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s.ini", dirs[i], name);
		if (scen_is_file(path)) {
			scen_dirs_free(dirs, n);
			return path;
		}
		free(path);
	}
	scen_dirs_free(dirs, n);
	return NULL;
}

static int
scen_cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct scen_pair *)a)->name,
	    ((const struct scen_pair *)b)->name);
}

int
scenario_list(char ***pathsp, char ***namesp)
{
	char		**dirs, **names = NULL, **paths = NULL, *path;
	struct scen_pair *pairs;
	DIR		 *d;
	struct dirent	 *de;
	size_t		  len;
	int		  ndirs, n = 0, i, j;

	dirs = scen_dirs(&ndirs);
	for (i = 0; i < ndirs; i++) {
		if ((d = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (len <= 4 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - 4, ".ini") != 0)
				continue;
			for (j = 0; j < n; j++) {
				if (strlen(names[j]) == len - 4 &&
				    strncmp(names[j], de->d_name, len - 4) == 0)
					break;
			}
			if (j != n)
				continue;	/* an earlier directory wins */
			xasprintf(&path, "%s/%s", dirs[i], de->d_name);
			if (!scen_is_file(path)) {
				free(path);
				continue;
			}
			names = xgrowarray(names, n, sizeof *names);
			paths = xgrowarray(paths, n, sizeof *paths);
			names[n] = xstrndup(de->d_name, len - 4);
			paths[n] = path;
			n++;
		}
		closedir(d);
	}
	scen_dirs_free(dirs, ndirs);

	/* Sort (name, path) pairs by name: names are unique. */
	pairs = xcalloc(n, sizeof *pairs);
	for (i = 0; i < n; i++) {
		pairs[i].name = names[i];
		pairs[i].path = paths[i];
	}
	qsort(pairs, n, sizeof *pairs, scen_cmp_pair);
	for (i = 0; i < n; i++) {
		names[i] = pairs[i].name;
		paths[i] = pairs[i].path;
	}
	free(pairs);
	if (names == NULL) {
		names = xcalloc(1, sizeof *names);
		paths = xcalloc(1, sizeof *paths);
	}
	*pathsp = paths;
	*namesp = names;
	return n;
}
