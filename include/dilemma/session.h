/*
 * session.h - the in-memory model of one session: one run through one
 * scenario, with its participants, its entries (the latest revision of
 * each), its votes and its events.
 *
 * A session is loaded from and saved to the store (store.h); this header has
 * no SQL and no curses, so the workbench, the exporters and the report all
 * read the same structures. Entry kinds, stances, modes and event kinds are
 * tables (X-macros) so that their ids are defined once, for the database,
 * the CSV files and the screens alike.
 */
#ifndef DILEMMA_SESSION_H
#define DILEMMA_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/framework.h"
#include "dilemma/ndm.h"
#include "dilemma/pack.h"

/* X(ENUM, id, display name) */
#define ENTRY_KINDS(X) \
	X(ENTRY_NOTE, "note", "Reasoning") \
	X(ENTRY_PRINCIPLE, "principle", "Principle") \
	X(ENTRY_OPTION, "option", "Option") \
	X(ENTRY_CONTINGENCY, "contingency", "Contingency") \
	X(ENTRY_DECISION, "decision", "Decision") \
	X(ENTRY_RATIONALE, "rationale", "Rationale") \
	X(ENTRY_REVIEW, "review", "Review") \
	X(ENTRY_OUTCOME, "outcome", "Outcome") \
	X(ENTRY_RECOMMENDATION, "recommendation", "Recommendation")

#define X_ENUM(e, id, name) e,
enum entry_kind { ENTRY_KINDS(X_ENUM) ENTRY_KIND_COUNT };

/* STANCE_NONE has the empty id: "no stance given". */
#define STANCES(X) \
	X(STANCE_NONE, "", "No stance") \
	X(STANCE_UPHOLDS, "upholds", "Upholds") \
	X(STANCE_TENSION, "tension", "In tension") \
	X(STANCE_NEUTRAL, "neutral", "Neutral")

enum stance { STANCES(X_ENUM) STANCE_COUNT };

#define SESSION_MODES(X) \
	X(SESSION_SOLO, "solo", "Solo") \
	X(SESSION_PANEL, "panel", "Panel")

enum session_mode { SESSION_MODES(X_ENUM) SESSION_MODE_COUNT };

#define SESSION_STATUSES(X) \
	X(SESSION_OPEN, "open", "Open") \
	X(SESSION_FINISHED, "finished", "Finished")

enum session_status { SESSION_STATUSES(X_ENUM) SESSION_STATUS_COUNT };

/* A participant's part in a panel. Chairs and members vote. A participant
 * of an imported or older session may have another role, or none ("").
 * X(ENUM, id, display name) */
#define PARTICIPANT_ROLES(X) \
	X(ROLE_CHAIR, "chair", "Chair") \
	X(ROLE_MEMBER, "member", "Member") \
	X(ROLE_PRESENTER, "presenter", "Presenter") \
	X(ROLE_ADVISER, "adviser", "Adviser") \
	X(ROLE_OBSERVER, "observer", "Observer")

enum participant_role { PARTICIPANT_ROLES(X_ENUM) PARTICIPANT_ROLE_COUNT };

/* How a panel votes: a secret ballot (the keyboard passes from member to
 * member) or a show of hands (the facilitator types the counts). The id
 * is the ballot-opened event's detail; with contingencies, "+contingencies"
 * follows it. */
#define BALLOT_KINDS(X) \
	X(BALLOT_SECRET, "secret", "Secret ballot") \
	X(BALLOT_HANDS, "hands", "Show of hands")

enum ballot_kind { BALLOT_KINDS(X_ENUM) BALLOT_KIND_COUNT };

/* What an event records; `stage` says which stage where it matters. */
#define EVENT_KINDS(X) \
	X(EVENT_STAGE_ENTERED, "stage-entered", "Stage entered") \
	X(EVENT_STAGE_LEFT, "stage-left", "Stage left") \
	X(EVENT_INJECT_RELEASED, "inject-released", "Inject released") \
	X(EVENT_VOTE_REVEALED, "vote-revealed", "Vote revealed") \
	X(EVENT_SESSION_FINISHED, "session-finished", "Session finished") \
	X(EVENT_SESSION_REOPENED, "session-reopened", "Session reopened") \
	X(EVENT_BALLOT_OPENED, "ballot-opened", "Ballot opened") \
	X(EVENT_CLOCK_PAUSED, "clock-paused", "Clock paused") \
	X(EVENT_CLOCK_RESUMED, "clock-resumed", "Clock resumed") \
	X(EVENT_TIME_ADDED, "time-added", "Time added")

enum event_kind { EVENT_KINDS(X_ENUM) EVENT_KIND_COUNT };
#undef X_ENUM

/* Ids and display names of the tables above; the argument must be in range. */
const char *entry_kind_id(enum entry_kind k);
const char *entry_kind_name(enum entry_kind k);
const char *stance_id(enum stance s);
const char *stance_name(enum stance s);
const char *session_mode_id(enum session_mode m);
const char *session_mode_name(enum session_mode m);
const char *session_status_id(enum session_status s);
const char *event_kind_id(enum event_kind k);
const char *participant_role_id(enum participant_role r);
const char *participant_role_name(enum participant_role r);
const char *ballot_kind_id(enum ballot_kind k);
const char *ballot_kind_name(enum ballot_kind k);
/* Look an id up in its table; false when @id names nothing there. An empty
 * or NULL id is STANCE_NONE for stance_from_id(). */
bool entry_kind_from_id(const char *id, enum entry_kind *out);
bool stance_from_id(const char *id, enum stance *out);
bool session_mode_from_id(const char *id, enum session_mode *out);
bool session_status_from_id(const char *id, enum session_status *out);
bool event_kind_from_id(const char *id, enum event_kind *out);
bool participant_role_from_id(const char *id, enum participant_role *out);
bool ballot_kind_from_id(const char *id, enum ballot_kind *out);
/* Whether a participant with @role (an id, may be unknown) votes. */
bool participant_role_votes(const char *role);

/* Timestamps are "YYYY-MM-DDTHH:MM:SSZ" (util.h time_now_iso); "" = none. */
#define SESSION_TIME_LEN 32
/* A UUID v4 in its 36-character text form. */
#define SESSION_ID_LEN 37

struct participant {
	int64_t number;  /* 1, 2, ... within the session */
	char *name;      /* may be "" (names are optional) */
	char *role;      /* "chair", "member", ... or "" */
};

/* One entry as it stands: the fields of its latest revision. */
struct entry {
	int64_t id;           /* 1, 2, ... within the session; 0 = not saved yet */
	enum ndm_stage stage; /* NDM_ETHICS is the centre */
	enum entry_kind kind;
	char *principle;      /* principle id, or NULL */
	int64_t participant;  /* participant number, 0 = not attributed */
	enum stance stance;   /* for ENTRY_PRINCIPLE; STANCE_NONE otherwise */
	char *text;
	int64_t position;     /* order among options and contingencies */
	bool deleted;         /* a revision marked the entry deleted; text kept */
	int64_t pack_option;  /* options, decisions: the pack's option it came
	                       * from (1, 2, ... in the snapshot's list); 0 =
	                       * the session's own wording */
	char *owner;          /* recommendations: who is to act, or NULL */
	int64_t revision;     /* 1, 2, ...; 0 = not saved yet */
	char created_at[SESSION_TIME_LEN]; /* first revision */
	char updated_at[SESSION_TIME_LEN]; /* this revision */
};

struct vote {
	int64_t participant;  /* participant number, 0 = anonymous */
	int64_t option;       /* entry id of the option (or contingency) voted on */
	int64_t value;        /* 1 = for, -1 = against, 0 = abstain */
	char at[SESSION_TIME_LEN];
	int64_t ballot;       /* which ballot of the session, from 1 */
	int64_t count;        /* how many hands: 1 for one person's vote; a show
	                       * of hands records each count as one anonymous row */
};

struct event {
	enum event_kind kind;
	enum ndm_stage stage;
	char *detail;         /* free text, may be "" */
	char at[SESSION_TIME_LEN];
	int64_t inject;       /* inject-released: the inject's number in the
	                       * scenario, from 1; 0 for other events */
	int64_t ballot;       /* ballot-opened, vote-revealed: the ballot, from 1 */
	int64_t seconds;      /* time-added: how many seconds */
};

struct session {
	char id[SESSION_ID_LEN];
	char *label;
	char *cohort;         /* "" when none */
	enum session_mode mode;
	enum session_status status;
	char started_at[SESSION_TIME_LEN];
	char finished_at[SESSION_TIME_LEN]; /* "" while open */
	int timebox;          /* minutes per stage (panels), 0 = none */

	/* What was worked on, as recorded when the session started. */
	char *pack_id;
	long pack_version;
	char pack_hash[17];
	char *scenario_id;
	char *scenario_title;
	char *framework_id;
	size_t principle_count; /* principles in the framework, 0 if unknown */
	char *snapshot;         /* the pack_snapshot() YAML, NULL if not kept */
	/* The snapshot read back with pack_load_buffer(); NULL when there is no
	 * snapshot or it cannot be read (as after an import): then show what the
	 * columns above say. scenario and framework point into it. */
	struct pack *pack;
	const struct pack_scenario *scenario;
	const struct framework *framework;

	struct participant *participants;
	size_t nparticipants;
	struct entry *entries;   /* latest revisions, by id; deleted ones too */
	size_t nentries;
	struct vote *votes;      /* in the order cast */
	size_t nvotes;
	struct event *events;    /* in the order recorded */
	size_t nevents;
};

/* Free @s and everything it owns; NULL is fine. */
void session_destroy(struct session *s);
/* The entry with @id, or NULL. */
const struct entry *session_entry(const struct session *s, int64_t id);
/* The first entry (by id) that is not deleted and matches @stage, @kind,
 * @principle (NULL matches only entries without one) and @participant. */
const struct entry *session_entry_find(const struct session *s, enum ndm_stage stage,
				       enum entry_kind kind, const char *principle,
				       int64_t participant);
/* The participant with @number, or NULL. */
const struct participant *session_participant(const struct session *s, int64_t number);
/* Seconds between two ISO times (b - a); 0 if either does not parse. */
long session_time_diff(const char *a, const char *b);

#endif
