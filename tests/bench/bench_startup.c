/*
 * bench_startup.c - wall time from exec to a program's first full frame.
 *
 *   bench_startup [-n REPS] [-s COLSxROWS] MARKER [VAR=VALUE...] CMD [ARG...]
 *                 [-- MARKER [VAR=VALUE...] CMD [ARG...]]...
 *
 * Each CMD runs on a fresh pseudo-terminal of the given size (80x24 by
 * default), with the VAR=VALUE words before it added to its environment. The time runs from just before fork() until MARKER appears in
 * what the program has written to the terminal; choose a marker the
 * program draws last (the footer of its first frame), in one attribute run
 * so that no escape sequence splits it. The program is then sent SIGTERM
 * (SIGKILL if it has not left 5 s later) and the next one starts. Runs are
 * interleaved (A B A B ...) after three untimed warm-up runs each, so that
 * all programs meet the same load; the report gives the median, minimum
 * and mean of each, and the ratio of each median to the first program's.
 * Exit status: 0, or 1 when a program exits or stays silent for 20 s
 * without drawing its marker.
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

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read what is there on @fd into the tail window @win (keeping the last
 * @keep bytes so a marker split across reads is still found). Returns bytes
 * read, 0 at end, -1 on error. */
static ssize_t drain(int fd, char *win, size_t *len, size_t cap, size_t keep)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof(tmp));
	if (n <= 0)
		return n;
	size_t add = (size_t)n;
	if (*len + add > cap - 1) {
		size_t k = *len < keep ? *len : keep;
		memmove(win, win + *len - k, k);
		*len = k;
		if (add > cap - 1 - k) {
			memcpy(win + *len, tmp + add - (cap - 1 - k), cap - 1 - k);
			*len = cap - 1;
			win[*len] = '\0';
			return n;
		}
	}
	memcpy(win + *len, tmp, add);
	*len += add;
	win[*len] = '\0';
	return n;
}

/* Run @s once; returns the milliseconds to its marker, or -1. */
static double run_once(const struct subject *s, struct winsize *ws)
{
	static char win[1 << 20];
	size_t len = 0, keep = strlen(s->marker);
	int master;
	double t0 = now_ms(), found = -1;
	pid_t pid = subject_start(s, ws, &master, "bench_startup");

	win[0] = '\0';
	while (found < 0) {
		struct pollfd p = {master, POLLIN, 0};
		int r = poll(&p, 1, 20000);
		if (r == 0) {
			fprintf(stderr, "bench_startup: %s drew no '%s' within 20 s\n", s->argv[0],
				s->marker);
			break;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (drain(master, win, &len, sizeof(win), keep) <= 0) {
			fprintf(stderr, "bench_startup: %s ended without drawing '%s'; it wrote:\n%s\n",
				s->argv[0], s->marker, win);
			break;
		}
		if (strstr(win, s->marker))
			found = now_ms() - t0;
	}
	/* Let it go: TERM, keep reading so it never blocks on output, KILL late. */
	kill(pid, SIGTERM);
	double t_kill = now_ms() + 5000;
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (now_ms() > t_kill) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			break;
		}
		struct pollfd p = {master, POLLIN, 0};
		if (poll(&p, 1, 10) > 0 && drain(master, win, &len, sizeof(win), keep) <= 0)
			usleep(1000);
	}
	close(master);
	return found;
}

static double median(double *v, int n)
{
	double *c = malloc(sizeof(*c) * (size_t)n);
	memcpy(c, v, sizeof(*c) * (size_t)n);
	qsort(c, (size_t)n, sizeof(*c), bench_cmp_double);
	double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

static void usage(void)
{
	fputs("usage: bench_startup [-n REPS] [-s COLSxROWS] MARKER [VAR=VALUE...] CMD [ARG...] "
	      "[-- MARKER [VAR=VALUE...] CMD [ARG...]]...\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int reps = 30, opt;
	struct winsize ws = {.ws_row = 24, .ws_col = 80};

	while ((opt = getopt(argc, argv, "+n:s:")) != -1) {
		switch (opt) {
		case 'n':
			reps = atoi(optarg);
			if (reps < 1)
				usage();
			break;
		case 's':
			if (!pty_size_parse(optarg, &ws))
				usage();
			break;
		default:
			usage();
		}
	}
	struct subject subj[8];
	int ns = 0;
	if ((ns = subjects_parse(argc, argv, optind, subj, 8, reps)) < 0)
		usage();
	for (int w = 0; w < 3; w++)
		for (int s = 0; s < ns; s++)
			if (run_once(&subj[s], &ws) < 0)
				return 1;
	for (int r = 0; r < reps; r++)
		for (int s = 0; s < ns; s++)
			if ((subj[s].v[r] = run_once(&subj[s], &ws)) < 0)
				return 1;
	double base = 0;
	printf("startup to first frame, %d runs each on a %ux%u pty (ms):\n", reps, ws.ws_col,
	       ws.ws_row);
	for (int s = 0; s < ns; s++) {
		double med = median(subj[s].v, reps), mn = subj[s].v[0], sum = 0;
		for (int r = 0; r < reps; r++) {
			sum += subj[s].v[r];
			if (subj[s].v[r] < mn)
				mn = subj[s].v[r];
		}
		if (s == 0)
			base = med;
		printf("  %-40s median %8.2f  min %8.2f  mean %8.2f", subj[s].argv[0], med, mn,
		       sum / reps);
		if (s > 0)
			printf("  ratio %.2fx", med / base);
		subject_print_args(&subj[s]);
		printf("\n");
	}
	return 0;
}
