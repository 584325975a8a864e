#!/bin/sh
# `dilemma present SESSION`, the projector's view: a second process
# (mksession, through the store API) changes the session, and each change
# shows within one second: a stage entered, the clock over, paused,
# resumed and given time, an inject released, a ballot opened, votes cast
# (how many voted, never a count before the reveal), the reveal (a chart),
# the session finished. The facilitator notes, the participants' texts and
# names never show. It survives resizing, honours NO_COLOR, keeps the last
# state and says it is waiting while another program holds the database,
# never writes to the database, waits for a database that is not there
# yet, and refuses unknown and ambiguous ids before taking the screen.
. "$(dirname "$0")/lib.sh"
: "${MKSESSION:?run through meson test}"
PACK="$SRCDIR/scenarios/social-media.yaml"
NOTES="Most groups split early between those who would simply help"
OWN="OWN-OPTION-TEXT written by the panel"
PRIVATE="PRIVATE-NOTE written by Rook"

# change LINE...: one more change to the session, made by another process
# (lines as mksession takes them, fields separated by TABs)
change() {
	{ printf 'load\t%s\n' "$ID"; printf '%s\n' "$@"; } | tr '|' '\t' |
		"$MKSESSION" "$DB" "$PACK" >/dev/null || die "mksession failed: $*"
}
# within_1s TEXT: the change just made shows within one second
within_1s() { need "$1" 1; }

ID=$("$MKSESSION" "$DB" "$PACK" <<SCRIPT
now	2026-03-02T10:00:00Z
session	missing-teenager-whatsapp	panel	Panel label	-	Ada Quill:chair,Ben Rook:member,Cy Voss:member,Di Wren:member,Eve Marsh:observer	15
event	stage-entered	information
entry	information	note	-	2	-	$PRIVATE
SCRIPT
) || die "mksession failed"

# every_page FILE: the whole scenario part, page by page from the top,
# appended to FILE (what the view shows anywhere, scrolled or not)
every_page() {
	keys Home
	poll_until 2 matches_screen "^ +What should Mum send\?$" || die "Home did not go to the top"
	capture >>"$1"
	n=0
	while ! on_screen "the end: Up" && on_screen "more below" && [ "$n" -lt 20 ]; do
		keys NPage
		sleep 0.2
		capture >>"$1"
		n=$((n + 1))
	done
	pass
}
# never_shown FILE WHAT: nothing private was in FILE
never_shown() {
	for text in "$NOTES" "Let both sides argue" "$PRIVATE" "$OWN" "Panel label" \
		Quill Rook Voss Wren Marsh; do
		if grep -qF -- "$text" "$1"; then fail "$2: the view showed '$text'"; else pass; fi
	done
}
# no_counts: no count of any option on the screen
no_counts() {
	if matches_screen '[0-9]+ / [0-9]+ / [0-9]+' || on_screen "results" || on_screen "█" ||
		on_screen "Most votes"; then
		fail "$1: a count shows before the reveal"
		screen >&2
	else
		pass
	fi
}
# colours: how many SGR colour settings the screen holds
colours() {
	tm capture-pane -p -e -t "$APP" | python3 -c '
import re, sys
n = 0
for params in re.findall(r"\x1b\[([0-9;]*)m", sys.stdin.read()):
    for p in params.split(";"):
        if p.isdigit() and (30 <= int(p) <= 38 or 40 <= int(p) <= 48 or 90 <= int(p) <= 107):
            n += 1
print(n)'
}
# db_state: the file's bytes and modification time, and its -wal and -shm
db_state() {
	printf '%s %s wal:%s shm:%s\n' "$(sha256sum <"$DB" | cut -c1-64)" \
		"$(stat -c %.9Y "$DB")" "$([ -e "$DB-wal" ] && echo yes || echo no)" \
		"$([ -e "$DB-shm" ] && echo yes || echo no)"
}
# quiet_db: no writer's -wal left beside the database (a writer that opens
# and closes it last folds it in)
quiet_db() {
	"$DILEMMA" sessions >/dev/null || die "dilemma sessions failed"
	[ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ] || die "a -wal or -shm stayed beside $DB"
}

# ---- following a live session ----
start -e DILEMMA_NOW=2026-03-02T10:25:00Z present "$(echo "$ID" | cut -c1-8)"
need "Stage 1: Gather information and intelligence"
need "+10:00 over"
need "What should Mum send?"
need "- What is going on here?"
need "- What is the trouble he is afraid of"
[ "$(colours)" -gt 0 ] && pass || fail "the view has no colour without NO_COLOR"
every_page "$T/seen1"
never_shown "$T/seen1" "at the start"

change "now|2026-03-02T10:06:00Z" "event|stage-entered|assessment"
within_1s "Stage 2: Assess threat and risk"
need "+04:00 over"
need "- Does this need action straight away?"
change "now|2026-03-02T10:07:00Z" "event|inject-released|assessment|1"
within_1s "The mother scrolls up to show the officer"
need "NEW: New information (at Assessment)"
change "now|2026-03-02T10:08:00Z" "event|clock-paused|assessment"
within_1s "13:00 left, paused"
change "now|2026-03-02T10:09:00Z" "event|clock-resumed|assessment"
within_1s "+03:00 over"
change "now|2026-03-02T10:09:05Z" "event|time-added|assessment|300"
within_1s "02:00 left"
change "now|2026-03-02T10:09:10Z" \
	"entry|options|option|-|1|-|Help her write in her own words: warm, no blame, no promises about consequences, asking only that he lets her know he is safe; record the advice given.|3" \
	"entry|options|option|-|1|-|$OWN" \
	"event|ballot-opened|assessment|1 secret"
within_1s "Ballot 1 open: 0 of 4 voted"
need "Secret ballot"
no_counts "ballot open"
change "now|2026-03-02T10:09:20Z" "vote|2|2|1|1" "vote|2|3|-1|1" "vote|3|2|1|1" "vote|3|3|0|1"
within_1s "Ballot 1 open: 2 of 4 voted"
no_counts "votes cast"
every_page "$T/seen2"
never_shown "$T/seen2" "during the ballot"
if grep -qE '[0-9]+ / [0-9]+ / [0-9]+|results|█' "$T/seen2"; then
	fail "a count shows on some page before the reveal"
else
	pass
fi
change "now|2026-03-02T10:09:30Z" "event|vote-revealed|assessment|1"
within_1s "Ballot 1 results"
need_match "Option 1 +█+ +2 for · 0 against · 0 abstaining"
need_match "Option 2 + +0 for · 1 against · 1 abstaining"
need "Most votes for: Option 1"
need "Option 1: Help her write in her own words"
every_page "$T/seen3"
never_shown "$T/seen3" "after the reveal"

# resizing, down to the smallest size and below it, and wide
resize 60 18
need "Ballot 1 results"
need_match "Option 1 +█+ +2 for · 0 against · 0 abstaining"
resize 50 15
need "Terminal too small"
resize 140 40
need "Ballot 1 results"
need "A response officer is sent to a family home"
need_match "What should Mum send\\? +Stage 2: Assess threat"
resize 80 24
need "Ballot 1 results"

change "now|2026-03-02T10:20:00Z" "finish"
within_1s "This session has finished."
need "07:00 left"
need "Ballot 1 results"
need_match " finished$"
keys Escape
need "This is the present view alone: q quits."
keys q
wait_exit || die "q did not quit the present view"
[ "$status" = 0 ] && pass || fail "exit status $status"
expect_restored "after the present view"

# ---- never writes; NO_COLOR ----
quiet_db
before=$(db_state)
start -e NO_COLOR=1 -e DILEMMA_NOW=2026-03-02T10:25:00Z present "$ID"
need "This session has finished."
need "Ballot 1 results"
keys End # the newest inject is marked in words, not only by colour
need "NEW: New information (at Assessment)"
[ "$(colours)" = 0 ] && pass || fail "NO_COLOR: the screen still has $(colours) colour settings"
keys '?'
need "Present view"
keys Escape
need_gone "Help: the keys of this screen"
keys End PPage Down
resize 60 18
need "Ballot 1 results"
resize 80 24
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "NO_COLOR run: exit status $status"
after=$(db_state)
[ "$before" = "$after" ] && pass || fail "the database changed: '$before' then '$after'"

# ---- another program holds the database ----
quiet_db
start -e DILEMMA_NOW=2026-03-02T10:25:00Z present "$ID"
need "This session has finished."
# a plain BEGIN EXCLUSIVE holds back writers, not readers: this one keeps
# everybody out
lock_db alone
need "Waiting: another program holds the database" 5
need "waiting for the database"
need "This session has finished."
need "Ballot 1 results"
unlock_db
need_gone "Waiting: another program holds the database" 5
need_gone "waiting for the database"
change "now|2026-03-02T10:21:00Z" "reopen"
need_match " live$" 1
need_gone "This session has finished."
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "after the lock: exit status $status"

# ---- ids that name no session, or several ----
start present 00000000-0000-4000-8000-000000000000
wait_exit || die "an unknown id did not end the program"
[ "$status" = 1 ] && pass || fail "unknown id: exit status $status"
need "no session has that id"
[ "$(pane_format '#{alternate_on}')" = 0 ] && pass || fail "unknown id: the screen was taken"
"$DILEMMA" export --session "$ID" >"$T/s.csv" || die "export failed"
sed 's/^"'"$ID"'"/"abcdef01-0000-4000-8000-000000000001"/' "$T/s.csv" >"$T/x1.csv"
sed 's/^"'"$ID"'"/"abcdef01-0000-4000-8000-000000000002"/' "$T/s.csv" >"$T/x2.csv"
"$DILEMMA" import "$T/x1.csv" >/dev/null && "$DILEMMA" import "$T/x2.csv" >/dev/null ||
	die "import failed"
start present abcdef01
wait_exit || die "an ambiguous id did not end the program"
[ "$status" = 1 ] && pass || fail "ambiguous id: exit status $status"
need "more than one session starts with that id"
run "$DILEMMA" present
[ "$rc" = 2 ] && pass || fail "no id: exit status $rc"

# ---- no database yet: it waits for one (Ctrl-C, SIGINT, leaves) ----
LATER="$T/later/sessions.db"
start present --db "$LATER" abcdef01-0000-4000-8000-000000000001
need "(Ctrl-C leaves)"
[ ! -e "$LATER" ] && [ ! -e "$T/later" ] && pass || fail "waiting made a file or folder"
"$DILEMMA" --db "$LATER" import "$T/x1.csv" >/dev/null || die "import into the later database failed"
need "The scenario's text was not kept with this session."
need "What should Mum send?"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "the later database: exit status $status"
start present --db "$T/never/sessions.db" abcdef01
need "(Ctrl-C leaves)"
kill -INT "$(app_pid)"
wait_exit || die "Ctrl-C did not leave the wait"
[ "$status" = 130 ] && pass || fail "Ctrl-C while waiting: exit status $status"

finish
