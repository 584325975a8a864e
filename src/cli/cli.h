/*
 * cli.h - what the subcommands share: the options every command accepts
 * (--db, --packs), the command table entry, and usage-error reporting.
 */
#ifndef DILEMMA_CLI_H
#define DILEMMA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "dilemma/pack_set.h"
#include "dilemma/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
	const char *db;       /* --db, or NULL */
	const char **packs;   /* --packs DIRs, NULL-terminated */
	size_t npacks;
	const char *command;  /* the subcommand's name, for messages */
};

struct cli_command {
	const char *name;
	const char *synopsis; /* the arguments after the name, for usage */
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* Handle an option every command takes (getopt_long value @opt with
 * @arg); true when it was one of them. */
bool cli_common_option(struct cli *cli, int opt, const char *arg);
/* The long options of cli_common_option(), to splice into a command's own. */
#define CLI_COMMON_LONGOPTS \
	{"db", required_argument, NULL, 'D'}, \
	{"packs", required_argument, NULL, 'P'}

/* Print "dilemma: MESSAGE" and the command's usage line to stderr;
 * returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long returned as @opt (':' for a
 * missing argument, anything else an unknown option); returns EXIT_USAGE. */
int cli_option_error(const struct cli *cli, int opt, char *const argv[]);
/* Print "dilemma: MESSAGE" to stderr; returns EXIT_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load every pack on the search path, printing load problems as warnings
 * to stderr (a broken pack does not stop the others). */
void cli_load_packs(const struct cli *cli, struct pack_set *set);

/* cli_store.c: the session filters of `sessions`, `export` and `stats`
 * (store_filter): long options and their handler, true when @opt was one
 * of them; a bad value is a usage error, reported and returned in *@rc. */
enum cli_filter_opt {
	CLI_OPT_PACK = 0x101, /* past every character an option may be */
	CLI_OPT_SCENARIO,
	CLI_OPT_COHORT,
	CLI_OPT_SESSION,
	CLI_OPT_STATUS,
	CLI_OPT_SINCE,
	CLI_OPT_UNTIL,
};
#define CLI_FILTER_LONGOPTS \
	{"pack", required_argument, NULL, CLI_OPT_PACK}, \
	{"scenario", required_argument, NULL, CLI_OPT_SCENARIO}, \
	{"cohort", required_argument, NULL, CLI_OPT_COHORT}, \
	{"session", required_argument, NULL, CLI_OPT_SESSION}, \
	{"status", required_argument, NULL, CLI_OPT_STATUS}, \
	{"since", required_argument, NULL, CLI_OPT_SINCE}, \
	{"until", required_argument, NULL, CLI_OPT_UNTIL}
struct store_filter;
bool cli_filter_option(const struct cli *cli, struct store_filter *f, int opt,
		       const char *arg, int *rc);
/* Open the database of --db / DILEMMA_DB / the default, printing why not
 * (and returning NULL) when it cannot be, and its notices (opened
 * read-only, readable by others) as warnings when it can. */
struct store *cli_open_store(const struct cli *cli);
/* When filters were given and @f matches no session, say so on stderr in
 * one line, naming them, with the nearest cohort names to a --cohort. */
void cli_no_match(struct store *st, const struct store_filter *f);
/* Print the store's notices to stderr, "dilemma: warning: " before each. */
void cli_store_notice(const struct store *st);

/* The subcommands. */
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_merge(struct cli *cli, int argc, char **argv);
int cmd_sessions(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_present(struct cli *cli, int argc, char **argv);
int cmd_validate(struct cli *cli, int argc, char **argv);
int cmd_workbench(struct cli *cli, int argc, char **argv);
int cmd_start(struct cli *cli, int argc, char **argv);

struct tui_options;
/* Open the workbench on @st (its busy timeout set for a workbench), with
 * the packs on the search path; the exit status. */
int cli_workbench(struct cli *cli, struct store *st, const struct tui_options *opt);

#endif
