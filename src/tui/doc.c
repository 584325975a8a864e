/*
 * doc.c - documents for scrolling panes (see doc.h): texts wrapped to the
 * pane's width, each row tagged with the item it belongs to, drawn from a
 * top row. Building a document never draws; drawing never changes it.
 */
#define NCURSES_WIDECHAR 1
#include "doc.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "term.h"
#include "text.h"

void doc_reset(struct doc *d, int width)
{
	for (size_t i = 0; i < d->nowned; i++)
		free(d->owned[i]);
	d->nowned = 0;
	d->n = 0;
	d->width = width < 4 ? 4 : width;
}

void doc_free(struct doc *d)
{
	doc_reset(d, 4);
	free(d->owned);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

const char *doc_keep(struct doc *d, char *s)
{
	if (d->nowned == d->owned_cap) {
		d->owned_cap = d->owned_cap ? d->owned_cap * 2 : 16;
		d->owned = xreallocarray(d->owned, d->owned_cap, sizeof(*d->owned));
	}
	d->owned[d->nowned++] = s;
	return s;
}

static struct drow *doc_push(struct doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->rows = xreallocarray(d->rows, d->cap, sizeof(*d->rows));
	}
	struct drow *r = &d->rows[d->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

void doc_line(struct doc *d, const char *s, int attr, int indent, int block)
{
	struct drow *r = doc_push(d);

	r->s = s ? s : "";
	r->n = strlen(r->s);
	r->attr = attr;
	r->indent = indent;
	r->block = block;
}

void doc_line_cut(struct doc *d, const char *s, int attr, int indent, int block)
{
	doc_line(d, s, attr, indent, block);
	d->rows[d->n - 1].cut = true;
}

void doc_linef(struct doc *d, int attr, int indent, int block, const char *fmt, ...)
{
	va_list ap;
	struct buf b = {0};

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	doc_line(d, doc_keep(d, buf_steal(&b)), attr, indent, block);
}

void doc_text(struct doc *d, const char *text, int attr, int indent, int block)
{
	struct text_rows rows = {0};
	int width = d->width - indent;

	if (!text || !text[0])
		return;
	if (width < 4)
		width = 4;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		text_wrap(p, len, width, &rows);
		for (size_t k = 0; k < rows.count; k++) {
			struct drow *r = doc_push(d);
			r->s = p + rows.starts[k];
			r->n = text_rows_end(&rows, k, len) - rows.starts[k];
			r->attr = attr;
			r->indent = indent;
			r->block = block;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	text_rows_finish(&rows);
}

void doc_para(struct doc *d, const char *text, int attr, int indent, int block)
{
	if (!text || !text[0])
		return;
	doc_text(d, doc_keep(d, text_reflow(text)), attr, indent, block);
}

void doc_editor_rows(struct doc *d, int n, int block)
{
	for (int i = 0; i < n; i++) {
		struct drow *r = doc_push(d);
		r->s = "";
		r->block = block;
		r->editor = true;
	}
}

bool doc_block_rows(const struct doc *d, int block, size_t *first, size_t *last)
{
	bool found = false;

	for (size_t i = 0; i < d->n; i++) {
		if (d->rows[i].block != block)
			continue;
		if (!found)
			*first = i;
		*last = i;
		found = true;
	}
	return found;
}

size_t doc_clamp(const struct doc *d, size_t top, int h)
{
	size_t max = d->n > (size_t)h ? d->n - (size_t)h : 0;
	return top > max ? max : top;
}

size_t doc_scroll_to(const struct doc *d, int block, size_t top, int h)
{
	size_t first = 0, last = 0;

	if (!doc_block_rows(d, block, &first, &last))
		return doc_clamp(d, top, h);
	return doc_scroll_rows(d, first, last, top, h);
}

size_t doc_scroll_rows(const struct doc *d, size_t first, size_t last, size_t top, int h)
{
	if (h < 1)
		return doc_clamp(d, top, h);
	if (last + 1 > top + (size_t)h)
		top = last + 1 - (size_t)h;
	if (first < top || last - first + 1 > (size_t)h)
		top = first;
	return doc_clamp(d, top, h);
}

/* The marks of the debrief's grid (debrief.c): a letter per stance, '*'
 * for reasoning without one, '.' for nothing, which should stand out. */
static void draw_grid_row(int y, int x, int w, const struct drow *row)
{
	/* the stage's number and name, then one mark per column */
	size_t lead = row->n < GRID_LEAD ? row->n : GRID_LEAD;
	int used = draw_str(y, x, w, row->s, lead, row->attr);
	for (size_t i = lead; i < row->n && used < w; i++) {
		int attr = row->attr;
		switch (row->s[i]) {
		case 'U': attr = term_attr(ROLE_UPHOLDS); break;
		case 'T': attr = term_attr(ROLE_TENSION); break;
		case 'N': attr = term_attr(ROLE_NEUTRAL); break;
		case '*': attr = term_attr(ROLE_EMPH); break;
		case '.': attr = term_attr(ROLE_DIM); break;
		default: break;
		}
		used += draw_str(y, x + used, w - used, row->s + i, 1, attr);
	}
}

int doc_draw(const struct doc *d, struct rect r, size_t top, int sel_block, int sel_attr)
{
	int ed_row = -1;

	for (int y = 0; y < r.h; y++) {
		size_t i = top + (size_t)y;
		if (i >= d->n)
			break;
		const struct drow *row = &d->rows[i];
		if (row->editor) {
			if (ed_row < 0)
				ed_row = r.y + y;
			continue;
		}
		int attr = row->attr;
		if (sel_block >= 0 && row->block == sel_block) {
			attr = sel_attr;
			struct rect line = {r.y + y, r.x, 1, r.w};
			draw_fill(line, attr);
		}
		if (row->grid) {
			draw_grid_row(r.y + y, r.x + row->indent, r.w - row->indent, row);
			continue;
		}
		if (row->cut)
			draw_str_cut(r.y + y, r.x + row->indent, r.w - row->indent, row->s, row->n,
				     attr);
		else
			draw_str(r.y + y, r.x + row->indent, r.w - row->indent, row->s, row->n, attr);
	}
	return ed_row;
}
