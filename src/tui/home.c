/*
 * home.c - the home screen: the packs and their scenarios with a preview
 * of the selected one, the open sessions to resume, and the past
 * (finished) sessions to view, report or export.
 *
 * The packs are their headers (pack_index.h), listed through the
 * catalogue (catalog.h: by title, the last pack and scenario used first,
 * narrowed by a search typed after /); a pack is read in full only when a
 * session is started on it. The scenario list is laid out again only when
 * its width or the search changes, the preview when the selection or its
 * width changes, so that a key costs the same with a hundred packs as
 * with four. Each session list holds a page of the most recent sessions
 * (store_session_page), read again only when the view leaves it, so home
 * opens as fast on 30,000 sessions as on three.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "app.h"
#include "catalog.h"
#include "dilemma/conduct.h"
#include "doc.h"
#include "draw.h"
#include "editor.h"
#include "start.h"
#include "term.h"
#include "text.h"

enum home_pane { HP_SCENARIOS, HP_PREVIEW, HP_OPEN, HP_PAST, HP_COUNT };

/* How many sessions a list reads at a time: more than a tall terminal
 * shows, so that scrolling reads again only now and then. */
#define SESSION_PAGE 64

/* A session list: the page of it held, read again when the view leaves
 * it or the sessions may have changed. */
struct sess_list {
	const char *status;            /* its filter: "open" or "finished" */
	struct session_summary *items; /* sessions off .. off + n - 1 */
	size_t off, n;
	size_t total;                  /* how many the list has */
	bool stale;
};

struct home {
	enum home_pane pane;
	struct catalog cat;
	size_t *row_of;        /* the list's row of each scenario shown */
	size_t sel[HP_COUNT];  /* the scenarios': a position in the catalogue's view */
	size_t top[HP_COUNT];
	struct sess_list lists[2]; /* open, past */
	struct doc list, preview;
	int list_width;        /* what the list was laid out for; -1: not yet */
	int list_want;         /* the width its longest row would like */
	size_t preview_of;     /* the item previewed; SIZE_MAX: none yet */
	int preview_width;
	bool typing;           /* the search takes the keys */
	struct editor query;
	struct home_layout l;  /* as last laid out */
	char load_error[600];
};

static void refresh_lists(struct app *app, struct home *h);
static void cover(struct app *app, struct home *h, struct sess_list *sl, size_t first,
		  size_t count);

/* The session most recently worked on, or NULL: its pack and scenario
 * come first in the list. The sessions say what was used last, so nothing
 * else needs keeping (and a database opened read-only says it too). */
static const struct session_summary *last_used(const struct home *h)
{
	const struct session_summary *a = h->lists[0].off == 0 && h->lists[0].n ?
		&h->lists[0].items[0] : NULL;
	const struct session_summary *b = h->lists[1].off == 0 && h->lists[1].n ?
		&h->lists[1].items[0] : NULL;

	if (!a || !b)
		return a ? a : b;
	return strcmp(a->updated_at, b->updated_at) >= 0 ? a : b;
}

/* A scenario's tags for the search: they come with its preview. */
static const char *const *tags_of(void *ctx, size_t pack, size_t sc, size_t *n)
{
	const struct pack_index_preview *pv = pack_index_preview(ctx, pack, sc);

	*n = pv ? pv->ntags : 0;
	return pv ? pv->tags : NULL;
}

static void *home_open(struct app *app, const struct screen_arg *arg)
{
	struct home *h = xcalloc(1, sizeof(*h));

	h->lists[0].status = "open";
	h->lists[1].status = "finished";
	refresh_lists(app, h);
	cover(app, h, &h->lists[0], 0, 1);
	cover(app, h, &h->lists[1], 0, 1);
	const struct session_summary *last = last_used(h);
	catalog_init(&h->cat, app->packs, tags_of, app->packs, last ? last->pack_id : NULL,
		     last ? last->scenario_id : NULL);
	h->row_of = xcalloc(h->cat.n + 1, sizeof(*h->row_of));
	/* a scenario's title after its indent, and a column before the preview */
	h->list_want = catalog_width(&h->cat, 2) + 1;
	h->preview_of = SIZE_MAX;
	h->list_width = h->preview_width = -1;
	editor_init(&h->query);
	h->query.single_line = true;
	return h;
}

static void free_list(struct sess_list *sl)
{
	session_summaries_free(sl->items, sl->n);
	sl->items = NULL;
	sl->n = sl->off = 0;
}

static void home_close(struct app *app, void *self)
{
	struct home *h = self;

	free_list(&h->lists[0]);
	free_list(&h->lists[1]);
	catalog_finish(&h->cat);
	free(h->row_of);
	editor_finish(&h->query);
	doc_free(&h->list);
	doc_free(&h->preview);
	free(h);
}

static struct sess_list *list_of(struct home *h, enum home_pane p)
{
	return &h->lists[p == HP_OPEN ? 0 : 1];
}

/* Count the sessions again (they may have changed); their pages are read
 * again when next shown. */
static void refresh_lists(struct app *app, struct home *h)
{
	h->load_error[0] = '\0';
	for (enum home_pane p = HP_OPEN; p <= HP_PAST; p++) {
		struct sess_list *sl = list_of(h, p);
		struct store_filter f = {.status = sl->status};
		struct store_error err;
		sl->stale = true;
		if (!store_session_count(app->store, &f, &sl->total, &err)) {
			snprintf(h->load_error, sizeof(h->load_error),
				 "cannot list the sessions: %s", err.message);
			sl->total = 0;
		}
		if (h->sel[p] >= sl->total)
			h->sel[p] = sl->total ? sl->total - 1 : 0;
	}
}

/* Hold sessions @first .. @first + @count - 1 of @sl (those there are):
 * read a page around them unless it is held already. */
static void cover(struct app *app, struct home *h, struct sess_list *sl, size_t first,
		  size_t count)
{
	struct store_error err;

	if (first >= sl->total)
		count = 0;
	else if (count > sl->total - first)
		count = sl->total - first;
	if (!sl->stale && first >= sl->off && first + count <= sl->off + sl->n)
		return;
	free_list(sl);
	sl->stale = false;
	if (!sl->total)
		return;
	/* some rows before the view too, for scrolling back */
	size_t off = first > SESSION_PAGE / 4 ? first - SESSION_PAGE / 4 : 0;
	struct store_page page = {.offset = off,
				  .limit = count + SESSION_PAGE / 2 > SESSION_PAGE ?
					   count + SESSION_PAGE / 2 : SESSION_PAGE};
	struct store_filter f = {.status = sl->status};
	if (!store_session_page(app->store, &f, &page, &sl->items, &sl->n, &err)) {
		snprintf(h->load_error, sizeof(h->load_error), "cannot list the sessions: %s",
			 err.message);
		sl->items = NULL;
		sl->n = 0;
	}
	sl->off = off;
}

/* Session @i of @sl, when held. */
static const struct session_summary *list_at(const struct sess_list *sl, size_t i)
{
	return i >= sl->off && i < sl->off + sl->n ? &sl->items[i - sl->off] : NULL;
}

static void home_resume(struct app *app, void *self)
{
	refresh_lists(app, self);
}

static size_t pane_count(struct home *h, enum home_pane p)
{
	switch (p) {
	case HP_SCENARIOS: return h->cat.nview;
	case HP_OPEN:
	case HP_PAST: return list_of(h, p)->total;
	default: return 0;
	}
}

/* The summary selected in the focused session pane, or NULL. */
static const struct session_summary *selected_session(struct home *h)
{
	if (h->pane != HP_OPEN && h->pane != HP_PAST)
		return NULL;
	return list_at(list_of(h, h->pane), h->sel[h->pane]);
}

/* The pack and the header of the scenario shown at position @pos. */
static const struct pack_index_entry *pack_of(struct app *app, const struct home *h, size_t pos)
{
	return &app->packs->packs[catalog_shown(&h->cat, pos)->pack];
}

static const struct pack_index_scenario *scenario_of(struct app *app, const struct home *h,
						     size_t pos)
{
	return &pack_of(app, h, pos)->scenarios[catalog_shown(&h->cat, pos)->sc];
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

/* The list of packs and their scenarios shown, for a pane @width wide:
 * titles too long for it end in an ellipsis (the preview has them whole). */
static void build_list(struct app *app, struct home *h, int width)
{
	size_t last = SIZE_MAX;

	doc_reset(&h->list, width);
	if (!h->cat.n) {
		doc_line(&h->list, "No packs found.", term_attr(ROLE_EMPH), 1, -1);
		doc_text(&h->list, "See dilemma(1), FILES, for where packs are looked for, "
			 "or run: dilemma --packs DIR", term_attr(ROLE_DIM), 1, -1);
	} else if (!h->cat.nview) {
		doc_line(&h->list, "Nothing matches the search.", term_attr(ROLE_EMPH), 1, -1);
		doc_text(&h->list, "Backspace changes it; Esc clears it.", term_attr(ROLE_DIM), 1,
			 -1);
	}
	for (size_t k = 0; k < h->cat.nview; k++) {
		size_t pack = catalog_shown(&h->cat, k)->pack;
		if (pack != last) {
			last = pack;
			doc_line_cut(&h->list, pack_of(app, h, k)->title, term_attr(ROLE_EMPH), 0, -1);
		}
		h->row_of[k] = h->list.n;
		doc_line_cut(&h->list, scenario_of(app, h, k)->title, A_NORMAL, 2, (int)k);
	}
	h->list_width = width;
}

static void layout_scenarios(struct app *app, struct home *h)
{
	struct rect body = list_body(h->l.scenarios);
	size_t *top = &h->top[HP_SCENARIOS];

	if (body.w - 1 != h->list_width)
		build_list(app, h, body.w - 1);
	if (h->cat.nview) {
		size_t row = h->row_of[h->sel[HP_SCENARIOS]];
		/* the pack's title above its first scenario shown with it */
		size_t first = row > 0 && h->list.rows[row - 1].block < 0 ? row - 1 : row;
		*top = doc_scroll_rows(&h->list, first, row, *top, body.h);
	} else {
		*top = doc_clamp(&h->list, *top, body.h);
	}
}

static void layout_preview(struct app *app, struct home *h)
{
	struct rect body = preview_body(h->l.preview);
	struct doc *d = &h->preview;
	size_t sel = h->sel[HP_SCENARIOS];
	size_t item = h->cat.nview ? h->cat.view[sel] : SIZE_MAX;

	if (item == h->preview_of && body.w == h->preview_width) {
		h->top[HP_PREVIEW] = doc_clamp(d, h->top[HP_PREVIEW], body.h);
		return;
	}
	h->preview_of = item;
	h->preview_width = body.w;
	doc_reset(d, body.w);
	if (item != SIZE_MAX) {
		const struct pack_index_entry *pack = pack_of(app, h, sel);
		const struct pack_index_scenario *sc = scenario_of(app, h, sel);
		/* the title whole, which the list may have cut */
		doc_text(d, sc->title, term_attr(ROLE_EMPH), 0, -1);
		const struct catalog_item *it = catalog_shown(&h->cat, sel);
		const struct pack_index_preview *pv = pack_index_preview(app->packs, it->pack, it->sc);
		doc_text(d, doc_keep(d, xasprintf("%s, version %ld; %s", pack->id, pack->version,
						  pack->framework_name)),
			 term_attr(ROLE_DIM), 0, -1);
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

/* Keep the selected session of pane @p in its view, and its rows read. */
static void layout_sessions(struct app *app, struct home *h, enum home_pane p, struct rect r)
{
	struct sess_list *sl = list_of(h, p);
	size_t rows = r.h > 1 ? (size_t)r.h - 1 : 0;
	size_t *sel = &h->sel[p], *top = &h->top[p];

	if (*sel >= sl->total)
		*sel = sl->total ? sl->total - 1 : 0;
	if (*sel < *top)
		*top = *sel;
	if (rows && *sel >= *top + rows)
		*top = *sel - rows + 1;
	/* no empty rows at the end while there are sessions above */
	if (*top + rows > sl->total)
		*top = sl->total > rows ? sl->total - rows : 0;
	cover(app, h, sl, *top, rows);
}

static void home_layout(struct app *app, void *self, int cols, int lines)
{
	struct home *h = self;
	struct home_wants want = {h->list_want, h->lists[0].total, h->lists[1].total};

	layout_home(cols, lines, &want, &h->l);
	layout_scenarios(app, h);
	layout_preview(app, h);
	layout_sessions(app, h, HP_OPEN, h->l.open);
	layout_sessions(app, h, HP_PAST, h->l.past);
}

/* ---- drawing ---- */

/* One session on row @y from @x, @w columns: for an open one its last
 * stage, for a past one "finished"; how long ago; who took part (in
 * @who_w columns, none when 0); the label, and the scenario unless the
 * label names it. */
static void draw_session(const struct session_summary *s, bool past, int y, int x, int w,
			 int who_w, int attr)
{
	char now[SESSION_TIME_LEN], age[32], lead[64];
	const char *when = past && s->finished_at[0] ? s->finished_at : s->updated_at;

	time_now_iso(now);
	text_age(session_time_diff(when, now), age, sizeof(age));
	if (past)
		snprintf(lead, sizeof(lead), "finished %-12s ", age);
	else
		snprintf(lead, sizeof(lead), "%-11s %-12s ",
			 s->last_stage >= 0 ? ndm_stage_info((enum ndm_stage)s->last_stage)->short_name
					    : "not started", age);
	int used = draw_cstr(y, x, w, lead, attr);
	if (who_w > 0 && used + who_w + 2 < w) {
		draw_str_cut(y, x + used, who_w, s->participants, strlen(s->participants), attr);
		used += who_w + 2;
	}
	const char *sc = strstr(s->label, s->scenario_title) ? "" : s->scenario_title;
	char *label = xasprintf("%s%s%s", s->label, sc[0] ? " | " : "", sc);
	draw_str_cut(y, x + used, w - used, label, strlen(label), attr);
	free(label);
}

static void draw_sessions(struct home *h, struct rect r, enum home_pane p)
{
	struct sess_list *sl = list_of(h, p);
	bool focus = h->pane == p;
	size_t rows = r.h > 1 ? (size_t)r.h - 1 : 0;
	const char *name = p == HP_OPEN ? "Open sessions: resume" : "Past sessions";
	char title[700];
	int w = r.w - 3, who_w = 0;

	/* an empty list is its title row alone, which says so */
	if (h->load_error[0])
		snprintf(title, sizeof(title), "%s: %s", name, h->load_error);
	else if (!sl->total)
		snprintf(title, sizeof(title), "%s (0): none yet%s%s", name,
			 r.w < 68 ? "" : "; ", r.w < 68 ? "" : p == HP_OPEN ?
			 "Enter on a scenario starts one" : "finished sessions appear here");
	else
		snprintf(title, sizeof(title), "%s (%zu)", name, sl->total);
	draw_title(r, title, focus);
	draw_more_title(r, h->top[p], sl->total, (int)rows);
	if (h->load_error[0])
		draw_cstr(r.y, r.x + 1 + text_width(name, strlen(name)) + 2,
			  r.w - 3 - text_width(name, strlen(name)), h->load_error,
			  term_attr(ROLE_ERROR));
	/* who took part: as wide as the widest shown needs, up to a quarter */
	for (size_t y = 0; y < rows; y++) {
		const struct session_summary *s = list_at(sl, h->top[p] + y);
		int pw = s ? text_width(s->participants, strlen(s->participants)) : 0;
		who_w = pw > who_w ? pw : who_w;
	}
	if (who_w > w / 4)
		who_w = w / 4;
	for (size_t y = 0; y < rows; y++) {
		size_t i = h->top[p] + y;
		const struct session_summary *s = list_at(sl, i);
		int attr = A_NORMAL;
		if (!s)
			break;
		if (i == h->sel[p]) {
			attr = term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM);
			draw_fill((struct rect){r.y + 1 + (int)y, r.x, 1, r.w}, attr);
		}
		draw_session(s, p == HP_PAST, r.y + 1 + (int)y, r.x + 2, w, who_w, attr);
	}
}

/* The scenario list's title: what a search keeps, and the search itself
 * (where it is typed, while it is). */
static void draw_list_title(struct home *h)
{
	struct rect r = h->l.scenarios;
	bool focus = h->pane == HP_SCENARIOS;
	char title[96];

	struct rect body = list_body(r);
	size_t top = h->top[HP_SCENARIOS];
	bool up = top > 0, down = h->list.n > top + (size_t)body.h;

	if (!h->typing && !catalog_searching(&h->cat)) {
		draw_title(r, "Scenarios", focus);
		draw_more(r.y, r.x + r.w, up, down);
		return;
	}
	snprintf(title, sizeof(title), "%zu of %zu %s /", h->cat.nview, h->cat.n,
		 h->cat.nview == 1 ? "matches" : "match");
	draw_title(r, title, focus);
	/* the marker, then the search in what it leaves */
	int more = draw_more(r.y, r.x + r.w, up, down);
	int x = r.x + 1 + text_width(title, strlen(title));
	struct rect q = {r.y, x, 1, r.x + r.w - more - x};
	if (q.w < 1)
		return;
	if (h->typing)
		draw_editor(&h->query, q, term_attr(focus ? ROLE_TITLE_FOCUS : ROLE_TITLE));
	else
		draw_str_cut(q.y, q.x, q.w, h->cat.query, strlen(h->cat.query),
			     term_attr(focus ? ROLE_TITLE_FOCUS : ROLE_TITLE));
}

static enum key_scope_index home_scope(void *self)
{
	return ((struct home *)self)->typing ? SCOPE_SEARCH : SCOPE_HOME;
}

static void home_draw(struct app *app, void *self, int cols, int lines)
{
	struct home *h = self;
	char left[256], right[128], hint[256];
	bool focus = h->pane == HP_SCENARIOS;

	size_t problems = app->packs->problems;

	snprintf(left, sizeof(left), "dilemma: %zu pack%s, %zu scenario%s", app->packs->count,
		 app->packs->count == 1 ? "" : "s", h->cat.n, h->cat.n == 1 ? "" : "s");
	right[0] = '\0';
	if (problems)
		snprintf(right, sizeof(right), "%zu pack file%s not loaded: run dilemma validate",
			 problems, problems == 1 ? "" : "s");
	draw_header(cols, left, right[0] ? right : "Home", term_attr(right[0] ? ROLE_ERROR :
								    ROLE_HEADER));
	doc_draw(&h->list, list_body(h->l.scenarios), h->top[HP_SCENARIOS],
		 h->cat.nview ? (int)h->sel[HP_SCENARIOS] : -1,
		 term_attr(focus ? ROLE_SELECTED : ROLE_SELECTED_DIM));
	draw_vline(h->l.preview.y, h->l.preview.x, h->l.preview.h);
	struct rect pv = {h->l.preview.y, h->l.preview.x + 1, h->l.preview.h, h->l.preview.w - 1};
	draw_title(pv, "Preview", h->pane == HP_PREVIEW);
	draw_more_title(pv, h->top[HP_PREVIEW], h->preview.n, preview_body(h->l.preview).h);
	doc_draw(&h->preview, preview_body(h->l.preview), h->top[HP_PREVIEW], -1, 0);
	draw_sessions(h, h->l.open, HP_OPEN);
	draw_sessions(h, h->l.past, HP_PAST);
	/* last: the search's editor puts the cursor in the title */
	draw_list_title(h);
	hint[0] = '\0';
	if (!h->typing && catalog_searching(&h->cat))
		snprintf(hint, sizeof(hint), "%sn/N next/previous match  / change  Esc clear  "
			 "? help  q quit", h->cat.nview ? "Enter start  " : "");
	app_footer(app, cols, lines, home_scope(h), hint[0] ? hint : NULL, false);
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

/* Show what @query keeps, the selected scenario still selected when it
 * is among them, else the first. */
static void set_query(struct home *h, const char *query)
{
	size_t item = h->cat.nview ? h->cat.view[h->sel[HP_SCENARIOS]] : SIZE_MAX;

	catalog_search(&h->cat, query);
	size_t pos = item == SIZE_MAX ? SIZE_MAX : catalog_position(&h->cat, item);
	h->sel[HP_SCENARIOS] = pos == SIZE_MAX ? 0 : pos;
	h->top[HP_SCENARIOS] = 0;
	h->list_width = -1; /* lay the list out again */
	if (pos == SIZE_MAX)
		h->top[HP_PREVIEW] = 0;
}

static void clear_search(struct home *h)
{
	h->typing = false;
	editor_set_text(&h->query, "");
	set_query(h, "");
}

/* A key while the search is typed: it edits the search, and the list
 * follows at once. */
static void search_key(struct home *h, enum action a, int key, const struct buf *paste)
{
	unsigned long before = h->query.changes;

	if (a == ACT_ACCEPT) {
		h->typing = false;
		return;
	}
	if (a == ACT_CANCEL) {
		clear_search(h);
		return;
	}
	editor_handle(&h->query, a, key, paste);
	if (h->query.changes != before) {
		char *q = editor_text(&h->query);
		set_query(h, q);
		free(q);
	}
}

/* n / N: the next (@dir 1) or previous (-1) match, round the end. */
static void next_match(struct app *app, struct home *h, int dir)
{
	size_t n = h->cat.nview;

	if (!catalog_searching(&h->cat)) {
		app_message(app, false, "No search yet: / searches the packs and scenarios.");
		return;
	}
	h->pane = HP_SCENARIOS;
	if (!n) {
		app_message(app, false, "Nothing matches the search.");
		return;
	}
	h->sel[HP_SCENARIOS] = (h->sel[HP_SCENARIOS] + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	h->top[HP_PREVIEW] = 0;
}

/* Start a session on the selected scenario, of its pack as the file holds
 * it now: the list shows what the file held when the workbench started. */
static void start_selected(struct app *app, struct home *h)
{
	size_t sel = h->sel[HP_SCENARIOS];
	const struct pack_index_entry *entry = pack_of(app, h, sel);
	const char *id = scenario_of(app, h, sel)->id;
	struct diag_list diags = {0};
	struct pack *pack = pack_index_pack(app->packs, catalog_shown(&h->cat, sel)->pack, &diags);
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

	if (h->typing) {
		search_key(h, a, key, paste);
		return;
	}
	switch (a) {
	case ACT_SELECT:
		if (h->pane == HP_SCENARIOS || h->pane == HP_PREVIEW) {
			if (h->cat.nview)
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
	case ACT_SEARCH:
		h->typing = true;
		h->pane = HP_SCENARIOS;
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		next_match(app, h, a == ACT_NEXT_MATCH ? 1 : -1);
		break;
	case ACT_CANCEL:
		if (catalog_searching(&h->cat))
			clear_search(h);
		break;
	case ACT_DASHBOARD:
		app_open(app, SCREEN_DASHBOARD, NULL);
		break;
	default:
		break;
	}
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
