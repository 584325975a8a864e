/*
 * keys.h - the one key table of the workbench.
 *
 * Every binding is a row {key, scope, action, footer label, description}.
 * The screens dispatch on it (keys_action), the footer and the help screen
 * are drawn from it, and the key list in dilemma(1) is generated from it
 * (keys_mdoc; tests/unit/test_keys.c fails when the man page drifts).
 * Curses-free: keys are the terminal-independent codes below, which
 * term.c translates from curses.
 */
#ifndef DILEMMA_TUI_KEYS_H
#define DILEMMA_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/util.h"

/* Characters are their code points; special keys lie above Unicode. */
enum {
	TK_BASE = 0x200000,
	TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_HOME, TK_END, TK_PGUP, TK_PGDN,
	TK_BACKSPACE, TK_DELETE, TK_ENTER, TK_TAB, TK_BTAB, TK_ESC,
	TK_SUP, TK_SDOWN, TK_CLEFT, TK_CRIGHT,
	TK_F1, TK_F2, TK_F3, TK_F4, TK_F5, TK_F6, TK_F7, TK_F8, TK_F9, TK_F10,
	TK_RESIZE,
	TK_PASTE, /* a bracketed paste; the text comes with the event */
	TK_TICK,  /* no key within the poll interval */
};
#define TK_CTRL(c) ((c) & 0x1f)

/* Where a binding applies. SCOPE_GLOBAL is everywhere outside an editor
 * or a dialog. */
#define KEY_SCOPES(X) \
	X(SCOPE_HOME, "home", "Home screen") \
	X(SCOPE_SEARCH, "search", "Searching on the home screen (what is typed is searched for)") \
	X(SCOPE_WORKSPACE, "workspace", "Workspace") \
	X(SCOPE_PANEL, "panel", "Workspace of a panel (besides the workspace's keys)") \
	X(SCOPE_VIEWING, "viewing", "Workspace of a finished session (read-only)") \
	X(SCOPE_BALLOT, "ballot", "Secret ballot") \
	X(SCOPE_DEBRIEF, "debrief", "Debrief") \
	X(SCOPE_DASHBOARD, "dashboard", "Trainer dashboard") \
	X(SCOPE_PRESENT, "present", "Present view") \
	X(SCOPE_GLOBAL, "global", "Everywhere outside an editor or dialog") \
	X(SCOPE_EDITOR, "editor", "Text editor") \
	X(SCOPE_DIALOG, "dialog", "Dialogs") \
	X(SCOPE_CONFIRM, "confirm", "Yes or no questions") \
	X(SCOPE_HELP, "help", "Help")

#define X_ENUM(e, id, title) e,
enum key_scope_index { KEY_SCOPES(X_ENUM) KEY_SCOPE_COUNT };
#undef X_ENUM
#define SCOPE_BIT(s) (1u << (s))

#define ACTIONS(X) \
	X(ACT_NONE) X(ACT_QUIT) X(ACT_HELP) X(ACT_NEXT_PANE) X(ACT_PREV_PANE) \
	X(ACT_UP) X(ACT_DOWN) X(ACT_LEFT) X(ACT_RIGHT) X(ACT_PGUP) X(ACT_PGDN) \
	X(ACT_FIRST) X(ACT_LAST) X(ACT_SELECT) X(ACT_BACK) X(ACT_EDIT) \
	X(ACT_STAGE_0) X(ACT_STAGE_1) X(ACT_STAGE_2) X(ACT_STAGE_3) X(ACT_STAGE_4) \
	X(ACT_STAGE_5) X(ACT_STAGE_PREV) X(ACT_STAGE_NEXT) \
	X(ACT_UPHOLDS) X(ACT_TENSION) X(ACT_NEUTRAL) X(ACT_NO_STANCE) \
	X(ACT_ADD_OPTION) X(ACT_ADD_CONTINGENCY) X(ACT_DELETE) X(ACT_MOVE_UP) X(ACT_MOVE_DOWN) \
	X(ACT_FINISH) X(ACT_DEBRIEF) X(ACT_REPORT) X(ACT_EXPORT) X(ACT_REOPEN) X(ACT_RESUME) \
	X(ACT_EXTERNAL) X(ACT_ZOOM) \
	X(ACT_SEARCH) X(ACT_NEXT_MATCH) X(ACT_PREV_MATCH) \
	X(ACT_SPEAKER) X(ACT_RELEASE_INJECT) X(ACT_BALLOT) X(ACT_REVEAL) X(ACT_CLOCK) \
	X(ACT_ADD_TIME) X(ACT_NOTES) X(ACT_OWNER) X(ACT_PRESENT) \
	X(ACT_DASHBOARD) X(ACT_OVERLOOKED) X(ACT_FILTER_PACK) X(ACT_FILTER_SCENARIO) \
	X(ACT_FILTER_COHORT) X(ACT_FILTER_SINCE) X(ACT_FILTER_UNTIL) X(ACT_FILTER_CLEAR) \
	X(ACT_MARK_FOR) X(ACT_MARK_AGAINST) X(ACT_MARK_ABSTAIN) X(ACT_CAST) X(ACT_SKIP) \
	X(ACT_ED_LEFT) X(ACT_ED_RIGHT) X(ACT_ED_UP) X(ACT_ED_DOWN) X(ACT_ED_WORD_LEFT) \
	X(ACT_ED_WORD_RIGHT) X(ACT_ED_HOME) X(ACT_ED_END) X(ACT_ED_PGUP) X(ACT_ED_PGDN) \
	X(ACT_ED_BACKSPACE) X(ACT_ED_DELETE) X(ACT_ED_DEL_WORD) X(ACT_ED_DEL_START) \
	X(ACT_ED_DEL_END) X(ACT_ED_NEWLINE) X(ACT_ED_SAVE) X(ACT_ED_LEAVE) \
	X(ACT_ED_LEAVE_NEXT) X(ACT_ED_LEAVE_PREV) X(ACT_ACCEPT) X(ACT_CANCEL) X(ACT_YES) X(ACT_NO)

#define X_ENUM(e) e,
enum action { ACTIONS(X_ENUM) ACTION_COUNT };
#undef X_ENUM

struct keybind {
	int key;
	unsigned scopes;      /* SCOPE_BIT()s */
	enum action action;
	const char *footer;   /* short label for the footer, or NULL */
	const char *help;     /* what it does, for help and the man page */
};

/* The whole table, in the order help lists it. */
const struct keybind *keys_table(size_t *count);
/* The action of @key in scope @scope (an enum key_scope_index): bindings of
 * the scope itself first, then those of the scope it extends (a panel's
 * workspace extends the workspace), then, for the screens, the global
 * ones. ACT_NONE when the key is not bound there. */
enum action keys_action(enum key_scope_index scope, int key);
/* The scope @scope extends (SCOPE_WORKSPACE for SCOPE_PANEL), or -1. */
int keys_parent_scope(enum key_scope_index scope);
/* Whether @scope is a screen's (its keys come with the global ones). */
bool keys_screen_scope(enum key_scope_index scope);
/* A key's name as help shows it: "Tab", "Ctrl-W", "q", "F1". */
const char *keys_name(int key, char *buf, size_t size);
/* Whether @scope is a screen's, which the global bindings also apply to. */
bool keys_screen_scope(enum key_scope_index scope);
/* Title and id of a scope. */
const char *keys_scope_title(enum key_scope_index scope);
/* The footer line of @scope: "Enter start  Tab pane  ? help ..." (caller frees). */
char *keys_footer(enum key_scope_index scope);
/* keys_footer() cut to @cols columns by dropping whole hints: never the
 * last two (help and quit), and the first ones last. (caller frees) */
char *keys_footer_fit(enum key_scope_index scope, int cols);
/* The help text of @scope: one line per action, its keys then what it
 * does; lines appended to @b, separated by '\n'. */
void keys_help(enum key_scope_index scope, struct buf *b);
/* The keys of every screen as they apply on the screen of @screen (no
 * Tab where there is one pane). */
void keys_help_global(enum key_scope_index screen, struct buf *b);
/* The key list of dilemma(1), in mdoc, appended to @b. */
void keys_mdoc(struct buf *b);

#endif
