/*
 * store_import.c - the store's side of `dilemma import`: rows of a
 * responses export (read by import.c) written into one transaction, each
 * session's row and participants once all its rows are seen, rows already
 * present skipped and rows that clash with what is saved refused.
 */
#include "store_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- import ---- */

/* The import's statements, prepared once for the whole file: a statement
 * that writes to a table with triggers compiles them each time it is
 * prepared, which prepared again for each session cost more than writing
 * the session's rows (30% of an import of 200,000 rows). */
enum {
	IMP_INSERT,      /* a revision, unless already there */
	IMP_SAME,        /* the saved revision a row must then agree with */
	IMP_EXISTS,      /* whether the session is saved */
	IMP_SESSION,     /* a new session's row */
	IMP_PARTICIPANT, /* a participant's name */
	IMP_COUNT
};
_Static_assert(IMP_COUNT <= ALEN(((struct store *)0)->imp_stmt), "room for the statements");

static const char *const imp_sql[IMP_COUNT] = {
	[IMP_INSERT] = "INSERT INTO revisions (session_id, entry_id, revision, stage, kind,"
		       " principle, participant, stance, text, position, deleted,"
		       " entry_created_at, created_at, pack_option, owner)"
		       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
	[IMP_SAME] = "SELECT stage, kind, principle, coalesce((SELECT name FROM participants p"
		     " WHERE p.session_id = ?1 AND p.number = participant), ''), stance, text,"
		     " position, deleted, entry_created_at, created_at, pack_option, owner"
		     " FROM revisions WHERE session_id = ?1 AND entry_id = ?2 AND revision = ?3",
	[IMP_EXISTS] = "SELECT count(*) FROM sessions WHERE id = ?",
	[IMP_SESSION] = "INSERT INTO sessions (id, label, cohort, mode, pack_id, pack_version,"
			" scenario_id, scenario_title, framework_id, principle_count, started_at,"
			" imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)",
	[IMP_PARTICIPANT] = "INSERT INTO participants (session_id, number, name) VALUES (?,?,?)",
};

static void import_finalize(struct store *st)
{
	for (size_t i = 0; i < ALEN(st->imp_stmt); i++) {
		sqlite3_finalize(st->imp_stmt[i]);
		st->imp_stmt[i] = NULL;
	}
}

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
		store_error_set(err, STORE_INTERNAL, "an import is already running");
		return false;
	}
	/* Each row is an INSERT into revisions, which has a trigger (schema
	 * 4's session_activity), so each keeps a statement journal of the
	 * pages it changes; once one outgrew 64 KiB SQLite moved it to a
	 * temporary file for the rest of the transaction, and every row then
	 * wrote about 10 KB there (1.9 GB for 200,000 rows, most of the
	 * import's time). In memory it is emptied after each row. As merge
	 * does; set before BEGIN, which is when SQLite reads it. */
	db_exec(st, "PRAGMA temp_store = MEMORY");
	if (!db_begin(st, err)) {
		db_exec(st, "PRAGMA temp_store = DEFAULT");
		return false;
	}
	/* The session row is written when its last row has been seen (its start
	 * is the earliest of them), so its revisions come first. */
	db_exec(st, "PRAGMA defer_foreign_keys = ON");
	for (size_t i = 0; i < IMP_COUNT; i++) {
		st->imp_stmt[i] = db_prepare(st, imp_sql[i], err);
		if (!st->imp_stmt[i]) {
			import_finalize(st);
			db_rollback(st);
			db_exec(st, "PRAGMA temp_store = DEFAULT");
			return false;
		}
	}
	st->importing = true;
	return true;
}

/* Write the session row and new participants of the session being read. */
static bool import_flush(struct store *st, struct store_error *err)
{
	struct import_session *is = &st->imp;
	sqlite3_stmt *stmt;
	const struct framework *fw;

	if (!is->id)
		return true;
	if (is->is_new) {
		fw = framework_builtin(is->meta.framework);
		stmt = st->imp_stmt[IMP_SESSION];
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
		if (!db_step_done(st, stmt, err))
			return false;
		/* What was exported is what was finished with; it can be reopened. */
		struct event finished = {.kind = EVENT_SESSION_FINISHED, .detail = "imported"};
		snprintf(finished.at, sizeof(finished.at), "%s", is->last);
		if (!db_insert_event(st, is->id, &finished, err))
			return false;
	}
	stmt = st->imp_stmt[IMP_PARTICIPANT];
	for (size_t i = is->nnames_saved; i < is->nnames; i++) {
		bind_text(stmt, 1, is->id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i + 1);
		bind_text(stmt, 3, is->names[i]);
		if (!db_step_done(st, stmt, err))
			return false;
	}
	import_session_clear(is);
	return true;
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
	stmt = st->imp_stmt[IMP_EXISTS];
	bind_text(stmt, 1, is->id);
	rc = sqlite3_step(stmt);
	exists = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		db_error(st, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, err);
		return false;
	}
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
	/* What the other rows of the file must agree with. */
	stmt = db_prepare(st, "SELECT label, cohort, mode, pack_id, pack_version, scenario_id,"
			      " scenario_title, framework_id FROM sessions WHERE id = ?", err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, is->id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		is->meta.session_label = col_dup(stmt, 0);
		is->meta.cohort = col_dup(stmt, 1);
		is->meta.mode = col_dup(stmt, 2);
		is->meta.pack_id = col_dup(stmt, 3);
		is->meta.pack_version = sqlite3_column_int64(stmt, 4);
		is->meta.scenario_id = col_dup(stmt, 5);
		is->meta.scenario_title = col_dup(stmt, 6);
		is->meta.framework = col_dup(stmt, 7);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		db_error(st, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, err);
		return false;
	}
	stmt = db_prepare(st, "SELECT number, name FROM participants WHERE session_id = ?"
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

/* @s as a message may quote it, in quotes: neutralised and cut short. */
static void quote(char out[72], const char *s)
{
	char *p = str_excerpt(s, 60);

	snprintf(out, 72, "'%s'", p);
	free(p);
}

/* The column of the session's own data in which @row differs from the
 * session (saved, or as its first row gave it), or NULL; *@ours and
 * *@theirs get the two values. */
static const char *session_differs(const struct store_row *meta, const struct store_row *row,
				   const char **ours, const char **theirs, char num[2][24])
{
	const struct {
		const char *name, *saved, *given;
	} cols[] = {
		{"session_label", meta->session_label, row->session_label},
		{"cohort", meta->cohort, row->cohort},
		{"mode", meta->mode, row->mode},
		{"pack_id", meta->pack_id, row->pack_id},
		{"scenario_id", meta->scenario_id, row->scenario_id},
		{"scenario_title", meta->scenario_title, row->scenario_title},
		{"framework", meta->framework, row->framework},
	};

	for (size_t i = 0; i < ALEN(cols); i++) {
		if (strcmp(cols[i].saved, cols[i].given ? cols[i].given : "") != 0) {
			*ours = cols[i].given ? cols[i].given : "";
			*theirs = cols[i].saved;
			return cols[i].name;
		}
	}
	if (meta->pack_version != row->pack_version) {
		snprintf(num[0], 24, "%" PRId64, row->pack_version);
		snprintf(num[1], 24, "%" PRId64, meta->pack_version);
		*ours = num[0];
		*theirs = num[1];
		return "pack_version";
	}
	return NULL;
}

/* The column in which @row differs from the saved revision the statement
 * @same is on (imp_same's columns), or NULL; the values as for
 * session_differs(). Columns the row does not carry are not compared. */
static const char *revision_differs(sqlite3_stmt *same, const struct store_row *row,
				    const char **ours, const char **theirs, char num[2][24])
{
	const struct {
		const char *name, *given;
	} texts[] = {
		{"stage", row->stage}, {"kind", row->kind}, {"principle", row->principle},
		{"participant", row->participant}, {"stance", row->stance}, {"text", row->text},
	};
	const struct {
		const char *name;
		int col;
		int64_t given;
		bool compared;
	} ints[] = {
		{"position", 6, row->position, row->carries & STORE_ROW_POSITION},
		{"deleted", 7, row->deleted, true},
		{"pack_option", 10, row->pack_option, row->carries & STORE_ROW_PACK_OPTION},
	};

	for (size_t i = 0; i < ALEN(texts); i++) {
		const char *given = texts[i].given ? texts[i].given : "";
		if (strcmp(col_str(same, (int)i), given) != 0) {
			*ours = given;
			*theirs = col_str(same, (int)i);
			return texts[i].name;
		}
	}
	for (size_t i = 0; i < ALEN(ints); i++) {
		int64_t saved = sqlite3_column_int64(same, ints[i].col);
		if (ints[i].compared && saved != ints[i].given) {
			snprintf(num[0], 24, "%" PRId64, ints[i].given);
			snprintf(num[1], 24, "%" PRId64, saved);
			*ours = num[0];
			*theirs = num[1];
			return ints[i].name;
		}
	}
	/* The entry's first save, and this revision's. */
	if (strcmp(col_str(same, 8), row->created_at) != 0) {
		*ours = row->created_at;
		*theirs = col_str(same, 8);
		return "created_at";
	}
	if (strcmp(col_str(same, 9), row->updated_at) != 0) {
		*ours = row->updated_at;
		*theirs = col_str(same, 9);
		return "updated_at";
	}
	if ((row->carries & STORE_ROW_OWNER) &&
	    strcmp(col_str(same, 11), row->owner ? row->owner : "") != 0) {
		*ours = row->owner ? row->owner : "";
		*theirs = col_str(same, 11);
		return "owner";
	}
	return NULL;
}

bool store_import_row(struct store *st, const struct store_row *row,
		      struct store_import_stats *stats, struct store_error *err)
{
	const char *column, *ours, *theirs;
	char num[2][24], qo[72], qt[72];

	struct import_session *is = &st->imp;
	sqlite3_stmt *ins = st->imp_stmt[IMP_INSERT];
	int64_t participant = 0;
	int rc;

	if (!st->importing) {
		store_error_set(err, STORE_INTERNAL, "no import was begun");
		return false;
	}
	if ((!is->id || strcmp(is->id, row->session_id) != 0) && !import_start(st, row, stats, err))
		return false;
	column = session_differs(&is->meta, row, &ours, &theirs, num);
	if (column) {
		quote(qo, ours);
		quote(qt, theirs);
		store_error_set(err, STORE_CONFLICT, "session %s: column %s is %s here but %s %s",
				row->session_id, column, qo, qt, is->is_new ?
				"in the session's first row" : "in the database");
		return false;
	}
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
	sqlite3_bind_int64(ins, 14, row->pack_option);
	bind_text(ins, 15, row->owner);
	if (!db_step_done(st, ins, err))
		return false;
	if (sqlite3_changes(st->db) == 1) {
		if (stats)
			stats->rows_new++;
		return true;
	}
	/* Already there: fine if it is the same revision, a clash if not. */
	sqlite3_stmt *same = st->imp_stmt[IMP_SAME];
	bind_text(same, 1, row->session_id);
	sqlite3_bind_int64(same, 2, row->entry_id);
	sqlite3_bind_int64(same, 3, row->revision);
	rc = sqlite3_step(same);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(same);
		db_error(st, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, err);
		return false;
	}
	column = revision_differs(same, row, &ours, &theirs, num);
	if (column) {
		quote(qo, ours);
		quote(qt, theirs);
		store_error_set(err, STORE_CONFLICT, "session %s, entry %" PRId64 ", revision %"
				PRId64 " is already saved with different content: column %s is %s"
				" here but %s in the database", row->session_id, row->entry_id,
				row->revision, column, qo, qt);
	}
	sqlite3_reset(same);
	if (column)
		return false;
	if (stats)
		stats->rows_skipped++;
	return true;
}

static void import_end(struct store *st)
{
	import_finalize(st);
	import_session_clear(&st->imp);
	st->importing = false;
}

bool store_import_commit(struct store *st, struct store_error *err)
{
	bool ok;

	if (!st->importing) {
		store_error_set(err, STORE_INTERNAL, "no import was begun");
		return false;
	}
	ok = import_flush(st, err);
	import_end(st);
	if (!ok)
		db_rollback(st);
	else
		ok = db_commit(st, err);
	db_exec(st, "PRAGMA temp_store = DEFAULT");
	return ok;
}

void store_import_abort(struct store *st)
{
	if (!st->importing)
		return;
	import_end(st);
	db_rollback(st);
	db_exec(st, "PRAGMA temp_store = DEFAULT");
}
