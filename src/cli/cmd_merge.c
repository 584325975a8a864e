/*
 * cmd_merge.c - `dilemma merge OTHER.db...`: the sessions of other
 * machines' databases copied whole into this one (store.h, store_merge).
 * Each file is merged all or nothing; one that cannot be read, is not a
 * dilemma database, or clashes is named in a one-line error and the
 * others are still merged.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli.h"
#include "dilemma/paths.h"
#include "dilemma/util.h"

/* Whether @a and @b are the same file. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static bool merge_one(struct store *st, const char *db, const char *path)
{
	struct store_error err = {0};
	struct store_merge_stats stats;
	struct store *from;
	char *name = str_printable(path);
	size_t rows = 0;
	bool ok = false;

	if (same_file(db, path)) {
		cli_fail("%s is the database being merged into; nothing was merged from it", name);
		free(name);
		return false;
	}
	from = store_open_readonly(path, &err);
	if (!from) {
		cli_fail("cannot merge %s: %s; nothing was merged from it", name, err.message);
	} else if (!store_merge(st, from, &stats, &err)) {
		cli_fail("cannot merge %s: %s; nothing was merged from it", name, err.message);
	} else {
		for (size_t i = 1; i < STORE_MERGE_TABLES; i++)
			rows += stats.rows[i];
		printf("%s: %zu new session%s, %zu new row%s in sessions (%zu participants,"
		       " %zu revisions, %zu votes, %zu events)\n", name, stats.rows[0],
		       stats.rows[0] == 1 ? "" : "s", rows, rows == 1 ? "" : "s", stats.rows[1],
		       stats.rows[2], stats.rows[3], stats.rows[4]);
		ok = true;
	}
	store_close(from);
	free(name);
	return ok;
}

int cmd_merge(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{0},
	};
	char *db;
	struct store *st;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (!cli_common_option(cli, o, optarg))
			return cli_option_error(cli, o, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cli, "which databases? give the other machines' files");
	st = cli_open_store(cli);
	if (!st)
		return EXIT_FAIL;
	db = paths_database(cli->db);
	for (int i = optind; i < argc; i++)
		if (!merge_one(st, db, argv[i]))
			rc = EXIT_FAIL;
	if (fflush(stdout) != 0)
		rc = cli_fail("cannot write the counts");
	free(db);
	store_close(st);
	return rc;
}
