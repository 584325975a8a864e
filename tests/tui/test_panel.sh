#!/bin/sh
# A four-member panel run as a facilitator would run it (issue 10): made
# with `dilemma start --panel`, contributions by three speakers at two
# stages and by a fourth on a principle, each attributed; an inject held
# back until `i`; the facilitator notes on N; a secret ballot passed from
# member to member that shows no count on any screen until R, and a chart
# after; the decision, the panel's outcome and a recommendation with its
# owner. Then the exports and the minutes hold it all, attributed.
. "$(dirname "$0")/lib.sh"

PACK=social-media
SC=missing-teenager-whatsapp
INJECT="The mother scrolls up to show the officer the thread"
NOTES="Most groups split early between those who would simply help"

# no count of votes for any option on the screen now
no_counts() {
	if capture | grep -qE '[0-9]+ (for|against|abstain)'; then
		fail "$1: a count of votes is on the screen before the reveal"
		screen >&2
	else
		pass
	fi
}

start start "$PACK/$SC" --panel --participant "Ada Osei:chair" --participant Jones \
	--participant "Ní Bhriain" --participant "Pat Kerr" --label "April panel" --cohort "Panel A"
need "Stage 1 Information"
need "Ada Osei speaking"
# the inject of stage 1 is held back in a panel
expect_no_screen "$INJECT" "the inject before i"
# the session opens ready to type: Ada's contribution
type_text "We do not know what the trouble is."
leave_editor
keys s
need "Who is speaking?"
keys 2
need "Jones speaking"
keys Down Enter
type_text "Nor does the mother, it seems."
leave_editor
keys s
need "Who is speaking?"
type_text "bhr"
need_gone "Jones (member)"
keys Enter
need "Ní Bhriain speaking"
keys Down Enter
type_text "Whose words would these be?"
leave_editor
need "Ní Bhriain (member)"
# the facilitator releases the inject
keys i
need "NEW information released"
need "NEW: New information"
# the notes are for the facilitator, on N
expect_no_screen "$NOTES" "notes before N"
keys N
need "Facilitator notes"
need "$NOTES"
keys N
need_gone "Facilitator notes"

# stage 2: Jones again; a principle by Pat Kerr
keys 2
need "Stage 2 Assessment"
keys s 2
need "Jones speaking"
keys Enter
type_text "Is this for the police at all?"
leave_editor
keys s 4
need "Pat Kerr speaking"
keys Tab
need ">Principles at Assessment"
keys Enter
type_text "The message must be honest about who wrote it."
leave_editor
keys u
need "U Pat Kerr"

# stage 4: two options, then a secret ballot
keys a
type_text "Suggest words, and say they are hers"
leave_editor
keys a
type_text "Decline, and explain why"
leave_editor
need "Option 2"
keys v
need "Open a ballot on the options"
keys Enter
need "Pass the keyboard to"
# each member in turn: for the first option, against the second
for who in "Ada Osei" Jones "Ní Bhriain" "Pat Kerr"; do
	need "$who" 10
	no_counts "handing over to $who"
	keys Enter
	need "$who's ballot"
	if [ "$who" = Jones ]; then keys x Down f; else keys f Down x; fi
	no_counts "$who's ballot"
	keys Enter
done
need "4 ballots cast in this round"
need "Ballot 1 (Secret ballot) open: 4 of 4 voted"
no_counts "the workspace with the ballot open"
keys R
need "Reveal the results of ballot 1"
no_counts "the reveal question"
keys y
need "Ballot 1 (Secret ballot), revealed: 4 of 4 voted"
need "3 for · 1 against · 0 abstaining"
need "1 for · 3 against · 0 abstaining"
# the room's view on this one terminal: the results, never the notes
keys p
need "Ballot 1 results"
expect_no_screen "$NOTES" "notes in the present view"
expect_no_screen "speaking" "the facilitator's header in the present view"
keys p
need "Stage 4 Options"

# stage 5: the decision, the outcome, a recommendation and its owner
keys 5
need "Stage 5 Action"
keys Home Down Enter
need "Which option did you choose?"
keys Enter
need_gone "Which option did you choose?"
keys Down Down Down Enter
type_text "The panel advises suggesting, never writing."
leave_editor
keys Down Enter
type_text "Guidance on messages written with officers"
leave_editor
need "Recommendation 1"
keys o
need "Who is to act on this recommendation"
type_text "Insp Rao"
keys Enter
need "Recommendation 1 (owner: Insp Rao)"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

# what was recorded, attributed
responses
got=$(csvq participant stage=information kind=note <"$T/responses.csv" | tr '\n' '|')
[ "$got" = "Ada Osei|Jones|Ní Bhriain|" ] && pass || fail "stage 1 contributions: $got"
got=$(csvq participant stage=assessment kind=note <"$T/responses.csv")
[ "$got" = Jones ] && pass || fail "stage 2 contribution: $got"
got=$(csvq participant kind=principle principle=accountability <"$T/responses.csv")
[ "$got" = "Pat Kerr" ] && pass || fail "the principle's reasoning: $got"
got=$(csvq stance kind=principle principle=accountability <"$T/responses.csv")
[ "$got" = upholds ] && pass || fail "the principle's stance: $got"
got=$(csvq owner kind=recommendation <"$T/responses.csv")
[ "$got" = "Insp Rao" ] && pass || fail "the recommendation's owner: $got"
"$DILEMMA" export --table votes >"$T/votes.csv" || die "votes export failed"
got=$(csvq participant option_text="Suggest words, and say they are hers" <"$T/votes.csv" |
	sort | tr '\n' '|')
[ "$got" = "Ada Osei|Jones|Ní Bhriain|Pat Kerr|" ] && pass || fail "the votes' names: $got"
"$DILEMMA" export --table votes --anonymise >"$T/anon.csv" || die "anonymised export failed"
grep -q "Osei\|Jones\|Bhriain\|Kerr" "$T/anon.csv" && fail "--anonymise left a name" || pass
got=$(csvq participant <"$T/anon.csv" | sort -u | tr '\n' ' ')
[ "$got" = "P1 P2 P3 P4 " ] && pass || fail "pseudonyms: $got"
run "$DILEMMA" report "$(csvq session_id <"$T/votes.csv" | head -1)"
for text in "Ada Osei" "Pat Kerr" "We do not know what the trouble is." \
	"The panel advises suggesting, never writing." "Insp Rao" "Guidance on messages"; do
	case "$out" in *"$text"*) pass ;; *) fail "the minutes lack '$text'" ;; esac
done
finish
