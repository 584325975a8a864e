/*
 * bench_keys.c - CPU time a program spends on each key, on a pseudo-terminal.
 *
 *   bench_keys [-n KEYS] [-r ROUNDS] [-s COLSxROWS] [-k KEY1,KEY2]
 *              MARKER [VAR=VALUE...] CMD [ARG...] [-- MARKER ...]...
 *
 * Each CMD starts on a fresh pseudo-terminal (80x24 by default) and is left
 * until MARKER appears in what it wrote (the end of its first frame) and it
 * has been quiet for 20 ms. Then it is sent KEYS keys, KEY1 and KEY2 in
 * turn (Down and Up, "\033OB" and "\033OA", by default: the selection
 * moves and comes back, so each key changes the screen), one at a time:
 * each is sent once the program has answered the one before and been quiet
 * for 2 ms. The CPU time the program spent (user and system, from
 * /proc/PID/schedstat in nanoseconds, or /proc/PID/stat in clock ticks
 * where there is no schedstat), read while it waits for a key, is divided
 * by KEYS. The program is then sent SIGTERM. Programs take turns, ROUNDS
 * times (3 by default); the report gives the median of each and the ratio
 * of each median to the first program's.
 * Exit status: 0, or 1 when a program does not draw its marker or stops
 * answering keys for 20 s.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_pty.h"

#define MAX_SUBJECTS 8

/* CPU time of @pid in microseconds, or -1. */
static double cpu_us(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long ns;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	if ((f = fopen(path, "r"))) {
		int ok = fscanf(f, "%llu", &ns) == 1;
		fclose(f);
		if (ok)
			return ns / 1e3;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long ut, st;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
			 &st) != 2)
		return -1;
	return (ut + st) * 1e6 / sysconf(_SC_CLK_TCK);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read what @fd has until it has been quiet for @quiet_ms; with @need,
 * wait up to 20 s for something first. Keeps a tail of the output in @win
 * (for the marker). Returns bytes read, or -1 when it ended or timed out. */
static long drain(int fd, int quiet_ms, bool need, char *win, size_t cap, size_t *len)
{
	long total = 0;
	double start = now_ms();

	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int wait = need && !total ? 20000 - (int)(now_ms() - start) : quiet_ms;
		if (wait <= 0)
			return -1;
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return need && !total ? -1 : total;
		char tmp[65536];
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n <= 0)
			return -1;
		total += n;
		if (win) {
			size_t add = (size_t)n;
			if (add > cap - 1)
				add = cap - 1;
			if (*len + add > cap - 1) {
				memmove(win, win + *len + add - (cap - 1), cap - 1 - add);
				*len = cap - 1 - add;
			}
			memcpy(win + *len, tmp + n - add, add);
			*len += add;
			win[*len] = '\0';
		}
	}
}

static void stop(pid_t pid, int master)
{
	int st;

	kill(pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			goto done;
		drain(master, 10, false, NULL, 0, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
done:
	close(master);
}

/* One round of @s: microseconds of CPU per key, or -1. */
static double run_once(const struct subject *s, struct winsize *ws, int keys,
		       const char *const key[2])
{
	static char win[1 << 16];
	size_t len = 0;
	int master;
	pid_t pid = subject_start(s, ws, &master, "bench_keys");
	double c0, c1;

	win[0] = '\0';
	while (!strstr(win, s->marker)) {
		if (drain(master, 1, true, win, sizeof(win), &len) < 0) {
			fprintf(stderr, "bench_keys: %s drew no '%s'\n", s->argv[0], s->marker);
			stop(pid, master);
			return -1;
		}
	}
	drain(master, 20, false, NULL, 0, NULL);
	c0 = cpu_us(pid);
	for (int i = 0; i < keys; i++) {
		const char *k = key[i % 2];
		if (write(master, k, strlen(k)) < 0 || drain(master, 2, true, NULL, 0, NULL) < 0) {
			fprintf(stderr, "bench_keys: %s stopped answering keys\n", s->argv[0]);
			stop(pid, master);
			return -1;
		}
	}
	c1 = cpu_us(pid);
	stop(pid, master);
	if (c0 < 0 || c1 < 0)
		return -1;
	return (c1 - c0) / keys;
}

static void usage(void)
{
	fputs("usage: bench_keys [-n KEYS] [-r ROUNDS] [-s COLSxROWS] [-k KEY1,KEY2] "
	      "MARKER [VAR=VALUE...] CMD [ARG...] [-- MARKER ...]...\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int keys = 1000, rounds = 3, opt;
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	const char *key[2] = {"\033OB", "\033OA"};
	struct subject subj[MAX_SUBJECTS];
	int ns = 0;

	while ((opt = getopt(argc, argv, "+n:r:s:k:")) != -1) {
		switch (opt) {
		case 'n':
			if ((keys = atoi(optarg)) < 2)
				usage();
			break;
		case 'r':
			if ((rounds = atoi(optarg)) < 1)
				usage();
			break;
		case 's':
			if (!pty_size_parse(optarg, &ws))
				usage();
			break;
		case 'k': {
			char *comma = strchr(optarg, ',');
			if (!comma)
				usage();
			*comma = '\0';
			key[0] = optarg;
			key[1] = comma + 1;
			break;
		}
		default:
			usage();
		}
	}
	if ((ns = subjects_parse(argc, argv, optind, subj, MAX_SUBJECTS, rounds)) < 0)
		usage();
	for (int r = 0; r < rounds; r++)
		for (int s = 0; s < ns; s++)
			if ((subj[s].v[r] = run_once(&subj[s], &ws, keys, key)) < 0)
				return 1;
	printf("CPU per key, %d keys a round, %d rounds, %ux%u pty (ms):\n", keys, rounds,
	       ws.ws_col, ws.ws_row);
	double base = 0;
	for (int s = 0; s < ns; s++) {
		qsort(subj[s].v, (size_t)rounds, sizeof(double), bench_cmp_double);
		double med = rounds % 2 ? subj[s].v[rounds / 2]
					: (subj[s].v[rounds / 2 - 1] + subj[s].v[rounds / 2]) / 2;
		if (s == 0)
			base = med;
		printf("  %-40s median %.4f  min %.4f  max %.4f", subj[s].argv[0], med / 1e3,
		       subj[s].v[0] / 1e3, subj[s].v[rounds - 1] / 1e3);
		subject_print_args(&subj[s]);
		if (s > 0)
			printf("  ratio %.2fx", med / base);
		printf("\n");
	}
	return 0;
}
