#!/bin/sh
# One question, one answer: a session with two principle stances and no
# text, and a two-participant session whose members chose different
# options (the one saved last has the lower entry id) and voted, give the
# same answers in the debrief, `dilemma report` and `export --table
# sessions` (tests/unit/test_tally.c checks the rules themselves). Before
# tally, the debrief counted the stances, the export gave
# principles_reasoned 0 and the minutes said no discussion was recorded;
# the debrief showed the decision with the highest id, the export the one
# saved last.
. "$(dirname "$0")/lib.sh"
: "${MKSESSION:?run through meson test}"

"$MKSESSION" "$DB" "$SRCDIR/scenarios/social-media.yaml" >"$T/ids" <<'SCRIPT' ||
now	2026-02-01T10:00:00Z
session	missing-teenager-whatsapp	solo	Stances only	Test	Ada:member
event	stage-entered	assessment
entry	assessment	principle	fairness	1	upholds
now	2026-02-01T10:03:00Z
event	stage-entered	powers
entry	powers	principle	integrity	1	tension
now	2026-02-01T10:05:00Z
finish
now	2026-02-02T10:00:00Z
session	offender-image-release	panel	Two minds	Test	Ada:chair,Osei:member
event	stage-entered	options
entry	options	option	-	1	-	Withhold the image
entry	options	option	-	2	-	Release the image
event	ballot-opened	options	1	secret
vote	1	1	1
vote	2	1	-1
vote	2	2	1
event	vote-revealed	options	1
now	2026-02-02T10:05:00Z
event	stage-entered	action
entry	action	decision	-	2	-	Release the image
now	2026-02-02T10:06:00Z
entry	action	decision	-	1	-	Withhold the image
now	2026-02-02T10:08:00Z
revise	3	Release the image, without the address
finish
SCRIPT
	die "mksession failed"
A=$(sed -n 1p "$T/ids")
B=$(sed -n 2p "$T/ids")
CHOSEN="Release the image, without the address"

# export --table sessions
"$DILEMMA" export --table sessions >"$T/sessions.csv" || die "export failed"
got=$(csvq principles_reasoned session_id="$A" <"$T/sessions.csv")
[ "$got" = 2 ] && pass || fail "export: principles_reasoned of the stance-only session is '$got'"
got=$(csvq chosen_option session_id="$B" <"$T/sessions.csv")
[ "$got" = "$CHOSEN" ] && pass || fail "export: chosen_option is '$got'"

# report
run "$DILEMMA" report "$A"
case "$out" in *"No discussion was recorded."*) fail "report: the stances are not discussion" ;; *) pass ;; esac
case "$out" in *"#### Fairness"*"*Upholds.*"*"#### Integrity"*"*In tension.*"*) pass ;;
*) fail "report: the stances are not in the discussion: $out" ;; esac
run "$DILEMMA" report "$B"
case "$out" in *"## Decision

**Osei (member):** $CHOSEN"*) pass ;;
*) fail "report: the decision is not the one saved last: $out" ;; esac
case "$out" in *"Also recorded as a decision:

**Ada (chair):** Withhold the image"*) pass ;;
*) fail "report: the other member's decision is left out: $out" ;; esac
case "$out" in *"| 1. Withhold the image | 1 | 1 | 0 |
| 2. Release the image | 1 | 0 | 0 |"*) pass ;;
*) fail "report: the votes: $out" ;; esac

# the debrief: B is the most recent past session, A the next
flat() { capture | tr '\n' ' ' | tr -s ' '; }
start -s 100x40
need "Past sessions (2)"
keys Tab Tab Tab Down
keys b
need "Debrief | Stances only"
need "Not considered at any stage:"
f=$(flat)
case "$f" in *"Not considered at any stage: Accountability, Honesty, Leadership, Objectivity, Openness, Respect, Selflessness Decision"*) pass ;;
*) fail "debrief: the stance-only principles are not considered: $f" ;; esac
need_match "^ *2 Assessment +\. +U +\. +\. "
need_match "^ *3 Powers.* +\. +\. +\. +T +\. "
keys Escape
need "Past sessions (2)"
keys Up b
need "Debrief | Two minds"
f=$(flat)
case "$f" in *"Decision Osei: $CHOSEN Rationale"*) pass ;;
*) fail "debrief: the decision is not the one saved last: $f" ;; esac
keys q
wait_exit || die "q did not quit"
finish
