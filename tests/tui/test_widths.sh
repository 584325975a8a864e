#!/bin/sh
# What a narrow or wide terminal shows (issue 13): the workspace header
# keeps the stage, the clock and the save state in their places and
# shortens the title with an ellipsis, never running it into the save
# state nor dropping it (60, 80 and 120 columns); the framework chooser
# keeps its arrows at 60 columns; the footers end in whole hints, and
# home's keeps D at 80.
. "$(dirname "$0")/lib.sh"

# the footer (the last row) ends in a whole hint
footer_whole() {
	capture | tail -n 1 | grep -qE '(q quit|F1 help|Esc done) *$'
}

# 80 columns: the home footer keeps the dashboard's key
start
need "Scenarios"
need "D dashboard"
keys q
wait_exit || die "q did not quit"

start -s 60x18
need "Scenarios"
poll_until 5 footer_whole && pass || { fail "the home footer at 60 columns ends in a cut hint"; screen >&2; }
keys Enter
need "Start a session"
need_match "Framework: +< .*… >"
keys Escape
need_gone "Start a session"

# A session at 60 columns: the title shortened, not gone, the save state
# in its place.
keys Enter
need "Start a session"
keys Enter
type_text "Narrow."
leave_editor
need_match "^ Stage 1 Information \| [0-9:]+ \| [^|]{3,}… +(saved|no changes)"
expect_no_screen "messaging-groups:" "the pack id shown while the title is cut"
poll_until 5 footer_whole && pass || { fail "the workspace footer at 60 columns ends in a cut hint"; screen >&2; }
title8=$(printf '%s' "$FIRST_TITLE" | cut -c1-8)
need "| $title8"

# 80 columns: more of the title, still cut before the save state.
resize 80 24
need_match "^ Stage 1 Information \| [0-9:]+ \| $title8[^|]*… +saved"

# 120 columns: the pack and the whole title.
resize 120 40
need "| $FIRST_PACK: $FIRST_TITLE"
need_match "$FIRST_TITLE +saved"
poll_until 5 footer_whole && pass || { fail "the workspace footer at 120 columns ends in a cut hint"; screen >&2; }

# The editor's footer at 60 columns.
resize 60 18
keys Enter
need "Esc done"
poll_until 5 footer_whole && pass || { fail "the editor's footer at 60 columns ends in a cut hint"; screen >&2; }
leave_editor
keys q
wait_exit || die "q did not quit"

finish
