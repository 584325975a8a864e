/*
 * conduct.c - the rules of a session in progress (see conduct.h): stage
 * events, inject release, the order of options, the decision, finishing
 * and reopening, participants and votes. Texts go through drafts.c, so
 * that a failed save never loses a word.
 */
#include "dilemma/conduct.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dilemma/tally.h"
#include "dilemma/util.h"

/* Milliseconds of a monotonic clock: the clock of a conduct given none. */
static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct conduct *conduct_open(struct store *st, struct session *s, int64_t (*now_ms)(void))
{
	struct conduct *c = xcalloc(1, sizeof(*c));

	if (!now_ms)
		now_ms = monotonic_ms;
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
	snprintf(c->holder, sizeof(c->holder), "%ld-%p", (long)getpid(), (void *)c);
	c->beat_ms = now_ms() - STORE_PRESENCE_BEAT_S * 1000;
	conduct_beat(c);
	return c;
}

void conduct_beat(struct conduct *c)
{
	struct store_error err;
	int64_t now = c->drafts.now_ms();

	if (now - c->beat_ms < STORE_PRESENCE_BEAT_S * 1000)
		return;
	c->beat_ms = now;
	store_presence_beat(c->store, c->s, c->holder, &err);
}

size_t conduct_others(struct conduct *c, char since[SESSION_TIME_LEN])
{
	struct store_error err;
	size_t n = 0;

	if (!store_presence_others(c->store, c->s, c->holder, &n, since, &err))
		return 0;
	return n;
}

static bool invalid(struct store_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

bool conduct_read_only(const struct conduct *c)
{
	return drafts_read_only(&c->drafts, NULL);
}

/* True, with why in c->err, when the session may not be changed now: the
 * calls that would change it ask this first, so that a refused one stores
 * nothing at all. */
static bool refused(struct conduct *c)
{
	return drafts_read_only(&c->drafts, &c->err);
}

static bool invalid(struct store_error *err, const char *fmt, ...)
{
	va_list ap;

	err->code = STORE_INVALID;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return false;
}

/* Whether @name shows as what it is: no control or invisible characters. */
static bool plain_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name, *end = p + strlen(name);

	while (p < end) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(end - p), &cp);
		if (!k || char_shown(cp) != cp || cp == '\t' || cp == '\n')
			return false;
		p += k;
	}
	return true;
}

bool conduct_check_spec(const struct session_spec *spec, struct store_error *err)
{
	enum participant_role r;

	if (!spec->pack || !spec->scenario)
		return invalid(err, "a session needs a pack and a scenario");
	if (spec->timebox < 0 || spec->timebox > PACK_MAX_TIMEBOX)
		return invalid(err, "a time-box must be a whole number of minutes from 1 to %d",
			       PACK_MAX_TIMEBOX);
	if (spec->mode == SESSION_PANEL && spec->nparticipants < 2)
		return invalid(err, "a panel needs at least two participants (it has %zu)",
			       spec->nparticipants);
	for (size_t i = 0; i < spec->nparticipants; i++) {
		const struct participant_spec *p = &spec->participants[i];
		const char *name = p->name ? p->name : "", *role = p->role ? p->role : "";
		if (spec->mode == SESSION_PANEL && str_blank(name))
			return invalid(err, "participant %zu of the panel has no name", i + 1);
		if (!plain_name(name))
			return invalid(err, "the name of participant %zu holds a control or invisible"
				       " character", i + 1);
		if ((role[0] || spec->mode == SESSION_PANEL) && !participant_role_from_id(role, &r))
			return invalid(err, "'%s' is not a role (the roles are chair, member,"
				       " presenter, adviser and observer)", role);
		for (size_t j = 0; j < i; j++) {
			const struct participant_spec *q = &spec->participants[j];
			if (strcmp(name, q->name ? q->name : "") == 0 &&
			    strcmp(role, q->role ? q->role : "") == 0)
				return invalid(err, "'%s' is given twice as %s; a name may repeat only"
					       " with another role", name, role[0] ? role : "no role");
		}
	}
	return true;
}

struct conduct *conduct_start(struct store *st, const struct session_spec *spec,
			      int64_t (*now_ms)(void), struct store_error *err)
{
	if (!conduct_check_spec(spec, err))
		return NULL;
	struct session *s = store_session_create(st, spec, err);

	return s ? conduct_open(st, s, now_ms) : NULL;
}

void conduct_close(struct conduct *c)
{
	struct store_error err;

	if (!c)
		return;
	if (c->in_stage && !conduct_read_only(c))
		store_event_record(c->store, c->s, EVENT_STAGE_LEFT, c->stage, NULL, &err);
	store_presence_leave(c->store, c->s, c->holder, &err);
	drafts_finish(&c->drafts);
	free(c->fresh);
	session_destroy(c->s);
	free(c);
}

struct session *conduct_detach(struct conduct *c)
{
	struct session *s = c->s;
	struct store_error err;

	store_presence_leave(c->store, c->s, c->holder, &err);
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
	if (conduct_read_only(c)) {
		/* looking at a finished session: not time at a stage, and no
		 * inject is released into it */
		c->stage = stage;
		c->in_stage = true;
		for (size_t i = 0; c->sc && i < c->sc->ninjects; i++)
			c->fresh[i] = false;
		return true;
	}
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
	if (refused(c))
		return false;
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

	/* a panel decides, explains and concludes as one: those fields are
	 * the panel's, whoever is speaking */
	if (c->s->mode == SESSION_PANEL &&
	    (kind == ENTRY_DECISION || kind == ENTRY_RATIONALE || kind == ENTRY_REVIEW ||
	     kind == ENTRY_OUTCOME))
		k.participant = 0;
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

	if (refused(c))
		return false;
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
	if (refused(c))
		return false;
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

int64_t conduct_adopted(const struct conduct *c, size_t n)
{
	const struct entry **list = NULL;
	size_t m = tally_list(c->s, ENTRY_OPTION, false, &list);
	int64_t id = 0;

	for (size_t i = 0; i < m && !id; i++)
		if (list[i]->pack_option > 0 && (size_t)list[i]->pack_option == n)
			id = list[i]->id;
	free(list);
	return id;
}

bool conduct_adopt_option(struct conduct *c, size_t n, int64_t *id)
{
	struct draft_key k;

	if (refused(c))
		return false;
	if (!c->sc || n < 1 || n > c->sc->noptions)
		return invalid(&c->err, "the scenario has no option %zu", n);
	k = conduct_key(c, NDM_OPTIONS, ENTRY_OPTION, NULL, drafts_new_id(&c->drafts));
	if (drafts_save_from(&c->drafts, &k, c->sc->options[n - 1],
			     conduct_next_position(c, ENTRY_OPTION), (int64_t)n, id))
		return true;
	c->err = c->drafts.err;
	return false;
}

size_t conduct_decision_choices(const struct conduct *c, struct conduct_choice **out)
{
	const struct entry **list = NULL;
	size_t n = tally_list(c->s, ENTRY_OPTION, false, &list);
	const struct draft *fresh[64];
	size_t nfresh = drafts_new_of_kind(&c->drafts, ENTRY_OPTION, fresh, ALEN(fresh));
	struct conduct_choice *choices;
	size_t m = 0;

	if (nfresh > ALEN(fresh))
		nfresh = ALEN(fresh);
	choices = xcalloc(n + nfresh + 1, sizeof(*choices));
	for (size_t i = 0; i < n; i++) {
		struct draft_key k = {NDM_OPTIONS, ENTRY_OPTION, NULL, list[i]->id,
				      list[i]->participant};
		const char *t = drafts_text(&c->drafts, &k);
		if (!str_blank(t))
			choices[m++] = (struct conduct_choice){xstrdup(t), list[i]->pack_option};
	}
	for (size_t i = 0; i < nfresh; i++)
		if (!str_blank(fresh[i]->text))
			choices[m++] = (struct conduct_choice){xstrdup(fresh[i]->text), 0};
	free(list);
	*out = choices;
	return m;
}

void conduct_choices_free(struct conduct_choice *choices, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(choices[i].text);
	free(choices);
}

bool conduct_decide(struct conduct *c, const char *text, int64_t pack_option)
{
	struct draft_key k = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);

	/* refused in a finished session, storing nothing: kept as after any
	 * failed save, unless it is the decision already (then there is
	 * nothing to keep, but it is refused all the same) */
	if (drafts_save_from(&c->drafts, &k, text, 0, pack_option, NULL))
		return !refused(c);
	drafts_keep(&c->drafts, &k, xstrdup(text), 0);
	c->err = c->drafts.err;
	return false;
}

bool conduct_decide_own(struct conduct *c)
{
	struct draft_key k = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);
	const struct entry *d = drafts_entry(&c->drafts, &k);

	if (refused(c))
		return false;
	if (!d || d->pack_option == 0)
		return true;
	/* the text it shows (a pending edit's, if any): only the reference
	 * changes */
	if (drafts_save_from(&c->drafts, &k, drafts_text(&c->drafts, &k), 0, 0, NULL))
		return true;
	c->err = c->drafts.err;
	return false;
}

bool conduct_finish(struct conduct *c)
{
	/* finished already (what a refused save kept stays kept: it is saved
	 * once the session is reopened) */
	if (conduct_read_only(c))
		return true;
	if (!drafts_flush(&c->drafts)) {
		c->err = c->drafts.err;
		return false;
	}
	return store_session_finish(c->store, c->s, &c->err);
}

bool conduct_reopen(struct conduct *c)
{
	if (!conduct_read_only(c))
		return true;
	if (!store_session_reopen(c->store, c->s, &c->err))
		return false;
	if (!c->in_stage)
		return true;
	/* the stage being looked at is worked on from now: entered again, so
	 * that its time counts from here (finishing left it) */
	c->in_stage = false;
	return conduct_enter_stage(c, c->stage, NULL);
}

bool conduct_add_participant(struct conduct *c, const char *name, const char *role,
			     int64_t *number)
{
	if (refused(c))
		return false;
	return store_participant_add(c->store, c->s, name, role, number, &c->err);
}

bool conduct_set_speaker(struct conduct *c, int64_t number)
{
	if (!session_participant(c->s, number))
		return invalid(&c->err, "participant %lld is not in the session", (long long)number);
	c->speaker = number;
	return true;
}

/* The first inject placed at @stage and not released yet, or -1. */
static long held_at(const struct conduct *c, enum ndm_stage stage)
{
	for (size_t i = 0; c->sc && i < c->sc->ninjects; i++)
		if (c->sc->injects[i].stage == stage && !tally_inject_released(c->s, i))
			return (long)i;
	return -1;
}

bool conduct_release_next_inject(struct conduct *c, size_t *index)
{
	long i = held_at(c, c->stage);

	if (refused(c))
		return false;
	for (size_t k = 0; i < 0 && k < NDM_STAGE_COUNT; k++)
		i = held_at(c, ndm_display_order[k]);
	if (i < 0) {
		c->err.code = STORE_NOT_FOUND;
		snprintf(c->err.message, sizeof(c->err.message), "every inject is out already");
		return false;
	}
	if (index)
		*index = (size_t)i;
	return release(c, (size_t)i, c->stage);
}

bool conduct_set_owner(struct conduct *c, int64_t id, const char *owner)
{
	const struct entry *cur = session_entry(c->s, id);
	struct entry e;

	if (refused(c))
		return false;
	if (!cur || cur->kind != ENTRY_RECOMMENDATION)
		return invalid(&c->err, "entry %lld is not a recommendation", (long long)id);
	e = *cur;
	e.owner = (char *)(owner ? owner : "");
	if (drafts_store(&c->drafts, &e, NULL))
		return true;
	c->err = c->drafts.err;
	return false;
}

bool conduct_open_ballot(struct conduct *c, enum ballot_kind kind, bool contingencies,
			 int64_t *number)
{
	struct tally_ballot *b = NULL;
	size_t n;
	char detail[64];

	if (refused(c))
		return false;
	if (tally_open_ballot(c->s))
		return invalid(&c->err, "a ballot is open already: reveal it first");
	n = tally_ballots(c->s, &b);
	tally_ballots_free(b, n);
	snprintf(detail, sizeof(detail), "%s%s", ballot_kind_id(kind),
		 contingencies ? "+contingencies" : "");
	struct event ev = {.kind = EVENT_BALLOT_OPENED, .ballot = (int64_t)n + 1,
			   .detail = detail};
	if (!store_event_add(c->store, c->s, &ev, &c->err))
		return false;
	if (number)
		*number = ev.ballot;
	return true;
}

/* The open ballot, or 0 with a message. */
static int64_t open_ballot(struct conduct *c)
{
	int64_t b = tally_open_ballot(c->s);

	if (!b)
		invalid(&c->err, "no ballot is open");
	return b;
}

bool conduct_cast(struct conduct *c, int64_t participant, const struct ballot_mark *marks,
		  size_t n)
{
	const struct participant *p = session_participant(c->s, participant);
	int64_t ballot = refused(c) ? 0 : open_ballot(c);
	struct vote *v;
	bool ok;

	if (!ballot)
		return false;
	if (!p || !participant_role_votes(p->role))
		return invalid(&c->err, "only the chair and members vote");
	v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = (struct vote){.participant = participant, .option = marks[i].option,
				     .value = marks[i].value, .ballot = ballot, .count = 1};
	ok = store_votes_record(c->store, c->s, v, n, &c->err);
	free(v);
	return ok;
}

bool conduct_hands(struct conduct *c, int64_t option, size_t hands_for, size_t against,
		   size_t abstain)
{
	int64_t ballot = refused(c) ? 0 : open_ballot(c);
	const size_t counts[3] = {hands_for, against, abstain};
	const int values[3] = {1, -1, 0};
	struct vote v[3];

	if (!ballot)
		return false;
	for (int i = 0; i < 3; i++)
		v[i] = (struct vote){.option = option, .value = values[i], .ballot = ballot,
				     .count = (int64_t)counts[i]};
	return store_votes_record(c->store, c->s, v, 3, &c->err);
}

bool conduct_reveal(struct conduct *c)
{
	int64_t ballot = refused(c) ? 0 : open_ballot(c);
	struct event ev = {.kind = EVENT_VOTE_REVEALED, .ballot = ballot};

	return ballot && store_event_add(c->store, c->s, &ev, &c->err);
}

static bool clock_event(struct conduct *c, enum event_kind kind, long seconds)
{
	struct event ev = {.kind = kind, .stage = c->stage, .seconds = seconds};

	return store_event_add(c->store, c->s, &ev, &c->err);
}

bool conduct_pause_clock(struct conduct *c)
{
	struct tally_clock k;

	if (refused(c))
		return false;
	tally_stage_clock(c->s, c->stage, NULL, &k);
	return k.paused || clock_event(c, EVENT_CLOCK_PAUSED, 0);
}

bool conduct_resume_clock(struct conduct *c)
{
	struct tally_clock k;

	if (refused(c))
		return false;
	tally_stage_clock(c->s, c->stage, NULL, &k);
	return !k.paused || clock_event(c, EVENT_CLOCK_RESUMED, 0);
}

bool conduct_add_time(struct conduct *c, long seconds)
{
	if (refused(c))
		return false;
	if (seconds <= 0 || seconds > PACK_MAX_TIMEBOX * 60L)
		return invalid(&c->err, "time is added in whole minutes, up to %d",
			       PACK_MAX_TIMEBOX);
	return clock_event(c, EVENT_TIME_ADDED, seconds);
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
