/*
 * draw.h - putting text on the screen safely: every string goes through
 * draw_str(), which turns control characters into visible stand-ins and
 * never writes past the width it is given; bars, lines and the editor's
 * view. Draw functions read state and paint; they change nothing else.
 */
#ifndef DILEMMA_TUI_DRAW_H
#define DILEMMA_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "editor.h"
#include "keys.h"
#include "layout.h"

void draw_fill(struct rect r, int attr);
/* Draw @n bytes of UTF-8 at y, x within @w columns; returns columns used. */
int draw_str(int y, int x, int w, const char *s, size_t n, int attr);
int draw_cstr(int y, int x, int w, const char *s, int attr);
/* draw_str(), but a text wider than @w ends in an ellipsis ("\u2026", or
 * "..." where the locale cannot show it) within @w: the reader sees that
 * there is more. */
int draw_str_cut(int y, int x, int w, const char *s, size_t n, int attr);
/* A formatted string, drawn like draw_cstr. */
int draw_fmt(int y, int x, int w, int attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A pane title bar on the first row of @r. */
void draw_title(struct rect r, const char *title, bool focus);
/* The header bar: @left text, @right text (right-aligned, wins space),
 * @right_attr for the right part. A left part longer than its room ends
 * in an ellipsis. */
void draw_header(int cols, const char *left, const char *right, int right_attr);
/* The columns draw_header() leaves the left part beside @right. */
int draw_header_room(int cols, const char *right);
/* The footer: @message (in the error colour when @error) if there is one,
 * else the key hints of @scope that fit. */
void draw_footer(int cols, int lines, enum key_scope_index scope, const char *message,
		 bool error);
/* A vertical line at column @x from row @y for @h rows. */
void draw_vline(int y, int x, int h);
/* That a pane shows part of what it holds: "↑ more" (more above),
 * "↓ more" (below) or both arrows, ending at column @right of row @y;
 * "^" and "v" where the locale cannot show arrows. Nothing when neither.
 * Returns the columns used. */
int draw_more(int y, int right, bool up, bool down);
/* draw_more() at the right end of the title row of pane @r, when its
 * @total rows shown from @top in @h rows leave some out. */
void draw_more_title(struct rect r, size_t top, size_t total, int h);

/* Draw the editor's view into @r; the cursor goes there once the frame
 * is drawn (draw_cursor_y/x, -1 when no editor is shown). */
void draw_editor(struct editor *ed, struct rect r, int attr);
extern int draw_cursor_y, draw_cursor_x;

#endif
