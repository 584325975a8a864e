/*
 * ws_panel.c - what a panel's facilitator does in the workspace besides
 * writing: choosing who speaks, releasing injects held back, running
 * ballots and revealing them, keeping the time-box (pause, add a minute,
 * the bell when it runs out), showing the facilitator notes, and naming
 * who owns a recommendation. The rules are conduct's; this file asks the
 * facilitator and says what happened.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "dilemma/tally.h"
#include "panel_dialogs.h"
#include "text.h"
#include "workspace.h"

void ws_clock_text(const struct ws *ws, const char *now, char *out, size_t size)
{
	struct tally_clock k;
	char t[16];

	tally_stage_clock(ws->c->s, ws->c->stage, now, &k);
	if (!k.budget) {
		out[0] = '\0';
		return;
	}
	text_clock(k.left >= 0 ? k.left : -k.left, t, sizeof(t));
	snprintf(out, size, "%s%s %s%s", k.left >= 0 ? "" : "+", t, k.left >= 0 ? "left" : "over",
		 k.paused ? " paused" : "");
}

void ws_clock_tick(struct app *app, struct ws *ws)
{
	struct tally_clock k;
	enum ndm_stage st = ws->c->stage;
	char now[SESSION_TIME_LEN];

	if (!ws_panel(ws))
		return;
	time_now_iso(now);
	tally_stage_clock(ws->c->s, st, now, &k);
	if (!k.budget || k.left > 0) {
		ws->rung[st] = false; /* time was added: ring again when it runs out */
		return;
	}
	if (ws->rung[st] || !k.running)
		return;
	ws->rung[st] = true;
	if (!app->no_bell)
		beep();
	app_message(app, true, "The time-box of this stage has run out. The panel goes on"
		    " when you say so (+ adds a minute, P pauses).");
}

static void pick_speaker(struct app *app, struct ws *ws)
{
	int64_t who = speaker_dialog(app, ws->c->s, ws->c->speaker);
	char name[64];

	if (!who || who == ws->c->speaker)
		return;
	ws_leave_editor(ws); /* what was typed is the last speaker's */
	if (!conduct_set_speaker(ws->c, who))
		app_message(app, true, "%s", ws->c->err.message);
	else
		app_message(app, false, "%s is speaking.", ws_person(ws, who, name, sizeof(name)));
}

static void release_inject(struct app *app, struct ws *ws)
{
	size_t i;

	if (!conduct_release_next_inject(ws->c, &i)) {
		app_message(app, ws->c->err.code != STORE_NOT_FOUND, "%s", ws->c->err.message);
		return;
	}
	ws->show_inject = true;
	ws->show_notes = false;
	app_message(app, false, "NEW information released (%s): see the scenario pane.",
		    ndm_stage_info(ws->c->sc->injects[i].stage)->short_name);
}

/* Go on with ballot @number (of @kind): a member at a time, or the counts. */
static void run_ballot(struct app *app, struct ws *ws, enum ballot_kind kind)
{
	if (kind == BALLOT_HANDS) {
		hands_dialog(app, ws->c);
		ws->show_ballot = true;
		return;
	}
	struct screen_arg arg = {.conduct = ws->c};
	app_open(app, SCREEN_BALLOT, &arg);
}

static void ballot(struct app *app, struct ws *ws)
{
	static const char *const kinds[] = {
		"Secret ballot: the keyboard passes from member to member",
		"Show of hands: type the counts for each option",
	};
	struct tally_ballot *b = NULL;
	size_t n = tally_ballots(ws->c->s, &b);
	const struct entry **l = NULL;
	size_t nopts = tally_list(ws->c->s, ENTRY_OPTION, true, &l), ncons;
	bool contingencies = false;
	int64_t number;
	int k;

	free(l);
	ncons = tally_list(ws->c->s, ENTRY_CONTINGENCY, true, &l);
	free(l);
	if (n && !b[n - 1].revealed) {
		enum ballot_kind kind = b[n - 1].kind;
		tally_ballots_free(b, n);
		run_ballot(app, ws, kind);
		return;
	}
	tally_ballots_free(b, n);
	ws_leave_editor(ws);
	if (!nopts) {
		app_message(app, false, "There is nothing to vote on yet: add options at stage 4.");
		return;
	}
	k = dialog_choose(app, "Open a ballot on the options", kinds, ALEN(kinds), 0);
	if (k < 0)
		return;
	if (ncons)
		contingencies = dialog_confirm(app, "Contingencies", "Vote on the contingencies too?"
					       " (y takes them in, n the options only)");
	if (!conduct_open_ballot(ws->c, (enum ballot_kind)k, contingencies, &number)) {
		app_message(app, true, "No ballot opened: %s", ws->c->err.message);
		return;
	}
	if (ws->c->stage != NDM_OPTIONS)
		app_message(app, false, "Ballot %lld opened: its status is at stage 4.",
			    (long long)number);
	run_ballot(app, ws, (enum ballot_kind)k);
}

static void reveal(struct app *app, struct ws *ws)
{
	int64_t open = tally_open_ballot(ws->c->s);
	char *q;
	bool yes;

	if (!open) {
		app_message(app, false, "No ballot is open (v opens one).");
		return;
	}
	q = xasprintf("Reveal the results of ballot %lld to the room? Once shown, they are"
		      " shown.", (long long)open);
	yes = dialog_confirm(app, "Reveal", q);
	free(q);
	if (!yes)
		return;
	if (!conduct_reveal(ws->c)) {
		app_message(app, true, "Not revealed: %s", ws->c->err.message);
		return;
	}
	app_message(app, false, "Ballot %lld revealed%s.", (long long)open,
		    ws->c->stage == NDM_OPTIONS ? "" : ": the results are at stage 4 (press 4)");
	ws->show_ballot = true;
}

static void clock_key(struct app *app, struct ws *ws, enum action a)
{
	struct tally_clock k;
	bool ok;

	tally_stage_clock(ws->c->s, ws->c->stage, NULL, &k);
	if (a == ACT_ADD_TIME)
		ok = conduct_add_time(ws->c, 60);
	else
		ok = k.paused ? conduct_resume_clock(ws->c) : conduct_pause_clock(ws->c);
	if (!ok)
		app_message(app, true, "The clock did not change: %s", ws->c->err.message);
	else if (a == ACT_ADD_TIME)
		app_message(app, false, "A minute added to this stage's time-box.");
	else
		app_message(app, false, k.paused ? "The clock runs again." : "The clock is paused.");
}

static void owner(struct app *app, struct ws *ws)
{
	const struct item *it = ws->item_sel < ws->nitems ? &ws->items[ws->item_sel] : NULL;
	const struct entry *e;
	char *name;

	if (ws->pane != WP_STAGE || !it || it->type != IT_LISTED ||
	    it->key.kind != ENTRY_RECOMMENDATION || it->key.id <= 0) {
		app_message(app, false, "Select a saved recommendation first (stage 5).");
		return;
	}
	/* the id, not the item: the dialog's redraws rebuild the items */
	int64_t id = it->key.id;
	e = session_entry(ws->c->s, id);
	name = dialog_input(app, "Owner", "Who is to act on this recommendation (empty: nobody"
			    " named)?", e && e->owner ? e->owner : "");
	if (!name)
		return;
	if (!conduct_set_owner(ws->c, id, str_blank(name) ? "" : name))
		app_message(app, true, "Not saved: %s", ws->c->err.message);
	free(name);
}

/* The room's view on this terminal, for a room with one screen: what is
 * typed is saved first, as the view reads the session from the database. */
static void present(struct app *app, struct ws *ws)
{
	char id[SESSION_ID_LEN];
	struct screen_arg arg = {.session_id = id};

	ws_leave_editor(ws);
	memcpy(id, ws->c->s->id, sizeof(id));
	app_open(app, SCREEN_PRESENT, &arg);
}

bool ws_panel_key(struct app *app, struct ws *ws, enum action a)
{
	switch (a) {
	case ACT_SPEAKER: pick_speaker(app, ws); return true;
	case ACT_RELEASE_INJECT: release_inject(app, ws); return true;
	case ACT_BALLOT: ballot(app, ws); return true;
	case ACT_REVEAL: reveal(app, ws); return true;
	case ACT_CLOCK:
	case ACT_ADD_TIME: clock_key(app, ws, a); return true;
	case ACT_NOTES:
		ws->show_notes = !ws->show_notes;
		ws->sc_top = 0;
		return true;
	case ACT_OWNER: owner(app, ws); return true;
	case ACT_PRESENT: present(app, ws); return true;
	default: return false;
	}
}
