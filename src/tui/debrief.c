/*
 * debrief.c - the debrief: where reasoning was recorded, stage by
 * principle and with which stance, so gaps stand out; the pack's
 * considerations beside the user's own reasoning on the same principles;
 * the options, the decision, its rationale and the review. From here the
 * session can be reported, exported, or reopened for revision.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/export.h"
#include "dilemma/report.h"
#include "text.h"
#include "ui.h"

struct debrief {
	struct session *s;
	const struct framework *fw;
	struct doc d;
	size_t top;
};

static const enum ndm_stage order[NDM_STAGE_COUNT] = {
	NDM_INFORMATION, NDM_ASSESSMENT, NDM_POWERS, NDM_OPTIONS, NDM_ACTION, NDM_ETHICS,
};

void debrief_open(struct app *app, const char *id)
{
	struct store_error err;
	struct session *s = store_session_load(app->store, id, &err);

	if (!s) {
		app_message(app, true, "cannot open the session: %s", err.message);
		return;
	}
	debrief_close(app);
	struct debrief *db = xcalloc(1, sizeof(*db));
	db->s = s;
	db->fw = s->framework ? s->framework : framework_builtin(s->framework_id);
	app->debrief = db;
	app_show(app, SCREEN_DEBRIEF);
}

void debrief_close(struct app *app)
{
	struct debrief *db = app->debrief;

	if (!db)
		return;
	session_destroy(db->s);
	doc_free(&db->d);
	free(db);
	app->debrief = NULL;
}

/* The principle entry of @s at @st for @pid, or NULL. */
static const struct entry *principle_entry(const struct session *s, enum ndm_stage st,
					   const char *pid)
{
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->stage == st && e->kind == ENTRY_PRINCIPLE && !e->deleted &&
		    e->principle && strcmp(e->principle, pid) == 0 &&
		    (!str_blank(e->text) || e->stance != STANCE_NONE))
			return e;
	}
	return NULL;
}

static char cell(const struct entry *e)
{
	if (!e)
		return '.';
	switch (e->stance) {
	case STANCE_UPHOLDS: return 'U';
	case STANCE_TENSION: return 'T';
	case STANCE_NEUTRAL: return 'N';
	default: return '*';
	}
}

static void grid(struct debrief *db, struct doc *d)
{
	const struct framework *fw = db->fw;
	struct buf b = {0};

	doc_line(d, "Where reasoning was recorded", term_attr(ROLE_EMPH), 0, -1);
	if (!fw || !fw->count) {
		doc_line(d, "The session's principles are not known.", term_attr(ROLE_DIM), 2, -1);
		return;
	}
	/* columns as wide as the screen allows: a mark and up to 4 letters of
	 * the principle's id */
	int cw = (d->width - 2 - GRID_LEAD) / (int)fw->count;
	cw = cw > 5 ? 5 : cw < 2 ? 2 : cw;
	buf_printf(&b, "%-*s", GRID_LEAD, "");
	for (size_t p = 0; p < fw->count; p++)
		buf_printf(&b, "%-*.*s", cw, cw - 1, fw->principles[p].id);
	doc_line(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 2, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		enum ndm_stage st = order[i];
		buf_printf(&b, "%d %-*.*s", (int)st, GRID_LEAD - 2, GRID_LEAD - 3,
			   ndm_stage_info(st)->short_name);
		for (size_t p = 0; p < fw->count; p++)
			buf_printf(&b, "%-*c", cw, cell(principle_entry(db->s, st, fw->principles[p].id)));
		doc_line(d, doc_keep(d, buf_steal(&b)), A_NORMAL, 2, -1);
		d->rows[d->n - 1].grid = true;
	}
	doc_text(d, "U upholds, T in tension, N neutral, * reasoning without a stance, "
		 ". nothing recorded", term_attr(ROLE_DIM), 2, -1);
	for (size_t p = 0; p < fw->count; p++)
		buf_printf(&b, "%s%.*s %s", p ? "; " : "Columns: ", cw - 1, fw->principles[p].id,
			   fw->principles[p].name);
	doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_DIM), 2, -1);
	/* gaps: principles with nothing at any stage */
	for (size_t p = 0; p < fw->count; p++) {
		bool any = false;
		for (int st = 0; st < NDM_STAGE_COUNT && !any; st++)
			any = principle_entry(db->s, (enum ndm_stage)st, fw->principles[p].id) != NULL;
		if (!any)
			buf_printf(&b, "%s%s", b.len ? ", " : "Not considered at any stage: ",
				   fw->principles[p].name);
	}
	if (!b.len)
		buf_puts(&b, "Every principle was considered at some stage.");
	doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_EMPH), 2, -1);
}

static void own_reasoning(struct debrief *db, struct doc *d, const char *pid)
{
	bool any = false;

	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		const struct entry *e = principle_entry(db->s, order[i], pid);
		if (!e)
			continue;
		any = true;
		doc_linef(d, A_NORMAL, 4, -1, "%s (%s):", ndm_stage_info(order[i])->short_name,
			  e->stance ? stance_name(e->stance) : "no stance");
		doc_text(d, e->text, A_NORMAL, 6, -1);
	}
	if (!any)
		doc_line(d, "(you recorded nothing on this)", term_attr(ROLE_DIM), 4, -1);
}

static void considerations(struct debrief *db, struct doc *d)
{
	const struct pack_scenario *sc = db->s->scenario;

	if (!sc || !sc->nconsiderations)
		return;
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "The pack's considerations, beside your reasoning", term_attr(ROLE_EMPH), 0, -1);
	for (size_t c = 0; c < sc->nconsiderations; c++) {
		const struct pack_consideration *pc = &sc->considerations[c];
		struct buf b = {0};
		for (size_t p = 0; p < pc->nprinciples; p++) {
			const struct principle *pr = db->fw ? framework_principle(db->fw,
								pc->principles[p]) : NULL;
			buf_printf(&b, "%s%s", p ? ", " : "On ", pr ? pr->name : pc->principles[p]);
		}
		doc_text(d, doc_keep(d, buf_steal(&b)), term_attr(ROLE_EMPH), 2, -1);
		doc_para(d, pc->text, A_NORMAL, 4, -1);
		for (size_t p = 0; p < pc->nprinciples; p++) {
			const struct principle *pr = db->fw ? framework_principle(db->fw,
								pc->principles[p]) : NULL;
			doc_linef(d, term_attr(ROLE_DIM), 2, -1, "Your reasoning on %s:",
				  pr ? pr->name : pc->principles[p]);
			own_reasoning(db, d, pc->principles[p]);
		}
	}
}

static int cmp_pos(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void list_kind(struct debrief *db, struct doc *d, enum entry_kind kind, const char *title)
{
	const struct entry **l = xcalloc(db->s->nentries + 1, sizeof(*l));
	size_t n = 0;

	for (size_t i = 0; i < db->s->nentries; i++)
		if (db->s->entries[i].kind == kind && !db->s->entries[i].deleted &&
		    !str_blank(db->s->entries[i].text))
			l[n++] = &db->s->entries[i];
	qsort(l, n, sizeof(*l), cmp_pos);
	doc_linef(d, term_attr(ROLE_EMPH), 0, -1, "%s (%zu)", title, n);
	for (size_t i = 0; i < n; i++)
		doc_text(d, doc_keep(d, xasprintf("%zu. %s", i + 1, l[i]->text)), A_NORMAL, 2, -1);
	free(l);
}

static void field(struct debrief *db, struct doc *d, enum entry_kind kind, const char *title)
{
	const struct entry *e = NULL;

	for (size_t i = 0; i < db->s->nentries; i++)
		if (db->s->entries[i].kind == kind && !db->s->entries[i].deleted &&
		    !str_blank(db->s->entries[i].text))
			e = &db->s->entries[i];
	doc_line(d, title, term_attr(ROLE_EMPH), 0, -1);
	if (e)
		doc_text(d, e->text, A_NORMAL, 2, -1);
	else
		doc_line(d, "(not recorded)", term_attr(ROLE_DIM), 2, -1);
}

static void build(struct debrief *db, struct doc *d)
{
	const struct session *s = db->s;
	char clock[16];

	doc_text(d, doc_keep(d, xasprintf("Debrief: %s", s->scenario_title)), term_attr(ROLE_EMPH),
		 0, -1);
	text_clock(session_total_seconds(s), clock, sizeof(clock));
	doc_text(d, doc_keep(d, xasprintf("%s%s%s; started %s; %s%s; %s", s->label,
					  s->cohort && s->cohort[0] ? ", cohort " : "",
					  s->cohort ? s->cohort : "", s->started_at,
					  s->status == SESSION_FINISHED ? "finished " : "open",
					  s->status == SESSION_FINISHED ? s->finished_at : "", clock)),
		 term_attr(ROLE_DIM), 0, -1);
	doc_line(d, "", A_NORMAL, 0, -1);
	grid(db, d);
	doc_line(d, "", A_NORMAL, 0, -1);
	field(db, d, ENTRY_DECISION, "Decision");
	field(db, d, ENTRY_RATIONALE, "Rationale: what I did and why");
	field(db, d, ENTRY_REVIEW, "Review: what happened, what I would do differently");
	doc_line(d, "", A_NORMAL, 0, -1);
	list_kind(db, d, ENTRY_OPTION, "Options");
	list_kind(db, d, ENTRY_CONTINGENCY, "Contingencies");
	considerations(db, d);
	doc_line(d, "", A_NORMAL, 0, -1);
	doc_line(d, "Your reasoning by stage", term_attr(ROLE_EMPH), 0, -1);
	for (size_t i = 0; i < NDM_STAGE_COUNT; i++) {
		const struct entry *e = session_entry_find(s, order[i], ENTRY_NOTE, NULL,
							   s->nparticipants ? s->participants[0].number : 0);
		doc_linef(d, term_attr(ROLE_DIM), 2, -1, "%s", ndm_stage_info(order[i])->name);
		if (e && !str_blank(e->text))
			doc_text(d, e->text, A_NORMAL, 4, -1);
		else
			doc_line(d, "(nothing written)", term_attr(ROLE_DIM), 4, -1);
	}
}

static void debrief_draw(struct app *app, int cols, int lines)
{
	struct debrief *db = app->debrief;
	struct doc_layout l;
	char left[512];

	layout_doc(cols, lines, &l);
	snprintf(left, sizeof(left), "Debrief | %s | %s", db->s->label, db->s->scenario_title);
	draw_header(cols, left, db->s->status == SESSION_FINISHED ? "finished" : "open",
		    term_attr(ROLE_HEADER));
	struct rect body = {l.body.y, l.body.x + 1, l.body.h, l.body.w - 2};
	doc_reset(&db->d, body.w);
	build(db, &db->d);
	db->top = doc_clamp(&db->d, db->top, body.h);
	doc_draw(&db->d, body, db->top, -1, 0);
	draw_footer(app, cols, lines, SCOPE_DEBRIEF);
}

static void doc_scroll(struct debrief *db, long delta)
{
	long t = (long)db->top + delta;

	db->top = t < 0 ? 0 : (size_t)t; /* clamped when drawn */
}

static void debrief_key(struct app *app, int key, const struct buf *paste)
{
	struct debrief *db = app->debrief;
	struct store_error err;
	int page = LINES - 3;

	switch (keys_action(SCOPE_DEBRIEF, key)) {
	case ACT_QUIT:
		app->quit = true;
		break;
	case ACT_HELP:
		app_help_open(app);
		break;
	case ACT_BACK:
		debrief_close(app);
		app_show(app, SCREEN_HOME);
		break;
	case ACT_UP: doc_scroll(db, -1); break;
	case ACT_DOWN: doc_scroll(db, 1); break;
	case ACT_PGUP: doc_scroll(db, -page); break;
	case ACT_PGDN: doc_scroll(db, page); break;
	case ACT_FIRST: db->top = 0; break;
	case ACT_LAST: doc_scroll(db, 1000000); break;
	case ACT_REPORT:
		app_report(app, db->s->id);
		break;
	case ACT_EXPORT:
		app_export(app, db->s->id);
		break;
	case ACT_RESUME: {
		if (db->s->status == SESSION_FINISHED &&
		    !store_session_reopen(app->store, db->s, &err)) {
			app_message(app, true, "Cannot reopen the session: %s", err.message);
			break;
		}
		struct session *s = db->s;
		db->s = NULL;
		debrief_close(app);
		ws_open(app, s, false);
		break;
	}
	default:
		break;
	}
}

const struct screen_ops debrief_ops = {
	.scope = SCOPE_DEBRIEF,
	.draw = debrief_draw,
	.key = debrief_key,
};

/* ---- report and export ---- */

/* Ask where to write, offering @def; NULL when the user cancels. */
static char *ask_path(struct app *app, const char *title, const char *def)
{
	char *path = dialog_input(app, title, "Write to this file (Enter writes, Esc cancels):", def);

	if (path && str_blank(path)) {
		free(path);
		path = NULL;
	}
	return path;
}

void app_report(struct app *app, const char *id)
{
	/* a copy: the caller's id may live in a list the dialog's redraws
	 * rebuild */
	char id_copy[SESSION_ID_LEN];
	snprintf(id_copy, sizeof(id_copy), "%s", id);
	id = id_copy;
	struct store_error err;
	struct export_out out;
	char *def = xasprintf("dilemma-report-%.8s.md", id);
	char *path = ask_path(app, "Write the report", def);

	free(def);
	if (!path)
		return;
	struct session *s = store_session_load(app->store, id, &err);
	if (!s) {
		app_message(app, true, "No report written: %s", err.message);
		free(path);
		return;
	}
	char *md = report_markdown(s);
	if (!export_out_open(&out, path, &err)) {
		app_message(app, true, "No report written: %s", err.message);
	} else if (fputs(md, out.fp) == EOF) {
		export_out_abort(&out);
		app_message(app, true, "No report written: cannot write to %s", path);
	} else if (!export_out_commit(&out, &err)) {
		app_message(app, true, "No report written: %s", err.message);
	} else {
		app_message(app, false, "Report written to %s", path);
	}
	free(md);
	session_destroy(s);
	free(path);
}

void app_export(struct app *app, const char *id)
{
	/* a copy: the caller's id may live in a list the dialog's redraws
	 * rebuild */
	char id_copy[SESSION_ID_LEN];
	snprintf(id_copy, sizeof(id_copy), "%s", id);
	id = id_copy;
	struct store_error err;
	struct export_out out;
	char *def = xasprintf("dilemma-%.8s.csv", id);
	char *path = ask_path(app, "Export the responses as CSV", def);
	struct export_options opt;

	free(def);
	if (!path)
		return;
	memset(&opt, 0, sizeof(opt));
	opt.table = EXPORT_RESPONSES;
	opt.filter.session = id;
	if (!export_out_open(&out, path, &err)) {
		app_message(app, true, "Not exported: %s", err.message);
	} else if (!export_csv(app->store, &opt, out.fp, &err)) {
		export_out_abort(&out);
		app_message(app, true, "Not exported: %s", err.message);
	} else if (!export_out_commit(&out, &err)) {
		app_message(app, true, "Not exported: %s", err.message);
	} else {
		app_message(app, false, "Responses exported to %s", path);
	}
	free(path);
}
