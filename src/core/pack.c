/*
 * pack.c - the pack loader (see pack.h; the format is dilemma-pack(5)).
 *
 * One pass over libyaml's events, driven by a schema table: each value type
 * says what shape it must have (text, list, mapping) and, for mappings,
 * which keys it takes and where each value is stored. There is no document
 * tree: values go straight into the pack being built, lists are collected
 * on one scratch stack and copied out when they end, texts are written
 * into the part of the file's own buffer that libyaml has already read,
 * and everything else lives in one arena owned by the pack. The raw bytes
 * are checked (UTF-8, control characters) and hashed piece by piece as
 * they are read. That keeps the loader within a small factor of a bare
 * libyaml scan (tests/bench/bench_pack.sh) and its memory under twice the
 * file's size.
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
#include <limits.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "dilemma/pack.h"
#include "dilemma/util.h"

/* More than this many errors in one file and the loader stops listing. */
#define MAX_ERRORS 100
/* Encoding errors say "this is not UTF-8 text" long before this many. */
#define MAX_ENCODING_ERRORS 20
/* pack_load() reads and checks a file in pieces of this size. */
#define READ_PIECE (128u * 1024u)
/* pack_load_buffer() checks in pieces of this size (see there). */
#define BUFFER_PIECE 61u
/* Ids are short names, not texts. */
#define ID_MAX 64
/* Keys of the widest mapping (pack, scenario); checked below. */
#define MAX_KEYS 16

/* ------------------------------------------------------------------ */
/* The arena: the structures of a pack, freed in one go with its file.  */

struct chunk {
	struct chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct pack_private {
	struct chunk *chunks;
	size_t next_size;
	void **kept;         /* malloc()ed blocks the pack owns */
	size_t nkept;
	unsigned char *file; /* the file's bytes, reused for its texts (below) */
};

static void *arena_alloc(struct pack_private *a, size_t n, size_t align)
{
	struct chunk *c = a->chunks;
	size_t at;

	if (c) {
		at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && c->size - at >= n) {
			c->used = at + n;
			return c->data + at;
		}
	}
	if (n > a->next_size / 4) {
		/* A big block gets a chunk of its own, behind the current one,
		 * so that the current one's free space is not thrown away. */
		struct chunk *big = xmalloc(sizeof(*big) + n);
		big->size = big->used = n;
		if (c) {
			big->next = c->next;
			c->next = big;
		} else {
			big->next = NULL;
			a->chunks = big;
		}
		return big->data;
	}
	c = xmalloc(sizeof(*c) + a->next_size);
	c->size = a->next_size;
	c->used = n;
	c->next = a->chunks;
	a->chunks = c;
	if (a->next_size < (1u << 20))
		a->next_size *= 2;
	return c->data;
}

/* Make @block (from malloc()) the pack's, to be freed with it. */
static void arena_keep(struct pack_private *a, void *block)
{
	a->kept = xreallocarray(a->kept, a->nkept + 1, sizeof(*a->kept));
	a->kept[a->nkept++] = block;
}

static char *arena_strndup(struct pack_private *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1, 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void arena_free(struct pack_private *a)
{
	struct chunk *c = a->chunks;

	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	for (size_t i = 0; i < a->nkept; i++)
		free(a->kept[i]);
	free(a->kept);
	free(a->file);
	free(a);
}

/* ------------------------------------------------------------------ */
/* The schema.                                                         */

enum vtype {
	V_SKIP,           /* anything; ignored (after an error) */
	V_TEXT,
	V_ID,             /* the pack id */
	V_SCENARIO_ID,    /* unique within the pack */
	V_PRINCIPLE_ID,   /* unique within the pack's own principles */
	V_INT,
	V_STAGE,
	V_FRAMEWORK,
	V_REF,            /* a principle id of the pack's framework */
	V_TEXT_LIST,
	V_REF_LIST,
	V_SCENARIOS,
	V_INJECTS,
	V_CONSIDERATIONS,
	V_PRINCIPLES,
	V_PACK,
	V_SCENARIO,
	V_PROMPTS,
	V_INJECT,
	V_CONSIDERATION,
	V_PRINCIPLE,
	V_COUNT
};

enum shape { S_SKIP, S_SCALAR, S_LIST, S_MAP };

struct keyspec {
	const char *name;
	enum vtype type;
	bool required;
	size_t off;       /* where the value goes in the object being filled */
	size_t count_off; /* lists: where their length goes */
};

#define KEY(n, t, r, T, f) {n, t, r, offsetof(T, f), 0}
#define LIST(n, t, r, T, f, c) {n, t, r, offsetof(T, f), offsetof(T, c)}

static const struct keyspec pack_keys[] = {
	KEY("pack", V_ID, true, struct pack, id),
	KEY("title", V_TEXT, true, struct pack, title),
	KEY("version", V_INT, true, struct pack, version),
	KEY("language", V_TEXT, false, struct pack, language),
	KEY("framework", V_FRAMEWORK, false, struct pack, framework.id),
	KEY("framework-name", V_TEXT, false, struct pack, framework.name),
	LIST("principles", V_PRINCIPLES, false, struct pack, framework.principles,
	     framework.count),
	KEY("source", V_TEXT, false, struct pack, source),
	KEY("description", V_TEXT, false, struct pack, description),
	LIST("scenarios", V_SCENARIOS, true, struct pack, scenarios, nscenarios),
};
enum { PK_FRAMEWORK = 4, PK_FRAMEWORK_NAME = 5, PK_PRINCIPLES = 6 };

static const struct keyspec scenario_keys[] = {
	KEY("id", V_SCENARIO_ID, true, struct pack_scenario, id),
	KEY("title", V_TEXT, true, struct pack_scenario, title),
	LIST("tags", V_TEXT_LIST, false, struct pack_scenario, tags, ntags),
	KEY("situation", V_TEXT, true, struct pack_scenario, situation),
	KEY("question", V_TEXT, true, struct pack_scenario, question),
	KEY("prompts", V_PROMPTS, false, struct pack_scenario, prompts),
	LIST("injects", V_INJECTS, false, struct pack_scenario, injects, ninjects),
	LIST("options", V_TEXT_LIST, false, struct pack_scenario, options, noptions),
	LIST("considerations", V_CONSIDERATIONS, false, struct pack_scenario,
	     considerations, nconsiderations),
	KEY("notes", V_TEXT, false, struct pack_scenario, notes),
};

static const struct keyspec inject_keys[] = {
	KEY("stage", V_STAGE, true, struct pack_inject, stage),
	KEY("text", V_TEXT, true, struct pack_inject, text),
};

static const struct keyspec consideration_keys[] = {
	LIST("principles", V_REF_LIST, true, struct pack_consideration, principles,
	     nprinciples),
	KEY("text", V_TEXT, true, struct pack_consideration, text),
};

static const struct keyspec principle_keys[] = {
	KEY("id", V_PRINCIPLE_ID, true, struct principle, id),
	KEY("name", V_TEXT, true, struct principle, name),
	KEY("summary", V_TEXT, true, struct principle, summary),
};

_Static_assert(ALEN(pack_keys) <= MAX_KEYS && ALEN(scenario_keys) <= MAX_KEYS &&
	       NDM_STAGE_COUNT <= MAX_KEYS, "seen bits and positions fit a frame");

struct vinfo {
	enum shape shape;
	const char *what;               /* for "must be WHAT" */
	enum vtype elem;                /* lists: the type of each item */
	size_t elem_size;
	const struct keyspec *keys;     /* maps; NULL for prompts */
	size_t nkeys;
	const char *map_name;           /* maps: for "unknown key in NAME" */
};

static const struct vinfo vinfo[V_COUNT] = {
	[V_SKIP] = {S_SKIP, "anything", 0, 0, NULL, 0, NULL},
	[V_TEXT] = {S_SCALAR, "a text", 0, 0, NULL, 0, NULL},
	[V_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL},
	[V_SCENARIO_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL},
	[V_PRINCIPLE_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL},
	[V_INT] = {S_SCALAR, "a whole number", 0, 0, NULL, 0, NULL},
	[V_STAGE] = {S_SCALAR, "a stage id", 0, 0, NULL, 0, NULL},
	[V_FRAMEWORK] = {S_SCALAR, "a framework id", 0, 0, NULL, 0, NULL},
	[V_REF] = {S_SCALAR, "a principle id", 0, 0, NULL, 0, NULL},
	[V_TEXT_LIST] = {S_LIST, "a list of texts", V_TEXT, sizeof(char *), NULL, 0, NULL},
	[V_REF_LIST] = {S_LIST, "a list of principle ids", V_REF, sizeof(char *), NULL, 0,
			NULL},
	[V_SCENARIOS] = {S_LIST, "a list of scenarios", V_SCENARIO,
			 sizeof(struct pack_scenario), NULL, 0, NULL},
	[V_INJECTS] = {S_LIST, "a list of injects", V_INJECT, sizeof(struct pack_inject),
		       NULL, 0, NULL},
	[V_CONSIDERATIONS] = {S_LIST, "a list of considerations", V_CONSIDERATION,
			      sizeof(struct pack_consideration), NULL, 0, NULL},
	[V_PRINCIPLES] = {S_LIST, "a list of principles", V_PRINCIPLE,
			  sizeof(struct principle), NULL, 0, NULL},
	[V_PACK] = {S_MAP, "a mapping", 0, 0, pack_keys, ALEN(pack_keys), "pack"},
	[V_SCENARIO] = {S_MAP, "a mapping (one scenario)", 0, 0, scenario_keys,
			ALEN(scenario_keys), "scenario"},
	[V_PROMPTS] = {S_MAP, "a mapping from stage ids to lists of prompts", 0, 0, NULL,
		       0, "prompts"},
	[V_INJECT] = {S_MAP, "a mapping with 'stage' and 'text'", 0, 0, inject_keys,
		      ALEN(inject_keys), "inject"},
	[V_CONSIDERATION] = {S_MAP, "a mapping with 'principles' and 'text'", 0, 0,
			     consideration_keys, ALEN(consideration_keys), "consideration"},
	[V_PRINCIPLE] = {S_MAP, "a mapping with 'id', 'name' and 'summary'", 0, 0,
			 principle_keys, ALEN(principle_keys), "principle"},
};

/* ------------------------------------------------------------------ */
/* Loader state.                                                       */

struct pos {
	unsigned line, col;
};

/* A set of ids with where each was first given, for duplicate checks. */
struct idset {
	struct idslot {
		const char *key;
		uint32_t hash;
		struct pos at;
	} *slots;
	size_t cap, n;
};

struct frame {
	enum vtype type;
	struct pos start;
	const char *key;         /* the key whose value this is, for messages */
	unsigned char *base;     /* maps: the object being filled */
	/* maps */
	bool want_value;
	struct keyspec cur;      /* the key whose value comes next */
	int cur_index;
	unsigned seen;           /* keys given */
	unsigned nulls;          /* optional keys given with an empty value */
	struct pos seen_at[MAX_KEYS];
	/* lists */
	size_t scratch_start, count;
	unsigned char *dst, *dst_count;
	union {
		struct pack_scenario sc;
		struct pack_inject inj;
		struct pack_consideration con;
		struct principle pr;
	} elem;
};

struct ref {
	const char *id;
	struct pos at;
};

struct pending {
	struct pos at;
	char *msg;
};

struct loader {
	const char *name;
	struct diag_list *diags;
	size_t nerrors;
	bool fatal;
	struct pack_private *arena;
	struct pack *pack;
	struct frame stack[PACK_MAX_DEPTH];
	int depth;
	bool root_done;
	int documents;
	struct buf scratch;
	struct idset scenario_ids, principle_ids;
	struct ref *refs;
	size_t nrefs, refs_cap;
	struct pos framework_at; /* the value of `framework:` */
	/* unknown top-level keys, kept until we know the file is a pack at all */
	struct pending *pending;
	size_t npending;
	size_t pending_near; /* how many are near misses of pack keys */
	/* Texts are stored in the part of the file buffer libyaml has already
	 * read (it never looks back): those pages are in memory already, so a
	 * big pack costs no second copy of its texts. NULL when the buffer is
	 * not ours (pack_load_buffer()). */
	unsigned char *reuse;
	size_t reused;
	const yaml_parser_t *parser;
};

static struct pos mark_pos(yaml_mark_t m)
{
	return (struct pos){(unsigned)m.line + 1, (unsigned)m.column + 1};
}

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

static void error(struct loader *L, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error(struct loader *L, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(L, at, fmt, ap);
	va_end(ap);
}

static void fatal(struct loader *L, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fatal(struct loader *L, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(L, at, fmt, ap);
	va_end(ap);
	L->fatal = true;
}

/* A user's string made safe and short for a message: control characters
 * escaped, at most about 40 characters. */
static const char *shown(const char *s, size_t len, char out[128])
{
	size_t o = 0, chars = 0;

	for (size_t i = 0; i < len && o < 120; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80 && ++chars > 40) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(out + o, 128 - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* The nearest of @names to @word, or NULL when none is near enough. */
static const char *suggest(const char *word, const char *const *names, size_t n)
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

/* ", did you mean 'x'?" or " (valid: a, b, c)" appended to @b. */
static void hint(struct buf *b, const char *word, const char *const *names, size_t n,
		 const char *valid, bool list_anyway)
{
	const char *near = suggest(word, names, n);

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
/* Id sets.                                                            */

static uint32_t str_hash32(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	/* FNV's low bits, which pick the slot, vary little between ids such
	 * as "scenario-1" and "scenario-2": mix the high bits in. */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static const struct pos *idset_put(struct idset *s, const char *key, uint32_t h,
				   struct pos at);

static void idset_grow(struct idset *s)
{
	struct idset old = *s;

	s->cap = s->cap ? s->cap * 2 : 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			idset_put(s, old.slots[i].key, old.slots[i].hash, old.slots[i].at);
	free(old.slots);
}

/* Add @key (hash @h); when it is already there return where it was first
 * given. The hash is compared first: ids such as "scenario-17" and
 * "scenario-71" share long prefixes that strcmp() would walk. */
static const struct pos *idset_put(struct idset *s, const char *key, uint32_t h,
				   struct pos at)
{
	if (2 * (s->n + 1) > s->cap)
		idset_grow(s);
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slots[i].key) {
			s->slots[i] = (struct idslot){key, h, at};
			s->n++;
			return NULL;
		}
		if (s->slots[i].hash == h && strcmp(s->slots[i].key, key) == 0)
			return &s->slots[i].at;
	}
}

static const struct pos *idset_add(struct idset *s, const char *key, struct pos at)
{
	return idset_put(s, key, str_hash32(key), at);
}

static bool idset_has(const struct idset *s, const char *key)
{
	uint32_t h = str_hash32(key);

	if (!s->cap)
		return false;
	for (size_t i = h & (s->cap - 1); s->slots[i].key; i = (i + 1) & (s->cap - 1))
		if (s->slots[i].hash == h && strcmp(s->slots[i].key, key) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Text checks.                                                        */

/* What is wrong with code point @cp in a pack's text, or NULL. TAB and LF
 * are the only control characters a text may hold (CR only before LF,
 * which the callers handle). */
static const char *bad_code_point(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return "control character";
	if (cp == 0x2028 || cp == 0x2029)
		return "Unicode line or paragraph separator";
	if (cp == 0xFEFF)
		return "byte order mark";
	if (cp == 0xFFFE || cp == 0xFFFF)
		return "Unicode non-character";
	return NULL;
}

/* The raw-file check, run as the file is read (see pack_load()), while
 * each piece is still in the cache: valid UTF-8, no control characters
 * other than TAB and line ends (LF or CRLF). Kept apart from the slow
 * reporting pass below so that the common case is one tight loop.
 *
 * Scans @s from @i up to @len and returns where it stopped: at @len, at a
 * character or CRLF cut by @len when more bytes are to come (!@last), or
 * at the first bad byte, setting *@bad. */
static size_t clean_scan(const unsigned char *s, size_t i, size_t len, bool last, bool *bad)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint32_t cp;

	while (i < len) {
		unsigned char c = s[i];
		if (i + 8 <= len) {
			/* eight printable ASCII bytes at a time: none below 0x20,
			 * none 0x7F, none with the high bit set */
			uint64_t w, del;
			memcpy(&w, s + i, 8);
			del = w ^ (ones * 0x7F);
			if (!((w | ((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & highs)) {
				i += 8;
				continue;
			}
		}
		if (c >= 0x20 && c < 0x7F) {
			i++;
		} else if (c == '\n' || c == '\t') {
			i++;
		} else if (c == '\r') {
			if (i + 1 >= len && !last)
				return i;
			if (i + 1 >= len || s[i + 1] != '\n')
				break;
			i += 2;
		} else if (c < 0x80) {
			break;
		} else {
			size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (i + need > len && !last)
				return i;
			size_t k = utf8_decode(s + i, len - i, &cp);
			if (!k || bad_code_point(cp))
				break;
			i += k;
		}
	}
	if (i < len)
		*bad = true;
	return i;
}

/* The content hash (pack_hash_hex()), fed in pieces: whole 8-byte words
 * while the file comes in, the last few bytes at the end. */
static uint64_t hash_words(uint64_t h, const unsigned char *s, size_t n)
{
	uint64_t w;

	for (size_t i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 29;
	}
	return h;
}

static void hash_finish(uint64_t h, const unsigned char *s, size_t len, size_t done,
			char out[17])
{
	h = hash_words(h, s + done, len - done);
	for (size_t i = done + ((len - done) & ~(size_t)7); i < len; i++)
		h = (h ^ s[i]) * 0x100000001b3u;
	h ^= len;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDu;
	h ^= h >> 33;
	snprintf(out, 17, "%016" PRIx64, h);
}

#define HASH_SEED 0xcbf29ce484222325u

/* What pack_load() learnt about the bytes while reading them. */
struct precheck {
	bool started;   /* the BOM question is settled */
	size_t start;   /* 3 after a BOM, else 0 */
	size_t checked; /* clean_scan() got this far */
	bool bad;       /* and found a bad byte */
	size_t hashed;  /* hash_words() got this far */
	uint64_t h;
};

static bool has_bom(const unsigned char *u, size_t len)
{
	return len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
}

/* Go on checking and hashing the first @avail bytes of @u; @last when
 * that is the whole file. */
static void precheck_update(struct precheck *pc, const unsigned char *u, size_t avail,
			    bool last)
{
	if (!pc->started && (avail >= 3 || last)) {
		pc->checked = pc->start = has_bom(u, avail) ? 3 : 0;
		pc->started = true;
	}
	if (pc->started && !pc->bad)
		pc->checked = clean_scan(u, pc->checked, avail, last, &pc->bad);
	size_t words = (avail - pc->hashed) & ~(size_t)7;
	pc->h = hash_words(pc->h, u + pc->hashed, words);
	pc->hashed += words;
}

/* The line and column (in characters, as libyaml counts them) of byte
 * @off of @s, leaving out a BOM. */
static struct pos text_pos(const unsigned char *s, size_t off)
{
	struct pos at = {1, 1};
	size_t i = has_bom(s, off) ? 3 : 0;

	for (; i < off; i++) {
		if (s[i] == '\n')
			at.line++, at.col = 1;
		else if ((s[i] & 0xC0) != 0x80 && !(s[i] == '\r' && i + 1 < off && s[i + 1] == '\n'))
			at.col++;
	}
	return at;
}

/* Report every bad character of the raw file (after a BOM of @start
 * bytes) with its line and column (columns count characters, as libyaml's
 * do; an invalid byte counts as one) and return a copy without the BOM in
 * which each is replaced by one '?' (a lone CR by a space), so that
 * parsing can go on and report the file's other problems at the same
 * positions. NULL when the file is hopeless. */
static unsigned char *text_report(struct loader *L, const unsigned char *s, size_t len,
				  size_t start, size_t *outlen)
{
	unsigned char *out = xmalloc(len + 1);
	size_t i = start, o = 0, nbad = 0; /* the BOM is left out */
	struct pos at = {1, 1};
	const char *why;
	uint32_t cp;

	while (i < len) {
		unsigned char c = s[i];
		size_t k;

		if (c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			k = c == '\r' ? 2 : 1;
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			at.line++;
			at.col = 1;
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
			out[o++] = c;
			i++;
			at.col++;
			continue;
		}
		k = 1;
		if (c == '\r') {
			error(L, at, "carriage return (CR) not followed by a line feed; use LF "
			      "or CRLF line ends");
			out[o++] = ' ';
		} else if (c < 0x80) {
			error(L, at, "control character U+%04X is not allowed in a pack", c);
			out[o++] = '?';
		} else if (!(k = utf8_decode(s + i, len - i, &cp))) {
			error(L, at, "invalid UTF-8 byte 0x%02X: packs must be UTF-8 text", c);
			out[o++] = '?';
			k = 1;
		} else if ((why = bad_code_point(cp))) {
			error(L, at, "%s U+%04" PRIX32 " is not allowed in a pack%s", why, cp,
			      cp == 0xFEFF ? " (only as the file's very first character)" : "");
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			at.col++;
			continue;
		}
		i += k;
		at.col++;
		if (++nbad >= MAX_ENCODING_ERRORS) {
			error(L, at, "giving up: this does not look like a UTF-8 text file");
			free(out);
			return NULL;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* ------------------------------------------------------------------ */
/* Storing values.                                                     */

static bool is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return n == 0 || (n == 1 && v[0] == '~') ||
	       (n == 4 && (memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 ||
			   memcmp(v, "NULL", 4) == 0));
}

/* Room for a text of @n bytes and its NUL: in the already-read part of
 * the file buffer when it fits, else in the arena. */
static char *text_alloc(struct loader *L, size_t n)
{
	if (L->reuse) {
		size_t consumed = (size_t)(L->parser->input.string.current - L->reuse);
		if (consumed - L->reused > n) {
			char *t = (char *)L->reuse + L->reused;
			L->reused += n + 1;
			return t;
		}
	}
	return arena_alloc(L->arena, n + 1, 1);
}

/* Only double-quoted scalars can hold characters the raw-file check has
 * not seen (through escapes such as "\0" or "\x07"): check them. */
static bool quoted_text_ok(struct loader *L, const unsigned char *v, size_t n, struct pos at)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(v + i, n - i, &cp);
		const char *why;

		if (!k) { /* libyaml hands out UTF-8; be safe anyway */
			error(L, at, "invalid UTF-8 in a quoted text");
			return false;
		}
		if (cp == '\r' && i + 1 < n && v[i + 1] == '\n')
			why = NULL;
		else if (cp != '\t' && cp != '\n')
			why = bad_code_point(cp);
		else
			why = NULL;
		if (why) {
			error(L, at, "%s U+%04" PRIX32 " in a quoted text is not allowed "
			      "(TAB and line feed are the only control characters a text "
			      "may hold)", why, cp);
			return false;
		}
		i += k;
	}
	return true;
}

/* The scalar's text copied into the arena; a double-quoted one is checked
 * first (NULL when it is bad), and CRLF written in it as "\r\n" becomes
 * LF like a real line end. */
static const char *scalar_text(struct loader *L, const yaml_event_t *ev, struct pos at)
{
	const unsigned char *v = ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	char *t;
	size_t o = 0;

	if (ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
		t = text_alloc(L, n);
		memcpy(t, v, n);
		t[n] = '\0';
		return t;
	}
	if (!quoted_text_ok(L, v, n, at))
		return NULL; /* reported; the pack will not load */
	t = text_alloc(L, n);
	for (size_t i = 0; i < n; i++)
		if (!(v[i] == '\r' && i + 1 < n && v[i + 1] == '\n'))
			t[o++] = (char)v[i];
	t[o] = '\0';
	return t;
}

static bool id_ok(const char *s)
{
	size_t n = 0;

	if (*s == '-')
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '-'))
			return false;
	return n > 0 && n <= ID_MAX;
}

static void put_ptr(unsigned char *dst, const void *p)
{
	memcpy(dst, &p, sizeof(p));
}

static void put_size(unsigned char *dst, size_t n)
{
	memcpy(dst, &n, sizeof(n));
}

/* Where a value goes: into a list being collected, or a mapping's field. */
struct slot {
	struct frame *parent;
	const struct keyspec *key; /* NULL for a list item */
};

static void slot_store(struct loader *L, struct slot s, const void *value, size_t size)
{
	if (s.key) {
		memcpy(s.parent->base + s.key->off, value, size);
	} else {
		buf_append(&L->scratch, (const char *)value, size);
		s.parent->count++;
	}
}

static const char *slot_what(struct slot s, char out[96])
{
	if (s.key)
		snprintf(out, 96, "'%s'", s.key->name);
	else
		snprintf(out, 96, "an item of '%s'", s.parent->key);
	return out;
}

static void store_framework(struct loader *L, struct frame *f, const char *t, struct pos at)
{
	put_ptr(f->base + offsetof(struct pack, framework.id), t);
	L->framework_at = at;
}

static void store_scalar(struct loader *L, enum vtype type, const yaml_event_t *ev,
			 struct slot s)
{
	struct pos at = mark_pos(ev->start_mark);
	const char *v = (const char *)ev->data.scalar.value;
	char what[96], sh[128];
	const char *t;

	if (type == V_INT) {
		long n = 0;
		bool ok = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			  ev->data.scalar.length > 0 &&
			  !(v[0] == '0' && ev->data.scalar.length > 1);
		for (size_t i = 0; ok && i < ev->data.scalar.length; i++) {
			ok = v[i] >= '0' && v[i] <= '9' && n <= (INT_MAX - (v[i] - '0')) / 10;
			n = n * 10 + (v[i] - '0');
		}
		if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			error(L, at, "%s must be a whole number written without quotes, like 3",
			      slot_what(s, what));
		else if (!ok)
			error(L, at, "%s must be a whole number from 0 to %d, like 3, not '%s'",
			      slot_what(s, what), INT_MAX, shown(v, ev->data.scalar.length, sh));
		else
			slot_store(L, s, &n, sizeof(n));
		return;
	}

	if (is_null(ev) || str_blank(v)) {
		if (s.key && !s.key->required) {
			/* an empty optional value is a value left out */
			s.parent->nulls |= 1u << s.parent->cur_index;
			return;
		}
		if (s.key)
			error(L, at, "%s is empty", slot_what(s, what));
		else
			error(L, at, "empty item in '%s'", s.parent->key);
		return;
	}
	t = scalar_text(L, ev, at);
	if (!t)
		return;

	switch (type) {
	case V_ID:
	case V_SCENARIO_ID:
	case V_PRINCIPLE_ID:
	case V_REF:
		if (!id_ok(t)) {
			error(L, at, "%s must be an id: 1 to %d lower-case letters, digits and "
			      "'-', not starting with '-' (not '%s')", slot_what(s, what),
			      ID_MAX, shown(t, strlen(t), sh));
			return;
		}
		if (type == V_SCENARIO_ID || type == V_PRINCIPLE_ID) {
			struct idset *set = type == V_SCENARIO_ID ? &L->scenario_ids
								  : &L->principle_ids;
			const struct pos *first = idset_add(set, t, at);
			if (first)
				error(L, at, "duplicate %s id '%s' (first used at line %u, column %u)",
				      type == V_SCENARIO_ID ? "scenario" : "principle", t,
				      first->line, first->col);
		}
		if (type == V_REF) {
			if (L->nrefs == L->refs_cap) {
				L->refs_cap = L->refs_cap ? 2 * L->refs_cap : 256;
				L->refs = xreallocarray(L->refs, L->refs_cap, sizeof(*L->refs));
			}
			L->refs[L->nrefs++] = (struct ref){t, at};
		}
		slot_store(L, s, &t, sizeof(t));
		return;
	case V_STAGE: {
		enum ndm_stage st;
		if (!ndm_stage_from_id(t, &st)) {
			const char *names[NDM_STAGE_COUNT];
			struct buf b = {0};
			for (int i = 0; i < NDM_STAGE_COUNT; i++)
				names[i] = ndm_stage_id((enum ndm_stage)i);
			buf_printf(&b, "unknown stage '%s'", shown(t, strlen(t), sh));
			hint(&b, t, names, NDM_STAGE_COUNT, "the stages are", true);
			error(L, at, "%s", b.data);
			buf_finish(&b);
			return;
		}
		slot_store(L, s, &st, sizeof(st));
		return;
	}
	case V_FRAMEWORK:
		store_framework(L, s.parent, t, at);
		return;
	default:
		slot_store(L, s, &t, sizeof(t));
		return;
	}
}

/* ------------------------------------------------------------------ */
/* The event walk.                                                     */

enum kind { K_SCALAR, K_LIST, K_MAP, K_ALIAS };

static const char *const kind_what[] = {
	[K_SCALAR] = "a text", [K_LIST] = "a list", [K_MAP] = "a mapping",
	[K_ALIAS] = "an alias",
};

static struct frame *push(struct loader *L, enum vtype type, struct pos at, const char *key)
{
	struct frame *f;

	if (L->depth == PACK_MAX_DEPTH) {
		fatal(L, at, "nesting deeper than %d levels; a pack never needs that many",
		      PACK_MAX_DEPTH);
		return NULL;
	}
	f = &L->stack[L->depth++];
	f->type = type;
	f->start = at;
	f->key = key;
	f->want_value = false;
	f->seen = 0;
	f->nulls = 0;
	f->count = 0;
	f->scratch_start = L->scratch.len;
	return f;
}

/* Look @name up among the keys of map frame @f; fills f->cur. Returns the
 * key's index (for the seen bits), or -1 when there is no such key. */
static int lookup_key(struct frame *f, const char *name)
{
	const struct vinfo *vi = &vinfo[f->type];

	if (f->type == V_PROMPTS) {
		enum ndm_stage st;
		if (!ndm_stage_from_id(name, &st))
			return -1;
		f->cur = (struct keyspec){
			ndm_stage_id(st), V_TEXT_LIST, false,
			offsetof(struct pack_scenario, prompts) + st * sizeof(char **),
			offsetof(struct pack_scenario, nprompts) + st * sizeof(size_t),
		};
		return (int)st;
	}
	for (size_t i = 0; i < vi->nkeys; i++) {
		if (vi->keys[i].name[0] == name[0] && strcmp(vi->keys[i].name, name) == 0) {
			f->cur = vi->keys[i];
			return (int)i;
		}
	}
	return -1;
}

static void unknown_key(struct loader *L, struct frame *f, const char *name, size_t len,
			struct pos at)
{
	const struct vinfo *vi = &vinfo[f->type];
	const char *names[MAX_KEYS];
	size_t n = 0;
	struct buf b = {0};
	char sh[128];

	if (f->type == V_PROMPTS) {
		for (int i = 0; i < NDM_STAGE_COUNT; i++)
			names[n++] = ndm_stage_id((enum ndm_stage)i);
		buf_printf(&b, "unknown stage '%s' in 'prompts'", shown(name, len, sh));
		hint(&b, name, names, n, "the stages are", true);
	} else {
		for (size_t i = 0; i < vi->nkeys; i++)
			names[n++] = vi->keys[i].name;
		buf_printf(&b, "unknown key '%s' in %s", shown(name, len, sh), vi->map_name);
		hint(&b, name, names, n, "the keys are", false);
	}
	if (f->type == V_PACK && f->seen == 0) {
		/* Maybe not a pack at all: hold the message back until the end
		 * of the mapping shows whether any pack key is there. */
		if (L->npending == MAX_ERRORS) {
			fatal(L, f->start, "this is not a pack: its top-level mapping has none of "
			      "the keys 'pack', 'title', 'version', 'scenarios' "
			      "(see dilemma-pack(5))");
			buf_finish(&b);
			return;
		}
		if (suggest(name, names, n))
			L->pending_near++;
		L->pending = xreallocarray(L->pending, L->npending + 1, sizeof(*L->pending));
		L->pending[L->npending++] = (struct pending){at, buf_steal(&b)};
		return;
	}
	error(L, at, "%s", b.data);
	buf_finish(&b);
}

static void on_key(struct loader *L, struct frame *f, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct pos at = mark_pos(ev->start_mark);
	int i;

	f->want_value = true;
	if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    !quoted_text_ok(L, (const unsigned char *)name, len, at)) {
		/* "pack\0x" must not pass for 'pack' */
		f->cur.type = V_SKIP;
		return;
	}
	i = lookup_key(f, name);
	if (i < 0) {
		unknown_key(L, f, name, len, at);
		f->cur.type = V_SKIP;
		return;
	}
	if (f->seen & (1u << i)) {
		error(L, at, "duplicate key '%s' (first given at line %u, column %u)",
		      f->cur.name, f->seen_at[i].line, f->seen_at[i].col);
		f->cur.type = V_SKIP;
		return;
	}
	f->seen |= 1u << i;
	f->seen_at[i] = at;
	f->cur_index = i;
}

static void begin_collection(struct loader *L, enum vtype type, struct pos at,
			     struct slot s)
{
	struct frame *f = push(L, type, at, s.key ? s.key->name : s.parent->key);

	if (!f)
		return;
	if (vinfo[type].shape == S_LIST) {
		f->dst = s.parent->base + s.key->off;
		f->dst_count = s.parent->base + s.key->count_off;
	} else if (type == V_PROMPTS) {
		f->base = s.parent->base;
	} else {
		memset(&f->elem, 0, sizeof(f->elem));
		f->base = (unsigned char *)&f->elem;
		if (type == V_SCENARIO)
			f->elem.sc.line = at.line;
		else if (type == V_INJECT)
			f->elem.inj.line = at.line;
	}
}

/* A node where the schema wants @type. */
static void deliver(struct loader *L, enum vtype type, enum kind kind,
		    const yaml_event_t *ev, struct slot s)
{
	struct pos at = mark_pos(ev->start_mark);
	enum shape shape = vinfo[type].shape;
	char what[96];

	if (kind == K_ALIAS)
		return; /* already reported */
	if (type == V_SKIP) {
		if (kind != K_SCALAR)
			push(L, V_SKIP, at, NULL);
		return;
	}
	if (kind == K_SCALAR) {
		if (shape == S_SCALAR) {
			store_scalar(L, type, ev, s);
		} else if (is_null(ev) && s.key) {
			/* `tags:` with nothing after it: left out */
			if (s.key->required)
				error(L, at, "'%s' is empty", s.key->name);
			else
				s.parent->nulls |= 1u << s.parent->cur_index;
		} else if (is_null(ev)) {
			error(L, at, "empty item in '%s'; each item must be %s",
			      s.parent->key, vinfo[type].what);
		} else {
			error(L, at, "%s must be %s, not a text", slot_what(s, what),
			      vinfo[type].what);
		}
		return;
	}
	if ((kind == K_LIST && shape == S_LIST) || (kind == K_MAP && shape == S_MAP)) {
		begin_collection(L, type, at, s);
		return;
	}
	error(L, at, "%s must be %s, not %s", slot_what(s, what), vinfo[type].what,
	      kind_what[kind]);
	push(L, V_SKIP, at, NULL);
}

static void on_root(struct loader *L, enum kind kind, const yaml_event_t *ev)
{
	struct pos at = mark_pos(ev->start_mark);
	static const char *const not_pack =
		"a pack is a mapping with the keys 'pack', 'title', 'version' and "
		"'scenarios' (see dilemma-pack(5))";

	L->root_done = true;
	if (kind == K_MAP) {
		struct frame *f = push(L, V_PACK, at, "pack");
		f->base = (unsigned char *)L->pack;
	} else if (kind == K_SCALAR && is_null(ev)) {
		fatal(L, at, "this is not a pack: the document is empty; %s", not_pack);
	} else if (kind != K_ALIAS) {
		fatal(L, at, "this is not a pack: the file holds %s; %s", kind_what[kind],
		      not_pack);
	} else {
		L->fatal = true;
	}
}

static void on_node(struct loader *L, enum kind kind, const yaml_event_t *ev)
{
	struct frame *f;
	struct pos at = mark_pos(ev->start_mark);

	if (L->depth == 0) {
		if (L->root_done)
			fatal(L, at, "unexpected content after the pack's mapping");
		else
			on_root(L, kind, ev);
		return;
	}
	f = &L->stack[L->depth - 1];
	switch (vinfo[f->type].shape) {
	case S_SKIP:
		if (kind == K_LIST || kind == K_MAP)
			push(L, V_SKIP, at, NULL);
		return;
	case S_LIST:
		deliver(L, vinfo[f->type].elem, kind, ev, (struct slot){f, NULL});
		return;
	case S_MAP:
		if (!f->want_value) {
			if (kind == K_SCALAR) {
				on_key(L, f, ev);
				return;
			}
			f->want_value = true;
			f->cur.type = V_SKIP;
			if (kind != K_ALIAS) {
				error(L, at, "a key must be a plain text, not %s", kind_what[kind]);
				push(L, V_SKIP, at, NULL);
			}
			return;
		}
		f->want_value = false;
		deliver(L, f->cur.type, kind, ev, (struct slot){f, &f->cur});
		return;
	case S_SCALAR:
		break;
	}
}

/* A top-level mapping without a single pack key is still taken for a pack
 * (with typos) when at least half its keys are near misses of pack keys:
 * "titel" and "scenarois" mean a pack, "time" among "player" and "action"
 * does not. */
static bool looks_like_pack(const struct loader *L)
{
	return L->pending_near && 2 * L->pending_near >= L->npending;
}

static void flush_pending(struct loader *L, bool is_pack, struct pos start)
{
	if (!is_pack)
		error(L, start, "this is not a pack: its top-level mapping has none of the keys "
		      "'pack', 'title', 'version', 'scenarios' (see dilemma-pack(5))");
	for (size_t i = 0; i < L->npending; i++) {
		if (is_pack)
			error(L, L->pending[i].at, "%s", L->pending[i].msg);
		free(L->pending[i].msg);
	}
	free(L->pending);
	L->pending = NULL;
	L->npending = 0;
}

/* Once the whole pack is read: settle its framework and check every
 * principle a consideration names against it. */
static void finish_pack(struct loader *L, struct frame *f)
{
	struct pack *p = L->pack;
	unsigned given = f->seen & ~f->nulls;
	bool has_fw = given & (1u << PK_FRAMEWORK);
	bool has_pr = given & (1u << PK_PRINCIPLES);
	const struct framework *fw = NULL;
	char sh[128];

	if (has_fw && has_pr) {
		struct pos a = f->seen_at[PK_FRAMEWORK], b = f->seen_at[PK_PRINCIPLES];
		bool b_later = b.line > a.line || (b.line == a.line && b.col > a.col);
		error(L, b_later ? b : a, "give either 'framework' (a built-in framework) or "
		      "'principles' (the pack's own), not both");
		return;
	}
	if ((given & (1u << PK_FRAMEWORK_NAME)) && !has_pr)
		error(L, f->seen_at[PK_FRAMEWORK_NAME], "'framework-name' names the pack's "
		      "own 'principles' and is only allowed with them");
	if (has_pr) {
		if (!p->framework.count) {
			error(L, f->seen_at[PK_PRINCIPLES], "'principles' is empty");
			return;
		}
		p->framework.id = p->id;
		if (!p->framework.name)
			p->framework.name = p->title;
		p->own_principles = true;
		for (size_t i = 0; i < L->nrefs; i++)
			if (!idset_has(&L->principle_ids, L->refs[i].id))
				error(L, L->refs[i].at, "unknown principle '%s': not one of the "
				      "pack's own 'principles'", L->refs[i].id);
		return;
	}
	if (has_fw) {
		const char *id = p->framework.id;
		fw = id ? framework_builtin(id) : NULL;
		if (!fw) {
			const char *names[16];
			size_t n = framework_builtin_count();
			struct buf b = {0};
			for (size_t i = 0; i < n && i < ALEN(names); i++)
				names[i] = framework_builtin_at(i)->id;
			buf_printf(&b, "unknown framework '%s'", id ? shown(id, strlen(id), sh) : "");
			hint(&b, id ? id : "", names, n < ALEN(names) ? n : ALEN(names),
			     "the built-in frameworks are", true);
			buf_puts(&b, "; or give the pack's own 'principles' instead");
			error(L, L->framework_at, "%s", b.data);
			buf_finish(&b);
			return;
		}
	} else {
		fw = framework_builtin(FRAMEWORK_DEFAULT_ID);
	}
	p->framework = *fw;
	for (size_t i = 0; i < L->nrefs; i++) {
		const char *id = L->refs[i].id;
		bool known = false;
		for (size_t j = 0; j < fw->count && !known; j++)
			known = fw->principles[j].id[0] == id[0] &&
				strcmp(fw->principles[j].id, id) == 0;
		if (known)
			continue;
		const char *names[32];
		size_t n = fw->count < ALEN(names) ? fw->count : ALEN(names);
		struct buf b = {0};
		for (size_t j = 0; j < n; j++)
			names[j] = fw->principles[j].id;
		buf_printf(&b, "unknown principle '%s' for framework '%s'", id, fw->id);
		hint(&b, id, names, n, "its principles are", false);
		error(L, L->refs[i].at, "%s", b.data);
		buf_finish(&b);
	}
}

static void on_end(struct loader *L)
{
	struct frame *f = &L->stack[L->depth - 1];
	const struct vinfo *vi = &vinfo[f->type];

	if (vi->shape == S_LIST) {
		size_t bytes = L->scratch.len - f->scratch_start;
		void *arr = NULL;
		if (bytes >= 65536 && f->scratch_start == 0) {
			/* a big outermost list (the scenarios): the scratch buffer
			 * becomes the array, saving a copy and its memory */
			arr = L->scratch.data;
			arena_keep(L->arena, arr);
			L->scratch = (struct buf){0};
		} else if (bytes) {
			arr = arena_alloc(L->arena, bytes, alignof(max_align_t));
			memcpy(arr, L->scratch.data + f->scratch_start, bytes);
		}
		L->scratch.len = f->scratch_start;
		put_ptr(f->dst, arr);
		put_size(f->dst_count, f->count);
		if (!f->count && (f->type == V_SCENARIOS || f->type == V_REF_LIST))
			error(L, f->start, "'%s' is empty", f->key);
	} else if (vi->shape == S_MAP) {
		bool is_pack = f->type != V_PACK || f->seen || looks_like_pack(L);
		if (f->type == V_PACK)
			flush_pending(L, is_pack, f->start);
		for (size_t i = 0; is_pack && i < vi->nkeys; i++)
			if (vi->keys[i].required && !(f->seen & (1u << i)))
				error(L, f->start, "%s is missing the required key '%s'",
				      vi->map_name, vi->keys[i].name);
		if (f->type == V_PACK && is_pack)
			finish_pack(L, f);
	}
	L->depth--;
	if (vi->shape == S_MAP && f->type != V_PACK && f->type != V_PROMPTS) {
		struct frame *list = &L->stack[L->depth - 1];
		buf_append(&L->scratch, (const char *)&f->elem, vinfo[list->type].elem_size);
		list->count++;
	}
}

static void syntax_error(struct loader *L, const yaml_parser_t *y)
{
	struct pos at = mark_pos(y->problem_mark);

	switch (y->error) {
	case YAML_MEMORY_ERROR:
		die("out of memory while reading %s", L->name);
	case YAML_READER_ERROR:
		/* The raw-file check catches what libyaml's reader refuses, so
		 * this is a safety net: no mark, only a byte offset. */
		error(L, (struct pos){0, 0}, "cannot read the file at byte %zu: %s",
		      y->problem_offset, y->problem ? y->problem : "unknown error");
		break;
	default:
		if (y->context)
			error(L, at, "YAML syntax error: %s (%s at line %u, column %u)",
			      y->problem ? y->problem : "unknown error", y->context,
			      (unsigned)y->context_mark.line + 1,
			      (unsigned)y->context_mark.column + 1);
		else
			error(L, at, "YAML syntax error: %s",
			      y->problem ? y->problem : "unknown error");
		break;
	}
	L->fatal = true;
}

/* Anchors, aliases and tags: refused wherever they are. */
static void check_extras(struct loader *L, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	struct pos at = mark_pos(ev->start_mark);

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	case YAML_ALIAS_EVENT:
		error(L, at, "aliases (here '*%s') are not supported in packs; write the "
		      "value out", (const char *)ev->data.alias.anchor);
		return;
	default:
		return;
	}
	if (anchor)
		error(L, at, "anchors (here '&%s') are not supported in packs; write each "
		      "value out where it is used", (const char *)anchor);
	if (tag)
		error(L, at, "tags (here '%s') are not supported in packs; remove it",
		      (const char *)tag);
}

/* Parse @len bytes at @data; when @reuse, the buffer is the pack's own
 * and may take its texts (see text_alloc()). */
static void walk(struct loader *L, const unsigned char *data, size_t len, bool reuse)
{
	yaml_parser_t y;
	yaml_event_t ev;
	bool done = false;

	if (!yaml_parser_initialize(&y))
		die("out of memory");
	yaml_parser_set_input_string(&y, data ? data : (const unsigned char *)"", len);
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	L->parser = &y;
	L->reuse = reuse ? (unsigned char *)data : NULL;
	L->reused = 0;
	while (!done && !L->fatal) {
		if (!yaml_parser_parse(&y, &ev)) {
			syntax_error(L, &y);
			break;
		}
		check_extras(L, &ev);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			if (!L->documents)
				error(L, (struct pos){1, 1}, "this is not a pack: the file is empty; "
				      "a pack is a mapping with the keys 'pack', 'title', "
				      "'version' and 'scenarios' (see dilemma-pack(5))");
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (L->documents++)
				fatal(L, mark_pos(ev.start_mark), "a second YAML document: a pack "
				      "file holds exactly one");
			break;
		case YAML_SCALAR_EVENT:
			on_node(L, K_SCALAR, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_node(L, K_ALIAS, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_node(L, K_LIST, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
			on_node(L, K_MAP, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(L);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y);
	/* Stopped early: unknown top-level keys still deserve a word. */
	if (L->npending)
		flush_pending(L, L->stack[0].seen || looks_like_pack(L), L->stack[0].start);
}

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
static struct pack *load(const char *name, const unsigned char *u, size_t len,
			 unsigned char *owned, struct precheck *pc, struct diag_list *diags)
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
		struct pos at = text_pos(u, (size_t)(nul - u));
		diag_add(diags, DIAG_ERROR, name, at.line, at.col,
			 "this is not a pack: the file holds binary data (a NUL byte), not "
			 "UTF-8 text");
		free(owned);
		return NULL;
	}
	L.arena = xcalloc(1, sizeof(*L.arena));
	L.arena->next_size = 16384;
	p = arena_alloc(L.arena, sizeof(*p), alignof(struct pack));
	memset(p, 0, sizeof(*p));
	p->priv = L.arena;
	p->path = arena_strndup(L.arena, name, strlen(name));
	hash_finish(pc->h, u, len, pc->hashed, p->hash);
	L.pack = p;

	if (pc->bad) {
		clean = text_report(&L, u, len, start, &clean_len);
		free(owned);
		if (clean) {
			L.arena->file = clean;
			walk(&L, clean, clean_len, true);
		}
	} else {
		/* libyaml would take a BOM for content when told the encoding;
		 * positions on line 1 then count from the first real character,
		 * as an editor shows them. */
		L.arena->file = owned;
		walk(&L, u + start, len - start, owned != NULL);
	}

	buf_finish(&L.scratch);
	free(L.scenario_ids.slots);
	free(L.principle_ids.slots);
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
	return load(path, (unsigned char *)data, got, (unsigned char *)data, &pc, diags);
}

struct pack *pack_load_buffer(const char *name, const char *data, size_t len,
			      struct diag_list *diags)
{
	struct precheck pc = {.h = HASH_SEED};
	unsigned char *copy;

	if (len > PACK_MAX_BYTES)
		return load(name, (const unsigned char *)data, len, NULL, NULL, diags);
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
	return load(name, copy, len, copy, &pc, diags);
}

const char *pack_format_key(size_t i, const char **mapping)
{
	static const enum vtype maps[] = {V_PACK, V_SCENARIO, V_INJECT, V_CONSIDERATION,
					  V_PRINCIPLE};

	for (size_t m = 0; m < ALEN(maps); m++) {
		const struct vinfo *vi = &vinfo[maps[m]];
		if (i < vi->nkeys) {
			if (mapping)
				*mapping = vi->map_name;
			return vi->keys[i].name;
		}
		i -= vi->nkeys;
	}
	return NULL;
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
	hash_finish(HASH_SEED, data, len, 0, out);
}
