/*
 * present.c - the present view: what the room sees of a live session, on
 * a projector (`dilemma present SESSION` in a second terminal) or on the
 * facilitator's one screen (p in the workspace). It follows the session
 * from the database: every PRESENT_POLL_MS it asks the store whether
 * anything changed (store_data_version, which reads no table) and loads
 * the session again only when something did. While the database cannot
 * be read it keeps showing the last state it read and says so.
 *
 * What it shows is the scenario's own text (title, situation, question),
 * the injects released so far, the current stage with the NDM's questions
 * and the pack's prompts, the stage's clock, and the latest ballot: how
 * many have voted while it is open, its results once revealed. Nothing
 * anyone typed is shown (notes, reasoning, the label, names), nor the
 * facilitator notes, nor any count of a ballot not yet revealed; an option
 * is named by its number, with the pack's wording when it is the pack's.
 * Every answer comes from tally.h.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "dilemma/ballot_chart.h"
#include "dilemma/tally.h"
#include "doc.h"
#include "draw.h"
#include "term.h"
#include "text.h"

/* How often the store is asked whether the session changed: a change made
 * in another window shows within a second. */
#define PRESENT_POLL_MS 200
/* A failure to read must last this long before the view says it is
 * waiting: a writer folding its -wal into the file holds every reader
 * back for some milliseconds, which is no news for the room. */
#define PRESENT_WAIT_SHOWN_MS 1000
/* Document blocks of the scenario: one per released inject. */
#define INJECT_BLOCK(index) (1000 + (int)(index))
/* From this width the scenario and the live part stand side by side. */
#define PRESENT_WIDE_COLS 120

struct present {
	char id[SESSION_ID_LEN];  /* the full id: a prefix may become ambiguous */
	struct session *s;        /* the last state read */
	int64_t version;          /* store_data_version() when it was read */
	char waiting[640];        /* why the database cannot be read now, or "" */
	enum store_code wait_code;
	int64_t wait_since_ms;    /* when reading began to fail */
	bool wait_shown;          /* it has failed long enough to say so */
	char as_of[16];           /* when it was last known current, local time */
	bool alone;               /* the only screen: nothing to go back to */
	size_t injects_seen;      /* released injects at the last layout */
	struct rect live, sc;     /* the stage, clock and ballot; the scenario */
	bool more;                /* the scenario goes on below sc */
	struct doc d_live, d_sc;
	size_t sc_top;
};

/* ---- following the session ---- */

/* What is shown is known to be the session as it is now. */
static void current(struct present *p)
{
	time_t t = time(NULL);
	struct tm tm;

	p->waiting[0] = '\0';
	if (localtime_r(&t, &tm))
		strftime(p->as_of, sizeof(p->as_of), "%H:%M:%S", &tm);
}

/* Reading failed: keep what was read, and remember why and since when. */
static void wait_for(struct present *p, const struct store_error *err)
{
	if (!p->waiting[0])
		p->wait_since_ms = app_now_ms();
	snprintf(p->waiting, sizeof(p->waiting), "%s", err->message);
	p->wait_code = err->code;
}

/* Read the session again if it changed. The version is taken first, so a
 * change made while loading is seen at the next poll. */
static void follow(struct app *app, struct present *p)
{
	struct store_error err = {0};
	struct session *s;
	int64_t v;

	if (!store_data_version(app->store, &v, &err)) {
		wait_for(p, &err);
		return;
	}
	if (p->s && v == p->version) {
		current(p);
		return;
	}
	s = store_session_load(app->store, p->id, &err);
	if (!s) {
		wait_for(p, &err);
		return;
	}
	session_destroy(p->s);
	p->s = s;
	p->version = v;
	current(p);
}

/* ---- what is shown ---- */

/* "04:12 left", "+01:30 over", with ", paused"; "" without a time-box. */
static void clock_text(const struct session *s, enum ndm_stage stage, char *out, size_t size)
{
	struct tally_clock k;
	char now[SESSION_TIME_LEN], mmss[16];

	time_now_iso(now);
	tally_stage_clock(s, stage, now, &k);
	out[0] = '\0';
	if (!k.budget)
		return;
	text_clock(k.left < 0 ? -k.left : k.left, mmss, sizeof(mmss));
	snprintf(out, size, "%s%s %s%s", k.left < 0 ? "+" : "", mmss, k.left < 0 ? "over" : "left",
		 k.paused ? ", paused" : "");
}

/* The stage's name, and its clock at the right end of the same row when
 * both fit. */
static void stage_heading(struct doc *d, const struct session *s, enum ndm_stage stage)
{
	char clock[64];
	char *name = xasprintf("Stage %d: %s", (int)stage, ndm_stage_info(stage)->name);
	int nw = text_width(name, strlen(name));
	int cw;

	clock_text(s, stage, clock, sizeof(clock));
	cw = text_width(clock, strlen(clock));
	if (!clock[0]) {
		doc_text(d, doc_keep(d, name), term_attr(ROLE_EMPH), 0, -1);
	} else if (nw + 3 + cw <= d->width) {
		doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "%s%*s%s", name, d->width - nw - cw, "",
			  clock);
		free(name);
	} else {
		doc_text(d, doc_keep(d, name), term_attr(ROLE_EMPH), 0, -1);
		doc_line(d, doc_keep(d, xstrdup(clock)), term_attr(ROLE_EMPH), 0, -1);
	}
}

static void results(struct doc *d, const struct session *s, const struct tally_ballot *b)
{
	char **lines = NULL;
	size_t n;

	doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Ballot %lld results", (long long)b->number);
	if (!b->noptions)
		doc_line(d, "There were no options on this ballot.", term_attr(ROLE_DIM), 0, -1);
	/* the options by their place, or the pack's own wording: never
	 * anyone's words on the projector */
	n = ballot_chart(s, b, BALLOT_LABEL_PLACE, (size_t)d->width, &lines);
	for (size_t i = 0; i < n; i++)
		doc_line(d, doc_keep(d, lines[i]), A_NORMAL, 0, -1);
	free(lines);
	if (b->noptions)
		doc_text(d, "A bar is the votes for, out of all who voted.", term_attr(ROLE_DIM),
			 0, -1);
	for (size_t i = 0; i < b->noptions; i++)
		if (b->options[i].option == b->majority)
			doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Most votes for: %s",
				  doc_keep(d, ballot_option_label(s, b, i, BALLOT_LABEL_PLACE)));
	for (size_t i = 0; i < b->noptions; i++) {
		const char *w = ballot_option_wording(s, b, i);
		if (w)
			doc_para(d, doc_keep(d, xasprintf("%s: %s", doc_keep(d,
				 ballot_option_label(s, b, i, BALLOT_LABEL_PLACE)), w)),
				 term_attr(ROLE_DIM), 0, -1);
	}
}

/* The latest ballot: while it is not revealed only how many have voted,
 * never a count for any option; once revealed, its results. */
static bool ballot(struct doc *d, const struct session *s)
{
	struct tally_ballot *b = NULL;
	size_t n = tally_ballots(s, &b);
	bool revealed = false;

	if (n) {
		const struct tally_ballot *last = &b[n - 1];
		revealed = last->revealed;
		doc_line(d, "", A_NORMAL, 0, -1);
		if (revealed)
			results(d, s, last);
		else if (tally_open_ballot(s) == last->number)
			doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Ballot %lld open: %zu of %zu voted",
				  (long long)last->number, last->voters, last->eligible);
		else
			doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "Ballot %lld: %zu of %zu voted,"
				  " not revealed", (long long)last->number, last->voters,
				  last->eligible);
		if (!revealed)
			doc_line(d, ballot_kind_name(last->kind), term_attr(ROLE_DIM), 0, -1);
	}
	tally_ballots_free(b, n);
	return revealed;
}

/* "- @text", its wrapped rows hanging under the text. */
static void bullet(struct doc *d, const char *text)
{
	size_t first = d->n;

	doc_para(d, doc_keep(d, xasprintf("- %s", text)), A_NORMAL, 2, -1);
	if (first < d->n)
		d->rows[first].indent = 0;
}

static void questions(struct doc *d, const struct session *s, enum ndm_stage stage)
{
	const struct ndm_stage_info *info = ndm_stage_info(stage);
	const struct pack_scenario *sc = s->scenario;

	doc_line(d, "", A_NORMAL, 0, -1);
	for (size_t q = 0; info->questions[q]; q++)
		bullet(d, info->questions[q]);
	for (size_t q = 0; sc && q < sc->nprompts[stage]; q++)
		bullet(d, sc->prompts[stage][q]);
}

/* The live part: finished or not, the stage and its clock, the ballot,
 * the stage's questions (last: they are what is cut when space is
 * short). True when a ballot's results are shown. */
static bool build_live(struct present *p, int width)
{
	const struct session *s = p->s;
	int stage = tally_last_stage(s);
	bool revealed;

	doc_reset(&p->d_live, width);
	if (s->status == SESSION_FINISHED) {
		doc_line(&p->d_live, "This session has finished.", term_attr(ROLE_NEW), 0, -1);
		doc_line(&p->d_live, "", A_NORMAL, 0, -1);
	}
	if (stage < 0)
		doc_line(&p->d_live, "The panel has not begun a stage yet.", term_attr(ROLE_DIM), 0,
			 -1);
	else
		stage_heading(&p->d_live, s, (enum ndm_stage)stage);
	revealed = ballot(&p->d_live, s);
	if (stage >= 0)
		questions(&p->d_live, s, (enum ndm_stage)stage);
	return revealed;
}

/* The scenario's title, situation and question, then each inject released
 * so far in the order it came, the newest marked. Returns how many are
 * out; *@newest gets the newest's block. */
static size_t build_scenario(struct present *p, int width, int *newest)
{
	const struct session *s = p->s;
	const struct pack_scenario *sc = s->scenario;
	struct doc *d = &p->d_sc;
	struct tally_inject *inj = NULL;
	size_t n;

	doc_reset(d, width);
	*newest = -1;
	doc_text(d, sc ? sc->title : s->scenario_title, term_attr(ROLE_EMPH), 0, -1);
	if (!sc) {
		doc_text(d, "The scenario's text was not kept with this session.",
			 term_attr(ROLE_DIM), 0, -1);
		return 0;
	}
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_para(d, sc->situation, A_NORMAL, 0, -1);
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_para(d, sc->question, term_attr(ROLE_EMPH), 0, -1);
	n = tally_injects(s, &inj);
	for (size_t i = 0; i < n; i++) {
		size_t k = inj[i].index;
		bool latest = i + 1 == n;
		doc_line(d, "", A_NORMAL, 0, INJECT_BLOCK(k));
		doc_linef(d, term_attr(latest ? ROLE_NEW : ROLE_EMPH), 0, INJECT_BLOCK(k),
			  "%sNew information (at %s)", latest ? "NEW: " : "",
			  ndm_stage_info(inj[i].stage)->short_name);
		doc_para(d, sc->injects[k].text, latest ? term_attr(ROLE_EMPH) : (int)A_NORMAL, 0,
			 INJECT_BLOCK(k));
	}
	if (n)
		*newest = INJECT_BLOCK(inj[n - 1].index);
	free(inj);
	return n;
}

static void present_layout(struct app *app, void *self, int cols, int lines)
{
	struct present *p = self;
	int body = lines - 2; /* below the header, above the footer */
	int margin = cols >= 100 ? cols / 12 : cols >= 72 ? 4 : 2;
	int inner = cols - 2 * margin;
	size_t released;
	int newest;

	p->wait_shown = p->waiting[0] && app_now_ms() - p->wait_since_ms >= PRESENT_WAIT_SHOWN_MS;
	if (cols >= PRESENT_WIDE_COLS) {
		int gap = 4, left = (inner - gap) * 3 / 5;
		p->sc = (struct rect){2, margin, body - 1, left};
		p->live = (struct rect){2, margin + left + gap, body - 1, inner - left - gap};
		build_live(p, p->live.w);
	} else {
		/* the live part on top, as tall as it needs up to a half (two
		 * thirds for results), a blank row, then the scenario */
		bool revealed = build_live(p, inner);
		int most = revealed ? body * 2 / 3 : body / 2;
		int h = p->d_live.n < (size_t)most ? (int)p->d_live.n : most;
		p->live = (struct rect){2, margin, h, inner};
		p->sc = (struct rect){3 + h, margin, lines - 1 - (3 + h), inner};
	}
	released = build_scenario(p, p->sc.w, &newest);
	/* a row for saying that there is more below, when there is */
	p->more = p->d_sc.n > (size_t)p->sc.h && p->sc.h > 2;
	if (p->more)
		p->sc.h--;
	/* an inject just released is brought into view; those out when the
	 * view opened are read from the top */
	if (released > p->injects_seen && newest >= 0)
		p->sc_top = doc_scroll_to(&p->d_sc, newest, p->sc_top, p->sc.h);
	p->injects_seen = released;
	p->sc_top = doc_clamp(&p->d_sc, p->sc_top, p->sc.h);
}

static void present_draw(struct app *app, void *self, int cols, int lines)
{
	struct present *p = self;
	const struct session *s = p->s;
	char *msg = NULL;

	draw_header(cols, s->scenario_title,
		    p->wait_shown ? "waiting for the database"
		    : s->status == SESSION_FINISHED ? "finished" : "live",
		    term_attr(p->wait_shown ? ROLE_ERROR : ROLE_HEADER));
	doc_draw(&p->d_live, p->live, 0, -1, 0);
	doc_draw(&p->d_sc, p->sc, p->sc_top, -1, 0);
	if (p->more)
		draw_cstr(p->sc.y + p->sc.h, p->sc.x, p->sc.w,
			  p->d_sc.n > p->sc_top + (size_t)p->sc.h ? "more below: Down, PgDn" :
			  "the end: Up, PgUp, Home", term_attr(ROLE_DIM));
	/* what matters first, for a narrow footer: that this is waiting */
	if (p->wait_shown && p->wait_code == STORE_LOCKED)
		msg = xasprintf("Waiting: another program holds the database. As it was at %s. (%s)",
				p->as_of, p->waiting);
	else if (p->wait_shown)
		msg = xasprintf("Waiting for the database, as it was at %s: %s", p->as_of, p->waiting);
	app_footer(app, cols, lines, SCOPE_PRESENT, msg, true);
	free(msg);
}

/* ---- keys and the screen ---- */

static void present_key(struct app *app, void *self, enum action a, int key,
			const struct buf *paste)
{
	struct present *p = self;

	if (a != ACT_BACK)
		return;
	if (p->alone)
		app_message(app, false, "This is the present view alone: q quits.");
	else
		app_back(app);
}

static void present_navigate(struct app *app, void *self, enum nav nav)
{
	struct present *p = self;
	size_t page = p->sc.h > 2 ? (size_t)p->sc.h - 1 : 1;

	p->sc_top = nav_move(p->sc_top, p->d_sc.n, page, nav); /* clamped when laid out */
}

static void present_tick(struct app *app, void *self)
{
	follow(app, self);
}

static int present_poll(void *self)
{
	return PRESENT_POLL_MS;
}

static enum key_scope_index present_scope(void *self)
{
	return SCOPE_PRESENT;
}

static void *present_open(struct app *app, const struct screen_arg *arg)
{
	struct present *p = xcalloc(1, sizeof(*p));

	snprintf(p->id, sizeof(p->id), "%s", arg->session_id ? arg->session_id : "");
	p->alone = app->depth == 0;
	follow(app, p);
	if (!p->s) {
		app_message(app, true, "Cannot present the session: %s", p->waiting);
		free(p);
		return NULL;
	}
	memcpy(p->id, p->s->id, sizeof(p->id));
	p->injects_seen = SIZE_MAX; /* set at the first layout */
	return p;
}

static void present_close(struct app *app, void *self)
{
	struct present *p = self;

	session_destroy(p->s);
	doc_free(&p->d_live);
	doc_free(&p->d_sc);
	free(p);
}

const struct screen_ops present_screen = {
	.name = "present",
	.scope = present_scope,
	.open = present_open,
	.close = present_close,
	.layout = present_layout,
	.draw = present_draw,
	.key = present_key,
	.navigate = present_navigate,
	.tick = present_tick,
	.poll_ms = present_poll,
};
