# lib.sh - helpers for command-line tests. Source it; it makes a scratch
# directory, points HOME and the XDG variables into it so that no test
# touches the user's files, and counts checks.
set -u
: "${DILEMMA:?run through meson test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_DATA_DIRS="$T/none"
unset DILEMMA_DB DILEMMA_PACKS
# Times shown are local: the same zone on every machine unless a test says.
export TZ=UTC0
mkdir -p "$HOME"
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

expect_rc() { # expect_rc N WHAT
	if [ "$rc" -eq "$1" ]; then pass; else fail "$2: exit $rc, wanted $1 (stderr: $err)"; fi
}
expect_out() { # expect_out TEXT WHAT: stdout contains TEXT
	case "$out" in *"$1"*) pass ;; *) fail "$2: stdout lacks '$1': $out" ;; esac
}
expect_err() { # expect_err TEXT WHAT: stderr contains TEXT
	case "$err" in *"$1"*) pass ;; *) fail "$2: stderr lacks '$1': $err" ;; esac
}
expect_no_out() { # expect_no_out TEXT WHAT: stdout lacks TEXT
	case "$out" in *"$1"*) fail "$2: stdout has '$1'" ;; *) pass ;; esac
}

finish() {
	echo "$checks checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}
