/*
 * cmd_workbench.c - `dilemma` with no subcommand: open the workbench on
 * the database and the packs the other commands use (paths.c), after
 * checking both outside curses so that errors print plainly. `dilemma
 * start` opens it the same way, on the session it made.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dilemma/pack_index.h"
#include "dilemma/paths.h"
#include "dilemma/store.h"
#include "tui.h"

/* How long the workbench waits for another process's lock on a write. */
#define WORKBENCH_BUSY_TIMEOUT_MS 300

int cli_workbench(struct cli *cli, struct store *st, const struct tui_options *opt)
{
	struct pack_index packs;
	char **dirs;
	char *cache;
	int rc;

	/* A locked database must not freeze the screen for long: a save that
	 * fails keeps its text and is retried every DRAFTS_RETRY_MS. */
	store_set_busy_timeout(st, WORKBENCH_BUSY_TIMEOUT_MS);
	/* The next start finds SQLite's -wal and -shm in place instead of
	 * making them again (0.1 ms of the 2.5 ms to the first frame); the
	 * database file still holds everything once this one closes. The
	 * commands leave the folder as before. */
	store_keep_wal(st);
	/* Home needs the packs' titles, not the packs: they come from the
	 * cache of pack headers for the files that have not changed. A broken
	 * pack does not stop the others; the home screen says how many did
	 * not load and `dilemma validate` shows why. */
	dirs = paths_pack_dirs(cli->packs);
	cache = paths_cache_dir();
	pack_index_load(&packs, (const char *const *)dirs, cache);
	free(cache);
	paths_free(dirs);
	rc = tui_run(st, &packs, opt);
	pack_index_finish(&packs);
	return rc;
}

int cmd_workbench(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"no-bell", no_argument, NULL, 'B'},
		{0},
	};
	struct tui_options opt = {0};
	struct store_error err;
	char *db;
	int o, rc;

	while ((o = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		if (o == 'B') {
			opt.no_bell = true;
			continue;
		}
		return cli_option_error(cli, o, argv);
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
	rc = cli_workbench(cli, st, &opt);
	store_close(st);
	return rc;
}
