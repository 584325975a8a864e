#!/bin/sh
# bench_store.sh - the store's speed and memory targets (issue 4), each
# measured against its baseline in the same run:
#   import: `dilemma import` of 200,000 responses vs the sqlite3 shell's
#           `.import --csv` of the same file into a bare table (ratio <= 2.0);
#   export: `dilemma export --table responses` vs `sqlite3 -csv DB
#           'SELECT * FROM revisions'` (the largest table) of the same
#           database (ratio <= 1.0), and the export's peak RSS < 32 MiB.
# Each command runs 5 times, taking turns with its baseline; the best wall
# time of each counts. Needs sqlite3 and
# /usr/bin/time. Exit 1 when a target is missed.
#
# usage: bench_store.sh [ROWS]   (DILEMMA: the binary; default build tree)
set -u
here=$(cd "$(dirname "$0")" && pwd)
DILEMMA=${DILEMMA:-$here/../../build/src/cli/dilemma}
ROWS=${1:-200000}
T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8
unset DILEMMA_DB

for tool in sqlite3 /usr/bin/time python3; do
	command -v "$tool" >/dev/null || { echo "bench_store: $tool is needed"; exit 77; }
done

python3 "$here/gen_responses.py" "$T/responses.csv" "$ROWS"

# pair A B: run A and B in turn 5 times each (interleaved, so that a busy
# moment of the machine hits both alike) and print the best wall time of
# each, "A B"; the peak RSS (KiB) of A's best run goes to $T/rss.
pair() {
	ba="" bb=""
	for _ in 1 2 3 4 5; do
		for which in a b; do
			if [ $which = a ]; then "$1"; else "$2"; fi >/dev/null 2>"$T/bench.err" ||
				{ cat "$T/bench.err" >&2; echo "bench_store: $1/$2 failed" >&2; exit 1; }
			t=$(tail -n 1 "$T/bench.time" | cut -d' ' -f1)
			if [ $which = a ]; then
				if [ -z "$ba" ] || [ "$(echo "$t < $ba" | bc -l)" = 1 ]; then
					ba=$t
					tail -n 1 "$T/bench.time" | cut -d' ' -f2 >"$T/rss"
				fi
			elif [ -z "$bb" ] || [ "$(echo "$t < $bb" | bc -l)" = 1 ]; then
				bb=$t
			fi
		done
	done
	echo "$ba $bb"
}
timed() { /usr/bin/time -o "$T/bench.time" -f '%e %M' "$@"; }

imp_dilemma() { rm -f "$T/i.db" "$T/i.db-wal" "$T/i.db-shm"; timed "$DILEMMA" --db "$T/i.db" import "$T/responses.csv"; }
imp_sqlite() { rm -f "$T/bare.db"; timed sqlite3 "$T/bare.db" ".import --csv $T/responses.csv responses"; }
# Both exports write a file through `sh -c`, which costs both sides alike.
exp_dilemma() { timed sh -c "'$DILEMMA' --db '$T/i.db' export --table responses >'$T/out1.csv'"; }
exp_sqlite() { timed sh -c "sqlite3 -csv '$T/i.db' 'SELECT * FROM revisions' >'$T/out2.csv'"; }

set -- $(pair imp_dilemma imp_sqlite)
t_idil=$1 t_isql=$2
rss_import=$(cat "$T/rss")
set -- $(pair exp_dilemma exp_sqlite)
t_edil=$1 t_esql=$2
# RSS of the export alone, without the sh -c wrapper.
/usr/bin/time -o "$T/bench.time" -f '%e %M' "$DILEMMA" --db "$T/i.db" export --table responses -o "$T/out3.csv" >/dev/null
rss_export=$(cut -d' ' -f2 "$T/bench.time")

rows=$(($(sqlite3 "$T/i.db" 'SELECT count(*) FROM revisions')))
[ "$rows" -eq "$ROWS" ] || { echo "bench_store: $rows rows imported, wanted $ROWS"; exit 1; }
cmp -s "$T/out1.csv" "$T/out3.csv" || { echo "bench_store: -o and stdout differ"; exit 1; }

r_imp=$(echo "scale=3; $t_idil / $t_isql" | bc -l)
r_exp=$(echo "scale=3; $t_edil / $t_esql" | bc -l)
printf 'rows: %d (%s bytes of CSV)\n' "$ROWS" "$(stat -c %s "$T/responses.csv")"
printf 'import: dilemma %ss, sqlite3 .import %ss, ratio %s (target <= 2.0); dilemma peak RSS %d KiB\n' \
	"$t_idil" "$t_isql" "$r_imp" "$rss_import"
printf 'export: dilemma %ss, sqlite3 -csv %ss, ratio %s (target <= 1.0); dilemma peak RSS %d KiB (target < 32768)\n' \
	"$t_edil" "$t_esql" "$r_exp" "$rss_export"
ok=0
[ "$(echo "$r_imp <= 2.0" | bc -l)" = 1 ] || { echo "MISSED: import ratio"; ok=1; }
[ "$(echo "$r_exp <= 1.0" | bc -l)" = 1 ] || { echo "MISSED: export ratio"; ok=1; }
[ "$rss_export" -lt 32768 ] || { echo "MISSED: export peak RSS"; ok=1; }
exit $ok
