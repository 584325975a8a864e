/*
 * chart.c - text charts (see chart.h): bars in eighths of a column,
 * stacked bars with a fill per part, shades, and the layout of a labelled
 * bar chart to a width. Widths are terminal columns, from libc's wcwidth.
 */
#include "dilemma/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

const char *const chart_fill[CHART_FILLS] = {
	"\xE2\x96\x88", "\xE2\x96\x93", "\xE2\x96\x92", "\xE2\x96\x91",
};

/* U+2588 FULL BLOCK, then U+2589 (seven eighths) .. U+258F (one eighth). */
static const char *const eighths[8] = {
	"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D", "\xE2\x96\x8C", "\xE2\x96\x8B",
	"\xE2\x96\x8A", "\xE2\x96\x89",
};
#define FULL "\xE2\x96\x88"
#define ELLIPSIS "\xE2\x80\xA6"

/* The next character of @s: its length in bytes and its width. */
static size_t next_char(const char *s, size_t *width)
{
	uint32_t cp;
	size_t len = utf8_decode((const unsigned char *)s, strlen(s), &cp);
	int w;

	if (len == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth((wchar_t)cp);
	*width = w < 0 ? 1 : (size_t)w;
	return len;
}

size_t chart_width(const char *s)
{
	size_t total = 0, w;

	while (*s) {
		s += next_char(s, &w);
		total += w;
	}
	return total;
}

static void spaces(struct buf *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(out, ' ');
}

void chart_fit(struct buf *out, const char *s, size_t width, bool right)
{
	size_t total = chart_width(s), used = 0, w, len;

	if (total <= width) {
		if (right)
			spaces(out, width - total);
		buf_puts(out, s);
		if (!right)
			spaces(out, width - total);
		return;
	}
	if (width == 0)
		return;
	/* keep what fits before the ellipsis's one column */
	while (*s) {
		len = next_char(s, &w);
		if (used + w > width - 1)
			break;
		buf_append(out, s, len);
		used += w;
		s += len;
	}
	buf_puts(out, ELLIPSIS);
	spaces(out, width - 1 - used);
}

void chart_bar(struct buf *out, double value, double max, size_t width)
{
	size_t units = 0, full;

	if (max > 0 && value > 0) {
		double share = value >= max ? 1.0 : value / max;
		units = (size_t)lround(share * (double)width * 8.0);
		if (units == 0)
			units = 1;
	}
	full = units / 8;
	for (size_t i = 0; i < full; i++)
		buf_puts(out, FULL);
	if (units % 8)
		buf_puts(out, eighths[units % 8]);
	spaces(out, width - full - (units % 8 ? 1 : 0));
}

void chart_stack(struct buf *out, const double *parts, size_t n, double total, size_t width)
{
	size_t *cols = xcalloc(n + 1, sizeof(*cols)), used = 0, target, nonzero = 0;
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += parts[i] > 0 ? parts[i] : 0;
	if (total <= 0)
		total = sum;
	target = total > 0 ? (size_t)lround((sum >= total ? 1.0 : sum / total) * (double)width) : 0;
	/* parts past the total share the whole width: never wider */
	if (sum > total)
		total = sum;
	/* whole columns by largest remainder, so that the parts add up */
	for (size_t i = 0; i < n && total > 0; i++) {
		double p = parts[i] > 0 ? parts[i] : 0;
		cols[i] = (size_t)(p / total * (double)width);
		used += cols[i];
		nonzero += p > 0;
	}
	while (used < target) {
		size_t best = n;
		double best_rem = -1;
		for (size_t i = 0; i < n; i++) {
			double p = parts[i] > 0 ? parts[i] : 0;
			double rem = p / total * (double)width - (double)cols[i];
			if (p > 0 && rem > best_rem) {
				best_rem = rem;
				best = i;
			}
		}
		cols[best]++;
		used++;
	}
	/* a part above zero shows, taken from the widest, when there is room */
	for (size_t i = 0; i < n && nonzero <= target; i++) {
		if (parts[i] > 0 && cols[i] == 0) {
			size_t widest = 0;
			for (size_t j = 1; j < n; j++)
				if (cols[j] > cols[widest])
					widest = j;
			if (cols[widest] > 1) {
				cols[widest]--;
				cols[i]++;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < cols[i]; k++)
			buf_puts(out, chart_fill[i % CHART_FILLS]);
	spaces(out, width - used);
	free(cols);
}

const char *chart_shade(double share)
{
	if (!(share > 0))
		return " ";
	if (share <= 0.25)
		return chart_fill[3];
	if (share <= 0.5)
		return chart_fill[2];
	if (share <= 0.75)
		return chart_fill[1];
	return chart_fill[0];
}

/* The length of row @r's bar: its value, or its parts' sum. */
static double row_value(const struct chart_row *r)
{
	double sum = 0;

	if (!r->nparts)
		return r->value;
	for (size_t i = 0; i < r->nparts; i++)
		sum += r->parts[i] > 0 ? r->parts[i] : 0;
	return sum;
}

size_t chart_bars(const struct chart_row *rows, size_t n, double max, size_t width,
		  char ***out)
{
	size_t label_w = 0, note_w = 0, bar_w;
	char **lines = n ? xcalloc(n, sizeof(*lines)) : NULL;
	bool largest = max <= 0;

	for (size_t i = 0; i < n; i++) {
		size_t lw = chart_width(rows[i].label ? rows[i].label : "");
		size_t nw = chart_width(rows[i].note ? rows[i].note : "");
		label_w = lw > label_w ? lw : label_w;
		note_w = nw > note_w ? nw : note_w;
		if (largest && row_value(&rows[i]) > max)
			max = row_value(&rows[i]);
	}
	if (label_w > width / 3)
		label_w = width / 3 ? width / 3 : 1;
	/* label, two spaces, bar, two spaces, note */
	bar_w = width > label_w + note_w + 4 ? width - label_w - note_w - 4 : 1;
	for (size_t i = 0; i < n; i++) {
		struct buf b = {0};
		chart_fit(&b, rows[i].label ? rows[i].label : "", label_w, false);
		buf_puts(&b, "  ");
		if (rows[i].nparts)
			chart_stack(&b, rows[i].parts, rows[i].nparts, max, bar_w);
		else
			chart_bar(&b, rows[i].value, max, bar_w);
		buf_puts(&b, "  ");
		chart_fit(&b, rows[i].note ? rows[i].note : "", note_w, true);
		lines[i] = buf_steal(&b);
	}
	*out = lines;
	return n;
}

/* ---- heatmaps ---- */

#define HEAT_MIN_CELL 2
#define HEAT_MAX_CELL 12
#define HEAT_PCT_CELL 8   /* from this width a cell shows its percentage */

void chart_heat_layout(size_t width, size_t label_max, size_t ncols, struct chart_heat *out)
{
	size_t label_w = label_max, cell_w;

	if (label_w > width / 3)
		label_w = width / 3;
	if (label_w < 1)
		label_w = 1;
	cell_w = ncols && width > label_w + 1 ? (width - label_w - 1) / ncols : 0;
	out->label_w = label_w;
	out->cell_w = cell_w < HEAT_MIN_CELL ? HEAT_MIN_CELL :
		      cell_w > HEAT_MAX_CELL ? HEAT_MAX_CELL : cell_w;
}

void chart_heat_cell(struct buf *out, double share, size_t cell_w)
{
	bool pct = cell_w >= HEAT_PCT_CELL;
	size_t shades = pct ? cell_w - 6 : cell_w - 1;

	if (share < 0) {
		buf_putc(out, '-');
		spaces(out, cell_w - 1);
		return;
	}
	for (size_t i = 0; i < shades; i++)
		buf_puts(out, chart_shade(share));
	if (pct)
		buf_printf(out, " %3.0f%%", 100.0 * (share > 1 ? 1 : share));
	buf_putc(out, ' ');
}

size_t chart_heatmap(const char *const *labels, size_t nrows, const char *const *heads,
		     size_t ncols, const double *shares, size_t width, char ***out,
		     struct chart_heat *lay)
{
	char **lines = xcalloc(nrows + 1, sizeof(*lines));
	size_t label_max = 0;
	struct buf b = {0};

	for (size_t r = 0; r < nrows; r++) {
		size_t w = chart_width(labels[r] ? labels[r] : "");
		label_max = w > label_max ? w : label_max;
	}
	chart_heat_layout(width, label_max, ncols, lay);
	spaces(&b, lay->label_w + 1);
	for (size_t c = 0; c < ncols; c++) {
		chart_fit(&b, heads[c] ? heads[c] : "", lay->cell_w - 1, false);
		buf_putc(&b, ' ');
	}
	lines[0] = buf_steal(&b);
	for (size_t r = 0; r < nrows; r++) {
		chart_fit(&b, labels[r] ? labels[r] : "", lay->label_w, false);
		buf_putc(&b, ' ');
		for (size_t c = 0; c < ncols; c++)
			chart_heat_cell(&b, shares[r * ncols + c], lay->cell_w);
		lines[r + 1] = buf_steal(&b);
	}
	*out = lines;
	return nrows + 1;
}
