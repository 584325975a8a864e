/*
 * store.h - the one SQLite database that keeps every session.
 *
 * The store is the only module that speaks SQL. It opens (or creates) the
 * database safely (WAL, synchronous=FULL, foreign keys, a busy timeout,
 * application_id and user_version checked before anything is written;
 * creation and migration under one lock, so that any number of processes
 * may open a database that does not exist yet at the same moment), and
 * every write is one BEGIN IMMEDIATE ... COMMIT that is rolled back on any
 * error. A database that cannot be written is opened read-only. Nothing
 * typed is updated in place or deleted: each save of an entry appends a
 * revision.
 *
 * Every function that can fail returns false (or NULL) and fills a
 * struct store_error with a code and a plain message a trainee can act on.
 * When a save fails, the caller's copy of the text is untouched and the
 * session in memory is unchanged, so the save can simply be retried.
 */
#ifndef DILEMMA_STORE_H
#define DILEMMA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/framework.h"
#include "dilemma/pack.h"
#include "dilemma/session.h"

/* X(ENUM, plain message) */
#define STORE_ERRORS(X) \
	X(STORE_OK, "no error") \
	X(STORE_FULL, "the disk is full: your text is kept; free some space and it will be saved") \
	X(STORE_LOCKED, "the database is locked by another dilemma; try again in a moment") \
	X(STORE_READONLY, "the database cannot be written (the file or its folder is read-only)") \
	X(STORE_IO, "the disk reported an error while reading or writing the database") \
	X(STORE_CORRUPT, "the database file is damaged; it was left as it is") \
	X(STORE_NOT_DILEMMA, "this file is not a dilemma database; it was left as it is") \
	X(STORE_NEWER, "the database was written by a newer dilemma; it was left as it is") \
	X(STORE_CANTOPEN, "the database cannot be opened") \
	X(STORE_MISSING, "there is no database there yet") \
	X(STORE_NOT_FOUND, "no session has that id") \
	X(STORE_AMBIGUOUS, "more than one session starts with that id; give more of it") \
	X(STORE_INVALID, "the data given is not valid") \
	X(STORE_CONFLICT, "the data clashes with what is already saved") \
	X(STORE_WAL_LOST, "the database's -wal file was deleted or replaced while dilemma was" \
	  " using it: nothing more can be saved until dilemma is started again") \
	X(STORE_INTERNAL, "an internal error occurred in the database")

#define X_ENUM(e, msg) e,
enum store_code { STORE_ERRORS(X_ENUM) STORE_CODE_COUNT };
#undef X_ENUM

struct store_error {
	enum store_code code;
	char message[512]; /* the plain message, with the path or detail */
};

/* The plain message of @code (the table above). */
const char *store_code_message(enum store_code code);

struct store;

/* Open the database at @path, creating it (folder 0700, file 0600) and its
 * schema if it does not exist, migrating an older schema in one transaction.
 * A foreign, corrupt or newer file is refused untouched, and so is a path
 * whose last component is a symbolic link or that is not a regular file
 * (folders on the way may be links). A database that this user cannot
 * write (the file, its folder or the file system), or whose disk is full,
 * is opened read-only without creating anything: store_readonly() is then
 * true, store_notice() says why, and every write fails with that reason.
 * An existing database readable by others is made 0600 when it is ours.
 * NULL on error, and nothing is left behind by a failed creation. */
struct store *store_open(const char *path, struct store_error *err);
/* Open the database at @path for reading only: nothing is ever created
 * (no folder, file, -wal or -shm) or migrated. While another process is
 * creating the database this waits for it (up to STORE_BUSY_TIMEOUT_MS).
 * STORE_MISSING when there is no database yet (nor a finished one). */
struct store *store_open_readonly(const char *path, struct store_error *err);
/* True when the store was opened read-only (every write fails). */
bool store_readonly(const struct store *st);
/* What the user should be told about how the database was opened (opened
 * read-only and why, readable by others and not ours to change), one line
 * each; NULL when there is nothing to say. */
const char *store_notice(const struct store *st);
/* Close the database; NULL is fine. */
void store_close(struct store *st);
/* The path the store was opened with. */
const char *store_path(const struct store *st);
/* How long a write waits for another process's lock before it fails with
 * STORE_LOCKED (store_open sets STORE_BUSY_TIMEOUT_MS). The workbench
 * waits less, since it keeps unsaved text and retries on its own. */
#define STORE_BUSY_TIMEOUT_MS 5000
void store_set_busy_timeout(struct store *st, int ms);
/* Leave SQLite's -wal (emptied) and -shm beside the database when @st is
 * the last to close it, for the next start to find (the workbench: making
 * them again cost 0.1 ms of its start). The database file still holds
 * every save on its own. No effect on a store opened read-only. */
void store_keep_wal(struct store *st);
/* A number that changes whenever what @st reads may have changed since it
 * was last given: a commit by any connection, this one's included. Cheap
 * (no table is read), for following a live session: load it again only
 * when this changed. A store opened read-only is connected again when
 * another process has changed the file since it was opened (waiting at
 * most the busy timeout for a lock); when that fails (STORE_LOCKED while
 * another program holds the database), the store reads nothing until a
 * later call succeeds. */
bool store_data_version(struct store *st, int64_t *version, struct store_error *err);

/* Who takes part, when a session is created. */
struct participant_spec {
	const char *name; /* may be NULL or "" */
	const char *role; /* may be NULL or "" */
};

/* What a new session is worked on and by whom. */
struct session_spec {
	const struct pack *pack;
	const struct pack_scenario *scenario;
	const struct framework *framework; /* NULL: the pack's own */
	const char *label;
	const char *cohort;                /* may be NULL */
	enum session_mode mode;
	const struct participant_spec *participants;
	size_t nparticipants;
	int timebox;                       /* minutes per stage, 0 = none */
};

/* Create a session (new UUID, status open, the snapshot of pack, scenario
 * and framework kept) and return it loaded, or NULL on error. */
struct session *store_session_create(struct store *st, const struct session_spec *spec,
				     struct store_error *err);
/* Load the session whose id is @id or starts with @id (8+ characters).
 * STORE_NOT_FOUND / STORE_AMBIGUOUS when it names none or several. */
struct session *store_session_load(struct store *st, const char *id, struct store_error *err);

/* Save @e into @s as a new revision: e->id == 0 makes a new entry with the
 * next id of the session. To delete or reorder an option, save it again with
 * `deleted` or `position` changed (the text is kept). On success the
 * session's entries hold the new revision and *@id_out (may be NULL) its id;
 * on failure nothing is saved. Pointers into s->entries may move.
 * The save is of the revision it was edited from (compare and swap): when
 * another process saved entry e->id after revision e->revision (0: do not
 * check), it fails with STORE_CONFLICT and @s gets that process's version,
 * so the caller can show both texts. */
bool store_entry_save(struct store *st, struct session *s, const struct entry *e,
		      int64_t *id_out, struct store_error *err);
/* The same for a field that has one entry (a note, a principle, the
 * decision...): e->id == 0 names it by stage, kind, principle and
 * participant, and when another process created that entry meanwhile it
 * fails with STORE_CONFLICT, @s getting that entry. */
bool store_field_save(struct store *st, struct session *s, const struct entry *e,
		      int64_t *id_out, struct store_error *err);
/* Add a participant to @s; *@number_out (may be NULL) gets its number. */
bool store_participant_add(struct store *st, struct session *s, const char *name,
			   const char *role, int64_t *number_out, struct store_error *err);
/* Record the event @ev (kind, stage where it matters, detail and the
 * numbers of its kind: inject, ballot, seconds; its time is now) and
 * append it to s->events. */
bool store_event_add(struct store *st, struct session *s, const struct event *ev,
		     struct store_error *err);
/* store_event_add() of an event with no numbers. */
bool store_event_record(struct store *st, struct session *s, enum event_kind kind,
			enum ndm_stage stage, const char *detail, struct store_error *err);
/* Record the vote @v (participant 0 = anonymous; count > 1 only for an
 * anonymous show of hands) on an option or contingency entry, in ballot
 * v->ballot; its time is now. Every vote is kept; tally.h says which count. */
bool store_vote_record(struct store *st, struct session *s, const struct vote *v,
		       struct store_error *err);
/* Record @n votes at once (one member's whole ballot): all or none. A show
 * of hands may record a count of 0, which replaces an earlier count. */
bool store_votes_record(struct store *st, struct session *s, const struct vote *v, size_t n,
			struct store_error *err);
/* Mark @s finished (an event) and set its status and finished_at. */
bool store_session_finish(struct store *st, struct session *s, struct store_error *err);
/* Open a finished session again (an event). */
bool store_session_reopen(struct store *st, struct session *s, struct store_error *err);

/* Who has a session open: each workbench that opens one says so and
 * repeats it at least every STORE_PRESENCE_BEAT_S seconds; one not heard
 * of for STORE_PRESENCE_STALE_S is gone (it was killed). Failures are not
 * errors the user must see: presence is advice. */
#define STORE_PRESENCE_BEAT_S 15
#define STORE_PRESENCE_STALE_S 45
/* Say (again) that @holder (unique to this process) has @s open. */
bool store_presence_beat(struct store *st, const struct session *s, const char *holder,
			 struct store_error *err);
/* @holder no longer has @s open. */
bool store_presence_leave(struct store *st, const struct session *s, const char *holder,
			  struct store_error *err);
/* How many others have @s open now (heard of within the stale time);
 * *@since (may be NULL) gets when the earliest of them opened it. */
bool store_presence_others(struct store *st, const struct session *s, const char *holder,
			   size_t *n, char since[SESSION_TIME_LEN], struct store_error *err);

/* Which sessions (and their rows) a listing or an export takes; NULL or ""
 * fields do not filter. since/until compare with the start time, as ISO
 * text: a date "2026-01-31" works as well as a full time. */
struct store_filter {
	const char *pack;
	const char *scenario;
	const char *cohort;
	const char *session;   /* full id or prefix */
	const char *status;    /* "open" or "finished" */
	const char *since;     /* started at or after */
	const char *until;     /* started before the end of (date) or at (time) */
	const char *participant; /* a participant of the session has this name */
};

/* One line of a session listing (for `dilemma sessions` and "resume"). */
struct session_summary {
	char id[SESSION_ID_LEN];
	char *label;
	char *cohort;
	enum session_mode mode;
	enum session_status status;
	char *pack_id;
	char *scenario_id;
	char *scenario_title;
	char started_at[SESSION_TIME_LEN];
	char finished_at[SESSION_TIME_LEN];
	char updated_at[SESSION_TIME_LEN]; /* latest save or event */
	int last_stage;                     /* enum ndm_stage, or -1 */
	char *participants;                 /* the names given, in the order they
	                                     * joined, ", " between; "" for none */
	size_t nentries;                    /* entries not deleted, when counted
	                                     * (store_page.count_entries); else 0 */
};

/* Which part of a listing: the first @offset sessions are skipped and at
 * most @limit (0: all) are listed. Counting entries reads each listed
 * session's revisions, so only `sessions --csv`, which shows the count,
 * asks for it. */
struct store_page {
	size_t offset;
	size_t limit;
	bool count_entries;
};

/* List the sessions that pass @filter (may be NULL), most recently
 * updated first (then the greater id), the part of the list @page (NULL:
 * all, entries not counted) says. A page costs what it lists, not what
 * the database holds: a screen that shows ten sessions asks for a page of
 * them (with filter.status "open" or "finished" for one pane) and for the
 * next page when the selection moves past the last one it has. Free with
 * session_summaries_free(). */
bool store_session_page(struct store *st, const struct store_filter *filter,
			const struct store_page *page, struct session_summary **out, size_t *n,
			struct store_error *err);
/* store_session_page() of every session, entries not counted. */
bool store_session_list(struct store *st, const struct store_filter *filter,
			struct session_summary **out, size_t *n, struct store_error *err);
void session_summaries_free(struct session_summary *list, size_t n);
/* How many sessions pass @filter (for "10 of 2,140"). */
bool store_session_count(struct store *st, const struct store_filter *filter, size_t *n,
			 struct store_error *err);
/* The cohort names the database holds, sorted, each once, "" left out
 * (to suggest one when a --cohort matches nothing). Caller frees each
 * and the array. */
bool store_cohorts(struct store *st, char ***names, size_t *n, struct store_error *err);

/* The ids of the sessions that pass @filter, oldest start first; for the
 * exporters that load one session at a time (an id longer than a session
 * id, which only an older import could have kept, is left out: it cannot
 * be loaded). Caller frees each and the array. */
bool store_session_ids(struct store *st, const struct store_filter *filter,
		       char ***ids, size_t *n, struct store_error *err);

/* Many sessions, one after another, with only the parts asked for: for
 * readers of thousands of sessions (the sessions export, the trainer
 * views) that store_session_load would make slow. Each session is a
 * struct session as store_session_load fills it, with these differences:
 * - only the parts in @what are read (the others are empty), and never
 *   the snapshot text or the events' details;
 * - entries are at their latest revision, but only options, contingencies
 *   and decisions have their text: any other entry's text is "" when it
 *   is blank (str_blank) and STORE_SCAN_UNREAD when not, so tally's rules
 *   give the same answers as on a loaded session;
 * - with STORE_SCAN_SCENARIO, scenario and framework come from the
 *   snapshot, read once per pack version, scenario and framework and
 *   shared (pack stays NULL).
 * Sessions come in order of start, then id. The session handed out, and
 * what it points to, belongs to the scan and lasts until the next call. */
enum {
	STORE_SCAN_PARTICIPANTS = 1u << 0,
	STORE_SCAN_ENTRIES = 1u << 1,
	STORE_SCAN_VOTES = 1u << 2,
	STORE_SCAN_EVENTS = 1u << 3,
	STORE_SCAN_SCENARIO = 1u << 4,
};
extern const char STORE_SCAN_UNREAD[];
struct store_scan;
/* Start reading the sessions passing @filter (may be NULL); NULL on error. */
struct store_scan *store_scan_open(struct store *st, const struct store_filter *filter,
				   unsigned what, struct store_error *err);
/* The next session, or NULL at the end (err->code STORE_OK) or on an
 * error. */
const struct session *store_scan_next(struct store_scan *sc, struct store_error *err);
/* End the scan; NULL is fine. */
void store_scan_close(struct store_scan *sc);

/* One row of the responses or history table, as the store hands it out.
 * Strings are valid only during the callback. */
struct store_row {
	const char *session_id;
	const char *session_label;
	const char *cohort;
	const char *mode;
	const char *pack_id;
	int64_t pack_version;
	const char *scenario_id;
	const char *scenario_title;
	const char *framework;
	const char *participant;  /* name, "" when unattributed */
	int64_t participant_number;
	const char *stage;
	const char *principle;    /* "" when none */
	const char *stance;       /* "" when none */
	const char *kind;
	int64_t entry_id;
	const char *text;
	int64_t revision;
	int64_t position;
	bool deleted;
	const char *created_at;   /* of the entry */
	const char *updated_at;   /* of this revision */
	int64_t pack_option;      /* see struct entry */
	const char *owner;        /* "" when none */
	unsigned carries;         /* import: the STORE_ROW_* columns the file has */
};
/* The columns an older export may lack: an import compares what a file
 * carries with what is saved, and nothing else. */
enum {
	STORE_ROW_POSITION = 1u << 0,
	STORE_ROW_DELETED = 1u << 1,
	STORE_ROW_PACK_OPTION = 1u << 2,
	STORE_ROW_OWNER = 1u << 3,
};

/* Call @fn for each current (latest, not deleted) entry of the sessions
 * passing @filter, ordered by session id then entry id; with @history, for
 * every revision (deleted ones too) instead. Stops early when @fn returns
 * false. Streams: memory use does not grow with the number of rows. */
bool store_each_row(struct store *st, const struct store_filter *filter, bool history,
		    bool (*fn)(const struct store_row *row, void *ctx), void *ctx,
		    struct store_error *err);

/* One vote as the votes table shows it. Strings are valid only during the
 * callback. */
struct store_vote_row {
	const char *session_id;
	const char *session_label;
	const char *cohort;
	const char *pack_id;
	const char *scenario_id;
	const char *participant;  /* the voter's name, "" when anonymous */
	const char *option_text;  /* the option's latest text */
	int64_t number;           /* the vote's number in its session */
	struct vote vote;
};

/* Call @fn for each vote of the sessions passing @filter, session by
 * session in order of start, each session's in the order cast. Reads the
 * votes and what they name, never a session without votes. */
bool store_each_vote(struct store *st, const struct store_filter *filter,
		     bool (*fn)(const struct store_vote_row *row, void *ctx), void *ctx,
		     struct store_error *err);

/* What a merge added: rows[] counts the new rows of each table, in the
 * order sessions, participants, revisions, votes, events (rows[0] is the
 * sessions this database did not have). */
#define STORE_MERGE_TABLES 5
struct store_merge_stats {
	size_t rows[STORE_MERGE_TABLES];
};
/* Copy into @st every row of the database @from (opened with
 * store_open_readonly, which never writes to it) that @st lacks: whole
 * sessions with their snapshot, participants, every revision, votes and
 * events, and the later rows of a session @st already has. Rows are
 * matched by their keys (a session by its id, a revision by session,
 * entry and revision, a participant, vote or event by its number in the
 * session); a row both have must be the same in every column, or it is
 * a clash: STORE_CONFLICT naming the session, and nothing of @from is
 * kept. One transaction: all of @from or nothing. */
bool store_merge(struct store *st, struct store *from, struct store_merge_stats *stats,
		 struct store_error *err);
/* The tables merge copies, in order: the name of the @i-th and its
 * columns, or NULL past the last (to check that they are the schema's). */
const char *store_merge_table(size_t i, const char *const **columns, size_t *n);

/* Bring rows of a responses export into the store. Between begin and
 * commit, store_import_row() may be called many times; rows of one session
 * must come together. Each session is all-or-nothing; rows already present
 * (same session, entry and revision) are skipped, so importing twice adds
 * nothing. store_import_abort() undoes everything since begin. */
struct store_import_stats {
	size_t sessions_new;
	size_t rows_new;
	size_t rows_skipped;
};
bool store_import_begin(struct store *st, struct store_error *err);
/* Add one row (strings as in the CSV); false with STORE_INVALID/CONFLICT
 * for a bad or clashing row, or a storage error. A row clashes when its
 * revision is saved with another value in any column the row carries, or
 * when its session's label, cohort, mode, pack, pack version, scenario,
 * scenario title or framework differ from the saved session's (or, for a
 * new session, from its first row's); the message names the session and
 * the column. */
bool store_import_row(struct store *st, const struct store_row *row,
		      struct store_import_stats *stats, struct store_error *err);
bool store_import_commit(struct store *st, struct store_error *err);
void store_import_abort(struct store *st);

#endif
