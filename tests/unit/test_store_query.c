/* Unit tests for store_query.c and schema 4: the session_activity table the
 * triggers keep (times and status) agrees with what the events and
 * revisions say, after saves, finishing and reopening, an import and the
 * migration of a schema-3 database; every filter alone and together; the
 * list a page at a time; the cohort names. Schema 5 keeps there what a
 * listing shows (label, cohort, pack, scenario, last stage), checked the
 * same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/import.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

#include "scratch.h"

static struct pack_scenario scenarios[] = {
	{.id = "s1", .title = "One", .situation = "Something.", .question = "What?"},
	{.id = "s2", .title = "Two", .situation = "Else.", .question = "Why?"},
};

static struct pack test_pack = {
	.id = "query", .title = "Query", .version = 1, .scenarios = scenarios,
	.nscenarios = 2, .hash = "0123456789abcdef",
};

static struct store *open_db(const char *name, char **path_out)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct store_error err = {0};
	struct store *st = store_open(path, &err);

	if (!st)
		fail_msg("open %s: %s", path, err.message);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return st;
}

/* A session started at @when (DILEMMA_NOW), with one note. */
static struct session *start(struct store *st, const char *when, int scen, const char *cohort,
			     const char *who)
{
	struct participant_spec p = {who, "member"};
	struct session_spec spec = {
		.pack = &test_pack, .scenario = &scenarios[scen], .label = "q", .cohort = cohort,
		.mode = SESSION_SOLO, .participants = &p, .nparticipants = who ? 1 : 0,
	};
	struct store_error err = {0};
	struct session *s;

	setenv("DILEMMA_NOW", when, 1);
	s = store_session_create(st, &spec, &err);
	if (!s)
		fail_msg("create: %s", err.message);
	struct entry e = {.stage = NDM_INFORMATION, .kind = ENTRY_NOTE, .text = "note"};
	assert_true(store_entry_save(st, s, &e, NULL, &err));
	return s;
}

static void at(struct store *st, struct session *s, const char *when, enum event_kind k)
{
	struct store_error err = {0};

	setenv("DILEMMA_NOW", when, 1);
	assert_true(store_event_record(st, s, k, NDM_ETHICS, NULL, &err));
}

/* Every session_activity row against what the events and revisions say. */
static void check_activity(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int rows = 0;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT s.id, a.started_at = s.started_at,"
		" a.updated_at = max(s.started_at,"
		"  coalesce((SELECT max(created_at) FROM revisions r WHERE r.session_id = s.id), ''),"
		"  coalesce((SELECT max(created_at) FROM events e WHERE e.session_id = s.id), '')),"
		" a.status = coalesce((SELECT CASE e.kind WHEN 'session-finished' THEN 'finished'"
		"  ELSE 'open' END FROM events e WHERE e.session_id = s.id AND e.kind IN"
		"  ('session-finished', 'session-reopened') ORDER BY e.event_no DESC LIMIT 1), 'open'),"
		" a.finished_at = CASE a.status WHEN 'finished' THEN (SELECT e.created_at FROM events e"
		"  WHERE e.session_id = s.id AND e.kind = 'session-finished'"
		"  ORDER BY e.event_no DESC LIMIT 1) ELSE '' END,"
		" a.last_stage = coalesce((SELECT stage FROM events e WHERE e.session_id = s.id"
		"  AND e.kind = 'stage-entered' ORDER BY e.event_no DESC LIMIT 1), ''),"
		" (a.label, a.cohort, a.mode, a.pack_id, a.scenario_id, a.scenario_title) IS"
		" (s.label, s.cohort, s.mode, s.pack_id, s.scenario_id, s.scenario_title)"
		" FROM sessions s LEFT JOIN session_activity a ON a.session_id = s.id", -1, &stmt,
		NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		rows++;
		for (int c = 1; c <= 6; c++)
			if (sqlite3_column_int(stmt, c) != 1)
				fail_msg("session %s: activity column %d disagrees",
					 sqlite3_column_text(stmt, 0), c);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	assert_true(rows > 0);
}

/* Ids listed by @f, in the list's order, joined with spaces. */
static char *listed(struct store *st, const struct store_filter *f, size_t offset, size_t limit)
{
	struct store_page page = {.offset = offset, .limit = limit};
	struct session_summary *list;
	struct store_error err = {0};
	struct buf b = {0};
	size_t n, count;

	assert_true(store_session_page(st, f, &page, &list, &n, &err));
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, i ? " " : "");
		buf_append(&b, list[i].id, 8);
	}
	session_summaries_free(list, n);
	if (offset == 0 && limit == 0) {
		assert_true(store_session_count(st, f, &count, &err));
		assert_int_equal(count, n);
	}
	return b.data ? buf_steal(&b) : xstrdup("");
}

static void expect(struct store *st, const struct store_filter *f, const char *want)
{
	char *got = listed(st, f, 0, 0);

	if (strcmp(got, want) != 0)
		fail_msg("wanted [%s], got [%s]", want, got);
	free(got);
}

struct five {
	struct store *st;
	char *path;
	struct session *s[5];
	char id[5][9];
};

/* Five sessions on three days, two cohorts, two scenarios; #2 finished,
 * #3 finished and reopened, #4 finished twice. */
static void five_sessions(struct five *f, const char *name)
{
	static const char *const when[] = {
		"2026-01-10T09:00:00Z", "2026-01-10T23:59:59Z", "2026-01-11T00:00:00Z",
		"2026-01-12T08:00:00Z", "2026-01-12T09:00:00Z",
	};
	f->st = open_db(name, &f->path);
	for (int i = 0; i < 5; i++) {
		f->s[i] = start(f->st, when[i], i % 2, i < 3 ? "Intake 3" : "Intake 4",
				i == 3 ? "Robin" : "Sam");
		snprintf(f->id[i], sizeof(f->id[i]), "%.8s", f->s[i]->id);
	}
	struct store_error err = {0};
	setenv("DILEMMA_NOW", "2026-01-10T09:30:00Z", 1);
	assert_true(store_event_record(f->st, f->s[0], EVENT_STAGE_ENTERED, NDM_POWERS, NULL, &err));
	assert_true(store_event_record(f->st, f->s[0], EVENT_STAGE_ENTERED, NDM_OPTIONS, NULL, &err));
	at(f->st, f->s[1], "2026-01-13T10:00:00Z", EVENT_SESSION_FINISHED);
	at(f->st, f->s[2], "2026-01-13T11:00:00Z", EVENT_SESSION_FINISHED);
	at(f->st, f->s[2], "2026-01-13T12:00:00Z", EVENT_SESSION_REOPENED);
	at(f->st, f->s[4], "2026-01-13T13:00:00Z", EVENT_SESSION_FINISHED);
	at(f->st, f->s[4], "2026-01-13T14:00:00Z", EVENT_SESSION_REOPENED);
	at(f->st, f->s[4], "2026-01-13T15:00:00Z", EVENT_SESSION_FINISHED);
	unsetenv("DILEMMA_NOW");
}

static void five_free(struct five *f)
{
	for (int i = 0; i < 5; i++)
		session_destroy(f->s[i]);
	store_close(f->st);
	free(f->path);
}

static void test_activity(void **state)
{
	struct five f;
	struct store_error err = {0};
	struct import_result res;
	static const char csv[] =
		"session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,"
		"scenario_title,framework,participant,stage,principle,stance,kind,entry_id,text,"
		"revision,created_at,updated_at\n"
		"1a2b3c4d-0000-4000-8000-00000000000e,L,,solo,p,1,s,S,coe-2014,,information,,,note,1,a,1,"
		"2026-02-01T10:00:00Z,2026-02-01T10:00:00Z\n"
		"1a2b3c4d-0000-4000-8000-00000000000e,L,,solo,p,1,s,S,coe-2014,,information,,,note,2,b,1,"
		"2026-02-01T10:00:00Z,2026-02-01T11:30:00Z\n";

	five_sessions(&f, "activity.db");
	check_activity(f.path);
	FILE *in = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	assert_true(import_csv(f.st, in, "in.csv", false, &res, &err));
	fclose(in);
	check_activity(f.path);
	/* the list reads the times and status from there */
	struct session_summary *list;
	size_t n;
	struct store_filter imported = {.session = "1a2b3c4d-0000-4000-8000-00000000000e"};
	assert_true(store_session_list(f.st, &imported, &list, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(list[0].started_at, "2026-02-01T10:00:00Z");
	assert_string_equal(list[0].updated_at, "2026-02-01T11:30:00Z");
	assert_string_equal(list[0].finished_at, "2026-02-01T11:30:00Z");
	assert_int_equal(list[0].status, SESSION_FINISHED);
	session_summaries_free(list, n);
	struct store_filter first = {.session = f.s[0]->id};
	assert_true(store_session_list(f.st, &first, &list, &n, &err));
	assert_int_equal(list[0].last_stage, NDM_OPTIONS);
	assert_string_equal(list[0].label, "q");
	assert_string_equal(list[0].scenario_title, "One");
	session_summaries_free(list, n);
	five_free(&f);
}

/* A schema-3 database (a new one with schema 4 taken away) is migrated
 * with the same times and status the triggers would have kept. */
static void test_migration_4(void **state)
{
	struct five f;
	struct store_error err = {0};
	sqlite3 *db;

	five_sessions(&f, "migrate.db");
	store_close(f.st);
	assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"DROP TRIGGER sessions_activity; DROP TRIGGER sessions_activity_copy;"
		    "DROP TRIGGER revisions_activity;"
		"DROP TRIGGER events_activity; DROP TABLE session_activity;"
		"DROP INDEX IF EXISTS sessions_cohort; DROP INDEX IF EXISTS sessions_scenario;"
		"DROP INDEX IF EXISTS sessions_pack; DROP INDEX participants_name;"
		"PRAGMA user_version = 3;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	f.st = store_open(f.path, &err);
	assert_non_null(f.st);
	check_activity(f.path);
	char *fin = listed(f.st, &(struct store_filter){.status = "finished"}, 0, 0);
	char *want = xasprintf("%s %s", f.id[4], f.id[1]);
	assert_string_equal(fin, want);
	free(fin);
	free(want);
	five_free(&f);
}

static void test_filters(void **state)
{
	struct five f;
	char *want, prefix[9];

	five_sessions(&f, "filters.db");
	/* most recently updated first */
	want = xasprintf("%s %s %s %s %s", f.id[4], f.id[2], f.id[1], f.id[3], f.id[0]);
	expect(f.st, NULL, want);
	free(want);
	want = xasprintf("%s %s %s", f.id[2], f.id[1], f.id[0]);
	expect(f.st, &(struct store_filter){.cohort = "Intake 3"}, want);
	free(want);
	expect(f.st, &(struct store_filter){.cohort = "intake 3"}, "");
	want = xasprintf("%s %s", f.id[1], f.id[3]);
	expect(f.st, &(struct store_filter){.scenario = "s2"}, want);
	free(want);
	expect(f.st, &(struct store_filter){.pack = "other"}, "");
	want = xasprintf("%s %s", f.id[4], f.id[1]);
	expect(f.st, &(struct store_filter){.status = "finished"}, want);
	free(want);
	want = xasprintf("%s %s %s", f.id[2], f.id[3], f.id[0]);
	expect(f.st, &(struct store_filter){.status = "open"}, want);
	free(want);
	/* until a date takes the whole day; since is inclusive */
	want = xasprintf("%s %s", f.id[1], f.id[0]);
	expect(f.st, &(struct store_filter){.until = "2026-01-10"}, want);
	free(want);
	expect(f.st, &(struct store_filter){.until = "2026-01-10T09:00:00Z"}, f.id[0]);
	want = xasprintf("%s %s %s", f.id[4], f.id[2], f.id[3]);
	expect(f.st, &(struct store_filter){.since = "2026-01-11"}, want);
	free(want);
	want = xasprintf("%s %s", f.id[2], f.id[3]);
	expect(f.st, &(struct store_filter){.since = "2026-01-11", .until = "2026-01-12T08:00:00Z"},
	       want);
	free(want);
	expect(f.st, &(struct store_filter){.participant = "Robin"}, f.id[3]);
	expect(f.st, &(struct store_filter){.participant = "Robin", .cohort = "Intake 3"}, "");
	/* a session id: whole, or a prefix of 8 characters or more */
	expect(f.st, &(struct store_filter){.session = f.s[2]->id}, f.id[2]);
	expect(f.st, &(struct store_filter){.session = f.id[2]}, f.id[2]);
	snprintf(prefix, sizeof(prefix), "%.7s", f.id[2]);
	expect(f.st, &(struct store_filter){.session = prefix}, "");
	five_free(&f);
}

static void test_pages(void **state)
{
	struct five f;
	char *all, *parts;
	struct buf b = {0};

	five_sessions(&f, "pages.db");
	all = listed(f.st, NULL, 0, 0);
	for (size_t off = 0; off < 5; off += 2) {
		char *p = listed(f.st, NULL, off, 2);
		buf_puts(&b, off ? " " : "");
		buf_puts(&b, p);
		free(p);
	}
	parts = buf_steal(&b);
	assert_string_equal(parts, all);
	free(parts);
	free(all);
	char *none = listed(f.st, NULL, 5, 2);
	assert_string_equal(none, "");
	free(none);
	/* a pane of open sessions, one at a time */
	char *first = listed(f.st, &(struct store_filter){.status = "open"}, 0, 1);
	assert_string_equal(first, f.id[2]);
	free(first);

	char **names;
	size_t n;
	struct store_error err = {0};
	assert_true(store_cohorts(f.st, &names, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "Intake 3");
	assert_string_equal(names[1], "Intake 4");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	five_free(&f);
}

/* A listing says who took part: the names given, in the order they
 * joined (not by name), none for a session without them. */
static void test_participants(void **state)
{
	struct store *st = open_db("who.db", NULL);
	struct store_error err = {0};
	struct session *a = start(st, "2026-01-05T10:00:00Z", 0, NULL, "Zed Ó Súilleabháin");
	struct session *b = start(st, "2026-01-06T10:00:00Z", 1, NULL, NULL);
	struct session_summary *list;
	size_t n;

	assert_true(store_participant_add(st, a, "Aaron", "member", NULL, &err));
	assert_true(store_participant_add(st, a, "", "observer", NULL, &err));
	assert_true(store_session_list(st, NULL, &list, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, b->id); /* the latest first */
	assert_string_equal(list[0].participants, "");
	assert_string_equal(list[1].participants, "Zed Ó Súilleabháin, Aaron");
	session_summaries_free(list, n);
	session_destroy(a);
	session_destroy(b);
	store_close(st);
	unsetenv("DILEMMA_NOW");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_activity),
		cmocka_unit_test(test_migration_4),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_participants),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
