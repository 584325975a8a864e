/*
 * draw.c - putting text on the screen: safe strings, title and header
 * bars, the footer, scrolling documents and the editor's view.
 *
 * Everything drawn goes through draw_str(), which decodes UTF-8 with
 * text.c, replaces control characters with visible stand-ins and stops at
 * the given width, so no text from a pack or the database can move the
 * cursor or change the terminal.
 */
#define NCURSES_WIDECHAR 1
#include "draw.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "text.h"

void draw_fill(struct rect r, int attr)
{
	attrset(attr);
	for (int y = r.y; y < r.y + r.h; y++) {
		move(y, r.x);
		for (int x = 0; x < r.w; x++)
			addch(' ');
	}
	attrset(A_NORMAL);
}

int draw_str(int y, int x, int w, const char *s, size_t n, int attr)
{
	wchar_t wbuf[256];
	int used = 0, k = 0;
	size_t i = 0;

	if (w <= 0 || !s)
		return 0;
	move(y, x);
	attrset(attr);
	while (i < n) {
		wchar_t wc;
		size_t len = text_decode(s + i, n - i, &wc);
		int cw = text_char_width(wc);
		if (used + cw > w)
			break;
		wbuf[k++] = text_safe_char(wc);
		used += cw;
		i += len;
		if (k == (int)ALEN(wbuf)) {
			addnwstr(wbuf, k);
			k = 0;
		}
	}
	if (k)
		addnwstr(wbuf, k);
	attrset(A_NORMAL);
	return used;
}

int draw_cstr(int y, int x, int w, const char *s, int attr)
{
	return draw_str(y, x, w, s, s ? strlen(s) : 0, attr);
}

int draw_str_cut(int y, int x, int w, const char *s, size_t n, int attr)
{
	/* U+2026 where the terminal's locale has it */
	const char *dots = MB_CUR_MAX > 1 ? "\xE2\x80\xA6" : "...";
	int dw = MB_CUR_MAX > 1 ? 1 : 3;

	if (w <= 0 || !s || text_width(s, n) <= w)
		return draw_str(y, x, w, s, n, attr);
	if (w <= dw)
		return draw_str(y, x, w, dots, strlen(dots), attr);
	int used = draw_str(y, x, w - dw, s, text_fit(s, n, w - dw), attr);
	return used + draw_str(y, x + used, dw, dots, strlen(dots), attr);
}

int draw_fmt(int y, int x, int w, int attr, const char *fmt, ...)
{
	va_list ap;
	struct buf b = {0};
	int used;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	used = draw_str(y, x, w, b.data, b.len, attr);
	buf_finish(&b);
	return used;
}

void draw_title(struct rect r, const char *title, bool focus)
{
	int attr = term_attr(focus ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	struct rect line = {r.y, r.x, 1, r.w};

	draw_fill(line, attr);
	draw_fmt(r.y, r.x, r.w, attr, "%s%s", focus ? ">" : " ", title);
}

void draw_header(int cols, const char *left, const char *right, int right_attr)
{
	int attr = term_attr(ROLE_HEADER);
	struct rect line = {0, 0, 1, cols};
	int rw = right ? text_width(right, strlen(right)) : 0;

	if (rw > cols - 1)
		rw = cols - 1;
	draw_fill(line, attr);
	/* a long left part ends in an ellipsis two columns short of the
	 * right one, which keeps its place */
	if (left)
		draw_str_cut(0, 1, cols - rw - 4, left, strlen(left), attr);
	if (right)
		draw_cstr(0, cols - rw - 1, rw, right, right_attr);
}

int draw_header_room(int cols, const char *right)
{
	int rw = right ? text_width(right, strlen(right)) : 0;

	if (rw > cols - 1)
		rw = cols - 1;
	return cols - rw - 4;
}

void draw_footer(int cols, int lines, enum key_scope_index scope, const char *message,
		 bool error)
{
	int attr = term_attr(ROLE_FOOTER);
	struct rect line = {lines - 1, 0, 1, cols};

	draw_fill(line, attr);
	if (message && message[0]) {
		draw_cstr(lines - 1, 1, cols - 2, message, error ? term_attr(ROLE_ERROR) : attr);
		return;
	}
	char *f = keys_footer_fit(scope, cols - 2);
	draw_cstr(lines - 1, 1, cols - 2, f, attr);
	free(f);
}

void draw_vline(int y, int x, int h)
{
	for (int i = 0; i < h; i++)
		mvaddch(y + i, x, ACS_VLINE);
}

int draw_more(int y, int right, bool up, bool down)
{
	bool arrows = MB_CUR_MAX > 1;
	char s[32];
	int w;

	if (!up && !down)
		return 0;
	snprintf(s, sizeof(s), " %s%s more ", up ? (arrows ? "\xE2\x86\x91" : "^") : "",
		 down ? (arrows ? "\xE2\x86\x93" : "v") : "");
	w = text_width(s, strlen(s));
	if (right - w < 0)
		return 0;
	return draw_cstr(y, right - w, w, s, term_attr(ROLE_EMPH));
}

void draw_more_title(struct rect r, size_t top, size_t total, int h)
{
	draw_more(r.y, r.x + r.w, top > 0, h >= 0 && total > top + (size_t)h);
}

/* ---- the editor ---- */

int draw_cursor_y = -1, draw_cursor_x = -1;

void draw_editor(struct editor *ed, struct rect r, int attr)
{
	struct ed_row rows[256];
	int n, cy, cx;

	if (r.h > (int)ALEN(rows))
		r.h = (int)ALEN(rows);
	editor_resize(ed, r.w, r.h);
	editor_scroll(ed);
	draw_fill(r, attr);
	n = editor_view_rows(ed, rows, r.h);
	for (int i = 0; i < n; i++) {
		const struct ed_line *l = &ed->lines[rows[i].line];
		draw_str(r.y + i, r.x, r.w, l->s + rows[i].start, rows[i].end - rows[i].start, attr);
	}
	editor_cursor(ed, &cy, &cx);
	draw_cursor_y = r.y + cy;
	draw_cursor_x = r.x + cx;
}
