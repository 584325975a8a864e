/*
 * keys.c - the key table (see keys.h). Adding a binding here adds it to the
 * dispatch, the footer, the help screen and (once regenerated) the man page.
 */
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

#define HOME SCOPE_BIT(SCOPE_HOME)
#define SRCH SCOPE_BIT(SCOPE_SEARCH)
#define WORK SCOPE_BIT(SCOPE_WORKSPACE)
#define PANL SCOPE_BIT(SCOPE_PANEL)
#define VIEW SCOPE_BIT(SCOPE_VIEWING)
#define BALL SCOPE_BIT(SCOPE_BALLOT)
#define DEBR SCOPE_BIT(SCOPE_DEBRIEF)
#define PRES SCOPE_BIT(SCOPE_PRESENT)
#define DASH SCOPE_BIT(SCOPE_DASHBOARD)
#define GLOB SCOPE_BIT(SCOPE_GLOBAL)
#define EDIT SCOPE_BIT(SCOPE_EDITOR)
#define DLG SCOPE_BIT(SCOPE_DIALOG)
#define CONF SCOPE_BIT(SCOPE_CONFIRM)
#define HELP SCOPE_BIT(SCOPE_HELP)

static const struct keybind table[] = {
	/* home */
	{TK_ENTER, HOME, ACT_SELECT, "Enter open",
	 "Start a session on a scenario, resume an open session, or view the debrief of a past one."},
	{'/', HOME, ACT_SEARCH, "/ search",
	 "Search the packs and scenarios: titles, ids and tags, case and accents not counting; "
	 "the list keeps the matches as you type."},
	/* before the session keys: at 80 columns the footer keeps it (the
	 * debrief also offers report and export) */
	{'D', HOME, ACT_DASHBOARD, "D dashboard",
	 "Open the trainer dashboard: coverage, stances, decisions and times over the sessions."},
	{'b', HOME, ACT_DEBRIEF, "b debrief", "View the debrief of the selected session."},
	{'r', HOME, ACT_REPORT, "r report", "Write the Markdown report of the selected session to a file."},
	{'x', HOME, ACT_EXPORT, "x export", "Export the selected session's responses as CSV to a file."},
	{'n', HOME, ACT_NEXT_MATCH, NULL, "After a search: the next match (after the last, the first)."},
	{'N', HOME, ACT_PREV_MATCH, NULL, "After a search: the previous match."},
	{TK_ESC, HOME, ACT_CANCEL, NULL, "Clear the search: every pack and scenario again."},
	/* typing a search on home */
	{TK_DOWN, SRCH, ACT_DOWN, "Up/Down match", "The next match."},
	{TK_UP, SRCH, ACT_UP, NULL, "The previous match."},
	{TK_PGDN, SRCH, ACT_PGDN, NULL, "Down a page of matches."},
	{TK_PGUP, SRCH, ACT_PGUP, NULL, "Up a page of matches."},
	{TK_BACKSPACE, SRCH, ACT_ED_BACKSPACE, NULL, "Delete the last character of the search."},
	{TK_CTRL('u'), SRCH, ACT_ED_DEL_START, NULL, "Delete the whole search, and go on typing."},
	{TK_ENTER, SRCH, ACT_ACCEPT, "Enter done",
	 "Stop typing; the list keeps the matches (Enter then starts, n and N move)."},
	{TK_ESC, SRCH, ACT_CANCEL, "Esc clear", "Clear the search and stop typing."},
	{TK_F1, SRCH, ACT_HELP, "F1 help", "Show these keys."},
	/* workspace */
	{TK_ENTER, WORK, ACT_EDIT, "Enter edit",
	 "Edit the selected field; on the rail, go to the selected stage; on the chosen option, pick one."},
	{'e', WORK, ACT_EDIT, NULL, NULL},
	{'0', WORK | VIEW, ACT_STAGE_0, "0-5 stage", "Go to the Code of Ethics (the centre)."},
	{'1', WORK | VIEW, ACT_STAGE_1, NULL, "Go to stage 1, information."},
	{'2', WORK | VIEW, ACT_STAGE_2, NULL, "Go to stage 2, assessment."},
	{'3', WORK | VIEW, ACT_STAGE_3, NULL, "Go to stage 3, powers and policy."},
	{'4', WORK | VIEW, ACT_STAGE_4, NULL, "Go to stage 4, options and contingencies."},
	{'5', WORK | VIEW, ACT_STAGE_5, NULL, "Go to stage 5, action and review."},
	{'[', WORK | VIEW, ACT_STAGE_PREV, NULL, "Go to the previous stage."},
	{']', WORK | VIEW, ACT_STAGE_NEXT, NULL, "Go to the next stage."},
	{'u', WORK, ACT_UPHOLDS, "u/t/n stance", "Principles: the decision upholds the selected principle."},
	{'t', WORK, ACT_TENSION, NULL, "Principles: the decision is in tension with it."},
	{'n', WORK, ACT_NEUTRAL, NULL, "Principles: neutral."},
	{'-', WORK, ACT_NO_STANCE, NULL, "Principles: clear the stance."},
	{'a', WORK, ACT_ADD_OPTION, NULL, "Add an option (from any stage: it goes to stage 4)."},
	{'c', WORK, ACT_ADD_CONTINGENCY, NULL, "Add a contingency (also at stage 4)."},
	{'d', WORK, ACT_DELETE, NULL,
	 "Options stage: delete the selected option or contingency (kept in the history)."},
	{TK_DELETE, WORK, ACT_DELETE, NULL, NULL},
	{'K', WORK, ACT_MOVE_UP, NULL, "Options stage: move the selected item up."},
	{TK_SUP, WORK, ACT_MOVE_UP, NULL, NULL},
	{'J', WORK, ACT_MOVE_DOWN, NULL, "Options stage: move the selected item down."},
	{TK_SDOWN, WORK, ACT_MOVE_DOWN, NULL, NULL},
	{'f', WORK, ACT_FINISH, "f finish", "Finish the session and show the debrief."},
	{'b', WORK | VIEW, ACT_DEBRIEF, NULL, "Show the debrief without finishing."},
	{TK_CTRL('x'), WORK, ACT_EXTERNAL, NULL, "Edit the selected field in $VISUAL or $EDITOR."},
	{'z', WORK | VIEW, ACT_ZOOM, NULL,
	 "Show the pane with the focus on the whole screen, or go back to all panes."},
	{TK_ESC, WORK | VIEW, ACT_BACK, NULL, "Save and go back to the home screen."},
	/* a finished session, looked at */
	{TK_ENTER, VIEW, ACT_EDIT, NULL, "On the rail: go to the selected stage."},
	{'O', VIEW | DEBR, ACT_REOPEN, "O reopen",
	 "Reopen the finished session to change it (asks first); the first finish stays on record."},
	/* a panel's workspace */
	{'s', PANL, ACT_SPEAKER, "s speaker",
	 "Choose who is speaking (1-9 pick at once, typing filters); what is written next is theirs."},
	{'i', PANL, ACT_RELEASE_INJECT, "i inject",
	 "Release the next inject held back: the current stage's, else the earliest stage's."},
	{'v', PANL, ACT_BALLOT, "v vote",
	 "Open a ballot on the options (secret, or a show of hands), or go on with the open one."},
	{'R', PANL, ACT_REVEAL, "R reveal", "Reveal the open ballot's results."},
	{'P', PANL, ACT_CLOCK, NULL, "Pause the stage's clock, or start it again."},
	{'+', PANL, ACT_ADD_TIME, NULL, "Add a minute to the stage's time-box."},
	{'N', PANL, ACT_NOTES, "N notes",
	 "Show the facilitator notes in the scenario pane, or hide them (never shown when presenting)."},
	{'o', PANL, ACT_OWNER, NULL, "Action stage: set who owns the selected recommendation."},
	{'p', PANL, ACT_PRESENT, "p present",
	 "Show the present view on this terminal, as `dilemma present` does (p or Esc comes back)."},
	/* a secret ballot, one member at a time */
	{TK_UP, BALL, ACT_UP, NULL, "Select the previous option."},
	{TK_DOWN, BALL, ACT_DOWN, NULL, "Select the next option."},
	{'f', BALL, ACT_MARK_FOR, "f for", "Vote for the selected option."},
	{'x', BALL, ACT_MARK_AGAINST, "x against", "Vote against the selected option."},
	{'a', BALL, ACT_MARK_ABSTAIN, "a abstain", "Abstain on the selected option."},
	{TK_ENTER, BALL, ACT_CAST, "Enter cast",
	 "Cast this member's ballot (or, between members, go on to the next)."},
	{TK_ESC, BALL, ACT_SKIP, "Esc skip", "Skip this member (their earlier ballot, if any, stands)."},
	{TK_F10, BALL, ACT_BACK, NULL, "Stop here; the ballot stays open for the others."},
	{TK_F1, BALL, ACT_HELP, NULL, "Show these keys."},
	/* debrief */
	{'r', DEBR, ACT_REPORT, "r report", "Write the Markdown report to a file."},
	{'x', DEBR, ACT_EXPORT, "x export", "Export the session's responses as CSV to a file."},
	{'w', DEBR, ACT_RESUME, "w workspace",
	 "Back to the workspace; a finished session is shown there read-only (O reopens it)."},
	{TK_ESC, DEBR, ACT_BACK, "Esc back",
	 "Back to the screen the debrief was opened from."},
	/* the trainer dashboard */
	{TK_ENTER, DASH, ACT_SELECT, "Enter sessions",
	 "On a cell or bar: list the sessions behind it; on a listed session: open its debrief."},
	{'o', DASH, ACT_OVERLOOKED, "o overlooked",
	 "On a coverage cell: list the sessions that did not consider the principle there."},
	{TK_LEFT, DASH, ACT_LEFT, NULL,
	 "The cell to the left: the stage before, in the coverage map; the stance before."},
	{'h', DASH, ACT_LEFT, NULL, NULL},
	{TK_RIGHT, DASH, ACT_RIGHT, NULL, "The cell to the right."},
	{'l', DASH, ACT_RIGHT, NULL, NULL},
	{'p', DASH, ACT_FILTER_PACK, "p/s/c/f/t filter", "Count the sessions of one pack, or of all."},
	{'s', DASH, ACT_FILTER_SCENARIO, NULL, "Count the sessions of one scenario, or of all."},
	{'c', DASH, ACT_FILTER_COHORT, NULL, "Count the sessions of one cohort, or of all."},
	{'f', DASH, ACT_FILTER_SINCE, NULL,
	 "Count the sessions started on or after a date (empty: no limit)."},
	{'t', DASH, ACT_FILTER_UNTIL, NULL,
	 "Count the sessions started on or before a date (empty: no limit)."},
	{'a', DASH, ACT_FILTER_CLEAR, NULL, "Count all the sessions again: clear every filter."},
	{TK_ESC, DASH, ACT_BACK, "Esc back",
	 "Close the list of sessions; without one, back to the home screen."},
	/* the present view */
	{TK_ESC, PRES, ACT_BACK, "Esc back",
	 "Back to the workspace, when the view was opened from it (alone, q quits)."},
	{'p', PRES, ACT_BACK, NULL, NULL},
	/* everywhere outside an editor */
	{TK_TAB, GLOB, ACT_NEXT_PANE, "Tab pane", "Move to the next pane."},
	{TK_BTAB, GLOB, ACT_PREV_PANE, NULL, "Move to the previous pane."},
	{TK_UP, GLOB, ACT_UP, NULL, "Move up, or scroll up."},
	{'k', GLOB, ACT_UP, NULL, NULL},
	{TK_DOWN, GLOB, ACT_DOWN, NULL, "Move down, or scroll down."},
	{'j', GLOB, ACT_DOWN, NULL, NULL},
	{TK_PGUP, GLOB, ACT_PGUP, NULL, "Up a page."},
	{TK_PGDN, GLOB, ACT_PGDN, NULL, "Down a page."},
	{TK_HOME, GLOB, ACT_FIRST, NULL, "To the first item."},
	{TK_END, GLOB, ACT_LAST, NULL, "To the last item."},
	{'?', GLOB, ACT_HELP, "? help", "Show the keys of this screen."},
	{TK_F1, GLOB, ACT_HELP, NULL, NULL},
	{'q', GLOB, ACT_QUIT, "q quit", "Save everything and quit (asks first if a save failed)."},
	{TK_F10, GLOB, ACT_QUIT, NULL, NULL},
	{TK_CTRL('c'), GLOB, ACT_QUIT, NULL, NULL},
	/* the text editor */
	{TK_LEFT, EDIT, ACT_ED_LEFT, NULL, "Move the cursor left."},
	{TK_RIGHT, EDIT, ACT_ED_RIGHT, NULL, "Move the cursor right."},
	{TK_UP, EDIT, ACT_ED_UP, NULL, "Up one wrapped row."},
	{TK_DOWN, EDIT, ACT_ED_DOWN, NULL, "Down one wrapped row."},
	{TK_CLEFT, EDIT, ACT_ED_WORD_LEFT, NULL, "Back one word."},
	{TK_CRIGHT, EDIT, ACT_ED_WORD_RIGHT, NULL, "Forward one word."},
	{TK_HOME, EDIT, ACT_ED_HOME, NULL, "To the start of the row."},
	{TK_CTRL('a'), EDIT, ACT_ED_HOME, NULL, NULL},
	{TK_END, EDIT, ACT_ED_END, NULL, "To the end of the row."},
	{TK_CTRL('e'), EDIT, ACT_ED_END, NULL, NULL},
	{TK_PGUP, EDIT, ACT_ED_PGUP, NULL, "Up a page."},
	{TK_PGDN, EDIT, ACT_ED_PGDN, NULL, "Down a page."},
	{TK_BACKSPACE, EDIT, ACT_ED_BACKSPACE, NULL, "Delete the character before the cursor."},
	{TK_DELETE, EDIT, ACT_ED_DELETE, NULL, "Delete the character under the cursor."},
	{TK_CTRL('d'), EDIT, ACT_ED_DELETE, NULL, NULL},
	{TK_CTRL('w'), EDIT, ACT_ED_DEL_WORD, "^W del word", "Delete the word before the cursor."},
	{TK_CTRL('u'), EDIT, ACT_ED_DEL_START, NULL, "Delete to the start of the line."},
	{TK_CTRL('k'), EDIT, ACT_ED_DEL_END, NULL, "Delete to the end of the line."},
	{TK_ENTER, EDIT, ACT_ED_NEWLINE, NULL, "Start a new line (in one-line fields: accept)."},
	{TK_CTRL('s'), EDIT, ACT_ED_SAVE, "^S save", "Save now (text is also saved 1 s after you pause)."},
	{TK_CTRL('x'), EDIT, ACT_EXTERNAL, "^X $EDITOR",
	 "Hand the text to $VISUAL or $EDITOR (else vi) and take it back."},
	{TK_ESC, EDIT, ACT_ED_LEAVE, "Esc done", "Leave the editor; the text is kept and saved."},
	{TK_TAB, EDIT, ACT_ED_LEAVE_NEXT, NULL, "Leave the editor and move to the next pane."},
	{TK_BTAB, EDIT, ACT_ED_LEAVE_PREV, NULL, "Leave the editor and move to the previous pane."},
	{TK_F1, EDIT, ACT_HELP, "F1 help", "Show the keys of the editor."},
	/* dialogs */
	{TK_ENTER, DLG, ACT_ACCEPT, "Enter OK", "Accept the dialog."},
	{TK_ESC, DLG, ACT_CANCEL, "Esc cancel", "Cancel the dialog."},
	{TK_TAB, DLG, ACT_NEXT_PANE, "Tab field", "Next field."},
	{TK_DOWN, DLG, ACT_NEXT_PANE, NULL, NULL},
	{TK_BTAB, DLG, ACT_PREV_PANE, NULL, "Previous field."},
	{TK_UP, DLG, ACT_PREV_PANE, NULL, NULL},
	{TK_LEFT, DLG, ACT_LEFT, NULL, "In a choice: the previous choice; in a text: cursor left."},
	{TK_RIGHT, DLG, ACT_RIGHT, NULL, "In a choice: the next choice; in a text: cursor right."},
	{TK_CTRL('r'), DLG, ACT_DELETE, NULL,
	 "Starting a panel: remove the participant whose row is selected."},
	{TK_F1, DLG, ACT_HELP, "F1 help", "Show the keys of the dialog."},
	/* yes or no questions */
	{'y', CONF, ACT_YES, "y yes", "Yes."},
	{'n', CONF, ACT_NO, "n no", "No (the safe answer)."},
	{TK_ESC, CONF, ACT_NO, NULL, NULL},
	{TK_F1, CONF, ACT_HELP, "F1 help", "Show the keys of the question."},
	/* help */
	{TK_ESC, HELP, ACT_BACK, "Esc close", "Close the help."},
	{'q', HELP, ACT_BACK, NULL, NULL},
	{'?', HELP, ACT_BACK, NULL, NULL},
	{TK_F1, HELP, ACT_BACK, NULL, NULL},
	{TK_UP, HELP, ACT_UP, NULL, "Scroll up."},
	{TK_DOWN, HELP, ACT_DOWN, NULL, "Scroll down."},
	{TK_PGUP, HELP, ACT_PGUP, NULL, "Up a page."},
	{TK_PGDN, HELP, ACT_PGDN, NULL, "Down a page."},
};

#undef HOME
#undef SRCH
#undef WORK
#undef PANL
#undef VIEW
#undef BALL
#undef DEBR
#undef PRES
#undef DASH
#undef GLOB
#undef EDIT
#undef DLG
#undef CONF
#undef HELP

static const char *const scope_titles[] = {
#define X_TITLE(e, id, title) title,
	KEY_SCOPES(X_TITLE)
#undef X_TITLE
};

const struct keybind *keys_table(size_t *count)
{
	*count = ALEN(table);
	return table;
}

const char *keys_scope_title(enum key_scope_index scope)
{
	return scope_titles[scope];
}

static enum action lookup(unsigned bits, int key)
{
	for (size_t i = 0; i < ALEN(table); i++)
		if ((table[i].scopes & bits) && table[i].key == key)
			return table[i].action;
	return ACT_NONE;
}

bool keys_screen_scope(enum key_scope_index scope)
{
	return scope == SCOPE_HOME || scope == SCOPE_WORKSPACE || scope == SCOPE_PANEL ||
	       scope == SCOPE_VIEWING ||
	       scope == SCOPE_DEBRIEF || scope == SCOPE_DASHBOARD || scope == SCOPE_PRESENT;
}

/* Screens of one pane (no focus to move): Tab means nothing there, so it
 * is neither offered nor bound. */
static bool one_pane(enum key_scope_index scope)
{
	return scope == SCOPE_DEBRIEF || scope == SCOPE_PRESENT;
}

/* Whether global row @i applies on the screen of @scope. */
static bool global_applies(size_t i, enum key_scope_index scope)
{
	return !(one_pane(scope) &&
		 (table[i].action == ACT_NEXT_PANE || table[i].action == ACT_PREV_PANE));
}

int keys_parent_scope(enum key_scope_index scope)
{
	return scope == SCOPE_PANEL ? SCOPE_WORKSPACE : -1;
}

enum action keys_action(enum key_scope_index scope, int key)
{
	enum action a = lookup(SCOPE_BIT(scope), key);

	if (a == ACT_NONE && keys_parent_scope(scope) >= 0)
		a = lookup(SCOPE_BIT(keys_parent_scope(scope)), key);
	if (a == ACT_NONE && keys_screen_scope(scope)) {
		a = lookup(SCOPE_BIT(SCOPE_GLOBAL), key);
		if (one_pane(scope) && (a == ACT_NEXT_PANE || a == ACT_PREV_PANE))
			a = ACT_NONE;
	}
	return a;
}

static const struct {
	int key;
	const char *name;
} names[] = {
	{TK_UP, "Up"}, {TK_DOWN, "Down"}, {TK_LEFT, "Left"}, {TK_RIGHT, "Right"},
	{TK_HOME, "Home"}, {TK_END, "End"}, {TK_PGUP, "PgUp"}, {TK_PGDN, "PgDn"},
	{TK_BACKSPACE, "Backspace"}, {TK_DELETE, "Delete"}, {TK_ENTER, "Enter"},
	{TK_TAB, "Tab"}, {TK_BTAB, "Shift-Tab"}, {TK_ESC, "Esc"},
	{TK_SUP, "Shift-Up"}, {TK_SDOWN, "Shift-Down"},
	{TK_CLEFT, "Ctrl-Left"}, {TK_CRIGHT, "Ctrl-Right"},
	{TK_F1, "F1"}, {TK_F2, "F2"}, {TK_F3, "F3"}, {TK_F4, "F4"}, {TK_F5, "F5"},
	{TK_F6, "F6"}, {TK_F7, "F7"}, {TK_F8, "F8"}, {TK_F9, "F9"}, {TK_F10, "F10"},
};

const char *keys_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ALEN(names); i++)
		if (names[i].key == key)
			return names[i].name;
	if (key >= 1 && key < 0x20)
		snprintf(buf, size, "Ctrl-%c", key + 'A' - 1);
	else if (key == ' ')
		snprintf(buf, size, "Space");
	else {
		mbstate_t st;
		char mb[8];
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n == (size_t)-1)
			snprintf(buf, size, "U+%04X", (unsigned)key);
		else
			snprintf(buf, size, "%.*s", (int)n, mb);
	}
	return buf;
}

/* The first row of @action in @scope that carries the help text. */
static bool is_first_of_action(size_t i, enum key_scope_index scope)
{
	for (size_t j = 0; j < i; j++)
		if ((table[j].scopes & SCOPE_BIT(scope)) && table[j].action == table[i].action)
			return false;
	return true;
}

/* Every key of @action in @scope joined by @sep, into @b. */
static void action_keys(enum key_scope_index scope, enum action action, const char *pre,
			const char *sep, struct buf *b)
{
	char tmp[32];
	bool first = true;

	for (size_t j = 0; j < ALEN(table); j++) {
		if (!(table[j].scopes & SCOPE_BIT(scope)) || table[j].action != action)
			continue;
		buf_printf(b, "%s%s%s", first ? "" : sep, pre, keys_name(table[j].key, tmp, sizeof(tmp)));
		first = false;
	}
}

static const char *action_help(enum key_scope_index scope, enum action action)
{
	for (size_t j = 0; j < ALEN(table); j++)
		if ((table[j].scopes & SCOPE_BIT(scope)) && table[j].action == action && table[j].help)
			return table[j].help;
	return "";
}

char *keys_footer(enum key_scope_index scope)
{
	struct buf b = {0};

	for (int pass = 0; pass < 3; pass++) {
		int s = pass == 0 ? (int)scope : pass == 1 ? keys_parent_scope(scope) : SCOPE_GLOBAL;
		if (s < 0 || (pass == 2 && !keys_screen_scope(scope)))
			continue;
		unsigned bits = SCOPE_BIT(s);
		for (size_t i = 0; i < ALEN(table); i++)
			if ((table[i].scopes & bits) && table[i].footer &&
			    (pass < 2 || global_applies(i, scope)))
				buf_printf(&b, "%s%s", b.len ? "  " : "", table[i].footer);
	}
	return buf_steal(&b);
}

char *keys_footer_fit(enum key_scope_index scope, int cols)
{
	char *f = keys_footer(scope);
	char *items[64];
	size_t n = 0;
	struct buf b = {0};

	for (char *p = f; p && *p && n < ALEN(items);) {
		items[n++] = p;
		char *sep = strstr(p, "  ");
		if (sep) {
			*sep = '\0';
			p = sep + 2;
		} else {
			p = NULL;
		}
	}
	for (;;) {
		int w = 0;
		for (size_t i = 0; i < n; i++)
			w += text_width(items[i], strlen(items[i])) + (i ? 2 : 0);
		if (w <= cols || n <= 2)
			break;
		memmove(&items[n - 3], &items[n - 2], 2 * sizeof(*items));
		n--;
	}
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "  " : "", items[i]);
	free(f);
	return buf_steal(&b);
}

/* keys_help() of @scope as it applies on the screen of @screen. */
static void help_on(enum key_scope_index scope, enum key_scope_index screen, struct buf *b)
{
	for (size_t i = 0; i < ALEN(table); i++) {
		if (!(table[i].scopes & SCOPE_BIT(scope)) || !is_first_of_action(i, scope) ||
		    (scope == SCOPE_GLOBAL && !global_applies(i, screen)))
			continue;
		struct buf k = {0};
		action_keys(scope, table[i].action, "", ", ", &k);
		buf_printf(b, "%-16s %s\n", k.data, action_help(scope, table[i].action));
		buf_finish(&k);
	}
}

void keys_help(enum key_scope_index scope, struct buf *b)
{
	help_on(scope, scope, b);
}

void keys_help_global(enum key_scope_index screen, struct buf *b)
{
	help_on(SCOPE_GLOBAL, screen, b);
}

void keys_mdoc(struct buf *b)
{
	for (int s = 0; s < KEY_SCOPE_COUNT; s++) {
		buf_printf(b, ".Ss %s\n.Bl -tag -width Ds\n", scope_titles[s]);
		for (size_t i = 0; i < ALEN(table); i++) {
			if (!(table[i].scopes & SCOPE_BIT(s)) || !is_first_of_action(i, s))
				continue;
			buf_puts(b, ".It Cm ");
			action_keys(s, table[i].action, "\\&", " , ", b);
			buf_printf(b, "\n%s\n", action_help(s, table[i].action));
		}
		buf_puts(b, ".El\n");
	}
}
