/*
 * dialog.h - modal dialogs drawn over the current screen: a yes/no
 * question, one line of text, a choice from a list. Each runs its own
 * small loop, but the screen underneath keeps its ticks (saves go on) and
 * is redrawn on resize.
 */
#ifndef DILEMMA_TUI_DIALOG_H
#define DILEMMA_TUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "layout.h"

/* Ask a yes/no question; true for yes. */
bool dialog_confirm(struct app *app, const char *title, const char *text);
/* Ask for one line of text, starting with @initial; NULL when cancelled
 * (caller frees the result). */
char *dialog_input(struct app *app, const char *title, const char *label, const char *initial);
/* Pick one of @n choices; -1 when cancelled. */
int dialog_choose(struct app *app, const char *title, const char *const *choices, size_t n,
		  int initial);
/* Draw the screen under a dialog, then the dialog frame; returns its
 * inside rectangle. */
struct rect dialog_frame(struct app *app, int h, int w, const char *title);
/* Wait for a key for a dialog of @scope while the screen underneath keeps
 * saving: a key, 0 for nothing yet (redraw and wait again), -1 when the
 * program was asked to stop. F1 shows the dialog's help. */
int dialog_key(struct app *app, struct buf **paste, enum key_scope_index scope);
/* The key hints of @scope on the last row of the dialog's inside @in. */
void dialog_footer(struct rect in, enum key_scope_index scope);

#endif
