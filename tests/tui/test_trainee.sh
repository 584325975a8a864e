#!/bin/sh
# A whole trainee session at 80x24, as a trainee finds it (issue 13): every
# field reached without resizing, by the keys the footer offers; after a
# stage change the focus is on that stage's reasoning and its principles
# start at the top; the footer says 0-5 stage; the Ethics row carries its
# "centre" label; panes that hold more than they show say so; the NEW
# information notice leaves the editor's keys in view; d and f ask first;
# the debrief shows what was written at the action stage and offers no
# Tab. Then every text typed is found in the export.
. "$(dirname "$0")/lib.sh"

inj=$(inject_of 1)
[ -n "$inj" ] || die "the first scenario ($FIRST_SCENARIO) has no inject to test with"
inj_stage=${inj%%"	"*}
nopts=0
while [ -n "$(option_of $((nopts + 1)))" ]; do nopts=$((nopts + 1)); done
[ "$nopts" -gt 0 ] || die "the first scenario has no pack options"

# the reasoning of stage N, unique enough to find in the export
note() { echo "Stage $1 reasoning typed at 80x24."; }

start
start_session
need "Stage 1 Information"
need_match "^ 0 Ethics +centre"
expect_no_screen "at the centre" "a label between stage 5 and Ethics"
# the scenario is longer than its pane at 80x24: it says so
need_match "Scenario .*↓ more"
type_text "$(note 1)"
leave_editor
need "saved"
need "0-5 stage"
expect_no_screen "1-5 stage" "the footer says 1-5 though 0 is a stage"

# Every stage, by its digit: the focus on its reasoning (Enter writes it),
# its principles from the top.
for st in 2 3 4 0; do
	keys "$st"
	need "Stage $st "
	need ">Stage $st:"
	if [ "$st" = "$inj_stage" ]; then
		# the notice is the scenario pane's title, and stays while typing
		need "NEW information has come in"
		keys Enter
		need "^S save"
		need "NEW information has come in"
	else
		keys Enter
		need "^S save"
	fi
	type_text "$(note "$st")"
	leave_editor
	need "saved"
	# the principles: Tab, the first one selected, a stance and reasoning
	keys Tab
	need ">Principles at"
	keys u Enter
	type_text "Principle reasoning at stage $st."
	leave_editor
	need "Principle reasoning at stage $st."
	# down the list, then a stage change brings it back to the top
	keys Down Down Down
done
keys 1
need ">Stage 1:"
keys Tab
need ">Principles at Information"
# the first principle is the one selected: its summary is shown
need "Be honest, act with integrity"
keys u Enter
type_text "Principle reasoning at stage 1."
leave_editor
need "Principle reasoning at stage 1."

# Options: two of the session's own, one of the pack's, a contingency; one
# deleted after a question whose safe answer keeps it.
keys 4
need "Stage 4 Options"
keys a
type_text "Own option one."
leave_editor
keys a
type_text "Own option two, to be deleted."
leave_editor
need "Option 2"
keys d
need "Delete Option 2?"
keys Escape
need_gone "Delete Option 2?"
need "Own option two, to be deleted."
keys d
need "Delete Option 2?"
keys y
need "Deleted; its text stays in the history."
keys c
type_text "If the sergeant retaliates, go to the inspector."
leave_editor
need "Contingency 1"
keys End Enter
need "is in your list: Enter edits your copy."

# Action: the decision from the list, the rationale and the review; the
# pane says there is more below when they do not all fit.
keys 5
need ">Stage 5:"
need "Decision: the option I chose"
keys Enter
need "Which option did you choose?"
keys Enter
need_gone "Which option did you choose?"
keys Down Enter
type_text "Rationale typed at 80x24."
leave_editor
keys Down Enter
type_text "Review typed at 80x24."
leave_editor
need "Review typed at 80x24."

# Finish asks first.
keys f
need "Finish this session and see its debrief?"
keys n
need_gone "Finish this session"
keys f
need "Finish this session and see its debrief?"
keys y
need "Debrief | "
expect_no_screen "Tab pane" "the debrief offers Tab with one pane"
need_match "↓ more"
# the action stage's texts under "Your reasoning by stage", not
# "(nothing written)"
keys End
scroll_until "Rationale: Rationale typed at 80x24." PPage 20 ||
	fail "the debrief does not show the rationale under the action stage"
keys q
wait_exit || die "q did not quit"

# Every text typed, in the export.
responses
for st in 1 2 3 4 0; do
	csvq text kind=note <"$T/responses.csv" | grep -qF "$(note "$st")" && pass ||
		fail "stage $st's reasoning is not in the export"
	csvq text kind=principle <"$T/responses.csv" | grep -qF "Principle reasoning at stage $st." &&
		pass || fail "stage $st's principle reasoning is not in the export"
done
[ "$(csvq stance kind=principle <"$T/responses.csv" | sort -u)" = upholds ] && pass ||
	fail "the stances are not all upholds"
for t in "Own option one." "If the sergeant retaliates, go to the inspector." \
	"Rationale typed at 80x24." "Review typed at 80x24."; do
	csvq text <"$T/responses.csv" | grep -qF "$t" && pass || fail "'$t' is not in the export"
done
csvq text <"$T/responses.csv" | grep -qF "Own option two" &&
	fail "the deleted option is still a current response" || pass
[ "$(csvq pack_option kind=option <"$T/responses.csv" | sort -n | tr '\n' ' ')" = "0 $nopts " ] &&
	pass || fail "the options are not the session's own and the pack's last ($nopts)"
[ "$(csvq text kind=decision <"$T/responses.csv")" = "Own option one." ] && pass ||
	fail "the decision is not the first option"

finish
