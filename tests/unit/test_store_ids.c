/* Unit tests for session ids and their prefixes (resolve_id() and the
 * --session filter, issue 14): which ids a prefix names, with ids that
 * differ from it in their first, middle and last characters, and that both
 * queries seek the primary key instead of reading every session. The SQL
 * is the store's own (store_private.h), so the plans are of what runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/store_private.h"
#include "dilemma/store.h"
#include "scratch.h"

/* Ids in a database of their own; the sessions have nothing but an id. */
static const char *const ids[] = {
	"12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
	"12345678-aaaa-4aaa-8aaa-aaaaaaaaaaab",
	"12345678-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
	"12345679-0000-4000-8000-000000000000",
	"1234567",
	"abcdefab",
	"abcdefab-0000-4000-8000-000000000000",
	/* kept by an older import: too long to be named, and characters past
	 * ASCII right after a prefix and at the start */
	"abcdefab-0000-4000-8000-0000000000001",
	"abcdefab\xc3\xa9-old",
	"\xf4\x8f\xbf\xbf-last-one",
};

static char *make_db(const char *name)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	sqlite3 *db;

	assert_non_null(st);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < ALEN(ids); i++) {
		char *sql = sqlite3_mprintf("INSERT INTO sessions (id, label, mode, pack_id,"
					    " scenario_id, started_at) VALUES (%Q, %Q, 'solo',"
					    " 'p', 's', '2026-01-01T00:00:00Z')", ids[i], ids[i]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
	}
	sqlite3_close(db);
	return path;
}

/* What store_session_load(@id) finds: @want, or nothing with @code. */
static void expect_load(struct store *st, const char *id, const char *want,
			enum store_code code)
{
	struct store_error err = {0};
	struct session *s = store_session_load(st, id, &err);

	if (want && (!s || strcmp(s->id, want) != 0))
		fail_msg("'%s' should name '%s', got %s", id, want, s ? s->id : err.message);
	if (!want && (s || err.code != code))
		fail_msg("'%s' should name nothing (code %d), got %s (code %d)", id, code,
			 s ? s->id : err.message, err.code);
	session_destroy(s);
}

static void test_resolve(void **state)
{
	static const struct {
		const char *id, *want;
		enum store_code code;
	} cases[] = {
		/* a prefix names the one id that starts with it */
		{"12345678-b", "12345678-bbbb-4bbb-8bbb-bbbbbbbbbbbb", STORE_OK},
		{"12345679", "12345679-0000-4000-8000-000000000000", STORE_OK},
		{"12345678-aaaa-4aaa-8aaa-aaaaaaaaaaa", NULL, STORE_AMBIGUOUS},
		{"12345678", NULL, STORE_AMBIGUOUS},
		/* the 8-character minimum: "1234567" exists, "123456" names nothing */
		{"123456", NULL, STORE_NOT_FOUND},
		/* a prefix ending in a character past ASCII, one that is an id of
		 * its own while longer ids (one too long to count) start with it,
		 * and one of a character that sorts after every other */
		{"abcdefab\xc3\xa9", "abcdefab\xc3\xa9-old", STORE_OK},
		{"abcdefab-0000", "abcdefab-0000-4000-8000-000000000000", STORE_OK},
		{"\xf4\x8f\xbf\xbf-last-o", "\xf4\x8f\xbf\xbf-last-one", STORE_OK},
		/* no id starts with these, though ids sort right before and after */
		{"12345678-c", NULL, STORE_NOT_FOUND},
		{"12345678-aaab", NULL, STORE_NOT_FOUND},
	};
	char *path = make_db("resolve.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);

	assert_non_null(st);
	/* every loadable id names itself, even one that is another's prefix */
	for (size_t i = 0; i < ALEN(ids); i++)
		expect_load(st, ids[i], strlen(ids[i]) < SESSION_ID_LEN ? ids[i] : NULL,
			    STORE_NOT_FOUND);
	for (size_t i = 0; i < ALEN(cases); i++)
		expect_load(st, cases[i].id, cases[i].want, cases[i].code);
	store_close(st);
	free(path);
}

/* The ids `--session @prefix` selects, in order, joined by spaces. */
static char *filtered(struct store *st, const char *prefix)
{
	struct store_filter f = {.session = prefix};
	struct store_error err = {0};
	struct buf b = {0};
	char **list;
	size_t n;

	assert_true(store_session_ids(st, prefix ? &f : NULL, &list, &n, &err));
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s", i ? " " : "", list[i]);
		free(list[i]);
	}
	free(list);
	return buf_steal(&b);
}

static void test_filter(void **state)
{
	char *path = make_db("filter.db");
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	char *got;

	assert_non_null(st);
	/* no filter: every id that can be loaded, whatever its first byte */
	got = filtered(st, NULL);
	assert_string_equal(got, "1234567 12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa "
			    "12345678-aaaa-4aaa-8aaa-aaaaaaaaaaab "
			    "12345678-bbbb-4bbb-8bbb-bbbbbbbbbbbb "
			    "12345679-0000-4000-8000-000000000000 abcdefab "
			    "abcdefab-0000-4000-8000-000000000000 abcdefab\xc3\xa9-old "
			    "\xf4\x8f\xbf\xbf-last-one");
	free(got);
	got = filtered(st, "12345678");
	assert_string_equal(got, "12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa "
			    "12345678-aaaa-4aaa-8aaa-aaaaaaaaaaab "
			    "12345678-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
	free(got);
	got = filtered(st, "abcdefab");
	assert_string_equal(got, "abcdefab abcdefab-0000-4000-8000-000000000000 "
			    "abcdefab\xc3\xa9-old");
	free(got);
	/* shorter than 8: only the id itself */
	got = filtered(st, "1234567");
	assert_string_equal(got, "1234567");
	free(got);
	got = filtered(st, "123456");
	assert_string_equal(got, "");
	free(got);
	got = filtered(st, "12345678-c");
	assert_string_equal(got, "");
	free(got);
	store_close(st);
	free(path);
}

/* EXPLAIN QUERY PLAN of @sql on @db, its details joined by " | ". */
static char *plan(sqlite3 *db, const char *sql)
{
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *stmt;
	struct buf b = {0};

	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &stmt, NULL), SQLITE_OK);
	buf_puts(&b, "");
	while (sqlite3_step(stmt) == SQLITE_ROW)
		buf_printf(&b, "%s | ", (const char *)sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
	free(q);
	return buf_steal(&b);
}

static void test_plans(void **state)
{
	char *path = make_db("plans.db");
	sqlite3 *db;
	char *p;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	p = plan(db, RESOLVE_ID_SQL);
	if (strstr(p, "SCAN sessions") || !strstr(p, "SEARCH sessions USING PRIMARY KEY (id>? AND id<?)"))
		fail_msg("resolving an id prefix reads the sessions table: %s", p);
	free(p);
	struct store_filter f = {.session = "abcdefgh"};
	/* the filters work on session_activity, a session's times and what a
	 * list shows of it, keyed by session_id */
	char *from = filter_from(&f, NULL), *sql = xasprintf("SELECT a.session_id%s", from);
	p = plan(db, sql);
	free(sql);
	free(from);
	if (strstr(p, "SCAN a") ||
	    !strstr(p, "SEARCH a USING PRIMARY KEY (session_id>? AND session_id<?)"))
		fail_msg("--session reads every session: %s", p);
	free(p);
	sqlite3_close(db);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_plans),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
