/*
 * workspace.c - the workspace: one session, one NDM stage at a time.
 *
 * Panes: the rail of stages around the Code of Ethics, the scenario (with
 * the injects released so far), the stage (its prompts and the user's
 * fields) and the principles (stance and reasoning for each).
 *
 * Nothing typed is lost: the text being edited is saved when the user
 * pauses (one second), leaves the field, or changes stage, and at least
 * every ten seconds while typing on. A save that fails keeps the text in
 * memory (in the editor, or in the pending list once the field is left),
 * says so in the header and is retried every two seconds; quitting with
 * unsaved text asks first.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "text.h"
#include "ui.h"

#define IDLE_SAVE_MS 1000
#define MAX_UNSAVED_MS 10000

enum ws_pane { WP_RAIL, WP_SCENARIO, WP_STAGE, WP_PRINCIPLES, WP_COUNT };

enum item_type { IT_TEXT, IT_OPTION, IT_ADD_OPTION, IT_ADD_CONTINGENCY, IT_DECISION };

struct item {
	enum item_type type;
	struct field_key key;
	int64_t position;
	int number; /* options and contingencies: 1, 2, ... */
};

struct ws {
	struct session *s;
	const struct framework *fw;
	const struct pack_scenario *sc;
	enum ndm_stage stage;
	enum ws_pane pane;
	struct fields f; /* saving, and what is not saved yet */

	struct item *items;
	size_t nitems, item_sel, stage_top;
	bool stage_paged; /* PgUp/PgDn moved the view off the selection */
	int stage_rows;   /* rows of the stage pane's text, as last drawn */
	size_t pr_sel, pr_top;
	size_t rail_sel;
	size_t sc_top;
	bool show_inject;
	bool zoom;   /* the focused pane fills the screen */
	bool retrying; /* a retry is under way (it may wait for a lock) */
	bool *fresh; /* per inject: released on this visit to the stage */

	bool editing;
	enum ws_pane ed_pane;
	struct editor ed;
	struct field_key ed_key;
	int64_t ed_position;
	unsigned long ed_saved;
	int64_t last_key_ms, dirty_since_ms;

	struct doc d_sc, d_stage, d_pr;
};

/* The stages in rail order: the loop, then the centre. */
static const enum ndm_stage rail_order[NDM_STAGE_COUNT] = {
	NDM_INFORMATION, NDM_ASSESSMENT, NDM_POWERS, NDM_OPTIONS, NDM_ACTION, NDM_ETHICS,
};

/* ---- fields and saving ---- */

#define key_eq field_key_eq

static const struct entry *key_entry(struct ws *ws, const struct field_key *k)
{
	return fields_entry(&ws->f, k);
}

static struct pending *find_pending(struct ws *ws, const struct field_key *k)
{
	return fields_pending(&ws->f, k);
}

static void drop_pending(struct ws *ws, struct pending *p)
{
	fields_drop(&ws->f, p);
}

static void add_pending(struct ws *ws, const struct field_key *k, char *text, int64_t position)
{
	fields_keep(&ws->f, k, text, position);
}

/* The text a field shows (not for the field being edited). */
static const char *key_text(struct ws *ws, const struct field_key *k)
{
	return fields_text(&ws->f, k);
}

static bool save_text(struct app *app, const struct field_key *k, const char *text,
		      int64_t position)
{
	struct ws *ws = app->ws;
	struct field_key old = *k;
	int64_t id;

	if (!fields_save(&ws->f, k, text, position, &id))
		return false;
	/* a never-saved field being edited now has its entry id */
	if (old.id < 0 && ws->editing && key_eq(&ws->ed_key, &old))
		ws->ed_key.id = id;
	return true;
}

static bool flush_pending(struct app *app)
{
	struct ws *ws = app->ws;

	if (!fields_flush(&ws->f))
		return false;
	if (!ws->editing || ws->ed.changes == ws->ed_saved)
		ws->f.failed = false;
	return true;
}

static bool editor_dirty(struct ws *ws)
{
	return ws->editing && ws->ed.changes != ws->ed_saved;
}

static bool editor_commit(struct app *app)
{
	struct ws *ws = app->ws;

	if (!editor_dirty(ws))
		return true;
	unsigned long changes = ws->ed.changes;
	char *text = editor_text(&ws->ed);
	bool ok = save_text(app, &ws->ed_key, text, ws->ed_position);
	free(text);
	if (ok) {
		ws->ed_saved = changes;
		if (!ws->f.npend)
			ws->f.failed = false;
	}
	return ok;
}

/* Leave the editor; its text is saved or, failing that, kept pending.
 * False when the save failed (so the caller need not try again at once:
 * each try may wait for the database's busy timeout). */
static bool editor_close(struct app *app)
{
	struct ws *ws = app->ws;
	bool ok = true;

	if (!ws->editing)
		return true;
	if (!editor_commit(app)) {
		add_pending(ws, &ws->ed_key, editor_text(&ws->ed), ws->ed_position);
		ok = false;
	}
	editor_finish(&ws->ed);
	ws->editing = false;
	return ok;
}

static void editor_open(struct app *app, const struct field_key *k, int64_t position,
			enum ws_pane pane)
{
	struct ws *ws = app->ws;
	struct pending *p;

	editor_close(app);
	editor_init(&ws->ed);
	p = find_pending(ws, k);
	editor_set_text(&ws->ed, key_text(ws, k));
	ws->ed_saved = ws->ed.changes;
	if (p) {
		/* the editor now holds the unsaved text and saves it itself */
		drop_pending(ws, p);
		ws->ed_saved--;
		ws->dirty_since_ms = app_now_ms();
	}
	ws->ed_key = *k;
	ws->ed_position = position;
	ws->ed_pane = pane;
	ws->editing = true;
	ws->pane = pane;
	ws->last_key_ms = app_now_ms();
}

bool ws_save_all(struct app *app)
{
	bool ok = editor_commit(app);
	return flush_pending(app) && ok;
}

/* ---- stages, injects, progress ---- */

static bool inject_released(struct ws *ws, size_t i)
{
	char num[24];

	snprintf(num, sizeof(num), "%zu", i + 1);
	for (size_t e = 0; e < ws->s->nevents; e++)
		if (ws->s->events[e].kind == EVENT_INJECT_RELEASED &&
		    ws->s->events[e].detail && strcmp(ws->s->events[e].detail, num) == 0)
			return true;
	return false;
}

static void enter_stage(struct app *app, enum ndm_stage st)
{
	struct ws *ws = app->ws;
	struct store_error err;
	size_t released = 0;

	ws->stage = st;
	if (!store_event_record(app->store, ws->s, EVENT_STAGE_ENTERED, st, NULL, &err))
		app_message(app, true, "Could not record the stage change: %s", err.message);
	for (size_t i = 0; ws->sc && i < ws->sc->ninjects; i++) {
		ws->fresh[i] = false;
		if (ws->sc->injects[i].stage != st || inject_released(ws, i))
			continue;
		char num[24];
		snprintf(num, sizeof(num), "%zu", i + 1);
		if (store_event_record(app->store, ws->s, EVENT_INJECT_RELEASED, st, num, &err)) {
			ws->fresh[i] = true;
			released++;
		} else {
			app_message(app, true, "Could not release new information: %s", err.message);
		}
	}
	if (released) {
		ws->show_inject = true;
		app_message(app, false, "NEW information has come in: see the scenario pane.");
	}
	ws->item_sel = 0;
	ws->stage_paged = false;
	ws->stage_top = 0;
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++)
		if (rail_order[i] == st)
			ws->rail_sel = i;
}

static void go_stage(struct app *app, enum ndm_stage st)
{
	struct ws *ws = app->ws;
	struct store_error err;

	if (editor_close(app))
		flush_pending(app);
	if (st == ws->stage)
		return;
	if (!store_event_record(app->store, ws->s, EVENT_STAGE_LEFT, ws->stage, NULL, &err))
		app_message(app, true, "Could not record the stage change: %s", err.message);
	enter_stage(app, st);
}

static bool entry_has_content(const struct entry *e)
{
	return !e->deleted && (!str_blank(e->text) || e->stance != STANCE_NONE);
}

/* 0 nothing recorded, 1 started, 2 the stage's main fields and at least one
 * principle are done. */
static int stage_progress(struct ws *ws, enum ndm_stage st)
{
	bool any = false, main_done = false, principle = false, rationale = false;

	for (size_t i = 0; i < ws->s->nentries; i++) {
		const struct entry *e = &ws->s->entries[i];
		if (e->stage != st || !entry_has_content(e))
			continue;
		any = true;
		if (e->kind == ENTRY_PRINCIPLE)
			principle = true;
		else if (st == NDM_OPTIONS && e->kind == ENTRY_OPTION)
			main_done = true;
		else if (st == NDM_ACTION && e->kind == ENTRY_DECISION)
			main_done = main_done || rationale;
		else if (st == NDM_ACTION && e->kind == ENTRY_RATIONALE)
			rationale = true;
		else if (st != NDM_OPTIONS && st != NDM_ACTION && e->kind == ENTRY_NOTE)
			main_done = true;
	}
	if (st == NDM_ACTION) {
		const struct entry *d = session_entry_find(ws->s, st, ENTRY_DECISION, NULL,
							   ws->f.participant);
		main_done = rationale && d && !str_blank(d->text);
	}
	if (!any)
		return 0;
	return main_done && principle ? 2 : 1;
}

/* ---- the stage's items ---- */

static void push_item(struct ws *ws, enum item_type t, const struct field_key *k, int64_t pos,
		      int number)
{
	ws->items = xreallocarray(ws->items, ws->nitems + 1, sizeof(*ws->items));
	struct item *it = &ws->items[ws->nitems++];
	it->type = t;
	it->key = *k;
	it->position = pos;
	it->number = number;
}

static int cmp_entry_pos(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void push_list(struct ws *ws, enum entry_kind kind)
{
	const struct entry **list = xcalloc(ws->s->nentries + 1, sizeof(*list));
	size_t n = 0;
	int number = 1;

	for (size_t i = 0; i < ws->s->nentries; i++) {
		const struct entry *e = &ws->s->entries[i];
		if (e->stage == NDM_OPTIONS && e->kind == kind && !e->deleted)
			list[n++] = e;
	}
	qsort(list, n, sizeof(*list), cmp_entry_pos);
	for (size_t i = 0; i < n; i++) {
		struct field_key k = {NDM_OPTIONS, kind, NULL, list[i]->id};
		push_item(ws, IT_OPTION, &k, list[i]->position, number++);
	}
	free(list);
	/* never-saved ones: unsaved after a failure, or being typed */
	for (size_t i = 0; i < ws->f.npend; i++)
		if (ws->f.pend[i].key.kind == kind && ws->f.pend[i].key.id < 0)
			push_item(ws, IT_OPTION, &ws->f.pend[i].key, ws->f.pend[i].position, number++);
	if (ws->editing && ws->ed_key.kind == kind && ws->ed_key.id < 0 &&
	    !find_pending(ws, &ws->ed_key))
		push_item(ws, IT_OPTION, &ws->ed_key, ws->ed_position, number++);
	struct field_key add = {NDM_OPTIONS, kind, NULL, 0};
	push_item(ws, kind == ENTRY_OPTION ? IT_ADD_OPTION : IT_ADD_CONTINGENCY, &add, 0, 0);
}

static void build_items(struct ws *ws)
{
	struct field_key k = {ws->stage, ENTRY_NOTE, NULL, 0};

	ws->nitems = 0;
	if (ws->stage == NDM_ACTION) {
		k.kind = ENTRY_DECISION;
		push_item(ws, IT_DECISION, &k, 0, 0);
		k.kind = ENTRY_RATIONALE;
		push_item(ws, IT_TEXT, &k, 0, 0);
		k.kind = ENTRY_REVIEW;
		push_item(ws, IT_TEXT, &k, 0, 0);
	} else {
		push_item(ws, IT_TEXT, &k, 0, 0);
	}
	if (ws->stage == NDM_OPTIONS) {
		push_list(ws, ENTRY_OPTION);
		push_list(ws, ENTRY_CONTINGENCY);
	}
	if (ws->item_sel >= ws->nitems)
		ws->item_sel = ws->nitems - 1;
}

static const char *item_label(const struct item *it, char *buf, size_t size)
{
	switch (it->type) {
	case IT_DECISION:
		return "Decision: the option I chose";
	case IT_ADD_OPTION:
		return "+ Add an option (a)";
	case IT_ADD_CONTINGENCY:
		return "+ Add a contingency (c)";
	case IT_OPTION:
		snprintf(buf, size, "%s %d", it->key.kind == ENTRY_OPTION ? "Option" : "Contingency",
			 it->number);
		return buf;
	default:
		break;
	}
	switch (it->key.kind) {
	case ENTRY_RATIONALE:
		return "Rationale: what I did and why";
	case ENTRY_REVIEW:
		return "Review: what happened, what I would do differently";
	default:
		return "Your reasoning";
	}
}

/* ---- drawing ---- */

/* Wrapped rows the editor's text needs at @width, counting no further
 * than @limit. */
static int editor_rows_needed(struct ws *ws, int width, int limit)
{
	struct text_rows rows = {0};
	int n = 0;

	for (size_t i = 0; i < ws->ed.nlines && n < limit; i++) {
		/* a line this long fills the view whatever it holds (a character
		 * is at most 4 bytes): no need to wrap all of it on every key */
		if (ws->ed.lines[i].len / 4 > (size_t)(limit - n) * (size_t)width)
			return limit;
		text_wrap(ws->ed.lines[i].s, ws->ed.lines[i].len, width - 1, &rows);
		n += (int)rows.count;
	}
	text_rows_finish(&rows);
	return n;
}

static int editor_height(struct ws *ws, int width, int avail)
{
	int n = editor_rows_needed(ws, width, avail) + 1;

	if (n < 3)
		n = 3;
	return n > avail ? avail : n;
}

static void draw_editor_in(struct ws *ws, struct rect pane, int ed_row, int h)
{
	if (ed_row < 0)
		return;
	if (ed_row + h > pane.y + pane.h)
		h = pane.y + pane.h - ed_row;
	struct rect r = {ed_row, pane.x + 2, h, pane.w - 2};
	draw_editor(&ws->ed, r, term_attr(ROLE_SELECTED_DIM));
}

static void draw_rail(struct app *app, struct rect r)
{
	struct ws *ws = app->ws;
	bool focus = ws->pane == WP_RAIL;
	char now[SESSION_TIME_LEN], clock[16];
	static const char *const progress[] = {"empty", "started", "done"};
	int y = r.y + 1;

	time_now_iso(now);
	draw_title(r, "Stages", focus);
	for (size_t i = 0; i < NDM_STAGE_COUNT && y + 1 < r.y + r.h; i++) {
		enum ndm_stage st = rail_order[i];
		if (st == NDM_ETHICS) {
			draw_cstr(y++, r.x, r.w, "  at the centre", term_attr(ROLE_DIM));
			if (y + 1 >= r.y + r.h)
				break;
		}
		int attr = st == ws->stage ? term_attr(ROLE_EMPH) : (int)A_NORMAL;
		if (focus && i == ws->rail_sel) {
			attr = term_attr(ROLE_SELECTED);
			struct rect line = {y, r.x, 1, r.w};
			draw_fill(line, attr);
		}
		draw_fmt(y++, r.x, r.w, attr, "%s%d %s", st == ws->stage ? ">" : " ", (int)st,
			 ndm_stage_info(st)->short_name);
		int p = stage_progress(ws, st);
		text_clock(session_stage_seconds(ws->s, st, now), clock, sizeof(clock));
		draw_fmt(y++, r.x, r.w, term_attr(p == 2 ? ROLE_OK : ROLE_DIM), "  %-7s %s",
			 progress[p], clock);
	}
}

static void build_scenario(struct ws *ws, struct doc *d)
{
	const struct pack_scenario *sc = ws->sc;
	const struct session *s = ws->s;

	doc_text(d, sc ? sc->title : s->scenario_title, term_attr(ROLE_EMPH), 0, -1);
	if (!sc) {
		doc_text(d, "The scenario's text was not kept with this session.",
			 term_attr(ROLE_DIM), 0, -1);
		return;
	}
	doc_line(d, "Situation", term_attr(ROLE_EMPH), 0, -1);
	doc_para(d, sc->situation, A_NORMAL, 0, -1);
	doc_line(d, "Question", term_attr(ROLE_EMPH), 0, -1);
	doc_para(d, sc->question, A_NORMAL, 0, -1);
	/* released injects, in the order they came */
	for (size_t e = 0; e < s->nevents; e++) {
		const struct event *ev = &s->events[e];
		char *end;
		if (ev->kind != EVENT_INJECT_RELEASED || !ev->detail)
			continue;
		long k = strtol(ev->detail, &end, 10);
		if (end == ev->detail || *end || k < 1 || (size_t)k > sc->ninjects)
			continue;
		bool fresh = ws->fresh[k - 1];
		doc_linef(d, term_attr(fresh ? ROLE_NEW : ROLE_EMPH), 0, 100 + (int)k,
			  "%sNew information (at %s)", fresh ? "NEW: " : "",
			  ndm_stage_info(sc->injects[k - 1].stage)->short_name);
		doc_para(d, sc->injects[k - 1].text, A_NORMAL, 0, 100 + (int)k);
	}
}

static void draw_scenario(struct app *app, struct rect r)
{
	struct ws *ws = app->ws;
	struct rect body = {r.y + 1, r.x + 1, r.h - 1, r.w - 2};

	draw_title(r, "Scenario", ws->pane == WP_SCENARIO);
	doc_reset(&ws->d_sc, body.w);
	build_scenario(ws, &ws->d_sc);
	if (ws->show_inject) {
		for (size_t i = 0; ws->sc && i < ws->sc->ninjects; i++)
			if (ws->fresh[i]) {
				ws->sc_top = doc_scroll_to(&ws->d_sc, 101 + (int)i, 0, body.h);
				break;
			}
		ws->show_inject = false;
	}
	ws->sc_top = doc_clamp(&ws->d_sc, ws->sc_top, body.h);
	doc_draw(&ws->d_sc, body, ws->sc_top, -1, 0);
	if (ws->d_sc.n > ws->sc_top + (size_t)body.h)
		draw_cstr(r.y, r.x + r.w - 9, 9, " more v ", term_attr(ROLE_DIM));
}

static void draw_stage(struct app *app, struct rect r)
{
	struct ws *ws = app->ws;
	struct doc *d = &ws->d_stage;
	const struct ndm_stage_info *info = ndm_stage_info(ws->stage);
	bool focus = ws->pane == WP_STAGE;
	struct rect body = {r.y + 1, r.x, r.h - 1, r.w};
	char title[160], lab[64];
	int ed_h = 0;

	snprintf(title, sizeof(title), "Stage %d: %s", (int)ws->stage, info->name);
	draw_title(r, title, focus);
	build_items(ws);
	doc_reset(d, body.w - 2);
	for (size_t q = 0; info->questions[q]; q++)
		doc_text(d, doc_keep(d, xasprintf("- %s", info->questions[q])),
			 term_attr(ROLE_DIM), 1, -1);
	for (size_t q = 0; ws->sc && q < ws->sc->nprompts[ws->stage]; q++)
		doc_para(d, doc_keep(d, xasprintf("- %s", ws->sc->prompts[ws->stage][q])),
			 term_attr(ROLE_DIM), 1, -1);
	for (size_t i = 0; i < ws->nitems; i++) {
		const struct item *it = &ws->items[i];
		bool sel = focus && i == ws->item_sel && !ws->editing;
		int b = (int)i;
		doc_line(d, doc_keep(d, xstrdup(item_label(it, lab, sizeof(lab)))),
			 sel ? term_attr(ROLE_SELECTED) :
			 (i == ws->item_sel ? term_attr(ROLE_TITLE_FOCUS) : term_attr(ROLE_EMPH)),
			 1, b);
		if (it->type == IT_ADD_OPTION || it->type == IT_ADD_CONTINGENCY)
			continue;
		if (ws->editing && ws->ed_pane == WP_STAGE && key_eq(&ws->ed_key, &it->key)) {
			ed_h = editor_height(ws, body.w - 2, body.h - 1);
			doc_editor_rows(d, ed_h, b);
			continue;
		}
		const char *t = key_text(ws, &it->key);
		if (str_blank(t))
			doc_line(d, it->type == IT_DECISION ? "(none yet: Enter to choose)" :
				 "(empty: Enter to write)", term_attr(ROLE_DIM), 3, b);
		else
			doc_text(d, t, find_pending(ws, &it->key) ? term_attr(ROLE_ERROR) : (int)A_NORMAL,
				 3, b);
	}
	ws->stage_rows = body.h;
	if (ws->stage_paged && !ws->editing)
		ws->stage_top = doc_clamp(d, ws->stage_top, body.h); /* reading a long text */
	else
		ws->stage_top = doc_scroll_to(d, (int)ws->item_sel, ws->stage_top, body.h);
	int ed_row = doc_draw(d, body, ws->stage_top, -1, 0);
	if (ed_h)
		draw_editor_in(ws, (struct rect){body.y, body.x + 1, body.h, body.w - 1}, ed_row, ed_h);
}

static int stance_role(enum stance s)
{
	switch (s) {
	case STANCE_UPHOLDS: return term_attr(ROLE_UPHOLDS);
	case STANCE_TENSION: return term_attr(ROLE_TENSION);
	case STANCE_NEUTRAL: return term_attr(ROLE_NEUTRAL);
	default: return A_NORMAL;
	}
}

static void draw_principles(struct app *app, struct rect r)
{
	struct ws *ws = app->ws;
	struct doc *d = &ws->d_pr;
	bool focus = ws->pane == WP_PRINCIPLES;
	struct rect body = {r.y + 1, r.x, r.h - 1, r.w};
	char title[160];
	size_t done = 0;
	int ed_h = 0;
	size_t n = ws->fw ? ws->fw->count : 0;

	doc_reset(d, body.w - 2);
	if (!n)
		doc_line(d, "This session's principles are not known.", term_attr(ROLE_DIM), 1, -1);
	if (ws->pr_sel >= n)
		ws->pr_sel = n ? n - 1 : 0;
	for (size_t i = 0; i < n; i++) {
		const struct principle *p = &ws->fw->principles[i];
		struct field_key k = {ws->stage, ENTRY_PRINCIPLE, p->id, 0};
		const struct entry *e = key_entry(ws, &k);
		enum stance st = e ? e->stance : STANCE_NONE;
		const char *t = key_text(ws, &k);
		bool editing = ws->editing && ws->ed_pane == WP_PRINCIPLES && key_eq(&ws->ed_key, &k);
		bool sel = i == ws->pr_sel;
		int attr = sel && focus && !ws->editing ? term_attr(ROLE_SELECTED) : stance_role(st);
		if ((e && entry_has_content(e)) || !str_blank(t))
			done++;
		if (!sel) {
			const char *nl = t ? strchr(t, '\n') : NULL;
			doc_linef(d, attr, 1, (int)i, "%-8s %s%s%.*s", st ? stance_id(st) : "-", p->name,
				  str_blank(t) ? "" : ": ", nl ? (int)(nl - t) : (int)strlen(t), t);
			continue;
		}
		doc_linef(d, attr, 1, (int)i, "%-8s %s", st ? stance_id(st) : "-", p->name);
		doc_text(d, p->summary, term_attr(ROLE_DIM), 3, (int)i);
		if (editing) {
			ed_h = editor_height(ws, body.w - 2, body.h - 2);
			doc_editor_rows(d, ed_h, (int)i);
		} else if (str_blank(t)) {
			doc_line(d, "(no reasoning yet: Enter to write; u/t/n sets the stance)",
				 term_attr(ROLE_DIM), 3, (int)i);
		} else {
			doc_text(d, t, find_pending(ws, &k) ? term_attr(ROLE_ERROR) : (int)A_NORMAL, 3,
				 (int)i);
		}
	}
	snprintf(title, sizeof(title), "Principles at %s: %zu of %zu considered",
		 ndm_stage_info(ws->stage)->short_name, done, n);
	draw_title(r, title, focus);
	size_t first = 0, last = 0;
	if (ed_h && doc_block_rows(d, (int)ws->pr_sel, &first, &last) &&
	    last - first + 1 > (size_t)body.h)
		ws->pr_top = last + 1 - (size_t)body.h; /* the editor, not the summary, in view */
	else
		ws->pr_top = doc_scroll_to(d, (int)ws->pr_sel, ws->pr_top, body.h);
	int ed_row = doc_draw(d, body, ws->pr_top, -1, 0);
	if (ed_h)
		draw_editor_in(ws, (struct rect){body.y, body.x + 1, body.h, body.w - 1}, ed_row, ed_h);
}

static void save_state(struct app *app, char *out, size_t size, int *attr)
{
	struct ws *ws = app->ws;
	char age[32];

	*attr = term_attr(ROLE_HEADER);
	if (ws->retrying) {
		snprintf(out, size, "saving...");
	} else if (ws->f.failed) {
		snprintf(out, size, "NOT SAVED, retrying");
		*attr = term_attr(ROLE_ERROR);
	} else if (editor_dirty(ws)) {
		snprintf(out, size, "typing...");
	} else if (ws->f.saved_ms) {
		text_age((long)((app_now_ms() - ws->f.saved_ms) / 1000), age, sizeof(age));
		snprintf(out, size, "saved %s", age);
	} else {
		snprintf(out, size, "no changes yet");
	}
}

static void ws_draw(struct app *app, int cols, int lines)
{
	struct ws *ws = app->ws;
	struct ws_layout l;
	char left[512], right[96], clock[16], now[SESSION_TIME_LEN];
	long total = 0;
	int rattr;

	layout_workspace(cols, lines, &l);
	time_now_iso(now);
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		total += session_stage_seconds(ws->s, (enum ndm_stage)st, now);
	text_clock(total, clock, sizeof(clock));
	snprintf(left, sizeof(left), "Stage %d %s | %s | %s: %s%s", (int)ws->stage,
		 ndm_stage_info(ws->stage)->short_name, clock, ws->s->pack_id,
		 ws->s->scenario_title, ws->s->status == SESSION_FINISHED ? " (finished)" : "");
	save_state(app, right, sizeof(right), &rattr);
	draw_header(cols, left, right, rattr);
	if (ws->zoom) {
		struct rect all = {1, 0, lines - 2, cols};
		switch (ws->pane) {
		case WP_RAIL: draw_rail(app, all); break;
		case WP_SCENARIO: draw_scenario(app, all); break;
		case WP_STAGE: draw_stage(app, all); break;
		default: draw_principles(app, all); break;
		}
	} else {
		draw_rail(app, (struct rect){l.rail.y, l.rail.x, l.rail.h, l.rail.w - 1});
		draw_vline(l.rail.y, l.rail.x + l.rail.w - 1, l.rail.h);
		draw_scenario(app, l.scenario);
		/* the editor is drawn last so that the cursor stays in it */
		if (ws->editing && ws->ed_pane == WP_STAGE) {
			draw_principles(app, l.principles);
			draw_stage(app, l.stage);
		} else {
			draw_stage(app, l.stage);
			draw_principles(app, l.principles);
		}
	}
	if (ws->f.failed && !app->message[0])
		app_message(app, true, "Not saved: %s. Your text is kept and saving is retried.",
			    ws->f.err.message);
	draw_footer(app, cols, lines, ws->editing ? SCOPE_EDITOR : SCOPE_WORKSPACE);
	if (!ws->editing)
		draw_cursor_y = -1;
}

/* ---- keys ---- */

static void edit_item(struct app *app, size_t i)
{
	struct ws *ws = app->ws;
	const struct item *it;

	if (i >= ws->nitems)
		return;
	ws->item_sel = i;
	it = &ws->items[i];
	if (it->type == IT_ADD_OPTION || it->type == IT_ADD_CONTINGENCY) {
		enum entry_kind kind = it->type == IT_ADD_OPTION ? ENTRY_OPTION : ENTRY_CONTINGENCY;
		int64_t pos = 0;
		for (size_t j = 0; j < ws->nitems; j++)
			if (ws->items[j].type == IT_OPTION && ws->items[j].key.kind == kind &&
			    ws->items[j].position >= pos)
				pos = ws->items[j].position + 1;
		struct field_key k = {NDM_OPTIONS, kind, NULL, ws->f.next_new_id--};
		editor_open(app, &k, pos, WP_STAGE);
		build_items(ws);
		for (size_t j = 0; j < ws->nitems; j++)
			if (key_eq(&ws->items[j].key, &k))
				ws->item_sel = j;
		return;
	}
	if (it->type == IT_DECISION) {
		/* choose among the options written at stage 4, or write one */
		const char **choices = xcalloc(ws->s->nentries + ws->f.npend + 2, sizeof(*choices));
		const struct entry **list = xcalloc(ws->s->nentries + 1, sizeof(*list));
		size_t n = 0, nl = 0;
		for (size_t j = 0; j < ws->s->nentries; j++) {
			const struct entry *e = &ws->s->entries[j];
			if (e->stage == NDM_OPTIONS && e->kind == ENTRY_OPTION && !e->deleted)
				list[nl++] = e;
		}
		qsort(list, nl, sizeof(*list), cmp_entry_pos);
		for (size_t j = 0; j < nl; j++) {
			struct field_key k = {NDM_OPTIONS, ENTRY_OPTION, NULL, list[j]->id};
			const char *t = key_text(ws, &k);
			if (!str_blank(t))
				choices[n++] = xstrdup(t);
		}
		free(list);
		for (size_t j = 0; j < ws->f.npend; j++)
			if (ws->f.pend[j].key.kind == ENTRY_OPTION && ws->f.pend[j].key.id < 0 &&
			    !str_blank(ws->f.pend[j].text))
				choices[n++] = xstrdup(ws->f.pend[j].text);
		/* copies: saves while the dialog is up may move the entries */
		int c = -2;
		if (n) {
			choices[n] = "Write my own decision";
			c = dialog_choose(app, "Which option did you choose?", choices, n + 1, 0);
			if (c >= 0 && (size_t)c < n) {
				struct field_key dk = ws->items[ws->item_sel].key;
				if (!save_text(app, &dk, choices[c], 0))
					add_pending(ws, &dk, xstrdup(choices[c]), 0);
			}
		}
		for (size_t j = 0; j < n; j++)
			free((char *)choices[j]);
		free(choices);
		if (c == -1 || (c >= 0 && (size_t)c < n))
			return; /* cancelled, or chosen */
	}
	editor_open(app, &ws->items[ws->item_sel].key, ws->items[ws->item_sel].position, WP_STAGE);
}

static void edit_principle(struct app *app)
{
	struct ws *ws = app->ws;

	if (!ws->fw || ws->pr_sel >= ws->fw->count)
		return;
	struct field_key k = {ws->stage, ENTRY_PRINCIPLE, ws->fw->principles[ws->pr_sel].id, 0};
	editor_open(app, &k, 0, WP_PRINCIPLES);
}

static void set_stance(struct app *app, enum stance stance)
{
	struct ws *ws = app->ws;

	if (ws->pane != WP_PRINCIPLES || !ws->fw || ws->pr_sel >= ws->fw->count) {
		app_message(app, false, "Stances are for principles: Tab to the Principles pane.");
		return;
	}
	struct field_key k = {ws->stage, ENTRY_PRINCIPLE, ws->fw->principles[ws->pr_sel].id, 0};
	char *text = ws->editing && key_eq(&ws->ed_key, &k) ? editor_text(&ws->ed) : NULL;
	unsigned long changes = ws->ed.changes;

	if (!fields_set_stance(&ws->f, &k, stance, text))
		app_message(app, true, "The stance was not saved: %s", ws->f.err.message);
	else if (text)
		ws->ed_saved = changes; /* the editor's text went with it */
	free(text);
}

static struct item *selected_option(struct app *app)
{
	struct ws *ws = app->ws;

	if (ws->pane != WP_STAGE || ws->stage != NDM_OPTIONS || ws->item_sel >= ws->nitems ||
	    ws->items[ws->item_sel].type != IT_OPTION) {
		app_message(app, false, "Select an option or a contingency first (stage 4).");
		return NULL;
	}
	return &ws->items[ws->item_sel];
}

static void delete_option(struct app *app)
{
	struct ws *ws = app->ws;
	struct item *it = selected_option(app);

	if (!it)
		return;
	struct field_key k = it->key;
	if (k.id < 0) {
		struct pending *p = find_pending(ws, &k);
		if (p)
			drop_pending(ws, p);
		return;
	}
	const struct entry *cur = key_entry(ws, &k);
	if (!cur)
		return;
	struct entry e = *cur;
	e.deleted = true;
	if (!fields_store(&ws->f, &e, NULL)) {
		app_message(app, true, "Not deleted: %s", ws->f.err.message);
		return;
	}
	app_message(app, false, "Deleted; its text stays in the history.");
}

static void move_option(struct app *app, int dir)
{
	struct ws *ws = app->ws;
	struct item *it = selected_option(app);
	size_t i = ws->item_sel, j = i + (size_t)dir;

	if (!it)
		return;
	if ((dir < 0 && i == 0) || j >= ws->nitems || ws->items[j].type != IT_OPTION ||
	    ws->items[j].key.kind != it->key.kind)
		return;
	if (it->key.id <= 0 || ws->items[j].key.id <= 0) {
		app_message(app, true, "Save the text first (it is not saved yet).");
		return;
	}
	/* renumber the list in its new order, saving what moved */
	struct field_key keys[2] = {ws->items[i].key, ws->items[j].key};
	int64_t pos[2] = {(int64_t)j, (int64_t)i};
	for (int n = 0; n < 2; n++) {
		const struct entry *cur = key_entry(ws, &keys[n]);
		if (!cur)
			return;
		struct entry e = *cur;
		e.position = pos[n] * 10;
		if (!fields_store(&ws->f, &e, NULL)) {
			app_message(app, true, "Not moved: %s", ws->f.err.message);
			return;
		}
	}
	/* keep the others in their order around the two */
	for (size_t n = 0; n < ws->nitems; n++) {
		if (n == i || n == j || ws->items[n].type != IT_OPTION ||
		    ws->items[n].key.kind != it->key.kind || ws->items[n].key.id <= 0)
			continue;
		const struct entry *cur = key_entry(ws, &ws->items[n].key);
		if (!cur || cur->position == (int64_t)n * 10)
			continue;
		struct entry e = *cur;
		e.position = (int64_t)n * 10;
		if (!fields_store(&ws->f, &e, NULL)) {
			app_message(app, true, "Not moved: %s", ws->f.err.message);
			return;
		}
	}
	ws->item_sel = j;
}

static void move_sel(struct app *app, long delta)
{
	struct ws *ws = app->ws;
	long v;

	switch (ws->pane) {
	case WP_RAIL:
		v = (long)ws->rail_sel + delta;
		ws->rail_sel = v < 0 ? 0 : v >= NDM_STAGE_COUNT ? NDM_STAGE_COUNT - 1 : (size_t)v;
		break;
	case WP_SCENARIO:
		v = (long)ws->sc_top + delta;
		ws->sc_top = v < 0 ? 0 : (size_t)v;
		break;
	case WP_STAGE:
		ws->stage_paged = false;
		v = (long)ws->item_sel + delta;
		ws->item_sel = v < 0 ? 0 : v >= (long)ws->nitems ? ws->nitems - 1 : (size_t)v;
		break;
	case WP_PRINCIPLES: {
		long n = ws->fw ? (long)ws->fw->count : 0;
		v = (long)ws->pr_sel + delta;
		ws->pr_sel = v < 0 || !n ? 0 : v >= n ? (size_t)(n - 1) : (size_t)v;
		break;
	}
	default:
		break;
	}
}

static void leave_to(struct app *app, bool debrief)
{
	char id[SESSION_ID_LEN];

	memcpy(id, app->ws->s->id, sizeof(id));
	if (!ws_close(app, true))
		return;
	if (debrief)
		debrief_open(app, id);
	else
		app_show(app, SCREEN_HOME);
}

static void finish(struct app *app)
{
	struct ws *ws = app->ws;
	struct store_error err;

	if (!editor_close(app) || !ws_save_all(app)) {
		app_message(app, true, "Not finished: some text is not saved yet (%s).",
			    ws->f.err.message);
		return;
	}
	if (ws->s->status != SESSION_FINISHED &&
	    !store_session_finish(app->store, ws->s, &err)) {
		app_message(app, true, "Not finished: %s", err.message);
		return;
	}
	leave_to(app, true);
}

static void external(struct app *app)
{
	struct ws *ws = app->ws;

	if (!ws->editing) {
		if (ws->pane == WP_STAGE && ws->item_sel < ws->nitems &&
		    ws->items[ws->item_sel].type != IT_ADD_OPTION &&
		    ws->items[ws->item_sel].type != IT_ADD_CONTINGENCY)
			editor_open(app, &ws->items[ws->item_sel].key,
				    ws->items[ws->item_sel].position, WP_STAGE);
		else if (ws->pane == WP_PRINCIPLES)
			edit_principle(app);
		else
			return;
	}
	/* saved first: the workbench may be killed while the editor runs */
	editor_commit(app);
	if (editor_external(app, &ws->ed) && !editor_commit(app))
		app_message(app, true, "Not saved yet: %s", ws->f.err.message);
}

static void editing_key(struct app *app, int key, const struct buf *paste)
{
	struct ws *ws = app->ws;
	enum action a = keys_action(SCOPE_EDITOR, key);
	bool was_dirty = editor_dirty(ws);

	switch (a) {
	case ACT_ED_LEAVE:
		editor_close(app);
		return;
	case ACT_ED_LEAVE_NEXT:
	case ACT_ED_LEAVE_PREV:
		editor_close(app);
		ws->pane = (ws->pane + (a == ACT_ED_LEAVE_NEXT ? 1 : WP_COUNT - 1)) % WP_COUNT;
		return;
	case ACT_ED_SAVE:
		if (!editor_commit(app))
			app_message(app, true, "Not saved: %s", ws->f.err.message);
		return;
	case ACT_EXTERNAL:
		external(app);
		return;
	case ACT_HELP:
		app_help_open(app);
		return;
	default:
		break;
	}
	if (editor_handle(&ws->ed, a, key, paste)) {
		ws->last_key_ms = app_now_ms();
		if (!was_dirty && editor_dirty(ws))
			ws->dirty_since_ms = ws->last_key_ms;
	}
}

static void ws_key(struct app *app, int key, const struct buf *paste)
{
	struct ws *ws = app->ws;
	int page = LINES / 3;

	build_items(ws);
	if (ws->editing) {
		editing_key(app, key, paste);
		return;
	}
	if (key == TK_PASTE) {
		/* a paste onto a field goes into it, as if the field were open */
		if (ws->pane == WP_STAGE && ws->item_sel < ws->nitems &&
		    (ws->items[ws->item_sel].type == IT_TEXT ||
		     ws->items[ws->item_sel].type == IT_OPTION ||
		     ws->items[ws->item_sel].type == IT_DECISION))
			editor_open(app, &ws->items[ws->item_sel].key,
				    ws->items[ws->item_sel].position, WP_STAGE);
		else if (ws->pane == WP_PRINCIPLES)
			edit_principle(app);
		if (ws->editing) {
			editor_text_end(&ws->ed);
			editing_key(app, key, paste);
		}
		return;
	}
	enum action a = keys_action(SCOPE_WORKSPACE, key);
	switch (a) {
	case ACT_QUIT:
		if (ws_close(app, true))
			app->quit = true;
		return;
	case ACT_BACK:
		leave_to(app, false);
		return;
	case ACT_HELP:
		app_help_open(app);
		return;
	case ACT_NEXT_PANE:
		ws->pane = (ws->pane + 1) % WP_COUNT;
		return;
	case ACT_PREV_PANE:
		ws->pane = (ws->pane + WP_COUNT - 1) % WP_COUNT;
		return;
	case ACT_UP: move_sel(app, -1); return;
	case ACT_DOWN: move_sel(app, 1); return;
	case ACT_PGUP:
	case ACT_PGDN:
		if (ws->pane == WP_STAGE) {
			/* page through the pane's text, which may be long */
			long step = ws->stage_rows > 2 ? ws->stage_rows - 1 : 1;
			long t = (long)ws->stage_top + (a == ACT_PGUP ? -step : step);
			ws->stage_top = t < 0 ? 0 : (size_t)t;
			ws->stage_paged = true;
		} else {
			move_sel(app, a == ACT_PGUP ? -page : page);
		}
		return;
	case ACT_FIRST: move_sel(app, -1000000); return;
	case ACT_LAST: move_sel(app, 1000000); return;
	case ACT_EDIT:
		if (ws->pane == WP_RAIL)
			go_stage(app, rail_order[ws->rail_sel]);
		else if (ws->pane == WP_STAGE)
			edit_item(app, ws->item_sel);
		else if (ws->pane == WP_PRINCIPLES)
			edit_principle(app);
		else
			app_message(app, false, "The scenario is read-only: Tab to the Stage pane to write.");
		return;
	case ACT_STAGE_0: case ACT_STAGE_1: case ACT_STAGE_2:
	case ACT_STAGE_3: case ACT_STAGE_4: case ACT_STAGE_5:
		go_stage(app, (enum ndm_stage)(a - ACT_STAGE_0));
		return;
	case ACT_STAGE_PREV:
		go_stage(app, (enum ndm_stage)((ws->stage + NDM_STAGE_COUNT - 1) % NDM_STAGE_COUNT));
		return;
	case ACT_STAGE_NEXT:
		go_stage(app, (enum ndm_stage)((ws->stage + 1) % NDM_STAGE_COUNT));
		return;
	case ACT_UPHOLDS: set_stance(app, STANCE_UPHOLDS); return;
	case ACT_TENSION: set_stance(app, STANCE_TENSION); return;
	case ACT_NEUTRAL: set_stance(app, STANCE_NEUTRAL); return;
	case ACT_NO_STANCE: set_stance(app, STANCE_NONE); return;
	case ACT_ADD_OPTION:
	case ACT_ADD_CONTINGENCY:
		go_stage(app, NDM_OPTIONS);
		build_items(ws);
		ws->pane = WP_STAGE;
		for (size_t i = 0; i < ws->nitems; i++)
			if (ws->items[i].type == (a == ACT_ADD_OPTION ? IT_ADD_OPTION : IT_ADD_CONTINGENCY)) {
				edit_item(app, i);
				break;
			}
		return;
	case ACT_DELETE: delete_option(app); return;
	case ACT_MOVE_UP: move_option(app, -1); return;
	case ACT_MOVE_DOWN: move_option(app, 1); return;
	case ACT_FINISH: finish(app); return;
	case ACT_DEBRIEF:
		editor_close(app);
		leave_to(app, true);
		return;
	case ACT_EXTERNAL: external(app); return;
	case ACT_ZOOM:
		ws->zoom = !ws->zoom;
		return;
	default:
		return;
	}
}

static void ws_tick(struct app *app)
{
	struct ws *ws = app->ws;
	int64_t now = app_now_ms();

	if (!ws)
		return;
	bool retry_ok = !ws->f.failed || now - ws->f.last_try_ms >= FIELDS_RETRY_MS;
	bool save_editor = editor_dirty(ws) && retry_ok &&
			   (now - ws->last_key_ms >= IDLE_SAVE_MS ||
			    now - ws->dirty_since_ms >= MAX_UNSAVED_MS);
	bool save_pending = ws->f.npend && now - ws->f.last_try_ms >= FIELDS_RETRY_MS;
	if ((save_editor || save_pending) && ws->f.failed) {
		/* the last try failed, so this one may wait for a lock: say so */
		ws->retrying = true;
		app_draw(app);
		app_refresh();
		ws->retrying = false;
	}
	if (save_editor)
		editor_commit(app);
	if (save_pending)
		flush_pending(app);
}

static int ws_poll(struct app *app)
{
	struct ws *ws = app->ws;

	if (editor_dirty(ws))
		return 200;
	return ws->f.npend ? 500 : 1000;
}

static enum key_scope_index ws_scope(struct app *app)
{
	return app->ws && app->ws->editing ? SCOPE_EDITOR : SCOPE_WORKSPACE;
}

const struct screen_ops ws_ops = {
	.scope = SCOPE_WORKSPACE,
	.draw = ws_draw,
	.key = ws_key,
	.tick = ws_tick,
	.current_scope = ws_scope,
	.poll_ms = ws_poll,
};

/* ---- open and close ---- */

void ws_open(struct app *app, struct session *s, bool fresh)
{
	struct ws *ws = xcalloc(1, sizeof(*ws));
	int last = session_last_stage(s);

	ws->s = s;
	ws->fw = s->framework ? s->framework : framework_builtin(s->framework_id);
	ws->sc = s->scenario;
	fields_init(&ws->f, app->store, s, app_now_ms);
	ws->fresh = xcalloc(ws->sc ? ws->sc->ninjects + 1 : 1, sizeof(bool));
	ws->pane = WP_STAGE;
	app->ws = ws;
	enter_stage(app, fresh || last < 0 ? NDM_INFORMATION : (enum ndm_stage)last);
	app_show(app, SCREEN_WORKSPACE);
	if (fresh) {
		/* ready to type: the cursor in the first stage's reasoning */
		build_items(ws);
		edit_item(app, 0);
	}
}

bool ws_close(struct app *app, bool asking)
{
	struct ws *ws = app->ws;
	struct store_error err;

	if (!ws)
		return true;
	if (editor_close(app))
		flush_pending(app);
	if (ws->f.npend && asking) {
		char *q = xasprintf("%zu text%s could not be saved: %s\n\nLeave anyway? %s "
				    "printed when dilemma closes, for you to keep. (n stays, and "
				    "saving is retried)", ws->f.npend, ws->f.npend == 1 ? "" : "s",
				    ws->f.err.message, ws->f.npend == 1 ? "It is" : "They are");
		bool yes = dialog_confirm(app, "Unsaved text", q);
		free(q);
		if (!yes)
			return false;
	}
	/* what could not be saved is printed once the terminal is back,
	 * rather than lost unseen */
	for (size_t i = 0; i < ws->f.npend; i++) {
		const struct pending *p = &ws->f.pend[i];
		buf_printf(&app->rescue, "--- %s, %s%s%s:\n%s\n", ndm_stage_info(p->key.stage)->name,
			   entry_kind_name(p->key.kind), p->key.principle ? " on " : "",
			   p->key.principle ? p->key.principle : "", p->text);
	}
	store_event_record(app->store, ws->s, EVENT_STAGE_LEFT, ws->stage, NULL, &err);
	fields_finish(&ws->f);
	free(ws->items);
	free(ws->fresh);
	doc_free(&ws->d_sc);
	doc_free(&ws->d_stage);
	doc_free(&ws->d_pr);
	session_destroy(ws->s);
	free(ws);
	app->ws = NULL;
	return true;
}
