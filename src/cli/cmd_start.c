/*
 * cmd_start.c - `dilemma start PACK/SCENARIO [--panel] [--participant
 * NAME[:ROLE]]... [--label TEXT] [--cohort NAME] [--timebox MINUTES]
 * [--framework ID] [--no-open] [--no-bell]`: make a session ready, solo or
 * a panel, and open the workbench on it; or, with --no-open, only make it
 * (a script that prepares a day's sessions gets the ids on stdout).
 *
 * Whether a session can be run is conduct_check_spec()'s answer, the
 * same the start dialog gets, so the two cannot disagree.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dilemma/conduct.h"
#include "dilemma/pack_set.h"
#include "dilemma/paths.h"
#include "dilemma/util.h"
#include "tui.h"

#define MAX_PARTICIPANTS 64

/* The label a session gets when none is given: the scenario, who, the day. */
static char *default_label(const struct pack_scenario *sc, bool panel,
			   const struct participant_spec *who, size_t n)
{
	char now[SESSION_TIME_LEN];

	time_now_iso(now);
	if (panel)
		return xasprintf("%s, panel of %zu, %.10s", sc->title, n, now);
	if (n && who[0].name && who[0].name[0])
		return xasprintf("%s, %s, %.10s", sc->title, who[0].name, now);
	return xasprintf("%s, %.10s", sc->title, now);
}

/* A whole number of minutes from 1 to PACK_MAX_TIMEBOX, or -1. */
static int parse_minutes(const char *s)
{
	char *end;
	long v;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v < 1 || v > PACK_MAX_TIMEBOX ? -1 : (int)v;
}

int cmd_start(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"panel", no_argument, NULL, 'p'},
		{"participant", required_argument, NULL, 'a'},
		{"label", required_argument, NULL, 'l'},
		{"cohort", required_argument, NULL, 'c'},
		{"timebox", required_argument, NULL, 't'},
		{"framework", required_argument, NULL, 'f'},
		{"no-open", no_argument, NULL, 'n'},
		{"no-bell", no_argument, NULL, 'B'},
		{0},
	};
	struct participant_spec who[MAX_PARTICIPANTS];
	char *names[MAX_PARTICIPANTS];
	size_t nwho = 0;
	struct session_spec spec = {.mode = SESSION_SOLO};
	struct tui_options topt = {0};
	const char *framework = NULL;
	bool open = true;
	struct pack_set packs = {0};
	struct store_error err = {0};
	struct store *st = NULL;
	struct conduct *c = NULL;
	char *label = NULL, *slash;
	int o, rc = EXIT_OK;

	while ((o = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		switch (o) {
		case 'p':
			spec.mode = SESSION_PANEL;
			break;
		case 'a': {
			if (nwho == MAX_PARTICIPANTS) {
				rc = cli_usage_error(cli, "at most %d participants", MAX_PARTICIPANTS);
				goto out;
			}
			/* NAME[:ROLE]: the role after the last colon, when it is one */
			names[nwho] = xstrdup(optarg);
			char *colon = strrchr(names[nwho], ':');
			who[nwho].name = names[nwho];
			who[nwho].role = NULL;
			if (colon) {
				*colon = '\0';
				who[nwho].role = colon + 1;
			}
			if (str_blank(who[nwho].name)) {
				nwho++;
				rc = cli_usage_error(cli, "--participant '%s' has no name", optarg);
				goto out;
			}
			nwho++;
			break;
		}
		case 'l':
			spec.label = optarg;
			break;
		case 'c':
			spec.cohort = optarg;
			break;
		case 't':
			spec.timebox = parse_minutes(optarg);
			if (spec.timebox < 0) {
				rc = cli_usage_error(cli, "--timebox must be a whole number of minutes"
						     " from 1 to %d, not '%s'", PACK_MAX_TIMEBOX,
						     optarg);
				goto out;
			}
			break;
		case 'f':
			framework = optarg;
			break;
		case 'n':
			open = false;
			break;
		case 'B':
			topt.no_bell = true;
			break;
		default:
			rc = cli_option_error(cli, o, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_usage_error(cli, "which scenario? give PACK/SCENARIO (see dilemma list)");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage_error(cli, "one scenario at a time, not '%s' too", argv[optind + 1]);
		goto out;
	}
	slash = strchr(argv[optind], '/');
	if (!slash || slash == argv[optind] || !slash[1]) {
		rc = cli_usage_error(cli, "'%s' is not PACK/SCENARIO (see dilemma list)",
				     argv[optind]);
		goto out;
	}
	/* a panel's members are members unless said otherwise */
	for (size_t i = 0; i < nwho; i++)
		if (spec.mode == SESSION_PANEL && (!who[i].role || !who[i].role[0]))
			who[i].role = "member";
	spec.participants = who;
	spec.nparticipants = nwho;
	if (open && !tui_available()) {
		rc = EXIT_FAIL;
		goto out;
	}

	cli_load_packs(cli, &packs);
	*slash = '\0';
	for (size_t i = 0; i < packs.count && !spec.pack; i++)
		if (strcmp(packs.packs[i]->id, argv[optind]) == 0)
			spec.pack = packs.packs[i];
	*slash = '/';
	if (!spec.pack) {
		*slash = '\0';
		rc = cli_fail("no pack '%s' was found (see dilemma list)", argv[optind]);
		goto out;
	}
	spec.scenario = pack_scenario(spec.pack, slash + 1);
	if (!spec.scenario) {
		rc = cli_fail("pack '%s' has no scenario '%s' (see dilemma list)", spec.pack->id,
			      slash + 1);
		goto out;
	}
	if (framework && strcmp(framework, spec.pack->framework.id) != 0) {
		spec.framework = framework_builtin(framework);
		if (!spec.framework) {
			rc = cli_usage_error(cli, "'%s' is not a framework (coe-2014, coe-2024, spb,"
					     " nolan, or the pack's own)", framework);
			goto out;
		}
	}
	if (!spec.label || str_blank(spec.label))
		spec.label = label = default_label(spec.scenario, spec.mode == SESSION_PANEL, who,
						   nwho);
	if (!conduct_check_spec(&spec, &err)) {
		rc = cli_usage_error(cli, "%s", err.message);
		goto out;
	}
	st = cli_open_store(cli);
	if (!st) {
		rc = EXIT_FAIL;
		goto out;
	}
	c = conduct_start(st, &spec, NULL, &err);
	if (!c) {
		rc = cli_fail("no session was created: %s", err.message);
		goto out;
	}
	if (!open) {
		if (isatty(STDOUT_FILENO))
			printf("Session %s is ready: open it with `dilemma` (Open sessions), and show"
			       " it with `dilemma present %.8s`.\n", c->s->id, c->s->id);
		else
			printf("%s\n", c->s->id);
		goto out;
	}
	topt.session_id = xstrdup(c->s->id);
	conduct_close(c);
	c = NULL;
	rc = cli_workbench(cli, st, &topt);
	free((char *)topt.session_id);
out:
	conduct_close(c);
	store_close(st);
	pack_set_finish(&packs);
	for (size_t i = 0; i < nwho; i++)
		free(names[i]);
	free(label);
	return rc;
}
