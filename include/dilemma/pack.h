/*
 * pack.h - scenario packs: the model of one pack file and its loader.
 *
 * A pack is one UTF-8 YAML file holding one or more scenarios (the format is
 * dilemma-pack(5)). pack_load() is the only loader: the workbench,
 * `dilemma validate`, the fuzzer and the session snapshots all go through it.
 * Loading every pack of the search path is pack_set.h; writing one
 * scenario back out is pack_snapshot.h.
 * Every string in a loaded pack is owned by the pack and lives until
 * pack_destroy().
 */
#ifndef DILEMMA_PACK_H
#define DILEMMA_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/diag.h"
#include "dilemma/framework.h"
#include "dilemma/ndm.h"

/* Files larger than this are refused before they are read. */
#define PACK_MAX_BYTES (32u * 1024u * 1024u)
/* The longest time-box a stage may have, in minutes. */
#define PACK_MAX_TIMEBOX 240
/* Deepest nesting of YAML collections a pack may use. */
#define PACK_MAX_DEPTH 8

struct pack_inject {
	enum ndm_stage stage; /* released on first entering this stage */
	const char *text;
	unsigned line;
};

struct pack_consideration {
	const char *const *principles; /* principle ids of the pack's framework */
	size_t nprinciples;
	const char *text;
};

struct pack_scenario {
	const char *id;
	const char *title;
	const char *const *tags;
	size_t ntags;
	const char *situation;
	const char *question;
	/* extra prompts the pack adds to the NDM's own questions, per stage */
	const char *const *prompts[NDM_STAGE_COUNT];
	size_t nprompts[NDM_STAGE_COUNT];
	const struct pack_inject *injects;
	size_t ninjects;
	const char *const *options;
	size_t noptions;
	const struct pack_consideration *considerations;
	size_t nconsiderations;
	const char *notes; /* facilitator notes, may be NULL */
	/* a panel's time-box at each stage, in minutes; 0 = the session's */
	long timebox[NDM_STAGE_COUNT];
	unsigned line;     /* where the scenario starts in the file */
};

struct pack {
	const char *path;        /* as given to pack_load() */
	const char *id;
	const char *title;
	long version;
	const char *language;    /* may be NULL */
	const char *source;      /* may be NULL */
	const char *description; /* may be NULL */
	/* The pack's framework: a copy of a built-in one, or the pack's own
	 * `principles:` list (then framework.id is the pack id). */
	struct framework framework;
	bool own_principles;
	const struct pack_scenario *scenarios;
	size_t nscenarios;
	char hash[17];           /* 64-bit content hash of the file, hex */
	struct pack_private *priv;
};

/* Load and check the pack at @path. On any error returns NULL and adds
 * every problem found to @diags as FILE:LINE:COLUMN diagnostics. Warnings
 * may be added to @diags even on success. */
struct pack *pack_load(const char *path, struct diag_list *diags);
/* Same as pack_load() on bytes in memory; @name is used in diagnostics. */
struct pack *pack_load_buffer(const char *name, const char *data, size_t len,
			      struct diag_list *diags);
void pack_destroy(struct pack *pack);

/* The scenario with @id, or NULL. */
const struct pack_scenario *pack_scenario(const struct pack *pack, const char *id);

/* The keys of the format, from the loader's own tables (for checking that
 * dilemma-pack(5) documents them all): the name of the @i-th key, or NULL
 * past the last; *@mapping, when @mapping is not NULL, is set to the name
 * of the mapping that takes it ("pack", "scenario", "inject",
 * "consideration" or "principle"). */
const char *pack_format_key(size_t i, const char **mapping);

/* A 64-bit hash of @len bytes (to notice that a file changed, not a
 * cryptographic one) as 16 hex digits. */
void pack_hash_hex(const void *data, size_t len, char out[17]);

#endif
