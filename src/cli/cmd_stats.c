/*
 * cmd_stats.c - `dilemma stats [filters] [--participant NAME] [--by ...]
 * [--csv | --markdown] [-o FILE]`: the trainer's numbers (stats.h) as a
 * readable report that fits the terminal, a Markdown cohort report, or a
 * CSV table (stats_report.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "dilemma/export.h"
#include "dilemma/stats.h"
#include "dilemma/stats_report.h"

/* Columns for the plain report: the terminal's (60 at the least, which the
 * tables need), or 80 into a pipe or a file. */
static size_t out_width(FILE *fp)
{
	struct winsize ws;

	if (isatty(fileno(fp)) && ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col < 60 ? 60 : ws.ws_col;
	return 80;
}

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		CLI_FILTER_LONGOPTS,
		{"participant", required_argument, NULL, 'p'},
		{"by", required_argument, NULL, 'y'},
		{"csv", no_argument, NULL, 'c'},
		{"markdown", no_argument, NULL, 'm'},
		{"output", required_argument, NULL, 'o'},
		{0},
	};
	struct stats_query q = {0};
	struct store_error err = {0};
	struct export_out out;
	const char *path = NULL;
	bool csv = false, markdown = false;
	struct stats *s = NULL;
	struct store *st;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		if (cli_filter_option(cli, &q.filter, o, optarg, &rc)) {
			if (rc != EXIT_OK)
				return rc;
			continue;
		}
		switch (o) {
		case 'p':
			q.filter.participant = optarg;
			break;
		case 'y':
			if (!stats_by_from_id(optarg, &q.by) || q.by == STATS_BY_NONE)
				return cli_usage_error(cli, "--by must be pack, scenario, cohort, stage"
						       " or principle, not '%s'", optarg);
			break;
		case 'c':
			csv = true;
			break;
		case 'm':
			markdown = true;
			break;
		case 'o':
			path = optarg;
			break;
		default:
			return cli_option_error(cli, o, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (csv && markdown)
		return cli_usage_error(cli, "--csv and --markdown do not go together");
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	s = stats_compute(st, &q, &err);
	if (!s) {
		rc = cli_fail("%s", err.message);
	} else if (!export_out_open(&out, path, &err)) {
		rc = cli_fail("%s", err.message);
	} else {
		struct csvout w;
		csvout_init(&w, true);
		if (csv)
			stats_write_csv(&w, s, q.by);
		else
			stats_write_text(&w.buf, s, &q, out.fp == stdout ? out_width(stdout) : 80,
					 markdown);
		if (!csvout_flush(&w, out.fp)) {
			export_out_abort(&out);
			rc = cli_fail("cannot write the report");
		} else if (!export_out_commit(&out, &err)) {
			rc = cli_fail("%s", err.message);
		}
		csvout_finish(&w);
		if (rc == EXIT_OK && s->sessions == 0)
			cli_no_match(st, &q.filter);
	}
	stats_destroy(s);
	store_close(st);
	return rc;
}
