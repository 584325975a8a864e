#!/bin/sh
# bench_tui.sh - the workbench's speed figures (issue 5), never a pass/fail test.
#
#   tests/bench/bench_tui.sh [-n REPS] [startup|packs|typing|live|all] [BUILDDIR]
#
# startup: wall time from exec to the first full frame, on an 80x24
#   pseudo-terminal, of a bare ncurses program (tests/bench/bare_ncurses.c:
#   initscr, one line, refresh, endwin; linked with the shared ncursesw, as
#   the issue measured it, and then, for reference, statically as the
#   workbench is by default) and of `dilemma` opening its home
#   screen with every bundled pack loaded (run from the build tree, so the
#   source tree's scenarios/ are found) on a scratch database. Both run in
#   the same invocation, interleaved; medians and their ratio are printed.
#   The target is a ratio of at most 2 (issue 14).
# packs: the same with 100 packs of 100 scenarios (tests/bench/gen_pack.py,
#   9.4 MB of YAML) in the pack path besides the bundled ones: the first
#   frame with the cache of pack headers as the last run left it, and with
#   no cache to be had (every pack read in full, as before the cache); the
#   target is at most 10x bare ncurses with the cache. Then the CPU time of
#   an arrow key on the home screen (tests/bench/bench_keys.c: Down and Up
#   in turn, each answered before the next) with the bundled packs and
#   with the 100 more; the target is the same cost (a ratio of about 1).
# typing: CPU time per character typed and redrawn into texts of 1 KB to
#   1 MB (tests/bench/bench_editor.c). The target is at most 2 ms at 100 KB.
# live: the same figure for the real workbench: in a private tmux server at
#   80x24, start a session (Enter, Enter), paste a text of SIZE KB (100 by
#   default; LIVE_KB sets it) into the first reasoning field as a
#   bracketed paste, then type LIVE_CHARS (default 400) characters one
#   send-keys at a time, in bursts with a pause after each long enough for
#   an autosave of the whole text; the workbench's own CPU time (from
#   /proc/PID/schedstat, in nanoseconds) over the bursts and pauses, less
#   what it uses idling for as long, divided by the characters. Includes
#   its redraws and its saves (counted in the database: one a burst, or
#   the run fails). Once with the text in paragraphs, once as one line
#   without a break (tests/bench/bench_tui_live.sh).
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
	echo "== startup (target: dilemma <= 2x bare ncurses) =="
	echo "packs: $("$DILEMMA" list 2>/dev/null | grep -c '^[^ ].*scenarios)$') loaded by 'dilemma list'"
	"$build/tests/bench/bench_startup" -n "$reps" \
		bare-ncurses-ready "$build/tests/bench/bare_ncurses" -- \
		"$HOME_MARKER" "$DILEMMA" || status=1
	# for reference: against the same program linked statically, as the
	# workbench is by default (-Dstatic_deps)
	echo "the same against a bare ncurses program linked statically:"
	"$build/tests/bench/bench_startup" -n "$reps" \
		bare-ncurses-ready "$build/tests/bench/bare_ncurses_static" -- \
		"$HOME_MARKER" "$DILEMMA" || status=1
	;;
esac
case $what in packs | all)
	echo "== many packs (targets: first frame <= 10x bare ncurses; a key on home as with the bundled packs) =="
	mkdir -p "$T/packs"
	for i in $(seq -w 0 99); do
		python3 "$(dirname "$0")/gen_pack.py" 100 "bench-$i" >"$T/packs/bench-$i.yaml" || exit 1
	done
	echo "packs: $(cat "$T/packs"/*.yaml | wc -c) bytes of YAML in 100 files, and the bundled ones"
	# files changed in the last two seconds are read in full until older
	# (src/core/pack_cache.h): let the newest age before the warm-up runs
	sleep 3
	# a file where the cache's folder would be: no cache can be read or written
	: >"$T/no-cache"
	"$build/tests/bench/bench_startup" -n "$reps" \
		bare-ncurses-ready "$build/tests/bench/bare_ncurses" -- \
		"$HOME_MARKER" "$DILEMMA" --packs "$T/packs" -- \
		"$HOME_MARKER" XDG_CACHE_HOME="$T/no-cache" "$DILEMMA" --packs "$T/packs" || status=1
	"$build/tests/bench/bench_keys" -n "${KEYS:-1000}" -r 3 \
		"$HOME_MARKER" "$DILEMMA" -- "$HOME_MARKER" "$DILEMMA" --packs "$T/packs" || status=1
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
