/*
 * bench_pack_load.c FILE [N] - the loader side of the loader benchmark:
 * pack_load() (reading, checking and building the pack, exactly what the
 * workbench and `dilemma validate` run) and pack_destroy(), N times.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dilemma/pack.h"

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 1;
	size_t scenarios = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_pack_load FILE [N]\n");
		return 2;
	}
	for (int r = 0; r < runs; r++) {
		struct diag_list diags = {0};
		struct pack *p = pack_load(argv[1], &diags);

		if (!p) {
			diag_print(&diags, stderr);
			return 1;
		}
		scenarios = p->nscenarios;
		pack_destroy(p);
		diag_list_finish(&diags);
	}
	fprintf(stderr, "%zu scenarios\n", scenarios);
	return 0;
}
