#!/bin/sh
# run.sh BUILD-FUZZ [SECONDS] [pack|import] - fuzz the pack loader (the
# default) or the import for SECONDS (default 660) in one process.
# BUILD-FUZZ is a build directory set up with
#   CC=clang meson setup BUILD-FUZZ -Dfuzz=true
# pack: seeded with the bundled packs, tests/fuzz/seeds/ and the YAML test
# suite's inputs. import: seeded with exports (responses, history, --raw,
# --bom, --anonymise) of the awkward sessions of the command-line tests
# (tests/cli/sessions_fixture.sh), which are also the database each input
# is imported into.
# The corpus grows in BUILD-FUZZ/fuzz-corpus[-import] (never committed),
# crashes go to BUILD-FUZZ/fuzz-artifacts/, the log to BUILD-FUZZ/fuzz[-import].log.
set -eu
build=$1
secs=${2:-660}
target=${3:-pack}
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$src/../shared}
mkdir -p "$build/fuzz-artifacts"
case $target in
pack)
	ninja -C "$build" tests/fuzz/fuzz_pack
	mkdir -p "$build/fuzz-corpus" "$build/fuzz-seeds"
	cp "$src"/scenarios/*.yaml "$src"/tests/fuzz/seeds/*.yaml "$build/fuzz-seeds/"
	if [ -d "$shared/testdata/yaml-test-suite" ]; then
		cp "$shared"/testdata/yaml-test-suite/*.yaml "$build/fuzz-seeds/"
	fi
	set -- "$build/tests/fuzz/fuzz_pack" -dict="$src/tests/fuzz/pack.dict" \
		"$build/fuzz-corpus" "$build/fuzz-seeds"
	log=$build/fuzz.log
	;;
import)
	ninja -C "$build" tests/fuzz/fuzz_import src/cli/dilemma tests/cli/mksession
	seeds=$build/fuzz-seeds-import
	rm -rf "$seeds"
	mkdir -p "$build/fuzz-corpus-import" "$seeds"
	rm -f "$seeds.db"
	SRCDIR=$src MKSESSION=$build/tests/cli/mksession
	export SRCDIR MKSESSION
	. "$src/tests/cli/sessions_fixture.sh"
	awkward_script | mksession "$seeds.db" >/dev/null
	d="$build/src/cli/dilemma --db $seeds.db"
	$d export >"$seeds/responses.csv"
	$d export --raw >"$seeds/responses-raw.csv"
	$d export --bom --anonymise >"$seeds/responses-bom.csv"
	$d export --table history >"$seeds/history.csv"
	# A session of its own, new to the database, and a short file.
	sed 's/"[0-9a-f]\{8\}-/"0f8fad5b-/' "$seeds/history.csv" >"$seeds/history-new.csv"
	head -n 3 "$seeds/responses.csv" >"$seeds/short.csv"
	export FUZZ_IMPORT_BASE="$seeds.db"
	set -- "$build/tests/fuzz/fuzz_import" -dict="$src/tests/fuzz/import.dict" \
		"$build/fuzz-corpus-import" "$seeds"
	log=$build/fuzz-import.log
	;;
*)
	echo "run.sh: the targets are pack and import" >&2
	exit 2
	;;
esac
prog=$1
shift
"$prog" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 \
	-artifact_prefix="$build/fuzz-artifacts/" "$@" 2>&1 | tee "$log" |
	grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::|Done'
