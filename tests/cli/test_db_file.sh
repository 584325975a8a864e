#!/bin/sh
# The database as a file (issue 12, defects 2, 6, 7, 11 and 13): a folder
# reached through a symbolic link works, a link as the last component is
# refused and says why; a fifo or a device is refused up front, leaving
# nothing; a database readable by others is made 0600 when it is ours and
# warned about when not; a database the user cannot write, or in a folder
# they cannot write, is read without creating anything and says it is
# read-only, and writes fail saying so; on a full disk the read-only
# commands work and writes say the disk is full, leaving nothing behind.
# Permissions need a user that is not root: as root, one is made for the
# test (and removed); the full disk needs root, to mount a small tmpfs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sessions_fixture.sh"

awkward_script | mksession "$T/src.db" >"$T/ids"
SID=$(sed -n 1p "$T/ids")
"$DILEMMA" --db "$T/src.db" export >"$T/in.csv"
sed 's/^"\([0-9a-f]\)/"f/' "$T/in.csv" >"$T/in2.csv" # other session ids

# gone FILE WHAT: FILE does not exist (not even as a dangling link).
gone() { if [ -e "$1" ] || [ -L "$1" ]; then fail "$2: $1 exists"; else pass; fi; }

# ---- symbolic links (defect 2) ----
mkdir "$T/real"
ln -s real "$T/link"
HOME=$T/link run env -u XDG_DATA_HOME "$DILEMMA" sessions
expect_rc 0 "a home reached through a link"
expect_out "No sessions recorded." "a home reached through a link: listed"
[ -f "$T/real/.local/share/dilemma/sessions.db" ] && pass || fail "the database is made in the real folder"
run "$DILEMMA" --db "$T/link/s.db" import "$T/in.csv"
expect_rc 0 "import through a linked folder"
run "$DILEMMA" --db "$T/real/s.db" sessions
expect_out "Intake" "the import through the link is in the real file"
# The last component a link: refused, saying why, nothing made.
ln -s real/s.db "$T/last.db"
cp "$T/real/s.db" "$T/before.db"
for cmd in sessions export "import $T/in2.csv" "report $SID"; do
	# shellcheck disable=SC2086
	run "$DILEMMA" --db "$T/last.db" $cmd
	expect_rc 1 "a link as the database: $cmd"
	expect_err "is a symbolic link" "a link as the database: $cmd: said"
	expect_err "-wal" "a link as the database: $cmd: why"
done
cmp -s "$T/real/s.db" "$T/before.db" && pass || fail "the file behind the link changed"
ln -s nowhere.db "$T/dangling.db"
run "$DILEMMA" --db "$T/dangling.db" import "$T/in.csv"
expect_rc 1 "a dangling link as the database"
gone "$T/nowhere.db" "a dangling link: its target made"

# ---- not a regular file (defect 11) ----
mkfifo "$T/fifo.db"
run timeout 10 "$DILEMMA" --db "$T/fifo.db" sessions
expect_rc 1 "a fifo as the database"
expect_err "is a named pipe, not a database file" "a fifo: said"
gone "$T/fifo.db-journal" "a fifo: -journal left"
gone "$T/fifo.db-wal" "a fifo: -wal left"
if [ ! -e /dev/null-journal ]; then
	run "$DILEMMA" --db /dev/null import "$T/in.csv"
	expect_rc 1 "/dev/null as the database"
	expect_err "is a character device, not a database file" "/dev/null: said"
	gone /dev/null-journal "/dev/null: a -journal left"
	gone /dev/null-wal "/dev/null: a -wal left"
fi

# ---- readable by others (defect 13) ----
cp "$T/src.db" "$T/open.db"
chmod 644 "$T/open.db"
run "$DILEMMA" --db "$T/open.db" sessions
expect_rc 0 "a database readable by others"
[ "$(stat -c %a "$T/open.db")" = 600 ] && pass || fail "made private: mode $(stat -c %a "$T/open.db")"

# ---- as a user who may not write (defects 6, 7 and 13) ----
# as_user CMD...: run CMD as the test user (this user when not root).
U=
if [ "$(id -u)" = 0 ]; then
	if command -v useradd >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1; then
		U="dlmt$$"
		useradd -M -d "$T/u" -s /bin/sh "$U" >/dev/null 2>&1 || U=
	fi
	if [ -n "$U" ]; then
		trap 'userdel "$U" >/dev/null 2>&1; rm -rf "$T"' EXIT
		chmod 711 "$T"
	fi
fi
as_user() {
	if [ -n "$U" ]; then runuser -u "$U" -- env HOME="$T/u" "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ] && [ -z "$U" ]; then
	echo "no user to test read-only databases with (useradd or runuser missing): skipped"
else
	mkdir "$T/u" "$T/uo"
	[ -n "$U" ] && chown "$U" "$T/u" "$T/uo"
	RO="$T/u/ro.db"
	as_user "$DILEMMA" --db "$RO" import "$T/in.csv" >/dev/null || fail "import as the test user"
	as_user chmod 400 "$RO"
	as_user "$DILEMMA" --db "$RO" export >"$T/ro-before.csv"
	# Read-only commands work, say so, create nothing (no -wal, no -shm).
	for cmd in sessions export "report $SID"; do
		# shellcheck disable=SC2086
		run as_user "$DILEMMA" --db "$RO" $cmd
		expect_rc 0 "a read-only database: $cmd"
		expect_err "was opened read-only (you cannot write the file)" "read-only: $cmd: said"
		gone "$RO-wal" "read-only: $cmd left a -wal"
		gone "$RO-shm" "read-only: $cmd left a -shm"
	done
	# A write fails, saying why, and changes nothing.
	run as_user "$DILEMMA" --db "$RO" import "$T/in2.csv"
	expect_rc 1 "import into a read-only database"
	expect_err "cannot be written" "read-only import: said"
	expect_err "you cannot write the file" "read-only import: why"
	gone "$RO-shm" "read-only import left a -shm"
	# Made writable again, it is written at once (no stale read-only -shm).
	as_user chmod 600 "$RO"
	run as_user "$DILEMMA" --db "$RO" import "$T/in2.csv"
	expect_rc 0 "import once the database is writable again"
	case $err in *read-only*) fail "writable again, still called read-only: $err" ;; *) pass ;; esac

	# A folder the user cannot write (read-only media): the database is
	# read without creating anything beside it.
	as_user chmod 555 "$T/u"
	for cmd in sessions "export -o $T/uo/export.csv" "report $SID"; do
		# shellcheck disable=SC2086
		run as_user "$DILEMMA" --db "$RO" $cmd
		expect_rc 0 "a read-only folder: $cmd"
		expect_err "opened read-only (you cannot write its folder)" "read-only folder: $cmd: said"
		gone "$RO-wal" "read-only folder: $cmd: -wal"
	done
	run as_user "$DILEMMA" --db "$RO" import "$T/in.csv"
	expect_rc 1 "import in a read-only folder"
	expect_err "you cannot write its folder" "read-only folder import: why"
	as_user chmod 755 "$T/u"

	# Someone else's database readable by all: used read-only, with a
	# warning, and left as it is.
	if [ -n "$U" ]; then
		cp "$T/src.db" "$T/theirs.db"
		chmod 644 "$T/theirs.db"
		run as_user "$DILEMMA" --db "$T/theirs.db" sessions
		expect_rc 0 "another user's database"
		expect_err "can be read by other users (mode 644)" "another user's database: warned"
		[ "$(stat -c %a "$T/theirs.db")" = 644 ] && pass || fail "another user's database was changed"
	fi
fi

# ---- a full disk (defect 7) ----
if [ "$(id -u)" = 0 ] && mkdir "$T/full" && mount -t tmpfs -o size=1m tmpfs "$T/full" 2>/dev/null; then
	trap 'umount "$T/full" 2>/dev/null; [ -n "$U" ] && userdel "$U" >/dev/null 2>&1; rm -rf "$T"' EXIT
	"$DILEMMA" --db "$T/full/s.db" import "$T/in.csv" >/dev/null || fail "import before the disk fills"
	"$DILEMMA" --db "$T/full/s.db" export >"$T/full-before.csv"
	dd if=/dev/zero of="$T/full/fill" bs=4k >/dev/null 2>&1
	rm -f "$T/full/s.db-wal" "$T/full/s.db-shm"
	run "$DILEMMA" --db "$T/full/s.db" sessions
	expect_rc 0 "sessions on a full disk"
	expect_out "Intake" "sessions on a full disk: listed"
	expect_err "opened read-only (the disk is full)" "sessions on a full disk: said"
	run "$DILEMMA" --db "$T/full/s.db" export -o "$T/rescued.csv"
	expect_rc 0 "export to another disk from a full one"
	cmp -s "$T/rescued.csv" "$T/full-before.csv" && pass || fail "the rescued export differs"
	run "$DILEMMA" --db "$T/full/s.db" report "$SID"
	expect_rc 0 "report on a full disk"
	run "$DILEMMA" --db "$T/full/s.db" import "$T/in2.csv"
	expect_rc 1 "import on a full disk"
	expect_err "the disk is full" "import on a full disk: said"
	run "$DILEMMA" --db "$T/full/new.db" import "$T/in.csv"
	expect_rc 1 "a new database on a full disk"
	expect_err "the disk is full" "a new database on a full disk: said"
	gone "$T/full/new.db" "a failed creation left the file"
	rm -f "$T/full/fill"
	run "$DILEMMA" --db "$T/full/s.db" import "$T/in2.csv"
	expect_rc 0 "import once there is room again"
	umount "$T/full"
else
	echo "no small file system to fill (needs root and tmpfs): full disk skipped"
fi

finish
