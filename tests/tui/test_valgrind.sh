#!/bin/sh
# A scripted session under valgrind: home, help, too small and back, a
# session with UTF-8 typing and a bracketed paste, stages, an inject,
# stances, options, the decision, finish, the debrief, reopen, quit. No
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

vg() {
	start_cmd "$@" valgrind --error-exitcode=99 --errors-for-leak-kinds=none \
		--track-origins=yes --log-file="$T/valgrind.log" "$DILEMMA"
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

finish
