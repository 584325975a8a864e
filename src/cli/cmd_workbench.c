/*
 * cmd_workbench.c - `dilemma` with no subcommand: the workbench.
 * Until the screens land, this lists the packs so that the command works.
 */
#include "cli.h"

int cmd_workbench(struct cli *cli, int argc, char **argv)
{
	return cmd_list(cli, argc, argv);
}
