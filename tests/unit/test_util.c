/* Unit tests for util.c: buffers, distances, the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dilemma/csvout.h"
#include "dilemma/paths.h"
#include "dilemma/util.h"

static void test_buf(void **state)
{
	struct buf b = {0};

	buf_puts(&b, "abc");
	buf_printf(&b, "-%d-", 42);
	buf_putc(&b, 'z');
	assert_string_equal(b.data, "abc-42-z");
	assert_int_equal(b.len, 8);
	char *s = buf_steal(&b);
	assert_null(b.data);
	assert_string_equal(s, "abc-42-z");
	free(s);
	s = buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
	buf_reserve(&b, 100); /* reserved but empty: still the empty string */
	s = buf_steal(&b);
	assert_string_equal(s, "");
	free(s);

	/* Texts longer than the spare room are formatted whole, at any offset. */
	for (int len = 1; len < 600; len += 37) {
		struct buf c = {0};
		buf_puts(&c, "x");
		buf_printf(&c, "%*d|%s", len, 7, "end");
		assert_int_equal(c.len, 1 + (size_t)len + 4);
		assert_int_equal(c.data[(size_t)len], '7');
		assert_string_equal(c.data + c.len - 4, "|end");
		free(buf_steal(&c));
	}
}

static void test_printable(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"", ""},
		{"plain text", "plain text"},
		{"caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x99\x82", "caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x99\x82"},
		{"a\tb\r\nc", "a b  c"},
		{"\x1b[31mred\x07", "\xef\xbf\xbd[31mred\xef\xbf\xbd"},
		{"del\x7f", "del\xef\xbf\xbd"},
		{"c1 \xc2\x9b", "c1 \xef\xbf\xbd"},             /* U+009B, the 8-bit CSI */
		{"bad \xff\xc3", "bad \xef\xbf\xbd\xef\xbf\xbd"}, /* not UTF-8; cut short */
		{"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},         /* overlong '/' */
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
	};
	(void)state;
	for (size_t i = 0; i < ALEN(cases); i++) {
		char *got = str_printable(cases[i].in);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

/* U+202E, U+2066, U+200B and U+FEFF in UTF-8. */
#define RLO "\xe2\x80\xae"
#define LRI "\xe2\x81\xa6"
#define ZWSP "\xe2\x80\x8b"
#define BOM "\xef\xbb\xbf"
#define FFFD "\xef\xbf\xbd"

static void test_invisible_chars(void **state)
{
	static const uint32_t invisible[] = {
		0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B,
		0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF,
	};
	/* the neighbours of each range, and ordinary text */
	static const uint32_t visible[] = {
		'a', 0xE9, 0x061B, 0x061D, 0x200A, 0x2010, 0x2029, 0x202F, 0x205F,
		0x2061, 0x2065, 0x206A, 0xFEFE, 0xFF00, 0x1F642,
	};
	(void)state;
	for (size_t i = 0; i < ALEN(invisible); i++) {
		assert_true(char_is_invisible(invisible[i]));
		assert_int_equal(char_shown(invisible[i]), 0xFFFD);
	}
	for (size_t i = 0; i < ALEN(visible); i++) {
		assert_false(char_is_invisible(visible[i]));
		assert_int_equal(char_shown(visible[i]), visible[i]);
	}
	assert_int_equal(char_shown('\t'), '\t');
	assert_int_equal(char_shown('\n'), '\n');
	assert_int_equal(char_shown('\r'), 0xFFFD);
	assert_int_equal(char_shown(0x1B), 0xFFFD);
	assert_int_equal(char_shown(0x7F), 0xFFFD);
	assert_int_equal(char_shown(0x9B), 0xFFFD);
	assert_int_equal(char_shown(0xA0), 0xA0);
}

static void test_neutralise(void **state)
{
	static const struct {
		const char *in, *lines, *one_line;
	} cases[] = {
		{"", "", ""},
		{"plain", "plain", "plain"},
		/* a title that reads "evil.exe" backwards keeps its letters */
		{"a" RLO "exe.b", "a" FFFD "exe.b", "a" FFFD "exe.b"},
		{LRI "x" ZWSP "y" BOM, FFFD "x" FFFD "y" FFFD, FFFD "x" FFFD "y" FFFD},
		{"one\ntwo\tthree", "one\ntwo\tthree", "one two three"},
		{"crlf\r\nlone\r", "crlf\nlone" FFFD, "crlf  lone "},
		{"\x1b]52;c;aGk=\x07", FFFD "]52;c;aGk=" FFFD, FFFD "]52;c;aGk=" FFFD},
		{"c1 \xc2\x9b, cut \xe2\x80", "c1 " FFFD ", cut " FFFD FFFD,
		 "c1 " FFFD ", cut " FFFD FFFD},
		{"caf\xc3\xa9 \xf0\x9f\x99\x82", "caf\xc3\xa9 \xf0\x9f\x99\x82",
		 "caf\xc3\xa9 \xf0\x9f\x99\x82"},
	};
	(void)state;
	for (size_t i = 0; i < ALEN(cases); i++) {
		char *lines = str_neutralise(cases[i].in, strlen(cases[i].in), false);
		char *one = str_neutralise(cases[i].in, strlen(cases[i].in), true);
		assert_string_equal(lines, cases[i].lines);
		assert_string_equal(one, cases[i].one_line);
		free(lines);
		free(one);
	}
	/* @n bytes, not the string: a NUL inside is a control character */
	char *nul = str_neutralise("a\0b", 3, true);
	assert_string_equal(nul, "a" FFFD "b");
	free(nul);
	/* str_printable() is the one-line form */
	char *p = str_printable("t" RLO "x\n");
	assert_string_equal(p, "t" FFFD "x ");
	free(p);
}

/* A quoted value: neutralised, then cut at a character's start. */
static void test_excerpt(void **state)
{
	static const struct {
		const char *in;
		size_t max;
		const char *out;
	} cases[] = {
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven cha..."},
		{"\x1b[2J", 10, "\xEF\xBF\xBD[2J"},
		{"ab\xC3\xA9", 3, "ab..."},             /* not inside the é */
		{"\xE8\xAD\xA6\xE5\xAF\x9F", 4, "\xE8\xAD\xA6..."}, /* 警察 */
		{"", 0, ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = str_excerpt(cases[i].in, cases[i].max);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static void test_distance(void **state)
{
	assert_int_equal(str_distance("situation", "situaton", 3), 1);
	assert_int_equal(str_distance("title", "title", 3), 0);
	assert_int_equal(str_distance("a", "abcdefgh", 3), 4);
	assert_int_equal(str_distance("kitten", "sitting", 5), 3);
}

/* The cohort names nearest a typo, nearest first, case not counting. */
static void test_nearest(void **state)
{
	static const char *const names[] = {"Intake 3", "intake 3", "Intake 4", "Intake 31",
					    "Probationers", "I3"};
	const char *out[3];

	assert_int_equal(str_nearest("Intake3", names, ALEN(names), out, 3), 3);
	assert_string_equal(out[0], "Intake 3");  /* one edit, first in order */
	assert_string_equal(out[1], "intake 3");
	assert_string_equal(out[2], "Intake 4");  /* two edits, as Intake 31 is: in order */
	assert_int_equal(str_nearest("INTAKE 4", names, ALEN(names), out, 1), 1);
	assert_string_equal(out[0], "Intake 4");
	assert_int_equal(str_nearest("Detectives", names, ALEN(names), out, 3), 0);
	assert_int_equal(str_nearest("x", names, 0, out, 3), 0);
}

static void test_blank(void **state)
{
	assert_true(str_blank(NULL));
	assert_true(str_blank(" \n\t"));
	assert_false(str_blank(" x "));
}

static void test_clock(void **state)
{
	char t[32];

	setenv("DILEMMA_NOW", "2026-01-02T03:04:05Z", 1);
	time_now_iso(t);
	assert_string_equal(t, "2026-01-02T03:04:05Z");
	unsetenv("DILEMMA_NOW");
	time_now_iso(t);
	assert_int_equal(strlen(t), 20);
	assert_int_equal(t[19], 'Z');
}

/* What the filters' since and until take: a date or a UTC time, whole. */
static void test_valid_when(void **state)
{
	assert_true(time_valid_when("2026-01-31"));
	assert_true(time_valid_when("2026-01-31T14:05:00Z"));
	assert_false(time_valid_when(""));
	assert_false(time_valid_when("2026-1-31"));
	assert_false(time_valid_when("2026-13-01"));
	assert_false(time_valid_when("31/01/2026"));
	assert_false(time_valid_when("2026-01-31T14:05:00"));
	assert_false(time_valid_when("2026-01-31 14:05:00Z"));
}

/* Case and accents do not count in a search, under any locale; what
 * cannot be folded is kept. */
static void test_fold(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"", ""},
		{"Police Use of SOCIAL media", "police use of social media"},
		{"Chlo\xc3\xa9 Zo\xc3\xab", "chloe zoe"},                  /* precomposed */
		{"Chloe\xcc\x81", "chloe"},                                 /* e + U+0301 */
		{"\xc3\x89LODIE \xc3\x86THELRED Stra\xc3\x9f""e", "elodie aethelred strasse"},
		{"N\xc3\xad Bhriain, \xc5\x81\xc3\xb3""d\xc5\xba, \xc3\x98sterbro", "ni bhriain, lodz, osterbro"},
		{"\xe1\xba\x80\xe1\xbb\xb3", "wy"},                      /* Welsh: W with grave, y with grave */
		{"\xce\x86\xce\xb8\xce\x97\xce\x9d\xce\x91", "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1"}, /* Greek */
		{"\xd0\x81\xd0\xba\xd0\x9e", "\xd0\xb5\xd0\xba\xd0\xbe"}, /* Cyrillic */
		{"\xe8\xad\xa6\xe5\xaf\x9f \xf0\x9f\x9a\x93 \xc3\x97", "\xe8\xad\xa6\xe5\xaf\x9f \xf0\x9f\x9a\x93 \xc3\x97"}, /* kept */
		{"bad \xff\xc3", "bad \xff\xc3"},
	};

	for (size_t i = 0; i < ALEN(cases); i++) {
		char *f = str_fold(cases[i].in);
		assert_string_equal(f, cases[i].out);
		free(f);
	}
	/* the same answer whatever the locale says */
	char *f = str_fold("\xc3\x89T\xc3\x89");
	assert_string_equal(f, "ete");
	free(f);
}

static void test_fold_match(void **state)
{
	char *text = str_fold("What should Mum send?\nmissing-teenager-whatsapp\nWhatsApp, "
			      "Caf\xc3\xa9");

	assert_true(str_fold_match(text, ""));
	assert_true(str_fold_match(text, "   "));
	assert_true(str_fold_match(text, "mum"));
	assert_true(str_fold_match(text, "mum whats"));
	assert_true(str_fold_match(text, "  whats   mum "));
	assert_true(str_fold_match(text, "teenager-what"));
	assert_true(str_fold_match(text, "cafe"));
	assert_false(str_fold_match(text, "mum dad"));
	assert_false(str_fold_match(text, "MUM")); /* the query comes folded */
	char *q = str_fold("MUM CAF\xc3\x89");
	assert_true(str_fold_match(text, q));
	free(q);
	/* a word never crosses two fields */
	assert_false(str_fold_match(text, "send?m"));
	free(text);
}

/* Local times with their zone, as TZ says; anything else comes back as
 * it was. */
static void test_time_local(void **state)
{
	char out[TIME_LOCAL_LEN];
	int64_t t;

	assert_true(time_parse_iso("1970-01-01T00:01:00Z", &t));
	assert_int_equal(t, 60);
	assert_false(time_parse_iso("2026-13-01T00:00:00Z", &t));
	assert_false(time_parse_iso("2026-11-30 14:05", &t));
	assert_false(time_parse_iso("2026-11-30T14:05:00Zx", &t));
	assert_false(time_parse_iso("", &t));

	/* a POSIX rule, so no time zone database is needed */
	setenv("TZ", "GMT0BST,M3.5.0/1,M10.5.0", 1);
	assert_true(time_local("2026-11-30T14:05:59Z", out));
	assert_string_equal(out, "2026-11-30 14:05 GMT");
	assert_true(time_local("2026-07-01T09:30:00Z", out));
	assert_string_equal(out, "2026-07-01 10:30 BST");
	/* a change of TZ is read at the next call */
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	assert_true(time_local("2026-01-01T03:00:00Z", out));
	assert_string_equal(out, "2025-12-31 22:00 EST");
	setenv("TZ", "UTC0", 1);
	assert_true(time_local("2026-01-01T03:00:00Z", out));
	assert_string_equal(out, "2026-01-01 03:00 UTC");

	assert_false(time_local("yesterday", out));
	assert_string_equal(out, "yesterday");
	assert_false(time_local("", out));
	assert_string_equal(out, "");
	unsetenv("TZ");
}

/* Where a file went, said whole (paths.c). */
static void test_paths_absolute(void **state)
{
	char cwd[4096];
	char *p, *want;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	p = paths_absolute("/tmp/x.md");
	assert_string_equal(p, "/tmp/x.md");
	free(p);
	want = xasprintf("%s/report.md", cwd);
	p = paths_absolute("report.md");
	assert_string_equal(p, want);
	free(p);
	p = paths_absolute(".//./report.md");
	assert_string_equal(p, want);
	free(p);
	free(want);
	want = xasprintf("%s/../up/r.md", cwd);
	p = paths_absolute("../up/r.md");
	assert_string_equal(p, want);
	free(p);
	free(want);
	assert_int_equal(chdir("/"), 0);
	p = paths_absolute("r.md");
	assert_string_equal(p, "/r.md");
	free(p);
	assert_int_equal(chdir(cwd), 0);
}

static void test_csvout(void **state)
{
	struct csvout w;
	static const char *const row[] = {"a,b", "say \"hi\"", " x ", "line1\nline2"};

	csvout_init(&w, true);
	csvout_row(&w, row, 4);
	csvout_field(&w, "=SUM(A1)");
	csvout_field(&w, "-1");
	csvout_int(&w, -1);
	csvout_field(&w, NULL);
	csvout_end_row(&w);
	assert_string_equal(w.buf.data,
		"\"a,b\",\"say \"\"hi\"\"\",\" x \",\"line1\nline2\"\r\n"
		"\"'=SUM(A1)\",\"'-1\",\"-1\",\"\"\r\n");
	csvout_finish(&w);
	csvout_init(&w, false);
	csvout_field(&w, "=raw");
	csvout_end_row(&w);
	assert_string_equal(w.buf.data, "\"=raw\"\r\n");
	csvout_finish(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_invisible_chars),
		cmocka_unit_test(test_neutralise),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_valid_when),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_match),
		cmocka_unit_test(test_time_local),
		cmocka_unit_test(test_paths_absolute),
		cmocka_unit_test(test_csvout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
