/*
 * catalog.c - the home screen's list of packs and scenarios (see
 * catalog.h): its order, and the search that narrows it.
 *
 * The folded text of each scenario (with its tags) is made once, at the
 * first search, so a key typed into the search costs a substring search
 * per scenario and no more; opening home with many packs pays only for
 * sorting the packs.
 */
#include "catalog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"
#include "text.h"

/* A pack to sort: its index and its title folded. */
struct pack_key {
	size_t i;
	char *title;
	const char *id;
};

static int cmp_pack(const void *a, const void *b)
{
	const struct pack_key *x = a, *y = b;
	int c = strcmp(x->title, y->title);

	if (c)
		return c;
	c = strcmp(x->id, y->id);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static size_t find_pack(const struct pack_index *ix, const char *id)
{
	for (size_t i = 0; id && i < ix->count; i++)
		if (strcmp(ix->packs[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

static size_t find_scenario(const struct pack_index_entry *p, const char *id)
{
	for (size_t j = 0; id && j < p->nscenarios; j++)
		if (strcmp(p->scenarios[j].id, id) == 0)
			return j;
	return SIZE_MAX;
}

void catalog_init(struct catalog *c, const struct pack_index *ix, catalog_tags_fn tags,
		  void *ctx, const char *last_pack, const char *last_scenario)
{
	struct pack_key *keys = xcalloc(ix->count + 1, sizeof(*keys));
	size_t total = 0, last = find_pack(ix, last_pack), first_sc = SIZE_MAX;

	memset(c, 0, sizeof(*c));
	c->ix = ix;
	c->tags = tags;
	c->tags_ctx = ctx;
	c->query = xstrdup("");
	for (size_t i = 0; i < ix->count; i++) {
		keys[i] = (struct pack_key){i, str_fold(ix->packs[i].title), ix->packs[i].id};
		total += ix->packs[i].nscenarios;
	}
	qsort(keys, ix->count, sizeof(*keys), cmp_pack);
	if (last != SIZE_MAX) {
		/* the last pack used first, the others still by title */
		size_t at = 0;
		while (keys[at].i != last)
			at++;
		struct pack_key k = keys[at];
		memmove(&keys[1], &keys[0], at * sizeof(*keys));
		keys[0] = k;
		first_sc = find_scenario(&ix->packs[last], last_scenario);
	}
	c->items = xcalloc(total + 1, sizeof(*c->items));
	c->view = xcalloc(total + 1, sizeof(*c->view));
	for (size_t k = 0; k < ix->count; k++) {
		size_t p = keys[k].i;
		if (p == last && first_sc != SIZE_MAX)
			c->items[c->n++] = (struct catalog_item){p, first_sc};
		for (size_t j = 0; j < ix->packs[p].nscenarios; j++)
			if (p != last || j != first_sc)
				c->items[c->n++] = (struct catalog_item){p, j};
		free(keys[k].title);
	}
	free(keys);
	for (size_t i = 0; i < c->n; i++)
		c->view[i] = i;
	c->nview = c->n;
}

void catalog_finish(struct catalog *c)
{
	for (size_t i = 0; c->hay && i < c->n; i++)
		free(c->hay[i]);
	free(c->hay);
	free(c->items);
	free(c->view);
	free(c->query);
	memset(c, 0, sizeof(*c));
}

/* What a search looks in for item @i: its pack's title and id, its own
 * title, id and tags, one to a line (no word of a query holds a line
 * break, so none matches across two). */
static char *hay_of(const struct catalog *c, size_t i)
{
	const struct pack_index_entry *p = &c->ix->packs[c->items[i].pack];
	const struct pack_index_scenario *sc = &p->scenarios[c->items[i].sc];
	struct buf b = {0};
	size_t ntags = 0;
	const char *const *tags = c->tags(c->tags_ctx, c->items[i].pack, c->items[i].sc, &ntags);

	buf_printf(&b, "%s\n%s\n%s\n%s", p->title, p->id, sc->title, sc->id);
	for (size_t t = 0; t < ntags; t++)
		buf_printf(&b, "\n%s", tags[t]);
	char *folded = str_fold(b.data);
	buf_finish(&b);
	return folded;
}

size_t catalog_search(struct catalog *c, const char *query)
{
	char *q = str_fold(query);

	free(c->query);
	c->query = xstrdup(query);
	c->nview = 0;
	if (!str_blank(q) && !c->hay) {
		c->hay = xcalloc(c->n + 1, sizeof(*c->hay));
		for (size_t i = 0; i < c->n; i++)
			c->hay[i] = hay_of(c, i);
	}
	for (size_t i = 0; i < c->n; i++)
		if (str_blank(q) || str_fold_match(c->hay[i], q))
			c->view[c->nview++] = i;
	free(q);
	return c->nview;
}

bool catalog_searching(const struct catalog *c)
{
	return !str_blank(c->query);
}

size_t catalog_position(const struct catalog *c, size_t item)
{
	for (size_t k = 0; k < c->nview; k++)
		if (c->view[k] == item)
			return k;
	return SIZE_MAX;
}

const struct catalog_item *catalog_shown(const struct catalog *c, size_t pos)
{
	return &c->items[c->view[pos]];
}

int catalog_width(const struct catalog *c, int indent)
{
	int w = 0;

	for (size_t i = 0; i < c->ix->count; i++) {
		const struct pack_index_entry *p = &c->ix->packs[i];
		int tw = text_width(p->title, strlen(p->title));
		w = tw > w ? tw : w;
		for (size_t j = 0; j < p->nscenarios; j++) {
			tw = indent + text_width(p->scenarios[j].title, strlen(p->scenarios[j].title));
			w = tw > w ? tw : w;
		}
	}
	return w;
}
