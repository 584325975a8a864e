#!/bin/sh
# dilemma import: the round trip export -> import -> export byte for byte
# with awkward texts, with and without a byte order mark and --raw;
# importing twice adds nothing; malformed files are refused with their line
# and import nothing; a SIGKILL in the middle leaves a sound database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

DB="$T/s.db"
awkward_script >"$T/script"
mksession "$DB" <"$T/script" >"$T/ids" || { echo "mksession failed"; exit 1; }
"$DILEMMA" --db "$DB" export >"$T/a.csv"
"$DILEMMA" --db "$DB" export --raw >"$T/a-raw.csv"
"$DILEMMA" --db "$DB" export --bom >"$T/a-bom.csv"

# Round trip into a fresh database, byte for byte.
run "$DILEMMA" --db "$T/b.db" import "$T/a.csv"
expect_rc 0 "import"
expect_out "20 rows read: 20 new, 0 already in the database; 2 new sessions" "import counts"
"$DILEMMA" --db "$T/b.db" export >"$T/b.csv"
cmp -s "$T/a.csv" "$T/b.csv" && pass || fail "export -> import -> export differs: $(cmp "$T/a.csv" "$T/b.csv")"
"$DILEMMA" --db "$T/b.db" export --raw >"$T/b-raw.csv"
cmp -s "$T/a-raw.csv" "$T/b-raw.csv" && pass || fail "texts are not byte for byte after import"
run python3 "$(dirname "$0")/check_csv.py" "$T/script" "$T/ids" "$T/b-raw.csv" raw
expect_rc 0 "imported texts read by Python ($err)"

# Twice adds nothing.
run "$DILEMMA" --db "$T/b.db" import "$T/a.csv"
expect_rc 0 "import again"
expect_out "0 new, 20 already in the database; 0 new sessions" "second import adds nothing"
"$DILEMMA" --db "$T/b.db" export --table history >"$T/b-hist2.csv"
[ "$(grep -c . "$T/b-hist2.csv")" = "$(grep -c . "$T/b.csv")" ] && pass || fail "history grew on a second import"
# Into the database it came from: nothing new either.
run "$DILEMMA" --db "$DB" import "$T/a.csv"
expect_out "0 new, 20 already" "import into the source database adds nothing"

# With a byte order mark; and a --raw export imported with --raw.
run "$DILEMMA" --db "$T/c.db" import "$T/a-bom.csv"
expect_rc 0 "import with BOM"
"$DILEMMA" --db "$T/c.db" export | cmp -s - "$T/a.csv" && pass || fail "BOM round trip"
run "$DILEMMA" --db "$T/d.db" import --raw "$T/a-raw.csv"
expect_rc 0 "import --raw"
"$DILEMMA" --db "$T/d.db" export --raw | cmp -s - "$T/a-raw.csv" && pass || fail "--raw round trip"
# A history export round-trips too, and gives the same responses.
"$DILEMMA" --db "$DB" export --table history >"$T/a-hist.csv"
run "$DILEMMA" --db "$T/f.db" import "$T/a-hist.csv"
expect_rc 0 "import of a history export"
expect_out "23 rows read: 23 new" "history import counts every revision"
"$DILEMMA" --db "$T/f.db" export --table history | cmp -s - "$T/a-hist.csv" && pass || fail "history round trip"
"$DILEMMA" --db "$T/f.db" export | cmp -s - "$T/a.csv" && pass || fail "responses from an imported history"
# From stdin.
run sh -c "'$DILEMMA' --db '$T/e.db' import - <'$T/a.csv'"
expect_rc 0 "import from stdin"

# A hand-written file: unquoted fields, spaces kept, LF line ends, any order
# of columns.
cat >"$T/hand.csv" <<'CSV'
text,session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,scenario_title,framework,participant,stage,principle,stance,kind,entry_id,revision,created_at,updated_at
  spaced out  ,4a4d0000-0000-4000-8000-000000000001,Hand made,,solo,p,1,s,S,coe-2014,  Dana  ,information,,,note,1,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z
	tabbed	,4a4d0000-0000-4000-8000-000000000001,Hand made,,solo,p,1,s,S,coe-2014,,assessment,integrity,upholds,principle,2,3,2026-03-01T10:00:00Z,2026-03-01T10:05:00Z
CSV
run "$DILEMMA" --db "$T/h.db" import "$T/hand.csv"
expect_rc 0 "hand-written import"
"$DILEMMA" --db "$T/h.db" export --raw >"$T/h.csv"
python3 - "$T/h.csv" <<'PY' && pass || fail "unquoted spaces and tabs kept"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert [r["text"] for r in rows] == ["  spaced out  ", "\ttabbed\t"], rows
assert rows[0]["participant"] == "  Dana  " and rows[1]["revision"] == "3"
PY

# Malformed files: refused with the line, nothing imported.
"$DILEMMA" --db "$T/m.db" import "$T/hand.csv" >/dev/null
"$DILEMMA" --db "$T/m.db" export --table history >"$T/m-before.csv"
refuse_in() { # refuse_in DB HISTORY FILE LINE WHAT: HISTORY is DB's history before
	run "$DILEMMA" --db "$1" import "$3"
	expect_rc 1 "$5"
	expect_err "$3:$4:" "$5: line $4 named"
	expect_err "nothing was imported" "$5: says nothing was imported"
	"$DILEMMA" --db "$1" export --table history | cmp -s - "$2" && pass ||
		fail "$5: the database changed"
}
refuse() { refuse_in "$T/m.db" "$T/m-before.csv" "$@"; } # refuse FILE LINE WHAT
# Line 4 starts a row whose quoted field never closes.
{ head -n 3 "$T/a.csv"; printf '"x","unclosed\r\n'; } >"$T/bad1.csv"
refuse "$T/bad1.csv" 4 "unclosed quote"
# A quote in the middle of a quoted field: line 3.
{ head -n 2 "$T/a.csv"; printf '"a"b",1\r\n'; } >"$T/bad2.csv"
refuse "$T/bad2.csv" 3 "stray quote"
# Too few fields on line 3; the new row of line 2 is not kept either.
{ sed -n 1p "$T/hand.csv"; sed -n 2p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000002/'; echo 'a,b,c'; } >"$T/bad3.csv"
refuse "$T/bad3.csv" 3 "wrong number of fields"
{ sed -n 1,2p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000003/'; sed -n 3p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000003/; s/,assessment,/,judgement,/'; } >"$T/bad4.csv"
refuse "$T/bad4.csv" 3 "unknown stage"
expect_err "judgement" "unknown stage named"
{ sed -n 1p "$T/hand.csv"; sed -n 2p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000004/; s/2026-03-01T10:00:00Z,2026/yesterday,2026/'; } >"$T/bad5.csv"
refuse "$T/bad5.csv" 2 "bad time"
# The same entry and revision with another text clashes.
sed 's/spaced out/changed/' "$T/hand.csv" >"$T/bad6.csv"
refuse "$T/bad6.csv" 2 "clashing revision"
expect_err "different content" "clash message"
# Every column of a revision and every column of the session counts
# (issue 12, defect 9: a history with every deleted flag flipped imported
# as "0 new, 23 already in the database", exit 0). The message names the
# session and the column; the database is left as it was.
"$DILEMMA" --db "$T/f.db" export --table history >"$T/f-before.csv"
flip() { # flip COLUMN EXPR OUT: the history export with COLUMN rewritten by EXPR(v)
	python3 - "$T/a-hist.csv" "$1" "$2" "$3" <<'PY'
import csv, sys
src, col, expr, out = sys.argv[1:]
rows = list(csv.DictReader(open(src, newline="", encoding="utf-8")))
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), quoting=csv.QUOTE_ALL)
    w.writeheader()
    for r in rows:
        r[col] = eval(expr, {"v": r[col]})
        w.writerow(r)
PY
}
clash() { # clash FILE COLUMN WHAT
	refuse_in "$T/f.db" "$T/f-before.csv" "$1" 2 "$3"
	expect_err "column $2 is " "$3: the column named"
	expect_err "session $SID1" "$3: the session named"
}
SID1=$(sed -n 2p "$T/a-hist.csv" | cut -d '"' -f 2) # the first row's session
flip deleted '"0" if v == "1" else "1"' "$T/flip-deleted.csv"
clash "$T/flip-deleted.csv" deleted "every deleted flag flipped"
flip position 'str(int(v) + 1)' "$T/flip-position.csv"
clash "$T/flip-position.csv" position "every position moved"
for c in session_label cohort mode pack_id pack_version scenario_id scenario_title framework; do
	case $c in
	mode) e='"solo" if v == "panel" else "panel"' ;;
	pack_version) e='str(int(v) + 1)' ;;
	*) e='v + " (changed)"' ;;
	esac
	flip $c "$e" "$T/flip-$c.csv"
	clash "$T/flip-$c.csv" $c "the session's $c changed"
	expect_err "in the database" "the session's $c changed: says where the other value is"
done
# Two rows of one new session that disagree about it: refused too.
{ sed -n 1,2p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000007/'; sed -n 3p "$T/hand.csv" | sed 's/4a4d0000-0000-4000-8000-000000000001/4a4d0000-0000-4000-8000-000000000007/; s/Hand made,/Hand made,cohort X/'; } >"$T/bad10.csv"
refuse "$T/bad10.csv" 3 "a new session's rows disagree"
expect_err "column cohort is 'cohort X' here but '' in the session's first row" "disagreeing rows: column named"
printf 'name,age\r\nx,1\r\n' >"$T/bad7.csv"
refuse "$T/bad7.csv" 1 "not a responses export"
: >"$T/empty.csv"
refuse "$T/empty.csv" 1 "empty file"
printf '\377\376bad bytes\r\n' >"$T/bad8.csv"
refuse "$T/bad8.csv" 1 "not UTF-8"
# A multi-line quoted text before the error: the line count follows it.
{ sed -n 1p "$T/hand.csv"; printf '"two\nlines",4a4d0000-0000-4000-8000-000000000005,L,,solo,p,1,s,S,coe-2014,,information,,,note,1,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\n'; echo 'x,y'; } >"$T/bad9.csv"
refuse "$T/bad9.csv" 4 "error after a multi-line text"
# Control characters other than tab, LF and CR are refused, naming the
# line and the column (issue 12, defect 4: an imported OSC 52 or screen
# clear reached the terminal through report and export), and no message
# ever hands the terminal a control character from the data or a name.
esc=$(printf '\033')
{ sed -n 1p "$T/hand.csv"; sed -n 2p "$T/hand.csv" | sed "s/Hand made/Hand${esc}]52;c;eA==$(printf '\007')/"; } >"$T/ctl1.csv"
refuse "$T/ctl1.csv" 2 "ESC in a label"
expect_err "column session_label: control character U+001B is not allowed" "ESC: column named"
{ sed -n 1p "$T/hand.csv"; printf '"two\nlines\033[2J",4a4d0000-0000-4000-8000-000000000006,L,,solo,p,1,s,S,coe-2014,,information,,,note,1,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\n'; } >"$T/ctl2.csv"
refuse "$T/ctl2.csv" 3 "ESC on the second line of a text"
{ sed -n 1p "$T/hand.csv"; sed -n 2p "$T/hand.csv" | sed "s/,solo,/,$(printf '\342\200\256')solo,/"; } >"$T/ctl3.csv"
refuse "$T/ctl3.csv" 2 "a bidi override in the mode"
expect_err "column mode: '$(printf '\357\277\275')solo' is not solo or panel" "bidi override shown as U+FFFD"
run "$DILEMMA" --db "$T/m.db" import "$T/x${esc}[2Jy.csv"
expect_rc 1 "import of a missing file named with ESC"
expect_err "x$(printf '\357\277\275')[2Jy.csv" "the file's name shown neutralised"
case "$err" in *"$esc"*) fail "missing file: ESC in the message" ;; *) pass ;; esac
for f in ctl1 ctl2 ctl3; do
	run "$DILEMMA" --db "$T/m.db" import "$T/$f.csv"
	case "$err" in *"$esc"* | *"$(printf '\342\200\256')"*) fail "$f: raw control in: $err" ;; *) pass ;; esac
done

# Session ids are UUIDs in lower case, nothing longer, shorter or other
# (issue 12: ids of 37-64 characters were cut to 36 when looked up, so
# <uuid>X showed the session <uuid>, and an id that clashed with nothing
# broke export and report for every session). The message names the line
# and the column.
SID=$(sed -n 1p "$T/ids")
SIDU=$(printf '%s' "$SID" | tr a-f A-F)
for bad in "${SID}x" "x$SID" "$SIDU" "{$SID}" "$(printf '%s' "$SID" | tr -d -)"; do
	{ sed -n 1p "$T/a.csv"; grep -m 1 "^\"$SID\"" "$T/a.csv" | sed "s/^\"$SID\"/\"$bad\"/"; } >"$T/badid.csv"
	refuse "$T/badid.csv" 2 "session id $bad"
	expect_err "column session_id: '$bad' is not a session id" "session id $bad: column named"
done
# The issue's own repro: every row's id made longer, into a fresh database.
sed "s/$SID/${SID}x/" "$T/a.csv" >"$T/longid.csv"
run "$DILEMMA" --db "$T/longid.db" import "$T/longid.csv"
expect_rc 1 "an export with a lengthened id"
expect_err "longid.csv:" "lengthened id: the file and line named"
run "$DILEMMA" --db "$T/longid.db" export --table sessions
expect_rc 0 "export --table sessions after the refused import"
# A database that an older dilemma let an over-long id into: looking it up
# finds nothing, never the session it starts with; the listing shows it
# cut, visibly; exports of the other sessions still work.
cp "$DB" "$T/legacy.db"
python3 - "$T/legacy.db" "${SID}x" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO sessions (id, label, mode, pack_id, scenario_id, started_at, imported)"
          " VALUES (?, 'Too long', 'solo', 'p', 's', '2026-03-01T10:00:00Z', 1)", (sys.argv[2],))
c.commit()
PY
run "$DILEMMA" --db "$T/legacy.db" report "${SID}x"
expect_rc 1 "report of an over-long id"
expect_err "no session has that id" "over-long id: not found"
expect_no_out "Minutes" "over-long id: no other session's minutes"
run "$DILEMMA" --db "$T/legacy.db" report "$(printf '%s' "$SID" | cut -c1-30)"
expect_rc 0 "a prefix shared with an over-long id names the real session"
run "$DILEMMA" --db "$T/legacy.db" sessions --csv
expect_out "$(printf '%s' "$SID" | cut -c1-33)...\",\"Too long" "the over-long id is shown cut, visibly"
for t in sessions votes responses; do
	run "$DILEMMA" --db "$T/legacy.db" export --table $t
	expect_rc 0 "export --table $t with an over-long id in the database"
done

# Usage errors.
run "$DILEMMA" --db "$T/m.db" import
expect_rc 2 "import without a file"
run "$DILEMMA" --db "$T/m.db" import "$T/a.csv" "$T/b.csv"
expect_rc 2 "import with two files"
run "$DILEMMA" --db "$T/m.db" import "$T/missing.csv"
expect_rc 1 "import of a missing file"
expect_err "missing.csv" "missing file named"

# SIGKILL in the middle of a large import: the database stays sound and
# holds all of the file or none of it.
big_csv "$T/big.csv" 200
"$DILEMMA" --db "$T/k.db" import "$T/hand.csv" >/dev/null
"$DILEMMA" --db "$T/k.db" import "$T/big.csv" >/dev/null 2>&1 &
pid=$!
sleep 0.5
if kill -KILL "$pid" 2>/dev/null; then killed=yes; else killed=no; fi
wait "$pid" 2>/dev/null
echo "import killed mid-way: $killed"
ok=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$T/k.db")
[ "$ok" = ok ] && pass || fail "integrity_check after SIGKILL: $ok"
n=$("$DILEMMA" --db "$T/k.db" export | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)')
if [ "$killed" = yes ]; then
	[ "$n" = 2 ] || [ "$n" = 200002 ] && pass || fail "after SIGKILL $n rows: not all or nothing"
else
	[ "$n" = 200002 ] && pass || fail "finished import has $n rows"
fi
# The interrupted import can simply be run again.
run "$DILEMMA" --db "$T/k.db" import "$T/big.csv"
expect_rc 0 "import again after SIGKILL"
n=$("$DILEMMA" --db "$T/k.db" export | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)')
[ "$n" = 200002 ] && pass || fail "after the second import $n rows"

finish
