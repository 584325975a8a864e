/*
 * home.c - the home screen: the packs and their scenarios with a preview
 * of the selected one, the open sessions to resume, and the past
 * (finished) sessions to view, report or export.
 *
 * The packs are their headers (pack_index.h): a pack is read in full only
 * when a session is started on it. The scenario list is laid out once and
 * again only when its width changes, the preview when the selection or
 * its width changes, so that a key costs the same with a hundred packs as
 * with four.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "dilemma/conduct.h"
#include "app.h"
#include "doc.h"
#include "draw.h"
#include "start.h"
#include "term.h"
#include "text.h"

enum home_pane { HP_SCENARIOS, HP_PREVIEW, HP_OPEN, HP_PAST, HP_COUNT };

/* A scenario of the list: packs[pack].scenarios[sc] of app->packs. */
struct scen_ref {
	size_t pack, sc;
};

struct home {
	enum home_pane pane;
	struct scen_ref *scen;
	size_t nscen;
	size_t *row_of; /* the list's row of each scenario */
	size_t sel[HP_COUNT];
	size_t top[HP_COUNT];
	struct session_summary *all;
	size_t nall;
	size_t *open, nopen;  /* indexes into all */
	size_t *past, npast;
	struct doc list, preview;
	int list_width;        /* what the list was laid out for; -1: not yet */
	size_t preview_of;     /* the scenario previewed; SIZE_MAX: none yet */
	int preview_width;
	struct home_layout l;  /* as last laid out */
	char load_error[600];
};

static void refresh_lists(struct app *app, struct home *h);

static void *home_open(struct app *app, const struct screen_arg *arg)
{
	struct home *h = xcalloc(1, sizeof(*h));

	for (size_t i = 0; i < app->packs->count; i++)
		h->nscen += app->packs->packs[i].nscenarios;
	h->scen = xcalloc(h->nscen + 1, sizeof(*h->scen));
	h->row_of = xcalloc(h->nscen + 1, sizeof(*h->row_of));
	h->nscen = 0;
	for (size_t i = 0; i < app->packs->count; i++)
		for (size_t j = 0; j < app->packs->packs[i].nscenarios; j++)
			h->scen[h->nscen++] = (struct scen_ref){i, j};
	h->preview_of = SIZE_MAX;
	h->list_width = h->preview_width = -1;
	refresh_lists(app, h);
	return h;
}

static void free_lists(struct home *h)
{
	session_summaries_free(h->all, h->nall);
	h->all = NULL;
	h->nall = 0;
	free(h->open);
	free(h->past);
	h->open = h->past = NULL;
	h->nopen = h->npast = 0;
}

static void home_close(struct app *app, void *self)
{
	struct home *h = self;

	free_lists(h);
	free(h->scen);
	free(h->row_of);
	doc_free(&h->list);
	doc_free(&h->preview);
	free(h);
}

/* Read the session lists again: a session may have changed. */
static void refresh_lists(struct app *app, struct home *h)
{
	struct store_error err;

	free_lists(h);
	h->load_error[0] = '\0';
	if (!store_session_list(app->store, NULL, &h->all, &h->nall, &err)) {
		snprintf(h->load_error, sizeof(h->load_error), "cannot list the sessions: %s",
			 err.message);
		h->all = NULL;
		h->nall = 0;
	}
	h->open = xcalloc(h->nall + 1, sizeof(size_t));
	h->past = xcalloc(h->nall + 1, sizeof(size_t));
	for (size_t i = 0; i < h->nall; i++) {
		if (h->all[i].status == SESSION_OPEN)
			h->open[h->nopen++] = i;
		else
			h->past[h->npast++] = i;
	}
	if (h->sel[HP_OPEN] >= h->nopen)
		h->sel[HP_OPEN] = h->nopen ? h->nopen - 1 : 0;
	if (h->sel[HP_PAST] >= h->npast)
		h->sel[HP_PAST] = h->npast ? h->npast - 1 : 0;
}

static void home_resume(struct app *app, void *self)
{
	refresh_lists(app, self);
}

static size_t pane_count(struct home *h, enum home_pane p)
{
	switch (p) {
	case HP_SCENARIOS: return h->nscen;
	case HP_OPEN: return h->nopen;
	case HP_PAST: return h->npast;
	default: return 0;
	}
}

/* The summary selected in the focused session pane, or NULL. */
static const struct session_summary *selected_session(struct home *h)
{
	if (h->pane == HP_OPEN && h->nopen)
		return &h->all[h->open[h->sel[HP_OPEN]]];
	if (h->pane == HP_PAST && h->npast)
		return &h->all[h->past[h->sel[HP_PAST]]];
	return NULL;
}

/* The pack and the header of scenario @i of the list. */
static const struct pack_index_entry *pack_of(struct app *app, const struct home *h, size_t i)
{
	return &app->packs->packs[h->scen[i].pack];
}

static const struct pack_index_scenario *scenario_of(struct app *app, const struct home *h,
						     size_t i)
{
	return &pack_of(app, h, i)->scenarios[h->scen[i].sc];
}

/* ---- layout ---- */

static struct rect list_body(struct rect r)
{
	return (struct rect){r.y + 1, r.x, r.h - 1, r.w};
}

static struct rect preview_body(struct rect r)
{
	/* a line on the left edge, then the pane with a margin */
	return (struct rect){r.y + 1, r.x + 2, r.h - 1, r.w - 3};
}

/* The list of packs and their scenarios, for a pane @width wide. */
static void build_list(struct app *app, struct home *h, int width)
{
	size_t last = SIZE_MAX;

	doc_reset(&h->list, width);
	if (!h->nscen) {
		doc_line(&h->list, "No packs found.", term_attr(ROLE_EMPH), 1, -1);
		doc_text(&h->list, "See dilemma(1), FILES, for where packs are looked for, "
			 "or run: dilemma --packs DIR", term_attr(ROLE_DIM), 1, -1);
	}
	for (size_t i = 0; i < h->nscen; i++) {
		if (h->scen[i].pack != last) {
			last = h->scen[i].pack;
			doc_line(&h->list, pack_of(app, h, i)->title, term_attr(ROLE_EMPH), 0, -1);
		}
		h->row_of[i] = h->list.n;
		doc_line(&h->list, scenario_of(app, h, i)->title, A_NORMAL, 2, (int)i);
	}
	h->list_width = width;
}

static void layout_scenarios(struct app *app, struct home *h)
{
	struct rect body = list_body(h->l.scenarios);
	size_t *top = &h->top[HP_SCENARIOS];

	if (body.w - 1 != h->list_width)
		build_list(app, h, body.w - 1);
	if (h->nscen) {
		size_t row = h->row_of[h->sel[HP_SCENARIOS]];
		*top = doc_scroll_rows(&h->list, row, row, *top, body.h);
	} else {
		*top = doc_clamp(&h->list, *top, body.h);
	}
}

static void layout_preview(struct app *app, struct home *h)
{
	struct rect body = preview_body(h->l.preview);
	struct doc *d = &h->preview;
	size_t sel = h->sel[HP_SCENARIOS];

	if (sel == h->preview_of && body.w == h->preview_width) {
		h->top[HP_PREVIEW] = doc_clamp(d, h->top[HP_PREVIEW], body.h);
		return;
	}
	h->preview_of = sel;
	h->preview_width = body.w;
	doc_reset(d, body.w);
	if (h->nscen) {
		const struct pack_index_entry *pack = pack_of(app, h, sel);
		const struct pack_index_scenario *sc = scenario_of(app, h, sel);
		doc_text(d, sc->title, term_attr(ROLE_EMPH), 0, -1);
		const struct pack_index_preview *pv =
			pack_index_preview(app->packs, h->scen[sel].pack, h->scen[sel].sc);
		doc_linef(d, term_attr(ROLE_DIM), 0, -1, "%s, version %ld; %s", pack->id,
			  pack->version, pack->framework_name);
		if (!pv) {
			doc_line(d, "", A_NORMAL, 0, -1);
			doc_text(d, "This pack no longer loads from its file: run dilemma validate.",
				 term_attr(ROLE_ERROR), 0, -1);
		} else {
			if (pv->ntags) {
				struct buf b = {0};
				for (size_t i = 0; i < pv->ntags; i++)
					buf_printf(&b, "%s%s", i ? ", " : "Tags: ", pv->tags[i]);
				doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 0, -1);
			}
			doc_line(d, "", A_NORMAL, 0, -1);
			doc_line(d, "Situation", term_attr(ROLE_EMPH), 0, -1);
			doc_para(d, pv->situation, A_NORMAL, 0, -1);
			doc_line(d, "", A_NORMAL, 0, -1);
			doc_line(d, "Question", term_attr(ROLE_EMPH), 0, -1);
			doc_para(d, pv->question, A_NORMAL, 0, -1);
		}
	}
	h->top[HP_PREVIEW] = doc_clamp(d, h->top[HP_PREVIEW], body.h);
}

/* Keep the selected session of pane @p in its view. */
static void layout_sessions(struct home *h, enum home_pane p, struct rect r)
{
	size_t rows = r.h > 1 ? (size_t)r.h - 1 : 1;
	size_t sel = h->sel[p];

	if (sel < h->top[p])
		h->top[p] = sel;
	if (sel >= h->top[p] + rows)
		h->top[p] = sel - rows + 1;
}

static void home_layout(struct app *app, void *self, int cols, int lines)
{
	struct home *h = self;

	layout_home(cols, lines, &h->l);
	layout_scenarios(app, h);
	layout_preview(app, h);
	layout_sessions(h, HP_OPEN, h->l.open);
	layout_sessions(h, HP_PAST, h->l.past);
}

/* ---- drawing ---- */

static void session_line(const struct session_summary *s, bool past, char *out, size_t size)
{
	char now[SESSION_TIME_LEN], age[32];
	const char *when = past && s->finished_at[0] ? s->finished_at : s->updated_at;

	time_now_iso(now);
	text_age(session_time_diff(when, now), age, sizeof(age));
	/* when first, then the label, then the scenario unless the label has it */
	const char *sc = strstr(s->label, s->scenario_title) ? "" : s->scenario_title;
	if (past)
		snprintf(out, size, "finished %-12s %s%s%s", age, s->label, sc[0] ? " | " : "", sc);
	else
		snprintf(out, size, "%-11s %-12s %s%s%s",
			 s->last_stage >= 0 ? ndm_stage_info((enum ndm_stage)s->last_stage)->short_name
					    : "not started",
			 age, s->label, sc[0] ? " | " : "", sc);
}

static void draw_sessions(struct home *h, struct rect r, enum home_pane p)
{
	bool focus = h->pane == p;
	size_t n = p == HP_OPEN ? h->nopen : h->npast;
	size_t *idx = p == HP_OPEN ? h->open : h->past;
	int rows = r.h - 1;
	char title[64], line[512];

	snprintf(title, sizeof(title), "%s (%zu)", p == HP_OPEN ? "Open sessions: resume" :
		 "Past sessions", n);
	draw_title(r, title, focus);
	if (!n) {
		draw_cstr(r.y + 1, r.x + 2, r.w - 3,
			  h->load_error[0] ? h->load_error :
			  p == HP_OPEN ? "None yet: pick a scenario and press Enter to start." :
			  "None yet: finished sessions appear here.",
			  term_attr(h->load_error[0] ? ROLE_ERROR : ROLE_DIM));
		return;
	}
	for (int y = 0; y < rows && h->top[p] + (size_t)y < n; y++) {
		size_t i = h->top[p] + (size_t)y;
		int attr = A_NORMAL;
		if (i == h->sel[p]) {
			attr = term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM);
			draw_fill((struct rect){r.y + 1 + y, r.x, 1, r.w}, attr);
		}
		session_line(&h->all[idx[i]], p == HP_PAST, line, sizeof(line));
		draw_cstr(r.y + 1 + y, r.x + 2, r.w - 3, line, attr);
	}
}

static void home_draw(struct app *app, void *self, int cols, int lines)
{
	struct home *h = self;
	char left[256], right[128];
	bool focus = h->pane == HP_SCENARIOS;

	size_t problems = app->packs->problems;

	snprintf(left, sizeof(left), "dilemma: %zu pack%s, %zu scenario%s", app->packs->count,
		 app->packs->count == 1 ? "" : "s", h->nscen, h->nscen == 1 ? "" : "s");
	right[0] = '\0';
	if (problems)
		snprintf(right, sizeof(right), "%zu pack file%s not loaded: run dilemma validate",
			 problems, problems == 1 ? "" : "s");
	draw_header(cols, left, right[0] ? right : "Home", term_attr(right[0] ? ROLE_ERROR :
								    ROLE_HEADER));
	draw_title(h->l.scenarios, "Scenarios", focus);
	doc_draw(&h->list, list_body(h->l.scenarios), h->top[HP_SCENARIOS],
		 h->nscen ? (int)h->sel[HP_SCENARIOS] : -1,
		 term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM));
	draw_vline(h->l.preview.y, h->l.preview.x, h->l.preview.h);
	struct rect pv = {h->l.preview.y, h->l.preview.x + 1, h->l.preview.h, h->l.preview.w - 1};
	draw_title(pv, "Preview", h->pane == HP_PREVIEW);
	doc_draw(&h->preview, preview_body(h->l.preview), h->top[HP_PREVIEW], -1, 0);
	draw_sessions(h, h->l.open, HP_OPEN);
	draw_sessions(h, h->l.past, HP_PAST);
	app_footer(app, cols, lines, SCOPE_HOME, NULL, false);
}

/* ---- keys ---- */

static int pane_height(struct home *h)
{
	switch (h->pane) {
	case HP_SCENARIOS: return h->l.scenarios.h - 1;
	case HP_PREVIEW: return h->l.preview.h - 1;
	case HP_OPEN: return h->l.open.h - 1;
	default: return h->l.past.h - 1;
	}
}

static void home_navigate(struct app *app, void *self, enum nav nav)
{
	struct home *h = self;
	size_t page = pane_height(h) > 1 ? (size_t)pane_height(h) - 1 : 1;

	if (h->pane == HP_PREVIEW) {
		h->top[HP_PREVIEW] = nav_move(h->top[HP_PREVIEW], h->preview.n, page, nav);
		return;
	}
	h->sel[h->pane] = nav_move(h->sel[h->pane], pane_count(h, h->pane), page, nav);
	if (h->pane == HP_SCENARIOS)
		h->top[HP_PREVIEW] = 0;
}

static void home_focus(struct app *app, void *self, int dir)
{
	struct home *h = self;

	h->pane = (enum home_pane)((h->pane + HP_COUNT + dir) % HP_COUNT);
}

/* Start a session on the selected scenario, of its pack as the file holds
 * it now: the list shows what the file held when the workbench started. */
static void start_selected(struct app *app, struct home *h)
{
	size_t sel = h->sel[HP_SCENARIOS];
	const struct pack_index_entry *entry = pack_of(app, h, sel);
	const char *id = scenario_of(app, h, sel)->id;
	struct diag_list diags = {0};
	struct pack *pack = pack_index_pack(app->packs, h->scen[sel].pack, &diags);
	const struct pack_scenario *sc = pack ? pack_scenario(pack, id) : NULL;

	diag_list_finish(&diags);
	if (!pack)
		app_message(app, true, "'%s' no longer loads: run dilemma validate", entry->title);
	else if (!sc)
		app_message(app, true, "'%s' no longer has the scenario '%s'", pack->title, id);
	else
		start_dialog(app, pack, sc);
}

static void open_session(struct app *app, const struct session_summary *sum)
{
	struct store_error err;
	struct session *s = store_session_load(app->store, sum->id, &err);

	if (!s) {
		app_message(app, true, "cannot open the session: %s", err.message);
		return;
	}
	struct screen_arg arg = {.conduct = conduct_open(app->store, s, app_now_ms)};
	app_open(app, SCREEN_WORKSPACE, &arg);
}

static void open_debrief(struct app *app, const struct session_summary *sum)
{
	struct screen_arg arg = {.session_id = sum->id};

	app_open(app, SCREEN_DEBRIEF, &arg);
}

static void home_key(struct app *app, void *self, enum action a, int key,
		     const struct buf *paste)
{
	struct home *h = self;
	const struct session_summary *sum = selected_session(h);

	switch (a) {
	case ACT_SELECT:
		if (h->pane == HP_SCENARIOS || h->pane == HP_PREVIEW) {
			if (h->nscen)
				start_selected(app, h);
		} else if (sum && h->pane == HP_OPEN) {
			open_session(app, sum);
		} else if (sum) {
			open_debrief(app, sum);
		}
		break;
	case ACT_DEBRIEF:
	case ACT_REPORT:
	case ACT_EXPORT:
		if (!sum)
			app_message(app, false, "Select a session first (Tab to the session lists).");
		else if (a == ACT_DEBRIEF)
			open_debrief(app, sum);
		else if (a == ACT_REPORT)
			action_report(app, sum->id);
		else
			action_export(app, sum->id);
		break;
	case ACT_DASHBOARD:
		app_open(app, SCREEN_DASHBOARD, NULL);
		break;
	default:
		break;
	}
}

static enum key_scope_index home_scope(void *self)
{
	return SCOPE_HOME;
}

const struct screen_ops home_screen = {
	.name = "home",
	.scope = home_scope,
	.open = home_open,
	.close = home_close,
	.resume = home_resume,
	.layout = home_layout,
	.draw = home_draw,
	.key = home_key,
	.focus = home_focus,
	.navigate = home_navigate,
};
