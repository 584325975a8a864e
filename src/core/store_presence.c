/*
 * store_presence.c - who has a session open (see store.h). Each workbench
 * that opens a session writes a heartbeat row and removes it when it
 * closes; a row not renewed within STORE_PRESENCE_STALE_S belongs to a
 * process that was killed, and is ignored. These rows are advice for a
 * warning ("another window has this session open"), not session data,
 * so unlike everything else in the database they are updated and deleted.
 */
#include "store_private.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool store_presence_beat(struct store *st, const struct session *s, const char *holder,
			 struct store_error *err)
{
	sqlite3_stmt *stmt;
	char now[SESSION_TIME_LEN], host[256] = "";
	bool ok;

	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	time_now_iso(now);
	if (!db_begin(st, err))
		return false;
	stmt = db_prepare(st, "INSERT INTO presence (session_id, holder, pid, host, since, seen_at)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (session_id, holder)"
			      " DO UPDATE SET seen_at = excluded.seen_at", err);
	if (!stmt) {
		db_rollback(st);
		return false;
	}
	bind_text(stmt, 1, s->id);
	bind_text(stmt, 2, holder);
	sqlite3_bind_int64(stmt, 3, (int64_t)getpid());
	bind_text(stmt, 4, host);
	bind_text(stmt, 5, now);
	ok = db_step_done(st, stmt, err);
	sqlite3_finalize(stmt);
	if (!ok) {
		db_rollback(st);
		return false;
	}
	return db_commit(st, err);
}

bool store_presence_leave(struct store *st, const struct session *s, const char *holder,
			  struct store_error *err)
{
	sqlite3_stmt *stmt;
	bool ok;

	if (!db_begin(st, err))
		return false;
	stmt = db_prepare(st, "DELETE FROM presence WHERE session_id = ? AND holder = ?", err);
	if (!stmt) {
		db_rollback(st);
		return false;
	}
	bind_text(stmt, 1, s->id);
	bind_text(stmt, 2, holder);
	ok = db_step_done(st, stmt, err);
	sqlite3_finalize(stmt);
	if (!ok) {
		db_rollback(st);
		return false;
	}
	return db_commit(st, err);
}

bool store_presence_others(struct store *st, const struct session *s, const char *holder,
			   size_t *n, char since[SESSION_TIME_LEN], struct store_error *err)
{
	char now[SESSION_TIME_LEN], window[32];
	sqlite3_stmt *stmt;
	int rc;

	*n = 0;
	if (since)
		since[0] = '\0';
	time_now_iso(now);
	snprintf(window, sizeof(window), "-%d seconds", STORE_PRESENCE_STALE_S);
	stmt = db_prepare(st, "SELECT count(*), coalesce(min(since), '') FROM presence"
			      " WHERE session_id = ?1 AND holder <> ?2"
			      " AND seen_at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?3, ?4)", err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, s->id);
	bind_text(stmt, 2, holder);
	bind_text(stmt, 3, now);
	bind_text(stmt, 4, window);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_int64(stmt, 0);
		if (since)
			col_copy(stmt, 1, since, SESSION_TIME_LEN);
	} else {
		db_error(st, rc, err);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW;
}
