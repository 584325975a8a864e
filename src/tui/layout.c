/*
 * layout.c - pane rectangles for each screen (see layout.h).
 *
 * Wide terminals get a third column for the scenario text in the
 * workspace; tall ones give the extra rows to the text the user writes.
 */
#include "layout.h"

static struct rect rect(int y, int x, int h, int w)
{
	struct rect r = {y, x, h, w};
	return r;
}

size_t nav_move(size_t at, size_t count, size_t page, enum nav nav)
{
	if (!count)
		return 0;
	if (page < 1)
		page = 1;
	switch (nav) {
	case NAV_UP: at = at > 0 ? at - 1 : 0; break;
	case NAV_DOWN: at++; break;
	case NAV_PAGE_UP: at = at > page ? at - page : 0; break;
	case NAV_PAGE_DOWN: at = at + page; break;
	case NAV_FIRST: at = 0; break;
	case NAV_LAST: at = count - 1; break;
	}
	return at < count ? at : count - 1;
}

bool layout_too_small(int cols, int lines)
{
	return cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES;
}

void layout_home(int cols, int lines, const struct home_wants *want, struct home_layout *o)
{
	int body = lines - 2;       /* header and footer */
	int rest = body - body * 11 / 20;
	int open = rest / 2, past = rest - open;
	int left = want->list_width, max = cols / 2;

	/* a list takes no more rows than it has sessions, and its title */
	if ((size_t)open > want->open + 1)
		open = (int)want->open + 1;
	if ((size_t)past > want->past + 1)
		past = (int)want->past + 1;
	int top = body - open - past; /* scenarios + preview */
	if (max < HOME_LIST_MIN)
		max = HOME_LIST_MIN;
	if (left > max)
		left = max;
	if (left < HOME_LIST_MIN)
		left = HOME_LIST_MIN;
	o->header = rect(0, 0, 1, cols);
	o->scenarios = rect(1, 0, top, left);
	o->preview = rect(1, left, top, cols - left);
	o->open = rect(1 + top, 0, open, cols);
	o->past = rect(1 + top + open, 0, past, cols);
	o->footer = rect(lines - 1, 0, 1, cols);
}

void layout_workspace(int cols, int lines, struct ws_layout *o)
{
	int body = lines - 2;
	/* room for "0 Ethics  centre" on the rail's Ethics row */
	int rail = cols >= 100 ? 22 : 17;
	int main_x = rail, main_w = cols - rail;

	o->header = rect(0, 0, 1, cols);
	o->footer = rect(lines - 1, 0, 1, cols);
	o->rail = rect(1, 0, body, rail);
	if (cols >= 120) {
		/* scenario as its own column; stage over principles beside it */
		int sw = main_w * 2 / 5;
		int stage_h = body * 3 / 5;
		o->scenario = rect(1, main_x, body, sw);
		o->stage = rect(1, main_x + sw, stage_h, main_w - sw);
		o->principles = rect(1 + stage_h, main_x + sw, body - stage_h, main_w - sw);
	} else {
		int sc_h = body / 4;
		int rest = body - sc_h;
		int stage_h = rest * 3 / 5;
		o->scenario = rect(1, main_x, sc_h, main_w);
		o->stage = rect(1 + sc_h, main_x, stage_h, main_w);
		o->principles = rect(1 + sc_h + stage_h, main_x, rest - stage_h, main_w);
	}
}

void layout_doc(int cols, int lines, struct doc_layout *o)
{
	o->header = rect(0, 0, 1, cols);
	o->body = rect(1, 0, lines - 2, cols);
	o->footer = rect(lines - 1, 0, 1, cols);
}

struct rect layout_dialog(int cols, int lines, int h, int w)
{
	if (w > cols - 2)
		w = cols - 2;
	if (h > lines - 2)
		h = lines - 2;
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	return rect((lines - h) / 2, (cols - w) / 2, h, w);
}

bool rect_overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rect_inside(struct rect r, int cols, int lines)
{
	return r.h > 0 && r.w > 0 && r.y >= 0 && r.x >= 0 && r.y + r.h <= lines &&
	       r.x + r.w <= cols;
}
