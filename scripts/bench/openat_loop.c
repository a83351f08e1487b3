// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Benchmark load: N openat+close of one path; prints the best ns per call of R rounds. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp";
	long n = argc > 2 ? atol(argv[2]) : 200000, r, i;
	double best = 1e18;

	for (r = 0; r < 5; r++) {
		double t0 = now_ns(), dt;

		for (i = 0; i < n; i++) {
			int fd = openat(AT_FDCWD, path, O_RDONLY);

			if (fd >= 0)
				close(fd);
		}
		dt = (now_ns() - t0) / n;
		if (dt < best)
			best = dt;
	}
	printf("%.1f\n", best);
	return 0;
}
