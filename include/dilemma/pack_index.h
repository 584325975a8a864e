/*
 * pack_index.h - what the home screen shows of every pack on the search
 * path, without reading every pack: each pack's title and each scenario's
 * title and preview (src/core/pack_index.c).
 *
 * A pack file that has not changed since it was last read (same file,
 * size, modification and change times) is taken from a cache of these
 * headers (src/core/pack_cache.c, in $XDG_CACHE_HOME/dilemma), whose
 * previews are read only when asked for (pack_index_preview()); any other is
 * read with the full loader, pack_load(), which also decides whether it
 * loads at all, and the cache is brought up to date. The cache is never
 * trusted over the file: a session is started on the full pack, read from
 * its file then (pack_index_pack()). `dilemma validate` and `list` read
 * every pack in full (pack_set.h).
 */
#ifndef DILEMMA_PACK_INDEX_H
#define DILEMMA_PACK_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/diag.h"
#include "dilemma/pack.h"

/* One scenario as the home screen lists it. */
struct pack_index_scenario {
	const char *id;
	const char *title;
};

/* What the home screen previews of a scenario besides its title. */
struct pack_index_preview {
	const char *const *tags;
	size_t ntags;
	const char *situation;
	const char *question;
};

/* One pack as the home screen shows it. */
struct pack_index_entry {
	const char *path;
	const char *id;
	const char *title;
	long version;
	const char *framework_name;
	const struct pack_index_scenario *scenarios;
	size_t nscenarios;
};

/* How the last pack_index_load() came by its pack files. */
struct pack_index_stats {
	size_t cached; /* taken from the cache */
	size_t read;   /* read with the full loader */
};

struct pack_index {
	const struct pack_index_entry *packs; /* in pack_set_load()'s order */
	size_t count;
	size_t problems; /* pack files that did not load */
	struct pack_index_stats stats;
	struct pack_index_private *priv;
};

/* Index the packs of @dirs (NULL-terminated) with pack_set_load()'s rules:
 * the same packs in the same order, a pack whose id was found before left
 * out, a file that does not load counted in problems. @cache is the folder
 * of the cache (paths_cache_dir()), or NULL for none; each build of dilemma
 * keeps its own file there. A cache that is missing, unreadable or corrupt
 * is ignored and written anew, and one that cannot be written is left as
 * it is. */
void pack_index_load(struct pack_index *ix, const char *const *dirs, const char *cache);
/* The preview of packs[@i].scenarios[@j]: from the pack when it was read
 * in full to be indexed, else from the cache, read the first time it is
 * asked for; when the cache cannot give it (damaged since it was
 * indexed), from the pack read in full now. NULL when that no longer
 * loads or no longer has the scenario. It lives until pack_index_finish(). */
const struct pack_index_preview *pack_index_preview(struct pack_index *ix, size_t i, size_t j);
/* The full pack of packs[@i] as its file holds it now: read with
 * pack_load() unless the file is as it was when last read; NULL with the
 * loader's diagnostics in @diags when it no longer loads. Every pack
 * handed out lives until pack_index_finish(). */
struct pack *pack_index_pack(struct pack_index *ix, size_t i, struct diag_list *diags);
void pack_index_finish(struct pack_index *ix);

#endif
