/*
 * dash_charts.c - the dashboard's charts (see dashboard.h): the coverage
 * map of principles by stage, the stances, the decisions of each scenario
 * by option and the time per stage, laid out as a document for the
 * dashboard's pane, with the rows that can be selected and what each of
 * their cells counts. The charts are chart.h's rows, so they read without
 * colour: shades in the map, fills in the stacked bars.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "term.h"

static const enum stance stance_of[DASH_STANCES] = {
	STANCE_UPHOLDS, STANCE_TENSION, STANCE_NEUTRAL,
};

static const char *const stance_legend =
	"\xE2\x96\x88 upholds  \xE2\x96\x93 in tension  \xE2\x96\x92 neutral";

/* ---- words ---- */

static double frac(size_t part, size_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

static double pct(size_t part, size_t whole)
{
	return 100.0 * frac(part, whole);
}

/* 125 -> "2:05", 3725 -> "1:02:05". */
static char *duration(long secs)
{
	if (secs >= 3600)
		return xasprintf("%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	return xasprintf("%ld:%02ld", secs / 60, secs % 60);
}

/* Stage @k of the map's columns, or -1 for "any". */
static int heat_stage(size_t k)
{
	return k < NDM_STAGE_COUNT ? (int)ndm_display_order[k] : -1;
}

static const char *stage_name(int stage)
{
	return ndm_stage_info((enum ndm_stage)stage)->short_name;
}

/* "1. Tell her", "In their own words", "No decision". */
static char *choice_label(const struct stats_choice *ch)
{
	if (ch->pack_option > 0)
		return xasprintf("%lld. %s", (long long)ch->pack_option,
				 ch->text ? ch->text : "(pack option)");
	return xstrdup(ch->pack_option == STATS_OWN_WORDING ? "In their own words" : "No decision");
}

static const struct stats_times *times_of(const struct stats *s, int stage)
{
	return stage < 0 ? &s->total : &s->stage[stage];
}

/* ---- the document ---- */

#define OWN_ROW SIZE_MAX  /* an item shown by its own row alone */

static struct dash_item *add_item(struct dash_charts *c, enum dash_item_kind kind, size_t from)
{
	struct dash_item *it;

	if (c->nitems == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->items = xreallocarray(c->items, c->cap, sizeof(*c->items));
	}
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->from = from;
	return it;
}

/* The @n rows of a chart (the document keeps them; the caller frees the
 * array), row i being item @first + i's. */
static void chart_rows(struct dash_charts *c, char **lines, size_t n, size_t first)
{
	for (size_t i = 0; i < n; i++) {
		struct dash_item *it = &c->items[first + i];
		it->row = c->d.n;
		if (it->from == OWN_ROW)
			it->from = it->row;
		/* a coverage row is not highlighted whole: its selected cell is */
		doc_line(&c->d, doc_keep(&c->d, lines[i]), A_NORMAL, 0,
			 it->kind == DI_HEAT ? -1 : (int)(first + i));
	}
}

static void heading(struct dash_charts *c, const char *text)
{
	if (c->d.n)
		doc_line(&c->d, "", A_NORMAL, 0, -1);
	doc_text(&c->d, text, term_attr(ROLE_EMPH), 0, -1);
}

static void coverage(struct dash_charts *c, const struct stats *s, int width)
{
	const char *heads[DASH_HEAT_COLS];
	const char **labels = xcalloc(s->nprinciples + 1, sizeof(*labels));
	double *shares = xcalloc(s->nprinciples * DASH_HEAT_COLS + 1, sizeof(*shares));
	const struct stats_principle *low[3];
	size_t head = c->d.n, first = c->nitems, nlow, n;
	char **lines;
	struct buf b = {0};

	heading(c, "Coverage: the share of sessions that considered each principle, by stage");
	for (size_t k = 0; k < NDM_STAGE_COUNT; k++)
		heads[k] = doc_keep(&c->d, xasprintf("%d %s", heat_stage(k),
						     stage_name(heat_stage(k))));
	heads[NDM_STAGE_COUNT] = "Any";
	for (size_t p = 0; p < s->nprinciples; p++) {
		struct dash_item *it = add_item(c, DI_HEAT, p ? OWN_ROW : head);
		it->principle = p;
		labels[p] = s->principles[p].name;
		for (size_t k = 0; k < DASH_HEAT_COLS; k++)
			shares[p * DASH_HEAT_COLS + k] = dash_heat_share(s, it, k);
	}
	n = chart_heatmap(labels, s->nprinciples, heads, DASH_HEAT_COLS, shares, (size_t)width,
			  &lines, &c->heat);
	doc_line(&c->d, doc_keep(&c->d, lines[0]), term_attr(ROLE_DIM), 0, -1);
	chart_rows(c, lines + 1, n - 1, first);
	free(lines);
	doc_text(&c->d, CHART_SHADE_LEGEND, term_attr(ROLE_DIM), 0, -1);
	nlow = stats_overlooked(s, low, ALEN(low));
	for (size_t i = 0; i < nlow; i++)
		buf_printf(&b, "%s%s (%.0f%%)", i ? ", " : "Most overlooked: ", low[i]->name,
			   pct(low[i]->anywhere, low[i]->sessions));
	if (nlow)
		doc_text(&c->d, doc_keep(&c->d, buf_steal(&b)), A_NORMAL, 0, -1);
	free(labels);
	free(shares);
}

/* The stances taken on each principle, over every stage. */
static size_t stance_count(const struct stats_principle *p, enum stance st)
{
	size_t n = 0;

	for (int k = 0; k < NDM_STAGE_COUNT; k++)
		n += p->stances[k][st];
	return n;
}

static void stances(struct dash_charts *c, const struct stats *s, int width)
{
	struct chart_row *rows = xcalloc(s->nprinciples + 1, sizeof(*rows));
	double (*parts)[DASH_STANCES] = xcalloc(s->nprinciples + 1, sizeof(*parts));
	size_t head = c->d.n, first = c->nitems;
	char **lines;

	heading(c, doc_keep(&c->d, xasprintf("Stances on each principle, all stages: %s",
					     stance_legend)));
	for (size_t p = 0; p < s->nprinciples; p++) {
		const struct stats_principle *sp = &s->principles[p];
		struct dash_item *it = add_item(c, DI_STANCE, p ? OWN_ROW : head);
		it->principle = p;
		for (size_t k = 0; k < DASH_STANCES; k++)
			parts[p][k] = (double)stance_count(sp, stance_of[k]);
		rows[p] = (struct chart_row){
			.label = sp->name, .parts = parts[p], .nparts = DASH_STANCES,
			.note = doc_keep(&c->d, xasprintf("%zu \xC2\xB7 %zu \xC2\xB7 %zu",
							  stance_count(sp, STANCE_UPHOLDS),
							  stance_count(sp, STANCE_TENSION),
							  stance_count(sp, STANCE_NEUTRAL))),
		};
	}
	chart_bars(rows, s->nprinciples, 0, (size_t)width, &lines);
	chart_rows(c, lines, s->nprinciples, first);
	free(lines);
	free(rows);
	free(parts);
}

static void decisions(struct dash_charts *c, const struct stats *s, int width)
{
	size_t head = c->d.n;

	heading(c, "Decisions: how often each of a scenario's options was chosen");
	for (size_t i = 0; i < s->nscenarios; i++) {
		const struct stats *sc = &s->scenarios[i];
		struct chart_row *rows = xcalloc(sc->nchoices + 1, sizeof(*rows));
		size_t first = c->nitems, title = c->d.n;
		char **lines;
		doc_text(&c->d, doc_keep(&c->d, xasprintf("%s (%s/%s): %zu session%s",
							  sc->scenario_title, sc->pack_id,
							  sc->scenario_id, sc->sessions,
							  sc->sessions == 1 ? "" : "s")),
			 term_attr(ROLE_DIM), 0, -1);
		for (size_t k = 0; k < sc->nchoices; k++) {
			const struct stats_choice *ch = &sc->choices[k];
			struct dash_item *it = add_item(c, DI_CHOICE, k ? OWN_ROW : i ? title : head);
			it->scenario = i;
			it->choice = k;
			rows[k] = (struct chart_row){
				.label = doc_keep(&c->d, choice_label(ch)),
				.value = frac(ch->sessions, sc->sessions),
				.note = doc_keep(&c->d, xasprintf("%.0f%% (%zu)",
								  pct(ch->sessions, sc->sessions),
								  ch->sessions)),
			};
		}
		chart_bars(rows, sc->nchoices, 1, (size_t)width, &lines);
		chart_rows(c, lines, sc->nchoices, first);
		free(lines);
		free(rows);
	}
}

static void times(struct dash_charts *c, const struct stats *s, int width)
{
	struct chart_row rows[NDM_STAGE_COUNT + 1];
	size_t head = c->d.n, first = c->nitems;
	char **lines;

	heading(c, "Time per stage: the median over the finished sessions that spent time there"
		" (and the 90th percentile)");
	for (int k = -1; k < NDM_STAGE_COUNT; k++) {
		int stage = k < 0 ? -1 : (int)ndm_display_order[k];
		const struct stats_times *t = times_of(s, stage);
		struct dash_item *it = add_item(c, DI_TIME, k < 0 ? head : OWN_ROW);
		it->stage = stage;
		rows[k + 1] = (struct chart_row){
			.label = stage < 0 ? "Total" : stage_name(stage),
			.value = (double)t->median,
			.note = t->n ? doc_keep(&c->d, xasprintf("%s \xC2\xB7 90%% %s (%zu)",
					doc_keep(&c->d, duration(t->median)),
					doc_keep(&c->d, duration(t->p90)), t->n)) : "-",
		};
	}
	chart_bars(rows, ALEN(rows), 0, (size_t)width, &lines);
	chart_rows(c, lines, ALEN(rows), first);
	free(lines);
}

static void panels(struct dash_charts *c, const struct stats *s)
{
	const struct stats_panels *pn = &s->panels;

	if (!pn->sessions)
		return;
	heading(c, "Panels");
	doc_text(&c->d, doc_keep(&c->d, xasprintf(
		"%zu panel session%s held %zu ballot%s, %zu revealed; turnout %.0f%% (%zu of %zu"
		" who could vote). The revealed majority was the decision in %zu of %zu"
		" sessions (%.0f%%).", pn->sessions, pn->sessions == 1 ? "" : "s", pn->ballots,
		pn->ballots == 1 ? "" : "s", pn->revealed, pct(pn->voters, pn->eligible),
		pn->voters, pn->eligible, pn->matched, pn->compared,
		pct(pn->matched, pn->compared))), A_NORMAL, 0, -1);
}

void dash_charts_build(struct dash_charts *c, const struct stats *s, const char *error,
		       int width)
{
	doc_reset(&c->d, width);
	c->nitems = 0;
	memset(&c->heat, 0, sizeof(c->heat));
	if (!s) {
		doc_text(&c->d, error && error[0] ? error : "Nothing counted yet.",
			 term_attr(ROLE_ERROR), 0, -1);
		return;
	}
	if (!s->sessions) {
		doc_text(&c->d, "No session matches these filters: change one (p, s, c, f, t) or"
			 " count them all again (a).", term_attr(ROLE_EMPH), 0, -1);
		return;
	}
	if (s->nprinciples)
		coverage(c, s, c->d.width);
	if (s->nprinciples)
		stances(c, s, c->d.width);
	decisions(c, s, c->d.width);
	times(c, s, c->d.width);
	panels(c, s);
}

void dash_charts_free(struct dash_charts *c)
{
	doc_free(&c->d);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

/* ---- cells ---- */

size_t dash_item_cells(const struct dash_item *it)
{
	switch (it->kind) {
	case DI_HEAT: return DASH_HEAT_COLS;
	case DI_STANCE: return DASH_STANCES;
	default: return 1;
	}
}

double dash_heat_share(const struct stats *s, const struct dash_item *it, size_t cell)
{
	const struct stats_principle *p = &s->principles[it->principle];
	int stage = heat_stage(cell);

	if (!p->sessions)
		return -1;
	return frac(stage < 0 ? p->anywhere : p->considered[stage], p->sessions);
}

void dash_cell(const struct stats *s, const struct dash_item *it, size_t cell, bool overlooked,
	       struct stats_cell *out)
{
	memset(out, 0, sizeof(*out));
	switch (it->kind) {
	case DI_HEAT:
		out->kind = overlooked ? STATS_CELL_OVERLOOKED : STATS_CELL_CONSIDERED;
		out->principle = s->principles[it->principle].id;
		out->stage = heat_stage(cell);
		break;
	case DI_STANCE:
		out->kind = STATS_CELL_STANCE;
		out->principle = s->principles[it->principle].id;
		out->stage = -1;
		out->stance = stance_of[cell < DASH_STANCES ? cell : 0];
		break;
	case DI_CHOICE: {
		const struct stats *sc = &s->scenarios[it->scenario];
		out->kind = STATS_CELL_CHOICE;
		out->pack_id = sc->pack_id;
		out->scenario_id = sc->scenario_id;
		out->pack_option = sc->choices[it->choice].pack_option;
		break;
	}
	default:
		out->kind = STATS_CELL_STAGE_TIME;
		out->stage = it->stage;
		break;
	}
}

/* "at Assessment" or "at some stage". */
static char *where(int stage)
{
	return stage < 0 ? xstrdup("at some stage") : xasprintf("at %s", stage_name(stage));
}

char *dash_cell_text(const struct stats *s, const struct dash_item *it, size_t cell)
{
	switch (it->kind) {
	case DI_HEAT: {
		const struct stats_principle *p = &s->principles[it->principle];
		int stage = heat_stage(cell);
		size_t n = stage < 0 ? p->anywhere : p->considered[stage];
		char *at = where(stage), *r;
		r = xasprintf("%s %s: %zu of %zu sessions (%.0f%%) considered it.", p->name, at, n,
			      p->sessions, pct(n, p->sessions));
		free(at);
		return r;
	}
	case DI_STANCE: {
		const struct stats_principle *p = &s->principles[it->principle];
		enum stance st = stance_of[cell < DASH_STANCES ? cell : 0];
		return xasprintf("%s, %s: %zu entr%s at every stage (Left and Right: the other"
				 " stances).", p->name, stance_name(st), stance_count(p, st),
				 stance_count(p, st) == 1 ? "y" : "ies");
	}
	case DI_CHOICE: {
		const struct stats *sc = &s->scenarios[it->scenario];
		const struct stats_choice *ch = &sc->choices[it->choice];
		char *label = choice_label(ch), *r;
		r = xasprintf("%zu of %zu sessions (%.0f%%) on %s: %s", ch->sessions, sc->sessions,
			      pct(ch->sessions, sc->sessions), sc->scenario_title, label);
		free(label);
		return r;
	}
	default: {
		const struct stats_times *t = times_of(s, it->stage);
		const char *what = it->stage < 0 ? "In total" : stage_name(it->stage);
		if (!t->n)
			return xasprintf("%s: no finished session spent time there.", what);
		char *med = duration(t->median), *p90 = duration(t->p90), *r;
		r = xasprintf("%s: median %s, 90th percentile %s, over %zu finished session%s.",
			      what, med, p90, t->n, t->n == 1 ? "" : "s");
		free(med);
		free(p90);
		return r;
	}
	}
}

char *dash_list_title(const struct stats *s, const struct dash_item *it, size_t cell,
		      bool overlooked, size_t n)
{
	switch (it->kind) {
	case DI_HEAT: {
		char *at = where(heat_stage(cell)), *r;
		r = xasprintf("Sessions that %s %s %s (%zu)", overlooked ? "did not consider"
			      : "considered", s->principles[it->principle].name, at, n);
		free(at);
		return r;
	}
	case DI_STANCE:
		return xasprintf("Sessions with an entry on %s: %s (%zu)",
				 s->principles[it->principle].name,
				 stance_name(stance_of[cell < DASH_STANCES ? cell : 0]), n);
	case DI_CHOICE: {
		const struct stats *sc = &s->scenarios[it->scenario];
		char *label = choice_label(&sc->choices[it->choice]), *r;
		r = xasprintf("Sessions on %s: %s (%zu)", sc->scenario_title, label, n);
		free(label);
		return r;
	}
	default:
		if (it->stage < 0)
			return xasprintf("Finished sessions (%zu)", n);
		return xasprintf("Finished sessions that spent time at %s (%zu)",
				 stage_name(it->stage), n);
	}
}
