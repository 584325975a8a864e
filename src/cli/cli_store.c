/*
 * cli_store.c - what the database commands share: opening the store and
 * saying its notices, the session filter options, and the message when a
 * filter matches nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dilemma/paths.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

void cli_store_notice(const struct store *st)
{
	const char *n = store_notice(st);

	while (n && *n) {
		size_t len = strcspn(n, "\n");
		char *shown = str_neutralise(n, len, true); /* the path may hold anything */
		fprintf(stderr, "dilemma: warning: %s\n", shown);
		free(shown);
		n += len + (n[len] == '\n');
	}
}

struct store *cli_open_store(const struct cli *cli)
{
	struct store_error err = {0};
	char *path = paths_database(cli->db);
	struct store *st = store_open(path, &err);

	if (!st)
		cli_fail("%s", err.message);
	else
		cli_store_notice(st);
	free(path);
	return st;
}

bool cli_filter_option(const struct cli *cli, struct store_filter *f, int opt,
		       const char *arg, int *rc)
{
	*rc = EXIT_OK;
	switch (opt) {
	case CLI_OPT_PACK:
		f->pack = arg;
		return true;
	case CLI_OPT_SCENARIO:
		f->scenario = arg;
		return true;
	case CLI_OPT_COHORT:
		f->cohort = arg;
		return true;
	case CLI_OPT_SESSION:
		f->session = arg;
		return true;
	case CLI_OPT_STATUS: {
		enum session_status s;
		if (!session_status_from_id(arg, &s))
			*rc = cli_usage_error(cli, "--status must be open or finished, not '%s'",
					      arg);
		f->status = arg;
		return true;
	}
	case CLI_OPT_SINCE:
	case CLI_OPT_UNTIL:
		if (!time_valid_when(arg))
			*rc = cli_usage_error(cli, "--%s needs a date like 2026-01-31 or a UTC"
					      " time like 2026-01-31T14:05:00Z, not '%s'",
					      opt == CLI_OPT_SINCE ? "since" : "until", arg);
		if (opt == CLI_OPT_SINCE)
			f->since = arg;
		else
			f->until = arg;
		return true;
	}
	return false;
}

void cli_no_match(struct store *st, const struct store_filter *f)
{
	struct {
		const char *option, *value;
	} given[] = {
		{"--pack", f->pack}, {"--scenario", f->scenario}, {"--cohort", f->cohort},
		{"--session", f->session}, {"--status", f->status}, {"--since", f->since},
		{"--until", f->until}, {"--participant", f->participant},
	};
	struct buf b = {0};
	struct store_error err = {0};
	char **cohorts = NULL;
	size_t ncohorts = 0;

	for (size_t i = 0; i < ALEN(given); i++) {
		if (!given[i].value || !given[i].value[0])
			continue;
		char *v = str_printable(given[i].value);
		buf_printf(&b, "%s%s '%s'", b.len ? ", " : "", given[i].option, v);
		free(v);
	}
	size_t matched = 0;
	/* no filter: an empty database is not a mistake */
	if (!b.len || !store_session_count(st, f, &matched, &err) || matched) {
		buf_finish(&b);
		return;
	}
	fprintf(stderr, "dilemma: no session matches %s", b.data);
	if (f->cohort && f->cohort[0] && store_cohorts(st, &cohorts, &ncohorts, &err)) {
		const char *near[3];
		size_t n = str_nearest(f->cohort, (const char *const *)cohorts, ncohorts, near,
				       ALEN(near));
		for (size_t i = 0; i < n; i++) {
			char *v = str_printable(near[i]);
			fprintf(stderr, "%s'%s'", i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
				v);
			free(v);
		}
		fputs(n ? "?" : "", stderr);
		for (size_t i = 0; i < ncohorts; i++)
			free(cohorts[i]);
		free(cohorts);
	}
	fputc('\n', stderr);
	buf_finish(&b);
}
