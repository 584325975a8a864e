/*
 * fields.c - saving the workspace's fields, and keeping what could not be
 * saved (see fields.h).
 */
#include "fields.h"

#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

void fields_init(struct fields *f, struct store *st, struct session *s,
		 int64_t (*now_ms)(void))
{
	memset(f, 0, sizeof(*f));
	f->store = st;
	f->s = s;
	f->participant = s->nparticipants ? s->participants[0].number : 0;
	f->next_new_id = -1;
	f->save = store_entry_save;
	f->now_ms = now_ms;
}

void fields_finish(struct fields *f)
{
	for (size_t i = 0; i < f->npend; i++)
		free(f->pend[i].text);
	free(f->pend);
	f->pend = NULL;
	f->npend = 0;
}

static bool same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool field_key_eq(const struct field_key *a, const struct field_key *b)
{
	return a->stage == b->stage && a->kind == b->kind && a->id == b->id &&
	       same_str(a->principle, b->principle);
}

const struct entry *fields_entry(const struct fields *f, const struct field_key *k)
{
	if (k->id > 0)
		return session_entry(f->s, k->id);
	if (k->id < 0)
		return NULL;
	return session_entry_find(f->s, k->stage, k->kind, k->principle, f->participant);
}

struct pending *fields_pending(const struct fields *f, const struct field_key *k)
{
	for (size_t i = 0; i < f->npend; i++)
		if (field_key_eq(&f->pend[i].key, k))
			return &f->pend[i];
	return NULL;
}

const char *fields_text(const struct fields *f, const struct field_key *k)
{
	const struct pending *p = fields_pending(f, k);
	const struct entry *e;

	if (p)
		return p->text;
	e = fields_entry(f, k);
	return e && !e->deleted && e->text ? e->text : "";
}

void fields_keep(struct fields *f, const struct field_key *k, char *text, int64_t position)
{
	struct pending *p = fields_pending(f, k);

	if (p) {
		free(p->text);
	} else {
		f->pend = xreallocarray(f->pend, f->npend + 1, sizeof(*f->pend));
		p = &f->pend[f->npend++];
		p->key = *k;
	}
	p->text = text;
	p->position = position;
}

void fields_drop(struct fields *f, struct pending *p)
{
	size_t i = (size_t)(p - f->pend);

	free(p->text);
	memmove(&f->pend[i], &f->pend[i + 1], (f->npend - i - 1) * sizeof(*p));
	f->npend--;
}

bool fields_store(struct fields *f, const struct entry *e, int64_t *id_out)
{
	if (!f->save(f->store, f->s, e, id_out, &f->err))
		return false;
	f->saved_ms = f->now_ms();
	return true;
}

/* The entry a save of @k starts from: its latest revision, or a new one
 * for the field, attributed to the fields' participant. */
static struct entry fields_base(const struct fields *f, const struct entry *cur,
				const struct field_key *k, int64_t position)
{
	struct entry e;

	if (cur)
		return *cur;
	memset(&e, 0, sizeof(e));
	e.stage = k->stage;
	e.kind = k->kind;
	e.principle = (char *)k->principle;
	e.participant = f->participant;
	e.position = position;
	e.text = "";
	return e;
}

bool fields_save(struct fields *f, const struct field_key *k, const char *text,
		 int64_t position, int64_t *id_out)
{
	const struct entry *cur = fields_entry(f, k);
	struct field_key old = *k;
	struct entry e;
	int64_t id = 0;

	if (cur && !cur->deleted && strcmp(cur->text ? cur->text : "", text) == 0) {
		if (id_out)
			*id_out = cur->id;
		return true;
	}
	if (!cur && !text[0]) {
		if (id_out)
			*id_out = k->id;
		return true;
	}
	e = fields_base(f, cur, k, position);
	e.text = (char *)text;
	e.deleted = false;
	if (!fields_store(f, &e, &id)) {
		/* counted from the failure: the try may have waited a while */
		f->last_try_ms = f->now_ms();
		f->failed = true;
		return false;
	}
	/* a field saved for the first time now has an id: its pending copies
	 * take it */
	if (old.id < 0)
		for (size_t i = 0; i < f->npend; i++)
			if (field_key_eq(&f->pend[i].key, &old))
				f->pend[i].key.id = id;
	if (id_out)
		*id_out = id;
	return true;
}

bool fields_flush(struct fields *f)
{
	if (f->npend && f->failed && f->now_ms() - f->last_try_ms < FIELDS_RETRY_MS)
		return false;
	while (f->npend) {
		struct pending *p = &f->pend[0];
		if (!fields_save(f, &p->key, p->text, p->position, NULL))
			return false;
		fields_drop(f, &f->pend[0]);
	}
	return true;
}

bool fields_set_stance(struct fields *f, const struct field_key *k, enum stance stance,
		       const char *text)
{
	const struct entry *cur = fields_entry(f, k);
	struct pending *p = fields_pending(f, k);
	struct entry e = fields_base(f, cur, k, 0);

	if (p)
		e.text = p->text;
	if (text)
		e.text = (char *)text;
	if (cur && !cur->deleted && cur->stance == stance && !p &&
	    (!text || strcmp(text, cur->text ? cur->text : "") == 0))
		return true;
	e.stance = stance;
	e.deleted = false;
	if (!fields_store(f, &e, NULL))
		return false;
	if (p)
		fields_drop(f, p);
	return true;
}
