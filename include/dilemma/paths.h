/*
 * paths.h - where dilemma looks for packs and keeps its database and its
 * cache of pack headers.
 */
#ifndef DILEMMA_PATHS_H
#define DILEMMA_PATHS_H

/* The pack search path, highest priority first, NULL-terminated; caller
 * frees with paths_free(). @extra are the --packs directories (may be
 * NULL). Order: --packs DIRs, DILEMMA_PACKS entries, $XDG_DATA_HOME,
 * each of $XDG_DATA_DIRS, the installed data directory, then the source
 * tree's scenarios/ when the binary runs from its build tree, or else
 * ../share/dilemma/scenarios beside the binary's directory. */
char **paths_pack_dirs(const char *const *extra);
void paths_free(char **list);

/* The database path: @override (from --db) if set, else DILEMMA_DB, else
 * $XDG_DATA_HOME/dilemma/sessions.db (~/.local/share when XDG_DATA_HOME is
 * unset or relative). Caller frees. */
char *paths_database(const char *override);

/* The folder of dilemma's caches (the pack headers of pack_index.h):
 * $XDG_CACHE_HOME/dilemma (~/.cache when XDG_CACHE_HOME is unset or
 * relative); NULL, for no cache, when that is so and HOME is unset or
 * empty too. Caller frees. */
char *paths_cache_dir(void);

/* @path as an absolute path, for telling the user where a file went: as
 * it is when it starts with '/', else after the current folder (leading
 * "./" dropped, links not resolved); as it is when the current folder
 * cannot be found. Caller frees. */
char *paths_absolute(const char *path);

#endif
