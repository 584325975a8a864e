/*
 * cmd_validate.c - `dilemma validate FILE...`: the workbench's own loader,
 * run on each file, every problem printed as FILE:LINE:COLUMN.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dilemma/util.h"

int cmd_validate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"quiet", no_argument, NULL, 'q'},
		{0},
	};
	bool quiet = false;
	int opt, rc = EXIT_OK;

	while ((opt = getopt_long(argc, argv, ":q", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'q')
			quiet = true;
		else
			return cli_option_error(cli, opt, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cli, "no pack file given");
	for (int i = optind; i < argc; i++) {
		struct diag_list diags = {0};
		struct pack *p = pack_load(argv[i], &diags);
		diag_print(&diags, stderr);
		if (p) {
			if (!quiet) {
				char *name = str_printable(argv[i]);
				printf("%s: ok: pack '%s', %zu scenario%s\n", name, p->id,
				       p->nscenarios, p->nscenarios == 1 ? "" : "s");
				free(name);
			}
			pack_destroy(p);
		} else {
			rc = EXIT_FAIL;
		}
		diag_list_finish(&diags);
	}
	return rc;
}
