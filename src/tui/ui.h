/*
 * ui.h - what the workbench's screens share: the application state, the
 * screen ops table, and the drawing helpers (draw.c) that put text on the
 * screen safely.
 *
 * Each screen is a small ops table (draw, handle a key, tick); a key
 * handler changes state and the main loop (app.c) redraws. Screens reach
 * the database only through store.h.
 */
#ifndef DILEMMA_TUI_UI_H
#define DILEMMA_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dilemma/pack_set.h"
#include "dilemma/session.h"
#include "dilemma/store.h"
#include "dilemma/util.h"
#include "editor.h"
#include "keys.h"
#include "layout.h"
#include "term.h"

struct app;

enum screen_id { SCREEN_HOME, SCREEN_WORKSPACE, SCREEN_DEBRIEF, SCREEN_COUNT };

struct screen_ops {
	enum key_scope_index scope;
	/* Draw the whole screen (cols x lines is at least the minimum). */
	void (*draw)(struct app *app, int cols, int lines);
	/* Handle one key (TK_PASTE with @paste); the loop redraws after. */
	void (*key)(struct app *app, int key, const struct buf *paste);
	/* Called when no key came for a while (saves, retries, clocks). */
	void (*tick)(struct app *app);
	/* The scope whose keys help and the footer show right now. */
	enum key_scope_index (*current_scope)(struct app *app);
	/* Milliseconds the loop may wait for a key before ticking. */
	int (*poll_ms)(struct app *app);
};

struct ws;
struct home;
struct debrief;

struct app {
	struct store *store;
	struct pack_set *packs;
	size_t pack_problems;    /* packs that did not load */
	enum screen_id screen;
	struct home *home;
	struct ws *ws;           /* the open workspace, or NULL */
	struct debrief *debrief; /* the open debrief, or NULL */
	bool help;               /* the help overlay is up */
	size_t help_top;
	bool help_modal;         /* the help is a dialog's: it shows help_scope */
	enum key_scope_index help_scope;
	bool quit;
	struct buf rescue;       /* text that could not be saved on the way out */
	char message[256];       /* a one-off notice for the footer line */
	bool message_error;
};

/* Milliseconds of a monotonic clock. */
int64_t app_now_ms(void);
/* Show @fmt in the footer until the next key. */
void app_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Switch screens; the screen's own open functions set it up first. */
void app_show(struct app *app, enum screen_id id);
/* Draw the current screen (and help) without refreshing; dialogs draw on
 * top of it. */
void app_draw(struct app *app);
/* Refresh, putting the cursor where an editor wants it. */
void app_refresh(void);
/* Open the help of the current screen, at its top. */
void app_help_open(struct app *app);
/* The help of a dialog (@scope), over the screen, until it is closed. */
void app_modal_help(struct app *app, enum key_scope_index scope);
/* Give the current screen its tick (saves while a dialog is up). */
void app_tick(struct app *app);
/* Wait up to @timeout_ms for a key. Ticks and resizes are dealt with here
 * (the screen's tick; a full repaint at the new size) and give 0, as does
 * a timeout; otherwise the key, with *@paste for TK_PASTE. */
int app_key(struct app *app, int timeout_ms, struct buf **paste);

/* Screens (home.c, workspace.c, debrief.c). */
extern const struct screen_ops home_ops, ws_ops, debrief_ops;
void home_create(struct app *app);
void home_destroy(struct app *app);
/* Reload the session lists (after a session changed). */
void home_refresh(struct app *app);
/* Open the workspace on @s (taking ownership); @fresh when just created. */
void ws_open(struct app *app, struct session *s, bool fresh);
/* Save everything and close the workspace; false (and still open) when
 * text could not be saved and the user chose to stay. */
bool ws_close(struct app *app, bool asking);
/* Flush what can be saved; true when nothing unsaved remains. */
bool ws_save_all(struct app *app);
/* Open the debrief of the session with @id (loaded from the store). */
void debrief_open(struct app *app, const char *id);
void debrief_close(struct app *app);
/* Write the report or the CSV of session @id to a file the user names. */
void app_report(struct app *app, const char *id);
void app_export(struct app *app, const char *id);

/* Dialogs (dialog.c): modal, with their own small loop. */
/* Ask a yes/no question; true for yes. */
bool dialog_confirm(struct app *app, const char *title, const char *text);
/* Ask for one line of text, starting with @initial; NULL when cancelled
 * (caller frees the result). */
char *dialog_input(struct app *app, const char *title, const char *label, const char *initial);
/* Pick one of @n choices; -1 when cancelled. */
int dialog_choose(struct app *app, const char *title, const char *const *choices, size_t n,
		  int initial);
/* The start-a-session dialog for @sc of @pack; creates the session and
 * opens the workspace on it. */
void dialog_start(struct app *app, struct pack *pack, const struct pack_scenario *sc);
/* Draw the screen under a dialog, then the dialog frame; returns its
 * inside rectangle. */
struct rect dialog_frame(struct app *app, int h, int w, const char *title);

/* Drawing helpers (draw.c). All text goes through draw_str, which turns
 * control characters into visible stand-ins and never writes past @w. */
void draw_fill(struct rect r, int attr);
/* Draw @n bytes of UTF-8 at y, x within @w columns; returns columns used. */
int draw_str(int y, int x, int w, const char *s, size_t n, int attr);
int draw_cstr(int y, int x, int w, const char *s, int attr);
/* A formatted string, drawn like draw_cstr. */
int draw_fmt(int y, int x, int w, int attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A pane title bar on the first row of @r. */
void draw_title(struct rect r, const char *title, bool focus);
/* The header bar: @left text, @right text (right-aligned, wins space),
 * @right_attr for the right part. */
void draw_header(int cols, const char *left, const char *right, int right_attr);
/* The footer: the key hints of @scope, or the app's message. */
void draw_footer(struct app *app, int cols, int lines, enum key_scope_index scope);
/* A vertical line at column @x from row @y for @h rows. */
void draw_vline(int y, int x, int h);

/* A document of rows for a scrolling pane: wrapped texts and single lines,
 * each row tagged with the block (item) it belongs to. */
struct drow {
	const char *s;
	size_t n;
	int attr;
	int indent;
	int block;     /* -1 for rows of no item */
	bool editor;   /* a place held for the editor */
	bool grid;     /* a debrief grid row: each mark drawn in its stance's colour */
};
/* A grid row starts with GRID_LEAD bytes of stage number and name. */
#define GRID_LEAD 14
struct doc {
	struct drow *rows;
	size_t n, cap;
	char **owned;
	size_t nowned, owned_cap;
	int width;     /* wrap width */
};
void doc_reset(struct doc *d, int width);
void doc_free(struct doc *d);
/* Keep @s (malloc'd) alive until the next doc_reset; returns it. */
const char *doc_keep(struct doc *d, char *s);
/* One row, cut at the pane's edge. */
void doc_line(struct doc *d, const char *s, int attr, int indent, int block);
void doc_linef(struct doc *d, int attr, int indent, int block, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* @text word-wrapped, each '\n' a new row. Empty text adds nothing. */
void doc_text(struct doc *d, const char *text, int attr, int indent, int block);
/* doc_text() of text_reflow(@text): for the texts of packs. */
void doc_para(struct doc *d, const char *text, int attr, int indent, int block);
/* @n rows held for the editor. */
void doc_editor_rows(struct doc *d, int n, int block);
/* First and last row of @block; false if it has none. */
bool doc_block_rows(const struct doc *d, int block, size_t *first, size_t *last);
/* A top row that shows @block whole if it can (its top otherwise),
 * moving as little as possible from @top, for a view of @h rows. */
size_t doc_scroll_to(const struct doc *d, int block, size_t top, int h);
/* Keep @top within the document for a view of @h rows. */
size_t doc_clamp(const struct doc *d, size_t top, int h);
/* Draw rows from @top into @r; @sel_block drawn with @sel_attr. Returns
 * the screen row of the first editor row, or -1 when not shown. */
int doc_draw(const struct doc *d, struct rect r, size_t top, int sel_block, int sel_attr);

/* Draw the editor's view into @r; the cursor goes there once the frame
 * is drawn (draw_cursor_y/x, -1 when no editor is shown). */
void draw_editor(struct editor *ed, struct rect r, int attr);
extern int draw_cursor_y, draw_cursor_x;
/* Hand @ed's text to $VISUAL / $EDITOR / vi; false with a message. */
bool editor_external(struct app *app, struct editor *ed);

#endif
