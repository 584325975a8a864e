#!/bin/sh
# --help, --version and usage errors: exit 0, 0 and 2, with messages.
. "$(dirname "$0")/lib.sh"

run "$DILEMMA" --help
expect_rc 0 "--help"
expect_out "usage: dilemma" "--help"
expect_out "validate FILE..." "--help lists validate"

run "$DILEMMA" --version
expect_rc 0 "--version"
want=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$SRCDIR/meson.build")
expect_out "dilemma $want" "--version prints meson.build's version"

run "$DILEMMA" frobnicate
expect_rc 2 "unknown command"
expect_err "dilemma: unknown command 'frobnicate'" "unknown command message"

run "$DILEMMA" --frobnicate
expect_rc 2 "unknown option"
expect_err "unknown option '--frobnicate'" "unknown option message"

run "$DILEMMA" list --nope
expect_rc 2 "unknown option of list"
expect_err "usage: dilemma list" "list usage line"

run "$DILEMMA" validate
expect_rc 2 "validate without files"

run "$DILEMMA" --db
expect_rc 2 "--db without argument"

finish
