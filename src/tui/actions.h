/*
 * actions.h - what the screens do with a whole session besides showing it:
 * write its report or export its responses to a file the user names, and
 * ask before reopening a finished one.
 */
#ifndef DILEMMA_TUI_ACTIONS_H
#define DILEMMA_TUI_ACTIONS_H

#include "app.h"

/* Write the Markdown report of session @id to a file the user names. */
void action_report(struct app *app, const char *id);
/* Export the responses of session @id as CSV to a file the user names. */
void action_export(struct app *app, const char *id);
/* Ask whether to reopen a finished session to change it; true for yes. */
bool action_confirm_reopen(struct app *app);

#endif
