#!/bin/sh
# bench_pack.sh - the pack loader's speed and memory (issue 2), a benchmark,
# never a timed test.
#
#   tests/bench/bench_pack.sh [-n RUNS] [BUILDDIR]
#
# Generates a pack of 10,000 scenarios (about 9 MB, tests/bench/gen_pack.py)
# and, in the same run, interleaved:
#   - the baseline: a bare libyaml event scan of the file (bench_pack_scan:
#     read the file, parse every event, do nothing with them);
#   - the loader: pack_load() and pack_destroy() (bench_pack_load), the code
#     the workbench and `dilemma validate` run;
#   - `dilemma validate --quiet FILE`, the whole program, for reference.
# Times are wall-clock medians over about RUNS runs (default 30), in
# interleaved rounds, with hyperfine when it is installed, else with
# Python's clock. Peak memory
# is each program's maximum resident set size (getrusage through wait4).
# Targets: loader time at most 1.5x the scan, loader peak memory under 12x
# the file size; the exit status is 1 when a target is missed.
#
# Meson runs it as `meson test -C BUILDDIR --benchmark pack-load`; by hand,
# give the build directory (default: $BUILDDIR, else ./build).
set -u
runs=30
if [ "${1-}" = -n ]; then runs=$2; shift 2; fi
build=${1:-${BUILDDIR:-build}}
here=$(cd "$(dirname "$0")" && pwd)
scan="$build/tests/bench/bench_pack_scan"
load="$build/tests/bench/bench_pack_load"
dilemma="$build/src/cli/dilemma"
for p in "$scan" "$load" "$dilemma"; do
	[ -x "$p" ] || { echo "bench_pack: $p not built (ninja -C $build)"; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-bench-pack.XXXXXX")
trap 'rm -rf "$T"' EXIT
pack="$T/bench.yaml"
python3 "$here/gen_pack.py" 10000 >"$pack" || exit 2
"$dilemma" validate "$pack" || { echo "bench_pack: the generated pack does not load"; exit 2; }

# Interleaved rounds, so that the load other processes put on the machine
# falls on all three alike: hyperfine runs each command 3 times a round.
rounds=$(( (runs + 2) / 3 ))
if command -v hyperfine >/dev/null 2>&1; then
	timer="hyperfine, $rounds interleaved rounds of 3 runs"
	i=0
	while [ "$i" -lt "$rounds" ]; do
		hyperfine -N --style none -w 1 -r 3 --export-json "$T/round$i.json" \
			"$scan $pack" "$load $pack" "$dilemma validate --quiet $pack" >/dev/null 2>&1 ||
			{ echo "bench_pack: hyperfine failed"; exit 2; }
		i=$((i + 1))
	done
	python3 - "$T" "$rounds" <<'PY' || exit 2
import json, sys
d, rounds = sys.argv[1], int(sys.argv[2])
res = None
for i in range(rounds):
    r = json.load(open(f"{d}/round{i}.json"))["results"]
    if res is None:
        res = [{"command": x["command"], "times": []} for x in r]
    for a, b in zip(res, r):
        a["times"] += b["times"]
json.dump({"results": res}, open(f"{d}/times.json", "w"))
PY
else
	timer="Python clock, $runs interleaved runs"
	python3 - "$runs" "$T/times.json" "$scan $pack" "$load $pack" \
		"$dilemma validate --quiet $pack" <<'PY' || exit 2
import json, subprocess, sys, time
runs, out, cmds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = {c: [] for c in cmds}
for i in range(runs + 3):
    for c in cmds:
        t = time.perf_counter()
        subprocess.run(c.split(), check=True, stderr=subprocess.DEVNULL)
        if i >= 3:  # warm-up
            times[c].append(time.perf_counter() - t)
json.dump({"results": [{"command": c, "times": times[c]} for c in cmds]}, open(out, "w"))
PY
fi

python3 - "$T/times.json" "$pack" "$scan" "$load" "$dilemma" "$timer" "$runs" <<'PY'
import json, os, statistics, sys
times, pack, scan, load, dilemma, timer, runs = sys.argv[1:]
res = json.load(open(times))["results"]
med = [statistics.median(r["times"]) for r in res]
size = os.path.getsize(pack)

def peak(argv):
    """Peak RSS in bytes of one run of argv (the most of 3 runs)."""
    best = 0
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execv(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
        if status != 0:
            sys.exit(f"bench_pack: {argv} failed")
        best = max(best, ru.ru_maxrss * 1024)
    return best

rss_scan = peak([scan, pack])
rss_load = peak([load, pack])
rss_dilemma = peak([dilemma, "validate", "--quiet", pack])
ratio = med[1] / med[0]
mem = rss_load / size
n = len(res[0]["times"])
print(f"pack: 10000 scenarios, {size} bytes ({size / 2**20:.1f} MiB); "
      f"median wall time of {n} runs each ({timer})")
print(f"bare libyaml event scan   {med[0] * 1000:8.1f} ms   peak RSS {rss_scan / 2**20:6.1f} MiB")
print(f"loader (pack_load)        {med[1] * 1000:8.1f} ms   peak RSS {rss_load / 2**20:6.1f} MiB")
print(f"dilemma validate          {med[2] * 1000:8.1f} ms   peak RSS {rss_dilemma / 2**20:6.1f} MiB")
print(f"time: loader / scan = {ratio:.2f} (target <= 1.5); "
      f"dilemma validate / scan = {med[2] / med[0]:.2f}")
print(f"memory: loader peak RSS / file size = {mem:.2f} (target < 12); "
      f"dilemma validate: {rss_dilemma / size:.2f}")
ok = ratio <= 1.5 and mem < 12
print("targets met" if ok else "TARGET MISSED")
sys.exit(0 if ok else 1)
PY
