/*
 * text.h - display width, safe text and word wrap for the workbench.
 *
 * Curses-free, so the editor and the unit tests use exactly the code the
 * screens draw with. Widths come from the C library's wcwidth() under the
 * current locale; nothing here keeps its own width table.
 */
#ifndef DILEMMA_TUI_TEXT_H
#define DILEMMA_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Decode one character at @s (at most @n bytes) into *@wc; returns the bytes
 * used (>= 1). Invalid or truncated UTF-8 decodes as U+FFFD one byte long. */
size_t text_decode(const char *s, size_t n, wchar_t *wc);
/* Columns a character takes on screen: control characters count as the one
 * column of their visible replacement, zero-width marks as 0. */
int text_char_width(wchar_t wc);
/* What to draw for @wc: control characters become a visible stand-in
 * (tab a space, others U+FFFD) so that no raw control reaches the terminal. */
wchar_t text_safe_char(wchar_t wc);
/* Display width of @n bytes at @s. */
int text_width(const char *s, size_t n);
/* Byte length of the longest prefix of @s (@n bytes) that fits in @cols. */
size_t text_fit(const char *s, size_t n, int cols);
/* Byte offset of the character before / after offset @i in @s (@n bytes).
 * A character takes its combining marks with it, so the cursor never lands
 * between a letter and its accent. */
size_t text_prev(const char *s, size_t i);
size_t text_next(const char *s, size_t n, size_t i);

/* The rows of one wrapped line: starts[k] is the byte offset row k begins at. */
struct text_rows {
	size_t *starts;
	size_t count;
	size_t cap;
};

/* Word-wrap @n bytes at @s (no newlines) into rows of at most @width columns:
 * rows break after a run of spaces when they can, inside a word only when a
 * word is longer than a row. Spaces at a break hang at the end of their row.
 * An empty line has one row. Linear in @n. */
void text_wrap(const char *s, size_t n, int width, struct text_rows *rows);
/* One step of text_wrap(): the start of the row after the one starting at
 * @start, or @n when that row is the line's last. It depends only on the
 * text from @start on, and reads it no further than the first character
 * that does not fit. */
size_t text_wrap_next(const char *s, size_t n, size_t start, int width);
void text_rows_finish(struct text_rows *rows);
/* The row of @rows (for a line of @n bytes) holding byte offset @off. */
size_t text_rows_find(const struct text_rows *rows, size_t off);
/* End offset of row @k of a line of @n bytes. */
size_t text_rows_end(const struct text_rows *rows, size_t k, size_t n);

/* A text of a pack, whose lines its author wrapped: single line breaks
 * join with a space, blank lines and lines starting a list item ("- ",
 * "* ", "1. ") keep theirs, trailing newlines go. Caller frees. */
char *text_reflow(const char *text);

/* "just now", "2 s ago", "3 min ago", "2 h ago", "4 days ago" for an age in
 * seconds, into @out. */
void text_age(long seconds, char *out, size_t size);
/* "MM:SS" or "H:MM:SS" for a duration in seconds. */
void text_clock(long seconds, char *out, size_t size);

#endif
