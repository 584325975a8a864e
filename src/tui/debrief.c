/*
 * debrief.c - the debrief: where reasoning was recorded, stage by
 * principle and with which stance, so gaps stand out; the pack's
 * considerations beside the participants' own reasoning on the same
 * principles; the options, the decision, its rationale and the review.
 * A panel's debrief shows the same per participant, as the minutes do:
 * who took part, the discussion in the order spoken, each participant's
 * stances, each ballot (its results once revealed, never before), the
 * outcome and the recommendations with their owners. A solo trainee sees,
 * once finished, the scenario's facilitator notes: what panels tend to
 * miss. From here the session can be reported, exported, or reopened for
 * revision. Every answer (considered or not, the decision, the order of
 * the options, the ballots) comes from tally.h.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "app.h"
#include "dilemma/ballot_chart.h"
#include "dilemma/conduct.h"
#include "dilemma/stats.h"
#include "dilemma/tally.h"
#include "doc.h"
#include "draw.h"
#include "term.h"
#include "text.h"

struct debrief {
	struct session *s;
	const struct framework *fw;
	struct doc d;
	struct doc_layout l;
	size_t top;
	struct stats *peers;      /* a finished session's others (stats_peers) */
	char peers_error[512];
};

static void *debrief_open(struct app *app, const struct screen_arg *arg)
{
	struct store_error err;
	struct session *s = store_session_load(app->store, arg->session_id, &err);
	struct debrief *db;

	if (!s) {
		app_message(app, true, "cannot open the session: %s", err.message);
		return NULL;
	}
	db = xcalloc(1, sizeof(*db));
	db->s = s;
	db->fw = tally_framework(s);
	if (s->status == SESSION_FINISHED && !(db->peers = stats_peers(app->store, s, &err)))
		snprintf(db->peers_error, sizeof(db->peers_error), "%s", err.message);
	return db;
}

static void debrief_close(struct app *app, void *self)
{
	struct debrief *db = self;

	session_destroy(db->s);
	stats_destroy(db->peers);
	doc_free(&db->d);
	free(db);
}

/* The mark of a grid cell: a letter for the stance everyone who took one
 * took, M when their stances differ, * for reasoning without a stance, .
 * for nothing. */
static char cell_mark(const struct tally_cell *c)
{
	static const char letters[STANCE_COUNT] = {'*', 'U', 'T', 'N'};
	char mark = 0;

	if (!c->entries)
		return '.';
	for (int st = STANCE_NONE + 1; st < STANCE_COUNT; st++) {
		if (!c->stances[st])
			continue;
		if (mark)
			return 'M';
		mark = letters[st];
	}
	return mark ? mark : '*';
}

static void grid(struct debrief *db, struct doc *d)
{
	const struct framework *fw = db->fw;
	struct buf b = {0};
	struct tally_cell c;

	doc_line(d, "Where reasoning was recorded", term_attr(ROLE_EMPH), 0, -1);
	if (!fw || !fw->count) {
		doc_line(d, "The session's principles are not known.", term_attr(ROLE_DIM), 2, -1);
		return;
	}
	/* columns as wide as the screen allows: a mark and up to 4 letters of
	 * the principle's id */
	int cw = (d->width - 2 - GRID_LEAD) / (int)fw->count;
	cw = cw > 5 ? 5 : cw < 2 ? 2 : cw;
	buf_printf(&b, "%-*s", GRID_LEAD, "");
	for (size_t p = 0; p < fw->count; p++)
		buf_printf(&b, "%-*.*s", cw, cw - 1, fw->principles[p].id);
	doc_line(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 2, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = ndm_display_order[i];
		buf_printf(&b, "%d %-*.*s", (int)st, GRID_LEAD - 2, GRID_LEAD - 3,
			   ndm_stage_info(st)->short_name);
		for (size_t p = 0; p < fw->count; p++) {
			tally_cell(db->s, st, fw->principles[p].id, &c);
			buf_printf(&b, "%-*c", cw, cell_mark(&c));
		}
		doc_line(d, doc_keep(d, buf_steal(&b)), A_NORMAL, 2, -1);
		d->rows[d->n - 1].grid = true;
	}
	doc_text(d, "U upholds, T in tension, N neutral, M stances differ, * reasoning without "
		 "a stance, . nothing recorded", term_attr(ROLE_DIM), 2, -1);
	for (size_t p = 0; p < fw->count; p++)
		buf_printf(&b, "%s%.*s %s", p ? "; " : "Columns: ", cw - 1, fw->principles[p].id,
			   fw->principles[p].name);
	doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 2, -1);
	for (size_t p = 0; p < fw->count; p++)
		if (!tally_considered_anywhere(db->s, fw->principles[p].id))
			buf_printf(&b, "%s%s", b.len ? ", " : "Not considered at any stage: ",
				   fw->principles[p].name);
	if (!b.len)
		buf_puts(&b, "Every principle was considered at some stage.");
	doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_EMPH), 2, -1);
}

/* The name of participant @number, "Participant N" for a nameless one;
 * "" when the session has one person or none is attributed. */
static const char *person(struct debrief *db, struct doc *d, int64_t number)
{
	const struct participant *p = session_participant(db->s, number);

	if (db->s->nparticipants < 2 || !p)
		return "";
	if (p->name[0])
		return p->name;
	return doc_keep(d, xasprintf("Participant %lld", (long long)p->number));
}

/* A panel's debrief speaks of the panel, a trainee's of "you". */
static bool is_panel(const struct debrief *db)
{
	return db->s->mode == SESSION_PANEL;
}

/* "Name: " before a contribution when the session has several people. */
static const char *who(struct debrief *db, struct doc *d, const struct entry *e)
{
	const char *name = person(db, d, e->participant);

	return name[0] ? doc_keep(d, xasprintf("%s: ", name)) : "";
}

static void own_reasoning(struct debrief *db, struct doc *d, const char *pid)
{
	bool any = false;

	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = ndm_display_order[i];
		for (size_t k = 0; k < db->s->nentries; k++) {
			const struct entry *e = &db->s->entries[k];
			if (e->stage != st || e->kind != ENTRY_PRINCIPLE || !e->principle ||
			    strcmp(e->principle, pid) != 0 || !tally_entry_counts(e))
				continue;
			any = true;
			doc_linef(d, A_NORMAL, 4, -1, "%s%s (%s):", who(db, d, e),
				  ndm_stage_info(st)->short_name,
				  e->stance ? stance_name(e->stance) : "no stance");
			doc_text(d, e->text, A_NORMAL, 6, -1);
		}
	}
	if (!any)
		doc_line(d, is_panel(db) ? "(no one recorded anything on this)"
					 : "(you recorded nothing on this)", term_attr(ROLE_DIM), 4, -1);
}

static void considerations(struct debrief *db, struct doc *d)
{
	const struct pack_scenario *sc = db->s->scenario;

	if (!sc || !sc->nconsiderations)
		return;
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, is_panel(db) ? "The pack's considerations, beside the panel's reasoning"
				 : "The pack's considerations, beside your reasoning",
		 term_attr(ROLE_EMPH), 0, -1);
	for (size_t c = 0; c < sc->nconsiderations; c++) {
		const struct pack_consideration *pc = &sc->considerations[c];
		struct buf b = {0};
		for (size_t p = 0; p < pc->nprinciples; p++)
			buf_printf(&b, "%s%s", p ? ", " : "On ",
				   tally_principle_name(db->s, pc->principles[p]));
		doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_EMPH), 2, -1);
		doc_para(d, pc->text, A_NORMAL, 4, -1);
		for (size_t p = 0; p < pc->nprinciples; p++) {
			doc_linef(d, term_attr(ROLE_DIM), 2, -1, "%s reasoning on %s:",
				  is_panel(db) ? "The panel's" : "Your",
				  tally_principle_name(db->s, pc->principles[p]));
			own_reasoning(db, d, pc->principles[p]);
		}
	}
}

static void list_kind(struct debrief *db, struct doc *d, enum entry_kind kind, const char *title)
{
	const struct entry **l = NULL;
	size_t n = tally_list(db->s, kind, true, &l);

	doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "%s (%zu)", title, n);
	for (size_t i = 0; i < n; i++)
		doc_text(d, doc_keep(d, xasprintf("%zu. %s%s", i + 1, who(db, d, l[i]), l[i]->text)),
			 A_NORMAL, 2, -1);
	free(l);
}

/* Every entry of @kind that counts, attributed when there are several
 * people; "(not recorded)" when there is none. */
static void texts_of(struct debrief *db, struct doc *d, enum entry_kind kind, const char *title)
{
	const struct entry **l = NULL;
	size_t n = tally_list(db->s, kind, true, &l);

	doc_line(d, title, term_attr(ROLE_EMPH), 0, -1);
	for (size_t i = 0; i < n; i++) {
		const char *w = who(db, d, l[i]);
		if (w[0])
			doc_line(d, w, term_attr(ROLE_DIM), 2, -1);
		doc_text(d, l[i]->text, A_NORMAL, 2, -1);
	}
	if (!n)
		doc_line(d, "(not recorded)", term_attr(ROLE_DIM), 2, -1);
	free(l);
}

static void decision(struct debrief *db, struct doc *d)
{
	const struct entry *e = tally_decision(db->s);

	doc_line(d, "Decision", term_attr(ROLE_EMPH), 0, -1);
	if (e)
		doc_text(d, doc_keep(d, xasprintf("%s%s", who(db, d, e), e->text)), A_NORMAL, 2, -1);
	else
		doc_line(d, "(not recorded)", term_attr(ROLE_DIM), 2, -1);
}

/* ---- a panel's debrief, and the solo trainee's facilitator notes ---- */

/* Who took part, with their roles. */
static void attendance(struct debrief *db, struct doc *d)
{
	struct buf b = {0};
	enum participant_role r;

	for (size_t i = 0; i < db->s->nparticipants; i++) {
		const struct participant *p = &db->s->participants[i];
		buf_puts(&b, i ? ", " : "Panel: ");
		if (p->name[0])
			buf_puts(&b, p->name);
		else
			buf_printf(&b, "Participant %lld", (long long)p->number);
		if (p->role[0])
			buf_printf(&b, " (%s)", participant_role_from_id(p->role, &r)
							? participant_role_name(r) : p->role);
	}
	if (!b.len)
		buf_puts(&b, "Panel: no participants recorded");
	doc_text(d, doc_keep(d, buf_steal(&b)), A_NORMAL, 0, -1);
}

/* The recommendations numbered, each with its owner. */
static void recommendations(struct debrief *db, struct doc *d)
{
	const struct entry **l = NULL;
	size_t n = tally_list(db->s, ENTRY_RECOMMENDATION, true, &l);

	doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Recommendations (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		const char *owner = l[i]->owner && !str_blank(l[i]->owner) ? l[i]->owner : NULL;
		doc_text(d, doc_keep(d, xasprintf("%zu. %s%s", i + 1, who(db, d, l[i]), l[i]->text)),
			 A_NORMAL, 2, -1);
		doc_text(d, doc_keep(d, xasprintf("Owner: %s", owner ? owner : "none named")),
			 owner ? (int)A_NORMAL : term_attr(ROLE_DIM), 5, -1);
	}
	free(l);
}

/* Each ballot: how many voted, and once revealed a bar of the votes for
 * each option with its counts. Until then no count is shown, here as on
 * every screen. */
static void ballots(struct debrief *db, struct doc *d)
{
	struct tally_ballot *bl = NULL;
	size_t nb = tally_ballots(db->s, &bl);

	if (!nb)
		goto done;
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Ballots (%zu)", nb);
	for (size_t i = 0; i < nb; i++) {
		const struct tally_ballot *t = &bl[i];
		const char *kind = t->opened_at[0] ? ballot_kind_name(t->kind) : "Votes recorded";
		if (!t->revealed) {
			doc_text(d, doc_keep(d, xasprintf("Ballot %lld, %s: not revealed; %zu of %zu "
							  "voted", (long long)t->number, kind,
							  t->voters, t->eligible)),
				 A_NORMAL, 2, -1);
			continue;
		}
		char revealed[TIME_LOCAL_LEN];
		time_local(t->revealed_at, revealed);
		doc_text(d, doc_keep(d, xasprintf("Ballot %lld, %s: revealed %s; %zu of %zu voted",
						  (long long)t->number, kind, revealed,
						  t->voters, t->eligible)),
			 A_NORMAL, 2, -1);
		char **lines = NULL;
		size_t n = ballot_chart(db->s, t, BALLOT_LABEL_TEXT,
					d->width > 8 ? (size_t)d->width - 4 : 4, &lines);
		for (size_t k = 0; k < n; k++)
			doc_line(d, doc_keep(d, lines[k]), A_NORMAL, 4, -1);
		free(lines);
	}
done:
	tally_ballots_free(bl, nb);
}

/* Each participant's stance on each principle considered, stage by stage:
 * "Openness: Ann (Upholds) · Ben (In tension)". */
static void stances(struct debrief *db, struct doc *d)
{
	const struct session *s = db->s;
	bool any = false;

	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "Stances by participant", term_attr(ROLE_EMPH), 0, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = ndm_display_order[i];
		const char **ids = NULL;
		size_t n = tally_principles_at(s, st, &ids);
		if (n)
			doc_line(d, ndm_stage_info(st)->name, term_attr(ROLE_DIM), 2, -1);
		for (size_t p = 0; p < n; p++) {
			struct buf b = {0};
			bool first = true;
			buf_printf(&b, "%s:", tally_principle_name(s, ids[p]));
			/* every participant in order, then what is attributed to no one */
			for (size_t k = 0; k <= s->nparticipants; k++) {
				int64_t num = k < s->nparticipants ? s->participants[k].number : 0;
				struct tally_stance t;
				if (!tally_stance_of(s, st, ids[p], num, &t))
					continue;
				const char *name = num ? person(db, d, num) : "";
				buf_printf(&b, "%s %s (%s)", first ? "" : " \xC2\xB7",
					   name[0] ? name : "not attributed",
					   t.stance ? stance_name(t.stance) : "reasons, no stance");
				first = false;
			}
			doc_text(d, doc_keep(d, buf_steal(&b)), A_NORMAL, 4, -1);
		}
		any |= n > 0;
		free(ids);
	}
	if (!any)
		doc_line(d, "(no one recorded anything on a principle)", term_attr(ROLE_DIM), 2, -1);
}

/* The discussion at each stage in the order spoken, each contribution
 * under its speaker's name. */
static void discussion(struct debrief *db, struct doc *d)
{
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "The discussion by stage, in the order spoken", term_attr(ROLE_EMPH), 0, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = ndm_display_order[i];
		const struct entry **l = NULL;
		size_t n = tally_discussion(db->s, st, &l);
		doc_line(d, ndm_stage_info(st)->name, term_attr(ROLE_DIM), 2, -1);
		for (size_t k = 0; k < n; k++) {
			const struct entry *e = l[k];
			const char *name = person(db, d, e->participant);
			struct buf b = {0};
			buf_puts(&b, name[0] ? name : e->kind == ENTRY_PRINCIPLE ? "Not attributed" : "");
			if (e->kind == ENTRY_PRINCIPLE) {
				buf_printf(&b, " on %s", tally_principle_name(db->s, e->principle));
				if (e->stance)
					buf_printf(&b, " (%s)", stance_name(e->stance));
			}
			if (!str_blank(e->text))
				buf_printf(&b, "%s%s", b.len ? ": " : "", e->text);
			doc_text(d, doc_keep(d, buf_steal(&b)), A_NORMAL, 4, -1);
		}
		if (!n)
			doc_line(d, "(nothing said)", term_attr(ROLE_DIM), 4, -1);
		free(l);
	}
}

/* A solo trainee, once finished, sees what the facilitator notes tell a
 * panel's facilitator to listen for. */
static void facilitator_notes(struct debrief *db, struct doc *d)
{
	const struct pack_scenario *sc = db->s->scenario;

	if (is_panel(db) || db->s->status != SESSION_FINISHED || !sc || !sc->notes ||
	    str_blank(sc->notes))
		return;
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "What panels tend to miss", term_attr(ROLE_EMPH), 0, -1);
	doc_para(d, sc->notes, A_NORMAL, 2, -1);
}

static void own_stages(struct debrief *db, struct doc *d);

/* A finished session beside the others on its scenario (stats_peers): how
 * many of them chose as it did, and what most of them considered that it
 * did not. */
static void comparison(struct debrief *db, struct doc *d)
{
	const struct stats *pe = db->peers;
	const char *who = is_panel(db) ? "the panel" : "you";
	struct stats_gap gaps[3];
	size_t n;

	if (db->s->status != SESSION_FINISHED)
		return;
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "Compared with the others on this scenario", term_attr(ROLE_EMPH), 0, -1);
	if (!pe) {
		doc_text(d, doc_keep(d, xasprintf("The other sessions cannot be read: %s",
						  db->peers_error)), term_attr(ROLE_ERROR), 2, -1);
		return;
	}
	if (!pe->sessions) {
		doc_text(d, "No other finished session on this scenario to compare with yet.",
			 term_attr(ROLE_DIM), 2, -1);
		return;
	}
	const struct stats_choice *c = stats_choice_of(&pe->scenarios[0], db->s);
	size_t same = c ? c->sessions : 0;
	int64_t mine = c ? c->pack_option : tally_decision(db->s) ? STATS_OWN_WORDING
								: STATS_NO_DECISION;
	const char *cohort = db->s->cohort ? db->s->cohort : "";
	char *group = pe->cohort
		? xasprintf("Of %zu other finished session%s on this scenario in cohort %s",
			    pe->sessions, pe->sessions == 1 ? "" : "s", pe->cohort)
		: xasprintf("Of %zu other finished session%s on this scenario%s%s%s", pe->sessions,
			    pe->sessions == 1 ? "" : "s", cohort[0] ? " (in every cohort: no other of " : "",
			    cohort, cohort[0] ? " has finished it)" : "");
	double share = 100.0 * (double)same / (double)pe->sessions;
	if (mine > 0)
		doc_text(d, doc_keep(d, xasprintf("%s, %.0f%% (%zu) chose the option %s chose.", group,
						  share, same, who)), A_NORMAL, 2, -1);
	else if (mine == STATS_OWN_WORDING)
		doc_text(d, doc_keep(d, xasprintf("%s, %.0f%% (%zu) also decided in their own words,"
						  " as %s did.", group, share, same, who)),
			 A_NORMAL, 2, -1);
	else
		doc_text(d, doc_keep(d, xasprintf("%s, %.0f%% (%zu) also recorded no decision.",
						  group, share, same)), A_NORMAL, 2, -1);
	free(group);
	n = stats_missed(pe, db->s, gaps, ALEN(gaps));
	for (size_t i = 0; i < n; i++)
		doc_text(d, doc_keep(d, xasprintf("%.0f%% (%zu) considered %s at the %s stage; %s did"
						  " not.", 100.0 * (double)gaps[i].considered /
						  (double)gaps[i].principle->sessions,
						  gaps[i].considered, gaps[i].principle->name,
						  ndm_stage_info(gaps[i].stage)->short_name, who)),
			 A_NORMAL, 2, -1);
	if (!n)
		doc_text(d, doc_keep(d, xasprintf("Whatever half of them or more considered at a stage,"
						  " %s considered there too.", who)),
			 A_NORMAL, 2, -1);
}

static void build(struct debrief *db, struct doc *d)
{
	const struct session *s = db->s;
	char clock[16], started[TIME_LOCAL_LEN], finished[TIME_LOCAL_LEN];

	doc_text(d, doc_keep(d, xasprintf("Debrief: %s", s->scenario_title)), term_attr(ROLE_EMPH),
		 0, -1);
	time_local(s->started_at, started);
	time_local(s->finished_at, finished);
	text_clock(tally_total_seconds(s), clock, sizeof(clock));
	doc_text(d, doc_keep(d, xasprintf("%s%s%s; started %s; %s%s; %s", s->label,
					  s->cohort && s->cohort[0] ? ", cohort " : "",
					  s->cohort ? s->cohort : "", started,
					  s->status == SESSION_FINISHED ? "finished " : "open",
					  s->status == SESSION_FINISHED ? finished : "", clock)),
		 term_attr(ROLE_DIM), 0, -1);
	if (is_panel(db))
		attendance(db, d);
	doc_line(d, "", A_NORMAL, 0, -1);
	grid(db, d);
	doc_line(d, "", A_NORMAL, 0, -1);
	decision(db, d);
	texts_of(db, d, ENTRY_RATIONALE, "Rationale: what I did and why");
	texts_of(db, d, ENTRY_REVIEW, "Review: what happened, what I would do differently");
	if (is_panel(db)) {
		texts_of(db, d, ENTRY_OUTCOME, "Outcome: the panel's advice or conclusion");
		recommendations(db, d);
	}
	comparison(db, d);
	doc_line(d, "", A_NORMAL, 0, -1);
	list_kind(db, d, ENTRY_OPTION, "Options");
	list_kind(db, d, ENTRY_CONTINGENCY, "Contingencies");
	ballots(db, d);
	considerations(db, d);
	if (is_panel(db)) {
		stances(db, d);
		discussion(db, d);
	} else {
		own_stages(db, d);
		facilitator_notes(db, d);
	}
}

/* A trainee's reasoning, stage by stage. */
static void own_stages(struct debrief *db, struct doc *d)
{
	const struct session *s = db->s;

	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "Your reasoning by stage", term_attr(ROLE_EMPH), 0, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = ndm_display_order[i];
		bool any = false;
		doc_linef(d, term_attr(ROLE_DIM), 2, -1, "%s", ndm_stage_info(st)->name);
		/* what was written at the stage: its reasoning, and its options,
		 * decision, rationale and review under their names (principles
		 * have their own section) */
		for (size_t k = 0; k < s->nentries; k++) {
			const struct entry *e = &s->entries[k];
			if (e->stage != st || e->kind == ENTRY_PRINCIPLE || !tally_entry_counts(e))
				continue;
			doc_text(d, doc_keep(d, xasprintf("%s%s%s%s", who(db, d, e),
							  e->kind == ENTRY_NOTE ? "" :
							  entry_kind_name(e->kind),
							  e->kind == ENTRY_NOTE ? "" : ": ", e->text)),
				 A_NORMAL, 4, -1);
			any = true;
		}
		if (!any)
			doc_line(d, "(nothing written)", term_attr(ROLE_DIM), 4, -1);
	}
}

static struct rect body_of(const struct debrief *db)
{
	return (struct rect){db->l.body.y, db->l.body.x + 1, db->l.body.h, db->l.body.w - 2};
}

static void debrief_layout(struct app *app, void *self, int cols, int lines)
{
	struct debrief *db = self;
	struct rect body;

	layout_doc(cols, lines, &db->l);
	body = body_of(db);
	doc_reset(&db->d, body.w);
	build(db, &db->d);
	db->top = doc_clamp(&db->d, db->top, body.h);
}

static void debrief_draw(struct app *app, void *self, int cols, int lines)
{
	struct debrief *db = self;
	char left[512];

	snprintf(left, sizeof(left), "Debrief | %s | %s", db->s->label, db->s->scenario_title);
	draw_header(cols, left, db->s->status == SESSION_FINISHED ? "finished" : "open",
		    term_attr(ROLE_HEADER));
	struct rect body = body_of(db);

	doc_draw(&db->d, body, db->top, -1, 0);
	app_footer_more(app, cols, lines, SCOPE_DEBRIEF, db->top > 0,
			db->d.n > db->top + (size_t)body.h);
}

static void debrief_navigate(struct app *app, void *self, enum nav nav)
{
	struct debrief *db = self;
	size_t page = db->l.body.h > 2 ? (size_t)db->l.body.h - 1 : 1;

	db->top = nav_move(db->top, db->d.n, page, nav); /* clamped when laid out */
}

/* Back to the workspace on this session; a finished one is reopened. */
static void resume(struct app *app, struct debrief *db)
{
	struct conduct *c = conduct_open(app->store, db->s, app_now_ms);
	struct screen_arg arg = {.conduct = c};

	db->s = NULL; /* the conduct has it now */
	if (c->s->status == SESSION_FINISHED && !conduct_reopen(c)) {
		app_message(app, true, "Cannot reopen the session: %s", c->err.message);
		db->s = conduct_detach(c); /* still the debrief's */
		return;
	}
	if (!app_replace(app, SCREEN_WORKSPACE, &arg))
		conduct_close(c);
}

static void debrief_key(struct app *app, void *self, enum action a, int key,
			const struct buf *paste)
{
	struct debrief *db = self;

	switch (a) {
	case ACT_BACK:
		app_back(app);
		break;
	case ACT_REPORT:
		action_report(app, db->s->id);
		break;
	case ACT_EXPORT:
		action_export(app, db->s->id);
		break;
	case ACT_RESUME:
		resume(app, db);
		break;
	default:
		break;
	}
}

static enum key_scope_index debrief_scope(void *self)
{
	return SCOPE_DEBRIEF;
}

const struct screen_ops debrief_screen = {
	.name = "debrief",
	.scope = debrief_scope,
	.open = debrief_open,
	.close = debrief_close,
	.layout = debrief_layout,
	.draw = debrief_draw,
	.key = debrief_key,
	.navigate = debrief_navigate,
};
