/*
 * export_out.c - the output file that exports and reports are written
 * through (see export.h).
 *
 * A regular file is replaced atomically, and nothing is left behind
 * however the writer is stopped. The text is written to an unnamed file
 * (O_TMPFILE), which vanishes with the process, and given a name only at
 * the end, for the moment of the rename. Where the file system has no
 * unnamed files, a named temporary (FILE.tmp-XXXXXX) is used instead and
 * removed from the signal handler when SIGINT, SIGTERM, SIGHUP and the like
 * end the process. Only kill -9 (or a crash) can leave one; so each
 * temporary is locked (flock) while it is written, and the next export to
 * the same file removes those of ours whose writer is gone.
 *
 * A terminal is given the text neutralised (str_neutralise()), so that
 * data cannot drive it; files and pipes get the exact bytes.
 */
#include "dilemma/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dilemma/util.h"

void export_write_error(struct store_error *err, int errnum, const char *what)
{
	err->code = errnum == ENOSPC || errnum == EDQUOT ? STORE_FULL : STORE_IO;
	if (err->code == STORE_FULL)
		snprintf(err->message, sizeof(err->message),
			 "the disk is full: %s was not written; free some space and try again",
			 what);
	else
		snprintf(err->message, sizeof(err->message), "cannot write %s: %s", what,
			 strerror(errnum));
}

/* ---- a terminal: the text neutralised on its way out ---- */

/* Bytes held back from one write to the next: the start of a character
 * whose other bytes are still to come, or a CR that may begin a CRLF. */
struct tty_filter {
	char held[8];
	size_t nheld;
};

static bool tty_put(const char *s, size_t n)
{
	char *shown = str_neutralise(s, n, false);
	size_t len = strlen(shown);
	bool ok = fwrite(shown, 1, len, stdout) == len;

	free(shown);
	return ok;
}

/* How many bytes at the end of @s (@n bytes) may be the first part of
 * something the next write completes. */
static size_t incomplete_tail(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t lead = n;

	if (n && u[n - 1] == '\r')
		return 1;
	while (lead > 0 && n - lead < 3 && (u[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return 0;
	unsigned char c = u[lead - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return need > n - lead + 1 ? n - lead + 1 : 0;
}

static ssize_t tty_write(void *cookie, const char *buf, size_t size)
{
	struct tty_filter *t = cookie;
	struct buf b = {0};
	size_t keep;

	buf_append(&b, t->held, t->nheld);
	buf_append(&b, buf, size);
	keep = incomplete_tail(b.data, b.len);
	if (!tty_put(b.data, b.len - keep)) {
		buf_finish(&b);
		return -1;
	}
	memcpy(t->held, b.data + b.len - keep, keep);
	t->nheld = keep;
	buf_finish(&b);
	return (ssize_t)size;
}

static int tty_close(void *cookie)
{
	struct tty_filter *t = cookie;
	bool ok = tty_put(t->held, t->nheld);

	free(t);
	return ok && fflush(stdout) == 0 ? 0 : EOF;
}

static FILE *tty_open(void)
{
	static const cookie_io_functions_t io = {.write = tty_write, .close = tty_close};
	struct tty_filter *t = xcalloc(1, sizeof(*t));
	FILE *fp = fopencookie(t, "w", io);

	if (!fp)
		free(t);
	return fp;
}

/* ---- the named temporary: removed when a signal ends the process ---- */

/* The signals whose default action ends the process, which a user or the
 * system sends to stop a program. */
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};
static struct sigaction saved_actions[ALEN(cleanup_signals)];
static char cleanup_path[PATH_MAX];
static volatile sig_atomic_t cleanup_armed;
static bool handlers_installed;

/* Only async-signal-safe calls here. The process was going to end (the
 * signal's action was the default): remove the temporary and end it so.
 * A handler of the program's own is left to decide, and the file stays
 * for the commit (or the next export's sweep). */
static void on_signal(int sig)
{
	for (size_t i = 0; i < ALEN(cleanup_signals); i++) {
		if (cleanup_signals[i] != sig)
			continue;
		if (cleanup_armed && saved_actions[i].sa_handler == SIG_DFL)
			unlink(cleanup_path);
		sigaction(sig, &saved_actions[i], NULL);
		raise(sig);
		return;
	}
}

static void handlers_install(void)
{
	struct sigaction sa;

	if (handlers_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART; /* for a program whose own handler returns */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ALEN(cleanup_signals); i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (size_t i = 0; i < ALEN(cleanup_signals); i++) {
		sigaction(cleanup_signals[i], NULL, &saved_actions[i]);
		/* an ignored signal (nohup) stays ignored */
		if (saved_actions[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
	handlers_installed = true;
}

static void handlers_restore(void)
{
	if (!handlers_installed)
		return;
	for (size_t i = 0; i < ALEN(cleanup_signals); i++)
		sigaction(cleanup_signals[i], &saved_actions[i], NULL);
	handlers_installed = false;
}

/* Hold the signals back while a temporary's name is made or removed and
 * the handler told: one arriving in between would find the file made but
 * not yet armed, or armed but already renamed. */
static void signals_hold(bool hold, sigset_t *saved)
{
	sigset_t set;

	if (!hold) {
		sigprocmask(SIG_SETMASK, saved, NULL);
		return;
	}
	sigemptyset(&set);
	for (size_t i = 0; i < ALEN(cleanup_signals); i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, saved);
}

/* Name @path as the file a signal removes (one at a time; a second one
 * is not armed and is left to the sweep). */
static bool cleanup_arm(const char *path)
{
	if (cleanup_armed || strlen(path) >= sizeof(cleanup_path))
		return false;
	memcpy(cleanup_path, path, strlen(path) + 1);
	cleanup_armed = 1;
	return true;
}

static void cleanup_disarm(struct export_out *o)
{
	if (o->armed)
		cleanup_armed = 0;
	o->armed = false;
}

/* ---- stale temporaries ---- */

/* Whether @name is BASE.tmp-XXXXXX, as a temporary of ours for @base is. */
static bool our_temporary(const char *name, const char *base)
{
	size_t n = strlen(base);

	if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp-", 5) != 0)
		return false;
	name += n + 5;
	for (int i = 0; i < 6; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return name[6] == '\0';
}

/* Remove the temporaries that earlier exports to @path left when they were
 * killed: ours by name, regular files of this user, and not locked, which
 * a writer that is still running keeps them. Best effort. */
static void sweep(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
	const char *base = slash ? slash + 1 : copy;
	struct dirent *d;
	DIR *dp;
	int dfd;

	if (slash)
		*slash = '\0';
	dp = opendir(dir);
	if (!dp) {
		free(copy);
		return;
	}
	dfd = dirfd(dp);
	while ((d = readdir(dp))) {
		struct stat sb;
		int fd;
		if (!our_temporary(d->d_name, base))
			continue;
		fd = openat(dfd, d->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dfd, d->d_name, 0);
		close(fd);
	}
	closedir(dp);
	free(copy);
}

/* ---- opening and committing ---- */

/* The folder of @path, for O_TMPFILE. Caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* An unnamed file in @path's folder, or -1 where the file system (or a
 * missing /proc, through which it is named at the end) does not allow it. */
static int open_unnamed(const char *path)
{
	const char *off = getenv("DILEMMA_TEST_NO_TMPFILE");
	char *dir;
	int fd;

	if ((off && off[0]) || access("/proc/self/fd", X_OK) != 0)
		return -1;
	dir = folder_of(path);
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	return fd;
}

static void fail_errno(struct store_error *err, const char *path)
{
	err->code = errno == ENOSPC ? STORE_FULL : errno == EACCES || errno == EROFS
		? STORE_READONLY : STORE_CANTOPEN;
	snprintf(err->message, sizeof(err->message), "cannot write %s: %s", path,
		 strerror(errno));
}

bool export_out_open(struct export_out *o, const char *path, struct store_error *err)
{
	struct stat sb;
	int fd;

	memset(o, 0, sizeof(*o));
	o->unnamed = -1;
	if (!path || strcmp(path, "-") == 0) {
		o->fp = isatty(STDOUT_FILENO) ? tty_open() : NULL;
		o->tty = o->fp != NULL;
		if (!o->fp)
			o->fp = stdout;
		return true;
	}
	o->path = xstrdup(path);
	/* Devices, pipes and the like cannot be replaced by a rename. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode)) {
			err->code = STORE_CANTOPEN;
			snprintf(err->message, sizeof(err->message), "%s is a folder", path);
			goto fail;
		}
		o->fp = fopen(path, "w");
		if (!o->fp)
			goto fail_errno;
		return true;
	}
	sweep(path);
	handlers_install();
	fd = open_unnamed(path);
	if (fd >= 0) {
		o->unnamed = fd;
	} else {
		sigset_t mask;
		o->tmp = xasprintf("%s.tmp-XXXXXX", path);
		signals_hold(true, &mask);
		fd = mkostemp(o->tmp, O_CLOEXEC);
		if (fd >= 0)
			o->armed = cleanup_arm(o->tmp);
		signals_hold(false, &mask);
		if (fd < 0)
			goto fail_errno;
	}
	/* Locked while written: the sweep leaves a live writer's file alone. */
	flock(fd, LOCK_EX | LOCK_NB);
	fchmod(fd, 0600);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		int errnum = errno;
		close(fd);
		if (o->tmp)
			unlink(o->tmp);
		errno = errnum;
		goto fail_errno;
	}
	return true;
fail_errno:
	fail_errno(err, path);
fail:
	cleanup_disarm(o);
	handlers_restore();
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return false;
}

/* Give the unnamed file @o->unnamed the name @o->path: linked under a new
 * temporary name in the same folder, then renamed over the file (a link
 * cannot replace one). 0 or an errno value. */
static int name_unnamed(struct export_out *o)
{
	char proc[64];
	int errnum = 0;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->unnamed);
	for (int tries = 0; tries < 100; tries++) {
		static const char digits[] =
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		unsigned char r[6];
		char suffix[7];
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return errno;
		for (int i = 0; i < 6; i++)
			suffix[i] = digits[r[i] % (sizeof(digits) - 1)];
		suffix[6] = '\0';
		sigset_t mask;
		free(o->tmp);
		o->tmp = xasprintf("%s.tmp-%s", o->path, suffix);
		signals_hold(true, &mask);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0) {
			o->armed = cleanup_arm(o->tmp);
			signals_hold(false, &mask);
			return 0;
		}
		errnum = errno;
		signals_hold(false, &mask);
		free(o->tmp);
		o->tmp = NULL;
		if (errnum != EEXIST)
			return errnum;
	}
	return errnum;
}

bool export_out_commit(struct export_out *o, struct store_error *err)
{
	bool ok = true;
	int errnum = 0;

	if (o->fp == stdout || o->tty) {
		bool fine = o->tty ? fclose(o->fp) == 0 : true;
		o->fp = NULL;
		if (!fine || fflush(stdout) != 0 || ferror(stdout)) {
			export_write_error(err, errno ? errno : EIO, "the output");
			return false;
		}
		return true;
	}
	bool replace = o->tmp || o->unnamed >= 0;
	if (fflush(o->fp) != 0 || ferror(o->fp) || (replace && fsync(fileno(o->fp)) != 0)) {
		ok = false;
		errnum = errno ? errno : EIO;
	}
	if (ok && o->unnamed >= 0 && (errnum = name_unnamed(o)) != 0)
		ok = false;
	if (fclose(o->fp) != 0 && ok) {
		ok = false;
		errnum = errno;
	}
	o->fp = NULL;
	sigset_t mask;
	signals_hold(true, &mask);
	if (ok && o->tmp && rename(o->tmp, o->path) != 0) {
		ok = false;
		errnum = errno;
	}
	if (!ok && o->tmp)
		unlink(o->tmp);
	cleanup_disarm(o);
	signals_hold(false, &mask);
	if (!ok)
		export_write_error(err, errnum, o->path);
	handlers_restore();
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return ok;
}

void export_out_abort(struct export_out *o)
{
	sigset_t mask;

	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	signals_hold(true, &mask);
	if (o->tmp)
		unlink(o->tmp);
	cleanup_disarm(o);
	signals_hold(false, &mask);
	handlers_restore();
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
