#!/bin/sh
# The exports load into a real PostgreSQL: `dilemma export --schema
# postgresql` makes the four tables, and each --raw export loads unchanged
# with COPY ... (FORMAT csv, HEADER true); the row counts match and the
# awkward texts (quotes, CRLF, tabs, emoji, combining marks, a leading =)
# come back byte for byte. The default, spreadsheet-safe export loads too,
# with its formula-like texts carrying the leading ' it gives them.
# A throwaway cluster under the scratch folder, run as an unprivileged
# user on a Unix socket only, stopped at the end. Skips (77) where
# PostgreSQL is not installed (apt-get install postgresql).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

bindir=""
for d in "$(pg_config --bindir 2>/dev/null)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
	[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { bindir=$d; break; }
done
if [ -z "$bindir" ] || ! command -v psql >/dev/null; then
	echo "SKIP: PostgreSQL is not installed here (apt-get install postgresql): the load test needs initdb, pg_ctl, postgres and psql"
	exit 77
fi
# The server refuses to run as root: then run it (and psql) as nobody.
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	if ! id nobody >/dev/null 2>&1 || ! command -v setpriv >/dev/null; then
		echo "SKIP: running as root without the user nobody or setpriv to run PostgreSQL as"
		exit 77
	fi
	as_user() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --reset-env -- "$@"; }
fi
PG="$T/pg"
mkdir -p "$PG/sock" "$PG/csv"
chmod 755 "$T"
[ "$(id -u)" = 0 ] && chown -R nobody "$PG"

DB="$T/s.db"
awkward_script >"$T/script"
mksession "$DB" <"$T/script" >"$T/ids" || { echo "mksession failed"; exit 1; }
for t in responses history sessions votes; do
	"$DILEMMA" --db "$DB" export --table "$t" --raw -o "$PG/csv/$t.csv"
done
"$DILEMMA" --db "$DB" export -o "$PG/csv/safe.csv"
"$DILEMMA" export --schema postgresql -o "$PG/csv/schema.sql"
chmod 644 "$PG"/csv/*

as_user "$bindir/initdb" -D "$PG/data" -U dilemma --auth=trust -E UTF8 --no-locale >"$T/initdb.log" 2>&1 ||
	{ cat "$T/initdb.log"; echo "initdb failed"; exit 1; }
stop() { as_user "$bindir/pg_ctl" -D "$PG/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$T"; }
trap stop EXIT
as_user "$bindir/pg_ctl" -D "$PG/data" -w -t 60 -l "$PG/server.log" \
	-o "-c listen_addresses='' -k $PG/sock -c fsync=off" start >/dev/null ||
	{ cat "$PG/server.log"; echo "the server did not start"; exit 1; }
sql() { as_user psql -X -q -h "$PG/sock" -U dilemma -d postgres -v ON_ERROR_STOP=1 "$@"; }

run sql -f "$PG/csv/schema.sql"
expect_rc 0 "CREATE TABLE statements run ($err)"
for t in responses history sessions votes; do
	run sql -c "COPY $t FROM '$PG/csv/$t.csv' (FORMAT csv, HEADER true)"
	expect_rc 0 "COPY $t ($err)"
	want=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$PG/csv/$t.csv")
	got=$(sql -t -A -c "SELECT count(*) FROM $t")
	[ "$got" = "$want" ] && [ "$want" -gt 0 ] && pass || fail "$t: $got rows loaded, the export has $want"
done

# The texts, byte for byte: every text column of every table, read back.
for t in responses history sessions votes; do
	sql -c "COPY (SELECT * FROM $t) TO STDOUT (FORMAT csv, HEADER true)" >"$PG/back-$t.csv"
	python3 - "$PG/csv/$t.csv" "$PG/back-$t.csv" "$t" <<'PY' && pass || fail "$t: texts differ after the load"
import csv, sys
def rows(path):
    r = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    return r
a, b = rows(sys.argv[1]), rows(sys.argv[2])
texts = ["session_label", "cohort", "participant", "text", "option_text", "chosen_option",
         "scenario_title", "owner"]
key = lambda r: (r["session_id"], r.get("entry_id", ""), r.get("revision", ""), r.get("vote_no", ""))
a.sort(key=key); b.sort(key=key)
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    for k in texts:
        if k in x:
            assert x[k] == y[k], (sys.argv[3], k, x[k], y[k])
PY
done
awkward=$(sql -t -A -c "SELECT count(*) FROM responses WHERE text LIKE '=HYPERLINK%'
	OR text LIKE E'%\r\n%' OR text LIKE E'%\t%' OR text LIKE '%🚓%' OR text LIKE '%é%'")
[ "$awkward" -ge 5 ] && pass || fail "the awkward texts are there: $awkward"

# The default export loads as well; its formula-like texts keep their '.
run sql -c "CREATE TABLE safe (LIKE responses INCLUDING ALL)"
run sql -c "COPY safe FROM '$PG/csv/safe.csv' (FORMAT csv, HEADER true)"
expect_rc 0 "COPY of the default export ($err)"
n=$(sql -t -A -c "SELECT count(*) FROM safe WHERE text LIKE '''=HYPERLINK%'")
[ "$n" = 1 ] && pass || fail "the default export's = text carries its ': $n"

finish
