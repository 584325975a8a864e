/*
 * cmd_import.c - `dilemma import FILE.csv`: a responses export read back
 * into the database, all of it or nothing (import.h, import_csv).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dilemma/import.h"
#include "dilemma/util.h"

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"raw", no_argument, NULL, 'r'},
		{0},
	};
	struct store_error err = {0};
	struct import_result res;
	const char *path;
	bool raw = false;
	struct store *st;
	FILE *in;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		if (o == 'r')
			raw = true;
		else
			return cli_option_error(cli, o, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cli, "which file? give the CSV file to import");
	if (optind + 1 < argc)
		return cli_usage_error(cli, "one file at a time, not '%s' too", argv[optind + 1]);
	path = argv[optind];
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!in)
		return cli_fail("%s: cannot read: %s", path, strerror(errno));
	st = cli_open_store(cli);
	if (!st) {
		if (in != stdin)
			fclose(in);
		return EXIT_FAIL;
	}
	if (!import_csv(st, in, in == stdin ? "stdin" : path, raw, &res, &err)) {
		rc = cli_fail("%s; nothing was imported", err.message);
	} else {
		printf("%zu row%s read: %zu new, %zu already in the database; %zu new session%s\n",
		       res.rows, res.rows == 1 ? "" : "s", res.stats.rows_new,
		       res.stats.rows_skipped, res.stats.sessions_new,
		       res.stats.sessions_new == 1 ? "" : "s");
		if (fflush(stdout) != 0)
			rc = EXIT_FAIL;
	}
	store_close(st);
	if (in != stdin)
		fclose(in);
	return rc;
}
