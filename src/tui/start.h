/*
 * start.h - the dialog that starts a session on a scenario: label,
 * cohort, name and framework, each with a valid default.
 */
#ifndef DILEMMA_TUI_START_H
#define DILEMMA_TUI_START_H

#include "app.h"
#include "dilemma/pack.h"

/* Ask how to start a session on @sc of @pack; on Enter, create it and
 * open the workspace on it (ready to type). Esc starts nothing. */
void start_dialog(struct app *app, struct pack *pack, const struct pack_scenario *sc);

#endif
