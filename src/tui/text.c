/*
 * text.c - display width, safe text and word wrap (see text.h).
 *
 * ASCII takes a fast path: typing rewraps rows of the cursor's line on
 * every key, and that must stay cheap. Wrapping is one row at a time
 * (text_wrap_next()), each row a function of the text from its start on,
 * so that the editor can rewrap only the rows an edit can change.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

size_t text_decode(const char *s, size_t n, wchar_t *wc)
{
	unsigned char c = (unsigned char)s[0];
	mbstate_t st;
	size_t k;

	if (c < 0x80) {
		*wc = c;
		return 1;
	}
	memset(&st, 0, sizeof(st));
	k = mbrtowc(wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*wc = 0xFFFD;
		return 1;
	}
	return k;
}

int text_char_width(wchar_t wc)
{
	int w;

	if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0))
		return 1;
	if (wc < 0x7f)
		return 1;
	w = wcwidth(wc);
	if (w < 0)
		return 1; /* unprintable: drawn as U+FFFD */
	return w;
}

wchar_t text_safe_char(wchar_t wc)
{
	if (wc == '\t')
		return ' ';
	/* the core's one rule (controls, bidi and zero-width characters),
	 * then whatever this terminal's locale cannot show */
	if (char_shown((uint32_t)wc) != (uint32_t)wc)
		return 0xFFFD;
	if (wc >= 0x7f && wcwidth(wc) < 0)
		return 0xFFFD;
	return wc;
}

int text_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	wchar_t wc;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		i += text_decode(s + i, n - i, &wc);
		w += text_char_width(wc);
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int cols)
{
	size_t i = 0, k;
	int w = 0, cw;
	wchar_t wc;

	while (i < n) {
		k = text_decode(s + i, n - i, &wc);
		cw = text_char_width(wc);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	return i;
}

/* A mark drawn on the character before it (a combining accent, a joiner):
 * wcwidth() 0 and not a control character. */
static bool is_mark(const char *s, size_t n, size_t i)
{
	wchar_t wc;

	if ((unsigned char)s[i] < 0x80)
		return false;
	text_decode(s + i, n - i, &wc);
	return wc >= 0xa0 && wcwidth(wc) == 0;
}

static size_t prev_code(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	/* back over continuation bytes, at most three */
	for (int k = 0; k < 3 && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; k++)
		i--;
	return i;
}

size_t text_prev(const char *s, size_t i)
{
	size_t end = i;

	i = prev_code(s, i);
	while (i > 0 && is_mark(s, end, i))
		i = prev_code(s, i);
	return i;
}

size_t text_next(const char *s, size_t n, size_t i)
{
	wchar_t wc;

	if (i >= n)
		return n;
	i += text_decode(s + i, n - i, &wc);
	while (i < n && is_mark(s, n, i))
		i += text_decode(s + i, n - i, &wc);
	return i;
}

static void rows_push(struct text_rows *rows, size_t off)
{
	if (rows->count == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 16;
		rows->starts = xreallocarray(rows->starts, cap, sizeof(*rows->starts));
		rows->cap = cap;
	}
	rows->starts[rows->count++] = off;
}

size_t text_wrap_next(const char *s, size_t n, size_t start, int width)
{
	size_t i = start, brk = start; /* brk: offset after the last space run */
	int w = 0;
	wchar_t wc;

	if (width < 1)
		width = 1;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k;
		int cw;

		if (c >= 0x20 && c < 0x7f) {
			k = 1;
			wc = c;
			cw = 1;
		} else {
			k = text_decode(s + i, n - i, &wc);
			cw = text_char_width(wc);
		}
		if (wc == ' ' || wc == '\t') {
			/* spaces never start a row: they hang at the end of this one */
			i += k;
			w += cw;
			brk = i;
			continue;
		}
		if (w + cw > width && i > start)
			return brk > start ? brk : i;
		w += cw;
		i += k;
	}
	return n;
}

void text_wrap(const char *s, size_t n, int width, struct text_rows *rows)
{
	size_t start = 0;

	rows->count = 0;
	rows_push(rows, 0);
	while ((start = text_wrap_next(s, n, start, width)) < n)
		rows_push(rows, start);
}

void text_rows_finish(struct text_rows *rows)
{
	free(rows->starts);
	rows->starts = NULL;
	rows->count = rows->cap = 0;
}

size_t text_rows_find(const struct text_rows *rows, size_t off)
{
	size_t lo = 0, hi = rows->count;

	/* the last row whose start is <= off */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (rows->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t text_rows_end(const struct text_rows *rows, size_t k, size_t n)
{
	return k + 1 < rows->count ? rows->starts[k + 1] : n;
}

void text_age(long s, char *out, size_t size)
{
	if (s < 1)
		snprintf(out, size, "just now");
	else if (s < 60)
		snprintf(out, size, "%ld s ago", s);
	else if (s < 3600)
		snprintf(out, size, "%ld min ago", s / 60);
	else if (s < 86400)
		snprintf(out, size, "%ld h ago", s / 3600);
	else
		snprintf(out, size, "%ld day%s ago", s / 86400, s / 86400 == 1 ? "" : "s");
}

void text_clock(long s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, size, "%02ld:%02ld", s / 60, s % 60);
}

/* Does a line starting at @p begin a list item (and so keep its break)? */
static bool list_item(const char *p)
{
	while (*p == ' ')
		p++;
	if ((p[0] == '-' || p[0] == '*') && p[1] == ' ')
		return true;
	while (*p >= '0' && *p <= '9')
		p++;
	return (*p == '.' || *p == ')') && p[1] == ' ';
}

char *text_reflow(const char *text)
{
	struct buf b = {0};
	const char *p = text ? text : "";

	buf_reserve(&b, strlen(p) + 1);
	b.data[0] = '\0';
	for (; *p; p++) {
		if (*p != '\n') {
			buf_putc(&b, *p);
			continue;
		}
		/* trailing newlines go; a blank line or a list item keeps its break */
		if (!p[1])
			break;
		if (p[1] == '\n' || (p > text && p[-1] == '\n') || list_item(p + 1))
			buf_putc(&b, '\n');
		else {
			if (b.len && b.data[b.len - 1] != ' ' && b.data[b.len - 1] != '\n')
				buf_putc(&b, ' ');
			while (p[1] == ' ') /* the joined line's indent */
				p++;
		}
	}
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}
