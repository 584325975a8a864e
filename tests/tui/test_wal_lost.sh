#!/bin/sh
# The database's -wal file deleted while the workbench writes (issue 12,
# defect 15): the header no longer says "saved" but "NOT SAVED", the
# footer says why, and a kill -9 then loses none of what was saved before
# (it was copied into the database file); what was typed after is kept on
# the screen, not written where it would be lost.
. "$(dirname "$0")/lib.sh"

start
start_session
type_text "Saved before the -wal went."
need "saved "
[ -e "$DB-wal" ] && pass || fail "no -wal beside the database while it is open"
rm -f "$DB-wal"
type_text " Typed after."
need "NOT SAVED, retrying" 30
need "-wal file was deleted or replaced"
need "Saved before the -wal went. Typed after."
kill -KILL "$(app_pid)"
wait_exit || die "SIGKILL did not end the workbench"
responses
expect_response information note "Saved before the -wal went." "the text saved before the -wal went"

finish
