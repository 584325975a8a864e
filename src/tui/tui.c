/*
 * tui.c - the workbench's entries (tui.h): the registry of screens and
 * the main loop, run from the home screen or on the present view alone. A key first goes to what every screen shares (help, quit,
 * panes, scrolling), then to the screen on top; after each key or tick the
 * screen is laid out and drawn again.
 */
#define NCURSES_WIDECHAR 1
#include "tui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dilemma/conduct.h"
#include "dilemma/tally.h"
#include "help.h"
#include "term.h"

#define X_OPS(e, ops) [e] = &ops,
static const struct screen_ops *const registry[] = {SCREENS(X_OPS)};
#undef X_OPS
_Static_assert(ALEN(registry) == SCREEN_COUNT, "one registry entry per screen");

const struct screen_ops *screen_ops_of(enum screen_id id)
{
	return registry[id];
}

static const enum nav nav_of[ACTION_COUNT] = {
	[ACT_UP] = NAV_UP, [ACT_DOWN] = NAV_DOWN, [ACT_PGUP] = NAV_PAGE_UP,
	[ACT_PGDN] = NAV_PAGE_DOWN, [ACT_FIRST] = NAV_FIRST, [ACT_LAST] = NAV_LAST,
};

/* What every screen shares, handled once; false when the key is the
 * screen's own. */
static bool common_key(struct app *app, struct app_screen *t, enum action a)
{
	switch (a) {
	case ACT_HELP:
		help_open(app);
		return true;
	case ACT_QUIT:
		app_quit(app);
		return true;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		if (t->ops->focus)
			t->ops->focus(app, t->self, a == ACT_NEXT_PANE ? 1 : -1);
		return true;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_FIRST:
	case ACT_LAST:
		if (t->ops->navigate)
			t->ops->navigate(app, t->self, nav_of[a]);
		return true;
	default:
		return false;
	}
}

static void dispatch(struct app *app, int key, const struct buf *paste)
{
	struct app_screen *t = app_top(app);
	enum key_scope_index scope = t->ops->scope(t->self);
	enum action a = key == TK_PASTE ? ACT_NONE : keys_action(scope, key);

	/* an editor takes every key it has (arrows move its cursor); the
	 * others share the common ones */
	if (scope == SCOPE_EDITOR ? a == ACT_HELP && common_key(app, t, a)
				  : common_key(app, t, a))
		return;
	t->ops->key(app, t->self, a, key, paste);
}

bool tui_available(void)
{
	return term_available();
}

/* Run the loop on the screens @app has open until the user quits, then
 * close them and give the terminal back. The exit status. */
static int run(struct app *app)
{
	while (!app->quit && app->depth) {
		if (term_stop_requested())
			break;
		struct app_screen *t = app_top(app);
		app_draw(app);
		app_refresh();
		struct buf *paste = NULL;
		int key = app_key(app, t->ops->poll_ms ? t->ops->poll_ms(t->self) : 1000, &paste);
		if (!key)
			continue;
		app->message[0] = '\0';
		if (layout_too_small(COLS, LINES)) {
			/* nothing can be seen to be chosen; but what is typed into
			 * an open editor is still taken, so no word is lost */
			if (key == TK_F10)
				app->quit = true;
			else if (app_scope(app) == SCOPE_EDITOR)
				dispatch(app, key, paste);
			continue;
		}
		if (app->help) {
			help_key(app, key);
			continue;
		}
		dispatch(app, key, paste);
		/* typing without a pause still saves now and then */
		app_tick(app);
	}
	app_close_all(app);
	help_finish();
	term_stop();
	if (app->rescue.len) {
		fprintf(stderr, "dilemma: this text could not be saved (%s); here it is, to keep:\n%s",
			"the database refused it", app->rescue.data);
		buf_finish(&app->rescue);
		return 1;
	}
	return 0;
}

/* The workspace on session @id, over home; false with a footer message. */
static bool open_session(struct app *app, const char *id)
{
	struct store_error err;
	struct session *s = store_session_load(app->store, id, &err);

	if (!s) {
		app_message(app, true, "cannot open the session: %s", err.message);
		return false;
	}
	struct screen_arg arg = {.conduct = conduct_open(app->store, s, app_now_ms),
				 .fresh = tally_last_stage(s) < 0};
	return app_open(app, SCREEN_WORKSPACE, &arg);
}

int tui_run(struct store *st, struct pack_index *packs, const struct tui_options *opt)
{
	static const struct tui_options none;
	struct app app;

	if (!opt)
		opt = &none;
	memset(&app, 0, sizeof(app));
	app.store = st;
	app.packs = packs;
	app.no_bell = opt->no_bell || (getenv("DILEMMA_NO_BELL") && getenv("DILEMMA_NO_BELL")[0]);
	if (!term_start())
		return 1;
	if (!app_open(&app, SCREEN_HOME, NULL))
		app.quit = true;
	else if (opt->session_id)
		open_session(&app, opt->session_id);
	return run(&app);
}

int tui_present(struct store *st, const char *session_id)
{
	struct screen_arg arg = {.session_id = session_id};
	struct app app;

	memset(&app, 0, sizeof(app));
	app.store = st;
	if (!term_start())
		return 1;
	if (!app_open(&app, SCREEN_PRESENT, &arg)) {
		term_stop();
		fprintf(stderr, "dilemma: %s\n", app.message);
		return 1;
	}
	return run(&app);
}
