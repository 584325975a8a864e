/*
 * cmd_workbench.c - `dilemma` with no subcommand: open the workbench on
 * the database and the packs the other commands use (paths.c), after
 * checking both outside curses so that errors print plainly.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dilemma/paths.h"
#include "dilemma/store.h"
#include "tui.h"

/* How long the workbench waits for another process's lock on a write. */
#define WORKBENCH_BUSY_TIMEOUT_MS 300

int cmd_workbench(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{0},
	};
	struct pack_index packs;
	struct store_error err;
	char **dirs;
	char *db, *cache;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		return cli_option_error(cli, opt, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unknown command '%s'", argv[optind]);

	if (!tui_available())
		return EXIT_FAIL;
	db = paths_database(cli->db);
	struct store *st = store_open(db, &err);
	if (!st) {
		rc = cli_fail("%s: %s", db, err.message);
		free(db);
		return rc;
	}
	free(db);
	/* Shown before the screen is taken and left there after it is given
	 * back; a save then says the same in the header. */
	cli_store_notice(st);
	/* A locked database must not freeze the screen for long: a save that
	 * fails keeps its text and is retried every FIELDS_RETRY_MS. */
	store_set_busy_timeout(st, WORKBENCH_BUSY_TIMEOUT_MS);
	/* Home needs the packs' titles, not the packs: they come from the
	 * cache of pack headers for the files that have not changed. A broken
	 * pack does not stop the others; the home screen says how many did
	 * not load and `dilemma validate` shows why. */
	dirs = paths_pack_dirs(cli->packs);
	cache = paths_pack_cache();
	pack_index_load(&packs, (const char *const *)dirs, cache);
	free(cache);
	paths_free(dirs);
	rc = tui_run(st, &packs);
	pack_index_finish(&packs);
	store_close(st);
	return rc;
}
