#!/bin/sh
# dilemma stats: the plain report fits 80 columns into a pipe, each --by
# has its CSV table, --markdown is a report with its filters, -o writes a
# file; usage errors; a filter that matches nothing says so on stderr (and
# a --cohort typo gets the nearest cohort names) for stats, export and
# sessions alike, exit 0 with the header still written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

DB="$T/s.db"
awkward_script >"$T/script"
mksession "$DB" <"$T/script" >"$T/ids" || { echo "mksession failed"; exit 1; }
export DILEMMA_DB="$DB"

run "$DILEMMA" stats
expect_rc 0 "stats"
expect_out "2 sessions, 1 finished (50%). All sessions." "stats summary"
expect_out "Principle coverage:" "coverage section"
expect_out "Most overlooked:" "overlooked principles"
expect_out "What should Mum send?" "decisions per scenario"
expect_out "1 panel session held 1 ballot" "panels"
printf '%s\n' "$out" | python3 -c '
import sys
bad = [l for l in sys.stdin.read().split("\n") if len(l) > 80]
sys.exit(1 if bad else 0)' && pass || fail "plain report wider than 80 columns into a pipe"

for by in principle stage scenario pack cohort; do
	run "$DILEMMA" stats --by "$by"
	expect_rc 0 "stats --by $by"
	run "$DILEMMA" stats --by "$by" --csv
	expect_rc 0 "stats --by $by --csv"
	printf '%s\n' "$out" | python3 -c 'import csv,sys; rows=list(csv.reader(sys.stdin)); assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows), rows' &&
		pass || fail "stats --by $by --csv is one table"
done
"$DILEMMA" stats --csv | head -n 1 >"$T/h"
printf '"principle","principle_name","stage","sessions","considered","share","upholds","tension","neutral"\r\n' | cmp -s - "$T/h" && pass || fail "principle table header: $(cat "$T/h")"
"$DILEMMA" stats --csv --by cohort >"$T/c.csv"
python3 - "$T/c.csv" <<'PY' && pass || fail "cohort table values"
import csv, sys
rows = {r["cohort"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
a, b = rows["cohort A"], rows["cohort B"]
assert (a["sessions"], a["finished"], a["median_seconds"]) == ("1", "1", "1800"), a
assert (a["decided_own_wording"], a["panel_sessions"], a["turnout"]) == ("1", "1", "1.0000"), a
assert (b["finished"], b["undecided"], b["turnout"]) == ("0", "1", ""), b
PY
"$DILEMMA" stats --csv --by principle >"$T/p.csv"
python3 - "$T/p.csv" <<'PY' && pass || fail "principle table values"
import csv, sys
rows = {(r["principle"], r["stage"]): r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
f = rows[("fairness", "assessment")]
assert (f["sessions"], f["considered"], f["share"], f["upholds"]) == ("2", "1", "0.5000", "1"), f
assert rows[("integrity", "any")]["tension"] == "1"
assert rows[("leadership", "any")]["considered"] == "0"
PY

run "$DILEMMA" stats --markdown --cohort "cohort A"
expect_rc 0 "stats --markdown"
case "$out" in "# Cohort report"*) pass ;; *) fail "markdown title: $out" ;; esac
expect_out 'cohort `cohort A`' "markdown names its filters"
expect_out "| Principle | 1 | 2 | 3 | 4 | 5 | 0 | Any |" "markdown coverage table"
run "$DILEMMA" stats --participant "Chloé Zoë" --csv --by cohort
expect_out '"cohort A","1"' "--participant selects their sessions"
expect_no_out '"cohort B"' "--participant leaves out the others"
run "$DILEMMA" stats --markdown -o "$T/report.md"
expect_rc 0 "stats -o"
head -n 1 "$T/report.md" | grep -q "^# Cohort report" && pass || fail "stats -o writes the file"

# Usage errors.
run "$DILEMMA" stats --by week
expect_rc 2 "--by week"
expect_err "--by must be pack, scenario, cohort, stage or principle" "--by explained"
run "$DILEMMA" stats --csv --markdown
expect_rc 2 "--csv with --markdown"
run "$DILEMMA" stats extra
expect_rc 2 "stats with an argument"

# A filter that matches nothing: said on stderr, exit 0, the header kept.
run "$DILEMMA" stats --cohort "cohort a" --csv
expect_rc 0 "stats with no match"
expect_err "no session matches --cohort 'cohort a'; did you mean 'cohort A' or 'cohort B'?" "stats suggests cohorts"
expect_out '"principle","principle_name"' "stats writes the header anyway"
run "$DILEMMA" export --cohort "Cohort  A"
expect_rc 0 "export with no match"
expect_err "no session matches --cohort 'Cohort  A'; did you mean 'cohort A'" "export suggests cohorts"
expect_out '"session_id","session_label"' "export writes the header anyway"
run "$DILEMMA" export --table votes --pack nope --status open
expect_err "no session matches --pack 'nope', --status 'open'" "every filter named"
case "$err" in *"did you mean"*) fail "no cohort, no suggestion" ;; *) pass ;; esac
run "$DILEMMA" sessions --cohort "Detectives"
expect_rc 0 "sessions with no match"
expect_err "no session matches --cohort 'Detectives'" "sessions says so"
case "$err" in *"did you mean"*) fail "nothing near Detectives" ;; *) pass ;; esac
run "$DILEMMA" export --cohort "cohort A"
[ -z "$err" ] && pass || fail "a filter that matches says nothing: $err"
# Control characters in a filter are not printed raw.
run "$DILEMMA" export --cohort "$(printf 'x\033[2Jy')"
case "$err" in *"$(printf '\033')"*) fail "escape printed raw" ;; *) pass ;; esac

finish
