/*
 * pack_cache.h - the cache file of pack headers behind pack_index.h: what
 * pack_index.c and pack_cache.c share, and the unit tests look into.
 *
 * The file holds, for each pack file last indexed, its path, what
 * identifies its content without reading it (struct pack_file_id), whether
 * it loaded and, if it did, its struct pack_index_entry; then, after all
 * of them, each scenario's preview (struct pack_index_preview), which is
 * read only when the home screen shows it, so that a start reads titles
 * and no more. The file starts with a magic, a format number and the
 * program that wrote it (version and executable), then the length and a
 * checksum of the headers: any difference and the whole file is ignored.
 * Each preview has a checksum of its own, checked when it is read. The
 * file is written whole, to a new file renamed over the old one, so a
 * reader sees the old file or the new one, never a mixture, and keeps
 * reading previews from the one it opened.
 *
 * Each build of dilemma (each executable) has a file of its own in the
 * cache folder, packs-HASH.cache, so that two builds used in turn do not
 * write each other's out at every start; writing one removes the others
 * (and any half-written file) not written for a week.
 */
#ifndef DILEMMA_PACK_CACHE_H
#define DILEMMA_PACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dilemma/pack_index.h"

/* A file changed this many seconds or less before it was read may change
 * again within the same tick of its file system's clock and so keep its
 * identity: it is not cached (it will be, once older). */
#define PACK_CACHE_RACY_SECONDS 2

/* What identifies a file's content without reading it. */
struct pack_file_id {
	uint64_t dev, ino, size;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
};

/* stat() @path into @id; false when it cannot be. */
bool pack_file_id_of(const char *path, struct pack_file_id *id);
bool pack_file_id_equal(const struct pack_file_id *a, const struct pack_file_id *b);

/* Where a scenario's preview lies in the cache file, and its checksum. */
struct pack_cache_blob {
	uint64_t off; /* from the end of the headers */
	uint32_t len;
	uint64_t sum;
};

/* One pack file as it was last read. */
struct pack_cache_record {
	const char *path;
	struct pack_file_id id;
	bool loaded;                   /* false: it did not load */
	struct pack_index_entry entry; /* when loaded */
	/* one per scenario: where each preview is, in a cache read; what it
	 * is, in a cache to write */
	const struct pack_cache_blob *blobs;
	const struct pack_index_preview *previews;
};

struct pack_cache {
	struct pack_cache_record *records; /* sorted by path */
	size_t count;
	int fd;            /* the file, open for the previews; -1 when none */
	uint64_t blobs_at; /* where the previews start */
	char *data;        /* the headers, which the records point into */
	void **blocks;     /* the records' arrays and the previews read */
	size_t nblocks;
};

/* Files of the cache folder not written for this long are removed. */
#define PACK_CACHE_STALE_SECONDS (7 * 24 * 3600)

/* The cache file of this build in the folder @dir. Caller frees. */
char *pack_cache_path(const char *dir);
/* Read the headers of the cache at @path into @c; false, with @c empty,
 * when there is no cache that this program wrote intact. */
bool pack_cache_read(struct pack_cache *c, const char *path);
/* The record of @path, or NULL. */
const struct pack_cache_record *pack_cache_find(const struct pack_cache *c, const char *path);
/* The preview at @blob into @out, kept until pack_cache_finish(); false
 * when it cannot be read or is not as written. */
bool pack_cache_preview(struct pack_cache *c, const struct pack_cache_blob *blob,
			struct pack_index_preview *out);
/* Write @n records, each with its previews, as the cache at @path, making
 * its folder if need be, and remove the stale files of other builds
 * beside it; false when it could not be written (the old file, if any, is
 * then left). */
bool pack_cache_write(const char *path, const struct pack_cache_record *const *records,
		      size_t n);
void pack_cache_finish(struct pack_cache *c);

/* pack_index_load() as at the time @now (tests make files look old). */
void pack_index_load_at(struct pack_index *ix, const char *const *dirs, const char *cache,
			time_t now);

#endif
