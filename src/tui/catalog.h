/*
 * catalog.h - the packs and scenarios as the home screen lists them: packs
 * by title (case and accents not counting), the pack and scenario last
 * used first, and the ones a search keeps.
 *
 * Curses-free and unit-tested (tests/unit/test_catalog.c). It reads only
 * what the pack index holds (titles, ids, tags), so a search costs the
 * same whether the packs came from their files or from the cache.
 */
#ifndef DILEMMA_TUI_CATALOG_H
#define DILEMMA_TUI_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/pack_index.h"

/* One scenario of the list: packs[pack].scenarios[sc] of the index. */
struct catalog_item {
	size_t pack, sc;
};

struct catalog {
	const struct pack_index *ix;
	struct catalog_item *items; /* every scenario, in the list's order */
	size_t n;
	size_t *view;               /* the items shown (indexes into items):
	                             * all of them, or a search's matches */
	size_t nview;
	char **hay;                 /* each item's text folded for searching,
	                             * made at the first search */
	char *query;                /* the search as typed; "" for none */
};

/* List the scenarios of @ix: packs by their titles folded (str_fold), then
 * their ids; each pack's scenarios in the pack's order. The pack whose id
 * is @last_pack comes first, and in it the scenario @last_scenario (both
 * may be NULL or name nothing there). No search: every item is shown. */
void catalog_init(struct catalog *c, const struct pack_index *ix, const char *last_pack,
		  const char *last_scenario);
void catalog_finish(struct catalog *c);
/* Show only the items whose pack (title, id) or scenario (title, id,
 * tags) holds every word of @query, case and accents not counting
 * (str_fold_match); "" or blanks show every item. How many are shown. */
size_t catalog_search(struct catalog *c, const char *query);
/* True while a search narrows the list. */
bool catalog_searching(const struct catalog *c);
/* The position in the view of item @item, or SIZE_MAX when not shown. */
size_t catalog_position(const struct catalog *c, size_t item);
/* The item shown at position @pos of the view. */
const struct catalog_item *catalog_shown(const struct catalog *c, size_t pos);
/* The columns the widest row of the whole list takes: a pack's title, or
 * a scenario's after @indent columns. */
int catalog_width(const struct catalog *c, int indent);

#endif
