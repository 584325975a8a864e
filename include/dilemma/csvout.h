/*
 * csvout.h - writing CSV rows (RFC 4180: quoted fields, CRLF, UTF-8) with
 * libcsv, into a struct buf that the caller flushes where it likes. Used by
 * `list --csv`, `sessions --csv` and every export table.
 */
#ifndef DILEMMA_CSVOUT_H
#define DILEMMA_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dilemma/util.h"

struct csvout {
	struct buf buf;
	bool safe;      /* neutralise formula-like cells with a leading ' */
	bool row_open;  /* a field was written since the last end of row */
};

/* Start a writer; @safe turns spreadsheet-formula neutralising on. */
void csvout_init(struct csvout *w, bool safe);
/* Write one text field; NULL is written as an empty field. */
void csvout_field(struct csvout *w, const char *s);
/* Write one integer field. */
void csvout_int(struct csvout *w, int64_t v);
/* Append @n bytes of fields this writer encoded before (separated by
 * commas, as in a row), as if they were written again one by one: for a
 * run of fields that repeats on many rows. */
void csvout_encoded(struct csvout *w, const char *fields, size_t n);
/* End the current row with CRLF. */
void csvout_end_row(struct csvout *w);
/* Write each of @n texts as one row (a header, for instance). */
void csvout_row(struct csvout *w, const char *const *fields, size_t n);
/* Write what is buffered to @out and empty the buffer; false on error. */
bool csvout_flush(struct csvout *w, FILE *out);
void csvout_finish(struct csvout *w);
/* True when a spreadsheet would run @s (it starts with = + - @ TAB CR LF). */
bool csvout_is_formula_like(const char *s);
/* True when @s is one or more ' followed by a formula-like text: what the
 * writer makes of a formula-like cell (the import takes one ' off such a
 * text; the writer adds one to a text typed that way, so both agree). */
bool csvout_is_neutralised(const char *s);

#endif
