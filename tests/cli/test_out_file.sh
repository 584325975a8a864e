#!/bin/sh
# The output file of export -o and report -o (export_out.c): stopped by
# SIGINT, SIGTERM, SIGHUP, SIGKILL or a file size limit, it leaves no
# FILE.tmp-XXXXXX behind (issue 12, defect 5), with an unnamed temporary
# (O_TMPFILE) and with a named one (forced, as on a file system without
# O_TMPFILE), and the file it was replacing stays as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

DB="$T/s.db"
awkward_script >"$T/script"
mksession "$DB" <"$T/script" >"$T/ids" || { echo "mksession failed"; exit 1; }
S1=$(sed -n 1p "$T/ids")
export DILEMMA_DB="$DB"

# A database whose history export takes a while to write.
big_csv "$T/big.csv" 100
"$DILEMMA" --db "$T/big.db" import "$T/big.csv" >/dev/null || fail "big import"
rm -f "$T/big.csv"

mkdir "$T/dest"
echo "the file being replaced" >"$T/dest/x.csv"

# interrupt MODE: export into out/x.csv, stopped by each signal once the
# output file is open; prints one line per signal.
interrupt() {
	python3 - "$DILEMMA" "$T/big.db" "$T/dest/x.csv" "$1" <<'PY'
import glob, os, signal, subprocess, sys, time
dilemma, db, out, mode = sys.argv[1:]
env = dict(os.environ)
if mode == "named":
    env["DILEMMA_TEST_NO_TMPFILE"] = "1"
folder = os.path.dirname(out)

def writing(pid):
    """The export has its output file open."""
    if mode == "named":
        return bool(glob.glob(out + ".tmp-*"))
    try:
        for fd in os.listdir("/proc/%d/fd" % pid):
            link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            if link.startswith(folder + "/") and link.endswith("(deleted)"):
                return True
    except OSError:
        pass
    return False

def default_signals():
    # a shell starts background jobs with SIGINT and SIGQUIT ignored
    for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(s, signal.SIG_DFL)

for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGKILL"):
    sig = getattr(signal, name)
    p = subprocess.Popen([dilemma, "--db", db, "export", "--table", "history", "-o", out],
                         env=env, preexec_fn=default_signals,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while p.poll() is None and not writing(p.pid) and time.time() < deadline:
        time.sleep(0.001)
    if p.poll() is None:
        p.send_signal(sig)
    rc = p.wait()
    left = sorted(os.path.basename(f) for f in glob.glob(out + ".tmp-*"))
    with open(out) as f:
        kept = f.read() == "the file being replaced\n"
    print("%s %s %s %s" % (name, "stopped" if rc == -sig else "finished(rc=%d)" % rc,
                          "kept" if kept else "REPLACED", " ".join(left) or "-"))
PY
}

for mode in unnamed named; do
	interrupt $mode >"$T/got"
	echo "$mode:"; cat "$T/got"
	for sig in SIGINT SIGTERM SIGHUP SIGQUIT; do
		grep -qx "$sig stopped kept -" "$T/got" && pass ||
			fail "$mode temporary, $sig: $(grep "^$sig " "$T/got")"
	done
	case $mode in
	unnamed)
		grep -qx "SIGKILL stopped kept -" "$T/got" && pass ||
			fail "unnamed temporary, SIGKILL: $(grep "^SIGKILL " "$T/got")" ;;
	named)
		# kill -9 cannot be caught: the temporary stays, the file too,
		# and the next export to the same file removes it.
		grep -q "^SIGKILL stopped kept x.csv.tmp-" "$T/got" && pass ||
			fail "named temporary, SIGKILL: $(grep "^SIGKILL " "$T/got")"
		run env DILEMMA_TEST_NO_TMPFILE=1 "$DILEMMA" export -o "$T/dest/x.csv"
		expect_rc 0 "the export after a kill -9"
		[ "$(ls "$T/dest")" = x.csv ] && pass || fail "after kill -9 and an export: $(ls "$T/dest")"
		echo "the file being replaced" >"$T/dest/x.csv" ;;
	esac
done

# A file size limit (SIGXFSZ) stops a report in the middle of its write:
# 40,000 bytes let the database's -shm (32 KiB) be made, not the minutes of
# a session of 1,000 notes.
for mode in unnamed named; do
	[ $mode = named ] && nt=1 || nt=
	rm -f "$T/dest/min.md"*
	rc=$(DILEMMA_TEST_NO_TMPFILE=$nt python3 - "$DILEMMA" "$T/big.db" "$T/dest/min.md" <<'PY'
import resource, subprocess, sys
dilemma, db, out = sys.argv[1:]
lim = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (40000, 40000))
rc = subprocess.call([dilemma, "--db", db, "report", "b1900000-0000-4000-8000-000000000000",
                      "-o", out], preexec_fn=lim, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
print(rc)
PY
)
	[ "$rc" = -25 ] && pass || fail "$mode: report under the size limit: $rc, not SIGXFSZ"
	[ -f "$T/dest/min.md" ] && fail "$mode: the report was written under the limit"
	ls "$T/dest" | grep -q 'min\.md' && fail "$mode: report stopped by SIGXFSZ left $(ls "$T/dest")" || pass
done

# The report and the export -o still work, and leave only their file.
run "$DILEMMA" report "$S1" -o "$T/dest/min.md"
expect_rc 0 "report -o"
run env DILEMMA_TEST_NO_TMPFILE=1 "$DILEMMA" report "$S1" -o "$T/dest/min2.md"
expect_rc 0 "report -o, named temporary"
cmp -s "$T/dest/min.md" "$T/dest/min2.md" && pass || fail "both temporaries give the same file"
[ "$(ls "$T/dest" | tr '\n' ' ')" = "min.md min2.md x.csv " ] && pass || fail "left: $(ls "$T/dest")"

# To a terminal, export and report show the data neutralised (issue 12,
# defect 4): an ESC, BEL or C1 control from the database never reaches it,
# each becomes U+FFFD, as do bidi and zero-width characters, and CRLF shows
# as a line break; to a pipe or a file the bytes are exact.
esc=$(printf '\033')
printf 'now\t2026-01-31T09:00:00Z\nsession\tmissing-teenager-whatsapp\tsolo\tOSC 52 %s]52;c;aGk=\a here\tC\nentry\tinformation\tnote\t-\t0\t-\tclear %s[2J, csi \302\23331m, bell \a, rlo \342\200\256 and \\r\\n ends\\r\\n\n' \
	"$esc" "$esc" | sed "s/\\\\a/$(printf '\007')/g" >"$T/ctl.script"
# a long text, so that the terminal's writes end inside characters and
# between the CR and the LF of a CRLF
python3 -c 'print("entry\tinformation\tnote\t-\t0\t-\t" + "\u00e9\u8b66\U0001f693\\r\\n\x1b" * 2000)' \
	>>"$T/ctl.script"
mksession "$T/ctl.db" <"$T/ctl.script" >"$T/ctl.ids" || fail "mksession with control characters"
CID=$(cat "$T/ctl.ids")
on_tty() { # on_tty OUT ARGS...: run dilemma with stdout on a terminal
	python3 - "$@" <<'PY'
import os, pty, sys
out, args = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[0], args)
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
open(out, "wb").write(data)
PY
}
for cmd in "report $CID" "export" "export --table sessions" "export --raw --table history"; do
	"$DILEMMA" --db "$T/ctl.db" $cmd >"$T/pipe.out"
	on_tty "$T/tty.out" "$DILEMMA" --db "$T/ctl.db" $cmd
	python3 - "$T/pipe.out" "$T/tty.out" <<'PY' && pass || fail "$cmd on a terminal"
import re, sys
pipe = open(sys.argv[1], "rb").read().decode()
tty = open(sys.argv[2], "rb").read().decode().replace("\r\n", "\n")  # the terminal's ONLCR
assert "\x1b" in pipe and "\x07" in pipe, "the pipe gets the exact bytes"
want = pipe.replace("\r\n", "\n")
want = re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]",
              "\ufffd", want)
assert tty == want, "terminal:\n%r\nwanted:\n%r" % (tty[:600], want[:600])
PY
done
case "$(cat "$T/tty.out")" in *"$esc"*) fail "ESC on the terminal" ;; *) pass ;; esac
# -o to a file is exact, whatever the terminal.
on_tty "$T/tty.out" "$DILEMMA" --db "$T/ctl.db" report "$CID" -o "$T/dest/ctl.md"
"$DILEMMA" --db "$T/ctl.db" report "$CID" | cmp -s - "$T/dest/ctl.md" && pass ||
	fail "report -o from a terminal is not the exact text"

finish
