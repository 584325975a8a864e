/*
 * screen.h - what a screen is, and the registry of screens.
 *
 * A screen is an ops table (tig's view_ops) with its own state behind a
 * pointer: the application keeps a stack of screens and knows none of them
 * by name. Adding a screen is one new file that defines its ops, plus one
 * line in SCREENS below; screens open one another through app_open() with
 * the id from this table, never by calling into each other's files.
 *
 * The loop (app.c) handles what every screen shares before a screen sees
 * a key: quit, help, moving between panes and scrolling (the screen is
 * told which way through focus() and navigate()); a screen's key() sees
 * only its own actions. Keys and ticks change state; layout() then works
 * out what the screen shows at the current size (documents, scroll
 * positions); draw() only paints.
 */
#ifndef DILEMMA_TUI_SCREEN_H
#define DILEMMA_TUI_SCREEN_H

#include <stdbool.h>

#include "keys.h"
#include "layout.h"

struct app;
struct conduct;
struct buf;

/* X(ENUM, ops variable): one line per screen. */
#define SCREENS(X) \
	X(SCREEN_HOME, home_screen) \
	X(SCREEN_WORKSPACE, workspace_screen) \
	X(SCREEN_DEBRIEF, debrief_screen) \
	X(SCREEN_BALLOT, ballot_screen) \
	X(SCREEN_PRESENT, present_screen) \
	X(SCREEN_DASHBOARD, dashboard_screen)

#define X_ENUM(e, ops) e,
enum screen_id { SCREENS(X_ENUM) SCREEN_COUNT };
#undef X_ENUM

/* What a screen is opened on; each screen reads what it needs. */
struct screen_arg {
	const char *session_id;   /* the session to show (debrief, present) */
	struct conduct *conduct;  /* the session to work on: taken over by the
	                           * workspace, borrowed by the ballot */
	bool fresh;               /* just started: ready to type at once */
};

struct screen_ops {
	const char *name;
	/* The keys help and the footer show (may change, e.g. while editing). */
	enum key_scope_index (*scope)(void *self);
	/* Set up from @arg; NULL (with a footer message) when it cannot be. */
	void *(*open)(struct app *app, const struct screen_arg *arg);
	/* About to close (back, quit, another screen in its place): save what
	 * must be saved. False to stay open: only when @asking and the user
	 * chose to stay. May be NULL. */
	bool (*leave)(struct app *app, void *self, bool asking);
	/* Free the state; NULL is not passed. */
	void (*close)(struct app *app, void *self);
	/* Shown again, after the screen above it closed. May be NULL. */
	void (*resume)(struct app *app, void *self);
	/* Work out what is shown at @cols x @lines (at least the minimum). */
	void (*layout)(struct app *app, void *self, int cols, int lines);
	/* Paint what layout() worked out. */
	void (*draw)(struct app *app, void *self, int cols, int lines);
	/* One of the screen's own actions (@a in scope(), ACT_NONE for keys
	 * with no binding there, TK_PASTE with @paste). */
	void (*key)(struct app *app, void *self, enum action a, int key, const struct buf *paste);
	/* Tab / Shift-Tab: @dir is 1 or -1. May be NULL (one pane). */
	void (*focus)(struct app *app, void *self, int dir);
	/* Up, down, a page, first, last, in the focused pane (a page is that
	 * pane's height; see nav_move()). May be NULL. */
	void (*navigate)(struct app *app, void *self, enum nav n);
	/* No key came for a while: saves, retries, clocks. May be NULL. */
	void (*tick)(struct app *app, void *self);
	/* How long the loop may wait for a key before a tick. May be NULL. */
	int (*poll_ms)(void *self);
};

#define X_DECL(e, ops) extern const struct screen_ops ops;
SCREENS(X_DECL)
#undef X_DECL

/* The ops of screen @id. */
const struct screen_ops *screen_ops_of(enum screen_id id);

#endif
