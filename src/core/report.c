/*
 * report.c - one session as Markdown minutes (see report.h).
 *
 * The shape follows the ethics committee minutes in the seeds: a record of
 * who, when and what; the item, its background and objective; the
 * discussion, stage by stage and principle by principle; options and
 * votes; the decision and rationale; the outcome, recommendations and
 * review. A panel's minutes read as a committee's: an attendance table,
 * the discussion as it was spoken with every contribution attributed, a
 * table of each member's stances, each ballot on its own (counts only once
 * revealed), numbered recommendations with owners and time against the
 * time-box. A solo session's keep their shape. Every answer comes from
 * tally.h, and everything from the session alone, so a session whose pack
 * is gone (or that was imported without a snapshot) still gets its
 * minutes: they then say what is not known.
 */
#include "dilemma/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/tally.h"
#include "dilemma/util.h"

/* What a table cell holds when there is nothing to say: an em dash. */
#define DASH "\xE2\x80\x94"

/* User text as Markdown paragraphs: CRLF and CR become LF, trailing line
 * breaks go, and a line that Markdown would read as a heading, quote,
 * list, rule or table starts with a backslash so that it stays the text it
 * was (the first line only when @at_start: otherwise something precedes
 * it on its line). @indent goes before every line but the first. */
static void put_text_at(struct buf *b, const char *s, const char *indent, bool at_start)
{
	bool line_start = at_start;
	const char *esc = NULL; /* the character to put a backslash before */
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (const char *end = s + n; s < end; s++) {
		if (line_start) {
			const char *p = s;
			while (*p == ' ')
				p++;
			if (*p && strchr("#>*+-|=", *p)) {
				esc = p;
			} else if (*p >= '0' && *p <= '9') {
				const char *q = p;
				while (*q >= '0' && *q <= '9')
					q++;
				if (*q == '.' || *q == ')')
					esc = q; /* 1\. is text, not a list */
			}
		}
		line_start = false;
		if (s == esc)
			buf_putc(b, '\\');
		if (*s == '\r') {
			if (s + 1 < end && s[1] == '\n')
				continue;
			buf_putc(b, '\n');
		} else {
			buf_putc(b, *s);
		}
		if (*s == '\n' || *s == '\r') {
			buf_puts(b, indent);
			line_start = true;
		}
	}
}

static void put_text(struct buf *b, const char *s, const char *indent)
{
	put_text_at(b, s, indent, true);
}

/* Text on one line (a table cell): line breaks become spaces, | escaped. */
static void put_cell(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\r' || *s == '\n')
			buf_putc(b, ' ');
		else if (*s == '|')
			buf_puts(b, "\\|");
		else
			buf_putc(b, *s);
	}
}

static void put_duration(struct buf *b, long secs)
{
	if (secs >= 3600)
		buf_printf(b, "%ld h %02ld min", secs / 3600, secs / 60 % 60);
	else if (secs >= 60)
		buf_printf(b, "%ld min %02ld s", secs / 60, secs % 60);
	else
		buf_printf(b, "%ld s", secs);
}

/* "Name (role)" of participant @number, or "Participant N" for a nameless
 * one; NULL when unattributed. */
static void put_person(struct buf *b, const struct session *s, int64_t number)
{
	const struct participant *p = session_participant(s, number);

	if (p && p->name[0])
		put_cell(b, p->name);
	else
		buf_printf(b, "Participant %" PRId64, number);
	if (p && p->role[0]) {
		buf_puts(b, " (");
		put_cell(b, p->role);
		buf_putc(b, ')');
	}
}

/* Whether @e is shown with who wrote it: in a panel, when it is
 * attributed. A solo session's entries are all the one person's. */
static bool attributed(const struct session *s, const struct entry *e)
{
	return e->participant && (s->mode == SESSION_PANEL || s->nparticipants > 1);
}

/* One entry as a paragraph, attributed when someone is named. */
static void put_entry(struct buf *b, const struct session *s, const struct entry *e)
{
	bool who = attributed(s, e);

	if (who) {
		buf_puts(b, "**");
		put_person(b, s, e->participant);
		buf_puts(b, ":** ");
	}
	put_text_at(b, e->text, "", !who);
	buf_puts(b, "\n\n");
}

/* @e as item @n of a numbered list, attributed when someone is named; the
 * caller ends the line (and may add lines indented to the item's text). */
static void put_numbered(struct buf *b, const struct session *s, size_t n, const struct entry *e)
{
	buf_printf(b, "%zu. ", n);
	if (attributed(s, e)) {
		buf_puts(b, "**");
		put_person(b, s, e->participant);
		buf_puts(b, ":** ");
	}
	put_text_at(b, e->text, "   ", false);
}

static bool has_kind(const struct session *s, enum entry_kind kind)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].kind == kind && tally_entry_counts(&s->entries[i]))
			return true;
	return false;
}

/* Every shown entry of @kind, in id order (options: by position). */
static void put_kind(struct buf *b, const struct session *s, enum entry_kind kind)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].kind == kind && tally_entry_counts(&s->entries[i]))
			put_entry(b, s, &s->entries[i]);
}

static void put_header(struct buf *b, const struct session *s)
{
	const struct framework *fw = tally_framework(s);

	buf_puts(b, "# Minutes: ");
	put_cell(b, s->label[0] ? s->label : s->scenario_title);
	buf_puts(b, "\n\n| | |\n| --- | --- |\n| Session | ");
	buf_puts(b, s->id);
	buf_puts(b, " |\n| Scenario | ");
	put_cell(b, s->scenario_title[0] ? s->scenario_title : s->scenario_id);
	buf_puts(b, " (");
	put_cell(b, s->pack_id);
	buf_printf(b, " version %ld, ", s->pack_version);
	put_cell(b, s->scenario_id);
	buf_puts(b, ") |\n| Framework | ");
	if (fw) {
		put_cell(b, fw->name);
		buf_puts(b, " (");
		put_cell(b, s->framework_id[0] ? s->framework_id : fw->id);
		buf_putc(b, ')');
	} else {
		put_cell(b, s->framework_id[0] ? s->framework_id : "not recorded");
	}
	buf_printf(b, " |\n| Mode | %s |\n", session_mode_name(s->mode));
	if (s->cohort[0]) {
		buf_puts(b, "| Cohort | ");
		put_cell(b, s->cohort);
		buf_puts(b, " |\n");
	}
	char started[TIME_LOCAL_LEN], finished[TIME_LOCAL_LEN];
	time_local(s->started_at, started);
	time_local(s->finished_at, finished);
	buf_printf(b, "| Started | %s |\n| Finished | %s |\n| Time taken | ", started,
		   s->finished_at[0] ? finished : "not yet (the session is open)");
	put_duration(b, tally_total_seconds(s));
	buf_puts(b, " |\n");
	if (s->nparticipants && s->mode != SESSION_PANEL) {
		buf_puts(b, "| Present | ");
		for (size_t i = 0; i < s->nparticipants; i++) {
			if (i)
				buf_puts(b, ", ");
			put_person(b, s, s->participants[i].number);
		}
		buf_puts(b, " |\n");
	}
	buf_putc(b, '\n');
}

static void put_scenario(struct buf *b, const struct session *s)
{
	const struct pack_scenario *sc = s->scenario;

	buf_puts(b, "## Item\n\n");
	put_text(b, s->scenario_title[0] ? s->scenario_title : s->scenario_id, "");
	buf_puts(b, "\n\n## Background\n\n");
	if (!sc) {
		buf_puts(b, "The scenario's text was not kept with this session (it was imported"
			    " or its snapshot cannot be read); see scenario `");
		put_cell(b, s->scenario_id);
		buf_puts(b, "` of pack `");
		put_cell(b, s->pack_id);
		buf_printf(b, "`, version %ld.\n\n", s->pack_version);
		return;
	}
	put_text(b, sc->situation ? sc->situation : "", "");
	buf_puts(b, "\n\n");
	/* Injects the session released, in the order they came. */
	struct tally_inject *inj = NULL;
	size_t ninj = tally_injects(s, &inj);
	for (size_t i = 0; i < ninj; i++) {
		char at[TIME_LOCAL_LEN];
		time_local(inj[i].at, at);
		buf_printf(b, "Further information (released at %s, %s):\n\n", at,
			   ndm_stage_info(inj[i].stage)->name);
		buf_puts(b, "> ");
		put_text(b, sc->injects[inj[i].index].text, "> ");
		buf_puts(b, "\n\n");
	}
	free(inj);
	buf_puts(b, "## Objective\n\n");
	put_text(b, sc->question ? sc->question : "", "");
	buf_puts(b, "\n\n");
}

/* The discussion at one stage: its reasoning, then principle by principle
 * (in the framework's order, then any others). */
/* The heading of @stage in the discussion and the time spent there; false
 * (nothing written) when nothing was said there and no time spent. */
static bool put_stage_heading(struct buf *b, const struct session *s, enum ndm_stage stage)
{
	long secs = tally_stage_seconds(s, stage, NULL);

	if (!tally_stage_discussed(s, stage) && !secs)
		return false;
	buf_printf(b, "### %s\n\n", ndm_stage_info(stage)->name);
	if (secs) {
		buf_puts(b, "*Time at this stage: ");
		put_duration(b, secs);
		buf_puts(b, ".*\n\n");
	}
	return true;
}

static void put_stage(struct buf *b, const struct session *s, enum ndm_stage stage)
{
	if (!put_stage_heading(b, s, stage))
		return;
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage == stage && e->kind == ENTRY_NOTE && tally_entry_counts(e))
			put_entry(b, s, e);
	}
	/* Principles: each heading once, entries under it in id order. */
	const char **done = xcalloc(s->nentries + 1, sizeof(*done));
	size_t ndone = 0;
	const struct framework *fw = tally_framework(s);
	size_t nfw = fw ? fw->count : 0;
	for (size_t pass = 0; pass <= nfw; pass++) {
		for (size_t i = 0; i < s->nentries; i++) {
			const struct entry *e = &s->entries[i];
			bool seen = false;
			if (e->stage != stage || e->kind != ENTRY_PRINCIPLE || !tally_entry_counts(e) ||
			    !e->principle)
				continue;
			/* pass < nfw takes the framework's principle number pass;
			 * the last pass takes whatever is left. */
			if (pass < nfw && strcmp(e->principle, fw->principles[pass].id))
				continue;
			for (size_t k = 0; k < ndone && !seen; k++)
				seen = strcmp(done[k], e->principle) == 0;
			if (seen)
				continue;
			done[ndone++] = e->principle;
			buf_puts(b, "#### ");
			put_cell(b, tally_principle_name(s, e->principle));
			buf_puts(b, "\n\n");
			for (size_t j = i; j < s->nentries; j++) {
				const struct entry *f = &s->entries[j];
				if (f->stage != stage || f->kind != ENTRY_PRINCIPLE || !tally_entry_counts(f) ||
				    !f->principle || strcmp(f->principle, e->principle))
					continue;
				if (f->stance != STANCE_NONE) {
					/* The stance leads the paragraph. */
					buf_printf(b, "*%s.* ", stance_name(f->stance));
					if (attributed(s, f)) {
						buf_puts(b, "**");
						put_person(b, s, f->participant);
						buf_puts(b, ":** ");
					}
					put_text_at(b, f->text, "", false);
					buf_puts(b, "\n\n");
				} else {
					put_entry(b, s, f);
				}
			}
		}
	}
	free(done);
}

/* ---- a panel's minutes: who was there, who said what, how they voted ---- */

/* A role's display name; an unknown one as recorded. */
static const char *role_name(const char *role)
{
	enum participant_role r;

	if (!role[0])
		return DASH; /* none recorded */
	return participant_role_from_id(role, &r) ? participant_role_name(r) : role;
}

static void put_attendance(struct buf *b, const struct session *s)
{
	buf_puts(b, "## Attendance\n\n");
	if (!s->nparticipants) {
		buf_puts(b, "No participants were recorded.\n\n");
		return;
	}
	buf_puts(b, "| Name | Role |\n| --- | --- |\n");
	for (size_t i = 0; i < s->nparticipants; i++) {
		const struct participant *p = &s->participants[i];
		buf_puts(b, "| ");
		if (p->name[0])
			put_cell(b, p->name);
		else
			buf_printf(b, "Participant %" PRId64, p->number);
		buf_puts(b, " | ");
		put_cell(b, role_name(p->role));
		buf_puts(b, " |\n");
	}
	buf_putc(b, '\n');
}

/* A stage's discussion in the order spoken, each contribution led by its
 * speaker's name; a principle entry also by the principle and the stance
 * taken, as "**Name (role), on Principle:** *Stance.* text". */
static void put_spoken(struct buf *b, const struct session *s, enum ndm_stage stage)
{
	const struct entry **list = NULL;
	size_t n;

	if (!put_stage_heading(b, s, stage))
		return;
	n = tally_discussion(s, stage, &list);
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = list[i];
		bool who = attributed(s, e), principle = e->kind == ENTRY_PRINCIPLE;
		if (who || principle) {
			buf_puts(b, "**");
			if (who)
				put_person(b, s, e->participant);
			if (principle) {
				buf_puts(b, who ? ", on " : "On ");
				put_cell(b, tally_principle_name(s, e->principle));
			}
			buf_puts(b, ":** ");
		}
		if (principle && e->stance != STANCE_NONE)
			buf_printf(b, "*%s.* ", stance_name(e->stance));
		put_text_at(b, e->text, "", !who && !principle);
		/* no space left at the end of a stance without words */
		while (b->len && b->data[b->len - 1] == ' ')
			b->data[--b->len] = '\0';
		buf_puts(b, "\n\n");
	}
	free(list);
}

/* Whose stances the table has columns for: the participants who recorded
 * something on a principle, in attendance order, then 0 (entries
 * attributed to no one) when there are such. */
static size_t stance_columns(const struct session *s, int64_t *out)
{
	size_t n = 0;
	bool nobody = false;

	for (size_t i = 0; i < s->nparticipants; i++) {
		int64_t num = s->participants[i].number;
		for (size_t k = 0; k < s->nentries; k++) {
			const struct entry *e = &s->entries[k];
			if (e->kind == ENTRY_PRINCIPLE && e->principle && e->participant == num &&
			    tally_entry_counts(e)) {
				out[n++] = num;
				break;
			}
		}
	}
	for (size_t k = 0; k < s->nentries; k++) {
		const struct entry *e = &s->entries[k];
		nobody |= e->kind == ENTRY_PRINCIPLE && e->principle && tally_entry_counts(e) &&
			  !session_participant(s, e->participant);
	}
	if (nobody)
		out[n++] = 0;
	return n;
}

/* Each participant's stance on each principle at each stage where it was
 * considered, as a table: a row per stage and principle, a column per
 * participant. */
static void put_stances(struct buf *b, const struct session *s)
{
	int64_t *cols = xcalloc(s->nparticipants + 1, sizeof(*cols));
	size_t ncols = stance_columns(s, cols);

	buf_puts(b, "## Principle stances\n\n");
	if (!ncols) {
		buf_puts(b, "No one took a stance on a principle.\n\n");
		free(cols);
		return;
	}
	buf_puts(b, "Each participant's stance at each stage (the one they recorded last); "
		    "*reasoning* where they gave reasons without a stance.\n\n| Stage | Principle |");
	for (size_t c = 0; c < ncols; c++) {
		buf_putc(b, ' ');
		if (cols[c])
			put_person(b, s, cols[c]);
		else
			buf_puts(b, "Not attributed");
		buf_puts(b, " |");
	}
	buf_puts(b, "\n| --- | --- |");
	for (size_t c = 0; c < ncols; c++)
		buf_puts(b, " --- |");
	buf_putc(b, '\n');
	for (int st = 0; st < NDM_STAGE_COUNT; st++) {
		const char **ids = NULL;
		size_t n = tally_principles_at(s, (enum ndm_stage)st, &ids);
		for (size_t p = 0; p < n; p++) {
			buf_printf(b, "| %s | ", ndm_stage_info((enum ndm_stage)st)->short_name);
			put_cell(b, tally_principle_name(s, ids[p]));
			buf_puts(b, " |");
			for (size_t c = 0; c < ncols; c++) {
				struct tally_stance t;
				const char *cell = DASH;
				if (tally_stance_of(s, (enum ndm_stage)st, ids[p], cols[c], &t))
					cell = t.stance != STANCE_NONE ? stance_name(t.stance)
								       : "*reasoning*";
				buf_printf(b, " %s |", cell);
			}
			buf_putc(b, '\n');
		}
		free(ids);
	}
	buf_putc(b, '\n');
	free(cols);
}

/* How an option or contingency of a ballot is named: its number among the
 * options, or as a contingency; one deleted since, or left blank, as it
 * was. */
static void put_ballot_option(struct buf *b, const struct session *s, int64_t id,
			      const struct entry *const *opts, size_t nopts)
{
	const struct entry *e = session_entry(s, id);

	for (size_t i = 0; i < nopts; i++) {
		if (opts[i]->id == id) {
			buf_printf(b, "%zu. ", i + 1);
			put_cell(b, e->text);
			return;
		}
	}
	if (!e) {
		buf_printf(b, "Entry %" PRId64, id);
		return;
	}
	if (e->kind == ENTRY_CONTINGENCY)
		buf_puts(b, "Contingency: ");
	put_cell(b, str_blank(e->text) ? "(blank)" : e->text);
	if (e->deleted)
		buf_puts(b, " (deleted)");
}

/* Every ballot: its kind, when it was opened and revealed, how many
 * voted, and once revealed the counts on each option. An unrevealed
 * ballot's counts are for no one's eyes, the minutes' readers included. */
static void put_ballots(struct buf *b, const struct session *s)
{
	struct tally_ballot *bl = NULL;
	size_t nb = tally_ballots(s, &bl);
	const struct entry **opts = NULL;
	size_t nopts = tally_list(s, ENTRY_OPTION, true, &opts);

	for (size_t i = 0; i < nb; i++) {
		const struct tally_ballot *t = &bl[i];
		buf_printf(b, "### Ballot %" PRId64, t->number);
		/* votes recorded without opening a ballot have no kind to tell */
		char opened[TIME_LOCAL_LEN], revealed[TIME_LOCAL_LEN];
		time_local(t->opened_at, opened);
		time_local(t->revealed_at, revealed);
		if (t->opened_at[0])
			buf_printf(b, ": %s%s\n\nOpened %s; ", ballot_kind_name(t->kind),
				   t->contingencies ? ", with the contingencies" : "", opened);
		else
			buf_puts(b, "\n\nVotes recorded without a ballot being opened; ");
		if (!t->revealed) {
			buf_printf(b, "not revealed: %zu of %zu voted. Its results are not shown until "
				   "it is revealed.\n\n", t->voters, t->eligible);
			continue;
		}
		buf_printf(b, "revealed %s; %zu of %zu voted.\n\n", revealed, t->voters,
			   t->eligible);
		buf_puts(b, "| Option | For | Against | Abstaining |\n| --- | ---: | ---: | ---: |\n");
		for (size_t k = 0; k < t->noptions; k++) {
			const size_t *c = t->options[k].counts;
			buf_puts(b, "| ");
			put_ballot_option(b, s, t->options[k].option, opts, nopts);
			buf_printf(b, " | %zu | %zu | %zu |\n", c[TALLY_FOR], c[TALLY_AGAINST],
				   c[TALLY_ABSTAIN]);
		}
		buf_putc(b, '\n');
		if (t->majority) {
			buf_puts(b, "Most votes for: ");
			put_ballot_option(b, s, t->majority, opts, nopts);
			buf_puts(b, ".\n\n");
		} else {
			bool any = false;
			for (size_t k = 0; k < t->noptions && !any; k++)
				any = t->options[k].counts[TALLY_FOR] > 0;
			buf_puts(b, any ? "No majority: options tied for the most votes for.\n\n"
					: "No votes for any option.\n\n");
		}
	}
	free(opts);
	tally_ballots_free(bl, nb);
}

/* The recommendations numbered, each with its owner. */
static void put_recommendations(struct buf *b, const struct session *s)
{
	const struct entry **list = NULL;
	size_t n = tally_list(s, ENTRY_RECOMMENDATION, true, &list);

	if (!n)
		return;
	buf_puts(b, "## Recommendations\n\n");
	for (size_t i = 0; i < n; i++) {
		put_numbered(b, s, i + 1, list[i]);
		buf_puts(b, "\n   Owner: ");
		if (list[i]->owner && !str_blank(list[i]->owner))
			put_cell(b, list[i]->owner);
		else
			buf_puts(b, "none named");
		buf_puts(b, ".\n");
	}
	buf_putc(b, '\n');
	free(list);
}

/* Time per stage against its time-box. */
static void put_timeboxes(struct buf *b, const struct session *s)
{
	buf_puts(b, "## Time per stage\n\n"
		    "| Stage | Time-box | Added | Used | Left or over |\n"
		    "| --- | ---: | ---: | ---: | --- |\n");
	for (int st = 0; st < NDM_STAGE_COUNT; st++) {
		struct tally_clock c;
		long box = tally_timebox(s, (enum ndm_stage)st);
		tally_stage_clock(s, (enum ndm_stage)st, NULL, &c);
		buf_printf(b, "| %s | ", ndm_stage_info((enum ndm_stage)st)->short_name);
		if (box)
			put_duration(b, box);
		else
			buf_puts(b, "none");
		buf_puts(b, " | ");
		if (c.budget > box)
			put_duration(b, c.budget - box);
		else
			buf_puts(b, DASH);
		buf_puts(b, " | ");
		put_duration(b, c.used);
		buf_puts(b, " | ");
		if (!c.budget) {
			buf_puts(b, DASH);
		} else {
			put_duration(b, c.left < 0 ? -c.left : c.left);
			buf_puts(b, c.left < 0 ? " over" : " left");
		}
		buf_puts(b, " |\n");
	}
	buf_puts(b, "\nTime used is the time at the stage while the clock ran (a paused clock "
		    "does not count); the time-box is the scenario's for that stage, else the "
		    "session's.\n\n");
}

static void put_options(struct buf *b, const struct session *s)
{
	const struct entry **list = NULL;
	size_t n = tally_list(s, ENTRY_OPTION, true, &list);
	/* A panel's votes are in its ballots, each shown once revealed. */
	bool counts = s->mode != SESSION_PANEL;

	buf_puts(b, "## Options and votes\n\n");
	if (!n)
		buf_puts(b, "No options were recorded.\n\n");
	for (size_t i = 0; i < n; i++) {
		size_t c[TALLY_VOTE_KINDS];
		put_numbered(b, s, i + 1, list[i]);
		if (counts && tally_votes(s, list[i]->id, c))
			buf_printf(b, "\n   Votes: %zu for, %zu against, %zu abstaining.",
				   c[TALLY_FOR], c[TALLY_AGAINST], c[TALLY_ABSTAIN]);
		buf_puts(b, "\n");
	}
	if (n)
		buf_puts(b, "\n");
	if (has_kind(s, ENTRY_CONTINGENCY)) {
		buf_puts(b, "### Contingencies\n\n");
		put_kind(b, s, ENTRY_CONTINGENCY);
	}
	free(list);
	if (!counts)
		put_ballots(b, s);
}

/* The session's decision (tally's), then any other decision a participant
 * recorded, so that nothing written is left out of the minutes. */
static void put_decision(struct buf *b, const struct session *s)
{
	const struct entry *d = tally_decision(s);
	const struct entry **list = NULL;
	size_t n = tally_list(s, ENTRY_DECISION, true, &list);

	buf_puts(b, "## Decision\n\n");
	if (!d)
		buf_puts(b, "No decision was recorded.\n\n");
	else
		put_entry(b, s, d);
	if (n > 1)
		buf_puts(b, "Also recorded as a decision:\n\n");
	for (size_t i = 0; i < n; i++)
		if (list[i] != d)
			put_entry(b, s, list[i]);
	free(list);
}

/* A section of every entry of @kind; none when there is nothing. */
static void put_section(struct buf *b, const struct session *s, const char *title,
			enum entry_kind kind)
{
	if (!has_kind(s, kind))
		return;
	buf_printf(b, "## %s\n\n", title);
	put_kind(b, s, kind);
}

char *report_markdown(const struct session *s)
{
	struct buf b = {0};
	bool discussed = false, panel = s->mode == SESSION_PANEL;

	put_header(&b, s);
	if (panel)
		put_attendance(&b, s);
	put_scenario(&b, s);
	buf_puts(&b, "## Discussion\n\n");
	for (int st = 0; st < NDM_STAGE_COUNT; st++) {
		size_t before = b.len;
		if (panel)
			put_spoken(&b, s, (enum ndm_stage)st);
		else
			put_stage(&b, s, (enum ndm_stage)st);
		discussed |= b.len != before;
	}
	if (!discussed)
		buf_puts(&b, "No discussion was recorded.\n\n");
	if (panel)
		put_stances(&b, s);
	put_options(&b, s);
	put_decision(&b, s);
	put_section(&b, s, "Rationale", ENTRY_RATIONALE);
	put_section(&b, s, "Outcome", ENTRY_OUTCOME);
	if (panel)
		put_recommendations(&b, s);
	else
		put_section(&b, s, "Recommendations", ENTRY_RECOMMENDATION);
	put_section(&b, s, "Review", ENTRY_REVIEW);
	if (panel)
		put_timeboxes(&b, s);
	/* One blank line at the end, not two. */
	while (b.len >= 2 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}
