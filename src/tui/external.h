/*
 * external.h - handing a text to the user's own editor ($VISUAL, $EDITOR,
 * else vi) and taking it back.
 */
#ifndef DILEMMA_TUI_EXTERNAL_H
#define DILEMMA_TUI_EXTERNAL_H

#include <stdbool.h>

#include "app.h"
#include "editor.h"

/* Hand @ed's text to the user's editor and put the result back in @ed;
 * false (with a footer message, @ed unchanged) when that fails. */
bool external_edit(struct app *app, struct editor *ed);

#endif
