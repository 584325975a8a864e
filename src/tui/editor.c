/*
 * editor.c - the text buffer of every editable field (see editor.h).
 *
 * The text is an array of lines; the cursor is a line and a byte offset.
 * Wrapping is never cached: it is recomputed for the few lines an operation
 * looks at, which keeps every keystroke proportional to one line.
 */
#include "editor.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "dilemma/util.h"
#include "keys.h"
#include "text.h"

static void line_reserve(struct ed_line *l, size_t extra)
{
	if (l->len + extra + 1 <= l->cap)
		return;
	size_t cap = l->cap ? l->cap : 32;
	while (cap < l->len + extra + 1)
		cap *= 2;
	l->s = xreallocarray(l->s, cap, 1);
	l->cap = cap;
}

static void line_insert(struct ed_line *l, size_t at, const char *s, size_t n)
{
	line_reserve(l, n);
	memmove(l->s + at + n, l->s + at, l->len - at);
	memcpy(l->s + at, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void line_erase(struct ed_line *l, size_t from, size_t to)
{
	memmove(l->s + from, l->s + to, l->len - to);
	l->len -= to - from;
	l->s[l->len] = '\0';
}

/* Make room for a new empty line at index @at. */
static struct ed_line *lines_insert(struct editor *ed, size_t at)
{
	if (ed->nlines == ed->cap) {
		ed->cap = ed->cap ? ed->cap * 2 : 8;
		ed->lines = xreallocarray(ed->lines, ed->cap, sizeof(*ed->lines));
	}
	memmove(ed->lines + at + 1, ed->lines + at, (ed->nlines - at) * sizeof(*ed->lines));
	ed->nlines++;
	memset(&ed->lines[at], 0, sizeof(ed->lines[at]));
	line_reserve(&ed->lines[at], 0);
	ed->lines[at].s[0] = '\0';
	return &ed->lines[at];
}

static void lines_remove(struct editor *ed, size_t at)
{
	free(ed->lines[at].s);
	memmove(ed->lines + at, ed->lines + at + 1, (ed->nlines - at - 1) * sizeof(*ed->lines));
	ed->nlines--;
}

void editor_init(struct editor *ed)
{
	memset(ed, 0, sizeof(*ed));
	ed->goal = -1;
	ed->width = 40;
	ed->height = 5;
	lines_insert(ed, 0);
}

void editor_finish(struct editor *ed)
{
	for (size_t i = 0; i < ed->nlines; i++)
		free(ed->lines[i].s);
	free(ed->lines);
	free(ed->wrap.starts);
	memset(ed, 0, sizeof(*ed));
}

void editor_set_text(struct editor *ed, const char *text)
{
	bool single = ed->single_line;
	int w = ed->width, h = ed->height;
	unsigned long changes = ed->changes;

	editor_finish(ed);
	editor_init(ed);
	ed->single_line = single;
	ed->width = w;
	ed->height = h;
	if (text)
		editor_insert(ed, text, strlen(text));
	ed->changes = changes + 1;
}

char *editor_text(const struct editor *ed)
{
	struct buf b = {0};

	for (size_t i = 0; i < ed->nlines; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_append(&b, ed->lines[i].s, ed->lines[i].len);
	}
	return buf_steal(&b);
}

size_t editor_length(const struct editor *ed)
{
	size_t n = ed->nlines - 1;

	for (size_t i = 0; i < ed->nlines; i++)
		n += ed->lines[i].len;
	return n;
}

void editor_resize(struct editor *ed, int width, int height)
{
	ed->width = width < 2 ? 2 : width;
	ed->height = height < 1 ? 1 : height;
}

/* Rows wrap one column short of the view so the cursor fits after the last
 * character of a full row. */
static void wrap_line(struct editor *ed, size_t li, struct text_rows *rows)
{
	if (!ed->wrap.valid || ed->wrap.line != li || ed->wrap.changes != ed->changes ||
	    ed->wrap.width != ed->width) {
		struct text_rows fresh = {ed->wrap.starts, 0, ed->wrap.cap};
		text_wrap(ed->lines[li].s, ed->lines[li].len, ed->width - 1, &fresh);
		ed->wrap.starts = fresh.starts;
		ed->wrap.count = fresh.count;
		ed->wrap.cap = fresh.cap;
		ed->wrap.line = li;
		ed->wrap.changes = ed->changes;
		ed->wrap.width = ed->width;
		ed->wrap.valid = true;
	}
	if (rows->cap < ed->wrap.count) {
		rows->cap = ed->wrap.count;
		rows->starts = xreallocarray(rows->starts, rows->cap, sizeof(*rows->starts));
	}
	memcpy(rows->starts, ed->wrap.starts, ed->wrap.count * sizeof(*rows->starts));
	rows->count = ed->wrap.count;
}

static void changed(struct editor *ed)
{
	ed->changes++;
	ed->goal = -1;
}

void editor_newline(struct editor *ed)
{
	if (ed->single_line) {
		editor_insert(ed, " ", 1);
		return;
	}
	struct ed_line *cur = &ed->lines[ed->cy];
	size_t tail = cur->len - ed->cx;
	struct ed_line *next = lines_insert(ed, ed->cy + 1);

	cur = &ed->lines[ed->cy]; /* lines may have moved */
	line_insert(next, 0, cur->s + ed->cx, tail);
	line_erase(cur, ed->cx, cur->len);
	ed->cy++;
	ed->cx = 0;
	changed(ed);
}

/* Insert bytes holding no line break, replacing invalid UTF-8. */
static void insert_plain(struct editor *ed, const char *s, size_t n)
{
	struct ed_line *l = &ed->lines[ed->cy];
	size_t i = 0, run = 0;

	line_reserve(l, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		wchar_t wc;
		size_t k = c < 0x80 ? 1 : text_decode(s + i, n - i, &wc);

		if (c >= 0x80 && k == 1) {
			line_insert(l, ed->cx, s + run, i - run);
			ed->cx += i - run;
			line_insert(l, ed->cx, "\xEF\xBF\xBD", 3);
			ed->cx += 3;
			run = i + 1;
		}
		i += k;
	}
	line_insert(l, ed->cx, s + run, n - run);
	ed->cx += n - run;
	changed(ed);
}

void editor_insert(struct editor *ed, const char *s, size_t n)
{
	size_t i = 0, start = 0;

	while (i < n) {
		if (s[i] == '\n' || s[i] == '\r') {
			if (i > start)
				insert_plain(ed, s + start, i - start);
			editor_newline(ed);
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			start = i + 1;
		}
		i++;
	}
	if (n > start)
		insert_plain(ed, s + start, n - start);
}

static void join_with_next(struct editor *ed, size_t li)
{
	struct ed_line *next = &ed->lines[li + 1];

	line_insert(&ed->lines[li], ed->lines[li].len, next->s, next->len);
	lines_remove(ed, li + 1);
}

void editor_backspace(struct editor *ed)
{
	if (ed->cx > 0) {
		size_t p = text_prev(ed->lines[ed->cy].s, ed->cx);
		line_erase(&ed->lines[ed->cy], p, ed->cx);
		ed->cx = p;
	} else if (ed->cy > 0) {
		ed->cy--;
		ed->cx = ed->lines[ed->cy].len;
		join_with_next(ed, ed->cy);
	} else {
		return;
	}
	changed(ed);
}

void editor_delete(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];

	if (ed->cx < l->len)
		line_erase(l, ed->cx, text_next(l->s, l->len, ed->cx));
	else if (ed->cy + 1 < ed->nlines)
		join_with_next(ed, ed->cy);
	else
		return;
	changed(ed);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

void editor_delete_word(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];
	size_t p = ed->cx;

	if (p == 0) {
		editor_backspace(ed);
		return;
	}
	while (p > 0 && is_space(l->s[p - 1]))
		p--;
	while (p > 0 && !is_space(l->s[p - 1]))
		p--;
	line_erase(l, p, ed->cx);
	ed->cx = p;
	changed(ed);
}

void editor_delete_to_start(struct editor *ed)
{
	if (ed->cx == 0) {
		editor_backspace(ed);
		return;
	}
	line_erase(&ed->lines[ed->cy], 0, ed->cx);
	ed->cx = 0;
	changed(ed);
}

void editor_delete_to_end(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];

	if (ed->cx == l->len) {
		editor_delete(ed);
		return;
	}
	line_erase(l, ed->cx, l->len);
	changed(ed);
}

void editor_left(struct editor *ed)
{
	if (ed->cx > 0)
		ed->cx = text_prev(ed->lines[ed->cy].s, ed->cx);
	else if (ed->cy > 0)
		ed->cx = ed->lines[--ed->cy].len;
	ed->goal = -1;
}

void editor_right(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];

	if (ed->cx < l->len)
		ed->cx = text_next(l->s, l->len, ed->cx);
	else if (ed->cy + 1 < ed->nlines) {
		ed->cy++;
		ed->cx = 0;
	}
	ed->goal = -1;
}

void editor_word_left(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];

	if (ed->cx == 0) {
		editor_left(ed);
		return;
	}
	while (ed->cx > 0 && is_space(l->s[ed->cx - 1]))
		ed->cx--;
	while (ed->cx > 0 && !is_space(l->s[ed->cx - 1]))
		ed->cx--;
	ed->goal = -1;
}

void editor_word_right(struct editor *ed)
{
	struct ed_line *l = &ed->lines[ed->cy];

	if (ed->cx == l->len) {
		editor_right(ed);
		return;
	}
	while (ed->cx < l->len && !is_space(l->s[ed->cx]))
		ed->cx++;
	while (ed->cx < l->len && is_space(l->s[ed->cx]))
		ed->cx++;
	ed->goal = -1;
}

/* Put the cursor on row @r of line @li at display column @col, never past
 * the end of a row that wraps (that offset belongs to the next row). */
static void place(struct editor *ed, size_t li, const struct text_rows *rows, size_t r, int col)
{
	struct ed_line *l = &ed->lines[li];
	size_t start = rows->starts[r], end = text_rows_end(rows, r, l->len);
	size_t off = start + text_fit(l->s + start, end - start, col);

	if (r + 1 < rows->count && off >= end && off > start)
		off = text_prev(l->s, end);
	ed->cy = li;
	ed->cx = off;
}

static int cursor_col(const struct editor *ed, const struct text_rows *rows, size_t r)
{
	size_t start = rows->starts[r];

	return text_width(ed->lines[ed->cy].s + start, ed->cx - start);
}

void editor_up(struct editor *ed)
{
	struct text_rows rows = {0};
	size_t r;
	int goal;

	wrap_line(ed, ed->cy, &rows);
	r = text_rows_find(&rows, ed->cx);
	goal = ed->goal >= 0 ? ed->goal : cursor_col(ed, &rows, r);
	if (r > 0) {
		place(ed, ed->cy, &rows, r - 1, goal);
	} else if (ed->cy > 0) {
		wrap_line(ed, ed->cy - 1, &rows);
		place(ed, ed->cy - 1, &rows, rows.count - 1, goal);
	}
	ed->goal = goal;
	text_rows_finish(&rows);
}

void editor_down(struct editor *ed)
{
	struct text_rows rows = {0};
	size_t r;
	int goal;

	wrap_line(ed, ed->cy, &rows);
	r = text_rows_find(&rows, ed->cx);
	goal = ed->goal >= 0 ? ed->goal : cursor_col(ed, &rows, r);
	if (r + 1 < rows.count) {
		place(ed, ed->cy, &rows, r + 1, goal);
	} else if (ed->cy + 1 < ed->nlines) {
		wrap_line(ed, ed->cy + 1, &rows);
		place(ed, ed->cy + 1, &rows, 0, goal);
	}
	ed->goal = goal;
	text_rows_finish(&rows);
}

void editor_home(struct editor *ed)
{
	struct text_rows rows = {0};

	wrap_line(ed, ed->cy, &rows);
	ed->cx = rows.starts[text_rows_find(&rows, ed->cx)];
	ed->goal = -1;
	text_rows_finish(&rows);
}

void editor_end(struct editor *ed)
{
	struct text_rows rows = {0};

	wrap_line(ed, ed->cy, &rows);
	place(ed, ed->cy, &rows, text_rows_find(&rows, ed->cx), 1 << 30);
	ed->goal = -1;
	text_rows_finish(&rows);
}

void editor_page_up(struct editor *ed)
{
	for (int i = 1; i < ed->height; i++)
		editor_up(ed);
}

void editor_page_down(struct editor *ed)
{
	for (int i = 1; i < ed->height; i++)
		editor_down(ed);
}

void editor_text_start(struct editor *ed)
{
	ed->cy = 0;
	ed->cx = 0;
	ed->goal = -1;
}

void editor_text_end(struct editor *ed)
{
	ed->cy = ed->nlines - 1;
	ed->cx = ed->lines[ed->cy].len;
	ed->goal = -1;
}

/* Rows from the top of the view to (line @li, row @r); stops counting at
 * @limit. */
static int rows_between(struct editor *ed, size_t li, size_t r, int limit)
{
	struct text_rows rows = {0};
	int n = 0;

	for (size_t i = ed->top; i < li && n <= limit; i++) {
		wrap_line(ed, i, &rows);
		n += (int)rows.count - (i == ed->top ? (int)ed->top_row : 0);
	}
	if (li == ed->top)
		n += (int)r - (int)ed->top_row;
	else
		n += (int)r;
	text_rows_finish(&rows);
	return n;
}

void editor_scroll(struct editor *ed)
{
	struct text_rows rows = {0};
	size_t r, li;
	int rem;

	if (ed->top >= ed->nlines) {
		ed->top = ed->nlines - 1;
		ed->top_row = 0;
	}
	wrap_line(ed, ed->top, &rows);
	if (ed->top_row >= rows.count)
		ed->top_row = rows.count - 1;
	wrap_line(ed, ed->cy, &rows);
	r = text_rows_find(&rows, ed->cx);
	if (ed->cy < ed->top || (ed->cy == ed->top && r < ed->top_row)) {
		ed->top = ed->cy;
		ed->top_row = r;
	} else if (ed->cy - ed->top > (size_t)ed->height ||
		   rows_between(ed, ed->cy, r, ed->height) >= ed->height) {
		/* walk back from the cursor to put it on the last row */
		li = ed->cy;
		rem = ed->height - 1;
		while (rem > 0) {
			if (r > 0) {
				r--;
			} else if (li > 0) {
				li--;
				wrap_line(ed, li, &rows);
				r = rows.count - 1;
			} else {
				break;
			}
			rem--;
		}
		ed->top = li;
		ed->top_row = r;
	}
	text_rows_finish(&rows);
}

void editor_cursor(struct editor *ed, int *row, int *col)
{
	struct text_rows rows = {0};
	size_t r;

	wrap_line(ed, ed->cy, &rows);
	r = text_rows_find(&rows, ed->cx);
	*col = cursor_col(ed, &rows, r);
	if (*col > ed->width - 1)
		*col = ed->width - 1;
	*row = rows_between(ed, ed->cy, r, ed->height);
	text_rows_finish(&rows);
}

int editor_view_rows(struct editor *ed, struct ed_row *out, int max)
{
	struct text_rows rows = {0};
	int n = 0;

	for (size_t li = ed->top; li < ed->nlines && n < max; li++) {
		wrap_line(ed, li, &rows);
		for (size_t r = li == ed->top ? ed->top_row : 0; r < rows.count && n < max; r++) {
			out[n].line = li;
			out[n].start = rows.starts[r];
			out[n].end = text_rows_end(&rows, r, ed->lines[li].len);
			n++;
		}
	}
	text_rows_finish(&rows);
	return n;
}

/* ---- keys ---- */

bool editor_handle(struct editor *ed, enum action a, int key, const struct buf *paste)
{
	switch (a) {
	case ACT_ED_LEFT: editor_left(ed); return true;
	case ACT_ED_RIGHT: editor_right(ed); return true;
	case ACT_ED_UP: editor_up(ed); return true;
	case ACT_ED_DOWN: editor_down(ed); return true;
	case ACT_ED_WORD_LEFT: editor_word_left(ed); return true;
	case ACT_ED_WORD_RIGHT: editor_word_right(ed); return true;
	case ACT_ED_HOME: editor_home(ed); return true;
	case ACT_ED_END: editor_end(ed); return true;
	case ACT_ED_PGUP: editor_page_up(ed); return true;
	case ACT_ED_PGDN: editor_page_down(ed); return true;
	case ACT_ED_BACKSPACE: editor_backspace(ed); return true;
	case ACT_ED_DELETE: editor_delete(ed); return true;
	case ACT_ED_DEL_WORD: editor_delete_word(ed); return true;
	case ACT_ED_DEL_START: editor_delete_to_start(ed); return true;
	case ACT_ED_DEL_END: editor_delete_to_end(ed); return true;
	case ACT_ED_NEWLINE: editor_newline(ed); return true;
	default: break;
	}
	if (key == TK_PASTE && paste) {
		if (paste->len)
			editor_insert(ed, paste->data, paste->len);
		return true;
	}
	if (a == ACT_NONE && key >= 0x20 && key < TK_BASE && key != 0x7f) {
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1)
			editor_insert(ed, mb, n);
		return true;
	}
	return false;
}
