/*
 * csvout.c - CSV rows through libcsv's csv_write (see csvout.h).
 *
 * Every field is quoted, which RFC 4180 allows and which keeps leading and
 * trailing spaces, CR and LF inside texts exactly as they are.
 */
#include "dilemma/csvout.h"

#include <csv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void csvout_init(struct csvout *w, bool safe)
{
	memset(w, 0, sizeof(*w));
	w->safe = safe;
}

bool csvout_is_formula_like(const char *s)
{
	return s && s[0] && strchr("=+-@\t\r\n", s[0]);
}

static void put_field(struct csvout *w, const char *s, size_t n, bool neutralise)
{
	char *tmp = NULL;

	if (w->row_open)
		buf_putc(&w->buf, ',');
	if (neutralise) {
		tmp = xmalloc(n + 1);
		tmp[0] = '\'';
		memcpy(tmp + 1, s, n);
		s = tmp;
		n++;
	}
	/* csv_write needs at most 2n + 2 bytes: every quote doubled, plus the
	 * two surrounding quotes. */
	buf_reserve(&w->buf, 2 * n + 2);
	w->buf.len += csv_write(w->buf.data + w->buf.len, 2 * n + 2, s, n);
	w->buf.data[w->buf.len] = '\0';
	w->row_open = true;
	free(tmp);
}

bool csvout_is_neutralised(const char *s)
{
	if (!s || s[0] != '\'')
		return false;
	while (*s == '\'')
		s++;
	return csvout_is_formula_like(s);
}

void csvout_field(struct csvout *w, const char *s)
{
	if (!s)
		s = "";
	/* A text that already looks neutralised ('=...) gets one more quote, so
	 * that the import, which takes one off, gives back exactly what was
	 * typed. */
	put_field(w, s, strlen(s),
		  w->safe && (csvout_is_formula_like(s) || csvout_is_neutralised(s)));
}

void csvout_int(struct csvout *w, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	/* Digits by hand: exports write millions of these, and snprintf is
	 * most of their cost. A number needs no quotes doubled, so csv_write
	 * would only add the two around it. A negative number is data, not a
	 * formula: never neutralised. */
	*--p = '"';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	*--p = '"';
	if (w->row_open)
		buf_putc(&w->buf, ',');
	buf_append(&w->buf, p, (size_t)(tmp + sizeof(tmp) - p));
	w->row_open = true;
}

void csvout_encoded(struct csvout *w, const char *fields, size_t n)
{
	if (w->row_open)
		buf_putc(&w->buf, ',');
	buf_append(&w->buf, fields, n);
	w->row_open = true;
}

void csvout_end_row(struct csvout *w)
{
	buf_append(&w->buf, "\r\n", 2);
	w->row_open = false;
}

void csvout_row(struct csvout *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvout_field(w, fields[i]);
	csvout_end_row(w);
}

bool csvout_flush(struct csvout *w, FILE *out)
{
	bool ok = true;

	if (w->buf.len)
		ok = fwrite(w->buf.data, 1, w->buf.len, out) == w->buf.len;
	w->buf.len = 0;
	if (w->buf.data)
		w->buf.data[0] = '\0';
	return ok;
}

void csvout_finish(struct csvout *w)
{
	buf_finish(&w->buf);
}
