/*
 * panel_dialogs.h - the facilitator's small dialogs: who is speaking, and
 * the counts of a show of hands.
 */
#ifndef DILEMMA_TUI_PANEL_DIALOGS_H
#define DILEMMA_TUI_PANEL_DIALOGS_H

#include <stdint.h>

#include "app.h"
#include "dilemma/conduct.h"

/* Ask who is speaking among @s's participants (@current first selected):
 * digits 1-9 pick the first nine at once, typing filters by name. The
 * participant's number, or 0 when cancelled. */
int64_t speaker_dialog(struct app *app, const struct session *s, int64_t current);
/* Ask for the hands for, against and abstaining on each option of the
 * open show of hands and record them (typed again, they replace). */
void hands_dialog(struct app *app, struct conduct *c);

#endif
