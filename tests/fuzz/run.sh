#!/bin/sh
# run.sh BUILD-FUZZ [SECONDS] - fuzz the pack loader for SECONDS (default
# 660) in one process, seeded with the bundled packs, tests/fuzz/seeds/
# and the YAML test suite's inputs. BUILD-FUZZ is a build directory set up with
#   CC=clang meson setup BUILD-FUZZ -Dfuzz=true
# The corpus grows in BUILD-FUZZ/fuzz-corpus (never committed), crashes go
# to BUILD-FUZZ/fuzz-artifacts/, the log to BUILD-FUZZ/fuzz.log.
set -eu
build=$1
secs=${2:-660}
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$src/../shared}
ninja -C "$build" tests/fuzz/fuzz_pack
mkdir -p "$build/fuzz-corpus" "$build/fuzz-seeds" "$build/fuzz-artifacts"
cp "$src"/scenarios/*.yaml "$src"/tests/fuzz/seeds/*.yaml "$build/fuzz-seeds/"
if [ -d "$shared/testdata/yaml-test-suite" ]; then
	cp "$shared"/testdata/yaml-test-suite/*.yaml "$build/fuzz-seeds/"
fi
"$build/tests/fuzz/fuzz_pack" -max_total_time="$secs" -max_len=65536 \
	-dict="$src/tests/fuzz/pack.dict" -print_final_stats=1 \
	-artifact_prefix="$build/fuzz-artifacts/" \
	"$build/fuzz-corpus" "$build/fuzz-seeds" 2>&1 | tee "$build/fuzz.log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::|Done'
