/*
 * store_scan.c - many sessions read one after another with only what the
 * caller needs, for the sessions export and the trainer views: 30,000
 * sessions loaded whole (every text copied, every snapshot parsed) take
 * seconds, and most of them do not need it (see store.h, store_scan_*).
 *
 * Entries come at their latest revision, as store_session_load gives them,
 * but a text is read only where a reader needs the words (options,
 * contingencies, decisions); any other text is "" when blank and
 * STORE_SCAN_UNREAD when not, the store asking str_blank's question in SQL
 * with the same characters (trim() with STR_BLANK_CHARS), so that tally's
 * rules give the same answers as on a loaded session. A session's snapshot
 * is parsed once per pack version, scenario and framework, not once per
 * session.
 */
#include "store_private.h"

#include <stdlib.h>
#include <string.h>

const char STORE_SCAN_UNREAD[] = "\xE2\x80\xA6";

/* A scenario and framework read from a snapshot, shared by every session
 * with the same pack version, scenario and framework. */
struct scan_snapshot {
	char *key;
	struct pack *pack; /* NULL when the snapshot could not be read */
};

struct store_scan {
	struct store *st;
	unsigned what;
	sqlite3_stmt *head, *parts, *entries, *votes, *events, *snapshot;
	struct session s;
	size_t entries_cap;
	struct scan_snapshot *snaps;
	size_t nsnaps;
	bool began;
};

static const char *const head_sql =
	"s.id, s.label, s.cohort, s.mode, s.pack_id, s.pack_version, s.pack_hash,"
	" s.scenario_id, s.scenario_title, s.framework_id, s.principle_count,"
	" s.snapshot IS NOT NULL, a.started_at, a.status, a.finished_at, s.timebox";

struct store_scan *store_scan_open(struct store *st, const struct store_filter *filter,
				   unsigned what, struct store_error *err)
{
	struct store_scan *sc = xcalloc(1, sizeof(*sc));
	int rc;

	sc->st = st;
	sc->what = what;
	/* One read transaction: a consistent picture while others write. */
	if ((rc = db_exec(st, "BEGIN")) != SQLITE_OK) {
		db_error(st, rc, err);
		goto fail;
	}
	sc->began = true;
	sc->head = prepare_joined(st, head_sql, filter, " JOIN sessions s ON s.id = a.session_id",
				  " ORDER BY a.started_at, a.session_id", err);
	if (!sc->head)
		goto fail;
	if ((what & STORE_SCAN_PARTICIPANTS) &&
	    !(sc->parts = db_prepare(st, "SELECT number, name, role FROM participants"
				     " WHERE session_id = ? ORDER BY number", err)))
		goto fail;
	/* Every revision in order; the last of each entry is kept. Unlike a
	 * GROUP BY or a NOT EXISTS per row this is one walk of the key range. */
	if ((what & STORE_SCAN_ENTRIES) &&
	    !(sc->entries = db_prepare(st, "SELECT entry_id, revision, stage, kind, principle,"
				       " participant, stance, CASE WHEN kind IN ('option',"
				       " 'contingency', 'decision') THEN text END,"
				       " trim(text, ?2) = '', position, deleted, entry_created_at,"
				       " created_at, pack_option, owner FROM revisions"
				       " WHERE session_id = ?1 ORDER BY entry_id, revision", err)))
		goto fail;
	if (sc->entries)
		sqlite3_bind_text(sc->entries, 2, STR_BLANK_CHARS, -1, SQLITE_STATIC);
	if ((what & STORE_SCAN_VOTES) &&
	    !(sc->votes = db_prepare(st, "SELECT coalesce(participant, 0), option_entry, value,"
				     " created_at, ballot, count FROM votes WHERE session_id = ?"
				     " ORDER BY vote_no", err)))
		goto fail;
	if ((what & STORE_SCAN_EVENTS) &&
	    !(sc->events = db_prepare(st, "SELECT kind, stage, created_at, inject, ballot, seconds"
				      " FROM events WHERE session_id = ? ORDER BY event_no", err)))
		goto fail;
	if ((what & STORE_SCAN_SCENARIO) &&
	    !(sc->snapshot = db_prepare(st, "SELECT snapshot FROM sessions WHERE id = ?", err)))
		goto fail;
	return sc;
fail:
	store_scan_close(sc);
	return NULL;
}

static void clear_session(struct session *s)
{
	free(s->label);
	free(s->cohort);
	free(s->pack_id);
	free(s->scenario_id);
	free(s->scenario_title);
	free(s->framework_id);
	for (size_t i = 0; i < s->nparticipants; i++) {
		free(s->participants[i].name);
		free(s->participants[i].role);
	}
	for (size_t i = 0; i < s->nentries; i++) {
		struct entry *e = &s->entries[i];
		free(e->principle);
		free(e->owner);
		if (e->text != STORE_SCAN_UNREAD && e->text[0])
			free(e->text);
	}
	s->label = s->cohort = s->pack_id = s->scenario_id = s->scenario_title = NULL;
	s->framework_id = NULL;
	s->scenario = NULL;
	s->framework = NULL;
	s->nparticipants = s->nentries = s->nvotes = s->nevents = 0;
}

void store_scan_close(struct store_scan *sc)
{
	if (!sc)
		return;
	sqlite3_finalize(sc->head);
	sqlite3_finalize(sc->parts);
	sqlite3_finalize(sc->entries);
	sqlite3_finalize(sc->votes);
	sqlite3_finalize(sc->events);
	sqlite3_finalize(sc->snapshot);
	if (sc->began)
		db_exec(sc->st, "COMMIT");
	clear_session(&sc->s);
	free(sc->s.participants);
	free(sc->s.entries);
	free(sc->s.votes);
	free(sc->s.events);
	for (size_t i = 0; i < sc->nsnaps; i++) {
		free(sc->snaps[i].key);
		pack_destroy(sc->snaps[i].pack);
	}
	free(sc->snaps);
	free(sc);
}

/* Step @stmt (bound to the session's id) and hand each row to @row. */
static bool each(struct store_scan *sc, sqlite3_stmt *stmt,
		 void (*row)(struct store_scan *sc, sqlite3_stmt *stmt), struct store_error *err)
{
	int rc;

	bind_text(stmt, 1, sc->s.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		row(sc, stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_error(sc->st, rc, err);
		return false;
	}
	return true;
}

static void add_participant(struct store_scan *sc, sqlite3_stmt *stmt)
{
	load_participant(&sc->s, stmt);
}

static void add_vote(struct store_scan *sc, sqlite3_stmt *stmt)
{
	load_vote(&sc->s, stmt);
}

static void add_event(struct store_scan *sc, sqlite3_stmt *stmt)
{
	struct session *s = &sc->s;
	enum event_kind k;

	if (!event_kind_from_id(col_str(stmt, 0), &k))
		return; /* a kind from a later version: not ours to count */
	s->events = xreallocarray(s->events, s->nevents + 1, sizeof(*s->events));
	struct event *ev = &s->events[s->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->kind = k;
	if (!ndm_stage_from_id(col_str(stmt, 1), &ev->stage))
		ev->stage = NDM_ETHICS;
	ev->detail = (char *)"";
	col_copy(stmt, 2, ev->at, sizeof(ev->at));
	ev->inject = k == EVENT_INJECT_RELEASED ? sqlite3_column_int64(stmt, 3) : 0;
	ev->ballot = sqlite3_column_int64(stmt, 4);
	ev->seconds = sqlite3_column_int64(stmt, 5);
}

static void add_entry(struct store_scan *sc, sqlite3_stmt *stmt)
{
	struct session *s = &sc->s;
	int64_t id = sqlite3_column_int64(stmt, 0);
	struct entry *e;

	/* a later revision of the entry just read takes its place */
	if (s->nentries && s->entries[s->nentries - 1].id == id) {
		e = &s->entries[s->nentries - 1];
		free(e->principle);
		free(e->owner);
		if (e->text != STORE_SCAN_UNREAD && e->text[0])
			free(e->text);
	} else {
		if (s->nentries == sc->entries_cap) {
			sc->entries_cap = sc->entries_cap ? 2 * sc->entries_cap : 64;
			s->entries = xreallocarray(s->entries, sc->entries_cap, sizeof(*s->entries));
		}
		e = &s->entries[s->nentries++];
	}
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->revision = sqlite3_column_int64(stmt, 1);
	if (!ndm_stage_from_id(col_str(stmt, 2), &e->stage))
		e->stage = NDM_ETHICS;
	if (!entry_kind_from_id(col_str(stmt, 3), &e->kind))
		e->kind = ENTRY_NOTE;
	e->principle = sqlite3_column_bytes(stmt, 4) ? col_dup(stmt, 4) : NULL;
	e->participant = sqlite3_column_int64(stmt, 5);
	if (!stance_from_id(col_str(stmt, 6), &e->stance))
		e->stance = STANCE_NONE;
	if (sqlite3_column_type(stmt, 7) != SQLITE_NULL && sqlite3_column_bytes(stmt, 7))
		e->text = col_dup(stmt, 7);
	else
		e->text = (char *)(sqlite3_column_int(stmt, 8) ? "" : STORE_SCAN_UNREAD);
	e->position = sqlite3_column_int64(stmt, 9);
	e->deleted = sqlite3_column_int(stmt, 10) != 0;
	col_copy(stmt, 11, e->created_at, sizeof(e->created_at));
	col_copy(stmt, 12, e->updated_at, sizeof(e->updated_at));
	e->pack_option = sqlite3_column_int64(stmt, 13);
	e->owner = sqlite3_column_bytes(stmt, 14) ? col_dup(stmt, 14) : NULL;
}

/* The scenario and framework of the session's snapshot, parsed the first
 * time a pack version, scenario and framework is seen. */
static bool find_scenario(struct store_scan *sc, bool has_snapshot, struct store_error *err)
{
	struct session *s = &sc->s;
	char *key;
	struct pack *pack = NULL;
	int rc;

	if (!has_snapshot)
		return true;
	key = xasprintf("%s\x1f%s\x1f%s\x1f%s\x1f%zu", s->pack_id, s->pack_hash, s->scenario_id,
			s->framework_id, s->principle_count);
	for (size_t i = 0; i < sc->nsnaps; i++) {
		if (strcmp(sc->snaps[i].key, key) == 0) {
			pack = sc->snaps[i].pack;
			free(key);
			goto found;
		}
	}
	bind_text(sc->snapshot, 1, s->id);
	rc = sqlite3_step(sc->snapshot);
	if (rc == SQLITE_ROW && sqlite3_column_type(sc->snapshot, 0) != SQLITE_NULL) {
		struct diag_list diags = {0};
		char *name = xasprintf("session %s", s->id);
		pack = pack_load_buffer(name, col_str(sc->snapshot, 0),
					(size_t)sqlite3_column_bytes(sc->snapshot, 0), &diags);
		free(name);
		diag_list_finish(&diags);
	}
	sqlite3_reset(sc->snapshot);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(key);
		db_error(sc->st, rc, err);
		return false;
	}
	sc->snaps = xreallocarray(sc->snaps, sc->nsnaps + 1, sizeof(*sc->snaps));
	sc->snaps[sc->nsnaps++] = (struct scan_snapshot){key, pack};
found:
	/* as store_session_load does with the snapshot it parses */
	if (pack) {
		s->scenario = pack_scenario(pack, s->scenario_id);
		if (!s->scenario && pack->nscenarios)
			s->scenario = &pack->scenarios[0];
		s->framework = &pack->framework;
	}
	return true;
}

const struct session *store_scan_next(struct store_scan *sc, struct store_error *err)
{
	struct session *s = &sc->s;
	sqlite3_stmt *h = sc->head;
	int rc;

	clear_session(s);
	err->code = STORE_OK;
	/* An over-long id, which only an older import could have kept, names
	 * no session that can be loaded: left out, as store_session_ids does. */
	while ((rc = sqlite3_step(h)) == SQLITE_ROW && sqlite3_column_bytes(h, 0) >= SESSION_ID_LEN)
		;
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			db_error(sc->st, rc, err);
		return NULL;
	}
	col_copy(h, 0, s->id, sizeof(s->id));
	s->label = col_dup(h, 1);
	s->cohort = col_dup(h, 2);
	if (!session_mode_from_id(col_str(h, 3), &s->mode))
		s->mode = SESSION_SOLO;
	s->pack_id = col_dup(h, 4);
	s->pack_version = (long)sqlite3_column_int64(h, 5);
	col_copy(h, 6, s->pack_hash, sizeof(s->pack_hash));
	s->scenario_id = col_dup(h, 7);
	s->scenario_title = col_dup(h, 8);
	s->framework_id = col_dup(h, 9);
	s->principle_count = (size_t)sqlite3_column_int64(h, 10);
	col_copy(h, 12, s->started_at, sizeof(s->started_at));
	if (!session_status_from_id(col_str(h, 13), &s->status))
		s->status = SESSION_OPEN;
	col_copy(h, 14, s->finished_at, sizeof(s->finished_at));
	s->timebox = sqlite3_column_int(h, 15);
	if ((sc->parts && !each(sc, sc->parts, add_participant, err)) ||
	    (sc->entries && !each(sc, sc->entries, add_entry, err)) ||
	    (sc->votes && !each(sc, sc->votes, add_vote, err)) ||
	    (sc->events && !each(sc, sc->events, add_event, err)) ||
	    (sc->snapshot && !find_scenario(sc, sqlite3_column_int(h, 11) != 0, err)))
		return NULL;
	return s;
}
