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

/* Append the pack files of @dir, in name order, to @files (@n of them). */
static void list_dir(const char *dir, char ***files, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t count = 0;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!is_pack_name(de->d_name))
			continue;
		names = xreallocarray(names, count + 1, sizeof(*names));
		names[count++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof(*names), compare_names);
	*files = xreallocarray(*files, *n + count + 1, sizeof(**files));
	for (size_t i = 0; i < count; i++) {
		(*files)[(*n)++] = xasprintf("%s/%s", dir, names[i]);
		free(names[i]);
	}
	(*files)[*n] = NULL;
	free(names);
}

char **pack_set_files(const char *const *dirs)
{
	char **files = xcalloc(1, sizeof(*files));
	size_t n = 0;

	for (size_t i = 0; dirs && dirs[i]; i++)
		list_dir(dirs[i], &files, &n);
	return files;
}

void pack_set_load(struct pack_set *set, const char *const *dirs, struct diag_list *diags)
{
	char **files = pack_set_files(dirs);

	for (size_t i = 0; files[i]; i++) {
		struct pack *p = pack_load(files[i], diags);
		if (p) {
			struct pack *other = pack_set_find(set, p->id);
			if (other) {
				diag_add(diags, DIAG_WARNING, files[i], 0, 0,
					 "pack '%s' is also in %s, which is used instead",
					 p->id, other->path);
				pack_destroy(p);
			} else {
				set->packs = xreallocarray(set->packs, set->count + 1,
							   sizeof(*set->packs));
				set->packs[set->count++] = p;
			}
		}
		free(files[i]);
	}
	free(files);
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
