/*
 * editor.h - the text buffer behind every editable field: UTF-8 text kept
 * as an array of lines, a cursor, word-wrapped rows for a view of a given
 * size, and the editing operations the key table names.
 *
 * Curses-free: the screens draw what editor_view_rows() says. Each edit
 * touches one line (or splits/joins two), and rewraps only the rows of that
 * line that the edit can change and the view shows, so a keystroke costs
 * the same in a line of 100 bytes or of 1 MB (but for moving the line's
 * bytes, one memmove()).
 */
#ifndef DILEMMA_TUI_EDITOR_H
#define DILEMMA_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/util.h"
#include "keys.h"

struct ed_line {
	char *s;
	size_t len;
	size_t cap;
};

struct editor {
	struct ed_line *lines; /* always at least one */
	size_t nlines;
	size_t cap;
	size_t cy;             /* cursor line */
	size_t cx;             /* cursor byte offset in that line */
	int goal;              /* column kept while moving up/down; -1 none */
	size_t top;            /* first line shown */
	size_t top_row;        /* first wrapped row of that line shown */
	int width;             /* wrap width in columns (set by the screen) */
	int height;            /* rows in the view */
	bool single_line;      /* newlines become spaces (dialog fields) */
	unsigned long changes; /* bumped by every edit */
	/* The row starts of the two lines last wrapped, each computed from its
	 * line's start only as far as something asked (the view, the cursor),
	 * and after an edit kept up to two rows before it: editor.c says why
	 * that is enough. */
	struct ed_wrap {
		size_t *starts;     /* starts[0..count) of rows 0..count-1 */
		size_t count, cap;
		size_t line;
		int width;          /* the wrap width they were computed for */
		bool complete;      /* the last row known ends the line */
		bool valid;
		unsigned long used; /* when last asked for, to pick one to reuse */
	} wrap[2];
	unsigned long wrap_clock;
};

void editor_init(struct editor *ed);
void editor_finish(struct editor *ed);
/* Replace the text (NULL = empty) and put the cursor at its end. */
void editor_set_text(struct editor *ed, const char *text);
/* The whole text, lines joined with '\n'; caller frees. */
char *editor_text(const struct editor *ed);
/* Bytes in the text, newlines included. */
size_t editor_length(const struct editor *ed);
/* Set the view size; the wrap width is at least 1. */
void editor_resize(struct editor *ed, int width, int height);

/* Insert @n bytes at the cursor, literally: '\n' (and "\r\n", '\r') start a
 * new line; invalid UTF-8 bytes become U+FFFD. */
void editor_insert(struct editor *ed, const char *s, size_t n);
void editor_newline(struct editor *ed);
void editor_backspace(struct editor *ed);
void editor_delete(struct editor *ed);
/* Delete the word before the cursor (and the spaces after it). */
void editor_delete_word(struct editor *ed);
/* Delete from the start of the line to the cursor / from the cursor to its end. */
void editor_delete_to_start(struct editor *ed);
void editor_delete_to_end(struct editor *ed);

void editor_left(struct editor *ed);
void editor_right(struct editor *ed);
void editor_word_left(struct editor *ed);
void editor_word_right(struct editor *ed);
/* Up and down move by wrapped rows, keeping the column. */
void editor_up(struct editor *ed);
void editor_down(struct editor *ed);
/* Start / end of the wrapped row the cursor is on. */
void editor_home(struct editor *ed);
void editor_end(struct editor *ed);
void editor_page_up(struct editor *ed);
void editor_page_down(struct editor *ed);
void editor_text_start(struct editor *ed);
void editor_text_end(struct editor *ed);

/* Scroll so that the cursor is inside the view. */
void editor_scroll(struct editor *ed);
/* The cursor's place in the view (after editor_scroll()). */
void editor_cursor(struct editor *ed, int *row, int *col);

/* One row of the view: bytes [start, end) of line @line. */
struct ed_row {
	size_t line;
	size_t start;
	size_t end;
};
/* Fill up to @max rows of the view from the top; returns how many. */
int editor_view_rows(struct editor *ed, struct ed_row *rows, int max);

/* Apply an editor action (ACT_ED_*), a plain character or a paste
 * (TK_PASTE with @paste) to @ed; true when it was an editing key. */
bool editor_handle(struct editor *ed, enum action a, int key, const struct buf *paste);

#endif
