/*
 * cmd_sessions.c - `dilemma sessions [--csv | --wide] [filters]`: the
 * sessions the database holds, most recently worked on first, in a table
 * that fits the terminal (or everything, --wide).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dilemma/chart.h"
#include "dilemma/csvout.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

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

/* The width the table fits: $COLUMNS when it is a number, else the
 * terminal's, else (not a terminal) 80. */
static int table_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;

	if (env && *env) {
		long c = strtol(env, &end, 10);
		if (!*end && c > 0 && c < 10000)
			return (int)c;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* One row of the table, its cells made safe for the terminal (texts from
 * the database, an import say, may hold anything). */
enum { COL_ID, COL_STATUS, COL_STARTED, COL_FINISHED, COL_MODE, COL_SCENARIO, COL_WHO,
       COL_LABEL, NCOLS };
static const char *const col_names[NCOLS] = {
	"ID", "STATUS", "STARTED", "FINISHED", "MODE", "PACK/SCENARIO", "WHO", "LABEL [COHORT]",
};

/* The cells of the columns @show of @m. */
static void row_cells(const struct session_summary *m, int idw, const bool show[NCOLS],
		      char *cell[NCOLS])
{
	char when[TIME_LOCAL_LEN];

	cell[COL_ID] = xstrndup(m->id, (size_t)idw);
	cell[COL_STATUS] = xstrdup(session_status_id(m->status));
	time_local(m->started_at, when);
	cell[COL_STARTED] = str_printable(m->started_at[0] ? when : "-");
	if (show[COL_FINISHED]) {
		time_local(m->finished_at, when);
		cell[COL_FINISHED] = str_printable(m->finished_at[0] ? when : "-");
		cell[COL_MODE] = xstrdup(session_mode_id(m->mode));
		char *sc = xasprintf("%s/%s", m->pack_id, m->scenario_id);
		cell[COL_SCENARIO] = str_printable(sc);
		free(sc);
	}
	cell[COL_WHO] = str_printable(m->participants[0] ? m->participants : "-");
	char *label = xasprintf("%s%s%s%s", m->label[0] ? m->label : "(no label)",
				m->cohort[0] ? " [" : "", m->cohort, m->cohort[0] ? "]" : "");
	cell[COL_LABEL] = str_printable(label);
	free(label);
}

/* @s made @w columns wide (cut with an ellipsis, or padded), then the
 * gap to the next column, into @b. */
static void put_cell(struct buf *b, const char *s, int w, bool last)
{
	if (last && (int)chart_width(s) <= w)
		buf_puts(b, s); /* no trailing blanks */
	else
		chart_fit(b, s, (size_t)w, false);
	if (!last)
		buf_puts(b, "  ");
}

/* Narrow the columns @w of the fitted table to @cols: who and the label
 * share what the others leave, each whole when both fit, else the label
 * first but who keeping a third; on a narrow terminal the start is only
 * its date. */
static void fit(int w[NCOLS], int cols)
{
	int fixed = w[COL_ID] + w[COL_STATUS] + w[COL_STARTED] + 4 * 2;

	if (cols - fixed < 24 && w[COL_STARTED] > 10) {
		fixed -= w[COL_STARTED] - 10;
		w[COL_STARTED] = 10;
	}
	int rest = cols - fixed > 24 ? cols - fixed : 24;
	if (w[COL_WHO] + 2 + w[COL_LABEL] <= rest) {
		w[COL_LABEL] = rest - 2 - w[COL_WHO];
		return;
	}
	int who = rest - 2 - w[COL_LABEL];
	if (who < rest / 3)
		who = rest / 3;
	if (w[COL_WHO] > who)
		w[COL_WHO] = who;
	w[COL_LABEL] = rest - 2 - w[COL_WHO];
}

/* The table: with @wide every column whole; else the columns that tell
 * sessions apart (id, status, start, who, label), fitted to the width. */
static void sessions_table(const struct session_summary *list, size_t n, bool wide)
{
	int w[NCOLS] = {0}, idw;
	bool show[NCOLS] = {0};
	char *(*cells)[NCOLS];

	if (!n) {
		puts("No sessions recorded.");
		return;
	}
	idw = wide ? SESSION_ID_LEN - 1 : (int)unique_len(list, n);
	cells = xcalloc(n, sizeof(*cells));
	for (int c = 0; c < NCOLS; c++) {
		show[c] = wide || c == COL_ID || c == COL_STATUS || c == COL_STARTED ||
			  c == COL_WHO || c == COL_LABEL;
		w[c] = (int)chart_width(col_names[c]);
	}
	for (size_t i = 0; i < n; i++) {
		row_cells(&list[i], idw, show, cells[i]);
		/* the id and the status are ASCII; idw is the id's width */
		for (int c = COL_STARTED; c < NCOLS; c++) {
			int cw = show[c] ? (int)chart_width(cells[i][c]) : 0;
			w[c] = cw > w[c] ? cw : w[c];
		}
	}
	w[COL_ID] = idw > w[COL_ID] ? idw : w[COL_ID];
	w[COL_STATUS] = (int)strlen("finished");
	if (!wide)
		fit(w, table_width());
	for (size_t i = 0; i < n && w[COL_STARTED] == 10; i++)
		if (strlen(cells[i][COL_STARTED]) > 10) /* a time: its date alone */
			cells[i][COL_STARTED][10] = '\0';
	struct buf b = {0};
	for (int c = 0; c < NCOLS; c++)
		if (show[c])
			put_cell(&b, col_names[c], w[c], c == COL_LABEL);
	buf_putc(&b, '\n');
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < NCOLS; c++) {
			if (show[c])
				put_cell(&b, cells[i][c], w[c], c == COL_LABEL);
			free(cells[i][c]);
		}
		buf_putc(&b, '\n');
		if (b.len > 65536 || i + 1 == n) {
			fwrite(b.data, 1, b.len, stdout);
			b.len = 0;
		}
	}
	buf_finish(&b);
	free(cells);
}

int cmd_sessions(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		CLI_FILTER_LONGOPTS,
		{"csv", no_argument, NULL, 'c'},
		{"wide", no_argument, NULL, 'w'},
		{0},
	};
	struct store_filter filter = {0};
	struct session_summary *list = NULL;
	struct store_error err = {0};
	struct store *st;
	size_t n = 0;
	bool csv = false, wide = false;
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
		else if (opt == 'w')
			wide = true;
		else
			return cli_option_error(cli, opt, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (csv && wide)
		return cli_usage_error(cli, "--wide is for the table; --csv has every column already");
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	struct store_page all = {.count_entries = csv};
	if (!store_session_page(st, &filter, &all, &list, &n, &err))
		rc = cli_fail("%s", err.message);
	else if (csv)
		rc = sessions_csv(list, n);
	else
		sessions_table(list, n, wide);
	if (rc == EXIT_OK && !csv && (fflush(stdout) != 0 || ferror(stdout)))
		rc = cli_fail("cannot write the list");
	if (rc == EXIT_OK && n == 0)
		cli_no_match(st, &filter);
	session_summaries_free(list, n);
	store_close(st);
	return rc;
}
