/*
 * ballot.c - a secret ballot on the facilitator's keyboard: the keyboard
 * passes from member to member; between two members the screen shows only
 * whose turn it is, and during a member's turn only that member's name and
 * the options with the marks they are making. No one else's vote and no
 * running count is ever drawn here. Each member's ballot is saved whole
 * when they cast it (conduct_cast), so a crash loses no cast vote.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dilemma/conduct.h"
#include "dilemma/tally.h"
#include "draw.h"
#include "term.h"

/* A mark not made yet. */
#define NO_MARK 2

struct ballot_screen {
	struct conduct *c;     /* the workspace's: borrowed */
	int64_t number;
	int64_t *members;      /* those who vote, in the session's order */
	size_t nmembers, at;   /* whose turn */
	bool voting;           /* the member has the keyboard (else: handing over) */
	int64_t *options;      /* what the ballot is on, in order */
	size_t noptions, sel;
	int *marks;            /* per option: 1, -1, 0 or NO_MARK */
	size_t cast;           /* ballots cast in this round */
};

static void *ballot_open(struct app *app, const struct screen_arg *arg)
{
	struct conduct *c = arg->conduct;
	struct tally_ballot *b = NULL;
	size_t nb;
	struct ballot_screen *bs;

	if (!c || !tally_open_ballot(c->s)) {
		app_message(app, false, "No secret ballot is open (v opens one).");
		return NULL;
	}
	nb = tally_ballots(c->s, &b);
	bs = xcalloc(1, sizeof(*bs));
	bs->c = c;
	bs->number = b[nb - 1].number;
	bs->options = xcalloc(b[nb - 1].noptions + 1, sizeof(*bs->options));
	bs->marks = xcalloc(b[nb - 1].noptions + 1, sizeof(*bs->marks));
	for (size_t i = 0; i < b[nb - 1].noptions; i++)
		bs->options[bs->noptions++] = b[nb - 1].options[i].option;
	tally_ballots_free(b, nb);
	bs->members = xcalloc(c->s->nparticipants + 1, sizeof(*bs->members));
	for (size_t i = 0; i < c->s->nparticipants; i++)
		if (participant_role_votes(c->s->participants[i].role))
			bs->members[bs->nmembers++] = c->s->participants[i].number;
	if (!bs->nmembers || !bs->noptions) {
		app_message(app, false, "This ballot has no one to vote or nothing to vote on.");
		free(bs->options);
		free(bs->marks);
		free(bs->members);
		free(bs);
		return NULL;
	}
	return bs;
}

static void ballot_close(struct app *app, void *self)
{
	struct ballot_screen *bs = self;

	free(bs->options);
	free(bs->marks);
	free(bs->members);
	free(bs);
}

static const struct participant *member(const struct ballot_screen *bs)
{
	return session_participant(bs->c->s, bs->members[bs->at]);
}

/* The next member's turn, or back to the workspace after the last. */
static void next_member(struct app *app, struct ballot_screen *bs)
{
	bs->voting = false;
	if (++bs->at < bs->nmembers)
		return;
	app_message(app, false, "Ballot %lld: %zu ballot%s cast in this round. R reveals, v"
		    " goes on.", (long long)bs->number, bs->cast, bs->cast == 1 ? "" : "s");
	app_back(app);
}

static void cast(struct app *app, struct ballot_screen *bs)
{
	struct ballot_mark *m = xcalloc(bs->noptions + 1, sizeof(*m));
	size_t n = 0;

	for (size_t i = 0; i < bs->noptions; i++)
		if (bs->marks[i] != NO_MARK)
			m[n++] = (struct ballot_mark){bs->options[i], bs->marks[i]};
	if (!n) {
		free(m);
		app_message(app, false, "No mark made: f for, x against, a abstain (Esc skips).");
		return;
	}
	if (!conduct_cast(bs->c, member(bs)->number, m, n)) {
		free(m);
		app_message(app, true, "Not cast: %s. Enter tries again.", bs->c->err.message);
		return;
	}
	free(m);
	bs->cast++;
	next_member(app, bs);
}

static void begin_turn(struct ballot_screen *bs)
{
	bs->voting = true;
	bs->sel = 0;
	for (size_t i = 0; i < bs->noptions; i++)
		bs->marks[i] = NO_MARK;
}

static void ballot_key(struct app *app, void *self, enum action a, int key,
		       const struct buf *paste)
{
	struct ballot_screen *bs = self;

	switch (a) {
	case ACT_BACK:
		app_message(app, false, "Ballot %lld stays open: v goes on, R reveals.",
			    (long long)bs->number);
		app_back(app);
		return;
	case ACT_SKIP:
		next_member(app, bs);
		return;
	case ACT_CAST:
		if (bs->voting)
			cast(app, bs);
		else
			begin_turn(bs);
		return;
	case ACT_MARK_FOR:
	case ACT_MARK_AGAINST:
	case ACT_MARK_ABSTAIN:
		if (bs->voting)
			bs->marks[bs->sel] = a == ACT_MARK_FOR ? 1 : a == ACT_MARK_AGAINST ? -1 : 0;
		return;
	default:
		return;
	}
}

static void ballot_navigate(struct app *app, void *self, enum nav nav)
{
	struct ballot_screen *bs = self;

	if (bs->voting)
		bs->sel = nav_move(bs->sel, bs->noptions, bs->noptions, nav);
}

static void ballot_layout(struct app *app, void *self, int cols, int lines)
{
}

static void ballot_draw(struct app *app, void *self, int cols, int lines)
{
	struct ballot_screen *bs = self;
	const struct participant *p = member(bs);
	char title[96];
	int y = 3, x = cols > 70 ? (cols - 66) / 2 : 2, w = cols - 2 * x;

	snprintf(title, sizeof(title), "Secret ballot %lld", (long long)bs->number);
	draw_header(cols, title, NULL, 0);
	if (!bs->voting) {
		draw_cstr(lines / 2 - 2, x, w, "Pass the keyboard to", A_NORMAL);
		draw_fmt(lines / 2, x, w, term_attr(ROLE_EMPH), "%s%s%s%s", p->name,
			 p->role[0] ? " (" : "", p->role, p->role[0] ? ")" : "");
		draw_fmt(lines / 2 + 2, x, w, term_attr(ROLE_DIM),
			 "%s: press Enter when you are ready. (Esc skips you.)", p->name);
	} else {
		static const char *const marks[] = {"against", "abstain", "for"};
		draw_fmt(y, x, w, term_attr(ROLE_EMPH), "%s's ballot", p->name);
		y += 2;
		for (size_t i = 0; i < bs->noptions && y < lines - 3; i++) {
			const struct entry *e = session_entry(bs->c->s, bs->options[i]);
			int attr = i == bs->sel ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;
			const char *m = bs->marks[i] == NO_MARK ? "" : marks[bs->marks[i] + 1];
			draw_fill((struct rect){y, x, 1, w}, attr);
			draw_fmt(y++, x, w, attr, "[%-7s] %s%zu. %s", m,
				 e && e->kind == ENTRY_CONTINGENCY ? "Contingency " : "", i + 1,
				 e ? e->text : "?");
		}
		draw_cstr(y + 1, x, w, "Up/Down choose an option; f for, x against, a abstain;"
			  " Enter casts your ballot.", term_attr(ROLE_DIM));
	}
	app_footer(app, cols, lines, SCOPE_BALLOT, NULL, false);
	draw_cursor_y = -1;
}

static enum key_scope_index ballot_scope(void *self)
{
	return SCOPE_BALLOT;
}

const struct screen_ops ballot_screen = {
	.name = "ballot",
	.scope = ballot_scope,
	.open = ballot_open,
	.close = ballot_close,
	.layout = ballot_layout,
	.draw = ballot_draw,
	.key = ballot_key,
	.navigate = ballot_navigate,
};
