#!/bin/sh
# dilemma merge: 20 databases made on "different machines" (each its own
# --db) merged into one in three random orders (one of them merging every
# file twice) give the same exports, byte for byte; the files merged from
# are not changed (sha256 before and after) and no -wal or -shm is left
# beside them; merging adds nothing the second time; an unreadable,
# foreign, damaged or newer file is named in a one-line error, nothing is
# merged from it, the others still are, and the exit status is 1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

command -v sha256sum >/dev/null || { echo "sha256sum is needed"; exit 77; }
awkward_script >"$T/awkward"
i=1
while [ "$i" -le 20 ]; do
	{
		printf 'now\t2026-03-%02dT09:00:00Z\n' "$i"
		printf 'session\tmissing-teenager-whatsapp\tsolo\tMachine %d\tcohort %d\tOfficer %d:member\n' "$i" $((i % 3)) "$i"
		printf 'event\tstage-entered\tinformation\n'
		printf 'entry\tinformation\tnote\t-\t1\t-\tnotes of machine %d, "quoted", =formula\n' "$i"
		printf 'entry\tassessment\tprinciple\tfairness\t1\tupholds\t\n'
		printf 'revise\t1\tnotes of machine %d, revised\n' "$i"
		printf 'finish\n'
		[ $((i % 4)) -eq 0 ] && grep -v '^now' "$T/awkward"
	} >"$T/script-$i"
	mksession "$T/machine-$i.db" <"$T/script-$i" >/dev/null || { echo "mksession $i failed"; exit 1; }
	sha256sum "$T/machine-$i.db" >>"$T/sums"
	i=$((i + 1))
done

# merge_all DB ORDER...: merge the machines' files in that order, one call each.
merge_all() {
	db=$1
	shift
	for m in "$@"; do
		"$DILEMMA" --db "$db" merge "$T/machine-$m.db" >>"$T/merge.log" 2>&1 ||
			{ fail "merge of machine $m into $db: $(tail -n 1 "$T/merge.log")"; return; }
	done
}
exports() { # exports DB OUT: every table, raw
	for t in responses history sessions votes; do
		"$DILEMMA" --db "$1" export --table "$t" --raw
	done >"$2"
}
orders=$(python3 -c '
import random
r = random.Random(11)
for k in range(2):
    o = list(range(1, 21)); r.shuffle(o); print(" ".join(map(str, o)))
o = list(range(1, 21)) * 2; r.shuffle(o); print(" ".join(map(str, o)))')
k=0
echo "$orders" | while read -r order; do
	k=$((k + 1))
	# shellcheck disable=SC2086
	merge_all "$T/central-$k.db" $order
	exports "$T/central-$k.db" "$T/export-$k.csv"
	echo "$k" >"$T/done"
done
[ "$(cat "$T/done")" = 3 ] && pass || fail "three orders merged"
cmp -s "$T/export-1.csv" "$T/export-2.csv" && cmp -s "$T/export-1.csv" "$T/export-3.csv" && pass ||
	fail "merges in different orders differ"
n=$("$DILEMMA" --db "$T/central-1.db" sessions --csv | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)')
[ "$n" = 30 ] && pass || fail "central database has $n sessions, wanted 30"
sha256sum -c --quiet "$T/sums" && pass || fail "a file merged from was changed"
ls "$T"/machine-*.db-wal "$T"/machine-*.db-shm >/dev/null 2>&1 && fail "merge left -wal or -shm beside a source" || pass

# Counts, and nothing the second time.
run "$DILEMMA" --db "$T/fresh.db" merge "$T/machine-4.db"
expect_rc 0 "merge"
expect_out "machine-4.db: 3 new sessions, 41 new rows in sessions (4 participants, 26 revisions, 4 votes, 7 events)" "merge counts"
run "$DILEMMA" --db "$T/fresh.db" merge "$T/machine-4.db"
expect_out "machine-4.db: 0 new sessions, 0 new rows in sessions" "merging again adds nothing"

# Bad files: each named, nothing merged from it, the good one still merged.
printf 'not a database at all, but long enough to look like one' >"$T/text.db"
: >"$T/empty.db"
sqlite3 "$T/foreign.db" 'CREATE TABLE t (x)' 2>/dev/null || python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE t (x)")' "$T/foreign.db"
cp "$T/machine-1.db" "$T/newer.db"
python3 -c 'import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 99"); c.commit()' "$T/newer.db"
cp "$T/machine-8.db" "$T/damaged.db"
python3 - "$T/damaged.db" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
for i in range(4096, len(data)):
    data[i] = (i * 7) & 0xff
open(sys.argv[1], "wb").write(data)
PY
"$DILEMMA" --db "$T/bad.db" export --table history >"$T/bad-before.csv"
run "$DILEMMA" --db "$T/bad.db" merge "$T/text.db" "$T/missing.db" "$T/foreign.db" "$T/newer.db" \
	"$T/damaged.db" "$T/machine-2.db" "$T/empty.db"
expect_rc 1 "merge with bad files"
for f in text missing foreign newer damaged empty; do
	expect_err "cannot merge $T/$f.db: " "$f named"
done
[ "$(printf '%s\n' "$err" | grep -c 'nothing was merged from it$')" = 6 ] && pass ||
	fail "one line per bad file: $err"
expect_out "machine-2.db: 1 new session" "the good file is merged all the same"
expect_err "newer dilemma" "newer file refused as newer"
expect_err "not a dilemma database" "foreign file refused as foreign"
"$DILEMMA" --db "$T/bad.db" sessions --csv | grep -c Machine | grep -qx 1 && pass ||
	fail "only the good file's session was merged"
run "$DILEMMA" --db "$T/bad.db" merge "$T/bad.db"
expect_rc 1 "merge into itself"
expect_err "is the database being merged into" "merge into itself refused"
run "$DILEMMA" --db "$T/bad.db" merge
expect_rc 2 "merge without a file"

# A clash: the same session saved differently on two machines.
cp "$T/machine-1.db" "$T/clash-a.db"
cp "$T/machine-1.db" "$T/clash-b.db"
id=$("$DILEMMA" --db "$T/clash-a.db" sessions --csv | sed -n '2p' | cut -d, -f1 | tr -d '"')
python3 - "$T/clash-a.db" "$T/clash-b.db" "$id" <<'PY'
import sqlite3, sys
for k, path in enumerate(sys.argv[1:3]):
    c = sqlite3.connect(path)
    c.execute("INSERT INTO revisions (session_id, entry_id, revision, stage, kind, text,"
              " entry_created_at, created_at) VALUES (?, 9, 1, 'action', 'review', ?,"
              " '2026-04-01T10:00:00Z', '2026-04-01T10:00:00Z')", (sys.argv[3], "laptop %d" % k))
    c.commit()
PY
"$DILEMMA" --db "$T/clash-a.db" export --table history >"$T/clash-before.csv"
run "$DILEMMA" --db "$T/clash-a.db" merge "$T/clash-b.db"
expect_rc 1 "merge with a clash"
expect_err "session $id: revision 1 of entry 9 differs from this database's); nothing was merged from it" "clash names the session"
"$DILEMMA" --db "$T/clash-a.db" export --table history | cmp -s - "$T/clash-before.csv" && pass ||
	fail "a clash changed the database"

finish
