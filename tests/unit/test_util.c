/* Unit tests for util.c: buffers, distances, the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/csvout.h"
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

static void test_distance(void **state)
{
	assert_int_equal(str_distance("situation", "situaton", 3), 1);
	assert_int_equal(str_distance("title", "title", 3), 0);
	assert_int_equal(str_distance("a", "abcdefgh", 3), 4);
	assert_int_equal(str_distance("kitten", "sitting", 5), 3);
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
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_csvout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
