#!/bin/sh
# The database refuses what is not its own and survives failures: a
# foreign file, a foreign SQLite database, a corrupt one and a newer one
# are refused with exit 1 and left byte for byte as they were; a full
# database (max_page_count) and a locked one give a clear message and lose
# nothing; two processes writing at once both succeed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); c.close(); print("\n".join("|".join(map(str,x)) for x in r))' "$@"; }

# refused FILE WHAT MESSAGE: every command refuses FILE, which stays as it was.
refused() {
	cp "$1" "$T/copy"
	for cmd in sessions export "import $T/in.csv" "report 12345678"; do
		# shellcheck disable=SC2086
		run "$DILEMMA" --db "$1" $cmd
		expect_rc 1 "$2: $cmd"
		expect_err "$3" "$2: $cmd message"
		cmp -s "$1" "$T/copy" && pass || fail "$2: $cmd changed the file"
	done
	[ -e "$1-wal" ] && [ -s "$1-wal" ] && fail "$2: a -wal file with content appeared" || pass
}
awkward_script | mksession "$T/good.db" >/dev/null
"$DILEMMA" --db "$T/good.db" export >"$T/in.csv"

printf 'Dear diary,\nthis is not a database.\n' >"$T/text.db"
refused "$T/text.db" "a text file" "not a dilemma database"

sql "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)" >/dev/null 2>&1 ||
	python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t (x)"); c.execute("INSERT INTO t VALUES (1)"); c.commit()' "$T/other.db"
refused "$T/other.db" "another program's database" "not a dilemma database"

# A newer schema.
cp "$T/good.db" "$T/newer.db"
sql "$T/newer.db" "PRAGMA user_version = 99" >/dev/null
sql "$T/newer.db" "PRAGMA journal_mode = DELETE" >/dev/null
refused "$T/newer.db" "a newer database" "written by a newer dilemma"

# A corrupt one: the schema page overwritten with noise.
cp "$T/good.db" "$T/corrupt.db"
sql "$T/corrupt.db" "PRAGMA journal_mode = DELETE" >/dev/null
python3 - "$T/corrupt.db" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100)
    f.write(bytes((i * 37 + 11) % 256 for i in range(3000)))
PY
refused "$T/corrupt.db" "a corrupt database" "damaged"

# A database that cannot grow (as on a full disk): clear message, exit 1,
# and what was saved before is still all there.
cp "$T/good.db" "$T/full.db"
"$DILEMMA" --db "$T/full.db" export --table history >"$T/full-before.csv"
python3 - "$T/many.csv" <<'PY'
import sys
head = ("session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,scenario_title,"
        "framework,participant,stage,principle,stance,kind,entry_id,text,revision,created_at,updated_at\n")
with open(sys.argv[1], "w") as f:
    f.write(head)
    for e in range(1, 5001):
        f.write("f1110000-0000-4000-8000-000000000001,Fill,,solo,p,1,s,S,coe-2014,,information,,,note,%d,%s,1,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z\n" % (e, "x" * 200))
PY
pages=$(sql "$T/full.db" "PRAGMA page_count")
DILEMMA_TEST_MAX_PAGES=$((pages + 5)) run "$DILEMMA" --db "$T/full.db" import "$T/many.csv"
expect_rc 1 "import into a full database"
expect_err "the disk is full" "full database message"
expect_err "nothing was imported" "full database: nothing imported"
"$DILEMMA" --db "$T/full.db" export --table history | cmp -s - "$T/full-before.csv" && pass ||
	fail "a full database lost or gained rows"
[ "$(sql "$T/full.db" "PRAGMA integrity_check")" = ok ] && pass || fail "integrity after a full database"
run "$DILEMMA" --db "$T/full.db" import "$T/many.csv"
expect_rc 0 "the same import once there is room"

# A locked database: another writer holds the lock past the busy timeout.
cp "$T/good.db" "$T/locked.db"
python3 - "$T/locked.db" "$T/locked.ready" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
c.execute("ROLLBACK")
PY
holder=$!
while [ ! -e "$T/locked.ready" ]; do sleep 0.1; done
run "$DILEMMA" --db "$T/locked.db" import "$T/many.csv"
expect_rc 1 "import into a locked database"
expect_err "locked by another dilemma" "locked message"
wait "$holder"
run "$DILEMMA" --db "$T/locked.db" import "$T/many.csv"
expect_rc 0 "import once the lock is gone"

# Two processes writing at once: both finish, nothing is lost.
sed 's/f1110000-/a2220000-/' "$T/many.csv" >"$T/a.csv"
sed 's/f1110000-/b2220000-/' "$T/many.csv" >"$T/b.csv"
"$DILEMMA" --db "$T/two.db" sessions >/dev/null
"$DILEMMA" --db "$T/two.db" import "$T/a.csv" >"$T/a.out" 2>&1 &
pa=$!
awkward_script | mksession "$T/two.db" >"$T/m.out" 2>&1 &
pm=$!
"$DILEMMA" --db "$T/two.db" import "$T/b.csv" >"$T/b.out" 2>&1
rb=$?
wait "$pa"; ra=$?
wait "$pm"; rm_=$?
[ "$ra$rb$rm_" = 000 ] && pass || fail "concurrent writers: $ra $rb $rm_: $(cat "$T/a.out" "$T/b.out" "$T/m.out")"
[ "$(sql "$T/two.db" "SELECT count(*) FROM revisions")" = 10023 ] && pass ||
	fail "concurrent writers: $(sql "$T/two.db" "SELECT count(*) FROM revisions") revisions"
[ "$(sql "$T/two.db" "PRAGMA integrity_check")" = ok ] && pass || fail "integrity after concurrent writers"

finish
