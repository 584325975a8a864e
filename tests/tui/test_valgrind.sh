#!/bin/sh
# A scripted session under valgrind: home, help, too small and back, a
# session with UTF-8 typing and a bracketed paste, stages, an inject,
# stances, options, the decision, finish, the debrief, reopen, quit; then
# the present view following a panel session that another process
# changes (stage, inject, clock, ballot, votes, reveal, finish). No
# invalid read or write (or use of uninitialised memory) may happen:
# valgrind exits 99 on any error, and its log must say 0 errors. Leaks are
# not errors here (ASan's leak checker covers them). Skipped (77) when
# valgrind is missing or the binary is built with a sanitizer.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind is not installed"
	exit 77
fi
if ldd "$DILEMMA" 2>/dev/null | grep -qE 'lib(asan|ubsan|tsan)'; then
	echo "SKIP: $DILEMMA is built with a sanitizer; valgrind cannot run it"
	exit 77
fi
TUI_SLOW=${TUI_SLOW_VALGRIND:-8}

# vg [-e VAR=VALUE]... [ARGS...]: the program under valgrind
vg() {
	local opts=""
	while [ "${1-}" = -e ]; do
		opts="$opts $1 $2"
		shift 2
	done
	# shellcheck disable=SC2086 # opts is a list of words
	start_cmd $opts valgrind --error-exitcode=99 --errors-for-leak-kinds=none \
		--track-origins=yes --log-file="$T/valgrind.log" "$DILEMMA" "$@"
}
check_log() {
	[ -n "${TUI_SHOW_LOG-}" ] && cat "$T/valgrind.log" >&2
	if [ "$status" = 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$T/valgrind.log"; then
		pass
	else
		fail "$1: valgrind status $status; its log:"
		cat "$T/valgrind.log" >&2
	fi
}

vg
start_session
type_text "Under valgrind: é ü 日本語 🙂"
need "Under valgrind: é ü 日本語 🙂"
paste "$(printf '\nPasted one\n\tPasted two')"
need "Pasted two"
keys BSpace C-w
need_gone "Pasted two"
leave_editor
keys '?'
need "Help: the keys of this screen"
keys Escape
need_gone "Help: the keys of this screen"
keys Tab u Down t Enter
type_text "Principle text"
leave_editor
resize 50 15
need "Terminal too small"
resize 80 24
need "Principle text"
keys 2
need "Stage 2"
keys a
type_text "Option one"
leave_editor
keys a
type_text "Option two"
leave_editor
keys K
keys 5
need "Stage 5 Action"
keys Tab Tab Tab Tab Home Enter
need "Which option did you choose?"
keys Enter
need_gone "Which option did you choose?"
keys Down Enter
type_text "Rationale"
leave_editor
keys f
need "Finish this session and see its debrief?"
keys y
need "Where reasoning was recorded"
keys w
need "Stage 5 Action"
keys Escape
need "Open sessions: resume (1)"
keys q
wait_exit 120 || die "the workbench did not quit under valgrind"
check_log "the session"

# The same database again: resume from the home screen, then quit.
vg
need "Open sessions: resume (1)"
keys Tab Tab Enter
need "Stage 5 Action"
keys 1
need "Under valgrind: é ü 日本語 🙂"
keys q
wait_exit 120 || die "the workbench did not quit under valgrind"
check_log "the resumed session"

# The present view, following a panel session another process changes.
: "${MKSESSION:?run through meson test}"
PACK="$SRCDIR/scenarios/social-media.yaml"
ID=$(printf '%s\n' "now|2026-03-02T10:00:00Z" \
	"session|missing-teenager-whatsapp|panel|Valgrind panel|-|Ada:chair,Ben:member,Cy:member|15" \
	"event|stage-entered|information" | tr '|' '\t' | "$MKSESSION" "$DB" "$PACK") ||
	die "mksession failed"
change() {
	{ printf 'load\t%s\n' "$ID"; printf '%s\n' "$@"; } | tr '|' '\t' |
		"$MKSESSION" "$DB" "$PACK" >/dev/null || die "mksession failed: $*"
}
vg -e DILEMMA_NOW=2026-03-02T10:25:00Z present "$ID"
need "Stage 1: Gather information and intelligence"
need "+10:00 over"
change "now|2026-03-02T10:06:00Z" "event|stage-entered|assessment" \
	"event|inject-released|assessment|1"
need "The mother scrolls up to show the officer"
change "now|2026-03-02T10:08:00Z" "event|clock-paused|assessment"
need "paused"
change "now|2026-03-02T10:09:10Z" "entry|options|option|-|1|-|First" "entry|options|option|-|1|-|Second" \
	"event|ballot-opened|assessment|1 secret" "vote|2|1|1|1" "vote|2|2|-1|1"
need "Ballot 1 open: 1 of 3 voted"
change "now|2026-03-02T10:09:30Z" "event|vote-revealed|assessment|1"
need "Ballot 1 results"
keys '?'
need "Present view"
keys Escape
keys End PPage Home
resize 50 15
need "Terminal too small"
resize 140 40
need "Ballot 1 results"
resize 80 24
change "now|2026-03-02T10:20:00Z" "finish"
need "This session has finished."
keys q
wait_exit 120 || die "the present view did not quit under valgrind"
check_log "the present view"

finish
