#!/bin/sh
# Times and messages (issue 13): the debrief and the dashboard show local
# times with the zone, as TZ says (a British rule here: BST in April), and
# the minutes written from the workbench too; the footer says where the report and
# the export went as an absolute path, whatever was typed.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/cli/sessions_fixture.sh"

cat <<'SCRIPT' | mksession "$DB" >"$T/ids" || die "mksession failed"
now	2026-04-02T09:00:00Z
session	missing-teenager-whatsapp	solo	Spring practice	-	Ada:member
event	stage-entered	information
entry	information	note	-	1	-	She needs words of her own.
now	2026-04-02T09:25:00Z
finish
SCRIPT
id=$(head -n 1 "$T/ids")
here=$(cd "$T" && pwd -P)
mkdir "$T/out"

# flat: the screen as one line, runs of blanks as one.
flat() { capture | tr '\n' ' ' | tr -s ' '; }
has() { case "$(flat)" in *"$1"*) pass ;; *) fail "$2: no '$1'"; screen >&2 ;; esac; }

for size in 80x24 60x18 120x40; do
	start -s "$size" -e TZ=GMT0BST,M3.5.0/1,M10.5.0
	need "Past sessions (1)"
	keys Tab Tab Tab b
	need "Debrief | Spring practice"
	has "started 2026-04-02 10:00 BST; finished 2026-04-02 10:25 BST" "$size: local start and finish"
	# the dashboard's list of sessions too
	keys Escape
	need "Past sessions (1)"
	keys D
	need "Trainer dashboard: 1 session"
	keys o
	need "Sessions that did not consider"
	has "2026-04-02 10:00 BST finished Spring practice" "$size: the dashboard's list in local time"
	keys q
	wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"
done

# Another zone, another time: TZ is read, not assumed.
start -e TZ=EST5EDT,M3.2.0,M11.1.0
need "Past sessions (1)"
keys Tab Tab Tab b
need "Debrief | Spring practice"
has "started 2026-04-02 05:00 EDT" "the debrief in New York time"

# The report and the export say where they went, whole: the default name
# lands in the folder the workbench runs in ($T), a relative name too.
keys r
need "Write the report"
keys Enter
need "Report written to $here/dilemma-report-$(printf '%s' "$id" | cut -c1-8).md"
grep -qF "| Started | 2026-04-02 05:00 EDT |" "$T/dilemma-report-$(printf '%s' "$id" | cut -c1-8).md" &&
	pass || fail "the minutes written from the debrief are not in local time"
keys r
need "Write the report"
keys C-u
type_text "./out/minutes.md"
keys Enter
need "Report written to $here/out/minutes.md"
[ -s "$T/out/minutes.md" ] && pass || fail "no report at out/minutes.md"
keys x
need "Export the responses as CSV"
keys C-u
type_text "out/r.csv"
keys Enter
need "Responses exported to $here/out/r.csv"
# the CSV keeps UTC, as documented
grep -qF "2026-04-02T09:00:00Z" "$T/out/r.csv" && pass || fail "the CSV does not keep UTC"
# an absolute name is said as typed
keys x
need "Export the responses as CSV"
keys C-u
type_text "$here/out/abs.csv"
keys Enter
need "Responses exported to $here/out/abs.csv"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"
finish
