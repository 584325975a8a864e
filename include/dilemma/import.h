/*
 * import.h - a `responses` (or `history`) CSV, as export.h writes it, read
 * back into the store: all of it or none of it (src/core/import.c).
 */
#ifndef DILEMMA_IMPORT_H
#define DILEMMA_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dilemma/store.h"

/* Counts of what an import did. */
struct import_result {
	struct store_import_stats stats;
	size_t rows;     /* data rows read */
};

/* Read a responses (or history) CSV from @in (@name for messages) into
 * @st: all of it or, on any error, none of it. @raw: the file was written
 * with --raw, so a leading ' is text, not formula neutralising. Errors
 * carry "NAME:LINE: ..." in err->message. */
bool import_csv(struct store *st, FILE *in, const char *name, bool raw,
		struct import_result *res, struct store_error *err);

#endif
