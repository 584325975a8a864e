/* Unit tests for report.c: the minutes of a session built in memory, with
 * and without the scenario's snapshot. */
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
		.label = "Panel | one", .cohort = "", .mode = SESSION_PANEL,
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

/* A solo session's entries are all the one person's: not attributed. */
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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_without_snapshot),
		cmocka_unit_test(test_solo),
		cmocka_unit_test(test_empty_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
