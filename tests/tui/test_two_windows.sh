#!/bin/sh
# Two workbenches on one open session (issue 12, defect 3): the second is
# warned that the session is open elsewhere; A saves an edit of a text, B,
# still holding the text as it was before A's edit, saves its own: B is
# told, and B's editor shows both versions, B's first; what B then saves
# holds both, and every revision is in the history. Before, B's stale save
# silently replaced A's while A's screen said "saved".
. "$(dirname "$0")/lib.sh"
: "${MKSESSION:?run through meson test}"

"$MKSESSION" "$DB" "$SRCDIR/scenarios/social-media.yaml" >"$T/ids" <<'SCRIPT' ||
session	missing-teenager-whatsapp	solo	Shared session	-	Ada:member
event	stage-entered	information
entry	information	note	-	1	-	The first words.
SCRIPT
	die "mksession failed"

open_session() {
	need "Open sessions: resume (1)"
	keys Tab Tab Enter
	need "The first words."
}

# A: the first window
start
open_session
tm rename-window -t tui:app first # (not a prefix of "app": tmux matches names by prefix)
# B: the second window, opened while A has the session
start
open_session

need "Another window has had this session open since"
APP_B=$APP
APP="tui:first"
# A edits the text and saves it
keys Enter End
type_text " A added this."
keys C-s
need "saved "
leave_editor
# B, from its stale copy, edits and saves
APP=$APP_B
keys Enter End
type_text " B added that."
keys C-s
need "Another window saved this text meanwhile"
need "--- the version another window saved at"
need "The first words. B added that."
need "The first words. A added this."
leave_editor
need_gone "NOT SAVED" 20
keys q
wait_exit || die "B did not quit"
APP="tui:first"
keys q
wait_exit || die "A did not quit"

responses
now=$(response_text information note)
case "$now" in
*"The first words. B added that."*"--- the version another window saved at"*"The first words. A added this."*) pass ;;
*) fail "the saved text does not hold both versions: '$now'" ;;
esac
"$DILEMMA" export --table history >"$T/history.csv" || die "export failed"
n=$(csvq revision kind=note <"$T/history.csv" | wc -l)
[ "$n" = 3 ] && pass || fail "history has $n revisions of the note, wanted 3 (first, A's, merged)"
finish
