/*
 * fields.h - what the workspace's fields save into, and the text that
 * could not be saved yet.
 *
 * A field is named by a key (stage, kind, principle, entry id). Saving a
 * field appends a revision through store.h; when that fails the text is
 * kept here, in the pending list, shown instead of the stored text, and
 * saved again later. Curses-free, so that "nothing typed is lost" is unit
 * tested (tests/unit/test_fields.c) with a store that fails on demand.
 */
#ifndef DILEMMA_TUI_FIELDS_H
#define DILEMMA_TUI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/session.h"
#include "dilemma/store.h"

/* How long after a failed try the pending texts are tried again. */
#define FIELDS_RETRY_MS 2000

struct field_key {
	enum ndm_stage stage;
	enum entry_kind kind;
	const char *principle; /* a principle id of the framework, or NULL */
	int64_t id;            /* options: the entry id, < 0 while never saved */
};

struct pending {
	struct field_key key;
	char *text;
	int64_t position;
};

/* The store call every save goes through (store_entry_save, or a test's). */
typedef bool (*fields_save_fn)(struct store *st, struct session *s, const struct entry *e,
			       int64_t *id_out, struct store_error *err);

struct fields {
	struct store *store;
	struct session *s;
	int64_t participant;   /* entries are attributed to this one (0: none) */
	struct pending *pend;  /* unsaved texts, oldest first */
	size_t npend;
	bool failed;           /* the last try failed and text is still unsaved */
	struct store_error err;
	int64_t last_try_ms;   /* when the last try failed */
	int64_t saved_ms;      /* when something was last saved; 0 never */
	int64_t next_new_id;   /* -1, -2, ... for fields never saved */
	fields_save_fn save;
	int64_t (*now_ms)(void);
};

/* Set up @f for @s in @st; @now_ms is the clock (milliseconds). */
void fields_init(struct fields *f, struct store *st, struct session *s,
		 int64_t (*now_ms)(void));
/* Free the pending texts (what was not saved is lost). */
void fields_finish(struct fields *f);

bool field_key_eq(const struct field_key *a, const struct field_key *b);
/* The entry a key names, or NULL (never saved, or id < 0). */
const struct entry *fields_entry(const struct fields *f, const struct field_key *k);
/* The pending text of a key, or NULL. */
struct pending *fields_pending(const struct fields *f, const struct field_key *k);
/* What a field shows: its pending text, else its entry's, else "". */
const char *fields_text(const struct fields *f, const struct field_key *k);
/* Keep @text (taken over) as the unsaved text of @k, replacing any. */
void fields_keep(struct fields *f, const struct field_key *k, char *text, int64_t position);
/* Forget a pending text. */
void fields_drop(struct fields *f, struct pending *p);

/* Save @text into the field @k as a new revision (a new entry at
 * @position if it has none; nothing when the text is unchanged or a new
 * field is empty). On success *@id_out (may be NULL) is its entry id, and
 * pending keys of a never-saved field take it; on failure f->err says
 * why, f->failed is set and nothing changed. */
bool fields_save(struct fields *f, const struct field_key *k, const char *text,
		 int64_t position, int64_t *id_out);
/* Save the pending texts, oldest first, stopping at the first failure;
 * not tried again within FIELDS_RETRY_MS of a failure (a try may have
 * waited out the database's busy timeout). True when none is left. */
bool fields_flush(struct fields *f);
/* Save an entry as it is given (stance, deletion, position changes). */
bool fields_store(struct fields *f, const struct entry *e, int64_t *id_out);
/* Set the stance of principle field @k, keeping its text: @text if not
 * NULL (the open editor's), else its pending or stored text. A pending
 * text saved this way is dropped. */
bool fields_set_stance(struct fields *f, const struct field_key *k, enum stance stance,
		       const char *text);

#endif
