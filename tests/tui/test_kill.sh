#!/bin/sh
# SIGKILL three seconds after the last keystroke loses nothing: in stage
# 1's reasoning, in a principle's reasoning and in a new option, each time
# killed while the editor is still open. The database (dilemma export)
# and the resumed session show every word.
. "$(dirname "$0")/lib.sh"

# type_then_kill TEXT: type TEXT, then SIGKILL 3 s after the keys went.
type_then_kill() {
	type_text "$1"
	local t=$(now_ms)
	need "$1"
	expect_screen "^W del word" "the editor is open when the kill comes"
	sleep_until_ms $((t + 3000))
	kill -KILL "$(app_pid)"
	wait_exit || die "SIGKILL did not end the workbench"
	[ "$status" = 137 ] && pass || fail "status after SIGKILL: $status"
}
resume() { # on a tall terminal, so that a stage shows whole
	start -s 100x45
	need "Open sessions: resume (1)"
	keys Tab Tab Enter
	need "Stage "
}

start
start_session
type_then_kill "Killed after a pause: first words kept, é 日本語."
responses
expect_response information note "Killed after a pause: first words kept, é 日本語." "stage 1 reasoning"

resume
need "Killed after a pause: first words kept, é 日本語."
keys Tab u Enter
type_then_kill "Principle reasoning that must survive."
responses
expect_response information principle "Principle reasoning that must survive." "principle reasoning"
[ "$(csvq stance stage=information kind=principle <"$T/responses.csv")" = upholds ] && pass ||
	fail "the stance set before the kill is lost"

resume
need "Principle reasoning that must survive."
keys a
need "Stage 4 Options"
type_then_kill "A new option typed just before the kill"
responses
expect_response options option "A new option typed just before the kill" "new option"

resume
need "Stage 4 Options"
need "A new option typed just before the kill"
keys 1
need "Killed after a pause: first words kept, é 日本語."
need "Principle reasoning that must survive."
keys q
wait_exit || die "q did not quit"

finish
