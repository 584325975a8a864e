#!/bin/sh
# The -wal and -shm the workbench leaves beside its database (issue 14):
# after it quits the -wal is empty and the -shm stays, for its next start;
# the database file alone holds every session; `merge` of that file reads
# it and creates or changes nothing beside it; a command closing it last
# leaves no -wal or -shm, as before. (A read-only open of such a database
# is tested in test_store_open.) The workbench runs on a pseudo-terminal
# (python3's pty).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 is needed: skipped"; exit 77; }

awkward_script | mksession "$T/src.db" >"$T/ids"
SID=$(sed -n 1p "$T/ids")
"$DILEMMA" --db "$T/src.db" export >"$T/in.csv"

# workbench DB: start the workbench on DB at 80x24, wait for its first
# frame, press q, and wait for it to leave (20 s at most).
workbench() {
	python3 - "$DILEMMA" "$1" <<'PY' >"$T/wb.out" 2>&1
import fcntl, os, pty, select, struct, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.environ["TERM"] = "xterm-256color"
    os.execv(sys.argv[1], [sys.argv[1], "--db", sys.argv[2]])
seen, end, sent = b"", time.time() + 20, False
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    if not sent and b"q quit" in seen:
        os.write(fd, b"q")
        sent = True
done, status = os.waitpid(pid, os.WNOHANG)
while not done and sent and time.time() < end + 10:
    time.sleep(0.01)
    done, status = os.waitpid(pid, os.WNOHANG)
if not done:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    sys.exit("the workbench did not leave" if sent else "no first frame")
sys.exit(os.waitstatus_to_exitcode(status))
PY
}
# kept DB WHAT: an empty -wal and a -shm beside DB.
kept() {
	if [ -f "$1-wal" ] && [ ! -s "$1-wal" ] && [ -f "$1-shm" ]; then pass
	else fail "$2: wanted an empty -wal and a -shm: $(ls -l "$1"-* 2>&1)"; fi
}
# print DB: the -wal's and -shm's inode, size and time (or "none").
print() { stat -c '%i %s %Y.%y' "$1-wal" "$1-shm" 2>/dev/null || echo none; }

# ---- the workbench keeps them ----
cp "$T/src.db" "$T/w.db"
workbench "$T/w.db" || fail "the workbench: $(cat "$T/wb.out")"
kept "$T/w.db" "after the workbench"
# and finds them at its next start, leaving them as they were kept
workbench "$T/w.db" || fail "the workbench again: $(cat "$T/wb.out")"
kept "$T/w.db" "after the workbench again"

# ---- the file alone holds everything ----
cp "$T/w.db" "$T/alone.db"
run "$DILEMMA" --db "$T/alone.db" export
expect_rc 0 "export of the file alone"
[ "$out" = "$(cat "$T/in.csv")" ] && pass || fail "the file alone lacks what was saved"

# ---- commands work on it; one closing it last removes them, as before ----
for cmd in sessions export "report $SID"; do
	# shellcheck disable=SC2086
	run "$DILEMMA" --db "$T/w.db" $cmd
	expect_rc 0 "$cmd on a kept database"
done
[ "$(print "$T/w.db")" = none ] && pass || fail "a command closing last left: $(print "$T/w.db")"

# ---- merge reads it, creating and changing nothing ----
workbench "$T/w.db" || fail "the workbench once more: $(cat "$T/wb.out")"
kept "$T/w.db" "after the workbench once more"
before=$(print "$T/w.db")
sum=$(sha256sum <"$T/w.db")
run "$DILEMMA" --db "$T/into.db" merge "$T/w.db"
expect_rc 0 "merge of a kept database"
[ "$(print "$T/w.db")" = "$before" ] && pass || fail "merge changed the -wal or -shm"
[ "$(sha256sum <"$T/w.db")" = "$sum" ] && pass || fail "merge changed the file"
run "$DILEMMA" --db "$T/into.db" export
[ "$out" = "$(cat "$T/in.csv")" ] && pass || fail "merge of a kept database lost rows"

finish
