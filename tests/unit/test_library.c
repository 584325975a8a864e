/*
 * The bundled scenario library is complete enough to train with.
 *
 * Loads every *.yaml in the library directory with the real loader
 * (pack_load) and checks the completeness rules of issue 3 for every
 * scenario, so that later edits keep the library complete:
 *
 *   - every pack loads without errors, names its sources with a date
 *     (`source` holds a year) and explains itself in `description`;
 *   - every scenario has a situation of at least a paragraph
 *     (SITUATION_MIN characters), a question, at least one inject, at least
 *     three options, at least two considerations each naming at least one
 *     principle of the pack's framework and giving reasoning
 *     (CONSIDERATION_MIN characters), and facilitator notes that hold
 *     questions to open the debate, what groups tend to miss and variations;
 *   - the library holds at least LIBRARY_MIN scenarios, the four required
 *     packs (social-media titled "Police use of social media"), and no pack
 *     or scenario id twice.
 *
 * The directory is argv[1] if given, else $LIBRARY_DIR, else
 * $SRCDIR/scenarios (meson's test_env sets SRCDIR). Every problem found is
 * printed as FILE:LINE: scenario 'ID': what is missing, and the test fails.
 * A self-test feeds the checker a deliberately thin pack and expects every
 * rule to fire, so the checker itself cannot silently pass everything.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "dilemma/diag.h"
#include "dilemma/framework.h"
#include "dilemma/pack.h"

/* Lengths count characters other than white space (text_chars), so that
 * padding cannot meet them. A full paragraph: who, where, what is known,
 * what pulls which way. The shortest bundled situation has 740 such
 * characters; 400 (some 480 with spaces, four or five sentences) is a floor
 * no one-line or two-sentence situation can reach. */
#define SITUATION_MIN 400
/* A consideration must carry the reasoning for the debrief, not a label. */
#define CONSIDERATION_MIN 100
/* An inject must bring new facts: more than a phrase. */
#define INJECT_MIN 60
#define QUESTION_MIN 20
#define NOTES_MIN 200
#define DESCRIPTION_MIN 200
#define OPTIONS_MIN 3
#define CONSIDERATIONS_MIN 2
#define LIBRARY_MIN 20

static const char *const required_packs[] = {
	"social-media", "personal-social-media", "messaging-groups", "organisational-ethics",
};
#define SOCIAL_MEDIA_TITLE "Police use of social media"

/* What the facilitator notes must cover, each found by one of its words. */
static const char *const notes_parts[][2] = {
	{"question", "questions to open the debate"},
	{"miss", "what groups tend to miss"},
	{"variation", "variations to try"},
};

static char library_dir[4096];
/* Where problems are written: stderr, or a memory stream in the self-test. */
static FILE *report;

struct library {
	struct pack **packs;
	size_t count;
	size_t load_failures; /* files that did not load */
};

/* Characters in @s other than white space: what a reader actually gets. */
static size_t text_chars(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80 && !strchr(" \t\r\n", *s))
			n++;
	return n;
}

static bool has_word(const char *s, const char *word)
{
	return s && strcasestr(s, word) != NULL;
}

static bool has_year(const char *s)
{
	for (; s && *s; s++)
		if ((s[0] == '1' || s[0] == '2') && (s[1] == '9' || s[1] == '0') &&
		    s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9')
			return true;
	return false;
}

static void problem(size_t *n, const struct pack *p, unsigned line, const char *scenario,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void problem(size_t *n, const struct pack *p, unsigned line, const char *scenario,
		    const char *fmt, ...)
{
	va_list ap;

	fprintf(report, "%s:%u: ", p->path, line);
	if (scenario)
		fprintf(report, "scenario '%s': ", scenario);
	else
		fprintf(report, "pack '%s': ", p->id);
	va_start(ap, fmt);
	vfprintf(report, fmt, ap);
	va_end(ap);
	fputc('\n', report);
	(*n)++;
}

/* Check one scenario; returns how many rules it breaks, printing each. */
static size_t check_scenario(const struct pack *p, const struct pack_scenario *sc)
{
	size_t n = 0;
	const char *id = sc->id;

	if (text_chars(sc->situation) < SITUATION_MIN)
		problem(&n, p, sc->line, id, "situation has %zu characters besides spaces, fewer than a paragraph (%d)",
			text_chars(sc->situation), SITUATION_MIN);
	if (text_chars(sc->question) < QUESTION_MIN || !strchr(sc->question, '?'))
		problem(&n, p, sc->line, id, "question is missing, too short, or not a question");
	if (sc->ninjects < 1)
		problem(&n, p, sc->line, id, "no injects (at least one is needed)");
	for (size_t i = 0; i < sc->ninjects; i++)
		if (text_chars(sc->injects[i].text) < INJECT_MIN)
			problem(&n, p, sc->injects[i].line, id, "inject %zu brings too little (%zu characters, %d needed)",
				i + 1, text_chars(sc->injects[i].text), INJECT_MIN);
	if (sc->noptions < OPTIONS_MIN)
		problem(&n, p, sc->line, id, "%zu options, at least %d needed", sc->noptions, OPTIONS_MIN);
	for (size_t i = 0; i < sc->noptions; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(sc->options[i], sc->options[j]) == 0)
				problem(&n, p, sc->line, id, "option %zu repeats option %zu", i + 1, j + 1);
	if (sc->nconsiderations < CONSIDERATIONS_MIN)
		problem(&n, p, sc->line, id, "%zu considerations, at least %d needed",
			sc->nconsiderations, CONSIDERATIONS_MIN);
	for (size_t i = 0; i < sc->nconsiderations; i++) {
		const struct pack_consideration *c = &sc->considerations[i];

		if (c->nprinciples < 1)
			problem(&n, p, sc->line, id, "consideration %zu names no principle", i + 1);
		for (size_t k = 0; k < c->nprinciples; k++)
			if (!framework_principle(&p->framework, c->principles[k]))
				problem(&n, p, sc->line, id,
					"consideration %zu names '%s', not a principle of framework '%s'",
					i + 1, c->principles[k], p->framework.id);
		if (text_chars(c->text) < CONSIDERATION_MIN)
			problem(&n, p, sc->line, id,
				"consideration %zu gives too little reasoning (%zu characters, %d needed)",
				i + 1, text_chars(c->text), CONSIDERATION_MIN);
	}
	if (text_chars(sc->notes) < NOTES_MIN)
		problem(&n, p, sc->line, id, "facilitator notes missing or too short (%zu characters, %d needed)",
			text_chars(sc->notes), NOTES_MIN);
	for (size_t i = 0; i < sizeof notes_parts / sizeof notes_parts[0]; i++)
		if (!has_word(sc->notes, notes_parts[i][0]))
			problem(&n, p, sc->line, id, "facilitator notes lack %s", notes_parts[i][1]);
	return n;
}

/* Check the pack's own fields and each of its scenarios. */
static size_t check_pack(const struct pack *p)
{
	size_t n = 0;

	if (!p->source || !has_year(p->source))
		problem(&n, p, 1, NULL, "source missing or names no date (a year)");
	if (text_chars(p->description) < DESCRIPTION_MIN)
		problem(&n, p, 1, NULL, "description missing or too short to say what the pack holds "
			"and why its framework was chosen");
	else if (!has_word(p->description, "principle") && !has_word(p->description, "standard") &&
		 !has_word(p->description, "code"))
		problem(&n, p, 1, NULL, "description does not say which framework it uses and why");
	if (p->nscenarios < 1)
		problem(&n, p, 1, NULL, "no scenarios");
	for (size_t i = 0; i < p->nscenarios; i++)
		n += check_scenario(p, &p->scenarios[i]);
	return n;
}

/* Rules about the library as a whole. */
static size_t check_library(const struct library *lib)
{
	size_t n = 0, total = 0;

	for (size_t i = 0; i < lib->count; i++) {
		const struct pack *p = lib->packs[i];

		total += p->nscenarios;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->id, lib->packs[j]->id) == 0)
				problem(&n, p, 1, NULL, "pack id also used by %s", lib->packs[j]->path);
		for (size_t s = 0; s < p->nscenarios; s++)
			for (size_t j = 0; j <= i; j++) {
				const struct pack *q = lib->packs[j];
				size_t end = j == i ? s : q->nscenarios;

				for (size_t t = 0; t < end; t++)
					if (strcmp(p->scenarios[s].id, q->scenarios[t].id) == 0)
						problem(&n, p, p->scenarios[s].line, p->scenarios[s].id,
							"id also used at %s:%u", q->path, q->scenarios[t].line);
			}
	}
	if (total < LIBRARY_MIN) {
		fprintf(report, "%s: the library holds %zu scenarios, at least %d needed\n", library_dir,
			total, LIBRARY_MIN);
		n++;
	}
	for (size_t r = 0; r < sizeof required_packs / sizeof required_packs[0]; r++) {
		const struct pack *found = NULL;

		for (size_t i = 0; i < lib->count && !found; i++)
			if (strcmp(lib->packs[i]->id, required_packs[r]) == 0)
				found = lib->packs[i];
		if (!found) {
			fprintf(report, "%s: required pack '%s' is missing\n", library_dir, required_packs[r]);
			n++;
		} else if (strcmp(required_packs[r], "social-media") == 0 &&
			   strcmp(found->title, SOCIAL_MEDIA_TITLE) != 0) {
			problem(&n, found, 1, NULL, "title is '%s', not '%s'", found->title, SOCIAL_MEDIA_TITLE);
		}
	}
	return n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every *.yaml in library_dir, in name order. */
static int setup(void **state)
{
	struct library *lib = calloc(1, sizeof *lib);
	DIR *d = opendir(library_dir);
	struct dirent *e;
	char **names = NULL;
	size_t nnames = 0;

	report = stderr;
	if (!lib || !d) {
		fprintf(stderr, "%s: cannot open the library directory\n", library_dir);
		free(lib);
		if (d)
			closedir(d);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
			names = realloc(names, (nnames + 1) * sizeof *names);
			names[nnames++] = strdup(e->d_name);
		}
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, by_name);
	lib->packs = calloc(nnames ? nnames : 1, sizeof *lib->packs);
	for (size_t i = 0; i < nnames; i++) {
		char path[8192];
		struct diag_list diags = {0};
		struct pack *p;

		snprintf(path, sizeof path, "%s/%s", library_dir, names[i]);
		p = pack_load(path, &diags);
		diag_print(&diags, stderr);
		if (p)
			lib->packs[lib->count++] = p;
		else
			lib->load_failures++;
		diag_list_finish(&diags);
		free(names[i]);
	}
	free(names);
	*state = lib;
	return 0;
}

static int teardown(void **state)
{
	struct library *lib = *state;

	for (size_t i = 0; i < lib->count; i++)
		pack_destroy(lib->packs[i]);
	free(lib->packs);
	free(lib);
	return 0;
}

static void test_every_pack_loads(void **state)
{
	const struct library *lib = *state;

	assert_int_equal(lib->load_failures, 0);
	assert_true(lib->count >= 1);
}

static void test_every_scenario_complete(void **state)
{
	const struct library *lib = *state;
	size_t problems = 0;

	for (size_t i = 0; i < lib->count; i++)
		problems += check_pack(lib->packs[i]);
	assert_int_equal(problems, 0);
}

static void test_library_as_a_whole(void **state)
{
	assert_int_equal(check_library(*state), 0);
}

/* The checker must catch a thin scenario: one rule broken per field. */
static const char thin_pack[] =
	"pack: thin\n"
	"title: Thin\n"
	"version: 1\n"
	"scenarios:\n"
	"  - id: thin-one\n"
	"    title: Too thin\n"
	"    situation: An officer sees something.\n"
	"    question: Act\n"
	"    options: [Do it, Do not]\n"
	"    considerations:\n"
	"      - principles: [honesty]\n"
	"        text: Be honest.\n"
	"  - id: thin-one-b\n"
	"    title: Thin again\n"
	"    situation: Short.\n"
	"    question: What should the officer do now?\n"
	"    injects:\n"
	"      - stage: options\n"
	"        text: More.\n"
	"    options: [A, B, A]\n"
	"    considerations:\n"
	"      - principles: [fairness]\n"
	"        text: x\n"
	"      - principles: [respect]\n"
	"        text: y\n"
	"    notes: Some notes without the parts.\n";

static void test_checker_catches_thin_packs(void **state)
{
	struct diag_list diags = {0};
	struct pack *p = pack_load_buffer("thin.yaml", thin_pack, sizeof thin_pack - 1, &diags);
	struct library lib = {&p, 1, 0};
	struct library two = {(struct pack *[]){p, p}, 2, 0};
	char *text = NULL;
	size_t len = 0, n;

	diag_print(&diags, stderr);
	assert_non_null(p);
	report = open_memstream(&text, &len);
	assert_non_null(report);
	/* situation, question, injects, options, considerations (count and
	 * reasoning), notes (length and three parts) */
	n = check_scenario(p, &p->scenarios[0]);
	assert_int_equal(n, 1 + 1 + 1 + 1 + 1 + 1 + 1 + 3);
	/* situation, inject text, a repeated option, two thin considerations,
	 * notes (length and three parts) */
	n = check_scenario(p, &p->scenarios[1]);
	assert_int_equal(n, 1 + 1 + 1 + 2 + 1 + 3);
	/* the pack adds: no source, no description */
	assert_int_equal(check_pack(p), 10 + 9 + 2);
	/* too few scenarios, four required packs missing */
	assert_int_equal(check_library(&lib), 1 + 4);
	/* the same pack twice: its id, and each of its two scenario ids */
	assert_int_equal(check_library(&two), 1 + 2 + 1 + 4);
	fclose(report);
	report = stderr;
	/* the messages say where and what */
	assert_non_null(strstr(text, "thin.yaml:5: scenario 'thin-one': situation has 23 characters"));
	assert_non_null(strstr(text, "thin.yaml:18: scenario 'thin-one-b': inject 1 brings too little"));
	assert_non_null(strstr(text, "thin.yaml:1: pack 'thin': source missing"));
	assert_non_null(strstr(text, "required pack 'social-media' is missing"));
	assert_non_null(strstr(text, "scenario 'thin-one-b': id also used at thin.yaml:13"));
	free(text);
	pack_destroy(p);
	diag_list_finish(&diags);
}

/* A consideration naming a principle outside the framework is caught even
 * if the loader were to let it through: check against a copy whose
 * framework lacks the principle. */
static void test_checker_catches_foreign_principle(void **state)
{
	static const char text_pack[] =
		"pack: foreign\n"
		"title: Foreign\n"
		"version: 1\n"
		"framework: spb\n"
		"scenarios:\n"
		"  - id: one\n"
		"    title: One\n"
		"    situation: Short.\n"
		"    question: What should be done?\n"
		"    considerations:\n"
		"      - principles: [confidentiality]\n"
		"        text: Short.\n";
	struct diag_list diags = {0};
	struct pack *p = pack_load_buffer("foreign.yaml", text_pack, sizeof text_pack - 1, &diags);
	struct pack copy;
	char *text = NULL;
	size_t len = 0;

	assert_non_null(p);
	copy = *p;
	copy.framework = *framework_builtin("coe-2014");
	report = open_memstream(&text, &len);
	assert_non_null(report);
	assert_true(check_scenario(&copy, &copy.scenarios[0]) > 0);
	fclose(report);
	report = stderr;
	assert_non_null(strstr(text, "names 'confidentiality', not a principle of framework 'coe-2014'"));
	free(text);
	pack_destroy(p);
	diag_list_finish(&diags);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest library_tests[] = {
		cmocka_unit_test(test_every_pack_loads),
		cmocka_unit_test(test_every_scenario_complete),
		cmocka_unit_test(test_library_as_a_whole),
	};
	const struct CMUnitTest checker_tests[] = {
		cmocka_unit_test(test_checker_catches_thin_packs),
		cmocka_unit_test(test_checker_catches_foreign_principle),
	};
	const char *dir = argc > 1 ? argv[1] : getenv("LIBRARY_DIR");
	const char *src = getenv("SRCDIR");
	int failed;

	report = stderr;
	if (dir)
		snprintf(library_dir, sizeof library_dir, "%s", dir);
	else if (src)
		snprintf(library_dir, sizeof library_dir, "%s/scenarios", src);
	else {
		fprintf(stderr, "test_library: give the library directory, or set LIBRARY_DIR or SRCDIR\n");
		return 1;
	}
	failed = cmocka_run_group_tests_name("checker", checker_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("library", library_tests, setup, teardown);
	return failed ? 1 : 0;
}
