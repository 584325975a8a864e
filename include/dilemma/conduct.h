/*
 * conduct.h - everything that happens to an open session: starting it,
 * entering and leaving stages, releasing injects, saving what participants
 * write (drafts.h), keeping the options in order, deciding, finishing and
 * reopening; and, for panels, adding participants, recording votes and
 * revealing them.
 *
 * A screen says "enter stage 3" or "save this text"; conduct records the
 * events and applies the rules, so the workbench, a panel console, a test
 * or any other process does the same thing the same way. Every change is
 * an append-only record or event in the store, so a second process can
 * follow a session by reading it again. No curses, no SQL.
 *
 * Calls that can fail return false and leave why in c->err (texts that
 * could not be saved are kept in c->drafts, never dropped).
 *
 * A finished session is looked at, not worked on (conduct_read_only):
 * until conduct_reopen(), every call that would change it fails with
 * STORE_INVALID ("the session is finished: reopen it to change it") and
 * stores nothing, drafts.h refuses every save the same way, and moving
 * between stages records nothing, so that looking is not counted as time
 * at a stage.
 */
#ifndef DILEMMA_CONDUCT_H
#define DILEMMA_CONDUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/drafts.h"
#include "dilemma/framework.h"
#include "dilemma/session.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

struct conduct {
	struct store *store;
	struct session *s;               /* owned */
	const struct framework *fw;      /* NULL when not known */
	const struct pack_scenario *sc;  /* NULL when the snapshot is not kept */
	enum ndm_stage stage;            /* the stage being worked on */
	bool in_stage;                   /* entered and not left */
	bool *fresh;                     /* per inject: released on this visit */
	int64_t speaker;                 /* whose contributions these are, 0: none */
	struct drafts drafts;            /* what is being saved, and what is not yet */
	struct store_error err;          /* why the last call failed */
	char holder[64];                 /* this process, in the presence table */
	int64_t beat_ms;                 /* when presence was last said */
};

/* Whether @spec makes a session that can be run: a known pack and
 * scenario; a panel has at least two participants, each named; names
 * hold no control or invisible characters; roles are known ones (or none,
 * in a solo session); a name repeats only with another role; a time-box
 * is 0 (none) or 1 to PACK_MAX_TIMEBOX minutes. False with a one-line
 * STORE_INVALID message in @err. */
bool conduct_check_spec(const struct session_spec *spec, struct store_error *err);
/* Create a session from @spec (checked as above) and conduct it; NULL with
 * @err on failure (nothing is created then). */
struct conduct *conduct_start(struct store *st, const struct session_spec *spec,
			      int64_t (*now_ms)(void), struct store_error *err);
/* Conduct the loaded session @s (taken over). No stage is entered yet.
 * @now_ms is the clock of the drafts' timings (NULL: a monotonic one). */
struct conduct *conduct_open(struct store *st, struct session *s, int64_t (*now_ms)(void));
/* Leave the stage (an event, none in a finished session; a failure is
 * ignored, the stage is implicitly left anyway) and free everything. Unsaved drafts are dropped: ask
 * conduct_unsaved_text() for them first. NULL is fine. */
void conduct_close(struct conduct *c);

/* Free @c but give its session back to the caller, recording nothing
 * (for a session that turned out not to be conducted after all). */
struct session *conduct_detach(struct conduct *c);

/* The stage to start on when a session is opened: the last one entered,
 * or the first of the loop. */
enum ndm_stage conduct_resume_stage(const struct conduct *c);
/* Enter @stage: the stage being left and this one are recorded, and in a
 * solo session the injects placed at @stage that were not released yet
 * are released (*@released, may be NULL, counts them). The stage changes
 * even when recording fails (false then). Entering the current stage
 * again records nothing; nor does entering any stage of a finished
 * session (it is only looked at: true, nothing released). */
bool conduct_enter_stage(struct conduct *c, enum ndm_stage stage, size_t *released);
/* Release inject @index (from 0) now, at the current stage, whatever stage
 * it is placed at (a facilitator's early release). Already released: true,
 * nothing recorded. */
bool conduct_release_inject(struct conduct *c, size_t index);
/* Whether inject @index was released on the current visit to the stage. */
bool conduct_inject_fresh(const struct conduct *c, size_t index);

/* The key of a field of the current speaker; in a panel, the decision,
 * rationale, review and outcome are the panel's (no participant). */
struct draft_key conduct_key(const struct conduct *c, enum ndm_stage stage,
			     enum entry_kind kind, const char *principle, int64_t id);

/* Options and contingencies (kind ENTRY_OPTION or ENTRY_CONTINGENCY). */
/* The position a new one of @kind takes: after every saved or pending one. */
int64_t conduct_next_position(const struct conduct *c, enum entry_kind kind);
/* Delete the saved entry @id (a revision marked deleted: the text stays in
 * the history). */
bool conduct_delete(struct conduct *c, int64_t id);
/* Move the saved option or contingency @id one place up (@dir < 0) or
 * down among those of its kind, renumbering their positions and saving
 * what moved. *@moved (may be NULL) is false when it was already first or
 * last. */
bool conduct_move(struct conduct *c, int64_t id, int dir, bool *moved);
/* The pack's options (the snapshot's list) are offered at the options
 * stage: each may be adopted into the session's options as the pack words
 * it, and the copy is then edited like any option, keeping its reference
 * (entry.pack_option). */
/* The session's option (its entry id) adopted from the pack's option @n
 * (1, 2, ...), the first in order when several; 0 when none is. */
int64_t conduct_adopted(const struct conduct *c, size_t n);
/* Adopt the pack's option @n: a new option with its text, last in the
 * list, attributed to the speaker; *@id (may be NULL) is its entry. False
 * with STORE_INVALID when the pack has no option @n. */
bool conduct_adopt_option(struct conduct *c, size_t n, int64_t *id);

/* One option the decision may be chosen from. */
struct conduct_choice {
	char *text;
	int64_t pack_option; /* the option's reference to the pack, 0 none */
};
/* The options the decision may be chosen from: those that count, in order
 * (a pending edit's text where there is one), then options never saved.
 * Free with conduct_choices_free(). */
size_t conduct_decision_choices(const struct conduct *c, struct conduct_choice **out);
void conduct_choices_free(struct conduct_choice *choices, size_t n);
/* Record @text as the current speaker's decision, from the pack's option
 * @pack_option (0: the session's own wording). It keeps that reference
 * when its text is edited later, as an adopted option does. On failure the
 * text is kept as a draft (false, and c->err says why). */
bool conduct_decide(struct conduct *c, const char *text, int64_t pack_option);
/* The decision is to be the session's own wording: its reference to the
 * pack's option, if any, is dropped (a revision with the same text),
 * before it is rewritten. */
bool conduct_decide_own(struct conduct *c);

/* Finish: every draft is saved first (false, unfinished, when one cannot
 * be), so no text is ever pending in a session this conduct finished.
 * Finishing a finished session does nothing (true). */
bool conduct_finish(struct conduct *c);
/* Whether the session, as this conduct holds it, is finished: looked at
 * only, until conduct_reopen(). */
bool conduct_read_only(const struct conduct *c);
/* Open a finished session again (an event) to work on it; an open one:
 * true, nothing recorded. The stage being looked at, if any, is entered
 * again (an event, and in a solo session its injects not yet released
 * are released: conduct_inject_fresh), so its time counts from now. False
 * with c->err when an event cannot be recorded: c->s->status says whether
 * the session was reopened. Texts a refused save kept are saved by the
 * next drafts_flush(). */
bool conduct_reopen(struct conduct *c);

/* Panels. */
/* Add a participant (*@number, may be NULL, gets its number). */
bool conduct_add_participant(struct conduct *c, const char *name, const char *role,
			     int64_t *number);
/* Whose contributions are being written: participant @number (allowed in
 * a finished session: it changes nothing stored). */
bool conduct_set_speaker(struct conduct *c, int64_t number);
/* Release the next inject held back: the current stage's first, else the
 * first of the earliest stage that has one (*@index, may be NULL). False
 * with STORE_NOT_FOUND when none is held. */
bool conduct_release_next_inject(struct conduct *c, size_t *index);
/* Set who is to act on recommendation @id ("" or NULL: nobody named). */
bool conduct_set_owner(struct conduct *c, int64_t id, const char *owner);
/* Open a ballot of @kind on the options (and, with @contingencies, the
 * contingencies) there are now; *@number (may be NULL) gets its number.
 * Refused while another is open. */
bool conduct_open_ballot(struct conduct *c, enum ballot_kind kind, bool contingencies,
			 int64_t *number);
/* One member's mark on one option in a secret ballot. */
struct ballot_mark {
	int64_t option;
	int value; /* 1 for, -1 against, 0 abstain */
};
/* Member @participant's ballot in the open secret ballot: all @n marks at
 * once. A later ballot of the same member replaces theirs. */
bool conduct_cast(struct conduct *c, int64_t participant, const struct ballot_mark *marks,
		  size_t n);
/* The hands counted for, against and abstaining on @option in the open
 * show of hands (typed again, they replace the first counts). */
bool conduct_hands(struct conduct *c, int64_t option, size_t hands_for, size_t against,
		   size_t abstain);
/* Reveal the open ballot (an event with its time). */
bool conduct_reveal(struct conduct *c);
/* The clock of the current stage: pause, resume, or add @seconds. */
bool conduct_pause_clock(struct conduct *c);
bool conduct_resume_clock(struct conduct *c);
bool conduct_add_time(struct conduct *c, long seconds);

/* Say again that this process has the session open, at most every
 * STORE_PRESENCE_BEAT_S (conduct_open says it first; close takes it back).
 * Failures are ignored: presence is advice. */
void conduct_beat(struct conduct *c);
/* How many other processes have the session open now; *@since (may be
 * NULL) gets when the earliest opened it. 0 when that cannot be read. */
size_t conduct_others(struct conduct *c, char since[SESSION_TIME_LEN]);

/* What could not be saved, as text a person can keep (appended to @out,
 * one block per field); how many texts there are. */
size_t conduct_unsaved_text(const struct conduct *c, struct buf *out);

#endif
