#!/bin/sh
# The workbench and three imports started at the same moment on a database
# that does not exist yet (issue 15): all succeed, whichever creates it;
# the workbench then saves a session beside the imported ones, and the file
# passes PRAGMA integrity_check. Five rounds, each on a new database. All
# four wait for one "go" file, spinning, so that they really start together.
. "$(dirname "$0")/lib.sh"

python3 - "$T/in.csv" <<'PY'
import sys
head = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,scenario_title,"
        "framework,participant,stage,principle,stance,kind,entry_id,text,revision,created_at,updated_at\n")
for k in range(3):
    with open(sys.argv[1] + str(k), "w") as f:
        f.write(head)
        for e in range(1, 41):
            f.write("0000abcd-0000-4000-8000-00000000000%d,Imported,,solo,p,1,s,S,coe-2014,,"
                    "information,,,note,%d,text %d,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\n"
                    % (k, e, e))
PY
# when_go CMD...: CMD once $T/go exists.
when_go() { sh -c 'until [ -e "$0" ]; do :; done; exec "$@"' "$T/go" "$@"; }

round=0
while [ "$round" -lt 5 ]; do
	round=$((round + 1))
	DB="$T/round$round/sessions.db"
	DILEMMA_DB=$DB
	export DILEMMA_DB
	rm -f "$T/go"
	importers=""
	for k in 0 1 2; do
		when_go "$DILEMMA" import "$T/in.csv$k" >"$T/import$k.out" 2>&1 &
		importers="$importers $!"
	done
	start_cmd sh -c 'until [ -e "$0" ]; do :; done; exec "$@"' "$T/go" "$DILEMMA"
	touch "$T/go"
	need "$FIRST_TITLE"
	k=0
	for p in $importers; do
		wait "$p" && pass || fail "round $round: an import failed: $(cat "$T/import$k.out")"
		k=$((k + 1))
	done
	start_session
	type_text "Round $round, typed while an import ran."
	need "saved "
	leave_editor
	keys q
	wait_exit || die "round $round: q did not quit"
	[ "$status" = 0 ] && pass || fail "round $round: the workbench exited $status"
	got=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM sessions").fetchone()[0],
      c.execute("SELECT count(*) FROM revisions WHERE text LIKE ?", ("text %",)).fetchone()[0],
      c.execute("PRAGMA integrity_check").fetchone()[0])' "$DB")
	[ "$got" = "4 120 ok" ] && pass || fail "round $round: sessions, imported rows, integrity: $got"
	responses
	expect_response information note "Round $round, typed while an import ran." "round $round"
done

finish
