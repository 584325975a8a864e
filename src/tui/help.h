/*
 * help.h - the help overlay: the keys of the current screen (or dialog),
 * generated from the key table the program dispatches on.
 */
#ifndef DILEMMA_TUI_HELP_H
#define DILEMMA_TUI_HELP_H

#include "app.h"

/* Open the help of the current screen, at its top. */
void help_open(struct app *app);
/* The help of a dialog (@scope), over the screen, until it is closed. */
void help_modal(struct app *app, enum key_scope_index scope);
/* Draw the overlay over the whole screen. */
void help_draw(struct app *app, int cols, int lines);
/* A key while the help is up. */
void help_key(struct app *app, int key);
/* Free what the help keeps. */
void help_finish(void);

#endif
