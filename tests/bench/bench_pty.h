/*
 * bench_pty.h - what the benchmarks that run programs on a pseudo-terminal
 * (bench_startup.c, bench_keys.c) share: their subjects, given on the
 * command line as MARKER [VAR=VALUE...] CMD [ARG...], separated by "--",
 * and how a subject's program is started.
 */
#ifndef DILEMMA_BENCH_PTY_H
#define DILEMMA_BENCH_PTY_H

#include <errno.h>
#include <pty.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct subject {
	const char *marker; /* what the program draws last in its first frame */
	char **env;         /* VAR=VALUE words, up to argv */
	char **argv;
	double *v;          /* one figure per run */
};

/* Parse the subjects in @argv[@i..@argc) into @subj (at most @max), each
 * with room for @runs figures; their number, or -1 when the words are
 * not subjects. The "--" words are replaced by NULL. */
static inline int subjects_parse(int argc, char **argv, int i, struct subject *subj, int max,
				 int runs)
{
	int n = 0;

	while (i < argc) {
		if (n == max || i + 1 >= argc)
			return -1;
		subj[n].marker = argv[i];
		subj[n].env = &argv[i + 1];
		int j = i + 1;
		while (j < argc && strchr(argv[j], '=') && argv[j][0] != '=')
			j++;
		subj[n].argv = &argv[j];
		if (j == argc || strcmp(argv[j], "--") == 0)
			return -1;
		while (j < argc && strcmp(argv[j], "--") != 0)
			j++;
		if (j < argc)
			argv[j++] = NULL;
		subj[n].v = calloc((size_t)runs, sizeof(double));
		n++;
		i = j;
	}
	return n ? n : -1;
}

/* Start @s's program on a new pseudo-terminal of size @ws, with its
 * environment words; its pid, and the terminal's master side in
 * *@master. Exits when no terminal can be had (@who says who failed). */
static inline pid_t subject_start(const struct subject *s, struct winsize *ws, int *master,
				  const char *who)
{
	pid_t pid = forkpty(master, NULL, NULL, ws);

	if (pid < 0) {
		fprintf(stderr, "%s: forkpty: %s\n", who, strerror(errno));
		exit(1);
	}
	if (pid > 0)
		return pid;
	for (char *const *e = s->env; e < s->argv; e++)
		putenv(*e);
	execvp(s->argv[0], s->argv);
	fprintf(stderr, "%s: cannot run %s: %s\n", who, s->argv[0], strerror(errno));
	_exit(127);
}

/* The subject's words after the program's name and its VAR=VALUE words,
 * on stdout: what tells two runs of one program apart. */
static inline void subject_print_args(const struct subject *s)
{
	for (char *const *e = s->env; e < s->argv; e++)
		printf(" %s", *e);
	for (char *const *a = s->argv + 1; *a; a++)
		printf(" %s", *a);
}

/* -s COLSxROWS into @ws; false when it is not a size. */
static inline bool pty_size_parse(const char *arg, struct winsize *ws)
{
	unsigned cols, rows;

	if (sscanf(arg, "%ux%u", &cols, &rows) != 2 || !cols || !rows || cols > 9999 ||
	    rows > 9999)
		return false;
	ws->ws_col = (unsigned short)cols;
	ws->ws_row = (unsigned short)rows;
	return true;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#endif
