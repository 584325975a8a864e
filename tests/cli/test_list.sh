#!/bin/sh
# `dilemma list [--csv]`: the packs found on the search path (bundled
# scenarios/ from the build tree, XDG data dirs, --packs, DILEMMA_PACKS), as
# a table or as CSV; a pack id found twice is warned about, naming both
# files, and the first one found wins.
. "$(dirname "$0")/lib.sh"

# pack_file ID TITLE [SCENARIO_ID...]: a valid pack on stdout.
pack_file() {
	printf 'pack: %s\ntitle: %s\nversion: 1\nscenarios:\n' "$1" "$2"
	shift 2
	for s in "${@:-only}"; do
		printf '  - id: %s\n    title: Scenario %s\n    situation: S\n    question: Q?\n' "$s" "$s"
	done
}

bundled_ids=$(sed -n 's/^pack: *\([a-z0-9-]*\).*/\1/p' "$SRCDIR"/scenarios/*.yaml)

# The bundled packs, found from the build tree.
run "$DILEMMA" list
expect_rc 0 "list"
for id in $bundled_ids; do
	expect_out "$id (version " "table shows bundled pack $id"
done
expect_out "  Police use of social media" "table shows the pack title"
[ -z "$err" ] && pass || fail "list: stderr not empty: $err"

# CSV: a header with at least the required columns, one row per scenario,
# each row as many fields as the header (checked with a real CSV parser).
run "$DILEMMA" list --csv
expect_rc 0 "list --csv"
header=$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')
case "$header" in
"\"pack_id\",\"pack_title\",\"pack_version\",\"framework\",\"scenario_id\",\"scenario_title\",\"path\"") pass ;;
*) fail "CSV header: $header" ;;
esac
printf '%s\n' "$out" >"$T/list.csv"
python3 - "$T/list.csv" "$SRCDIR/scenarios" <<'PY' && pass || fail "CSV rows match the bundled packs"
import csv, glob, os, re, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
want = {}
for f in glob.glob(os.path.join(sys.argv[2], "*.yaml")):
    text = open(f, encoding="utf-8").read()
    pid = re.search(r"^pack: *([a-z0-9-]+)", text, re.M).group(1)
    ids = re.findall(r"^  - id: *([a-z0-9-]+)", text, re.M)
    want[pid] = (ids, os.path.realpath(f))
got = {}
for r in rows:
    assert None not in r and None not in r.values(), r
    for col in ("pack_id", "pack_title", "scenario_id", "scenario_title"):
        assert r[col], (col, r)
    got.setdefault(r["pack_id"], []).append(r["scenario_id"])
    assert os.path.realpath(r["path"]) == want[r["pack_id"]][1], r
assert got == {k: v[0] for k, v in want.items()}, (got, want)
PY
crlf=$(head -n 1 "$T/list.csv" | od -c | grep -c '\\r')
[ "$crlf" -ge 1 ] && pass || fail "CSV rows end with CRLF"

# --packs DIR adds packs; a pack with a bundled pack's id found earlier on
# the search path wins, with a warning naming both files.
mkdir -p "$T/mine" "$T/env1" "$T/env2"
pack_file extra-pack "An extra pack" one two >"$T/mine/extra.yaml"
pack_file social-media "My own social media pack" mine >"$T/mine/social.yaml"
run "$DILEMMA" --packs "$T/mine" list --csv
expect_rc 0 "--packs before the command"
expect_out '"extra-pack","An extra pack","1","coe-2014","two","Scenario two"' "--packs pack listed"
expect_out '"social-media","My own social media pack"' "--packs pack overrides the bundled one"
expect_no_out '"Police use of social media"' "the bundled duplicate is not listed"
expect_err "social-media.yaml: warning: pack 'social-media' is also in $T/mine/social.yaml, which is used instead" "duplicate warning names both files"
run "$DILEMMA" list --packs "$T/mine"
expect_rc 0 "--packs after the command"
expect_out "extra-pack (version 1, coe-2014, 2 scenarios)" "table with --packs"

# DILEMMA_PACKS: colon-separated; earlier entries win; --packs wins over it.
pack_file dup "From env1" a >"$T/env1/dup.yaml"
pack_file dup "From env2" b >"$T/env2/dup.yaml"
run env DILEMMA_PACKS="$T/env1:$T/nonexistent:$T/env2" "$DILEMMA" list --csv
expect_rc 0 "DILEMMA_PACKS"
expect_out '"dup","From env1"' "first DILEMMA_PACKS entry wins"
expect_no_out '"From env2"' "later duplicate not listed"
expect_err "$T/env2/dup.yaml: warning: pack 'dup' is also in $T/env1/dup.yaml, which is used instead" "DILEMMA_PACKS duplicate warning"
pack_file dup "From --packs" c >"$T/mine/dup.yaml"
run env DILEMMA_PACKS="$T/env1" "$DILEMMA" list --csv --packs "$T/mine"
expect_out '"dup","From --packs"' "--packs wins over DILEMMA_PACKS"
expect_err "$T/env1/dup.yaml: warning: pack 'dup' is also in $T/mine/dup.yaml" "--packs vs DILEMMA_PACKS warning"
rm "$T/mine/dup.yaml"

# Two packs with one id in one directory: name order decides.
pack_file twin "Twin A" a >"$T/env2/a-twin.yaml"
pack_file twin "Twin B" b >"$T/env2/b-twin.yaml"
run "$DILEMMA" list --csv --packs "$T/env2"
expect_out '"twin","Twin A"' "in one directory the first by name wins"
expect_err "$T/env2/b-twin.yaml: warning: pack 'twin' is also in $T/env2/a-twin.yaml" "same-directory duplicate warning"

# XDG_DATA_HOME and XDG_DATA_DIRS.
mkdir -p "$XDG_DATA_HOME/dilemma/scenarios" "$T/xdg1/dilemma/scenarios"
pack_file home-pack "From XDG_DATA_HOME" >"$XDG_DATA_HOME/dilemma/scenarios/home.yaml"
pack_file dirs-pack "From XDG_DATA_DIRS" >"$T/xdg1/dilemma/scenarios/dirs.yaml"
run env XDG_DATA_DIRS="$T/none:$T/xdg1" "$DILEMMA" list --csv
expect_out '"home-pack","From XDG_DATA_HOME"' "XDG_DATA_HOME pack"
expect_out '"dirs-pack","From XDG_DATA_DIRS"' "XDG_DATA_DIRS pack"
for id in $bundled_ids; do
	expect_out "\"$id\"" "bundled pack $id still listed"
done

# A broken pack does not stop the others: a warning, exit 0. Files not
# named *.yaml, and hidden ones, are not packs.
printf 'pack: [broken\n' >"$T/env1/broken.yaml"
printf 'not: a pack\n' >"$T/env1/notes.txt"
printf 'not: a pack\n' >"$T/env1/.hidden.yaml"
run "$DILEMMA" list --csv --packs "$T/env1"
expect_rc 0 "a broken pack among good ones"
expect_err "$T/env1/broken.yaml:2:1: warning: YAML syntax error" "broken pack warned about with its position"
expect_out '"dup","From env1"' "good pack beside a broken one"
expect_no_out "notes.txt" "only *.yaml files are read"
case "$err" in *hidden*|*notes.txt*) fail "non-pack files were read: $err" ;; *) pass ;; esac

# Names of files and packs never reach the terminal raw (issue 12, defects
# 10 and 12): a file name with escape sequences and a bidi override is
# neutralised in warnings and in the CSV's path; a title with a bidi
# override is refused at its position.
mkdir -p "$T/odd"
esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')
fffd=$(printf '\357\277\275')
pack_file odd-one "Odd one" a >"$T/odd/one${esc}]0;owned${bel}.yaml"
pack_file odd-one "Odd again" b >"$T/odd/two${rlo}lmth.yaml"
printf 'pack: odd-three\ntitle: Pay%sroll\nversion: 1\nscenarios: []\n' "$rlo" >"$T/odd/three${esc}[2J.yaml"
run "$DILEMMA" list --packs "$T/odd"
expect_rc 0 "odd file names"
expect_err "$T/odd/two${fffd}lmth.yaml: warning: pack 'odd-one' is also in $T/odd/one${fffd}]0;owned${fffd}.yaml, which is used instead" "a duplicate's file names are neutralised"
expect_err "$T/odd/three${fffd}[2J.yaml:2:11: warning: 'title' holds the invisible character U+202E" "a title with a bidi override is refused at its position"
case "$err$out" in *"$esc"*|*"$bel"*|*"$rlo"*) fail "list printed raw control or bidi characters: $err" ;; *) pass ;; esac
expect_out "odd-one (version 1, coe-2014, 1 scenario)" "the pack itself is listed"
run "$DILEMMA" list --csv --packs "$T/odd"
expect_out "\"$T/odd/one${fffd}]0;owned${fffd}.yaml\"" "the CSV's path is neutralised"
case "$out" in *"$esc"*|*"$bel"*) fail "list --csv printed raw control characters" ;; *) pass ;; esac

# A --packs directory that does not exist is not an error.
run "$DILEMMA" list --packs "$T/nonexistent"
expect_rc 0 "missing --packs directory"

# Usage errors.
run "$DILEMMA" list extra
expect_rc 2 "list with an argument"
expect_err "dilemma: unexpected argument 'extra'" "unexpected argument message"
run "$DILEMMA" list --packs
expect_rc 2 "--packs without a directory"
expect_err "needs an argument" "--packs without a directory message"

finish
