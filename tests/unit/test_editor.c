/* Unit tests for the workbench's text buffer and word wrap (src/tui). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "editor.h"
#include "text.h"

static char *text_of(struct editor *ed)
{
	static char *last;
	free(last);
	last = editor_text(ed);
	return last;
}

static void test_insert_and_delete(void **state)
{
	struct editor ed;

	editor_init(&ed);
	editor_insert(&ed, "hello", 5);
	editor_newline(&ed);
	editor_insert(&ed, "world", 5);
	assert_string_equal(text_of(&ed), "hello\nworld");
	assert_int_equal(editor_length(&ed), 11);
	editor_home(&ed);
	editor_backspace(&ed); /* joins the lines */
	assert_string_equal(text_of(&ed), "helloworld");
	assert_int_equal(ed.cx, 5);
	editor_delete(&ed);
	assert_string_equal(text_of(&ed), "helloorld");
	editor_delete_to_end(&ed);
	assert_string_equal(text_of(&ed), "hello");
	editor_insert(&ed, " big  wide", 10);
	editor_delete_word(&ed);
	assert_string_equal(text_of(&ed), "hello big  ");
	editor_delete_word(&ed);
	assert_string_equal(text_of(&ed), "hello ");
	editor_delete_to_start(&ed);
	assert_string_equal(text_of(&ed), "");
	editor_backspace(&ed); /* nothing to delete: no crash */
	editor_delete(&ed);
	assert_string_equal(text_of(&ed), "");
	editor_finish(&ed);
}

static void test_utf8(void **state)
{
	struct editor ed;

	editor_init(&ed);
	editor_insert(&ed, "caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97", 12); /* café 漢字 */
	assert_int_equal(text_width("\xE6\xBC\xA2\xE5\xAD\x97", 6), 4);
	editor_backspace(&ed); /* removes a whole three-byte character */
	assert_string_equal(text_of(&ed), "caf\xC3\xA9 \xE6\xBC\xA2");
	editor_left(&ed);
	editor_left(&ed);
	editor_left(&ed);
	assert_int_equal(ed.cx, 3);
	editor_delete(&ed);
	assert_string_equal(text_of(&ed), "caf \xE6\xBC\xA2");
	/* invalid bytes become U+FFFD, never raw */
	editor_text_end(&ed);
	editor_insert(&ed, "\xFF" "x", 2);
	assert_string_equal(text_of(&ed), "caf \xE6\xBC\xA2\xEF\xBF\xBDx");
	editor_finish(&ed);
}

static void test_paste_literal(void **state)
{
	struct editor ed;
	const char *paste = "line one\r\nline two\n\nend\ttab";

	editor_init(&ed);
	editor_insert(&ed, paste, strlen(paste));
	assert_string_equal(text_of(&ed), "line one\nline two\n\nend\ttab");
	assert_int_equal(ed.nlines, 4);
	editor_set_text(&ed, "a\nb");
	assert_string_equal(text_of(&ed), "a\nb");
	assert_int_equal(ed.cy, 1);
	ed.single_line = true;
	editor_set_text(&ed, "a\nb");
	assert_string_equal(text_of(&ed), "a b");
	editor_finish(&ed);
}

static void test_wrap(void **state)
{
	struct text_rows rows = {0};
	const char *s = "the quick brown fox jumps";

	text_wrap(s, strlen(s), 10, &rows);
	/* "the quick " / "brown fox " / "jumps" */
	assert_int_equal(rows.count, 3);
	assert_int_equal(rows.starts[1], 10);
	assert_int_equal(rows.starts[2], 20);
	/* a word longer than a row is cut */
	text_wrap("abcdefghijkl", 12, 5, &rows);
	assert_int_equal(rows.count, 3);
	assert_int_equal(rows.starts[1], 5);
	/* wide characters never straddle a row */
	text_wrap("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 9, 5, &rows);
	assert_int_equal(rows.count, 2);
	assert_int_equal(rows.starts[1], 6);
	/* nor does a wide character after a short first word: " abc" / "漢" */
	text_wrap(" abc\xE6\xBC\xA2", 7, 4, &rows);
	assert_int_equal(rows.count, 3);
	assert_int_equal(rows.starts[1], 1);
	assert_int_equal(rows.starts[2], 4);
	assert_int_equal(text_wrap_next(" abc\xE6\xBC\xA2", 7, 1, 4), 4);
	assert_int_equal(text_wrap_next(" abc\xE6\xBC\xA2", 7, 4, 4), 7);
	text_wrap("", 0, 5, &rows);
	assert_int_equal(rows.count, 1);
	assert_int_equal(text_rows_find(&rows, 0), 0);
	text_rows_finish(&rows);
	assert_int_equal(text_fit("abc\xE6\xBC\xA2", 6, 4), 3);
	assert_int_equal(text_safe_char(0x1b), 0xFFFD);
	assert_int_equal(text_safe_char('\t'), ' ');
	assert_int_equal(text_safe_char('a'), 'a');
}

static void test_reflow(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"one\ntwo\n", "one two"},
		{"para one\nwraps\n\npara two\n", "para one wraps\n\npara two"},
		{"Items:\n- first\n- second\n  goes on\n", "Items:\n- first\n- second goes on"},
		{"Steps:\n1. do\n2. done", "Steps:\n1. do\n2. done"},
		{"", ""},
		{"a\n\n\n", "a"},
		{"ends with space \nnext", "ends with space next"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = text_reflow(cases[i].in);
		assert_string_equal(r, cases[i].out);
		free(r);
	}
	char *r = text_reflow(NULL);
	assert_string_equal(r, "");
	free(r);
}

static void test_moves_and_view(void **state)
{
	struct editor ed;
	struct ed_row rows[8];
	int r, c;

	editor_init(&ed);
	editor_resize(&ed, 11, 3); /* wraps at 10 */
	const char *s = "the quick brown fox jumps\nsecond";
	editor_insert(&ed, s, strlen(s));
	editor_text_start(&ed);
	editor_down(&ed);
	assert_int_equal(ed.cy, 0);
	assert_int_equal(ed.cx, 10); /* row 2 of line 0 */
	editor_end(&ed);
	assert_int_equal(ed.cx, 19); /* before the hanging space */
	editor_down(&ed);
	editor_down(&ed);
	assert_int_equal(ed.cy, 1);
	editor_scroll(&ed);
	editor_cursor(&ed, &r, &c);
	assert_int_equal(r, 2);
	assert_true(ed.top == 0 && ed.top_row == 1);
	int n = editor_view_rows(&ed, rows, 8);
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].line, 1);
	editor_page_up(&ed);
	editor_scroll(&ed);
	editor_cursor(&ed, &r, &c);
	assert_int_equal(r, 0);
	editor_home(&ed);
	editor_up(&ed); /* at the top: stays */
	assert_int_equal(ed.cy, 0);
	editor_word_right(&ed);
	assert_int_equal(ed.cx, 4);
	editor_word_left(&ed);
	assert_int_equal(ed.cx, 0);
	editor_finish(&ed);
}

/* The view of @ed equals that of a fresh editor holding the same text,
 * which has no cached wrap to get wrong. */
static void same_view(struct editor *ed)
{
	struct editor fresh;
	struct ed_row a[40], b[40];
	char *text = editor_text(ed);
	int ra, ca, rb, cb;

	editor_init(&fresh);
	editor_resize(&fresh, ed->width, ed->height);
	editor_set_text(&fresh, text);
	fresh.cy = ed->cy;
	fresh.cx = ed->cx;
	fresh.top = ed->top;
	fresh.top_row = ed->top_row;
	editor_scroll(ed);
	editor_scroll(&fresh);
	int na = editor_view_rows(ed, a, 40), nb = editor_view_rows(&fresh, b, 40);
	assert_int_equal(na, nb);
	for (int i = 0; i < na; i++) {
		assert_int_equal(a[i].line, b[i].line);
		assert_int_equal(a[i].start, b[i].start);
		assert_int_equal(a[i].end, b[i].end);
	}
	editor_cursor(ed, &ra, &ca);
	editor_cursor(&fresh, &rb, &cb);
	assert_int_equal(ra, rb);
	assert_int_equal(ca, cb);
	editor_finish(&fresh);
	free(text);
}

static void test_wrap_cache(void **state)
{
	struct editor ed;

	editor_init(&ed);
	editor_resize(&ed, 12, 6);
	editor_insert(&ed, "one two three four five six seven eight nine ten", 48);
	same_view(&ed);
	for (int i = 0; i < 30; i++) {
		editor_left(&ed);
		same_view(&ed);
	}
	editor_insert(&ed, "X", 1);
	same_view(&ed);
	editor_newline(&ed);
	same_view(&ed);
	editor_backspace(&ed);
	same_view(&ed);
	editor_delete_word(&ed);
	same_view(&ed);
	editor_resize(&ed, 7, 4);
	same_view(&ed);
	editor_up(&ed);
	editor_delete_to_end(&ed);
	same_view(&ed);
	editor_set_text(&ed, "short");
	same_view(&ed);
	editor_finish(&ed);
}

/* The editor's row cache against a full wrap of each line it holds: every
 * start it knows is right, and a cache that says it is complete has every
 * row. */
static void check_cache(const struct editor *ed)
{
	struct text_rows full = {0};

	for (int i = 0; i < 2; i++) {
		const struct ed_wrap *w = &ed->wrap[i];
		if (!w->valid)
			continue;
		assert_true(w->line < ed->nlines);
		assert_true(w->count >= 1);
		const struct ed_line *l = &ed->lines[w->line];
		text_wrap(l->s, l->len, w->width - 1, &full);
		assert_true(w->count <= full.count);
		for (size_t k = 0; k < w->count; k++)
			assert_int_equal(w->starts[k], full.starts[k]);
		if (w->complete)
			assert_int_equal(w->count, full.count);
	}
	text_rows_finish(&full);
}

/* How many rows the view shows of line 0 (all of them, when few). */
static int rows_through_count(struct editor *ed)
{
	struct ed_row rows[40];
	int n = editor_view_rows(ed, rows, 40), k = 0;

	while (k < n && rows[k].line == 0)
		k++;
	return k;
}

/* Scroll, draw and place the cursor as a screen does, then check the
 * cache and the view against a fresh editor's. */
static void frame(struct editor *ed)
{
	struct ed_row rows[40];
	int r, c;

	editor_scroll(ed);
	editor_view_rows(ed, rows, ed->height);
	editor_cursor(ed, &r, &c);
	assert_true(r >= 0 && r < ed->height);
	check_cache(ed);
	same_view(ed);
	check_cache(ed);
}

/* A line long enough for the cache to matter: words, a run with no
 * space, wide characters, combining marks. */
static char *long_line(size_t size)
{
	static const char *const words[] = {
		"officer", "\xE6\xBC\xA2\xE5\xAD\x97", "e\xCC\x81\xCC\xA3", "a", "disclosure",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "caf\xC3\xA9", "  ",
	};
	struct buf b = {0};

	for (size_t i = 0; b.len < size; i++) {
		buf_puts(&b, words[(i * 7 + i / 3) % (sizeof(words) / sizeof(words[0]))]);
		buf_putc(&b, ' ');
	}
	return buf_steal(&b);
}

/* Inserts and deletes at the start, in the middle and at the end of a long
 * line, with wide characters and combining marks, keep the row cache what a
 * full wrap would give (issue 14: only rows near the edit are rewrapped). */
static void test_row_cache_edits(void **state)
{
	static const char *const typed[] = {
		"x", " ", "\xE6\xBC\xA2", "\xCC\x81", "word ", "  ", "\xF0\x9F\x99\x82",
	};
	struct editor ed;
	char *text = long_line(3000);
	unsigned seed = 1;

	editor_init(&ed);
	editor_resize(&ed, 21, 6);
	editor_set_text(&ed, text);
	size_t len = ed.lines[0].len;
	const size_t at[] = {0, len / 2, len};
	for (size_t a = 0; a < 3; a++) {
		ed.cy = 0;
		ed.cx = at[a] <= ed.lines[0].len ? at[a] : ed.lines[0].len;
		ed.cx = text_next(ed.lines[0].s, ed.lines[0].len, text_prev(ed.lines[0].s, ed.cx));
		if (at[a] == 0)
			ed.cx = 0;
		frame(&ed);
		for (int i = 0; i < 60; i++) {
			seed = seed * 1103515245u + 12345u;
			switch ((seed >> 16) % 8) {
			case 0: editor_backspace(&ed); break;
			case 1: editor_delete(&ed); break;
			case 2: editor_delete_word(&ed); break;
			case 3: editor_newline(&ed); frame(&ed); editor_backspace(&ed); break;
			default: {
				const char *t = typed[(seed >> 8) % (sizeof(typed) / sizeof(typed[0]))];
				editor_insert(&ed, t, strlen(t));
				break;
			}
			}
			frame(&ed);
		}
	}
	/* The choice of row 1's end reads up to the wide character, which does
	 * not fit on row 1 either and so starts row 2: deleting it changes row
	 * 1, two rows before the edit (" " / "abc" / "漢" becomes " abc"). */
	editor_resize(&ed, 5, 4);
	editor_set_text(&ed, " abc\xE6\xBC\xA2");
	frame(&ed);
	assert_int_equal(rows_through_count(&ed), 3);
	editor_backspace(&ed);
	frame(&ed);
	assert_int_equal(rows_through_count(&ed), 1);
	editor_set_text(&ed, text);
	editor_resize(&ed, 21, 6);
	/* moving by rows across the whole line, both ways */
	editor_text_start(&ed);
	for (int i = 0; i < 400 && ed.cy == 0; i++) {
		editor_down(&ed);
		frame(&ed);
	}
	for (int i = 0; i < 50; i++) {
		editor_up(&ed);
		editor_insert(&ed, "\xE5\xAD\x97", 3);
		frame(&ed);
	}
	editor_finish(&ed);
	free(text);
}

/* Lines inserted and removed around cached lines move the cache with them:
 * a long line above the cursor's, a view that starts inside it, a resize. */
static void test_row_cache_lines(void **state)
{
	struct editor ed;
	char *text = long_line(2000);

	editor_init(&ed);
	editor_resize(&ed, 16, 5);
	editor_set_text(&ed, text);
	editor_newline(&ed);
	editor_insert(&ed, "short", 5);
	frame(&ed);
	assert_int_equal(ed.cy, 1);
	editor_up(&ed); /* into the last row of the long line */
	frame(&ed);
	assert_int_equal(ed.cy, 0);
	editor_down(&ed);
	editor_home(&ed);
	editor_backspace(&ed); /* joins "short" to the long line */
	frame(&ed);
	assert_int_equal(ed.nlines, 1);
	editor_newline(&ed);
	editor_newline(&ed);
	frame(&ed);
	editor_text_start(&ed);
	editor_newline(&ed); /* a line above every cached one */
	frame(&ed);
	editor_resize(&ed, 9, 4);
	frame(&ed);
	editor_page_down(&ed);
	frame(&ed);
	editor_delete_to_end(&ed);
	frame(&ed);
	editor_delete_to_start(&ed);
	frame(&ed);
	editor_text_end(&ed);
	editor_page_up(&ed);
	frame(&ed);
	/* a line removed before a cached one: the cache follows its line */
	editor_set_text(&ed, "A\nB\n");
	editor_insert(&ed, text, strlen(text));
	frame(&ed);
	ed.cy = 1;
	ed.cx = 0;
	editor_backspace(&ed); /* "AB", then the long line, now line 1 */
	check_cache(&ed);
	frame(&ed);
	/* and a line inserted before it */
	ed.cy = 0;
	ed.cx = 1;
	editor_newline(&ed); /* "A", "B", the long line, now line 2 */
	check_cache(&ed);
	frame(&ed);
	editor_set_text(&ed, "");
	frame(&ed);
	editor_finish(&ed);
	free(text);
}

static void test_big_text(void **state)
{
	struct editor ed;
	char para[101];

	memset(para, 'x', 100);
	for (int i = 9; i < 100; i += 10)
		para[i] = ' ';
	para[100] = '\0';
	editor_init(&ed);
	editor_resize(&ed, 60, 20);
	for (int i = 0; i < 1000; i++) {
		editor_insert(&ed, para, 100);
		if (i % 10 == 9)
			editor_newline(&ed);
	}
	assert_true(editor_length(&ed) >= 100000);
	editor_text_start(&ed);
	editor_page_down(&ed);
	editor_text_end(&ed);
	editor_scroll(&ed);
	int r, c;
	editor_cursor(&ed, &r, &c);
	assert_true(r >= 0 && r < 20);
	editor_finish(&ed);
}

/* Left, Right, Backspace and Delete take a letter with its combining marks:
 * the cursor never sits between "e" and U+0301, so nothing typed there
 * moves an accent onto another letter. */
static void test_combining(void **state)
{
	struct editor ed;

	editor_init(&ed);
	editor_insert(&ed, "ae\xCC\x81\xCC\xA3" "b", 7); /* a, e + acute + dot below, b */
	editor_left(&ed);
	assert_int_equal(ed.cx, 6);
	editor_left(&ed);
	assert_int_equal(ed.cx, 1); /* before the e, not inside its marks */
	editor_right(&ed);
	assert_int_equal(ed.cx, 6);
	editor_left(&ed);
	editor_insert(&ed, "Z", 1);
	assert_string_equal(text_of(&ed), "aZe\xCC\x81\xCC\xA3" "b");
	editor_delete(&ed); /* the e and both marks */
	assert_string_equal(text_of(&ed), "aZb");
	editor_text_end(&ed);
	editor_insert(&ed, "o\xCC\x88", 3);
	editor_backspace(&ed);
	assert_string_equal(text_of(&ed), "aZb");
	/* a text that starts with a lone mark still moves */
	editor_set_text(&ed, "\xCC\x81" "x");
	editor_text_start(&ed);
	editor_right(&ed);
	assert_true(ed.cx > 0);
	assert_int_equal(text_prev("\xCC\x81" "x", 2), 0);
	editor_finish(&ed);
}

/* editor_handle: the key table's editing actions, typed characters and
 * pastes reach the buffer; keys that are not editing keys do not. */
static void test_handle_keys(void **state)
{
	struct editor ed;
	struct buf paste = {0};

	editor_init(&ed);
	assert_true(editor_handle(&ed, ACT_NONE, 'a', NULL));
	assert_true(editor_handle(&ed, ACT_NONE, 0xe9, NULL)); /* é as a code point */
	assert_string_equal(text_of(&ed), "a\xc3\xa9");
	assert_true(editor_handle(&ed, ACT_ED_BACKSPACE, TK_BACKSPACE, NULL));
	assert_string_equal(text_of(&ed), "a");
	assert_true(editor_handle(&ed, ACT_ED_NEWLINE, TK_ENTER, NULL));
	buf_puts(&paste, "x\ty");
	assert_true(editor_handle(&ed, ACT_NONE, TK_PASTE, &paste));
	assert_string_equal(text_of(&ed), "a\nx\ty");
	assert_true(editor_handle(&ed, ACT_ED_DEL_START, TK_CTRL('u'), NULL));
	assert_string_equal(text_of(&ed), "a\n");
	/* control characters and special keys that are not editing keys */
	assert_false(editor_handle(&ed, ACT_NONE, TK_CTRL('g'), NULL));
	assert_false(editor_handle(&ed, ACT_NONE, TK_F5, NULL));
	assert_false(editor_handle(&ed, ACT_NONE, 0x7f, NULL));
	assert_string_equal(text_of(&ed), "a\n");
	buf_finish(&paste);
	editor_finish(&ed);
}

/* What reaches the terminal: the core's rule (controls, bidi overrides,
 * zero-width characters become U+FFFD), a tab as a space. */
static void test_safe_char(void **state)
{
	assert_int_equal(text_safe_char(L'a'), L'a');
	assert_int_equal(text_safe_char(0xe9), 0xe9);
	assert_int_equal(text_safe_char(L'\t'), L' ');
	assert_int_equal(text_safe_char(0x1b), 0xFFFD);
	assert_int_equal(text_safe_char(0x9b), 0xFFFD);  /* C1 CSI */
	assert_int_equal(text_safe_char(0x202e), 0xFFFD); /* right-to-left override */
	assert_int_equal(text_safe_char(0x2066), 0xFFFD); /* left-to-right isolate */
	assert_int_equal(text_safe_char(0x200b), 0xFFFD); /* zero-width space */
	assert_int_equal(text_safe_char(0x4e2d), 0x4e2d); /* CJK stays */
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_delete),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_paste_literal),
		cmocka_unit_test(test_reflow),
		cmocka_unit_test(test_wrap_cache),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_moves_and_view),
		cmocka_unit_test(test_row_cache_edits),
		cmocka_unit_test(test_row_cache_lines),
		cmocka_unit_test(test_big_text),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_handle_keys),
		cmocka_unit_test(test_safe_char),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
