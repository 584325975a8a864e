/* Unit tests for chart.c: the exact text of bars, stacked bars, shades and
 * a laid-out bar chart (plain and stacked) and a heatmap for given data
 * and widths (what `dilemma stats`, its Markdown report and the dashboard
 * screen draw), with labels that are wide (CJK), combining and too long. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/chart.h"
#include "dilemma/util.h"

#define F8 "\xE2\x96\x88" /* full block */
#define H "\xE2\x96\x8C"  /* left half block */
#define E1 "\xE2\x96\x8F" /* one eighth */
#define DK "\xE2\x96\x93"
#define MD "\xE2\x96\x92"
#define LT "\xE2\x96\x91"

static char *bar(double v, double max, size_t w)
{
	struct buf b = {0};

	chart_bar(&b, v, max, w);
	buf_puts(&b, "|");
	return buf_steal(&b);
}

static void test_bar(void **state)
{
	char *s;

	s = bar(5, 10, 4);
	assert_string_equal(s, F8 F8 "  |");
	free(s);
	s = bar(9, 16, 4); /* 2.25 columns: 18 eighths */
	assert_string_equal(s, F8 F8 "\xE2\x96\x8E" " |");
	free(s);
	s = bar(1, 1000, 4); /* tiny but not nothing */
	assert_string_equal(s, E1 "   |");
	free(s);
	s = bar(0, 10, 3);
	assert_string_equal(s, "   |");
	free(s);
	s = bar(20, 10, 3); /* never past the width */
	assert_string_equal(s, F8 F8 F8 "|");
	free(s);
	s = bar(3, 0, 3);
	assert_string_equal(s, "   |");
	free(s);
	s = bar(4, 8, 1);
	assert_string_equal(s, H "|");
	free(s);
}

static void test_stack_and_shade(void **state)
{
	struct buf b = {0};
	double parts[] = {5, 3, 2};
	double tiny[] = {100, 1, 0};

	chart_stack(&b, parts, 3, 0, 10);
	buf_puts(&b, "|");
	assert_string_equal(b.data, F8 F8 F8 F8 F8 DK DK DK MD MD "|");
	b.len = 0;
	chart_stack(&b, parts, 3, 20, 10); /* of a larger total */
	buf_puts(&b, "|");
	assert_string_equal(b.data, F8 F8 F8 DK MD "     |");
	b.len = 0;
	chart_stack(&b, tiny, 3, 0, 5); /* a small part still shows */
	buf_puts(&b, "|");
	assert_string_equal(b.data, F8 F8 F8 F8 DK "|");
	b.len = 0;
	chart_stack(&b, parts, 3, 5, 10); /* parts past the total: the width, no more */
	buf_puts(&b, "|");
	assert_string_equal(b.data, F8 F8 F8 F8 F8 DK DK DK MD MD "|");
	buf_finish(&b);
	assert_string_equal(chart_shade(0), " ");
	assert_string_equal(chart_shade(0.1), LT);
	assert_string_equal(chart_shade(0.5), MD);
	assert_string_equal(chart_shade(0.6), DK);
	assert_string_equal(chart_shade(1), F8);
}

static void test_fit_and_width(void **state)
{
	struct buf b = {0};

	assert_int_equal(chart_width("abc"), 3);
	assert_int_equal(chart_width("\xE8\xAD\xA6\xE5\xAF\x9F"), 4);    /* 警察 */
	assert_int_equal(chart_width("e\xCC\x81"), 1);                   /* e + combining */
	chart_fit(&b, "Fairness", 5, false);
	assert_string_equal(b.data, "Fair\xE2\x80\xA6");
	b.len = 0;
	chart_fit(&b, "ab", 4, true);
	assert_string_equal(b.data, "  ab");
	b.len = 0;
	/* a wide character that does not fit before the ellipsis is left out */
	chart_fit(&b, "a\xE8\xAD\xA6\xE5\xAF\x9F", 3, false);
	assert_string_equal(b.data, "a\xE2\x80\xA6 ");
	buf_finish(&b);
}

static void test_bars_layout(void **state)
{
	struct chart_row rows[] = {
		{.label = "Fairness", .value = 61, .note = "61% (130)"},
		{.label = "Integrity and all the rest of a long name", .value = 100,
		 .note = "100% (214)"},
		{.label = "\xE8\xAD\xA6\xE5\xAF\x9F", .value = 0, .note = "0%"},
	};
	char **lines;
	size_t n = chart_bars(rows, 3, 100, 40, &lines);

	assert_int_equal(n, 3);
	/* label 13 columns (40 / 3), bar 40 - 13 - 10 - 4 = 13 */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(chart_width(lines[i]), 40);
	/* 61% of 13 columns: 63 eighths */
	assert_string_equal(lines[0], "Fairness       " F8 F8 F8 F8 F8 F8 F8 "\xE2\x96\x89"
				      "        61% (130)");
	assert_string_equal(lines[1], "Integrity an\xE2\x80\xA6  " F8 F8 F8 F8 F8 F8 F8 F8 F8
				      F8 F8 F8 F8 "  100% (214)");
	assert_string_equal(lines[2], "\xE8\xAD\xA6\xE5\xAF\x9F" "         "
				      "               " "          0%");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	/* scaled to the largest value, wherever it is (it was the first one
	 * above zero) */
	n = chart_bars(rows, 3, 0, 40, &lines);
	assert_string_equal(lines[1], "Integrity an\xE2\x80\xA6  " F8 F8 F8 F8 F8 F8 F8 F8 F8
				      F8 F8 F8 F8 "  100% (214)");
	assert_string_equal(lines[0], "Fairness       " F8 F8 F8 F8 F8 F8 F8 "\xE2\x96\x89"
				      "        61% (130)");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	/* too narrow for everything: still a bar of one column */
	n = chart_bars(rows, 1, 0, 5, &lines);
	assert_string_equal(lines[0], "\xE2\x80\xA6  " F8 "  61% (130)");
	free(lines[0]);
	free(lines);
}

/* Stacked rows in a bar chart: the parts' sum is the length, scaled with
 * the plain rows. */
static void test_bars_stacked(void **state)
{
	double a[] = {2, 1, 1}, b[] = {0, 0, 2};
	struct chart_row rows[] = {
		{.label = "A", .note = "2 1 1", .parts = a, .nparts = 3},
		{.label = "B", .note = "0 0 2", .parts = b, .nparts = 3},
		{.label = "C", .value = 1, .note = "1"},
	};
	char **lines;
	size_t n = chart_bars(rows, 3, 0, 20, &lines);

	/* label 1 column, note 5: the bar gets 20 - 1 - 5 - 4 = 10, scaled to 4 */
	assert_int_equal(n, 3);
	assert_string_equal(lines[0], "A  " F8 F8 F8 F8 F8 DK DK DK MD MD "  2 1 1");
	assert_string_equal(lines[1], "B  " MD MD MD MD MD "       0 0 2");
	assert_string_equal(lines[2], "C  " F8 F8 H "             1");
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(chart_width(lines[i]), 20);
		free(lines[i]);
	}
	free(lines);
}

static char *heat_cell(double share, size_t w)
{
	struct buf b = {0};

	chart_heat_cell(&b, share, w);
	buf_puts(&b, "|");
	return buf_steal(&b);
}

static void test_heat_cells(void **state)
{
	char *s;
	struct chart_heat h;

	s = heat_cell(0.61, 9); /* three shades and the share */
	assert_string_equal(s, DK DK DK "  61% |");
	free(s);
	s = heat_cell(1, 8);
	assert_string_equal(s, F8 F8 " 100% |");
	free(s);
	s = heat_cell(0, 9); /* none: blank, and 0% */
	assert_string_equal(s, "      0% |");
	free(s);
	s = heat_cell(0.2, 7); /* too narrow for the share: shades only */
	assert_string_equal(s, LT LT LT LT LT LT " |");
	free(s);
	s = heat_cell(0.5, 2);
	assert_string_equal(s, MD " |");
	free(s);
	s = heat_cell(-1, 4); /* nothing to show */
	assert_string_equal(s, "-   |");
	free(s);
	/* labels a third at most, cells what is left, between 2 and 12 */
	chart_heat_layout(80, 14, 7, &h);
	assert_int_equal(h.label_w, 14);
	assert_int_equal(h.cell_w, 9);
	chart_heat_layout(60, 30, 7, &h);
	assert_int_equal(h.label_w, 20);
	assert_int_equal(h.cell_w, 5);
	chart_heat_layout(200, 5, 7, &h);
	assert_int_equal(h.cell_w, 12);
	chart_heat_layout(10, 5, 7, &h);
	assert_int_equal(h.label_w, 3);
	assert_int_equal(h.cell_w, 2);
}

static void test_heatmap(void **state)
{
	const char *labels[] = {"Fairness", "\xE8\xAD\xA6\xE5\xAF\x9F", "Accountability"};
	const char *heads[] = {"1 Information", "2 Assessment", "Any"};
	double shares[] = {
		0.72, 0, 0.72,
		0.1, 0.3, 0.4,
		1, -1, 1,
	};
	struct chart_heat lay;
	char **lines;
	size_t n = chart_heatmap(labels, 3, heads, 3, shares, 40, &lines, &lay);

	/* labels 13 columns (40 / 3), cells (40 - 14) / 3 = 8 */
	assert_int_equal(n, 4);
	assert_int_equal(lay.label_w, 13);
	assert_int_equal(lay.cell_w, 8);
	assert_string_equal(lines[0], "              1 Info\xE2\x80\xA6 2 Asse\xE2\x80\xA6 Any     ");
	assert_string_equal(lines[1], "Fairness      " DK DK "  72%      0% " DK DK "  72% ");
	assert_string_equal(lines[2], "\xE8\xAD\xA6\xE5\xAF\x9F          " LT LT "  10% "
				      MD MD "  30% " MD MD "  40% ");
	assert_string_equal(lines[3], "Accountabili\xE2\x80\xA6 " F8 F8 " 100% -       "
				      F8 F8 " 100% ");
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(chart_width(lines[i]), 13 + 1 + 3 * 8);
		free(lines[i]);
	}
	free(lines);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar),
		cmocka_unit_test(test_stack_and_shade),
		cmocka_unit_test(test_fit_and_width),
		cmocka_unit_test(test_bars_layout),
		cmocka_unit_test(test_bars_stacked),
		cmocka_unit_test(test_heat_cells),
		cmocka_unit_test(test_heatmap),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
