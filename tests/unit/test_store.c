/* Unit tests for store.c and session.c: creating, saving, loading, listing,
 * refusing foreign files, append-only revisions, import and row streaming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/framework.h"
#include "dilemma/session.h"
#include "dilemma/store.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

#include "scratch.h"

static struct pack_scenario scenario = {
	.id = "missing-teenager",
	.title = "A missing teenager",
	.situation = "A fifteen-year-old has not come home.",
	.question = "What should the officer do?",
};

static struct pack test_pack = {
	.id = "test-pack",
	.title = "Test pack",
	.version = 3,
	.scenarios = &scenario,
	.nscenarios = 1,
	.hash = "0123456789abcdef",
};

static char *db_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static struct session *new_session(struct store *st, const char *label)
{
	static const struct participant_spec people[] = {
		{"Alex", "chair"}, {"Sam", "member"},
	};
	struct session_spec spec = {
		.pack = &test_pack, .scenario = &scenario, .label = label, .cohort = "week 3",
		.mode = SESSION_PANEL, .participants = people, .nparticipants = 2,
	};
	struct store_error err = {0};
	struct session *s = store_session_create(st, &spec, &err);

	if (!s)
		fail_msg("create: %s", err.message);
	return s;
}

static void test_tables(void **state)
{
	enum entry_kind k;
	enum stance s;

	assert_true(entry_kind_from_id("recommendation", &k));
	assert_int_equal(k, ENTRY_RECOMMENDATION);
	assert_string_equal(entry_kind_id(ENTRY_CONTINGENCY), "contingency");
	assert_false(entry_kind_from_id("notes", &k));
	assert_true(stance_from_id("", &s));
	assert_int_equal(s, STANCE_NONE);
	assert_true(stance_from_id("tension", &s));
	assert_int_equal(s, STANCE_TENSION);
	assert_false(stance_from_id("against", &s));
	assert_int_equal(session_time_diff("2026-01-01T10:00:00Z", "2026-01-01T10:02:05Z"), 125);
}

static void test_create_modes(void **state)
{
	char *dir = xasprintf("%s/new/deeper", tmpdir);
	char *path = xasprintf("%s/sessions.db", dir);
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct stat sb;

	assert_non_null(st);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	struct session *s = new_session(st, "modes");
	session_destroy(s);
	char *wal = xasprintf("%s-wal", path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
	/* And it opens again. */
	st = store_open(path, &err);
	assert_non_null(st);
	store_close(st);
	free(wal);
	free(path);
	free(dir);
}

static void test_save_and_load(void **state)
{
	char *path = db_path("save.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct session *s;
	int64_t id = 0, id2 = 0;

	assert_non_null(st);
	setenv("DILEMMA_NOW", "2026-03-01T10:00:00Z", 1);
	s = new_session(st, "Probationer intake, week 3");
	assert_int_equal(strlen(s->id), 36);
	assert_int_equal(s->id[14], '4');
	assert_int_equal(s->status, SESSION_OPEN);
	assert_int_equal(s->nparticipants, 2);

	struct entry e = {.stage = NDM_INFORMATION, .kind = ENTRY_NOTE, .text = "first"};
	assert_true(store_entry_save(st, s, &e, &id, &err));
	assert_int_equal(id, 1);
	struct entry p = {.stage = NDM_ASSESSMENT, .kind = ENTRY_PRINCIPLE,
			  .principle = "integrity", .stance = STANCE_TENSION,
			  .participant = 2, .text = "Sam's view"};
	assert_true(store_entry_save(st, s, &p, &id2, &err));
	assert_int_equal(id2, 2);

	setenv("DILEMMA_NOW", "2026-03-01T10:05:00Z", 1);
	struct entry e2 = *session_entry(s, 1);
	e2.text = "second";
	assert_true(store_entry_save(st, s, &e2, NULL, &err));
	assert_int_equal(session_entry(s, 1)->revision, 2);
	assert_string_equal(session_entry(s, 1)->text, "second");
	assert_string_equal(session_entry(s, 1)->created_at, "2026-03-01T10:00:00Z");
	assert_string_equal(session_entry(s, 1)->updated_at, "2026-03-01T10:05:00Z");
	/* Saving the same again adds no revision. */
	e2 = *session_entry(s, 1);
	assert_true(store_entry_save(st, s, &e2, NULL, &err));
	assert_int_equal(session_entry(s, 1)->revision, 2);

	/* A principle entry without its principle is refused. */
	struct entry bad = {.stage = NDM_ETHICS, .kind = ENTRY_PRINCIPLE, .text = "x"};
	assert_false(store_entry_save(st, s, &bad, NULL, &err));
	assert_int_equal(err.code, STORE_INVALID);
	struct entry nobody = {.stage = NDM_ETHICS, .kind = ENTRY_NOTE, .participant = 9};
	assert_false(store_entry_save(st, s, &nobody, NULL, &err));

	/* Options: delete by revision, never by losing the text. */
	struct entry o = {.stage = NDM_OPTIONS, .kind = ENTRY_OPTION, .text = "Wait", .position = 1};
	int64_t oid;
	assert_true(store_entry_save(st, s, &o, &oid, &err));
	struct vote v = {.participant = 1, .option = oid, .value = 1, .ballot = 1, .count = 1};
	assert_true(store_vote_record(st, s, &v, &err));
	v.option = 1;
	assert_false(store_vote_record(st, s, &v, &err)); /* a note is no option */
	o = *session_entry(s, oid);
	o.deleted = true;
	assert_true(store_entry_save(st, s, &o, NULL, &err));
	assert_true(store_event_record(st, s, EVENT_STAGE_ENTERED, NDM_INFORMATION, NULL, &err));
	setenv("DILEMMA_NOW", "2026-03-01T10:07:00Z", 1);
	assert_true(store_event_record(st, s, EVENT_STAGE_ENTERED, NDM_OPTIONS, NULL, &err));
	setenv("DILEMMA_NOW", "2026-03-01T10:08:00Z", 1);
	assert_true(store_session_finish(st, s, &err));
	assert_int_equal(s->status, SESSION_FINISHED);

	char sid[SESSION_ID_LEN];
	memcpy(sid, s->id, sizeof(sid));
	session_destroy(s);

	/* Load by an 8-character prefix. */
	char prefix[9];
	memcpy(prefix, sid, 8);
	prefix[8] = '\0';
	s = store_session_load(st, prefix, &err);
	assert_non_null(s);
	assert_string_equal(s->id, sid);
	assert_string_equal(s->label, "Probationer intake, week 3");
	assert_string_equal(s->cohort, "week 3");
	assert_string_equal(s->pack_id, "test-pack");
	assert_int_equal(s->pack_version, 3);
	assert_string_equal(s->scenario_title, "A missing teenager");
	assert_string_equal(s->framework_id, "");
	assert_int_equal(s->mode, SESSION_PANEL);
	assert_int_equal(s->status, SESSION_FINISHED);
	assert_string_equal(s->finished_at, "2026-03-01T10:08:00Z");
	assert_int_equal(s->nentries, 3);
	assert_string_equal(session_entry(s, 1)->text, "second");
	assert_int_equal(session_entry(s, 2)->stance, STANCE_TENSION);
	assert_int_equal(session_entry(s, 2)->participant, 2);
	assert_true(session_entry(s, oid)->deleted);
	assert_string_equal(session_entry(s, oid)->text, "Wait");
	assert_int_equal(s->nvotes, 1);
	assert_int_equal(s->nevents, 3);
	assert_int_equal(tally_last_stage(s), NDM_OPTIONS);
	assert_int_equal(tally_stage_seconds(s, NDM_INFORMATION, NULL), 120);
	assert_int_equal(tally_stage_seconds(s, NDM_OPTIONS, NULL), 60);
	assert_int_equal(tally_total_seconds(s), 480);
	assert_non_null(session_entry_find(s, NDM_ASSESSMENT, ENTRY_PRINCIPLE, "integrity", 2));
	assert_null(session_entry_find(s, NDM_ASSESSMENT, ENTRY_PRINCIPLE, NULL, 2));
	assert_true(store_session_reopen(st, s, &err));
	session_destroy(s);

	/* Short prefixes and unknown ids. */
	assert_null(store_session_load(st, "abc", &err));
	assert_int_equal(err.code, STORE_NOT_FOUND);
	assert_null(store_session_load(st, "ffffffff-0000", &err));
	assert_int_equal(err.code, STORE_NOT_FOUND);

	struct session_summary *list;
	size_t n;
	assert_true(store_session_list(st, NULL, &list, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(list[0].status, SESSION_OPEN);
	assert_int_equal(list[0].last_stage, NDM_OPTIONS);
	assert_int_equal(list[0].nentries, 0); /* not counted unless asked */
	session_summaries_free(list, n);
	struct store_page counted = {.count_entries = true};
	assert_true(store_session_page(st, NULL, &counted, &list, &n, &err));
	assert_int_equal(list[0].nentries, 2);
	session_summaries_free(list, n);
	struct store_filter f = {.status = "finished"};
	assert_true(store_session_list(st, &f, &list, &n, &err));
	assert_int_equal(n, 0);
	session_summaries_free(list, n);
	store_close(st);

	/* Nothing can be changed in place, even with SQL. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE revisions SET text = 'x'", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM revisions", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	unsetenv("DILEMMA_NOW");
	free(path);
}

static void test_ambiguous(void **state)
{
	char *path = db_path("ambiguous.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	sqlite3 *db;

	assert_non_null(st);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO sessions (id, label, mode, pack_id, scenario_id, started_at) VALUES"
		" ('12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a', 'solo', 'p', 's', 'x'),"
		" ('12345678-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b', 'solo', 'p', 's', 'x')",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(path, &err);
	assert_null(store_session_load(st, "12345678", &err));
	assert_int_equal(err.code, STORE_AMBIGUOUS);
	struct session *s = store_session_load(st, "12345678-b", &err);
	assert_non_null(s);
	assert_string_equal(s->label, "b");
	assert_null(s->pack);
	session_destroy(s);
	store_close(st);
	free(path);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_refuse_foreign(void **state)
{
	char *path = db_path("foreign.db");
	struct store_error err = {0};
	sqlite3 *db;

	/* Another application's database. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA application_id = 7",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(path, &err));
	assert_int_equal(err.code, STORE_NOT_DILEMMA);
	free(path);

	/* Not SQLite at all. */
	path = db_path("text.db");
	write_file(path, "just some notes, not a database at all\n", 39);
	assert_null(store_open(path, &err));
	assert_int_equal(err.code, STORE_NOT_DILEMMA);
	free(path);

	/* A newer schema. */
	path = db_path("newer.db");
	struct store *st = store_open(path, &err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(path, &err));
	assert_int_equal(err.code, STORE_NEWER);
	assert_non_null(strstr(err.message, "newer"));
	free(path);
}

static void test_disk_full(void **state)
{
	char *path = db_path("full.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct session *s = new_session(st, "full");
	char *big = xmalloc(100001);
	char sid[SESSION_ID_LEN];
	int64_t id;
	bool failed = false;

	memset(big, 'x', 100000);
	big[100000] = '\0';
	struct entry e = {.stage = NDM_ETHICS, .kind = ENTRY_NOTE, .text = "kept"};
	assert_true(store_entry_save(st, s, &e, &id, &err));
	memcpy(sid, s->id, sizeof(sid));
	session_destroy(s);
	store_close(st);

	/* The file may not grow any more: as if the disk were full. */
	setenv("DILEMMA_TEST_MAX_PAGES", "1", 1);
	st = store_open(path, &err);
	unsetenv("DILEMMA_TEST_MAX_PAGES");
	assert_non_null(st);
	s = store_session_load(st, sid, &err);
	assert_non_null(s);
	for (int i = 0; i < 50 && !failed; i++) {
		struct entry more = *session_entry(s, id);
		big[0] = (char)('a' + i % 26);
		more.text = big;
		if (!store_entry_save(st, s, &more, NULL, &err))
			failed = true;
	}
	assert_true(failed);
	assert_int_equal(err.code, STORE_FULL);
	assert_non_null(strstr(err.message, "the disk is full"));
	/* The session in memory did not change with the failed save. */
	int64_t rev = session_entry(s, id)->revision;
	session_destroy(s);
	store_close(st);

	st = store_open(path, &err);
	assert_non_null(st);
	s = store_session_load(st, sid, &err);
	assert_non_null(s);
	assert_int_equal(session_entry(s, id)->revision, rev);
	session_destroy(s);
	store_close(st);
	free(big);
	free(path);
}

static void test_import_and_rows(void **state)
{
	char *path = db_path("import.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct store_import_stats stats = {0};
	struct store_row r = {
		.session_id = "aaaaaaaa-1111-4111-8111-111111111111", .session_label = "L",
		.cohort = "C", .mode = "panel", .pack_id = "gone", .pack_version = 2,
		.scenario_id = "sc", .scenario_title = "Title", .framework = "coe-2014",
		.participant = "Alex", .stage = "powers", .principle = "", .stance = "",
		.kind = "note", .entry_id = 4, .text = " spaced , \"quoted\"\r\n",
		.revision = 7, .created_at = "2026-01-01T09:00:00Z",
		.updated_at = "2026-01-02T09:00:00Z",
	};

	assert_non_null(st);
	for (int round = 0; round < 2; round++) {
		assert_true(store_import_begin(st, &err));
		assert_true(store_import_row(st, &r, &stats, &err));
		struct store_row r2 = r;
		r2.entry_id = 5;
		r2.participant = "";
		r2.kind = "principle";
		r2.principle = "honesty";
		r2.stance = "upholds";
		r2.created_at = "2025-12-31T09:00:00Z";
		assert_true(store_import_row(st, &r2, &stats, &err));
		assert_true(store_import_commit(st, &err));
	}
	assert_int_equal(stats.sessions_new, 1);
	assert_int_equal(stats.rows_new, 2);
	assert_int_equal(stats.rows_skipped, 2);

	/* The same key with other content clashes, and nothing is kept. */
	assert_true(store_import_begin(st, &err));
	struct store_row r3 = r;
	r3.session_id = "bbbbbbbb-1111-4111-8111-111111111111";
	assert_true(store_import_row(st, &r3, &stats, &err));
	struct store_row r4 = r;
	r4.text = "changed";
	assert_false(store_import_row(st, &r4, &stats, &err));
	assert_int_equal(err.code, STORE_CONFLICT);
	store_import_abort(st);
	assert_null(store_session_load(st, "bbbbbbbb", &err));
	/* Position counts when the row carries it; deleted always does (a
	 * responses row is a live revision); so does the session's own data. */
	assert_true(store_import_begin(st, &err));
	struct store_row r5 = r;
	r5.position = 3;
	assert_true(store_import_row(st, &r5, &stats, &err));
	r5.carries = STORE_ROW_POSITION;
	assert_false(store_import_row(st, &r5, &stats, &err));
	assert_int_equal(err.code, STORE_CONFLICT);
	assert_non_null(strstr(err.message, "column position is '3' here but '0' in the database"));
	struct store_row r6 = r;
	r6.deleted = true;
	assert_false(store_import_row(st, &r6, &stats, &err));
	assert_non_null(strstr(err.message, "column deleted is '1' here but '0'"));
	struct store_row r7 = r;
	r7.cohort = "D";
	assert_false(store_import_row(st, &r7, &stats, &err));
	assert_non_null(strstr(err.message, "session aaaaaaaa-1111-4111-8111-111111111111: column"
				" cohort is 'D' here but 'C' in the database"));
	store_import_abort(st);

	struct session *s = store_session_load(st, "aaaaaaaa", &err);
	assert_non_null(s);
	assert_string_equal(s->started_at, "2025-12-31T09:00:00Z");
	assert_int_equal(s->status, SESSION_FINISHED);
	assert_int_equal(s->principle_count, 9);
	assert_int_equal(s->nentries, 2);
	assert_string_equal(session_entry(s, 4)->text, " spaced , \"quoted\"\r\n");
	assert_int_equal(session_entry(s, 4)->revision, 7);
	assert_int_equal(session_entry(s, 4)->participant, 1);
	assert_int_equal(session_entry(s, 5)->stance, STANCE_UPHOLDS);
	/* An imported session can be worked on again. */
	struct entry e = *session_entry(s, 4);
	e.text = "more";
	assert_true(store_entry_save(st, s, &e, NULL, &err));
	assert_int_equal(session_entry(s, 4)->revision, 8);
	session_destroy(s);
	store_close(st);
	free(path);
}

/* SQLite's temporary files for this program go here (SQLITE_TMPDIR, read
 * when SQLite starts, so set before the first test opens a database). */
static char *sqlite_tmp;

static int setup(void **state)
{
	if (scratch_setup(state) != 0)
		return -1;
	sqlite_tmp = xasprintf("%s/sqlite-tmp", tmpdir);
	if (mkdir(sqlite_tmp, 0700) != 0)
		return -1;
	setenv("SQLITE_TMPDIR", sqlite_tmp, 1);
	return 0;
}

static int teardown(void **state)
{
	free(sqlite_tmp);
	return scratch_teardown(state);
}

/* How many of this process's descriptors are SQLite temporary files (made
 * in sqlite_tmp and unlinked at once, so seen only through /proc). */
static int temp_files_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	char link[PATH_MAX], target[PATH_MAX];
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		snprintf(link, sizeof(link), "/proc/self/fd/%s", de->d_name);
		ssize_t len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (strncmp(target, sqlite_tmp, strlen(sqlite_tmp)) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* An import keeps each row's statement journal in memory: the revisions
 * table has a trigger, so every row's INSERT journals the pages it
 * changes, and in a temporary file that was about 10 KB written to disk a
 * row, five times what the rows themselves cost (issue 14). */
static void test_import_journal_in_memory(void **state)
{
	char *path = db_path("journal.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct store_import_stats stats = {0};
	char id[40], text[160], at[24];

	assert_non_null(st);
	assert_true(store_import_begin(st, &err));
	/* sessions in no order of their ids, as UUIDs come: rows land all
	 * over the tables and their indexes */
	for (int i = 0; i < 600; i++) {
		unsigned session = (unsigned)i / 3;
		snprintf(id, sizeof(id), "%08x-0000-4000-8000-%012u", session * 2654435761u,
			 session);
		snprintf(text, sizeof(text), "reasoning %d, long enough to fill pages of the"
			 " revisions table at the pace a real export does", i);
		snprintf(at, sizeof(at), "2026-01-%02uT10:%02d:00Z", 1 + session % 28, i % 60);
		struct store_row r = {
			.session_id = id, .session_label = "L", .cohort = "C", .mode = "panel",
			.pack_id = "p", .pack_version = 1, .scenario_id = "sc",
			.scenario_title = "T", .framework = "coe-2014", .participant = "Alex",
			.stage = "powers", .kind = "note", .entry_id = 1 + i % 3, .text = text,
			.revision = 1, .created_at = at, .updated_at = at,
		};
		assert_true(store_import_row(st, &r, &stats, &err));
		if (temp_files_open() != 0)
			fail_msg("row %d: the import wrote a temporary file", i);
	}
	assert_true(store_import_commit(st, &err));
	assert_int_equal(stats.rows_new, 600);
	assert_int_equal(stats.sessions_new, 200);
	store_close(st);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_create_modes),
		cmocka_unit_test(test_save_and_load),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_refuse_foreign),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_import_and_rows),
		cmocka_unit_test(test_import_journal_in_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
