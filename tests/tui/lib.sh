# lib.sh - helpers for end-to-end workbench tests. Source it.
#
# Each test gets its own tmux server (a private socket under a scratch
# TMUX_TMPDIR, no configuration file), a scratch HOME and XDG directories,
# and its own database ($DB, also exported as DILEMMA_DB). The program runs
# in the window "app" at 80x24 unless told otherwise; the screen is read
# back with capture-pane and waited on by polling every 50 ms, never by
# sleeping for a fixed time. Everything is torn down on every exit.
#
#   start [ARGS...]          run "$DILEMMA" ARGS in a fresh window
#   start_cmd CMD...         run any command (e.g. valgrind ... "$DILEMMA")
#   keys KEY...              tmux send-keys (names: Enter, Escape, Tab, BTab, Up, C-x, F1 ...)
#   type_text TEXT           send TEXT literally (UTF-8 is fine)
#   paste TEXT               bracketed paste of TEXT (tmux paste-buffer -p)
#   wait_for TEXT [SECS]     until the screen shows TEXT; else dump it and return 1
#   wait_gone TEXT [SECS]    until the screen no longer shows TEXT
#   wait_match REGEX [SECS]  until a screen line matches the extended REGEX
#   need / need_gone / need_match   the same, but end the test on failure
#   screen                   print the screen (also done on every failure)
#   resize COLS ROWS         resize the window (the program gets SIGWINCH)
#   wait_exit [SECS]         until the program ends; its status in $status
#   app_pid                  the program's process id
#   lock_db [alone] / unlock_db   hold a lock on $DB from another process, and let go
set -u
: "${DILEMMA:?run through meson test}"
case $DILEMMA in /*) ;; *) DILEMMA=$PWD/$DILEMMA ;; esac # the program runs elsewhere
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/dilemma-tui.XXXXXX")
TUI_NAME=$(basename "$0" .sh)
SOCK="dilemma-$TUI_NAME-$$"
export TMUX_TMPDIR="$T"
unset TMUX TMUX_PANE
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_DATA_DIRS="$T/none"
export XDG_CONFIG_HOME="$T/home/.config" XDG_CACHE_HOME="$T/home/.cache"
unset DILEMMA_PACKS NO_COLOR VISUAL EDITOR
DB="$T/sessions.db"
export DILEMMA_DB="$DB"
: "${LC_ALL:=C.UTF-8}"
export LC_ALL
# Times on screen are local: the same zone on every machine unless a test
# says otherwise (start -e TZ=...).
: "${TZ:=UTC0}"
export TZ
# The terminal the program sees, and a short Esc delay so Esc is a key.
TUI_TERM=${TUI_TERM:-tmux-256color}
infocmp "$TUI_TERM" >/dev/null 2>&1 || TUI_TERM=screen
TUI_ESCDELAY=${TUI_ESCDELAY:-25}
# Seconds a wait lasts before it fails; generous for a loaded machine.
# TUI_SLOW multiplies it (valgrind runs).
TUI_TIMEOUT=${TUI_TIMEOUT:-10}
TUI_SLOW=${TUI_SLOW:-1}
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

failures=0
checks=0
status=

tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }
# die MESSAGE: fail, show the screen and end the test now.
die() {
	fail "$*"
	screen >&2
	finish
	exit 1
}

# The server lives for the whole test (an idle window keeps it up);
# windows come and go.
tm start-server \; set -g exit-empty off \
	\; set -g default-terminal "$TUI_TERM" \; set -g history-limit 0 \
	\; set -g status off \; new-session -d -s tui -n idle -x 80 -y 24 -- sleep 100000 \
	|| { echo "FAIL: cannot start tmux" >&2; exit 1; }
APP="tui:app"

# start_cmd [-s COLSxROWS] [-e VAR=VALUE]... CMD...: run CMD in a new
# window "app" (an old one is killed first). A small shell waits for it,
# writes its exit status to $T/status and stays, so that the pane keeps
# the terminal modes exactly as the program left them. The program runs in
# $T, so files it writes by default name land there.
start_cmd() {
	local cols=80 rows=24 envs=""
	while :; do
		case "${1-}" in
		-s) cols=${2%x*} rows=${2#*x}; shift 2 ;;
		-e) envs="$envs $2"; shift 2 ;;
		*) break ;;
		esac
	done
	tm kill-window -t "$APP" >/dev/null 2>&1
	rm -f "$T/status"
	# shellcheck disable=SC2086 # envs is a list of words
	tm new-window -d -t tui -n app -c "$T" -- env TERM="$TUI_TERM" ESCDELAY="$TUI_ESCDELAY" \
		LC_ALL="$LC_ALL" HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		XDG_DATA_DIRS="$XDG_DATA_DIRS" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_CACHE_HOME="$XDG_CACHE_HOME" DILEMMA_DB="$DILEMMA_DB" TZ="$TZ" $envs \
		sh -c '"$@"; echo $? >"$0.new"; mv "$0.new" "$0"; exec sleep 100000' "$T/status" "$@" ||
		die "cannot start $*"
	tm resize-window -t "$APP" -x "$cols" -y "$rows" >/dev/null 2>&1
	status=
	poll_until 10 app_started || die "$1 did not start"
}
start() {
	local opts=""
	while :; do
		case "${1-}" in
		-s | -e) opts="$opts $1 $2"; shift 2 ;;
		*) break ;;
		esac
	done
	# shellcheck disable=SC2086
	start_cmd $opts "$DILEMMA" "$@"
}

keys() { tm send-keys -t "$APP" "$@"; }
type_text() { tm send-keys -t "$APP" -l -- "$1"; }
paste() {
	printf '%s' "$1" | tm load-buffer -b tuipaste - &&
		tm paste-buffer -p -d -b tuipaste -t "$APP"
}
resize() { tm resize-window -t "$APP" -x "$1" -y "$2"; }
# The program's process id: the one child of the waiting shell.
app_pid() {
	local sh_pid pid
	sh_pid=$(tm display -p -t "$APP" '#{pane_pid}') || return 1
	pid=$(cat "/proc/$sh_pid/task/$sh_pid/children" 2>/dev/null) || return 1
	pid=${pid%% *}
	[ -n "$pid" ] && [ ! -s "$T/status" ] && echo "$pid"
}
app_dead() { [ -s "$T/status" ]; }
app_started() { app_dead || app_pid >/dev/null; }

# The screen as text, one line per row, trailing blanks trimmed.
capture() { tm capture-pane -p -t "$APP" 2>/dev/null; }
screen() {
	echo "---- screen of $TUI_NAME ($(tm display -p -t "$APP" '#{pane_width}x#{pane_height}' 2>/dev/null)) ----"
	capture
	echo "---- end of screen ----"
}

# poll_until SECS PREDICATE...: run PREDICATE every 50 ms until it holds.
poll_until() {
	local secs=$1 n
	shift
	n=$(awk -v s="$secs" -v k="$TUI_SLOW" 'BEGIN { printf "%d", s * k * 20 }')
	while :; do
		"$@" && return 0
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.05
	done
}
on_screen() { capture | grep -qF -- "$1"; }
not_on_screen() { ! on_screen "$1"; }
matches_screen() { capture | grep -qE -- "$1"; }

wait_for() {
	if poll_until "${2:-$TUI_TIMEOUT}" on_screen "$1"; then pass; return 0; fi
	echo "wait_for: '$1' did not appear within ${2:-$TUI_TIMEOUT} s" >&2
	screen >&2
	return 1
}
wait_gone() {
	if poll_until "${2:-$TUI_TIMEOUT}" not_on_screen "$1"; then pass; return 0; fi
	echo "wait_gone: '$1' still shown after ${2:-$TUI_TIMEOUT} s" >&2
	screen >&2
	return 1
}
wait_match() {
	if poll_until "${2:-$TUI_TIMEOUT}" matches_screen "$1"; then pass; return 0; fi
	echo "wait_match: no line matches /$1/ within ${2:-$TUI_TIMEOUT} s" >&2
	screen >&2
	return 1
}
need() { wait_for "$@" || die "expected '$1' on the screen"; }
need_gone() { wait_gone "$@" || die "expected '$1' to leave the screen"; }
need_match() { wait_match "$@" || die "expected a line matching /$1/"; }

# expect_screen TEXT WHAT / expect_no_screen TEXT WHAT: check the screen now.
expect_screen() {
	if on_screen "$1"; then pass; else fail "$2: screen lacks '$1'"; screen >&2; fi
}
expect_no_screen() {
	if on_screen "$1"; then fail "$2: screen shows '$1'"; screen >&2; else pass; fi
}

# wait_exit [SECS]: until the program has ended; $status is its exit status
# (128+N when killed by signal N).
wait_exit() {
	if ! poll_until "${1:-$TUI_TIMEOUT}" app_dead; then
		status=
		echo "wait_exit: the program is still running after ${1:-$TUI_TIMEOUT} s" >&2
		screen >&2
		return 1
	fi
	status=$(cat "$T/status")
	pass
	return 0
}

# run CMD...: run a command outside tmux; stdout in $out, stderr in $err,
# exit status in $rc (as in tests/cli/lib.sh).
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

finish() {
	echo "$checks checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}

# csvq COLUMN [NAME=VALUE]...: print COLUMN of each row of the CSV on stdin
# whose NAME columns equal VALUE, one row per line (texts keep their own
# newlines).
csvq() {
	python3 -c '
import csv, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
rows = list(csv.DictReader(sys.stdin))
col, conds = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
if rows and col not in rows[0]:
    sys.exit("csvq: no column %r in %s" % (col, list(rows[0])))
for r in rows:
    if all(r.get(k) == v for k, v in conds):
        print(r[col])
' "$@"
}

# responses: the current responses of $DB as CSV, into $T/responses.csv.
responses() {
	"$DILEMMA" export --db "$DB" --table responses >"$T/responses.csv" 2>"$T/export.err" ||
		die "dilemma export failed: $(cat "$T/export.err")"
}
# response_text STAGE KIND [PRINCIPLE]: the text of the matching current
# response(s) in $T/responses.csv (call responses first).
response_text() {
	if [ $# -ge 3 ]; then
		csvq text stage="$1" kind="$2" principle="$3" <"$T/responses.csv"
	else
		csvq text stage="$1" kind="$2" <"$T/responses.csv"
	fi
}
# expect_response STAGE KIND TEXT WHAT: a current response has TEXT in it.
expect_response() {
	local got
	got=$(response_text "$1" "$2")
	case "$got" in
	*"$3"*) pass ;;
	*) fail "$4: no $1/$2 response holds '$3' (have: '$got')" ;;
	esac
}

# The bundled packs as `dilemma list --csv` lists them, in the home
# screen's order before any session (packs by title, case and accents not
# counting; scenarios in their pack's order): $T/packs.csv, and the first
# scenario's ids and title.
"$DILEMMA" list --csv 2>/dev/null | python3 -c '
import csv, signal, sys, unicodedata
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()
rows = list(csv.reader(sys.stdin))
if rows:
    body = sorted(rows[1:], key=lambda r: (fold(r[1]), r[0]))  # stable: scenarios keep their order
    csv.writer(sys.stdout, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([rows[0]] + body)
' >"$T/packs.csv" || true
FIRST_PACK=$(csvq pack_id <"$T/packs.csv" | head -n 1)
FIRST_SCENARIO=$(csvq scenario_id <"$T/packs.csv" | head -n 1)
FIRST_TITLE=$(csvq scenario_title <"$T/packs.csv" | head -n 1)
FIRST_FILE=$(csvq path <"$T/packs.csv" | head -n 1)
NPACKS=$(csvq pack_id <"$T/packs.csv" | sort -u | wc -l)
NSCENARIOS=$(csvq scenario_id <"$T/packs.csv" | wc -l)

# pane_format FORMAT: a tmux format of the program's pane, e.g.
# '#{alternate_on}' (1 while the program holds the alternate screen).
pane_format() { tm display -p -t "$APP" "$1"; }
# expect_restored WHAT [screen]: the program left the terminal as it found
# it: not in the alternate screen, cursor shown and, unless only "screen"
# is asked for, cursor keys back in normal mode.
expect_restored() {
	local f want="0 1 0"
	f=$(pane_format '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}')
	[ "${2-}" = screen ] && { f=${f% *}; want="0 1"; }
	if [ "$f" = "$want" ]; then pass; else
		fail "$1: terminal not restored (alternate screen, cursor shown, keypad mode: $f; want $want)"
	fi
}

# option_of N: the pack's option N of the first scenario (its text, as one
# line), or nothing when it has fewer.
option_of() {
	python3 - "$FIRST_FILE" "$FIRST_SCENARIO" "$1" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
sc = [s for s in doc["scenarios"] if s["id"] == sys.argv[2]][0]
opts = sc.get("options") or []
n = int(sys.argv[3])
if len(opts) >= n:
    print(" ".join(opts[n - 1].split()))
PY
}
# inject_of N: "STAGE-NUMBER<TAB>first words" of the first scenario's Nth
# inject (1-based), from its pack file; empty when it has none.
inject_of() {
	python3 - "$FIRST_FILE" "$FIRST_SCENARIO" "$1" <<'PY'
import sys, yaml
stages = ["ethics", "information", "assessment", "powers", "options", "action"]
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
sc = [s for s in doc["scenarios"] if s["id"] == sys.argv[2]][0]
inj = sc.get("injects") or []
n = int(sys.argv[3])
if len(inj) >= n:
    print("%d\t%s" % (stages.index(inj[n - 1]["stage"]), " ".join(inj[n - 1]["text"].split()[:4])))
PY
}

# start_session: from the home screen of a fresh start, open the first
# scenario's dialog and accept its defaults (Enter, Enter).
start_session() {
	need "$FIRST_TITLE"
	keys Enter
	need "Start a session"
	keys Enter
}

# scroll_until TEXT KEY MAX: press KEY (at most MAX times) until TEXT shows.
scroll_until() {
	local n=0
	while ! on_screen "$1"; do
		[ "$n" -lt "$3" ] || { screen >&2; return 1; }
		keys "$2"
		n=$((n + 1))
		poll_until 1 on_screen "$1" && break
	done
	pass
}
# stage_id N: the id of NDM stage N (0 ethics ... 5 action).
stage_id() { echo "ethics information assessment powers options action" | cut -d' ' -f$(($1 + 1)); }
# The workbench shows the cursor only while an editor is open.
editor_open() { [ "$(pane_format '#{cursor_flag}')" = 1 ]; }
editor_closed() { [ "$(pane_format '#{cursor_flag}')" = 0 ]; }
# leave_editor [SECS]: wait until an editor is open, Esc out of it, and
# wait until it has closed (so that the next key is not read with the Esc
# and goes to the workspace).
leave_editor() {
	poll_until "${1:-$TUI_TIMEOUT}" editor_open || die "no editor is open to leave"
	keys Escape
	poll_until "${1:-$TUI_TIMEOUT}" editor_closed || die "Esc did not close the editor"
	pass
}

# lock_db [alone]: hold a lock on $DB from another process until unlock_db.
# Plain, it is BEGIN EXCLUSIVE: writers wait, readers of a WAL database do
# not. With "alone" it is what a program that keeps the database to itself
# holds (SQLite's exclusive locking mode, after a write): nobody else can
# read it either.
lock_db() {
	rm -f "$T/locked" "$T/unlock"
	python3 - "$DB" "$T/locked" "$T/unlock" "${1-}" <<'PY' &
import os, sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
if sys.argv[4] == "alone":
    con.executescript("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
                      " CREATE TABLE lock_probe(x); DROP TABLE lock_probe; COMMIT;"
                      " BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_schema;")
else:
    con.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
deadline = time.time() + 300
# (the scratch folder goes when the test ends, however it ends)
while not os.path.exists(sys.argv[3]) and os.path.isdir(os.path.dirname(sys.argv[3])) \
        and time.time() < deadline:
    time.sleep(0.05)
con.execute("ROLLBACK" if sys.argv[4] != "alone" else "COMMIT")
con.close()
PY
	locker=$!
	poll_until 30 test -e "$T/locked" || die "could not lock the database"
}
unlock_db() {
	touch "$T/unlock"
	wait "$locker"
}

# now_ms: wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# sleep_until_ms T: sleep until now_ms reaches T (for waits the behaviour
# under test is defined by, such as "3 s after the last keystroke"; never
# for synchronising with the screen).
sleep_until_ms() {
	local left=$(($1 - $(now_ms)))
	[ "$left" -le 0 ] || sleep "$(awk -v m="$left" 'BEGIN { printf "%.3f", m / 1000 }')"
}
