/*
 * doc.h - a document of rows for a scrolling pane: wrapped texts and
 * single lines, each row tagged with the block (item) it belongs to, so a
 * pane can scroll to an item and draw the selected one highlighted.
 * Screens build their documents when they lay out, and draw them after.
 */
#ifndef DILEMMA_TUI_DOC_H
#define DILEMMA_TUI_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

struct drow {
	const char *s;
	size_t n;
	int attr;
	int indent;
	int block;     /* -1 for rows of no item */
	bool editor;   /* a place held for the editor */
	bool grid;     /* a debrief grid row: each mark drawn in its stance's colour */
	bool cut;      /* cut at the pane's edge with an ellipsis (draw_str_cut) */
};
/* A grid row starts with GRID_LEAD bytes of stage number and name. */
#define GRID_LEAD 14

struct doc {
	struct drow *rows;
	size_t n, cap;
	char **owned;
	size_t nowned, owned_cap;
	int width;     /* wrap width */
};

void doc_reset(struct doc *d, int width);
void doc_free(struct doc *d);
/* Keep @s (malloc'd) alive until the next doc_reset; returns it. */
const char *doc_keep(struct doc *d, char *s);
/* One row, cut at the pane's edge. */
void doc_line(struct doc *d, const char *s, int attr, int indent, int block);
/* One row that, when longer than the pane is wide, ends in an ellipsis:
 * a title shown in full elsewhere. */
void doc_line_cut(struct doc *d, const char *s, int attr, int indent, int block);
void doc_linef(struct doc *d, int attr, int indent, int block, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* @text word-wrapped, each '\n' a new row. Empty text adds nothing. */
void doc_text(struct doc *d, const char *text, int attr, int indent, int block);
/* doc_text() of text_reflow(@text): for the texts of packs. */
void doc_para(struct doc *d, const char *text, int attr, int indent, int block);
/* @n rows held for the editor. */
void doc_editor_rows(struct doc *d, int n, int block);
/* First and last row of @block; false if it has none. */
bool doc_block_rows(const struct doc *d, int block, size_t *first, size_t *last);
/* A top row that shows @block whole if it can (its top otherwise),
 * moving as little as possible from @top, for a view of @h rows. */
size_t doc_scroll_to(const struct doc *d, int block, size_t top, int h);
/* The same for the rows @first to @last, when the caller knows them (a
 * search for a block's rows reads the whole document). */
size_t doc_scroll_rows(const struct doc *d, size_t first, size_t last, size_t top, int h);
/* Keep @top within the document for a view of @h rows. */
size_t doc_clamp(const struct doc *d, size_t top, int h);
/* Draw rows from @top into @r; @sel_block drawn with @sel_attr. Returns
 * the screen row of the first editor row, or -1 when not shown. */
int doc_draw(const struct doc *d, struct rect r, size_t top, int sel_block, int sel_attr);

#endif
