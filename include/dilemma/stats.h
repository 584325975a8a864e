/*
 * stats.h - the trainer's numbers over many sessions: how many started and
 * finished, how long they took, which principles were considered at which
 * stage and which overlooked, the stances taken, what was decided (by the
 * pack's options or in the session's own words), and for panels the
 * ballots, turnout and whether the revealed majority was what the panel
 * decided. `dilemma stats`, the dashboard screen and the debrief's
 * comparison with the cohort all read these (no SQL, no curses).
 *
 * Every number is a count of tally.h's answers, asked of each session in
 * turn: a session read for stats (store_scan, which reads no text it does
 * not need) gets the answer a session loaded whole gets, so the trainer's
 * figures and a session's own debrief cannot disagree.
 *
 * Shares are computed where they are shown: considered / sessions, and so
 * on. Times are over finished sessions; a stage's time over the finished
 * sessions that spent time there. The median and 90th percentile are the
 * nearest-rank ones (the smallest time that half, or nine in ten, of the
 * sessions took no longer than).
 */
#ifndef DILEMMA_STATS_H
#define DILEMMA_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/ndm.h"
#include "dilemma/session.h"
#include "dilemma/store.h"

/* What the numbers are broken down by: X(ENUM, id). */
#define STATS_BYS(X) \
	X(STATS_BY_NONE, "") \
	X(STATS_BY_PACK, "pack") \
	X(STATS_BY_SCENARIO, "scenario") \
	X(STATS_BY_COHORT, "cohort") \
	X(STATS_BY_STAGE, "stage") \
	X(STATS_BY_PRINCIPLE, "principle")

#define X_ENUM(e, id) e,
enum stats_by { STATS_BYS(X_ENUM) STATS_BY_COUNT };
#undef X_ENUM

const char *stats_by_id(enum stats_by by);
/* False when @id names no breakdown ("" is STATS_BY_NONE). */
bool stats_by_from_id(const char *id, enum stats_by *out);

/* Which sessions, broken down how. */
struct stats_query {
	struct store_filter filter;  /* filter.participant: sessions they took part in */
	enum stats_by by;
};

struct stats_times {
	size_t n;       /* sessions timed */
	long median;    /* seconds; 0 when n is 0 */
	long p90;
};

/* One principle, over the sessions whose framework has it. */
struct stats_principle {
	char *id;
	char *name;
	size_t sessions;                     /* sessions whose framework has it */
	size_t considered[NDM_STAGE_COUNT];  /* of them, those that considered it
	                                      * at each stage (tally_considered) */
	size_t anywhere;                     /* ... at one stage or more */
	size_t stances[NDM_STAGE_COUNT][STANCE_COUNT]; /* entries that count on it,
	                                      * by stance (STANCE_NONE: none given) */
};

/* A decision as a choice among the scenario's options. */
#define STATS_OWN_WORDING 0
#define STATS_NO_DECISION (-1)
struct stats_choice {
	int64_t pack_option;  /* 1, 2, ...: the pack's option; STATS_OWN_WORDING;
	                       * or STATS_NO_DECISION */
	char *text;           /* a pack option's text as the sessions' copy of the
	                       * scenario has it; NULL when not known */
	size_t sessions;
};

struct stats_panels {
	size_t sessions;   /* panel sessions */
	size_t ballots;    /* their ballots (tally_ballots) */
	size_t revealed;   /* of them, revealed */
	size_t voters;     /* summed over the ballots: turnout is voters / eligible */
	size_t eligible;
	size_t compared;   /* sessions with a decision and a revealed ballot with a
	                    * majority: the last such ballot is compared */
	size_t matched;    /* of them, where that majority is the decision */
};

/* The numbers of a selection of sessions, or of one part of it (a
 * scenario; a pack or a cohort with --by). */
struct stats {
	/* What the part is: the scenario (pack_id, scenario_id, title), the
	 * pack (pack_id) or the cohort; all NULL for the whole selection. */
	char *pack_id;
	char *scenario_id;
	char *scenario_title;
	char *cohort;
	size_t sessions;
	size_t finished;
	struct stats_times total;
	struct stats_times stage[NDM_STAGE_COUNT];
	struct stats_principle *principles;  /* in their frameworks' order */
	size_t nprinciples;
	size_t principle_slots;      /* sessions x their framework's principles */
	size_t principles_considered; /* of those, considered at some stage */
	size_t decided_pack;         /* decisions taken from a pack option */
	size_t decided_own;          /* decisions in the session's own words */
	size_t undecided;
	struct stats_choice *choices; /* a scenario's decisions; NULL elsewhere */
	size_t nchoices;
	struct stats_panels panels;
	/* The whole selection only: */
	enum stats_by by;
	struct stats *scenarios;     /* every scenario, by pack then scenario id */
	size_t nscenarios;
	struct stats *groups;        /* by pack or cohort (query.by), by name */
	size_t ngroups;
};

/* The numbers of the sessions @q selects; NULL with @err on a storage
 * error. A selection of no session gives zeros (sessions == 0). */
struct stats *stats_compute(struct store *st, const struct stats_query *q,
			    struct store_error *err);
void stats_destroy(struct stats *s);

/* Up to @max principles of @s least often considered at any stage (the
 * lowest share first, then in framework order), into @out; how many. */
size_t stats_overlooked(const struct stats *s, const struct stats_principle **out, size_t max);
/* The principle @id of @s, or NULL. */
const struct stats_principle *stats_principle(const struct stats *s, const char *id);
/* The choice of scenario part @sc that session @s's decision falls in
 * (its pack option, own wording, or no decision), or NULL. For the
 * debrief's "of 214 sessions, 61% chose the option you chose". */
const struct stats_choice *stats_choice_of(const struct stats *sc, const struct session *s);

/* ---- a session compared with the others (the debrief) ---- */

/* The others a finished session @s is compared with: the other finished
 * sessions on its scenario (the same pack and scenario id), of its cohort
 * when it has one and another session of that cohort is finished, else
 * of every cohort. Their numbers (scenarios[] holds the one scenario,
 * with its choices; cohort is the cohort they were taken from, NULL for
 * every cohort); sessions == 0 when there are none. NULL with @err on a
 * storage error. */
struct stats *stats_peers(struct store *st, const struct session *s, struct store_error *err);

/* A principle at a stage, and how many of the peers considered it there. */
struct stats_gap {
	const struct stats_principle *principle; /* in the peers' numbers */
	enum ndm_stage stage;
	size_t considered;  /* of principle->sessions */
};
/* Up to @max principles at a stage that session @s did not consider
 * while at least half of @peers (stats_peers) did, into @out: the largest
 * share first, then in framework and stage order. Only principles of the
 * session's own framework are asked about. How many. */
size_t stats_missed(const struct stats *peers, const struct session *s, struct stats_gap *out,
		    size_t max);

/* A cell of the trainer views, to list the sessions behind it. */
enum stats_cell_kind {
	STATS_CELL_CONSIDERED,  /* @principle considered at @stage (-1: any) */
	STATS_CELL_OVERLOOKED,  /* @principle, in the framework, not considered there */
	STATS_CELL_STANCE,      /* an entry that counts on @principle at @stage (-1:
	                         * any) with @stance */
	STATS_CELL_CHOICE,      /* decided @pack_option (a STATS_* value or a
	                         * number) on scenario @scenario_id of @pack_id */
	STATS_CELL_STAGE_TIME,  /* finished and spent time at @stage (-1: timed) */
};
struct stats_cell {
	enum stats_cell_kind kind;
	const char *principle;
	int stage;
	enum stance stance;
	const char *pack_id;
	const char *scenario_id;
	int64_t pack_option;
};
/* The ids of the sessions @q selects that are in @cell, in order of
 * start (caller frees each and the array). */
bool stats_sessions(struct store *st, const struct stats_query *q, const struct stats_cell *cell,
		    char ***ids, size_t *n, struct store_error *err);
/* The same sessions with what a list of them shows (free with
 * session_summaries_free): id, label, cohort, mode, status, pack,
 * scenario, start and finish, the last stage entered; updated_at is ""
 * and entries are not counted. */
bool stats_session_list(struct store *st, const struct stats_query *q,
			const struct stats_cell *cell, struct session_summary **out, size_t *n,
			struct store_error *err);

#endif
