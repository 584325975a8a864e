/*
 * cmd_report.c - `dilemma report SESSION [-o FILE]`: a session's minutes
 * as Markdown (report.h), to stdout or, atomically, to a file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dilemma/export.h"
#include "dilemma/report.h"
#include "dilemma/util.h"

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"output", required_argument, NULL, 'o'},
		{0},
	};
	struct store_error err = {0};
	struct export_out out;
	const char *path = NULL;
	struct session *s;
	struct store *st;
	char *md;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		if (o == 'o')
			path = optarg;
		else
			return cli_option_error(cli, o, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cli, "which session? give its id (see dilemma sessions)");
	if (optind + 1 < argc)
		return cli_usage_error(cli, "one session at a time, not '%s' too", argv[optind + 1]);
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	s = store_session_load(st, argv[optind], &err);
	if (!s) {
		rc = cli_fail("%s", err.message);
		store_close(st);
		return rc;
	}
	md = report_markdown(s);
	if (!export_out_open(&out, path, &err)) {
		rc = cli_fail("%s", err.message);
	} else if (fputs(md, out.fp) == EOF) {
		export_out_abort(&out);
		rc = cli_fail("cannot write the report to %s", path ? path : "stdout");
	} else if (!export_out_commit(&out, &err)) {
		rc = cli_fail("%s", err.message);
	}
	free(md);
	session_destroy(s);
	store_close(st);
	return rc;
}
