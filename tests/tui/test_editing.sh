#!/bin/sh
# The editor: UTF-8 and wide characters, Backspace over an emoji, Ctrl-W,
# Home, a bracketed paste with newlines and a tab (taken literally: the
# tab does not leave the editor), typing on while the terminal is too
# small, and the hand-off to $VISUAL. The database must hold the text byte
# for byte; a resumed session shows it again.
. "$(dirname "$0")/lib.sh"

cat >"$T/visual.sh" <<'EOS'
#!/bin/sh
printf 'Line from the external editor\n' >>"$1"
EOS
chmod +x "$T/visual.sh"

start -e VISUAL="$T/visual.sh" -e EDITOR=/bin/false
start_session
type_text "Unicode: é ü 日本語 🙂"
need "Unicode: é ü 日本語 🙂"
type_text " X🙂"
need "X🙂"
keys BSpace
need_gone "X🙂"
type_text " deleteme"
need "deleteme"
keys C-w
need_gone "deleteme"
# a paste: newlines and a tab arrive as text, not as keys
paste "$(printf '\nPasted one\n\tPasted two\nPasted three')"
need "Pasted three"
need "Pasted one"
need_match "^ .* Pasted two"
expect_screen "^W del word" "the paste's tab did not leave the editor"
keys Home
type_text "START "
need "START Pasted three"

# too small while typing: the notice, the keys still go into the text
keys End
resize 50 15
need "Terminal too small: 50x15"
type_text " while small"
resize 80 24
need_gone "Terminal too small"
need "START Pasted three while small"
expect_screen "^W del word" "the editor is still open after the resize"

# $VISUAL gets the text and gives it back with a line added
keys C-x
need "Line from the external editor"
need "Unicode: é ü 日本語 🙂"
need "saved"
leave_editor
keys q
wait_exit || die "q did not quit"
[ "$status" = 0 ] && pass || fail "exit status $status"

responses
response_text information note >"$T/note"
python3 - "$T/note" <<'PY' && pass || fail "the saved text is not what was typed"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
want = ("Unicode: é ü 日本語 🙂 X", "\nPasted one\n\tPasted two\nSTART Pasted three while small",
        "Line from the external editor")
bad = [w for w in want if w not in t] + [w for w in ("deleteme", "X🙂") if w in t]
if bad:
    sys.exit("saved text %r lacks or has %r" % (t, bad))
PY

# Resume the open session from the home screen: the text is all there.
start
need "Open sessions: resume (1)"
keys Tab Tab Enter
need "Stage 1 Information"
need "Unicode: é ü 日本語 🙂"
need "START Pasted three while small"
keys q
wait_exit || die "q did not quit"

finish
