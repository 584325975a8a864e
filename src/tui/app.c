/*
 * app.c - the workbench's main loop and its stack of screens: read a key,
 * deal with what every screen shares (quit, help, panes, scrolling), hand
 * the rest to the screen on top, then lay out and redraw. Resizing is
 * handled here and only here; so is the "terminal too small" notice.
 */
#define NCURSES_WIDECHAR 1
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "help.h"
#include "term.h"

int64_t app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	va_end(ap);
	app->message_error = error;
}

/* ---- the stack of screens ---- */

static struct app_screen *top(struct app *app)
{
	return app->depth ? &app->stack[app->depth - 1] : NULL;
}

static void close_top(struct app *app)
{
	struct app_screen *t = top(app);

	t->ops->close(app, t->self);
	app->depth--;
	app->help = false;
}

/* Show the screen now on top again. */
static void resume_top(struct app *app)
{
	struct app_screen *t = top(app);

	if (t && t->ops->resume)
		t->ops->resume(app, t->self);
}

bool app_open(struct app *app, enum screen_id id, const struct screen_arg *arg)
{
	const struct screen_ops *ops = screen_ops_of(id);
	static const struct screen_arg none;
	void *self;

	if (app->depth == APP_MAX_SCREENS)
		die("too many screens open");
	self = ops->open(app, arg ? arg : &none);
	if (!self)
		return false;
	app->stack[app->depth++] = (struct app_screen){ops, self};
	app->help = false;
	return true;
}

static bool leave_top(struct app *app, bool asking)
{
	struct app_screen *t = top(app);

	return !t->ops->leave || t->ops->leave(app, t->self, asking);
}

bool app_replace(struct app *app, enum screen_id id, const struct screen_arg *arg)
{
	if (app->depth) {
		if (!leave_top(app, true))
			return false;
		close_top(app);
	}
	if (app_open(app, id, arg))
		return true;
	resume_top(app);
	return false;
}

bool app_back(struct app *app)
{
	if (app->depth <= 1)
		return false;
	if (!leave_top(app, true))
		return false;
	close_top(app);
	resume_top(app);
	return true;
}

void app_quit(struct app *app)
{
	for (size_t i = app->depth; i-- > 0;) {
		struct app_screen *s = &app->stack[i];
		if (s->ops->leave && !s->ops->leave(app, s->self, true))
			return;
	}
	app->quit = true;
}

void app_close_all(struct app *app)
{
	while (app->depth) {
		leave_top(app, false);
		close_top(app);
	}
}

struct app_screen *app_top(struct app *app)
{
	return top(app);
}

enum key_scope_index app_scope(struct app *app)
{
	struct app_screen *t = top(app);

	if (app->help && app->help_modal)
		return app->help_scope;
	return t ? t->ops->scope(t->self) : SCOPE_GLOBAL;
}

/* ---- drawing ---- */

void app_footer(struct app *app, int cols, int lines, enum key_scope_index scope,
		const char *fallback, bool fallback_error)
{
	if (app->message[0])
		draw_footer(cols, lines, scope, app->message, app->message_error);
	else
		draw_footer(cols, lines, scope, fallback, fallback_error);
}

void app_footer_more(struct app *app, int cols, int lines, enum key_scope_index scope,
		     bool up, bool down)
{
	/* the marker's room: " ↑↓ more " at most */
	int room = up || down ? 10 : 0;

	app_footer(app, cols - room, lines, scope, NULL, false);
	if (room) {
		draw_fill((struct rect){lines - 1, cols - room, 1, room}, term_attr(ROLE_FOOTER));
		draw_more(lines - 1, cols, up, down);
	}
}

void app_draw(struct app *app)
{
	int cols = COLS, lines = LINES;
	struct app_screen *t = top(app);

	erase();
	draw_cursor_y = -1;
	if (layout_too_small(cols, lines)) {
		int y = lines / 2 - 1;
		draw_fmt(y < 0 ? 0 : y, 0, cols, term_attr(ROLE_EMPH),
			 "Terminal too small: %dx%d", cols, lines);
		draw_fmt(y + 1, 0, cols, A_NORMAL, "Need at least %dx%d.", LAYOUT_MIN_COLS,
			 LAYOUT_MIN_LINES);
		draw_cstr(y + 2, 0, cols, "Enlarge it; F10 quits.", A_NORMAL);
		if (app_scope(app) == SCOPE_EDITOR)
			draw_cstr(y + 3, 0, cols, "Typing still goes into the open field.", A_NORMAL);
		return;
	}
	if (!t)
		return;
	t->ops->layout(app, t->self, cols, lines);
	t->ops->draw(app, t->self, cols, lines);
	if (app->help)
		help_draw(app, cols, lines);
}

void app_refresh(void)
{
	if (draw_cursor_y >= 0) {
		move(draw_cursor_y, draw_cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- the loop ---- */

/* Every open screen ticks, the one on top first: a workspace under the
 * present view or a ballot keeps saving and saying it has the session. */
void app_tick(struct app *app)
{
	for (size_t i = app->depth; i-- > 0;) {
		struct app_screen *s = &app->stack[i];
		if (s->ops->tick)
			s->ops->tick(app, s->self);
	}
}

int app_key(struct app *app, int timeout_ms, struct buf **paste)
{
	int key = term_key(timeout_ms, paste);

	if (key == TK_TICK) {
		app_tick(app);
		return 0;
	}
	if (key == TK_RESIZE) {
		/* the one place a resize is handled: every frame is laid out
		 * from the current size, and curses repaints the next one whole */
		clearok(curscr, TRUE);
		return 0;
	}
	return key;
}
