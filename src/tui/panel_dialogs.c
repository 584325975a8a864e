/*
 * panel_dialogs.c - the facilitator's two small dialogs (see
 * panel_dialogs.h): who is speaking, and the hands counted in a show of
 * hands. Both are modal over the workspace, as dialog.c's are.
 */
#define NCURSES_WIDECHAR 1
#include "panel_dialogs.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "dilemma/tally.h"
#include "doc.h"
#include "draw.h"
#include "term.h"
#include "text.h"

/* Whether @name holds @filter, ignoring ASCII case. */
static bool name_matches(const char *name, const char *filter)
{
	size_t n = strlen(filter);

	for (const char *p = name; *p; p++)
		if (strncasecmp(p, filter, n) == 0)
			return true;
	return !n;
}

int64_t speaker_dialog(struct app *app, const struct session *s, int64_t current)
{
	char filter[64] = "";
	size_t shown[64], nshown, sel = 0;
	int64_t result = 0;

	for (size_t i = 0; i < s->nparticipants && i < ALEN(shown); i++)
		if (s->participants[i].number == current)
			sel = i;
	for (;;) {
		nshown = 0;
		for (size_t i = 0; i < s->nparticipants && nshown < ALEN(shown); i++)
			if (name_matches(s->participants[i].name, filter))
				shown[nshown++] = i;
		if (sel >= nshown)
			sel = nshown ? nshown - 1 : 0;
		int w = COLS - 8 < 60 ? COLS - 8 : 60;
		int h = (int)nshown + 3;
		if (h > LINES - 4)
			h = LINES - 4;
		struct rect in = dialog_frame(app, h, w, "Who is speaking?");
		draw_fmt(in.y, in.x, in.w, term_attr(ROLE_DIM), "1-9 pick, or type a name: %s",
			 filter);
		for (size_t k = 0; k < nshown && (int)k < in.h - 2; k++) {
			const struct participant *p = &s->participants[shown[k]];
			int attr = k == sel ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;
			draw_fill((struct rect){in.y + 1 + (int)k, in.x, 1, in.w}, attr);
			draw_fmt(in.y + 1 + (int)k, in.x, in.w, attr, "%zu %s%s%s%s", shown[k] + 1,
				 p->name, p->role[0] ? " (" : "", p->role, p->role[0] ? ")" : "");
		}
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int key = dialog_key(app, &paste, SCOPE_DIALOG);
		if (key < 0)
			break;
		if (!key)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, key);
		if (a == ACT_CANCEL)
			break;
		if (a == ACT_ACCEPT) {
			if (nshown)
				result = s->participants[shown[sel]].number;
			break;
		}
		if (a == ACT_NEXT_PANE && sel + 1 < nshown)
			sel++;
		else if (a == ACT_PREV_PANE && sel > 0)
			sel--;
		else if (key >= '1' && key <= '9' && !filter[0] &&
			 (size_t)(key - '1') < s->nparticipants) {
			result = s->participants[key - '1'].number;
			break;
		} else if (key == TK_BACKSPACE && filter[0]) {
			filter[text_prev(filter, strlen(filter))] = '\0';
		} else if (a == ACT_NONE && key >= 0x20 && key < 0x7f &&
			   strlen(filter) + 1 < sizeof(filter)) {
			size_t n = strlen(filter);
			filter[n] = (char)key;
			filter[n + 1] = '\0';
			sel = 0;
		}
	}
	return result;
}

/* A count being typed: up to 4 digits. */
struct count_field {
	char digits[5];
};

static void count_key(struct count_field *f, int key)
{
	size_t n = strlen(f->digits);

	if (key == TK_BACKSPACE && n)
		f->digits[n - 1] = '\0';
	else if (key >= '0' && key <= '9' && n + 1 < sizeof(f->digits))
		f->digits[n] = (char)key, f->digits[n + 1] = '\0';
}

void hands_dialog(struct app *app, struct conduct *c)
{
	static const char *const heads[3] = {"for", "against", "abstain"};
	struct tally_ballot *b = NULL;
	size_t nb = tally_ballots(c->s, &b);
	const struct tally_ballot *open = nb && !b[nb - 1].revealed ? &b[nb - 1] : NULL;
	size_t n = open ? open->noptions : 0, field = 0;
	struct count_field *f = xcalloc(n * 3 + 1, sizeof(*f));
	char error[600] = "";

	if (!open) {
		app_message(app, false, "No show of hands is open (v opens one).");
		goto out;
	}
	for (;;) {
		int w = COLS - 6 < 76 ? COLS - 6 : 76;
		int h = (int)n + 4;
		if (h > LINES - 4)
			h = LINES - 4;
		char title[64];
		snprintf(title, sizeof(title), "Show of hands, ballot %lld", (long long)open->number);
		struct rect in = dialog_frame(app, h, w, title);
		int cw = 9, lw = in.w - 3 * cw;
		draw_fmt(in.y, in.x, lw, term_attr(ROLE_DIM), "Hands counted on each option");
		for (int k = 0; k < 3; k++)
			draw_cstr(in.y, in.x + lw + k * cw, cw, heads[k], term_attr(ROLE_DIM));
		for (size_t i = 0; i < n && (int)i < in.h - 3; i++) {
			const struct entry *e = session_entry(c->s, open->options[i].option);
			int y = in.y + 1 + (int)i;
			draw_fmt(y, in.x, lw - 1, A_NORMAL, "%zu. %s", i + 1, e ? e->text : "?");
			for (int k = 0; k < 3; k++) {
				size_t at = i * 3 + (size_t)k;
				int attr = at == field ? term_attr(ROLE_SELECTED) : (int)A_UNDERLINE;
				draw_fill((struct rect){y, in.x + lw + k * cw, 1, cw - 2}, attr);
				draw_cstr(y, in.x + lw + k * cw, cw - 2, f[at].digits, attr);
			}
		}
		draw_cstr(in.y + in.h - 2, in.x, in.w, error[0] ? error :
			  "Tab moves; type the counts; Enter records them (typed again, they replace)",
			  term_attr(error[0] ? ROLE_ERROR : ROLE_DIM));
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int key = dialog_key(app, &paste, SCOPE_DIALOG);
		if (key < 0)
			break;
		if (!key)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, key);
		if (a == ACT_CANCEL)
			break;
		if (a == ACT_NEXT_PANE || a == ACT_RIGHT)
			field = (field + 1) % (n * 3);
		else if (a == ACT_PREV_PANE || a == ACT_LEFT)
			field = (field + n * 3 - 1) % (n * 3);
		else if (a == ACT_ACCEPT) {
			bool ok = true;
			for (size_t i = 0; i < n && ok; i++) {
				const struct count_field *r = &f[i * 3];
				if (!r[0].digits[0] && !r[1].digits[0] && !r[2].digits[0])
					continue; /* nothing typed: leave it as it was */
				ok = conduct_hands(c, open->options[i].option,
						   strtoul(r[0].digits, NULL, 10),
						   strtoul(r[1].digits, NULL, 10),
						   strtoul(r[2].digits, NULL, 10));
			}
			if (ok) {
				app_message(app, false, "Hands recorded for ballot %lld. R reveals.",
					    (long long)open->number);
				break;
			}
			snprintf(error, sizeof(error), "Not recorded: %s", c->err.message);
		} else {
			count_key(&f[field], key);
		}
	}
out:
	free(f);
	tally_ballots_free(b, nb);
}
