/* Unit tests for the pack loader (pack.c and the files beside it), one or
 * more per rule of dilemma-pack(5), each checking the exact messages and
 * their 1-based FILE:LINE:COLUMN positions; plus BOM and CRLF acceptance
 * and the man page's list of keys. The snapshot writer and the pack set
 * have their own tests (test_pack_snapshot.c, test_pack_set.c). */
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

#include "dilemma/pack.h"
#include "dilemma/util.h"

#include "pack_fixtures.h"
#include "scratch.h"

/* ------------------------------------------------------------------ */
/* What loads.                                                         */

static void test_minimal_pack(void **state)
{
	struct pack *p = LOADS(HEAD SC);

	assert_string_equal(p->id, "t");
	assert_string_equal(p->title, "T");
	assert_int_equal(p->version, 1);
	assert_null(p->language);
	assert_null(p->source);
	assert_null(p->description);
	assert_string_equal(p->framework.id, "coe-2014"); /* the default */
	assert_int_equal(p->framework.count, 9);
	assert_false(p->own_principles);
	assert_int_equal(p->nscenarios, 1);
	assert_string_equal(p->scenarios[0].id, "a");
	assert_int_equal(p->scenarios[0].line, 5);
	assert_null(p->scenarios[0].notes);
	assert_int_equal(p->scenarios[0].ntags, 0);
	assert_int_equal(strlen(p->hash), 16);
	assert_ptr_equal(pack_scenario(p, "a"), &p->scenarios[0]);
	assert_null(pack_scenario(p, "b"));
	pack_destroy(p);
}

static void test_every_key(void **state)
{
	struct pack *p = LOADS(full_pack);
	const struct pack_scenario *sc = &p->scenarios[0];

	assert_string_equal(p->id, "full-pack");
	assert_int_equal(p->version, 7);
	assert_string_equal(p->language, "en-GB");
	assert_string_equal(p->source, "The seeds, 2023");
	assert_string_equal(p->description, "Two lines\nof description.\n");
	assert_string_equal(p->framework.id, "nolan");
	assert_int_equal(p->nscenarios, 2);
	assert_string_equal(sc->title, "The first: with a colon");
	assert_int_equal(sc->ntags, 3);
	assert_string_equal(sc->tags[2], "null"); /* quoted: a text, not nothing */
	assert_string_equal(sc->situation,
			    "It begins.\n\nIt goes on, caf\xc3\xa9 and \xe2\x80\x9cquotes\xe2\x80\x9d.\n");
	assert_int_equal(sc->nprompts[NDM_INFORMATION], 2);
	assert_string_equal(sc->prompts[NDM_INFORMATION][0], "Who knows?");
	assert_string_equal(sc->prompts[NDM_ACTION][0], "Record it.");
	assert_int_equal(sc->nprompts[NDM_POWERS], 0);
	assert_int_equal(sc->ninjects, 2);
	assert_int_equal(sc->injects[0].stage, NDM_ASSESSMENT);
	assert_string_equal(sc->injects[0].text, "News arrives.");
	assert_int_equal(sc->injects[0].line, 27);
	assert_int_equal(sc->timebox[NDM_INFORMATION], 5);
	assert_int_equal(sc->timebox[NDM_OPTIONS], 12);
	assert_int_equal(sc->timebox[NDM_ASSESSMENT], 0);
	assert_string_equal(sc->injects[1].text, "~");
	assert_int_equal(sc->noptions, 2);
	assert_string_equal(sc->options[1], "- or that");
	assert_int_equal(sc->nconsiderations, 1);
	assert_int_equal(sc->considerations[0].nprinciples, 2);
	assert_string_equal(sc->considerations[0].principles[1], "openness");
	assert_string_equal(sc->notes, "Folded notes.\n");
	assert_string_equal(p->scenarios[1].id, "second");
	assert_int_equal(p->scenarios[1].line, 40);
	pack_destroy(p);
}

static void test_own_principles(void **state)
{
	struct pack *p = LOADS("pack: own\ntitle: Own\nversion: 2\n"
			       "framework-name: House rules\n"
			       "principles:\n"
			       "  - {id: care, name: Care, summary: Look after people.}\n"
			       "  - id: candour\n    name: Candour\n    summary: Say what is so.\n"
			       "scenarios:\n" SC
			       "    considerations:\n      - {principles: [candour], text: x}\n");

	assert_true(p->own_principles);
	assert_string_equal(p->framework.id, "own");
	assert_string_equal(p->framework.name, "House rules");
	assert_int_equal(p->framework.count, 2);
	assert_string_equal(p->framework.principles[1].id, "candour");
	assert_string_equal(p->framework.principles[1].summary, "Say what is so.");
	pack_destroy(p);
}

/* An optional key with nothing after it counts as left out. */
static void test_empty_optional_values(void **state)
{
	struct pack *p = LOADS("pack: t\ntitle: T\nversion: 0\nlanguage:\nsource: ~\n"
			       "framework: null\nscenarios:\n" SC
			       "    notes:\n    tags:\n    options: ~\n");

	assert_null(p->language);
	assert_null(p->source);
	assert_string_equal(p->framework.id, "coe-2014");
	assert_null(p->scenarios[0].notes);
	assert_int_equal(p->scenarios[0].ntags, 0);
	pack_destroy(p);
}

/* ------------------------------------------------------------------ */
/* YAML syntax.                                                        */

static void test_syntax_error(void **state)
{
	REFUSED(HEAD SC "    tags: [a, b\n",
		"t.yaml:10:1: error: YAML syntax error: did not find expected ',' or ']' "
		"(while parsing a flow sequence at line 9, column 11)\n");
	REFUSED("pack: t\ntitle: T: x\n",
		"t.yaml:2:9: error: YAML syntax error: mapping values are not allowed in "
		"this context\n");
}

/* ------------------------------------------------------------------ */
/* Keys.                                                               */

static void test_unknown_keys(void **state)
{
	REFUSED(HEAD SC "    situaton: x\n    colour: red\n",
		"t.yaml:9:5: error: unknown key 'situaton' in scenario; did you mean "
		"'situation'?\n"
		"t.yaml:10:5: error: unknown key 'colour' in scenario (the keys are: id, "
		"title, tags, situation, question, prompts, timebox, injects, options, "
		"considerations, notes)\n");
	/* at the top, after it the missing key (both at their own place) */
	REFUSED("pack: t\ntitel: T\nversion: 1\nscenarios:\n" SC,
		"t.yaml:1:1: error: pack is missing the required key 'title'\n"
		"t.yaml:2:1: error: unknown key 'titel' in pack; did you mean 'title'?\n");
	/* every top-level key misspelt: still a pack, with typos, not "no pack" */
	REFUSED("pakc: t\ntitel: T\nversoin: 1\nscenarois:\n" SC,
		"t.yaml:1:1: error: unknown key 'pakc' in pack; did you mean 'pack'?\n"
		"t.yaml:1:1: error: pack is missing the required key 'pack'\n"
		"t.yaml:1:1: error: pack is missing the required key 'title'\n"
		"t.yaml:1:1: error: pack is missing the required key 'version'\n"
		"t.yaml:1:1: error: pack is missing the required key 'scenarios'\n"
		"t.yaml:2:1: error: unknown key 'titel' in pack; did you mean 'title'?\n"
		"t.yaml:3:1: error: unknown key 'versoin' in pack; did you mean 'version'?\n"
		"t.yaml:4:1: error: unknown key 'scenarois' in pack; did you mean "
		"'scenarios'?\n");
	/* but one near miss among other keys is not a pack */
	REFUSED("time: 20:03\nplayer: Sammy\naction: strike\n",
		"t.yaml:1:1: error: this is not a pack: its top-level mapping has none of the "
		"keys 'pack', 'title', 'version', 'scenarios' (see dilemma-pack(5))\n");
	/* ...also when a syntax error stops the loader early */
	REFUSED("pakc: t\nnotes: [\n",
		"t.yaml:1:1: error: unknown key 'pakc' in pack; did you mean 'pack'?\n"
		"t.yaml:2:1: error: unknown key 'notes' in pack (the keys are: pack, title, "
		"version, language, framework, framework-name, principles, source, "
		"description, scenarios)\n"
		"t.yaml:3:1: error: YAML syntax error: did not find expected node content "
		"(while parsing a flow node at line 3, column 1)\n");
	REFUSED(HEAD SC "    injects:\n      - {stage: action, txt: x}\n",
		"t.yaml:10:9: error: inject is missing the required key 'text'\n"
		"t.yaml:10:25: error: unknown key 'txt' in inject; did you mean 'text'?\n");
}

static void test_missing_keys(void **state)
{
	REFUSED("pack: t\nscenarios:\n  - id: a\n    title: A\n",
		"t.yaml:1:1: error: pack is missing the required key 'title'\n"
		"t.yaml:1:1: error: pack is missing the required key 'version'\n"
		"t.yaml:3:5: error: scenario is missing the required key 'situation'\n"
		"t.yaml:3:5: error: scenario is missing the required key 'question'\n");
	REFUSED("pack: t\ntitle: T\nversion: 1\n",
		"t.yaml:1:1: error: pack is missing the required key 'scenarios'\n");
}

static void test_wrong_types(void **state)
{
	REFUSED("pack: t\ntitle: [T]\nversion: three\nscenarios:\n  - id: a\n    title: A\n"
		"    situation: S\n    question: {q: 1}\n    tags: x\n",
		"t.yaml:2:8: error: 'title' must be a text, not a list\n"
		"t.yaml:3:10: error: 'version' must be a whole number from 0 to 2147483647, "
		"like 3, not 'three'\n"
		"t.yaml:8:15: error: 'question' must be a text, not a mapping\n"
		"t.yaml:9:11: error: 'tags' must be a list of texts, not a text\n");
	REFUSED("pack: t\ntitle: T\nversion: -1\nscenarios: {id: a}\n",
		"t.yaml:3:10: error: 'version' must be a whole number from 0 to 2147483647, "
		"like 3, not '-1'\n"
		"t.yaml:4:12: error: 'scenarios' must be a list of scenarios, not a mapping\n");
	REFUSED("pack: t\ntitle: T\nversion: '3'\nscenarios:\n" SC,
		"t.yaml:3:10: error: 'version' must be a whole number written without "
		"quotes, like 3\n");
	REFUSED("pack: t\ntitle: T\nversion: 2147483648\nscenarios:\n" SC,
		"t.yaml:3:10: error: 'version' must be a whole number from 0 to 2147483647, "
		"like 3, not '2147483648'\n");
	REFUSED(HEAD SC "    tags: [[x]]\n    options: [a, b]\n    prompts: [x]\n",
		"t.yaml:9:12: error: an item of 'tags' must be a text, not a list\n"
		"t.yaml:11:14: error: 'prompts' must be a mapping from stage ids to lists of "
		"prompts, not a list\n");
	REFUSED(HEAD SC "    [x]: y\n",
		"t.yaml:9:5: error: a key must be a plain text, not a list\n");
}

/* A time-box is whole minutes, 1 to 240, at a stage that exists. */
static void test_timebox(void **state)
{
	REFUSED(HEAD SC "    timebox:\n      information: 0\n      action: 241\n"
		"      options: 2.5\n      optoins: 3\n      assessment: [3]\n",
		"t.yaml:10:20: error: 'information' must be a whole number of minutes from 1 "
		"to 240, not 0\n"
		"t.yaml:11:15: error: 'action' must be a whole number of minutes from 1 to 240, "
		"not 241\n"
		"t.yaml:12:16: error: 'options' must be a whole number of minutes from 1 to "
		"240, like 10, not '2.5'\n"
		"t.yaml:13:7: error: unknown stage 'optoins' in 'timebox'; did you mean "
		"'options'? (the stages are: ethics, information, assessment, powers, options, "
		"action)\n"
		"t.yaml:14:19: error: 'assessment' must be a whole number of minutes, not a "
		"list\n");
	REFUSED(HEAD SC "    timebox: 10\n",
		"t.yaml:9:14: error: 'timebox' must be a mapping from stage ids to minutes, "
		"not a text\n");
}

static void test_empty_required_values(void **state)
{
	REFUSED("pack: t\ntitle: ''\nversion: 1\nscenarios:\n  - id: a\n    title:\n"
		"    situation: '  '\n    question: Q?\n    options: [a, '', ~]\n",
		"t.yaml:2:8: error: 'title' is empty\n"
		"t.yaml:6:11: error: 'title' is empty\n"
		"t.yaml:7:16: error: 'situation' is empty\n"
		"t.yaml:9:18: error: empty item in 'options'\n"
		"t.yaml:9:22: error: empty item in 'options'\n");
	REFUSED("pack: t\ntitle: T\nversion: 1\nscenarios: []\n",
		"t.yaml:4:12: error: 'scenarios' is empty\n");
}

static void test_duplicate_keys(void **state)
{
	REFUSED(HEAD SC "    title: B\n",
		"t.yaml:9:5: error: duplicate key 'title' (first given at line 6, column 5)\n");
	REFUSED(HEAD SC "    prompts:\n      action: [a]\n      action: [b]\n",
		"t.yaml:11:7: error: duplicate key 'action' (first given at line 10, "
		"column 7)\n");
	/* "pack\0x" is not 'pack' (nor a duplicate of it) */
	REFUSED(HEAD SC "\"pack\\0x\": 1\n",
		"t.yaml:9:1: error: control character U+0000 in a quoted text is not "
		"allowed (TAB and line feed are the only control characters a text may "
		"hold)\n");
}

/* ------------------------------------------------------------------ */
/* Ids and references.                                                 */

static void test_ids(void **state)
{
	REFUSED("pack: Tee\ntitle: T\nversion: 1\nscenarios:\n  - id: -a\n    title: A\n"
		"    situation: S\n    question: Q?\n",
		"t.yaml:1:7: error: 'pack' must be an id: 1 to 64 lower-case letters, digits "
		"and '-', not starting with '-' (not 'Tee')\n"
		"t.yaml:5:9: error: 'id' must be an id: 1 to 64 lower-case letters, digits "
		"and '-', not starting with '-' (not '-a')\n");
}

static void test_duplicate_scenario_ids(void **state)
{
	REFUSED(HEAD SC SC,
		"t.yaml:9:9: error: duplicate scenario id 'a' (first used at line 5, "
		"column 9)\n");
}

static void test_unknown_stage(void **state)
{
	REFUSED(HEAD SC "    injects:\n      - stage: asessment\n        text: x\n"
		"    prompts:\n      power: [x]\n",
		"t.yaml:10:16: error: unknown stage 'asessment'; did you mean 'assessment'? "
		"(the stages are: ethics, information, assessment, powers, options, action)\n"
		"t.yaml:13:7: error: unknown stage 'power' in 'prompts'; did you mean "
		"'powers'? (the stages are: ethics, information, assessment, powers, "
		"options, action)\n");
}

static void test_unknown_principle(void **state)
{
	REFUSED(HEAD SC "    considerations:\n      - principles: [honsety, courage]\n"
		"        text: x\n",
		"t.yaml:10:22: error: unknown principle 'honsety' for framework 'coe-2014'; "
		"did you mean 'honesty'?\n"
		"t.yaml:10:31: error: unknown principle 'courage' for framework 'coe-2014' "
		"(its principles are: accountability, fairness, honesty, integrity, "
		"leadership, objectivity, openness, respect, selflessness)\n");
	REFUSED(HEAD SC "    considerations:\n      - principles: []\n        text: x\n",
		"t.yaml:10:21: error: 'principles' is empty\n");
	/* the pack's own principles: duplicates, unknown references */
	REFUSED("pack: t\ntitle: T\nversion: 1\nprinciples:\n"
		"  - {id: x, name: X, summary: Y}\n  - {id: x, name: X2, summary: Y2}\n"
		"scenarios:\n" SC "    considerations:\n      - {principles: [x, y], text: z}\n",
		"t.yaml:6:10: error: duplicate principle id 'x' (first used at line 5, "
		"column 10)\n"
		"t.yaml:13:26: error: unknown principle 'y': not one of the pack's own "
		"'principles'\n");
}

static void test_unknown_framework(void **state)
{
	REFUSED("pack: t\ntitle: T\nversion: 1\nframework: nolen\nscenarios:\n" SC,
		"t.yaml:4:12: error: unknown framework 'nolen'; did you mean 'nolan'? (the "
		"built-in frameworks are: coe-2014, coe-2024, spb, nolan); or give the "
		"pack's own 'principles' instead\n");
	REFUSED("pack: t\ntitle: T\nversion: 1\nframework: nolan\nprinciples:\n"
		"  - {id: x, name: X, summary: Y}\nscenarios:\n" SC,
		"t.yaml:5:1: error: give either 'framework' (a built-in framework) or "
		"'principles' (the pack's own), not both\n");
	REFUSED("pack: t\ntitle: T\nversion: 1\nframework-name: F\nscenarios:\n" SC,
		"t.yaml:4:1: error: 'framework-name' names the pack's own 'principles' and "
		"is only allowed with them\n");
}

/* ------------------------------------------------------------------ */
/* Anchors, aliases, tags, nesting, size.                              */

static void test_anchors_and_aliases(void **state)
{
	REFUSED(HEAD "  - id: a\n    title: &t A\n    situation: *t\n    question: Q?\n",
		"t.yaml:6:12: error: anchors (here '&t') are not supported in packs; write "
		"each value out where it is used\n"
		"t.yaml:7:16: error: aliases (here '*t') are not supported in packs; write "
		"the value out\n");
	/* the classic expansion attack stops at the first anchor... */
	REFUSED("a: &a [x, x]\nb: &b [*a, *a]\n",
		"t.yaml:1:1: error: this is not a pack: its top-level mapping has none of "
		"the keys 'pack', 'title', 'version', 'scenarios' (see dilemma-pack(5))\n"
		"t.yaml:1:4: error: anchors (here '&a') are not supported in packs; write "
		"each value out where it is used\n"
		"t.yaml:2:4: error: anchors (here '&b') are not supported in packs; write "
		"each value out where it is used\n"
		"t.yaml:2:8: error: aliases (here '*a') are not supported in packs; write "
		"the value out\n"
		"t.yaml:2:12: error: aliases (here '*a') are not supported in packs; write "
		"the value out\n");
	REFUSED(HEAD SC "    notes: !!str x\n",
		"t.yaml:9:12: error: tags (here 'tag:yaml.org,2002:str') are not supported "
		"in packs; remove it\n");
}

static void test_depth_limit(void **state)
{
	/* depth 8 is allowed (where the schema takes anything after an error),
	 * depth 9 is not */
	REFUSED(HEAD SC "    notes: [[[[[x]]]]]\n",
		"t.yaml:9:12: error: 'notes' must be a text, not a list\n");
	REFUSED(HEAD SC "    notes: [[[[[[x]]]]]]\n",
		"t.yaml:9:12: error: 'notes' must be a text, not a list\n"
		"t.yaml:9:17: error: nesting deeper than 8 levels; a pack never needs that "
		"many\n");
	/* a very deep file stops at once, with one message */
	{
		size_t n = 100000;
		char *deep = xmalloc(2 * n + 1);
		memset(deep, '[', n);
		memset(deep + n, ']', n);
		deep[2 * n] = '\0';
		refused(deep, 2 * n,
			"t.yaml:1:1: error: this is not a pack: the file holds a list; a pack "
			"is a mapping with the keys 'pack', 'title', 'version' and "
			"'scenarios' (see dilemma-pack(5))\n");
		memcpy(deep, "a: ", 3);
		refused(deep, 2 * n,
			"t.yaml:1:1: error: this is not a pack: its top-level mapping has none "
			"of the keys 'pack', 'title', 'version', 'scenarios' (see "
			"dilemma-pack(5))\n"
			"t.yaml:1:11: error: nesting deeper than 8 levels; a pack never needs "
			"that many\n");
		free(deep);
	}
}

static void test_size_limit(void **state)
{
	char *path = xasprintf("%s/big.yaml", tmpdir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct diag_list d = {0};
	char *got;

	/* a sparse file: refused from its size alone, never read */
	assert_true(fd >= 0);
	assert_int_equal(write(fd, HEAD, strlen(HEAD)), (ssize_t)strlen(HEAD));
	assert_int_equal(ftruncate(fd, (off_t)PACK_MAX_BYTES + 1), 0);
	close(fd);
	assert_null(pack_load(path, &d));
	got = diags_text(&d);
	char *want = xasprintf("%s: error: the file is larger than 32 MiB; packs are never "
			       "that big\n", path);
	assert_string_equal(got, want);
	free(want);
	free(got);
	diag_list_finish(&d);

	/* exactly at the limit it is read (and refused for what it holds) */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)PACK_MAX_BYTES), 0);
	close(fd);
	assert_null(pack_load(path, &d));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].message, "binary data"));
	diag_list_finish(&d);

	/* the same limit holds for bytes in memory */
	char *mem = malloc((size_t)PACK_MAX_BYTES + 1);
	assert_non_null(mem);
	memcpy(mem, HEAD, strlen(HEAD));
	assert_null(pack_load_buffer("m.yaml", mem, (size_t)PACK_MAX_BYTES + 1, &d));
	got = diags_text(&d);
	assert_string_equal(got, "m.yaml: error: the file is larger than 32 MiB; packs are "
			    "never that big\n");
	free(got);
	free(mem);
	diag_list_finish(&d);
	unlink(path);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Encoding.                                                           */

static void test_invalid_utf8(void **state)
{
	REFUSED(HEAD SC "    notes: caf\xe9 \xc3\xa9 \xc0\xaf ok\n",
		"t.yaml:9:15: error: invalid UTF-8 byte 0xE9: packs must be UTF-8 text\n"
		"t.yaml:9:19: error: invalid UTF-8 byte 0xC0: packs must be UTF-8 text\n"
		"t.yaml:9:20: error: invalid UTF-8 byte 0xAF: packs must be UTF-8 text\n");
	/* a surrogate written in UTF-8 is not UTF-8 either */
	REFUSED(HEAD SC "    notes: \xed\xa0\x80\n",
		"t.yaml:9:12: error: invalid UTF-8 byte 0xED: packs must be UTF-8 text\n"
		"t.yaml:9:13: error: invalid UTF-8 byte 0xA0: packs must be UTF-8 text\n"
		"t.yaml:9:14: error: invalid UTF-8 byte 0x80: packs must be UTF-8 text\n");
	/* other problems of the file are still found, at their places */
	REFUSED(HEAD SC "    notes: caf\xe9\n    colour: x\n",
		"t.yaml:9:15: error: invalid UTF-8 byte 0xE9: packs must be UTF-8 text\n"
		"t.yaml:10:5: error: unknown key 'colour' in scenario (the keys are: id, "
		"title, tags, situation, question, prompts, timebox, injects, options, "
		"considerations, notes)\n");
}

static void test_latin1_file_gives_up(void **state)
{
	struct buf b = {0};
	struct diag_list d = {0};

	buf_puts(&b, HEAD SC "    notes: ");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "\xe9");
	buf_puts(&b, "\n");
	assert_null(pack_load_buffer("t.yaml", b.data, b.len, &d));
	assert_int_equal(d.count, 21);
	assert_string_equal(d.items[20].message,
			    "giving up: this does not look like a UTF-8 text file");
	diag_list_finish(&d);
	buf_finish(&b);
}

static void test_control_characters(void **state)
{
	REFUSED(HEAD SC "    notes: a\x07" "b\x1b" "c\n"
		"    options: [\"x\\x07\", \"\\u0085\", \"\\u2028\"]\n",
		"t.yaml:9:13: error: control character U+0007 is not allowed in a pack\n"
		"t.yaml:9:15: error: control character U+001B is not allowed in a pack\n"
		"t.yaml:10:15: error: control character U+0007 in a quoted text is not "
		"allowed (TAB and line feed are the only control characters a text may "
		"hold)\n"
		"t.yaml:10:24: error: control character U+0085 in a quoted text is not "
		"allowed (TAB and line feed are the only control characters a text may "
		"hold)\n"
		"t.yaml:10:34: error: Unicode line or paragraph separator U+2028 in a quoted "
		"text is not allowed (TAB and line feed are the only control characters a "
		"text may hold)\n");
	REFUSED(HEAD SC "    notes: a\xef\xbf\xbf" "b\n",
		"t.yaml:9:13: error: Unicode non-character U+FFFF is not allowed in a pack\n");
	REFUSED(HEAD SC "    notes: a\xef\xbb\xbf" "b\n",
		"t.yaml:9:13: error: byte order mark U+FEFF is not allowed in a pack (only "
		"as the file's very first character)\n");
	/* TAB is fine in a text */
	pack_destroy(LOADS(HEAD SC "    notes: \"a\\tb\"\n"));
}

/* Bidi controls and zero-width characters (U+202E, U+200B, U+2066,
 * U+202D, U+200F here) can make a name read as another: refused in names
 * at the character's own position where the file shows it one for one,
 * else at the name's start; escaped in messages; kept in other texts. */
static void test_invisible_characters(void **state)
{
	REFUSED("pack: t\xe2\x80\xae\n"
		"title: Ab\xe2\x80\x8b" "c\n"
		"version: 1\n"
		"framework-name: 'x\xe2\x81\xa6y'\n"
		"principles:\n"
		"  - {id: p, name: \"\\u202Dq\", summary: S}\n"
		"scenarios:\n"
		"  - id: a\n"
		"    title: |\n"
		"      multi\xe2\x80\x8f\n"
		"    situation: S\n"
		"    question: Q?\n"
		"    ti\xe2\x80\x8btle: x\n",
		"t.yaml:1:7: error: 'pack' must be an id: 1 to 64 lower-case letters, digits "
		"and '-', not starting with '-' (not 't\\u202E')\n"
		"t.yaml:2:10: error: 'title' holds the invisible character U+200B, which can "
		"make it read as something else; titles and names may not hold bidi controls "
		"or zero-width characters\n"
		"t.yaml:4:19: error: 'framework-name' holds the invisible character U+2066, "
		"which can make it read as something else; titles and names may not hold "
		"bidi controls or zero-width characters\n"
		"t.yaml:6:19: error: 'name' holds the invisible character U+202D, which can "
		"make it read as something else; titles and names may not hold bidi controls "
		"or zero-width characters\n"
		"t.yaml:9:12: error: 'title' holds the invisible character U+200F, which can "
		"make it read as something else; titles and names may not hold bidi controls "
		"or zero-width characters\n"
		"t.yaml:13:5: error: unknown key 'ti\\u200Btle' in scenario; did you mean "
		"'title'?\n");
	/* a scenario's situation, options and notes keep them as they are */
	struct pack *p = LOADS(HEAD "  - id: a\n    title: A\n"
			       "    situation: \"\\u202Ereversed\\u202C and\\u200Bsplit\"\n"
			       "    question: Q?\n    options: [x\xe2\x81\xa6y]\n");
	assert_string_equal(p->scenarios[0].situation,
			    "\xe2\x80\xaereversed\xe2\x80\xac and\xe2\x80\x8bsplit");
	assert_string_equal(p->scenarios[0].options[0], "x\xe2\x81\xa6y");
	pack_destroy(p);
}

static void test_lone_cr(void **state)
{
	REFUSED(HEAD SC "    notes: a\rb\n",
		"t.yaml:9:13: error: carriage return (CR) not followed by a line feed; use LF "
		"or CRLF line ends\n");
}

static void test_bom_accepted(void **state)
{
	struct pack *p = LOADS("\xef\xbb\xbf" HEAD SC);

	assert_string_equal(p->id, "t");
	pack_destroy(p);
	/* positions on line 1 count from the first character after the BOM */
	REFUSED("\xef\xbb\xbfpakc: t\ntitle: T\nversion: 1\nscenarios:\n" SC,
		"t.yaml:1:1: error: unknown key 'pakc' in pack; did you mean 'pack'?\n"
		"t.yaml:1:1: error: pack is missing the required key 'pack'\n");
	REFUSED("\xef\xbb\xbftitle: T\x01\npack: t\nversion: 1\nscenarios:\n" SC,
		"t.yaml:1:9: error: control character U+0001 is not allowed in a pack\n");
}

static void test_crlf_accepted(void **state)
{
	struct pack *p = LOADS("\xef\xbb\xbfpack: t\r\ntitle: T\r\nversion: 1\r\nscenarios:\r\n"
			       "  - id: a\r\n    title: A\r\n    situation: |\r\n      one\r\n"
			       "      two\r\n    question: \"Q\\r\\n?\"\r\n"
			       "    notes: >\r\n      folded\r\n      text\r\n");

	/* line ends inside texts are plain LF */
	assert_string_equal(p->scenarios[0].situation, "one\ntwo\n");
	assert_string_equal(p->scenarios[0].question, "Q\n?");
	assert_string_equal(p->scenarios[0].notes, "folded text\n");
	pack_destroy(p);
	/* and positions are the same as with LF */
	REFUSED("pack: t\r\ntitle: T\r\nversion: 1\r\nscenarios:\r\n  - id: a\r\n"
		"    title: A\r\n    situation: S\r\n    question: Q\r\n    situaton: x\r\n",
		"t.yaml:9:5: error: unknown key 'situaton' in scenario; did you mean "
		"'situation'?\n");
}

/* ------------------------------------------------------------------ */
/* Files that are not packs.                                           */

static void test_not_a_pack(void **state)
{
	REFUSED("- a\n- b\n",
		"t.yaml:1:1: error: this is not a pack: the file holds a list; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
	REFUSED("hello world\n",
		"t.yaml:1:1: error: this is not a pack: the file holds a text; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
	REFUSED("",
		"t.yaml:1:1: error: this is not a pack: the file is empty; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
	REFUSED("# only a comment\n",
		"t.yaml:1:1: error: this is not a pack: the file is empty; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
	REFUSED("~\n",
		"t.yaml:1:1: error: this is not a pack: the document is empty; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
	/* another YAML (or JSON) mapping: one message, not one per key */
	REFUSED("{\"name\": \"x\", \"items\": [1, 2], \"more\": {\"a\": 1}}\n",
		"t.yaml:1:1: error: this is not a pack: its top-level mapping has none of the "
		"keys 'pack', 'title', 'version', 'scenarios' (see dilemma-pack(5))\n");
	REFUSED(HEAD SC "---\npack: u\n",
		"t.yaml:9:1: error: a second YAML document: a pack file holds exactly one\n");
}

static void test_not_yaml(void **state)
{
	REFUSED("\x7f" "ELF\x02\x01\x01\0\0\0",
		"t.yaml:1:8: error: this is not a pack: the file holds binary data (a NUL "
		"byte), not UTF-8 text\n");
	REFUSED("\xff\xfep\0a\0",
		"t.yaml:1:1: error: the file is UTF-16 text; packs must be UTF-8\n");
	REFUSED("p\0a\0c\0k\0",
		"t.yaml:1:2: error: this is not a pack: the file holds binary data (a NUL "
		"byte), not UTF-8 text\n");
	REFUSED("int main(void) { return 0; }\n",
		"t.yaml:1:1: error: this is not a pack: the file holds a text; a pack is a "
		"mapping with the keys 'pack', 'title', 'version' and 'scenarios' (see "
		"dilemma-pack(5))\n");
}

/* pack_load() checks the file in pieces of 128 KiB as it reads it: a
 * character or a CRLF cut by a piece's end, or a bad byte just after it,
 * give the same result as anywhere else (and as pack_load_buffer()). */
static void check_at_join(const char *what, size_t at, const char *want_notes,
			  const char *want_diags)
{
	struct buf b = {0};
	struct diag_list d = {0};
	size_t join = 128 * 1024;
	char *path = xasprintf("%s/join.yaml", tmpdir);
	FILE *f;
	struct pack *p;

	buf_puts(&b, HEAD SC "    notes: |\r\n      ");
	while (b.len < join - at)
		buf_putc(&b, 'a');
	buf_puts(&b, what);
	buf_puts(&b, "      b\r\n");
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	for (int via_buffer = 0; via_buffer < 2; via_buffer++) {
		p = via_buffer ? pack_load_buffer(path, b.data, b.len, &d) : pack_load(path, &d);
		char *got = diags_text(&d);
		char *want = want_diags ? xasprintf("%s%s", path, want_diags) : xstrdup("");
		assert_string_equal(got, want);
		if (want_notes) {
			char hash[17];
			assert_non_null(p);
			/* the same content hash however the bytes came in */
			pack_hash_hex(b.data, b.len, hash);
			assert_string_equal(p->hash, hash);
			size_t n = strlen(p->scenarios[0].notes);
			assert_string_equal(p->scenarios[0].notes + n - strlen(want_notes),
					    want_notes);
		} else {
			assert_null(p);
		}
		pack_destroy(p);
		free(got);
		free(want);
		diag_list_clear(&d);
	}
	diag_list_finish(&d);
	buf_finish(&b);
	unlink(path);
	free(path);
}

static void test_read_in_pieces(void **state)
{
	/* "é" (2 bytes) and a 4-byte emoji cut by the join; a CRLF cut by it */
	check_at_join("\xc3\xa9\r\n", 1, "a\xc3\xa9\nb\n", NULL);
	check_at_join("\xf0\x9f\x98\x80\r\n", 2, "a\xf0\x9f\x98\x80\nb\n", NULL);
	check_at_join("\r\n", 1, "a\nb\n", NULL);
	/* a lone CR as the last byte of a piece; a bad byte just after the
	 * join (line 10 starts at byte 110: the join at byte 131072 is in
	 * column 130963) */
	check_at_join("\rx\r\n", 1, NULL,
		      ":10:130962: error: carriage return (CR) not followed by a line "
		      "feed; use LF or CRLF line ends\n");
	check_at_join("\xff\r\n", 0, NULL,
		      ":10:130963: error: invalid UTF-8 byte 0xFF: packs must be UTF-8 "
		      "text\n");
}

/* A big pack: more scenarios than fit the first arena chunk and the id
 * set's first table, a list long enough to get a block of its own, and
 * the scenarios array handed over from the scratch buffer (>= 64 KiB). */
static void test_big_pack(void **state)
{
	struct buf b = {0};
	struct pack *p;

	buf_puts(&b, HEAD);
	for (int i = 0; i < 2000; i++) {
		buf_printf(&b, "  - id: s-%d\n    title: Scenario %d\n    situation: S\n"
			   "    question: Q?\n", i, i);
		if (i == 1000) {
			buf_puts(&b, "    tags:\n");
			for (int t = 0; t < 1500; t++)
				buf_printf(&b, "      - tag-%d\n", t);
		}
	}
	p = loads(b.data, b.len);
	assert_int_equal(p->nscenarios, 2000);
	assert_true(p->nscenarios * sizeof(struct pack_scenario) >= 65536);
	assert_string_equal(p->scenarios[1999].id, "s-1999");
	assert_string_equal(p->scenarios[1999].title, "Scenario 1999");
	assert_int_equal(p->scenarios[1000].ntags, 1500);
	assert_string_equal(p->scenarios[1000].tags[1499], "tag-1499");
	assert_ptr_equal(pack_scenario(p, "s-1234"), &p->scenarios[1234]);
	pack_destroy(p);
	/* and a duplicate id far apart is still found */
	buf_puts(&b, SC "  - id: s-3\n    title: T\n    situation: S\n    question: Q\n");
	struct diag_list d = {0};
	assert_null(pack_load_buffer("t.yaml", b.data, b.len, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].message,
			    "duplicate scenario id 's-3' (first used at line 17, column 9)");
	diag_list_finish(&d);
	buf_finish(&b);
}

/* Every error of a file is listed, up to a cap. */
static void test_all_errors_listed(void **state)
{
	struct buf b = {0};
	struct diag_list d = {0};

	buf_puts(&b, HEAD);
	for (int i = 0; i < 150; i++)
		buf_puts(&b, SC);
	assert_null(pack_load_buffer("t.yaml", b.data, b.len, &d));
	assert_int_equal(d.count, 101);
	assert_int_equal(d.items[0].line, 9);
	assert_int_equal(d.items[99].line, 405);
	assert_string_equal(d.items[100].message, "too many errors (100); not looking any "
			    "further");
	diag_list_finish(&d);
	buf_finish(&b);
}

/* dilemma-pack(5) documents every key of the loader's tables (as an
 * ".It Ic KEY" entry), and documents no key the loader does not take. */
static void test_man_page_documents_every_key(void **state)
{
	const char *src = getenv("SRCDIR");
	char *path, *text, *p;
	struct buf b = {0};
	char chunk[4096];
	size_t n, nkeys = 0;
	FILE *f;

	if (!src)
		skip();
	path = xasprintf("%s/man/dilemma-pack.5", src);
	f = fopen(path, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	text = buf_steal(&b);
	for (const char *mapping, *key; (key = pack_format_key(nkeys, &mapping)); nkeys++) {
		char *entry = xasprintf("\n.It Ic %s", key);
		char *at = strstr(text, entry);
		if (!at)
			print_error("dilemma-pack(5) lacks the %s key '%s'\n", mapping, key);
		assert_non_null(at);
		at += strlen(entry);
		assert_true(*at == '\n' || *at == ' ');
		free(entry);
	}
	assert_int_equal(nkeys, 10 + 11 + 2 + 2 + 3);
	for (p = strstr(text, "\n.It Ic "); p; p = strstr(p + 1, "\n.It Ic ")) {
		char word[64];
		bool known = false;
		sscanf(p + 8, "%63[a-z-]", word);
		for (size_t i = 0; i < nkeys && !known; i++)
			known = strcmp(pack_format_key(i, NULL), word) == 0;
		if (!known)
			print_error("dilemma-pack(5) documents '%s', which no mapping takes\n", word);
		assert_true(known);
	}
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_pack),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_own_principles),
		cmocka_unit_test(test_empty_optional_values),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_missing_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_timebox),
		cmocka_unit_test(test_empty_required_values),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_duplicate_scenario_ids),
		cmocka_unit_test(test_unknown_stage),
		cmocka_unit_test(test_unknown_principle),
		cmocka_unit_test(test_unknown_framework),
		cmocka_unit_test(test_anchors_and_aliases),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_latin1_file_gives_up),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_invisible_characters),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_bom_accepted),
		cmocka_unit_test(test_crlf_accepted),
		cmocka_unit_test(test_not_a_pack),
		cmocka_unit_test(test_not_yaml),
		cmocka_unit_test(test_read_in_pieces),
		cmocka_unit_test(test_big_pack),
		cmocka_unit_test(test_all_errors_listed),
		cmocka_unit_test(test_man_page_documents_every_key),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
