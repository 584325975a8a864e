/* Unit tests for tally.c, the one answer to each question about a session:
 * what counts as considered (a stance without text does), the session's
 * decision when participants chose differently, which votes count, the
 * order of options, stage progress, time per stage and released injects.
 * Sessions are built in memory, so each rule is seen on its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/tally.h"
#include "dilemma/util.h"

#define E(i, st, k, pr, who, sn, tx, pos, updated) \
	{.id = i, .stage = st, .kind = k, .principle = pr, .participant = who, .stance = sn, \
	 .text = tx, .position = pos, .revision = 1, .created_at = "2026-01-01T10:00:00Z", \
	 .updated_at = updated}

#define V(who, opt, val, when) \
	{.participant = who, .option = opt, .value = val, .at = when, .ballot = 1, .count = 1}
#define EV(k, st, when, inj) {.kind = k, .stage = st, .detail = "", .at = when, .inject = inj}

static struct participant people[] = {
	{1, "Ada", "member"},
	{2, "Osei", "member"},
};

static struct session base(struct entry *e, size_t n)
{
	struct session s = {
		.id = "11111111-2222-4333-8444-555555555555",
		.label = "t", .cohort = "", .mode = SESSION_PANEL, .status = SESSION_OPEN,
		.started_at = "2026-01-01T10:00:00Z", .pack_id = "pk", .scenario_id = "sc",
		.scenario_title = "T", .framework_id = "coe-2014",
		.participants = people, .nparticipants = 2, .entries = e, .nentries = n,
	};
	return s;
}

/* Two stances without a word of text: both principles were considered. */
static void test_stance_only_counts(void **state)
{
	struct entry e[] = {
		E(1, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "fairness", 1, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:01:00Z"),
		E(2, NDM_POWERS, ENTRY_PRINCIPLE, "integrity", 1, STANCE_TENSION, "  \n", 0,
		  "2026-01-01T10:02:00Z"),
		/* blank text and no stance: nothing */
		E(3, NDM_POWERS, ENTRY_PRINCIPLE, "honesty", 1, STANCE_NONE, " ", 0,
		  "2026-01-01T10:03:00Z"),
	};
	struct session s = base(e, ALEN(e));
	struct tally_cell c;

	assert_true(tally_entry_counts(&e[0]));
	assert_true(tally_entry_counts(&e[1]));
	assert_false(tally_entry_counts(&e[2]));
	assert_true(tally_cell(&s, NDM_ASSESSMENT, "fairness", &c));
	assert_int_equal(c.entries, 1);
	assert_int_equal(c.stances[STANCE_UPHOLDS], 1);
	assert_true(tally_considered(&s, NDM_POWERS, "integrity"));
	assert_false(tally_considered(&s, NDM_POWERS, "honesty"));
	assert_false(tally_considered(&s, NDM_ASSESSMENT, "integrity"));
	assert_true(tally_considered_anywhere(&s, "integrity"));
	assert_false(tally_considered_anywhere(&s, "honesty"));
	assert_int_equal(tally_principles_considered(&s), 2);
	assert_int_equal(tally_principles_total(&s), 9); /* coe-2014, built in */
	assert_true(tally_stage_discussed(&s, NDM_POWERS));
	assert_false(tally_stage_discussed(&s, NDM_OPTIONS));
	/* a deleted stance is not a stance */
	e[0].deleted = true;
	assert_false(tally_considered(&s, NDM_ASSESSMENT, "fairness"));
	assert_int_equal(tally_principles_considered(&s), 1);
}

/* Principles outside the framework, and the same principle twice, count once. */
static void test_principles_counted_once(void **state)
{
	struct entry e[] = {
		E(1, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "fairness", 1, STANCE_NONE, "why", 0,
		  "2026-01-01T10:01:00Z"),
		E(2, NDM_OPTIONS, ENTRY_PRINCIPLE, "fairness", 2, STANCE_TENSION, "", 0,
		  "2026-01-01T10:02:00Z"),
		E(3, NDM_OPTIONS, ENTRY_PRINCIPLE, "not-a-principle", 2, STANCE_NONE, "text", 0,
		  "2026-01-01T10:02:00Z"),
		E(4, NDM_OPTIONS, ENTRY_PRINCIPLE, "fairness", 1, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:02:00Z"),
	};
	struct session s = base(e, ALEN(e));
	struct tally_cell c;

	assert_int_equal(tally_principles_considered(&s), 1);
	/* two participants at one cell, with different stances */
	assert_true(tally_cell(&s, NDM_OPTIONS, "fairness", &c));
	assert_int_equal(c.entries, 2);
	assert_int_equal(c.stances[STANCE_TENSION], 1);
	assert_int_equal(c.stances[STANCE_UPHOLDS], 1);
	assert_string_equal(tally_principle_name(&s, "fairness"), "Fairness");
	assert_string_equal(tally_principle_name(&s, "not-a-principle"), "not-a-principle");
}

/* Two participants chose different options: the decision saved last is the
 * session's, whatever its id; a blank or deleted one is not a decision. */
static void test_decision_saved_last(void **state)
{
	struct entry e[] = {
		E(1, NDM_ACTION, ENTRY_DECISION, NULL, 2, STANCE_NONE, "Release the image", 0,
		  "2026-01-01T10:09:00Z"),
		E(2, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "Withhold the image", 0,
		  "2026-01-01T10:05:00Z"),
		E(3, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "   ", 0,
		  "2026-01-01T10:30:00Z"),
	};
	struct session s = base(e, ALEN(e));

	assert_string_equal(tally_decision(&s)->text, "Release the image");
	/* the same time: the higher entry id */
	strcpy(e[1].updated_at, "2026-01-01T10:09:00Z");
	assert_string_equal(tally_decision(&s)->text, "Withhold the image");
	e[1].deleted = true;
	assert_string_equal(tally_decision(&s)->text, "Release the image");
	e[0].deleted = true;
	assert_null(tally_decision(&s));
}

static void test_votes(void **state)
{
	struct entry e[] = {
		E(4, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "A", 20, "2026-01-01T10:00:00Z"),
		E(5, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "B", 10, "2026-01-01T10:00:00Z"),
	};
	struct vote v[] = {
		V(1, 5, 1, "2026-01-01T10:10:00Z"),
		V(2, 5, -1, "2026-01-01T10:10:00Z"),
		V(2, 5, 1, "2026-01-01T10:11:00Z"),   /* Osei changes their mind */
		V(0, 4, 0, "2026-01-01T10:11:00Z"),   /* anonymous: each counts */
		V(0, 4, 0, "2026-01-01T10:12:00Z"),
	};
	struct session s = base(e, ALEN(e));
	size_t c[TALLY_VOTE_KINDS];

	s.votes = v;
	s.nvotes = ALEN(v);
	assert_true(tally_vote_counted(&s, 0));
	assert_false(tally_vote_counted(&s, 1));
	assert_true(tally_vote_counted(&s, 2));
	assert_true(tally_vote_counted(&s, 3));
	assert_true(tally_votes(&s, 5, c));
	assert_int_equal(c[TALLY_FOR], 2);
	assert_int_equal(c[TALLY_AGAINST], 0);
	assert_true(tally_votes(&s, 4, c));
	assert_int_equal(c[TALLY_ABSTAIN], 2);
	assert_false(tally_votes(&s, 6, c));
	assert_int_equal(c[TALLY_FOR] + c[TALLY_AGAINST] + c[TALLY_ABSTAIN], 0);
}

/* A second ballot on the same option does not replace the first one's
 * vote: each ballot counts its own. */
static void test_votes_per_ballot(void **state)
{
	struct entry e[] = {
		E(4, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "A", 20, "2026-01-01T10:00:00Z"),
	};
	struct vote v[] = {
		V(1, 4, -1, "2026-01-01T10:10:00Z"),
		V(1, 4, 1, "2026-01-01T10:20:00Z"),
		V(1, 4, 0, "2026-01-01T10:21:00Z"),
	};
	struct session s = base(e, ALEN(e));

	v[1].ballot = 2;
	v[2].ballot = 2;
	s.votes = v;
	s.nvotes = ALEN(v);
	assert_true(tally_vote_counted(&s, 0));  /* ballot 1's only vote */
	assert_false(tally_vote_counted(&s, 1)); /* replaced within ballot 2 */
	assert_true(tally_vote_counted(&s, 2));
}

/* The rule on fields alone agrees with the rule on an entry. */
static void test_counts_fields(void **state)
{
	static const char *const texts[] = {"", " ", "\t\n", "\v\f\r", "x", " x ", "\xC2\xA0"};

	for (size_t i = 0; i < ALEN(texts); i++)
		for (int k = 0; k < ENTRY_KIND_COUNT; k++)
			for (int sn = 0; sn < STANCE_COUNT; sn++)
				for (int d = 0; d < 2; d++) {
					struct entry e = E(1, NDM_POWERS, (enum entry_kind)k, "x", 0,
							   (enum stance)sn, (char *)texts[i], 0, "");
					e.deleted = d;
					assert_int_equal(tally_entry_counts(&e),
							 tally_counts(e.kind, d, str_blank(texts[i]),
								      e.stance));
				}
	assert_true(str_blank("\v\f\r \t\n"));
	assert_false(str_blank("\xC2\xA0")); /* a no-break space is text */
}

/* One pass over the entries gives every cell tally_cell() gives. */
static void test_grid(void **state)
{
	struct entry e[] = {
		E(1, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "fairness", 1, STANCE_UPHOLDS, "", 0, "t"),
		E(2, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "fairness", 2, STANCE_TENSION, "why", 0, "t"),
		E(3, NDM_POWERS, ENTRY_PRINCIPLE, "integrity", 1, STANCE_NONE, " ", 0, "t"),
		E(4, NDM_POWERS, ENTRY_PRINCIPLE, "honesty", 1, STANCE_NONE, "yes", 0, "t"),
		E(5, NDM_ACTION, ENTRY_PRINCIPLE, "not-ours", 1, STANCE_NEUTRAL, "", 0, "t"),
		E(6, NDM_ACTION, ENTRY_NOTE, NULL, 1, STANCE_NONE, "a note", 0, "t"),
	};
	struct session s = base(e, ALEN(e));
	const struct framework *fw = tally_framework(&s);
	struct tally_cell (*grid)[NDM_STAGE_COUNT] = xcalloc(fw->count, sizeof(*grid));

	e[3].deleted = true;
	tally_grid(&s, fw, grid);
	for (size_t p = 0; p < fw->count; p++)
		for (int st = 0; st < NDM_STAGE_COUNT; st++) {
			struct tally_cell c;
			tally_cell(&s, (enum ndm_stage)st, fw->principles[p].id, &c);
			assert_memory_equal(&c, &grid[p][st], sizeof(c));
		}
	int f = framework_principle_index(fw, "fairness");
	assert_int_equal(grid[f][NDM_ASSESSMENT].entries, 2);
	assert_int_equal(grid[f][NDM_ASSESSMENT].stances[STANCE_TENSION], 1);
	free(grid);
}

/* Ballots: who voted, among how many, and the majority "for" (hands
 * counted, replaced votes not, a tie none); revealed only with its event. */
static void test_ballots(void **state)
{
	static struct participant four[] = {
		{1, "Ada", "chair"}, {2, "Ben", "member"}, {3, "Cy", "member"}, {4, "Di", "observer"},
	};
	struct entry e[] = {
		E(1, NDM_OPTIONS, ENTRY_OPTION, NULL, 0, STANCE_NONE, "A", 1, "t"),
		E(2, NDM_OPTIONS, ENTRY_OPTION, NULL, 0, STANCE_NONE, "B", 2, "t"),
		E(3, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "B", 0, "t"),
	};
	struct vote v[] = {
		V(1, 1, 1, "t1"), V(2, 2, 1, "t2"), V(3, 2, -1, "t3"),
		V(3, 2, 1, "t4"),  /* Cy changes their mind: B has two for */
		V(0, 1, 1, "t5"), V(0, 2, 1, "t6"), V(0, 2, -1, "t7"),
	};
	struct event ev[] = {
		EV(EVENT_BALLOT_OPENED, NDM_ETHICS, "t0", 0),
		EV(EVENT_VOTE_REVEALED, NDM_ETHICS, "t8", 0),
		EV(EVENT_BALLOT_OPENED, NDM_ETHICS, "t9", 0),
	};
	struct session s = base(e, ALEN(e));
	struct tally_ballot *b = NULL;

	/* ballot 2 is a show of hands: 4 for A, 3 for and 2 against B */
	v[4].ballot = v[5].ballot = v[6].ballot = 2;
	v[4].count = 4;
	v[5].count = 3;
	v[6].count = 2;
	ev[0].ballot = ev[1].ballot = 1;
	ev[2].ballot = 3; /* opened, no votes yet */
	s.participants = four;
	s.nparticipants = 4;
	s.votes = v;
	s.nvotes = ALEN(v);
	s.events = ev;
	s.nevents = ALEN(ev);
	assert_int_equal(tally_ballots(&s, &b), 3);
	assert_int_equal(b[0].number, 1);
	assert_true(b[0].revealed);
	assert_int_equal(b[0].voters, 3);
	assert_int_equal(b[0].eligible, 3);
	assert_int_equal(b[0].majority, 2);
	assert_true(tally_matches_decision(&s, b[0].majority));
	assert_false(tally_matches_decision(&s, 1));
	assert_int_equal(b[1].number, 2);
	assert_false(b[1].revealed);
	assert_int_equal(b[1].voters, 5); /* the most hands on one option */
	assert_int_equal(b[1].majority, 1);
	assert_int_equal(b[2].number, 3);
	assert_int_equal(b[2].voters, 0);
	assert_int_equal(b[2].majority, 0);
	tally_ballots_free(b, 3);
	/* a tie has no majority */
	v[4].count = 3;
	assert_int_equal(tally_ballots(&s, &b), 3);
	assert_int_equal(b[1].majority, 0);
	tally_ballots_free(b, 3);
	/* pack options match by number, own wording by text */
	e[1].pack_option = 2;
	assert_false(tally_matches_decision(&s, 2));
	e[2].pack_option = 2;
	e[2].text = "B, in our words";
	assert_true(tally_matches_decision(&s, 2));
}

static void test_list_order(void **state)
{
	struct entry e[] = {
		E(1, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "third", 30, "2026-01-01T10:00:00Z"),
		E(2, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "first", 10, "2026-01-01T10:00:00Z"),
		E(3, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "", 20, "2026-01-01T10:00:00Z"),
		E(4, NDM_OPTIONS, ENTRY_CONTINGENCY, NULL, 1, STANCE_NONE, "c", 0, "2026-01-01T10:00:00Z"),
		E(5, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "gone", 0, "2026-01-01T10:00:00Z"),
		E(6, NDM_OPTIONS, ENTRY_OPTION, NULL, 1, STANCE_NONE, "also first", 10,
		  "2026-01-01T10:00:00Z"),
	};
	struct session s = base(e, ALEN(e));
	const struct entry **l = NULL;
	size_t n;

	e[4].deleted = true;
	n = tally_list(&s, ENTRY_OPTION, false, &l);
	assert_int_equal(n, 4);
	assert_string_equal(l[0]->text, "first");      /* position 10, id 2 */
	assert_string_equal(l[1]->text, "also first"); /* position 10, id 6 */
	assert_string_equal(l[2]->text, "");           /* position 20 */
	assert_string_equal(l[3]->text, "third");
	free(l);
	n = tally_list(&s, ENTRY_OPTION, true, &l);
	assert_int_equal(n, 3); /* the blank one does not count */
	free(l);
	n = tally_list(&s, ENTRY_REVIEW, true, &l);
	assert_int_equal(n, 0);
	assert_null(l);
}

/* The order spoken is the order first saved (a revision does not move a
 * contribution), then id; notes and principles interleave, other kinds and
 * what does not count stay out. */
static void test_discussion_order(void **state)
{
	struct entry e[] = {
		E(1, NDM_INFORMATION, ENTRY_NOTE, NULL, 1, STANCE_NONE, "third", 0,
		  "2026-01-01T10:09:00Z"),
		E(2, NDM_INFORMATION, ENTRY_PRINCIPLE, "fairness", 2, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:02:00Z"),
		E(3, NDM_INFORMATION, ENTRY_NOTE, NULL, 2, STANCE_NONE, "first", 0,
		  "2026-01-01T10:01:00Z"),
		E(4, NDM_INFORMATION, ENTRY_NOTE, NULL, 1, STANCE_NONE, " ", 0,
		  "2026-01-01T10:01:00Z"),
		E(5, NDM_INFORMATION, ENTRY_OPTION, NULL, 1, STANCE_NONE, "not talk", 0,
		  "2026-01-01T10:01:00Z"),
		E(6, NDM_ASSESSMENT, ENTRY_NOTE, NULL, 1, STANCE_NONE, "elsewhere", 0,
		  "2026-01-01T10:01:00Z"),
		E(7, NDM_INFORMATION, ENTRY_NOTE, NULL, 0, STANCE_NONE, "also first", 0,
		  "2026-01-01T10:01:00Z"),
	};
	struct session s = base(e, ALEN(e));
	const struct entry **l = NULL;

	strcpy(e[0].created_at, "2026-01-01T10:03:00Z"); /* revised at 10:09 */
	strcpy(e[1].created_at, "2026-01-01T10:02:00Z");
	strcpy(e[2].created_at, "2026-01-01T10:01:00Z");
	strcpy(e[6].created_at, "2026-01-01T10:01:00Z");
	assert_int_equal(tally_discussion(&s, NDM_INFORMATION, &l), 4);
	assert_int_equal(l[0]->id, 3);
	assert_int_equal(l[1]->id, 7); /* the same time: by id */
	assert_int_equal(l[2]->id, 2);
	assert_int_equal(l[3]->id, 1);
	free(l);
	assert_int_equal(tally_discussion(&s, NDM_POWERS, &l), 0);
	assert_null(l);
}

/* Each participant's stance on a principle at a stage: the one saved last
 * among theirs that took one; reasoning without a stance counts as
 * considered; the principles considered at a stage, the framework's first
 * and in its order. */
static void test_stance_of(void **state)
{
	struct entry e[] = {
		E(1, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "openness", 1, STANCE_UPHOLDS, "yes", 0,
		  "2026-01-01T10:05:00Z"),
		E(2, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "openness", 1, STANCE_TENSION, "", 0,
		  "2026-01-01T10:01:00Z"),
		E(3, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "openness", 1, STANCE_NONE, "more", 0,
		  "2026-01-01T10:09:00Z"),
		E(4, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "openness", 2, STANCE_NONE, "hmm", 0,
		  "2026-01-01T10:02:00Z"),
		E(5, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "house-rule", 0, STANCE_NEUTRAL, "", 0,
		  "2026-01-01T10:02:00Z"),
		E(6, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "accountability", 2, STANCE_TENSION, "", 0,
		  "2026-01-01T10:02:00Z"),
		E(7, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "accountability", 2, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:02:00Z"),
		E(8, NDM_POWERS, ENTRY_PRINCIPLE, "honesty", 1, STANCE_UPHOLDS, "x", 0,
		  "2026-01-01T10:02:00Z"),
	};
	struct session s = base(e, ALEN(e));
	struct tally_stance t;
	const char **ids = NULL;

	assert_true(tally_stance_of(&s, NDM_ASSESSMENT, "openness", 1, &t));
	assert_int_equal(t.entries, 3);
	assert_int_equal(t.stance, STANCE_UPHOLDS); /* saved after the tension */
	assert_true(tally_stance_of(&s, NDM_ASSESSMENT, "openness", 2, &t));
	assert_int_equal(t.entries, 1);
	assert_int_equal(t.stance, STANCE_NONE);
	/* the same time: the higher id */
	assert_true(tally_stance_of(&s, NDM_ASSESSMENT, "accountability", 2, &t));
	assert_int_equal(t.stance, STANCE_UPHOLDS);
	assert_true(tally_stance_of(&s, NDM_ASSESSMENT, "house-rule", 0, &t));
	assert_int_equal(t.stance, STANCE_NEUTRAL);
	assert_false(tally_stance_of(&s, NDM_ASSESSMENT, "house-rule", 1, &t));
	assert_int_equal(t.entries, 0);
	assert_false(tally_stance_of(&s, NDM_POWERS, "openness", 1, &t));
	e[0].deleted = true;
	assert_true(tally_stance_of(&s, NDM_ASSESSMENT, "openness", 1, &t));
	assert_int_equal(t.stance, STANCE_TENSION);
	e[0].deleted = false;

	/* accountability before openness (coe-2014's order), then the pack's own */
	assert_int_equal(tally_principles_at(&s, NDM_ASSESSMENT, &ids), 3);
	assert_string_equal(ids[0], "accountability");
	assert_string_equal(ids[1], "openness");
	assert_string_equal(ids[2], "house-rule");
	free(ids);
	assert_int_equal(tally_principles_at(&s, NDM_ACTION, &ids), 0);
	assert_null(ids);
}

static void test_progress(void **state)
{
	struct entry e[] = {
		E(1, NDM_INFORMATION, ENTRY_NOTE, NULL, 1, STANCE_NONE, "notes", 0,
		  "2026-01-01T10:00:00Z"),
		E(2, NDM_INFORMATION, ENTRY_PRINCIPLE, "fairness", 1, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:00:00Z"),
		E(3, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "fairness", 1, STANCE_UPHOLDS, "", 0,
		  "2026-01-01T10:00:00Z"),
		E(4, NDM_ACTION, ENTRY_DECISION, NULL, 1, STANCE_NONE, "do it", 0,
		  "2026-01-01T10:00:00Z"),
		E(5, NDM_ACTION, ENTRY_PRINCIPLE, "honesty", 2, STANCE_NEUTRAL, "", 0,
		  "2026-01-01T10:00:00Z"),
	};
	struct session s = base(e, ALEN(e));

	assert_int_equal(tally_stage_progress(&s, NDM_INFORMATION), TALLY_DONE);
	assert_int_equal(tally_stage_progress(&s, NDM_ASSESSMENT), TALLY_STARTED);
	assert_int_equal(tally_stage_progress(&s, NDM_POWERS), TALLY_EMPTY);
	/* action: a decision and a principle, but no rationale yet */
	assert_int_equal(tally_stage_progress(&s, NDM_ACTION), TALLY_STARTED);
	struct entry more[ALEN(e) + 1];
	memcpy(more, e, sizeof(e));
	more[ALEN(e)] = (struct entry)E(6, NDM_ACTION, ENTRY_RATIONALE, NULL, 2, STANCE_NONE,
					 "because", 0, "2026-01-01T10:00:00Z");
	s.entries = more;
	s.nentries = ALEN(more);
	assert_int_equal(tally_stage_progress(&s, NDM_ACTION), TALLY_DONE);
}

static void test_time_and_injects(void **state)
{
	struct event ev[] = {
		EV(EVENT_STAGE_ENTERED, NDM_INFORMATION, "2026-01-01T10:00:00Z", 0),
		EV(EVENT_STAGE_ENTERED, NDM_ASSESSMENT, "2026-01-01T10:02:00Z", 0),
		EV(EVENT_INJECT_RELEASED, NDM_ASSESSMENT, "2026-01-01T10:02:00Z", 2),
		EV(EVENT_STAGE_LEFT, NDM_ASSESSMENT, "2026-01-01T10:05:00Z", 0),
		EV(EVENT_STAGE_ENTERED, NDM_INFORMATION, "2026-01-01T10:06:00Z", 0),
		EV(EVENT_INJECT_RELEASED, NDM_INFORMATION, "2026-01-01T10:06:30Z", 1),
		EV(EVENT_INJECT_RELEASED, NDM_INFORMATION, "2026-01-01T10:06:40Z", 2),
		EV(EVENT_SESSION_FINISHED, NDM_ETHICS, "2026-01-01T10:07:00Z", 0),
	};
	struct session s = base(NULL, 0);
	struct tally_inject *inj = NULL;

	s.events = ev;
	s.nevents = ALEN(ev);
	strcpy(s.finished_at, "2026-01-01T10:07:00Z");
	assert_int_equal(tally_stage_seconds(&s, NDM_INFORMATION, NULL), 180);
	assert_int_equal(tally_stage_seconds(&s, NDM_ASSESSMENT, NULL), 180);
	assert_int_equal(tally_stage_seconds(&s, NDM_POWERS, NULL), 0);
	assert_int_equal(tally_total_seconds(&s), 420);
	assert_int_equal(tally_last_stage(&s), NDM_INFORMATION);
	/* in the order released, each once, with where and when */
	assert_int_equal(tally_injects(&s, &inj), 2);
	assert_int_equal(inj[0].index, 1);
	assert_int_equal(inj[0].stage, NDM_ASSESSMENT);
	assert_string_equal(inj[0].at, "2026-01-01T10:02:00Z");
	assert_int_equal(inj[1].index, 0);
	free(inj);
	assert_true(tally_inject_released(&s, 0));
	assert_true(tally_inject_released(&s, 1));
	assert_false(tally_inject_released(&s, 2));
	s.nevents = 2;
	assert_int_equal(tally_injects(&s, &inj), 0);
	assert_null(inj);
	assert_int_equal(tally_last_stage(&s), NDM_ASSESSMENT);
}

/* Finished, reopened and finished again: two finishes, the first kept;
 * the durations run to the latest, leaving out the time it lay finished,
 * and a reopened session still has had its finishes. */
static void test_finishes(void **state)
{
	struct event ev[] = {
		EV(EVENT_STAGE_ENTERED, NDM_INFORMATION, "2026-01-01T10:00:00Z", 0),
		EV(EVENT_SESSION_FINISHED, NDM_ETHICS, "2026-01-01T10:05:00Z", 0),
		EV(EVENT_SESSION_REOPENED, NDM_ETHICS, "2026-01-02T09:00:00Z", 0),
		EV(EVENT_STAGE_ENTERED, NDM_ACTION, "2026-01-02T09:00:00Z", 0),
		EV(EVENT_SESSION_FINISHED, NDM_ETHICS, "2026-01-02T09:02:00Z", 0),
		EV(EVENT_SESSION_REOPENED, NDM_ETHICS, "2026-01-03T09:00:00Z", 0),
	};
	struct session s = base(NULL, 0);
	char first[SESSION_TIME_LEN] = "x", last[SESSION_TIME_LEN] = "x";

	assert_int_equal(tally_finishes(&s, first, last), 0);
	assert_string_equal(first, "");
	assert_string_equal(last, "");
	s.events = ev;
	s.nevents = 1;
	assert_int_equal(tally_finishes(&s, first, last), 0);
	s.nevents = 2;
	assert_int_equal(tally_finishes(&s, first, last), 1);
	assert_string_equal(first, "2026-01-01T10:05:00Z");
	assert_string_equal(last, "2026-01-01T10:05:00Z");
	s.nevents = 5;
	s.status = SESSION_FINISHED;
	strcpy(s.finished_at, "2026-01-02T09:02:00Z");
	assert_int_equal(tally_finishes(&s, first, last), 2);
	assert_string_equal(first, "2026-01-01T10:05:00Z");
	assert_string_equal(last, s.finished_at);
	/* 5 minutes, then 2 after the reopen: not the day it lay finished */
	assert_int_equal(tally_total_seconds(&s), 7 * 60);
	assert_int_equal(tally_stage_seconds(&s, NDM_INFORMATION, NULL), 300);
	assert_int_equal(tally_stage_seconds(&s, NDM_ACTION, NULL), 120);
	s.nevents = 6;
	s.status = SESSION_OPEN;
	s.finished_at[0] = '\0';
	assert_int_equal(tally_finishes(&s, first, last), 2);
	assert_string_equal(last, "2026-01-02T09:02:00Z");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stance_only_counts),
		cmocka_unit_test(test_principles_counted_once),
		cmocka_unit_test(test_decision_saved_last),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_votes_per_ballot),
		cmocka_unit_test(test_counts_fields),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_ballots),
		cmocka_unit_test(test_list_order),
		cmocka_unit_test(test_discussion_order),
		cmocka_unit_test(test_stance_of),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_time_and_injects),
		cmocka_unit_test(test_finishes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
