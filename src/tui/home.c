/*
 * home.c - the home screen: the packs and their scenarios with a preview
 * of the selected one, the open sessions to resume, and the past
 * (finished) sessions to view, report or export.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui.h"

enum home_pane { HP_SCENARIOS, HP_PREVIEW, HP_OPEN, HP_PAST, HP_COUNT };

struct scen_ref {
	struct pack *pack;
	const struct pack_scenario *sc;
};

struct home {
	enum home_pane pane;
	struct scen_ref *scen;
	size_t nscen;
	size_t sel[HP_COUNT];
	size_t top[HP_COUNT];
	struct session_summary *all;
	size_t nall;
	size_t *open, nopen;  /* indexes into all */
	size_t *past, npast;
	struct doc list, preview;
	char load_error[600];
};

void home_create(struct app *app)
{
	struct home *h = xcalloc(1, sizeof(*h));

	for (size_t i = 0; i < app->packs->count; i++) {
		struct pack *p = app->packs->packs[i];
		for (size_t j = 0; j < p->nscenarios; j++) {
			h->scen = xreallocarray(h->scen, h->nscen + 1, sizeof(*h->scen));
			h->scen[h->nscen].pack = p;
			h->scen[h->nscen].sc = &p->scenarios[j];
			h->nscen++;
		}
	}
	app->home = h;
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

void home_destroy(struct app *app)
{
	struct home *h = app->home;

	if (!h)
		return;
	free_lists(h);
	free(h->scen);
	doc_free(&h->list);
	doc_free(&h->preview);
	free(h);
	app->home = NULL;
}

void home_refresh(struct app *app)
{
	struct home *h = app->home;
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

static void draw_scenarios(struct app *app, struct rect r)
{
	struct home *h = app->home;
	bool focus = h->pane == HP_SCENARIOS;
	struct rect body = {r.y + 1, r.x, r.h - 1, r.w};

	draw_title(r, "Scenarios", focus);
	doc_reset(&h->list, body.w - 1);
	if (!h->nscen) {
		doc_line(&h->list, "No packs found.", term_attr(ROLE_EMPH), 1, -1);
		doc_text(&h->list, "See dilemma(1), FILES, for where packs are looked for, "
			 "or run: dilemma --packs DIR", term_attr(ROLE_DIM), 1, -1);
	}
	const struct pack *last = NULL;
	for (size_t i = 0; i < h->nscen; i++) {
		if (h->scen[i].pack != last) {
			last = h->scen[i].pack;
			doc_line(&h->list, last->title, term_attr(ROLE_EMPH), 0, -1);
		}
		doc_line(&h->list, h->scen[i].sc->title, A_NORMAL, 2, (int)i);
	}
	h->top[HP_SCENARIOS] = doc_scroll_to(&h->list, (int)h->sel[HP_SCENARIOS],
					     h->top[HP_SCENARIOS], body.h);
	doc_draw(&h->list, body, h->top[HP_SCENARIOS], h->nscen ? (int)h->sel[HP_SCENARIOS] : -1,
		 term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM));
}

static void draw_preview(struct app *app, struct rect r)
{
	struct home *h = app->home;
	struct rect body = {r.y + 1, r.x + 1, r.h - 1, r.w - 2};

	draw_title(r, "Preview", h->pane == HP_PREVIEW);
	doc_reset(&h->preview, body.w);
	if (h->nscen) {
		const struct scen_ref *ref = &h->scen[h->sel[HP_SCENARIOS]];
		const struct pack_scenario *sc = ref->sc;
		struct doc *d = &h->preview;
		doc_text(d, sc->title, term_attr(ROLE_EMPH), 0, -1);
		doc_linef(d, term_attr(ROLE_DIM), 0, -1, "%s, version %ld; %s", ref->pack->id,
			  ref->pack->version, ref->pack->framework.name);
		if (sc->ntags) {
			struct buf b = {0};
			for (size_t i = 0; i < sc->ntags; i++)
				buf_printf(&b, "%s%s", i ? ", " : "Tags: ", sc->tags[i]);
			doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 0, -1);
		}
		doc_line(d, "", A_NORMAL, 0, -1);
		doc_line(d, "Situation", term_attr(ROLE_EMPH), 0, -1);
		doc_para(d, sc->situation, A_NORMAL, 0, -1);
		doc_line(d, "", A_NORMAL, 0, -1);
		doc_line(d, "Question", term_attr(ROLE_EMPH), 0, -1);
		doc_para(d, sc->question, A_NORMAL, 0, -1);
	}
	h->top[HP_PREVIEW] = doc_clamp(&h->preview, h->top[HP_PREVIEW], body.h);
	doc_draw(&h->preview, body, h->top[HP_PREVIEW], -1, 0);
}

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

static void draw_sessions(struct app *app, struct rect r, enum home_pane p)
{
	struct home *h = app->home;
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
	size_t sel = h->sel[p];
	if (sel < h->top[p])
		h->top[p] = sel;
	if (sel >= h->top[p] + (size_t)rows)
		h->top[p] = sel - (size_t)rows + 1;
	for (int y = 0; y < rows && h->top[p] + (size_t)y < n; y++) {
		size_t i = h->top[p] + (size_t)y;
		int attr = A_NORMAL;
		if (i == sel)
			attr = term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM);
		struct rect lr = {r.y + 1 + y, r.x, 1, r.w};
		if (i == sel)
			draw_fill(lr, attr);
		session_line(&h->all[idx[i]], p == HP_PAST, line, sizeof(line));
		draw_cstr(r.y + 1 + y, r.x + 2, r.w - 3, line, attr);
	}
}

static void home_draw(struct app *app, int cols, int lines)
{
	struct home *h = app->home;
	struct home_layout l;
	char left[256], right[128];

	layout_home(cols, lines, &l);
	snprintf(left, sizeof(left), "dilemma: %zu pack%s, %zu scenario%s", app->packs->count,
		 app->packs->count == 1 ? "" : "s", h->nscen, h->nscen == 1 ? "" : "s");
	right[0] = '\0';
	if (app->pack_problems)
		snprintf(right, sizeof(right), "%zu pack file%s not loaded: run dilemma validate",
			 app->pack_problems, app->pack_problems == 1 ? "" : "s");
	draw_header(cols, left, right[0] ? right : "Home", term_attr(right[0] ? ROLE_ERROR :
								    ROLE_HEADER));
	draw_scenarios(app, l.scenarios);
	draw_vline(l.preview.y, l.preview.x, l.preview.h);
	struct rect pv = {l.preview.y, l.preview.x + 1, l.preview.h, l.preview.w - 1};
	draw_preview(app, pv);
	draw_sessions(app, l.open, HP_OPEN);
	draw_sessions(app, l.past, HP_PAST);
	draw_footer(app, cols, lines, SCOPE_HOME);
}

static void move_sel(struct app *app, long delta)
{
	struct home *h = app->home;

	if (h->pane == HP_PREVIEW) {
		long t = (long)h->top[HP_PREVIEW] + delta;
		h->top[HP_PREVIEW] = t < 0 ? 0 : (size_t)t;
		return;
	}
	size_t n = pane_count(h, h->pane);
	if (!n)
		return;
	long s = (long)h->sel[h->pane] + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)n)
		s = (long)n - 1;
	h->sel[h->pane] = (size_t)s;
	if (h->pane == HP_SCENARIOS)
		h->top[HP_PREVIEW] = 0;
}

static void open_session(struct app *app, const struct session_summary *sum)
{
	struct store_error err;
	struct session *s = store_session_load(app->store, sum->id, &err);

	if (!s) {
		app_message(app, true, "cannot open the session: %s", err.message);
		return;
	}
	ws_open(app, s, false);
}

static void home_key(struct app *app, int key, const struct buf *paste)
{
	struct home *h = app->home;
	const struct session_summary *sum = selected_session(h);
	int page = LINES / 3;

	switch (keys_action(SCOPE_HOME, key)) {
	case ACT_QUIT:
		app->quit = true;
		break;
	case ACT_HELP:
		app_help_open(app);
		break;
	case ACT_NEXT_PANE:
		h->pane = (h->pane + 1) % HP_COUNT;
		break;
	case ACT_PREV_PANE:
		h->pane = (h->pane + HP_COUNT - 1) % HP_COUNT;
		break;
	case ACT_UP: move_sel(app, -1); break;
	case ACT_DOWN: move_sel(app, 1); break;
	case ACT_PGUP: move_sel(app, -page); break;
	case ACT_PGDN: move_sel(app, page); break;
	case ACT_FIRST: move_sel(app, -1000000); break;
	case ACT_LAST: move_sel(app, 1000000); break;
	case ACT_SELECT:
		if (h->pane == HP_SCENARIOS || h->pane == HP_PREVIEW) {
			if (h->nscen)
				dialog_start(app, h->scen[h->sel[HP_SCENARIOS]].pack,
					     h->scen[h->sel[HP_SCENARIOS]].sc);
		} else if (sum && h->pane == HP_OPEN) {
			open_session(app, sum);
		} else if (sum) {
			debrief_open(app, sum->id);
		}
		break;
	case ACT_DEBRIEF:
		if (sum)
			debrief_open(app, sum->id);
		else
			app_message(app, false, "Select a session first (Tab to the session lists).");
		break;
	case ACT_REPORT:
	case ACT_EXPORT:
		if (!sum) {
			app_message(app, false, "Select a session first (Tab to the session lists).");
			break;
		}
		if (keys_action(SCOPE_HOME, key) == ACT_REPORT)
			app_report(app, sum->id);
		else
			app_export(app, sum->id);
		break;
	default:
		break;
	}
}

const struct screen_ops home_ops = {
	.scope = SCOPE_HOME,
	.draw = home_draw,
	.key = home_key,
};
