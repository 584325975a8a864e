/*
 * pack_fixtures.h - what the pack unit tests (test_pack.c,
 * test_pack_snapshot.c, test_pack_set.c) share: a minimal valid pack, a
 * pack that uses every key, and loading with exact diagnostics. Include it
 * once, after cmocka.h.
 */
#ifndef DILEMMA_TEST_PACK_FIXTURES_H
#define DILEMMA_TEST_PACK_FIXTURES_H

#include <stdlib.h>
#include <string.h>

#include "dilemma/pack.h"
#include "dilemma/util.h"

/* The head of a valid pack, and one valid scenario (lines 5 to 8). */
#define HEAD "pack: t\ntitle: T\nversion: 1\nscenarios:\n"
#define SC "  - id: a\n    title: A\n    situation: S\n    question: Q?\n"

/* Every diagnostic of @d as printed, one a line. */
static inline char *diags_text(const struct diag_list *d)
{
	struct buf b = {0};

	buf_puts(&b, "");
	for (size_t i = 0; i < d->count; i++) {
		char *s = diag_format(&d->items[i]);
		buf_printf(&b, "%s\n", s);
		free(s);
	}
	return buf_steal(&b);
}

/* Load @len bytes of @text as "t.yaml"; it must be refused with exactly
 * the diagnostics @want (each line prefixed "t.yaml:"). */
static inline void refused(const char *text, size_t len, const char *want)
{
	struct diag_list d = {0};
	struct pack *p = pack_load_buffer("t.yaml", text, len, &d);
	char *got = diags_text(&d);

	if (strcmp(got, want) != 0)
		print_error("wanted:\n%sgot:\n%s", want, got);
	assert_string_equal(got, want);
	assert_null(p);
	assert_true(d.errors > 0);
	free(got);
	diag_list_finish(&d);
}

#define REFUSED(lit, want) refused(lit, sizeof(lit) - 1, want)

/* Load @text; it must load with no diagnostic at all. */
static inline struct pack *loads(const char *text, size_t len)
{
	struct diag_list d = {0};
	struct pack *p = pack_load_buffer("t.yaml", text, len, &d);
	char *got = diags_text(&d);

	assert_string_equal(got, "");
	assert_non_null(p);
	free(got);
	diag_list_finish(&d);
	return p;
}

#define LOADS(lit) loads(lit, sizeof(lit) - 1)

static const char full_pack[] =
	"pack: full-pack\n"
	"title: A full pack\n"
	"version: 7\n"
	"language: en-GB\n"
	"framework: nolan\n"
	"source: The seeds, 2023\n"
	"description: |\n"
	"  Two lines\n"
	"  of description.\n"
	"scenarios:\n"
	"  - id: first\n"
	"    title: \"The first: with a colon\"\n"
	"    tags: [one, two-words, 'null']\n"
	"    situation: |\n"
	"      It begins.\n"
	"\n"
	"      It goes on, caf\xc3\xa9 and \xe2\x80\x9cquotes\xe2\x80\x9d.\n"
	"    question: What now?\n"
	"    prompts:\n"
	"      information: [\"Who knows?\", What else?]\n"
	"      action:\n"
	"        - Record it.\n"
	"    timebox:\n"
	"      information: 5\n"
	"      options: 12\n"
	"    injects:\n"
	"      - stage: assessment\n"
	"        text: News arrives.\n"
	"      - stage: action\n"
	"        text: \"~\"\n"
	"    options:\n"
	"      - Do this\n"
	"      - '- or that'\n"
	"    considerations:\n"
	"      - principles: [integrity, openness]\n"
	"        text: Think of both.\n"
	"    notes: >\n"
	"      Folded\n"
	"      notes.\n"
	"  - id: second\n"
	"    title: Second\n"
	"    situation: S2\n"
	"    question: Q2\n";

#endif
