/*
 * main.c - the command line: global options, then a subcommand looked up in
 * one table, which also produces --help. Each subcommand parses its own
 * options (which include --db and --packs) in its own file.
 */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "dilemma/paths.h"
#include "dilemma/util.h"

static const struct cli_command commands[] = {
	{"list", "[--csv]", "list packs and their scenarios", cmd_list},
	{"validate", "FILE...", "check pack files", cmd_validate},
	{"sessions", "[--csv | --wide] [filters]", "list recorded sessions", cmd_sessions},
	{"export", "[--table T] [filters] [--raw] [--bom] [--anonymise] [-o FILE]\n"
	 "       dilemma export --schema postgresql [--table T] [-o FILE]",
	 "write sessions as CSV, or the tables' statements for PostgreSQL", cmd_export},
	{"import", "[--raw] FILE.csv", "read a responses CSV into the database", cmd_import},
	{"report", "SESSION [-o FILE]", "write a session's minutes as Markdown", cmd_report},
	{"start", "PACK/SCENARIO [--panel] [--participant NAME[:ROLE]]... [--label TEXT]"
		  " [--cohort NAME] [--timebox MINUTES] [--framework ID] [--no-open] [--no-bell]",
	 "make a session, solo or a panel, and open the workbench on it", cmd_start},
	{"merge", "OTHER.db...", "copy other machines' sessions into the database, whole",
	 cmd_merge},
	{"stats", "[filters] [--participant NAME] [--by pack|scenario|cohort|stage|principle]"
	 " [--csv | --markdown] [-o FILE]", "the trainer's numbers over many sessions", cmd_stats},
	{"present", "SESSION", "show a live session to the room, on a projector", cmd_present},
};

static const struct cli_command workbench = {
	"", "", "open the workbench", cmd_workbench,
};

static void print_help(FILE *out)
{
	fprintf(out, "usage: dilemma [--db PATH] [--packs DIR]...   %s\n", workbench.summary);
	for (size_t i = 0; i < ALEN(commands); i++)
		fprintf(out, "       dilemma %s %s\n%*s%s\n", commands[i].name,
			commands[i].synopsis, 11, "", commands[i].summary);
	fputs("       dilemma --help | --version\n"
	      "\nSee dilemma(1) for every option and dilemma-pack(5) for the pack format.\n",
	      out);
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < ALEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

bool cli_common_option(struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'D':
		cli->db = arg;
		return true;
	case 'P':
		cli->packs = xreallocarray(cli->packs, cli->npacks + 2, sizeof(*cli->packs));
		cli->packs[cli->npacks++] = arg;
		cli->packs[cli->npacks] = NULL;
		return true;
	}
	return false;
}

/* "dilemma: MESSAGE" on stderr, with control and invisible characters
 * shown as U+FFFD: messages quote data (a value, a file name, a label)
 * and are read on a terminal, which must never be given an escape
 * sequence from data. */
static void print_message(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void print_message(const char *fmt, va_list ap)
{
	struct buf b = {0};
	char *shown;

	buf_vprintf(&b, fmt, ap);
	shown = str_neutralise(b.data ? b.data : "", b.len, true);
	fprintf(stderr, "dilemma: %s", shown);
	free(shown);
	buf_finish(&b);
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	const struct cli_command *c = cli->command ? find_command(cli->command) : NULL;

	va_start(ap, fmt);
	print_message(fmt, ap);
	va_end(ap);
	if (c)
		fprintf(stderr, "\nusage: dilemma %s %s\n", c->name, c->synopsis);
	else
		fputs("\nTry 'dilemma --help'.\n", stderr);
	return EXIT_USAGE;
}

int cli_option_error(const struct cli *cli, int opt, char *const argv[])
{
	if (opt == ':')
		return cli_usage_error(cli, "option '%s' needs an argument", argv[optind - 1]);
	return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_message(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

void cli_load_packs(const struct cli *cli, struct pack_set *set)
{
	struct diag_list diags = {0};
	char **dirs = paths_pack_dirs(cli->packs);

	pack_set_load(set, (const char *const *)dirs, &diags);
	for (size_t i = 0; i < diags.count; i++)
		if (diags.items[i].severity == DIAG_ERROR)
			diags.items[i].severity = DIAG_WARNING;
	diag_print(&diags, stderr);
	diag_list_finish(&diags);
	paths_free(dirs);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	struct cli cli = {0};
	const struct cli_command *cmd = &workbench;
	int opt, rc;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* '+' stops at the first non-option: the subcommand parses the rest. */
	while ((opt = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (cli_common_option(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			print_help(stdout);
			free(cli.packs);
			return EXIT_OK;
		case 'V':
			printf("dilemma %s\n", DILEMMA_VERSION);
			free(cli.packs);
			return EXIT_OK;
		default:
			rc = cli_option_error(&cli, opt, argv);
			free(cli.packs);
			return rc;
		}
	}
	int sub_argc = argc - optind + 1;
	char **sub_argv = argv + optind - 1; /* argv[0] is skipped by getopt */

	if (optind < argc) {
		cmd = find_command(argv[optind]);
		if (!cmd) {
			rc = cli_usage_error(&cli, "unknown command '%s'", argv[optind]);
			free(cli.packs);
			return rc;
		}
		sub_argc--;
		sub_argv++;
	}
	cli.command = cmd->name[0] ? cmd->name : NULL;
	optind = 0; /* glibc: restart scanning for the subcommand */
	rc = cmd->run(&cli, sub_argc, sub_argv);
	free(cli.packs);
	return rc;
}
