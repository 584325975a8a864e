/*
 * store_query.c - reading many sessions at once: the listing behind
 * `dilemma sessions` and "resume", the ids an export walks, and the rows of
 * the responses and history tables streamed to the exporters.
 */
#include "store_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- filters ---- */

char *filter_from(const struct store_filter *f, const char *join)
{
	struct buf b = {0};
	const char *and = " WHERE ";

	buf_puts(&b, " FROM session_activity a");
	buf_puts(&b, join ? join : "");
#define COND(field, sql) \
	if (f && f->field && f->field[0]) { \
		buf_puts(&b, and); \
		buf_puts(&b, sql); \
		and = " AND "; \
	}
	COND(pack, "a.pack_id = ?1")
	COND(scenario, "a.scenario_id = ?2")
	COND(cohort, "a.cohort = ?3")
	/* A prefix is a range of the primary key (ID_PREFIX_RANGE_SQL) */
	COND(session, ID_PREFIX_RANGE_SQL("a.session_id", "?4")
		      " AND (a.session_id = ?4 OR length(?4) >= 8)")
	COND(status, "a.status = ?5")
	COND(since, "a.started_at >= ?6")
	/* until a date takes in the whole day: every time that starts with it */
	COND(until, "a.started_at < ?7 || char(127)")
	COND(participant, "EXISTS (SELECT 1 FROM participants p"
			  " WHERE p.session_id = a.session_id AND p.name = ?8)")
#undef COND
	return buf_steal(&b);
}

void bind_filter(sqlite3_stmt *stmt, const struct store_filter *f)
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
	bind_opt(stmt, 8, f->participant);
}

/* Prepare "SELECT @what FROM <the filter> @tail". */
static sqlite3_stmt *prepare_filtered(struct store *st, const char *what,
				      const struct store_filter *f, const char *tail,
				      struct store_error *err)
{
	return prepare_joined(st, what, f, NULL, tail, err);
}

sqlite3_stmt *prepare_joined(struct store *st, const char *what, const struct store_filter *f,
			     const char *join, const char *tail, struct store_error *err)
{
	char *from = filter_from(f, join);
	char *sql = xasprintf("SELECT %s%s%s", what, from, tail);
	sqlite3_stmt *stmt = db_prepare(st, sql, err);

	free(from);
	free(sql);
	if (stmt)
		bind_filter(stmt, f);
	return stmt;
}

/* ---- listing ---- */

/* The names @who (bound to the session id in column 0 of @row) gives,
 * ", " between them; *@rc is SQLITE_DONE unless reading failed. */
static char *participant_names(sqlite3_stmt *who, sqlite3_stmt *row, int *rc)
{
	struct buf b = {0};

	sqlite3_reset(who);
	sqlite3_bind_text(who, 1, col_str(row, 0), -1, SQLITE_TRANSIENT);
	while ((*rc = sqlite3_step(who)) == SQLITE_ROW)
		buf_printf(&b, "%s%s", b.len ? ", " : "", col_str(who, 0));
	return buf_steal(&b);
}

bool store_session_page(struct store *st, const struct store_filter *filter,
			const struct store_page *page, struct session_summary **out, size_t *n,
			struct store_error *err)
{
	static const struct store_page all;
	char tail[96];
	sqlite3_stmt *stmt;
	struct session_summary *list = NULL;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!page)
		page = &all;
	/* LIMIT -1 is no limit. Most recent first; the index on (status,
	 * updated_at) or (updated_at) gives that order, so a page costs what
	 * it shows. */
	snprintf(tail, sizeof(tail), " ORDER BY a.updated_at DESC, a.session_id DESC"
		 " LIMIT %lld OFFSET %llu", page->limit ? (long long)page->limit : -1LL,
		 (unsigned long long)page->offset);
	stmt = prepare_filtered(st,
		"a.session_id, a.label, a.cohort, a.mode, a.status, a.pack_id, a.scenario_id,"
		" a.scenario_title, a.started_at, a.finished_at, a.updated_at, a.last_stage,"
		/* The entries that are not deleted at their latest revision. */
		" CASE WHEN ?9 THEN (SELECT count(*) FROM revisions r"
		"  WHERE r.session_id = a.session_id AND r.deleted = 0 AND NOT EXISTS (SELECT 1"
		"  FROM revisions l WHERE l.session_id = a.session_id AND l.entry_id = r.entry_id"
		"  AND l.revision > r.revision)) ELSE 0 END", filter, tail, err);
	if (!stmt)
		return false;
	/* who took part, in the order they joined: a query of its own, as an
	 * aggregate's order is not one SQL promises */
	sqlite3_stmt *who = db_prepare(st, "SELECT name FROM participants WHERE session_id = ?1"
				       " AND name <> '' ORDER BY number", err);
	if (!who) {
		sqlite3_finalize(stmt);
		return false;
	}
	sqlite3_bind_int(stmt, 9, page->count_entries);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof(*list));
		struct session_summary *m = &list[count++];
		enum ndm_stage stage;
		memset(m, 0, sizeof(*m));
		col_copy(stmt, 0, m->id, sizeof(m->id));
		/* An over-long id from an older import is shown cut, visibly. */
		if ((size_t)sqlite3_column_bytes(stmt, 0) >= sizeof(m->id))
			memcpy(m->id + sizeof(m->id) - 4, "...", 4);
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
		m->participants = participant_names(who, stmt, &rc);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(who);
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

bool store_session_list(struct store *st, const struct store_filter *filter,
			struct session_summary **out, size_t *n, struct store_error *err)
{
	return store_session_page(st, filter, NULL, out, n, err);
}

void session_summaries_free(struct session_summary *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].label);
		free(list[i].cohort);
		free(list[i].pack_id);
		free(list[i].scenario_id);
		free(list[i].scenario_title);
		free(list[i].participants);
	}
	free(list);
}

bool store_session_count(struct store *st, const struct store_filter *filter, size_t *n,
			 struct store_error *err)
{
	sqlite3_stmt *stmt = prepare_filtered(st, "count(*)", filter, "", err);
	int rc;

	*n = 0;
	if (!stmt)
		return false;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		db_error(st, rc, err);
		return false;
	}
	return true;
}

/* The first column of every row of @stmt (finalized here), each shorter
 * than @max bytes (0: any), into a new array; false on an error. */
static bool first_column(struct store *st, sqlite3_stmt *stmt, size_t max, char ***out,
			 size_t *n, struct store_error *err)
{
	char **list = NULL;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!stmt)
		return false;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (max && (size_t)sqlite3_column_bytes(stmt, 0) >= max)
			continue;
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
	*out = list;
	*n = count;
	return true;
}

bool store_cohorts(struct store *st, char ***names, size_t *n, struct store_error *err)
{
	/* the index on cohort hands them out in order, each once */
	return first_column(st, db_prepare(st, "SELECT DISTINCT cohort FROM sessions"
					   " WHERE cohort <> '' ORDER BY cohort", err), 0,
			    names, n, err);
}

bool store_session_ids(struct store *st, const struct store_filter *filter, char ***ids,
		       size_t *n, struct store_error *err)
{
	/* An over-long id, which only an older import could have kept, names
	 * no session that can be loaded; its rows still go out through
	 * store_each_row. */
	return first_column(st, prepare_filtered(st, "a.session_id", filter,
						 " ORDER BY a.started_at, a.session_id", err),
			    SESSION_ID_LEN, ids, n, err);
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
	if ((rc = db_exec(st, "BEGIN")) != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	sess = prepare_joined(st, "s.id, s.label, s.cohort, s.mode, s.pack_id, s.pack_version,"
			      " s.scenario_id, s.scenario_title, s.framework_id", filter,
			      " JOIN sessions s ON s.id = a.session_id", " ORDER BY a.session_id", err);
	parts = db_prepare(st, "SELECT number, name FROM participants WHERE session_id = ?"
			       " ORDER BY number", err);
	rows = db_prepare(st, history
		   ? "SELECT entry_id, revision, stage, kind, principle, participant, stance, text,"
		     " position, deleted, entry_created_at, created_at, pack_option, owner FROM revisions"
		     " WHERE session_id = ? ORDER BY entry_id, revision"
		   /* The latest revision of each entry: the one with no later one.
		    * Unlike GROUP BY with max(), this copies no text. */
		   : "SELECT entry_id, revision, stage, kind, principle, participant, stance, text,"
		     " position, deleted, entry_created_at, created_at, pack_option, owner FROM revisions r"
		     " WHERE session_id = ?1 AND NOT EXISTS (SELECT 1 FROM revisions n"
		     " WHERE n.session_id = ?1 AND n.entry_id = r.entry_id AND n.revision > r.revision)"
		     " ORDER BY entry_id", err);
	if (!sess || !parts || !rows)
		goto out;
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
			r.pack_option = sqlite3_column_int64(rows, 12);
			r.owner = col_str(rows, 13);
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
	db_exec(st, "COMMIT");
	return ok;
}

/* ---- votes for the exporter ---- */

bool store_each_vote(struct store *st, const struct store_filter *filter,
		     bool (*fn)(const struct store_vote_row *row, void *ctx), void *ctx,
		     struct store_error *err)
{
	sqlite3_stmt *stmt;
	bool more = true;
	int rc;

	if ((rc = db_exec(st, "BEGIN")) != SQLITE_OK) {
		db_error(st, rc, err);
		return false;
	}
	stmt = prepare_joined(st,
		"a.session_id, a.label, a.cohort, a.pack_id, a.scenario_id,"
		" coalesce((SELECT name FROM participants p WHERE p.session_id = a.session_id"
		"  AND p.number = v.participant), ''),"
		" coalesce((SELECT text FROM revisions r WHERE r.session_id = a.session_id"
		"  AND r.entry_id = v.option_entry ORDER BY r.revision DESC LIMIT 1), ''),"
		" coalesce(v.participant, 0), v.option_entry, v.value, v.created_at, v.ballot, v.count,"
		" v.vote_no",
		filter, " JOIN votes v ON v.session_id = a.session_id",
		" ORDER BY a.started_at, a.session_id, v.vote_no", err);
	if (!stmt) {
		db_exec(st, "COMMIT");
		return false;
	}
	while (more && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_vote_row r = {0};
		r.session_id = col_str(stmt, 0);
		r.session_label = col_str(stmt, 1);
		r.cohort = col_str(stmt, 2);
		r.pack_id = col_str(stmt, 3);
		r.scenario_id = col_str(stmt, 4);
		r.participant = col_str(stmt, 5);
		r.option_text = col_str(stmt, 6);
		r.vote.participant = sqlite3_column_int64(stmt, 7);
		r.vote.option = sqlite3_column_int64(stmt, 8);
		r.vote.value = sqlite3_column_int64(stmt, 9);
		col_copy(stmt, 10, r.vote.at, sizeof(r.vote.at));
		r.vote.ballot = sqlite3_column_int64(stmt, 11);
		r.vote.count = sqlite3_column_int64(stmt, 12);
		r.number = sqlite3_column_int64(stmt, 13);
		more = fn(&r, ctx);
	}
	sqlite3_finalize(stmt);
	db_exec(st, "COMMIT");
	if (more && rc != SQLITE_DONE) {
		db_error(st, rc, err);
		return false;
	}
	return true;
}
