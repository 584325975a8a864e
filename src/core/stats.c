/*
 * stats.c - the trainer's numbers (see stats.h): each session of the
 * selection is read by a store scan, asked tally's questions once (its
 * "facts"), and counted into the whole selection, its scenario and, with
 * --by pack or cohort, its group. Listing the sessions behind a cell asks
 * the same facts of each session, so a cell and its list agree.
 */
#include "dilemma/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/tally.h"
#include "dilemma/util.h"

#define X_ID(e, id) id,
static const char *const by_ids[] = {STATS_BYS(X_ID)};
#undef X_ID
_Static_assert(ALEN(by_ids) == STATS_BY_COUNT, "stats_by ids");

const char *stats_by_id(enum stats_by by)
{
	return by_ids[by];
}

bool stats_by_from_id(const char *id, enum stats_by *out)
{
	for (size_t i = 0; i < ALEN(by_ids); i++) {
		if (id && strcmp(id, by_ids[i]) == 0) {
			*out = (enum stats_by)i;
			return true;
		}
	}
	return false;
}

/* What one session amounts to: tally's answers, asked once. */
struct facts {
	const struct framework *fw;
	struct tally_cell (*grid)[NDM_STAGE_COUNT]; /* fw->count rows */
	size_t grid_cap;
	bool *any;                       /* per principle of fw: considered somewhere */
	size_t considered;               /* principles of fw considered somewhere */
	const struct entry *decision;
	long total;
	long stage[NDM_STAGE_COUNT];
	struct tally_ballot *ballots;
	size_t nballots;
};

static void facts_of(const struct session *s, struct facts *f)
{
	f->fw = tally_framework(s);
	f->considered = 0;
	if (f->fw && f->fw->count == 0)
		f->fw = NULL; /* nothing to count */
	if (f->fw) {
		if (f->grid_cap < f->fw->count) {
			f->grid_cap = f->fw->count;
			f->grid = xreallocarray(f->grid, f->grid_cap, sizeof(*f->grid));
			f->any = xreallocarray(f->any, f->grid_cap, sizeof(*f->any));
		}
		tally_grid(s, f->fw, f->grid);
		for (size_t i = 0; i < f->fw->count; i++) {
			f->any[i] = false;
			for (int st = 0; st < NDM_STAGE_COUNT; st++)
				f->any[i] = f->any[i] || f->grid[i][st].entries > 0;
			f->considered += f->any[i];
		}
	}
	f->decision = tally_decision(s);
	f->total = tally_total_seconds(s);
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		f->stage[st] = tally_stage_seconds(s, (enum ndm_stage)st, NULL);
	tally_ballots_free(f->ballots, f->nballots);
	f->ballots = NULL;
	f->nballots = s->mode == SESSION_PANEL ? tally_ballots(s, &f->ballots) : 0;
}

static void facts_finish(struct facts *f)
{
	free(f->grid);
	free(f->any);
	tally_ballots_free(f->ballots, f->nballots);
}

/* What a decision counts as: the pack's option it came from, the
 * session's own wording, or none. */
static int64_t decision_choice(const struct entry *d)
{
	if (!d)
		return STATS_NO_DECISION;
	return d->pack_option > 0 ? d->pack_option : STATS_OWN_WORDING;
}

static int64_t choice_of(const struct facts *f)
{
	return decision_choice(f->decision);
}

/* ---- counting ---- */

/* The times of a part while it is counted. */
struct times {
	long *v;
	size_t n, cap;
};

static void times_add(struct times *t, long secs)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = secs;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value that at least @pct % are no more than. */
static long percentile(const long *sorted, size_t n, unsigned pct)
{
	size_t rank = (n * pct + 99) / 100;

	return n ? sorted[rank ? rank - 1 : 0] : 0;
}

static struct stats_times times_result(struct times *t)
{
	struct stats_times r = {.n = t->n};

	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), cmp_long);
	r.median = percentile(t->v, t->n, 50);
	r.p90 = percentile(t->v, t->n, 90);
	free(t->v);
	memset(t, 0, sizeof(*t));
	return r;
}

/* A part being counted: its numbers and its times. */
struct part {
	struct stats *st;       /* where its numbers go (moves: use the index) */
	struct times total;
	struct times stage[NDM_STAGE_COUNT];
};

static struct stats_principle *principle_in(struct stats *p, const struct principle *pr)
{
	for (size_t i = 0; i < p->nprinciples; i++)
		if (strcmp(p->principles[i].id, pr->id) == 0)
			return &p->principles[i];
	p->principles = xreallocarray(p->principles, p->nprinciples + 1, sizeof(*p->principles));
	struct stats_principle *sp = &p->principles[p->nprinciples++];
	memset(sp, 0, sizeof(*sp));
	sp->id = xstrdup(pr->id);
	sp->name = xstrdup(pr->name ? pr->name : pr->id);
	return sp;
}

static void choice_add(struct stats *p, const struct session *s, int64_t choice)
{
	struct stats_choice *c = NULL;

	for (size_t i = 0; i < p->nchoices && !c; i++)
		if (p->choices[i].pack_option == choice)
			c = &p->choices[i];
	if (!c) {
		p->choices = xreallocarray(p->choices, p->nchoices + 1, sizeof(*p->choices));
		c = &p->choices[p->nchoices++];
		memset(c, 0, sizeof(*c));
		c->pack_option = choice;
	}
	if (!c->text && choice > 0 && s->scenario && (size_t)choice <= s->scenario->noptions)
		c->text = xstrdup(s->scenario->options[choice - 1]);
	c->sessions++;
}

static void panels_add(struct stats_panels *pn, const struct session *s, const struct facts *f)
{
	const struct tally_ballot *last = NULL;

	if (s->mode != SESSION_PANEL)
		return;
	pn->sessions++;
	for (size_t i = 0; i < f->nballots; i++) {
		const struct tally_ballot *b = &f->ballots[i];
		pn->ballots++;
		pn->revealed += b->revealed;
		pn->voters += b->voters;
		pn->eligible += b->eligible;
		if (b->revealed && b->majority)
			last = b;
	}
	if (last && f->decision) {
		pn->compared++;
		pn->matched += tally_matches_decision(s, last->majority);
	}
}

static void part_add(struct part *pt, const struct session *s, const struct facts *f,
		     bool with_choices)
{
	struct stats *p = pt->st;
	int64_t choice = choice_of(f);

	p->sessions++;
	if (s->status == SESSION_FINISHED) {
		p->finished++;
		times_add(&pt->total, f->total);
		for (int st = 0; st < NDM_STAGE_COUNT; st++)
			if (f->stage[st] > 0)
				times_add(&pt->stage[st], f->stage[st]);
	}
	for (size_t i = 0; f->fw && i < f->fw->count; i++) {
		struct stats_principle *sp = principle_in(p, &f->fw->principles[i]);
		sp->sessions++;
		sp->anywhere += f->any[i];
		for (int st = 0; st < NDM_STAGE_COUNT; st++) {
			sp->considered[st] += f->grid[i][st].entries > 0;
			for (int k = 0; k < STANCE_COUNT; k++)
				sp->stances[st][k] += f->grid[i][st].stances[k];
		}
	}
	if (f->fw) {
		p->principle_slots += f->fw->count;
		p->principles_considered += f->considered;
	}
	if (choice == STATS_NO_DECISION)
		p->undecided++;
	else if (choice == STATS_OWN_WORDING)
		p->decided_own++;
	else
		p->decided_pack++;
	if (with_choices)
		choice_add(p, s, choice);
	panels_add(&p->panels, s, f);
}

static void part_finish(struct part *pt)
{
	pt->st->total = times_result(&pt->total);
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		pt->st->stage[st] = times_result(&pt->stage[st]);
}

/* The parts of the whole being counted (scenarios or groups), found by key. */
struct parts {
	struct stats **list;  /* &whole->scenarios or &whole->groups */
	size_t *n;
	struct part *acc;     /* parallel to *list */
	size_t cap;
};

static struct part *part_for(struct parts *ps, const char *pack, const char *scenario,
			     const char *title, const char *cohort)
{
	struct stats *list = *ps->list;
	size_t i;

	for (i = 0; i < *ps->n; i++) {
		const struct stats *p = &list[i];
		if ((!pack || strcmp(p->pack_id, pack) == 0) &&
		    (!scenario || strcmp(p->scenario_id, scenario) == 0) &&
		    (!cohort || strcmp(p->cohort, cohort) == 0))
			break;
	}
	if (i == *ps->n) {
		if (i == ps->cap) {
			ps->cap = ps->cap ? 2 * ps->cap : 16;
			ps->acc = xreallocarray(ps->acc, ps->cap, sizeof(*ps->acc));
		}
		*ps->list = list = xreallocarray(list, i + 1, sizeof(*list));
		memset(&list[i], 0, sizeof(list[i]));
		memset(&ps->acc[i], 0, sizeof(ps->acc[i]));
		list[i].pack_id = pack ? xstrdup(pack) : NULL;
		list[i].scenario_id = scenario ? xstrdup(scenario) : NULL;
		list[i].scenario_title = title ? xstrdup(title) : NULL;
		list[i].cohort = cohort ? xstrdup(cohort) : NULL;
		(*ps->n)++;
	}
	/* the array may have moved: point every part at its place again */
	for (size_t k = 0; k < *ps->n; k++)
		ps->acc[k].st = &list[k];
	return &ps->acc[i];
}

static int cmp_choice(const void *a, const void *b)
{
	int64_t x = ((const struct stats_choice *)a)->pack_option;
	int64_t y = ((const struct stats_choice *)b)->pack_option;

	/* the pack's options in order, then own wording, then none */
	if ((x > 0) != (y > 0))
		return x > 0 ? -1 : 1;
	return x > 0 ? (x > y) - (x < y) : (x < y) - (x > y);
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_part(const void *a, const void *b)
{
	const struct stats *x = a, *y = b;
	int c = cmp_str(x->pack_id, y->pack_id);

	if (!c)
		c = cmp_str(x->scenario_id, y->scenario_id);
	return c ? c : cmp_str(x->cohort, y->cohort);
}

static void parts_finish(struct parts *ps)
{
	for (size_t i = 0; i < *ps->n; i++) {
		part_finish(&ps->acc[i]);
		struct stats *p = &(*ps->list)[i];
		if (p->nchoices)
			qsort(p->choices, p->nchoices, sizeof(*p->choices), cmp_choice);
	}
	if (*ps->n)
		qsort(*ps->list, *ps->n, sizeof(**ps->list), cmp_part);
	free(ps->acc);
}

/* The numbers of the sessions @q selects, but for the session @exclude
 * (NULL: none). */
static struct stats *compute(struct store *st, const struct stats_query *q, const char *exclude,
			     struct store_error *err)
{
	struct stats *whole = xcalloc(1, sizeof(*whole));
	struct part all = {.st = whole};
	struct parts scenarios = {.list = &whole->scenarios, .n = &whole->nscenarios};
	struct parts groups = {.list = &whole->groups, .n = &whole->ngroups};
	struct facts f = {0};
	struct store_scan *sc;
	const struct session *s;

	whole->by = q->by;
	sc = store_scan_open(st, &q->filter, STORE_SCAN_PARTICIPANTS | STORE_SCAN_ENTRIES |
			     STORE_SCAN_VOTES | STORE_SCAN_EVENTS | STORE_SCAN_SCENARIO, err);
	if (!sc) {
		free(whole);
		return NULL;
	}
	while ((s = store_scan_next(sc, err))) {
		if (exclude && strcmp(s->id, exclude) == 0)
			continue;
		facts_of(s, &f);
		part_add(&all, s, &f, false);
		part_add(part_for(&scenarios, s->pack_id, s->scenario_id, s->scenario_title, NULL),
			 s, &f, true);
		if (q->by == STATS_BY_PACK)
			part_add(part_for(&groups, s->pack_id, NULL, NULL, NULL), s, &f, false);
		else if (q->by == STATS_BY_COHORT)
			part_add(part_for(&groups, NULL, NULL, NULL, s->cohort), s, &f, false);
	}
	store_scan_close(sc);
	facts_finish(&f);
	part_finish(&all);
	parts_finish(&scenarios);
	parts_finish(&groups);
	if (err->code != STORE_OK) {
		stats_destroy(whole);
		return NULL;
	}
	return whole;
}

struct stats *stats_compute(struct store *st, const struct stats_query *q,
			    struct store_error *err)
{
	return compute(st, q, NULL, err);
}

struct stats *stats_peers(struct store *st, const struct session *s, struct store_error *err)
{
	struct stats_query q = {.filter = {.pack = s->pack_id, .scenario = s->scenario_id,
					   .cohort = s->cohort, .status = "finished"}};
	struct stats *peers = NULL;

	if (s->cohort && s->cohort[0]) {
		peers = compute(st, &q, s->id, err);
		if (!peers || peers->sessions)
			goto done;
		stats_destroy(peers);
	}
	/* no cohort, or no one else of it finished: every cohort */
	q.filter.cohort = NULL;
	peers = compute(st, &q, s->id, err);
done:
	if (peers && q.filter.cohort)
		peers->cohort = xstrdup(q.filter.cohort);
	return peers;
}

static void stats_free_part(struct stats *s)
{
	free(s->pack_id);
	free(s->scenario_id);
	free(s->scenario_title);
	free(s->cohort);
	for (size_t i = 0; i < s->nprinciples; i++) {
		free(s->principles[i].id);
		free(s->principles[i].name);
	}
	free(s->principles);
	for (size_t i = 0; i < s->nchoices; i++)
		free(s->choices[i].text);
	free(s->choices);
	for (size_t i = 0; i < s->nscenarios; i++)
		stats_free_part(&s->scenarios[i]);
	free(s->scenarios);
	for (size_t i = 0; i < s->ngroups; i++)
		stats_free_part(&s->groups[i]);
	free(s->groups);
}

void stats_destroy(struct stats *s)
{
	if (!s)
		return;
	stats_free_part(s);
	free(s);
}

/* ---- asking the numbers ---- */

static double share_of(const struct stats_gap *g)
{
	return (double)g->considered / (double)g->principle->sessions;
}

static double share_anywhere(const struct stats_principle *p)
{
	return p->sessions ? (double)p->anywhere / (double)p->sessions : 1.0;
}

size_t stats_overlooked(const struct stats *s, const struct stats_principle **out, size_t max)
{
	size_t n = 0;

	/* an insertion sort, stable: equal shares keep the framework's order */
	for (size_t i = 0; i < s->nprinciples; i++) {
		const struct stats_principle *p = &s->principles[i];
		size_t at;
		if (!p->sessions)
			continue;
		at = n < max ? n : max;
		while (at > 0 && share_anywhere(out[at - 1]) > share_anywhere(p))
			at--;
		if (at == max)
			continue;
		if (n < max)
			n++;
		memmove(&out[at + 1], &out[at], (n - 1 - at) * sizeof(*out));
		out[at] = p;
	}
	return n;
}

const struct stats_principle *stats_principle(const struct stats *s, const char *id)
{
	for (size_t i = 0; i < s->nprinciples; i++)
		if (strcmp(s->principles[i].id, id) == 0)
			return &s->principles[i];
	return NULL;
}

const struct stats_choice *stats_choice_of(const struct stats *sc, const struct session *s)
{
	int64_t choice = decision_choice(tally_decision(s));

	for (size_t i = 0; i < sc->nchoices; i++)
		if (sc->choices[i].pack_option == choice)
			return &sc->choices[i];
	return NULL;
}

size_t stats_missed(const struct stats *peers, const struct session *s, struct stats_gap *out,
		    size_t max)
{
	const struct framework *fw = tally_framework(s);
	size_t n = 0;

	for (size_t i = 0; fw && i < peers->nprinciples; i++) {
		const struct stats_principle *p = &peers->principles[i];
		if (!p->sessions || !framework_principle(fw, p->id))
			continue;
		for (size_t k = 0; k < NDM_STAGE_COUNT; k++) {
			enum ndm_stage st = ndm_display_order[k];
			struct stats_gap g = {.principle = p, .stage = st,
					      .considered = p->considered[st]};
			size_t at = n < max ? n : max;
			if (2 * g.considered < p->sessions || tally_considered(s, st, p->id))
				continue;
			/* stable: among equal shares the first found stays first */
			while (at > 0 && share_of(&out[at - 1]) < share_of(&g))
				at--;
			if (at == max)
				continue;
			if (n < max)
				n++;
			memmove(&out[at + 1], &out[at], (n - 1 - at) * sizeof(*out));
			out[at] = g;
		}
	}
	return n;
}

/* Whether session @s, of facts @f, is in @cell. */
static bool in_cell(const struct session *s, const struct facts *f, const struct stats_cell *c)
{
	int p = f->fw && c->principle ? framework_principle_index(f->fw, c->principle) : -1;
	int first = c->stage < 0 ? 0 : c->stage, last = c->stage < 0 ? NDM_STAGE_COUNT - 1 : c->stage;
	size_t n = 0;

	switch (c->kind) {
	case STATS_CELL_CONSIDERED:
	case STATS_CELL_OVERLOOKED:
		if (p < 0)
			return false;
		for (int st = first; st <= last; st++)
			n += f->grid[p][st].entries > 0;
		return c->kind == STATS_CELL_CONSIDERED ? n > 0 : n == 0;
	case STATS_CELL_STANCE:
		if (p < 0 || c->stance >= STANCE_COUNT)
			return false;
		for (int st = first; st <= last; st++)
			n += f->grid[p][st].stances[c->stance];
		return n > 0;
	case STATS_CELL_CHOICE:
		return (!c->pack_id || strcmp(s->pack_id, c->pack_id) == 0) &&
		       (!c->scenario_id || strcmp(s->scenario_id, c->scenario_id) == 0) &&
		       choice_of(f) == c->pack_option;
	case STATS_CELL_STAGE_TIME:
		return s->status == SESSION_FINISHED &&
		       (c->stage < 0 || (c->stage < NDM_STAGE_COUNT && f->stage[c->stage] > 0));
	}
	return false;
}

/* Call @take with each session @q selects that is in @cell. */
static bool each_in_cell(struct store *st, const struct stats_query *q,
			 const struct stats_cell *cell,
			 void (*take)(const struct session *s, void *ctx), void *ctx,
			 struct store_error *err)
{
	struct store_scan *sc = store_scan_open(st, &q->filter, STORE_SCAN_PARTICIPANTS |
						STORE_SCAN_ENTRIES | STORE_SCAN_VOTES |
						STORE_SCAN_EVENTS | STORE_SCAN_SCENARIO, err);
	struct facts f = {0};
	const struct session *s;

	if (!sc)
		return false;
	while ((s = store_scan_next(sc, err))) {
		facts_of(s, &f);
		if (in_cell(s, &f, cell))
			take(s, ctx);
	}
	store_scan_close(sc);
	facts_finish(&f);
	return err->code == STORE_OK;
}

struct id_list {
	char **ids;
	size_t n;
};

static void take_id(const struct session *s, void *ctx)
{
	struct id_list *l = ctx;

	l->ids = xreallocarray(l->ids, l->n + 1, sizeof(*l->ids));
	l->ids[l->n++] = xstrdup(s->id);
}

bool stats_sessions(struct store *st, const struct stats_query *q, const struct stats_cell *cell,
		    char ***ids, size_t *n, struct store_error *err)
{
	struct id_list l = {0};

	*ids = NULL;
	*n = 0;
	if (!each_in_cell(st, q, cell, take_id, &l, err)) {
		for (size_t i = 0; i < l.n; i++)
			free(l.ids[i]);
		free(l.ids);
		return false;
	}
	*ids = l.ids;
	*n = l.n;
	return true;
}

struct summary_list {
	struct session_summary *list;
	size_t n, cap;
};

static void take_summary(const struct session *s, void *ctx)
{
	struct summary_list *l = ctx;
	struct session_summary *sum;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->list = xreallocarray(l->list, l->cap, sizeof(*l->list));
	}
	sum = &l->list[l->n++];
	memset(sum, 0, sizeof(*sum));
	snprintf(sum->id, sizeof(sum->id), "%s", s->id);
	sum->label = xstrdup(s->label ? s->label : "");
	sum->cohort = xstrdup(s->cohort ? s->cohort : "");
	sum->mode = s->mode;
	sum->status = s->status;
	sum->pack_id = xstrdup(s->pack_id ? s->pack_id : "");
	sum->scenario_id = xstrdup(s->scenario_id ? s->scenario_id : "");
	sum->scenario_title = xstrdup(s->scenario_title ? s->scenario_title : "");
	snprintf(sum->started_at, sizeof(sum->started_at), "%s", s->started_at);
	snprintf(sum->finished_at, sizeof(sum->finished_at), "%s", s->finished_at);
	sum->last_stage = tally_last_stage(s);
}

bool stats_session_list(struct store *st, const struct stats_query *q,
			const struct stats_cell *cell, struct session_summary **out, size_t *n,
			struct store_error *err)
{
	struct summary_list l = {0};

	*out = NULL;
	*n = 0;
	if (!each_in_cell(st, q, cell, take_summary, &l, err)) {
		session_summaries_free(l.list, l.n);
		return false;
	}
	*out = l.list;
	*n = l.n;
	return true;
}
