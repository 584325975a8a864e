#!/bin/sh
# The home screen: packs and scenarios with a preview, session lists, help
# generated from the key table, the too-small notice, quitting cleanly.
. "$(dirname "$0")/lib.sh"

[ "$NSCENARIOS" -gt 1 ] || die "dilemma list found no bundled scenarios"
second_title=$(csvq scenario_title <"$T/packs.csv" | sed -n 2p)

start
need "dilemma: $NPACKS packs, $NSCENARIOS scenarios"
need "Scenarios"
need "$FIRST_TITLE"
need "Situation"
expect_screen "Open sessions: resume (0)" "no open sessions yet"
expect_screen "Past sessions (0)" "no past sessions yet"
expect_screen "q quit" "the footer shows the quit key"
[ "$(pane_format '#{alternate_on}')" = 1 ] && pass ||
	fail "the workbench should draw on the alternate screen"

# The preview follows the selection: the second title shows twice (list
# and preview) once selected, once before.
short=$(printf '%s' "$second_title" | cut -c1-18)
count() { capture | grep -cF -- "$1"; }
twice() { [ "$(count "$short")" -ge 2 ]; }
[ "$(count "$short")" -eq 1 ] && pass || fail "'$short' should show once before it is selected"
keys Down
poll_until 10 twice && pass || { fail "Down did not preview '$second_title'"; screen >&2; }
keys Up
oneshort() { [ "$(count "$short")" -eq 1 ]; }
poll_until 10 oneshort && pass || { fail "Up did not go back to the first scenario"; screen >&2; }

# The preview scrolls: Tab to it, End shows the question.
expect_no_screen "Question" "the question is below the preview's first page at 80x24"
keys Tab End
need "Question"
keys Tab Tab Tab Home
need_gone "Question"

# Help, from the key table: the home screen's Enter and the global keys.
keys '?'
need "Help: the keys of this screen"
need "Start a session on a scenario"
keys Escape
need_gone "Help: the keys of this screen"
need "Scenarios"
keys F1
need "Help: the keys of this screen"
keys q
need_gone "Help: the keys of this screen"
expect_screen "Scenarios" "q closes the help, it does not quit"

# Too small, then enlarged again; keys other than F10 do nothing meanwhile.
resize 50 15
need "Terminal too small: 50x15"
need "Need at least 60x18."
keys q
resize 80 24
need_gone "Terminal too small"
need "Scenarios"
need "$FIRST_TITLE"
app_dead && fail "q quit while the too-small notice was up" || pass

# A bigger terminal is used: the header is still there, the footer on the
# last row.
resize 120 40
footer_at() { capture | sed -n "${1}p" | grep -qF "q quit"; }
poll_until 10 footer_at 40 && pass || { fail "at 120x40 the footer is not on row 40"; screen >&2; }
need "dilemma: $NPACKS packs"
wide() { capture | grep -qF "$FIRST_TITLE        "; }
poll_until 10 wide && pass || { fail "at 120x40 the scenario list is not wider"; screen >&2; }
resize 80 24

keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "quit exit status $status"
expect_restored "q"

# F10 and Ctrl-C quit too, and SIGTERM leaves cleanly with the terminal restored.
start
need "Scenarios"
keys F10
wait_exit || die "F10 did not quit"
[ "$status" = 0 ] && pass || fail "F10 exit status $status"
start
need "Scenarios"
keys C-c
wait_exit || die "Ctrl-C did not quit"
[ "$status" = 0 ] && pass || fail "Ctrl-C exit status $status"
expect_restored "Ctrl-C"
start
need "Scenarios"
kill -TERM "$(app_pid)"
wait_exit || die "SIGTERM did not end the workbench"
expect_restored "SIGTERM"
start
need "Scenarios"
kill -SEGV "$(app_pid)"
wait_exit || die "SIGSEGV did not end the workbench"
[ "$status" = 139 ] && pass || fail "SIGSEGV should end with the signal (139), got $status"
expect_restored "a fatal signal"

# NO_COLOR: still drawn, and no colour in the output (there is some without).
coloured() { tm capture-pane -p -e -t "$APP" | grep -qE "$(printf '\033')\\[([0-9]*;)*(3[0-7]|4[0-7]|38|48|9[0-7]|10[0-7])[;m]"; }
start
need "Scenarios"
coloured && pass || fail "without NO_COLOR the screen should use colour (else the check below proves nothing)"
keys q
wait_exit || die "q did not quit"
start -e NO_COLOR=1
need "Scenarios"
reverse() { tm capture-pane -p -e -t "$APP" | grep -F -- "$(printf '%s' "$FIRST_TITLE" | cut -c1-20)" | grep -qE "$(printf '\033')\\[([0-9]*;)*7[;m]"; }
reverse && pass || fail "NO_COLOR: the selected scenario is not in reverse video"
if coloured; then
	fail "NO_COLOR: the screen has colours"
	tm capture-pane -p -e -t "$APP" | head -3 | od -c | head >&2
else
	pass
fi
keys q
wait_exit || die "q did not quit under NO_COLOR"

# A monochrome terminal: drawn, no colours, the selection still shown.
start -e TERM=vt100
need "Scenarios"
coloured && fail "vt100: the screen has colours" || pass
reverse && pass || fail "vt100: the selected scenario is not in reverse video"
keys q
wait_exit || die "q did not quit on a vt100"

# The start dialog: Esc cancels (no session); its fields are kept.
start
need "$FIRST_TITLE"
keys Enter
need "Start a session"
keys Escape
need_gone "Start a session"
need "Open sessions: resume (0)"
keys Enter
need "Start a session"
keys C-u
type_text "Label é 日本"
keys Tab
type_text "Cohort B"
keys Tab Tab # past the mode (solo)
type_text "Sam"
keys Enter
need "Stage 1 Information"
leave_editor
keys Escape
need "Open sessions: resume (1)"
# who took part, then the label (cut to fit, with an ellipsis)
need_match "Information +[0-9]+ s ago +Sam  Label é 日本 \| $(printf '%s' "$FIRST_TITLE" | cut -c1-20)"
keys q
wait_exit || die "q did not quit"
"$DILEMMA" export --db "$DB" --table sessions >"$T/sessions.csv" || fail "export --table sessions"
[ "$(csvq cohort session_label="Label é 日本" <"$T/sessions.csv")" = "Cohort B" ] && pass ||
	fail "the session's label and cohort are not as typed in the dialog"
[ "$(csvq participants session_label="Label é 日本" <"$T/sessions.csv")" = 1 ] && pass ||
	fail "the name typed in the dialog did not make one participant"

finish
