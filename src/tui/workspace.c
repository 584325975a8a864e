/*
 * workspace.c - the workspace: one session, one NDM stage at a time. This
 * file opens and closes it, handles its keys and runs the text editor;
 * ws_draw.c lays out and draws the panes. What happens to the session
 * (stage events, injects, saving, the order of options, the decision,
 * finishing) is conduct's; this file says what the user asked for.
 *
 * Nothing typed is lost: the text being edited is saved when the user
 * pauses (one second), leaves the field, or changes stage, and at least
 * every ten seconds while typing on. A save that fails keeps the text in
 * memory (in the editor, or in the drafts once the field is left), says so
 * in the header and is retried every two seconds; leaving with unsaved
 * text asks first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "dilemma/tally.h"
#include "external.h"
#include "workspace.h"

static struct drafts *drafts(struct ws *ws)
{
	return &ws->c->drafts;
}

/* ---- the stage's items ---- */

static void push_item(struct ws *ws, enum item_type t, const struct draft_key *k, int64_t pos,
		      int number)
{
	ws->items = xreallocarray(ws->items, ws->nitems + 1, sizeof(*ws->items));
	ws->items[ws->nitems++] = (struct item){t, *k, pos, number};
}

bool ws_panel(const struct ws *ws)
{
	return ws->c->s->mode == SESSION_PANEL;
}

const char *ws_person(const struct ws *ws, int64_t number, char *buf, size_t size)
{
	const struct participant *p = session_participant(ws->c->s, number);

	if (p && p->name[0])
		return p->name;
	snprintf(buf, size, number ? "Participant %lld" : "The panel", (long long)number);
	return buf;
}

/* The entries of a list at @stage (@kind: options, contingencies,
 * recommendations, a panel's contributions) in order: saved ones, then
 * ones never saved (unsaved after a failure, or being typed), then the
 * line that adds one. Contributions are not numbered. */
static void push_list(struct ws *ws, enum ndm_stage stage, enum entry_kind kind)
{
	const struct entry **list = NULL;
	size_t n = tally_list(ws->c->s, kind, false, &list);
	const struct draft *fresh[64];
	size_t nfresh = drafts_new_of_kind(drafts(ws), kind, fresh, ALEN(fresh));
	bool numbered = kind != ENTRY_NOTE;
	int number = 1;

	for (size_t i = 0; i < n; i++) {
		if (list[i]->stage != stage)
			continue;
		struct draft_key k = {stage, kind, NULL, list[i]->id, list[i]->participant};
		push_item(ws, IT_LISTED, &k, list[i]->position, numbered ? number++ : 0);
	}
	free(list);
	for (size_t i = 0; i < nfresh && i < ALEN(fresh); i++)
		if (fresh[i]->key.stage == stage)
			push_item(ws, IT_LISTED, &fresh[i]->key, fresh[i]->position,
				  numbered ? number++ : 0);
	if (ws->editing && ws->ed_key.kind == kind && ws->ed_key.stage == stage &&
	    ws->ed_key.id < 0 && !drafts_pending(drafts(ws), &ws->ed_key))
		push_item(ws, IT_LISTED, &ws->ed_key, ws->ed_position, numbered ? number++ : 0);
	struct draft_key add = conduct_key(ws->c, stage, kind, NULL, 0);
	push_item(ws, IT_ADD, &add, 0, 0);
}

void ws_build_items(struct ws *ws)
{
	enum ndm_stage st = ws->c->stage;
	struct draft_key k = conduct_key(ws->c, st, ENTRY_NOTE, NULL, 0);

	ws->nitems = 0;
	/* a panel's discussion is each member's contributions, in order */
	if (ws_panel(ws))
		push_list(ws, st, ENTRY_NOTE);
	else if (st != NDM_ACTION)
		push_item(ws, IT_TEXT, &k, 0, 0);
	if (st == NDM_ACTION) {
		k = conduct_key(ws->c, st, ENTRY_DECISION, NULL, 0);
		push_item(ws, IT_DECISION, &k, 0, 0);
		k = conduct_key(ws->c, st, ENTRY_RATIONALE, NULL, 0);
		push_item(ws, IT_TEXT, &k, 0, 0);
		k = conduct_key(ws->c, st, ENTRY_REVIEW, NULL, 0);
		push_item(ws, IT_TEXT, &k, 0, 0);
		if (ws_panel(ws)) {
			k = conduct_key(ws->c, st, ENTRY_OUTCOME, NULL, 0);
			push_item(ws, IT_TEXT, &k, 0, 0);
			push_list(ws, st, ENTRY_RECOMMENDATION);
		}
	}
	if (st == NDM_OPTIONS) {
		push_list(ws, st, ENTRY_OPTION);
		push_list(ws, st, ENTRY_CONTINGENCY);
		/* the pack's options, offered after what the session wrote */
		for (size_t i = 0; ws->c->sc && i < ws->c->sc->noptions; i++) {
			k = conduct_key(ws->c, st, ENTRY_OPTION, NULL, 0);
			push_item(ws, IT_PACK, &k, 0, (int)i + 1);
		}
	}
	if (ws->item_sel >= ws->nitems)
		ws->item_sel = ws->nitems - 1;
}

static const struct item *selected_item(const struct ws *ws)
{
	return ws->item_sel < ws->nitems ? &ws->items[ws->item_sel] : NULL;
}

/* ---- the editor and saving ---- */

bool ws_editor_dirty(const struct ws *ws)
{
	return ws->editing && ws->ed.changes != ws->ed_saved;
}

static bool save_text(struct ws *ws, const struct draft_key *k, const char *text,
		      int64_t position)
{
	struct draft_key old = *k;
	int64_t id;

	if (!drafts_save(drafts(ws), k, text, position, &id))
		return false;
	/* a never-saved field being edited now has its entry id */
	if (old.id < 0 && ws->editing && draft_key_eq(&ws->ed_key, &old))
		ws->ed_key.id = id;
	return true;
}

/* Another window saved the field being edited: the editor gets both
 * versions, ours first, to be made one (each is kept in the history). */
static void editor_conflict(struct app *app, struct ws *ws, const char *ours)
{
	char *both = drafts_conflict_text(drafts(ws), &ws->ed_key, ours);

	editor_set_text(&ws->ed, both);
	free(both);
	drafts_resolved(drafts(ws), &ws->ed_key);
	ws->ed_saved = ws->ed.changes - 1; /* not saved yet */
	app_message(app, true, "Another window saved this text meanwhile: its version is now"
		    " under yours. Make them one; both stay in the history.");
}

static bool editor_commit_in(struct app *app, struct ws *ws)
{
	if (!ws_editor_dirty(ws))
		return true;
	unsigned long changes = ws->ed.changes;
	char *text = editor_text(&ws->ed);
	bool ok = save_text(ws, &ws->ed_key, text, ws->ed_position);
	if (ok)
		ws->ed_saved = changes;
	else if (drafts(ws)->err.code == STORE_CONFLICT && app)
		editor_conflict(app, ws, text);
	free(text);
	return ok;
}

static bool editor_commit(struct ws *ws)
{
	return editor_commit_in(NULL, ws);
}

/* Leave the editor; its text is saved or, failing that, kept as a draft.
 * False when the save failed (so the caller need not try again at once:
 * each try may wait for the database's busy timeout). */
static bool editor_close(struct ws *ws)
{
	bool ok = true;

	if (!ws->editing)
		return true;
	if (!editor_commit(ws)) {
		drafts_keep(drafts(ws), &ws->ed_key, editor_text(&ws->ed), ws->ed_position);
		ok = false;
	}
	editor_finish(&ws->ed);
	ws->editing = false;
	return ok;
}

static void editor_open(struct ws *ws, const struct draft_key *k, int64_t position,
			enum ws_pane pane)
{
	struct draft *p;

	editor_close(ws);
	editor_init(&ws->ed);
	p = drafts_pending(drafts(ws), k);
	editor_set_text(&ws->ed, drafts_text(drafts(ws), k));
	ws->ed_saved = ws->ed.changes;
	if (p) {
		/* the editor now holds the unsaved text and saves it itself */
		drafts_drop(drafts(ws), p);
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

void ws_leave_editor(struct ws *ws)
{
	if (editor_close(ws))
		drafts_flush(drafts(ws));
}

/* Save the editor's text and every draft; true when nothing is unsaved. */
static bool save_all(struct ws *ws)
{
	bool ok = editor_commit(ws);

	return drafts_flush(drafts(ws)) && ok;
}

/* ---- stages ---- */

static void go_stage(struct app *app, struct ws *ws, enum ndm_stage st)
{
	size_t released = 0;

	if (editor_close(ws))
		drafts_flush(drafts(ws));
	if (ws->c->in_stage && st == ws->c->stage)
		return;
	if (!conduct_enter_stage(ws->c, st, &released))
		app_message(app, true, "Could not record the stage change: %s", ws->c->err.message);
	/* the scenario pane's title says so (a footer message would hide
	 * the editor's keys) */
	if (released)
		ws->show_inject = true;
	/* the new stage's own reasoning is what the screen shows first and
	 * what Enter edits; its principles from the top */
	ws->pane = WP_STAGE;
	ws->item_sel = 0;
	ws->stage_paged = false;
	ws->stage_top = 0;
	ws->pr_sel = 0;
	ws->pr_top = 0;
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++)
		if (ndm_display_order[i] == st)
			ws->rail_sel = i;
	ws_build_items(ws);
}

/* ---- editing fields ---- */

/* Choose the decision among the options written at stage 4, or write one:
 * false when the editor should open for the user's own words. */
static bool choose_decision(struct app *app, struct ws *ws)
{
	struct conduct_choice *choices = NULL;
	size_t n = conduct_decision_choices(ws->c, &choices);
	const char **labels;
	int c;

	if (!n) {
		conduct_choices_free(choices, n);
		return false;
	}
	/* copies: saves while the dialog is up may move the entries */
	labels = xcalloc(n + 1, sizeof(*labels));
	for (size_t j = 0; j < n; j++)
		labels[j] = choices[j].text;
	labels[n] = "Write my own decision";
	c = dialog_choose(app, "Which option did you choose?", labels, n + 1, 0);
	if (c >= 0 && (size_t)c < n &&
	    !conduct_decide(ws->c, choices[c].text, choices[c].pack_option))
		app_message(app, true, "Not saved yet: %s", ws->c->err.message);
	else if (c >= 0 && (size_t)c == n && !conduct_decide_own(ws->c))
		app_message(app, true, "Not saved yet: %s", ws->c->err.message);
	free(labels);
	conduct_choices_free(choices, n);
	return c == -1 || (c >= 0 && (size_t)c < n);
}

/* Adopt the pack's option @n into the session's options, or go to the
 * copy already adopted. */
static void adopt_option(struct app *app, struct ws *ws, int n)
{
	int64_t id = conduct_adopted(ws->c, (size_t)n);

	if (!id && !conduct_adopt_option(ws->c, (size_t)n, &id)) {
		app_message(app, true, "Not adopted: %s", ws->c->err.message);
		return;
	}
	ws_build_items(ws);
	for (size_t j = 0; j < ws->nitems; j++)
		if (ws->items[j].type == IT_LISTED && ws->items[j].key.id == id)
			ws->item_sel = j;
	app_message(app, false, "The pack's option %d is in your list: Enter edits your copy.", n);
}

static void edit_item(struct app *app, struct ws *ws, size_t i)
{
	const struct item *it;

	ws_build_items(ws);
	if (i >= ws->nitems)
		return;
	ws->item_sel = i;
	it = &ws->items[i];
	if (it->type == IT_ADD) {
		enum entry_kind kind = it->key.kind;
		struct draft_key k = conduct_key(ws->c, it->key.stage, kind, NULL,
						 drafts_new_id(drafts(ws)));
		editor_open(ws, &k, conduct_next_position(ws->c, kind), WP_STAGE);
		ws_build_items(ws);
		for (size_t j = 0; j < ws->nitems; j++)
			if (draft_key_eq(&ws->items[j].key, &k))
				ws->item_sel = j;
		return;
	}
	if (it->type == IT_PACK) {
		adopt_option(app, ws, it->number);
		return;
	}
	if (it->type == IT_DECISION && choose_decision(app, ws))
		return;
	it = selected_item(ws);
	if (it)
		editor_open(ws, &it->key, it->position, WP_STAGE);
}

static void edit_principle(struct ws *ws)
{
	const struct framework *fw = ws->c->fw;

	if (!fw || ws->pr_sel >= fw->count)
		return;
	struct draft_key k = conduct_key(ws->c, ws->c->stage, ENTRY_PRINCIPLE,
					 fw->principles[ws->pr_sel].id, 0);
	editor_open(ws, &k, 0, WP_PRINCIPLES);
}

static void set_stance(struct app *app, struct ws *ws, enum stance stance)
{
	const struct framework *fw = ws->c->fw;

	if (ws->pane != WP_PRINCIPLES || !fw || ws->pr_sel >= fw->count) {
		app_message(app, false, "Stances are for principles: Tab to the Principles pane.");
		return;
	}
	struct draft_key k = conduct_key(ws->c, ws->c->stage, ENTRY_PRINCIPLE,
					 fw->principles[ws->pr_sel].id, 0);
	char *text = ws->editing && draft_key_eq(&ws->ed_key, &k) ? editor_text(&ws->ed) : NULL;
	unsigned long changes = ws->ed.changes;

	if (!drafts_set_stance(drafts(ws), &k, stance, text))
		app_message(app, true, "The stance was not saved: %s", drafts_error(drafts(ws)));
	else if (text)
		ws->ed_saved = changes; /* the editor's text went with it */
	free(text);
}

/* The selected entry of a list (an option, a contingency, a
 * recommendation, a contribution), or NULL with a hint. */
static const struct item *selected_option(struct app *app, struct ws *ws)
{
	const struct item *it = selected_item(ws);

	if (ws->pane != WP_STAGE || !it || it->type != IT_LISTED) {
		app_message(app, false, ws_panel(ws)
			    ? "Select a contribution, an option or a recommendation first."
			    : "Select an option or a contingency first (stage 4).");
		return NULL;
	}
	return it;
}

static void delete_option(struct app *app, struct ws *ws)
{
	const struct item *it = selected_option(app, ws);
	struct draft_key k;
	char what[160], who[64];
	char *q;
	bool yes;

	if (!it)
		return;
	/* a copy: the items are rebuilt while the question is up */
	k = it->key;
	if (k.kind == ENTRY_NOTE)
		snprintf(what, sizeof(what), "this contribution of %s",
			 ws_person(ws, k.participant, who, sizeof(who)));
	else
		snprintf(what, sizeof(what), "%s %d", entry_kind_name(k.kind), it->number);
	q = xasprintf("Delete %s?\n\n%s", what,
		      k.id < 0 ? "It was never saved: its text will be gone."
			       : "Its text stays in the session's history, but it leaves the list.");
	yes = dialog_confirm(app, "Delete?", q);
	free(q);
	if (!yes)
		return;
	if (k.id < 0) {
		struct draft *p = drafts_pending(drafts(ws), &k);
		if (p)
			drafts_drop(drafts(ws), p);
		return;
	}
	if (!conduct_delete(ws->c, k.id)) {
		app_message(app, true, "Not deleted: %s", ws->c->err.message);
		return;
	}
	app_message(app, false, "Deleted; its text stays in the history.");
}

static void move_option(struct app *app, struct ws *ws, int dir)
{
	const struct item *it = selected_option(app, ws);
	size_t j = ws->item_sel + (size_t)dir;
	bool moved = false;

	if (!it)
		return;
	if ((dir < 0 && ws->item_sel == 0) || j >= ws->nitems || ws->items[j].type != IT_LISTED ||
	    ws->items[j].key.kind != it->key.kind || it->key.kind == ENTRY_NOTE)
		return;
	if (it->key.id <= 0 || ws->items[j].key.id <= 0) {
		app_message(app, true, "Save the text first (it is not saved yet).");
		return;
	}
	if (!conduct_move(ws->c, it->key.id, dir, &moved))
		app_message(app, true, "Not moved: %s", ws->c->err.message);
	else if (moved)
		ws->item_sel = j;
}

/* Hand the selected field to the user's own editor. */
static void external(struct app *app, struct ws *ws)
{
	const struct item *it = selected_item(ws);

	if (!ws->editing) {
		if (ws->pane == WP_STAGE && it && it->type != IT_ADD)
			editor_open(ws, &it->key, it->position, WP_STAGE);
		else if (ws->pane == WP_PRINCIPLES)
			edit_principle(ws);
		else
			return;
	}
	/* saved first: the workbench may be killed while the editor runs */
	editor_commit(ws);
	if (external_edit(app, &ws->ed) && !editor_commit(ws))
		app_message(app, true, "Not saved yet: %s", drafts_error(drafts(ws)));
}

/* ---- leaving ---- */

/* Go to the debrief of this session (the workspace closes first). */
static void to_debrief(struct app *app, struct ws *ws)
{
	char id[SESSION_ID_LEN];
	struct screen_arg arg = {.session_id = id};

	memcpy(id, ws->c->s->id, sizeof(id));
	app_replace(app, SCREEN_DEBRIEF, &arg);
}

static void finish(struct app *app, struct ws *ws)
{
	if (!dialog_confirm(app, "Finish?", "Finish this session and see its debrief?\n\n"
			    "A finished session can be read, not changed, until it is reopened."))
		return;
	if (!editor_close(ws) || !save_all(ws)) {
		app_message(app, true, "Not finished: some text is not saved yet (%s).",
			    drafts_error(drafts(ws)));
		return;
	}
	if (!conduct_finish(ws->c)) {
		app_message(app, true, "Not finished: %s", ws->c->err.message);
		return;
	}
	to_debrief(app, ws);
}

static bool ws_leave(struct app *app, void *self, bool asking)
{
	struct ws *ws = self;
	size_t n;

	if (editor_close(ws))
		drafts_flush(drafts(ws));
	n = drafts_unsaved(drafts(ws));
	if (n && asking) {
		char *q = xasprintf("%zu text%s could not be saved: %s\n\nLeave anyway? %s "
				    "printed when dilemma closes, for you to keep. (n stays, and "
				    "saving is retried)", n, n == 1 ? "" : "s",
				    drafts_error(drafts(ws)), n == 1 ? "It is" : "They are");
		bool yes = dialog_confirm(app, "Unsaved text", q);
		free(q);
		if (!yes)
			return false;
	}
	return true;
}

/* ---- keys ---- */

static void editing_key(struct app *app, struct ws *ws, enum action a, int key,
			const struct buf *paste)
{
	bool was_dirty = ws_editor_dirty(ws);

	switch (a) {
	case ACT_ED_LEAVE:
		editor_close(ws);
		return;
	case ACT_ED_LEAVE_NEXT:
	case ACT_ED_LEAVE_PREV:
		editor_close(ws);
		ws->pane = (ws->pane + (a == ACT_ED_LEAVE_NEXT ? 1 : WP_COUNT - 1)) % WP_COUNT;
		return;
	case ACT_ED_SAVE:
		if (!editor_commit_in(app, ws) && drafts(ws)->err.code != STORE_CONFLICT)
			app_message(app, true, "Not saved: %s", drafts_error(drafts(ws)));
		return;
	case ACT_EXTERNAL:
		external(app, ws);
		return;
	default:
		break;
	}
	if (editor_handle(&ws->ed, a, key, paste)) {
		ws->last_key_ms = app_now_ms();
		if (!was_dirty && ws_editor_dirty(ws))
			ws->dirty_since_ms = ws->last_key_ms;
	}
}

/* A paste onto a field goes into it, as if the field were open. */
static void paste_into(struct app *app, struct ws *ws, const struct buf *paste)
{
	const struct item *it = selected_item(ws);

	if (ws->pane == WP_STAGE && it &&
	    (it->type == IT_TEXT || it->type == IT_LISTED || it->type == IT_DECISION))
		editor_open(ws, &it->key, it->position, WP_STAGE);
	else if (ws->pane == WP_PRINCIPLES)
		edit_principle(ws);
	if (ws->editing) {
		editor_text_end(&ws->ed);
		editing_key(app, ws, ACT_NONE, TK_PASTE, paste);
	}
}

/* Add an option or a contingency (@kind), from any stage: they are at
 * stage 4. */
static void add_item(struct app *app, struct ws *ws, enum entry_kind kind)
{
	go_stage(app, ws, NDM_OPTIONS);
	ws->pane = WP_STAGE;
	for (size_t i = 0; i < ws->nitems; i++)
		if (ws->items[i].type == IT_ADD && ws->items[i].key.kind == kind) {
			edit_item(app, ws, i);
			break;
		}
}

static void ws_key(struct app *app, void *self, enum action a, int key,
		   const struct buf *paste)
{
	struct ws *ws = self;
	enum ndm_stage st = ws->c->stage;

	ws_build_items(ws);
	if (ws->editing) {
		editing_key(app, ws, a, key, paste);
		return;
	}
	if (key == TK_PASTE) {
		paste_into(app, ws, paste);
		return;
	}
	if (ws_panel(ws) && ws_panel_key(app, ws, a))
		return;
	switch (a) {
	case ACT_BACK:
		app_back(app);
		return;
	case ACT_EDIT:
		if (ws->pane == WP_RAIL)
			go_stage(app, ws, ndm_display_order[ws->rail_sel]);
		else if (ws->pane == WP_STAGE)
			edit_item(app, ws, ws->item_sel);
		else if (ws->pane == WP_PRINCIPLES)
			edit_principle(ws);
		else
			app_message(app, false, "The scenario is read-only: Tab to the Stage pane to write.");
		return;
	case ACT_STAGE_0: case ACT_STAGE_1: case ACT_STAGE_2:
	case ACT_STAGE_3: case ACT_STAGE_4: case ACT_STAGE_5:
		go_stage(app, ws, (enum ndm_stage)(a - ACT_STAGE_0));
		return;
	case ACT_STAGE_PREV:
		go_stage(app, ws, (enum ndm_stage)((st + NDM_STAGE_COUNT - 1) % NDM_STAGE_COUNT));
		return;
	case ACT_STAGE_NEXT:
		go_stage(app, ws, (enum ndm_stage)((st + 1) % NDM_STAGE_COUNT));
		return;
	case ACT_UPHOLDS: set_stance(app, ws, STANCE_UPHOLDS); return;
	case ACT_TENSION: set_stance(app, ws, STANCE_TENSION); return;
	case ACT_NEUTRAL: set_stance(app, ws, STANCE_NEUTRAL); return;
	case ACT_NO_STANCE: set_stance(app, ws, STANCE_NONE); return;
	case ACT_ADD_OPTION: add_item(app, ws, ENTRY_OPTION); return;
	case ACT_ADD_CONTINGENCY: add_item(app, ws, ENTRY_CONTINGENCY); return;
	case ACT_DELETE: delete_option(app, ws); return;
	case ACT_MOVE_UP: move_option(app, ws, -1); return;
	case ACT_MOVE_DOWN: move_option(app, ws, 1); return;
	case ACT_FINISH: finish(app, ws); return;
	case ACT_DEBRIEF: to_debrief(app, ws); return;
	case ACT_EXTERNAL: external(app, ws); return;
	case ACT_ZOOM: ws->zoom = !ws->zoom; return;
	default:
		return;
	}
}

static void ws_focus(struct app *app, void *self, int dir)
{
	struct ws *ws = self;

	ws->pane = (enum ws_pane)((ws->pane + WP_COUNT + dir) % WP_COUNT);
}

static void ws_navigate(struct app *app, void *self, enum nav nav)
{
	struct ws *ws = self;
	struct rect r = ws->pane_r[ws->pane];
	size_t page = r.h > 3 ? (size_t)r.h - 2 : 1;
	size_t nfw = ws->c->fw ? ws->c->fw->count : 0;

	switch (ws->pane) {
	case WP_RAIL:
		ws->rail_sel = nav_move(ws->rail_sel, NDM_STAGE_COUNT, page, nav);
		break;
	case WP_SCENARIO:
		ws->sc_top = nav_move(ws->sc_top, ws->d_sc.n, page, nav);
		break;
	case WP_STAGE:
		if (nav == NAV_PAGE_UP || nav == NAV_PAGE_DOWN) {
			/* page through the pane's text, which may be long */
			ws->stage_top = nav_move(ws->stage_top, ws->d_stage.n, page, nav);
			ws->stage_paged = true;
			break;
		}
		ws->stage_paged = false;
		ws->item_sel = nav_move(ws->item_sel, ws->nitems, page, nav);
		break;
	default:
		ws->pr_sel = nav_move(ws->pr_sel, nfw, page, nav);
		break;
	}
}

static void ws_tick(struct app *app, void *self)
{
	struct ws *ws = self;
	int64_t now = app_now_ms();
	struct drafts *d = drafts(ws);
	bool due = drafts_retry_due(d);
	bool save_editor = ws_editor_dirty(ws) && due &&
			   (now - ws->last_key_ms >= WS_IDLE_SAVE_MS ||
			    now - ws->dirty_since_ms >= WS_MAX_UNSAVED_MS);
	bool save_pending = drafts_unsaved(d) && due;

	if ((save_editor || save_pending) && drafts_failed(d)) {
		/* the last try failed, so this one may wait for a lock: say so */
		ws->retrying = true;
		app_draw(app);
		app_refresh();
		ws->retrying = false;
	}
	size_t conflicts = d->conflicts;
	if (save_editor)
		editor_commit_in(app, ws);
	if (save_pending)
		drafts_flush(d);
	if (d->conflicts != conflicts)
		app_message(app, true, "Another window had changed a text you wrote: both versions"
			    " were saved, one under the other.");
	conduct_beat(ws->c);
	ws_clock_tick(app, ws);
}

static int ws_poll(void *self)
{
	struct ws *ws = self;

	if (ws_editor_dirty(ws))
		return 200;
	return drafts_unsaved(drafts(ws)) ? 500 : 1000;
}

static enum key_scope_index ws_scope(void *self)
{
	struct ws *ws = self;

	return ws->editing ? SCOPE_EDITOR : ws_panel(ws) ? SCOPE_PANEL : SCOPE_WORKSPACE;
}

/* ---- open and close ---- */

static void *ws_open(struct app *app, const struct screen_arg *arg)
{
	struct ws *ws;

	if (!arg->conduct)
		return NULL;
	ws = xcalloc(1, sizeof(*ws));
	ws->c = arg->conduct;
	ws->pane = WP_STAGE;
	go_stage(app, ws, arg->fresh ? NDM_INFORMATION : conduct_resume_stage(ws->c));
	if (arg->fresh)
		edit_item(app, ws, 0); /* ready to type: the cursor in the first stage's reasoning */
	char since[SESSION_TIME_LEN];
	if (conduct_others(ws->c, since))
		app_message(app, true, "Another window has had this session open since %s: what"
			    " both save is kept, and a text both change shows both versions.", since);
	return ws;
}

/* Back from a ballot: its status is what to see. */
static void ws_resume(struct app *app, void *self)
{
	struct ws *ws = self;

	ws->show_ballot = true;
}

static void ws_close(struct app *app, void *self)
{
	struct ws *ws = self;

	if (ws->editing)
		editor_close(ws);
	/* what could not be saved is printed once the terminal is back,
	 * rather than lost unseen */
	conduct_unsaved_text(ws->c, &app->rescue);
	conduct_close(ws->c);
	free(ws->items);
	doc_free(&ws->d_sc);
	doc_free(&ws->d_stage);
	doc_free(&ws->d_pr);
	free(ws);
}

const struct screen_ops workspace_screen = {
	.name = "workspace",
	.scope = ws_scope,
	.open = ws_open,
	.leave = ws_leave,
	.close = ws_close,
	.resume = ws_resume,
	.layout = ws_layout,
	.draw = ws_draw,
	.key = ws_key,
	.focus = ws_focus,
	.navigate = ws_navigate,
	.tick = ws_tick,
	.poll_ms = ws_poll,
};
