/*
 * ballot_chart.h - a revealed ballot's results as chart rows (chart.h),
 * the same on every screen that shows them: the facilitator's workspace,
 * the debrief and the present view. One bar per option, its length the
 * votes for, scaled to how many voted, with "2 for · 1 against · 0
 * abstaining" after it. No curses.
 */
#ifndef DILEMMA_BALLOT_CHART_H
#define DILEMMA_BALLOT_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/session.h"
#include "dilemma/tally.h"

/* How an option is named on its row. */
enum ballot_label {
	BALLOT_LABEL_TEXT,  /* its text, as written at stage 4 */
	BALLOT_LABEL_PLACE, /* "Option 2" / "Contingency 1": for a screen that
	                     * shows no one's words (see ballot_option_wording) */
};

/* The name of option @i of @b on its row (caller frees). */
char *ballot_option_label(const struct session *s, const struct tally_ballot *b, size_t i,
			  enum ballot_label label);
/* The pack's own wording of option @i of @b when the option is the pack's
 * unchanged (so it is the scenario's text, not anyone's), else NULL. */
const char *ballot_option_wording(const struct session *s, const struct tally_ballot *b,
				  size_t i);
/* The rows of @b's results, @width columns wide (caller frees each and
 * the array); how many. Call only for a revealed ballot: the counts are
 * in the rows. */
size_t ballot_chart(const struct session *s, const struct tally_ballot *b,
		    enum ballot_label label, size_t width, char ***out);

#endif
