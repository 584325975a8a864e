/*
 * export.h - sessions out to CSV (RFC 4180, CRLF, header row, UTF-8, written
 * with libcsv through csvout.h), plus the atomic output file that exports
 * and reports are written through (export_out.c). Reading a CSV back in is
 * import.h.
 *
 * The column lists are tables in export.c and are the documentation's
 * reference (dilemma(1), EXPORT TABLES).
 */
#ifndef DILEMMA_EXPORT_H
#define DILEMMA_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dilemma/store.h"
#include "dilemma/util.h"

#define EXPORT_TABLES(X) \
	X(EXPORT_RESPONSES, "responses") \
	X(EXPORT_SESSIONS, "sessions") \
	X(EXPORT_VOTES, "votes") \
	X(EXPORT_HISTORY, "history")

#define X_ENUM(e, id) e,
enum export_table { EXPORT_TABLES(X_ENUM) EXPORT_TABLE_COUNT };
#undef X_ENUM

/* The id of @t, and the table named @id (false when none is). */
const char *export_table_id(enum export_table t);
bool export_table_from_id(const char *id, enum export_table *out);
/* The header of table @t: *@n column names. */
const char *const *export_columns(enum export_table t, size_t *n);

struct export_options {
	enum export_table table;
	struct store_filter filter;
	bool raw;        /* write texts exactly (no formula neutralising) */
	bool bom;        /* start with a UTF-8 byte order mark */
	bool anonymise;  /* participant names become P1, P2, ... */
};

/* Write table @opt->table of the sessions passing the filter to @out as
 * CSV, streaming. On a write error fills @err (STORE_FULL for ENOSPC). */
bool export_csv(struct store *st, const struct export_options *opt, FILE *out,
		struct store_error *err);

/* Append to @out the CREATE TABLE statements of the export tables for the
 * database @dialect ("postgresql" is the one known): every table, or only
 * @table (an enum export_table) when it is 0 or more. False for a dialect
 * not known. The exports, made with --raw, load into these tables
 * unchanged with COPY ... (FORMAT csv, HEADER true). */
bool export_schema(struct buf *out, const char *dialect, int table);
/* The PostgreSQL type of export column @column, or NULL when it has none. */
const char *export_pg_type(const char *column);

/* Fill @err for a failed write of @what (STORE_FULL for a full disk). */
void export_write_error(struct store_error *err, int errnum, const char *what);

/* An output file (src/core/export_out.c). A regular file (or a new one) is
 * written as a temporary file (0600) in the same folder, unnamed where the
 * file system allows (O_TMPFILE), and renamed into place on commit;
 * nothing is left behind when the process is stopped by a signal, and
 * what kill -9 left of a named temporary is removed by the next open of
 * the same file. Standard output ("-" or NULL) and devices are written
 * directly; standard output neutralised (str_neutralise()) when it is a
 * terminal. */
struct export_out {
	FILE *fp;
	char *path;
	char *tmp;    /* the named temporary file, or NULL */
	int unnamed;  /* the O_TMPFILE descriptor, or -1 */
	bool armed;   /* tmp is what a signal removes */
	bool tty;     /* fp neutralises into stdout */
};

/* Open @path for writing; false with @err filled when it cannot be. */
bool export_out_open(struct export_out *o, const char *path, struct store_error *err);
/* Flush, sync, close and rename into place; false (and nothing replaced)
 * on any error, such as a full disk. */
bool export_out_commit(struct export_out *o, struct store_error *err);
/* Give up: close and remove the temporary file. */
void export_out_abort(struct export_out *o);

#endif
