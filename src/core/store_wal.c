/*
 * store_wal.c - watching the database's -wal file while it is written.
 *
 * SQLite keeps the -wal open from the connection's first read. If the file
 * is deleted (a clean-up script, a user tidying up "stray" files) or
 * replaced while we run, our saves still go to the open, now nameless,
 * file, where nobody else can read them and where they vanish when the
 * process ends: after a kill -9 the whole session is gone, while the
 * workbench keeps saying "saved". So its identity (device and inode) is
 * noted when it is first seen and looked at again before and after every
 * write. Once it is gone, a checkpoint copies what it holds into the
 * database file (SQLite reads it through the descriptor it still has),
 * and every later write fails with STORE_WAL_LOST, saying so: writing on
 * would put each save where it can be lost again, and reopening the
 * database could mix two -wal files if another process has it open too.
 * The next start of dilemma opens a new -wal.
 *
 * Also whether the -wal and -shm stay when the last connection closes
 * (store_keep_wal).
 */
#include "store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The -wal file's identity now: false when there is none. */
static bool wal_stat(const struct store *st, struct stat *sb)
{
	char *wal = xasprintf("%s-wal", st->file);
	bool there = stat(wal, sb) == 0;

	free(wal);
	return there;
}

void store_wal_note(struct store *st)
{
	struct stat sb;

	if (st->readonly || st->wal_known || !wal_stat(st, &sb))
		return;
	st->wal_dev = sb.st_dev;
	st->wal_ino = sb.st_ino;
	st->wal_known = true;
}

/* Copy every frame of the -wal we still hold into the database file. */
static bool rescue(struct store *st)
{
	int log = -1, done = -1;
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_FULL, &log, &done);

	return rc == SQLITE_OK && log == done;
}

bool store_wal_check(struct store *st, struct store_error *err)
{
	struct stat sb;

	if (st->readonly)
		return true;
	if (!st->wal_lost) {
		if (!st->wal_known) {
			store_wal_note(st);
			return true;
		}
		if (wal_stat(st, &sb) && sb.st_dev == st->wal_dev && sb.st_ino == st->wal_ino)
			return true;
		st->wal_lost = true;
	}
	/* Tried again at each write until it has all been copied. */
	if (!st->wal_rescued)
		st->wal_rescued = rescue(st);
	if (st->wal_rescued)
		store_error_set(err, STORE_WAL_LOST, "%s-wal; every save until then is in %s",
				st->path, st->path);
	else
		store_error_set(err, STORE_WAL_LOST, "%s-wal; the latest saves could not yet be"
				" copied into %s: keep dilemma open, each save tries again",
				st->path, st->path);
	return false;
}

/* A -wal bigger than this is cut back to it when SQLite starts it over: a
 * little more than the 1,000 pages after which SQLite folds it into the
 * database, so that in everyday use it is never cut (its blocks are
 * reused, and a save's fsync need not record a new size). */
#define WAL_KEEP_BYTES (8 << 20)

/* SQLite deletes the -wal and -shm when the last connection closes, and
 * makes them again at the next start. Kept, nothing is lost: that last
 * close still copies every save into the database file, and with a
 * journal_size_limit set it then cuts the -wal to zero bytes, so the file
 * alone (copied elsewhere, say) holds everything, and a read-only open
 * finds an empty -wal and reads the file alone, as when there was none. */
void store_keep_wal(struct store *st)
{
	int keep = 1;
	char sql[64];

	if (st->readonly || !st->db)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit = %d", WAL_KEEP_BYTES);
	/* without a limit the last close would leave the -wal as it was,
	 * full of saves already in the file: a database put back from a
	 * backup beside it would have them read into it */
	if (db_exec(st, sql) == SQLITE_OK)
		sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
}
