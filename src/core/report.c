/*
 * report.c - one session as Markdown minutes (see report.h).
 *
 * The shape follows the ethics committee minutes in the seeds: a record of
 * who, when and what; the item, its background and objective; the
 * discussion, stage by stage and principle by principle (attributed when a
 * panel worked on it); options and votes; the decision and rationale; the
 * outcome, recommendations and review. Everything comes from the session
 * alone, so a session whose pack is gone (or that was imported without a
 * snapshot) still gets its minutes: they then say what is not known.
 */
#include "dilemma/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

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

static bool shown(const struct entry *e)
{
	return !e->deleted && !str_blank(e->text);
}

static bool has_kind(const struct session *s, enum entry_kind kind)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].kind == kind && shown(&s->entries[i]))
			return true;
	return false;
}

/* Every shown entry of @kind, in id order (options: by position). */
static void put_kind(struct buf *b, const struct session *s, enum entry_kind kind)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].kind == kind && shown(&s->entries[i]))
			put_entry(b, s, &s->entries[i]);
}

static const char *principle_name(const struct session *s, const char *id)
{
	const struct principle *p = s->framework ? framework_principle(s->framework, id) : NULL;
	const struct framework *fw;

	if (!p && (fw = framework_builtin(s->framework_id)))
		p = framework_principle(fw, id);
	return p ? p->name : id;
}

static void put_header(struct buf *b, const struct session *s)
{
	const struct framework *fw = s->framework ? s->framework
						  : framework_builtin(s->framework_id);

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
	buf_printf(b, " |\n| Mode | %s |\n", s->mode == SESSION_PANEL ? "Panel" : "Solo");
	if (s->cohort[0]) {
		buf_puts(b, "| Cohort | ");
		put_cell(b, s->cohort);
		buf_puts(b, " |\n");
	}
	buf_printf(b, "| Started | %s |\n| Finished | %s |\n| Time taken | ", s->started_at,
		   s->finished_at[0] ? s->finished_at : "not yet (the session is open)");
	put_duration(b, session_total_seconds(s));
	buf_puts(b, " |\n");
	if (s->nparticipants) {
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
	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *ev = &s->events[i];
		char *end;
		unsigned long k;
		if (ev->kind != EVENT_INJECT_RELEASED)
			continue;
		k = strtoul(ev->detail, &end, 10);
		if (end == ev->detail || *end || k < 1 || k > sc->ninjects)
			continue;
		buf_printf(b, "Further information (released at %s, %s):\n\n", ev->at,
			   ndm_stage_info(ev->stage)->name);
		buf_puts(b, "> ");
		put_text(b, sc->injects[k - 1].text, "> ");
		buf_puts(b, "\n\n");
	}
	buf_puts(b, "## Objective\n\n");
	put_text(b, sc->question ? sc->question : "", "");
	buf_puts(b, "\n\n");
}

/* The discussion at one stage: its reasoning, then principle by principle
 * (in the framework's order, then any others). */
static void put_stage(struct buf *b, const struct session *s, enum ndm_stage stage)
{
	const struct ndm_stage_info *info = ndm_stage_info(stage);
	bool any = false;
	long secs = session_stage_seconds(s, stage, NULL);

	for (size_t i = 0; i < s->nentries && !any; i++) {
		const struct entry *e = &s->entries[i];
		any = e->stage == stage && shown(e) &&
		      (e->kind == ENTRY_NOTE || e->kind == ENTRY_PRINCIPLE);
	}
	if (!any && !secs)
		return;
	buf_printf(b, "### %s\n\n", info->name);
	if (secs) {
		buf_puts(b, "*Time at this stage: ");
		put_duration(b, secs);
		buf_puts(b, ".*\n\n");
	}
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage == stage && e->kind == ENTRY_NOTE && shown(e))
			put_entry(b, s, e);
	}
	/* Principles: each heading once, entries under it in id order. */
	const char **done = xcalloc(s->nentries + 1, sizeof(*done));
	size_t ndone = 0;
	const struct framework *fw = s->framework ? s->framework
						  : framework_builtin(s->framework_id);
	size_t nfw = fw ? fw->count : 0;
	for (size_t pass = 0; pass <= nfw; pass++) {
		for (size_t i = 0; i < s->nentries; i++) {
			const struct entry *e = &s->entries[i];
			bool seen = false;
			if (e->stage != stage || e->kind != ENTRY_PRINCIPLE || !shown(e) ||
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
			put_cell(b, principle_name(s, e->principle));
			buf_puts(b, "\n\n");
			for (size_t j = i; j < s->nentries; j++) {
				const struct entry *f = &s->entries[j];
				if (f->stage != stage || f->kind != ENTRY_PRINCIPLE || !shown(f) ||
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

/* Latest vote of each participant on @option (anonymous votes each count):
 * for, against, abstain. */
static void count_votes(const struct session *s, int64_t option, int counts[3])
{
	counts[0] = counts[1] = counts[2] = 0;
	for (size_t i = 0; i < s->nvotes; i++) {
		const struct vote *v = &s->votes[i];
		bool later = false;
		if (v->option != option)
			continue;
		for (size_t j = i + 1; j < s->nvotes && v->participant && !later; j++)
			later = s->votes[j].option == option &&
				s->votes[j].participant == v->participant;
		if (later)
			continue;
		counts[v->value > 0 ? 0 : v->value < 0 ? 1 : 2]++;
	}
}

static int by_position(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void put_options(struct buf *b, const struct session *s)
{
	const struct entry **list = xcalloc(s->nentries + 1, sizeof(*list));
	size_t n = 0;

	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].kind == ENTRY_OPTION && shown(&s->entries[i]))
			list[n++] = &s->entries[i];
	qsort(list, n, sizeof(*list), by_position);
	buf_puts(b, "## Options and votes\n\n");
	if (!n)
		buf_puts(b, "No options were recorded.\n\n");
	for (size_t i = 0; i < n; i++) {
		int c[3];
		buf_printf(b, "%zu. ", i + 1);
		if (attributed(s, list[i])) {
			buf_puts(b, "**");
			put_person(b, s, list[i]->participant);
			buf_puts(b, ":** ");
		}
		put_text_at(b, list[i]->text, "   ", false);
		count_votes(s, list[i]->id, c);
		if (c[0] + c[1] + c[2])
			buf_printf(b, "\n   Votes: %d for, %d against, %d abstaining.", c[0], c[1],
				   c[2]);
		buf_puts(b, "\n");
	}
	if (n)
		buf_puts(b, "\n");
	if (has_kind(s, ENTRY_CONTINGENCY)) {
		buf_puts(b, "### Contingencies\n\n");
		put_kind(b, s, ENTRY_CONTINGENCY);
	}
	free(list);
}

static void put_section(struct buf *b, const struct session *s, const char *title,
			enum entry_kind kind, const char *none)
{
	if (!has_kind(s, kind) && !none)
		return;
	buf_printf(b, "## %s\n\n", title);
	if (has_kind(s, kind))
		put_kind(b, s, kind);
	else
		buf_printf(b, "%s\n\n", none);
}

char *report_markdown(const struct session *s)
{
	struct buf b = {0};
	bool discussed = false;

	put_header(&b, s);
	put_scenario(&b, s);
	buf_puts(&b, "## Discussion\n\n");
	for (int st = 0; st < NDM_STAGE_COUNT; st++) {
		size_t before = b.len;
		put_stage(&b, s, (enum ndm_stage)st);
		discussed |= b.len != before;
	}
	if (!discussed)
		buf_puts(&b, "No discussion was recorded.\n\n");
	put_options(&b, s);
	put_section(&b, s, "Decision", ENTRY_DECISION, "No decision was recorded.");
	put_section(&b, s, "Rationale", ENTRY_RATIONALE, NULL);
	put_section(&b, s, "Outcome", ENTRY_OUTCOME, NULL);
	put_section(&b, s, "Recommendations", ENTRY_RECOMMENDATION, NULL);
	put_section(&b, s, "Review", ENTRY_REVIEW, NULL);
	/* One blank line at the end, not two. */
	while (b.len >= 2 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}
