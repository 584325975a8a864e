#!/bin/sh
# A panel's time-box on a test clock (DILEMMA_TEST_CLOCK, for tests only):
# time left, paused, over (the panel is never moved on), a minute added;
# then a show of hands, revealed, and a second round by secret ballot
# during which the workbench is killed: no cast vote is lost, and the
# ballot is still open, with the same count voted, when the session is
# opened again.
. "$(dirname "$0")/lib.sh"

clock() { echo "$1" >"$T/clock"; }
clock 2026-06-01T10:00:00Z
APPARGS="-e DILEMMA_TEST_CLOCK=$T/clock -e DILEMMA_NO_BELL=1"

# shellcheck disable=SC2086
start $APPARGS start social-media/missing-teenager-whatsapp --panel \
	--participant Ada:chair --participant Ben --timebox 2
need "Stage 1 Information"
need "02:00 left"
leave_editor
clock 2026-06-01T10:01:00Z
need "01:00 left"
keys P
need "The clock is paused."
need "01:00 left paused"
clock 2026-06-01T10:05:00Z
sleep 1.5 # two redraws: a paused clock does not move
need "01:00 left paused"
keys P
need "The clock runs again."
clock 2026-06-01T10:06:30Z
need "+00:30 over"
need "The time-box of this stage has run out"
expect_screen "Stage 1 Information" "the panel stays at its stage when time is over"
keys +
need "A minute added"
need "00:30 left"

# a show of hands on two options
keys a
type_text "Suggest words"
leave_editor
keys a
type_text "Decline"
leave_editor
need "Option 2"
keys v
need "Open a ballot on the options"
keys Down Enter
need "Show of hands, ballot 1"
type_text 1
keys Tab
type_text 1
keys Tab Tab
type_text 0
keys Tab
type_text 2
keys Enter
need "Hands recorded for ballot 1"
need "Ballot 1 (Show of hands) open: 2 of 2 voted"
capture | grep -qE '[0-9]+ (for|against|abstain)' && fail "counts shown before the reveal" || pass
keys R y
need "1 for · 1 against · 0 abstaining"
need "0 for · 2 against · 0 abstaining"

# a second round, by secret ballot; the workbench is killed after Ada's
keys v
need "Open a ballot on the options"
keys Enter
need "Pass the keyboard to"
need "Ada (chair)"
keys Enter
need "Ada's ballot"
keys f Enter
need "Ben (member)"
kill -9 "$(app_pid)"
wait_exit || die "the workbench did not die"

# shellcheck disable=SC2086
start $APPARGS
need "Open sessions: resume (1)"
keys Tab Tab Enter
need "Stage 4 Options"
need ">Stage 4"
need "Ballot 2: 1 of 2 voted" # in the header
scroll_until "Ballot 2 (Secret ballot) open: 1 of 2 voted" PgDn 5 ||
	die "the ballot is not open with Ada's vote after the kill"
keys v
need "Pass the keyboard to"
need "Ada (chair)"
keys Escape
need "Ben (member)"
keys Enter
need "Ben's ballot"
keys x Enter
need "1 ballot cast in this round"
keys R y
need "Ballot 2 (Secret ballot), revealed: 2 of 2 voted"
need "1 for · 1 against · 0 abstaining"
keys q
wait_exit || die "q did not quit"

"$DILEMMA" export --table votes >"$T/votes.csv" || die "votes export failed"
got=$(csvq participant ballot=2 <"$T/votes.csv" | tr '\n' '|')
[ "$got" = "Ada|Ben|" ] && pass || fail "ballot 2's votes: $got"
got=$(csvq count ballot=1 option_text=Decline value=-1 <"$T/votes.csv")
[ "$got" = 2 ] && pass || fail "the show of hands: $got"
"$DILEMMA" export --table sessions >"$T/sessions.csv" || die "sessions export failed"
got=$(csvq timebox_information <"$T/sessions.csv")
[ "$got" = 180 ] && pass || fail "stage 1 allowed $got seconds, wanted 180 (2 minutes and 1 added)"
finish
