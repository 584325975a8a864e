/* Unit tests for the workbench's layout maths (src/tui/layout.c): at every
 * size from the minimum up, panes stay on screen and never overlap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout.h"

static void no_overlap(const struct rect *r, int n, int cols, int lines)
{
	for (int i = 0; i < n; i++) {
		assert_true(rect_inside(r[i], cols, lines));
		for (int j = i + 1; j < n; j++)
			assert_false(rect_overlap(r[i], r[j]));
	}
}

/* Home at @cols x @lines, for lists of every length and titles of every
 * width: on screen, no overlap, every row used; an empty session list is
 * its title row alone, one with sessions shows some; the scenario list
 * as wide as it wants, between its minimum and half the screen. */
static void home_sizes(int cols, int lines)
{
	static const size_t counts[] = {0, 1, 2, 5, 30000};
	static const int widths[] = {0, 20, 45, 70, 400};

	for (size_t o = 0; o < sizeof(counts) / sizeof(*counts); o++)
		for (size_t p = 0; p < sizeof(counts) / sizeof(*counts); p++)
			for (size_t k = 0; k < sizeof(widths) / sizeof(*widths); k++) {
				struct home_wants want = {widths[k], counts[o], counts[p]};
				struct home_layout h;
				layout_home(cols, lines, &want, &h);
				struct rect hr[] = {h.header, h.scenarios, h.preview, h.open, h.past,
						    h.footer};
				no_overlap(hr, 6, cols, lines);
				assert_int_equal(h.scenarios.h + h.open.h + h.past.h, lines - 2);
				assert_true(h.scenarios.h >= 8);
				assert_true(counts[o] ? h.open.h >= 2 : h.open.h == 1);
				assert_true(counts[p] ? h.past.h >= 2 : h.past.h == 1);
				assert_true(h.open.h <= (int)counts[o] + 1);
				assert_true(h.past.h <= (int)counts[p] + 1);
				assert_int_equal(h.scenarios.w + h.preview.w, cols);
				int max = cols / 2 > HOME_LIST_MIN ? cols / 2 : HOME_LIST_MIN;
				assert_true(h.scenarios.w >= HOME_LIST_MIN && h.scenarios.w <= max);
				if (widths[k] >= HOME_LIST_MIN && widths[k] <= max)
					assert_int_equal(h.scenarios.w, widths[k]);
				assert_true(h.preview.w >= 30);
			}
}

static void test_sizes(void **state)
{
	for (int cols = LAYOUT_MIN_COLS; cols <= 220; cols += 7)
		for (int lines = LAYOUT_MIN_LINES; lines <= 70; lines += 3) {
			struct ws_layout w;
			struct doc_layout d;
			home_sizes(cols, lines);
			layout_workspace(cols, lines, &w);
			struct rect wr[] = {w.header, w.rail, w.scenario, w.stage, w.principles, w.footer};
			no_overlap(wr, 6, cols, lines);
			assert_true(w.stage.h >= 5 && w.principles.h >= 4 && w.scenario.h >= 4);
			assert_true(w.stage.w >= 40);
			layout_doc(cols, lines, &d);
			struct rect dr[] = {d.header, d.body, d.footer};
			no_overlap(dr, 3, cols, lines);
			assert_false(layout_too_small(cols, lines));
		}
}

static void test_80x24(void **state)
{
	struct ws_layout w;
	struct home_layout h;

	/* no sessions yet: the two lists are a row each, the rest is the
	 * scenarios'; long titles get half the width, not 28 columns */
	layout_home(80, 24, &(struct home_wants){60, 0, 0}, &h);
	assert_int_equal(h.open.h, 1);
	assert_int_equal(h.past.h, 1);
	assert_int_equal(h.scenarios.h, 20);
	assert_int_equal(h.scenarios.w, 40);
	layout_home(120, 40, &(struct home_wants){60, 100, 100}, &h);
	assert_int_equal(h.scenarios.w, 60);
	assert_int_equal(h.open.h + h.past.h, 38 - 38 * 11 / 20);

	layout_workspace(80, 24, &w);
	assert_int_equal(w.header.y, 0);
	assert_int_equal(w.footer.y, 23);
	assert_int_equal(w.rail.w + w.stage.w, 80);
	/* every row between header and footer is used */
	assert_int_equal(w.scenario.h + w.stage.h + w.principles.h, 22);
	assert_true(layout_too_small(LAYOUT_MIN_COLS - 1, 24));
	assert_true(layout_too_small(80, LAYOUT_MIN_LINES - 1));
	struct rect d = layout_dialog(80, 24, 40, 200);
	assert_true(rect_inside(d, 80, 24));
}

/* The common moves of every list and scrolling pane stay in the list. */
static void test_nav_move(void **state)
{
	assert_int_equal(nav_move(0, 10, 4, NAV_UP), 0);
	assert_int_equal(nav_move(3, 10, 4, NAV_UP), 2);
	assert_int_equal(nav_move(3, 10, 4, NAV_DOWN), 4);
	assert_int_equal(nav_move(9, 10, 4, NAV_DOWN), 9);
	assert_int_equal(nav_move(3, 10, 4, NAV_PAGE_UP), 0);
	assert_int_equal(nav_move(7, 10, 4, NAV_PAGE_UP), 3);
	assert_int_equal(nav_move(3, 10, 4, NAV_PAGE_DOWN), 7);
	assert_int_equal(nav_move(7, 10, 4, NAV_PAGE_DOWN), 9);
	assert_int_equal(nav_move(5, 10, 4, NAV_FIRST), 0);
	assert_int_equal(nav_move(5, 10, 4, NAV_LAST), 9);
	/* a page of no rows still moves; an empty list has only 0 */
	assert_int_equal(nav_move(5, 10, 0, NAV_PAGE_DOWN), 6);
	assert_int_equal(nav_move(5, 0, 4, NAV_LAST), 0);
	assert_int_equal(nav_move(5, 0, 4, NAV_DOWN), 0);
	/* an index past the end (the list shrank) comes back into it */
	assert_int_equal(nav_move(12, 10, 4, NAV_UP), 9);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_80x24),
		cmocka_unit_test(test_nav_move),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
