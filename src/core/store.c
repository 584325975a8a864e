/*
 * store.c - the SQLite store of sessions (see store.h). The only file of
 * dilemma that holds SQL.
 *
 * The schema is append-only: revisions, votes and events are only ever
 * inserted (triggers refuse UPDATE and DELETE), and a session's status is
 * the latest of its finished/reopened events rather than a column that is
 * overwritten. Opening never writes to a file before it has been shown to
 * be a dilemma database of a schema this program knows.
 */
#include "dilemma/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dilemma/util.h"

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
};
#define SCHEMA_VERSION ((int)ALEN(migrations))

/* The status of session s.id, derived from its events. */
#define STATUS_SQL \
	"coalesce((SELECT CASE e.kind WHEN 'session-finished' THEN 'finished' ELSE 'open' END" \
	" FROM events e WHERE e.session_id = s.id" \
	" AND e.kind IN ('session-finished', 'session-reopened')" \
	" ORDER BY e.event_no DESC LIMIT 1), 'open')"
#define FINISHED_SQL \
	"coalesce((SELECT e.created_at FROM events e WHERE e.session_id = s.id" \
	" AND e.kind = 'session-finished' ORDER BY e.event_no DESC LIMIT 1), '')"

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

struct store {
	sqlite3 *db;
	char *path;
	bool importing;
	struct import_session imp;
	sqlite3_stmt *imp_insert;
	sqlite3_stmt *imp_same;
};

#define X_MSG(e, msg) msg,
static const char *const code_messages[] = {STORE_ERRORS(X_MSG)};
#undef X_MSG
_Static_assert(ALEN(code_messages) == STORE_CODE_COUNT, "store error table");

const char *store_code_message(enum store_code code)
{
	return code < STORE_CODE_COUNT ? code_messages[code] : "unknown error";
}

static void set_error(struct store_error *err, enum store_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_error(struct store_error *err, enum store_code code, const char *fmt, ...)
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

static enum store_code code_of(int rc)
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

/* Report the SQLite error @rc of the store's connection. */
static void db_error(struct store *st, int rc, struct store_error *err)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	set_error(err, code_of(rc), "%s: %s", st->path, msg);
}

static int exec(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

static bool begin(struct store *st, struct store_error *err)
{
	int rc = exec(st, "BEGIN IMMEDIATE");

	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	return true;
}

static void rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec(st, "ROLLBACK");
}

static bool commit(struct store *st, struct store_error *err)
{
	int rc = exec(st, "COMMIT");

	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		rollback(st);
		return false;
	}
	return true;
}

/* Prepare @sql; on failure report and return NULL. */
static sqlite3_stmt *prepare(struct store *st, const char *sql, struct store_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/* Step a statement that returns no rows, then reset it. */
static bool step_done(struct store *st, sqlite3_stmt *stmt, struct store_error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc == SQLITE_ROW ? SQLITE_INTERNAL : sqlite3_errcode(st->db), err);
		return false;
	}
	return true;
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_STATIC);
}

static void bind_opt(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

static char *col_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return xstrdup(t ? (const char *)t : "");
}

static const char *col_str(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return t ? (const char *)t : "";
}

static void col_copy(sqlite3_stmt *stmt, int i, char *out, size_t size)
{
	snprintf(out, size, "%s", col_str(stmt, i));
}

/* One integer from a query with up to one text parameter. */
static bool query_int(struct store *st, const char *sql, const char *arg, int64_t *out,
		      struct store_error *err)
{
	sqlite3_stmt *stmt = prepare(st, sql, err);
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

/* mkdir -p with mode 0700 for each folder made. */
static bool make_dirs(const char *path, struct store_error *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	bool ok = true;

	if (!slash || slash == dir) {
		free(dir);
		return true;
	}
	*slash = '\0';
	for (char *p = dir + 1; ok; p++) {
		bool end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			set_error(err, errno == ENOSPC ? STORE_FULL
				       : errno == EROFS || errno == EACCES ? STORE_READONLY
				       : STORE_CANTOPEN,
				  "cannot create the folder %s: %s", dir, strerror(errno));
			ok = false;
		}
		if (end)
			break;
		*p = '/';
	}
	free(dir);
	return ok;
}

/* Check that an existing file is ours; *version gets its schema version. */
static bool check_identity(struct store *st, int64_t *version, struct store_error *err)
{
	int64_t app = 0, tables = 0;
	int rc;
	sqlite3_stmt *stmt;

	/* Reading the first page is what tells a foreign file from ours. */
	rc = sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			app = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(st, rc == SQLITE_OK ? sqlite3_errcode(st->db) : rc, err);
		return false;
	}
	if (!query_int(st, "PRAGMA user_version", NULL, version, err) ||
	    !query_int(st, "SELECT count(*) FROM sqlite_schema", NULL, &tables, err))
		return false;
	if (app == 0 && tables == 0 && *version == 0)
		return true; /* an empty SQLite file: ours to set up */
	if (app != STORE_APPLICATION_ID) {
		set_error(err, STORE_NOT_DILEMMA, "%s", st->path);
		return false;
	}
	if (*version > SCHEMA_VERSION) {
		set_error(err, STORE_NEWER, "%s has schema %" PRId64 ", this dilemma knows up to %d",
			  st->path, *version, SCHEMA_VERSION);
		return false;
	}
	return true;
}

/* Bring the schema to SCHEMA_VERSION in one transaction. */
static bool migrate(struct store *st, struct store_error *err)
{
	int64_t version = 0, app = 0;
	char sql[96];

	if (!begin(st, err))
		return false;
	/* Another dilemma may have migrated while we waited for the lock. */
	if (!query_int(st, "PRAGMA user_version", NULL, &version, err) ||
	    !query_int(st, "PRAGMA application_id", NULL, &app, err))
		goto fail;
	if (version > SCHEMA_VERSION || (version > 0 && app != STORE_APPLICATION_ID)) {
		set_error(err, version > SCHEMA_VERSION ? STORE_NEWER : STORE_NOT_DILEMMA, "%s",
			  st->path);
		goto fail;
	}
	for (int64_t v = version; v < SCHEMA_VERSION; v++) {
		char *msg = NULL;
		int rc = sqlite3_exec(st->db, migrations[v], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			set_error(err, code_of(rc), "%s: schema %" PRId64 ": %s", st->path, v + 1,
				  msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto fail;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 STORE_APPLICATION_ID, SCHEMA_VERSION);
	if (version < SCHEMA_VERSION && exec(st, sql) != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		goto fail;
	}
	return commit(st, err);
fail:
	rollback(st);
	return false;
}

struct store *store_open(const char *path, struct store_error *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	struct stat sb;
	int64_t version = 0;
	int rc;

	st->path = xstrdup(path);
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			set_error(err, STORE_CANTOPEN, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (!make_dirs(path, err))
			goto fail;
		/* Made here so that it is 0600 from the start; SQLite gives the
		 * -wal and -shm files the same mode. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			set_error(err, errno == ENOSPC ? STORE_FULL
				       : errno == EROFS || errno == EACCES ? STORE_READONLY
				       : STORE_CANTOPEN,
				  "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (fd >= 0)
			close(fd);
	} else if (S_ISDIR(sb.st_mode)) {
		set_error(err, STORE_CANTOPEN, "%s is a folder", path);
		goto fail;
	}
	/* One connection per store, used by one thread: no mutexes needed. */
	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_error(st, rc, err);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	/* Connection settings only: none of them writes to the file. */
	if (exec(st, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;"
		     " PRAGMA synchronous = FULL") != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		goto fail;
	}
	if (!check_identity(st, &version, err))
		goto fail;
	/* Only now, with the file known to be ours, may anything be written. */
	if (exec(st, "PRAGMA journal_mode = WAL") != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		goto fail;
	}
	if (version < SCHEMA_VERSION && !migrate(st, err))
		goto fail;
	/* A test hook: cap the file's size (SQLite never lowers it below the
	 * current size), which is how a full disk is simulated. */
	const char *cap = getenv("DILEMMA_TEST_MAX_PAGES");
	if (cap && cap[0]) {
		char *sql = xasprintf("PRAGMA max_page_count = %ld", strtol(cap, NULL, 10));
		exec(st, sql);
		free(sql);
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->importing)
		store_import_abort(st);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

void store_set_busy_timeout(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

/* ---- sessions ---- */

static void make_uuid(char out[SESSION_ID_LEN])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("cannot get random bytes for a session id: %s", strerror(errno));
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, SESSION_ID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
}

struct session *store_session_create(struct store *st, const struct session_spec *spec,
				     struct store_error *err)
{
	const struct framework *fw;
	char id[SESSION_ID_LEN], now[SESSION_TIME_LEN];
	char *snapshot = NULL;
	sqlite3_stmt *stmt = NULL;
	struct session *s = NULL;

	if (!spec || !spec->pack || !spec->scenario || spec->mode >= SESSION_MODE_COUNT) {
		set_error(err, STORE_INVALID, "a session needs a pack, a scenario and a mode");
		return NULL;
	}
	fw = spec->framework ? spec->framework : &spec->pack->framework;
	snapshot = pack_snapshot(spec->pack, spec->scenario, fw);
	make_uuid(id);
	time_now_iso(now);
	if (!begin(st, err))
		goto out;
	stmt = prepare(st, "INSERT INTO sessions (id, label, cohort, mode, pack_id, pack_version,"
			   " pack_hash, scenario_id, scenario_title, framework_id, principle_count,"
			   " snapshot, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, id);
	bind_text(stmt, 2, spec->label);
	bind_text(stmt, 3, spec->cohort);
	bind_text(stmt, 4, session_mode_id(spec->mode));
	bind_text(stmt, 5, spec->pack->id);
	sqlite3_bind_int64(stmt, 6, spec->pack->version);
	bind_text(stmt, 7, spec->pack->hash);
	bind_text(stmt, 8, spec->scenario->id);
	bind_text(stmt, 9, spec->scenario->title);
	bind_text(stmt, 10, fw->id);
	sqlite3_bind_int64(stmt, 11, (int64_t)fw->count);
	if (snapshot)
		bind_text(stmt, 12, snapshot);
	else
		sqlite3_bind_null(stmt, 12);
	bind_text(stmt, 13, now);
	if (!step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	stmt = prepare(st, "INSERT INTO participants (session_id, number, name, role)"
			   " VALUES (?,?,?,?)", err);
	if (!stmt)
		goto fail;
	for (size_t i = 0; i < spec->nparticipants; i++) {
		bind_text(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i + 1);
		bind_text(stmt, 3, spec->participants[i].name);
		bind_text(stmt, 4, spec->participants[i].role);
		if (!step_done(st, stmt, err))
			goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (!commit(st, err))
		goto out;
	s = store_session_load(st, id, err);
	goto out;
fail:
	rollback(st);
out:
	sqlite3_finalize(stmt);
	free(snapshot);
	return s;
}

/* Find the one session id @id names (full or 8+ character prefix). */
static bool resolve_id(struct store *st, const char *id, char out[SESSION_ID_LEN],
		       struct store_error *err)
{
	sqlite3_stmt *stmt;
	size_t len = id ? strlen(id) : 0;
	int found = 0, rc;

	if (len == 0) {
		set_error(err, STORE_NOT_FOUND, "no id given");
		return false;
	}
	/* An exact id wins over being the prefix of a longer one. */
	stmt = prepare(st, "SELECT id FROM sessions WHERE id = ?1 UNION ALL"
			   " SELECT * FROM (SELECT id FROM sessions WHERE length(?1) >= 8"
			   " AND id <> ?1 AND substr(id, 1, length(?1)) = ?1 LIMIT 2)", err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (found == 0)
			col_copy(stmt, 0, out, SESSION_ID_LEN);
		found++;
		if (strcmp(out, id) == 0) {
			found = 1;
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc, err);
		return false;
	}
	if (found == 0) {
		set_error(err, STORE_NOT_FOUND, "%s%s", id,
			  len < 8 ? ": give the full id or at least its first 8 characters" : "");
		return false;
	}
	if (found > 1) {
		set_error(err, STORE_AMBIGUOUS, "%s", id);
		return false;
	}
	return true;
}

static void fill_entry(struct entry *e, sqlite3_stmt *stmt, int c)
{
	/* columns from c: entry_id, revision, stage, kind, principle,
	 * participant, stance, text, position, deleted, entry_created_at,
	 * created_at */
	e->id = sqlite3_column_int64(stmt, c);
	e->revision = sqlite3_column_int64(stmt, c + 1);
	if (!ndm_stage_from_id(col_str(stmt, c + 2), &e->stage))
		e->stage = NDM_ETHICS;
	if (!entry_kind_from_id(col_str(stmt, c + 3), &e->kind))
		e->kind = ENTRY_NOTE;
	e->principle = sqlite3_column_bytes(stmt, c + 4) ? col_dup(stmt, c + 4) : NULL;
	e->participant = sqlite3_column_int64(stmt, c + 5);
	if (!stance_from_id(col_str(stmt, c + 6), &e->stance))
		e->stance = STANCE_NONE;
	e->text = col_dup(stmt, c + 7);
	e->position = sqlite3_column_int64(stmt, c + 8);
	e->deleted = sqlite3_column_int(stmt, c + 9) != 0;
	col_copy(stmt, c + 10, e->created_at, sizeof(e->created_at));
	col_copy(stmt, c + 11, e->updated_at, sizeof(e->updated_at));
}

#define ENTRY_COLUMNS \
	"entry_id, max(revision), stage, kind, principle, participant, stance, text," \
	" position, deleted, entry_created_at, created_at"

struct session *store_session_load(struct store *st, const char *id_or_prefix,
				   struct store_error *err)
{
	char id[SESSION_ID_LEN];
	struct session *s;
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (!resolve_id(st, id_or_prefix, id, err))
		return NULL;
	s = xcalloc(1, sizeof(*s));
	/* One read transaction, so that the parts agree with each other. */
	if (exec(st, "BEGIN") != SQLITE_OK)
		goto fail;
	stmt = prepare(st, "SELECT id, label, cohort, mode, pack_id, pack_version, pack_hash,"
			   " scenario_id, scenario_title, framework_id, principle_count, snapshot,"
			   " started_at, " STATUS_SQL ", " FINISHED_SQL
			   " FROM sessions s WHERE id = ?", err);
	if (!stmt)
		goto fail_quiet;
	bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			set_error(err, STORE_NOT_FOUND, "%s", id);
		else
			db_error(st, rc, err);
		goto fail_quiet;
	}
	col_copy(stmt, 0, s->id, sizeof(s->id));
	s->label = col_dup(stmt, 1);
	s->cohort = col_dup(stmt, 2);
	if (!session_mode_from_id(col_str(stmt, 3), &s->mode))
		s->mode = SESSION_SOLO;
	s->pack_id = col_dup(stmt, 4);
	s->pack_version = (long)sqlite3_column_int64(stmt, 5);
	col_copy(stmt, 6, s->pack_hash, sizeof(s->pack_hash));
	s->scenario_id = col_dup(stmt, 7);
	s->scenario_title = col_dup(stmt, 8);
	s->framework_id = col_dup(stmt, 9);
	s->principle_count = (size_t)sqlite3_column_int64(stmt, 10);
	if (sqlite3_column_type(stmt, 11) != SQLITE_NULL)
		s->snapshot = col_dup(stmt, 11);
	col_copy(stmt, 12, s->started_at, sizeof(s->started_at));
	if (!session_status_from_id(col_str(stmt, 13), &s->status))
		s->status = SESSION_OPEN;
	if (s->status == SESSION_FINISHED)
		col_copy(stmt, 14, s->finished_at, sizeof(s->finished_at));
	sqlite3_finalize(stmt);

	stmt = prepare(st, "SELECT number, name, role FROM participants WHERE session_id = ?"
			   " ORDER BY number", err);
	if (!stmt)
		goto fail_quiet;
	bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->participants = xreallocarray(s->participants, s->nparticipants + 1,
						sizeof(*s->participants));
		struct participant *p = &s->participants[s->nparticipants++];
		p->number = sqlite3_column_int64(stmt, 0);
		p->name = col_dup(stmt, 1);
		p->role = col_dup(stmt, 2);
	}
	if (rc != SQLITE_DONE)
		goto fail_rc;
	sqlite3_finalize(stmt);

	stmt = prepare(st, "SELECT " ENTRY_COLUMNS " FROM revisions WHERE session_id = ?"
			   " GROUP BY entry_id ORDER BY entry_id", err);
	if (!stmt)
		goto fail_quiet;
	bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->entries = xreallocarray(s->entries, s->nentries + 1, sizeof(*s->entries));
		fill_entry(&s->entries[s->nentries++], stmt, 0);
	}
	if (rc != SQLITE_DONE)
		goto fail_rc;
	sqlite3_finalize(stmt);

	stmt = prepare(st, "SELECT coalesce(participant, 0), option_entry, value, created_at"
			   " FROM votes WHERE session_id = ? ORDER BY vote_no", err);
	if (!stmt)
		goto fail_quiet;
	bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->votes = xreallocarray(s->votes, s->nvotes + 1, sizeof(*s->votes));
		struct vote *v = &s->votes[s->nvotes++];
		v->participant = sqlite3_column_int64(stmt, 0);
		v->option = sqlite3_column_int64(stmt, 1);
		v->value = sqlite3_column_int64(stmt, 2);
		col_copy(stmt, 3, v->at, sizeof(v->at));
	}
	if (rc != SQLITE_DONE)
		goto fail_rc;
	sqlite3_finalize(stmt);

	stmt = prepare(st, "SELECT kind, stage, detail, created_at FROM events"
			   " WHERE session_id = ? ORDER BY event_no", err);
	if (!stmt)
		goto fail_quiet;
	bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		enum event_kind k;
		if (!event_kind_from_id(col_str(stmt, 0), &k))
			continue; /* a kind from a later version: not ours to show */
		s->events = xreallocarray(s->events, s->nevents + 1, sizeof(*s->events));
		struct event *ev = &s->events[s->nevents++];
		ev->kind = k;
		if (!ndm_stage_from_id(col_str(stmt, 1), &ev->stage))
			ev->stage = NDM_ETHICS;
		ev->detail = col_dup(stmt, 2);
		col_copy(stmt, 3, ev->at, sizeof(ev->at));
	}
	if (rc != SQLITE_DONE)
		goto fail_rc;
	sqlite3_finalize(stmt);
	exec(st, "COMMIT");

	if (s->snapshot) {
		struct diag_list diags = {0};
		char *name = xasprintf("session %s", s->id);
		s->pack = pack_load_buffer(name, s->snapshot, strlen(s->snapshot), &diags);
		free(name);
		diag_list_finish(&diags);
		if (s->pack) {
			s->scenario = pack_scenario(s->pack, s->scenario_id);
			if (!s->scenario && s->pack->nscenarios)
				s->scenario = &s->pack->scenarios[0];
			s->framework = &s->pack->framework;
		}
	}
	return s;
fail_rc:
	db_error(st, rc, err);
fail_quiet:
	sqlite3_finalize(stmt);
	rollback(st);
	session_destroy(s);
	return NULL;
fail:
	db_error(st, sqlite3_errcode(st->db), err);
	session_destroy(s);
	return NULL;
}

/* ---- saving ---- */

static bool same_content(const struct entry *a, const struct entry *b)
{
	return a->stage == b->stage && a->kind == b->kind && a->participant == b->participant &&
	       a->stance == b->stance && a->position == b->position && a->deleted == b->deleted &&
	       strcmp(a->principle ? a->principle : "", b->principle ? b->principle : "") == 0 &&
	       strcmp(a->text ? a->text : "", b->text ? b->text : "") == 0;
}

bool store_entry_save(struct store *st, struct session *s, const struct entry *e,
		      int64_t *id_out, struct store_error *err)
{
	const struct entry *old = NULL;
	struct entry saved;
	sqlite3_stmt *stmt = NULL;
	int64_t id = e->id, rev = 0;
	char now[SESSION_TIME_LEN];

	if (e->stage >= NDM_STAGE_COUNT || e->kind >= ENTRY_KIND_COUNT ||
	    e->stance >= STANCE_COUNT ||
	    (e->kind == ENTRY_PRINCIPLE && (!e->principle || !e->principle[0]))) {
		set_error(err, STORE_INVALID, "an entry needs a stage and a kind, and a principle"
					      " entry needs its principle");
		return false;
	}
	if (e->participant && !session_participant(s, e->participant)) {
		set_error(err, STORE_INVALID, "participant %" PRId64 " is not in the session",
			  e->participant);
		return false;
	}
	if (id) {
		old = session_entry(s, id);
		if (!old) {
			set_error(err, STORE_INVALID, "entry %" PRId64 " is not in the session", id);
			return false;
		}
		/* Saving what is already saved adds nothing. */
		if (same_content(old, e)) {
			if (id_out)
				*id_out = id;
			return true;
		}
	}
	time_now_iso(now);
	if (!begin(st, err))
		return false;
	stmt = prepare(st, id ? "SELECT coalesce(max(revision), 0) FROM revisions"
				" WHERE session_id = ?1 AND entry_id = ?2"
			      : "SELECT coalesce(max(entry_id), 0) + 1 FROM revisions"
				" WHERE session_id = ?1", err);
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, s->id);
	sqlite3_bind_int64(stmt, 2, id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_error(st, sqlite3_errcode(st->db), err);
		goto fail;
	}
	if (id)
		rev = sqlite3_column_int64(stmt, 0) + 1;
	else {
		id = sqlite3_column_int64(stmt, 0);
		rev = 1;
	}
	sqlite3_finalize(stmt);
	stmt = prepare(st, "INSERT INTO revisions (session_id, entry_id, revision, stage, kind,"
			   " principle, participant, stance, text, position, deleted,"
			   " entry_created_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, s->id);
	sqlite3_bind_int64(stmt, 2, id);
	sqlite3_bind_int64(stmt, 3, rev);
	bind_text(stmt, 4, ndm_stage_id(e->stage));
	bind_text(stmt, 5, entry_kind_id(e->kind));
	bind_text(stmt, 6, e->principle);
	if (e->participant)
		sqlite3_bind_int64(stmt, 7, e->participant);
	else
		sqlite3_bind_null(stmt, 7);
	bind_text(stmt, 8, stance_id(e->stance));
	bind_text(stmt, 9, e->text);
	sqlite3_bind_int64(stmt, 10, e->position);
	sqlite3_bind_int(stmt, 11, e->deleted);
	bind_text(stmt, 12, old ? old->created_at : now);
	bind_text(stmt, 13, now);
	if (!step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (!commit(st, err))
		return false;

	saved = *e;
	saved.id = id;
	saved.revision = rev;
	saved.principle = e->principle && e->principle[0] ? xstrdup(e->principle) : NULL;
	saved.text = xstrdup(e->text ? e->text : "");
	snprintf(saved.created_at, sizeof(saved.created_at), "%s", old ? old->created_at : now);
	snprintf(saved.updated_at, sizeof(saved.updated_at), "%s", now);
	if (old) {
		struct entry *slot = &s->entries[old - s->entries];
		free(slot->principle);
		free(slot->text);
		*slot = saved;
	} else {
		size_t i = s->nentries;
		s->entries = xreallocarray(s->entries, s->nentries + 1, sizeof(*s->entries));
		while (i > 0 && s->entries[i - 1].id > id) {
			s->entries[i] = s->entries[i - 1];
			i--;
		}
		s->entries[i] = saved;
		s->nentries++;
	}
	if (id_out)
		*id_out = id;
	return true;
fail:
	sqlite3_finalize(stmt);
	rollback(st);
	return false;
}

bool store_participant_add(struct store *st, struct session *s, const char *name,
			   const char *role, int64_t *number_out, struct store_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int64_t number = 0;

	if (!begin(st, err))
		return false;
	if (!query_int(st, "SELECT coalesce(max(number), 0) + 1 FROM participants"
			   " WHERE session_id = ?", s->id, &number, err))
		goto fail;
	stmt = prepare(st, "INSERT INTO participants (session_id, number, name, role)"
			   " VALUES (?,?,?,?)", err);
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, s->id);
	sqlite3_bind_int64(stmt, 2, number);
	bind_text(stmt, 3, name);
	bind_text(stmt, 4, role);
	if (!step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	if (!commit(st, err))
		return false;
	s->participants = xreallocarray(s->participants, s->nparticipants + 1,
					sizeof(*s->participants));
	s->participants[s->nparticipants++] = (struct participant){
		number, xstrdup(name ? name : ""), xstrdup(role ? role : ""),
	};
	if (number_out)
		*number_out = number;
	return true;
fail:
	sqlite3_finalize(stmt);
	rollback(st);
	return false;
}

/* Insert one event inside the caller's transaction. */
static bool insert_event(struct store *st, const char *session_id, enum event_kind kind,
			 const char *stage, const char *detail, const char *at,
			 struct store_error *err)
{
	sqlite3_stmt *stmt = prepare(st, "INSERT INTO events (session_id, event_no, kind, stage,"
				     " detail, created_at) SELECT ?1, coalesce(max(event_no), 0) + 1,"
				     " ?2, ?3, ?4, ?5 FROM events WHERE session_id = ?1", err);
	bool ok;

	if (!stmt)
		return false;
	bind_text(stmt, 1, session_id);
	bind_text(stmt, 2, event_kind_id(kind));
	bind_text(stmt, 3, stage);
	bind_text(stmt, 4, detail);
	bind_text(stmt, 5, at);
	ok = step_done(st, stmt, err);
	sqlite3_finalize(stmt);
	return ok;
}

/* Stages matter for these events only. */
static bool event_has_stage(enum event_kind kind)
{
	return kind == EVENT_STAGE_ENTERED || kind == EVENT_STAGE_LEFT ||
	       kind == EVENT_INJECT_RELEASED;
}

bool store_event_record(struct store *st, struct session *s, enum event_kind kind,
			enum ndm_stage stage, const char *detail, struct store_error *err)
{
	char now[SESSION_TIME_LEN];
	bool staged = event_has_stage(kind);

	if (kind >= EVENT_KIND_COUNT || (staged && stage >= NDM_STAGE_COUNT)) {
		set_error(err, STORE_INVALID, "unknown event or stage");
		return false;
	}
	time_now_iso(now);
	if (!begin(st, err))
		return false;
	if (!insert_event(st, s->id, kind, staged ? ndm_stage_id(stage) : "", detail, now, err)) {
		rollback(st);
		return false;
	}
	if (!commit(st, err))
		return false;
	s->events = xreallocarray(s->events, s->nevents + 1, sizeof(*s->events));
	struct event *ev = &s->events[s->nevents++];
	ev->kind = kind;
	ev->stage = staged ? stage : NDM_ETHICS;
	ev->detail = xstrdup(detail ? detail : "");
	snprintf(ev->at, sizeof(ev->at), "%s", now);
	if (kind == EVENT_SESSION_FINISHED) {
		s->status = SESSION_FINISHED;
		snprintf(s->finished_at, sizeof(s->finished_at), "%s", now);
	} else if (kind == EVENT_SESSION_REOPENED) {
		s->status = SESSION_OPEN;
		s->finished_at[0] = '\0';
	}
	return true;
}

bool store_vote_record(struct store *st, struct session *s, int64_t participant,
		       int64_t option, int64_t value, struct store_error *err)
{
	const struct entry *opt = session_entry(s, option);
	char now[SESSION_TIME_LEN];
	sqlite3_stmt *stmt;

	if (!opt || opt->kind != ENTRY_OPTION) {
		set_error(err, STORE_INVALID, "entry %" PRId64 " is not an option", option);
		return false;
	}
	if (participant && !session_participant(s, participant)) {
		set_error(err, STORE_INVALID, "participant %" PRId64 " is not in the session",
			  participant);
		return false;
	}
	time_now_iso(now);
	if (!begin(st, err))
		return false;
	stmt = prepare(st, "INSERT INTO votes (session_id, vote_no, participant, option_entry,"
			   " value, created_at) SELECT ?1, coalesce(max(vote_no), 0) + 1, ?2, ?3,"
			   " ?4, ?5 FROM votes WHERE session_id = ?1", err);
	if (!stmt) {
		rollback(st);
		return false;
	}
	bind_text(stmt, 1, s->id);
	if (participant)
		sqlite3_bind_int64(stmt, 2, participant);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_int64(stmt, 3, option);
	sqlite3_bind_int64(stmt, 4, value);
	bind_text(stmt, 5, now);
	if (!step_done(st, stmt, err)) {
		sqlite3_finalize(stmt);
		rollback(st);
		return false;
	}
	sqlite3_finalize(stmt);
	if (!commit(st, err))
		return false;
	s->votes = xreallocarray(s->votes, s->nvotes + 1, sizeof(*s->votes));
	s->votes[s->nvotes++] = (struct vote){.participant = participant, .option = option,
					      .value = value};
	snprintf(s->votes[s->nvotes - 1].at, SESSION_TIME_LEN, "%s", now);
	return true;
}

bool store_session_finish(struct store *st, struct session *s, struct store_error *err)
{
	if (s->status == SESSION_FINISHED)
		return true;
	return store_event_record(st, s, EVENT_SESSION_FINISHED, NDM_ETHICS, NULL, err);
}

bool store_session_reopen(struct store *st, struct session *s, struct store_error *err)
{
	if (s->status == SESSION_OPEN)
		return true;
	return store_event_record(st, s, EVENT_SESSION_REOPENED, NDM_ETHICS, NULL, err);
}

/* ---- listing ---- */

/* WHERE clause of a session filter over `sessions s`; binds ?1..?7. */
#define FILTER_SQL \
	" WHERE (?1 IS NULL OR s.pack_id = ?1) AND (?2 IS NULL OR s.scenario_id = ?2)" \
	" AND (?3 IS NULL OR s.cohort = ?3)" \
	" AND (?4 IS NULL OR s.id = ?4 OR (length(?4) >= 8 AND substr(s.id, 1, length(?4)) = ?4))" \
	" AND (?5 IS NULL OR " STATUS_SQL " = ?5)" \
	" AND (?6 IS NULL OR s.started_at >= ?6)" \
	" AND (?7 IS NULL OR substr(s.started_at, 1, length(?7)) <= ?7)"

static void bind_filter(sqlite3_stmt *stmt, const struct store_filter *f)
{
	static const struct store_filter none;

	if (!f)
		f = &none;
	bind_opt(stmt, 1, f->pack);
	bind_opt(stmt, 2, f->scenario);
	bind_opt(stmt, 3, f->cohort);
	bind_opt(stmt, 4, f->session);
	bind_opt(stmt, 5, f->status);
	bind_opt(stmt, 6, f->since);
	bind_opt(stmt, 7, f->until);
}

bool store_session_list(struct store *st, const struct store_filter *filter,
			struct session_summary **out, size_t *n, struct store_error *err)
{
	sqlite3_stmt *stmt = prepare(st,
		"SELECT s.id, s.label, s.cohort, s.mode, " STATUS_SQL ", s.pack_id, s.scenario_id,"
		" s.scenario_title, s.started_at, " FINISHED_SQL ","
		" max(s.started_at,"
		"  coalesce((SELECT max(created_at) FROM revisions r WHERE r.session_id = s.id), ''),"
		"  coalesce((SELECT max(created_at) FROM events e WHERE e.session_id = s.id), '')),"
		" coalesce((SELECT stage FROM events e WHERE e.session_id = s.id"
		"  AND e.kind = 'stage-entered' ORDER BY event_no DESC LIMIT 1), ''),"
		" (SELECT count(*) FROM (SELECT deleted, max(revision) FROM revisions r"
		"  WHERE r.session_id = s.id GROUP BY entry_id) WHERE deleted = 0)"
		" FROM sessions s" FILTER_SQL " ORDER BY 11 DESC, s.id", err);
	struct session_summary *list = NULL;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!stmt)
		return false;
	bind_filter(stmt, filter);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof(*list));
		struct session_summary *m = &list[count++];
		enum ndm_stage stage;
		memset(m, 0, sizeof(*m));
		col_copy(stmt, 0, m->id, sizeof(m->id));
		m->label = col_dup(stmt, 1);
		m->cohort = col_dup(stmt, 2);
		if (!session_mode_from_id(col_str(stmt, 3), &m->mode))
			m->mode = SESSION_SOLO;
		if (!session_status_from_id(col_str(stmt, 4), &m->status))
			m->status = SESSION_OPEN;
		m->pack_id = col_dup(stmt, 5);
		m->scenario_id = col_dup(stmt, 6);
		m->scenario_title = col_dup(stmt, 7);
		col_copy(stmt, 8, m->started_at, sizeof(m->started_at));
		if (m->status == SESSION_FINISHED)
			col_copy(stmt, 9, m->finished_at, sizeof(m->finished_at));
		col_copy(stmt, 10, m->updated_at, sizeof(m->updated_at));
		m->last_stage = ndm_stage_from_id(col_str(stmt, 11), &stage) ? (int)stage : -1;
		m->nentries = (size_t)sqlite3_column_int64(stmt, 12);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc, err);
		session_summaries_free(list, count);
		return false;
	}
	*out = list;
	*n = count;
	return true;
}

void session_summaries_free(struct session_summary *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].label);
		free(list[i].cohort);
		free(list[i].pack_id);
		free(list[i].scenario_id);
		free(list[i].scenario_title);
	}
	free(list);
}

bool store_session_ids(struct store *st, const struct store_filter *filter, char ***ids,
		       size_t *n, struct store_error *err)
{
	sqlite3_stmt *stmt = prepare(st, "SELECT s.id FROM sessions s" FILTER_SQL
				     " ORDER BY s.started_at, s.id", err);
	char **list = NULL;
	size_t count = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!stmt)
		return false;
	bind_filter(stmt, filter);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof(*list));
		list[count++] = col_dup(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc, err);
		for (size_t i = 0; i < count; i++)
			free(list[i]);
		free(list);
		return false;
	}
	*ids = list;
	*n = count;
	return true;
}

/* ---- rows for the exporters ---- */

bool store_each_row(struct store *st, const struct store_filter *filter, bool history,
		    bool (*fn)(const struct store_row *row, void *ctx), void *ctx,
		    struct store_error *err)
{
	sqlite3_stmt *sess = NULL, *parts = NULL, *rows = NULL;
	char **names = NULL;
	size_t nnames = 0;
	bool ok = false, more = true;
	int rc;

	/* One read transaction: a consistent picture while others write. */
	if ((rc = exec(st, "BEGIN")) != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	sess = prepare(st, "SELECT s.id, s.label, s.cohort, s.mode, s.pack_id, s.pack_version,"
			   " s.scenario_id, s.scenario_title, s.framework_id FROM sessions s"
			   FILTER_SQL " ORDER BY s.id", err);
	parts = prepare(st, "SELECT number, name FROM participants WHERE session_id = ?"
			    " ORDER BY number", err);
	rows = prepare(st, history
		? "SELECT entry_id, revision, stage, kind, principle, participant, stance, text,"
		  " position, deleted, entry_created_at, created_at FROM revisions"
		  " WHERE session_id = ? ORDER BY entry_id, revision"
		/* The latest revision of each entry: the one with no later one.
		 * Unlike GROUP BY with max(), this copies no text. */
		: "SELECT entry_id, revision, stage, kind, principle, participant, stance, text,"
		  " position, deleted, entry_created_at, created_at FROM revisions r"
		  " WHERE session_id = ?1 AND NOT EXISTS (SELECT 1 FROM revisions n"
		  " WHERE n.session_id = ?1 AND n.entry_id = r.entry_id AND n.revision > r.revision)"
		  " ORDER BY entry_id", err);
	if (!sess || !parts || !rows)
		goto out;
	bind_filter(sess, filter);
	while (more && (rc = sqlite3_step(sess)) == SQLITE_ROW) {
		struct store_row r = {0};
		r.session_id = col_str(sess, 0);
		r.session_label = col_str(sess, 1);
		r.cohort = col_str(sess, 2);
		r.mode = col_str(sess, 3);
		r.pack_id = col_str(sess, 4);
		r.pack_version = sqlite3_column_int64(sess, 5);
		r.scenario_id = col_str(sess, 6);
		r.scenario_title = col_str(sess, 7);
		r.framework = col_str(sess, 8);

		for (size_t i = 0; i < nnames; i++)
			free(names[i]);
		nnames = 0;
		bind_text(parts, 1, r.session_id);
		while ((rc = sqlite3_step(parts)) == SQLITE_ROW) {
			int64_t num = sqlite3_column_int64(parts, 0);
			if (num < 1 || num > 100000)
				continue;
			if ((size_t)num > nnames) {
				names = xreallocarray(names, (size_t)num, sizeof(*names));
				while (nnames < (size_t)num)
					names[nnames++] = NULL;
			}
			free(names[num - 1]);
			names[num - 1] = col_dup(parts, 1);
		}
		sqlite3_reset(parts);
		if (rc != SQLITE_DONE)
			goto fail_rc;

		bind_text(rows, 1, r.session_id);
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			r.entry_id = sqlite3_column_int64(rows, 0);
			r.revision = sqlite3_column_int64(rows, 1);
			r.stage = col_str(rows, 2);
			r.kind = col_str(rows, 3);
			r.principle = col_str(rows, 4);
			r.participant_number = sqlite3_column_int64(rows, 5);
			r.participant = r.participant_number > 0 &&
						(size_t)r.participant_number <= nnames &&
						names[r.participant_number - 1]
					? names[r.participant_number - 1] : "";
			r.stance = col_str(rows, 6);
			r.text = col_str(rows, 7);
			r.position = sqlite3_column_int64(rows, 8);
			r.deleted = sqlite3_column_int(rows, 9) != 0;
			r.created_at = col_str(rows, 10);
			r.updated_at = col_str(rows, 11);
			if (!history && r.deleted)
				continue;
			if (!fn(&r, ctx)) {
				more = false;
				break;
			}
		}
		sqlite3_reset(rows);
		if (more && rc != SQLITE_DONE)
			goto fail_rc;
	}
	if (more && rc != SQLITE_DONE)
		goto fail_rc;
	ok = true;
	goto out;
fail_rc:
	db_error(st, rc, err);
out:
	sqlite3_finalize(sess);
	sqlite3_finalize(parts);
	sqlite3_finalize(rows);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	exec(st, "COMMIT");
	return ok;
}

/* ---- import ---- */

static void import_session_clear(struct import_session *is)
{
	free(is->id);
	free((char *)is->meta.session_label);
	free((char *)is->meta.cohort);
	free((char *)is->meta.mode);
	free((char *)is->meta.pack_id);
	free((char *)is->meta.scenario_id);
	free((char *)is->meta.scenario_title);
	free((char *)is->meta.framework);
	for (size_t i = 0; i < is->nnames; i++)
		free(is->names[i]);
	free(is->names);
	memset(is, 0, sizeof(*is));
}

bool store_import_begin(struct store *st, struct store_error *err)
{
	if (st->importing) {
		set_error(err, STORE_INTERNAL, "an import is already running");
		return false;
	}
	if (!begin(st, err))
		return false;
	/* The session row is written when its last row has been seen (its start
	 * is the earliest of them), so its revisions come first. */
	exec(st, "PRAGMA defer_foreign_keys = ON");
	st->imp_insert = prepare(st, "INSERT INTO revisions (session_id, entry_id, revision,"
				 " stage, kind, principle, participant, stance, text, position,"
				 " deleted, entry_created_at, created_at)"
				 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", err);
	st->imp_same = prepare(st, "SELECT count(*) FROM revisions WHERE session_id = ?1"
			       " AND entry_id = ?2 AND revision = ?3 AND stage = ?4 AND kind = ?5"
			       " AND principle = ?6 AND stance = ?8 AND text = ?9"
			       " AND entry_created_at = ?10 AND created_at = ?11"
			       " AND coalesce((SELECT name FROM participants p WHERE"
			       " p.session_id = ?1 AND p.number = participant), '') = ?7", err);
	if (!st->imp_insert || !st->imp_same) {
		sqlite3_finalize(st->imp_insert);
		sqlite3_finalize(st->imp_same);
		st->imp_insert = st->imp_same = NULL;
		rollback(st);
		return false;
	}
	st->importing = true;
	return true;
}

/* Write the session row and new participants of the session being read. */
static bool import_flush(struct store *st, struct store_error *err)
{
	struct import_session *is = &st->imp;
	sqlite3_stmt *stmt = NULL;
	const struct framework *fw;

	if (!is->id)
		return true;
	if (is->is_new) {
		fw = framework_builtin(is->meta.framework);
		stmt = prepare(st, "INSERT INTO sessions (id, label, cohort, mode, pack_id,"
				   " pack_version, scenario_id, scenario_title, framework_id,"
				   " principle_count, started_at, imported)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,1)", err);
		if (!stmt)
			return false;
		bind_text(stmt, 1, is->id);
		bind_text(stmt, 2, is->meta.session_label);
		bind_text(stmt, 3, is->meta.cohort);
		bind_text(stmt, 4, is->meta.mode);
		bind_text(stmt, 5, is->meta.pack_id);
		sqlite3_bind_int64(stmt, 6, is->meta.pack_version);
		bind_text(stmt, 7, is->meta.scenario_id);
		bind_text(stmt, 8, is->meta.scenario_title);
		bind_text(stmt, 9, is->meta.framework);
		sqlite3_bind_int64(stmt, 10, fw ? (int64_t)fw->count : 0);
		bind_text(stmt, 11, is->started);
		if (!step_done(st, stmt, err))
			goto fail;
		sqlite3_finalize(stmt);
		stmt = NULL;
		/* What was exported is what was finished with; it can be reopened. */
		if (!insert_event(st, is->id, EVENT_SESSION_FINISHED, "", "imported", is->last, err))
			return false;
	}
	if (is->nnames > is->nnames_saved) {
		stmt = prepare(st, "INSERT INTO participants (session_id, number, name)"
				   " VALUES (?,?,?)", err);
		if (!stmt)
			return false;
		for (size_t i = is->nnames_saved; i < is->nnames; i++) {
			bind_text(stmt, 1, is->id);
			sqlite3_bind_int64(stmt, 2, (int64_t)i + 1);
			bind_text(stmt, 3, is->names[i]);
			if (!step_done(st, stmt, err))
				goto fail;
		}
		sqlite3_finalize(stmt);
	}
	import_session_clear(is);
	return true;
fail:
	sqlite3_finalize(stmt);
	return false;
}

/* Start reading rows of session @row->session_id. */
static bool import_start(struct store *st, const struct store_row *row,
			 struct store_import_stats *stats, struct store_error *err)
{
	struct import_session *is = &st->imp;
	sqlite3_stmt *stmt;
	int64_t exists = 0;
	int rc;

	if (!import_flush(st, err))
		return false;
	is->id = xstrdup(row->session_id);
	if (!query_int(st, "SELECT count(*) FROM sessions WHERE id = ?", is->id, &exists, err))
		return false;
	is->is_new = exists == 0;
	if (is->is_new) {
		is->meta.session_label = xstrdup(row->session_label);
		is->meta.cohort = xstrdup(row->cohort);
		is->meta.mode = xstrdup(row->mode);
		is->meta.pack_id = xstrdup(row->pack_id);
		is->meta.pack_version = row->pack_version;
		is->meta.scenario_id = xstrdup(row->scenario_id);
		is->meta.scenario_title = xstrdup(row->scenario_title);
		is->meta.framework = xstrdup(row->framework);
		snprintf(is->started, sizeof(is->started), "%s", row->created_at);
		if (stats)
			stats->sessions_new++;
		return true;
	}
	stmt = prepare(st, "SELECT number, name FROM participants WHERE session_id = ?"
			   " ORDER BY number", err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, is->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t num = sqlite3_column_int64(stmt, 0);
		if (num < 1 || num > 100000)
			continue;
		while (is->nnames < (size_t)num) {
			is->names = xreallocarray(is->names, is->nnames + 1, sizeof(*is->names));
			is->names[is->nnames++] = xstrdup("");
		}
		free(is->names[num - 1]);
		is->names[num - 1] = col_dup(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc, err);
		return false;
	}
	is->nnames_saved = is->nnames;
	return true;
}

bool store_import_row(struct store *st, const struct store_row *row,
		      struct store_import_stats *stats, struct store_error *err)
{
	struct import_session *is = &st->imp;
	sqlite3_stmt *ins = st->imp_insert;
	int64_t participant = 0;
	int rc;

	if (!st->importing) {
		set_error(err, STORE_INTERNAL, "no import was begun");
		return false;
	}
	if ((!is->id || strcmp(is->id, row->session_id) != 0) && !import_start(st, row, stats, err))
		return false;
	if (is->is_new) {
		if (strcmp(row->created_at, is->started) < 0)
			snprintf(is->started, sizeof(is->started), "%s", row->created_at);
	}
	if (strcmp(row->updated_at, is->last) > 0)
		snprintf(is->last, sizeof(is->last), "%s", row->updated_at);
	if (row->participant && row->participant[0]) {
		for (size_t i = 0; i < is->nnames && !participant; i++)
			if (strcmp(is->names[i], row->participant) == 0)
				participant = (int64_t)i + 1;
		if (!participant) {
			is->names = xreallocarray(is->names, is->nnames + 1, sizeof(*is->names));
			is->names[is->nnames++] = xstrdup(row->participant);
			participant = (int64_t)is->nnames;
		}
	}
	bind_text(ins, 1, row->session_id);
	sqlite3_bind_int64(ins, 2, row->entry_id);
	sqlite3_bind_int64(ins, 3, row->revision);
	bind_text(ins, 4, row->stage);
	bind_text(ins, 5, row->kind);
	bind_text(ins, 6, row->principle);
	if (participant)
		sqlite3_bind_int64(ins, 7, participant);
	else
		sqlite3_bind_null(ins, 7);
	bind_text(ins, 8, row->stance);
	bind_text(ins, 9, row->text);
	sqlite3_bind_int64(ins, 10, row->position);
	sqlite3_bind_int(ins, 11, row->deleted);
	bind_text(ins, 12, row->created_at);
	bind_text(ins, 13, row->updated_at);
	if (!step_done(st, ins, err))
		return false;
	if (sqlite3_changes(st->db) == 1) {
		if (stats)
			stats->rows_new++;
		return true;
	}
	/* Already there: fine if it is the same revision, a clash if not. */
	sqlite3_stmt *same = st->imp_same;
	bind_text(same, 1, row->session_id);
	sqlite3_bind_int64(same, 2, row->entry_id);
	sqlite3_bind_int64(same, 3, row->revision);
	bind_text(same, 4, row->stage);
	bind_text(same, 5, row->kind);
	bind_text(same, 6, row->principle);
	bind_text(same, 7, row->participant);
	bind_text(same, 8, row->stance);
	bind_text(same, 9, row->text);
	bind_text(same, 10, row->created_at);
	bind_text(same, 11, row->updated_at);
	rc = sqlite3_step(same);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(same, 0) : 0;
	sqlite3_reset(same);
	if (rc != SQLITE_ROW) {
		db_error(st, rc, err);
		return false;
	}
	if (n == 0) {
		set_error(err, STORE_CONFLICT, "session %s, entry %" PRId64 ", revision %" PRId64
			  " is already saved with different content", row->session_id,
			  row->entry_id, row->revision);
		return false;
	}
	if (stats)
		stats->rows_skipped++;
	return true;
}

static void import_end(struct store *st)
{
	sqlite3_finalize(st->imp_insert);
	sqlite3_finalize(st->imp_same);
	st->imp_insert = st->imp_same = NULL;
	import_session_clear(&st->imp);
	st->importing = false;
}

bool store_import_commit(struct store *st, struct store_error *err)
{
	bool ok;

	if (!st->importing) {
		set_error(err, STORE_INTERNAL, "no import was begun");
		return false;
	}
	ok = import_flush(st, err);
	import_end(st);
	if (!ok) {
		rollback(st);
		return false;
	}
	return commit(st, err);
}

void store_import_abort(struct store *st)
{
	if (!st->importing)
		return;
	import_end(st);
	rollback(st);
}
