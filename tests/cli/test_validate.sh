#!/bin/sh
# `dilemma validate FILE...`: exit 0 when every file is a valid pack, 1 when
# any is not, 2 on a usage error; every problem on stderr as
# FILE:LINE:COLUMN: error: MESSAGE; files that are not packs (missing,
# directories, devices, FIFOs, binaries, huge files) refused clearly.
. "$(dirname "$0")/lib.sh"

# Every stderr line is "FILE:LINE:COLUMN: error: ..." (or "FILE: error: ..."
# for problems of the file as a whole, which have no position).
expect_diag_format() { # expect_diag_format WHAT
	bad=$(printf '%s\n' "$err" | grep -v -E '^[^:]+(:[0-9]+:[0-9]+)?: (error|warning): .+' || true)
	if [ -z "$bad" ]; then pass; else fail "$1: stderr lines not in FILE:LINE:COLUMN form: $bad"; fi
}

# The bundled packs are valid.
run "$DILEMMA" validate "$SRCDIR"/scenarios/*.yaml
expect_rc 0 "bundled packs"
for f in "$SRCDIR"/scenarios/*.yaml; do
	expect_out "$f: ok: pack '" "bundled pack $(basename "$f") is reported valid"
done
[ -z "$err" ] && pass || fail "bundled packs: stderr not empty: $err"

run "$DILEMMA" validate --quiet "$SRCDIR/scenarios/social-media.yaml"
expect_rc 0 "--quiet"
[ -z "$out$err" ] && pass || fail "--quiet prints nothing for a valid pack: $out $err"

# A pack with several problems: every one listed, in order, with positions.
cat >"$T/bad.yaml" <<'EOF'
pack: bad-pack
title: A pack with mistakes
version: one
framework: nolen
scenarios:
  - id: first
    title: First
    situaton: typo
    question: What now?
    injects:
      - stage: asessment
        text: News.
  - id: first
    title: Again
    situation: S
    question: Q
    considerations:
      - principles: [honsty]
        text: x
EOF
run "$DILEMMA" validate "$T/bad.yaml"
expect_rc 1 "pack with errors"
expect_diag_format "pack with errors"
want="$T/bad.yaml:3:10: error: 'version' must be a whole number from 0 to 2147483647, like 3, not 'one'
$T/bad.yaml:4:12: error: unknown framework 'nolen'; did you mean 'nolan'? (the built-in frameworks are: coe-2014, coe-2024, spb, nolan); or give the pack's own 'principles' instead
$T/bad.yaml:6:5: error: scenario is missing the required key 'situation'
$T/bad.yaml:8:5: error: unknown key 'situaton' in scenario; did you mean 'situation'?
$T/bad.yaml:11:16: error: unknown stage 'asessment'; did you mean 'assessment'? (the stages are: ethics, information, assessment, powers, options, action)
$T/bad.yaml:13:9: error: duplicate scenario id 'first' (first used at line 6, column 9)"
[ "$err" = "$want" ] && pass || fail "every error listed in order; got:
$err
wanted:
$want"
[ -z "$out" ] && pass || fail "nothing on stdout for an invalid pack: $out"

# Unknown principle under the default framework (the framework error above
# stops principle checks, so check them on their own).
sed -e '/^framework:/d' -e 's/^version: one/version: 1/' "$T/bad.yaml" >"$T/bad2.yaml"
run "$DILEMMA" validate "$T/bad2.yaml"
expect_rc 1 "unknown principle"
expect_err "$T/bad2.yaml:17:22: error: unknown principle 'honsty' for framework 'coe-2014'; did you mean 'honesty'?" "unknown principle message"

# One bad file among good ones: exit 1, the good ones still reported.
run "$DILEMMA" validate "$SRCDIR/scenarios/social-media.yaml" "$T/bad.yaml" \
	"$SRCDIR/scenarios/messaging-groups.yaml"
expect_rc 1 "one bad file among good ones"
expect_out "social-media.yaml: ok" "first good file reported"
expect_out "messaging-groups.yaml: ok" "good file after the bad one reported"
expect_err "$T/bad.yaml:3:10: error:" "bad file's errors"

# A pack written on Windows: BOM and CRLF line ends.
printf '\357\273\277pack: windows\r\ntitle: From Windows\r\nversion: 1\r\nscenarios:\r\n  - id: a\r\n    title: A\r\n    situation: |\r\n      Two\r\n      lines.\r\n    question: Q?\r\n' >"$T/windows.yaml"
run "$DILEMMA" validate "$T/windows.yaml"
expect_rc 0 "BOM and CRLF accepted"
expect_out "ok: pack 'windows', 1 scenario" "BOM and CRLF pack loads"

# ...and an error in such a file is at the position an editor shows.
printf '\357\273\277pakc: windows\r\ntitle: T\r\n' >"$T/windows-bad.yaml"
run "$DILEMMA" validate "$T/windows-bad.yaml"
expect_rc 1 "BOM file with an error"
expect_err "$T/windows-bad.yaml:1:1: error: unknown key 'pakc' in pack; did you mean 'pack'?" "BOM does not shift columns"

# Encoding problems, each with its position.
printf 'pack: t\ntitle: Caf\351\nversion: 1\nscenarios:\n  - id: a\n    title: A\n    situation: "bell\\a"\n    question: Q\001?\n' >"$T/enc.yaml"
run "$DILEMMA" validate "$T/enc.yaml"
expect_rc 1 "encoding errors"
expect_diag_format "encoding errors"
expect_err "$T/enc.yaml:2:11: error: invalid UTF-8 byte 0xE9: packs must be UTF-8 text" "invalid UTF-8"
expect_err "$T/enc.yaml:7:16: error: control character U+0007 in a quoted text" "escaped control character"
expect_err "$T/enc.yaml:8:16: error: control character U+0001 is not allowed in a pack" "raw control character"

# Anchors and aliases.
printf 'pack: t\ntitle: &x T\nversion: 1\nscenarios:\n  - id: a\n    title: *x\n    situation: S\n    question: Q\n' >"$T/alias.yaml"
run "$DILEMMA" validate "$T/alias.yaml"
expect_rc 1 "anchors and aliases"
expect_err "$T/alias.yaml:2:8: error: anchors (here '&x') are not supported" "anchor refused"
expect_err "$T/alias.yaml:6:12: error: aliases (here '*x') are not supported" "alias refused"

# A billion-laughs file stops at once.
printf 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' >"$T/laughs.yaml"
run "$DILEMMA" validate "$T/laughs.yaml"
expect_rc 1 "billion laughs"
expect_err "this is not a pack" "billion laughs is not a pack"

# Deep nesting.
python3 -c 'print("pack: " + "[" * 5000 + "]" * 5000)' >"$T/deep.yaml"
run "$DILEMMA" validate "$T/deep.yaml"
expect_rc 1 "deep nesting"
expect_err "nesting deeper than 8 levels" "deep nesting message"

# Files that are not packs.
run "$DILEMMA" validate "$T/missing.yaml"
expect_rc 1 "missing file"
expect_err "$T/missing.yaml: error: cannot open: No such file or directory" "missing file message"

mkdir "$T/dir.yaml"
run "$DILEMMA" validate "$T/dir.yaml"
expect_rc 1 "directory"
expect_err "$T/dir.yaml: error: not a regular file (a directory); a pack is a YAML file" "directory message"

run "$DILEMMA" validate /dev/null
expect_rc 1 "device"
expect_err "/dev/null: error: not a regular file (a device)" "device message"

mkfifo "$T/fifo.yaml"
run timeout 20 "$DILEMMA" validate "$T/fifo.yaml"
expect_rc 1 "FIFO (no hang waiting for a writer)"
expect_err "not a regular file (a FIFO)" "FIFO message"

run "$DILEMMA" validate "$DILEMMA"
expect_rc 1 "a binary"
expect_err "$DILEMMA:1:" "binary position"
expect_err "this is not a pack: the file holds binary data (a NUL byte), not UTF-8 text" "binary message"
n=$(printf '%s\n' "$err" | wc -l)
[ "$n" -eq 1 ] && pass || fail "a binary gets one message, not $n"

printf '# A heading\n\nSome *Markdown* text.\n' >"$T/readme.yaml"
run "$DILEMMA" validate "$T/readme.yaml"
expect_rc 1 "Markdown file"
expect_err "$T/readme.yaml:3:1: error: this is not a pack: the file holds a text" "Markdown message"

printf '{"name": "x", "version": "1.0", "dependencies": {}}\n' >"$T/package.yaml"
run "$DILEMMA" validate "$T/package.yaml"
expect_rc 1 "other JSON"
expect_err "$T/package.yaml:1:" "other JSON has a position"

: >"$T/empty.yaml"
run "$DILEMMA" validate "$T/empty.yaml"
expect_rc 1 "empty file"
expect_err "$T/empty.yaml:1:1: error: this is not a pack: the file is empty" "empty file message"

# Over the size limit: a sparse file of 33 MiB is refused from its size
# alone (it is never read, so this is instant and needs no disk space).
printf 'pack: big\n' >"$T/big.yaml"
truncate -s 33M "$T/big.yaml"
run "$DILEMMA" validate "$T/big.yaml"
expect_rc 1 "file over the size limit"
expect_err "$T/big.yaml: error: the file is larger than 32 MiB; packs are never that big" "size limit message"

if [ "$(id -u)" -ne 0 ]; then
	printf 'pack: t\n' >"$T/secret.yaml"
	chmod 000 "$T/secret.yaml"
	run "$DILEMMA" validate "$T/secret.yaml"
	expect_rc 1 "unreadable file"
	expect_err "$T/secret.yaml: error: cannot open: Permission denied" "unreadable message"
fi

# A file name starting with '-' after "--".
cp "$SRCDIR/scenarios/social-media.yaml" "$T/-dash.yaml"
(cd "$T" && "$DILEMMA" validate -- -dash.yaml >"$T/out" 2>"$T/err")
rc=$?
out=$(cat "$T/out") err=$(cat "$T/err")
expect_rc 0 "-- then a file name starting with a dash"
expect_out "-dash.yaml: ok: pack 'social-media'" "dash file name validated"

# A file name with control characters is printed neutralised, in the ok
# line and in the errors (issue 12, defect 12).
odd="$T/odd$(printf '\033')]2;title$(printf '\007').yaml"
cp "$SRCDIR/scenarios/social-media.yaml" "$odd"
run "$DILEMMA" validate "$odd"
expect_rc 0 "a file name with control characters"
expect_out "$T/odd$(printf '\357\277\275')]2;title$(printf '\357\277\275').yaml: ok: pack 'social-media'" "the ok line's file name is neutralised"
printf 'pack: x\n' >"$odd"
run "$DILEMMA" validate "$odd"
expect_rc 1 "a bad pack with control characters in its name"
expect_err "$T/odd$(printf '\357\277\275')]2;title$(printf '\357\277\275').yaml:1:1: error:" "the error's file name is neutralised"
case "$out$err" in *"$(printf '\033')"*|*"$(printf '\007')"*) fail "validate printed raw control characters" ;; *) pass ;; esac

# Usage errors.
run "$DILEMMA" validate
expect_rc 2 "no file"
expect_err "dilemma: no pack file given" "no file message"
expect_err "usage: dilemma validate" "usage line"
run "$DILEMMA" validate --frob "$T/windows.yaml"
expect_rc 2 "unknown option"
expect_err "dilemma: unknown option '--frob'" "unknown option message"

finish
