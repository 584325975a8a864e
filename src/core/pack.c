/*
 * pack.c - the pack loader's entry points (see pack.h; the format is
 * dilemma-pack(5)): reading a file, the diagnostics, and a loaded pack's
 * lifetime. The loader's other rooms are listed in pack_private.h.
 *
 * One pass over libyaml's events, driven by a schema table (pack_schema.c):
 * each value type says what shape it must have (text, list, mapping) and,
 * for mappings, which keys it takes and where each value is stored. There
 * is no document tree (pack_walk.c); texts are written into the part of
 * the file's own buffer that libyaml has already read, and everything else
 * lives in one arena owned by the pack (pack_arena.c). The raw bytes are
 * checked (UTF-8, control characters) and hashed piece by piece as they
 * are read (pack_raw.c). That keeps the loader within a small factor of a
 * bare libyaml scan (tests/bench/bench_pack.sh) and its memory under twice
 * the file's size.
 *
 * Every problem is reported with the position libyaml gives (1-based), and
 * the loader goes on after each one so that a file's errors all show at
 * once. Only what makes going on impossible stops it: a YAML syntax error,
 * nesting beyond PACK_MAX_DEPTH, a second document, a file that is plainly
 * not a pack, or too many errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack_private.h"

/* pack_load() reads and checks a file in pieces of this size. */
#define READ_PIECE (128u * 1024u)
/* pack_load_buffer() checks in pieces of this size (see there). */
#define BUFFER_PIECE 61u

/* ------------------------------------------------------------------ */
/* Diagnostics.                                                        */

static void verror(struct loader *L, struct pos at, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void verror(struct loader *L, struct pos at, const char *fmt, va_list ap)
{
	struct buf b = {0};

	if (L->nerrors >= MAX_ERRORS)
		return;
	buf_vprintf(&b, fmt, ap);
	diag_add(L->diags, DIAG_ERROR, L->name, at.line, at.col, "%s", b.data);
	buf_finish(&b);
	if (++L->nerrors == MAX_ERRORS) {
		diag_add(L->diags, DIAG_ERROR, L->name, at.line, at.col,
			 "too many errors (%d); not looking any further", MAX_ERRORS);
		L->fatal = true;
	}
}

void loader_error(struct loader *L, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(L, at, fmt, ap);
	va_end(ap);
}

void loader_fatal(struct loader *L, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(L, at, fmt, ap);
	va_end(ap);
	L->fatal = true;
}

const char *msg_excerpt(const char *s, size_t len, char out[128])
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, chars = 0;

	for (size_t i = 0; i < len && o < 120;) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, len - i, &cp);
		if (++chars > 40) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (!k || cp < 0x20 || cp == 0x7F) {
			o += (size_t)snprintf(out + o, 128 - o, "\\x%02X", u[i]);
			k = 1;
		} else if (char_shown(cp) != cp) {
			/* C1 controls, bidi controls, zero-width characters */
			o += (size_t)snprintf(out + o, 128 - o, "\\u%04" PRIX32, cp);
		} else {
			memcpy(out + o, u + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

const char *msg_suggest(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word);
	size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	const char *best = NULL;
	size_t bestd = limit + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d = str_distance(word, names[i], limit);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

void msg_hint(struct buf *b, const char *word, const char *const *names, size_t n,
	      const char *valid, bool list_anyway)
{
	const char *near = msg_suggest(word, names, n);

	if (near)
		buf_printf(b, "; did you mean '%s'?", near);
	if (near && !list_anyway)
		return;
	buf_printf(b, " (%s: ", valid);
	for (size_t i = 0; i < n && i < 24; i++)
		buf_printf(b, "%s%s", i ? ", " : "", names[i]);
	if (n > 24)
		buf_puts(b, ", ...");
	buf_puts(b, ")");
}

/* ------------------------------------------------------------------ */
/* Loading.                                                            */

/* Sort this file's diagnostics by position (stable), since some checks
 * can only run at the end. */
static void sort_diags(struct diag_list *d, size_t from)
{
	for (size_t i = from + 1; i < d->count; i++) {
		struct diag x = d->items[i];
		size_t j = i;
		while (j > from && (d->items[j - 1].line > x.line ||
				    (d->items[j - 1].line == x.line &&
				     d->items[j - 1].column > x.column))) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = x;
	}
}

/* Load @len bytes at @u. @owned is NULL, or @u itself when the caller
 * hands the buffer over (it is then freed or kept by the pack). */
static struct pack *load_bytes(const char *name, const unsigned char *u, size_t len,
			       unsigned char *owned, struct precheck *pc,
			       struct diag_list *diags)
{
	struct precheck here = {.h = HASH_SEED};
	struct loader L = {.name = name, .diags = diags};
	size_t first = diags->count;
	size_t start = 0;
	unsigned char *clean = NULL;
	size_t clean_len = 0;
	const unsigned char *nul;
	struct pack *p;

	if (len > PACK_MAX_BYTES) {
		diag_add(diags, DIAG_ERROR, name, 0, 0,
			 "the file is larger than %u MiB; packs are never that big",
			 PACK_MAX_BYTES >> 20);
		free(owned);
		return NULL;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_add(diags, DIAG_ERROR, name, 1, 1,
			 "the file is UTF-16 text; packs must be UTF-8");
		free(owned);
		return NULL;
	}
	if (!pc) {
		pc = &here;
		precheck_update(pc, u, len, true);
	}
	start = pc->start;
	if (pc->bad && (nul = memchr(u, '\0', len))) {
		struct pos at = raw_pos(u, (size_t)(nul - u));
		diag_add(diags, DIAG_ERROR, name, at.line, at.col,
			 "this is not a pack: the file holds binary data (a NUL byte), not "
			 "UTF-8 text");
		free(owned);
		return NULL;
	}
	L.arena = arena_create();
	p = arena_alloc(L.arena, sizeof(*p), alignof(struct pack));
	memset(p, 0, sizeof(*p));
	p->priv = L.arena;
	p->path = arena_strndup(L.arena, name, strlen(name));
	raw_hash_finish(pc->h, u, len, pc->hashed, p->hash);
	L.pack = p;

	if (pc->bad) {
		clean = raw_report(&L, u, len, start, &clean_len);
		free(owned);
		if (clean) {
			L.arena->file = clean;
			loader_walk(&L, clean, clean_len, true);
		}
	} else {
		/* libyaml would take a BOM for content when told the encoding;
		 * positions on line 1 then count from the first real character,
		 * as an editor shows them. */
		L.arena->file = owned;
		loader_walk(&L, u + start, len - start, owned != NULL);
	}

	buf_finish(&L.scratch);
	idset_finish(&L.scenario_ids);
	idset_finish(&L.principle_ids);
	free(L.refs);
	sort_diags(diags, first);
	if (L.nerrors) {
		arena_free(L.arena);
		return NULL;
	}
	return p;
}

struct pack *pack_load(const char *path, struct diag_list *diags)
{
	struct precheck pc = {.h = HASH_SEED};
	struct stat st;
	char *data;
	size_t got = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot stat: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "not a regular file (%s); a pack is a "
			 "YAML file", S_ISDIR(st.st_mode) ? "a directory" :
			 S_ISFIFO(st.st_mode) ? "a FIFO" :
			 S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" :
			 S_ISSOCK(st.st_mode) ? "a socket" : "not a file");
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > PACK_MAX_BYTES) {
		diag_add(diags, DIAG_ERROR, path, 0, 0,
			 "the file is larger than %u MiB; packs are never that big",
			 PACK_MAX_BYTES >> 20);
		close(fd);
		return NULL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		/* in pieces, each checked while it is still in the cache */
		size_t want = (size_t)st.st_size - got;
		ssize_t n = read(fd, data + got, want < READ_PIECE ? want : READ_PIECE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
			free(data);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break; /* the file shrank meanwhile: take what is there */
		got += (size_t)n;
		precheck_update(&pc, (unsigned char *)data, got, false);
	}
	close(fd);
	precheck_update(&pc, (unsigned char *)data, got, true);
	return load_bytes(path, (unsigned char *)data, got, (unsigned char *)data, &pc, diags);
}

struct pack *pack_load_buffer(const char *name, const char *data, size_t len,
			      struct diag_list *diags)
{
	struct precheck pc = {.h = HASH_SEED};
	unsigned char *copy;

	if (len > PACK_MAX_BYTES)
		return load_bytes(name, (const unsigned char *)data, len, NULL, NULL, diags);
	/* The same path as pack_load(): a buffer of the pack's own, checked
	 * in pieces (small ones, so that tests and the fuzzer exercise the
	 * joins that pack_load() meets on big files). */
	copy = xmalloc(len + 1);
	if (len)
		memcpy(copy, data, len);
	for (size_t got = 0; got < len;) {
		got += len - got < BUFFER_PIECE ? len - got : BUFFER_PIECE;
		precheck_update(&pc, copy, got, false);
	}
	precheck_update(&pc, copy, len, true);
	return load_bytes(name, copy, len, copy, &pc, diags);
}

void pack_destroy(struct pack *pack)
{
	if (pack)
		arena_free(pack->priv);
}

const struct pack_scenario *pack_scenario(const struct pack *pack, const char *id)
{
	for (size_t i = 0; pack && id && i < pack->nscenarios; i++)
		if (strcmp(pack->scenarios[i].id, id) == 0)
			return &pack->scenarios[i];
	return NULL;
}

void pack_hash_hex(const void *data, size_t len, char out[17])
{
	raw_hash_finish(HASH_SEED, data, len, 0, out);
}
