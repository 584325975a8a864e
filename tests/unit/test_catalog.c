/* Unit tests for the home screen's catalogue (src/tui/catalog.c): packs by
 * title whatever their file names, case and accents not counting; the
 * pack and scenario last used first; a search over titles, ids and tags
 * that ignores case and accents, every word to be found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "catalog.h"
#include "dilemma/util.h"

static const char *const tags_whatsapp[] = {"WhatsApp", "missing person"};
static const char *const tags_twitter[] = {"Twitter", "critical incident"};

static const struct pack_index_scenario social[] = {
	{"missing-teenager-whatsapp", "What should Mum send?"},
	{"rumours", "Rumours on Twitter during a critical incident"},
	{"username", "Contacting an Instagram username"},
};
static const struct pack_index_scenario messaging[] = {
	{"shift-group", "An offensive image in the shift group"},
};
static const struct pack_index_scenario organisational[] = {
	{"cup-match", "A box at the cup match"},
	{"promotion", "Fair promotion and unconscious bias"},
};
static const struct pack_index_scenario officers[] = {
	{"witness", "A post about a witness"},
};
static const struct pack_index_scenario accents[] = {
	{"cafe", "Un café à l'Élysée"},
};

/* In file-name order, as the pack index gives them. */
static const struct pack_index_entry entries[] = {
	{"a.yaml", "messaging-groups", "Messaging groups", 1, "CoE", messaging, 1},
	{"b.yaml", "organisational-ethics", "organisational ethics", 1, "CoE", organisational, 2},
	{"c.yaml", "personal-social-media", "Officers' and staff's personal use", 1, "CoE",
	 officers, 1},
	{"d.yaml", "social-media", "Police use of social media", 1, "CoE", social, 3},
	{"e.yaml", "eire", "\xc3\x89ire and \xc3\x89lys\xc3\xa9""e", 1, "CoE", accents, 1},
};

static const struct pack_index ix = {.packs = entries, .count = 5};

/* The tags, as home reads them with each preview; how often asked. */
static int tags_asked;
static const char *const *tags_of(void *ctx, size_t pack, size_t sc, size_t *n)
{
	tags_asked++;
	*n = 0;
	if (pack != 3 || sc > 1)
		return NULL;
	*n = 2;
	return sc == 0 ? tags_whatsapp : tags_twitter;
}

/* The ids of the items shown, in order, joined with spaces. */
static char *shown(const struct catalog *c)
{
	struct buf b = {0};

	buf_puts(&b, "");
	for (size_t k = 0; k < c->nview; k++) {
		const struct catalog_item *it = catalog_shown(c, k);
		buf_printf(&b, "%s%s", k ? " " : "", ix.packs[it->pack].scenarios[it->sc].id);
	}
	return buf_steal(&b);
}

static void expect_shown(const struct catalog *c, const char *want)
{
	char *got = shown(c);

	if (strcmp(got, want) != 0)
		fail_msg("wanted [%s], got [%s]", want, got);
	free(got);
}

static void test_order(void **state)
{
	struct catalog c;

	/* by title, case and accents not counting ("Éire" among the E's,
	 * "organisational" after "Officers'") */
	catalog_init(&c, &ix, tags_of, NULL, NULL, NULL);
	assert_int_equal(c.n, 8);
	expect_shown(&c, "cafe shift-group witness cup-match promotion "
			 "missing-teenager-whatsapp rumours username");
	assert_false(catalog_searching(&c));
	catalog_finish(&c);

	/* the last pack and scenario used first, the rest as before */
	catalog_init(&c, &ix, tags_of, NULL, "social-media", "username");
	expect_shown(&c, "username missing-teenager-whatsapp rumours cafe shift-group witness "
			 "cup-match promotion");
	catalog_finish(&c);
	/* a scenario the pack no longer has: the pack still first */
	catalog_init(&c, &ix, tags_of, NULL, "organisational-ethics", "gone");
	expect_shown(&c, "cup-match promotion cafe shift-group witness "
			 "missing-teenager-whatsapp rumours username");
	catalog_finish(&c);
	/* a pack no longer there: by title */
	catalog_init(&c, &ix, tags_of, NULL, "gone", "username");
	expect_shown(&c, "cafe shift-group witness cup-match promotion "
			 "missing-teenager-whatsapp rumours username");
	catalog_finish(&c);
}

static void test_search(void **state)
{
	struct catalog c;

	tags_asked = 0;
	catalog_init(&c, &ix, tags_of, NULL, NULL, NULL);
	assert_int_equal(tags_asked, 0); /* not before a search */
	/* a scenario's title, any case */
	assert_int_equal(catalog_search(&c, "MUM"), 1);
	expect_shown(&c, "missing-teenager-whatsapp");
	assert_true(catalog_searching(&c));
	assert_int_equal(tags_asked, 8); /* once each, at the first search */
	/* a tag; an id */
	assert_int_equal(catalog_search(&c, "whatsapp"), 1);
	assert_int_equal(catalog_search(&c, "critical"), 1);
	expect_shown(&c, "rumours");
	assert_int_equal(catalog_search(&c, "cup-match"), 1);
	/* a pack's title or id keeps all its scenarios */
	assert_int_equal(catalog_search(&c, "social media"), 4);
	expect_shown(&c, "witness missing-teenager-whatsapp rumours username");
	assert_int_equal(catalog_search(&c, "social-media"), 4);
	/* every word, each anywhere: the pack's and the scenario's */
	assert_int_equal(catalog_search(&c, "police instagram"), 1);
	expect_shown(&c, "username");
	assert_int_equal(catalog_search(&c, "police nothing"), 0);
	expect_shown(&c, "");
	/* accents do not count, either way */
	assert_int_equal(catalog_search(&c, "elysee"), 1);
	assert_int_equal(catalog_search(&c, "CAF\xc3\x89"), 1);
	assert_int_equal(catalog_search(&c, "\xc3\xa9ire"), 1);
	/* positions in the view */
	assert_int_equal(catalog_search(&c, "a"), 8);
	assert_int_equal(catalog_search(&c, "the"), 2);
	expect_shown(&c, "shift-group cup-match");
	assert_int_equal(catalog_position(&c, 3), 1);
	assert_int_equal(catalog_position(&c, 0), SIZE_MAX);
	/* blank is no search */
	assert_int_equal(catalog_search(&c, "  "), 8);
	assert_false(catalog_searching(&c));
	assert_int_equal(catalog_search(&c, ""), 8);
	assert_int_equal(tags_asked, 8);
	catalog_finish(&c);
}

static void test_width(void **state)
{
	struct catalog c;

	catalog_init(&c, &ix, tags_of, NULL, NULL, NULL);
	/* "Rumours on Twitter during a critical incident" (45) after 2 */
	assert_int_equal(catalog_width(&c, 2), 47);
	catalog_finish(&c);
	struct pack_index none = {0};
	catalog_init(&c, &none, tags_of, NULL, "x", "y");
	assert_int_equal(c.n, 0);
	assert_int_equal(catalog_search(&c, "x"), 0);
	assert_int_equal(catalog_width(&c, 2), 0);
	catalog_finish(&c);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
