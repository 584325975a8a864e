/*
 * chart.h - charts drawn as text: bars, stacked bars and shades made of
 * Unicode block characters, laid out to a width in terminal columns. No
 * curses: `dilemma stats` prints these rows, the Markdown report puts them
 * in its tables, and the dashboard screen draws the same rows, so the
 * three cannot disagree and each chart is unit-tested as text.
 *
 * Everything reads without colour: a bar's length is its value (in eighths
 * of a column), the parts of a stacked bar have different fills, and a
 * shade goes from blank to full block as a share grows.
 */
#ifndef DILEMMA_CHART_H
#define DILEMMA_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/util.h"

/* The fills of a stacked bar's parts, in order: U+2588, U+2593, U+2592,
 * U+2591 (full block, dark, medium and light shade). */
#define CHART_FILLS 4
extern const char *const chart_fill[CHART_FILLS];

/* The width of UTF-8 text @s in terminal columns (wcwidth(); a character
 * that is not printable counts as one column, a byte that is not UTF-8 as
 * one). Needs setlocale() to a UTF-8 locale, as the program does. */
size_t chart_width(const char *s);

/* Append @s to @out made exactly @width columns wide: cut with "…" when
 * wider, padded with spaces (before it with @right) when narrower. */
void chart_fit(struct buf *out, const char *s, size_t width, bool right);

/* Append a bar @value / @max of @width columns (eighths of a column:
 * U+2588 and U+2589..U+258F), padded with spaces to @width. A value above
 * zero always shows at least an eighth; @max <= 0 draws nothing. */
void chart_bar(struct buf *out, double value, double max, size_t width);

/* Append a bar of @n parts stacked, of @total (<= 0: their sum) over
 * @width columns, part i drawn with chart_fill[i % CHART_FILLS], each part
 * rounded to whole columns (a part above zero gets at least one when the
 * width allows), padded to @width. */
void chart_stack(struct buf *out, const double *parts, size_t n, double total, size_t width);

/* The shade of a share from 0 to 1, one column: " " (none), then U+2591,
 * U+2592, U+2593 and U+2588 by quarters (above 0, 0.25, 0.5, 0.75). */
const char *chart_shade(double share);

/* One row of a bar chart: a label, a value (the bar) and a note written
 * after the bar (its figure, say "61% (130)"). With @nparts, the bar is
 * stacked from @parts instead (chart_stack) and its value is their sum. */
struct chart_row {
	const char *label;
	double value;
	const char *note;
	const double *parts;
	size_t nparts;
};

/* Lay out a bar chart of @n rows in @width columns, each row
 * "LABEL  BAR  NOTE": labels cut to at most a third of the width, notes
 * right-aligned, the bars sharing what is left, scaled to @max (<= 0: the
 * largest value). The rows (caller frees each and the array) are exactly
 * @width columns wide, or as narrow as a label, a one-column bar and the
 * note allow when @width is less. */
size_t chart_bars(const struct chart_row *rows, size_t n, double max, size_t width,
		  char ***out);

/* ---- a heatmap: a row per label, a cell per column, shaded by a share ---- */

/* What the shades of a heatmap mean, for a line under it. */
#define CHART_SHADE_LEGEND \
	"\xE2\x96\x91 up to 25%  \xE2\x96\x92 up to 50%  \xE2\x96\x93 up to 75%" \
	"  \xE2\x96\x88 more  (blank: none)"

/* Where a heatmap's parts go: the labels take @label_w columns and one
 * space, then each cell @cell_w columns (the last of them a space), so
 * cell c of every row starts at column label_w + 1 + c * cell_w. */
struct chart_heat {
	size_t label_w;
	size_t cell_w;
};

/* The layout of @ncols cells and labels at most @label_max wide in
 * @width columns: labels get at most a third of the width, each cell what
 * is left (at least 2 columns, at most 12). */
void chart_heat_layout(size_t width, size_t label_max, size_t ncols, struct chart_heat *out);

/* Append a cell @cell_w columns wide for @share (0 to 1; below 0: nothing
 * to show, drawn "-"): its shade (chart_shade) repeated, then, when the
 * cell has 8 columns or more, the share as a whole percentage right-
 * aligned in 4, then a space. */
void chart_heat_cell(struct buf *out, double share, size_t cell_w);

/* Lay out a heatmap of @nrows labels by @ncols columns in @width columns:
 * a head row (the @heads cut to their cells), then a row per label with
 * its cells from @shares (row-major, nrows x ncols). Returns the rows
 * (nrows + 1; caller frees each and the array); @lay gets the layout. */
size_t chart_heatmap(const char *const *labels, size_t nrows, const char *const *heads,
		     size_t ncols, const double *shares, size_t width, char ***out,
		     struct chart_heat *lay);

#endif
