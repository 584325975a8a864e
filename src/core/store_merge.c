/*
 * store_merge.c - `dilemma merge`: the sessions of another machine's
 * database copied whole into this one (see store.h, store_merge).
 *
 * Every row of every table is matched by its key (a session by its UUID, a
 * revision by session, entry and revision, a vote or an event by its
 * number in the session, a participant by theirs): a row this database
 * lacks is added, a row it has must be the same in every column, or the
 * two databases clash and nothing of the other one is kept. So merging a
 * file twice adds nothing the second time, and databases merged into each
 * other in any order end with the same rows. The other database is read
 * through its own read-only connection (store_open_readonly), which never
 * writes to it.
 */
#include "store_private.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One table as merge copies it: its columns, the first @nkey of which are
 * its key. Every column of the schema is listed (test_merge checks them
 * against the database), so that nothing is left behind. */
struct merge_table {
	const char *name;
	const char *const *columns;
	size_t ncolumns;
	size_t nkey;
	const char *what;  /* for a clash: what a row of it is */
};

static const char *const session_columns[] = {
	"id", "label", "cohort", "mode", "pack_id", "pack_version", "pack_hash", "scenario_id",
	"scenario_title", "framework_id", "principle_count", "snapshot", "started_at",
	"imported", "timebox",
};
static const char *const participant_columns[] = {"session_id", "number", "name", "role"};
static const char *const revision_columns[] = {
	"session_id", "entry_id", "revision", "stage", "kind", "principle", "participant",
	"stance", "text", "position", "deleted", "entry_created_at", "created_at",
	"pack_option", "owner",
};
static const char *const vote_columns[] = {
	"session_id", "vote_no", "participant", "option_entry", "value", "created_at", "ballot",
	"count",
};
static const char *const event_columns[] = {
	"session_id", "event_no", "kind", "stage", "detail", "created_at", "inject", "ballot",
	"seconds",
};

/* In this order: a row's session and participants come before it. */
static const struct merge_table merge_tables[] = {
	{"sessions", session_columns, ALEN(session_columns), 1, "its description"},
	{"participants", participant_columns, ALEN(participant_columns), 2, "participant"},
	{"revisions", revision_columns, ALEN(revision_columns), 3, "entry"},
	{"votes", vote_columns, ALEN(vote_columns), 2, "vote"},
	{"events", event_columns, ALEN(event_columns), 2, "event"},
};
_Static_assert(ALEN(merge_tables) == STORE_MERGE_TABLES, "store_merge_stats.rows");

const char *store_merge_table(size_t i, const char *const **columns, size_t *n)
{
	if (i >= ALEN(merge_tables))
		return NULL;
	*columns = merge_tables[i].columns;
	*n = merge_tables[i].ncolumns;
	return merge_tables[i].name;
}

/* The statements that copy one table. */
struct copy {
	const struct merge_table *t;
	sqlite3_stmt *read;   /* every row of the other database, by key */
	sqlite3_stmt *add;    /* into this one, unless its key is there */
	sqlite3_stmt *same;   /* whether this one has the row, every column equal */
};

static void copy_finish(struct copy *c)
{
	sqlite3_finalize(c->read);
	sqlite3_finalize(c->add);
	sqlite3_finalize(c->same);
}

static bool copy_prepare(struct store *st, struct store *from, const struct merge_table *t,
			 struct copy *c, struct store_error *err)
{
	struct buf cols = {0}, marks = {0}, eq = {0}, keys = {0};
	char *sql;
	bool ok;

	memset(c, 0, sizeof(*c));
	c->t = t;
	for (size_t i = 0; i < t->ncolumns; i++) {
		buf_printf(&cols, "%s%s", i ? ", " : "", t->columns[i]);
		buf_printf(&marks, "%s?%zu", i ? ", " : "", i + 1);
		/* IS: NULL equals NULL (a participant of no one, a snapshot not kept) */
		buf_printf(&eq, "%s%s IS ?%zu", i ? " AND " : "", t->columns[i], i + 1);
		if (i < t->nkey)
			buf_printf(&keys, "%s%s", i ? ", " : "", t->columns[i]);
	}
	sql = xasprintf("SELECT %s FROM %s ORDER BY %s", cols.data, t->name, keys.data);
	c->read = db_prepare(from, sql, err);
	free(sql);
	sql = xasprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT DO NOTHING", t->name,
			cols.data, marks.data);
	c->add = c->read ? db_prepare(st, sql, err) : NULL;
	free(sql);
	sql = xasprintf("SELECT count(*) FROM %s WHERE %s", t->name, eq.data);
	c->same = c->add ? db_prepare(st, sql, err) : NULL;
	free(sql);
	ok = c->same != NULL;
	buf_finish(&cols);
	buf_finish(&marks);
	buf_finish(&eq);
	buf_finish(&keys);
	if (!ok)
		copy_finish(c);
	return ok;
}

/* Name the row of @c->read that clashes, in @err. */
static void clash(struct copy *c, struct store_error *err)
{
	const char *session = col_str(c->read, 0);
	int64_t a = sqlite3_column_int64(c->read, 1), b = sqlite3_column_int64(c->read, 2);

	if (c->t->nkey == 1)
		store_error_set(err, STORE_CONFLICT, "session %s: %s differs from this database's",
				session, c->t->what);
	else if (c->t->nkey == 2)
		store_error_set(err, STORE_CONFLICT, "session %s: %s %" PRId64 " differs from this"
				" database's", session, c->t->what, a);
	else
		store_error_set(err, STORE_CONFLICT, "session %s: revision %" PRId64 " of entry %"
				PRId64 " differs from this database's", session, b, a);
}

/* Copy every row of table @c->t that this database lacks; *@added counts
 * them. A row it has must be the same (a clash fails). */
static bool copy_rows(struct store *st, struct store *from, struct copy *c, size_t *added,
		      struct store_error *err)
{
	int rc;

	while ((rc = sqlite3_step(c->read)) == SQLITE_ROW) {
		for (size_t i = 0; i < c->t->ncolumns; i++)
			sqlite3_bind_value(c->add, (int)i + 1, sqlite3_column_value(c->read, (int)i));
		if (!db_step_done(st, c->add, err))
			return false;
		if (sqlite3_changes(st->db) == 1) {
			(*added)++;
			continue;
		}
		/* already here: the same row, or a clash */
		for (size_t i = 0; i < c->t->ncolumns; i++)
			sqlite3_bind_value(c->same, (int)i + 1, sqlite3_column_value(c->read, (int)i));
		rc = sqlite3_step(c->same);
		int64_t same = rc == SQLITE_ROW ? sqlite3_column_int64(c->same, 0) : 0;
		sqlite3_reset(c->same);
		if (rc != SQLITE_ROW) {
			db_error(st, rc, err);
			return false;
		}
		if (!same) {
			clash(c, err);
			return false;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(from, rc, err);
		return false;
	}
	return true;
}

bool store_merge(struct store *st, struct store *from, struct store_merge_stats *stats,
		 struct store_error *err)
{
	struct copy c;
	bool ok = true;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (st->readonly) {
		store_error_set(err, st->readonly_code, "%s: %s", st->path, st->readonly_why);
		return false;
	}
	/* Each row is its own INSERT, and one that fires a trigger keeps a
	 * statement journal: in memory, not in a temporary file written for
	 * every row. */
	db_exec(st, "PRAGMA temp_store = MEMORY");
	/* one read transaction over there: a consistent picture of it */
	if ((rc = db_exec(from, "BEGIN")) != SQLITE_OK) {
		db_error(from, rc, err);
		return false;
	}
	if (!db_begin(st, err)) {
		db_exec(from, "COMMIT");
		return false;
	}
	for (size_t i = 0; ok && i < ALEN(merge_tables); i++) {
		ok = copy_prepare(st, from, &merge_tables[i], &c, err);
		if (ok) {
			ok = copy_rows(st, from, &c, &stats->rows[i], err);
			copy_finish(&c);
		}
	}
	db_exec(from, "COMMIT");
	if (!ok) {
		db_rollback(st);
		memset(stats, 0, sizeof(*stats));
	} else {
		ok = db_commit(st, err);
	}
	db_exec(st, "PRAGMA temp_store = DEFAULT");
	return ok;
}
