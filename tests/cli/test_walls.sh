#!/bin/sh
# The walls between the rooms of the code (README, Layout), checked on the
# sources: curses only in src/tui; SQLite, libyaml and libcsv only in the
# core (SQL only in src/core/store*.c); the screens write to the store only
# through conduct; the command line sees only the workbench's entry
# header; no source file grows past 900 lines.
. "$(dirname "$0")/lib.sh"
cd "$SRCDIR" || exit 1

# found WHAT FILES...: fail when grep printed anything
found() {
	what=$1
	shift
	if [ -n "$*" ]; then fail "$what: $*"; else pass; fi
}

found "curses outside src/tui" \
	$(grep -lE '#include *<n?curses' src/core/*.[ch] include/dilemma/*.h src/cli/*.[ch])
found "SQLite outside src/core/store*.c" \
	$(grep -l 'sqlite3[_.]' src/core/*.[ch] include/dilemma/*.h src/cli/*.[ch] src/tui/*.[ch] \
		src/tui/public/*.h | grep -v '^src/core/store')
found "libyaml outside the pack loader" \
	$(grep -l '<yaml.h>' src/core/*.[ch] include/dilemma/*.h src/cli/*.[ch] src/tui/*.[ch] |
		grep -v '^src/core/pack')
found "libcsv outside the CSV reader and writer" \
	$(grep -l '<csv.h>' src/core/*.[ch] include/dilemma/*.h src/cli/*.[ch] src/tui/*.[ch] |
		grep -v '^src/core/\(csvout\|import\)\.c$')
# every call that writes: the screens go through conduct (dilemma/conduct.h)
found "the screens write to the store" \
	$(grep -lE 'store_(entry_save|session_create|session_finish|session_reopen|event_record|inject_release|vote_record|participant_add|import_)' \
		src/tui/*.c)
found "the command line includes workbench headers other than tui.h" \
	$(grep -lE '#include "(app|screen|draw|doc|dialog|keys|editor|term|layout|text|workspace)\.h"' \
		src/cli/*.c)
long=""
for f in src/*/*.c src/*/*.h include/dilemma/*.h; do
	n=$(wc -l <"$f")
	[ "$n" -le 900 ] || long="$long $f($n)"
done
found "files over 900 lines" $long

# The checks above can fail: each pattern finds what it forbids.
printf '#include <curses.h>\n' >"$T/probe.c"
[ -n "$(grep -lE '#include *<n?curses' "$T/probe.c")" ] && pass || fail "the curses probe"
printf 'store_entry_save(st, s, &e, NULL, &err);\n' >"$T/probe.c"
[ -n "$(grep -lE 'store_(entry_save|session_create)' "$T/probe.c")" ] && pass ||
	fail "the store-write probe"
finish
