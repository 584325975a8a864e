/*
 * stats_csv.c - the trainer's numbers as CSV for a spreadsheet: one tidy
 * table per breakdown (one row per thing counted, one column per
 * measure), the column lists below being what dilemma(1) documents.
 * Shares are fractions from 0 to 1 with four decimals, empty where there
 * is nothing to divide by.
 */
#include <stdio.h>

#include "dilemma/stats_report.h"

static const char *const principle_columns[] = {
	"principle", "principle_name", "stage", "sessions", "considered", "share",
	"upholds", "tension", "neutral",
};
static const char *const stage_columns[] = {
	"stage", "timed", "median_seconds", "p90_seconds", "principle_sessions", "considered",
	"share", "upholds", "tension", "neutral",
};
static const char *const scenario_columns[] = {
	"pack_id", "scenario_id", "scenario_title", "sessions", "finished", "choice",
	"option_text", "chosen", "share",
};
/* pack and cohort: the first column is the group's name */
#define GROUP_COLUMNS \
	"sessions", "finished", "median_seconds", "p90_seconds", "principles_share", \
	"decided_pack_option", "decided_own_wording", "undecided", "panel_sessions", "ballots", \
	"revealed", "turnout", "majority_compared", "majority_matched"
static const char *const pack_columns[] = {"pack_id", GROUP_COLUMNS};
static const char *const cohort_columns[] = {"cohort", GROUP_COLUMNS};

struct csv_table {
	const char *const *columns;
	size_t n;
};

static const struct csv_table tables[STATS_BY_COUNT] = {
	[STATS_BY_NONE] = {principle_columns, ALEN(principle_columns)},
	[STATS_BY_PRINCIPLE] = {principle_columns, ALEN(principle_columns)},
	[STATS_BY_STAGE] = {stage_columns, ALEN(stage_columns)},
	[STATS_BY_SCENARIO] = {scenario_columns, ALEN(scenario_columns)},
	[STATS_BY_PACK] = {pack_columns, ALEN(pack_columns)},
	[STATS_BY_COHORT] = {cohort_columns, ALEN(cohort_columns)},
};

const char *const *stats_csv_columns(enum stats_by by, size_t *n)
{
	*n = tables[by].n;
	return tables[by].columns;
}

static void share(struct csvout *w, size_t part, size_t whole)
{
	char s[32];

	if (!whole) {
		csvout_field(w, "");
		return;
	}
	snprintf(s, sizeof(s), "%.4f", (double)part / (double)whole);
	csvout_field(w, s);
}

static void count(struct csvout *w, size_t n)
{
	csvout_int(w, (int64_t)n);
}

static void stances(struct csvout *w, const size_t k[STANCE_COUNT])
{
	count(w, k[STANCE_UPHOLDS]);
	count(w, k[STANCE_TENSION]);
	count(w, k[STANCE_NEUTRAL]);
}

static void principle_rows(struct csvout *w, const struct stats *s)
{
	for (size_t i = 0; i < s->nprinciples; i++) {
		const struct stats_principle *p = &s->principles[i];
		size_t all[STANCE_COUNT] = {0};
		for (int k = 0; k < NDM_STAGE_COUNT; k++) {
			enum ndm_stage st = ndm_display_order[k];
			csvout_field(w, p->id);
			csvout_field(w, p->name);
			csvout_field(w, ndm_stage_id(st));
			count(w, p->sessions);
			count(w, p->considered[st]);
			share(w, p->considered[st], p->sessions);
			stances(w, p->stances[st]);
			csvout_end_row(w);
			for (int x = 0; x < STANCE_COUNT; x++)
				all[x] += p->stances[st][x];
		}
		csvout_field(w, p->id);
		csvout_field(w, p->name);
		csvout_field(w, "any");
		count(w, p->sessions);
		count(w, p->anywhere);
		share(w, p->anywhere, p->sessions);
		stances(w, all);
		csvout_end_row(w);
	}
}

static void stage_rows(struct csvout *w, const struct stats *s)
{
	for (int k = 0; k < NDM_STAGE_COUNT; k++) {
		enum ndm_stage st = ndm_display_order[k];
		size_t slots = 0, considered = 0, all[STANCE_COUNT] = {0};
		for (size_t i = 0; i < s->nprinciples; i++) {
			slots += s->principles[i].sessions;
			considered += s->principles[i].considered[st];
			for (int x = 0; x < STANCE_COUNT; x++)
				all[x] += s->principles[i].stances[st][x];
		}
		csvout_field(w, ndm_stage_id(st));
		count(w, s->stage[st].n);
		csvout_int(w, s->stage[st].median);
		csvout_int(w, s->stage[st].p90);
		count(w, slots);
		count(w, considered);
		share(w, considered, slots);
		stances(w, all);
		csvout_end_row(w);
	}
}

static void scenario_rows(struct csvout *w, const struct stats *s)
{
	for (size_t i = 0; i < s->nscenarios; i++) {
		const struct stats *sc = &s->scenarios[i];
		for (size_t c = 0; c < sc->nchoices; c++) {
			const struct stats_choice *ch = &sc->choices[c];
			csvout_field(w, sc->pack_id);
			csvout_field(w, sc->scenario_id);
			csvout_field(w, sc->scenario_title);
			count(w, sc->sessions);
			count(w, sc->finished);
			if (ch->pack_option > 0)
				csvout_int(w, ch->pack_option);
			else
				csvout_field(w, ch->pack_option == STATS_OWN_WORDING ? "own" : "none");
			csvout_field(w, ch->text ? ch->text : "");
			count(w, ch->sessions);
			share(w, ch->sessions, sc->sessions);
			csvout_end_row(w);
		}
	}
}

static void group_rows(struct csvout *w, const struct stats *s, enum stats_by by)
{
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct stats *g = &s->groups[i];
		csvout_field(w, by == STATS_BY_PACK ? g->pack_id : g->cohort);
		count(w, g->sessions);
		count(w, g->finished);
		csvout_int(w, g->total.median);
		csvout_int(w, g->total.p90);
		share(w, g->principles_considered, g->principle_slots);
		count(w, g->decided_pack);
		count(w, g->decided_own);
		count(w, g->undecided);
		count(w, g->panels.sessions);
		count(w, g->panels.ballots);
		count(w, g->panels.revealed);
		share(w, g->panels.voters, g->panels.eligible);
		count(w, g->panels.compared);
		count(w, g->panels.matched);
		csvout_end_row(w);
	}
}

void stats_write_csv(struct csvout *w, const struct stats *s, enum stats_by by)
{
	csvout_row(w, tables[by].columns, tables[by].n);
	switch (by) {
	case STATS_BY_STAGE:
		stage_rows(w, s);
		break;
	case STATS_BY_SCENARIO:
		scenario_rows(w, s);
		break;
	case STATS_BY_PACK:
	case STATS_BY_COHORT:
		group_rows(w, s, by);
		break;
	default:
		principle_rows(w, s);
		break;
	}
}
