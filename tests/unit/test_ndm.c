/* Unit tests for the NDM stage table and the built-in frameworks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/framework.h"
#include "dilemma/ndm.h"

static void test_stage_ids(void **state)
{
	static const char *const ids[] = {"ethics", "information", "assessment",
					  "powers", "options", "action"};
	enum ndm_stage s;

	for (int i = 0; i < NDM_STAGE_COUNT; i++) {
		assert_string_equal(ndm_stage_id((enum ndm_stage)i), ids[i]);
		assert_true(ndm_stage_from_id(ids[i], &s));
		assert_int_equal(s, i);
		assert_true(ndm_stage_question_count((enum ndm_stage)i) >= 3);
	}
	assert_false(ndm_stage_from_id("Ethics", &s));
	assert_false(ndm_stage_from_id("", &s));
}

static void test_frameworks(void **state)
{
	static const struct { const char *id; size_t count; } want[] = {
		{"coe-2014", 9}, {"coe-2024", 3}, {"spb", 10}, {"nolan", 7},
	};

	assert_int_equal(framework_builtin_count(), 4);
	for (size_t i = 0; i < 4; i++) {
		const struct framework *fw = framework_builtin(want[i].id);
		assert_non_null(fw);
		assert_int_equal(fw->count, want[i].count);
		for (size_t j = 0; j < fw->count; j++) {
			assert_true(strlen(fw->principles[j].summary) > 10);
			assert_int_equal(framework_principle_index(fw, fw->principles[j].id), (int)j);
		}
	}
	assert_string_equal(framework_builtin_at(0)->id, FRAMEWORK_DEFAULT_ID);
	assert_null(framework_builtin("coe-2015"));
	assert_non_null(framework_principle(framework_builtin("spb"), "use-of-force"));
	assert_null(framework_principle(framework_builtin("nolan"), "courage"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_ids),
		cmocka_unit_test(test_frameworks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
