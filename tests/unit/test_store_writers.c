/* Unit tests for more than one writer on one session (issue 12, defect 3)
 * and for reading older databases: two connections to one database stand
 * for two workbenches. A save made from a stale copy is refused as a
 * conflict and the writer gets the other version (compare and swap); two
 * windows creating the same field do not make two entries; who has a
 * session open is known, and forgotten when stale; and a database of
 * schema 1, whose inject numbers were text in `detail`, opens with them as
 * numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/store.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

#include "scratch.h"

static struct pack_scenario scenario = {
	.id = "s1", .title = "A scenario", .situation = "Something.", .question = "What?",
};

static struct pack test_pack = {
	.id = "writers", .title = "Writers", .version = 1, .scenarios = &scenario,
	.nscenarios = 1, .hash = "0123456789abcdef",
};

struct two {
	char *path;
	struct store *a, *b;
	struct session *sa, *sb; /* the same session, as each window loaded it */
};

static void open_two(struct two *t, const char *name)
{
	struct participant_spec who = {"Robin", NULL};
	struct session_spec spec = {
		.pack = &test_pack, .scenario = &scenario, .label = name,
		.mode = SESSION_SOLO, .participants = &who, .nparticipants = 1,
	};
	struct store_error err = {0};

	t->path = xasprintf("%s/%s.db", tmpdir, name);
	t->a = store_open(t->path, &err);
	t->b = store_open(t->path, &err);
	assert_non_null(t->a);
	assert_non_null(t->b);
	t->sa = store_session_create(t->a, &spec, &err);
	assert_non_null(t->sa);
	t->sb = store_session_load(t->b, t->sa->id, &err);
	assert_non_null(t->sb);
}

static void close_two(struct two *t)
{
	session_destroy(t->sa);
	session_destroy(t->sb);
	store_close(t->a);
	store_close(t->b);
	free(t->path);
}

static struct entry note(const char *text)
{
	struct entry e = {.stage = NDM_INFORMATION, .kind = ENTRY_NOTE, .participant = 1,
			  .text = (char *)text};
	return e;
}

/* A saves revision 2; B, still holding revision 1, is refused and shown
 * A's text; B's own text goes in once it is based on A's. */
static void test_stale_save_is_a_conflict(void **state)
{
	struct two t;
	struct store_error err = {0};
	struct entry e = note("first");
	int64_t id = 0;

	open_two(&t, "cas");
	assert_true(store_field_save(t.a, t.sa, &e, &id, &err));
	session_destroy(t.sb);
	t.sb = store_session_load(t.b, t.sa->id, &err);
	struct entry ea = *session_entry(t.sa, id), eb = *session_entry(t.sb, id);
	ea.text = "A's edit";
	assert_true(store_entry_save(t.a, t.sa, &ea, NULL, &err));
	eb.text = "B's edit of the first";
	assert_false(store_entry_save(t.b, t.sb, &eb, NULL, &err));
	assert_int_equal(err.code, STORE_CONFLICT);
	assert_non_null(strstr(err.message, "both texts are kept"));
	/* B now sees A's version, at its revision */
	assert_string_equal(session_entry(t.sb, id)->text, "A's edit");
	assert_int_equal(session_entry(t.sb, id)->revision, 2);
	/* based on it, B's text is saved as revision 3 */
	eb = *session_entry(t.sb, id);
	eb.text = "B's edit, merged";
	assert_true(store_entry_save(t.b, t.sb, &eb, NULL, &err));
	assert_int_equal(session_entry(t.sb, id)->revision, 3);
	/* and nothing was lost: the history has all three */
	struct session *s = store_session_load(t.a, t.sa->id, &err);
	assert_string_equal(session_entry(s, id)->text, "B's edit, merged");
	session_destroy(s);
	close_two(&t);
}

/* Both windows write the same principle for the first time: the second
 * is told, and gets the first's entry instead of making a second one. */
static void test_same_field_twice(void **state)
{
	struct two t;
	struct store_error err = {0};
	struct entry e = {.stage = NDM_POWERS, .kind = ENTRY_PRINCIPLE, .principle = "fairness",
			  .participant = 1, .text = "A's reasoning"};
	int64_t id = 0;

	open_two(&t, "field");
	assert_true(store_field_save(t.a, t.sa, &e, &id, &err));
	e.text = "B's reasoning";
	assert_false(store_field_save(t.b, t.sb, &e, NULL, &err));
	assert_int_equal(err.code, STORE_CONFLICT);
	const struct entry *seen = session_entry_find(t.sb, NDM_POWERS, ENTRY_PRINCIPLE,
						      "fairness", 1);
	assert_non_null(seen);
	assert_int_equal(seen->id, id);
	assert_string_equal(seen->text, "A's reasoning");
	/* options are many to a field: both windows may add one */
	struct entry o = {.stage = NDM_OPTIONS, .kind = ENTRY_OPTION, .participant = 1,
			  .text = "A's option"};
	assert_true(store_entry_save(t.a, t.sa, &o, NULL, &err));
	o.text = "B's option";
	assert_true(store_entry_save(t.b, t.sb, &o, NULL, &err));
	struct session *s = store_session_load(t.a, t.sa->id, &err);
	const struct entry **l = NULL;
	assert_int_equal(tally_list(s, ENTRY_OPTION, true, &l), 2);
	free(l);
	assert_int_equal(tally_list(s, ENTRY_PRINCIPLE, true, &l), 1);
	free(l);
	session_destroy(s);
	close_two(&t);
}

static void test_presence(void **state)
{
	struct two t;
	struct store_error err = {0};
	char since[SESSION_TIME_LEN];
	size_t n = 99;

	open_two(&t, "presence");
	setenv("DILEMMA_NOW", "2026-04-01T10:00:00Z", 1);
	assert_true(store_presence_others(t.b, t.sb, "b", &n, since, &err));
	assert_int_equal(n, 0);
	assert_true(store_presence_beat(t.a, t.sa, "a", &err));
	assert_true(store_presence_others(t.b, t.sb, "b", &n, since, &err));
	assert_int_equal(n, 1);
	assert_string_equal(since, "2026-04-01T10:00:00Z");
	assert_true(store_presence_others(t.a, t.sa, "a", &n, NULL, &err));
	assert_int_equal(n, 0); /* one does not count oneself */
	/* a beat keeps it fresh; silence past the stale time forgets it */
	setenv("DILEMMA_NOW", "2026-04-01T10:00:40Z", 1);
	assert_true(store_presence_beat(t.a, t.sa, "a", &err));
	setenv("DILEMMA_NOW", "2026-04-01T10:01:20Z", 1);
	assert_true(store_presence_others(t.b, t.sb, "b", &n, since, &err));
	assert_int_equal(n, 1);
	assert_string_equal(since, "2026-04-01T10:00:00Z");
	setenv("DILEMMA_NOW", "2026-04-01T10:01:30Z", 1);
	assert_true(store_presence_others(t.b, t.sb, "b", &n, NULL, &err));
	assert_int_equal(n, 0);
	/* leaving says so at once */
	assert_true(store_presence_beat(t.a, t.sa, "a", &err));
	assert_true(store_presence_leave(t.a, t.sa, "a", &err));
	assert_true(store_presence_others(t.b, t.sb, "b", &n, NULL, &err));
	assert_int_equal(n, 0);
	unsetenv("DILEMMA_NOW");
	close_two(&t);
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A database of schema 1 (made by taking a new one back to that shape):
 * the inject numbers in `detail` become numbers, and nothing else moves. */
static void test_schema_1_opens(void **state)
{
	char *path = xasprintf("%s/old.db", tmpdir);
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct session *s;
	sqlite3 *db;
	char id[SESSION_ID_LEN];

	assert_non_null(st);
	s = store_session_load(st, "", &err); /* nothing yet */
	assert_null(s);
	struct session_spec spec = {.pack = &test_pack, .scenario = &scenario, .label = "old",
				    .mode = SESSION_SOLO};
	s = store_session_create(st, &spec, &err);
	assert_non_null(s);
	memcpy(id, s->id, sizeof(id));
	session_destroy(s);
	store_close(st);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "DROP TRIGGER sessions_activity; DROP TRIGGER sessions_activity_copy;"
		    "DROP TRIGGER revisions_activity;"
		    "DROP TRIGGER events_activity; DROP TABLE session_activity;"
		    "DROP INDEX IF EXISTS sessions_cohort; DROP INDEX IF EXISTS sessions_scenario;"
		    "DROP INDEX IF EXISTS sessions_pack; DROP INDEX participants_name;"
		    "DROP TABLE presence;"
		    "ALTER TABLE revisions DROP COLUMN pack_option;"
		    "ALTER TABLE revisions DROP COLUMN owner;"
		    "ALTER TABLE votes DROP COLUMN ballot;"
		    "ALTER TABLE votes DROP COLUMN count;"
		    "ALTER TABLE events DROP COLUMN inject;"
		    "ALTER TABLE events DROP COLUMN ballot;"
		    "ALTER TABLE events DROP COLUMN seconds;"
		    "ALTER TABLE sessions DROP COLUMN timebox;"
		    "PRAGMA user_version = 1;");
	char *sql = xasprintf("INSERT INTO events (session_id, event_no, kind, stage, detail,"
			      " created_at) VALUES ('%s', 1, 'stage-entered', 'assessment', '',"
			      " '2026-01-01T10:00:00Z'), ('%s', 2, 'inject-released',"
			      " 'assessment', '2', '2026-01-01T10:00:00Z'), ('%s', 3,"
			      " 'inject-released', 'assessment', 'not a number',"
			      " '2026-01-01T10:01:00Z')", id, id, id);
	exec_ok(db, sql);
	free(sql);
	sqlite3_close(db);

	st = store_open(path, &err);
	assert_non_null(st);
	s = store_session_load(st, id, &err);
	assert_non_null(s);
	assert_int_equal(s->nevents, 3);
	assert_int_equal(s->events[1].kind, EVENT_INJECT_RELEASED);
	assert_int_equal(s->events[1].inject, 2);
	assert_string_equal(s->events[1].detail, "");
	/* text that was no number stays text, and releases nothing */
	assert_int_equal(s->events[2].inject, 0);
	assert_string_equal(s->events[2].detail, "not a number");
	assert_int_equal(s->timebox, 0);
	session_destroy(s);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 5);
	sqlite3_finalize(stmt);
	/* events stay append-only after the migration */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET detail = 'x'", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

/* A clock set back dates a new revision no earlier than the one before,
 * so that what is exported imports again. */
static void test_clock_set_back(void **state)
{
	struct two t;
	struct store_error err = {0};
	struct entry e = note("first");
	int64_t id = 0;

	open_two(&t, "clock");
	setenv("DILEMMA_NOW", "2026-06-01T12:00:00Z", 1);
	assert_true(store_field_save(t.a, t.sa, &e, &id, &err));
	setenv("DILEMMA_NOW", "2026-06-01T11:00:00Z", 1);
	struct entry again = *session_entry(t.sa, id);
	again.text = "second";
	assert_true(store_entry_save(t.a, t.sa, &again, NULL, &err));
	assert_string_equal(session_entry(t.sa, id)->updated_at, "2026-06-01T12:00:00Z");
	assert_string_equal(session_entry(t.sa, id)->created_at, "2026-06-01T12:00:00Z");
	unsetenv("DILEMMA_NOW");
	close_two(&t);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_save_is_a_conflict),
		cmocka_unit_test(test_same_field_twice),
		cmocka_unit_test(test_presence),
		cmocka_unit_test(test_schema_1_opens),
		cmocka_unit_test(test_clock_set_back),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
