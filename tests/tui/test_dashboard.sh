#!/bin/sh
# The trainer dashboard (D on the home screen), at 80x24 with NO_COLOR:
# the coverage map drawn in shades with its percentages and the selected
# cell in reverse video, what the selected cell counts, Enter listing the
# sessions behind a cell and o those that overlooked it, the filters
# (cohort, dates: a bad one refused, pack and scenario, all cleared), Enter
# on a listed session opening its debrief, Esc back to the list, the
# charts and home; then at 60x18.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/cli/sessions_fixture.sh"
. "$(dirname "$0")/trainer_fixture.sh"

trainer_script | mksession "$DB" >"$T/ids" || die "mksession failed"

# flat: the screen as one line, runs of blanks as one.
flat() { capture | tr '\n' ' ' | tr -s ' '; }
has() { case "$(flat)" in *"$1"*) pass ;; *) fail "$2: no '$1'"; screen >&2 ;; esac; }
lacks() { case "$(flat)" in *"$1"*) fail "$2: '$1' shown"; screen >&2 ;; *) pass ;; esac; }
# The screen's line holding TEXT, with its attributes (SGR sequences).
attr_line() { tm capture-pane -p -e -t "$APP" | grep -F -- "$1"; }
REV=$(printf '\033[7m')

start -e NO_COLOR=1
need "Past sessions (7)"
keys D
need "Trainer dashboard: 8 sessions, 7 finished"
need "Pack: all | Scenario: all | Cohort: all | From: any | To: any"
# the map: shades that read without colour, with the share in each cell
need_match "^ Fairness +0% ▓▓▓  62% +0% +0% +0% +0% ▓▓▓  62% *$"
need_match "^ Openness +███ 100% +0% +0% +0% +0% +0% ███ 100% *$"
need_match "^ Accountability +0% +0% +0% +0% +0% +0% +0% *$"
has "░ up to 25% ▒ up to 50% ▓ up to 75% █ more (blank: none)" "the shades' legend"
# the charts go on below the pane, and its title says so
need_match "^>Charts: Enter lists the sessions behind a cell +↓ more *$"
# the first cell is selected, in reverse video, and said in words
need "Accountability at Information: 0 of 8 sessions (0%) considered it."
case "$(attr_line 'Fairness')" in
*"$REV"*) fail "a cell of Fairness is selected before moving to it" ;;
*) pass ;;
esac
keys Down Right
need "Fairness at Assessment: 5 of 8 sessions (62%) considered it."
case "$(attr_line 'Fairness')" in
*"$REV▓▓▓  62%"*) pass ;;
*) fail "the selected cell is not in reverse video: $(attr_line 'Fairness' | cat -v)" ;;
esac

# Enter: the sessions behind the cell; o: those that overlooked it
keys Enter
need "Sessions that considered Fairness at Assessment (5)"
has "2026-03-01 09:00 UTC finished Trainee 1 | What should Mum send? | Intake A" "a session listed"
has "Trainee 4" "the sessions behind the cell"
has "2026-03-08 09:00 UTC open Trainee 8" "an open session behind the cell"
lacks "Trainee 5" "a session not in the cell"
keys Escape
need_gone "Sessions that considered"
keys o
need "Sessions that did not consider Fairness at Assessment (3)"
has "Trainee 5" "a session that overlooked it"
has "Trainee 7" "a session that overlooked it"
lacks "Trainee 1 " "a session that considered it"

# Enter on a listed session: its debrief; Esc: the list again
keys Down Enter
need "Debrief | Trainee 6"
keys Escape
need "Sessions that did not consider Fairness at Assessment (3)"
need "Trainer dashboard: 8 sessions, 7 finished"
keys Escape
need_gone "Sessions that did not consider"

# the cohort filter, chosen from the database's cohorts
keys c
need "Count the sessions of the cohort"
need "Intake B"
keys Down Enter
need "Cohort: Intake A"
need "Trainer dashboard: 5 sessions, 5 finished"
need_match "^ Fairness +0% ███  80% .* ███  80% *$"
need "Fairness at Assessment: 4 of 5 sessions (80%) considered it."
# dates: a bad one is refused and changes nothing; good ones narrow
keys f
need "Started on or after"
type_text "March 3rd"
keys Enter
need "Not a date: 'March 3rd'"
need "Trainer dashboard: 5 sessions, 5 finished"
keys f
need "Started on or after"
type_text "2026-03-03"
keys Enter
need "From: 2026-03-03"
need "Trainer dashboard: 3 sessions, 3 finished"
keys t
need "Started on or before"
type_text "2026-03-04"
keys Enter
need "To: 2026-03-04"
need "Trainer dashboard: 2 sessions, 2 finished"
need "Fairness at Assessment: 2 of 2 sessions (100%) considered it."
# a clears them all
keys a
need "Pack: all | Scenario: all | Cohort: all | From: any | To: any"
need "Trainer dashboard: 8 sessions, 7 finished"
# the scenario: the sessions' own, with the pack it is in
keys s
need "Count the sessions of the scenario"
need "What should Mum send? (social-media/missing-teenager-whatsapp)"
need "Rumours on Twitter during a critical incident"
keys Down Down Enter
need "Pack: social-media | Scenario: missing-teenager-whatsapp"
need "Trainer dashboard: 7 sessions, 7 finished"
# decisions by option, further down: Enter lists who chose it
scroll_until "3 of 7 sessions (43%) on What should Mum send?: 3. Help her write" Down 40 ||
	die "no decision row of option 3"
has "3. Help her write" "the decision's bar"
keys Enter
need "Sessions on What should Mum send?: 3. Help her write"
has "Trainee 3" "a session that chose option 3"
lacks "Trainee 4" "a session that chose option 2"
keys p
need "Count the sessions of the pack"
keys Up Enter
need "Pack: all | Scenario: all"
keys Escape
need "Past sessions (7)"

# 60x18: the map still reads, the filters say what is set
keys D
need "Trainer dashboard: 8 sessions, 7 finished"
resize 60 18
need "All sessions (p, s, c, f, t: filters)"
need_match "^ Fairness +▓▓▓▓▓ +▓▓▓▓▓ *$"
keys c
need "Intake B"
keys Down Down Enter
need "Cohort: Intake B"
need "Trainer dashboard: 3 sessions, 2 finished"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] || fail "exit status $status"
finish
