/*
 * conduct.c - the rules of a session in progress (see conduct.h): stage
 * events, inject release, the order of options, the decision, finishing
 * and reopening, participants and votes. Texts go through drafts.c, so
 * that a failed save never loses a word.
 */
#include "dilemma/conduct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/tally.h"
#include "dilemma/util.h"

struct conduct *conduct_open(struct store *st, struct session *s, int64_t (*now_ms)(void))
{
	struct conduct *c = xcalloc(1, sizeof(*c));

	c->store = st;
	c->s = s;
	c->fw = tally_framework(s);
	c->sc = s->scenario;
	c->stage = NDM_INFORMATION;
	c->fresh = xcalloc(c->sc ? c->sc->ninjects + 1 : 1, sizeof(*c->fresh));
	/* a solo session's one participant writes everything; a panel's
	 * facilitator picks the speaker */
	c->speaker = s->nparticipants ? s->participants[0].number : 0;
	drafts_init(&c->drafts, st, s, now_ms);
	return c;
}

struct conduct *conduct_start(struct store *st, const struct session_spec *spec,
			      int64_t (*now_ms)(void), struct store_error *err)
{
	struct session *s = store_session_create(st, spec, err);

	return s ? conduct_open(st, s, now_ms) : NULL;
}

void conduct_close(struct conduct *c)
{
	struct store_error err;

	if (!c)
		return;
	if (c->in_stage)
		store_event_record(c->store, c->s, EVENT_STAGE_LEFT, c->stage, NULL, &err);
	drafts_finish(&c->drafts);
	free(c->fresh);
	session_destroy(c->s);
	free(c);
}

struct session *conduct_detach(struct conduct *c)
{
	struct session *s = c->s;

	drafts_finish(&c->drafts);
	free(c->fresh);
	free(c);
	return s;
}

enum ndm_stage conduct_resume_stage(const struct conduct *c)
{
	int last = tally_last_stage(c->s);

	return last < 0 ? NDM_INFORMATION : (enum ndm_stage)last;
}

static bool record(struct conduct *c, enum event_kind kind, enum ndm_stage stage,
		   const char *detail)
{
	return store_event_record(c->store, c->s, kind, stage, detail, &c->err);
}

static bool release(struct conduct *c, size_t index, enum ndm_stage stage)
{
	struct event ev = {.kind = EVENT_INJECT_RELEASED, .stage = stage,
			   .inject = (int64_t)index + 1};

	if (!store_event_add(c->store, c->s, &ev, &c->err))
		return false;
	c->fresh[index] = true;
	return true;
}

bool conduct_enter_stage(struct conduct *c, enum ndm_stage stage, size_t *released)
{
	bool ok = true;
	size_t n = 0;

	if (released)
		*released = 0;
	if (c->in_stage && stage == c->stage)
		return true;
	if (c->in_stage)
		ok = record(c, EVENT_STAGE_LEFT, c->stage, NULL);
	c->stage = stage;
	c->in_stage = true;
	ok = record(c, EVENT_STAGE_ENTERED, stage, NULL) && ok;
	for (size_t i = 0; c->sc && i < c->sc->ninjects; i++) {
		c->fresh[i] = false;
		if (c->s->mode != SESSION_SOLO || c->sc->injects[i].stage != stage ||
		    tally_inject_released(c->s, i))
			continue;
		if (release(c, i, stage))
			n++;
		else
			ok = false;
	}
	if (released)
		*released = n;
	return ok;
}

bool conduct_release_inject(struct conduct *c, size_t index)
{
	if (!c->sc || index >= c->sc->ninjects) {
		c->err.code = STORE_INVALID;
		snprintf(c->err.message, sizeof(c->err.message), "the scenario has no inject %zu",
			 index + 1);
		return false;
	}
	if (tally_inject_released(c->s, index))
		return true;
	return release(c, index, c->stage);
}

bool conduct_inject_fresh(const struct conduct *c, size_t index)
{
	return c->sc && index < c->sc->ninjects && c->fresh[index];
}

struct draft_key conduct_key(const struct conduct *c, enum ndm_stage stage,
			     enum entry_kind kind, const char *principle, int64_t id)
{
	struct draft_key k = {stage, kind, principle, id, c->speaker};

	return k;
}

int64_t conduct_next_position(const struct conduct *c, enum entry_kind kind)
{
	const struct entry **list = NULL;
	size_t n = tally_list(c->s, kind, false, &list);
	const struct draft *fresh[64];
	size_t nfresh = drafts_new_of_kind(&c->drafts, kind, fresh, ALEN(fresh));
	int64_t pos = 0;

	for (size_t i = 0; i < n; i++)
		if (list[i]->position >= pos)
			pos = list[i]->position + 1;
	for (size_t i = 0; i < nfresh && i < ALEN(fresh); i++)
		if (fresh[i]->position >= pos)
			pos = fresh[i]->position + 1;
	free(list);
	return pos;
}

bool conduct_delete(struct conduct *c, int64_t id)
{
	const struct entry *cur = session_entry(c->s, id);
	struct entry e;

	if (!cur || cur->deleted)
		return true;
	e = *cur;
	e.deleted = true;
	if (drafts_store(&c->drafts, &e, NULL))
		return true;
	c->err = c->drafts.err;
	return false;
}

/* Save @e with its position changed to @pos, if that is a change. */
static bool reposition(struct conduct *c, const struct entry *cur, int64_t pos)
{
	struct entry e;

	if (cur->position == pos)
		return true;
	e = *cur;
	e.position = pos;
	if (drafts_store(&c->drafts, &e, NULL))
		return true;
	c->err = c->drafts.err;
	return false;
}

bool conduct_move(struct conduct *c, int64_t id, int dir, bool *moved)
{
	const struct entry *cur = session_entry(c->s, id);
	const struct entry **list = NULL;
	int64_t *ids;
	size_t n, at = 0;
	bool ok = true;

	if (moved)
		*moved = false;
	if (!cur || cur->deleted)
		return true;
	n = tally_list(c->s, cur->kind, false, &list);
	while (at < n && list[at]->id != id)
		at++;
	if (at >= n || (dir < 0 && at == 0) || (dir > 0 && at + 1 >= n)) {
		free(list);
		return true;
	}
	/* the new order, as ids: saving moves the entries about in memory */
	ids = xcalloc(n, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = list[i]->id;
	free(list);
	size_t other = dir < 0 ? at - 1 : at + 1;
	ids[at] = ids[other];
	ids[other] = id;
	/* every one gets its place times ten, so that later inserts fit */
	for (size_t i = 0; i < n && ok; i++)
		ok = reposition(c, session_entry(c->s, ids[i]), (int64_t)i * 10);
	free(ids);
	if (ok && moved)
		*moved = true;
	return ok;
}

size_t conduct_decision_choices(const struct conduct *c, char ***out)
{
	const struct entry **list = NULL;
	size_t n = tally_list(c->s, ENTRY_OPTION, false, &list);
	const struct draft *fresh[64];
	size_t nfresh = drafts_new_of_kind(&c->drafts, ENTRY_OPTION, fresh, ALEN(fresh));
	char **choices = xcalloc(n + nfresh + 1, sizeof(*choices));
	size_t m = 0;

	if (nfresh > ALEN(fresh))
		nfresh = ALEN(fresh);
	for (size_t i = 0; i < n; i++) {
		struct draft_key k = {NDM_OPTIONS, ENTRY_OPTION, NULL, list[i]->id,
				      list[i]->participant};
		const char *t = drafts_text(&c->drafts, &k);
		if (!str_blank(t))
			choices[m++] = xstrdup(t);
	}
	for (size_t i = 0; i < nfresh; i++)
		if (!str_blank(fresh[i]->text))
			choices[m++] = xstrdup(fresh[i]->text);
	free(list);
	*out = choices;
	return m;
}

bool conduct_decide(struct conduct *c, const char *text)
{
	struct draft_key k = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);

	if (drafts_save(&c->drafts, &k, text, 0, NULL))
		return true;
	drafts_keep(&c->drafts, &k, xstrdup(text), 0);
	c->err = c->drafts.err;
	return false;
}

bool conduct_finish(struct conduct *c)
{
	if (!drafts_flush(&c->drafts)) {
		c->err = c->drafts.err;
		return false;
	}
	return store_session_finish(c->store, c->s, &c->err);
}

bool conduct_reopen(struct conduct *c)
{
	return store_session_reopen(c->store, c->s, &c->err);
}

bool conduct_add_participant(struct conduct *c, const char *name, const char *role,
			     int64_t *number)
{
	return store_participant_add(c->store, c->s, name, role, number, &c->err);
}

bool conduct_vote(struct conduct *c, int64_t participant, int64_t option, int value)
{
	struct vote v = {.participant = participant, .option = option, .value = value,
			 .ballot = 1, .count = 1};

	return store_vote_record(c->store, c->s, &v, &c->err);
}

bool conduct_reveal(struct conduct *c)
{
	struct event ev = {.kind = EVENT_VOTE_REVEALED, .ballot = 1};

	return store_event_add(c->store, c->s, &ev, &c->err);
}

size_t conduct_unsaved_text(const struct conduct *c, struct buf *out)
{
	for (size_t i = 0; i < c->drafts.npend; i++) {
		const struct draft *p = &c->drafts.pend[i];
		buf_printf(out, "--- %s, %s%s%s:\n%s\n", ndm_stage_info(p->key.stage)->name,
			   entry_kind_name(p->key.kind), p->key.principle ? " on " : "",
			   p->key.principle ? p->key.principle : "", p->text);
	}
	return c->drafts.npend;
}
