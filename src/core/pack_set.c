/*
 * pack_set.c - loading every pack on the search path (see pack_set.h).
 *
 * Directories are read in search-path order and, inside one directory, in
 * name order, so that which of two packs with the same id wins is the same
 * on every run: the first one found.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/pack_set.h"
#include "dilemma/util.h"

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_pack_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static void load_dir(struct pack_set *set, const char *dir, struct diag_list *diags)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!is_pack_name(de->d_name))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		struct pack *p = pack_load(path, diags);
		if (p) {
			struct pack *other = pack_set_find(set, p->id);
			if (other) {
				diag_add(diags, DIAG_WARNING, path, 0, 0,
					 "pack '%s' is also in %s, which is used instead",
					 p->id, other->path);
				pack_destroy(p);
			} else {
				set->packs = xreallocarray(set->packs, set->count + 1,
							   sizeof(*set->packs));
				set->packs[set->count++] = p;
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

void pack_set_load(struct pack_set *set, const char *const *dirs, struct diag_list *diags)
{
	for (size_t i = 0; dirs && dirs[i]; i++)
		load_dir(set, dirs[i], diags);
}

struct pack *pack_set_find(const struct pack_set *set, const char *id)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->packs[i]->id, id) == 0)
			return set->packs[i];
	return NULL;
}

void pack_set_finish(struct pack_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		pack_destroy(set->packs[i]);
	free(set->packs);
	set->packs = NULL;
	set->count = 0;
}
