#!/bin/sh
# Finding and telling things apart on home (issue 13): packs listed by
# title; titles not cut at 30 columns (the list grows with the terminal,
# a long title ends in an ellipsis, the preview has it whole, its meta
# line wraps); empty session lists a line each; / searching titles, ids
# and tags as it is typed, case and accents not counting, with the count,
# Up/Down and n/N between matches and Esc clearing; the pack and scenario
# last used first on the next start; who took part in the session lists;
# a long list of past sessions read a page at a time, to its end; every
# pane that holds more than it shows says so.
. "$(dirname "$0")/lib.sh"

# matches QUERY: how many bundled scenarios have every word of QUERY in
# their pack's title or id or their own title, id or tags, case and
# accents not counting (what the search should find).
matches() {
	python3 - "$SRCDIR/scenarios" "$1" <<'PY'
import glob, sys, unicodedata, yaml
def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()
words = fold(sys.argv[2]).split()
n = 0
for f in glob.glob(sys.argv[1] + "/*.yaml"):
    p = yaml.safe_load(open(f, encoding="utf-8"))
    for s in p["scenarios"]:
        hay = fold("\n".join([p["title"], p["pack"], s["title"], s["id"]] + s.get("tags", [])))
        n += all(w in hay for w in words)
print(n)
PY
}
# row N: row N of the screen (1-based).
row() { capture | sed -n "${1}p"; }
row_has() { # row_has N TEXT WHAT
	case "$(row "$1")" in *"$2"*) pass ;; *) fail "$3: row $1 is '$(row "$1")'"; screen >&2 ;; esac
}
long="What a phone download reveals about everyone else"

# Packs by title (the files are in another order), at 120x40 where all
# of them show; titles whole there.
start -s 120x40
need "Messaging groups and professional standards"
need "$long"
capture | grep -E '^(Messaging|Officers|Organisational|Police)' | cut -c1-20 >"$T/packs"
[ "$(tr '\n' '|' <"$T/packs")" = "Messaging groups and|Officers' and staff'|Organisational ethic|Police use of social|" ] &&
	pass || fail "packs not listed by title: $(tr '\n' '|' <"$T/packs")"
expect_no_screen "…" "nothing cut at 120 columns"
# the empty session lists are a line each, just above the footer
row_has 38 "Open sessions: resume (0): none yet; Enter on a scenario starts one" "120x40: open"
row_has 39 "Past sessions (0): none yet; finished sessions appear here" "120x40: past"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

# 80x24: the list is 40 columns, a longer title ends in an ellipsis and the
# preview has it whole; the pack's meta line wraps, not cut.
start
need "Messaging groups"
need "  What a phone download reveals about e…│"
row_has 22 "Open sessions: resume (0): none yet; Enter on a scenario starts one" "80x24: open"
row_has 23 "Past sessions (0): none yet; finished sessions appear here" "80x24: past"
row_has 21 "  " "80x24: the scenarios take the rows the lists leave"
need "Standards of Professional Behaviour"
# the list and the preview say there is more below, then above
need_match "^>Scenarios +↓ more │ Preview +↓ more$"
keys End
need_match "^>Scenarios +↑ more │ Preview"
keys Home
need_match "^>Scenarios +↓ more │"
keys Down Down
need "everyone else"
capture | grep -qF "│ $(printf '%s' "$long" | cut -c1-30)" && pass ||
	fail "the preview does not start with the whole title"

# Search: as typed, its count in the list's title; case and accents do not
# count; Up/Down between matches.
keys /
need "Up/Down match"
type_text "MUM"
need "1 of 26 matches /MUM"
need "  What should Mum send?"
expect_no_screen "Messaging groups" "a pack without a match is hidden"
keys BSpace BSpace BSpace
type_text "socíal"
n=$(matches social)
need "$n of 26 match /socíal"
# the scenario selected still matches (through its pack): still selected
need "│ What should Mum send?"
keys Down
need "│ Rumours on Twitter during a critical"
keys Up
need "│ What should Mum send?"
# q and ? are letters here
type_text "q?"
need "0 of 26 match /socíalq?"
need "Nothing matches the search."
app_dead && fail "q quit while searching" || pass
keys C-u
type_text "whatsapp"
need "$(matches whatsapp) of 26 match /whatsapp"
keys C-u
type_text "missing-teenager"
need "1 of 26 matches /missing-teenager"
keys C-u
type_text "police instagram"
need "1 of 26 matches /police instagram"
need "  Contacting an Instagram username from…"
# Enter stops typing and keeps the matches; n and N go round them
keys C-u
type_text "group"
n=$(matches group)
need "$n of 26 match /group"
keys Enter
need "n/N next/previous match"
# the title the preview starts with
previewed() { capture | sed -n 3p | sed 's/.*│ //'; }
is_previewed() { [ "$(previewed)" = "$1" ]; }
not_previewed() { [ "$(previewed)" != "$1" ]; }
first=$(previewed)
keys N
poll_until 10 not_previewed "$first" && pass || fail "N did not move"
last=$(previewed)
keys n
poll_until 10 is_previewed "$first" && pass || fail "n did not come back round the end"
keys N
poll_until 10 is_previewed "$last" && pass || fail "N did not go round to the last match"
keys n n
poll_until 10 not_previewed "$first" && pass || fail "n did not move on"
# Esc clears: every scenario again, the one found still selected
keys /
keys C-u
type_text "mum"
keys Enter
need "1 of 26 matches /mum"
keys Escape
need ">Scenarios"
need "Organisational ethics"
need "│ What should Mum send?"
keys n
need "No search yet: / searches the packs and scenarios."

# A session on a scenario found by search, with a participant; on the next
# start its pack and it come first, and the lists say who took part.
keys /
type_text "instagram"
keys Enter Enter
need "Start a session"
keys Tab Tab Tab
type_text "Sam Lee"
keys Enter
need "Stage 1 Information"
leave_editor
keys Escape
need "Open sessions: resume (1)"
need_match "Information +[0-9]+ s ago +Sam Lee  Contacting an Instagram"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"
start
need "Open sessions: resume (1)"
row_has 3 "Police use of social media" "the last pack used first"
row_has 3 "│ Contacting an Instagram username" "the last scenario used selected"
row_has 4 "  Contacting an Instagram username from…│" "the last scenario used first"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

# 60x18: the list is 30 columns, the lists a line each when empty, and the
# search fits.
mv "$DB" "$T/one.db"
start -s 60x18
need "Messaging groups and professi…│"
row_has 16 "Open sessions: resume (0): none yet" "60x18: open"
row_has 17 "Past sessions (0): none yet" "60x18: past"
keys /
type_text "mum"
need ">1 of 26 matches /mum"
keys Escape
need ">Scenarios"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

# Many past sessions: read a page at a time, the last one reached; who
# took part shown.
mv "$T/one.db" "$DB"
{
	i=0
	while [ $i -lt 150 ]; do
		printf 'now\t2026-03-01T%02d:%02d:00Z\n' $((i / 60)) $((i % 60))
		printf 'session\tmissing-teenager-whatsapp\tsolo\tPractice %03d\t-\tTrainee %03d:member\n' $i $i
		printf 'finish\n'
		i=$((i + 1))
	done
} | "$MKSESSION" "$DB" "$SRCDIR/scenarios/social-media.yaml" >/dev/null || die "mksession failed"
start
need "Past sessions (150)"
need "Trainee 149  Practice 149"
need_match "^ Past sessions \(150\) +↓ more$"
keys Tab Tab Tab End
need "Trainee 000  Practice 000"
expect_no_screen "Practice 149" "End shows the oldest"
need_match "^>Past sessions \(150\) +↑ more$"
keys b
need "Debrief | Practice 000"
keys Escape
need "Past sessions (150)"
keys PPage PPage Home
need "Practice 149"
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"
finish
