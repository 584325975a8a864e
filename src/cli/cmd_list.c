/*
 * cmd_list.c - `dilemma list [--csv]`: the packs found and their scenarios.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "dilemma/csvout.h"
#include "dilemma/util.h"

static const char *const csv_header[] = {
	"pack_id", "pack_title", "pack_version", "framework", "scenario_id",
	"scenario_title", "path",
};

static int list_csv(const struct pack_set *set)
{
	struct csvout w;
	bool ok;

	csvout_init(&w, true);
	csvout_row(&w, csv_header, ALEN(csv_header));
	for (size_t i = 0; i < set->count; i++) {
		const struct pack *p = set->packs[i];
		/* a file's name can hold anything but NUL and '/' */
		char *path = str_printable(p->path);
		for (size_t j = 0; j < p->nscenarios; j++) {
			csvout_field(&w, p->id);
			csvout_field(&w, p->title);
			csvout_int(&w, p->version);
			csvout_field(&w, p->framework.id);
			csvout_field(&w, p->scenarios[j].id);
			csvout_field(&w, p->scenarios[j].title);
			csvout_field(&w, path);
			csvout_end_row(&w);
		}
		free(path);
	}
	ok = csvout_flush(&w, stdout);
	csvout_finish(&w);
	return ok && fflush(stdout) == 0 ? EXIT_OK : cli_fail("cannot write the list");
}

/* Display width of a UTF-8 string, for lining up columns. */
static int text_width(const char *s)
{
	mbstate_t st = {0};
	int width = 0;
	wchar_t wc;
	size_t n, len = strlen(s);

	while (len && (n = mbrtowc(&wc, s, len, &st)) != 0) {
		if (n == (size_t)-1 || n == (size_t)-2)
			return width + (int)len;
		int w = wcwidth(wc);
		width += w > 0 ? w : 0;
		s += n;
		len -= n;
	}
	return width;
}

/* The loader refuses invisible characters in titles and ids, and control
 * characters everywhere; what the table shows is neutralised all the same,
 * so that nothing a file holds can reach the terminal raw. */
static void list_table(const struct pack_set *set)
{
	int idw = 8;

	for (size_t i = 0; i < set->count; i++)
		for (size_t j = 0; j < set->packs[i]->nscenarios; j++) {
			char *id = str_printable(set->packs[i]->scenarios[j].id);
			int w = text_width(id);
			if (w > idw)
				idw = w;
			free(id);
		}
	if (!set->count) {
		puts("No packs found. See dilemma(1), FILES, for where packs are looked for.");
		return;
	}
	for (size_t i = 0; i < set->count; i++) {
		const struct pack *p = set->packs[i];
		char *id = str_printable(p->id), *fw = str_printable(p->framework.id);
		char *title = str_printable(p->title);
		printf("%s%s (version %ld, %s, %zu scenario%s)\n  %s\n", i ? "\n" : "", id,
		       p->version, fw, p->nscenarios, p->nscenarios == 1 ? "" : "s", title);
		free(id);
		free(fw);
		free(title);
		for (size_t j = 0; j < p->nscenarios; j++) {
			char *sid = str_printable(p->scenarios[j].id);
			char *stitle = str_printable(p->scenarios[j].title);
			printf("    %s%*s  %s\n", sid, idw - text_width(sid), "", stitle);
			free(sid);
			free(stitle);
		}
	}
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{"csv", no_argument, NULL, 'c'},
		{0},
	};
	bool csv = false;
	struct pack_set set = {0};
	int opt, rc = EXIT_OK;

	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'c')
			csv = true;
		else
			return cli_option_error(cli, opt, argv);
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	cli_load_packs(cli, &set);
	if (csv)
		rc = list_csv(&set);
	else
		list_table(&set);
	pack_set_finish(&set);
	return rc;
}
