/*
 * diag.c - collecting and printing positioned diagnostics (see diag.h).
 */
#include "dilemma/diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "dilemma/util.h"

static const char *const severity_names[] = {
	[DIAG_ERROR] = "error",
	[DIAG_WARNING] = "warning",
	[DIAG_NOTE] = "note",
};

void diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	      unsigned line, unsigned column, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	l->items[l->count++] = (struct diag){
		.severity = sev,
		.file = file ? xstrdup(file) : NULL,
		.line = line,
		.column = column,
		.message = buf_steal(&b),
	};
	if (sev == DIAG_ERROR)
		l->errors++;
}

char *diag_format(const struct diag *d)
{
	struct buf b = {0};

	if (d->file) {
		buf_puts(&b, d->file);
		if (d->line) {
			buf_printf(&b, ":%u", d->line);
			if (d->column)
				buf_printf(&b, ":%u", d->column);
		}
		buf_puts(&b, ": ");
	} else {
		buf_puts(&b, "dilemma: ");
	}
	buf_printf(&b, "%s: %s", severity_names[d->severity], d->message);
	/* File names and messages quote what they were given: never hand a
	 * terminal its control, bidi or zero-width characters. */
	char *shown = str_neutralise(b.data, b.len, true);
	buf_finish(&b);
	return shown;
}

void diag_print(const struct diag_list *l, FILE *out)
{
	for (size_t i = 0; i < l->count; i++) {
		char *s = diag_format(&l->items[i]);
		fprintf(out, "%s\n", s);
		free(s);
	}
}

void diag_list_clear(struct diag_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].file);
		free(l->items[i].message);
	}
	l->count = 0;
	l->errors = 0;
}

void diag_list_finish(struct diag_list *l)
{
	diag_list_clear(l);
	free(l->items);
	l->items = NULL;
	l->cap = 0;
}
