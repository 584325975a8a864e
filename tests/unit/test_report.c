/* Unit tests for report.c: the minutes of a session built in memory, with
 * and without the scenario's snapshot; a solo session's shape, and a
 * four-member panel's (attendance, the discussion in the order spoken,
 * stances per participant, a revealed and a hidden ballot, the outcome,
 * recommendations with owners, time against the time-box). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/framework.h"
#include "dilemma/report.h"
#include "dilemma/util.h"

static const struct pack_inject injects[] = {
	{NDM_ASSESSMENT, "A new fact\nover two lines.", 0},
};
static const struct pack_scenario scenario = {
	.id = "sc", .title = "The item title", .situation = "The background.\n",
	.question = "The question?", .injects = injects, .ninjects = 1,
};

static struct participant people[] = {
	{1, "Ann", "chair"}, {2, "", "member"},
};

#define E(i, st, k, pr, who, sn, txt) \
	{.id = i, .stage = st, .kind = k, .principle = pr, .participant = who, .stance = sn, \
	 .text = txt, .revision = 1, .created_at = "2026-01-01T10:00:00Z", \
	 .updated_at = "2026-01-01T10:00:00Z"}
#define V(who, opt, val, when) \
	{.participant = who, .option = opt, .value = val, .at = when, .ballot = 1, .count = 1}
#define EV(k, st, when, inj) {.kind = k, .stage = st, .detail = "", .at = when, .inject = inj}
static struct entry entries[] = {
	E(1, NDM_INFORMATION, ENTRY_NOTE, NULL, 1, STANCE_NONE, "What we know."),
	E(2, NDM_INFORMATION, ENTRY_PRINCIPLE, "openness", 2, STANCE_TENSION, "Say what?"),
	E(3, NDM_INFORMATION, ENTRY_PRINCIPLE, "accountability", 0, STANCE_UPHOLDS, "Own it."),
	E(4, NDM_OPTIONS, ENTRY_OPTION, NULL, 0, STANCE_NONE, "Option B"),
	E(5, NDM_OPTIONS, ENTRY_OPTION, NULL, 0, STANCE_NONE, "Option A"),
	E(6, NDM_OPTIONS, ENTRY_CONTINGENCY, NULL, 0, STANCE_NONE, "If it fails, call."),
	E(7, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "Option A"),
	E(8, NDM_ACTION, ENTRY_RATIONALE, NULL, 0, STANCE_NONE, "Because.\r\nReally."),
	E(9, NDM_ACTION, ENTRY_OUTCOME, NULL, 0, STANCE_NONE, "It worked."),
	E(10, NDM_ACTION, ENTRY_RECOMMENDATION, NULL, 0, STANCE_NONE, "- train more"),
	E(11, NDM_ACTION, ENTRY_REVIEW, NULL, 0, STANCE_NONE, "# Next time"),
	E(12, NDM_POWERS, ENTRY_NOTE, NULL, 0, STANCE_NONE, "deleted text"),
};

static struct vote votes[] = {
	V(1, 5, 1, "2026-01-01T10:10:00Z"),
	V(2, 5, -1, "2026-01-01T10:10:00Z"),
	V(2, 5, 1, "2026-01-01T10:11:00Z"),
	V(0, 4, 0, "2026-01-01T10:11:00Z"),
};

static struct event events[] = {
	EV(EVENT_STAGE_ENTERED, NDM_INFORMATION, "2026-01-01T10:00:00Z", 0),
	EV(EVENT_INJECT_RELEASED, NDM_ASSESSMENT, "2026-01-01T10:03:00Z", 1),
	EV(EVENT_STAGE_ENTERED, NDM_OPTIONS, "2026-01-01T10:05:00Z", 0),
	EV(EVENT_SESSION_FINISHED, NDM_ETHICS, "2026-01-01T10:20:00Z", 0),
};

static struct session make(bool snapshot)
{
	struct session s = {
		.id = "11111111-2222-4333-8444-555555555555",
		.label = "Panel | one", .cohort = "", .mode = SESSION_SOLO,
		.status = SESSION_FINISHED, .started_at = "2026-01-01T10:00:00Z",
		.finished_at = "2026-01-01T10:20:00Z", .pack_id = "pk", .pack_version = 4,
		.scenario_id = "sc", .scenario_title = "The item title", .framework_id = "coe-2014",
		.participants = people, .nparticipants = 2, .entries = entries,
		.nentries = ALEN(entries), .votes = votes, .nvotes = ALEN(votes),
		.events = events, .nevents = ALEN(events),
	};
	entries[11].deleted = true;
	if (snapshot) {
		s.scenario = &scenario;
		s.framework = framework_builtin("coe-2014");
	}
	return s;
}

/* @a occurs in @md, and before @b when @b is given. */
static void before(const char *md, const char *a, const char *b)
{
	assert_non_null(md);
	const char *pa = strstr(md, a), *pb = b ? strstr(md, b) : NULL;

	if (!pa)
		fail_msg("missing: %s\n---\n%s", a, md);
	if (b && (!pb || pb < pa))
		fail_msg("'%s' is not before '%s'\n---\n%s", a, b, md);
}

static void test_minutes(void **state)
{
	struct session s = make(true);
	char *md = report_markdown(&s);

	before(md, "# Minutes: Panel \\| one\n", "## Item");
	before(md, "| Present | Ann (chair), Participant 2 (member) |", NULL);
	before(md, "| Time taken | 20 min 00 s |", NULL);
	/* times are local, with their zone (TZ, set in main) */
	before(md, "| Started | 2026-01-01 11:00 CET |\n| Finished | 2026-01-01 11:20 CET |", NULL);
	before(md, "## Item\n\nThe item title\n\n## Background\n\nThe background.\n\n", NULL);
	before(md, "> A new fact\n> over two lines.", "## Objective\n\nThe question?");
	before(md, "## Objective", "## Discussion");
	before(md, "### Gather information and intelligence\n\n*Time at this stage: 5 min 00 s.*",
	       NULL);
	before(md, "**Ann (chair):** What we know.", "#### Accountability");
	/* Principles in the framework's order: accountability before openness. */
	before(md, "#### Accountability\n\n*Upholds.* Own it.", "#### Openness");
	before(md, "#### Openness\n\n*In tension.* **Participant 2 (member):** Say what?", NULL);
	/* Options by position then id, with counts of the latest votes. */
	before(md, "1. Option B\n   Votes: 0 for, 0 against, 1 abstaining.",
	       "2. Option A\n   Votes: 2 for, 0 against, 0 abstaining.");
	before(md, "### Contingencies\n\nIf it fails, call.", "## Decision");
	before(md, "## Decision\n\n**Ann (chair):** Option A", "## Rationale");
	before(md, "## Rationale\n\nBecause.\nReally.", "## Outcome");
	before(md, "## Outcome\n\nIt worked.", "## Recommendations");
	before(md, "## Recommendations\n\n\\- train more", "## Review");
	before(md, "## Review\n\n\\# Next time\n", NULL);
	assert_null(strstr(md, "deleted text"));
	assert_null(strchr(md, '\r'));
	assert_int_equal(md[strlen(md) - 1], '\n');
	assert_int_not_equal(md[strlen(md) - 2], '\n');
	free(md);
}

static void test_without_snapshot(void **state)
{
	struct session s = make(false);
	char *md = report_markdown(&s);

	before(md, "was not kept with this session", NULL);
	before(md, "scenario `sc` of pack `pk`, version 4", NULL);
	assert_null(strstr(md, "## Objective"));
	/* The built-in framework still names the principles. */
	before(md, "#### Accountability", "#### Openness");
	free(md);
}

/* A solo session's entries are all the one person's: not attributed (the
 * session above has two people, so its entries are). */
static void test_solo(void **state)
{
	struct session s = make(true);
	char *md;

	s.mode = SESSION_SOLO;
	s.nparticipants = 1;
	md = report_markdown(&s);
	before(md, "| Present | Ann (chair) |", NULL);
	before(md, "\n\nWhat we know.\n", NULL);
	assert_null(strstr(md, "**Ann"));
	free(md);
}

/* ---- a four-member panel ---- */

static const struct pack_scenario panel_scenario = {
	.id = "sc", .title = "The item title", .situation = "The background.\n",
	.question = "The question?", .injects = injects, .ninjects = 1,
	.timebox = {[NDM_OPTIONS] = 8},
};

static struct participant panel_people[] = {
	{1, "Ann", "chair"}, {2, "Bea", "member"}, {3, "Cai", "member"}, {4, "Dev", "member"},
};

/* An entry first saved at @made, last at @saved. */
#define P(i, st, k, pr, who, sn, txt, made, saved) \
	{.id = i, .stage = st, .kind = k, .principle = pr, .participant = who, .stance = sn, \
	 .text = txt, .position = i, .revision = 1, .created_at = made, .updated_at = saved}
#define T(hhmmss) "2026-01-01T" hhmmss "Z"
static struct entry panel_entries[] = {
	P(1, NDM_INFORMATION, ENTRY_NOTE, NULL, 2, STANCE_NONE, "Bea first", T("10:01:00"),
	  T("10:01:00")),
	/* revised later: still said second */
	P(2, NDM_INFORMATION, ENTRY_NOTE, NULL, 1, STANCE_NONE, "Ann second", T("10:02:00"),
	  T("10:11:00")),
	P(3, NDM_INFORMATION, ENTRY_PRINCIPLE, "openness", 3, STANCE_TENSION, "Whose words?",
	  T("10:03:00"), T("10:03:00")),
	P(4, NDM_INFORMATION, ENTRY_NOTE, NULL, 4, STANCE_NONE, "Dev spoke before Bea",
	  T("10:00:30"), T("10:00:30")),
	P(5, NDM_INFORMATION, ENTRY_PRINCIPLE, "openness", 2, STANCE_UPHOLDS, "", T("10:04:00"),
	  T("10:04:00")),
	P(6, NDM_INFORMATION, ENTRY_PRINCIPLE, "openness", 3, STANCE_UPHOLDS, "Changed my mind",
	  T("10:05:00"), T("10:05:00")),
	P(7, NDM_INFORMATION, ENTRY_PRINCIPLE, "accountability", 4, STANCE_NONE,
	  "Who answers for it?", T("10:06:00"), T("10:06:00")),
	P(8, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "Suggest words", T("10:12:30"),
	  T("10:12:30")),
	P(9, NDM_OPTIONS, ENTRY_OPTION, NULL, 2, STANCE_NONE, "Decline", T("10:12:40"),
	  T("10:12:40")),
	P(10, NDM_OPTIONS, ENTRY_CONTINGENCY, NULL, 3, STANCE_NONE, "If he replies, call",
	  T("10:12:50"), T("10:12:50")),
	P(11, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "Suggest words", T("10:18:30"),
	  T("10:18:30")),
	P(12, NDM_ACTION, ENTRY_RATIONALE, NULL, 1, STANCE_NONE, "The words stay hers.",
	  T("10:18:40"), T("10:18:40")),
	P(13, NDM_ACTION, ENTRY_OUTCOME, NULL, 1, STANCE_NONE, "The panel advises suggesting.",
	  T("10:19:00"), T("10:19:00")),
	P(14, NDM_ACTION, ENTRY_RECOMMENDATION, NULL, 2, STANCE_NONE, "Guidance on messages",
	  T("10:19:10"), T("10:19:10")),
	P(15, NDM_ACTION, ENTRY_RECOMMENDATION, NULL, 1, STANCE_NONE, "Share at briefing",
	  T("10:19:20"), T("10:19:20")),
};

#define B(who, opt, val, ballot_, n, when) \
	{.participant = who, .option = opt, .value = val, .at = T(when), .ballot = ballot_, \
	 .count = n}
static struct vote panel_votes[] = {
	B(1, 8, 1, 1, 1, "10:13:10"), B(2, 8, -1, 1, 1, "10:13:20"),
	B(3, 9, 1, 1, 1, "10:13:30"), B(4, 8, 1, 1, 1, "10:13:40"),
	B(4, 9, -1, 1, 1, "10:13:40"),
	B(2, 8, 1, 1, 1, "10:14:00"), /* Bea votes again: this one counts */
	/* the second ballot, a show of hands, is never revealed */
	B(0, 8, 1, 2, 2, "10:16:30"), B(0, 9, -1, 2, 1, "10:16:40"),
};

#define PEV(k, st, when, ...) {.kind = k, .stage = st, .detail = "", .at = T(when), __VA_ARGS__}
static struct event panel_events[] = {
	PEV(EVENT_STAGE_ENTERED, NDM_INFORMATION, "10:00:00"),
	PEV(EVENT_INJECT_RELEASED, NDM_INFORMATION, "10:02:00", .inject = 1),
	PEV(EVENT_CLOCK_PAUSED, NDM_INFORMATION, "10:03:00"),
	PEV(EVENT_CLOCK_RESUMED, NDM_INFORMATION, "10:05:00"),
	PEV(EVENT_TIME_ADDED, NDM_INFORMATION, "10:06:00", .seconds = 60),
	PEV(EVENT_STAGE_ENTERED, NDM_OPTIONS, "10:12:00"),
	{.kind = EVENT_BALLOT_OPENED, .stage = NDM_OPTIONS, .detail = "secret",
	 .at = T("10:13:00"), .ballot = 1},
	PEV(EVENT_VOTE_REVEALED, NDM_OPTIONS, "10:15:00", .ballot = 1),
	{.kind = EVENT_BALLOT_OPENED, .stage = NDM_OPTIONS, .detail = "hands",
	 .at = T("10:16:00"), .ballot = 2},
	PEV(EVENT_STAGE_ENTERED, NDM_ACTION, "10:18:00"),
	PEV(EVENT_SESSION_FINISHED, NDM_ETHICS, "10:20:00"),
};

static struct session make_panel(bool snapshot)
{
	struct session s = {
		.id = "22222222-2222-4333-8444-555555555555",
		.label = "April panel", .cohort = "", .mode = SESSION_PANEL,
		.status = SESSION_FINISHED, .started_at = T("10:00:00"),
		.finished_at = T("10:20:00"), .timebox = 5, .pack_id = "pk", .pack_version = 4,
		.scenario_id = "sc", .scenario_title = "The item title", .framework_id = "coe-2014",
		.participants = panel_people, .nparticipants = ALEN(panel_people),
		.entries = panel_entries, .nentries = ALEN(panel_entries), .votes = panel_votes,
		.nvotes = ALEN(panel_votes), .events = panel_events, .nevents = ALEN(panel_events),
	};
	panel_entries[13].owner = "Insp Rao";
	if (snapshot) {
		s.scenario = &panel_scenario;
		s.framework = framework_builtin("coe-2014");
	}
	return s;
}

/* The text of @md from @from up to the next "\n## " (or the end). */
static char *section(const char *md, const char *from)
{
	const char *p = strstr(md, from), *end;

	if (!p)
		fail_msg("missing: %s\n---\n%s", from, md);
	end = strstr(p + 1, "\n## ");
	return xstrndup(p, end ? (size_t)(end - p) : strlen(p));
}

static void test_panel(void **state)
{
	struct session s = make_panel(true);
	char *md = report_markdown(&s), *sec;

	/* the committee minutes' sections, in order */
	before(md, "# Minutes: April panel\n", "## Attendance");
	before(md, "## Attendance", "## Item");
	before(md, "## Item", "## Background");
	before(md, "## Background", "## Objective");
	before(md, "## Objective", "## Discussion");
	before(md, "## Discussion", "## Principle stances");
	before(md, "## Principle stances", "## Options and votes");
	before(md, "## Options and votes", "### Ballot 1");
	before(md, "### Ballot 1", "### Ballot 2");
	before(md, "### Ballot 2", "## Decision");
	before(md, "## Decision", "## Rationale");
	before(md, "## Rationale", "## Outcome");
	before(md, "## Outcome", "## Recommendations");
	before(md, "## Recommendations", "## Time per stage");

	/* attendance: a table of names and roles, in place of "Present" */
	before(md, "## Attendance\n\n| Name | Role |\n| --- | --- |\n| Ann | Chair |\n"
		   "| Bea | Member |\n| Cai | Member |\n| Dev | Member |\n\n", NULL);
	assert_null(strstr(md, "| Present |"));
	/* the inject with when it was released */
	before(md, "Further information (released at 2026-01-01 11:02 CET, Gather information "
		   "and intelligence):\n\n> A new fact\n> over two lines.", "## Objective");

	/* the discussion in the order spoken, each contribution attributed */
	before(md, "### Gather information and intelligence\n\n*Time at this stage: 12 min 00 s.*"
		   "\n\n**Dev (member):** Dev spoke before Bea\n\n**Bea (member):** Bea first\n\n"
		   "**Ann (chair):** Ann second\n\n"
		   "**Cai (member), on Openness:** *In tension.* Whose words?\n\n"
		   "**Bea (member), on Openness:** *Upholds.*\n\n"
		   "**Cai (member), on Openness:** *Upholds.* Changed my mind\n\n"
		   "**Dev (member), on Accountability:** Who answers for it?\n\n", NULL);
	/* no principle headings: the stances are in their own table */
	assert_null(strstr(md, "#### "));

	/* stances per participant: Ann took none; Cai changed her mind */
	before(md, "| Stage | Principle | Bea (member) | Cai (member) | Dev (member) |\n"
		   "| --- | --- | --- | --- | --- |\n"
		   "| Information | Accountability | \xE2\x80\x94 | \xE2\x80\x94 | *reasoning* |\n"
		   "| Information | Openness | Upholds | Upholds | \xE2\x80\x94 |\n\n", NULL);

	/* options without counts; the revealed ballot with them */
	before(md, "## Options and votes\n\n1. **Ann (chair):** Suggest words\n"
		   "2. **Bea (member):** Decline\n\n### Contingencies", "### Ballot 1");
	assert_null(strstr(md, "Votes:"));
	before(md, "### Ballot 1: Secret ballot\n\nOpened 2026-01-01 11:13 CET; revealed "
		   "2026-01-01 11:15 CET; 4 of 4 voted.\n\n"
		   "| Option | For | Against | Abstaining |\n| --- | ---: | ---: | ---: |\n"
		   "| 1. Suggest words | 3 | 0 | 0 |\n| 2. Decline | 1 | 1 | 0 |\n\n"
		   "Most votes for: 1. Suggest words.\n\n", NULL);
	/* the hidden ballot says so and shows no counts */
	sec = section(md, "### Ballot 2");
	before(sec, "### Ballot 2: Show of hands\n\nOpened 2026-01-01 11:16 CET; not revealed: "
		    "2 of 4 voted. Its results are not shown until it is revealed.\n", NULL);
	assert_null(strchr(sec, '|'));
	assert_null(strstr(sec, "Most votes"));
	assert_null(strstr(sec, "Suggest"));
	free(sec);

	before(md, "## Decision\n\n**Ann (chair):** Suggest words\n\n## Rationale\n\n"
		   "**Ann (chair):** The words stay hers.\n\n## Outcome\n\n"
		   "**Ann (chair):** The panel advises suggesting.\n\n", NULL);
	before(md, "## Recommendations\n\n1. **Bea (member):** Guidance on messages\n"
		   "   Owner: Insp Rao.\n2. **Ann (chair):** Share at briefing\n"
		   "   Owner: none named.\n\n", NULL);

	/* the scenario's time-box at the options stage, the session's elsewhere;
	 * time added; paused time not used */
	before(md, "## Time per stage\n\n| Stage | Time-box | Added | Used | Left or over |\n"
		   "| --- | ---: | ---: | ---: | --- |\n"
		   "| Ethics | 5 min 00 s | \xE2\x80\x94 | 0 s | 5 min 00 s left |\n"
		   "| Information | 5 min 00 s | 1 min 00 s | 10 min 00 s | 4 min 00 s over |\n"
		   "| Assessment | 5 min 00 s | \xE2\x80\x94 | 0 s | 5 min 00 s left |\n"
		   "| Powers | 5 min 00 s | \xE2\x80\x94 | 0 s | 5 min 00 s left |\n"
		   "| Options | 8 min 00 s | \xE2\x80\x94 | 6 min 00 s | 2 min 00 s left |\n"
		   "| Action | 5 min 00 s | \xE2\x80\x94 | 2 min 00 s | 3 min 00 s left |\n", NULL);
	free(md);

	/* revealed: the second ballot's counts appear */
	struct event more[ALEN(panel_events) + 1];
	memcpy(more, panel_events, sizeof(panel_events));
	more[ALEN(panel_events)] = (struct event)PEV(EVENT_VOTE_REVEALED, NDM_ACTION, "10:19:30",
						     .ballot = 2);
	s.events = more;
	s.nevents = ALEN(more);
	md = report_markdown(&s);
	before(md, "### Ballot 2: Show of hands\n\nOpened 2026-01-01 11:16 CET; revealed "
		   "2026-01-01 11:19 CET; 2 of 4 voted.\n\n"
		   "| Option | For | Against | Abstaining |\n| --- | ---: | ---: | ---: |\n"
		   "| 1. Suggest words | 2 | 0 | 0 |\n| 2. Decline | 0 | 1 | 0 |\n", NULL);
	free(md);
}

/* Without its snapshot a panel's minutes still name the principles (the
 * built-in framework) and keep the session's own time-box. */
static void test_panel_without_snapshot(void **state)
{
	struct session s = make_panel(false);
	char *md = report_markdown(&s);

	before(md, "was not kept with this session", NULL);
	before(md, "| Information | Accountability |", "| Information | Openness |");
	before(md, "| Options | 5 min 00 s | \xE2\x80\x94 | 6 min 00 s | 1 min 00 s over |", NULL);
	free(md);
}

/* A panel with nothing yet: it says so, section by section. */
static void test_panel_empty(void **state)
{
	struct session s = make_panel(true);
	char *md;

	s.nentries = s.nvotes = s.nevents = s.nparticipants = 0;
	s.timebox = 0;
	s.status = SESSION_OPEN;
	s.finished_at[0] = '\0';
	md = report_markdown(&s);
	before(md, "## Attendance\n\nNo participants were recorded.", NULL);
	before(md, "No discussion was recorded.", "No one took a stance on a principle.");
	before(md, "No options were recorded.", NULL);
	assert_null(strstr(md, "### Ballot"));
	assert_null(strstr(md, "## Recommendations"));
	before(md, "| Ethics | none | \xE2\x80\x94 | 0 s | \xE2\x80\x94 |", NULL);
	before(md, "| Options | 8 min 00 s |", NULL);
	free(md);
}

static void test_empty_open(void **state)
{
	struct session s = make(true);
	char *md;

	s.nentries = 0;
	s.nvotes = 0;
	s.nevents = 0;
	s.nparticipants = 0;
	s.status = SESSION_OPEN;
	s.finished_at[0] = '\0';
	md = report_markdown(&s);
	before(md, "| Finished | not yet (the session is open) |", NULL);
	before(md, "No discussion was recorded.", "No options were recorded.");
	before(md, "No decision was recorded.", NULL);
	assert_null(strstr(md, "| Present |"));
	free(md);
}

int main(void)
{
	/* an hour east of UTC, as a POSIX rule: no zone database needed */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_without_snapshot),
		cmocka_unit_test(test_solo),
		cmocka_unit_test(test_empty_open),
		cmocka_unit_test(test_panel),
		cmocka_unit_test(test_panel_without_snapshot),
		cmocka_unit_test(test_panel_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
