/*
 * paths.c - the pack search path, the database location and the cache of
 * pack headers (see paths.h).
 */
#include "dilemma/paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dilemma/util.h"

struct list {
	char **items;
	size_t count;
};

static void add(struct list *l, char *dir)
{
	for (size_t i = 0; i < l->count; i++) {
		if (strcmp(l->items[i], dir) == 0) {
			free(dir);
			return;
		}
	}
	l->items = xreallocarray(l->items, l->count + 2, sizeof(*l->items));
	l->items[l->count++] = dir;
	l->items[l->count] = NULL;
}

/* Add each non-empty entry of a colon-separated list, with @suffix. */
static void add_colon_list(struct list *l, const char *value, const char *suffix)
{
	const char *p = value;

	while (p && *p) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		/* XDG says relative entries are invalid and must be ignored. */
		if (n && (p[0] == '/' || !suffix[0]))
			add(l, xasprintf("%.*s%s", (int)n, p, suffix));
		p = end ? end + 1 : NULL;
	}
}

/* The XDG base folder in @var, or ~/@fallback when it is unset, empty or
 * relative (the specification says to ignore a relative one). */
static char *xdg_home(const char *var, const char *fallback)
{
	const char *x = getenv(var);
	const char *home = getenv("HOME");

	if (x && x[0] == '/')
		return xstrdup(x);
	return xasprintf("%s/%s", home && home[0] ? home : ".", fallback);
}

/* The running binary's path into @exe; false when it cannot be known. */
static bool exe_path(char exe[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	return true;
}

/* True when the running binary sits in the build tree it was built in. */
static bool running_from_build_tree(const char *exe)
{
	char root[PATH_MAX];

	if (!realpath(DILEMMA_BUILD_ROOT, root))
		return false;
	size_t rl = strlen(root);
	return strncmp(exe, root, rl) == 0 && exe[rl] == '/';
}

/* PREFIX/share/dilemma/scenarios for a binary in PREFIX/bin, so that an
 * installed tree that was moved (or staged with DESTDIR) finds its packs. */
static char *beside_exe(const char *exe)
{
	const char *slash = strrchr(exe, '/');

	if (!slash)
		return NULL;
	return xasprintf("%.*s/../share/dilemma/scenarios", (int)(slash - exe), exe);
}

char **paths_pack_dirs(const char *const *extra)
{
	struct list l = {0};
	const char *dirs = getenv("XDG_DATA_DIRS");

	for (size_t i = 0; extra && extra[i]; i++)
		add(&l, xstrdup(extra[i]));
	add_colon_list(&l, getenv("DILEMMA_PACKS"), "");
	char *home = xdg_home("XDG_DATA_HOME", ".local/share");
	add(&l, xasprintf("%s/dilemma/scenarios", home));
	free(home);
	add_colon_list(&l, dirs && dirs[0] ? dirs : "/usr/local/share:/usr/share",
		       "/dilemma/scenarios");
	add(&l, xstrdup(DILEMMA_DATADIR "/scenarios"));
	char exe[PATH_MAX];
	if (exe_path(exe)) {
		if (running_from_build_tree(exe)) {
			add(&l, xstrdup(DILEMMA_SOURCE_ROOT "/scenarios"));
		} else {
			char *dir = beside_exe(exe);
			if (dir)
				add(&l, dir);
		}
	}
	if (!l.items)
		l.items = xcalloc(1, sizeof(*l.items));
	return l.items;
}

void paths_free(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

char *paths_database(const char *override)
{
	const char *env = getenv("DILEMMA_DB");

	if (override && override[0])
		return xstrdup(override);
	if (env && env[0])
		return xstrdup(env);
	char *home = xdg_home("XDG_DATA_HOME", ".local/share");
	char *path = xasprintf("%s/dilemma/sessions.db", home);
	free(home);
	return path;
}

char *paths_cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	char *home, *path;

	/* no cache rather than one in whatever folder the program runs in */
	if (!(x && x[0] == '/') && !(h && h[0]))
		return NULL;
	home = xdg_home("XDG_CACHE_HOME", ".cache");
	path = xasprintf("%s/dilemma", home);
	free(home);
	return path;
}

char *paths_absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	while (path[0] == '.' && path[1] == '/')
		path += 2 + strspn(path + 2, "/");
	return xasprintf("%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path);
}
