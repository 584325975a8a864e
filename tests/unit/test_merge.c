/* Unit tests for store_merge.c: databases of varied sessions (the trainer
 * fixture: snapshots, revisions, ballots, events) merged in different
 * orders, some twice, give the same rows in every table, and the files
 * merged from are left byte for byte as they were, with no -wal or -shm
 * made; a clash (the same revision, another text) names the session and
 * keeps nothing of that file; a newer, foreign or damaged file is refused;
 * merge copies every column the schema has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/export.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

#include "scratch.h"
#include "trainer_fixtures.h"

#define NSOURCES 5

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[65536];
	size_t got;

	assert_non_null(f);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	*n = b.len;
	return b.data ? buf_steal(&b) : xstrdup("");
}

/* Every table as the exports write it, one after another. */
static char *everything(struct store *st)
{
	struct buf b = {0};

	for (int t = 0; t < EXPORT_TABLE_COUNT; t++) {
		struct export_options opt = {.table = (enum export_table)t, .raw = true};
		struct store_error err = {0};
		char *data = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&data, &n);
		assert_true(export_csv(st, &opt, f, &err));
		fclose(f);
		buf_append(&b, data, n);
		free(data);
	}
	return buf_steal(&b);
}

static struct store *open_path(const char *path)
{
	struct store_error err = {0};
	struct store *st = store_open(path, &err);

	if (!st)
		fail_msg("open %s: %s", path, err.message);
	return st;
}

static bool merge_path(struct store *st, const char *path, struct store_merge_stats *stats,
		       struct store_error *err)
{
	struct store *from = store_open_readonly(path, err);
	bool ok = from && store_merge(st, from, stats, err);

	store_close(from);
	return ok;
}

static char *merged_in_order(const char *name, char *const *sources, const int *order,
			     size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct store *st = open_path(path);
	struct store_merge_stats stats;
	struct store_error err = {0};
	char *all;

	for (size_t i = 0; i < n; i++)
		if (!merge_path(st, sources[order[i]], &stats, &err))
			fail_msg("merge %s: %s", sources[order[i]], err.message);
	all = everything(st);
	store_close(st);
	free(path);
	return all;
}

static void test_orders_converge(void **state)
{
	struct fixture fx[NSOURCES];
	char *paths[NSOURCES], *before[NSOURCES];
	size_t sizes[NSOURCES];
	static const int orders[][2 * NSOURCES] = {
		{0, 1, 2, 3, 4},
		{4, 3, 2, 1, 0},
		{2, 0, 4, 1, 3, 2, 0, 4, 1, 3}, /* each twice */
	};
	static const size_t lengths[] = {NSOURCES, NSOURCES, 2 * NSOURCES};
	char *results[ALEN(orders)];

	for (int i = 0; i < NSOURCES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "machine-%d.db", i);
		fixture_make(&fx[i], name, 6, 100 + (unsigned)i);
		paths[i] = xstrdup(fx[i].path);
		fixture_free(&fx[i]);
		before[i] = slurp(paths[i], &sizes[i]);
	}
	for (size_t k = 0; k < ALEN(orders); k++) {
		char name[32];
		snprintf(name, sizeof(name), "merged-%zu.db", k);
		results[k] = merged_in_order(name, paths, orders[k], lengths[k]);
	}
	for (size_t k = 1; k < ALEN(orders); k++)
		assert_string_equal(results[k], results[0]);
	/* the files merged from are as they were, and nothing was made beside them */
	for (int i = 0; i < NSOURCES; i++) {
		size_t n;
		char *after = slurp(paths[i], &n);
		assert_int_equal(n, sizes[i]);
		assert_memory_equal(after, before[i], n);
		free(after);
		char *wal = xasprintf("%s-wal", paths[i]), *shm = xasprintf("%s-shm", paths[i]);
		assert_int_not_equal(access(wal, F_OK), 0);
		assert_int_not_equal(access(shm, F_OK), 0);
		free(wal);
		free(shm);
	}
	/* A into B and B into A: the same too */
	struct store_merge_stats stats;
	struct store_error err = {0};
	struct store *a = open_path(paths[0]), *b;
	assert_true(merge_path(a, paths[1], &stats, &err));
	assert_true(stats.rows[0] > 0);
	store_close(a);
	b = open_path(paths[1]);
	assert_true(merge_path(b, paths[0], &stats, &err));
	assert_true(stats.rows[0] > 0);
	char *in_b = everything(b);
	assert_true(merge_path(b, paths[0], &stats, &err)); /* again: nothing new */
	for (int t = 0; t < STORE_MERGE_TABLES; t++)
		assert_int_equal(stats.rows[t], 0);
	store_close(b);
	a = open_path(paths[0]);
	char *in_a = everything(a);
	store_close(a);
	assert_string_equal(in_a, in_b);
	free(in_a);
	free(in_b);
	for (size_t k = 0; k < ALEN(orders); k++)
		free(results[k]);
	for (int i = 0; i < NSOURCES; i++) {
		free(paths[i]);
		free(before[i]);
	}
}

/* The same session worked on in two places: the same revision with two
 * texts is a clash that names the session, and nothing of that file is
 * kept, not even its sessions that were new. */
static void test_clash(void **state)
{
	struct fixture one, two;
	struct store_merge_stats stats;
	struct store_error err = {0};
	struct session *s;
	char *before, *after;

	fixture_make(&one, "clash-1.db", 3, 21);
	fixture_make(&two, "clash-2.db", 3, 22);
	assert_true(merge_path(two.st, one.path, &stats, &err));
	/* both go on with the first session, differently */
	for (int k = 0; k < 2; k++) {
		struct store *st = k ? two.st : one.st;
		s = store_session_load(st, one.ids[0], &err);
		assert_non_null(s);
		struct entry e = {.stage = NDM_ACTION, .kind = ENTRY_REVIEW,
				  .text = k ? "reviewed on laptop two" : "reviewed on laptop one"};
		assert_true(store_entry_save(st, s, &e, NULL, &err));
		session_destroy(s);
	}
	before = everything(one.st);
	assert_false(merge_path(one.st, two.path, &stats, &err));
	assert_int_equal(err.code, STORE_CONFLICT);
	assert_non_null(strstr(err.message, one.ids[0]));
	assert_non_null(strstr(err.message, "differs"));
	after = everything(one.st);
	assert_string_equal(after, before);
	for (int t = 0; t < STORE_MERGE_TABLES; t++)
		assert_int_equal(stats.rows[t], 0);
	free(before);
	free(after);
	fixture_free(&one);
	fixture_free(&two);
}

static void exec_ok(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

/* Newer, foreign and damaged files are refused; nothing is merged. */
static void test_refused(void **state)
{
	struct fixture fx;
	struct store_merge_stats stats;
	struct store_error err = {0};
	char *newer = xasprintf("%s/newer.db", tmpdir), *foreign = xasprintf("%s/foreign.db", tmpdir);
	char *damaged = xasprintf("%s/damaged.db", tmpdir), *before;
	struct store *st;
	size_t n;

	fixture_make(&fx, "refuse-into.db", 2, 5);
	store_close(fx.st); /* everything in the file, none in its -wal */
	char *good = slurp(fx.path, &n);
	fx.st = open_path(fx.path);
	before = everything(fx.st);
	st = open_path(newer);
	store_close(st);
	exec_ok(newer, "PRAGMA user_version = 99");
	assert_false(merge_path(fx.st, newer, &stats, &err));
	assert_int_equal(err.code, STORE_NEWER);
	exec_ok(foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	assert_false(merge_path(fx.st, foreign, &stats, &err));
	assert_int_equal(err.code, STORE_NOT_DILEMMA);
	/* a copy of a good file with its pages overwritten past the header */
	assert_true(n > 8192);
	for (size_t i = 4096; i < n; i++)
		good[i] = (char)(i * 7);
	FILE *f = fopen(damaged, "wb");
	fwrite(good, 1, n, f);
	fclose(f);
	free(good);
	assert_false(merge_path(fx.st, damaged, &stats, &err));
	assert_true(err.code == STORE_CORRUPT || err.code == STORE_NOT_DILEMMA);
	char *after = everything(fx.st);
	assert_string_equal(after, before);
	free(after);
	free(before);
	free(newer);
	free(foreign);
	free(damaged);
	fixture_free(&fx);
}

/* Merge copies every column of every table it copies: a migration that
 * adds a column must teach merge about it. */
static void test_every_column(void **state)
{
	char *path = xasprintf("%s/columns.db", tmpdir);
	struct store *st = open_path(path);
	const char *const *cols;
	size_t n;
	sqlite3 *db;

	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; store_merge_table(i, &cols, &n); i++) {
		const char *name = store_merge_table(i, &cols, &n);
		char *sql = xasprintf("SELECT name FROM pragma_table_info('%s') ORDER BY cid", name);
		sqlite3_stmt *stmt;
		size_t k = 0;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			assert_true(k < n);
			assert_string_equal((const char *)sqlite3_column_text(stmt, 0), cols[k]);
			k++;
		}
		assert_int_equal(k, n);
		sqlite3_finalize(stmt);
		free(sql);
	}
	sqlite3_close(db);
	free(path);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_converge),
		cmocka_unit_test(test_clash),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_every_column),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
