/*
 * dialog.c - modal dialogs drawn over the current screen: a yes/no
 * question, one line of text, a choice from a list, and the dialog that
 * starts a session. Each runs its own small loop, but still lets the
 * screen underneath save on its ticks and redraws on resize.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui.h"

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

/* Wait for a key while the screen underneath keeps saving: a key, 0 for
 * nothing yet (redraw and wait again), -1 when the program was asked to
 * stop. */
static int modal_key(struct app *app, struct buf **paste, enum key_scope_index scope)
{
	app_refresh();
	int k = app_key(app, 500, paste);
	if (term_stop_requested())
		return -1;
	if (k > 0 && keys_action(scope, k) == ACT_HELP) {
		app_modal_help(app, scope);
		return term_stop_requested() ? -1 : 0;
	}
	return k;
}

static void draw_footer_line(struct rect in, enum key_scope_index scope)
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
		draw_footer_line(in, SCOPE_CONFIRM);
		struct buf *paste;
		int k = modal_key(app, &paste, SCOPE_CONFIRM);
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
		draw_footer_line(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int k = modal_key(app, &paste, SCOPE_DIALOG);
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
		draw_footer_line(in, SCOPE_DIALOG);
		struct buf *paste;
		int k = modal_key(app, &paste, SCOPE_DIALOG);
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

/* ---- starting a session ---- */

enum { F_LABEL, F_COHORT, F_NAME, F_FRAMEWORK, F_COUNT };

void dialog_start(struct app *app, struct pack *pack, const struct pack_scenario *sc)
{
	static const char *const labels[F_COUNT] = {
		"Label", "Cohort", "Your name", "Framework",
	};
	struct editor ed[F_FRAMEWORK];
	const struct framework *fws[16];
	size_t nfw = 0;
	int field = F_LABEL, fw = 0;
	char now[SESSION_TIME_LEN], error[600] = "";

	/* the pack's framework first: it is the default */
	fws[nfw++] = &pack->framework;
	for (size_t i = 0; i < framework_builtin_count() && nfw < ALEN(fws); i++)
		if (strcmp(framework_builtin_at(i)->id, pack->framework.id) != 0)
			fws[nfw++] = framework_builtin_at(i);
	time_now_iso(now);
	for (int i = 0; i < F_FRAMEWORK; i++) {
		editor_init(&ed[i]);
		ed[i].single_line = true;
	}
	char *label = xasprintf("%s, %.10s", sc->title, now);
	editor_set_text(&ed[F_LABEL], label);
	free(label);

	for (;;) {
		int w = COLS - 6 < 72 ? COLS - 6 : 72;
		struct rect in = dialog_frame(app, 11, w, "Start a session");
		int lw = 12;
		draw_fmt(in.y, in.x, in.w, term_attr(ROLE_EMPH), "%s", sc->title);
		draw_fmt(in.y + 1, in.x, in.w, term_attr(ROLE_DIM), "from %s; mode: solo",
			 pack->title);
		for (int f = 0; f < F_COUNT; f++) {
			int y = in.y + 3 + f;
			bool focus = f == field;
			draw_fmt(y, in.x, lw, focus ? term_attr(ROLE_EMPH) : (int)A_NORMAL, "%s%s:",
				 focus ? ">" : " ", labels[f]);
			struct rect fr = {y, in.x + lw + 1, 1, in.w - lw - 1};
			if (f < F_FRAMEWORK) {
				if (focus) {
					draw_editor(&ed[f], fr, term_attr(ROLE_SELECTED_DIM));
				} else {
					char *t = editor_text(&ed[f]);
					draw_fill(fr, A_UNDERLINE);
					draw_cstr(fr.y, fr.x, fr.w, t[0] ? t : (f == F_NAME ?
						  "(optional)" : "(none)"), A_UNDERLINE);
					free(t);
				}
			} else {
				draw_fmt(fr.y, fr.x, fr.w,
					 focus ? term_attr(ROLE_SELECTED) : (int)A_NORMAL, "< %s%s >",
					 fws[fw]->name, fw == 0 ? " (the pack's)" : "");
			}
		}
		if (error[0])
			draw_cstr(in.y + 8, in.x, in.w, error, term_attr(ROLE_ERROR));
		else
			draw_cstr(in.y + 8, in.x, in.w,
				  "Enter starts with these; Tab moves between fields.",
				  term_attr(ROLE_DIM));
		draw_footer_line(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int k = modal_key(app, &paste, SCOPE_DIALOG);
		if (k < 0)
			break;
		if (!k)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, k);
		if (a == ACT_CANCEL)
			break;
		if (a == ACT_NEXT_PANE) {
			field = (field + 1) % F_COUNT;
			continue;
		}
		if (a == ACT_PREV_PANE) {
			field = (field + F_COUNT - 1) % F_COUNT;
			continue;
		}
		if (field == F_FRAMEWORK && (a == ACT_LEFT || a == ACT_RIGHT)) {
			fw = (fw + (a == ACT_LEFT ? (int)nfw - 1 : 1)) % (int)nfw;
			continue;
		}
		if (a == ACT_LEFT || a == ACT_RIGHT) {
			if (a == ACT_LEFT)
				editor_left(&ed[field]);
			else
				editor_right(&ed[field]);
			continue;
		}
		if (a == ACT_NONE && field < F_FRAMEWORK) {
			editor_handle(&ed[field], keys_action(SCOPE_EDITOR, k), k, paste);
			continue;
		}
		if (a != ACT_ACCEPT)
			continue;

		char *text[F_FRAMEWORK];
		for (int i = 0; i < F_FRAMEWORK; i++)
			text[i] = editor_text(&ed[i]);
		if (str_blank(text[F_LABEL])) {
			snprintf(error, sizeof(error), "The label cannot be empty.");
			field = F_LABEL;
		} else {
			struct participant_spec who = {text[F_NAME], NULL};
			struct session_spec spec = {
				.pack = pack,
				.scenario = sc,
				.framework = fw == 0 ? NULL : fws[fw],
				.label = text[F_LABEL],
				.cohort = text[F_COHORT],
				.mode = SESSION_SOLO,
				.participants = &who,
				.nparticipants = str_blank(text[F_NAME]) ? 0 : 1,
			};
			struct store_error err;
			struct session *s = store_session_create(app->store, &spec, &err);
			if (s) {
				for (int i = 0; i < F_FRAMEWORK; i++)
					free(text[i]);
				ws_open(app, s, true);
				break;
			}
			snprintf(error, sizeof(error), "Not started: %s", err.message);
		}
		for (int i = 0; i < F_FRAMEWORK; i++)
			free(text[i]);
	}
	for (int i = 0; i < F_FRAMEWORK; i++)
		editor_finish(&ed[i]);
}
