/*
 * store_private.h - what the store's files (store*.c) share and nothing
 * else sees: the struct behind `struct store`, the error and transaction
 * helpers, the statement helpers and the SQL fragments that more than one
 * of them uses. Only the store speaks SQL, so only they include this.
 *
 *   store.c          opening, identity check, migrations, closing, errors
 *   store_session.c  one session: create, load, save entries, participants,
 *                    events, votes, finish and reopen
 *   store_query.c    many sessions: filters, listings, ids, export rows
 *   store_import.c   a responses CSV's rows brought into the store
 *   store_scan.c     many sessions read with only what a reader needs
 *   store_merge.c    another machine's database copied in, row by row
 *   store_file.c     the file on disk around SQLite
 *   store_wal.c      the -wal file watched while the store writes
 */
#ifndef DILEMMA_STORE_PRIVATE_H
#define DILEMMA_STORE_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "dilemma/store.h"
#include "dilemma/util.h"

/* The import in progress: the session whose rows are being read. */
struct import_session {
	char *id;
	bool is_new;
	char started[SESSION_TIME_LEN];
	char last[SESSION_TIME_LEN];
	struct store_row meta; /* label etc. of the first row, strings owned */
	char **names;          /* participant names; number = index + 1 */
	size_t nnames;
	size_t nnames_saved;   /* names already in the database */
};

/* The database file as seen from outside SQLite: enough to notice that
 * another process changed it, or began a -wal, while it was being read
 * as immutable (store_data_version). */
struct store_file_print {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool wal;                      /* a -wal with content beside it */
};

struct store {
	sqlite3 *db;                   /* NULL when following failed to reconnect */
	char *path;                    /* as given, for messages */
	char *dir;                     /* its folder, resolved */
	char *file;                    /* dir + its name: what SQLite is given */
	bool readonly;                 /* opened for reading: every write fails */
	enum store_code readonly_code; /* STORE_READONLY or STORE_FULL */
	char readonly_why[160];
	bool immutable;                /* read through the file alone, as immutable */
	struct store_file_print print; /* the file when it was opened so */
	int64_t generation;            /* connections made again by following */
	int busy_ms;                   /* how long to wait for another's lock */
	char notice[1024];             /* store_notice(), lines */
	bool wal_known;                /* the -wal's identity was noted (store_wal.c) */
	bool wal_lost;                 /* it has gone or changed since: writes fail */
	bool wal_rescued;              /* what it held is in the database file */
	dev_t wal_dev;
	ino_t wal_ino;
	bool importing;
	struct import_session imp;
	sqlite3_stmt *imp_stmt[6];     /* the import's statements (store_import.c) */
	sqlite3_stmt *event_insert;    /* db_insert_event's, kept while connected */
};

/* ---- errors (store.c) ---- */

/* Fill @err (may be NULL) with @code's plain message and, when @fmt is
 * given, the detail in parentheses after it. */
void store_error_set(struct store_error *err, enum store_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The store code of the SQLite result code @rc. */
enum store_code db_code(int rc);
/* Report the SQLite error @rc of the store's connection. */
void db_error(struct store *st, int rc, struct store_error *err);

/* ---- transactions and statements (store.c) ---- */

int db_exec(struct store *st, const char *sql);
/* BEGIN IMMEDIATE: every write takes the write lock up front. */
bool db_begin(struct store *st, struct store_error *err);
/* COMMIT, rolling back when it fails. */
bool db_commit(struct store *st, struct store_error *err);
/* ROLLBACK when a transaction is open. */
void db_rollback(struct store *st);
/* Prepare @sql; on failure report and return NULL. */
sqlite3_stmt *db_prepare(struct store *st, const char *sql, struct store_error *err);
/* Step a statement that returns no rows, then reset it. */
bool db_step_done(struct store *st, sqlite3_stmt *stmt, struct store_error *err);
/* One integer from a query with up to one text parameter (0 for no row). */
bool db_query_int(struct store *st, const char *sql, const char *arg, int64_t *out,
		  struct store_error *err);

static inline void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_STATIC);
}

/* NULL or "" binds NULL (a filter that does not filter). */
static inline void bind_opt(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

static inline const char *col_str(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return t ? (const char *)t : "";
}

static inline char *col_dup(sqlite3_stmt *stmt, int i)
{
	return xstrdup(col_str(stmt, i));
}

static inline void col_copy(sqlite3_stmt *stmt, int i, char *out, size_t size)
{
	snprintf(out, size, "%s", col_str(stmt, i));
}

/* Add a line to what store_notice() tells the user. */
void store_notice_add(struct store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the file on disk (store_file.c) ---- */

int64_t store_now_ms(void);
/* Sleep a few milliseconds before trying again. */
void store_nap(void);
/* Resolve st->path into st->dir and st->file (making missing folders, 0700,
 * when @make_folders) and look at the file: false with @err for a link as
 * the last component, a folder or anything else not a regular file;
 * *@exists tells whether there is a file. */
bool store_file_locate(struct store *st, bool make_folders, bool *exists,
		       struct store_error *err);
/* Why this user cannot write the database (the file, its folder, the file
 * system), or NULL when they can. */
const char *store_file_unwritable(const struct store *st);
/* Take the creation lock (shared to wait for a creator) until @deadline:
 * a descriptor to pass to store_file_unlock, -1 when the file system has
 * no such lock (go on without), -2 with @err when it stayed taken. */
int store_file_lock(struct store *st, bool exclusive, int64_t deadline,
		    struct store_error *err);
void store_file_unlock(int fd);
/* Create the file, 0600, unless it exists; *@created tells which. */
bool store_file_create(struct store *st, bool *created, struct store_error *err);
/* Remove a file that a failed creation made, and SQLite's files beside it. */
void store_file_remove(const struct store *st);
/* Whether the -wal beside the database has content, and a -shm exists. */
void store_file_wal(const struct store *st, bool *wal_content, bool *shm);
/* The file's print now; false when it cannot be looked at. */
bool store_file_print(const struct store *st, struct store_file_print *out);
bool store_file_print_eq(const struct store_file_print *a, const struct store_file_print *b);
/* Whether another process holds the file alone (a write lock of SQLite's
 * on it, which readers and writers in WAL mode do not take). Opens
 * and closes a descriptor of the file, which would drop this process's
 * own SQLite locks on it: call it only while the store is not connected. */
bool store_file_held(const struct store *st);
/* Make a database readable by others private (0600) when it is ours, or
 * add a notice saying that it is not. */
void store_file_tighten(struct store *st);

/* ---- the -wal file (store_wal.c) ---- */

/* Note the -wal's identity, when there is one and it is not known yet. */
void store_wal_note(struct store *st);
/* Whether the -wal is still the one noted. When it has gone or changed,
 * copy what it held into the database file and fail with STORE_WAL_LOST,
 * then and at every later call. */
bool store_wal_check(struct store *st, struct store_error *err);

/* ---- shared by sessions, import and the scan (store_session.c) ---- */

/* Insert one event inside the caller's transaction. */
bool db_insert_event(struct store *st, const char *session_id, const struct event *ev,
		     struct store_error *err);
/* Whether events of @kind are at a stage (the others record none). */
bool db_event_has_stage(enum event_kind kind);
/* Append to @s the participant (number, name, role) or the vote
 * (participant, option_entry, value, created_at, ballot, count) of the
 * current row of @stmt: shared by store_session_load and the scan. */
void load_participant(struct session *s, sqlite3_stmt *stmt);
void load_vote(struct session *s, sqlite3_stmt *stmt);

/* ---- SQL fragments ---- */

/* The status of session s.id, derived from its events. */
#define STATUS_SQL \
	"coalesce((SELECT CASE e.kind WHEN 'session-finished' THEN 'finished' ELSE 'open' END" \
	" FROM events e WHERE e.session_id = s.id" \
	" AND e.kind IN ('session-finished', 'session-reopened')" \
	" ORDER BY e.event_no DESC LIMIT 1), 'open')"
#define FINISHED_SQL \
	"coalesce((SELECT e.created_at FROM events e WHERE e.session_id = s.id" \
	" AND e.kind = 'session-finished' ORDER BY e.event_no DESC LIMIT 1), '')"

/* The sessions that pass @f (NULL: all), as SQL to follow a SELECT list:
 * " FROM session_activity a" (a session's times, status and what a list
 * shows of it), then @join (may be NULL; " JOIN sessions s ON s.id =
 * a.session_id" for the rest) and a WHERE clause with only the conditions
 * @f sets, each of them one an index serves (a condition of the form
 * "?N IS NULL OR ..." would keep SQLite from using any). Parameters
 * ?1..?8; bind_filter() binds them. Caller frees. */
char *filter_from(const struct store_filter *f, const char *join);
void bind_filter(sqlite3_stmt *stmt, const struct store_filter *f);
/* Prepare "SELECT @what <filter_from(@f, @join)> @tail", bound. */
sqlite3_stmt *prepare_joined(struct store *st, const char *what, const struct store_filter *f,
			     const char *join, const char *tail, struct store_error *err);

/* The ids that start with the text ?N, as a range of the primary key so
 * that SQLite seeks to it instead of reading every session: from ?N up to
 * ?N followed by the byte 0xFF, which no UTF-8 text holds, so that every
 * id starting with ?N, and only those, lies between. With ?N NULL the
 * range is every text (a text sorts before any blob, even x''). */
#define ID_PREFIX_RANGE_SQL(col, n) \
	" " col " >= coalesce(" n ", '') AND " col " < coalesce(" n " || CAST(x'ff' AS TEXT), x'')"

/* One session by its id or the prefix of one (store_session.c's
 * resolve_id): the session whose id is ?1, then up to two others whose id
 * starts with ?1 when ?1 has 8 characters or more; ids of ?2 characters
 * or more take no part. */
#define RESOLVE_ID_SQL \
	"SELECT id FROM sessions WHERE id = ?1 UNION ALL" \
	" SELECT * FROM (SELECT id FROM sessions WHERE length(?1) >= 8 AND id <> ?1 AND" \
	ID_PREFIX_RANGE_SQL("id", "?1") " AND length(id) < ?2 LIMIT 2)"

#endif
