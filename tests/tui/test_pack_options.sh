#!/bin/sh
# The pack's options at the options stage: offered after the session's own
# list, adopted with Enter (once: Enter again goes to the copy), edited as
# the session's own copy that keeps its reference to the pack; the decision
# chosen from the list takes the reference (export: pack_option and
# chosen_pack_option), and "Write my own decision" drops it.
. "$(dirname "$0")/lib.sh"

second=$(option_of 2)
[ -n "$second" ] || die "the first scenario ($FIRST_SCENARIO) has fewer than two pack options"
nopts=1
while [ -n "$(option_of $((nopts + 1)))" ]; do nopts=$((nopts + 1)); done
# the first words of the second option, as the screen shows them
words=$(echo "$second" | cut -d' ' -f1-3)

start -s 100x50
start_session
leave_editor
keys 4
need "Stage 4 Options"
need "The pack's option 1 (Enter adopts it)"
need "The pack's option 2 (Enter adopts it)"
need "$words"
need "+ Add an option (a)"
# the pack's options come after the session's list: from the last one
# (End), up to the second
keys End
n=$nopts
while [ "$n" -gt 2 ]; do keys Up; n=$((n - 1)); done
keys Enter
need "Option 1 (the pack's option 2)"
need "The pack's option 2: your Option 1"
need "is in your list: Enter edits your copy."
# Enter on the pack's option again does not make a second copy
keys End
n=$nopts
while [ "$n" -gt 2 ]; do keys Up; n=$((n - 1)); done
keys Enter
need "is in your list: Enter edits your copy."
expect_no_screen "Option 2 (the pack's option 2)" "the pack's option adopted twice"
# the selection is on the copy: Enter edits it
keys Enter
need "^S save"
type_text " Only after a word with the inspector."
leave_editor
need "Only after a word"
keys a
type_text "My own way: ask the Federation rep first."
leave_editor
need "Option 2"
need "saved"

responses
[ "$(csvq pack_option kind=option <"$T/responses.csv" | sort | tr '\n' ' ')" = "0 2 " ] &&
	pass || fail "the options' pack_option are not 0 (own) and 2 (adopted)"
csvq text kind=option pack_option=2 <"$T/responses.csv" |
	grep -qF "$words" && csvq text kind=option pack_option=2 <"$T/responses.csv" |
	grep -qF "Only after a word with the inspector." && pass ||
	fail "the adopted option is not the pack's words followed by the edit"

# The decision, chosen from the list: the adopted option.
keys 5
need "Stage 5 Action"
need ">Stage 5"
keys Home Enter
need "Which option did you choose?"
keys Enter
need_gone "Which option did you choose?"
decision_is() { capture | grep -A1 -F "Decision: the option I chose" | grep -qF "$1"; }
poll_until 10 decision_is "$words" && pass || { fail "the adopted option is not the decision"; screen >&2; }
responses
[ "$(csvq pack_option kind=decision <"$T/responses.csv")" = 2 ] && pass ||
	fail "the decision does not keep the pack's option 2"
"$DILEMMA" export --db "$DB" --table sessions >"$T/sessions.csv" || fail "export --table sessions"
[ "$(csvq chosen_pack_option <"$T/sessions.csv")" = 2 ] && pass ||
	fail "sessions.chosen_pack_option is not 2"

# "Write my own decision": the same words, no reference; then rewritten.
keys Home Enter
need "Write my own decision"
keys Down Down Enter
need "^S save"
type_text " Changed my mind."
leave_editor
need "Changed my mind."
responses
[ "$(csvq pack_option kind=decision <"$T/responses.csv")" = 0 ] && pass ||
	fail "the decision written as the session's own keeps a pack reference"
keys q
wait_exit || die "q did not quit"

finish
