/*
 * drafts.h - the texts of an open session's fields on their way to the
 * store, and the ones that could not be saved yet.
 *
 * A field is named by a key (stage, kind, principle, entry id and the
 * participant whose contribution it is). Saving a field appends a revision
 * through store.h; when that fails the text is kept here, in the pending
 * list, shown instead of the stored text, and saved again later. This is
 * the never-lose-a-word policy in one place: no curses and no SQL, unit
 * tested (tests/unit/test_drafts.c) against a store that fails on demand.
 * conduct.h owns one of these for each session being conducted.
 */
#ifndef DILEMMA_DRAFTS_H
#define DILEMMA_DRAFTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/session.h"
#include "dilemma/store.h"

/* How long after a failed save the pending texts are tried again. */
#define DRAFTS_RETRY_MS 2000

struct draft_key {
	enum ndm_stage stage;
	enum entry_kind kind;
	const char *principle; /* a principle id of the framework, or NULL */
	int64_t id;            /* the entry id; 0 = the field's one entry (found by
	                        * the other members); < 0 = never saved yet */
	int64_t participant;   /* whose contribution, 0 = not attributed */
};

struct draft {
	struct draft_key key;
	char *text;
	int64_t position;
};

/* The store call every save goes through: store_field_save() when @field
 * (a key with id 0), else store_entry_save(); or a test's. */
typedef bool (*drafts_save_fn)(struct store *st, struct session *s, const struct entry *e,
			       bool field, int64_t *id_out, struct store_error *err);

struct drafts {
	struct store *store;
	struct session *s;
	struct draft *pend;    /* unsaved texts, oldest first */
	size_t npend;
	bool failed;           /* the last save failed and text is still unsaved */
	struct store_error err;
	int64_t failed_ms;     /* when the last save failed */
	int64_t saved_ms;      /* when something was last saved; 0 never */
	int64_t next_new_id;   /* -1, -2, ... for fields never saved */
	size_t conflicts;      /* texts another process changed meanwhile (both
	                        * versions were kept, one under the other) */
	struct draft_key *conflicted; /* fields whose last save met another's */
	size_t nconflicted;
	drafts_save_fn save;
	int64_t (*now_ms)(void);
};

/* Set up @d for @s in @st; @now_ms is the clock (milliseconds). */
void drafts_init(struct drafts *d, struct store *st, struct session *s,
		 int64_t (*now_ms)(void));
/* Free the pending texts (what was not saved is lost: ask first). */
void drafts_finish(struct drafts *d);

bool draft_key_eq(const struct draft_key *a, const struct draft_key *b);
/* A fresh id for a field that has never been saved (< 0). */
int64_t drafts_new_id(struct drafts *d);
/* The entry a key names, or NULL (never saved, or id < 0). */
const struct entry *drafts_entry(const struct drafts *d, const struct draft_key *k);
/* The pending text of a key, or NULL. */
struct draft *drafts_pending(const struct drafts *d, const struct draft_key *k);
/* What a field shows: its pending text, else its entry's, else "". */
const char *drafts_text(const struct drafts *d, const struct draft_key *k);
/* Keep @text (taken over) as the unsaved text of @k, replacing any. */
void drafts_keep(struct drafts *d, const struct draft_key *k, char *text, int64_t position);
/* Forget a pending text. */
void drafts_drop(struct drafts *d, struct draft *p);
/* The pending drafts of fields never saved, of @kind, oldest first: up to
 * @max of them into @out; returns how many there are. */
size_t drafts_new_of_kind(const struct drafts *d, enum entry_kind kind,
			  const struct draft **out, size_t max);

/* Save @text into the field @k as a new revision (a new entry at
 * @position if it has none; nothing when the text is unchanged or a new
 * field is empty). On success *@id_out (may be NULL) is its entry id, and
 * pending keys of a never-saved field take it; on failure d->err says
 * why, drafts_failed() is true and nothing changed. When another process
 * saved the field meanwhile (STORE_CONFLICT), the session has its version
 * and the field is drafts_conflicted() until both are put together. */
bool drafts_save(struct drafts *d, const struct draft_key *k, const char *text,
		 int64_t position, int64_t *id_out);
/* As drafts_save(), and the entry comes from the pack's option
 * @pack_option (1, 2, ... in the snapshot's list; 0: the session's own
 * wording): a new revision when only that changes. drafts_save() keeps
 * whatever reference the entry has. */
bool drafts_save_from(struct drafts *d, const struct draft_key *k, const char *text,
		      int64_t position, int64_t pack_option, int64_t *id_out);
/* A text that is both versions of a field another process changed while
 * @ours was being written: @ours, then a line saying where the other
 * version comes from, then the other version (from the session, which the
 * failed save brought up to date). Caller frees. */
char *drafts_conflict_text(const struct drafts *d, const struct draft_key *k, const char *ours);
/* Whether the last save of @k met another process's version (until a
 * save of @k succeeds or drafts_resolved() is called). */
bool drafts_conflicted(const struct drafts *d, const struct draft_key *k);
/* The caller has put both versions of @k together itself (an editor). */
void drafts_resolved(struct drafts *d, const struct draft_key *k);
/* Whether a save may be tried now: none failed, or DRAFTS_RETRY_MS have
 * passed since (a try may have waited out the database's busy timeout). */
bool drafts_retry_due(const struct drafts *d);
/* Save the pending texts, oldest first, stopping at the first failure;
 * not tried before drafts_retry_due(). A pending text whose field another
 * process changed meanwhile is saved as drafts_conflict_text() (and
 * d->conflicts counts it). True when none is left. */
bool drafts_flush(struct drafts *d);
/* Save an entry as it is given (stance, deletion, position changes). */
bool drafts_store(struct drafts *d, const struct entry *e, int64_t *id_out);
/* Set the stance of principle field @k, keeping its text: @text if not
 * NULL (an open editor's), else its pending or stored text. A pending
 * text saved this way is dropped. */
bool drafts_set_stance(struct drafts *d, const struct draft_key *k, enum stance stance,
		       const char *text);

/* Whether @d's session is finished (as held in memory): then every save
 * is refused, storing nothing, with STORE_INVALID and a message in @err
 * (may be NULL); a refused save is a failed save like any other, so what
 * it was to save is kept by whoever keeps failed saves' texts. */
bool drafts_read_only(const struct drafts *d, struct store_error *err);

/* Whether text is unsaved because a save failed; how many texts wait. */
bool drafts_failed(const struct drafts *d);
size_t drafts_unsaved(const struct drafts *d);
/* Why the last save failed. */
const char *drafts_error(const struct drafts *d);

#endif
