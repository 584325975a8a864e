#!/bin/sh
# A save that fails (the database locked by another process) keeps the
# text, says so in the header and retries; quitting asks first, and "n"
# stays; once the lock goes the text is saved. Leaving anyway prints the
# unsaved text on exit rather than lose it.
. "$(dirname "$0")/lib.sh"

start
start_session
type_text "Saved before the lock."
need "saved "
lock_db
type_text " Typed while locked."
need "NOT SAVED, retrying" 30
need "Saved before the lock. Typed while locked."
# Esc keeps the text (its save fails too); q asks, n stays
leave_editor 30
need "Saved before the lock. Typed while locked."
keys q
need "Unsaved text" 30
need "Leave anyway?"
keys n
need_gone "Unsaved text"
app_dead && fail "n should keep the workbench open" || pass
unlock_db
need_gone "NOT SAVED" 30
need "saved "
keys q
wait_exit 30 || die "q did not quit once saved"
[ "$status" = 0 ] && pass || fail "exit status $status"
responses
[ "$(response_text information note)" = "Saved before the lock. Typed while locked." ] && pass ||
	fail "the text saved after the lock went is '$(response_text information note)'"

# Leaving anyway: the text is printed once the terminal is back.
start
need "Open sessions: resume (1)"
keys Tab Tab Enter
need "Stage 1 Information"
keys Enter End
lock_db
type_text " Typed again while locked."
need "NOT SAVED, retrying" 30
leave_editor 30
keys q
need "Unsaved text" 30
keys y
wait_exit 30 || die "y did not leave"
[ "$status" != 0 ] && pass || fail "leaving with unsaved text should not exit 0"
need "could not be saved"
need "Typed again while locked."
unlock_db
responses
[ "$(response_text information note)" = "Saved before the lock. Typed while locked." ] && pass ||
	fail "the database changed: '$(response_text information note)'"

finish
