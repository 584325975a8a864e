#!/bin/sh
# `dilemma validate` on every input of the YAML test suite
# ($SHARED/testdata/yaml-test-suite/*.yaml, valid and invalid YAML alike):
# none is a pack, so each must exit exactly 1 with at least one
# FILE:LINE:COLUMN error on stderr. Exit 0 would accept a non-pack; exit 2
# or more, death by a signal (128+N) or a sanitizer report is a crash.
# Each run has a time limit, so a hang fails too.
. "$(dirname "$0")/lib.sh"

suite="$SHARED/testdata/yaml-test-suite"
[ -d "$suite" ] || { echo "no YAML test suite at $suite"; exit 77; }

total=0 ok=0 accepted=0 crashed=0 silent=0 invalid_yaml=0
for f in "$suite"/*.yaml; do
	total=$((total + 1))
	name=$(basename "$f" .yaml)
	timeout 10 "$DILEMMA" validate "$f" >"$T/out" 2>"$T/err"
	rc=$?
	if grep -qx "$name" "$suite/ERRORS"; then invalid_yaml=$((invalid_yaml + 1)); fi
	# a sanitizer report counts as a crash whatever the exit status
	if grep -q -E 'Sanitizer|runtime error:' "$T/err"; then rc=99; fi
	case $rc in
	1)
		# a clear error: FILE:LINE:COLUMN: error: MESSAGE
		if grep -q -E "^$f:[0-9]+:[0-9]+: error: ." "$T/err"; then
			ok=$((ok + 1))
			pass
		else
			silent=$((silent + 1))
			fail "$name: exit 1 without a positioned error: $(cat "$T/err")"
		fi
		;;
	0)
		accepted=$((accepted + 1))
		fail "$name: accepted as a pack"
		;;
	*)
		crashed=$((crashed + 1))
		fail "$name: exit $rc (crash, hang or sanitizer report): $(head -c 2000 "$T/err")"
		;;
	esac
done
echo "yaml-test-suite: $total inputs ($invalid_yaml invalid YAML): $ok refused with a positioned error, $accepted accepted, $crashed crashed or hung, $silent refused without a position"
[ "$total" -ge 400 ] && pass || fail "only $total inputs found in $suite"
finish
