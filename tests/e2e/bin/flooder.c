// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A flood of getppid calls, as fast as THREADS threads can make them:
 *
 *   flooder THREADS COUNT [RATE]
 *
 * Each thread makes COUNT calls (the calls, not events: what a policy posts
 * on getppid is up to the policy). With RATE, the threads together make at
 * most RATE calls a second, paced in batches. Prints "CALLS SECONDS" on
 * stdout: the calls made, which a policy that posts on every call must
 * account for as events printed plus records lost, and the wall-clock time
 * they took.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCH 1000 /* calls between two looks at the clock when paced */

struct flood {
	long count;
	double rate; /* calls a second for this thread; 0: unpaced */
	long made;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep until the batch that starts at call i is due. */
static void pace(double start, double rate, long i)
{
	double due = start + i / rate, wait = due - now();
	struct timespec ts;

	if (wait <= 0)
		return;
	ts.tv_sec = (time_t)wait;
	ts.tv_nsec = (long)((wait - ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static void *flood(void *arg)
{
	struct flood *f = arg;
	double start = now();
	long i;

	for (i = 0; i < f->count; i++) {
		if (f->rate > 0 && i % BATCH == 0)
			pace(start, f->rate, i);
		/* the libc wrapper is a syscall too, but the raw call cannot be cached */
		syscall(SYS_getppid);
		f->made++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 2 ? atoi(argv[1]) : 0, i;
	long count = argc > 2 ? atol(argv[2]) : 0, made = 0;
	double rate = argc > 3 ? atof(argv[3]) : 0, start;
	struct flood *f;
	pthread_t *tid;

	if (threads < 1 || count < 0 || rate < 0) {
		fprintf(stderr, "usage: flooder THREADS COUNT [RATE]\n");
		return 2;
	}
	f = calloc(threads, sizeof(*f));
	tid = calloc(threads, sizeof(*tid));
	if (!f || !tid)
		return 1;
	start = now();
	for (i = 0; i < threads; i++) {
		f[i].count = count;
		f[i].rate = rate / threads;
		if (pthread_create(&tid[i], NULL, flood, &f[i])) {
			fprintf(stderr, "flooder: cannot start thread %d\n", i);
			return 1;
		}
	}
	for (i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		made += f[i].made;
	}
	printf("%ld %.3f\n", made, now() - start);
	free(tid);
	free(f);
	return 0;
}
