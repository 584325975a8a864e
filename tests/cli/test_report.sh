#!/bin/sh
# dilemma report: Markdown minutes by full id or prefix, with and without
# the session's snapshot; unknown, short and ambiguous ids; -o atomic and
# 0600; a full disk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

export DILEMMA_DB="$T/s.db"
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

# The shape of the minutes, in order.
printf '%s\n' "$full" >"$T/r.md"
order=$(grep -n '^#' "$T/r.md" | sed 's/^\([0-9]*\):\(#* [A-Z][a-z]*\).*/\2/' | tr '\n' '|')
want='# Minutes|## Item|## Background|## Objective|## Discussion|### Gather|### Assess|#### Fairness|#### Honesty|#### Integrity|#### Respect|### Identify|## Options|## Decision|## Rationale|'
[ "$order" = "$want" ] && pass || fail "headings: $order"
expect_out "| Session | $S1 |" "session id in the record"
expect_out "| Present | Alice (chair), Bob (member), Chloé Zoë (member) |" "who was present"
expect_out "| Cohort | cohort A |" "cohort"
expect_out "| Time taken | 30 min 00 s |" "time taken"
expect_out "*Time at this stage: 6 min 00 s.*" "time per stage"
expect_out "He is not answering calls." "background from the snapshot"
expect_out "**Alice (chair):** commas, here, and \"double quotes\" too (revised)" "attributed, latest revision"
expect_out "*In tension.* **Alice (chair):** =HYPERLINK" "stance and attribution of a principle entry"
expect_out "1. Write the message for her
   Votes: 2 for, 0 against, 0 abstaining." "votes: a later vote replaces an earlier one"
expect_out "2. Decline, and explain why
   Votes: 0 for, 0 against, 1 abstaining." "abstention"
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

# Without a snapshot (an imported session): still minutes, saying so.
"$DILEMMA" export --session "$S1" >"$T/s1.csv"
run "$DILEMMA" --db "$T/imported.db" import "$T/s1.csv"
expect_rc 0 "import for the report"
run "$DILEMMA" --db "$T/imported.db" report "$P1"
expect_rc 0 "report without a snapshot"
expect_out "was not kept with this session" "says the scenario text is not kept"
expect_out "**Alice:** commas, here" "entries still attributed"
expect_out "#### Integrity" "principle names from the built-in framework"

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
