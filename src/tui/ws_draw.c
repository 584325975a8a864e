/*
 * ws_draw.c - the workspace's panes on the screen: the rail of stages
 * around the Code of Ethics, the scenario with the injects released so
 * far, the stage's prompts and fields, the principles with their stances,
 * and the header with the clock and the save state.
 *
 * ws_layout() works out what each pane shows at the current size (its
 * document and where it is scrolled to); ws_draw() only paints that. What
 * a stage's progress is, which injects are out and which principles were
 * considered are tally's answers, not this file's.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/ballot_chart.h"
#include "dilemma/tally.h"
#include "draw.h"
#include "term.h"
#include "text.h"
#include "workspace.h"

/* Document blocks of the scenario pane: one per released inject. */
#define INJECT_BLOCK(index) (1000 + (int)(index))
/* The block of the stage pane that shows the latest ballot. */
#define BALLOT_BLOCK 900

/* ---- layout ---- */

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

/* The text of a pane below its title row; @margin columns each side. */
static struct rect pane_body(struct rect r, int margin)
{
	return (struct rect){r.y + 1, r.x + margin, r.h - 1, r.w - 2 * margin};
}

static void build_scenario(struct ws *ws, struct doc *d)
{
	const struct pack_scenario *sc = ws->c->sc;
	const struct session *s = ws->c->s;
	struct tally_inject *inj = NULL;
	size_t n;

	if (ws->show_notes) {
		doc_line(d, "Facilitator notes (N hides them; never shown when presenting)",
			 term_attr(ROLE_EMPH), 0, -1);
		doc_para(d, sc && sc->notes ? sc->notes : "This scenario has no notes.", A_NORMAL,
			 0, -1);
		return;
	}
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
	n = tally_injects(s, &inj);
	for (size_t i = 0; i < n; i++) {
		size_t k = inj[i].index;
		bool fresh = conduct_inject_fresh(ws->c, k);
		doc_linef(d, term_attr(fresh ? ROLE_NEW : ROLE_EMPH), 0, INJECT_BLOCK(k),
			  "%sNew information (at %s)", fresh ? "NEW: " : "",
			  ndm_stage_info(sc->injects[k].stage)->short_name);
		doc_para(d, sc->injects[k].text, A_NORMAL, 0, INJECT_BLOCK(k));
	}
	free(inj);
}

static void layout_scenario(struct ws *ws, struct rect r)
{
	struct rect body = pane_body(r, 1);

	doc_reset(&ws->d_sc, body.w);
	build_scenario(ws, &ws->d_sc);
	if (ws->show_inject) {
		for (size_t i = 0; ws->c->sc && i < ws->c->sc->ninjects; i++)
			if (conduct_inject_fresh(ws->c, i)) {
				ws->sc_top = doc_scroll_to(&ws->d_sc, INJECT_BLOCK(i), 0, body.h);
				break;
			}
		ws->show_inject = false;
	}
	ws->sc_top = doc_clamp(&ws->d_sc, ws->sc_top, body.h);
}

static const char *item_label(const struct ws *ws, const struct item *it, char *buf,
			      size_t size)
{
	char who[64];

	switch (it->type) {
	case IT_DECISION:
		return ws_panel(ws) ? "Decision: the option the panel chose"
				    : "Decision: the option I chose";
	case IT_ADD:
		switch (it->key.kind) {
		case ENTRY_OPTION: return "+ Add an option (a)";
		case ENTRY_CONTINGENCY: return "+ Add a contingency (c)";
		case ENTRY_RECOMMENDATION: return "+ Add a recommendation (Enter)";
		default:
			snprintf(buf, size, "+ Add what %s says (Enter; s: another speaker)",
				 ws_person(ws, ws->c->speaker, who, sizeof(who)));
			return buf;
		}
	case IT_PACK: {
		int64_t id = conduct_adopted(ws->c, (size_t)it->number);
		for (size_t i = 0; id && i < ws->nitems; i++)
			if (ws->items[i].type == IT_LISTED && ws->items[i].key.id == id) {
				snprintf(buf, size, "The pack's option %d: your Option %d", it->number,
					 ws->items[i].number);
				return buf;
			}
		snprintf(buf, size, "The pack's option %d (Enter adopts it)", it->number);
		return buf;
	}
	case IT_LISTED: {
		const struct entry *e = it->key.id > 0 ? session_entry(ws->c->s, it->key.id) : NULL;
		if (it->key.kind == ENTRY_NOTE) {
			const struct participant *p = session_participant(ws->c->s, it->key.participant);
			snprintf(buf, size, "%s%s%s%s", ws_person(ws, it->key.participant, who,
								 sizeof(who)),
				 p && p->role[0] ? " (" : "", p && p->role[0] ? p->role : "",
				 p && p->role[0] ? ")" : "");
			return buf;
		}
		if (e && e->pack_option > 0)
			snprintf(buf, size, "%s %d (the pack's option %lld)", entry_kind_name(it->key.kind),
				 it->number, (long long)e->pack_option);
		else
			snprintf(buf, size, "%s %d%s%s%s", entry_kind_name(it->key.kind), it->number,
				 e && e->owner ? " (owner: " : "", e && e->owner ? e->owner : "",
				 e && e->owner ? ")" : "");
		return buf;
	}
	default:
		break;
	}
	switch (it->key.kind) {
	case ENTRY_RATIONALE:
		return ws_panel(ws) ? "Rationale: what the panel did and why"
				    : "Rationale: what I did and why";
	case ENTRY_REVIEW:
		return ws_panel(ws) ? "Review: what happened, what the panel would do differently"
				    : "Review: what happened, what I would do differently";
	case ENTRY_OUTCOME:
		return "Outcome: the panel's advice or conclusion";
	default:
		return "Your reasoning";
	}
}

/* The latest ballot: while open, how many have voted and nothing more; once
 * revealed, its results as a bar chart. */
static void ballots(struct ws *ws, struct doc *d)
{
	struct tally_ballot *b = NULL;
	size_t n = tally_ballots(ws->c->s, &b);

	if (!n)
		return;
	const struct tally_ballot *last = &b[n - 1];
	doc_line(d, "", A_NORMAL, 1, -1);
	if (!last->revealed) {
		doc_linef(d, term_attr(ROLE_EMPH), 1, BALLOT_BLOCK, "Ballot %lld (%s) open: %zu of %zu"
			  " voted. v goes on, R reveals.", (long long)last->number,
			  ballot_kind_name(last->kind), last->voters, last->eligible);
	} else {
		char **lines = NULL;
		doc_linef(d, term_attr(ROLE_EMPH), 1, BALLOT_BLOCK, "Ballot %lld (%s), revealed: %zu"
			  " of %zu voted", (long long)last->number, ballot_kind_name(last->kind),
			  last->voters, last->eligible);
		size_t nl = ballot_chart(ws->c->s, last, BALLOT_LABEL_TEXT,
					 (size_t)(d->width > 4 ? d->width - 3 : 1), &lines);
		for (size_t i = 0; i < nl; i++)
			doc_line(d, doc_keep(d, lines[i]), A_NORMAL, 3, BALLOT_BLOCK);
		free(lines);
	}
	tally_ballots_free(b, n);
}

static bool editing_key(const struct ws *ws, enum ws_pane pane, const struct draft_key *k)
{
	return ws->editing && ws->ed_pane == pane && draft_key_eq(&ws->ed_key, k);
}

static void layout_stage(struct ws *ws, struct rect r)
{
	struct doc *d = &ws->d_stage;
	const struct ndm_stage_info *info = ndm_stage_info(ws->c->stage);
	const struct pack_scenario *sc = ws->c->sc;
	struct rect body = pane_body(r, 0);
	bool focus = ws->pane == WP_STAGE;
	char lab[160];

	doc_reset(d, body.w - 2);
	for (size_t q = 0; info->questions[q]; q++)
		doc_text(d, doc_keep(d, xasprintf("- %s", info->questions[q])),
			 term_attr(ROLE_DIM), 1, -1);
	for (size_t q = 0; sc && q < sc->nprompts[ws->c->stage]; q++)
		doc_para(d, doc_keep(d, xasprintf("- %s", sc->prompts[ws->c->stage][q])),
			 term_attr(ROLE_DIM), 1, -1);
	for (size_t i = 0; i < ws->nitems; i++) {
		const struct item *it = &ws->items[i];
		bool sel = focus && i == ws->item_sel && !ws->editing;
		int b = (int)i;
		doc_line(d, doc_keep(d, xstrdup(item_label(ws, it, lab, sizeof(lab)))),
			 sel ? term_attr(ROLE_SELECTED) :
			 (i == ws->item_sel ? term_attr(ROLE_TITLE_FOCUS) : term_attr(ROLE_EMPH)),
			 1, b);
		if (it->type == IT_ADD)
			continue;
		if (it->type == IT_PACK) {
			/* once adopted, the copy in the list is what counts */
			if (!conduct_adopted(ws->c, (size_t)it->number))
				doc_text(d, sc->options[it->number - 1], A_NORMAL, 3, b);
			continue;
		}
		if (editing_key(ws, WP_STAGE, &it->key)) {
			ws->ed_h = editor_height(ws, body.w - 2, body.h - 1);
			doc_editor_rows(d, ws->ed_h, b);
			continue;
		}
		const char *t = drafts_text(&ws->c->drafts, &it->key);
		if (str_blank(t))
			doc_line(d, it->type == IT_DECISION ? "(none yet: Enter to choose)" :
				 "(empty: Enter to write)", term_attr(ROLE_DIM), 3, b);
		else
			doc_text(d, t, drafts_pending(&ws->c->drafts, &it->key) ?
				 term_attr(ROLE_ERROR) : (int)A_NORMAL, 3, b);
	}
	if (ws_panel(ws) && ws->c->stage == NDM_OPTIONS)
		ballots(ws, d);
	if (ws->show_ballot && doc_block_rows(d, BALLOT_BLOCK, &(size_t){0}, &(size_t){0})) {
		ws->stage_top = doc_scroll_to(d, BALLOT_BLOCK, ws->stage_top, body.h);
		ws->stage_paged = true;
	}
	ws->show_ballot = false;
	if (ws->stage_paged && !ws->editing)
		ws->stage_top = doc_clamp(d, ws->stage_top, body.h); /* reading a long text */
	else
		ws->stage_top = doc_scroll_to(d, (int)ws->item_sel, ws->stage_top, body.h);
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

/* "U Ada · T Osei, Jones · * Lee": who took which stance (* reasoning
 * without one) on principle @pid at the current stage. */
static const char *stance_roll(struct ws *ws, struct doc *d, const char *pid)
{
	static const char marks[STANCE_COUNT] = {'*', 'U', 'T', 'N'};
	static const enum stance order[] = {STANCE_UPHOLDS, STANCE_TENSION, STANCE_NEUTRAL,
					    STANCE_NONE};
	const struct entry *e[64];
	size_t n = tally_stances(ws->c->s, ws->c->stage, pid, e, ALEN(e));
	struct buf b = {0};
	char who[64];

	if (n > ALEN(e))
		n = ALEN(e);
	for (size_t o = 0; o < ALEN(order); o++) {
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			if (e[i]->stance != order[o])
				continue;
			buf_printf(&b, "%s%s", first ? (b.len ? " \xc2\xb7 " : "") : ", ",
				   first ? (char[]){marks[order[o]], ' ', 0} : "");
			buf_puts(&b, ws_person(ws, e[i]->participant, who, sizeof(who)));
			first = false;
		}
	}
	return doc_keep(d, buf_steal(&b));
}

/* A panel's principle: its name and everyone's stances on one line; when
 * selected, the summary, each member's reasoning, and the current
 * speaker's own field. */
static void panel_principle(struct ws *ws, struct doc *d, size_t i, bool sel, int attr,
			    int width, int avail)
{
	const struct principle *p = &ws->c->fw->principles[i];
	struct draft_key k = conduct_key(ws->c, ws->c->stage, ENTRY_PRINCIPLE, p->id, 0);
	const char *roll = stance_roll(ws, d, p->id);
	char who[64];

	doc_linef(d, attr, 1, (int)i, "%s%s%s", p->name, roll[0] ? "  " : "", roll);
	if (!sel)
		return;
	doc_text(d, p->summary, term_attr(ROLE_DIM), 3, (int)i);
	const struct entry *e[64];
	size_t n = tally_stances(ws->c->s, ws->c->stage, p->id, e, ALEN(e));
	for (size_t j = 0; j < n && j < ALEN(e); j++) {
		if (e[j]->participant == ws->c->speaker || str_blank(e[j]->text))
			continue;
		doc_text(d, doc_keep(d, xasprintf("%s: %s", ws_person(ws, e[j]->participant, who,
								     sizeof(who)), e[j]->text)),
			 A_NORMAL, 3, (int)i);
	}
	const char *mine = ws_person(ws, ws->c->speaker, who, sizeof(who));
	if (editing_key(ws, WP_PRINCIPLES, &k)) {
		doc_linef(d, term_attr(ROLE_EMPH), 3, (int)i, "%s:", mine);
		ws->ed_h = editor_height(ws, width, avail);
		doc_editor_rows(d, ws->ed_h, (int)i);
		return;
	}
	const char *t = drafts_text(&ws->c->drafts, &k);
	if (str_blank(t))
		doc_text(d, doc_keep(d, xasprintf("(%s: no reasoning yet: Enter to write; u/t/n"
						  " sets %s's stance)", mine, mine)),
			 term_attr(ROLE_DIM), 3, (int)i);
	else
		doc_text(d, doc_keep(d, xasprintf("%s: %s", mine, t)),
			 drafts_pending(&ws->c->drafts, &k) ? term_attr(ROLE_ERROR) : (int)A_NORMAL,
			 3, (int)i);
}

static void layout_principles(struct ws *ws, struct rect r)
{
	struct doc *d = &ws->d_pr;
	const struct framework *fw = ws->c->fw;
	struct rect body = pane_body(r, 0);
	bool focus = ws->pane == WP_PRINCIPLES;
	size_t n = fw ? fw->count : 0;
	int ed_h = 0;

	doc_reset(d, body.w - 2);
	if (!n)
		doc_line(d, "This session's principles are not known.", term_attr(ROLE_DIM), 1, -1);
	if (ws->pr_sel >= n)
		ws->pr_sel = n ? n - 1 : 0;
	for (size_t i = 0; i < n; i++) {
		const struct principle *p = &fw->principles[i];
		struct draft_key k = conduct_key(ws->c, ws->c->stage, ENTRY_PRINCIPLE, p->id, 0);
		const struct entry *e = drafts_entry(&ws->c->drafts, &k);
		enum stance st = e && !e->deleted ? e->stance : STANCE_NONE;
		const char *t = drafts_text(&ws->c->drafts, &k);
		bool sel = i == ws->pr_sel;
		int attr = sel && focus && !ws->editing ? term_attr(ROLE_SELECTED) : stance_role(st);
		if (ws_panel(ws)) {
			size_t before = ws->ed_h;
			panel_principle(ws, d, i, sel, sel && focus && !ws->editing ?
					term_attr(ROLE_SELECTED) : (int)A_NORMAL, body.w - 2,
					body.h - 3);
			if (ws->ed_h != (int)before)
				ed_h = ws->ed_h;
			continue;
		}
		if (!sel) {
			const char *nl = t ? strchr(t, '\n') : NULL;
			doc_linef(d, attr, 1, (int)i, "%-8s %s%s%.*s", st ? stance_id(st) : "-", p->name,
				  str_blank(t) ? "" : ": ", nl ? (int)(nl - t) : (int)strlen(t), t);
			continue;
		}
		doc_linef(d, attr, 1, (int)i, "%-8s %s", st ? stance_id(st) : "-", p->name);
		doc_text(d, p->summary, term_attr(ROLE_DIM), 3, (int)i);
		if (editing_key(ws, WP_PRINCIPLES, &k)) {
			ed_h = ws->ed_h = editor_height(ws, body.w - 2, body.h - 2);
			doc_editor_rows(d, ed_h, (int)i);
		} else if (str_blank(t)) {
			doc_line(d, "(no reasoning yet: Enter to write; u/t/n sets the stance)",
				 term_attr(ROLE_DIM), 3, (int)i);
		} else {
			doc_text(d, t, drafts_pending(&ws->c->drafts, &k) ? term_attr(ROLE_ERROR) :
				 (int)A_NORMAL, 3, (int)i);
		}
	}
	size_t first = 0, last = 0;
	if (ed_h && doc_block_rows(d, (int)ws->pr_sel, &first, &last) &&
	    last - first + 1 > (size_t)body.h)
		ws->pr_top = last + 1 - (size_t)body.h; /* the editor, not the summary, in view */
	else
		ws->pr_top = doc_scroll_to(d, (int)ws->pr_sel, ws->pr_top, body.h);
}

void ws_layout(struct app *app, void *self, int cols, int lines)
{
	struct ws *ws = self;
	struct ws_layout *l = &ws->l;

	layout_workspace(cols, lines, l);
	memset(ws->pane_r, 0, sizeof(ws->pane_r));
	if (ws->zoom) {
		ws->pane_r[ws->pane] = (struct rect){1, 0, lines - 2, cols};
	} else {
		ws->pane_r[WP_RAIL] = (struct rect){l->rail.y, l->rail.x, l->rail.h, l->rail.w - 1};
		ws->pane_r[WP_SCENARIO] = l->scenario;
		ws->pane_r[WP_STAGE] = l->stage;
		ws->pane_r[WP_PRINCIPLES] = l->principles;
	}
	ws_build_items(ws);
	ws->ed_h = 0;
	if (ws->pane_r[WP_SCENARIO].h)
		layout_scenario(ws, ws->pane_r[WP_SCENARIO]);
	if (ws->pane_r[WP_STAGE].h)
		layout_stage(ws, ws->pane_r[WP_STAGE]);
	if (ws->pane_r[WP_PRINCIPLES].h)
		layout_principles(ws, ws->pane_r[WP_PRINCIPLES]);
}

/* ---- drawing ---- */

static void draw_editor_in(struct ws *ws, struct rect pane, int ed_row)
{
	int h = ws->ed_h;

	if (ed_row < 0 || !h)
		return;
	if (ed_row + h > pane.y + pane.h)
		h = pane.y + pane.h - ed_row;
	struct rect r = {ed_row, pane.x + 2, h, pane.w - 2};
	draw_editor(&ws->ed, r, term_attr(ROLE_SELECTED_DIM));
}

static void draw_rail(struct ws *ws, struct rect r)
{
	static const char *const progress[] = {
		[TALLY_EMPTY] = "empty", [TALLY_STARTED] = "started", [TALLY_DONE] = "done",
	};
	const struct session *s = ws->c->s;
	bool focus = ws->pane == WP_RAIL;
	char now[SESSION_TIME_LEN], clock[16];
	int y = r.y + 1;

	time_now_iso(now);
	draw_title(r, "Stages", focus);
	for (size_t i = 0; i < NDM_STAGE_COUNT && y + 1 < r.y + r.h; i++) {
		enum ndm_stage st = ndm_display_order[i];
		bool current = st == ws->c->stage;
		/* the Code of Ethics, at the centre of the model: set apart
		 * from the stages, its label on its own row */
		if (st == NDM_ETHICS && y + 2 < r.y + r.h)
			y++;
		int attr = current ? term_attr(ROLE_EMPH) : (int)A_NORMAL;
		if (focus && i == ws->rail_sel) {
			attr = term_attr(ROLE_SELECTED);
			draw_fill((struct rect){y, r.x, 1, r.w}, attr);
		}
		int used = draw_fmt(y, r.x, r.w, attr, "%s%d %s", current ? ">" : " ", (int)st,
				    ndm_stage_info(st)->short_name);
		if (st == NDM_ETHICS && used + 7 <= r.w)
			draw_cstr(y, r.x + r.w - 6, 6, "centre",
				  focus && i == ws->rail_sel ? attr : term_attr(ROLE_DIM));
		y++;
		enum tally_progress p = tally_stage_progress(s, st);
		text_clock(tally_stage_seconds(s, st, now), clock, sizeof(clock));
		draw_fmt(y++, r.x, r.w, term_attr(p == TALLY_DONE ? ROLE_OK : ROLE_DIM), "  %-7s %s",
			 progress[p], clock);
	}
}

static void draw_scenario(struct ws *ws, struct rect r)
{
	struct rect body = pane_body(r, 1);

	bool fresh = false;

	for (size_t i = 0; ws->c->sc && i < ws->c->sc->ninjects; i++)
		fresh = fresh || conduct_inject_fresh(ws->c, i);
	draw_title(r, "Scenario", ws->pane == WP_SCENARIO);
	if (fresh && r.w > 20)
		draw_cstr(r.y, r.x + 10, r.w - 10 - 9, "NEW information has come in",
			  term_attr(ROLE_NEW));
	doc_draw(&ws->d_sc, body, ws->sc_top, -1, 0);
	draw_more_title(r, ws->sc_top, ws->d_sc.n, body.h);
}

static void draw_stage(struct ws *ws, struct rect r)
{
	const struct ndm_stage_info *info = ndm_stage_info(ws->c->stage);
	struct rect body = pane_body(r, 0);
	char title[160];

	snprintf(title, sizeof(title), "Stage %d: %s", (int)ws->c->stage, info->name);
	draw_title(r, title, ws->pane == WP_STAGE);
	int ed_row = doc_draw(&ws->d_stage, body, ws->stage_top, -1, 0);
	draw_more_title(r, ws->stage_top, ws->d_stage.n, body.h);
	if (ws->editing && ws->ed_pane == WP_STAGE)
		draw_editor_in(ws, (struct rect){body.y, body.x + 1, body.h, body.w - 1}, ed_row);
}

static void draw_principles(struct ws *ws, struct rect r)
{
	const struct framework *fw = ws->c->fw;
	struct rect body = pane_body(r, 0);
	size_t n = fw ? fw->count : 0, done = 0;
	char title[160];

	for (size_t i = 0; i < n; i++) {
		struct draft_key k = conduct_key(ws->c, ws->c->stage, ENTRY_PRINCIPLE,
						 fw->principles[i].id, 0);
		const struct draft *p = drafts_pending(&ws->c->drafts, &k);
		if (tally_considered(ws->c->s, ws->c->stage, fw->principles[i].id) ||
		    (p && !str_blank(p->text)))
			done++;
	}
	snprintf(title, sizeof(title), "Principles at %s: %zu of %zu considered",
		 ndm_stage_info(ws->c->stage)->short_name, done, n);
	draw_title(r, title, ws->pane == WP_PRINCIPLES);
	int ed_row = doc_draw(&ws->d_pr, body, ws->pr_top, -1, 0);
	draw_more_title(r, ws->pr_top, ws->d_pr.n, body.h);
	if (ws->editing && ws->ed_pane == WP_PRINCIPLES)
		draw_editor_in(ws, (struct rect){body.y, body.x + 1, body.h, body.w - 1}, ed_row);
}

/* What the header says of saving; @brief leaves out how long ago. */
static void save_state(struct ws *ws, bool brief, char *out, size_t size, int *attr)
{
	const struct drafts *d = &ws->c->drafts;
	char age[32];

	*attr = term_attr(ROLE_HEADER);
	if (conduct_read_only(ws->c)) {
		snprintf(out, size, "finished, read-only");
	} else if (ws->retrying) {
		snprintf(out, size, "saving...");
	} else if (drafts_failed(d)) {
		snprintf(out, size, "NOT SAVED, retrying");
		*attr = term_attr(ROLE_ERROR);
	} else if (ws_editor_dirty(ws)) {
		snprintf(out, size, "typing...");
	} else if (d->saved_ms && brief) {
		snprintf(out, size, "saved");
	} else if (d->saved_ms) {
		text_age((long)((app_now_ms() - d->saved_ms) / 1000), age, sizeof(age));
		snprintf(out, size, "saved %s", age);
	} else {
		snprintf(out, size, brief ? "no changes" : "no changes yet");
	}
}

/* The title keeps at least this many columns of the header (it is cut
 * with an ellipsis after them) before optional parts are shown. */
#define HEADER_TITLE_MIN 8

/* What the header's left part may hold, worked out once a frame. */
struct header_parts {
	char stage[64], clock[48];
	char ballot[80];  /* panels: an open ballot's count, or "" */
	char speaker[96]; /* panels: who is speaking, or "" */
};

static void header_parts(struct ws *ws, const char *now, struct header_parts *h)
{
	const struct session *s = ws->c->s;
	long total = 0;

	memset(h, 0, sizeof(*h));
	snprintf(h->stage, sizeof(h->stage), "Stage %d %s", (int)ws->c->stage,
		 ndm_stage_info(ws->c->stage)->short_name);
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		total += tally_stage_seconds(s, (enum ndm_stage)st, now);
	text_clock(total, h->clock, sizeof(h->clock));
	if (ws_panel(ws)) {
		char box[48], who[64];
		struct tally_ballot *bal = NULL;
		size_t nb = tally_ballots(s, &bal);
		ws_clock_text(ws, now, box, sizeof(box));
		if (box[0])
			snprintf(h->clock, sizeof(h->clock), "%s", box);
		/* an open ballot: how many have voted, never how */
		if (nb && !bal[nb - 1].revealed)
			snprintf(h->ballot, sizeof(h->ballot), "Ballot %lld: %zu of %zu voted",
				 (long long)bal[nb - 1].number, bal[nb - 1].voters,
				 bal[nb - 1].eligible);
		tally_ballots_free(bal, nb);
		snprintf(h->speaker, sizeof(h->speaker), "%s speaking",
			 ws_person(ws, ws->c->speaker, who, sizeof(who)));
	}
}

/* Append " | @part" to @b when what is there, the part and the title's
 * least room still fit in @room columns; false when it does not fit. */
static bool header_part(struct buf *b, const char *part, int room, int title_min)
{
	int w = text_width(b->data, b->len) + 3 + text_width(part, strlen(part));

	if (w + 3 + title_min > room)
		return false;
	buf_printf(b, " | %s", part);
	return true;
}

/* The header's left part in @room columns: "Stage 4 Options | 12:30 left
 * | Ballot 1: 2 of 3 voted | Osei speaking | pack: title", the stage and
 * the clock always, then what fits of the rest, the title last so that it
 * is shortened (never dropped). False when a part was left out. */
static bool header_left(const struct session *s, const struct header_parts *h,
			struct buf *b, int room)
{
	int title_w = text_width(s->scenario_title, strlen(s->scenario_title));
	int title_min = title_w < HEADER_TITLE_MIN ? title_w : HEADER_TITLE_MIN;
	bool all = true;

	b->len = 0;
	buf_printf(b, "%s | %s", h->stage, h->clock);
	if (h->ballot[0])
		all = header_part(b, h->ballot, room, title_min) && all;
	if (h->speaker[0])
		all = header_part(b, h->speaker, room, title_min) && all;
	/* the pack's id before the title when both fit whole */
	if (text_width(b->data, b->len) + 3 + (int)strlen(s->pack_id) + 2 + title_w <= room)
		buf_printf(b, " | %s: %s", s->pack_id, s->scenario_title);
	else
		buf_printf(b, " | %s", s->scenario_title);
	return all;
}

/* The header: the left part, and the save state on the right (without
 * its age when that leaves room for a part that would be left out). */
static void draw_header_line(struct ws *ws, int cols)
{
	char right[96], now[SESSION_TIME_LEN];
	struct header_parts h;
	struct buf b = {0};
	int rattr;

	time_now_iso(now);
	header_parts(ws, now, &h);
	save_state(ws, false, right, sizeof(right), &rattr);
	if (!header_left(ws->c->s, &h, &b, draw_header_room(cols, right))) {
		save_state(ws, true, right, sizeof(right), &rattr);
		header_left(ws->c->s, &h, &b, draw_header_room(cols, right));
	}
	draw_header(cols, b.data, right, rattr);
	buf_finish(&b);
}

void ws_draw(struct app *app, void *self, int cols, int lines)
{
	struct ws *ws = self;
	char failed[400];

	draw_header_line(ws, cols);
	if (ws->pane_r[WP_RAIL].h)
		draw_rail(ws, ws->pane_r[WP_RAIL]);
	if (!ws->zoom)
		draw_vline(ws->l.rail.y, ws->l.rail.x + ws->l.rail.w - 1, ws->l.rail.h);
	if (ws->pane_r[WP_SCENARIO].h)
		draw_scenario(ws, ws->pane_r[WP_SCENARIO]);
	/* the editor is drawn last so that the cursor stays in it */
	bool stage_last = ws->editing && ws->ed_pane == WP_STAGE;
	if (ws->pane_r[WP_PRINCIPLES].h && stage_last)
		draw_principles(ws, ws->pane_r[WP_PRINCIPLES]);
	if (ws->pane_r[WP_STAGE].h)
		draw_stage(ws, ws->pane_r[WP_STAGE]);
	if (ws->pane_r[WP_PRINCIPLES].h && !stage_last)
		draw_principles(ws, ws->pane_r[WP_PRINCIPLES]);
	snprintf(failed, sizeof(failed), "Not saved: %s. Your text is kept and saving is retried.",
		 drafts_error(&ws->c->drafts));
	app_footer(app, cols, lines, app_scope(app),
		   drafts_failed(&ws->c->drafts) ? failed : NULL, true);
	if (!ws->editing)
		draw_cursor_y = -1;
}
