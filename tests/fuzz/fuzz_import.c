/*
 * fuzz_import.c - libFuzzer harness for `dilemma import`: any bytes through
 * import_csv() into a database that already holds sessions (a copy of
 * $FUZZ_IMPORT_BASE, made by run.sh from the awkward sessions of the
 * command-line tests, so that rows already saved and clashes are reached;
 * an empty one without it). Each input gets a fresh copy, so that a
 * finding reproduces from its file alone.
 *
 * What the import promises is checked on every input. A refused file:
 * an error code and a one-line message without control characters, and
 * every export table exactly as before. An accepted file: every export
 * table (plain and --raw) still succeeds, importing it again adds nothing,
 * and the history export of the result imports into an empty database.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dilemma/export.h"
#include "dilemma/import.h"
#include "dilemma/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *folder, *work, *fresh, *base;
static char *base_tables; /* every table of the base, as all_tables() gives it */
static char *all_tables(struct store *st, bool raw);

static void remove_db(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

	for (size_t i = 0; i < ALEN(suffixes); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;

	if (!in || !out)
		abort();
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			abort();
	fclose(in);
	if (fclose(out) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *b = getenv("FUZZ_IMPORT_BASE");
	char tmpl[] = "/dev/shm/fuzz-import-XXXXXX";
	char tmpl2[] = "/tmp/fuzz-import-XXXXXX";

	folder = mkdtemp(tmpl) ? xstrdup(tmpl) : mkdtemp(tmpl2) ? xstrdup(tmpl2) : NULL;
	if (!folder)
		abort();
	work = xasprintf("%s/work.db", folder);
	fresh = xasprintf("%s/fresh.db", folder);
	if (b && b[0]) {
		/* the base must be whole in its file: no -wal beside it */
		base = xasprintf("%s/base.db", folder);
		copy_file(b, base);
	}
	/* Every input starts from the same database: its tables are read once. */
	struct store_error err = {0};
	struct store *st;
	remove_db(work);
	if (base)
		copy_file(base, work);
	st = store_open(work, &err);
	if (!st || !(base_tables = all_tables(st, true)))
		abort();
	store_close(st);
	return 0;
}

/* Table @t (every session) as one string; NULL when the export failed. */
static char *table(struct store *st, enum export_table t, bool raw)
{
	struct export_options opt = {.table = t, .raw = raw};
	struct store_error err = {0};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool ok;

	if (!f)
		abort();
	ok = export_csv(st, &opt, f, &err);
	fclose(f);
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}

/* Every table, one after the other; NULL when one failed. */
static char *all_tables(struct store *st, bool raw)
{
	struct buf b = {0};

	for (int t = 0; t < EXPORT_TABLE_COUNT; t++) {
		char *s = table(st, (enum export_table)t, raw);
		if (!s) {
			buf_finish(&b);
			return NULL;
		}
		buf_puts(&b, s);
		buf_putc(&b, '\f');
		free(s);
	}
	return buf_steal(&b);
}

static bool import_bytes(struct store *st, const char *name, const uint8_t *data, size_t size,
			 struct import_result *res, struct store_error *err)
{
	FILE *f = fmemopen((void *)data, size, "rb");
	bool ok;

	if (!f) /* fmemopen refuses size 0 */
		f = fopen("/dev/null", "rb");
	ok = import_csv(st, f, name, false, res, err);
	fclose(f);
	return ok;
}

/* A message a terminal may be given: one line, no control characters. */
static void check_message(const struct store_error *err)
{
	const unsigned char *m = (const unsigned char *)err->message;

	if (err->code == STORE_OK || !m[0])
		abort();
	for (; *m; m++) {
		if (*m < 0x20 || *m == 0x7F)
			abort();
		if (m[0] == 0xC2 && m[1] >= 0x80 && m[1] < 0xA0)
			abort(); /* a C1 control */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_error err = {0};
	struct import_result res;
	struct store *st;
	char *before, *after;

	remove_db(work);
	if (base)
		copy_file(base, work);
	st = store_open(work, &err);
	if (!st)
		abort();
	before = base_tables;
	if (!import_bytes(st, "in.csv", data, size, &res, &err)) {
		check_message(&err);
		after = all_tables(st, true);
		if (!after || strcmp(before, after) != 0)
			abort(); /* a refused file changed the database */
		free(after);
	} else {
		after = all_tables(st, true);
		char *plain = all_tables(st, false);
		if (!after || !plain)
			abort(); /* an accepted file broke an export */
		free(plain);
		/* Importing it again adds nothing. */
		struct import_result again;
		if (!import_bytes(st, "in.csv", data, size, &again, &err) ||
		    again.stats.rows_new || again.stats.sessions_new)
			abort();
		/* What the database now holds moves whole to an empty one. */
		char *hist = table(st, EXPORT_HISTORY, false);
		struct store *st2;
		remove_db(fresh);
		st2 = store_open(fresh, &err);
		if (!hist || !st2 ||
		    !import_bytes(st2, "history.csv", (const uint8_t *)hist, strlen(hist), &again,
				  &err))
			abort();
		store_close(st2);
		free(hist);
		free(after);
	}
	store_close(st);
	return 0;
}
