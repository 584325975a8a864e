/*
 * cmd_export.c - `dilemma export`: one table of the sessions as CSV, to
 * stdout or, written atomically, to a file (export.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dilemma/export.h"
#include "dilemma/util.h"

/* --schema: the tables' statements, no database needed. */
static int write_schema(const struct cli *cli, const char *dialect, int table, const char *path)
{
	struct store_error err = {0};
	struct export_out out;
	struct buf b = {0};
	int rc = EXIT_OK;

	if (!export_schema(&b, dialect, table)) {
		buf_finish(&b);
		return cli_usage_error(cli, "--schema knows postgresql, not '%s'", dialect);
	}
	if (!export_out_open(&out, path, &err)) {
		rc = cli_fail("%s", err.message);
	} else if (fwrite(b.data, 1, b.len, out.fp) != b.len) {
		export_out_abort(&out);
		rc = cli_fail("cannot write the schema");
	} else if (!export_out_commit(&out, &err)) {
		rc = cli_fail("%s", err.message);
	}
	buf_finish(&b);
	return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		CLI_FILTER_LONGOPTS,
		{"table", required_argument, NULL, 't'},
		{"raw", no_argument, NULL, 'r'},
		{"bom", no_argument, NULL, 'b'},
		{"anonymise", no_argument, NULL, 'a'},
		{"anonymize", no_argument, NULL, 'a'},
		{"output", required_argument, NULL, 'o'},
		{"schema", required_argument, NULL, 's'},
		{0},
	};
	const char *schema = NULL;
	bool table_given = false;
	struct export_options opt = {.table = EXPORT_RESPONSES};
	struct store_error err = {0};
	struct export_out out;
	const char *path = NULL;
	struct store *st;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		if (cli_filter_option(cli, &opt.filter, o, optarg, &rc)) {
			if (rc != EXIT_OK)
				return rc;
			continue;
		}
		switch (o) {
		case 't':
			if (!export_table_from_id(optarg, &opt.table))
				return cli_usage_error(cli, "unknown table '%s': the tables are"
						       " responses, sessions, votes and history",
						       optarg);
			table_given = true;
			break;
		case 's':
			schema = optarg;
			break;
		case 'r':
			opt.raw = true;
			break;
		case 'b':
			opt.bom = true;
			break;
		case 'a':
			opt.anonymise = true;
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
	if (schema)
		return write_schema(cli, schema, table_given ? (int)opt.table : -1, path);
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	if (!export_out_open(&out, path, &err)) {
		rc = cli_fail("%s", err.message);
	} else if (!export_csv(st, &opt, out.fp, &err)) {
		export_out_abort(&out);
		rc = cli_fail("%s", err.message);
	} else if (!export_out_commit(&out, &err)) {
		rc = cli_fail("%s", err.message);
	}
	if (rc == EXIT_OK)
		cli_no_match(st, &opt.filter);
	store_close(st);
	return rc;
}
