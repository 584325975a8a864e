/*
 * pack_cache.c - the cache file of pack headers (see pack_cache.h): its
 * format, read with every length and count checked against what is left,
 * and written whole under a new name, then renamed into place.
 *
 * Numbers are little-endian whatever the machine; a text is its length
 * (u32), its bytes and a NUL, so that the records point into the file's
 * bytes as read instead of copying every title.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dilemma/util.h"
#include "pack_cache.h"

#define MAGIC "dilemma packs\n"
#define FORMAT 2u
/* Headers are a few dozen bytes a scenario; anything near this is not ours. */
#define CACHE_MAX_BYTES (256u * 1024u * 1024u)
/* The head: magic, format, the program (a text of up to KEY_MAX bytes),
 * the headers' length and checksum. */
#define KEY_MAX 160
#define HEAD_MAX (sizeof(MAGIC) - 1 + 4 + 4 + KEY_MAX + 1 + 8 + 8)
/* The fewest bytes a scenario's header takes: two empty texts and where
 * its preview is. */
#define MIN_SCENARIO_BYTES (2 * 5 + 8 + 4 + 8)

bool pack_file_id_of(const char *path, struct pack_file_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	*id = (struct pack_file_id){
		.dev = (uint64_t)st.st_dev, .ino = (uint64_t)st.st_ino,
		.size = (uint64_t)st.st_size,
		.mtime_s = (int64_t)st.st_mtim.tv_sec, .mtime_ns = (uint32_t)st.st_mtim.tv_nsec,
		.ctime_s = (int64_t)st.st_ctim.tv_sec, .ctime_ns = (uint32_t)st.st_ctim.tv_nsec,
	};
	return true;
}

bool pack_file_id_equal(const struct pack_file_id *a, const struct pack_file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
	       a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

/* A checksum of the headers, and of each preview, to tell a damaged file
 * (a flipped bit, a torn write) from a good one, not to resist forgery:
 * two running sums of 8-byte words, the second of the first so that order
 * counts, in a fraction of the time the packs' content hash
 * (pack_hash_hex) takes. The words are the machine's: a cache carried to
 * a machine of the other byte order is ignored, as another program's. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t a = 1, b = n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		a += w;
		b += a;
	}
	w = 0;
	memcpy(&w, p + i, n - i);
	a += w;
	b += a;
	return a ^ (b * 0x9E3779B97F4A7C15u);
}

/* The program that writes and reads the cache: its version and its
 * executable, so that a rebuilt loader, whose rules may differ, never
 * takes another's word for which packs load. */
static const char *program_key(void)
{
	static char key[KEY_MAX];
	struct pack_file_id exe = {0};

	if (!key[0]) {
		pack_file_id_of("/proc/self/exe", &exe);
		snprintf(key, sizeof(key), "dilemma %s %llu:%llu:%llu:%lld.%09u", DILEMMA_VERSION,
			 (unsigned long long)exe.dev, (unsigned long long)exe.ino,
			 (unsigned long long)exe.size, (long long)exe.mtime_s, exe.mtime_ns);
	}
	return key;
}

char *pack_cache_path(const char *dir)
{
	const char *key = program_key();

	return xasprintf("%s/packs-%016llx.cache", dir,
			 (unsigned long long)checksum((const unsigned char *)key, strlen(key)));
}

/* ---- writing ---- */

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24)};

	buf_append(b, (const char *)le, 4);
}

static void put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u32(b, (uint32_t)n);
	buf_append(b, s ? s : "", n);
	buf_putc(b, '\0');
}

/* @p's preview as written after the headers. */
static void put_preview(struct buf *b, const struct pack_index_preview *p)
{
	put_u32(b, (uint32_t)p->ntags);
	for (size_t t = 0; t < p->ntags; t++)
		put_str(b, p->tags[t]);
	put_str(b, p->situation);
	put_str(b, p->question);
}

/* The headers of @r into @b; its previews into @blobs, with where each is. */
static void put_record(struct buf *b, struct buf *blobs, const struct pack_cache_record *r)
{
	const struct pack_index_entry *e = &r->entry;

	put_str(b, r->path);
	put_u64(b, r->id.dev);
	put_u64(b, r->id.ino);
	put_u64(b, r->id.size);
	put_u64(b, (uint64_t)r->id.mtime_s);
	put_u32(b, r->id.mtime_ns);
	put_u64(b, (uint64_t)r->id.ctime_s);
	put_u32(b, r->id.ctime_ns);
	buf_putc(b, r->loaded ? 1 : 0);
	if (!r->loaded)
		return;
	put_str(b, e->id);
	put_str(b, e->title);
	put_u64(b, (uint64_t)(int64_t)e->version);
	put_str(b, e->framework_name);
	put_u32(b, (uint32_t)e->nscenarios);
	for (size_t i = 0; i < e->nscenarios; i++) {
		size_t at = blobs->len;
		put_str(b, e->scenarios[i].id);
		put_str(b, e->scenarios[i].title);
		put_preview(blobs, &r->previews[i]);
		put_u64(b, at);
		put_u32(b, (uint32_t)(blobs->len - at));
		put_u64(b, checksum((const unsigned char *)blobs->data + at, blobs->len - at));
	}
}

/* mkdir -p the folder of @path, private (0700) as XDG asks. */
static void make_folder_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
		mkdir(dir, 0700);
	}
	free(dir);
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Remove the files of the cache folder of @path, other than @path itself,
 * that other builds left and have not written for a week: caches
 * (packs-*.cache) and half-written ones (packs-*.cache.XXXXXX). */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);

	while (d && (de = readdir(d))) {
		char *other = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (strncmp(de->d_name, "packs-", 6) == 0 && strstr(de->d_name, ".cache") &&
		    strcmp(other, path) != 0 && lstat(other, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < now - PACK_CACHE_STALE_SECONDS)
			unlink(other);
		free(other);
	}
	if (d)
		closedir(d);
	free(dir);
}

bool pack_cache_write(const char *path, const struct pack_cache_record *const *records,
		      size_t n)
{
	struct buf index = {0}, blobs = {0}, head = {0};
	char *tmp = xasprintf("%s.XXXXXX", path);
	bool ok = false;
	int fd;

	put_u32(&index, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_record(&index, &blobs, records[i]);
	buf_append(&head, MAGIC, sizeof(MAGIC) - 1);
	put_u32(&head, FORMAT);
	put_str(&head, program_key());
	put_u64(&head, index.len);
	put_u64(&head, checksum((const unsigned char *)index.data, index.len));

	make_folder_of(path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd >= 0) {
		ok = write_all(fd, head.data, head.len) && write_all(fd, index.data, index.len) &&
		     write_all(fd, blobs.data ? blobs.data : "", blobs.len);
		ok = close(fd) == 0 && ok && rename(tmp, path) == 0;
		if (!ok)
			unlink(tmp);
	}
	if (ok)
		remove_stale(path);
	free(tmp);
	buf_finish(&head);
	buf_finish(&index);
	buf_finish(&blobs);
	return ok;
}

/* ---- reading ---- */

/* A cursor over the file's bytes; any read past the end clears ok and
 * gives zero or "". */
struct rd {
	const unsigned char *p, *end;
	bool ok;
};

static size_t rd_left(const struct rd *r)
{
	return (size_t)(r->end - r->p);
}

static uint32_t rd_u32(struct rd *r)
{
	uint32_t v;

	if (!r->ok || rd_left(r) < 4) {
		r->ok = false;
		return 0;
	}
	v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static uint64_t rd_u64(struct rd *r)
{
	uint64_t lo = rd_u32(r);

	return lo | (uint64_t)rd_u32(r) << 32;
}

static const char *rd_str(struct rd *r)
{
	size_t n = rd_u32(r);
	const char *s;

	if (!r->ok || rd_left(r) <= n || r->p[n] != '\0') {
		r->ok = false;
		return "";
	}
	s = (const char *)r->p;
	r->p += n + 1;
	return s;
}

static bool rd_flag(struct rd *r)
{
	if (!r->ok || !rd_left(r) || *r->p > 1) {
		r->ok = false;
		return false;
	}
	return *r->p++ == 1;
}

/* A count of things of at least @each bytes that the rest can hold. */
static size_t rd_count(struct rd *r, size_t each)
{
	size_t n = rd_u32(r);

	if (n > rd_left(r) / each)
		r->ok = false;
	return r->ok ? n : 0;
}

static void *keep_block(struct pack_cache *c, void *block)
{
	c->blocks = xreallocarray(c->blocks, c->nblocks + 1, sizeof(*c->blocks));
	c->blocks[c->nblocks++] = block;
	return block;
}

static void rd_entry(struct rd *r, struct pack_cache *c, struct pack_cache_record *rec)
{
	struct pack_index_entry *e = &rec->entry;
	struct pack_index_scenario *scen;
	struct pack_cache_blob *blobs;
	size_t nscen;

	e->path = rec->path;
	e->id = rd_str(r);
	e->title = rd_str(r);
	e->version = (long)(int64_t)rd_u64(r);
	e->framework_name = rd_str(r);
	nscen = rd_count(r, MIN_SCENARIO_BYTES);
	scen = keep_block(c, xcalloc(nscen + 1, sizeof(*scen)));
	blobs = keep_block(c, xcalloc(nscen + 1, sizeof(*blobs)));
	for (size_t i = 0; i < nscen && r->ok; i++) {
		scen[i].id = rd_str(r);
		scen[i].title = rd_str(r);
		blobs[i].off = rd_u64(r);
		blobs[i].len = rd_u32(r);
		blobs[i].sum = rd_u64(r);
	}
	e->scenarios = scen;
	e->nscenarios = nscen;
	rec->blobs = blobs;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(((const struct pack_cache_record *)a)->path,
		      ((const struct pack_cache_record *)b)->path);
}

/* @len bytes at @off of @fd into @buf; false when they are not all there. */
static bool pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/* Check the head of the cache open on c->fd and read its headers into
 * c->data; their length in *@len, or false when the file is not ours or
 * its headers are not as written. */
static bool read_headers(struct pack_cache *c, size_t *len)
{
	unsigned char head[HEAD_MAX];
	struct stat st;
	ssize_t n;

	if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	while ((n = pread(c->fd, head, sizeof(head), 0)) < 0 && errno == EINTR)
		;
	struct rd r = {head, head + (n > 0 ? n : 0), true};
	if (rd_left(&r) < sizeof(MAGIC) - 1 || memcmp(head, MAGIC, sizeof(MAGIC) - 1) != 0)
		return false;
	r.p += sizeof(MAGIC) - 1;
	if (rd_u32(&r) != FORMAT || strcmp(rd_str(&r), program_key()) != 0)
		return false;
	uint64_t size = rd_u64(&r), sum = rd_u64(&r);
	c->blobs_at = (uint64_t)(r.p - head) + size;
	if (!r.ok || size > CACHE_MAX_BYTES || c->blobs_at > (uint64_t)st.st_size)
		return false;
	c->data = xmalloc((size_t)size + 1);
	if (!pread_all(c->fd, c->data, (size_t)size, (uint64_t)(r.p - head)) ||
	    checksum((const unsigned char *)c->data, (size_t)size) != sum)
		return false;
	*len = (size_t)size;
	return true;
}

bool pack_cache_read(struct pack_cache *c, const char *path)
{
	size_t len = 0;

	memset(c, 0, sizeof(*c));
	c->fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) : -1;
	if (c->fd < 0 || !read_headers(c, &len)) {
		pack_cache_finish(c);
		return false;
	}
	struct rd r = {(const unsigned char *)c->data, (const unsigned char *)c->data + len, true};
	size_t n = rd_count(&r, 4 + 1 + 8 * 5 + 4 * 2 + 1);
	c->records = xcalloc(n + 1, sizeof(*c->records));
	for (size_t i = 0; i < n && r.ok; i++) {
		struct pack_cache_record *rec = &c->records[i];
		rec->path = rd_str(&r);
		rec->id.dev = rd_u64(&r);
		rec->id.ino = rd_u64(&r);
		rec->id.size = rd_u64(&r);
		rec->id.mtime_s = (int64_t)rd_u64(&r);
		rec->id.mtime_ns = rd_u32(&r);
		rec->id.ctime_s = (int64_t)rd_u64(&r);
		rec->id.ctime_ns = rd_u32(&r);
		rec->loaded = rd_flag(&r);
		if (rec->loaded)
			rd_entry(&r, c, rec);
	}
	if (!r.ok || r.p != r.end) {
		pack_cache_finish(c);
		return false;
	}
	c->count = n;
	qsort(c->records, n, sizeof(*c->records), compare_paths);
	return true;
}

bool pack_cache_preview(struct pack_cache *c, const struct pack_cache_blob *blob,
			struct pack_index_preview *out)
{
	unsigned char *data;
	const char **tags;
	size_t ntags;

	if (c->fd < 0 || blob->len > CACHE_MAX_BYTES)
		return false;
	data = xmalloc((size_t)blob->len + 1);
	if (!pread_all(c->fd, data, blob->len, c->blobs_at + blob->off) ||
	    checksum(data, blob->len) != blob->sum) {
		free(data);
		return false;
	}
	struct rd r = {data, data + blob->len, true};
	ntags = rd_count(&r, 5);
	tags = xcalloc(ntags + 1, sizeof(*tags));
	for (size_t t = 0; t < ntags; t++)
		tags[t] = rd_str(&r);
	out->situation = rd_str(&r);
	out->question = rd_str(&r);
	if (!r.ok || r.p != r.end) {
		free(tags);
		free(data);
		return false;
	}
	out->tags = keep_block(c, tags);
	out->ntags = ntags;
	keep_block(c, data);
	return true;
}

const struct pack_cache_record *pack_cache_find(const struct pack_cache *c, const char *path)
{
	struct pack_cache_record key = {.path = path};

	if (!c->count)
		return NULL;
	return bsearch(&key, c->records, c->count, sizeof(key), compare_paths);
}

void pack_cache_finish(struct pack_cache *c)
{
	for (size_t i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	free(c->blocks);
	free(c->records);
	free(c->data);
	if (c->fd >= 0)
		close(c->fd);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}
