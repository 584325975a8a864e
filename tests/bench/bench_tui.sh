#!/bin/sh
# bench_tui.sh - the workbench's speed figures (issue 5), never a pass/fail test.
#
#   tests/bench/bench_tui.sh [-n REPS] [startup|typing|live|all] [BUILDDIR]
#
# startup: wall time from exec to the first full frame, on an 80x24
#   pseudo-terminal, of a bare ncurses program (tests/bench/bare_ncurses.c:
#   initscr, one line, refresh, endwin) and of `dilemma` opening its home
#   screen with every bundled pack loaded (run from the build tree, so the
#   source tree's scenarios/ are found) on a scratch database. Both run in
#   the same invocation, interleaved; medians and their ratio are printed.
#   The target is a ratio of at most 3.
# typing: CPU time per character typed and redrawn into texts of 1 KB to
#   1 MB (tests/bench/bench_editor.c). The target is at most 2 ms at 100 KB.
# live: the same figure for the real workbench: in a private tmux server at
#   80x24, start a session (Enter, Enter), paste a text of SIZE KB (100 by
#   default; LIVE_KB sets it) into the first reasoning field as a
#   bracketed paste, then type LIVE_CHARS (default 400) characters one
#   send-keys at a time; the workbench's own CPU time (utime + stime from
#   /proc) over the typing, less what it uses idling for as long, divided
#   by the characters. Includes its redraws and its autosaves. Once with
#   the text in paragraphs, once as one line without a break.
#
# Meson runs it as `meson test -C BUILDDIR --benchmark`; by hand, give the
# build directory (default: $BUILDDIR, else ./build).
set -u
reps=30
if [ "${1-}" = -n ]; then reps=$2; shift 2; fi
what=${1:-all}
build=${2:-${BUILDDIR:-build}}
build=$(cd "$build" && pwd) || exit 1
DILEMMA=${DILEMMA:-$build/src/cli/dilemma}
# The footer row is the last the first frame draws; its "q quit" is in one
# attribute run, so no escape sequence splits it.
HOME_MARKER=${HOME_MARKER:-q quit}

T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_DATA_DIRS="$T/none"
export DILEMMA_DB="$T/sessions.db" TERM=xterm-256color ESCDELAY=25 LC_ALL=C.UTF-8
unset DILEMMA_PACKS NO_COLOR
mkdir -p "$HOME"

status=0
case $what in startup | all)
	echo "== startup (target: dilemma <= 3x bare ncurses) =="
	echo "packs: $("$DILEMMA" list 2>/dev/null | grep -c '^[^ ].*scenarios)$') loaded by 'dilemma list'"
	"$build/tests/bench/bench_startup" -n "$reps" \
		bare-ncurses-ready "$build/tests/bench/bare_ncurses" -- \
		"$HOME_MARKER" "$DILEMMA" || status=1
	;;
esac
case $what in live | all)
	echo "== live typing into the workbench (target: <= 2 ms CPU per character at 100 KB) =="
	for shape in prose line; do
		sh "$(dirname "$0")/bench_tui_live.sh" "$DILEMMA" "${LIVE_KB:-100}" \
			"${LIVE_CHARS:-400}" "$shape" || status=1
	done
	;;
esac
case $what in typing | all)
	echo "== typing (target: <= 2 ms CPU per character at 100 KB) =="
	"$build/tests/bench/bench_editor" || status=1
	;;
esac
exit $status
