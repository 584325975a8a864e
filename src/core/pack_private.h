/*
 * pack_private.h - what the files of the pack loader share, and nothing
 * outside them may use (the public face is dilemma/pack.h).
 *
 * The loader is six files, one idea each:
 *   pack.c        the entry points: reading a file, the diagnostics, the
 *                 lifetime of a loaded pack;
 *   pack_arena.c  the arena that owns a pack's structures, and the id sets
 *                 used for duplicate checks;
 *   pack_schema.c the format as tables: which keys each mapping takes,
 *                 where each value goes, what shape each value type has;
 *   pack_raw.c    the raw bytes: the UTF-8 and control character scan run
 *                 as the file is read, its reporting pass, and the hash;
 *   pack_walk.c   libyaml's events walked against the schema;
 *   pack_value.c  one scalar turned into the value the schema wants.
 * pack_snapshot.c writes a pack back out from the same schema tables.
 */
#ifndef DILEMMA_PACK_PRIVATE_H
#define DILEMMA_PACK_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "dilemma/pack.h"
#include "dilemma/util.h"

/* More than this many errors in one file and the loader stops listing. */
#define MAX_ERRORS 100
/* Ids are short names, not texts. */
#define ID_MAX 64
/* Keys of the widest mapping (pack, scenario); checked in pack_schema.c. */
#define MAX_KEYS 16

/* A 1-based line and column, as messages give them. */
struct pos {
	unsigned line, col;
};

/* ------------------------------------------------------------------ */
/* The arena (pack_arena.c).                                           */

/* A loaded pack's own memory, freed in one go by arena_free(). */
struct pack_private {
	struct arena_chunk *chunks;
	size_t next_size;
	void **kept;         /* malloc()ed blocks the pack owns */
	size_t nkept;
	unsigned char *file; /* the file's bytes, reused for its texts */
};

struct pack_private *arena_create(void);
/* @n bytes aligned to @align (a power of two), freed with the arena. */
void *arena_alloc(struct pack_private *a, size_t n, size_t align);
/* Make @block (from malloc()) the pack's, to be freed with it. */
void arena_keep(struct pack_private *a, void *block);
char *arena_strndup(struct pack_private *a, const char *s, size_t n);
void arena_free(struct pack_private *a);

/* A set of ids with where each was first given, for duplicate checks.
 * Zero-initialised is empty; the ids are not copied. */
struct idset {
	struct idslot {
		const char *key;
		uint32_t hash;
		struct pos at;
	} *slots;
	size_t cap, n;
};

/* Add @key; when it is already there return where it was first given. */
const struct pos *idset_add(struct idset *s, const char *key, struct pos at);
bool idset_has(const struct idset *s, const char *key);
void idset_finish(struct idset *s);

/* ------------------------------------------------------------------ */
/* The schema (pack_schema.c).                                         */

enum vtype {
	V_SKIP,           /* anything; ignored (after an error) */
	V_TEXT,
	V_NAME,           /* a text that names something: no invisible characters */
	V_ID,             /* the pack id */
	V_SCENARIO_ID,    /* unique within the pack */
	V_PRINCIPLE_ID,   /* unique within the pack's own principles */
	V_INT,
	V_MINUTES,        /* a time-box: whole minutes from 1 to PACK_MAX_TIMEBOX */
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
	V_TIMEBOX,
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
	bool flow;        /* lists: written on one line by pack_snapshot() */
	size_t off;       /* where the value goes in the object being filled */
	size_t count_off; /* lists: where their length goes */
};

/* The keys of the pack's own mapping, in the order of schema[V_PACK].keys:
 * the loader's checks across keys (finish_pack()) name them by these. */
enum pack_key {
	PK_PACK,
	PK_TITLE,
	PK_VERSION,
	PK_LANGUAGE,
	PK_FRAMEWORK,
	PK_FRAMEWORK_NAME,
	PK_PRINCIPLES,
	PK_SOURCE,
	PK_DESCRIPTION,
	PK_SCENARIOS,
	PK_COUNT
};

struct vinfo {
	enum shape shape;
	const char *what;               /* for "must be WHAT" */
	enum vtype elem;                /* lists: the type of each item */
	size_t elem_size;
	const struct keyspec *keys;     /* maps; NULL for the maps by stage */
	size_t nkeys;
	const char *map_name;           /* maps: for "unknown key in NAME" */
	bool by_stage;                  /* maps whose keys are the stage ids, their
	                                 * values in the enclosing object (see
	                                 * schema_stage_key()) */
};

/* What each value type is, indexed by enum vtype. */
extern const struct vinfo schema[V_COUNT];

/* The key for stage @st of a map by stage (@map is V_PROMPTS: a list of
 * texts stored in the scenario's prompts[@st] and nprompts[@st];
 * V_TIMEBOX: minutes stored in its timebox[@st]). */
struct keyspec schema_stage_key(enum vtype map, enum ndm_stage st);

/* ------------------------------------------------------------------ */
/* The raw bytes (pack_raw.c).                                         */

#define HASH_SEED 0xcbf29ce484222325u

/* What pack_load() learnt about the bytes while reading them. */
struct precheck {
	bool started;   /* the BOM question is settled */
	size_t start;   /* 3 after a BOM, else 0 */
	size_t checked; /* raw_scan() got this far */
	bool bad;       /* and found a bad byte */
	size_t hashed;  /* the hash got this far */
	uint64_t h;
};

/* What is wrong with code point @cp in a pack's text, or NULL. */
const char *raw_code_point_problem(uint32_t cp);
/* Go on checking and hashing the first @avail bytes of @u; @last when
 * that is the whole file. */
void precheck_update(struct precheck *pc, const unsigned char *u, size_t avail, bool last);
/* The hash of @len bytes at @s (pack_hash_hex()), the first @done of which
 * precheck_update() has hashed into @h. */
void raw_hash_finish(uint64_t h, const unsigned char *s, size_t len, size_t done,
		     char out[17]);
/* The line and column (in characters, as libyaml counts them) of byte
 * @off of @s, leaving out a BOM. */
struct pos raw_pos(const unsigned char *s, size_t off);

/* ------------------------------------------------------------------ */
/* The loader's state, shared by pack.c, pack_walk.c and pack_value.c.  */

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

/* A principle id named by a consideration, checked once the framework is
 * known. */
struct ref {
	const char *id;
	struct pos at;
};

/* An unknown top-level key, reported only once the mapping shows that the
 * file is meant as a pack at all. */
struct held_key {
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
	struct held_key *held;
	size_t nheld;
	size_t held_near; /* how many are near misses of pack keys */
	/* Texts are stored in the part of the file buffer libyaml has already
	 * read (it never looks back): those pages are in memory already, so a
	 * big pack costs no second copy of its texts. NULL when the buffer is
	 * not ours. */
	unsigned char *reuse;
	size_t reused;
	const yaml_parser_t *parser;
};

/* Where a value goes: into a list being collected, or a mapping's field. */
struct slot {
	struct frame *parent;
	const struct keyspec *key; /* NULL for a list item */
};

/* Diagnostics (pack.c). An error at @at; after MAX_ERRORS the loader
 * stops. loader_fatal() stops it at once. */
void loader_error(struct loader *L, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void loader_fatal(struct loader *L, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A user's string made safe and short for a message: control, bidi and
 * zero-width characters escaped (\x1B, \u202E), at most about 40
 * characters. */
const char *msg_excerpt(const char *s, size_t len, char out[128]);
/* The nearest of @names to @word, or NULL when none is near enough. */
const char *msg_suggest(const char *word, const char *const *names, size_t n);
/* ", did you mean 'x'?" or " (VALID: a, b, c)" appended to @b. */
void msg_hint(struct buf *b, const char *word, const char *const *names, size_t n,
	      const char *valid, bool list_anyway);

/* Report every bad character of the raw file @s (after a BOM of @start
 * bytes) and return a copy in which each is replaced, so that parsing can
 * go on at the same positions; NULL when the file is hopeless
 * (pack_raw.c). */
unsigned char *raw_report(struct loader *L, const unsigned char *s, size_t len,
			  size_t start, size_t *outlen);

/* Walk the YAML of @len bytes at @data into L->pack (pack_walk.c); when
 * @reuse, the buffer is the pack's own and may take its texts (see
 * text_alloc() in pack_value.c). */
void loader_walk(struct loader *L, const unsigned char *data, size_t len, bool reuse);

static inline struct pos mark_pos(yaml_mark_t m)
{
	return (struct pos){(unsigned)m.line + 1, (unsigned)m.column + 1};
}

/* Values (pack_value.c). */
/* Whether a scalar is YAML's "nothing": empty, ~ or null, unquoted. */
bool scalar_is_null(const yaml_event_t *ev);
/* Whether a double-quoted text holds only characters a pack may. */
bool quoted_text_ok(struct loader *L, const unsigned char *v, size_t n, struct pos at);
/* "'key'" or "an item of 'list'", for messages. */
const char *slot_what(struct slot s, char out[96]);
/* The scalar @ev where the schema wants @type, checked and stored in @s. */
void value_from_scalar(struct loader *L, enum vtype type, const yaml_event_t *ev,
		       struct slot s);

#endif
