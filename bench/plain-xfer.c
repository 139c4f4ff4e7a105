/*
 * plain-xfer: the baseline for make bench. Moves BYTES from a forked
 * writer to a forked reader through a pipe or a socketpair in CHUNK-sized
 * calls, with no instrumentation at all, and prints the throughput
 * measured from the first fork to the reader's exit (as ipcscope's figure
 * is measured from its first fork to the consumer's exit).
 *
 * usage: plain-xfer pipe|unix BYTES CHUNK
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	unsigned long long	 total, chunk, done;
	int			 fd[2], status;
	char			*buf;
	ssize_t			 n;
	pid_t			 w, r;
	double			 t0, t1;

	if (argc != 4) {
		fprintf(stderr, "usage: plain-xfer pipe|unix BYTES CHUNK\n");
		return 2;
	}
	total = strtoull(argv[2], NULL, 10);
	chunk = strtoull(argv[3], NULL, 10);
	if (strcmp(argv[1], "pipe") == 0) {
		if (pipe(fd) == -1)
			return 3;
	} else if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == -1)
		return 3;
	if ((buf = calloc(1, chunk)) == NULL)
		return 3;

	t0 = now();
	if ((w = fork()) == 0) {
		close(fd[0]);
		for (done = 0; done < total; done += (unsigned long long)n) {
			if ((n = write(fd[1], buf, chunk)) <= 0)
				_exit(1);
		}
		_exit(0);
	}
	if ((r = fork()) == 0) {
		close(fd[1]);
		for (done = 0; done < total; done += (unsigned long long)n) {
			if ((n = read(fd[0], buf, chunk)) <= 0)
				_exit(1);
		}
		_exit(0);
	}
	close(fd[0]);
	close(fd[1]);
	waitpid(r, &status, 0);
	t1 = now();
	waitpid(w, NULL, 0);
	printf("%.0f\n", (double)total / (t1 - t0));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
