#!/bin/sh
# `meson install` puts the binary, both man pages and the bundled packs in
# place, and the installed binary finds the installed packs (here through
# the staged tree: share/dilemma/scenarios beside bin/).
. "$(dirname "$0")/lib.sh"

command -v meson >/dev/null 2>&1 || { echo "meson not found"; exit 77; }
stage="$T/stage"
run meson install -C "$BUILDDIR" --no-rebuild --destdir "$stage"
expect_rc 0 "meson install"
bin=$(find "$stage" -path '*/bin/dilemma' -type f | head -n 1)
[ -n "$bin" ] && [ -x "$bin" ] && pass || fail "no installed bin/dilemma under $stage"
share=$(dirname "$(dirname "$bin")")/share
for f in man/man1/dilemma.1 man/man5/dilemma-pack.5; do
	[ -s "$share/$f" ] && pass || fail "not installed: share/$f"
done
for f in "$SRCDIR"/scenarios/*.yaml; do
	name=$(basename "$f")
	cmp -s "$f" "$share/dilemma/scenarios/$name" && pass || fail "pack not installed: $name"
done

run "$bin" list --csv
expect_rc 0 "installed binary lists packs"
for f in "$SRCDIR"/scenarios/*.yaml; do
	id=$(sed -n 's/^pack: *\([a-z0-9-]*\).*/\1/p' "$f")
	expect_out "\"$id\"" "installed binary finds pack $id"
done
expect_out "share/dilemma/scenarios/" "packs come from the installed tree"
expect_no_out "$SRCDIR/scenarios" "installed binary does not read the source tree"

finish
