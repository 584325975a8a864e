/*
 * layout.h - where each pane of each screen goes for a terminal size.
 *
 * Pure arithmetic, curses-free and unit-tested: every rectangle lies
 * inside the screen, none overlap, and every pane keeps a usable size down
 * to the minimum. Below LAYOUT_MIN_* the screens show a notice instead.
 */
#ifndef DILEMMA_TUI_LAYOUT_H
#define DILEMMA_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_LINES 18

struct rect {
	int y, x, h, w;
};

/* Home: header line, scenario list and preview, open and past sessions,
 * footer line. */
struct home_layout {
	struct rect header, scenarios, preview, open, past, footer;
};
/* What home's layout depends on besides the size: the width the scenario
 * list would like (its longest row), and how many sessions each list has. */
struct home_wants {
	int list_width;
	size_t open, past;
};

/* Workspace: header, stage rail, scenario text, the stage's prompts and
 * fields, the principles, footer. */
struct ws_layout {
	struct rect header, rail, scenario, stage, principles, footer;
};

/* Debrief: header, one scrolling document, footer. */
struct doc_layout {
	struct rect header, body, footer;
};

/* The common moves in a list or a scrolling pane. */
enum nav { NAV_UP, NAV_DOWN, NAV_PAGE_UP, NAV_PAGE_DOWN, NAV_FIRST, NAV_LAST };
/* Where index @at of a list of @count goes on @nav, a page being @page
 * rows: always within the list (0 for an empty one). For a scroll
 * offset, @count is the number of rows of the document. */
size_t nav_move(size_t at, size_t count, size_t page, enum nav nav);

/* True when @cols x @lines is too small for any screen. */
bool layout_too_small(int cols, int lines);
/* The scenario list is as wide as it wants, between HOME_LIST_MIN and
 * half the screen (so it grows with the terminal); each session list
 * takes its title row and a row a session, up to its share (a quarter of
 * the rows between header and footer, about), so an empty one is one row;
 * the scenarios and the preview get the rest. */
#define HOME_LIST_MIN 28
void layout_home(int cols, int lines, const struct home_wants *want, struct home_layout *out);
void layout_workspace(int cols, int lines, struct ws_layout *out);
void layout_doc(int cols, int lines, struct doc_layout *out);
/* A centred dialog of @h x @w, shrunk to fit the screen. */
struct rect layout_dialog(int cols, int lines, int h, int w);
/* True when @a and @b share a cell. */
bool rect_overlap(struct rect a, struct rect b);
/* True when @r lies inside the screen and is not empty. */
bool rect_inside(struct rect r, int cols, int lines);

#endif
