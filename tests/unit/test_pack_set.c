/* Unit tests for loading files (pack_load()) and the pack set (pack_set.c):
 * which of two packs with one id wins, what is reported and how. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "dilemma/pack_set.h"

#include "pack_fixtures.h"
#include "scratch.h"

/* ------------------------------------------------------------------ */
/* Files and the pack set.                                             */

static char *write_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_load_files(void **state)
{
	struct diag_list d = {0};
	char *path = write_file("ok.yaml", HEAD SC);
	struct pack *p = pack_load(path, &d);

	assert_non_null(p);
	assert_int_equal(d.count, 0);
	assert_string_equal(p->path, path);
	pack_destroy(p);
	unlink(path);
	free(path);

	assert_null(pack_load("/nonexistent/x.yaml", &d));
	assert_null(pack_load(tmpdir, &d));
	assert_int_equal(d.count, 2);
	assert_string_equal(d.items[0].message, "cannot open: No such file or directory");
	assert_int_equal(d.items[0].line, 0);
	assert_string_equal(d.items[1].message,
			    "not a regular file (a directory); a pack is a YAML file");
	diag_list_finish(&d);
}

static void test_pack_set_duplicates(void **state)
{
	char *d1 = xasprintf("%s/one", tmpdir), *d2 = xasprintf("%s/two", tmpdir);
	const char *dirs[] = {d1, d2, "/nonexistent", NULL};
	struct pack_set set = {0};
	struct diag_list d = {0};

	assert_int_equal(mkdir(d1, 0755), 0);
	assert_int_equal(mkdir(d2, 0755), 0);
	char *a = write_file("one/b.yaml", "pack: same\ntitle: First\nversion: 1\nscenarios:\n" SC);
	char *b = write_file("two/a.yaml", "pack: same\ntitle: Second\nversion: 1\nscenarios:\n" SC);
	char *c = write_file("two/c.yaml", "pack: other\ntitle: O\nversion: 1\nscenarios:\n" SC);
	char *e = write_file("two/bad.yaml", "pack: [\n");
	char *f = write_file("two/skip.yml", "not: looked at\n");

	pack_set_load(&set, dirs, &d);
	assert_int_equal(set.count, 2);
	assert_string_equal(set.packs[0]->title, "First"); /* the first directory wins */
	assert_string_equal(set.packs[1]->id, "other");
	assert_ptr_equal(pack_set_find(&set, "other"), set.packs[1]);
	assert_null(pack_set_find(&set, "none"));
	/* the broken pack is reported, the duplicate warned about naming both */
	char *got = diags_text(&d);
	char *want = xasprintf("%s: warning: pack 'same' is also in %s, which is used instead\n"
			       "%s:1:7: error: 'pack' must be an id, not a list\n"
			       "%s:2:1: error: YAML syntax error: did not find expected node "
			       "content (while parsing a flow node at line 2, column 1)\n",
			       b, a, e, e);
	assert_string_equal(got, want);
	free(want);
	free(got);
	pack_set_finish(&set);
	diag_list_finish(&d);
	for (char **pp = (char *[]){a, b, c, e, f, NULL}; *pp; pp++) {
		unlink(*pp);
		free(*pp);
	}
	rmdir(d1);
	rmdir(d2);
	free(d1);
	free(d2);
}

/* A file's name can hold any byte but NUL and '/': the diagnostics keep
 * the name as it is, and print it with its control, bidi and zero-width
 * characters neutralised (issue 12, defect 12). */
static void test_file_names_never_printed_raw(void **state)
{
	char *dir = xasprintf("%s/names", tmpdir);
	const char *dirs[] = {dir, NULL};
	struct pack_set set = {0};
	struct diag_list d = {0};

	assert_int_equal(mkdir(dir, 0755), 0);
	char *a = write_file("names/a\x1b]0;owned\x07.yaml", "pack: same\ntitle: A\nversion: 1\n"
			     "scenarios:\n" SC);
	char *b = write_file("names/b\xe2\x80\xae\x9b" "2J.yaml", "pack: same\ntitle: B\n"
			     "version: 1\nscenarios:\n" SC);
	char *c = write_file("names/c\r\n.yaml", "pack: [\n");

	pack_set_load(&set, dirs, &d);
	assert_int_equal(set.count, 1);
	assert_int_equal(d.count, 3);
	/* the data is kept as it is */
	assert_string_equal(d.items[0].file, b);
	assert_string_equal(d.items[1].file, c);
	char *got = diags_text(&d);
	char *want = xasprintf("%s/b\xef\xbf\xbd\xef\xbf\xbd" "2J.yaml: warning: pack 'same' is "
			       "also in %s/a\xef\xbf\xbd]0;owned\xef\xbf\xbd.yaml, which is used "
			       "instead\n"
			       "%s/c  .yaml:1:7: error: 'pack' must be an id, not a list\n"
			       "%s/c  .yaml:2:1: error: YAML syntax error: did not find expected "
			       "node content (while parsing a flow node at line 2, column 1)\n",
			       dir, dir, dir, dir);
	assert_string_equal(got, want);
	free(want);
	free(got);
	pack_set_finish(&set);
	diag_list_finish(&d);
	for (char **pp = (char *[]){a, b, c, NULL}; *pp; pp++) {
		unlink(*pp);
		free(*pp);
	}
	rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_pack_set_duplicates),
		cmocka_unit_test(test_file_names_never_printed_raw),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
