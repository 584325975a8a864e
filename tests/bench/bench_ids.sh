#!/bin/sh
# bench_ids.sh - a session named by an 8-character prefix against the same
# session named by its full id (issue 14): `report`, `export --session`
# and `sessions --session` on a database of SESSIONS sessions (30,000 by
# default, two responses each, imported from gen_responses.py). A prefix
# is a range of the primary key, so the target is a ratio of at most 1.2
# for each command. Runs are interleaved (full, prefix, full, ...) after
# three untimed ones each; medians of the wall time from exec to exit.
#
# usage: bench_ids.sh [-n REPS] [SESSIONS]   (DILEMMA: the binary; default build tree)
set -u
here=$(cd "$(dirname "$0")" && pwd)
DILEMMA=${DILEMMA:-$here/../../build/src/cli/dilemma}
reps=30
if [ "${1-}" = -n ]; then reps=$2; shift 2; fi
SESSIONS=${1:-30000}
T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8
unset DILEMMA_DB

command -v python3 >/dev/null || { echo "bench_ids: python3 is needed"; exit 77; }
python3 "$here/gen_responses.py" "$T/responses.csv" $((SESSIONS * 2)) "$SESSIONS"
"$DILEMMA" --db "$T/s.db" import "$T/responses.csv" >/dev/null || exit 1
# the session in the middle of the id order
full=$("$DILEMMA" --db "$T/s.db" sessions --csv | tail -n +2 | cut -d, -f1 | tr -d '"' | sort |
	sed -n "$((SESSIONS / 2))p")
prefix=$(printf '%s' "$full" | cut -c1-8)
echo "== session id prefixes (target: prefix <= 1.2x full id), $SESSIONS sessions =="
echo "session $full, prefix $prefix"
python3 - "$DILEMMA" "$T/s.db" "$full" "$prefix" "$reps" <<'PY'
import statistics, subprocess, sys, time
dilemma, db, full, prefix, reps = sys.argv[1:6]
reps = int(reps)
commands = [("report ID", ["report", "{}"]),
            ("export --session ID", ["export", "--session", "{}"]),
            ("sessions --session ID", ["sessions", "--session", "{}"])]
status = 0
for name, args in commands:
    times = {full: [], prefix: []}
    outs = {}
    for i in range(3 + reps):
        for which in (full, prefix):
            argv = [dilemma, "--db", db] + [a.replace("{}", which) for a in args]
            t0 = time.perf_counter()
            r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            t = time.perf_counter() - t0
            if r.returncode != 0:
                sys.exit("bench_ids: %s failed: %s" % (" ".join(argv), r.stderr.decode()))
            outs[which] = r.stdout
            if i >= 3:
                times[which].append(t * 1000)
    if outs[full] != outs[prefix]:
        print("  %s: the prefix and the full id give different output" % name)
        status = 1
    mf, mp = statistics.median(times[full]), statistics.median(times[prefix])
    ratio = mp / mf
    print("  %-22s full id median %7.2f ms, prefix median %7.2f ms: ratio %.2fx (%s)"
          % (name, mf, mp, ratio, "met" if ratio <= 1.2 else "NOT met"))
    if ratio > 1.2:
        status = 1
sys.exit(status)
PY
