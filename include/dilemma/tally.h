/*
 * tally.h - the one answer to every question about a session.
 *
 * "Was this principle considered at this stage?", "which option was
 * chosen?", "how did the vote go?", "in what order are the options?",
 * "how long was spent at each stage?", "which injects have been
 * released?": each is answered here, once, from a loaded session (no SQL,
 * no curses). The workspace, the debrief, `dilemma report`, the sessions
 * export and the trainer views all ask tally, so they cannot disagree the
 * day a second participant joins.
 *
 * The rules, as dilemma(1) states them:
 * - An entry counts when it is not deleted and has text that is not blank
 *   or, for a principle, a stance. A stance without text counts: choosing
 *   upholds, in tension or neutral is a judgment about the principle at
 *   that stage, so the principle was considered there.
 * - The session's decision is the decision entry that counts and was saved
 *   last (latest time, then highest entry id), whoever recorded it.
 * - A vote counts unless the same participant voted on the same option
 *   later in the same ballot; anonymous votes all count.
 */
#ifndef DILEMMA_TALLY_H
#define DILEMMA_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/framework.h"
#include "dilemma/session.h"

/* Whether @e counts as something recorded (the rule above). */
bool tally_entry_counts(const struct entry *e);
/* The same rule on an entry's fields alone, @blank being str_blank() of
 * its text: for readers that never load the text (the trainer views read
 * a `blank` flag the store computes with STR_BLANK_CHARS). */
bool tally_counts(enum entry_kind kind, bool deleted, bool blank, enum stance stance);

/* The framework the session was worked with: its snapshot's, else the
 * built-in one of that id, else NULL. */
const struct framework *tally_framework(const struct session *s);
/* The display name of principle @id in the session's framework, or @id. */
const char *tally_principle_name(const struct session *s, const char *id);

/* What was recorded on one principle at one stage, by everyone. */
struct tally_cell {
	size_t entries;               /* entries that count */
	size_t stances[STANCE_COUNT]; /* of those, how many with each stance */
};
/* Fill @out for principle @pid at @stage. True when it was considered
 * (out->entries > 0). */
bool tally_cell(const struct session *s, enum ndm_stage stage, const char *pid,
		struct tally_cell *out);
bool tally_considered(const struct session *s, enum ndm_stage stage, const char *pid);
/* The entries on principle @pid at @stage that count, one per participant
 * as recorded, in participant order: up to @max into @out (pointers into
 * @s); returns how many there are. */
size_t tally_stances(const struct session *s, enum ndm_stage stage, const char *pid,
		     const struct entry **out, size_t max);
/* Considered at one stage or more. */
bool tally_considered_anywhere(const struct session *s, const char *pid);
/* Distinct principles considered at some stage; when the framework is
 * known, only its principles count. */
size_t tally_principles_considered(const struct session *s);
/* How many principles the session was worked with: its framework's, or
 * the count the session recorded when the framework is not known. */
size_t tally_principles_total(const struct session *s);

/* Whether anything that counts was recorded at @stage as reasoning (notes
 * and principles). */
bool tally_stage_discussed(const struct session *s, enum ndm_stage stage);

/* The discussion at @stage in the order spoken: its reasoning and
 * principle entries that count, by when each was first saved, then id (a
 * later revision does not move a contribution). The array (caller frees;
 * NULL when none) points into @s. */
size_t tally_discussion(const struct session *s, enum ndm_stage stage,
			const struct entry ***out);
/* The principles considered at @stage: the framework's in its order, then
 * any others in the order first recorded. The array of ids (caller frees;
 * NULL when none) points into @s. */
size_t tally_principles_at(const struct session *s, enum ndm_stage stage, const char ***out);

/* One participant's part on one principle at one stage. */
struct tally_stance {
	size_t entries;     /* their entries there that count */
	enum stance stance; /* the stance of their entry with one saved last
	                     * (latest time, then highest id); STANCE_NONE when
	                     * they gave none */
};
/* Fill @out for participant @participant (0: the entries attributed to no
 * one) on principle @pid at @stage. True when they considered it there. */
bool tally_stance_of(const struct session *s, enum ndm_stage stage, const char *pid,
		     int64_t participant, struct tally_stance *out);

/* Entries of @kind that are not deleted, in the order the session gives
 * them: options and contingencies by position then id, other kinds by id.
 * With @counting only, those that count (blank ones left out). The array
 * (caller frees; NULL when none) points into @s. */
size_t tally_list(const struct session *s, enum entry_kind kind, bool counting,
		  const struct entry ***out);

/* The session's decision (the rule above), or NULL. */
const struct entry *tally_decision(const struct session *s);

/* Vote values: for, against, abstain. */
enum tally_vote { TALLY_FOR, TALLY_AGAINST, TALLY_ABSTAIN, TALLY_VOTE_KINDS };
/* Whether s->votes[@i] counts (the rule above; in a show of hands, a
 * count typed again for the same option and value replaces the first). */
bool tally_vote_counted(const struct session *s, size_t i);
/* The counted votes on option entry @option; false when there are none. */
bool tally_votes(const struct session *s, int64_t option, size_t counts[TALLY_VOTE_KINDS]);

/* How far a stage has got: nothing recorded; started; or its main fields
 * (the reasoning; at the options stage an option; at the action stage the
 * decision and its rationale) and at least one principle done. */
enum tally_progress { TALLY_EMPTY, TALLY_STARTED, TALLY_DONE };
enum tally_progress tally_stage_progress(const struct session *s, enum ndm_stage stage);

/* Seconds spent in @stage, from the stage-entered/-left events; a stage
 * still entered counts up to @now (ISO time), or to the last recorded
 * activity when @now is NULL or "". */
long tally_stage_seconds(const struct session *s, enum ndm_stage stage, const char *now);
/* Seconds from start to finish (the latest, when it was finished again
 * after a reopen), or to the last recorded activity if open; less the
 * time between each finish and the reopen after it. */
long tally_total_seconds(const struct session *s);
/* How many times @s was finished (each finish event, a reopen between
 * them); @first and @last get the first and the latest finish times ("",
 * never finished), whether it is finished now or was reopened since
 * (s->status says). The latest is s->finished_at while it is finished. */
size_t tally_finishes(const struct session *s, char first[SESSION_TIME_LEN],
		      char last[SESSION_TIME_LEN]);
/* The stage most recently entered, or -1 when none was. */
int tally_last_stage(const struct session *s);

/* A panel's clock at one stage. The budget is the stage's time-box (the
 * scenario's for that stage, else the session's) plus the time added there;
 * what is used is the time spent at the stage while the clock ran (a
 * paused clock does not count). */
struct tally_clock {
	long budget;    /* seconds; 0 when the stage has no time-box */
	long used;      /* seconds */
	long left;      /* budget - used: negative when over */
	bool running;   /* the stage is entered now and the clock not paused */
	bool paused;    /* the clock is paused now */
};
/* The clock of @stage now (@now as in tally_stage_seconds). */
void tally_stage_clock(const struct session *s, enum ndm_stage stage, const char *now,
		       struct tally_clock *out);
/* The stage's time-box in seconds before any time was added; 0 = none. */
long tally_timebox(const struct session *s, enum ndm_stage stage);

/* One option (or contingency) in a ballot, with its counted votes. */
struct tally_ballot_option {
	int64_t option;                   /* its entry id */
	size_t counts[TALLY_VOTE_KINDS];
};
/* A ballot: the options and contingencies (if it took them) there were
 * when it opened, each with its counts; how many of those who vote (the
 * chairs and members) have voted; when it was revealed. While a ballot is
 * not revealed, its counts are for no one's eyes: screens show `voted`
 * and `eligible` only. */
struct tally_ballot {
	int64_t number;                   /* 1, 2, ... */
	enum ballot_kind kind;
	bool contingencies;
	const char *opened_at;            /* "" for votes recorded without opening */
	bool revealed;                    /* a vote-revealed event names it */
	const char *revealed_at;          /* when; NULL while not revealed */
	size_t eligible;                  /* participants whose role is chair or member */
	size_t voters;                    /* named participants with a vote that
	                                   * counts, plus the most hands shown on one
	                                   * option */
	struct tally_ballot_option *options;
	size_t noptions;
	int64_t majority;                 /* the option with most votes for; 0 on a tie */
};
/* Every ballot of the session, in order (caller frees with
 * tally_ballots_free()). */
size_t tally_ballots(const struct session *s, struct tally_ballot **out);
void tally_ballots_free(struct tally_ballot *b, size_t n);
/* The number of the ballot open now (opened and not revealed), or 0. */
int64_t tally_open_ballot(const struct session *s);
/* The latest vote @participant cast on @option in @ballot that counts, or
 * NULL (a member's own ballot, for showing it back to them). */
const struct vote *tally_vote_of(const struct session *s, int64_t ballot, int64_t participant,
				 int64_t option);

/* An inject of the scenario that the session has released. */
struct tally_inject {
	size_t index;          /* in the scenario's list, from 0 */
	enum ndm_stage stage;  /* where it was released */
	const char *at;        /* when (points into @s) */
};
/* The injects released so far, in the order they came, each once (the
 * array, caller frees; NULL when none). */
size_t tally_injects(const struct session *s, struct tally_inject **out);
/* Whether inject @index (from 0) has been released. */
bool tally_inject_released(const struct session *s, size_t index);

/* ---- the trainer views (stats.h): many sessions, each asked the same ---- */

/* tally_cell() of every principle of @fw at every stage, in one pass over
 * the entries: out[i][stage] for fw->principles[i] (@out has fw->count
 * rows). */
void tally_grid(const struct session *s, const struct framework *fw,
		struct tally_cell (*out)[NDM_STAGE_COUNT]);

/* Whether option entry @option is what the session decided: the decision
 * came from the same pack option or, both being the session's own
 * wording (pack_option 0), has the same text. */
bool tally_matches_decision(const struct session *s, int64_t option);

#endif
