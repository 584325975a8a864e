/*
 * stats_report.h - the trainer's numbers (stats.h) written out for people
 * and spreadsheets: readable tables with bar charts that fit a width,
 * a Markdown cohort report with the filters it was made with, and one
 * tidy CSV table per breakdown (src/core/stats_report.c). No curses.
 */
#ifndef DILEMMA_STATS_REPORT_H
#define DILEMMA_STATS_REPORT_H

#include <stddef.h>

#include "dilemma/csvout.h"
#include "dilemma/stats.h"
#include "dilemma/util.h"

/* Append the report of @s, selected and broken down as @q says, to @out:
 * plain text no wider than @width columns (tables, bar charts drawn with
 * chart.h), or with @markdown a Markdown document a trainer can send
 * round (a title, the filters, the same tables and charts). */
void stats_write_text(struct buf *out, const struct stats *s, const struct stats_query *q,
		      size_t width, bool markdown);

/* Write the CSV table of breakdown @by (STATS_BY_NONE: principle) to @w:
 * its header, then its rows (dilemma(1), STATS TABLES, lists the
 * columns). */
void stats_write_csv(struct csvout *w, const struct stats *s, enum stats_by by);
/* The header of the CSV table of @by: *@n column names. */
const char *const *stats_csv_columns(enum stats_by by, size_t *n);

#endif
