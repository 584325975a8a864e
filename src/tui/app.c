/*
 * app.c - the workbench's main loop: read a key, hand it to the current
 * screen (or the help overlay), redraw. Resizing is handled here and only
 * here; so are the "terminal too small" notice, the help screen generated
 * from the key table, the stop signals, and the hand-off to $EDITOR.
 */
#define NCURSES_WIDECHAR 1
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "text.h"
#include "ui.h"

int64_t app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	va_end(ap);
	app->message_error = error;
}

static const struct screen_ops *current_ops(struct app *app)
{
	switch (app->screen) {
	case SCREEN_WORKSPACE:
		return &ws_ops;
	case SCREEN_DEBRIEF:
		return &debrief_ops;
	default:
		return &home_ops;
	}
}

void app_show(struct app *app, enum screen_id id)
{
	app->screen = id;
	app->help = false;
	if (id == SCREEN_HOME)
		home_refresh(app);
}

void app_tick(struct app *app)
{
	const struct screen_ops *ops = current_ops(app);

	if (ops->tick)
		ops->tick(app);
}

static enum key_scope_index current_scope(struct app *app)
{
	const struct screen_ops *ops = current_ops(app);

	if (app->help && app->help_modal)
		return app->help_scope;

	return ops->current_scope ? ops->current_scope(app) : ops->scope;
}

/* ---- help ---- */

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
	enum key_scope_index scope = current_scope(app);
	struct buf b = {0};

	doc_reset(&help_doc, width);
	doc_linef(&help_doc, term_attr(ROLE_EMPH), 0, -1, "%s", keys_scope_title(scope));
	keys_help(scope, &b);
	help_lines(&help_doc, b.data ? b.data : "", width);
	b.len = 0;
	if (scope == SCOPE_HOME || scope == SCOPE_WORKSPACE || scope == SCOPE_DEBRIEF) {
		doc_line(&help_doc, "", 0, 0, -1);
		doc_linef(&help_doc, term_attr(ROLE_EMPH), 0, -1, "%s",
			  keys_scope_title(SCOPE_GLOBAL));
		keys_help(SCOPE_GLOBAL, &b);
		help_lines(&help_doc, b.data ? b.data : "", width);
	}
	buf_finish(&b);
}

static void draw_help(struct app *app, int cols, int lines)
{
	struct doc_layout l;

	layout_doc(cols, lines, &l);
	build_help(app, l.body.w - 2);
	draw_fill(l.body, A_NORMAL);
	draw_header(cols, "Help: the keys of this screen (from the key table)", NULL, 0);
	app->help_top = doc_clamp(&help_doc, app->help_top, l.body.h);
	struct rect body = {l.body.y, l.body.x + 1, l.body.h, l.body.w - 2};
	doc_draw(&help_doc, body, app->help_top, -1, 0);
	draw_footer(app, cols, lines, SCOPE_HELP);
	draw_cursor_y = -1;
}

static void help_key(struct app *app, int key)
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

void app_help_open(struct app *app)
{
	app->help = true;
	app->help_top = 0;
}

void app_modal_help(struct app *app, enum key_scope_index scope)
{
	bool was = app->help;

	app_help_open(app);
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

/* ---- drawing ---- */

void app_draw(struct app *app)
{
	int cols = COLS, lines = LINES;

	erase();
	draw_cursor_y = -1;
	if (layout_too_small(cols, lines)) {
		int y = lines / 2 - 1;
		draw_fmt(y < 0 ? 0 : y, 0, cols, term_attr(ROLE_EMPH),
			 "Terminal too small: %dx%d", cols, lines);
		draw_fmt(y + 1, 0, cols, A_NORMAL, "Need at least %dx%d.", LAYOUT_MIN_COLS,
			 LAYOUT_MIN_LINES);
		draw_cstr(y + 2, 0, cols, "Enlarge it; F10 quits.", A_NORMAL);
		if (current_scope(app) == SCOPE_EDITOR)
			draw_cstr(y + 3, 0, cols, "Typing still goes into the open field.", A_NORMAL);
		return;
	}
	current_ops(app)->draw(app, cols, lines);
	if (app->help)
		draw_help(app, cols, lines);
}

void app_refresh(void)
{
	if (draw_cursor_y >= 0) {
		move(draw_cursor_y, draw_cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- $EDITOR ---- */

bool editor_external(struct app *app, struct editor *ed)
{
	const char *editor = getenv("VISUAL");
	const char *dir = getenv("TMPDIR");
	char *path, *cmd, *text;
	int fd, rc;
	FILE *fp;
	bool ok = false;

	if (!editor || !editor[0])
		editor = getenv("EDITOR");
	if (!editor || !editor[0])
		editor = "vi";
	if (!dir || !dir[0])
		dir = "/tmp";
	path = xasprintf("%s/dilemma-XXXXXX.txt", dir);
	fd = mkstemps(path, 4);
	if (fd < 0) {
		app_message(app, true, "cannot make a file for the editor in %s: %s", dir,
			    strerror(errno));
		free(path);
		return false;
	}
	text = editor_text(ed);
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (len && text[len - 1] != '\n' && off == len)
		(void)!write(fd, "\n", 1);
	close(fd);
	free(text);
	if (off != len) {
		app_message(app, true, "cannot write %s for the editor; the text is unchanged", path);
		goto out;
	}
	cmd = xasprintf("exec %s \"$1\"", editor);
	char *argv[] = {"/bin/sh", "-c", cmd, "sh", path, NULL};
	rc = term_run_program(argv);
	free(cmd);
	if (rc != 0) {
		app_message(app, true, "the editor '%s' failed (status %d); the text is unchanged",
			    editor, rc);
		goto out;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		app_message(app, true, "cannot read the edited text back: %s", strerror(errno));
		goto out;
	}
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	bool err = ferror(fp);
	fclose(fp);
	if (err) {
		buf_finish(&b);
		app_message(app, true, "cannot read the edited text back; the text is unchanged");
		goto out;
	}
	/* editors end the file with a newline the user did not type */
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	editor_set_text(ed, b.data ? b.data : "");
	buf_finish(&b);
	ok = true;
out:
	unlink(path);
	free(path);
	return ok;
}

/* ---- the loop ---- */

int app_key(struct app *app, int timeout_ms, struct buf **paste)
{
	int key = term_key(timeout_ms, paste);

	if (key == TK_TICK) {
		app_tick(app);
		return 0;
	}
	if (key == TK_RESIZE) {
		/* the one place a resize is handled: every frame is laid out
		 * from the current size, and curses repaints the next one whole */
		clearok(curscr, TRUE);
		return 0;
	}
	return key;
}

bool tui_available(void)
{
	return term_available();
}

int tui_run(struct store *st, struct pack_set *packs, size_t pack_problems)
{
	struct app app;

	memset(&app, 0, sizeof(app));
	app.store = st;
	app.packs = packs;
	app.pack_problems = pack_problems;
	if (!term_start())
		return 1;
	home_create(&app);
	app_show(&app, SCREEN_HOME);
	while (!app.quit) {
		if (term_stop_requested())
			break;
		const struct screen_ops *ops = current_ops(&app);
		app_draw(&app);
		app_refresh();
		struct buf *paste = NULL;
		int key = app_key(&app, ops->poll_ms ? ops->poll_ms(&app) : 1000, &paste);
		if (!key)
			continue;
		app.message[0] = '\0';
		if (layout_too_small(COLS, LINES)) {
			/* nothing can be seen to be chosen; but what is typed into
			 * an open editor is still taken, so no word is lost */
			if (key == TK_F10)
				app.quit = true;
			else if (current_scope(&app) == SCOPE_EDITOR)
				ops->key(&app, key, paste);
			continue;
		}
		if (app.help) {
			help_key(&app, key);
			continue;
		}
		ops->key(&app, key, paste);
		/* typing without a pause still saves now and then */
		app_tick(&app);
	}
	if (app.ws)
		ws_close(&app, false);
	debrief_close(&app);
	home_destroy(&app);
	doc_free(&help_doc);
	term_stop();
	if (app.rescue.len) {
		fprintf(stderr, "dilemma: this text could not be saved (%s); here it is, to keep:\n%s",
			"the database refused it", app.rescue.data);
		buf_finish(&app.rescue);
		return 1;
	}
	return 0;
}
