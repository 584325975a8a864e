/*
 * scratch.h - a scratch folder for one unit-test program: made by the
 * group setup before its tests run and removed, with what they left, by
 * the group teardown. Include it once, in the test's .c file:
 *   return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
 */
#ifndef DILEMMA_TEST_SCRATCH_H
#define DILEMMA_TEST_SCRATCH_H

#include <stdlib.h>

#include "dilemma/util.h"

static char tmpdir[] = "/tmp/dilemma-unit-XXXXXX";

static int scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int scratch_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

#endif
