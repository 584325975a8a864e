/*
 * app.h - the workbench application: the database and packs it works on,
 * the stack of open screens, the help overlay, the footer's message and
 * the main loop's services (the clock, keys, drawing, opening screens).
 */
#ifndef DILEMMA_TUI_APP_H
#define DILEMMA_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/pack_index.h"
#include "dilemma/store.h"
#include "dilemma/util.h"
#include "keys.h"
#include "screen.h"

#define APP_MAX_SCREENS 8

struct app_screen {
	const struct screen_ops *ops;
	void *self;
};

struct app {
	struct store *store;
	struct pack_index *packs; /* what home shows; full packs on demand */
	struct app_screen stack[APP_MAX_SCREENS];
	size_t depth;            /* screens open; the top one is shown */
	bool help;               /* the help overlay is up */
	size_t help_top;
	bool help_modal;         /* the help is a dialog's: it shows help_scope */
	enum key_scope_index help_scope;
	bool quit;
	bool no_bell;            /* --no-bell or DILEMMA_NO_BELL: a time-box ends silently */
	struct buf rescue;       /* text that could not be saved on the way out */
	char message[256];       /* a one-off notice for the footer line */
	bool message_error;
};

/* Milliseconds of a monotonic clock. */
int64_t app_now_ms(void);
/* Show @fmt in the footer until the next key. */
void app_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Open screen @id on top of the current one; false when it could not be
 * opened (its open() left a message). */
bool app_open(struct app *app, enum screen_id id, const struct screen_arg *arg);
/* Put screen @id in the current one's place: the current one leaves first
 * (asking, so the user may choose to stay: false then). If the new one
 * cannot be opened, the screen below is shown. */
bool app_replace(struct app *app, enum screen_id id, const struct screen_arg *arg);
/* Close the current screen and show the one below (asking first). */
bool app_back(struct app *app);
/* Every screen leaves, top first (asking); then the loop ends. */
void app_quit(struct app *app);
/* Every screen leaves without asking and closes (the way out). */
void app_close_all(struct app *app);
/* The screen on top, or NULL. */
struct app_screen *app_top(struct app *app);

/* Lay out and draw the current screen (and help) without refreshing;
 * dialogs draw on top of it. */
void app_draw(struct app *app);
/* Refresh, putting the cursor where an editor wants it. */
void app_refresh(void);
/* The footer of the current screen: the app's message, or @scope's keys
 * (@fallback, when not NULL, is shown when there is no message). */
void app_footer(struct app *app, int cols, int lines, enum key_scope_index scope,
		const char *fallback, bool fallback_error);
/* app_footer() for a screen of one scrolling document: the right end of
 * the footer says whether there is more above (@up) or below (@down). */
void app_footer_more(struct app *app, int cols, int lines, enum key_scope_index scope,
		     bool up, bool down);
/* Give every open screen its tick (saves while a dialog is up). */
void app_tick(struct app *app);
/* Wait up to @timeout_ms for a key. Ticks and resizes are dealt with here
 * (the screen's tick; a full repaint at the new size) and give 0, as does
 * a timeout; otherwise the key, with *@paste for TK_PASTE. */
int app_key(struct app *app, int timeout_ms, struct buf **paste);
/* The keys help shows now: the dialog's, else the current screen's. */
enum key_scope_index app_scope(struct app *app);

#endif
