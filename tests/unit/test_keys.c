/* Unit tests for the workbench's key table (src/tui/keys.c): no key means
 * two things in one place, every action is described, help and footer come
 * from the table, and the key list in man/dilemma.1 is the one the table
 * generates. `test_keys --mdoc` prints that list for pasting into the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"

static void test_unique(void **state)
{
	size_t n;
	const struct keybind *t = keys_table(&n);

	for (size_t i = 0; i < n; i++) {
		assert_true(t[i].scopes != 0);
		assert_true(t[i].action != ACT_NONE);
		for (size_t j = i + 1; j < n; j++)
			if (t[i].key == t[j].key && (t[i].scopes & t[j].scopes))
				fail_msg("key %d bound twice in one scope (rows %zu and %zu)", t[i].key, i, j);
	}
}

static void test_described(void **state)
{
	size_t n;
	const struct keybind *t = keys_table(&n);

	/* the first row of each action in each scope carries the help text */
	for (int s = 0; s < KEY_SCOPE_COUNT; s++) {
		bool seen[ACTION_COUNT] = {0};
		for (size_t i = 0; i < n; i++) {
			if (!(t[i].scopes & SCOPE_BIT(s)) || seen[t[i].action])
				continue;
			seen[t[i].action] = true;
			if (!t[i].help || !t[i].help[0])
				fail_msg("row %zu: first binding of its action has no help", i);
		}
	}
}

static void test_dispatch(void **state)
{
	assert_int_equal(keys_action(SCOPE_HOME, 'q'), ACT_QUIT);
	assert_int_equal(keys_action(SCOPE_WORKSPACE, TK_F10), ACT_QUIT);
	assert_int_equal(keys_action(SCOPE_DEBRIEF, TK_F1), ACT_HELP);
	assert_int_equal(keys_action(SCOPE_WORKSPACE, TK_TAB), ACT_NEXT_PANE);
	assert_int_equal(keys_action(SCOPE_WORKSPACE, TK_ENTER), ACT_EDIT);
	assert_int_equal(keys_action(SCOPE_HOME, TK_ENTER), ACT_SELECT);
	/* the present view: Esc and p go back, the common keys work there */
	assert_int_equal(keys_action(SCOPE_PRESENT, TK_ESC), ACT_BACK);
	assert_int_equal(keys_action(SCOPE_PRESENT, 'p'), ACT_BACK);
	assert_int_equal(keys_action(SCOPE_PRESENT, 'q'), ACT_QUIT);
	assert_int_equal(keys_action(SCOPE_PRESENT, TK_PGDN), ACT_PGDN);
	/* the dashboard: D opens it from home; its own keys, then the common ones */
	assert_int_equal(keys_action(SCOPE_HOME, 'D'), ACT_DASHBOARD);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, TK_ENTER), ACT_SELECT);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, TK_RIGHT), ACT_RIGHT);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, 'c'), ACT_FILTER_COHORT);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, TK_ESC), ACT_BACK);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, 'q'), ACT_QUIT);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, TK_TAB), ACT_NEXT_PANE);
	assert_int_equal(keys_action(SCOPE_DASHBOARD, TK_PGDN), ACT_PGDN);
	/* in an editor q is a letter, and F10 does nothing */
	assert_int_equal(keys_action(SCOPE_EDITOR, 'q'), ACT_NONE);
	assert_int_equal(keys_action(SCOPE_EDITOR, TK_ESC), ACT_ED_LEAVE);
	assert_int_equal(keys_action(SCOPE_EDITOR, TK_F1), ACT_HELP);
	assert_int_equal(keys_action(SCOPE_DIALOG, 'q'), ACT_NONE);
	/* F1 shows help in dialogs and questions too ('?' is a letter there) */
	assert_int_equal(keys_action(SCOPE_DIALOG, TK_F1), ACT_HELP);
	assert_int_equal(keys_action(SCOPE_CONFIRM, TK_F1), ACT_HELP);
	assert_int_equal(keys_action(SCOPE_DIALOG, '?'), ACT_NONE);
}

static void test_help_and_footer(void **state)
{
	struct buf b = {0};
	size_t n;
	const struct keybind *t = keys_table(&n);
	char name[32];

	for (int s = 0; s < KEY_SCOPE_COUNT; s++) {
		buf_printf(&b, "[%s]\n", keys_scope_title(s));
		keys_help(s, &b);
	}
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(b.data, keys_name(t[i].key, name, sizeof(name))));
	buf_finish(&b);
	char *f = keys_footer(SCOPE_HOME);
	assert_non_null(strstr(f, "? help"));
	assert_non_null(strstr(f, "q quit"));
	free(f);
	f = keys_footer(SCOPE_EDITOR);
	assert_null(strstr(f, "q quit"));
	free(f);
	assert_string_equal(keys_name(TK_CTRL('w'), name, sizeof(name)), "Ctrl-W");
	assert_string_equal(keys_name(TK_BTAB, name, sizeof(name)), "Shift-Tab");
}

static void test_footer_fit(void **state)
{
	char *full = keys_footer(SCOPE_WORKSPACE);
	char *wide = keys_footer_fit(SCOPE_WORKSPACE, 1000);
	assert_string_equal(full, wide);
	for (int cols = 10; cols <= 80; cols++) {
		char *f = keys_footer_fit(SCOPE_WORKSPACE, cols);
		/* whole hints only; help and quit always; it fits once only
		 * those two are left */
		assert_non_null(strstr(f, "? help  q quit"));
		assert_true((int)strlen(f) <= cols || strcmp(f, "? help  q quit") == 0);
		/* every hint kept is one of the full footer's, whole */
		for (char *p = f; *p;) {
			char *sep = strstr(p, "  ");
			size_t len = sep ? (size_t)(sep - p) : strlen(p);
			char *hint = xasprintf("%.*s", (int)len, p);
			char *at = strstr(full, hint);
			assert_non_null(at);
			assert_true(at == full || at[-1] == ' ');
			assert_true(at[len] == '\0' || at[len] == ' ');
			free(hint);
			p += len;
			while (*p == ' ')
				p++;
		}
		free(f);
	}
	char *narrow = keys_footer_fit(SCOPE_WORKSPACE, 60);
	assert_true(strncmp(narrow, "Enter edit", 10) == 0);
	assert_null(strstr(narrow, "Tab pane"));
	free(narrow);
	free(wide);
	free(full);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b = {0};
	char chunk[4096];
	size_t k;

	if (!f)
		return NULL;
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, k);
	fclose(f);
	return buf_steal(&b);
}

static void test_man_page(void **state)
{
	const char *src = getenv("SRCDIR");
	const char *begin_mark = ".\\\" keys-begin";
	const char *end_mark = ".\\\" keys-end";
	struct buf want = {0};

	if (!src)
		skip();
	char *path = xasprintf("%s/man/dilemma.1", src);
	char *page = read_file(path);
	assert_non_null(page);
	char *b = strstr(page, begin_mark), *e = strstr(page, end_mark);
	if (!b || !e || e < b)
		fail_msg("%s: no '.\\\" keys-begin' ... '.\\\" keys-end' block", path);
	b = strchr(b, '\n') + 1;
	*e = '\0';
	keys_mdoc(&want);
	if (strcmp(b, want.data) != 0)
		fail_msg("%s: the key list differs from the key table; regenerate it with "
			 "'test_keys --mdoc'. Wanted:\n%s", path, want.data);
	buf_finish(&want);
	free(page);
	free(path);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unique),
		cmocka_unit_test(test_described),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_help_and_footer),
		cmocka_unit_test(test_footer_fit),
		cmocka_unit_test(test_man_page),
	};
	if (argc > 1 && strcmp(argv[1], "--mdoc") == 0) {
		struct buf b = {0};
		keys_mdoc(&b);
		fputs(b.data, stdout);
		buf_finish(&b);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
