/* Unit tests for pack_snapshot.c: a scenario written out as a pack of its
 * own loads back to the same values, a snapshot of a snapshot is the same
 * text, awkward texts survive, and every key the loader takes is written. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/pack_snapshot.h"

#include "pack_fixtures.h"

/* ------------------------------------------------------------------ */
/* Snapshots.                                                          */

static void assert_same_list(const char *const *a, size_t na, const char *const *b,
			     size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(a[i], b[i]);
}

static void assert_same_scenario(const struct pack_scenario *a, const struct pack_scenario *b)
{
	assert_string_equal(a->id, b->id);
	assert_string_equal(a->title, b->title);
	assert_same_list(a->tags, a->ntags, b->tags, b->ntags);
	assert_string_equal(a->situation, b->situation);
	assert_string_equal(a->question, b->question);
	for (int s = 0; s < NDM_STAGE_COUNT; s++)
		assert_same_list(a->prompts[s], a->nprompts[s], b->prompts[s], b->nprompts[s]);
	assert_int_equal(a->ninjects, b->ninjects);
	for (size_t i = 0; i < a->ninjects; i++) {
		assert_int_equal(a->injects[i].stage, b->injects[i].stage);
		assert_string_equal(a->injects[i].text, b->injects[i].text);
	}
	assert_same_list(a->options, a->noptions, b->options, b->noptions);
	assert_int_equal(a->nconsiderations, b->nconsiderations);
	for (size_t i = 0; i < a->nconsiderations; i++) {
		assert_same_list(a->considerations[i].principles, a->considerations[i].nprinciples,
				 b->considerations[i].principles,
				 b->considerations[i].nprinciples);
		assert_string_equal(a->considerations[i].text, b->considerations[i].text);
	}
	if (a->notes)
		assert_string_equal(a->notes, b->notes);
	else
		assert_null(b->notes);
}

static void test_snapshot_round_trip(void **state)
{
	struct pack *p = LOADS(full_pack);

	for (size_t i = 0; i < p->nscenarios; i++) {
		char *snap = pack_snapshot(p, &p->scenarios[i], NULL);
		struct pack *q;

		assert_non_null(snap);
		q = loads(snap, strlen(snap));
		assert_string_equal(q->id, p->id);
		assert_string_equal(q->title, p->title);
		assert_int_equal(q->version, p->version);
		assert_string_equal(q->language, p->language);
		assert_string_equal(q->source, p->source);
		assert_string_equal(q->description, p->description);
		/* the framework comes back as the pack's own principles */
		assert_true(q->own_principles);
		assert_string_equal(q->framework.name, p->framework.name);
		assert_int_equal(q->framework.count, p->framework.count);
		for (size_t j = 0; j < p->framework.count; j++) {
			assert_string_equal(q->framework.principles[j].id,
					    p->framework.principles[j].id);
			assert_string_equal(q->framework.principles[j].name,
					    p->framework.principles[j].name);
			assert_string_equal(q->framework.principles[j].summary,
					    p->framework.principles[j].summary);
		}
		assert_int_equal(q->nscenarios, 1);
		assert_same_scenario(&p->scenarios[i], &q->scenarios[0]);
		/* and a snapshot of the snapshot is the same text */
		char *again = pack_snapshot(q, &q->scenarios[0], NULL);
		assert_string_equal(again, snap);
		free(again);
		pack_destroy(q);
		free(snap);
	}
	pack_destroy(p);
}

/* Texts that need quoting survive: leading spaces, "null", "- ", "#",
 * a colon, trailing spaces, non-ASCII, a tab. */
static void test_snapshot_awkward_texts(void **state)
{
	struct pack *p = LOADS(HEAD "  - id: a\n    title: \"  spaced \"\n"
			       "    situation: \"null\"\n    question: \"- # x: y\\t\"\n"
			       "    options: ['~', \"\\u00e9t\\u00e9\", 'a\n\n      b']\n"
			       "    notes: \"trailing\\n\\n\\n\"\n");
	const struct framework *spb = framework_builtin("spb");
	char *snap = pack_snapshot(p, &p->scenarios[0], spb);
	struct pack *q = loads(snap, strlen(snap));

	assert_same_scenario(&p->scenarios[0], &q->scenarios[0]);
	assert_string_equal(q->scenarios[0].title, "  spaced ");
	assert_string_equal(q->scenarios[0].options[2], "a\nb");
	assert_string_equal(q->scenarios[0].notes, "trailing\n\n\n");
	/* the framework asked for, not the pack's */
	assert_int_equal(q->framework.count, spb->count);
	assert_string_equal(q->framework.principles[3].id, spb->principles[3].id);
	pack_destroy(q);
	free(snap);
	pack_destroy(p);
}

/* Whether a line of @yaml starts, after its indentation and any "- ", with
 * "@key:". */
static bool has_key_line(const char *yaml, const char *key)
{
	size_t n = strlen(key);

	for (const char *l = yaml; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		while (*l == ' ' || *l == '-')
			l++;
		if (strncmp(l, key, n) == 0 && l[n] == ':')
			return true;
	}
	return false;
}

/* The snapshot writer reads the loader's tables: every key the loader
 * takes is written back (but 'framework', which the snapshot replaces by
 * the pack's own principles), so a key added to the schema cannot be left
 * out of the snapshots. */
static void test_snapshot_writes_every_key(void **state)
{
	struct pack *p = LOADS(full_pack);
	char *snap = pack_snapshot(p, &p->scenarios[0], NULL);
	const char *mapping, *key;
	size_t checked = 0;

	assert_non_null(snap);
	for (size_t i = 0; (key = pack_format_key(i, &mapping)); i++) {
		if (strcmp(mapping, "pack") == 0 && strcmp(key, "framework") == 0) {
			assert_false(has_key_line(snap, key));
			continue;
		}
		if (!has_key_line(snap, key))
			print_error("the snapshot lacks the %s key '%s':\n%s", mapping, key, snap);
		assert_true(has_key_line(snap, key));
		checked++;
	}
	assert_int_equal(checked, 10 + 11 + 2 + 2 + 3 - 1);
	free(snap);
	pack_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_round_trip),
		cmocka_unit_test(test_snapshot_awkward_texts),
		cmocka_unit_test(test_snapshot_writes_every_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
