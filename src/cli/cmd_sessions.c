/*
 * cmd_sessions.c - `dilemma sessions [--csv] [filters]`: the sessions the
 * database holds, most recently worked on first. Also the pieces the other
 * database commands share: opening the store and the filter options.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "cli.h"
#include "dilemma/csvout.h"
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

/* A date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ). */
bool cli_filter_option(const struct cli *cli, struct store_filter *f, int opt,
		       const char *arg, int *rc)
{
	*rc = EXIT_OK;
	switch (opt) {
	case 0x101:
		f->pack = arg;
		return true;
	case 0x102:
		f->scenario = arg;
		return true;
	case 0x103:
		f->cohort = arg;
		return true;
	case 0x104:
		f->session = arg;
		return true;
	case 0x105: {
		enum session_status s;
		if (!session_status_from_id(arg, &s))
			*rc = cli_usage_error(cli, "--status must be open or finished, not '%s'",
					      arg);
		f->status = arg;
		return true;
	}
	case 0x106:
	case 0x107:
		if (!time_valid_when(arg))
			*rc = cli_usage_error(cli, "--%s needs a date like 2026-01-31 or a UTC"
					      " time like 2026-01-31T14:05:00Z, not '%s'",
					      opt == 0x106 ? "since" : "until", arg);
		if (opt == 0x106)
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

static const char *const csv_header[] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "scenario_id",
	"scenario_title", "status", "started_at", "finished_at", "updated_at", "entries",
};

static int sessions_csv(const struct session_summary *list, size_t n)
{
	struct csvout w;
	bool ok = true;

	csvout_init(&w, true);
	csvout_row(&w, csv_header, ALEN(csv_header));
	for (size_t i = 0; i < n && ok; i++) {
		const struct session_summary *m = &list[i];
		csvout_field(&w, m->id);
		csvout_field(&w, m->label);
		csvout_field(&w, m->cohort);
		csvout_field(&w, session_mode_id(m->mode));
		csvout_field(&w, m->pack_id);
		csvout_field(&w, m->scenario_id);
		csvout_field(&w, m->scenario_title);
		csvout_field(&w, session_status_id(m->status));
		csvout_field(&w, m->started_at);
		csvout_field(&w, m->finished_at);
		csvout_field(&w, m->updated_at);
		csvout_int(&w, (int64_t)m->nentries);
		csvout_end_row(&w);
		if (w.buf.len > 65536)
			ok = csvout_flush(&w, stdout);
	}
	ok = ok && csvout_flush(&w, stdout);
	csvout_finish(&w);
	return ok && fflush(stdout) == 0 ? EXIT_OK : cli_fail("cannot write the list");
}

/* "2026-01-31T14:05:09Z" -> "2026-01-31 14:05"; "" -> "-". */
static void short_time(char out[17], const char *iso)
{
	if (strlen(iso) < 16) {
		snprintf(out, 17, "-");
		return;
	}
	memcpy(out, iso, 16);
	out[10] = ' ';
	out[16] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t common(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

/* The shortest prefix length (8 or more) that tells every id of @list
 * apart: one more than the longest prefix neighbours in sorted order
 * share. */
static size_t unique_len(const struct session_summary *list, size_t n)
{
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	size_t len = 8;

	for (size_t i = 0; i < n; i++)
		ids[i] = list[i].id;
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 1; i < n; i++) {
		size_t c = common(ids[i - 1], ids[i]) + 1;
		if (c > len)
			len = c;
	}
	free(ids);
	return len > SESSION_ID_LEN - 1 ? SESSION_ID_LEN - 1 : len;
}

static void sessions_table(const struct session_summary *list, size_t n)
{
	int idw;

	if (!n) {
		puts("No sessions recorded.");
		return;
	}
	idw = (int)unique_len(list, n);
	printf("%-*s  %-8s  %-16s  %-16s  %-5s  %s\n", idw, "ID", "STATUS", "STARTED",
	       "FINISHED", "MODE", "PACK/SCENARIO  LABEL [COHORT]");
	for (size_t i = 0; i < n; i++) {
		const struct session_summary *m = &list[i];
		char started[17], finished[17];
		/* texts from the database (an import, say) may hold anything:
		 * no control character reaches the terminal */
		char *pack = str_printable(m->pack_id), *scenario = str_printable(m->scenario_id);
		char *label = str_printable(m->label[0] ? m->label : "(no label)");
		char *cohort = str_printable(m->cohort);
		short_time(started, m->started_at);
		short_time(finished, m->finished_at);
		printf("%-*.*s  %-8s  %-16s  %-16s  %-5s  %s/%s  %s", idw, idw, m->id,
		       session_status_id(m->status), started, finished,
		       session_mode_id(m->mode), pack, scenario, label);
		if (cohort[0])
			printf(" [%s]", cohort);
		putchar('\n');
		free(pack);
		free(scenario);
		free(label);
		free(cohort);
	}
}

int cmd_sessions(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		CLI_FILTER_LONGOPTS,
		{"csv", no_argument, NULL, 'c'},
		{0},
	};
	struct store_filter filter = {0};
	struct session_summary *list = NULL;
	struct store_error err = {0};
	struct store *st;
	size_t n = 0;
	bool csv = false;
	int opt, rc = EXIT_OK;

	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (cli_filter_option(cli, &filter, opt, optarg, &rc)) {
			if (rc != EXIT_OK)
				return rc;
			continue;
		}
		if (opt == 'c')
			csv = true;
		else
			return cli_option_error(cli, opt, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	struct store_page all = {.count_entries = csv};
	if (!store_session_page(st, &filter, &all, &list, &n, &err))
		rc = cli_fail("%s", err.message);
	else if (csv)
		rc = sessions_csv(list, n);
	else
		sessions_table(list, n);
	if (rc == EXIT_OK && !csv && (fflush(stdout) != 0 || ferror(stdout)))
		rc = cli_fail("cannot write the list");
	if (rc == EXIT_OK && n == 0)
		cli_no_match(st, &filter);
	session_summaries_free(list, n);
	store_close(st);
	return rc;
}
