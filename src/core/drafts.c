/*
 * drafts.c - saving the fields of an open session, and keeping what could
 * not be saved (see drafts.h).
 */
#include "dilemma/drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

static bool store_save(struct store *st, struct session *s, const struct entry *e, bool field,
		       int64_t *id_out, struct store_error *err)
{
	return field ? store_field_save(st, s, e, id_out, err)
		     : store_entry_save(st, s, e, id_out, err);
}

void drafts_init(struct drafts *d, struct store *st, struct session *s,
		 int64_t (*now_ms)(void))
{
	memset(d, 0, sizeof(*d));
	d->store = st;
	d->s = s;
	d->next_new_id = -1;
	d->save = store_save;
	d->now_ms = now_ms;
}

void drafts_finish(struct drafts *d)
{
	free(d->conflicted);
	d->conflicted = NULL;
	d->nconflicted = 0;
	for (size_t i = 0; i < d->npend; i++)
		free(d->pend[i].text);
	free(d->pend);
	d->pend = NULL;
	d->npend = 0;
}

static bool same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool draft_key_eq(const struct draft_key *a, const struct draft_key *b)
{
	return a->stage == b->stage && a->kind == b->kind && a->id == b->id &&
	       a->participant == b->participant && same_str(a->principle, b->principle);
}

int64_t drafts_new_id(struct drafts *d)
{
	return d->next_new_id--;
}

const struct entry *drafts_entry(const struct drafts *d, const struct draft_key *k)
{
	if (k->id > 0)
		return session_entry(d->s, k->id);
	if (k->id < 0)
		return NULL;
	return session_entry_find(d->s, k->stage, k->kind, k->principle, k->participant);
}

struct draft *drafts_pending(const struct drafts *d, const struct draft_key *k)
{
	for (size_t i = 0; i < d->npend; i++)
		if (draft_key_eq(&d->pend[i].key, k))
			return &d->pend[i];
	return NULL;
}

const char *drafts_text(const struct drafts *d, const struct draft_key *k)
{
	const struct draft *p = drafts_pending(d, k);
	const struct entry *e;

	if (p)
		return p->text;
	e = drafts_entry(d, k);
	return e && !e->deleted && e->text ? e->text : "";
}

void drafts_keep(struct drafts *d, const struct draft_key *k, char *text, int64_t position)
{
	struct draft *p = drafts_pending(d, k);

	if (p) {
		free(p->text);
	} else {
		d->pend = xreallocarray(d->pend, d->npend + 1, sizeof(*d->pend));
		p = &d->pend[d->npend++];
		p->key = *k;
	}
	p->text = text;
	p->position = position;
}

void drafts_drop(struct drafts *d, struct draft *p)
{
	size_t i = (size_t)(p - d->pend);

	free(p->text);
	memmove(&d->pend[i], &d->pend[i + 1], (d->npend - i - 1) * sizeof(*p));
	d->npend--;
}

size_t drafts_new_of_kind(const struct drafts *d, enum entry_kind kind,
			  const struct draft **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < d->npend; i++) {
		if (d->pend[i].key.kind != kind || d->pend[i].key.id >= 0)
			continue;
		if (n < max)
			out[n] = &d->pend[i];
		n++;
	}
	return n;
}

bool drafts_conflicted(const struct drafts *d, const struct draft_key *k)
{
	for (size_t i = 0; i < d->nconflicted; i++)
		if (draft_key_eq(&d->conflicted[i], k))
			return true;
	return false;
}

void drafts_resolved(struct drafts *d, const struct draft_key *k)
{
	for (size_t i = 0; i < d->nconflicted; i++)
		if (draft_key_eq(&d->conflicted[i], k)) {
			d->conflicted[i] = d->conflicted[--d->nconflicted];
			return;
		}
}

static void note_failure(struct drafts *d)
{
	/* counted from the failure: the try may have waited a while */
	d->failed_ms = d->now_ms();
	d->failed = true;
}

bool drafts_read_only(const struct drafts *d, struct store_error *err)
{
	if (d->s->status != SESSION_FINISHED)
		return false;
	if (err) {
		err->code = STORE_INVALID;
		snprintf(err->message, sizeof(err->message),
			 "the session is finished: reopen it to change it");
	}
	return true;
}

/* Save @e; @field as in drafts_save_fn. Every save comes through here, so
 * that none goes into a finished session. */
static bool save(struct drafts *d, const struct entry *e, bool field, int64_t *id_out)
{
	if (drafts_read_only(d, &d->err))
		return false;
	if (!d->save(d->store, d->s, e, field, id_out, &d->err))
		return false;
	d->saved_ms = d->now_ms();
	return true;
}

bool drafts_store(struct drafts *d, const struct entry *e, int64_t *id_out)
{
	return save(d, e, false, id_out);
}

/* The entry a save of @k starts from: its latest revision, or a new one
 * for the field, attributed to the key's participant. */
static struct entry draft_base(const struct entry *cur, const struct draft_key *k,
			       int64_t position)
{
	struct entry e;

	if (cur)
		return *cur;
	memset(&e, 0, sizeof(e));
	e.stage = k->stage;
	e.kind = k->kind;
	e.principle = (char *)k->principle;
	e.participant = k->participant;
	e.position = position;
	e.text = "";
	return e;
}

/* drafts_save(), with the pack's option @pack_option, or the entry's own
 * reference when it is < 0. */
static bool save_text(struct drafts *d, const struct draft_key *k, const char *text,
		      int64_t position, int64_t pack_option, int64_t *id_out)
{
	const struct entry *cur = drafts_entry(d, k);
	struct draft_key old = *k;
	struct entry e;
	int64_t id = 0;

	if (cur && !cur->deleted && strcmp(cur->text ? cur->text : "", text) == 0 &&
	    (pack_option < 0 || cur->pack_option == pack_option)) {
		if (id_out)
			*id_out = cur->id;
		return true;
	}
	if (!cur && !text[0]) {
		if (id_out)
			*id_out = k->id;
		return true;
	}
	e = draft_base(cur, k, position);
	e.text = (char *)text;
	e.deleted = false;
	if (pack_option >= 0)
		e.pack_option = pack_option;
	if (!save(d, &e, k->id == 0, &id)) {
		note_failure(d);
		if (d->err.code == STORE_CONFLICT && !drafts_conflicted(d, k)) {
			d->conflicted = xreallocarray(d->conflicted, d->nconflicted + 1,
						      sizeof(*d->conflicted));
			d->conflicted[d->nconflicted++] = *k;
		}
		return false;
	}
	drafts_resolved(d, k);
	if (!d->npend)
		d->failed = false;
	/* a field saved for the first time now has an id: its pending copies
	 * take it */
	if (old.id < 0)
		for (size_t i = 0; i < d->npend; i++)
			if (draft_key_eq(&d->pend[i].key, &old))
				d->pend[i].key.id = id;
	if (id_out)
		*id_out = id;
	return true;
}

bool drafts_save(struct drafts *d, const struct draft_key *k, const char *text,
		 int64_t position, int64_t *id_out)
{
	return save_text(d, k, text, position, -1, id_out);
}

bool drafts_save_from(struct drafts *d, const struct draft_key *k, const char *text,
		      int64_t position, int64_t pack_option, int64_t *id_out)
{
	return save_text(d, k, text, position, pack_option < 0 ? 0 : pack_option, id_out);
}

char *drafts_conflict_text(const struct drafts *d, const struct draft_key *k, const char *ours)
{
	const struct entry *e = drafts_entry(d, k);
	struct buf b = {0};

	buf_puts(&b, ours);
	if (e && !str_blank(e->text)) {
		buf_printf(&b, "\n\n--- the version another window saved at %s ---\n", e->updated_at);
		buf_puts(&b, e->text);
	}
	return buf_steal(&b);
}

bool drafts_retry_due(const struct drafts *d)
{
	return !d->failed || d->now_ms() - d->failed_ms >= DRAFTS_RETRY_MS;
}

bool drafts_flush(struct drafts *d)
{
	if (d->npend && !drafts_retry_due(d))
		return false;
	while (d->npend) {
		struct draft *p = &d->pend[0];
		if (drafts_conflicted(d, &p->key) ||
		    !drafts_save(d, &p->key, p->text, p->position, NULL)) {
			if (!drafts_conflicted(d, &p->key))
				return false;
			/* both versions, one under the other, based on theirs */
			char *both = drafts_conflict_text(d, &p->key, p->text);
			free(p->text);
			p->text = both;
			d->conflicts++;
			if (!drafts_save(d, &p->key, p->text, p->position, NULL))
				return false;
		}
		drafts_drop(d, &d->pend[0]);
		if (!d->npend)
			d->failed = false;
	}
	return true;
}

bool drafts_set_stance(struct drafts *d, const struct draft_key *k, enum stance stance,
		       const char *text)
{
	const struct entry *cur = drafts_entry(d, k);
	struct draft *p = drafts_pending(d, k);
	struct entry e = draft_base(cur, k, 0);

	if (p)
		e.text = p->text;
	if (text)
		e.text = (char *)text;
	if (cur && !cur->deleted && cur->stance == stance && !p &&
	    (!text || strcmp(text, cur->text ? cur->text : "") == 0))
		return true;
	e.stance = stance;
	e.deleted = false;
	if (!save(d, &e, k->id == 0, NULL))
		return false;
	if (p)
		drafts_drop(d, p);
	return true;
}

bool drafts_failed(const struct drafts *d)
{
	return d->failed;
}

size_t drafts_unsaved(const struct drafts *d)
{
	return d->npend;
}

const char *drafts_error(const struct drafts *d)
{
	return d->err.message;
}
