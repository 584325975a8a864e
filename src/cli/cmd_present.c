/*
 * cmd_present.c - `dilemma present SESSION`: the present view of a live
 * session (tui.h) in a terminal of its own, for a projector. It only ever
 * reads: the database is opened read-only, which creates nothing, and the
 * session is looked up before the screen is taken, so that an unknown or
 * ambiguous id is a plain one-line error. With no database yet it says so
 * and waits for one (Ctrl-C leaves).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "dilemma/paths.h"
#include "dilemma/store.h"
#include "tui.h"

/* How long a read waits for another process's lock: the view keeps
 * showing what it read and tries again at its next poll. */
#define PRESENT_BUSY_TIMEOUT_MS 100
/* How often to look for a database that is not there yet. */
#define PRESENT_WAIT_NS 250000000L

/* The database at @path, waiting while there is none; NULL (said) when it
 * cannot be opened. */
static struct store *open_waiting(const char *path)
{
	struct store_error err = {0};
	bool said = false;

	for (;;) {
		struct store *st = store_open_readonly(path, &err);
		if (st)
			return st;
		if (err.code != STORE_MISSING) {
			cli_fail("%s", err.message);
			return NULL;
		}
		if (!said) {
			fprintf(stderr, "dilemma: no database at %s yet; waiting for one"
				" (Ctrl-C leaves)\n", path);
			said = true;
		}
		nanosleep(&(struct timespec){0, PRESENT_WAIT_NS}, NULL);
	}
}

int cmd_present(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{0},
	};
	struct store_error err = {0};
	struct session *s;
	struct store *st;
	char *db;
	int o, rc;

	while ((o = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		return cli_option_error(cli, o, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cli, "which session? give its id (see dilemma sessions)");
	if (optind + 1 < argc)
		return cli_usage_error(cli, "one session at a time, not '%s' too", argv[optind + 1]);
	db = paths_database(cli->db);
	st = open_waiting(db);
	free(db);
	if (!st)
		return EXIT_FAIL;
	cli_store_notice(st);
	s = store_session_load(st, argv[optind], &err);
	if (!s) {
		rc = cli_fail("%s", err.message);
		store_close(st);
		return rc;
	}
	session_destroy(s);
	if (!tui_available()) {
		store_close(st);
		return EXIT_FAIL;
	}
	store_set_busy_timeout(st, PRESENT_BUSY_TIMEOUT_MS);
	rc = tui_present(st, argv[optind]);
	store_close(st);
	return rc;
}
