/*
 * term.h - the terminal: curses setup and teardown on every exit path,
 * signals, colours (or none), and keys read as keys.h codes with bracketed
 * pastes decoded into one event.
 */
#ifndef DILEMMA_TUI_TERM_H
#define DILEMMA_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "dilemma/util.h"

/* What a piece of the screen is, mapped to colour or to bold/reverse. */
enum role {
	ROLE_NORMAL,
	ROLE_HEADER,
	ROLE_FOOTER,
	ROLE_TITLE,        /* pane title */
	ROLE_TITLE_FOCUS,  /* title of the pane with the focus */
	ROLE_SELECTED,     /* the selected row of a focused pane */
	ROLE_SELECTED_DIM, /* the selected row of a pane without focus */
	ROLE_DIM,          /* prompts, hints: a colour, or plain; never A_DIM */
	ROLE_EMPH,         /* labels, headings in text */
	ROLE_NEW,          /* a newly released inject */
	ROLE_ERROR,        /* a failed save */
	ROLE_OK,           /* a stage with reasoning */
	ROLE_UPHOLDS,
	ROLE_TENSION,
	ROLE_NEUTRAL,
	ROLE_COUNT
};

/* True when standard input and output are a terminal; otherwise says on
 * stderr that the workbench needs one. */
bool term_available(void);
/* Set up curses: locale-aware, raw keys, keypad, short ESCDELAY (unless
 * the environment sets one), bracketed paste, colours unless NO_COLOR is
 * set or the terminal has none; handlers that restore the terminal. False
 * with a message on stderr when there is no usable terminal. */
bool term_start(void);
/* Put the terminal back as it was; safe to call more than once. */
void term_stop(void);
/* The curses attribute of @role. */
int term_attr(enum role role);
/* True when colours are in use. */
bool term_colour(void);

/* Read one key, waiting at most @timeout_ms; TK_TICK when none came.
 * For TK_PASTE, *@paste holds the pasted UTF-8 text (owned by term.c,
 * valid until the next call). */
int term_key(int timeout_ms, struct buf **paste);
/* True once SIGTERM, SIGHUP, SIGINT or SIGQUIT arrived: save and leave. */
bool term_stop_requested(void);

/* Leave curses, run @argv (the user's editor), come back. Returns the
 * exit status, or -1 if it could not be run. */
int term_run_program(char *const argv[]);

#endif
