/*
 * dashboard.c - the trainer dashboard (D on the home screen): the numbers
 * of `dilemma stats` over the sessions the filters select, as charts (see
 * dash_charts.c) whose every cell can list the sessions behind it, and
 * each listed session opens its debrief.
 *
 * The filters (pack, scenario, cohort, started from and to) are chosen
 * here, each with its own key. The numbers are counted once per change of
 * filter by stats_compute (one scan of the selection, never a session
 * loaded at a time), and again on coming back from a debrief only when
 * the database changed meanwhile (store_data_version). The choices of
 * pack and scenario are those the sessions recorded, as counted when the
 * dashboard opened; the cohorts are the database's.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dashboard.h"
#include "dialog.h"
#include "draw.h"
#include "term.h"

enum dash_pane { DP_CHARTS, DP_LIST };

/* A filter the screen owns: the store_filter points at these. */
enum { F_PACK, F_SCENARIO, F_COHORT, F_SINCE, F_UNTIL, F_COUNT };
static const char *const filter_names[F_COUNT] = {"Pack", "Scenario", "Cohort", "From", "To"};

/* A scenario sessions were recorded on, to choose from. */
struct known {
	char *pack_id, *scenario_id, *title;
};

struct dash {
	char *filter[F_COUNT];      /* NULL: not filtered */
	struct stats *s;            /* NULL when the count failed */
	char error[600];
	int64_t version;            /* store_data_version() when counted */
	struct known *known;
	size_t nknown;

	struct dash_charts c;
	struct doc detail_d;        /* what the selected cell counts, wrapped */
	bool dirty;                 /* the charts need laying out again */
	int width;                  /* ... for this width */
	size_t sel, top;            /* the selected item; the charts' top row */
	size_t cell[DI_KINDS];      /* the selected cell of each kind of item */
	enum dash_pane pane;

	bool list_open;
	char *list_title;
	struct session_summary *list;
	size_t nlist, list_sel, list_top;

	struct rect header, filters, charts, list_r, detail, footer;
};

/* ---- counting ---- */

static struct stats_query query_of(const struct dash *d)
{
	struct stats_query q = {.filter = {
		.pack = d->filter[F_PACK], .scenario = d->filter[F_SCENARIO],
		.cohort = d->filter[F_COHORT], .since = d->filter[F_SINCE],
		.until = d->filter[F_UNTIL],
	}};
	return q;
}

/* Say @what in the footer now, before a count that may take a moment. */
static void busy(struct app *app, const char *what)
{
	app_message(app, false, "%s", what);
	app_draw(app);
	app_refresh();
	app->message[0] = '\0';
}

static void close_list(struct dash *d)
{
	session_summaries_free(d->list, d->nlist);
	free(d->list_title);
	d->list = NULL;
	d->list_title = NULL;
	d->nlist = d->list_sel = d->list_top = 0;
	d->list_open = false;
	d->pane = DP_CHARTS;
}

static void count(struct app *app, struct dash *d)
{
	struct stats_query q = query_of(d);
	struct store_error err = {0};
	int64_t v = 0;

	busy(app, "Counting the sessions...");
	stats_destroy(d->s);
	d->error[0] = '\0';
	if (!store_data_version(app->store, &v, &err) ||
	    !(d->s = stats_compute(app->store, &q, &err)))
		snprintf(d->error, sizeof(d->error), "Cannot count the sessions: %s", err.message);
	d->version = v;
	d->dirty = true;
	close_list(d);
}

/* Keep the scenarios of the whole database's count, to choose from. */
static void remember_scenarios(struct dash *d)
{
	for (size_t i = 0; d->s && i < d->s->nscenarios; i++) {
		const struct stats *sc = &d->s->scenarios[i];
		d->known = xreallocarray(d->known, d->nknown + 1, sizeof(*d->known));
		d->known[d->nknown++] = (struct known){xstrdup(sc->pack_id), xstrdup(sc->scenario_id),
						       xstrdup(sc->scenario_title)};
	}
}

static void *dash_open(struct app *app, const struct screen_arg *arg)
{
	struct dash *d = xcalloc(1, sizeof(*d));

	d->width = -1;
	count(app, d);
	remember_scenarios(d);
	return d;
}

static void dash_close(struct app *app, void *self)
{
	struct dash *d = self;

	close_list(d);
	stats_destroy(d->s);
	dash_charts_free(&d->c);
	doc_free(&d->detail_d);
	for (size_t i = 0; i < F_COUNT; i++)
		free(d->filter[i]);
	for (size_t i = 0; i < d->nknown; i++) {
		free(d->known[i].pack_id);
		free(d->known[i].scenario_id);
		free(d->known[i].title);
	}
	free(d->known);
	free(d);
}

/* ---- the selection ---- */

static const struct dash_item *selected(const struct dash *d)
{
	return d->sel < d->c.nitems ? &d->c.items[d->sel] : NULL;
}

static size_t selected_cell(const struct dash *d)
{
	const struct dash_item *it = selected(d);
	size_t n = it ? dash_item_cells(it) : 1;
	size_t c = it ? d->cell[it->kind] : 0;

	return c < n ? c : n - 1;
}

/* List the sessions behind the selected cell. */
static void list_cell(struct app *app, struct dash *d, bool overlooked)
{
	const struct dash_item *it = selected(d);
	struct stats_query q = query_of(d);
	struct store_error err = {0};
	struct stats_cell cell;
	struct session_summary *list;
	size_t n, c = selected_cell(d);

	if (!it || !d->s)
		return;
	if (overlooked && it->kind != DI_HEAT) {
		app_message(app, false, "o lists who overlooked a principle: select a cell of the"
			    " coverage map.");
		return;
	}
	dash_cell(d->s, it, c, overlooked, &cell);
	busy(app, "Listing the sessions...");
	if (!stats_session_list(app->store, &q, &cell, &list, &n, &err)) {
		app_message(app, true, "Cannot list the sessions: %s", err.message);
		return;
	}
	close_list(d);
	d->list = list;
	d->nlist = n;
	d->list_title = dash_list_title(d->s, it, c, overlooked, n);
	d->list_open = true;
	d->pane = DP_LIST;
}

/* ---- filters ---- */

static void set_filter(struct dash *d, int f, const char *value)
{
	free(d->filter[f]);
	d->filter[f] = value && value[0] ? xstrdup(value) : NULL;
}

static void choose_pack(struct app *app, struct dash *d)
{
	const char **choices = xcalloc(d->nknown + 2, sizeof(*choices));
	const char **ids = xcalloc(d->nknown + 2, sizeof(*ids));
	size_t n = 1;
	int initial = 0, got;

	choices[0] = "All packs";
	for (size_t i = 0; i < d->nknown; i++) {
		bool seen = false;
		for (size_t k = 1; k < n; k++)
			seen |= strcmp(ids[k], d->known[i].pack_id) == 0;
		if (seen)
			continue;
		if (d->filter[F_PACK] && strcmp(d->filter[F_PACK], d->known[i].pack_id) == 0)
			initial = (int)n;
		ids[n] = choices[n] = d->known[i].pack_id;
		n++;
	}
	got = dialog_choose(app, "Count the sessions of the pack", choices, n, initial);
	if (got >= 0) {
		set_filter(d, F_PACK, got ? ids[got] : NULL);
		/* a scenario of another pack would select nothing */
		set_filter(d, F_SCENARIO, NULL);
		count(app, d);
	}
	free(choices);
	free(ids);
}

static void choose_scenario(struct app *app, struct dash *d)
{
	char **choices = xcalloc(d->nknown + 2, sizeof(*choices));
	size_t *of = xcalloc(d->nknown + 2, sizeof(*of));
	size_t n = 1;
	int initial = 0, got;

	choices[0] = xstrdup(d->filter[F_PACK] ? "All the pack's scenarios" : "All scenarios");
	for (size_t i = 0; i < d->nknown; i++) {
		const struct known *k = &d->known[i];
		if (d->filter[F_PACK] && strcmp(d->filter[F_PACK], k->pack_id) != 0)
			continue;
		if (d->filter[F_SCENARIO] && strcmp(d->filter[F_SCENARIO], k->scenario_id) == 0)
			initial = (int)n;
		of[n] = i;
		choices[n++] = xasprintf("%s (%s/%s)", k->title, k->pack_id, k->scenario_id);
	}
	got = dialog_choose(app, "Count the sessions of the scenario", (const char *const *)choices,
			    n, initial);
	if (got >= 0) {
		set_filter(d, F_SCENARIO, got ? d->known[of[got]].scenario_id : NULL);
		if (got)
			set_filter(d, F_PACK, d->known[of[got]].pack_id);
		count(app, d);
	}
	for (size_t i = 0; i < n; i++)
		free(choices[i]);
	free(choices);
	free(of);
}

static void choose_cohort(struct app *app, struct dash *d)
{
	struct store_error err = {0};
	char **names = NULL;
	size_t n = 0;
	int initial = 0, got;

	if (!store_cohorts(app->store, &names, &n, &err)) {
		app_message(app, true, "Cannot list the cohorts: %s", err.message);
		return;
	}
	const char **choices = xcalloc(n + 1, sizeof(*choices));
	choices[0] = "All cohorts";
	for (size_t i = 0; i < n; i++) {
		choices[i + 1] = names[i];
		if (d->filter[F_COHORT] && strcmp(d->filter[F_COHORT], names[i]) == 0)
			initial = (int)i + 1;
	}
	got = dialog_choose(app, "Count the sessions of the cohort", choices, n + 1, initial);
	if (got >= 0) {
		set_filter(d, F_COHORT, got ? names[got - 1] : NULL);
		count(app, d);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(choices);
}

static void choose_date(struct app *app, struct dash *d, int f)
{
	char *value = dialog_input(app, f == F_SINCE ? "Sessions started from" : "Sessions started to",
				   f == F_SINCE ? "Started on or after (2026-01-31, or empty for no limit):"
						: "Started on or before (2026-01-31, or empty for no limit):",
				   d->filter[f] ? d->filter[f] : "");

	if (!value)
		return;
	if (!str_blank(value) && !time_valid_when(value)) {
		char *shown = str_printable(value);
		app_message(app, true, "Not a date: '%s'. Type one like 2026-01-31 (or a UTC time"
			    " like 2026-01-31T14:05:00Z).", shown);
		free(shown);
	} else {
		set_filter(d, f, str_blank(value) ? NULL : value);
		count(app, d);
	}
	free(value);
}

static void clear_filters(struct app *app, struct dash *d)
{
	for (int f = 0; f < F_COUNT; f++)
		set_filter(d, f, NULL);
	count(app, d);
}

/* ---- layout ---- */

static void dash_layout(struct app *app, void *self, int cols, int lines)
{
	struct dash *d = self;
	const struct dash_item *it;
	int body, list_h, detail_h;

	/* the charts, a column in from each edge, under their title */
	if (d->dirty || cols - 2 != d->width) {
		dash_charts_build(&d->c, d->s, d->error, cols - 2);
		d->width = cols - 2;
		d->dirty = false;
		if (d->sel >= d->c.nitems)
			d->sel = d->c.nitems ? d->c.nitems - 1 : 0;
	}
	/* what the selected cell counts: up to two rows under the panes */
	doc_reset(&d->detail_d, cols - 2);
	it = selected(d);
	if (it && d->s)
		doc_text(&d->detail_d, doc_keep(&d->detail_d, dash_cell_text(d->s, it,
			 selected_cell(d))), term_attr(ROLE_EMPH), 0, -1);
	detail_h = d->detail_d.n > 1 ? 2 : 1;
	body = lines - 3 - detail_h; /* header, filters, footer */
	list_h = d->list_open ? body / 2 : 0;

	d->header = (struct rect){0, 0, 1, cols};
	d->filters = (struct rect){1, 0, 1, cols};
	d->charts = (struct rect){2, 0, body - list_h, cols};
	d->list_r = (struct rect){2 + body - list_h, 0, list_h, cols};
	d->detail = (struct rect){lines - 1 - detail_h, 1, detail_h, cols - 2};
	d->footer = (struct rect){lines - 1, 0, 1, cols};
	int h = d->charts.h - 1;
	it = selected(d);
	if (it)
		d->top = doc_scroll_rows(&d->c.d, it->from, it->row, d->top, h);
	else
		d->top = doc_clamp(&d->c.d, d->top, h);
	if (d->list_open) {
		size_t rows = d->list_r.h > 1 ? (size_t)d->list_r.h - 1 : 1;
		if (d->list_sel < d->list_top)
			d->list_top = d->list_sel;
		if (d->list_sel >= d->list_top + rows)
			d->list_top = d->list_sel - rows + 1;
	}
}

/* ---- drawing ---- */

/* Every filter, "Pack: all | ... | To: any"; when that is too wide, only
 * those set. */
static void draw_filters(const struct dash *d)
{
	struct buf b = {0};

	for (int f = 0; f < F_COUNT; f++)
		buf_printf(&b, "%s%s: %s", f ? " | " : "", filter_names[f],
			   d->filter[f] ? d->filter[f] : f >= F_SINCE ? "any" : "all");
	if (chart_width(b.data) > (size_t)d->filters.w - 2) {
		b.len = 0;
		for (int f = 0; f < F_COUNT; f++)
			if (d->filter[f])
				buf_printf(&b, "%s%s: %s", b.len ? " | " : "", filter_names[f],
					   d->filter[f]);
		buf_puts(&b, b.len ? "" : "All sessions (p, s, c, f, t: filters)");
	}
	draw_cstr(d->filters.y, 1, d->filters.w - 2, b.data, term_attr(ROLE_DIM));
	buf_finish(&b);
}

/* The selected cell of the coverage map, drawn over its row. */
static void draw_heat_cell(const struct dash *d, struct rect body, int attr)
{
	const struct dash_item *it = selected(d);
	size_t c = selected_cell(d);
	struct buf b = {0};

	if (!it || it->kind != DI_HEAT || it->row < d->top || it->row >= d->top + (size_t)body.h)
		return;
	chart_heat_cell(&b, dash_heat_share(d->s, it, c), d->c.heat.cell_w);
	draw_str(body.y + (int)(it->row - d->top),
		 body.x + (int)(d->c.heat.label_w + 1 + c * d->c.heat.cell_w),
		 (int)d->c.heat.cell_w - 1, b.data, b.len, attr);
	buf_finish(&b);
}

static void draw_list(const struct dash *d)
{
	struct rect r = d->list_r;
	bool focus = d->pane == DP_LIST;

	draw_title(r, d->list_title, focus);
	draw_more_title(r, d->list_top, d->nlist, r.h - 1);
	if (!d->nlist) {
		draw_cstr(r.y + 1, r.x + 2, r.w - 3, "No session.", term_attr(ROLE_DIM));
		return;
	}
	for (int y = 0; y < r.h - 1 && d->list_top + (size_t)y < d->nlist; y++) {
		size_t i = d->list_top + (size_t)y;
		const struct session_summary *s = &d->list[i];
		int attr = A_NORMAL;
		if (i == d->list_sel) {
			attr = term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM);
			draw_fill((struct rect){r.y + 1 + y, r.x, 1, r.w}, attr);
		}
		/* "2026-03-01 09:04 GMT  finished  Label | Scenario | cohort", the
		 * start in local time */
		char when[TIME_LOCAL_LEN];
		time_local(s->started_at, when);
		draw_fmt(r.y + 1 + y, r.x + 2, r.w - 3, attr, "%s  %-8s  %s%s%s%s%s", when,
			 s->status == SESSION_FINISHED ? "finished" : "open", s->label,
			 d->filter[F_SCENARIO] ? "" : " | ",
			 d->filter[F_SCENARIO] ? "" : s->scenario_title,
			 s->cohort[0] && !d->filter[F_COHORT] ? " | " : "",
			 d->filter[F_COHORT] ? "" : s->cohort);
	}
}

static void dash_draw(struct app *app, void *self, int cols, int lines)
{
	struct dash *d = self;
	struct rect body = {d->charts.y + 1, 1, d->charts.h - 1, cols - 2};
	bool focus = d->pane == DP_CHARTS;
	const struct dash_item *it = selected(d);
	int sel_attr = term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM);
	char left[128];

	if (d->s)
		snprintf(left, sizeof(left), "Trainer dashboard: %zu session%s, %zu finished",
			 d->s->sessions, d->s->sessions == 1 ? "" : "s", d->s->finished);
	else
		snprintf(left, sizeof(left), "Trainer dashboard");
	draw_header(cols, left, "Dashboard", term_attr(ROLE_HEADER));
	draw_filters(d);
	draw_title(d->charts, "Charts: Enter lists the sessions behind a cell", focus);
	draw_more_title(d->charts, d->top, d->c.d.n, body.h);
	doc_draw(&d->c.d, body, d->top, it && it->kind != DI_HEAT ? (int)d->sel : -1, sel_attr);
	draw_heat_cell(d, body, sel_attr);
	if (d->list_open)
		draw_list(d);
	doc_draw(&d->detail_d, d->detail, 0, -1, 0);
	app_footer(app, cols, lines, SCOPE_DASHBOARD, NULL, false);
}

/* ---- keys ---- */

static void dash_navigate(struct app *app, void *self, enum nav nav)
{
	struct dash *d = self;

	if (d->pane == DP_LIST) {
		size_t page = d->list_r.h > 2 ? (size_t)d->list_r.h - 2 : 1;
		d->list_sel = nav_move(d->list_sel, d->nlist, page, nav);
		return;
	}
	size_t page = d->charts.h > 3 ? (size_t)d->charts.h - 3 : 1;
	d->sel = nav_move(d->sel, d->c.nitems, page, nav);
	if (nav == NAV_FIRST)
		d->top = 0;
}

static void dash_focus(struct app *app, void *self, int dir)
{
	struct dash *d = self;

	if (d->list_open)
		d->pane = d->pane == DP_CHARTS ? DP_LIST : DP_CHARTS;
}

/* Left and right: the cell before or after in the selected row. */
static void move_cell(struct dash *d, int dir)
{
	const struct dash_item *it = selected(d);
	size_t c = selected_cell(d), n;

	if (!it || d->pane != DP_CHARTS)
		return;
	n = dash_item_cells(it);
	if (dir < 0 && c > 0)
		c--;
	else if (dir > 0 && c + 1 < n)
		c++;
	d->cell[it->kind] = c;
}

static void open_debrief(struct app *app, struct dash *d)
{
	char id[SESSION_ID_LEN];

	if (d->list_sel >= d->nlist)
		return;
	/* a copy: coming back may list the sessions again */
	snprintf(id, sizeof(id), "%s", d->list[d->list_sel].id);
	app_open(app, SCREEN_DEBRIEF, &(struct screen_arg){.session_id = id});
}

static void dash_key(struct app *app, void *self, enum action a, int key, const struct buf *paste)
{
	struct dash *d = self;

	switch (a) {
	case ACT_SELECT:
		if (d->pane == DP_LIST)
			open_debrief(app, d);
		else
			list_cell(app, d, false);
		break;
	case ACT_OVERLOOKED:
		list_cell(app, d, true);
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		move_cell(d, a == ACT_LEFT ? -1 : 1);
		break;
	case ACT_FILTER_PACK:
		choose_pack(app, d);
		break;
	case ACT_FILTER_SCENARIO:
		choose_scenario(app, d);
		break;
	case ACT_FILTER_COHORT:
		choose_cohort(app, d);
		break;
	case ACT_FILTER_SINCE:
	case ACT_FILTER_UNTIL:
		choose_date(app, d, a == ACT_FILTER_SINCE ? F_SINCE : F_UNTIL);
		break;
	case ACT_FILTER_CLEAR:
		clear_filters(app, d);
		break;
	case ACT_BACK:
		if (d->list_open)
			close_list(d);
		else
			app_back(app);
		break;
	default:
		break;
	}
}

/* Back from a debrief: count again only when a session may have changed. */
static void dash_resume(struct app *app, void *self)
{
	struct dash *d = self;
	struct store_error err = {0};
	int64_t v;

	if (store_data_version(app->store, &v, &err) && v == d->version)
		return;
	count(app, d);
}

static enum key_scope_index dash_scope(void *self)
{
	return SCOPE_DASHBOARD;
}

const struct screen_ops dashboard_screen = {
	.name = "dashboard",
	.scope = dash_scope,
	.open = dash_open,
	.close = dash_close,
	.resume = dash_resume,
	.layout = dash_layout,
	.draw = dash_draw,
	.key = dash_key,
	.focus = dash_focus,
	.navigate = dash_navigate,
};
