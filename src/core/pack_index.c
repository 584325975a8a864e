/*
 * pack_index.c - the packs of the search path as the home screen shows
 * them (see pack_index.h): each file's header from the cache when the file
 * is as it was when last read, else from the full loader; then the cache is
 * brought up to date, once, if anything was read.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dilemma/pack_index.h"
#include "dilemma/pack_set.h"
#include "dilemma/util.h"
#include "pack_cache.h"

/* One pack file found on the search path. */
struct slot {
	char *path;
	struct pack_file_id id;
	bool have_id;   /* stat() worked */
	bool loaded;    /* it loads (entry is set) */
	bool cacheable; /* its record may be written to the cache */
	struct pack *full;
	struct pack_file_id full_id; /* the file as full was read from it */
	struct pack **old; /* full packs of before the file changed */
	size_t nold;
	struct pack_index_scenario *scen; /* the entry's, when made from full */
	struct pack_index_entry entry;
	const struct pack_cache_record *rec; /* where the entry came from, or NULL */
	struct pack_index_preview *previews; /* one per scenario, as asked for */
	bool *have;                          /* which previews are there */
};

struct pack_index_private {
	struct pack_cache cache;
	bool *seen; /* the cache's records of files found now */
	struct slot *slots;
	size_t nslots;
	struct pack_index_entry *shown;
	size_t *slot_of; /* the slot of each pack shown */
};

static void preview_of(struct pack_index_preview *pv, const struct pack_scenario *sc)
{
	*pv = (struct pack_index_preview){
		.tags = sc->tags, .ntags = sc->ntags, .situation = sc->situation,
		.question = sc->question,
	};
}

/* The entry of @s from its full pack, and every preview: the pack's own
 * strings. */
static void entry_from_pack(struct slot *s)
{
	const struct pack *p = s->full;

	s->scen = xcalloc(p->nscenarios + 1, sizeof(*s->scen));
	s->previews = xcalloc(p->nscenarios + 1, sizeof(*s->previews));
	s->have = xcalloc(p->nscenarios + 1, sizeof(*s->have));
	for (size_t i = 0; i < p->nscenarios; i++) {
		const struct pack_scenario *sc = &p->scenarios[i];
		s->scen[i] = (struct pack_index_scenario){.id = sc->id, .title = sc->title};
		preview_of(&s->previews[i], sc);
		s->have[i] = true;
	}
	s->entry = (struct pack_index_entry){
		.path = s->path, .id = p->id, .title = p->title, .version = p->version,
		.framework_name = p->framework.name, .scenarios = s->scen,
		.nscenarios = p->nscenarios,
	};
}

/* Index the file of @s: from the cache when its record is of the file as it
 * is now, else with the full loader. True when the cache needs writing. */
static bool index_file(struct pack_index *ix, struct slot *s, time_t now)
{
	struct pack_index_private *pv = ix->priv;
	const struct pack_cache_record *rec = NULL;
	struct diag_list diags = {0};

	s->have_id = pack_file_id_of(s->path, &s->id);
	if (s->have_id && (rec = pack_cache_find(&pv->cache, s->path)))
		pv->seen[rec - pv->cache.records] = true;
	if (rec && pack_file_id_equal(&rec->id, &s->id)) {
		s->loaded = rec->loaded;
		s->cacheable = true;
		s->rec = rec;
		s->entry = rec->entry;
		s->entry.path = s->path;
		s->previews = xcalloc(s->entry.nscenarios + 1, sizeof(*s->previews));
		s->have = xcalloc(s->entry.nscenarios + 1, sizeof(*s->have));
		ix->stats.cached++;
		return false;
	}
	/* the full loader decides whether it loads, as `dilemma validate` */
	s->full = pack_load(s->path, &diags);
	s->full_id = s->id;
	diag_list_finish(&diags);
	s->loaded = s->full != NULL;
	if (s->loaded)
		entry_from_pack(s);
	/* A file changed just before it was read may change again within the
	 * same tick of its clock and keep its identity: cached once older. */
	s->cacheable = s->have_id && s->id.ctime_s < (int64_t)now - PACK_CACHE_RACY_SECONDS;
	ix->stats.read++;
	return s->cacheable;
}

/* The previews of a record of the old cache, read from it into
 * @previews (false when one cannot be: the record is then dropped). */
static bool cached_previews(struct pack_cache *c, const struct pack_cache_record *r,
			    struct pack_index_preview *previews, bool *have)
{
	for (size_t j = 0; r->loaded && j < r->entry.nscenarios; j++) {
		if (!(have && have[j]) && !pack_cache_preview(c, &r->blobs[j], &previews[j]))
			return false;
		if (have)
			have[j] = true;
	}
	return true;
}

/* Write the records of the files indexed now, and those of files not on
 * this search path (another --packs, say) that are still as recorded,
 * each with every preview (those of the old cache read from it). */
static void write_cache(struct pack_index *ix, const char *path)
{
	struct pack_index_private *pv = ix->priv;
	size_t max = pv->nslots + pv->cache.count;
	struct pack_cache_record *recs = xcalloc(max + 1, sizeof(*recs));
	const struct pack_cache_record **ptrs = xcalloc(max + 1, sizeof(*ptrs));
	struct pack_index_preview **kept = xcalloc(max + 1, sizeof(*kept));
	size_t n = 0, nkept = 0;

	for (size_t i = 0; i < pv->nslots; i++) {
		struct slot *s = &pv->slots[i];
		if (!s->cacheable ||
		    (s->rec && !cached_previews(&pv->cache, s->rec, s->previews, s->have)))
			continue;
		recs[n] = (struct pack_cache_record){
			.path = s->path, .id = s->id, .loaded = s->loaded, .entry = s->entry,
			.previews = s->previews,
		};
		ptrs[n] = &recs[n];
		n++;
	}
	for (size_t i = 0; i < pv->cache.count; i++) {
		const struct pack_cache_record *r = &pv->cache.records[i];
		struct pack_file_id id;
		if (pv->seen[i] || !pack_file_id_of(r->path, &id) || !pack_file_id_equal(&id, &r->id))
			continue;
		struct pack_index_preview *p = kept[nkept++] =
			xcalloc(r->entry.nscenarios + 1, sizeof(*p));
		if (!cached_previews(&pv->cache, r, p, NULL))
			continue;
		recs[n] = *r;
		recs[n].previews = p;
		ptrs[n] = &recs[n];
		n++;
	}
	pack_cache_write(path, ptrs, n);
	for (size_t i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	free(ptrs);
	free(recs);
}

/* The packs shown: those that load, the first of each id. */
static void choose_shown(struct pack_index *ix)
{
	struct pack_index_private *pv = ix->priv;

	pv->shown = xcalloc(pv->nslots + 1, sizeof(*pv->shown));
	pv->slot_of = xcalloc(pv->nslots + 1, sizeof(*pv->slot_of));
	for (size_t i = 0; i < pv->nslots; i++) {
		const struct slot *s = &pv->slots[i];
		bool dup = false;
		if (!s->loaded) {
			ix->problems++;
			continue;
		}
		for (size_t j = 0; j < ix->count && !dup; j++)
			dup = strcmp(pv->shown[j].id, s->entry.id) == 0;
		if (dup)
			continue;
		pv->slot_of[ix->count] = i;
		pv->shown[ix->count++] = s->entry;
	}
	ix->packs = pv->shown;
}

void pack_index_load_at(struct pack_index *ix, const char *const *dirs, const char *cache,
			time_t now)
{
	struct pack_index_private *pv = xcalloc(1, sizeof(*pv));
	char **files = pack_set_files(dirs);
	char *path = cache ? pack_cache_path(cache) : NULL;
	bool dirty = false;

	memset(ix, 0, sizeof(*ix));
	ix->priv = pv;
	pack_cache_read(&pv->cache, path);
	pv->seen = xcalloc(pv->cache.count + 1, sizeof(*pv->seen));
	while (files[pv->nslots])
		pv->nslots++;
	pv->slots = xcalloc(pv->nslots + 1, sizeof(*pv->slots));
	for (size_t i = 0; i < pv->nslots; i++) {
		pv->slots[i].path = files[i];
		dirty |= index_file(ix, &pv->slots[i], now);
	}
	free(files);
	if (dirty && path)
		write_cache(ix, path);
	free(path);
	choose_shown(ix);
}

void pack_index_load(struct pack_index *ix, const char *const *dirs, const char *cache)
{
	pack_index_load_at(ix, dirs, cache, time(NULL));
}

const struct pack_index_preview *pack_index_preview(struct pack_index *ix, size_t i, size_t j)
{
	struct pack_index_private *pv = ix->priv;
	struct diag_list diags = {0};
	const struct pack_scenario *sc;
	struct slot *s;
	struct pack *p;

	if (i >= ix->count || j >= ix->packs[i].nscenarios)
		return NULL;
	s = &pv->slots[pv->slot_of[i]];
	if (s->have[j])
		return &s->previews[j];
	if (s->rec && pack_cache_preview(&pv->cache, &s->rec->blobs[j], &s->previews[j])) {
		s->have[j] = true;
		return &s->previews[j];
	}
	/* the cache was damaged since it was indexed: the pack as it is */
	p = pack_index_pack(ix, i, &diags);
	diag_list_finish(&diags);
	if (!p || !(sc = pack_scenario(p, s->entry.scenarios[j].id)))
		return NULL;
	preview_of(&s->previews[j], sc);
	s->have[j] = true;
	return &s->previews[j];
}

struct pack *pack_index_pack(struct pack_index *ix, size_t i, struct diag_list *diags)
{
	struct pack_file_id id = {0};
	struct slot *s;
	struct pack *p;

	if (i >= ix->count)
		return NULL;
	s = &ix->priv->slots[ix->priv->slot_of[i]];
	if (pack_file_id_of(s->path, &id) && s->full && pack_file_id_equal(&id, &s->full_id))
		return s->full;
	p = pack_load(s->path, diags);
	if (!p)
		return NULL;
	/* a pack handed out before may still be in use */
	if (s->full) {
		s->old = xreallocarray(s->old, s->nold + 1, sizeof(*s->old));
		s->old[s->nold++] = s->full;
	}
	s->full = p;
	s->full_id = id;
	return p;
}

void pack_index_finish(struct pack_index *ix)
{
	struct pack_index_private *pv = ix->priv;

	if (!pv)
		return;
	for (size_t i = 0; i < pv->nslots; i++) {
		pack_destroy(pv->slots[i].full);
		for (size_t k = 0; k < pv->slots[i].nold; k++)
			pack_destroy(pv->slots[i].old[k]);
		free(pv->slots[i].old);
		free(pv->slots[i].scen);
		free(pv->slots[i].previews);
		free(pv->slots[i].have);
		free(pv->slots[i].path);
	}
	free(pv->slots);
	free(pv->shown);
	free(pv->slot_of);
	free(pv->seen);
	pack_cache_finish(&pv->cache);
	free(pv);
	memset(ix, 0, sizeof(*ix));
}
