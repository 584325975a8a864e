/*
 * store_file.c - the database as a file on disk, before and around SQLite:
 * where it really is (the folder resolved, the last component never a
 * link), whether it is a regular file, whether this user may write it,
 * the lock that creation and migration run under, its permissions, and
 * removing a file that a failed creation made.
 *
 * The lock is flock() on the database's folder, not on the file: SQLite
 * holds POSIX locks on the file, and closing any other descriptor of that
 * file in this process would silently drop them. A folder lock touches
 * none of SQLite's locks. It is held only while a database is being
 * created or migrated (or, shared, while a reader waits for that), so two
 * databases in one folder delay each other by milliseconds at most. Where
 * the file system has no flock (some network file systems), creation
 * still works, relying on SQLite's own locks and retries alone.
 */
#include "store_private.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int64_t store_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void store_nap(void)
{
	/* 5-20 ms, varied so that processes that collided do not collide
	 * again in step. */
	struct timespec ts = {0, (5 + (long)((store_now_ms() + getpid() * 7) % 16)) * 1000000L};

	nanosleep(&ts, NULL);
}

static enum store_code errno_code(int e)
{
	return e == ENOSPC || e == EDQUOT ? STORE_FULL
	       : e == EROFS || e == EACCES || e == EPERM ? STORE_READONLY
	       : STORE_CANTOPEN;
}

/* mkdir -p with mode 0700 for each folder made. */
static bool make_dirs(const char *path, struct store_error *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	bool ok = true;

	if (!slash || slash == dir) {
		free(dir);
		return true;
	}
	*slash = '\0';
	for (char *p = dir + 1; ok; p++) {
		bool end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			store_error_set(err, errno_code(errno), "cannot create the folder %s: %s", dir,
					strerror(errno));
			ok = false;
		}
		if (end)
			break;
		*p = '/';
	}
	free(dir);
	return ok;
}

static const char *file_type(mode_t m)
{
	return S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
	       : S_ISFIFO(m) ? "a named pipe" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

bool store_file_locate(struct store *st, bool make_folders, bool *exists,
		       struct store_error *err)
{
	char *copy = xstrdup(st->path), *copy2 = xstrdup(st->path);
	const char *base = basename(copy2);
	char real[PATH_MAX];
	struct stat sb;
	bool ok = false;

	*exists = false;
	if (!st->path[0] || st->path[strlen(st->path) - 1] == '/') {
		store_error_set(err, STORE_CANTOPEN, "%s is a folder", st->path);
		goto out;
	}
	if (make_folders && !make_dirs(st->path, err))
		goto out;
	/* SQLite refuses a link anywhere in the name it is given (NOFOLLOW),
	 * so it is given the folder resolved: a home reached through a link
	 * works, and the last component is checked here instead. */
	if (!realpath(dirname(copy), real)) {
		store_error_set(err, errno == ENOENT ? STORE_MISSING : errno_code(errno),
				"%s: %s", st->path, strerror(errno));
		goto out;
	}
	free(st->dir);
	free(st->file);
	st->dir = xstrdup(real);
	st->file = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
	if (lstat(st->file, &sb) != 0) {
		if (errno != ENOENT)
			store_error_set(err, errno_code(errno), "%s: %s", st->path, strerror(errno));
		ok = errno == ENOENT;
		goto out;
	}
	if (S_ISLNK(sb.st_mode)) {
		store_error_set(err, STORE_CANTOPEN, "%s is a symbolic link; give the file it points"
				" to: SQLite keeps its -wal journal beside the name it is given, and"
				" a database used under two names can be damaged", st->path);
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		store_error_set(err, STORE_CANTOPEN, "%s is a folder", st->path);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		store_error_set(err, STORE_CANTOPEN, "%s is %s, not a database file", st->path,
				file_type(sb.st_mode));
		goto out;
	}
	*exists = true;
	ok = true;
out:
	free(copy);
	free(copy2);
	return ok;
}

const char *store_file_unwritable(const struct store *st)
{
	if (faccessat(AT_FDCWD, st->file, W_OK, AT_EACCESS) != 0)
		return errno == EROFS ? "it is on a read-only file system"
				      : "you cannot write the file";
	/* SQLite makes its -wal and -shm files beside the database. */
	if (faccessat(AT_FDCWD, st->dir, W_OK | X_OK, AT_EACCESS) != 0)
		return errno == EROFS ? "it is on a read-only file system"
				      : "you cannot write its folder";
	return NULL;
}

int store_file_lock(struct store *st, bool exclusive, int64_t deadline, struct store_error *err)
{
	int fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd); /* no flock here: SQLite's locks alone */
			return -1;
		}
		if (store_now_ms() >= deadline) {
			close(fd);
			store_error_set(err, STORE_LOCKED, "%s: another dilemma is still creating or"
					" upgrading it", st->path);
			return -2;
		}
		store_nap();
	}
}

void store_file_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* the lock goes with the descriptor */
}

bool store_file_create(struct store *st, bool *created, struct store_error *err)
{
	/* Made here so that it is 0600 from the start; SQLite gives the -wal
	 * and -shm files the same mode. */
	int fd = open(st->file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	*created = fd >= 0;
	if (fd < 0 && errno != EEXIST) {
		store_error_set(err, errno_code(errno), "%s: %s", st->path, strerror(errno));
		return false;
	}
	if (fd >= 0)
		close(fd);
	return true;
}

void store_file_remove(const struct store *st)
{
	static const char *const sidecars[] = {"-wal", "-shm", "-journal"};

	for (size_t i = 0; i < ALEN(sidecars); i++) {
		char *p = xasprintf("%s%s", st->file, sidecars[i]);
		unlink(p);
		free(p);
	}
	unlink(st->file);
}

/* The state of SQLite's -wal and -shm files beside the database. */
void store_file_wal(const struct store *st, bool *wal_content, bool *shm)
{
	char *wal = xasprintf("%s-wal", st->file), *shm_path = xasprintf("%s-shm", st->file);
	struct stat sb;

	*wal_content = stat(wal, &sb) == 0 && sb.st_size > 0;
	*shm = stat(shm_path, &sb) == 0;
	free(wal);
	free(shm_path);
}

bool store_file_print(const struct store *st, struct store_file_print *out)
{
	char *wal = xasprintf("%s-wal", st->file);
	struct stat sb;
	bool ok = stat(st->file, &sb) == 0;

	memset(out, 0, sizeof(*out));
	if (ok) {
		out->dev = sb.st_dev;
		out->ino = sb.st_ino;
		out->size = sb.st_size;
		out->mtime = sb.st_mtim;
	}
	out->wal = stat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	return ok;
}

bool store_file_print_eq(const struct store_file_print *a, const struct store_file_print *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->wal == b->wal;
}

/* SQLite's locks on a database file are POSIX locks on the bytes from its
 * "pending byte" (1 GiB into the file) on: pending, reserved, then the
 * shared range; the file format's documentation fixes them. Readers and
 * writers of a WAL database hold read locks there; a write lock is a
 * connection holding it alone (exclusive locking mode, or the last one
 * closing), which the probe below, for a read lock, runs into. */
#define SQLITE_LOCK_FIRST 0x40000000
#define SQLITE_LOCK_BYTES 512

bool store_file_held(const struct store *st)
{
	int fd = open(st->file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET,
			   .l_start = SQLITE_LOCK_FIRST, .l_len = SQLITE_LOCK_BYTES};
	bool held;

	if (fd < 0)
		return false;
	held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	return held;
}

void store_file_tighten(struct store *st)
{
	static const char *const names[] = {"", "-wal", "-shm"};
	struct stat sb;

	for (size_t i = 0; i < ALEN(names); i++) {
		char *p = xasprintf("%s%s", st->file, names[i]);
		unsigned mode = 0;

		if (stat(p, &sb) == 0)
			mode = (unsigned)(sb.st_mode & 0777);
		/* SQLite's -wal and -shm follow the file: only the file is
		 * worth a word. */
		if ((mode & 077) && sb.st_uid != geteuid() && i == 0)
			store_notice_add(st, "%s can be read by other users (mode %03o) and is not"
					 " yours to make private: ask its owner to run chmod 600 on it",
					 st->path, mode);
		else if ((mode & 077) && sb.st_uid == geteuid() && chmod(p, mode & 0700) != 0 &&
			 i == 0)
			store_notice_add(st, "%s can be read by other users (mode %03o) and could not"
					 " be made private: %s", st->path, mode, strerror(errno));
		free(p);
	}
}
