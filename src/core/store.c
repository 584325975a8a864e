/*
 * store.c - opening the SQLite store of sessions (see store.h): making the
 * file and its folder, telling ours from a foreign file, migrating the
 * schema, closing; and the error and transaction helpers the other store
 * files share (store_private.h). Only store*.c hold SQL.
 *
 * The schema is append-only: revisions, votes and events are only ever
 * inserted (triggers refuse UPDATE and DELETE), and a session's status is
 * the latest of its finished/reopened events rather than a column that is
 * overwritten. Opening never writes to a file before it has been shown to
 * be a dilemma database of a schema this program knows.
 */
#include "store_private.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'DLMA': marks the file as ours in the SQLite header. */
#define STORE_APPLICATION_ID 0x444c4d41

/* migrations[i] takes user_version i to i + 1. Append only. */
static const char *const migrations[] = {
	"CREATE TABLE sessions ("
	" id TEXT PRIMARY KEY NOT NULL,"
	" label TEXT NOT NULL,"
	" cohort TEXT NOT NULL DEFAULT '',"
	" mode TEXT NOT NULL,"
	" pack_id TEXT NOT NULL,"
	" pack_version INTEGER NOT NULL DEFAULT 0,"
	" pack_hash TEXT NOT NULL DEFAULT '',"
	" scenario_id TEXT NOT NULL,"
	" scenario_title TEXT NOT NULL DEFAULT '',"
	" framework_id TEXT NOT NULL DEFAULT '',"
	" principle_count INTEGER NOT NULL DEFAULT 0,"
	" snapshot TEXT,"
	" started_at TEXT NOT NULL,"
	" imported INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE TABLE participants ("
	" session_id TEXT NOT NULL REFERENCES sessions(id),"
	" number INTEGER NOT NULL,"
	" name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (session_id, number)"
	") WITHOUT ROWID;"
	/* One row per saved revision of an entry. entry_created_at repeats the
	 * time of the entry's first revision so that an import, which may only
	 * carry the latest revision, keeps it too. */
	"CREATE TABLE revisions ("
	" session_id TEXT NOT NULL REFERENCES sessions(id),"
	" entry_id INTEGER NOT NULL CHECK (entry_id > 0),"
	" revision INTEGER NOT NULL CHECK (revision > 0),"
	" stage TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" principle TEXT NOT NULL DEFAULT '',"
	" participant INTEGER,"
	" stance TEXT NOT NULL DEFAULT '',"
	" text TEXT NOT NULL,"
	" position INTEGER NOT NULL DEFAULT 0,"
	" deleted INTEGER NOT NULL DEFAULT 0,"
	" entry_created_at TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY (session_id, entry_id, revision),"
	" FOREIGN KEY (session_id, participant) REFERENCES participants(session_id, number)"
	") WITHOUT ROWID;"
	"CREATE TABLE votes ("
	" session_id TEXT NOT NULL REFERENCES sessions(id),"
	" vote_no INTEGER NOT NULL,"
	" participant INTEGER,"
	" option_entry INTEGER NOT NULL,"
	" value INTEGER NOT NULL,"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY (session_id, vote_no)"
	") WITHOUT ROWID;"
	"CREATE TABLE events ("
	" session_id TEXT NOT NULL REFERENCES sessions(id),"
	" event_no INTEGER NOT NULL,"
	" kind TEXT NOT NULL,"
	" stage TEXT NOT NULL DEFAULT '',"
	" detail TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY (session_id, event_no)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER sessions_keep BEFORE DELETE ON sessions"
	" BEGIN SELECT RAISE(ABORT, 'sessions are never deleted'); END;"
	"CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions"
	" BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;"
	"CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions"
	" BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;"
	"CREATE TRIGGER votes_no_update BEFORE UPDATE ON votes"
	" BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;"
	"CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes"
	" BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
	/* 2: which inject an inject-released event released is data (a
	 * number), not text in `detail`; the numbers written there move. */
	"ALTER TABLE events ADD COLUMN inject INTEGER NOT NULL DEFAULT 0;"
	"DROP TRIGGER events_no_update;"
	"UPDATE events SET inject = CAST(detail AS INTEGER), detail = ''"
	" WHERE kind = 'inject-released' AND detail GLOB '[1-9]*'"
	" AND detail NOT GLOB '*[^0-9]*' AND length(detail) < 10;"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
	/* 3: panels and counted options. An option or decision remembers the
	 * pack option it came from; a recommendation its owner. Votes belong
	 * to a ballot and a show of hands is one row per count. Ballots,
	 * clocks and added time are events with their numbers. A session
	 * has a time-box per stage. Who has a session open (a heartbeat, not
	 * session data, so rows come and go). */
	"ALTER TABLE revisions ADD COLUMN pack_option INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE revisions ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE votes ADD COLUMN ballot INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE votes ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0);"
	"ALTER TABLE events ADD COLUMN ballot INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE events ADD COLUMN seconds INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sessions ADD COLUMN timebox INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE presence ("
	" session_id TEXT NOT NULL REFERENCES sessions(id),"
	" holder TEXT NOT NULL,"
	" pid INTEGER NOT NULL,"
	" host TEXT NOT NULL DEFAULT '',"
	" since TEXT NOT NULL,"
	" seen_at TEXT NOT NULL,"
	" PRIMARY KEY (session_id, holder)"
	") WITHOUT ROWID;",
	/* 4: a session's times and status, kept beside it by triggers so that
	 * a listing never reads revisions (the session list cost in proportion
	 * to every revision in the database) nor the sessions row's overflow
	 * pages (started_at lies after the snapshot); and indexes for the
	 * filters and for listing the most recent sessions a page at a time.
	 * status follows the finished/reopened event with the highest number,
	 * as STATUS_SQL does, whatever order rows arrive in (import, merge). */
	"CREATE TABLE session_activity ("
	" session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions(id),"
	" started_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'open',"
	" status_event INTEGER NOT NULL DEFAULT 0,"
	" finished_at TEXT NOT NULL DEFAULT ''"
	") WITHOUT ROWID;"
	"INSERT INTO session_activity (session_id, started_at, updated_at, status, status_event,"
	" finished_at) SELECT s.id, s.started_at, max(s.started_at,"
	"  coalesce((SELECT max(created_at) FROM revisions r WHERE r.session_id = s.id), ''),"
	"  coalesce((SELECT max(created_at) FROM events e WHERE e.session_id = s.id), '')),"
	" coalesce((SELECT CASE e.kind WHEN 'session-finished' THEN 'finished' ELSE 'open' END"
	"  FROM events e WHERE e.session_id = s.id AND e.kind IN ('session-finished',"
	"  'session-reopened') ORDER BY e.event_no DESC LIMIT 1), 'open'),"
	" coalesce((SELECT max(event_no) FROM events e WHERE e.session_id = s.id"
	"  AND e.kind IN ('session-finished', 'session-reopened')), 0),"
	" coalesce((SELECT e.created_at FROM events e WHERE e.session_id = s.id AND e.kind IN"
	"  ('session-finished', 'session-reopened') ORDER BY e.event_no DESC LIMIT 1), '')"
	" FROM sessions s;"
	"UPDATE session_activity SET finished_at = '' WHERE status = 'open';"
	"CREATE TRIGGER sessions_activity AFTER INSERT ON sessions BEGIN"
	" INSERT INTO session_activity (session_id, started_at, updated_at) VALUES (NEW.id,"
	"  NEW.started_at, max(NEW.started_at, coalesce((SELECT max(created_at) FROM revisions r"
	"  WHERE r.session_id = NEW.id), '')));"
	" END;"
	"CREATE TRIGGER revisions_activity AFTER INSERT ON revisions BEGIN"
	" UPDATE session_activity SET updated_at = NEW.created_at"
	"  WHERE session_id = NEW.session_id AND updated_at < NEW.created_at;"
	" END;"
	"CREATE TRIGGER events_activity AFTER INSERT ON events BEGIN"
	" UPDATE session_activity SET updated_at = NEW.created_at"
	"  WHERE session_id = NEW.session_id AND updated_at < NEW.created_at;"
	" UPDATE session_activity SET status_event = NEW.event_no,"
	"  status = CASE NEW.kind WHEN 'session-finished' THEN 'finished' ELSE 'open' END,"
	"  finished_at = CASE NEW.kind WHEN 'session-finished' THEN NEW.created_at ELSE '' END"
	"  WHERE session_id = NEW.session_id AND status_event < NEW.event_no"
	"  AND NEW.kind IN ('session-finished', 'session-reopened');"
	" END;"
	"CREATE TRIGGER session_activity_keep BEFORE DELETE ON session_activity"
	" BEGIN SELECT RAISE(ABORT, 'sessions are never deleted'); END;"
	"CREATE INDEX session_activity_recent ON session_activity (status, updated_at);"
	"CREATE INDEX session_activity_updated ON session_activity (updated_at);"
	"CREATE INDEX session_activity_started ON session_activity (started_at);"
	"CREATE INDEX sessions_cohort ON sessions (cohort);"
	"CREATE INDEX sessions_scenario ON sessions (scenario_id);"
	"CREATE INDEX sessions_pack ON sessions (pack_id);"
	"CREATE INDEX participants_name ON participants (name);",
	/* 5: what a listing shows of a session, and its last stage entered,
	 * kept beside its times, so that listing sessions reads this one
	 * small table: at 30,000 sessions each sessions row lies on a page of
	 * its own behind its snapshot, and reading a page per session cost
	 * most of the list. The filters work on these copies, with their
	 * indexes, instead of the sessions table's. Sessions rows are never
	 * changed; were one to be, the copy follows it. */
	"ALTER TABLE session_activity ADD COLUMN label TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN cohort TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN mode TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN pack_id TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN scenario_id TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN scenario_title TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN last_stage TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session_activity ADD COLUMN stage_event INTEGER NOT NULL DEFAULT 0;"
	"UPDATE session_activity SET (label, cohort, mode, pack_id, scenario_id, scenario_title) ="
	" (SELECT label, cohort, mode, pack_id, scenario_id, scenario_title FROM sessions s"
	"  WHERE s.id = session_activity.session_id),"
	" last_stage = coalesce((SELECT stage FROM events e WHERE e.session_id ="
	"  session_activity.session_id AND e.kind = 'stage-entered' ORDER BY e.event_no DESC"
	"  LIMIT 1), ''),"
	" stage_event = coalesce((SELECT max(event_no) FROM events e WHERE e.session_id ="
	"  session_activity.session_id AND e.kind = 'stage-entered'), 0);"
	"DROP TRIGGER sessions_activity;"
	"CREATE TRIGGER sessions_activity AFTER INSERT ON sessions BEGIN"
	" INSERT INTO session_activity (session_id, started_at, updated_at, label, cohort, mode,"
	"  pack_id, scenario_id, scenario_title) VALUES (NEW.id, NEW.started_at,"
	"  max(NEW.started_at, coalesce((SELECT max(created_at) FROM revisions r"
	"  WHERE r.session_id = NEW.id), '')), NEW.label, NEW.cohort, NEW.mode, NEW.pack_id,"
	"  NEW.scenario_id, NEW.scenario_title);"
	" END;"
	"CREATE TRIGGER sessions_activity_copy AFTER UPDATE ON sessions BEGIN"
	" UPDATE session_activity SET started_at = NEW.started_at, label = NEW.label,"
	"  cohort = NEW.cohort, mode = NEW.mode, pack_id = NEW.pack_id,"
	"  scenario_id = NEW.scenario_id, scenario_title = NEW.scenario_title"
	"  WHERE session_id = NEW.id;"
	" END;"
	"DROP TRIGGER events_activity;"
	"CREATE TRIGGER events_activity AFTER INSERT ON events BEGIN"
	" UPDATE session_activity SET updated_at = NEW.created_at"
	"  WHERE session_id = NEW.session_id AND updated_at < NEW.created_at;"
	" UPDATE session_activity SET status_event = NEW.event_no,"
	"  status = CASE NEW.kind WHEN 'session-finished' THEN 'finished' ELSE 'open' END,"
	"  finished_at = CASE NEW.kind WHEN 'session-finished' THEN NEW.created_at ELSE '' END"
	"  WHERE session_id = NEW.session_id AND status_event < NEW.event_no"
	"  AND NEW.kind IN ('session-finished', 'session-reopened');"
	" UPDATE session_activity SET stage_event = NEW.event_no, last_stage = NEW.stage"
	"  WHERE session_id = NEW.session_id AND stage_event < NEW.event_no"
	"  AND NEW.kind = 'stage-entered';"
	" END;"
	"DROP INDEX sessions_cohort;"
	"DROP INDEX sessions_scenario;"
	"DROP INDEX sessions_pack;"
	"CREATE INDEX session_activity_cohort ON session_activity (cohort);"
	"CREATE INDEX session_activity_scenario ON session_activity (scenario_id);"
	"CREATE INDEX session_activity_pack ON session_activity (pack_id);",
};
#define SCHEMA_VERSION ((int)ALEN(migrations))

#define X_MSG(e, msg) msg,
static const char *const code_messages[] = {STORE_ERRORS(X_MSG)};
#undef X_MSG
_Static_assert(ALEN(code_messages) == STORE_CODE_COUNT, "store error table");

const char *store_code_message(enum store_code code)
{
	return code < STORE_CODE_COUNT ? code_messages[code] : "unknown error";
}

void store_error_set(struct store_error *err, enum store_code code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return;
	err->code = code;
	n = snprintf(err->message, sizeof(err->message), "%s", store_code_message(code));
	if (fmt && n >= 0 && (size_t)n < sizeof(err->message) - 3) {
		memcpy(err->message + n, " (", 2);
		va_start(ap, fmt);
		vsnprintf(err->message + n + 2, sizeof(err->message) - (size_t)n - 2, fmt, ap);
		va_end(ap);
		size_t len = strlen(err->message);
		if (len < sizeof(err->message) - 1) {
			err->message[len] = ')';
			err->message[len + 1] = '\0';
		}
	}
}

enum store_code db_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return STORE_FULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_LOCKED;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return STORE_READONLY;
	case SQLITE_IOERR:
		return STORE_IO;
	case SQLITE_CORRUPT:
		return STORE_CORRUPT;
	case SQLITE_NOTADB:
		return STORE_NOT_DILEMMA;
	case SQLITE_CANTOPEN:
		return STORE_CANTOPEN;
	case SQLITE_CONSTRAINT:
		return STORE_CONFLICT;
	default:
		return STORE_INTERNAL;
	}
}

void db_error(struct store *st, int rc, struct store_error *err)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	enum store_code code = db_code(rc);

	/* SQLite calls a full disk an I/O error when it is the -shm or the
	 * -wal that could not grow. */
	if (code == STORE_IO && st->db && sqlite3_system_errno(st->db) == ENOSPC)
		code = STORE_FULL;
	store_error_set(err, code, "%s: %s", st->path, msg);
}

int db_exec(struct store *st, const char *sql)
{
	if (!st->db)
		return SQLITE_CANTOPEN; /* following lost the connection */
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

bool db_begin(struct store *st, struct store_error *err)
{
	int rc;

	if (st->readonly) {
		store_error_set(err, st->readonly_code, "%s: %s", st->path, st->readonly_why);
		return false;
	}
	if (!store_wal_check(st, err))
		return false;
	rc = db_exec(st, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	return true;
}

void db_rollback(struct store *st)
{
	if (st->db && !sqlite3_get_autocommit(st->db))
		db_exec(st, "ROLLBACK");
}

bool db_commit(struct store *st, struct store_error *err)
{
	int rc = db_exec(st, "COMMIT");

	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		db_rollback(st);
		return false;
	}
	/* Saved, unless it went to a -wal that is no longer there and could
	 * not be copied into the database file. */
	return store_wal_check(st, err) || st->wal_rescued;
}

sqlite3_stmt *db_prepare(struct store *st, const char *sql, struct store_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (!st->db) {
		store_error_set(err, STORE_CANTOPEN, "%s: it could not be read again after another"
				" program changed it", st->path);
		return NULL;
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

bool db_step_done(struct store *st, sqlite3_stmt *stmt, struct store_error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc == SQLITE_ROW ? SQLITE_INTERNAL : sqlite3_errcode(st->db), err);
		return false;
	}
	return true;
}

bool db_query_int(struct store *st, const char *sql, const char *arg, int64_t *out,
		  struct store_error *err)
{
	sqlite3_stmt *stmt = db_prepare(st, sql, err);
	int rc;

	if (!stmt)
		return false;
	if (arg)
		bind_text(stmt, 1, arg);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc == SQLITE_DONE)
		*out = 0;
	else
		db_error(st, rc, err);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* ---- opening ---- */

/* Where the file stands, as its first page says. */
enum identity { ID_EMPTY, ID_OLDER, ID_CURRENT };

/* Open st->file (or the URI @uri) with @flags and the connection
 * settings, none of which writes to the file. */
static bool connect(struct store *st, int flags, const char *uri, struct store_error *err)
{
	int rc;

	/* One connection per store, used by one thread: no mutexes needed. */
	rc = sqlite3_open_v2(uri ? uri : st->file, &st->db,
			     flags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX |
			     (uri ? SQLITE_OPEN_URI : 0), NULL);
	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	if (db_exec(st, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;"
			" PRAGMA synchronous = FULL") != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		return false;
	}
	return true;
}

static void disconnect(struct store *st)
{
	sqlite3_finalize(st->event_insert);
	st->event_insert = NULL;
	if (st->db)
		sqlite3_close_v2(st->db);
	st->db = NULL;
}

static bool busy(const struct store_error *err)
{
	return err->code == STORE_LOCKED;
}

/* Tell what the file is. Its application_id, user_version and tables are
 * read in one read transaction: read one at a time, another process's
 * creation could land between them and make a half-made file look
 * foreign. A zero-length file, or one with no tables yet, is not yet
 * initialised (ID_EMPTY), never foreign. Retried while busy. */
static bool identify(struct store *st, enum identity *id, int64_t deadline,
		     struct store_error *err)
{
	int64_t app = 0, version = 0, tables = 0;

	for (;;) {
		int rc = db_exec(st, "BEGIN");
		bool ok = rc == SQLITE_OK &&
			  db_query_int(st, "PRAGMA application_id", NULL, &app, err) &&
			  db_query_int(st, "PRAGMA user_version", NULL, &version, err) &&
			  db_query_int(st, "SELECT count(*) FROM sqlite_schema", NULL, &tables, err);
		if (rc != SQLITE_OK)
			db_error(st, rc, err);
		db_rollback(st);
		if (ok)
			break;
		if (!busy(err) || store_now_ms() >= deadline)
			return false;
		store_nap();
	}
	if (tables == 0 && version == 0 && (app == 0 || app == STORE_APPLICATION_ID)) {
		*id = ID_EMPTY;
		return true;
	}
	if (app != STORE_APPLICATION_ID) {
		store_error_set(err, STORE_NOT_DILEMMA, "%s", st->path);
		return false;
	}
	if (version > SCHEMA_VERSION) {
		store_error_set(err, STORE_NEWER, "%s has schema %" PRId64 ", this dilemma knows"
				" up to %d", st->path, version, SCHEMA_VERSION);
		return false;
	}
	*id = version < SCHEMA_VERSION ? ID_OLDER : ID_CURRENT;
	return true;
}

/* True when the connection's journal mode is WAL. */
static bool in_wal(struct store *st)
{
	sqlite3_stmt *stmt = db_prepare(st, "PRAGMA journal_mode", NULL);
	bool wal = stmt && sqlite3_step(stmt) == SQLITE_ROW &&
		   strcmp(col_str(stmt, 0), "wal") == 0;

	sqlite3_finalize(stmt);
	return wal;
}

/* Switch to WAL. Changing the journal mode can be refused as busy without
 * SQLite's busy handler being called (two connections both upgrading
 * their locks), so it is retried until @deadline. */
static bool set_wal(struct store *st, int64_t deadline, struct store_error *err)
{
	for (;;) {
		sqlite3_stmt *stmt = db_prepare(st, "PRAGMA journal_mode = WAL", err);
		int rc;
		bool wal;

		if (!stmt)
			return false;
		rc = sqlite3_step(stmt);
		wal = rc == SQLITE_ROW && strcmp(col_str(stmt, 0), "wal") == 0;
		if (rc != SQLITE_ROW)
			rc = sqlite3_errcode(st->db);
		sqlite3_finalize(stmt);
		if (wal)
			return true;
		if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
			db_error(st, rc, err);
			return false;
		}
		if (store_now_ms() >= deadline) {
			store_error_set(err, STORE_LOCKED, "%s: cannot switch it to WAL", st->path);
			return false;
		}
		store_nap();
	}
}

/* Bring the schema to SCHEMA_VERSION in one transaction. */
static bool migrate(struct store *st, struct store_error *err)
{
	int64_t version = 0, app = 0;
	char sql[96];

	if (!db_begin(st, err))
		return false;
	/* Another dilemma may have migrated while we waited for the lock. */
	if (!db_query_int(st, "PRAGMA user_version", NULL, &version, err) ||
	    !db_query_int(st, "PRAGMA application_id", NULL, &app, err))
		goto fail;
	if (version > SCHEMA_VERSION || (version > 0 && app != STORE_APPLICATION_ID)) {
		store_error_set(err, version > SCHEMA_VERSION ? STORE_NEWER : STORE_NOT_DILEMMA,
				"%s", st->path);
		goto fail;
	}
	for (int64_t v = version; v < SCHEMA_VERSION; v++) {
		char *msg = NULL;
		int rc = sqlite3_exec(st->db, migrations[v], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			store_error_set(err, db_code(rc), "%s: schema %" PRId64 ": %s", st->path,
					v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto fail;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 STORE_APPLICATION_ID, SCHEMA_VERSION);
	if (version < SCHEMA_VERSION && db_exec(st, sql) != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		goto fail;
	}
	return db_commit(st, err);
fail:
	db_rollback(st);
	return false;
}

/* Create, switch to WAL and migrate, under the folder lock so that of any
 * number of processes doing this at once one does it and the others wait
 * and then find it done. A file this call created is removed again if
 * anything fails, so that no empty database is left behind. */
static bool set_up(struct store *st, struct store_error *err)
{
	int64_t deadline = store_now_ms() + STORE_BUSY_TIMEOUT_MS;
	int lock = store_file_lock(st, true, deadline, err);
	bool created = false, exists, ok = false;
	enum identity id;

	if (lock == -2)
		return false;
	/* Looked at again under the lock: someone may have made it. */
	if (!store_file_locate(st, false, &exists, err) ||
	    (!exists && !store_file_create(st, &created, err)) ||
	    !connect(st, SQLITE_OPEN_READWRITE, NULL, err) ||
	    !identify(st, &id, deadline, err) || !set_wal(st, deadline, err))
		goto out;
	while (id != ID_CURRENT && !migrate(st, err)) {
		if (!busy(err) || store_now_ms() >= deadline)
			goto out;
		store_nap();
	}
	ok = true;
out:
	if (!ok && created) {
		disconnect(st);
		store_file_remove(st);
	}
	store_file_unlock(lock);
	return ok;
}

/* file:PATH?QUERY with the path percent-encoded. */
static char *file_uri(const char *path, const char *query)
{
	struct buf b = {0};

	buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	buf_printf(&b, "?%s", query);
	return buf_steal(&b);
}

/* Open for reading only, creating nothing. When SQLite's -wal holds saves
 * not yet in the file, it is read through the -wal and -shm that exist;
 * otherwise the file alone holds everything and is read as immutable,
 * which needs no -shm (a read-only connection would otherwise create one,
 * read-only, and leave it behind to block later writers). */
static bool open_read(struct store *st, struct store_error *err)
{
	int64_t deadline = store_now_ms() + st->busy_ms;
	int lock;
	bool exists, wal, shm, ok = false;
	enum identity id;
	char *uri = NULL;

	disconnect(st);
	/* A process creating or migrating it holds the lock: wait for it. */
	lock = store_file_lock(st, false, deadline, err);
	if (lock == -2)
		return false;
	if (!store_file_locate(st, false, &exists, err))
		goto out;
	if (!exists) {
		store_error_set(err, STORE_MISSING, "%s", st->path);
		goto out;
	}
	/* taken first, so that a change made while this opens shows later */
	store_file_print(st, &st->print);
	store_file_wal(st, &wal, &shm);
	/* A program that keeps the database to itself (SQLite's exclusive
	 * locking mode) is writing to it: nobody can read it meanwhile. A
	 * -shm beside it tells nothing (the workbench leaves one), its lock
	 * does; a writer closing holds one for a moment. */
	while (wal && store_file_held(st)) {
		if (store_now_ms() >= deadline) {
			store_error_set(err, STORE_LOCKED, "%s: another program holds it for"
					" itself", st->path);
			goto out;
		}
		store_nap();
		store_file_wal(st, &wal, &shm);
	}
	if (wal && !shm) {
		store_error_set(err, STORE_READONLY, "%s-wal holds saves not yet in the database,"
				" and reading them needs write access: open it once where it can"
				" be written", st->path);
		goto out;
	}
	uri = file_uri(st->file, wal ? "mode=ro" : "mode=ro&immutable=1");
	if (!connect(st, SQLITE_OPEN_READONLY, uri, err) || !identify(st, &id, deadline, err))
		goto out;
	if (id == ID_EMPTY) {
		store_error_set(err, STORE_MISSING, "%s is not set up yet", st->path);
		goto out;
	}
	if (id == ID_OLDER) {
		store_error_set(err, STORE_READONLY, "%s was written by an older dilemma and must be"
				" upgraded, which needs write access", st->path);
		goto out;
	}
	st->readonly = true;
	st->immutable = !wal;
	ok = true;
out:
	if (!ok)
		disconnect(st);
	free(uri);
	store_file_unlock(lock);
	return ok;
}

/* Make @st read-only for the reason @why (STORE_READONLY or STORE_FULL),
 * and say so. */
static bool fall_back_to_reading(struct store *st, enum store_code code, const char *why,
				 struct store_error *err)
{
	if (!open_read(st, err))
		return false;
	st->readonly_code = code;
	snprintf(st->readonly_why, sizeof(st->readonly_why), "%s", why);
	store_notice_add(st, "%s was opened read-only (%s): nothing can be saved to it", st->path,
			 why);
	return true;
}

static struct store *store_new(const char *path)
{
	struct store *st = xcalloc(1, sizeof(*st));

	st->path = xstrdup(path);
	st->readonly_code = STORE_READONLY;
	snprintf(st->readonly_why, sizeof(st->readonly_why), "opened for reading only");
	st->busy_ms = STORE_BUSY_TIMEOUT_MS;
	return st;
}

/* The test hook: cap the file's size (SQLite never lowers it below the
 * current size), which is how a full disk is simulated. */
static void test_hooks(struct store *st)
{
	const char *cap = getenv("DILEMMA_TEST_MAX_PAGES");

	if (cap && cap[0] && !st->readonly) {
		char *sql = xasprintf("PRAGMA max_page_count = %ld", strtol(cap, NULL, 10));
		db_exec(st, sql);
		free(sql);
	}
}

/* Open an existing database of this schema in WAL mode, which needs no
 * lock; false with @err clear when it needs setting up first. */
static bool open_current(struct store *st, struct store_error *err)
{
	int64_t deadline = store_now_ms() + STORE_BUSY_TIMEOUT_MS;
	enum identity id;

	if (connect(st, SQLITE_OPEN_READWRITE, NULL, err) && identify(st, &id, deadline, err) &&
	    id == ID_CURRENT && in_wal(st))
		return true;
	if (busy(err))
		*err = (struct store_error){0};
	disconnect(st);
	return false;
}

static struct store *opened(struct store *st, const struct store_error *e,
			    struct store_error *err)
{
	if (e->code != STORE_OK) {
		if (err)
			*err = *e;
		store_close(st);
		return NULL;
	}
	store_file_tighten(st);
	store_wal_note(st);
	test_hooks(st);
	return st;
}

struct store *store_open(const char *path, struct store_error *err)
{
	struct store *st = store_new(path);
	struct store_error e = {0};
	const char *unwritable;
	bool exists;

	if (!store_file_locate(st, true, &exists, &e))
		return opened(st, &e, err);
	if (exists && (unwritable = store_file_unwritable(st))) {
		fall_back_to_reading(st, STORE_READONLY, unwritable, &e);
		return opened(st, &e, err);
	}
	if (exists && open_current(st, &e))
		return opened(st, &e, err);
	if (e.code == STORE_OK && set_up(st, &e))
		return opened(st, &e, err);
	/* Reading a database needs its -shm, which a full disk may not hold. */
	if (e.code == STORE_FULL && exists) {
		e = (struct store_error){0};
		fall_back_to_reading(st, STORE_FULL, "the disk is full", &e);
	}
	return opened(st, &e, err);
}

struct store *store_open_readonly(const char *path, struct store_error *err)
{
	struct store *st = store_new(path);
	struct store_error e = {0};
	bool exists;

	if (store_file_locate(st, false, &exists, &e))
		open_read(st, &e);
	return opened(st, &e, err);
}

bool store_readonly(const struct store *st)
{
	return st->readonly;
}

const char *store_notice(const struct store *st)
{
	return st->notice[0] ? st->notice : NULL;
}

void store_notice_add(struct store *st, const char *fmt, ...)
{
	size_t len = strlen(st->notice);
	va_list ap;

	if (len && len < sizeof(st->notice) - 1)
		st->notice[len++] = '\n';
	va_start(ap, fmt);
	vsnprintf(st->notice + len, sizeof(st->notice) - len, fmt, ap);
	va_end(ap);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->importing)
		store_import_abort(st);
	disconnect(st);
	free(st->path);
	free(st->dir);
	free(st->file);
	free(st);
}

void store_set_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms;
	if (st->db)
		sqlite3_busy_timeout(st->db, ms);
}

/* A database read as immutable is read through the file alone: SQLite
 * takes no lock and notices no change, so what another process wrote since
 * is only seen through a new connection. It is made once the file (or a
 * -wal beside it) changed; with a writer at work it then reads through the
 * -wal like any reader, and PRAGMA data_version tells of each change. */
bool store_data_version(struct store *st, int64_t *version, struct store_error *err)
{
	int64_t dv = 0;

	if (st->immutable || !st->db) {
		struct store_file_print now;
		store_file_print(st, &now);
		if (!st->db || !store_file_print_eq(&now, &st->print)) {
			st->generation++;
			if (!open_read(st, err))
				return false;
		}
	}
	if (!db_query_int(st, "PRAGMA data_version", NULL, &dv, err))
		return false;
	/* data_version counts the commits of other connections, total_changes
	 * this one's own rows; each only grows, and so does the generation */
	*version = (st->generation << 40) + dv + sqlite3_total_changes(st->db);
	return true;
}

const char *store_path(const struct store *st)
{
	return st->path;
}
