#!/bin/sh
# A whole session through the workbench: Enter, Enter and type at once;
# stages in any order; an inject released on entering its stage; stances;
# options and a contingency (reordered, one deleted); the decision,
# rationale and review; finish to the debrief; quit. Then the database,
# through `dilemma export`, and a reopen showing everything intact.
. "$(dirname "$0")/lib.sh"

inj=$(inject_of 1)
[ -n "$inj" ] || die "the first scenario ($FIRST_SCENARIO) has no inject to test with"
inj_stage=${inj%%"	"*}
inj_words=${inj#*"	"}
[ "$inj_stage" -ne 1 ] || die "the first inject is at stage 1, released on opening; pick another"

start
start_session
# no waiting: the cursor is already in stage 1's reasoning
type_text "First thoughts: the image is not a joke."
need "Stage 1 Information"
need "First thoughts: the image is not a joke."
need "saved"
expect_screen "Your reasoning" "stage 1 shows its reasoning field"

# Esc leaves the editor and keeps the text; principles: stances and reasoning.
leave_editor
need "Enter edit"
keys Tab
need ">Principles at Information"
keys u
need_match "upholds +[A-Z]"
keys Enter
type_text "Honest reporting includes my own reaction."
leave_editor
need "Honest reporting includes my own reaction."
keys Down t
need_match "tension +[A-Z]"
need "Principles at Information: 2 of"

# Stages in any order: 3 first, then the inject's stage releases it.
keys 3
need "Stage 3 Powers"
need "Principles at Powers: 0 of"
keys "$inj_stage"
need "NEW: New information"
need "$inj_words"
need "NEW information has come in"
# the focus goes to the new stage's own reasoning; its principles start at
# the top, the first one selected: Tab and Enter write on it
need ">Stage $inj_stage:"
keys Tab
need ">Principles at"
keys Enter
type_text "After the inject: I must declare my thumbs-up."
leave_editor
need "After the inject: I must declare my thumbs-up."
# Back and forth: the inject stays, no longer new.
keys 1
need "Stage 1 Information"
need "First thoughts: the image is not a joke."
keys "$inj_stage"
need "Stage $inj_stage "
expect_no_screen "NEW: New information" "an inject is new only on its first visit"
keys Tab Tab End
scroll_until "New information (at" Up 30 || fail "the released inject is not in the scenario pane"
expect_no_screen "NEW: New information" "an inject is new only on its first visit"

# Options: three options and a contingency; the second moved up; one deleted.
keys 4
need "Stage 4 Options"
keys a
type_text "Option alpha: a word with the sergeant"
leave_editor
need "Option 1"
keys a
type_text "Option beta: report to professional standards"
leave_editor
need "Option 2"
keys a
type_text "Option gamma: mute the group"
leave_editor
need "Option 3"
keys c
type_text "If the shift turns on me, go to the inspector"
leave_editor
need "Contingency 1"
need "saved"
# the selection is on the contingency: up twice to Option 3, delete it
keys Up Up d
need "Delete Option 3?"
need "Its text stays in the session's history"
# n (the safe answer) keeps it
keys n
need_gone "Delete Option 3?"
need "Option gamma"
keys d
need "Delete Option 3?"
keys y
need "Deleted; its text stays in the history."
need_gone "Option gamma"
# Option 2 (beta) up: it becomes Option 1
keys Up
keys K
opt1_is_beta() { capture | grep -A1 -F "Option 1" | grep -qF "Option beta"; }
poll_until 10 opt1_is_beta && pass || { fail "K did not move beta to the top"; screen >&2; }

# Action: decision chosen from the options, rationale, review.
keys 5
need "Stage 5 Action"
need "Decision: the option I chose"
keys Tab Tab Tab Tab
keys Home Enter
need "Which option did you choose?"
need "Write my own decision"
keys Enter
need_gone "Which option did you choose?"
decision_shown() { capture | grep -A1 -F "Decision: the option I chose" | grep -qF "Option beta"; }
poll_until 10 decision_shown && pass || { fail "the chosen option is not the decision"; screen >&2; }
keys Down Enter
type_text "I reported it because silence is consent."
leave_editor
keys Down Enter
type_text "It went to the inspector; next time I would act on the night."
leave_editor
need "It went to the inspector; next time I would act"

# Finish: asked first (Esc keeps working), then the debrief, with the grid.
keys f
need "Finish this session and see its debrief?"
keys Escape
need_gone "Finish this session"
need "Stage 5 Action"
keys f
need "Finish this session and see its debrief?"
keys y
need "Debrief | "
need "Where reasoning was recorded"
need_match "1 Information +U +T "
# the reasoning without a stance on the first principle at the inject's stage
need_match "$inj_stage [A-Z][a-z]+ +\\* "
# the report and the CSV, written where the workbench runs ($T) by default
keys r
need "Write the report"
keys Enter
need "Report written to"
report=$(ls "$T"/dilemma-report-*.md 2>/dev/null | head -n 1)
[ -n "$report" ] && grep -qF "First thoughts: the image is not a joke." "$report" && pass ||
	fail "r wrote no report holding the reasoning"
keys x
need "Export the responses as CSV"
keys Enter
need "Responses exported to"
csv=$(ls "$T"/dilemma-*.csv 2>/dev/null | grep -v report | head -n 1)
[ -n "$csv" ] && [ "$(csvq text kind=rationale <"$csv")" = "I reported it because silence is consent." ] &&
	pass || fail "x wrote no CSV holding the rationale"
keys Escape
need "Past sessions (1)"
need "Open sessions: resume (0)"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

# The database, through dilemma export.
responses
expect_response information note "First thoughts: the image is not a joke." "stage 1 reasoning"
[ "$(csvq stance stage=information kind=principle <"$T/responses.csv" | sort | tr '\n' ' ')" = \
	"tension upholds " ] && pass || fail "the stances at stage 1 are not upholds and tension"
expect_response information principle "Honest reporting includes my own reaction." "principle reasoning"
expect_response "$(stage_id "$inj_stage")" principle "After the inject: I must declare my thumbs-up." "reasoning at the inject's stage"
expect_response options option "Option alpha: a word with the sergeant" "option alpha"
expect_response options option "Option beta: report to professional standards" "option beta"
expect_response options contingency "If the shift turns on me, go to the inspector" "contingency"
case "$(response_text options option)" in
*gamma*) fail "the deleted option is still a current response" ;;
*) pass ;;
esac
"$DILEMMA" export --db "$DB" --table history >"$T/history.csv" || fail "export --table history"
case "$(csvq deleted kind=option <"$T/history.csv" | sort -u | tr '\n' ' ')" in
*1*) pass ;; *) fail "the deletion is not a revision in the history" ;;
esac
csvq text kind=option <"$T/history.csv" | grep -qF "Option gamma" && pass ||
	fail "the deleted option's text is gone from the history"
expect_response action decision "Option beta: report to professional standards" "decision"
expect_response action rationale "I reported it because silence is consent." "rationale"
expect_response action review "next time I would act on the night." "review"

# Reopen: the past session's debrief, then back into its workspace (on a
# taller terminal, so that each stage shows whole).
start -s 100x50
need "Past sessions (1)"
keys Tab Tab Tab Enter
need "Debrief | "
keys w
need "Stage 5 Action"
need "Option beta: report to professional standards"
keys 1
need "First thoughts: the image is not a joke."
need "Principles at Information: 2 of"
keys 5
need "I reported it because silence is consent."
need "It went to the inspector"
keys 4
need "Option alpha: a word with the sergeant"
need "If the shift turns on me, go to the inspector"
expect_no_screen "Option gamma" "the deleted option stays deleted"
# revising a finished session makes a new revision
keys 1
need "Stage 1 Information"
keys Enter
type_text " Revised later."
leave_editor
need "Revised later."
keys q
wait_exit || die "q did not quit after the revision"
responses
expect_response information note "not a joke. Revised later." "the revision"
"$DILEMMA" export --db "$DB" --table history >"$T/history.csv" || fail "export --table history"
[ "$(csvq revision stage=information kind=note <"$T/history.csv" | sort -n | tail -n 1)" -ge 2 ] &&
	pass || fail "the revised reasoning is not a second revision"

finish
