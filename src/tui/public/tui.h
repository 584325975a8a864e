/*
 * tui.h - the workbench's entry points: `dilemma` with no command, and
 * `dilemma present`.
 */
#ifndef DILEMMA_TUI_H
#define DILEMMA_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/pack_index.h"
#include "dilemma/store.h"

/* True when there is a terminal to run on (else a message on stderr):
 * checked before anything is opened or created. */
bool tui_available(void);
/* How the workbench starts. */
struct tui_options {
	bool no_bell;            /* a panel's time-box runs out without the bell */
	const char *session_id;  /* open the workspace on this session at once */
};

/* Run the workbench on @st with the packs of @packs until the user quits;
 * restores the terminal on every way out. Returns the exit status. */
int tui_run(struct store *st, struct pack_index *packs, const struct tui_options *opt);
/* Run the present view of session @session_id (a full id or a prefix) on
 * @st alone, following the session until the user quits; restores the
 * terminal on every way out. Returns the exit status (1, with a message on
 * stderr, when the session cannot be read). */
int tui_present(struct store *st, const char *session_id);

#endif
