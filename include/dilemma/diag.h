/*
 * diag.h - diagnostics with a position, printed the way compilers print them
 * ("FILE:LINE:COLUMN: error: message") so that editors can jump to them.
 * A loader collects every problem of a file into one list instead of
 * stopping at the first.
 */
#ifndef DILEMMA_DIAG_H
#define DILEMMA_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	enum diag_severity severity;
	char *file;      /* may be NULL for messages about no file in particular */
	unsigned line;   /* 1-based; 0 when unknown */
	unsigned column; /* 1-based; 0 when unknown */
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t cap;
	size_t errors; /* how many items are DIAG_ERROR */
};

/* Append a diagnostic; @file may be NULL, @line/@column 0 when unknown. */
void diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	      unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Print every diagnostic, one a line, to @out. */
void diag_print(const struct diag_list *l, FILE *out);
/* Format one diagnostic as it would be printed, on one line, with the
 * characters a terminal must not be given neutralised (str_neutralise()).
 * Caller frees. */
char *diag_format(const struct diag *d);
void diag_list_clear(struct diag_list *l);
void diag_list_finish(struct diag_list *l);

#endif
