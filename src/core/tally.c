/*
 * tally.c - the answers to the questions asked about a session (see
 * tally.h). Pure functions of a loaded session: no SQL, no curses, no
 * state, so every screen, export and report gets the same answer.
 */
#include "dilemma/tally.h"

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
		int c = best ? strcmp(e->updated_at, best->updated_at) : 1;
		if (c > 0 || (c == 0 && e->id > best->id))
			best = e;
	}
	return best;
}

bool tally_vote_counted(const struct session *s, size_t i)
{
	const struct vote *v = &s->votes[i];

	for (size_t j = i + 1; j < s->nvotes && v->participant; j++)
		if (s->votes[j].participant == v->participant && s->votes[j].option == v->option &&
		    s->votes[j].ballot == v->ballot)
			return false;
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
		counts[v->value > 0 ? TALLY_FOR : v->value < 0 ? TALLY_AGAINST : TALLY_ABSTAIN]++;
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
	return d < 0 ? 0 : d;
}

int tally_last_stage(const struct session *s)
{
	for (size_t i = s->nevents; i-- > 0;)
		if (s->events[i].kind == EVENT_STAGE_ENTERED)
			return (int)s->events[i].stage;
	return -1;
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

static bool is_eligible(const struct participant *p)
{
	return strcmp(p->role, "chair") == 0 || strcmp(p->role, "member") == 0;
}

/* Fill @b for ballot @b->number from the session's votes. */
static void ballot_count(const struct session *s, struct tally_ballot *b)
{
	int64_t *voters = xcalloc(s->nvotes + 1, sizeof(*voters));
	size_t nvoters = 0, hands_most = 0;
	int64_t best = 0;
	size_t best_for = 0;
	bool tie = false;

	for (size_t i = 0; i < s->nvotes; i++) {
		const struct vote *v = &s->votes[i];
		size_t fors = 0, hands = 0;
		bool seen = false;
		if (v->ballot != b->number || !tally_vote_counted(s, i))
			continue;
		if (v->participant) {
			for (size_t j = 0; j < nvoters && !seen; j++)
				seen = voters[j] == v->participant;
			if (!seen)
				voters[nvoters++] = v->participant;
		}
		/* each option once: at its first counted vote, sum them all */
		seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = s->votes[j].ballot == b->number && s->votes[j].option == v->option &&
			       tally_vote_counted(s, j);
		if (seen)
			continue;
		for (size_t j = i; j < s->nvotes; j++) {
			const struct vote *w = &s->votes[j];
			if (w->ballot != b->number || w->option != v->option || !tally_vote_counted(s, j))
				continue;
			size_t n = w->count > 0 ? (size_t)w->count : 1;
			if (w->value > 0)
				fors += n;
			if (!w->participant)
				hands += n;
		}
		if (hands > hands_most)
			hands_most = hands;
		if (fors > best_for) {
			best_for = fors;
			best = v->option;
			tie = false;
		} else if (fors == best_for && fors > 0) {
			tie = true;
		}
	}
	b->voters = nvoters + hands_most;
	b->majority = tie ? 0 : best;
	free(voters);
}

size_t tally_ballots(const struct session *s, struct tally_ballot **out)
{
	struct tally_ballot *list = NULL;
	size_t n = 0, eligible = 0;

	for (size_t i = 0; i < s->nparticipants; i++)
		eligible += is_eligible(&s->participants[i]);
	/* the numbers named by votes and by ballot events, each once, in order */
	for (size_t k = 0; k < s->nvotes + s->nevents; k++) {
		int64_t num = k < s->nvotes ? s->votes[k].ballot : s->events[k - s->nvotes].ballot;
		bool seen = false;
		if (k >= s->nvotes && s->events[k - s->nvotes].kind != EVENT_BALLOT_OPENED &&
		    s->events[k - s->nvotes].kind != EVENT_VOTE_REVEALED)
			continue;
		if (num < 1)
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = list[j].number == num;
		if (seen)
			continue;
		list = xreallocarray(list, n + 1, sizeof(*list));
		memset(&list[n], 0, sizeof(list[n]));
		list[n].number = num;
		list[n].eligible = eligible;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (list[j].number < list[i].number) {
				struct tally_ballot t = list[i];
				list[i] = list[j];
				list[j] = t;
			}
		}
		for (size_t k = 0; k < s->nevents && !list[i].revealed; k++)
			list[i].revealed = s->events[k].kind == EVENT_VOTE_REVEALED &&
					   s->events[k].ballot == list[i].number;
		ballot_count(s, &list[i]);
	}
	*out = list;
	return n;
}

bool tally_matches_decision(const struct session *s, int64_t option)
{
	const struct entry *d = tally_decision(s);
	const struct entry *o = option ? session_entry(s, option) : NULL;

	if (!d || !o || d->pack_option != o->pack_option)
		return false;
	return d->pack_option > 0 || strcmp(d->text, o->text) == 0;
}
