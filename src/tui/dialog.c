/*
 * dialog.c - modal dialogs drawn over the current screen (see dialog.h): a
 * yes/no question, one line of text, a choice from a list. Each runs its
 * own small loop, but still lets the screen underneath save on its ticks
 * and redraws on resize.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "doc.h"
#include "draw.h"
#include "editor.h"
#include "help.h"
#include "term.h"
#include "text.h"

struct rect dialog_frame(struct app *app, int h, int w, const char *title)
{
	struct rect r;

	app_draw(app);
	r = layout_dialog(COLS, LINES, h + 2, w + 2);
	draw_fill(r, A_NORMAL);
	attrset(term_attr(ROLE_EMPH));
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	draw_fmt(r.y, r.x + 2, r.w - 4, term_attr(ROLE_EMPH), " %s ", title);
	draw_cursor_y = -1;
	struct rect in = {r.y + 1, r.x + 2, r.h - 2, r.w - 4};
	return in;
}

int dialog_key(struct app *app, struct buf **paste, enum key_scope_index scope)
{
	app_refresh();
	int k = app_key(app, 500, paste);
	if (term_stop_requested())
		return -1;
	if (k > 0 && keys_action(scope, k) == ACT_HELP) {
		help_modal(app, scope);
		return term_stop_requested() ? -1 : 0;
	}
	return k;
}

void dialog_footer(struct rect in, enum key_scope_index scope)
{
	char *f = keys_footer(scope);
	draw_cstr(in.y + in.h - 1, in.x, in.w, f, term_attr(ROLE_DIM));
	free(f);
}

bool dialog_confirm(struct app *app, const char *title, const char *text)
{
	struct doc d = {0};
	bool answer = false;

	for (;;) {
		int w = COLS - 8 < 64 ? COLS - 8 : 64;
		doc_reset(&d, w);
		doc_text(&d, text, A_NORMAL, 0, -1);
		struct rect in = dialog_frame(app, (int)d.n + 2, w, title);
		doc_draw(&d, in, 0, -1, 0);
		dialog_footer(in, SCOPE_CONFIRM);
		struct buf *paste;
		int k = dialog_key(app, &paste, SCOPE_CONFIRM);
		if (k < 0)
			break;
		if (!k)
			continue;
		enum action a = keys_action(SCOPE_CONFIRM, k);
		if (a == ACT_YES) {
			answer = true;
			break;
		}
		if (a == ACT_NO)
			break;
	}
	doc_free(&d);
	return answer;
}

char *dialog_input(struct app *app, const char *title, const char *label, const char *initial)
{
	struct editor ed;
	char *result = NULL;

	editor_init(&ed);
	ed.single_line = true;
	editor_set_text(&ed, initial);
	for (;;) {
		int w = COLS - 8 < 70 ? COLS - 8 : 70;
		struct rect in = dialog_frame(app, 4, w, title);
		draw_cstr(in.y, in.x, in.w, label, A_NORMAL);
		struct rect field = {in.y + 1, in.x, 1, in.w};
		draw_editor(&ed, field, term_attr(ROLE_SELECTED_DIM));
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int k = dialog_key(app, &paste, SCOPE_DIALOG);
		if (k < 0)
			break;
		if (!k)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, k);
		if (a == ACT_ACCEPT) {
			result = editor_text(&ed);
			break;
		}
		if (a == ACT_CANCEL)
			break;
		if (a == ACT_LEFT)
			editor_left(&ed);
		else if (a == ACT_RIGHT)
			editor_right(&ed);
		else if (a == ACT_NONE)
			editor_handle(&ed, keys_action(SCOPE_EDITOR, k), k, paste);
	}
	editor_finish(&ed);
	return result;
}

int dialog_choose(struct app *app, const char *title, const char *const *choices, size_t n,
		  int initial)
{
	struct doc d = {0};
	int sel = initial < 0 || (size_t)initial >= n ? 0 : initial;
	size_t top = 0;
	int result = -1;

	for (;;) {
		int w = COLS - 8 < 70 ? COLS - 8 : 70;
		doc_reset(&d, w - 2);
		for (size_t i = 0; i < n; i++)
			doc_text(&d, choices[i], A_NORMAL, 2, (int)i);
		int h = (int)d.n + 1;
		if (h > LINES - 4)
			h = LINES - 4;
		struct rect in = dialog_frame(app, h, w, title);
		struct rect list = {in.y, in.x, in.h - 1, in.w};
		top = doc_scroll_to(&d, sel, top, list.h);
		doc_draw(&d, list, top, sel, term_attr(ROLE_SELECTED));
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste;
		int k = dialog_key(app, &paste, SCOPE_DIALOG);
		if (k < 0)
			break;
		if (!k)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, k);
		if (a == ACT_ACCEPT) {
			result = sel;
			break;
		}
		if (a == ACT_CANCEL)
			break;
		if ((a == ACT_NEXT_PANE || a == ACT_RIGHT) && (size_t)sel + 1 < n)
			sel++;
		if ((a == ACT_PREV_PANE || a == ACT_LEFT) && sel > 0)
			sel--;
	}
	doc_free(&d);
	return result;
}
