#!/bin/sh
# Many processes creating the same new database at once (issue 15): 8
# imports started together on a database that does not exist, 50 times.
# Each must succeed (none "locked", none calling the half-made file "not a
# dilemma database"), every row must be there, and the file must pass
# PRAGMA integrity_check. Then listing and exporting started together
# with imports on a missing database. RACE_ROUNDS overrides the 50.
. "$(dirname "$0")/lib.sh"

rounds=${RACE_ROUNDS:-50}
python3 - "$T" <<'PY'
import sys
head = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,scenario_title,"
        "framework,participant,stage,principle,stance,kind,entry_id,text,revision,created_at,updated_at\n")
for k in range(8):
    with open("%s/in%d.csv" % (sys.argv[1], k), "w") as f:
        f.write(head)
        for e in range(1, 21):
            f.write("%08x-0000-4000-8000-00000000000%d,Race %d,,solo,p,1,s,S,coe-2014,Ann,information,,,"
                    "note,%d,text %d,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\n" % (k, k % 10, k, e, e))
PY

# check DB: sessions, revisions and the integrity check, on one line.
check() {
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM sessions").fetchone()[0],
      c.execute("SELECT count(*) FROM revisions").fetchone()[0],
      c.execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}

bad=0
i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	db="$T/race$i/new/sessions.db"
	pids=""
	for k in 0 1 2 3 4 5 6 7; do
		"$DILEMMA" --db "$db" import "$T/in$k.csv" >"$T/out$k" 2>&1 &
		pids="$pids $!"
	done
	k=0
	for p in $pids; do
		if ! wait "$p"; then
			fail "round $i: import $k failed: $(cat "$T/out$k")"
			bad=$((bad + 1))
		fi
		k=$((k + 1))
	done
	got=$(check "$db")
	[ "$got" = "8 160 ok" ] && pass || { fail "round $i: sessions, revisions, integrity: $got"; bad=$((bad + 1)); }
	rm -rf "$T/race$i"
	# One broken round says what there is to say; the rest would repeat it.
	[ "$bad" -eq 0 ] || break
done

# Readers started with writers on a missing database: every command
# succeeds, and the writers' data is all there.
i=0
while [ "$i" -lt 10 ] && [ "$bad" -eq 0 ]; do
	i=$((i + 1))
	db="$T/mixed$i.db"
	"$DILEMMA" --db "$db" sessions >"$T/s1" 2>&1 & p1=$!
	"$DILEMMA" --db "$db" import "$T/in0.csv" >"$T/i0" 2>&1 & p2=$!
	"$DILEMMA" --db "$db" export >"$T/e1" 2>&1 & p3=$!
	"$DILEMMA" --db "$db" import "$T/in1.csv" >"$T/i1" 2>&1 & p4=$!
	"$DILEMMA" --db "$db" sessions --csv >"$T/s2" 2>&1 & p5=$!
	for p in $p1 $p2 $p3 $p4 $p5; do
		wait "$p" || { fail "mixed round $i: $(cat "$T/s1" "$T/i0" "$T/e1" "$T/i1" "$T/s2")"; bad=1; }
	done
	got=$(check "$db")
	[ "$got" = "2 40 ok" ] && pass || { fail "mixed round $i: $got"; bad=1; }
done

finish
