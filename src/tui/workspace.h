/*
 * workspace.h - the workspace's own state, shared by its two files:
 * workspace.c (opening, keys, the editor and saving) and ws_draw.c
 * (laying out and drawing the panes). Nothing here is a rule of the
 * session: those are conduct's (dilemma/conduct.h) and tally's.
 */
#ifndef DILEMMA_TUI_WORKSPACE_H
#define DILEMMA_TUI_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "dilemma/conduct.h"
#include "doc.h"
#include "editor.h"
#include "layout.h"

/* The editor saves after a pause in typing, and at least this often. */
#define WS_IDLE_SAVE_MS 1000
#define WS_MAX_UNSAVED_MS 10000

enum ws_pane { WP_RAIL, WP_SCENARIO, WP_STAGE, WP_PRINCIPLES, WP_COUNT };

/* What the stage pane lists: a field (a single text), the decision, an
 * entry of a list (an option, a contingency, a recommendation, a panel
 * member's contribution: key.kind says which), the line that adds one to
 * a list, and one of the pack's options (number: its place in the pack's
 * list), which Enter adopts. */
enum item_type { IT_TEXT, IT_DECISION, IT_LISTED, IT_ADD, IT_PACK };

struct item {
	enum item_type type;
	struct draft_key key;
	int64_t position;
	int number; /* listed entries of numbered lists: 1, 2, ...; the
	             * pack's options: 1, 2, ...; else 0 */
};

struct ws {
	struct conduct *c;  /* the session, its rules and its unsaved texts */
	enum ws_pane pane;

	/* the stage pane's items, rebuilt from the session after each change */
	struct item *items;
	size_t nitems, item_sel, stage_top;
	bool stage_paged;   /* PgUp/PgDn moved the view off the selection */
	size_t pr_sel, pr_top;
	size_t rail_sel;
	size_t sc_top;
	bool show_inject;   /* scroll the scenario to the inject just released */
	bool zoom;          /* the focused pane fills the screen */
	bool retrying;      /* a retry is under way (it may wait for a lock) */
	bool show_notes;    /* panels: the scenario pane shows the facilitator notes */
	bool show_ballot;   /* panels: scroll the stage pane to the ballot's status */
	bool rung[NDM_STAGE_COUNT]; /* panels: the bell rang for the time-box */

	/* the open editor, if any */
	bool editing;
	enum ws_pane ed_pane;
	struct editor ed;
	struct draft_key ed_key;
	int64_t ed_position;
	unsigned long ed_saved;   /* ed.changes when last saved */
	int64_t last_key_ms, dirty_since_ms;

	/* as last laid out */
	struct ws_layout l;
	struct rect pane_r[WP_COUNT]; /* where each pane is (zoom: one) */
	struct doc d_sc, d_stage, d_pr;
	int ed_h;                     /* the editor's rows, 0 when not shown */
};

/* workspace.c */
/* Whether the session is a panel's (several people, a facilitator). */
bool ws_panel(const struct ws *ws);
/* Rebuild the stage pane's items from the session and the drafts. */
void ws_build_items(struct ws *ws);
/* The display name of participant @number: "Osei", "Participant 2". */
const char *ws_person(const struct ws *ws, int64_t number, char *buf, size_t size);
/* The editor has text not saved yet. */
bool ws_editor_dirty(const struct ws *ws);
/* Close the editor (its text saved, or kept as a draft) and try the drafts. */
void ws_leave_editor(struct ws *ws);

/* ws_panel.c: what a panel's facilitator does besides writing. */
/* The current stage's time-box as "12:30 left", "+01:05 over", with
 * " paused" when the clock is paused; "" when the stage has none. */
void ws_clock_text(const struct ws *ws, const char *now, char *out, size_t size);
/* Ring the bell once when the current stage's time-box runs out. */
void ws_clock_tick(struct app *app, struct ws *ws);
/* A panel key (speaker, inject, ballot, reveal, clock, notes, owner);
 * false when @a is none of them. */
bool ws_panel_key(struct app *app, struct ws *ws, enum action a);

/* ws_draw.c: the screen's layout() and draw(). */
void ws_layout(struct app *app, void *self, int cols, int lines);
void ws_draw(struct app *app, void *self, int cols, int lines);

#endif
