#!/bin/sh
# dilemma export: every table, the filters, --raw, --bom, --anonymise, -o
# written atomically with mode 0600, a full disk, and the CSV read back by
# Python's csv module.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

DB="$T/s.db"
awkward_script >"$T/script"
mksession "$DB" <"$T/script" >"$T/ids" || { echo "mksession failed"; exit 1; }
S1=$(sed -n 1p "$T/ids")
S2=$(sed -n 2p "$T/ids")
export DILEMMA_DB="$DB"

# responses: the exact header, CRLF, every row quoted.
run "$DILEMMA" export
expect_rc 0 "export"
"$DILEMMA" export >"$T/safe.csv"
head -c 300 "$T/safe.csv" | head -n 1 >"$T/header"
printf '"session_id","session_label","cohort","mode","pack_id","pack_version","scenario_id","scenario_title","framework","participant","stage","principle","stance","kind","entry_id","text","revision","created_at","updated_at","position","pack_option","owner"\r\n' >"$T/want_header"
if cmp -s "$T/header" "$T/want_header"; then pass; else fail "responses header: $(cat -A "$T/header")"; fi
# Every physical line ends in CR LF except lines inside a text with a bare LF.
lines=$(grep -c . "$T/safe.csv")
crlf=$(grep -c "$(printf '\r')\$" "$T/safe.csv")
[ "$crlf" -ge 21 ] && pass || fail "rows end in CRLF ($crlf of $lines)"
[ "$(tail -c 2 "$T/safe.csv" | od -An -c | tr -d ' ')" = '\r\n' ] && pass || fail "file ends in CRLF"

# Read with Python's csv module: every text as typed, formula-like ones with '.
run python3 "$(dirname "$0")/check_csv.py" "$T/script" "$T/ids" "$T/safe.csv" safe
expect_rc 0 "Python reads the default export ($err)"
expect_out "20 rows checked, 0 problems" "Python reads the default export"
"$DILEMMA" export --raw >"$T/raw.csv"
run python3 "$(dirname "$0")/check_csv.py" "$T/script" "$T/ids" "$T/raw.csv" raw
expect_rc 0 "Python reads the --raw export exactly ($err)"
grep -q '"=HYPERLINK' "$T/raw.csv" && pass || fail "--raw writes = as typed"
grep -q "\"'=HYPERLINK" "$T/safe.csv" && pass || fail "default neutralises ="
grep -q "\"'@SUM" "$T/safe.csv" && pass || fail "default neutralises @"
grep -q "\"''=already quoted once" "$T/safe.csv" && pass || fail "a typed '= gets one more '"
grep -q '"-1"' "$T/safe.csv" && fail "numbers are not neutralised" || pass

# --bom
"$DILEMMA" export --bom >"$T/bom.csv"
[ "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "--bom"
tail -c +4 "$T/bom.csv" | cmp -s - "$T/safe.csv" && pass || fail "--bom adds only the mark"
head -c 3 "$T/safe.csv" | grep -q '"se' && pass || fail "no BOM by default"

# --anonymise: names become P1, P2, P3, the same name the same pseudonym.
"$DILEMMA" export --anonymise --raw >"$T/anon.csv"
grep -q 'Alice\|Bob\|Chlo' "$T/anon.csv" && fail "--anonymise leaves names" || pass
python3 - "$T/raw.csv" "$T/anon.csv" <<'PY' && pass || fail "--anonymise maps names to stable P1, P2, ..."
import csv, sys
a = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
b = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
m = {}
for x, y in zip(a, b):
    if x["participant"] == "":
        assert y["participant"] == ""
        continue
    assert m.setdefault(x["participant"], y["participant"]) == y["participant"]
    assert {k: v for k, v in x.items() if k != "participant"} == \
           {k: v for k, v in y.items() if k != "participant"}
assert sorted(m.values()) == ["P1", "P2", "P3"], m
PY
"$DILEMMA" export --table votes --anonymise >"$T/anon-votes.csv"
grep -q 'Alice\|Bob' "$T/anon-votes.csv" && fail "--anonymise in votes" || pass

# sessions: durations, participants, chosen option, principle coverage.
"$DILEMMA" export --table sessions >"$T/sessions.csv"
python3 - "$T/sessions.csv" "$S1" "$S2" <<'PY' && pass || fail "sessions table values"
import csv, sys
rows = {r["session_id"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
a, b = rows[sys.argv[2]], rows[sys.argv[3]]
want = {"status": "finished", "mode": "panel", "cohort": "cohort A",
        "session_label": 'Intake, "week 3"', "started_at": "2026-01-31T09:00:00Z",
        "finished_at": "2026-01-31T09:30:00Z", "seconds_total": "1800",
        "seconds_information": "240", "seconds_assessment": "360", "seconds_options": "1200",
        "seconds_ethics": "0", "participants": "3", "entries": "19",
        "chosen_option": "Decline, and explain why", "principles_total": "9",
        "principles_reasoned": "4", "framework": "coe-2014",
        "timebox_information": "0", "timebox_options": "0"}
for k, v in want.items():
    assert a[k] == v, (k, a[k], v)
assert b["status"] == "open" and b["finished_at"] == "" and b["chosen_option"] == ""
assert b["principles_reasoned"] == "0" and b["participants"] == "0"
PY

# votes: every vote kept, the replaced one not counted.
"$DILEMMA" export --table votes >"$T/votes.csv"
python3 - "$T/votes.csv" <<'PY' && pass || fail "votes table values"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
got = [(r["participant"], r["option_entry_id"], r["value"], r["counted"]) for r in rows]
assert got == [("Alice", "16", "1", "1"), ("Bob", "16", "-1", "0"), ("Bob", "16", "1", "1"),
               ("Chloé Zoë", "17", "0", "1")], got
assert rows[0]["option_text"] == "Write the message for her"
PY

# history: every revision, deleted ones too.
"$DILEMMA" export --table history --raw >"$T/history.csv"
python3 - "$T/history.csv" "$S1" <<'PY' && pass || fail "history table values"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
e1 = [r for r in rows if r["session_id"] == sys.argv[2] and r["entry_id"] == "1"]
assert [r["revision"] for r in e1] == ["1", "2"]
assert e1[0]["text"] == 'commas, here, and "double quotes" too'
assert e1[1]["text"].endswith("(revised)")
e20 = [r for r in rows if r["session_id"] == sys.argv[2] and r["entry_id"] == "20"]
assert [(r["revision"], r["deleted"]) for r in e20] == [("1", "0"), ("2", "1")], e20
assert len(rows) == 23, len(rows)
PY

# Filters.
count() { "$DILEMMA" export "$@" | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)'; }
[ "$(count --cohort 'cohort B')" = 1 ] && pass || fail "--cohort"
[ "$(count --scenario missing-teenager-whatsapp)" = 19 ] && pass || fail "--scenario"
[ "$(count --pack social-media)" = 20 ] && pass || fail "--pack"
[ "$(count --pack nope)" = 0 ] && pass || fail "--pack that matches nothing"
[ "$(count --status open)" = 1 ] && pass || fail "--status open"
[ "$(count --status finished)" = 19 ] && pass || fail "--status finished"
[ "$(count --session "$S2")" = 1 ] && pass || fail "--session full id"
[ "$(count --session "$(echo "$S1" | cut -c1-8)")" = 19 ] && pass || fail "--session prefix"
[ "$(count --since 2026-02-01)" = 1 ] && pass || fail "--since date"
[ "$(count --until 2026-01-31)" = 19 ] && pass || fail "--until date includes that day"
[ "$(count --since 2026-01-31T09:00:00Z --until 2026-01-31T09:00:00Z)" = 19 ] && pass || fail "--since/--until times"
[ "$(count --table sessions --cohort 'cohort A')" = 1 ] && pass || fail "filters on sessions"

# Usage errors exit 2.
run "$DILEMMA" export --table nope
expect_rc 2 "unknown table"
expect_err "unknown table 'nope'" "unknown table message"
run "$DILEMMA" export --status closed
expect_rc 2 "bad --status"
run "$DILEMMA" export --since yesterday
expect_rc 2 "bad --since"
expect_err "2026-01-31" "--since message shows the form"
run "$DILEMMA" export extra
expect_rc 2 "stray argument"
run "$DILEMMA" export -o
expect_rc 2 "-o without a file"

# -o: atomic, 0600, same bytes as stdout; replaces an old file.
echo old >"$T/out.csv"
chmod 644 "$T/out.csv"
run "$DILEMMA" export -o "$T/out.csv"
expect_rc 0 "export -o"
cmp -s "$T/out.csv" "$T/safe.csv" && pass || fail "-o writes what stdout gets"
[ "$(stat -c %a "$T/out.csv")" = 600 ] && pass || fail "-o file mode $(stat -c %a "$T/out.csv")"
ls "$T" | grep -q 'tmp-' && fail "temporary file left behind" || pass
"$DILEMMA" export --output "$T/out2.csv" && cmp -s "$T/out2.csv" "$T/safe.csv" && pass || fail "--output"

# sessions: time per stage against its time-box. The time-box columns
# come after every older column, in their order; a stage's is the seconds
# it was allowed (the session's 10 minutes, plus 2 added at information).
mksession "$T/timebox.db" >"$T/tb_id" <<'SCRIPT'
now	2026-04-01T09:00:00Z
session	missing-teenager-whatsapp	panel	Timed	cohort T	Ann:chair,Ben:member	10
event	stage-entered	information
now	2026-04-01T09:12:00Z
event	time-added	information	120
now	2026-04-01T09:14:00Z
event	stage-entered	options
now	2026-04-01T09:15:00Z
finish
SCRIPT
"$DILEMMA" --db "$T/timebox.db" export --table sessions >"$T/tb.csv"
python3 - "$T/tb.csv" <<'PY' && pass || fail "sessions: time-box columns"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, row = rows[0], dict(zip(rows[0], rows[1]))
stages = ["ethics", "information", "assessment", "powers", "options", "action"]
older = ["session_id", "session_label", "cohort", "mode", "status", "pack_id", "pack_version",
         "pack_hash", "scenario_id", "scenario_title", "framework", "started_at", "finished_at",
         "seconds_total"] + ["seconds_" + s for s in stages] + [
         "participants", "entries", "chosen_option", "principles_total", "principles_reasoned",
         "chosen_pack_option"]
assert head == older + ["timebox_" + s for s in stages] + ["last_finished_at", "finishes"], head
assert row["seconds_information"] == "840" and row["seconds_options"] == "60", row
want = {"ethics": "600", "information": "720", "assessment": "600", "powers": "600",
        "options": "600", "action": "600"}
for s, v in want.items():
    assert row["timebox_" + s] == v, (s, row["timebox_" + s], v)
PY

# sessions: finished, reopened and finished again keeps the first finish
# in finished_at; last_finished_at is the latest, which the durations run
# to, less the time the session lay finished before a reopen (a day, for
# "Twice"); finishes counts them. While reopened, both times are empty (the
# session is open) and finishes says how often it was finished.
mksession "$T/again.db" >"$T/again_ids" <<'SCRIPT'
now	2026-05-04T09:00:00Z
session	missing-teenager-whatsapp	solo	Twice	cohort F
event	stage-entered	information
now	2026-05-04T09:20:00Z
finish
now	2026-05-05T14:00:00Z
reopen
event	stage-entered	action
now	2026-05-05T14:05:00Z
finish
now	2026-05-04T10:00:00Z
session	missing-teenager-whatsapp	solo	Reopened	cohort F
event	stage-entered	information
now	2026-05-04T10:10:00Z
finish
now	2026-05-04T11:00:00Z
reopen
now	2026-05-04T11:30:00Z
session	missing-teenager-whatsapp	solo	Once	cohort F
now	2026-05-04T11:40:00Z
finish
SCRIPT
"$DILEMMA" --db "$T/again.db" export --table sessions >"$T/again.csv"
python3 - "$T/again.csv" <<'PY' && pass || fail "sessions: finished_at, last_finished_at, finishes"
import csv, sys
rows = {r["session_label"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
got = {k: (r["status"], r["finished_at"], r["last_finished_at"], r["finishes"], r["seconds_total"],
           r["seconds_information"], r["seconds_action"]) for k, r in rows.items()}
want = {"Twice": ("finished", "2026-05-04T09:20:00Z", "2026-05-05T14:05:00Z", "2", "1500",
                  "1200", "300"),
        "Reopened": ("open", "", "", "1", "600", "600", "0"),
        "Once": ("finished", "2026-05-04T11:40:00Z", "2026-05-04T11:40:00Z", "1", "600", "0", "0")}
assert got == want, got
PY

# A full disk: a clear message, exit 1; a failed -o leaves the old file.
run "$DILEMMA" export -o /dev/full
expect_rc 1 "-o /dev/full"
expect_err "disk is full" "-o /dev/full message"
run sh -c "'$DILEMMA' export >/dev/full"
expect_rc 1 "stdout on /dev/full"
expect_err "disk is full" "stdout /dev/full message"
run "$DILEMMA" export -o "$T/no/such/dir/out.csv"
expect_rc 1 "-o into a missing folder"
expect_err "$T/no/such/dir/out.csv" "the message names the file"
run "$DILEMMA" export -o "$T"
expect_rc 1 "-o a folder"

finish
