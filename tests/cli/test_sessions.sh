#!/bin/sh
# dilemma sessions: the listing and its CSV, filters, where the database
# lives (--db, DILEMMA_DB, XDG_DATA_HOME, ~/.local/share) and its modes:
# folder 0700, file 0600, and the -wal and -shm files 0600 too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

umask 022
# The default place: $XDG_DATA_HOME/dilemma/sessions.db, made 0700/0600.
run "$DILEMMA" sessions
expect_rc 0 "sessions on a new database"
expect_out "No sessions recorded." "empty listing"
DEF="$XDG_DATA_HOME/dilemma/sessions.db"
[ -f "$DEF" ] && pass || fail "database made at $DEF"
[ "$(stat -c %a "$XDG_DATA_HOME/dilemma")" = 700 ] && pass || fail "folder mode $(stat -c %a "$XDG_DATA_HOME/dilemma")"
[ "$(stat -c %a "$DEF")" = 600 ] && pass || fail "file mode $(stat -c %a "$DEF")"

# XDG_DATA_HOME relative or unset: ~/.local/share.
XDG_DATA_HOME=relative/path run "$DILEMMA" sessions
expect_rc 0 "relative XDG_DATA_HOME"
[ -f "$HOME/.local/share/dilemma/sessions.db" ] && pass || fail "relative XDG_DATA_HOME ignored"
[ -e relative ] && fail "a relative folder was made" || pass

# DILEMMA_DB and --db (which wins); -wal and -shm follow the file's mode
# while a connection is open.
awkward_script | mksession "$T/env.db" >"$T/ids"
S1=$(sed -n 1p "$T/ids")
S2=$(sed -n 2p "$T/ids")
DILEMMA_DB="$T/env.db" run "$DILEMMA" sessions --wide
expect_out "Intake, \"week 3\" [cohort A]" "DILEMMA_DB used"
DILEMMA_DB="$T/env.db" run "$DILEMMA" --db "$T/other.db" sessions
expect_out "No sessions recorded." "--db wins over DILEMMA_DB"
run "$DILEMMA" sessions --db "$T/env.db"
expect_out "Solo practice" "--db after the command"
python3 - "$T/env.db" <<'PY' && pass || fail "-wal and -shm are 0600"
import os, sqlite3, stat, sys
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM sessions").fetchone()
for ext in ("-wal", "-shm"):
    m = stat.S_IMODE(os.stat(sys.argv[1] + ext).st_mode)
    assert m == 0o600, (ext, oct(m))
PY
mkdir -p "$T/deep"
run "$DILEMMA" --db "$T/deep/new/er/s.db" sessions
expect_rc 0 "--db in folders that do not exist"
[ "$(stat -c %a "$T/deep/new")" = 700 ] && pass || fail "made folders are 0700"

# The listing: what tells sessions apart (id, status, start, who, label),
# fitted to 80 columns when not a terminal, local times with the zone.
export DILEMMA_DB="$T/env.db"
unset COLUMNS
# widest LIMIT: every line of $out is at most LIMIT columns wide.
widest() {
	printf '%s\n' "$out" | python3 -c '
import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l) for l in sys.stdin.read().splitlines()))'
}
fits() { # fits COLS WHAT
	got=$(widest)
	[ "$got" -le "$1" ] && pass || fail "$2: a line is $got columns wide, more than $1: $out"
}
run "$DILEMMA" sessions
expect_rc 0 "sessions"
fits 80 "not a terminal: 80 columns"
expect_out "ID        STATUS    STARTED               WHO" "header"
expect_out "$(echo "$S1" | cut -c1-8)  finished  2026-01-31 09:00 UTC  Alice, Bob" "finished session line: id, status, start, who"
expect_out "$(echo "$S2" | cut -c1-8)  open      2026-02-15 14:00 UTC  -" "open session line: no participant named"
expect_out "  Solo practice" "the label"
expect_out "…" "a cell too long for 80 columns ends in an ellipsis"
expect_no_out "missing-teenager-whatsapp" "the pack and scenario only with --wide"
# Most recently worked on first.
first=$(printf '%s\n' "$out" | sed -n 2p)
case "$first" in *"Solo practice"*) pass ;; *) fail "latest first: $first" ;; esac
# TZ is honoured (a British rule, then an hour east of it).
TZ=GMT0BST,M3.5.0/1,M10.5.0 run "$DILEMMA" sessions
expect_out "2026-02-15 14:00 GMT" "start in GMT"
TZ=CET-1CEST,M3.5.0,M10.5.0/3 run "$DILEMMA" sessions
expect_out "2026-02-15 15:00 CET" "start in CET"
# COLUMNS, when set, is the width; a wide one shows the cells whole, a
# narrow one only the start's date.
COLUMNS=120 run "$DILEMMA" sessions
fits 120 "COLUMNS=120"
expect_out "Alice, Bob, Chloé Zoë  Intake, \"week 3\" [cohort A]" "whole cells at 120 columns"
expect_no_out "…" "nothing cut at 120 columns"
COLUMNS=60 run "$DILEMMA" sessions
fits 60 "COLUMNS=60"
expect_out "$(echo "$S2" | cut -c1-8)  open      2026-02-15  " "the start's date alone at 60 columns"
# On a terminal, its width (a pseudo-terminal 70 columns wide).
python3 - "$DILEMMA" >"$T/pty.out" <<'PY'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.environ.pop("COLUMNS", None)
    os.execv(sys.argv[1], [sys.argv[1], "sessions"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 70, 0, 0))
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
os.waitpid(pid, 0)
sys.stdout.write(data.decode().replace("\r\n", "\n"))
PY
out=$(cat "$T/pty.out")
expect_out "Solo practice" "sessions on a terminal"
fits 70 "a terminal 70 columns wide"
# --wide: every column, whole: full ids, the finish, mode, pack and
# scenario, everyone who took part.
run "$DILEMMA" sessions --wide
expect_rc 0 "sessions --wide"
expect_out "ID                                    STATUS    STARTED               FINISHED              MODE   PACK/SCENARIO" "--wide header"
expect_out "$S1  finished  2026-01-31 09:00 UTC  2026-01-31 09:30 UTC  panel  social-media/missing-teenager-whatsapp" "finished session line, whole"
expect_out "$S2  open      2026-02-15 14:00 UTC  -                     solo   social-media/false-information-critical-incident" "open session line, whole"
expect_out "Alice, Bob, Chloé Zoë  Intake, \"week 3\" [cohort A]" "who and label whole"
expect_no_out "…" "nothing cut with --wide"

run "$DILEMMA" sessions --csv
expect_rc 0 "sessions --csv"
printf '%s\n' "$out" | head -n 1 | grep -q '^"session_id","session_label","cohort","mode","pack_id","scenario_id","scenario_title","status","started_at","finished_at","updated_at","entries"' && pass || fail "csv header"
expect_out "\"$S1\",\"Intake, \"\"week 3\"\"\",\"cohort A\",\"panel\",\"social-media\",\"missing-teenager-whatsapp\",\"What should Mum send?\",\"finished\",\"2026-01-31T09:00:00Z\",\"2026-01-31T09:30:00Z\",\"2026-01-31T09:30:00Z\",\"19\"" "csv row"

run "$DILEMMA" sessions --status open --wide
expect_out "Solo practice" "--status open keeps the open one"
expect_no_out "Intake" "--status open drops the finished one"
run "$DILEMMA" sessions --cohort 'cohort A' --csv
expect_out "$S1" "--cohort"
expect_no_out "$S2" "--cohort drops others"
run "$DILEMMA" sessions --since 2026-02-01
expect_no_out "Intake" "--since"
run "$DILEMMA" sessions --until 2026-01-31
expect_no_out "Solo practice" "--until"
run "$DILEMMA" sessions --scenario nope
expect_out "No sessions recorded." "a filter that matches nothing"

# Ids that share their first 8 characters are shown long enough to differ.
"$DILEMMA" export --session "$S2" --raw >"$T/s2.csv"
sed 's/^"'"$S2"'"/"abcdef01-0000-4000-8000-000000000001"/' "$T/s2.csv" >"$T/x1.csv"
sed 's/^"'"$S2"'"/"abcdef01-1111-4000-8000-000000000002"/' "$T/s2.csv" >"$T/x2.csv"
"$DILEMMA" --db "$T/x.db" import --raw "$T/x1.csv" >/dev/null
"$DILEMMA" --db "$T/x.db" import --raw "$T/x2.csv" >/dev/null
run "$DILEMMA" --db "$T/x.db" sessions
expect_out "abcdef01-0  finished" "long enough prefix (one)"
expect_out "abcdef01-1  finished" "long enough prefix (two)"

run "$DILEMMA" sessions --status nope
expect_rc 2 "bad --status"
expect_err "usage: dilemma sessions" "usage line"
run "$DILEMMA" sessions --until 31/01/2026
expect_rc 2 "bad --until"
run "$DILEMMA" sessions extra
expect_rc 2 "stray argument"
run "$DILEMMA" sessions --csv --frob
expect_rc 2 "unknown option"
run "$DILEMMA" sessions --csv --wide
expect_rc 2 "--csv with --wide"
expect_err "--wide is for the table" "why --csv and --wide do not go together"
run sh -c "'$DILEMMA' sessions >/dev/full"
expect_rc 1 "sessions to a full disk"

# Labels and cohorts come from whoever wrote the database (an import, say):
# the table never sends their control characters to the terminal.
printf 'session\t%s\tsolo\tBlink\033[5mlabel\tco\007hort\n' \
	missing-teenager-whatsapp | mksession "$T/ctl.db" >/dev/null
run "$DILEMMA" --db "$T/ctl.db" sessions
expect_rc 0 "sessions with control characters in a label"
expect_out "Blink�[5mlabel [co�hort]" "control characters shown as U+FFFD"
case "$out" in *"$(printf '\033')"*|*"$(printf '\007')"*) fail "a control character reached stdout" ;; *) pass ;; esac

finish
