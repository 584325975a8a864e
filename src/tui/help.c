/*
 * help.c - the help overlay (see help.h): the keys of the current screen,
 * or of the dialog that asked for it, from the key table (keys.c), so the
 * help can never describe keys the program does not have.
 */
#define NCURSES_WIDECHAR 1
#include "help.h"

#include <curses.h>
#include <string.h>

#include "doc.h"
#include "draw.h"
#include "term.h"
#include "text.h"

static struct doc help_doc;

/* The lines of keys_help() ("KEYS<pad>WHAT") as two columns, the
 * description wrapped under itself. */
static void help_lines(struct doc *d, const char *text, int width)
{
	struct text_rows rows = {0};
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t split = len > 17 && p[16] == ' ' ? 17 : 0;
		if (!split) {
			const char *sp = memchr(p, ' ', len);
			split = sp ? (size_t)(sp - p) + 1 : len;
		}
		int dw = width - 19 > 10 ? width - 19 : 10;
		text_wrap(p + split, len - split, dw, &rows);
		for (size_t k = 0; k < rows.count; k++) {
			size_t a = split + rows.starts[k], b = split + text_rows_end(&rows, k, len - split);
			if (k == 0)
				doc_linef(d, 0, 1, -1, "%-*.*s %.*s", (int)split - 1, (int)split - 1, p,
					  (int)(b - a), p + a);
			else
				doc_linef(d, 0, 1 + (int)split, -1, "%.*s", (int)(b - a), p + a);
		}
		p += len;
		if (*p)
			p++;
	}
	text_rows_finish(&rows);
}

static void build_help(struct app *app, int width)
{
	enum key_scope_index scope = app_scope(app);
	struct buf b = {0};

	doc_reset(&help_doc, width);
	doc_linef(&help_doc, term_attr(ROLE_EMPH), 0, -1, "%s", keys_scope_title(scope));
	keys_help(scope, &b);
	help_lines(&help_doc, b.data ? b.data : "", width);
	b.len = 0;
	int parent = keys_parent_scope(scope);
	if (parent >= 0) {
		doc_line(&help_doc, "", 0, 0, -1);
		doc_linef(&help_doc, term_attr(ROLE_EMPH), 0, -1, "%s",
			  keys_scope_title((enum key_scope_index)parent));
		keys_help((enum key_scope_index)parent, &b);
		help_lines(&help_doc, b.data ? b.data : "", width);
		b.len = 0;
	}
	if (keys_screen_scope(scope)) {
		doc_line(&help_doc, "", 0, 0, -1);
		doc_linef(&help_doc, term_attr(ROLE_EMPH), 0, -1, "%s",
			  keys_scope_title(SCOPE_GLOBAL));
		keys_help_global(scope, &b);
		help_lines(&help_doc, b.data ? b.data : "", width);
	}
	buf_finish(&b);
}

void help_draw(struct app *app, int cols, int lines)
{
	struct doc_layout l;

	layout_doc(cols, lines, &l);
	build_help(app, l.body.w - 2);
	draw_fill(l.body, A_NORMAL);
	draw_header(cols, "Help: the keys of this screen (from the key table)", NULL, 0);
	app->help_top = doc_clamp(&help_doc, app->help_top, l.body.h);
	struct rect body = {l.body.y, l.body.x + 1, l.body.h, l.body.w - 2};
	doc_draw(&help_doc, body, app->help_top, -1, 0);
	app_footer_more(app, cols, lines, SCOPE_HELP, app->help_top > 0,
			help_doc.n > app->help_top + (size_t)body.h);
	draw_cursor_y = -1;
}

void help_key(struct app *app, int key)
{
	int h = LINES - 2;

	switch (keys_action(SCOPE_HELP, key)) {
	case ACT_BACK:
		app->help = false;
		break;
	case ACT_UP:
		if (app->help_top > 0)
			app->help_top--;
		break;
	case ACT_DOWN:
		app->help_top = doc_clamp(&help_doc, app->help_top + 1, h);
		break;
	case ACT_PGUP:
		app->help_top = app->help_top > (size_t)h ? app->help_top - (size_t)h : 0;
		break;
	case ACT_PGDN:
		app->help_top = doc_clamp(&help_doc, app->help_top + (size_t)h, h);
		break;
	default:
		break;
	}
}

void help_open(struct app *app)
{
	app->help = true;
	app->help_top = 0;
}

void help_modal(struct app *app, enum key_scope_index scope)
{
	bool was = app->help;

	help_open(app);
	app->help_modal = true;
	app->help_scope = scope;
	while (app->help && !term_stop_requested()) {
		app_draw(app);
		app_refresh();
		struct buf *paste = NULL;
		int k = app_key(app, 500, &paste);
		if (k > 0)
			help_key(app, k);
	}
	app->help_modal = false;
	app->help = was;
}

void help_finish(void)
{
	doc_free(&help_doc);
}
