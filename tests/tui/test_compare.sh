#!/bin/sh
# The debrief compares a finished session with the other finished sessions
# on its scenario, of its cohort: how many chose as it did, and what most
# of them considered that it did not. A session alone in its cohort is
# compared with every cohort; an open session is not compared.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/cli/sessions_fixture.sh"
. "$(dirname "$0")/trainer_fixture.sh"

{
	trainer_script
	cat <<'SCRIPT'
now	2026-03-20T09:00:00Z
session	missing-teenager-whatsapp	solo	Trainee 9	Solo C
entry	action	decision	-	0	-	Option 1	1
now	2026-03-20T09:30:00Z
finish
SCRIPT
} | mksession "$DB" >"$T/ids" || die "mksession failed"

flat() { capture | tr '\n' ' ' | tr -s ' '; }
has() { case "$(flat)" in *"$1"*) pass ;; *) fail "$2: no '$1'"; screen >&2 ;; esac; }
lacks() { case "$(flat)" in *"$1"*) fail "$2: '$1' shown"; screen >&2 ;; *) pass ;; esac; }
# debrief N LABEL: the debrief of the Nth past session (0: the latest).
debrief() {
	keys Tab Tab Tab Home
	n=0
	while [ "$n" -lt "$1" ]; do keys Down; n=$((n + 1)); done
	keys b
	need "Debrief | $2"
	need "Compared with the others on this scenario"
}
back() {
	keys Escape
	need "Past sessions (8)"
	keys Tab # from the past sessions round to the scenarios
}

# Tall enough for the whole debrief.
start -s 100x70
need "Past sessions (8)"
# Past sessions, the latest finished first: Trainee 9, 7, 6, 5, 4, 3, 2, 1.
debrief 3 "Trainee 5"
has "Of 4 other finished sessions on this scenario in cohort Intake A, 0% (0) also decided in their own words, as you did." \
	"own words, against the cohort"
has "100% (4) considered Fairness at the Assessment stage; you did not." "what the others considered"
back
debrief 7 "Trainee 1"
has "Of 4 other finished sessions on this scenario in cohort Intake A, 50% (2) chose the option you chose." \
	"the same option as two of four"
has "Whatever half of them or more considered at a stage, you considered there too." "nothing missed"
lacks "you did not." "nothing missed"
back
debrief 2 "Trainee 6"
has "Of 1 other finished session on this scenario in cohort Intake B, 100% (1) chose the option you chose." \
	"the other scenario's session and the open one left out"
back
# alone in its cohort: every cohort's sessions on the scenario
debrief 0 "Trainee 9"
has "Of 7 other finished sessions on this scenario (in every cohort: no other of Solo C has finished it), 29% (2) chose the option you chose." \
	"a cohort of one"
has "100% (7) considered Openness at the Information stage; you did not." "what every cohort considered"
has "57% (4) considered Fairness at the Assessment stage; you did not." "the largest share first"
back
# an open session is not compared
keys BTab BTab Home b
need "Debrief | Trainee 8"
need "Your reasoning by stage"
lacks "Compared with the others" "an open session compared"
keys q
wait_exit || die "q did not quit"
finish
