/*
 * editor.c - the text buffer of every editable field (see editor.h).
 *
 * The text is an array of lines; the cursor is a line and a byte offset.
 * Wrapping is cached for the two lines last looked at, row by row and only
 * as far as asked (see "the row cache" below), so that typing into a line
 * of a megabyte rewraps a screenful of it, not all of it.
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

static void wrap_lines_moved(struct editor *ed, size_t at, bool removed);

/* Make room for a new empty line at index @at. */
static struct ed_line *lines_insert(struct editor *ed, size_t at)
{
	wrap_lines_moved(ed, at, false);
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
	wrap_lines_moved(ed, at, true);
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
	free(ed->wrap[0].starts);
	free(ed->wrap[1].starts);
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

/* ---- the row cache ----
 *
 * Where a row starts is a function of the text from the previous row's
 * start on (text_wrap_next()), so a line's rows are computed from its
 * start, one at a time, and only as far as something asks: the view, the
 * cursor. An edit from byte p of a line on, p on row r, leaves the starts
 * of rows 0..r-2 as they were: the start of row j+1 is chosen reading the
 * text no further than the first character that does not fit on row j,
 * which is on row j+1 or, when it does not fit there either, is where row
 * j+2 starts; so the choices that made rows 1..r-2 read nothing at or past
 * the start of row r-1 < p. The cache keeps those starts and computes the
 * rest again when asked: an insert rewraps from two rows before the
 * cursor to the end of the view, and no further.
 */

/* The cache of line @li at the view's width, taking over the slot least
 * recently asked for when neither holds it. */
static struct ed_wrap *wrap_of(struct editor *ed, size_t li)
{
	struct ed_wrap *w = NULL;

	for (int i = 0; i < 2; i++)
		if (ed->wrap[i].valid && ed->wrap[i].line == li)
			w = &ed->wrap[i];
	if (!w)
		w = ed->wrap[0].used <= ed->wrap[1].used ? &ed->wrap[0] : &ed->wrap[1];
	if (!w->valid || w->line != li || w->width != ed->width) {
		if (!w->cap) {
			w->cap = 16;
			w->starts = xreallocarray(NULL, w->cap, sizeof(*w->starts));
		}
		w->starts[0] = 0;
		w->count = 1;
		w->line = li;
		w->width = ed->width;
		w->complete = false;
		w->valid = true;
	}
	w->used = ++ed->wrap_clock;
	return w;
}

/* One more row of @w known; false when its line has no more. Rows wrap
 * one column short of the view so the cursor fits after the last
 * character of a full row. */
static bool wrap_step(const struct editor *ed, struct ed_wrap *w)
{
	const struct ed_line *l = &ed->lines[w->line];
	size_t next;

	if (w->complete)
		return false;
	next = text_wrap_next(l->s, l->len, w->starts[w->count - 1], w->width - 1);
	if (next >= l->len) {
		w->complete = true;
		return false;
	}
	if (w->count == w->cap) {
		w->cap *= 2;
		w->starts = xreallocarray(w->starts, w->cap, sizeof(*w->starts));
	}
	w->starts[w->count++] = next;
	return true;
}

/* Line @li's rows, known through row @k and where the row after it starts
 * (or through the line's last row, when @k is past it). */
static struct ed_wrap *rows_through(struct editor *ed, size_t li, size_t k)
{
	struct ed_wrap *w = wrap_of(ed, li);

	while (w->count <= k + 1 && wrap_step(ed, w))
		;
	return w;
}

/* Line @li's rows, known through the one holding byte @off and where the
 * row after it starts. */
static struct ed_wrap *rows_to(struct editor *ed, size_t li, size_t off)
{
	struct ed_wrap *w = wrap_of(ed, li);

	while (w->starts[w->count - 1] <= off && wrap_step(ed, w))
		;
	return w;
}

/* Every row of line @li. */
static struct ed_wrap *rows_all(struct editor *ed, size_t li)
{
	struct ed_wrap *w = wrap_of(ed, li);

	while (wrap_step(ed, w))
		;
	return w;
}

/* The known row of @w holding byte @off. */
static size_t row_of(const struct ed_wrap *w, size_t off)
{
	const struct text_rows rows = {w->starts, w->count, w->cap};

	return text_rows_find(&rows, off);
}

/* Where row @k of @w ends (its next row's start, or the line's end). */
static size_t row_end(const struct editor *ed, const struct ed_wrap *w, size_t k)
{
	return k + 1 < w->count ? w->starts[k + 1] : ed->lines[w->line].len;
}

/* Line @li changed from byte @p on: keep the rows that cannot change. */
static void wrap_edited(struct editor *ed, size_t li, size_t p)
{
	for (int i = 0; i < 2; i++) {
		struct ed_wrap *w = &ed->wrap[i];
		if (!w->valid || w->line != li)
			continue;
		size_t r = row_of(w, p);
		w->count = r >= 2 ? r - 1 : 1;
		w->complete = false;
	}
}

/* A line was inserted at @at, or (@removed) line @at removed: the cached
 * lines after it moved. */
static void wrap_lines_moved(struct editor *ed, size_t at, bool removed)
{
	for (int i = 0; i < 2; i++) {
		struct ed_wrap *w = &ed->wrap[i];
		if (!w->valid || w->line < at)
			continue;
		if (removed && w->line == at) {
			w->valid = false;
			w->used = 0;
		} else if (removed) {
			w->line--;
		} else {
			w->line++;
		}
	}
}

/* Every change to a line's text goes through these two, which keep its
 * row cache right. */
static void edit_insert(struct editor *ed, size_t li, size_t at, const char *s, size_t n)
{
	line_insert(&ed->lines[li], at, s, n);
	wrap_edited(ed, li, at);
}

static void edit_erase(struct editor *ed, size_t li, size_t from, size_t to)
{
	line_erase(&ed->lines[li], from, to);
	wrap_edited(ed, li, from);
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
	edit_erase(ed, ed->cy, ed->cx, cur->len);
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
			edit_insert(ed, ed->cy, ed->cx, s + run, i - run);
			ed->cx += i - run;
			edit_insert(ed, ed->cy, ed->cx, "\xEF\xBF\xBD", 3);
			ed->cx += 3;
			run = i + 1;
		}
		i += k;
	}
	edit_insert(ed, ed->cy, ed->cx, s + run, n - run);
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

	edit_insert(ed, li, ed->lines[li].len, next->s, next->len);
	lines_remove(ed, li + 1);
}

void editor_backspace(struct editor *ed)
{
	if (ed->cx > 0) {
		size_t p = text_prev(ed->lines[ed->cy].s, ed->cx);
		edit_erase(ed, ed->cy, p, ed->cx);
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
		edit_erase(ed, ed->cy, ed->cx, text_next(l->s, l->len, ed->cx));
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
	edit_erase(ed, ed->cy, p, ed->cx);
	ed->cx = p;
	changed(ed);
}

void editor_delete_to_start(struct editor *ed)
{
	if (ed->cx == 0) {
		editor_backspace(ed);
		return;
	}
	edit_erase(ed, ed->cy, 0, ed->cx);
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
	edit_erase(ed, ed->cy, ed->cx, l->len);
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
static void place(struct editor *ed, size_t li, size_t r, int col)
{
	struct ed_wrap *w = rows_through(ed, li, r);
	struct ed_line *l = &ed->lines[li];
	size_t start = w->starts[r], end = row_end(ed, w, r);
	size_t off = start + text_fit(l->s + start, end - start, col);

	if (r + 1 < w->count && off >= end && off > start)
		off = text_prev(l->s, end);
	ed->cy = li;
	ed->cx = off;
}

/* The cursor's display column in its row, which starts at byte @start. */
static int cursor_col(const struct editor *ed, size_t start)
{
	return text_width(ed->lines[ed->cy].s + start, ed->cx - start);
}

void editor_up(struct editor *ed)
{
	struct ed_wrap *w = rows_to(ed, ed->cy, ed->cx);
	size_t r = row_of(w, ed->cx);
	int goal = ed->goal >= 0 ? ed->goal : cursor_col(ed, w->starts[r]);

	if (r > 0)
		place(ed, ed->cy, r - 1, goal);
	else if (ed->cy > 0)
		place(ed, ed->cy - 1, rows_all(ed, ed->cy - 1)->count - 1, goal);
	ed->goal = goal;
}

void editor_down(struct editor *ed)
{
	struct ed_wrap *w = rows_to(ed, ed->cy, ed->cx);
	size_t r = row_of(w, ed->cx);
	int goal = ed->goal >= 0 ? ed->goal : cursor_col(ed, w->starts[r]);

	if (r + 1 < w->count)
		place(ed, ed->cy, r + 1, goal);
	else if (ed->cy + 1 < ed->nlines)
		place(ed, ed->cy + 1, 0, goal);
	ed->goal = goal;
}

void editor_home(struct editor *ed)
{
	struct ed_wrap *w = rows_to(ed, ed->cy, ed->cx);

	ed->cx = w->starts[row_of(w, ed->cx)];
	ed->goal = -1;
}

void editor_end(struct editor *ed)
{
	struct ed_wrap *w = rows_to(ed, ed->cy, ed->cx);

	place(ed, ed->cy, row_of(w, ed->cx), 1 << 30);
	ed->goal = -1;
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

/* Rows from the top of the view to (line @li, row @r); stops counting
 * past @limit, wrapping no more of a line than that needs. */
static int rows_between(struct editor *ed, size_t li, size_t r, int limit)
{
	int n = 0;

	for (size_t i = ed->top; i < li && n <= limit; i++) {
		size_t first = i == ed->top ? ed->top_row : 0;
		size_t want = first + (size_t)(limit - n) + 1; /* rows first..want */
		struct ed_wrap *w = rows_through(ed, i, want);
		size_t known = w->count < want + 1 ? w->count : want + 1;
		n += (int)(known - first);
	}
	if (li == ed->top)
		n += (int)r - (int)ed->top_row;
	else
		n += (int)r;
	return n;
}

void editor_scroll(struct editor *ed)
{
	struct ed_wrap *w;
	size_t r, li;
	int rem;

	if (ed->top >= ed->nlines) {
		ed->top = ed->nlines - 1;
		ed->top_row = 0;
	}
	w = rows_through(ed, ed->top, ed->top_row);
	if (ed->top_row >= w->count)
		ed->top_row = w->count - 1;
	w = rows_to(ed, ed->cy, ed->cx);
	r = row_of(w, ed->cx);
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
				r = rows_all(ed, li)->count - 1;
			} else {
				break;
			}
			rem--;
		}
		ed->top = li;
		ed->top_row = r;
	}
}

void editor_cursor(struct editor *ed, int *row, int *col)
{
	struct ed_wrap *w = rows_to(ed, ed->cy, ed->cx);
	size_t r = row_of(w, ed->cx);

	*col = cursor_col(ed, w->starts[r]);
	if (*col > ed->width - 1)
		*col = ed->width - 1;
	*row = rows_between(ed, ed->cy, r, ed->height);
}

int editor_view_rows(struct editor *ed, struct ed_row *out, int max)
{
	int n = 0;

	for (size_t li = ed->top; li < ed->nlines && n < max; li++) {
		for (size_t r = li == ed->top ? ed->top_row : 0; n < max; r++) {
			struct ed_wrap *w = rows_through(ed, li, r);
			if (r >= w->count)
				break;
			out[n].line = li;
			out[n].start = w->starts[r];
			out[n].end = row_end(ed, w, r);
			n++;
		}
	}
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
