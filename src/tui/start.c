/*
 * start.c - the dialog that starts a session (see start.h): a small form
 * whose every field has a valid default, so Enter, Enter starts a solo
 * session at once. For a panel it takes the participants, a row each with
 * a name and a role (rows are added and removed in the form), and the
 * time-box. Whether the session can be run is conduct_check_spec()'s
 * answer, as for `dilemma start`; the session itself is made by
 * conduct_start().
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

#define MAX_ROWS 24

/* What a line of the form is. */
enum fid { FID_LABEL, FID_COHORT, FID_MODE, FID_NAME, FID_PNAME, FID_PROLE, FID_ADD,
	   FID_TIMEBOX, FID_FRAMEWORK };

struct fref {
	enum fid id;
	size_t row; /* participant rows: which */
};

struct form {
	const struct pack_scenario *sc;
	struct editor label, cohort, name, timebox;
	unsigned long label_untouched; /* label.changes while it is the default */
	bool panel;
	struct editor pname[MAX_ROWS];
	int prole[MAX_ROWS];
	size_t nrows;
	const struct framework *fws[16];
	size_t nfw;
	int fw;
	struct fref focus;
};

static void text_field(struct editor *ed, const char *text)
{
	editor_init(ed);
	ed->single_line = true;
	editor_set_text(ed, text);
}

static void add_row(struct form *f, enum participant_role role)
{
	if (f->nrows == MAX_ROWS)
		return;
	text_field(&f->pname[f->nrows], "");
	f->prole[f->nrows++] = role;
}

static void remove_row(struct form *f, size_t row)
{
	editor_finish(&f->pname[row]);
	memmove(&f->pname[row], &f->pname[row + 1], (f->nrows - row - 1) * sizeof(*f->pname));
	memmove(&f->prole[row], &f->prole[row + 1], (f->nrows - row - 1) * sizeof(*f->prole));
	f->nrows--;
}

/* The lines of the form as it stands, in Tab order. */
static size_t fields(const struct form *f, struct fref *out, size_t max)
{
	size_t n = 0;

#define ADD(i, r) do { if (n < max) out[n++] = (struct fref){i, r}; } while (0)
	ADD(FID_LABEL, 0);
	ADD(FID_COHORT, 0);
	ADD(FID_MODE, 0);
	if (!f->panel) {
		ADD(FID_NAME, 0);
	} else {
		for (size_t r = 0; r < f->nrows; r++) {
			ADD(FID_PNAME, r);
			ADD(FID_PROLE, r);
		}
		ADD(FID_ADD, 0);
		ADD(FID_TIMEBOX, 0);
	}
	ADD(FID_FRAMEWORK, 0);
#undef ADD
	return n;
}

static size_t focus_index(const struct form *f, const struct fref *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].id == f->focus.id && list[i].row == f->focus.row)
			return i;
	return 0;
}

static struct editor *editor_of(struct form *f, struct fref r)
{
	switch (r.id) {
	case FID_LABEL: return &f->label;
	case FID_COHORT: return &f->cohort;
	case FID_NAME: return &f->name;
	case FID_TIMEBOX: return &f->timebox;
	case FID_PNAME: return &f->pname[r.row];
	default: return NULL;
	}
}

/* A text field, focused (the editor) or not (underlined, or a hint). */
static void draw_text_field(struct form *f, struct fref r, struct rect at, bool focus,
			    const char *empty)
{
	struct editor *ed = editor_of(f, r);

	if (focus) {
		draw_editor(ed, at, term_attr(ROLE_SELECTED_DIM));
		return;
	}
	char *t = editor_text(ed);
	draw_fill(at, A_UNDERLINE);
	draw_cstr(at.y, at.x, at.w, t[0] ? t : empty, A_UNDERLINE);
	free(t);
}

/* "< text >", the text ending in an ellipsis when it is too wide: the
 * arrows that say Left/Right change it always show. */
static void draw_choice(struct rect at, bool focus, const char *text)
{
	int attr = focus ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;
	int used;

	if (at.w < 5)
		return;
	used = draw_cstr(at.y, at.x, 2, "< ", attr);
	used += draw_str_cut(at.y, at.x + used, at.w - 4, text, strlen(text), attr);
	draw_cstr(at.y, at.x + used, 2, " >", attr);
}

static void draw_form(struct form *f, struct rect in, const char *pack_title, const char *error)
{
	struct fref list[2 * MAX_ROWS + 8];
	size_t n = fields(f, list, ALEN(list)), at = focus_index(f, list, n);
	int lw = 12, rows = in.h - 5, first = 0, line = -1;
	char lab[64];

	draw_fmt(in.y, in.x, in.w, term_attr(ROLE_EMPH), "%s", f->sc->title);
	draw_fmt(in.y + 1, in.x, in.w, term_attr(ROLE_DIM), "from %s", pack_title);
	/* a role shares its member's line: the focus's line decides the scroll */
	for (size_t k = 0; k <= at; k++)
		line += list[k].id != FID_PROLE;
	if (line >= rows)
		first = line - rows + 1;
	line = -1;
	for (size_t k = 0; k < n; k++) {
		struct fref r = list[k];
		bool focus = k == at;
		line += r.id != FID_PROLE;
		if (line < first || line - first >= rows)
			continue;
		int y = in.y + 3 + line - first;
		struct rect fr = {y, in.x + lw + 1, 1, in.w - lw - 1};
		const char *name = NULL;
		switch (r.id) {
		case FID_LABEL: name = "Label"; break;
		case FID_COHORT: name = "Cohort"; break;
		case FID_MODE: name = "Mode"; break;
		case FID_NAME: name = "Your name"; break;
		case FID_TIMEBOX: name = "Time-box"; break;
		case FID_FRAMEWORK: name = "Framework"; break;
		case FID_PNAME:
			snprintf(lab, sizeof(lab), "Member %zu", r.row + 1);
			name = lab;
			break;
		default: break;
		}
		if (name)
			draw_fmt(y, in.x, lw, focus ? term_attr(ROLE_EMPH) : (int)A_NORMAL, "%s%s:",
				 focus ? ">" : " ", name);
		switch (r.id) {
		case FID_LABEL:
		case FID_COHORT:
			draw_text_field(f, r, fr, focus, "(none)");
			break;
		case FID_NAME:
			draw_text_field(f, r, fr, focus, "(optional)");
			break;
		case FID_PNAME:
			fr.w = fr.w - 16 > 8 ? fr.w - 16 : 8;
			draw_text_field(f, r, fr, focus, "(a name)");
			break;
		case FID_PROLE:
			draw_choice((struct rect){y, in.x + in.w - 14, 1, 14}, focus,
				    participant_role_id((enum participant_role)f->prole[r.row]));
			break;
		case FID_ADD:
			draw_cstr(y, in.x + 1, in.w - 1, "+ Add a participant (Enter); Ctrl-R removes"
				  " the member selected",
				  focus ? term_attr(ROLE_SELECTED) : term_attr(ROLE_DIM));
			break;
		case FID_MODE:
			draw_choice(fr, focus, f->panel ? "Panel: several people, a facilitator"
					    : "Solo: one person");
			break;
		case FID_TIMEBOX:
			fr.w = 6;
			draw_text_field(f, r, fr, focus, "none");
			draw_cstr(y, fr.x + 7, in.w - lw - 8, "minutes a stage (1 to 240; empty: none)",
				  term_attr(ROLE_DIM));
			break;
		case FID_FRAMEWORK:
			snprintf(lab, sizeof(lab), "%s%s", f->fws[f->fw]->name,
				 f->fw == 0 ? " (the pack's)" : "");
			draw_choice(fr, focus, lab);
			break;
		}
	}
	draw_cstr(in.y + in.h - 2, in.x, in.w, error[0] ? error :
		  "Enter starts; Tab moves; Left/Right change a choice.",
		  term_attr(error[0] ? ROLE_ERROR : ROLE_DIM));
}

/* Tab, Shift-Tab: the next or previous line of the form. */
static void move_focus(struct form *f, int dir)
{
	struct fref list[2 * MAX_ROWS + 8];
	size_t n = fields(f, list, ALEN(list)), at = focus_index(f, list, n);

	f->focus = list[(at + n + (size_t)dir) % n];
}

static void cycle(struct form *f, int dir)
{
	switch (f->focus.id) {
	case FID_MODE:
		f->panel = !f->panel;
		if (f->panel && !f->nrows) {
			add_row(f, ROLE_CHAIR);
			add_row(f, ROLE_MEMBER);
		}
		break;
	case FID_PROLE: {
		int *r = &f->prole[f->focus.row];
		*r = (*r + PARTICIPANT_ROLE_COUNT + dir) % PARTICIPANT_ROLE_COUNT;
		break;
	}
	case FID_FRAMEWORK:
		f->fw = (f->fw + (int)f->nfw + dir) % (int)f->nfw;
		break;
	default: {
		struct editor *ed = editor_of(f, f->focus);
		if (ed) {
			if (dir < 0)
				editor_left(ed);
			else
				editor_right(ed);
		}
		break;
	}
	}
}

/* Make the session the form describes; NULL with @error set when it
 * cannot be. */
static struct conduct *start(struct app *app, struct form *f, struct pack *pack,
			     char *error, size_t size)
{
	struct participant_spec who[MAX_ROWS];
	char *names[MAX_ROWS], *label = editor_text(&f->label), *cohort = editor_text(&f->cohort);
	char *name = editor_text(&f->name), *box = editor_text(&f->timebox), *end;
	struct store_error err = {0};
	struct conduct *c = NULL;
	struct session_spec spec = {
		.pack = pack, .scenario = f->sc, .framework = f->fw == 0 ? NULL : f->fws[f->fw],
		.cohort = cohort, .mode = f->panel ? SESSION_PANEL : SESSION_SOLO,
		.participants = who,
	};
	size_t n = 0;

	for (size_t r = 0; f->panel && r < f->nrows; r++) {
		names[n] = editor_text(&f->pname[r]);
		who[n] = (struct participant_spec){names[n],
			participant_role_id((enum participant_role)f->prole[r])};
		n++;
	}
	if (!f->panel && !str_blank(name))
		who[0] = (struct participant_spec){name, NULL};
	spec.nparticipants = f->panel ? n : !str_blank(name);
	spec.timebox = f->panel && !str_blank(box) ? (int)strtol(box, &end, 10) : 0;
	if (f->label.changes == f->label_untouched) {
		/* the default label says whose session it is */
		char now[SESSION_TIME_LEN];
		time_now_iso(now);
		free(label);
		label = f->panel ? xasprintf("%s, panel of %zu, %.10s", f->sc->title, n, now)
			: !str_blank(name) ? xasprintf("%s, %s, %.10s", f->sc->title, name, now)
			: xasprintf("%s, %.10s", f->sc->title, now);
	}
	spec.label = label;
	if (str_blank(label)) {
		snprintf(error, size, "The label cannot be empty.");
		f->focus = (struct fref){FID_LABEL, 0};
	} else if (f->panel && !str_blank(box) && (*end || spec.timebox < 1 ||
						   spec.timebox > PACK_MAX_TIMEBOX)) {
		snprintf(error, size, "The time-box is a whole number of minutes from 1 to %d.",
			 PACK_MAX_TIMEBOX);
		f->focus = (struct fref){FID_TIMEBOX, 0};
	} else if (!(c = conduct_start(app->store, &spec, app_now_ms, &err))) {
		snprintf(error, size, "Not started: %s", err.message);
	}
	for (size_t r = 0; r < n; r++)
		free(names[r]);
	free(label);
	free(cohort);
	free(name);
	free(box);
	return c;
}

static void form_finish(struct form *f)
{
	editor_finish(&f->label);
	editor_finish(&f->cohort);
	editor_finish(&f->name);
	editor_finish(&f->timebox);
	for (size_t r = 0; r < f->nrows; r++)
		editor_finish(&f->pname[r]);
}

void start_dialog(struct app *app, struct pack *pack, const struct pack_scenario *sc)
{
	struct form f = {.sc = sc, .focus = {FID_LABEL, 0}};
	char now[SESSION_TIME_LEN], error[600] = "";

	/* the pack's framework first: it is the default */
	f.fws[f.nfw++] = &pack->framework;
	for (size_t i = 0; i < framework_builtin_count() && f.nfw < ALEN(f.fws); i++)
		if (strcmp(framework_builtin_at(i)->id, pack->framework.id) != 0)
			f.fws[f.nfw++] = framework_builtin_at(i);
	time_now_iso(now);
	char *label = xasprintf("%s, %.10s", sc->title, now);
	text_field(&f.label, label);
	free(label);
	f.label_untouched = f.label.changes;
	text_field(&f.cohort, "");
	text_field(&f.name, "");
	text_field(&f.timebox, "");

	for (;;) {
		struct fref list[2 * MAX_ROWS + 8];
		int w = COLS - 6 < 76 ? COLS - 6 : 76;
		int h = (int)(fields(&f, list, ALEN(list)) - (f.panel ? f.nrows : 0)) + 6;
		struct rect in = dialog_frame(app, h, w, "Start a session");
		draw_form(&f, in, pack->title, error);
		dialog_footer(in, SCOPE_DIALOG);
		struct buf *paste = NULL;
		int k = dialog_key(app, &paste, SCOPE_DIALOG);
		if (k < 0)
			break;
		if (!k)
			continue;
		enum action a = keys_action(SCOPE_DIALOG, k);
		struct editor *ed = editor_of(&f, f.focus);
		if (a == ACT_CANCEL)
			break;
		if (a == ACT_NEXT_PANE || a == ACT_PREV_PANE) {
			move_focus(&f, a == ACT_NEXT_PANE ? 1 : -1);
			continue;
		}
		if (a == ACT_LEFT || a == ACT_RIGHT) {
			cycle(&f, a == ACT_LEFT ? -1 : 1);
			continue;
		}
		if (a == ACT_DELETE) {
			if ((f.focus.id == FID_PNAME || f.focus.id == FID_PROLE) && f.nrows > 0) {
				remove_row(&f, f.focus.row);
				f.focus = f.nrows ? (struct fref){FID_PNAME, f.focus.row ? f.focus.row - 1 : 0}
						  : (struct fref){FID_ADD, 0};
			}
			continue;
		}
		if (a == ACT_ACCEPT && f.focus.id == FID_ADD) {
			add_row(&f, ROLE_MEMBER);
			f.focus = (struct fref){FID_PNAME, f.nrows - 1};
			continue;
		}
		if (a == ACT_ACCEPT) {
			error[0] = '\0';
			struct conduct *c = start(app, &f, pack, error, sizeof(error));
			if (!c)
				continue;
			struct screen_arg arg = {.conduct = c, .fresh = true};
			app_open(app, SCREEN_WORKSPACE, &arg);
			break;
		}
		if (a == ACT_NONE && ed) {
			if (f.focus.id == FID_TIMEBOX && k != TK_BACKSPACE && k != TK_DELETE &&
			    (k < '0' || k > '9'))
				continue;
			editor_handle(ed, keys_action(SCOPE_EDITOR, k), k, paste);
		}
	}
	form_finish(&f);
}
