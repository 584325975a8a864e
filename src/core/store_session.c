/*
 * store_session.c - one session in the store: creating it, finding it by
 * id or prefix, loading it whole, and every change made to it while it is
 * worked on (entry revisions, participants, events, votes, finishing and
 * reopening), each in one transaction and only appended, never updated.
 */
#include "store_private.h"

#include "dilemma/pack_snapshot.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

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
		store_error_set(err, STORE_INVALID, "a session needs a pack, a scenario and a mode");
		return NULL;
	}
	fw = spec->framework ? spec->framework : &spec->pack->framework;
	snapshot = pack_snapshot(spec->pack, spec->scenario, fw);
	make_uuid(id);
	time_now_iso(now);
	if (!db_begin(st, err))
		goto out;
	stmt = db_prepare(st, "INSERT INTO sessions (id, label, cohort, mode, pack_id, pack_version,"
			      " pack_hash, scenario_id, scenario_title, framework_id, principle_count,"
			      " snapshot, started_at, timebox) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			      err);
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
	sqlite3_bind_int(stmt, 14, spec->timebox);
	if (!db_step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	stmt = db_prepare(st, "INSERT INTO participants (session_id, number, name, role)"
			      " VALUES (?,?,?,?)", err);
	if (!stmt)
		goto fail;
	for (size_t i = 0; i < spec->nparticipants; i++) {
		bind_text(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)i + 1);
		bind_text(stmt, 3, spec->participants[i].name);
		bind_text(stmt, 4, spec->participants[i].role);
		if (!db_step_done(st, stmt, err))
			goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (!db_commit(st, err))
		goto out;
	s = store_session_load(st, id, err);
	goto out;
fail:
	db_rollback(st);
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
		store_error_set(err, STORE_NOT_FOUND, "no id given");
		return false;
	}
	/* No session id is longer than a UUID: a longer one names none, and an
	 * over-long id kept by an older import is never cut to fit. */
	if (len >= SESSION_ID_LEN) {
		store_error_set(err, STORE_NOT_FOUND, "%.*s...: longer than any session id",
				SESSION_ID_LEN - 1, id);
		return false;
	}
	/* An exact id wins over being the prefix of a longer one. */
	stmt = db_prepare(st, RESOLVE_ID_SQL, err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, SESSION_ID_LEN);
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
		store_error_set(err, STORE_NOT_FOUND, "%s%s", id,
				len < 8 ? ": give the full id or at least its first 8 characters" : "");
		return false;
	}
	if (found > 1) {
		store_error_set(err, STORE_AMBIGUOUS, "%s", id);
		return false;
	}
	return true;
}

static void fill_entry(struct entry *e, sqlite3_stmt *stmt, int c)
{
	/* columns from c: entry_id, revision, stage, kind, principle,
	 * participant, stance, text, position, deleted, entry_created_at,
	 * created_at, pack_option, owner */
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
	e->pack_option = sqlite3_column_int64(stmt, c + 12);
	e->owner = sqlite3_column_bytes(stmt, c + 13) ? col_dup(stmt, c + 13) : NULL;
}

#define ENTRY_COLUMNS \
	"entry_id, max(revision), stage, kind, principle, participant, stance, text," \
	" position, deleted, entry_created_at, created_at, pack_option, owner"

/* What store_session_load reads, one row at a time, into the session. */
void load_participant(struct session *s, sqlite3_stmt *stmt)
{
	s->participants = xreallocarray(s->participants, s->nparticipants + 1,
					sizeof(*s->participants));
	struct participant *p = &s->participants[s->nparticipants++];
	p->number = sqlite3_column_int64(stmt, 0);
	p->name = col_dup(stmt, 1);
	p->role = col_dup(stmt, 2);
}

static void load_entry(struct session *s, sqlite3_stmt *stmt)
{
	s->entries = xreallocarray(s->entries, s->nentries + 1, sizeof(*s->entries));
	fill_entry(&s->entries[s->nentries++], stmt, 0);
}

void load_vote(struct session *s, sqlite3_stmt *stmt)
{
	s->votes = xreallocarray(s->votes, s->nvotes + 1, sizeof(*s->votes));
	struct vote *v = &s->votes[s->nvotes++];
	v->participant = sqlite3_column_int64(stmt, 0);
	v->option = sqlite3_column_int64(stmt, 1);
	v->value = sqlite3_column_int64(stmt, 2);
	col_copy(stmt, 3, v->at, sizeof(v->at));
	v->ballot = sqlite3_column_int64(stmt, 4);
	v->count = sqlite3_column_int64(stmt, 5);
}

static void load_event(struct session *s, sqlite3_stmt *stmt)
{
	enum event_kind k;

	if (!event_kind_from_id(col_str(stmt, 0), &k))
		return; /* a kind from a later version: not ours to show */
	s->events = xreallocarray(s->events, s->nevents + 1, sizeof(*s->events));
	struct event *ev = &s->events[s->nevents++];
	ev->kind = k;
	if (!ndm_stage_from_id(col_str(stmt, 1), &ev->stage))
		ev->stage = NDM_ETHICS;
	ev->detail = col_dup(stmt, 2);
	col_copy(stmt, 3, ev->at, sizeof(ev->at));
	ev->inject = k == EVENT_INJECT_RELEASED ? sqlite3_column_int64(stmt, 4) : 0;
	ev->ballot = sqlite3_column_int64(stmt, 5);
	ev->seconds = sqlite3_column_int64(stmt, 6);
}

/* Run @sql with s->id as its one parameter and hand each row to @row. */
static bool load_rows(struct store *st, struct session *s, const char *sql,
		      void (*row)(struct session *s, sqlite3_stmt *stmt), struct store_error *err)
{
	sqlite3_stmt *stmt = db_prepare(st, sql, err);
	int rc;

	if (!stmt)
		return false;
	bind_text(stmt, 1, s->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		row(s, stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		db_error(st, rc, err);
		return false;
	}
	return true;
}

/* The session's own row: what it is worked on, and its status. */
static bool load_head(struct store *st, struct session *s, const char *id,
		      struct store_error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = db_prepare(st, "SELECT id, label, cohort, mode, pack_id, pack_version, pack_hash,"
			      " scenario_id, scenario_title, framework_id, principle_count, snapshot,"
			      " started_at, " STATUS_SQL ", " FINISHED_SQL ", timebox"
			      " FROM sessions s WHERE id = ?", err);
	if (!stmt)
		return false;
	bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			store_error_set(err, STORE_NOT_FOUND, "%s", id);
		else
			db_error(st, rc, err);
		sqlite3_finalize(stmt);
		return false;
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
	s->timebox = sqlite3_column_int(stmt, 15);
	sqlite3_finalize(stmt);
	return true;
}

/* The pack, scenario and framework the session was started with, from
 * its snapshot (NULL when it has none, as an imported session). */
static void load_snapshot(struct session *s)
{
	struct diag_list diags = {0};
	char *name;

	if (!s->snapshot)
		return;
	name = xasprintf("session %s", s->id);
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

struct session *store_session_load(struct store *st, const char *id_or_prefix,
				   struct store_error *err)
{
	char id[SESSION_ID_LEN];
	struct session *s;

	if (!resolve_id(st, id_or_prefix, id, err))
		return NULL;
	s = xcalloc(1, sizeof(*s));
	/* One read transaction, so that the parts agree with each other. */
	if (db_exec(st, "BEGIN") != SQLITE_OK) {
		db_error(st, sqlite3_errcode(st->db), err);
		session_destroy(s);
		return NULL;
	}
	if (!load_head(st, s, id, err) ||
	    !load_rows(st, s, "SELECT number, name, role FROM participants WHERE session_id = ?"
			      " ORDER BY number", load_participant, err) ||
	    !load_rows(st, s, "SELECT " ENTRY_COLUMNS " FROM revisions WHERE session_id = ?"
			      " GROUP BY entry_id ORDER BY entry_id", load_entry, err) ||
	    !load_rows(st, s, "SELECT coalesce(participant, 0), option_entry, value, created_at,"
			      " ballot, count FROM votes WHERE session_id = ? ORDER BY vote_no", load_vote, err) ||
	    !load_rows(st, s, "SELECT kind, stage, detail, created_at, inject, ballot, seconds FROM events"
			      " WHERE session_id = ? ORDER BY event_no", load_event, err)) {
		db_rollback(st);
		session_destroy(s);
		return NULL;
	}
	db_exec(st, "COMMIT");
	load_snapshot(s);
	return s;
}

/* ---- saving ---- */

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool same_content(const struct entry *a, const struct entry *b)
{
	return a->stage == b->stage && a->kind == b->kind && a->participant == b->participant &&
	       a->stance == b->stance && a->position == b->position && a->deleted == b->deleted &&
	       a->pack_option == b->pack_option && same_str(a->principle, b->principle) &&
	       same_str(a->text, b->text) && same_str(a->owner, b->owner);
}

static void entry_free(struct entry *e)
{
	free(e->principle);
	free(e->text);
	free(e->owner);
}

/* Put @e (taken over) into @s: in place of the entry with its id, or in
 * id order. */
static void put_entry(struct session *s, struct entry *e)
{
	struct entry *slot = (struct entry *)session_entry(s, e->id);
	size_t i = s->nentries;

	if (slot) {
		entry_free(slot);
		*slot = *e;
		return;
	}
	s->entries = xreallocarray(s->entries, s->nentries + 1, sizeof(*s->entries));
	while (i > 0 && s->entries[i - 1].id > e->id) {
		s->entries[i] = s->entries[i - 1];
		i--;
	}
	s->entries[i] = *e;
	s->nentries++;
}

/* Read entry @id as the database has it now into @s (within the caller's
 * transaction); false on a database error. */
static bool refresh_entry(struct store *st, struct session *s, int64_t id)
{
	sqlite3_stmt *stmt = db_prepare(st, "SELECT " ENTRY_COLUMNS " FROM revisions"
					" WHERE session_id = ? AND entry_id = ? GROUP BY entry_id",
					NULL);
	struct entry e;
	bool ok;

	if (!stmt)
		return false;
	bind_text(stmt, 1, s->id);
	sqlite3_bind_int64(stmt, 2, id);
	ok = sqlite3_step(stmt) == SQLITE_ROW;
	if (ok) {
		memset(&e, 0, sizeof(e));
		fill_entry(&e, stmt, 0);
		put_entry(s, &e);
	}
	sqlite3_finalize(stmt);
	return ok;
}

/* The entry another process saved for the field @e names (stage, kind,
 * principle, participant) since @s was read, or 0. */
static int64_t field_taken(struct store *st, const struct session *s, const struct entry *e,
			   struct store_error *err, bool *failed)
{
	sqlite3_stmt *stmt = db_prepare(st, "SELECT entry_id FROM revisions WHERE session_id = ?1"
					" AND stage = ?2 AND kind = ?3 AND principle = ?4"
					" AND coalesce(participant, 0) = ?5 AND revision = 1"
					" ORDER BY entry_id", err);
	int64_t found = 0;
	int rc;

	*failed = !stmt;
	if (!stmt)
		return 0;
	bind_text(stmt, 1, s->id);
	bind_text(stmt, 2, ndm_stage_id(e->stage));
	bind_text(stmt, 3, entry_kind_id(e->kind));
	bind_text(stmt, 4, e->principle);
	sqlite3_bind_int64(stmt, 5, e->participant);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && !found) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		if (!session_entry(s, id))
			found = id;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(st, rc, err);
		*failed = true;
	}
	sqlite3_finalize(stmt);
	return found;
}

/* Save @e as a new revision (see store.h); with @field, e->id == 0 names
 * the field's one entry. */
static bool save_entry(struct store *st, struct session *s, const struct entry *e, bool field,
		       int64_t *id_out, struct store_error *err)
{
	const struct entry *old = NULL;
	struct entry saved;
	sqlite3_stmt *stmt = NULL;
	int64_t id = e->id, rev = 0, latest = 0;
	char now[SESSION_TIME_LEN];
	bool failed = false;

	if (e->stage >= NDM_STAGE_COUNT || e->kind >= ENTRY_KIND_COUNT ||
	    e->stance >= STANCE_COUNT ||
	    (e->kind == ENTRY_PRINCIPLE && (!e->principle || !e->principle[0]))) {
		store_error_set(err, STORE_INVALID, "an entry needs a stage and a kind, and a principle"
						    " entry needs its principle");
		return false;
	}
	if (e->participant && !session_participant(s, e->participant)) {
		store_error_set(err, STORE_INVALID, "participant %" PRId64 " is not in the session",
				e->participant);
		return false;
	}
	if (id) {
		old = session_entry(s, id);
		if (!old) {
			store_error_set(err, STORE_INVALID, "entry %" PRId64 " is not in the session", id);
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
	/* a clock set back must not date a revision before the one it follows
	 * (an export of it would not import) */
	if (old && strcmp(now, old->updated_at) < 0)
		snprintf(now, sizeof(now), "%s", old->updated_at);
	if (!db_begin(st, err))
		return false;
	if (!id && field) {
		int64_t taken = field_taken(st, s, e, err, &failed);
		if (failed)
			goto fail;
		if (taken) {
			refresh_entry(st, s, taken);
			store_error_set(err, STORE_CONFLICT, "another window wrote this field meanwhile;"
					" both texts are kept");
			goto fail;
		}
	}
	stmt = db_prepare(st, id ? "SELECT coalesce(max(revision), 0) FROM revisions"
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
	if (id) {
		latest = sqlite3_column_int64(stmt, 0);
		rev = latest + 1;
	} else {
		id = sqlite3_column_int64(stmt, 0);
		rev = 1;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	/* Compare and swap: the save is of the revision it was edited from. */
	if (old && e->revision && latest != e->revision) {
		refresh_entry(st, s, id);
		store_error_set(err, STORE_CONFLICT, "another window saved this text meanwhile"
				" (revision %" PRId64 "); both texts are kept", latest);
		goto fail;
	}
	stmt = db_prepare(st, "INSERT INTO revisions (session_id, entry_id, revision, stage, kind,"
			      " principle, participant, stance, text, position, deleted,"
			      " entry_created_at, created_at, pack_option, owner)"
			      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
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
	sqlite3_bind_int64(stmt, 14, e->pack_option);
	bind_text(stmt, 15, e->owner);
	if (!db_step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (!db_commit(st, err))
		return false;

	saved = *e;
	saved.id = id;
	saved.revision = rev;
	saved.principle = e->principle && e->principle[0] ? xstrdup(e->principle) : NULL;
	saved.text = xstrdup(e->text ? e->text : "");
	saved.owner = e->owner && e->owner[0] ? xstrdup(e->owner) : NULL;
	snprintf(saved.created_at, sizeof(saved.created_at), "%s", old ? old->created_at : now);
	snprintf(saved.updated_at, sizeof(saved.updated_at), "%s", now);
	put_entry(s, &saved);
	if (id_out)
		*id_out = id;
	return true;
fail:
	sqlite3_finalize(stmt);
	db_rollback(st);
	return false;
}

bool store_entry_save(struct store *st, struct session *s, const struct entry *e,
		      int64_t *id_out, struct store_error *err)
{
	return save_entry(st, s, e, false, id_out, err);
}

bool store_field_save(struct store *st, struct session *s, const struct entry *e,
		      int64_t *id_out, struct store_error *err)
{
	return save_entry(st, s, e, true, id_out, err);
}

bool store_participant_add(struct store *st, struct session *s, const char *name,
			   const char *role, int64_t *number_out, struct store_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int64_t number = 0;

	if (!db_begin(st, err))
		return false;
	if (!db_query_int(st, "SELECT coalesce(max(number), 0) + 1 FROM participants"
			      " WHERE session_id = ?", s->id, &number, err))
		goto fail;
	stmt = db_prepare(st, "INSERT INTO participants (session_id, number, name, role)"
			      " VALUES (?,?,?,?)", err);
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, s->id);
	sqlite3_bind_int64(stmt, 2, number);
	bind_text(stmt, 3, name);
	bind_text(stmt, 4, role);
	if (!db_step_done(st, stmt, err))
		goto fail;
	sqlite3_finalize(stmt);
	if (!db_commit(st, err))
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
	db_rollback(st);
	return false;
}

bool db_insert_event(struct store *st, const char *session_id, const struct event *ev,
		     struct store_error *err)
{
	sqlite3_stmt *stmt;

	/* Kept for the connection's life: preparing it compiles the events
	 * triggers, which costs more than the insert (an import adds an event
	 * to each session). */
	if (!st->event_insert)
		st->event_insert = db_prepare(st, "INSERT INTO events (session_id, event_no, kind,"
					      " stage, detail, inject, ballot, seconds, created_at)"
					      " SELECT ?1, coalesce(max(event_no), 0) + 1, ?2, ?3, ?4,"
					      " ?5, ?6, ?7, ?8 FROM events WHERE session_id = ?1", err);
	stmt = st->event_insert;
	if (!stmt)
		return false;
	bind_text(stmt, 1, session_id);
	bind_text(stmt, 2, event_kind_id(ev->kind));
	bind_text(stmt, 3, db_event_has_stage(ev->kind) ? ndm_stage_id(ev->stage) : "");
	bind_text(stmt, 4, ev->detail);
	sqlite3_bind_int64(stmt, 5, ev->inject);
	sqlite3_bind_int64(stmt, 6, ev->ballot);
	sqlite3_bind_int64(stmt, 7, ev->seconds);
	bind_text(stmt, 8, ev->at);
	return db_step_done(st, stmt, err);
}

bool db_event_has_stage(enum event_kind kind)
{
	return kind == EVENT_STAGE_ENTERED || kind == EVENT_STAGE_LEFT ||
	       kind == EVENT_INJECT_RELEASED || kind == EVENT_CLOCK_PAUSED ||
	       kind == EVENT_CLOCK_RESUMED || kind == EVENT_TIME_ADDED;
}

bool store_event_add(struct store *st, struct session *s, const struct event *proto,
		     struct store_error *err)
{
	struct event ev = *proto;

	if (ev.kind >= EVENT_KIND_COUNT ||
	    (db_event_has_stage(ev.kind) && ev.stage >= NDM_STAGE_COUNT)) {
		store_error_set(err, STORE_INVALID, "unknown event or stage");
		return false;
	}
	if (ev.kind == EVENT_INJECT_RELEASED &&
	    (ev.inject < 1 || (s->scenario && (size_t)ev.inject > s->scenario->ninjects))) {
		store_error_set(err, STORE_INVALID, "the scenario has no inject %" PRId64, ev.inject);
		return false;
	}
	if ((ev.kind == EVENT_BALLOT_OPENED || ev.kind == EVENT_VOTE_REVEALED) && ev.ballot < 1) {
		store_error_set(err, STORE_INVALID, "a ballot event needs its ballot");
		return false;
	}
	if (!db_event_has_stage(ev.kind))
		ev.stage = NDM_ETHICS;
	time_now_iso(ev.at);
	if (!db_begin(st, err))
		return false;
	if (!db_insert_event(st, s->id, &ev, err)) {
		db_rollback(st);
		return false;
	}
	if (!db_commit(st, err))
		return false;
	ev.detail = xstrdup(ev.detail ? ev.detail : "");
	s->events = xreallocarray(s->events, s->nevents + 1, sizeof(*s->events));
	s->events[s->nevents++] = ev;
	if (ev.kind == EVENT_SESSION_FINISHED) {
		s->status = SESSION_FINISHED;
		snprintf(s->finished_at, sizeof(s->finished_at), "%s", ev.at);
	} else if (ev.kind == EVENT_SESSION_REOPENED) {
		s->status = SESSION_OPEN;
		s->finished_at[0] = '\0';
	}
	return true;
}

bool store_event_record(struct store *st, struct session *s, enum event_kind kind,
			enum ndm_stage stage, const char *detail, struct store_error *err)
{
	struct event ev = {.kind = kind, .stage = stage, .detail = (char *)detail};

	return store_event_add(st, s, &ev, err);
}

static bool vote_valid(const struct session *s, const struct vote *v, struct store_error *err)
{
	const struct entry *opt = session_entry(s, v->option);

	if (!opt || (opt->kind != ENTRY_OPTION && opt->kind != ENTRY_CONTINGENCY)) {
		store_error_set(err, STORE_INVALID, "entry %" PRId64 " is not an option", v->option);
		return false;
	}
	if (v->participant && !session_participant(s, v->participant)) {
		store_error_set(err, STORE_INVALID, "participant %" PRId64 " is not in the session",
				v->participant);
		return false;
	}
	if (v->ballot < 1 || v->count < 0 || (v->participant && v->count != 1) ||
	    v->value < -1 || v->value > 1) {
		store_error_set(err, STORE_INVALID, "a vote needs a ballot, a count (one for a"
				" named voter) and a value of 1, -1 or 0");
		return false;
	}
	return true;
}

bool store_votes_record(struct store *st, struct session *s, const struct vote *v, size_t n,
			struct store_error *err)
{
	char now[SESSION_TIME_LEN];
	sqlite3_stmt *stmt;

	for (size_t i = 0; i < n; i++)
		if (!vote_valid(s, &v[i], err))
			return false;
	time_now_iso(now);
	if (!db_begin(st, err))
		return false;
	stmt = db_prepare(st, "INSERT INTO votes (session_id, vote_no, participant, option_entry,"
			      " value, created_at, ballot, count) SELECT ?1,"
			      " coalesce(max(vote_no), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7"
			      " FROM votes WHERE session_id = ?1", err);
	if (!stmt) {
		db_rollback(st);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		bind_text(stmt, 1, s->id);
		if (v[i].participant)
			sqlite3_bind_int64(stmt, 2, v[i].participant);
		else
			sqlite3_bind_null(stmt, 2);
		sqlite3_bind_int64(stmt, 3, v[i].option);
		sqlite3_bind_int64(stmt, 4, v[i].value);
		bind_text(stmt, 5, now);
		sqlite3_bind_int64(stmt, 6, v[i].ballot);
		sqlite3_bind_int64(stmt, 7, v[i].count);
		if (!db_step_done(st, stmt, err)) {
			sqlite3_finalize(stmt);
			db_rollback(st);
			return false;
		}
	}
	sqlite3_finalize(stmt);
	if (!db_commit(st, err))
		return false;
	s->votes = xreallocarray(s->votes, s->nvotes + n + 1, sizeof(*s->votes));
	for (size_t i = 0; i < n; i++) {
		s->votes[s->nvotes] = v[i];
		snprintf(s->votes[s->nvotes].at, SESSION_TIME_LEN, "%s", now);
		s->nvotes++;
	}
	return true;
}

bool store_vote_record(struct store *st, struct session *s, const struct vote *v,
		       struct store_error *err)
{
	return store_votes_record(st, s, v, 1, err);
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
