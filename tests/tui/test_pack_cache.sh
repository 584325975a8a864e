#!/bin/sh
# The home screen from the cache of pack headers (issue 14): the same packs
# and scenarios in the same order with the cache cold, warm, corrupt or
# deleted; a pack changed between runs shown as it is now; a broken pack
# reported every time; a pack that stops loading while the workbench runs
# refused, with a message, when a session is to start on it.
. "$(dirname "$0")/lib.sh"

# this build's cache file (its name is the build's own)
cache_file() { ls "$XDG_CACHE_HOME"/dilemma/packs-*.cache 2>/dev/null | head -n 1; }
second_title=$(csvq scenario_title <"$T/packs.csv" | sed -n 2p)
last_title=$(csvq scenario_title <"$T/packs.csv" | tail -n 1)

# home_as_listed: the header's counts and the list's first rows and last
# scenario are the full loader's (dilemma list), whatever the cache held.
home_as_listed() {
	need "dilemma: $NPACKS packs, $NSCENARIOS scenarios"
	need "$FIRST_TITLE"
	expect_screen "$(printf '%s' "$second_title" | cut -c1-20)" "the second scenario is listed second"
	capture | sed -n 3,5p >"$T/rows"
	grep -qF -- "$(printf '%s' "$FIRST_TITLE" | cut -c1-20)" "$T/rows" && pass ||
		fail "the first scenario is not at the top of the list"
	keys End
	need "$(printf '%s' "$last_title" | cut -c1-30)"
	keys Home
	need "$FIRST_TITLE"
	keys q
	wait_exit || die "q did not quit"
}

[ -z "$(cache_file)" ] && pass || fail "a cache before the first run"
start
home_as_listed
CACHE=$(cache_file)
[ -s "$CACHE" ] && pass || fail "the first run wrote no cache in $XDG_CACHE_HOME/dilemma"

start
home_as_listed

printf 'not a cache at all\n' >"$CACHE"
start
home_as_listed
head -c 13 "$CACHE" | grep -q '^dilemma packs' && pass || fail "a corrupt cache was not written anew"

# the headers changed by one byte: ignored, written anew as they were
good=$(md5sum <"$CACHE")
python3 - "$CACHE" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[300] ^= 0x20
open(p, "wb").write(b)
PY
start
home_as_listed
[ "$(md5sum <"$CACHE")" = "$good" ] && pass || fail "the spoilt cache was not written anew"

# the previews cut off (the headers intact): previews from the packs
python3 - "$CACHE" <<'PY'
import struct, sys
p = sys.argv[1]
b = open(p, "rb").read()
at = 14 + 4
keylen = struct.unpack_from("<I", b, at)[0]
at += 4 + keylen + 1
size = struct.unpack_from("<Q", b, at)[0]
open(p, "r+b").truncate(at + 16 + size)
PY
situation=$(python3 - "$FIRST_FILE" "$FIRST_SCENARIO" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
sc = [s for s in doc["scenarios"] if s["id"] == sys.argv[2]][0]
print(" ".join(sc["situation"].split()[:3]))
PY
)
start
need "Situation"
need "$situation"
home_as_listed

rm -f "$CACHE"
start
home_as_listed
[ -s "$CACHE" ] && pass || fail "a deleted cache was not rebuilt"

# A pack of our own: changed between runs, it is shown as it is now.
# (Its title puts it first: packs are listed by title.)
mkdir -p "$T/packs"
pack() {
	cat >"$T/packs/aaa.yaml" <<EOF
pack: aaa-own
title: Aaa own pack $1
version: 1
scenarios:
  - id: own-one
    title: Own scenario $1
    situation: An own situation.
    question: What now?
EOF
}
pack first
printf 'pack: [\n' >"$T/packs/zzz-broken.yaml"
start --packs "$T/packs"
need "Own scenario first"
need "1 pack file not loaded: run dilemma validate"
keys q
wait_exit || die "q did not quit"
pack "second, longer"
start --packs "$T/packs"
need "Own scenario second, longer"
expect_no_screen "Own scenario first" "the changed pack's old title"
need "1 pack file not loaded: run dilemma validate"

# It stops loading while the workbench runs: no session on it, a message.
printf 'pack: aaa-own\ntitle: [\n' >"$T/packs/aaa.yaml"
keys Enter
need "no longer loads: run dilemma validate"
expect_no_screen "Start a session" "a start dialog on a pack that no longer loads"
# mended: the session starts on the pack as the file now holds it
pack third
keys Enter
need "Start a session"
need "Aaa own pack third"
keys Escape
need_gone "Start a session"
keys q
wait_exit || die "q did not quit"

finish
