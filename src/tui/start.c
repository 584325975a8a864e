/*
 * start.c - the dialog that starts a session (see start.h): a small form
 * whose every field has a valid default, so Enter, Enter starts at once;
 * the session itself is made by conduct_start().
 */
#define NCURSES_WIDECHAR 1
#include "start.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "dilemma/conduct.h"
#include "draw.h"
#include "editor.h"
#include "term.h"

enum { F_LABEL, F_COHORT, F_NAME, F_FRAMEWORK, F_COUNT };

void start_dialog(struct app *app, struct pack *pack, const struct pack_scenario *sc)
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
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int k = dialog_key(app, &paste, SCOPE_DIALOG);
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
			struct conduct *c = conduct_start(app->store, &spec, app_now_ms, &err);
			if (c) {
				struct screen_arg arg = {.conduct = c, .fresh = true};
				for (int i = 0; i < F_FRAMEWORK; i++)
					free(text[i]);
				app_open(app, SCREEN_WORKSPACE, &arg);
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
