/*
 * dashboard.h - the trainer dashboard's charts (dash_charts.c), shared with
 * the screen (dashboard.c): the document of charts laid out for a width,
 * the rows in it that can be selected ("items", each with its cells), and
 * what a cell is: the stats_cell whose sessions it lists and the words
 * that say what it counts. Every figure comes from stats.h, every chart
 * from chart.h.
 */
#ifndef DILEMMA_TUI_DASHBOARD_H
#define DILEMMA_TUI_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/chart.h"
#include "dilemma/stats.h"
#include "doc.h"

/* A row of the charts that can be selected. */
enum dash_item_kind {
	DI_HEAT,    /* a principle's row of the coverage map: a cell per stage, and any */
	DI_STANCE,  /* a principle's stances: a cell per stance */
	DI_CHOICE,  /* a decision of a scenario */
	DI_TIME,    /* the time at a stage, or in total */
	DI_KINDS
};

/* The coverage map's columns: the stages in display order, then any. */
#define DASH_HEAT_COLS (NDM_STAGE_COUNT + 1)
#define DASH_STANCES 3  /* upholds, in tension, neutral */

struct dash_item {
	enum dash_item_kind kind;
	size_t row;         /* its row of the document */
	size_t from;        /* the first row to show with it (its section's heading) */
	size_t principle;   /* DI_HEAT, DI_STANCE: in stats->principles */
	size_t scenario;    /* DI_CHOICE: in stats->scenarios ... */
	size_t choice;      /* ... and its choices */
	int stage;          /* DI_TIME: the stage, -1 for the total */
};

struct dash_charts {
	struct doc d;
	struct dash_item *items;
	size_t nitems, cap;
	struct chart_heat heat;   /* where the coverage map's cells are */
};

/* Lay out the charts of @s (NULL: none, with @error said instead) for a
 * pane @width columns wide. */
void dash_charts_build(struct dash_charts *c, const struct stats *s, const char *error,
		       int width);
void dash_charts_free(struct dash_charts *c);

/* How many cells item @it has. */
size_t dash_item_cells(const struct dash_item *it);
/* The share drawn in coverage cell @cell of DI_HEAT item @it. */
double dash_heat_share(const struct stats *s, const struct dash_item *it, size_t cell);
/* The sessions behind cell @cell of @it: those in it, or with @overlooked
 * (coverage cells only) those whose framework has the principle and did
 * not consider it there. Strings point into @s. */
void dash_cell(const struct stats *s, const struct dash_item *it, size_t cell, bool overlooked,
	       struct stats_cell *out);
/* What cell @cell of @it counts, in a sentence (caller frees). */
char *dash_cell_text(const struct stats *s, const struct dash_item *it, size_t cell);
/* The title of the list of the @n sessions behind the cell (caller frees). */
char *dash_list_title(const struct stats *s, const struct dash_item *it, size_t cell,
		      bool overlooked, size_t n);

#endif
