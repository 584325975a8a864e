/*
 * pack_set.h - every pack found on the search path, loaded in a fixed
 * order (src/core/pack_set.c).
 */
#ifndef DILEMMA_PACK_SET_H
#define DILEMMA_PACK_SET_H

#include <stddef.h>

#include "dilemma/diag.h"
#include "dilemma/pack.h"

/* A set of packs found on the search path (see paths.h). */
struct pack_set {
	struct pack **packs;
	size_t count;
};

/* Load every *.yaml in each directory of @dirs (NULL-terminated), in
 * order. Invalid packs are skipped with their diagnostics in @diags. When
 * two packs share an id, the one found first wins and a warning naming both
 * files is added. Missing directories are ignored. */
void pack_set_load(struct pack_set *set, const char *const *dirs, struct diag_list *diags);
/* The pack files of @dirs (NULL-terminated) in the order pack_set_load()
 * reads them: each directory in turn, its *.yaml files (not hidden ones)
 * in name order. NULL-terminated; the caller frees each and the list. */
char **pack_set_files(const char *const *dirs);
/* The pack with @id, or NULL. */
struct pack *pack_set_find(const struct pack_set *set, const char *id);
void pack_set_finish(struct pack_set *set);

#endif
