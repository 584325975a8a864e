/* Unit tests for opening the store (store.c, store_file.c): the read-only
 * opener creates nothing and waits for a database being created, readers
 * and writers started together on a missing database, a failed creation
 * leaves nothing behind; a read-only store follows another process's
 * changes through store_data_version, and says when it is locked out; all
 * of it also with the -wal and -shm the workbench keeps (store_keep_wal),
 * and a database made anew where a deleted one's -wal remains. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/session.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

#include "scratch.h"

static struct pack_scenario scenario = {.id = "sc", .title = "A scenario"};
static struct pack test_pack = {
	.id = "p", .title = "P", .version = 1, .scenarios = &scenario, .nscenarios = 1,
};

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static bool exists2(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	bool e = exists(p);

	free(p);
	return e;
}

static struct session *new_session(struct store *st, struct store_error *err)
{
	struct session_spec spec = {
		.pack = &test_pack, .scenario = &scenario, .label = "L", .mode = SESSION_SOLO,
	};

	return store_session_create(st, &spec, err);
}

/* A database at @path holding one session; its id into @id. Made as the
 * workbench does when @kept: its -wal and -shm stay after it closes. */
static void make_db_kept(const char *path, char id[SESSION_ID_LEN], bool kept)
{
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	struct session *s;

	if (!st)
		fail_msg("open %s: %s", path, err.message);
	if (kept)
		store_keep_wal(st);
	s = new_session(st, &err);
	if (!s)
		fail_msg("create: %s", err.message);
	if (id)
		memcpy(id, s->id, SESSION_ID_LEN);
	session_destroy(s);
	store_close(st);
}

static void make_db(const char *path, char id[SESSION_ID_LEN])
{
	make_db_kept(path, id, false);
}

/* What lies beside @path once its last writer has closed: nothing, or
 * when the writer kept them (@kept) an empty -wal and a -shm. */
static void closed_sidecars(const char *path, bool kept)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;

	if (kept) {
		assert_int_equal(stat(wal, &sb), 0);
		assert_int_equal(sb.st_size, 0);
		assert_true(exists2(path, "-shm"));
	} else {
		assert_false(exists(wal));
		assert_false(exists2(path, "-shm"));
	}
	free(wal);
}

/* The -wal and -shm beside a database as a reader must leave them: there
 * or not, and if there the same file, size and time. */
struct sidecars {
	bool there[2];
	struct stat sb[2];
};

static void sidecars_of(const char *path, struct sidecars *out)
{
	static const char *const names[] = {"-wal", "-shm"};

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 2; i++) {
		char *p = xasprintf("%s%s", path, names[i]);
		out->there[i] = stat(p, &out->sb[i]) == 0;
		free(p);
	}
}

static void sidecars_unchanged(const char *path, const struct sidecars *before)
{
	struct sidecars now;

	sidecars_of(path, &now);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(now.there[i], before->there[i]);
		if (!now.there[i])
			continue;
		assert_true(now.sb[i].st_ino == before->sb[i].st_ino);
		assert_int_equal(now.sb[i].st_size, before->sb[i].st_size);
		assert_int_equal(now.sb[i].st_mtim.tv_sec, before->sb[i].st_mtim.tv_sec);
		assert_int_equal(now.sb[i].st_mtim.tv_nsec, before->sb[i].st_mtim.tv_nsec);
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_readonly_missing(void **state)
{
	char *dir = xasprintf("%s/nothing-here", tmpdir);
	char *path = xasprintf("%s/sessions.db", dir);
	struct store_error err = {0};

	(void)state;
	assert_null(store_open_readonly(path, &err));
	assert_int_equal(err.code, STORE_MISSING);
	assert_false(exists(dir));
	mkdir(dir, 0700);
	assert_null(store_open_readonly(path, &err));
	assert_int_equal(err.code, STORE_MISSING);
	assert_false(exists(path));
	/* An empty file, as a creation that died would leave: not foreign,
	 * and not touched. */
	close(open(path, O_WRONLY | O_CREAT, 0600));
	assert_null(store_open_readonly(path, &err));
	assert_int_equal(err.code, STORE_MISSING);
	assert_false(exists2(path, "-wal"));
	assert_false(exists2(path, "-shm"));
	free(path);
	free(dir);
}

static void test_readonly_reads(void **state)
{
	char *path = xasprintf("%s/ro.db", tmpdir);
	char id[SESSION_ID_LEN];
	struct store_error err = {0};
	struct store *st, *w;
	struct session *s, *s2;

	(void)state;
	make_db(path, id);
	assert_false(exists2(path, "-wal"));
	st = store_open_readonly(path, &err);
	assert_non_null(st);
	assert_true(store_readonly(st));
	s = store_session_load(st, id, &err);
	assert_non_null(s);
	/* Nothing can be written, and the reason is given. */
	assert_false(store_event_record(st, s, EVENT_SESSION_FINISHED, NDM_ETHICS, NULL, &err));
	assert_int_equal(err.code, STORE_READONLY);
	assert_non_null(strstr(err.message, "reading only"));
	assert_false(exists2(path, "-wal"));
	assert_false(exists2(path, "-shm"));
	session_destroy(s);
	store_close(st);
	assert_false(exists2(path, "-wal"));
	assert_false(exists2(path, "-shm"));

	/* With a writer at work, its saves not yet in the file are read
	 * through its -wal. */
	w = store_open(path, &err);
	assert_non_null(w);
	s = new_session(w, &err);
	assert_non_null(s);
	st = store_open_readonly(path, &err);
	assert_non_null(st);
	s2 = store_session_load(st, s->id, &err);
	assert_non_null(s2);
	session_destroy(s2);
	store_close(st);
	session_destroy(s);
	store_close(w);
	assert_false(exists2(path, "-wal"));
	free(path);
}

/* A creator holds the creation lock while the file exists but is not yet
 * a database: the reader waits, then reads what was made. */
static void test_readonly_waits(void **state)
{
	char *dir = xasprintf("%s/wait", tmpdir);
	char *path = xasprintf("%s/sessions.db", dir);
	char *made = xasprintf("%s/made.db", tmpdir);
	char id[SESSION_ID_LEN];
	struct store_error err = {0};
	int ready[2], status;
	char c;
	pid_t pid;
	int64_t t0;
	struct store *st;
	struct session *s;

	(void)state;
	mkdir(dir, 0700);
	make_db(made, id);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(dir, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(2);
		close(open(path, O_WRONLY | O_CREAT, 0600));
		if (write(ready[1], "x", 1) != 1)
			_exit(3);
		usleep(400 * 1000);
		_exit(rename(made, path) == 0 ? 0 : 4);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	t0 = now_ms();
	st = store_open_readonly(path, &err);
	if (!st)
		fail_msg("read-only open while being created: %s", err.message);
	assert_true(now_ms() - t0 >= 300);
	s = store_session_load(st, id, &err);
	assert_non_null(s);
	session_destroy(s);
	store_close(st);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(ready[0]);
	close(ready[1]);
	free(made);
	free(path);
	free(dir);
}

/* Four writers and four readers started together on a missing database,
 * 20 times: every writer succeeds; a reader finds no database yet or
 * reads it, and nothing else. */
static void test_readers_and_writers_race(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		char *path = xasprintf("%s/race%d/sessions.db", tmpdir, round);
		pid_t pids[8];
		int bad = 0;

		for (int i = 0; i < 8; i++) {
			pids[i] = fork();
			assert_true(pids[i] >= 0);
			if (pids[i] > 0)
				continue;
			struct store_error err = {0};
			struct store *st;
			if (i % 2 == 0) {
				struct session *s;
				st = store_open(path, &err);
				s = st ? new_session(st, &err) : NULL;
				if (!s)
					fprintf(stderr, "writer: %s\n", err.message);
				_exit(s ? 0 : 1);
			}
			st = store_open_readonly(path, &err);
			if (st) {
				struct session_summary *list = NULL;
				size_t n = 0;
				bool ok = store_session_list(st, NULL, &list, &n, &err);
				if (!ok)
					fprintf(stderr, "reader: %s\n", err.message);
				_exit(ok ? 0 : 1);
			}
			if (err.code != STORE_MISSING)
				fprintf(stderr, "reader: %s\n", err.message);
			_exit(err.code == STORE_MISSING ? 0 : 1);
		}
		for (int i = 0; i < 8; i++) {
			int status;
			assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
			bad += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
		assert_int_equal(bad, 0);

		struct store_error err = {0};
		struct store *st = store_open_readonly(path, &err);
		struct session_summary *list = NULL;
		size_t n = 0;
		assert_non_null(st);
		assert_true(store_session_list(st, NULL, &list, &n, &err));
		assert_int_equal(n, 4);
		session_summaries_free(list, n);
		store_close(st);
		free(path);
	}
}

/* Issue 12, defect 15: the -wal deleted while a store writes. The child
 * saves, has its -wal deleted (or replaced), saves again, and dies without
 * closing, as kill -9 would; what it had saved must be in the database. */
static void wal_lost(bool replace)
{
	char *path = xasprintf("%s/wal-%d.db", tmpdir, replace);
	char *wal = xasprintf("%s-wal", path);
	char id[SESSION_ID_LEN];
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_error err = {0};
		struct store *st = store_open(path, &err);
		struct session *s = st ? new_session(st, &err) : NULL;
		struct entry e = {.stage = NDM_INFORMATION, .kind = ENTRY_NOTE, .text = "kept"};
		FILE *f;
		if (!s || !store_entry_save(st, s, &e, NULL, &err))
			_exit(10);
		f = fopen(xasprintf("%s.id", path), "w");
		fputs(s->id, f);
		fclose(f);
		if (unlink(wal) != 0)
			_exit(11);
		if (replace && !(f = fopen(wal, "w")))
			_exit(12);
		/* refused, saying why; and so is every later write */
		e.text = "after";
		for (int i = 0; i < 2; i++) {
			if (store_entry_save(st, s, &e, NULL, &err) ||
			    err.code != STORE_WAL_LOST || !strstr(err.message, "-wal") ||
			    !strstr(err.message, "every save until then is in"))
				_exit(13 + i);
			if (store_event_record(st, s, EVENT_STAGE_ENTERED, NDM_INFORMATION, "", &err))
				_exit(15);
		}
		_exit(0); /* no store_close: no checkpoint on the way out */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	char *idpath = xasprintf("%s.id", path);
	FILE *f = fopen(idpath, "r");
	assert_non_null(f);
	assert_non_null(fgets(id, sizeof(id), f));
	fclose(f);
	struct store_error err = {0};
	struct store *st = store_open(path, &err);
	assert_non_null(st);
	struct session *s = store_session_load(st, id, &err);
	if (!s)
		fail_msg("the session saved before the -wal went is lost: %s", err.message);
	assert_int_equal(s->nentries, 1);
	assert_string_equal(s->entries[0].text, "kept");
	session_destroy(s);
	/* A new start writes again. */
	struct session *s2 = new_session(st, &err);
	assert_non_null(s2);
	session_destroy(s2);
	store_close(st);
	free(idpath);
	free(wal);
	free(path);
}

static void test_wal_deleted(void **state)
{
	wal_lost(false);
}

static void test_wal_replaced(void **state)
{
	wal_lost(true);
}

/* The number of events of session @id as @st reads it now. */
static size_t events_seen(struct store *st, const char *id)
{
	struct store_error err = {0};
	struct session *s = store_session_load(st, id, &err);
	size_t n;

	if (!s)
		fail_msg("load: %s", err.message);
	n = s->nevents;
	session_destroy(s);
	return n;
}

static int64_t version_of(struct store *st)
{
	struct store_error err = {0};
	int64_t v = 0;

	if (!store_data_version(st, &v, &err))
		fail_msg("data version: %s", err.message);
	return v;
}

/* Record one event in session @id through a writer of its own, closed
 * again (the last connection: its -wal is folded into the file), which
 * keeps its -wal and -shm when @kept. */
static void write_event_kept(const char *path, const char *id, bool kept)
{
	struct store_error err = {0};
	struct store *w = store_open(path, &err);
	struct session *s;

	assert_non_null(w);
	if (kept)
		store_keep_wal(w);
	s = store_session_load(w, id, &err);
	assert_non_null(s);
	assert_true(store_event_record(w, s, EVENT_STAGE_ENTERED, NDM_ASSESSMENT, NULL, &err));
	session_destroy(s);
	store_close(w);
}

/* A reader opened on the file alone (no writer at work) sees a writer's
 * change through store_data_version, whether the writer is still at work
 * or has gone; the number stays put while nothing changes. */
static void data_version_follows(const char *name, bool kept)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	char id[SESSION_ID_LEN];
	struct store_error err = {0};
	struct store *r, *w;
	struct session *s;
	int64_t v, v2;

	make_db_kept(path, id, kept);
	closed_sidecars(path, kept);
	r = store_open_readonly(path, &err);
	assert_non_null(r);
	v = version_of(r);
	assert_true(version_of(r) == v);
	assert_int_equal(events_seen(r, id), 0);
	closed_sidecars(path, kept);

	/* a writer that came and went */
	write_event_kept(path, id, kept);
	closed_sidecars(path, kept);
	v2 = version_of(r);
	assert_true(v2 != v);
	assert_int_equal(events_seen(r, id), 1);
	assert_true(version_of(r) == v2);

	/* a writer at work: its saves are still in its -wal */
	w = store_open(path, &err);
	assert_non_null(w);
	s = store_session_load(w, id, &err);
	assert_non_null(s);
	v = version_of(w);
	assert_true(store_event_record(w, s, EVENT_STAGE_ENTERED, NDM_POWERS, NULL, &err));
	assert_true(version_of(w) != v); /* its own change counts too */
	v = version_of(r);
	assert_true(v != v2);
	assert_int_equal(events_seen(r, id), 2);
	assert_true(version_of(r) == v);
	assert_true(store_event_record(w, s, EVENT_STAGE_ENTERED, NDM_OPTIONS, NULL, &err));
	assert_true(version_of(r) != v);
	assert_int_equal(events_seen(r, id), 3);
	session_destroy(s);
	store_close(w);
	store_close(r);
	free(path);
}

static void test_data_version_follows(void **state)
{
	(void)state;
	data_version_follows("follow.db", false);
}

/* The same where the workbench keeps its -wal (empty once it has gone)
 * and -shm: the reader reads the file alone until a writer has saved. */
static void test_data_version_follows_kept(void **state)
{
	(void)state;
	data_version_follows("follow-kept.db", true);
}

/* Another program keeps the database to itself (exclusive locking mode)
 * and has written to it: the reader says it is locked out, reads nothing
 * meanwhile, and follows again once the program lets go. */
static void data_version_locked_out(const char *name, bool kept)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	char id[SESSION_ID_LEN];
	struct store_error err = {0};
	struct session *s;
	struct store *r;
	int ready[2], go[2], status;
	int64_t v, v2;
	pid_t pid;
	char c;

	make_db_kept(path, id, kept);
	r = store_open_readonly(path, &err);
	assert_non_null(r);
	store_set_busy_timeout(r, 50);
	v = version_of(r);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db = NULL;
		close(go[1]); /* so that the read below ends if the test does */
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
				 " CREATE TABLE lock_probe(x); DROP TABLE lock_probe; COMMIT;"
				 " BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_schema;",
				 NULL, NULL, NULL) != SQLITE_OK)
			_exit(2);
		if (write(ready[1], "x", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK &&
		      sqlite3_close(db) == SQLITE_OK ? 0 : 4);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_true(exists2(path, "-wal"));
	assert_false(store_data_version(r, &v2, &err));
	assert_int_equal(err.code, STORE_LOCKED);
	assert_non_null(strstr(err.message, "holds it for itself"));
	assert_false(store_data_version(r, &v2, &err));
	assert_int_equal(err.code, STORE_LOCKED);
	/* nothing is read meanwhile, and nothing goes wrong for asking */
	assert_null(store_session_load(r, id, &err));
	assert_int_not_equal(err.code, STORE_OK);
	assert_int_equal(write(go[1], "x", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	v2 = version_of(r);
	assert_true(v2 != v);
	s = store_session_load(r, id, &err);
	assert_non_null(s);
	session_destroy(s);
	write_event_kept(path, id, kept);
	assert_true(version_of(r) != v2);
	assert_int_equal(events_seen(r, id), 1);
	store_close(r);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	free(path);
}

static void test_data_version_locked_out(void **state)
{
	(void)state;
	data_version_locked_out("held.db", false);
}

/* The same with the -shm the workbench keeps beside it, which the program
 * that holds the database alone does not use. */
static void test_data_version_locked_out_kept(void **state)
{
	(void)state;
	data_version_locked_out("held-kept.db", true);
}

/* What the workbench keeps beside a database: an empty -wal and a -shm,
 * with every save in the file itself. A reader (and a copy of the file
 * alone) has everything and creates or changes nothing beside it. */
static void test_kept_readonly_reads(void **state)
{
	char *path = xasprintf("%s/kept.db", tmpdir);
	char *copy = xasprintf("%s/kept-copy.db", tmpdir);
	char id[SESSION_ID_LEN], cmd[512];
	struct store_error err = {0};
	struct sidecars before;
	struct store *st;
	struct session *s;

	(void)state;
	make_db_kept(path, id, true);
	write_event_kept(path, id, true);
	closed_sidecars(path, true);
	sidecars_of(path, &before);
	st = store_open_readonly(path, &err);
	assert_non_null(st);
	assert_int_equal(events_seen(st, id), 1);
	s = store_session_load(st, id, &err);
	assert_non_null(s);
	assert_false(store_event_record(st, s, EVENT_SESSION_FINISHED, NDM_ETHICS, NULL, &err));
	assert_int_equal(err.code, STORE_READONLY);
	session_destroy(s);
	store_close(st);
	sidecars_unchanged(path, &before);
	/* the file alone */
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", path, copy);
	assert_int_equal(system(cmd), 0);
	st = store_open_readonly(copy, &err);
	assert_non_null(st);
	assert_int_equal(events_seen(st, id), 1);
	store_close(st);
	assert_false(exists2(copy, "-wal"));
	assert_false(exists2(copy, "-shm"));
	/* and written again, it is an ordinary database */
	write_event_kept(copy, id, false);
	st = store_open_readonly(copy, &err);
	assert_non_null(st);
	assert_int_equal(events_seen(st, id), 2);
	store_close(st);
	free(copy);
	free(path);
}

/* A database made where a deleted one's -wal and -shm remain (a crash
 * left saves in that -wal) reads nothing from them: it starts empty. */
static void test_new_db_beside_old_wal(void **state)
{
	char *path = xasprintf("%s/old.db", tmpdir);
	char *fresh = xasprintf("%s/fresh.db", tmpdir);
	char id[SESSION_ID_LEN], cmd[1024];
	struct store_error err = {0};
	struct store *w, *st;
	struct session *s;
	struct session_summary *list;
	size_t n;

	(void)state;
	make_db_kept(path, id, true);
	/* a writer at work: its save is in the -wal alone */
	w = store_open(path, &err);
	assert_non_null(w);
	s = store_session_load(w, id, &err);
	assert_non_null(s);
	assert_true(store_event_record(w, s, EVENT_STAGE_ENTERED, NDM_POWERS, NULL, &err));
	session_destroy(s);
	snprintf(cmd, sizeof(cmd), "cp '%s-wal' '%s-wal' && cp '%s-shm' '%s-shm'", path, fresh,
		 path, fresh);
	assert_int_equal(system(cmd), 0);
	st = store_open(fresh, &err);
	assert_non_null(st);
	assert_true(store_session_list(st, NULL, &list, &n, &err));
	assert_int_equal(n, 0);
	session_summaries_free(list, n);
	assert_null(store_session_load(st, id, &err));
	store_close(st);
	store_close(w);
	free(fresh);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readonly_missing),
		cmocka_unit_test(test_readonly_reads),
		cmocka_unit_test(test_readonly_waits),
		cmocka_unit_test(test_readers_and_writers_race),
		cmocka_unit_test(test_wal_deleted),
		cmocka_unit_test(test_wal_replaced),
		cmocka_unit_test(test_data_version_follows),
		cmocka_unit_test(test_data_version_follows_kept),
		cmocka_unit_test(test_data_version_locked_out),
		cmocka_unit_test(test_data_version_locked_out_kept),
		cmocka_unit_test(test_kept_readonly_reads),
		cmocka_unit_test(test_new_db_beside_old_wal),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
