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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_pack_set_duplicates),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
