/*
 * catalog.h - the packs and scenarios as the home screen lists them: packs
 * by title (case and accents not counting), the pack and scenario last
 * used first, and the ones a search keeps.
 *
 * Curses-free and unit-tested (tests/unit/test_catalog.c). The titles
 * and ids come from the pack index; the tags, which the index keeps with
 * each preview (read when asked for), are asked for only at the first
 * search, so opening home with many packs pays for sorting them and no
 * more.
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

/* The tags of packs[@pack].scenarios[@sc] of the index, *@n of them (NULL
 * and 0 when there are none, or they cannot be read). */
typedef const char *const *(*catalog_tags_fn)(void *ctx, size_t pack, size_t sc, size_t *n);

struct catalog {
	const struct pack_index *ix;
	catalog_tags_fn tags;
	void *tags_ctx;
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
 * may be NULL or name nothing there). No search: every item is shown.
 * @tags (with @ctx) gives a scenario's tags for the search. */
void catalog_init(struct catalog *c, const struct pack_index *ix, catalog_tags_fn tags,
		  void *ctx, const char *last_pack, const char *last_scenario);
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
