/*
 * stats_report.c - the trainer's numbers as a report (see stats_report.h):
 * each section is a table of cells with a bar chart in its last column,
 * laid out either as plain text to a width (the bar gets what the cells
 * leave) or as a Markdown table. The sections and their order depend on
 * the breakdown asked for; with none, an overview of everything.
 */
#include "dilemma/stats_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/chart.h"

#define MD_BAR 20      /* a bar's width in a Markdown table */
#define MIN_BAR 8      /* the narrowest bar a plain table gives */
#define MIN_LABEL 12   /* the narrowest a plain table cuts its first column */

static const char *const stance_legend =
	"\xE2\x96\x88 upholds  \xE2\x96\x93 in tension  \xE2\x96\x92 neutral";

/* ---- a table: text cells, then a bar (or a stacked bar) per row ---- */

struct table {
	const char *const *heads;
	size_t ncols;
	unsigned right;        /* bit i: cells of column i are right-aligned */
	char **cells;          /* nrows * ncols, owned */
	double (*bars)[3];     /* per row: the bar's value, or a stack's parts */
	size_t nrows;
	bool stacked;
	double max;            /* the bars' scale: the longest bar */
};

static void table_init(struct table *t, const char *const *heads, size_t ncols,
		       unsigned right, bool stacked)
{
	memset(t, 0, sizeof(*t));
	t->heads = heads;
	t->ncols = ncols;
	t->right = right;
	t->stacked = stacked;
}

/* Add a row: @cells (ncols of them, copied) and its bar. */
static void table_row(struct table *t, const char *const *cells, const double bar[3])
{
	double len = t->stacked ? bar[0] + bar[1] + bar[2] : bar[0];

	t->cells = xreallocarray(t->cells, (t->nrows + 1) * t->ncols, sizeof(*t->cells));
	t->bars = xreallocarray(t->bars, t->nrows + 1, sizeof(*t->bars));
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
	memcpy(t->bars[t->nrows], bar, sizeof(t->bars[0]));
	if (len > t->max)
		t->max = len;
	t->nrows++;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->bars);
}

static void draw_bar(struct buf *out, const struct table *t, size_t row, size_t width)
{
	if (t->stacked)
		chart_stack(out, t->bars[row], 3, t->max, width);
	else
		chart_bar(out, t->bars[row][0], t->max, width);
}

/* Drop the spaces at the end of @out since @from. */
static void trim_end(struct buf *out, size_t from)
{
	while (out->len > from && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

static void table_plain(struct buf *out, const struct table *t, size_t width)
{
	size_t *w = xcalloc(t->ncols + 1, sizeof(*w)), used = 0, bar;

	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = chart_width(t->heads[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = chart_width(t->cells[r * t->ncols + c]);
			w[c] = cw > w[c] ? cw : w[c];
		}
		used += w[c] + 2;
	}
	/* the first column gives way before the bar gets too short */
	if (used + MIN_BAR > width && w[0] > MIN_LABEL) {
		size_t cut = used + MIN_BAR - width;
		cut = cut > w[0] - MIN_LABEL ? w[0] - MIN_LABEL : cut;
		w[0] -= cut;
		used -= cut;
	}
	bar = width > used ? width - used : 1;
	for (size_t r = 0; r <= t->nrows; r++) {
		size_t start = out->len;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = r ? t->cells[(r - 1) * t->ncols + c] : t->heads[c];
			chart_fit(out, cell, w[c], (t->right >> c) & 1u);
			buf_puts(out, "  ");
		}
		if (r)
			draw_bar(out, t, r - 1, bar);
		trim_end(out, start);
		buf_putc(out, '\n');
	}
	free(w);
}

/* A cell's text in a Markdown table: no line breaks, pipes escaped. */
static void md_cell(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_putc(out, ' ');
		else
			buf_putc(out, *s);
	}
}

static void table_markdown(struct buf *out, const struct table *t)
{
	buf_puts(out, "|");
	for (size_t c = 0; c < t->ncols; c++) {
		buf_putc(out, ' ');
		md_cell(out, t->heads[c]);
		buf_puts(out, " |");
	}
	buf_puts(out, "   |\n|");
	for (size_t c = 0; c < t->ncols; c++)
		buf_puts(out, (t->right >> c) & 1u ? " ---: |" : " --- |");
	buf_puts(out, " --- |\n");
	for (size_t r = 0; r < t->nrows; r++) {
		buf_puts(out, "|");
		for (size_t c = 0; c < t->ncols; c++) {
			buf_putc(out, ' ');
			md_cell(out, t->cells[r * t->ncols + c]);
			buf_puts(out, " |");
		}
		struct buf bar = {0};
		draw_bar(&bar, t, r, MD_BAR);
		trim_end(&bar, 0);
		if (bar.len)
			buf_printf(out, " `%s`", bar.data);
		buf_puts(out, " |\n");
		buf_finish(&bar);
	}
}

/* ---- the report ---- */

struct report {
	struct buf *out;
	const struct stats *s;
	const struct stats_query *q;
	size_t width;
	bool md;
	bool said_coverage, said_stances; /* what the tables mean, said once */
};

static void table_out(struct report *r, struct table *t)
{
	if (r->md)
		table_markdown(r->out, t);
	else
		table_plain(r->out, t, r->width);
	buf_putc(r->out, '\n');
	table_free(t);
}

static void heading(struct report *r, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void wrap(struct buf *out, char *text, size_t width);

static void heading(struct report *r, int level, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (r->md) {
		buf_printf(r->out, "%.*s %s\n\n", level, "####", b.data);
	} else {
		wrap(r->out, b.data, r->width);
		buf_puts(r->out, ":\n");
	}
	buf_finish(&b);
}

static void para(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append @text wrapped at spaces to @width columns (a word wider than the
 * width stays whole on its own line). */
static void wrap(struct buf *out, char *text, size_t width)
{
	size_t col = 0;

	for (char *word = strtok(text, " "); word; word = strtok(NULL, " ")) {
		size_t w = chart_width(word);
		if (col && col + 1 + w > width) {
			buf_putc(out, '\n');
			col = 0;
		}
		if (col) {
			buf_putc(out, ' ');
			col++;
		}
		buf_puts(out, word);
		col += w;
	}
}

/* A paragraph: wrapped to the width in plain text, one line in Markdown. */
static void para(struct report *r, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (r->md)
		buf_puts(r->out, b.data);
	else
		wrap(r->out, b.data, r->width);
	buf_puts(r->out, "\n\n");
	buf_finish(&b);
}

/* "61%", or "-" when there is nothing to divide by. */
static void pct(char out[16], size_t part, size_t whole)
{
	if (!whole)
		snprintf(out, 16, "-");
	else
		snprintf(out, 16, "%.0f%%", 100.0 * (double)part / (double)whole);
}

/* 125 -> "2:05", 3725 -> "1:02:05"; "-" when nothing was timed. */
static void duration(char out[24], long secs, size_t n)
{
	if (!n)
		snprintf(out, 24, "-");
	else if (secs >= 3600)
		snprintf(out, 24, "%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(out, 24, "%ld:%02ld", secs / 60, secs % 60);
}

static double frac(size_t part, size_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

static const char *stage_name(enum ndm_stage st)
{
	return ndm_stage_info(st)->name;
}

static void summary(struct report *r)
{
	const struct stats *s = r->s;
	const struct store_filter *f = &r->q->filter;
	char p[16];
	struct {
		const char *what, *value;
	} filters[] = {
		{"pack", f->pack}, {"scenario", f->scenario}, {"cohort", f->cohort},
		{"session", f->session}, {"status", f->status}, {"started since", f->since},
		{"started until", f->until}, {"participant", f->participant},
	};
	bool any = false;

	if (r->md)
		heading(r, 1, "Cohort report");
	size_t start = r->out->len;
	pct(p, s->finished, s->sessions);
	buf_printf(r->out, "%zu session%s, %zu finished (%s).", s->sessions,
		   s->sessions == 1 ? "" : "s", s->finished, p);
	for (size_t i = 0; i < ALEN(filters); i++) {
		if (!filters[i].value || !filters[i].value[0])
			continue;
		buf_puts(r->out, any ? ", " : " Selected by ");
		buf_printf(r->out, "%s %s%s%s", filters[i].what, r->md ? "`" : "\"",
			   filters[i].value, r->md ? "`" : "\"");
		any = true;
	}
	if (r->q->by != STATS_BY_NONE)
		buf_printf(r->out, "%s by %s", any ? "; broken down" : " Broken down",
			   stats_by_id(r->q->by));
	buf_puts(r->out, any || r->q->by != STATS_BY_NONE ? "." : " All sessions.");
	if (!r->md) {
		char *line = xstrdup(r->out->data + start);
		r->out->len = start;
		r->out->data[start] = '\0';
		wrap(r->out, line, r->width);
		free(line);
	}
	buf_puts(r->out, "\n\n");
}

static void times(struct report *r)
{
	static const char *const heads[] = {"Time (finished sessions)", "Sessions", "Median", "90%"};
	const struct stats *s = r->s;
	struct table t;
	char n[24], med[24], p90[24];

	table_init(&t, heads, 4, 0xe, false);
	for (int k = -1; k < NDM_STAGE_COUNT; k++) {
		const struct stats_times *tm = k < 0 ? &s->total : &s->stage[ndm_display_order[k]];
		const char *cells[] = {k < 0 ? "Total" : stage_name(ndm_display_order[k]), n, med, p90};
		double bar[3] = {(double)tm->median};
		snprintf(n, sizeof(n), "%zu", tm->n);
		duration(med, tm->median, tm->n);
		duration(p90, tm->p90, tm->n);
		table_row(&t, cells, bar);
	}
	heading(r, 2, "Time spent");
	table_out(r, &t);
}

static void coverage(struct report *r, const struct stats *s)
{
	static const char *const heads[] = {
		"Principle", "1", "2", "3", "4", "5", "0", "Any",
	};
	struct table t;
	char cell[NDM_STAGE_COUNT + 1][16];
	const struct stats_principle *low[3];
	size_t nlow;

	table_init(&t, heads, 8, 0xfe, false);
	for (size_t i = 0; i < s->nprinciples; i++) {
		const struct stats_principle *p = &s->principles[i];
		const char *cells[8] = {p->name};
		double bar[3] = {frac(p->anywhere, p->sessions)};
		for (int k = 0; k < NDM_STAGE_COUNT; k++) {
			pct(cell[k], p->considered[ndm_display_order[k]], p->sessions);
			cells[1 + k] = cell[k];
		}
		pct(cell[NDM_STAGE_COUNT], p->anywhere, p->sessions);
		cells[7] = cell[NDM_STAGE_COUNT];
		table_row(&t, cells, bar);
	}
	t.max = 1;
	heading(r, 2, "Principle coverage");
	if (!r->said_coverage)
		para(r, "The share of sessions that considered each principle (reasoning or a stance)"
		" at each stage: 1 %s, 2 %s, 3 %s, 4 %s, 5 %s, 0 %s (the centre); and at any.",
	     ndm_stage_info(ndm_display_order[0])->short_name,
	     ndm_stage_info(ndm_display_order[1])->short_name,
	     ndm_stage_info(ndm_display_order[2])->short_name,
	     ndm_stage_info(ndm_display_order[3])->short_name,
	     ndm_stage_info(ndm_display_order[4])->short_name,
	     ndm_stage_info(ndm_display_order[5])->short_name);
	r->said_coverage = true;
	table_out(r, &t);
	nlow = stats_overlooked(s, low, ALEN(low));
	if (nlow) {
		struct buf b = {0};
		for (size_t i = 0; i < nlow; i++) {
			pct(cell[0], low[i]->anywhere, low[i]->sessions);
			buf_printf(&b, "%s%s (%s)", i ? ", " : "", low[i]->name, cell[0]);
		}
		para(r, "Most overlooked: %s.", b.data);
		buf_finish(&b);
	}
}

static void stances(struct report *r, const struct stats *s)
{
	static const char *const heads[] = {"Principle", "Upholds", "Tension", "Neutral"};
	struct table t;
	char u[24], te[24], ne[24];

	table_init(&t, heads, 4, 0xe, true);
	for (size_t i = 0; i < s->nprinciples; i++) {
		const struct stats_principle *p = &s->principles[i];
		size_t k[STANCE_COUNT] = {0};
		for (int st = 0; st < NDM_STAGE_COUNT; st++)
			for (int x = 0; x < STANCE_COUNT; x++)
				k[x] += p->stances[st][x];
		const char *cells[] = {p->name, u, te, ne};
		double bar[3] = {(double)k[STANCE_UPHOLDS], (double)k[STANCE_TENSION],
				 (double)k[STANCE_NEUTRAL]};
		snprintf(u, sizeof(u), "%zu", k[STANCE_UPHOLDS]);
		snprintf(te, sizeof(te), "%zu", k[STANCE_TENSION]);
		snprintf(ne, sizeof(ne), "%zu", k[STANCE_NEUTRAL]);
		table_row(&t, cells, bar);
	}
	heading(r, 2, "Stances");
	if (!r->said_stances)
		para(r, "Entries that count, by the stance taken on the principle: %s.", stance_legend);
	r->said_stances = true;
	table_out(r, &t);
}

static void decisions(struct report *r, const struct stats *sc)
{
	static const char *const heads[] = {"Decision", "Sessions", "Share"};
	struct table t;
	char label[512], n[24], p[16];

	table_init(&t, heads, 3, 0x6, false);
	for (size_t c = 0; c < sc->nchoices; c++) {
		const struct stats_choice *ch = &sc->choices[c];
		const char *cells[] = {label, n, p};
		double bar[3] = {frac(ch->sessions, sc->sessions)};
		if (ch->pack_option > 0)
			snprintf(label, sizeof(label), "%lld. %s", (long long)ch->pack_option,
				 ch->text ? ch->text : "(pack option)");
		else
			snprintf(label, sizeof(label), "%s", ch->pack_option == STATS_OWN_WORDING
				 ? "In their own words" : "No decision");
		snprintf(n, sizeof(n), "%zu", ch->sessions);
		pct(p, ch->sessions, sc->sessions);
		table_row(&t, cells, bar);
	}
	t.max = 1;
	heading(r, 3, "%s (%s/%s): %zu session%s", sc->scenario_title, sc->pack_id,
		sc->scenario_id, sc->sessions, sc->sessions == 1 ? "" : "s");
	table_out(r, &t);
}

static void panels(struct report *r, const struct stats_panels *pn)
{
	char turnout[16], matched[16];

	if (!pn->sessions)
		return;
	pct(turnout, pn->voters, pn->eligible);
	pct(matched, pn->matched, pn->compared);
	heading(r, 2, "Panels");
	para(r, "%zu panel session%s held %zu ballot%s, %zu revealed. Turnout %s: %zu votes"
		" where chairs and members could have cast %zu. Where a revealed ballot had a"
		" majority and the panel decided, the majority was the decision in %zu of %zu"
		" sessions (%s).", pn->sessions, pn->sessions == 1 ? "" : "s", pn->ballots,
	     pn->ballots == 1 ? "" : "s", pn->revealed, turnout, pn->voters, pn->eligible,
	     pn->matched, pn->compared, matched);
}

static void groups(struct report *r)
{
	static const char *const heads[] = {
		"", "Sessions", "Done", "Median", "Covered", "Own", "Turnout",
	};
	const struct stats *s = r->s;
	const char *hs[ALEN(heads)];
	char n[24], fin[24], med[24], cov[16], own[16], turn[16];
	struct table t;

	memcpy(hs, heads, sizeof(hs));
	hs[0] = r->q->by == STATS_BY_PACK ? "Pack" : "Cohort";
	table_init(&t, hs, 7, 0x7e, false);
	for (size_t i = 0; i < s->ngroups; i++) {
		const struct stats *g = &s->groups[i];
		const char *name = r->q->by == STATS_BY_PACK ? g->pack_id : g->cohort;
		const char *cells[] = {name[0] ? name : "(none)", n, fin, med, cov, own, turn};
		double bar[3] = {frac(g->principles_considered, g->principle_slots)};
		snprintf(n, sizeof(n), "%zu", g->sessions);
		snprintf(fin, sizeof(fin), "%zu", g->finished);
		duration(med, g->total.median, g->total.n);
		pct(cov, g->principles_considered, g->principle_slots);
		pct(own, g->decided_own, g->decided_own + g->decided_pack);
		pct(turn, g->panels.voters, g->panels.eligible);
		table_row(&t, cells, bar);
	}
	t.max = 1;
	heading(r, 2, "By %s", stats_by_id(r->q->by));
	para(r, "Done: sessions finished; median: their time; covered: the share of each"
		" session's principles considered at some stage; own: the share of decisions"
		" not taken from the pack's options; turnout: of panels' chairs and members,"
		" per ballot.");
	table_out(r, &t);
}

static void by_stage(struct report *r)
{
	static const char *const heads[] = {"Stage", "Timed", "Median", "90%", "Considered"};
	const struct stats *s = r->s;
	struct table t;
	char n[24], med[24], p90[24], cov[16];

	table_init(&t, heads, 5, 0x1e, false);
	for (int k = 0; k < NDM_STAGE_COUNT; k++) {
		enum ndm_stage st = ndm_display_order[k];
		size_t slots = 0, considered = 0;
		for (size_t i = 0; i < s->nprinciples; i++) {
			slots += s->principles[i].sessions;
			considered += s->principles[i].considered[st];
		}
		const char *cells[] = {stage_name(st), n, med, p90, cov};
		double bar[3] = {frac(considered, slots)};
		snprintf(n, sizeof(n), "%zu", s->stage[st].n);
		duration(med, s->stage[st].median, s->stage[st].n);
		duration(p90, s->stage[st].p90, s->stage[st].n);
		pct(cov, considered, slots);
		table_row(&t, cells, bar);
	}
	t.max = 1;
	heading(r, 2, "By stage");
	para(r, "Time over finished sessions that spent time at the stage; considered: the"
		" share of the sessions' principles considered there.");
	table_out(r, &t);
}

void stats_write_text(struct buf *out, const struct stats *s, const struct stats_query *q,
		      size_t width, bool markdown)
{
	struct report r = {.out = out, .s = s, .q = q, .width = width, .md = markdown};

	summary(&r);
	if (!s->sessions)
		goto out;
	switch (q->by) {
	case STATS_BY_PACK:
	case STATS_BY_COHORT:
		groups(&r);
		break;
	case STATS_BY_STAGE:
		by_stage(&r);
		break;
	case STATS_BY_PRINCIPLE:
		coverage(&r, s);
		stances(&r, s);
		break;
	case STATS_BY_SCENARIO:
		for (size_t i = 0; i < s->nscenarios; i++) {
			decisions(&r, &s->scenarios[i]);
			coverage(&r, &s->scenarios[i]);
			stances(&r, &s->scenarios[i]);
		}
		break;
	default:
		times(&r);
		coverage(&r, s);
		stances(&r, s);
		heading(&r, 2, "Decisions");
		for (size_t i = 0; i < s->nscenarios; i++)
			decisions(&r, &s->scenarios[i]);
		panels(&r, &s->panels);
		break;
	}
out:
	/* one blank line at the end, not two */
	while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
		out->data[--out->len] = '\0';
}
