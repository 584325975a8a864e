/* Unit tests for store_scan.c: a session read by the scan, which reads no
 * text but the options' and decisions' and parses each snapshot once,
 * gets the same answer to every one of tally's questions as the same
 * session loaded whole by store_session_load, over a fixture of varied
 * sessions (white-space texts of every kind, stances without text,
 * revisions, deletions, ballots, a pack with its own principles, an
 * imported session, sessions finished again after a reopen). And a
 * filter gives the sessions, in the order, that store_session_ids gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/store.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

#include "scratch.h"
#include "trainer_fixtures.h"

static void same_answers(const struct session *a, const struct session *b)
{
	const struct framework *fa = tally_framework(a), *fb = tally_framework(b);
	const struct entry *da = tally_decision(a), *db = tally_decision(b);

	assert_string_equal(a->id, b->id);
	assert_int_equal(a->status, b->status);
	assert_string_equal(a->started_at, b->started_at);
	assert_string_equal(a->finished_at, b->finished_at);
	char fa1[SESSION_TIME_LEN], fa2[SESSION_TIME_LEN];
	char fb1[SESSION_TIME_LEN], fb2[SESSION_TIME_LEN];
	assert_int_equal(tally_finishes(a, fa1, fa2), tally_finishes(b, fb1, fb2));
	assert_string_equal(fa1, fb1);
	assert_string_equal(fa2, fb2);
	assert_int_equal(a->nparticipants, b->nparticipants);
	assert_int_equal(a->nentries, b->nentries);
	for (size_t i = 0; i < a->nentries; i++) {
		assert_int_equal(a->entries[i].id, b->entries[i].id);
		assert_int_equal(a->entries[i].revision, b->entries[i].revision);
		assert_int_equal(tally_entry_counts(&a->entries[i]),
				 tally_entry_counts(&b->entries[i]));
	}
	assert_true((fa == NULL) == (fb == NULL));
	assert_int_equal(tally_principles_total(a), tally_principles_total(b));
	assert_int_equal(tally_principles_considered(a), tally_principles_considered(b));
	for (size_t p = 0; fa && p < fa->count; p++) {
		assert_string_equal(fa->principles[p].id, fb->principles[p].id);
		for (int st = 0; st < NDM_STAGE_COUNT; st++) {
			struct tally_cell ca, cb;
			tally_cell(a, (enum ndm_stage)st, fa->principles[p].id, &ca);
			tally_cell(b, (enum ndm_stage)st, fa->principles[p].id, &cb);
			assert_memory_equal(&ca, &cb, sizeof(ca));
		}
	}
	assert_true((da == NULL) == (db == NULL));
	if (da) {
		assert_int_equal(da->id, db->id);
		assert_string_equal(da->text, db->text);
		assert_int_equal(da->pack_option, db->pack_option);
	}
	assert_int_equal(tally_total_seconds(a), tally_total_seconds(b));
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		assert_int_equal(tally_stage_seconds(a, (enum ndm_stage)st, NULL),
				 tally_stage_seconds(b, (enum ndm_stage)st, NULL));
	assert_int_equal(a->nvotes, b->nvotes);
	for (size_t i = 0; i < a->nvotes; i++)
		assert_int_equal(tally_vote_counted(a, i), tally_vote_counted(b, i));
	assert_true((a->scenario == NULL) == (b->scenario == NULL));
	if (a->scenario) {
		assert_int_equal(a->scenario->noptions, b->scenario->noptions);
		for (size_t i = 0; i < a->scenario->noptions; i++)
			assert_string_equal(a->scenario->options[i], b->scenario->options[i]);
	}
}

static void test_scan_agrees_with_load(void **state)
{
	struct fixture fx;
	struct store_error err = {0};
	struct store_scan *sc;
	const struct session *s;
	char **ids;
	size_t n, seen = 0, finished_again = 0;

	fixture_make(&fx, "agree.db", 40, 7);
	/* a second connection loads, the scan holding the first one's read */
	struct store *other = store_open(fx.path, &err);
	assert_non_null(other);
	assert_true(store_session_ids(fx.st, NULL, &ids, &n, &err));
	assert_int_equal(n, fx.nsessions);
	sc = store_scan_open(fx.st, NULL, STORE_SCAN_PARTICIPANTS | STORE_SCAN_ENTRIES |
			     STORE_SCAN_VOTES | STORE_SCAN_EVENTS | STORE_SCAN_SCENARIO, &err);
	assert_non_null(sc);
	while ((s = store_scan_next(sc, &err))) {
		struct session *whole = store_session_load(other, s->id, &err);
		assert_non_null(whole);
		assert_string_equal(s->id, ids[seen]);
		same_answers(s, whole);
		char first[SESSION_TIME_LEN], last[SESSION_TIME_LEN];
		finished_again += tally_finishes(s, first, last) > 1 &&
				  s->status == SESSION_FINISHED && strcmp(first, last) < 0;
		session_destroy(whole);
		seen++;
	}
	assert_int_equal(err.code, STORE_OK);
	assert_int_equal(seen, n);
	assert_true(finished_again > 0); /* the fixture has such sessions */
	store_scan_close(sc);
	store_close(other);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	fixture_free(&fx);
}

/* Only the parts asked for are read; a filter selects as everywhere. */
static void test_scan_parts_and_filter(void **state)
{
	struct fixture fx;
	struct store_error err = {0};
	struct store_filter f = {.cohort = "Intake 2"};
	struct store_scan *sc;
	const struct session *s;
	char **ids;
	size_t n, seen = 0;

	fixture_make(&fx, "parts.db", 12, 3);
	assert_true(store_session_ids(fx.st, &f, &ids, &n, &err));
	assert_true(n > 0);
	sc = store_scan_open(fx.st, &f, STORE_SCAN_ENTRIES, &err);
	assert_non_null(sc);
	while ((s = store_scan_next(sc, &err))) {
		assert_string_equal(s->cohort, "Intake 2");
		assert_string_equal(s->id, ids[seen++]);
		assert_int_equal(s->nparticipants, 0);
		assert_int_equal(s->nevents, 0);
		assert_null(s->scenario);
		/* no text read but the options' and decisions' */
		for (size_t i = 0; i < s->nentries; i++) {
			const struct entry *e = &s->entries[i];
			if (e->kind == ENTRY_NOTE || e->kind == ENTRY_PRINCIPLE)
				assert_true(e->text[0] == '\0' || e->text == STORE_SCAN_UNREAD);
		}
	}
	assert_int_equal(seen, n);
	store_scan_close(sc);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	fixture_free(&fx);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_agrees_with_load),
		cmocka_unit_test(test_scan_parts_and_filter),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
