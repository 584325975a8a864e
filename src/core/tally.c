/*
 * tally.c - the answers to the questions asked about a session (see
 * tally.h). Pure functions of a loaded session: no SQL, no curses, no
 * state, so every screen, export and report gets the same answer.
 */
#include "dilemma/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

bool tally_counts(enum entry_kind kind, bool deleted, bool blank, enum stance stance)
{
	if (deleted)
		return false;
	if (!blank)
		return true;
	return kind == ENTRY_PRINCIPLE && stance != STANCE_NONE;
}

bool tally_entry_counts(const struct entry *e)
{
	return tally_counts(e->kind, e->deleted, str_blank(e->text), e->stance);
}

const struct framework *tally_framework(const struct session *s)
{
	return s->framework ? s->framework : framework_builtin(s->framework_id);
}

const char *tally_principle_name(const struct session *s, const char *id)
{
	const struct framework *fw = tally_framework(s);
	const struct principle *p = fw ? framework_principle(fw, id) : NULL;

	return p ? p->name : id;
}

static bool is_principle_entry(const struct entry *e, enum ndm_stage stage, const char *pid)
{
	return e->stage == stage && e->kind == ENTRY_PRINCIPLE && e->principle &&
	       strcmp(e->principle, pid) == 0;
}

/* @e, a principle entry that counts, recorded in its cell. */
static void cell_add(struct tally_cell *c, const struct entry *e)
{
	c->entries++;
	c->stances[e->stance < STANCE_COUNT ? e->stance : STANCE_NONE]++;
}

bool tally_cell(const struct session *s, enum ndm_stage stage, const char *pid,
		struct tally_cell *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (!is_principle_entry(e, stage, pid) || !tally_entry_counts(e))
			continue;
		cell_add(out, e);
	}
	return out->entries > 0;
}

size_t tally_stances(const struct session *s, enum ndm_stage stage, const char *pid,
		     const struct entry **out, size_t max)
{
	size_t n = 0;

	for (size_t k = 0; k <= s->nparticipants; k++) {
		/* participants in order, then the unattributed */
		int64_t who = k < s->nparticipants ? s->participants[k].number : 0;
		for (size_t i = 0; i < s->nentries; i++) {
			const struct entry *e = &s->entries[i];
			if (e->participant != who || !is_principle_entry(e, stage, pid) ||
			    !tally_entry_counts(e))
				continue;
			if (n < max)
				out[n] = e;
			n++;
		}
	}
	return n;
}

bool tally_considered(const struct session *s, enum ndm_stage stage, const char *pid)
{
	struct tally_cell c;

	return tally_cell(s, stage, pid, &c);
}

bool tally_considered_anywhere(const struct session *s, const char *pid)
{
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		if (tally_considered(s, (enum ndm_stage)st, pid))
			return true;
	return false;
}

size_t tally_principles_considered(const struct session *s)
{
	const struct framework *fw = tally_framework(s);
	const char **seen = xcalloc(s->nentries + 1, sizeof(*seen));
	size_t n = 0;

	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		bool dup = false;
		if (e->kind != ENTRY_PRINCIPLE || !e->principle || !tally_entry_counts(e))
			continue;
		if (fw && !framework_principle(fw, e->principle))
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(seen[j], e->principle) == 0;
		if (!dup)
			seen[n++] = e->principle;
	}
	free(seen);
	return n;
}

size_t tally_principles_total(const struct session *s)
{
	const struct framework *fw = tally_framework(s);

	return fw ? fw->count : s->principle_count;
}

bool tally_stage_discussed(const struct session *s, enum ndm_stage stage)
{
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage == stage && (e->kind == ENTRY_NOTE || e->kind == ENTRY_PRINCIPLE) &&
		    tally_entry_counts(e))
			return true;
	}
	return false;
}

/* Whether @e was saved after @than (NULL: anything is): the later time,
 * then the higher id. */
static bool saved_after(const struct entry *e, const struct entry *than)
{
	int c = than ? strcmp(e->updated_at, than->updated_at) : 1;

	return c > 0 || (c == 0 && e->id > than->id);
}

static int by_spoken(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;
	int c = strcmp(x->created_at, y->created_at);

	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t tally_discussion(const struct session *s, enum ndm_stage stage,
			const struct entry ***out)
{
	const struct entry **list = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage != stage || (e->kind != ENTRY_NOTE && e->kind != ENTRY_PRINCIPLE) ||
		    !tally_entry_counts(e))
			continue;
		if (!list)
			list = xcalloc(s->nentries, sizeof(*list));
		list[n++] = e;
	}
	if (n)
		qsort(list, n, sizeof(*list), by_spoken);
	*out = list;
	return n;
}

size_t tally_principles_at(const struct session *s, enum ndm_stage stage, const char ***out)
{
	const struct framework *fw = tally_framework(s);
	const char **list = NULL;
	size_t n = 0;

	if (fw) {
		for (size_t p = 0; p < fw->count; p++) {
			if (!tally_considered(s, stage, fw->principles[p].id))
				continue;
			if (!list)
				list = xcalloc(s->nentries + 1, sizeof(*list));
			list[n++] = fw->principles[p].id;
		}
	}
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		bool seen = false;
		if (e->stage != stage || e->kind != ENTRY_PRINCIPLE || !e->principle ||
		    !tally_entry_counts(e) || (fw && framework_principle(fw, e->principle)))
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(list[k], e->principle) == 0;
		if (seen)
			continue;
		if (!list)
			list = xcalloc(s->nentries + 1, sizeof(*list));
		list[n++] = e->principle;
	}
	*out = list;
	return n;
}

bool tally_stance_of(const struct session *s, enum ndm_stage stage, const char *pid,
		     int64_t participant, struct tally_stance *out)
{
	const struct entry *last = NULL; /* their entry with a stance saved last */

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (!is_principle_entry(e, stage, pid) || e->participant != participant ||
		    !tally_entry_counts(e))
			continue;
		out->entries++;
		if (e->stance == STANCE_NONE || e->stance >= STANCE_COUNT)
			continue;
		if (saved_after(e, last))
			last = e;
	}
	out->stance = last ? last->stance : STANCE_NONE;
	return out->entries > 0;
}

static int by_position(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t tally_list(const struct session *s, enum entry_kind kind, bool counting,
		  const struct entry ***out)
{
	const struct entry **list = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->kind != kind || e->deleted || (counting && !tally_entry_counts(e)))
			continue;
		if (!list)
			list = xcalloc(s->nentries, sizeof(*list));
		list[n++] = e;
	}
	/* entries are loaded in id order, so the other kinds are in order */
	if (n && (kind == ENTRY_OPTION || kind == ENTRY_CONTINGENCY))
		qsort(list, n, sizeof(*list), by_position);
	*out = list;
	return n;
}

const struct entry *tally_decision(const struct session *s)
{
	const struct entry *best = NULL;

	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->kind != ENTRY_DECISION || !tally_entry_counts(e))
			continue;
		if (saved_after(e, best))
			best = e;
	}
	return best;
}

/* The ballot-opened event of ballot @number, or NULL (votes recorded
 * before ballots were opened, or imported). */
static const struct event *ballot_opened(const struct session *s, int64_t number)
{
	for (size_t i = 0; i < s->nevents; i++)
		if (s->events[i].kind == EVENT_BALLOT_OPENED && s->events[i].ballot == number)
			return &s->events[i];
	return NULL;
}

/* The kind of ballot @number, and whether it takes contingencies. */
static enum ballot_kind ballot_kind_of(const struct session *s, int64_t number,
				       bool *contingencies)
{
	const struct event *ev = ballot_opened(s, number);
	enum ballot_kind k = BALLOT_SECRET;
	char id[32];

	if (contingencies)
		*contingencies = false;
	if (!ev || !ev->detail)
		return k;
	snprintf(id, sizeof(id), "%.*s", (int)strcspn(ev->detail, "+"), ev->detail);
	if (!ballot_kind_from_id(id, &k))
		k = BALLOT_SECRET;
	if (contingencies)
		*contingencies = strstr(ev->detail, "+contingencies") != NULL;
	return k;
}

bool tally_vote_counted(const struct session *s, size_t i)
{
	const struct vote *v = &s->votes[i];
	bool hands = !v->participant && ballot_kind_of(s, v->ballot, NULL) == BALLOT_HANDS;

	for (size_t j = i + 1; j < s->nvotes; j++) {
		const struct vote *w = &s->votes[j];
		if (w->ballot != v->ballot || w->option != v->option)
			continue;
		if (v->participant && w->participant == v->participant)
			return false;
		if (hands && !w->participant && w->value == v->value)
			return false;
	}
	return true;
}

bool tally_votes(const struct session *s, int64_t option, size_t counts[TALLY_VOTE_KINDS])
{
	size_t any = 0;

	for (int k = 0; k < TALLY_VOTE_KINDS; k++)
		counts[k] = 0;
	for (size_t i = 0; i < s->nvotes; i++) {
		const struct vote *v = &s->votes[i];
		if (v->option != option || !tally_vote_counted(s, i))
			continue;
		counts[v->value > 0 ? TALLY_FOR : v->value < 0 ? TALLY_AGAINST : TALLY_ABSTAIN] +=
			(size_t)(v->count > 0 ? v->count : 0);
		any++;
	}
	return any > 0;
}

enum tally_progress tally_stage_progress(const struct session *s, enum ndm_stage stage)
{
	bool any = false, main_done = false, principle = false;

	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage != stage || !tally_entry_counts(e))
			continue;
		any = true;
		if (e->kind == ENTRY_PRINCIPLE)
			principle = true;
		else if (stage == NDM_OPTIONS && e->kind == ENTRY_OPTION)
			main_done = true;
		else if (stage != NDM_OPTIONS && stage != NDM_ACTION && e->kind == ENTRY_NOTE)
			main_done = true;
	}
	if (stage == NDM_ACTION) {
		const struct entry **r = NULL;
		size_t nr = tally_list(s, ENTRY_RATIONALE, true, &r);
		const struct entry *d = tally_decision(s);
		main_done = nr && d && d->stage == NDM_ACTION;
		free(r);
	}
	if (!any)
		return TALLY_EMPTY;
	return main_done && principle ? TALLY_DONE : TALLY_STARTED;
}

/* The latest time the session records anything: events and revisions. */
static const char *last_activity(const struct session *s)
{
	const char *last = s->started_at;

	for (size_t i = 0; i < s->nevents; i++)
		if (strcmp(s->events[i].at, last) > 0)
			last = s->events[i].at;
	for (size_t i = 0; i < s->nentries; i++)
		if (strcmp(s->entries[i].updated_at, last) > 0)
			last = s->entries[i].updated_at;
	return last;
}

long tally_stage_seconds(const struct session *s, enum ndm_stage stage, const char *now)
{
	long total = 0;
	const char *entered = NULL;

	/* A stage is left explicitly, or implicitly by entering another one or
	 * finishing the session. */
	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		bool leaves = ev->kind == EVENT_SESSION_FINISHED ||
			      (ev->kind == EVENT_STAGE_LEFT && ev->stage == stage) ||
			      (ev->kind == EVENT_STAGE_ENTERED && ev->stage != stage);
		if (entered && leaves) {
			total += session_time_diff(entered, ev->at);
			entered = NULL;
		}
		if (ev->kind == EVENT_STAGE_ENTERED && ev->stage == stage && !entered)
			entered = ev->at;
	}
	if (entered)
		total += session_time_diff(entered, now && now[0] ? now : last_activity(s));
	return total < 0 ? 0 : total;
}

long tally_total_seconds(const struct session *s)
{
	long d = session_time_diff(s->started_at, s->finished_at[0] ? s->finished_at
								     : last_activity(s));
	const char *finished = NULL;

	/* the time a session lay finished before it was reopened is nobody's
	 * working time */
	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		if (ev->kind == EVENT_SESSION_FINISHED && !finished)
			finished = ev->at;
		else if (ev->kind == EVENT_SESSION_REOPENED && finished) {
			d -= session_time_diff(finished, ev->at);
			finished = NULL;
		}
	}
	return d < 0 ? 0 : d;
}

size_t tally_finishes(const struct session *s, char first[SESSION_TIME_LEN],
		      char last[SESSION_TIME_LEN])
{
	size_t n = 0;

	first[0] = last[0] = '\0';
	for (size_t i = 0; i < s->nevents; i++) {
		if (s->events[i].kind != EVENT_SESSION_FINISHED)
			continue;
		if (!n++)
			snprintf(first, SESSION_TIME_LEN, "%s", s->events[i].at);
		snprintf(last, SESSION_TIME_LEN, "%s", s->events[i].at);
	}
	return n;
}

int tally_last_stage(const struct session *s)
{
	for (size_t i = s->nevents; i-- > 0;)
		if (s->events[i].kind == EVENT_STAGE_ENTERED)
			return (int)s->events[i].stage;
	return -1;
}

long tally_timebox(const struct session *s, enum ndm_stage stage)
{
	long minutes = s->scenario ? s->scenario->timebox[stage] : 0;

	return (minutes > 0 ? minutes : s->timebox) * 60L;
}

void tally_stage_clock(const struct session *s, enum ndm_stage stage, const char *now,
		       struct tally_clock *out)
{
	const char *start = NULL; /* when the clock last started running here */
	bool in = false;

	memset(out, 0, sizeof(*out));
	out->budget = tally_timebox(s, stage);
	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		bool stops = ev->kind == EVENT_SESSION_FINISHED || ev->kind == EVENT_CLOCK_PAUSED ||
			     (ev->kind == EVENT_STAGE_LEFT && ev->stage == stage) ||
			     (ev->kind == EVENT_STAGE_ENTERED && ev->stage != stage);
		if (start && stops) {
			out->used += session_time_diff(start, ev->at);
			start = NULL;
		}
		switch (ev->kind) {
		case EVENT_STAGE_ENTERED:
			in = ev->stage == stage;
			if (in && !out->paused)
				start = ev->at;
			break;
		case EVENT_STAGE_LEFT:
		case EVENT_SESSION_FINISHED:
			if (ev->kind == EVENT_SESSION_FINISHED || ev->stage == stage)
				in = false;
			break;
		case EVENT_CLOCK_PAUSED:
			out->paused = true;
			break;
		case EVENT_CLOCK_RESUMED:
			out->paused = false;
			if (in && !start)
				start = ev->at;
			break;
		case EVENT_TIME_ADDED:
			if (ev->stage == stage)
				out->budget += (long)ev->seconds;
			break;
		default:
			break;
		}
	}
	if (start)
		out->used += session_time_diff(start, now && now[0] ? now : last_activity(s));
	if (out->used < 0)
		out->used = 0;
	out->running = start != NULL;
	out->left = out->budget - out->used;
}

/* Whether entry @e was there to vote on in a ballot opened at @at (of
 * @contingencies too). */
static bool on_ballot(const struct entry *e, const char *at, bool contingencies)
{
	if (e->deleted || (e->kind != ENTRY_OPTION &&
			   (e->kind != ENTRY_CONTINGENCY || !contingencies)))
		return false;
	return !at[0] || strcmp(e->created_at, at) <= 0;
}

static struct tally_ballot_option *ballot_option(struct tally_ballot *b, int64_t option)
{
	for (size_t i = 0; i < b->noptions; i++)
		if (b->options[i].option == option)
			return &b->options[i];
	return NULL;
}

/* Ballot @number of @s, its options in the session's order. */
static void fill_ballot(const struct session *s, int64_t number, struct tally_ballot *b)
{
	const struct event *opened = ballot_opened(s, number);
	const struct entry **opts = NULL, **cons = NULL;
	size_t nopts, ncons, nvoters = 0;
	int64_t *voters = xcalloc(s->nvotes + 1, sizeof(*voters));

	memset(b, 0, sizeof(*b));
	b->number = number;
	b->kind = ballot_kind_of(s, number, &b->contingencies);
	b->opened_at = opened ? opened->at : "";
	for (size_t i = 0; i < s->nevents; i++)
		if (s->events[i].kind == EVENT_VOTE_REVEALED && s->events[i].ballot == number &&
		    !b->revealed_at)
			b->revealed_at = s->events[i].at;
	for (size_t i = 0; i < s->nparticipants; i++)
		b->eligible += participant_role_votes(s->participants[i].role);
	nopts = tally_list(s, ENTRY_OPTION, false, &opts);
	ncons = tally_list(s, ENTRY_CONTINGENCY, false, &cons);
	b->options = xcalloc(nopts + ncons + s->nvotes + 1, sizeof(*b->options));
	for (size_t i = 0; i < nopts + ncons; i++) {
		const struct entry *e = i < nopts ? opts[i] : cons[i - nopts];
		if (on_ballot(e, b->opened_at, b->contingencies))
			b->options[b->noptions++].option = e->id;
	}
	free(opts);
	free(cons);
	/* hands shown on each option, to count the hands of the largest */
	size_t *hands = xcalloc(b->noptions + s->nvotes + 1, sizeof(*hands)), most = 0;
	for (size_t i = 0; i < s->nvotes; i++) {
		const struct vote *v = &s->votes[i];
		if (v->ballot != number || !tally_vote_counted(s, i))
			continue;
		struct tally_ballot_option *o = ballot_option(b, v->option);
		if (!o) {
			o = &b->options[b->noptions++];
			o->option = v->option;
		}
		size_t n = (size_t)(v->count > 0 ? v->count : 0);
		o->counts[v->value > 0 ? TALLY_FOR : v->value < 0 ? TALLY_AGAINST : TALLY_ABSTAIN] += n;
		if (!v->participant) {
			size_t *h = &hands[o - b->options];
			*h += n;
			most = *h > most ? *h : most;
			continue;
		}
		bool seen = false;
		for (size_t k = 0; k < nvoters && !seen; k++)
			seen = voters[k] == v->participant;
		if (!seen)
			voters[nvoters++] = v->participant;
	}
	free(voters);
	free(hands);
	b->voters = nvoters + most;
	b->revealed = b->revealed_at != NULL;
	size_t best = 0;
	for (size_t i = 0; i < b->noptions; i++) {
		const size_t *c = b->options[i].counts;
		if (c[TALLY_FOR] > best) {
			best = c[TALLY_FOR];
			b->majority = b->options[i].option;
		} else if (c[TALLY_FOR] == best && best) {
			b->majority = 0; /* a tie */
		}
	}
}

size_t tally_ballots(const struct session *s, struct tally_ballot **out)
{
	int64_t last = 0;
	struct tally_ballot *list;

	for (size_t i = 0; i < s->nevents; i++)
		if (s->events[i].kind == EVENT_BALLOT_OPENED && s->events[i].ballot > last)
			last = s->events[i].ballot;
	for (size_t i = 0; i < s->nvotes; i++)
		if (s->votes[i].ballot > last)
			last = s->votes[i].ballot;
	*out = NULL;
	if (!last)
		return 0;
	list = xcalloc((size_t)last, sizeof(*list));
	for (int64_t n = 1; n <= last; n++)
		fill_ballot(s, n, &list[n - 1]);
	*out = list;
	return (size_t)last;
}

void tally_ballots_free(struct tally_ballot *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].options);
	free(b);
}

int64_t tally_open_ballot(const struct session *s)
{
	int64_t open = 0;

	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		if (ev->kind == EVENT_BALLOT_OPENED)
			open = ev->ballot;
		else if (ev->kind == EVENT_VOTE_REVEALED && ev->ballot == open)
			open = 0;
	}
	return open;
}

const struct vote *tally_vote_of(const struct session *s, int64_t ballot, int64_t participant,
				 int64_t option)
{
	for (size_t i = s->nvotes; i-- > 0;) {
		const struct vote *v = &s->votes[i];
		if (v->ballot == ballot && v->participant == participant && v->option == option)
			return v;
	}
	return NULL;
}

size_t tally_injects(const struct session *s, struct tally_inject **out)
{
	struct tally_inject *list = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		bool seen = false;
		if (ev->kind != EVENT_INJECT_RELEASED || ev->inject < 1)
			continue;
		if (s->scenario && (size_t)ev->inject > s->scenario->ninjects)
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = list[j].index == (size_t)ev->inject - 1;
		if (seen)
			continue;
		if (!list)
			list = xcalloc(s->nevents, sizeof(*list));
		list[n++] = (struct tally_inject){(size_t)ev->inject - 1, ev->stage, ev->at};
	}
	*out = list;
	return n;
}

bool tally_inject_released(const struct session *s, size_t index)
{
	for (size_t i = 0; i < s->nevents; i++)
		if (s->events[i].kind == EVENT_INJECT_RELEASED &&
		    s->events[i].inject == (int64_t)index + 1)
			return true;
	return false;
}

/* ---- the trainer views: many sessions, each asked the same questions ---- */

void tally_grid(const struct session *s, const struct framework *fw,
		struct tally_cell (*out)[NDM_STAGE_COUNT])
{
	memset(out, 0, fw->count * sizeof(*out));
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		int p;
		if (e->kind != ENTRY_PRINCIPLE || !e->principle || e->stage >= NDM_STAGE_COUNT ||
		    !tally_entry_counts(e))
			continue;
		p = framework_principle_index(fw, e->principle);
		if (p < 0)
			continue;
		cell_add(&out[p][e->stage], e);
	}
}

bool tally_matches_decision(const struct session *s, int64_t option)
{
	const struct entry *d = tally_decision(s);
	const struct entry *o = option ? session_entry(s, option) : NULL;

	if (!d || !o || d->pack_option != o->pack_option)
		return false;
	return d->pack_option > 0 || strcmp(d->text, o->text) == 0;
}
