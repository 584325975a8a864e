#!/bin/sh
# dilemma report: Markdown minutes by full id or prefix, with and without
# the session's snapshot; a solo session's shape and a panel's (attendance,
# the discussion in the order spoken, stances per participant, ballots
# revealed and not, outcome, recommendations with owners, time against the
# time-box); unknown, short and ambiguous ids; -o atomic and 0600; a full
# disk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

export DILEMMA_DB="$T/s.db"
# Times in the minutes are local, with the zone: a British rule (BST from
# the last Sunday of March), written out so no zone database is needed.
export TZ="GMT0BST,M3.5.0/1,M10.5.0"
awkward_script | mksession "$DILEMMA_DB" >"$T/ids"
S1=$(sed -n 1p "$T/ids")
S2=$(sed -n 2p "$T/ids")
P1=$(echo "$S1" | cut -c1-8)

run "$DILEMMA" report "$S1"
expect_rc 0 "report by full id"
full=$out
run "$DILEMMA" report "$P1"
expect_rc 0 "report by 8-character prefix"
[ "$out" = "$full" ] && pass || fail "prefix and full id give the same minutes"

# headings FILE: the minutes' headings (their first word), in order.
headings() {
	grep '^#' "$1" | sed 's/^\(#* [A-Z][a-z]*\).*/\1/' | tr '\n' '|'
}

# shape ID FILE WANT WHAT: the minutes of ID (in FILE and $out), and
# their headings are WANT.
shape() {
	run "$DILEMMA" report "$1"
	expect_rc 0 "$4 report"
	printf '%s\n' "$out" >"$2"
	order=$(headings "$2")
	[ "$order" = "$3" ] && pass || fail "$4 headings: $order"
}

# The shape of the minutes, in order.
printf '%s\n' "$full" >"$T/r.md"
order=$(headings "$T/r.md")
want='# Minutes|## Attendance|## Item|## Background|## Objective|## Discussion|### Gather|### Assess|### Identify|## Principle|## Options|### Ballot|## Decision|## Rationale|## Time|'
[ "$order" = "$want" ] && pass || fail "headings: $order"
expect_out "| Session | $S1 |" "session id in the record"
expect_out "| Name | Role |
| --- | --- |
| Alice | Chair |
| Bob | Member |
| Chloé Zoë | Member |" "attendance"
expect_no_out "| Present |" "a panel's attendance is a table"
expect_out "| Cohort | cohort A |" "cohort"
expect_out "| Time taken | 30 min 00 s |" "time taken"
expect_out "| Started | 2026-01-31 09:00 GMT |
| Finished | 2026-01-31 09:30 GMT |" "start and finish in local time (winter)"
TZ=EST5EDT,M3.2.0,M11.1.0 run "$DILEMMA" report "$S1"
expect_out "| Started | 2026-01-31 04:00 EST |" "TZ is honoured"
expect_out "*Time at this stage: 6 min 00 s.*" "time per stage"
expect_out "He is not answering calls." "background from the snapshot"
expect_out "**Alice (chair):** commas, here, and \"double quotes\" too (revised)" "attributed, latest revision"
expect_out "**Alice (chair), on Integrity:** *In tension.* =HYPERLINK" "stance and attribution of a principle entry"
expect_out "| Assessment | Integrity | In tension | — | — |" "stances per participant"
# Votes recorded without a ballot opened or revealed: never counted aloud.
expect_out "### Ballot 1

Votes recorded without a ballot being opened; not revealed: 3 of 3 voted." "unrevealed votes"
expect_no_out "Votes:" "no counts of unrevealed votes"
expect_no_out "| Option |" "no table of unrevealed votes"
expect_out "## Decision

**Alice (chair):** Decline, and explain why" "decision"
expect_no_out "to be deleted" "deleted entries are left out"
expect_out "$(printf '\n\t')starts with a tab" "text starting with a tab kept"
grep -q "$(printf '\r')" "$T/r.md" && fail "CR in the minutes" || pass

# An open session says so.
run "$DILEMMA" report "$S2"
expect_out "| Finished | not yet (the session is open) |" "open session"
expect_out "No decision was recorded." "no decision"
expect_out "## Objective" "objective of the second scenario"

# Markdown in what was typed stays text.
printf 'now\t2026-03-01T10:00:00Z\nsession\tstation-whatsapp-group\tsolo\tEscapes\nentry\tinformation\tnote\t-\t0\t-\t# not a heading\\n> not a quote\\n1. not a list\n' |
	mksession "$DILEMMA_DB" >"$T/id3"
run "$DILEMMA" report "$(cat "$T/id3")"
expect_out '\# not a heading
\> not a quote
1\. not a list' "Markdown in texts escaped"

# A solo session keeps the shape it always had: principle by principle,
# votes beside the options, no attendance, ballots or time-box.
mksession "$DILEMMA_DB" >"$T/solo" <<'SCRIPT'
now	2026-03-01T10:00:00Z
session	missing-teenager-whatsapp	solo	Solo practice	cohort Z	Ada:member
event	stage-entered	information
entry	information	note	-	1	-	First thought
entry	information	principle	openness	1	tension	Say what?
entry	information	principle	fairness	1	upholds
now	2026-03-01T10:04:00Z
event	stage-entered	options
entry	options	option	-	1	-	Option one
entry	options	option	-	1	-	Option two
entry	options	contingency	-	1	-	If not
vote	1	5	1
now	2026-03-01T10:08:00Z
event	stage-entered	action
entry	action	decision	-	1	-	Option two
entry	action	rationale	-	1	-	Because
entry	action	outcome	-	1	-	It went
entry	action	recommendation	-	1	-	Train more	Sgt Bloggs
entry	action	review	-	1	-	Next time
finish
SCRIPT
shape "$(cat "$T/solo")" "$T/solo.md" '# Minutes|## Item|## Background|## Objective|## Discussion|### Gather|#### Fairness|#### Openness|### Identify|## Options|### Contingencies|## Decision|## Rationale|## Outcome|## Recommendations|## Review|' "solo"
expect_out "| Present | Ada (member) |" "solo: who was present"
expect_out "#### Openness

*In tension.* Say what?" "solo: stance, unattributed"
expect_out "2. Option two
   Votes: 1 for, 0 against, 0 abstaining." "solo: votes beside the option"
expect_out "## Recommendations

Train more

## Review" "solo: recommendations as they were"
expect_no_out "Owner" "solo: no owners"
expect_no_out "## Attendance" "solo: no attendance table"
expect_no_out "Time-box" "solo: no time-box"

# A panel of four members and an observer (sessions_fixture.sh).
panel_script | mksession "$DILEMMA_DB" >"$T/panel"
shape "$(cat "$T/panel")" "$T/panel.md" '# Minutes|## Attendance|## Item|## Background|## Objective|## Discussion|### Gather|### Identify|### Take|## Principle|## Options|### Ballot|### Ballot|## Decision|## Rationale|## Outcome|## Recommendations|## Time|' "panel"
expect_out "| T Osei | Chair |
| U Ní Bhriain | Member |
| Jones | Member |
| Pat Kerr | Member |
| Sam Lee | Observer |" "panel: attendance with roles"
expect_out "Further information (released at 2026-04-01 10:03 BST, Gather information and intelligence):" "panel: when the inject was released"
# In the order spoken: the revision at 09:03 does not move U Ní Bhriain's
# first word after T Osei's.
expect_out "**U Ní Bhriain (member):** We do not know what the trouble is, yet.

**T Osei (chair):** Nor does the mother.

**Jones (member), on Openness:** *In tension.* Whose words are these?

**U Ní Bhriain (member), on Openness:** *Upholds.*" "panel: the discussion attributed, in order"
expect_out "| Stage | Principle | U Ní Bhriain (member) | Jones (member) |
| --- | --- | --- | --- |
| Information | Openness | Upholds | In tension |" "panel: stances per participant"
expect_out "### Ballot 1: Secret ballot

Opened 2026-04-01 10:14 BST; revealed 2026-04-01 10:16 BST; 4 of 4 voted.

| Option | For | Against | Abstaining |
| --- | ---: | ---: | ---: |
| 1. Suggest words, and say they are hers | 3 | 0 | 1 |
| 2. Decline, and explain why | 1 | 0 | 0 |

Most votes for: 1. Suggest words, and say they are hers." "panel: the revealed ballot, a later vote replacing an earlier one"
sed -n '/^### Ballot 2/,/^## Decision/p' "$T/panel.md" >"$T/ballot2"
grep -q "^Opened 2026-04-01 10:16 BST; not revealed: 3 of 4 voted. Its results are not shown until it is revealed.$" "$T/ballot2" &&
	pass || fail "panel: the hidden ballot: $(cat "$T/ballot2")"
grep -q '|\|Most votes' "$T/ballot2" && fail "panel: counts of the hidden ballot shown" || pass
expect_out "## Outcome

**T Osei (chair):** The panel advises suggesting, never writing." "panel: outcome"
expect_out "## Recommendations

1. **U Ní Bhriain (member):** Guidance on messages written with officers
   Owner: Insp Rao.
2. **T Osei (chair):** Share the case at the next briefing
   Owner: none named." "panel: numbered recommendations with owners"
expect_out "| Information | 10 min 00 s | 2 min 00 s | 12 min 00 s | 0 s left |" "panel: time against the time-box, paused time not used"
expect_out "| Options | 10 min 00 s | — | 6 min 00 s | 4 min 00 s left |" "panel: options' time"
expect_out "| Action | 10 min 00 s | — | 5 min 00 s | 5 min 00 s left |" "panel: action's time"

# Without a snapshot (an imported session): still minutes, saying so.
"$DILEMMA" export --session "$S1" >"$T/s1.csv"
run "$DILEMMA" --db "$T/imported.db" import "$T/s1.csv"
expect_rc 0 "import for the report"
run "$DILEMMA" --db "$T/imported.db" report "$P1"
expect_rc 0 "report without a snapshot"
expect_out "was not kept with this session" "says the scenario text is not kept"
expect_out "**Alice:** commas, here" "entries still attributed"
expect_out "| Assessment | Integrity |" "principle names from the built-in framework"

# Unknown, too short and ambiguous ids exit 1.
run "$DILEMMA" report 00000000-0000-4000-8000-000000000000
expect_rc 1 "unknown id"
expect_err "no session has that id" "unknown id message"
run "$DILEMMA" report "$(echo "$S1" | cut -c1-7)"
expect_rc 1 "7-character prefix"
expect_err "at least its first 8 characters" "short prefix message"
sed 's/^"'"$S1"'"/"abcdef01-0000-4000-8000-000000000001"/' "$T/s1.csv" >"$T/x1.csv"
sed 's/^"'"$S1"'"/"abcdef01-0000-4000-8000-000000000002"/' "$T/s1.csv" >"$T/x2.csv"
"$DILEMMA" import "$T/x1.csv" >/dev/null && "$DILEMMA" import "$T/x2.csv" >/dev/null
run "$DILEMMA" report abcdef01
expect_rc 1 "ambiguous prefix"
expect_err "more than one session starts with that id" "ambiguous message"
run "$DILEMMA" report abcdef01-0000-4000-8000-000000000002
expect_rc 0 "a full id that also matches a prefix's"

# -o: atomic, 0600; full disk; usage.
run "$DILEMMA" report "$S1" -o "$T/min.md"
expect_rc 0 "report -o"
[ "$(cat "$T/min.md")" = "$full" ] && pass || fail "-o content"
[ "$(stat -c %a "$T/min.md")" = 600 ] && pass || fail "-o mode $(stat -c %a "$T/min.md")"
run "$DILEMMA" report "$S1" -o /dev/full
expect_rc 1 "report -o /dev/full"
expect_err "disk is full" "report -o /dev/full message"
run "$DILEMMA" report
expect_rc 2 "report without an id"
expect_err "usage: dilemma report SESSION" "usage line"
run "$DILEMMA" report "$S1" "$S2"
expect_rc 2 "two ids"

finish
