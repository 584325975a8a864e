#!/bin/sh
# The man pages: both clean under `mandoc -T lint -W warning`, and the
# example pack in dilemma-pack(5) is valid, and the errors it shows for a
# broken copy are exactly what `dilemma validate` prints. (That every key
# the loader takes is documented is checked in tests/unit/test_pack.c.)
. "$(dirname "$0")/lib.sh"

command -v mandoc >/dev/null 2>&1 || { echo "mandoc not found"; exit 77; }
for page in "$SRCDIR/man/dilemma.1" "$SRCDIR/man/dilemma-pack.5"; do
	run mandoc -T lint -W warning "$page"
	if [ "$rc" -eq 0 ] && [ -z "$out$err" ]; then pass; else fail "mandoc lint $page: $out $err"; fi
	run mandoc -T utf8 "$page"
	expect_rc 0 "mandoc renders $page"
done

# The example pack: the literal display after "A pack with one scenario:".
man5="$SRCDIR/man/dilemma-pack.5"
awk '/^A pack with one scenario:/ { f = 1; next }
     f && /^\.Bd/ { g = 1; next }
     g && /^\.Ed/ { exit }
     g { print }' "$man5" >"$T/night-shift.yaml"
[ -s "$T/night-shift.yaml" ] && pass || fail "no example pack found in dilemma-pack(5)"
cd "$T" || exit 1
run "$DILEMMA" validate night-shift.yaml
expect_rc 0 "the man page's example pack"
expect_out "night-shift.yaml: ok: pack 'night-shift', 1 scenario" "example pack output"
grep -q "^night-shift.yaml: ok: pack 'night-shift', 1 scenario\$" "$man5" && pass ||
	fail "the man page shows a different ok line"

# The broken copy the page describes, and the errors it shows.
sed -e 's/^    situation: |/    situaton: |/' -e 's/stage: options/stage: option/' \
	night-shift.yaml >broken.yaml
cp broken.yaml night-shift.yaml
run "$DILEMMA" validate night-shift.yaml
expect_rc 1 "the man page's broken example"
shown=$(awk '/^it is refused with exit status 1/ { f = 1; next }
	f && /^\.Bd/ { g = 1; next }
	g && /^\.Ed/ { exit }
	g { print }' "$man5" | sed 's/\\(aq/'"'"'/g')
[ -n "$shown" ] && [ "$err" = "$shown" ] && pass || fail "the man page's errors differ from validate's:
$shown
---
$err"

finish
