#!/bin/sh
# The debrief of a panel shows it per participant, as the minutes do: who
# took part and their roles, the grid and its "not considered" line as
# before, the outcome, the recommendations with their owners, each ballot
# (the revealed one with its counts, the other with how many voted and no
# count), each participant's stances, and the discussion in the order
# spoken. A solo trainee's debrief shows the scenario's facilitator notes as
# "What panels tend to miss", once the session is finished and not before.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/cli/sessions_fixture.sh"

{
	panel_script
	cat <<'SCRIPT'
now	2026-04-02T09:00:00Z
session	missing-teenager-whatsapp	solo	Solo practice	cohort S	Ada:member
event	stage-entered	information
entry	information	note	-	1	-	She needs words of her own.
SCRIPT
} | mksession "$DB" >"$T/ids" || die "mksession failed"

# The screen as one line, runs of blanks as one.
flat() { capture | tr '\n' ' ' | tr -s ' '; }
# has TEXT WHAT / lacks TEXT WHAT: on the flattened screen, or not.
has() { case "$(flat)" in *"$1"*) pass ;; *) fail "$2: no '$1'"; screen >&2 ;; esac; }
lacks() { case "$(flat)" in *"$1"*) fail "$2: '$1' shown"; screen >&2 ;; *) pass ;; esac; }

# Tall enough for the whole debrief at once.
start -s 110x150
need "Past sessions (1)"
keys Tab Tab Tab b
need "Debrief | April panel"
need "The discussion by stage, in the order spoken"
has "Panel: T Osei (Chair), U Ní Bhriain (Member), Jones (Member), Pat Kerr (Member), Sam Lee (Observer)" \
	"who took part, with roles"
# the grid and its line, as they were
need_match "^ *1 Information +\. +\. +\. +\. +\. +\. +M +\. +\. *$"
has "Not considered at any stage: Accountability, Fairness, Honesty, Integrity, Leadership, Objectivity, Respect, Selflessness" \
	"the not-considered line"
has "Outcome: the panel's advice or conclusion T Osei: The panel advises suggesting, never writing." "outcome"
has "Recommendations (2) 1. U Ní Bhriain: Guidance on messages written with officers Owner: Insp Rao 2. T Osei: Share the case at the next briefing Owner: none named" \
	"recommendations with owners"
# the revealed ballot with its counts; the other with how many voted, and
# no count of its votes (3 for and 1 against, were they shown)
has "Ballot 1, Secret ballot: revealed 2026-04-01 09:16 UTC; 4 of 4 voted" "the revealed ballot"
need_match "^ +1\. Suggest words.* [█▉▊▋▌▍▎▏]+ +3 for · 0 against · 1 abstaining *$"
need_match "^ +2\. Decline, and explain why +[█▉▊▋▌▍▎▏]+ +1 for · 0 against · 0 abstaining *$"
has "Ballot 2, Show of hands: not revealed; 3 of 4 voted" "the hidden ballot"
lacks "3 for · 0 against · 0 abstaining" "the hidden ballot's counts"
lacks "0 for · 1 against · 0 abstaining" "the hidden ballot's counts"
has "Stances by participant Gather information and intelligence Openness: U Ní Bhriain (Upholds) · Jones (In tension)" \
	"stances per participant"
# in the order spoken, not the order saved last
has "Gather information and intelligence U Ní Bhriain: We do not know what the trouble is, yet. T Osei: Nor does the mother. Jones on Openness (In tension): Whose words are these? U Ní Bhriain on Openness (Upholds) Assess" \
	"the discussion attributed, in the order spoken"
lacks "What panels tend to miss" "facilitator notes in a panel's debrief"

# A solo session: no notes while it is open; finished, they are there.
keys Escape
need "Open sessions: resume (1)"
keys BTab b
need "Debrief | Solo practice"
need "Your reasoning by stage"
lacks "What panels tend to miss" "the notes before finishing"
lacks "Stances by participant" "a panel's sections in a solo debrief"
keys Escape
need "Open sessions: resume (1)"
keys Enter
need "Stage 1 Information"
keys f
need "Finish this session and see its debrief?"
keys y
need "Debrief | Solo practice"
need "What panels tend to miss"
has "What panels tend to miss Most groups split early between those who would simply help" \
	"the scenario's facilitator notes after finishing"
keys q
wait_exit || die "q did not quit"
finish
