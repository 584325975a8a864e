/* Unit tests for the pack index and its cache of pack headers
 * (pack_index.c, pack_cache.c; issue 14): the same packs and scenarios in
 * the same order as the full loader, cold and from the cache; a changed
 * file read again; a corrupt, foreign or deleted cache ignored and
 * written anew; the full pack read on demand. Files are made to look old
 * (pack_index_load_at() with a later "now") except where the test is about
 * a file changed just before it is read. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/pack_cache.h"
#include "config.h"
#include "dilemma/pack_index.h"
#include "dilemma/pack_set.h"
#include "dilemma/paths.h"

#include "pack_fixtures.h"
#include "scratch.h"

/* A "now" at which every file of the test is old enough to be cached. */
#define LATER (time(NULL) + 3600)

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *text)
{
	char *path = path_of(name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	buf_puts(&b, "");
	return buf_steal(&b);
}

static void put_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* The index must show what the full loader loads: the same packs (the
 * first of each id) in the same order with the same scenarios, and count
 * the files that do not load. */
static void same_as_full(struct pack_index *ix, const char *const *dirs)
{
	struct pack_set set = {0};
	struct diag_list d = {0};
	size_t broken = 0;
	char **files = pack_set_files(dirs);

	pack_set_load(&set, dirs, &d);
	for (size_t i = 0; files[i]; i++) {
		bool bad = false;
		for (size_t k = 0; k < d.count; k++)
			bad |= d.items[k].severity == DIAG_ERROR &&
			       strcmp(d.items[k].file, files[i]) == 0;
		broken += bad;
		free(files[i]);
	}
	free(files);
	assert_int_equal(ix->problems, broken);
	assert_int_equal(ix->count, set.count);
	for (size_t i = 0; i < set.count; i++) {
		const struct pack *p = set.packs[i];
		const struct pack_index_entry *e = &ix->packs[i];
		assert_string_equal(e->path, p->path);
		assert_string_equal(e->id, p->id);
		assert_string_equal(e->title, p->title);
		assert_int_equal(e->version, p->version);
		assert_string_equal(e->framework_name, p->framework.name);
		assert_int_equal(e->nscenarios, p->nscenarios);
		for (size_t j = 0; j < p->nscenarios; j++) {
			const struct pack_scenario *sc = &p->scenarios[j];
			const struct pack_index_scenario *c = &e->scenarios[j];
			const struct pack_index_preview *pv = pack_index_preview(ix, i, j);
			assert_string_equal(c->id, sc->id);
			assert_string_equal(c->title, sc->title);
			assert_non_null(pv);
			assert_string_equal(pv->situation, sc->situation);
			assert_string_equal(pv->question, sc->question);
			assert_int_equal(pv->ntags, sc->ntags);
			for (size_t t = 0; t < sc->ntags; t++)
				assert_string_equal(pv->tags[t], sc->tags[t]);
		}
	}
	pack_set_finish(&set);
	diag_list_finish(&d);
}

/* Index @dirs at @now with the cache @cache: @read files read in full,
 * @cached from the cache, and the same as the full loader. */
static void index_expect(const char *const *dirs, const char *cache, time_t now, size_t read,
			 size_t cached)
{
	struct pack_index ix;

	pack_index_load_at(&ix, dirs, cache, now);
	if (ix.stats.read != read || ix.stats.cached != cached)
		fail_msg("wanted %zu read and %zu cached, got %zu and %zu", read, cached,
			 ix.stats.read, ix.stats.cached);
	same_as_full(&ix, dirs);
	pack_index_finish(&ix);
}

/* Two folders: a pack whose id comes again later, a broken file, a file
 * that is not a pack's name; then the bundled packs. */
struct fixture {
	char *one, *two, *bundled, *cache, *file; /* the cache's folder and file */
	const char *dirs[4];
};

/* Write @text as @file in the fixture @name's folder @dir ("one", "two"). */
static void fixture_file(const char *name, const char *dir, const char *file, const char *text)
{
	char *n = xasprintf("%s-%s/%s", name, dir, file);

	write_file(n, text);
	free(n);
}

static struct fixture *fixture_make(const char *name)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->one = xasprintf("%s/%s-one", tmpdir, name);
	f->two = xasprintf("%s/%s-two", tmpdir, name);
	f->bundled = xasprintf("%s/scenarios", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
	f->cache = xasprintf("%s/%s-cache/dilemma", tmpdir, name);
	f->file = pack_cache_path(f->cache);
	assert_int_equal(mkdir(f->one, 0755), 0);
	assert_int_equal(mkdir(f->two, 0755), 0);
	fixture_file(name, "one", "b.yaml", "pack: same\ntitle: First\nversion: 2\nscenarios:\n"
		     SC "  - id: b\n    title: B\n    tags: [x, y]\n    situation: S2\n"
		     "    question: Q2?\n");
	fixture_file(name, "two", "a.yaml", "pack: same\ntitle: Second\nversion: 1\nscenarios:\n" SC);
	fixture_file(name, "two", "bad.yaml", "pack: [\n");
	fixture_file(name, "two", "c.yaml", "pack: other\ntitle: O\nversion: 1\nscenarios:\n" SC);
	fixture_file(name, "two", "skip.yml", "not: looked at\n");
	f->dirs[0] = f->one;
	f->dirs[1] = f->two;
	f->dirs[2] = f->bundled;
	return f;
}

static size_t fixture_files(const struct fixture *f)
{
	char **files = pack_set_files(f->dirs);
	size_t n = 0;

	while (files[n])
		free(files[n++]);
	free(files);
	return n;
}

static void fixture_free(struct fixture *f)
{
	free(f->one);
	free(f->two);
	free(f->bundled);
	free(f->cache);
	free(f->file);
	free(f);
}

static void test_same_packs_cold_and_cached(void **state)
{
	struct fixture *f = fixture_make("same");
	size_t n = fixture_files(f);
	struct pack_index ix;

	assert_true(n > 4);
	/* no cache: every file read, the broken one counted */
	index_expect(f->dirs, f->cache, LATER, n, 0);
	/* the cache was written: every file taken from it, the broken one too */
	index_expect(f->dirs, f->cache, LATER, 0, n);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_int_equal(ix.problems, 1);
	assert_string_equal(ix.packs[0].title, "First"); /* the first folder wins */
	assert_string_equal(pack_index_preview(&ix, 0, 1)->tags[1], "y");
	assert_null(pack_index_preview(&ix, 0, 2));
	assert_null(pack_index_preview(&ix, ix.count, 0));
	pack_index_finish(&ix);
	/* no cache at all */
	index_expect(f->dirs, NULL, LATER, n, 0);
	fixture_free(f);
}

static void test_changed_file_read_again(void **state)
{
	struct fixture *f = fixture_make("changed");
	size_t n = fixture_files(f);
	char *c = xasprintf("%s/c.yaml", f->two);
	struct timespec times[2];
	struct pack_index ix;
	struct stat st;

	index_expect(f->dirs, f->cache, LATER, n, 0);
	/* a new size */
	write_file("changed-two/c.yaml", "pack: other\ntitle: Other\nversion: 1\nscenarios:\n" SC);
	index_expect(f->dirs, f->cache, LATER, 1, n - 1);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_string_equal(ix.packs[1].title, "Other");
	pack_index_finish(&ix);
	/* the same size, and a modification time of its own */
	assert_int_equal(stat(c, &st), 0);
	write_file("changed-two/c.yaml", "pack: other\ntitle: Othe2\nversion: 1\nscenarios:\n" SC);
	times[0] = st.st_atim;
	times[1] = (struct timespec){st.st_mtim.tv_sec + 1, st.st_mtim.tv_nsec};
	assert_int_equal(utimensat(AT_FDCWD, c, times, 0), 0);
	index_expect(f->dirs, f->cache, LATER, 1, n - 1);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_string_equal(ix.packs[1].title, "Othe2");
	pack_index_finish(&ix);
	/* fixed: the broken file loads now and is shown; then broken again */
	write_file("changed-two/bad.yaml", "pack: fixed\ntitle: F\nversion: 1\nscenarios:\n" SC);
	index_expect(f->dirs, f->cache, LATER, 1, n - 1);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_int_equal(ix.problems, 0);
	pack_index_finish(&ix);
	write_file("changed-two/bad.yaml", "pack: fixed\ntitle: [\n");
	index_expect(f->dirs, f->cache, LATER, 1, n - 1);
	/* removed: gone from the index */
	assert_int_equal(unlink(c), 0);
	index_expect(f->dirs, f->cache, LATER, 0, n - 1);
	free(c);
	fixture_free(f);
}

/* A file changed just before it is read could change again within the
 * same tick of its clock and keep its identity: it is read every time
 * until it is older. */
static void test_just_changed_not_cached(void **state)
{
	struct fixture *f = fixture_make("racy");
	const char *dirs[] = {f->one, f->two, NULL};
	char *old = path_of("racy-old");

	/* an old file beside them is cached at once */
	assert_int_equal(mkdir(old, 0755), 0);
	write_file("racy-old/old.yaml", HEAD SC);
	index_expect((const char *[]){old, NULL}, f->cache, LATER, 1, 0);
	index_expect(dirs, f->cache, time(NULL), 4, 0);
	index_expect(dirs, f->cache, time(NULL), 4, 0);
	index_expect(dirs, f->cache, LATER, 4, 0);
	index_expect(dirs, f->cache, LATER, 0, 4);
	index_expect((const char *[]){old, NULL}, f->cache, time(NULL), 0, 1);
	free(old);
	fixture_free(f);
}

/* The cache after one cold run, changed by @spoil; the next run must read
 * every file and write a good cache again. */
static void spoilt_cache(const char *name, void (*spoil)(const char *cache))
{
	struct fixture *f = fixture_make(name);
	size_t n = fixture_files(f);

	index_expect(f->dirs, f->cache, LATER, n, 0);
	spoil(f->file);
	index_expect(f->dirs, f->cache, LATER, n, 0);
	index_expect(f->dirs, f->cache, LATER, 0, n);
	fixture_free(f);
}

/* A byte of the headers (past the head's magic, format, program and
 * lengths, before the previews). */
static void flip_byte(const char *cache)
{
	size_t len;
	char *data = read_file(cache, &len);

	data[300] ^= 0x20;
	put_file(cache, data, len);
	free(data);
}

static void cut_in_half(const char *cache)
{
	assert_int_equal(truncate(cache, 200), 0);
}

static void emptied(const char *cache)
{
	assert_int_equal(truncate(cache, 0), 0);
}

static void not_a_cache(const char *cache)
{
	put_file(cache, "some other program's file\n", 26);
}

/* Intact, but written by another dilemma: its version differs. */
static void another_program(const char *cache)
{
	size_t len;
	char *data = read_file(cache, &len);
	char *v = memmem(data, len, "dilemma " DILEMMA_VERSION " ", strlen(DILEMMA_VERSION) + 9);

	assert_non_null(v);
	v[8] = v[8] == '9' ? '8' : '9';
	put_file(cache, data, len);
	free(data);
}

/* Damaged where only the previews are: the headers are good, so every
 * file is taken from the cache, but each preview that cannot be read as
 * written comes from the pack. */
static void test_damaged_previews(void **state)
{
	struct fixture *f = fixture_make("previews");
	size_t n = fixture_files(f), len;
	char *data;

	index_expect(f->dirs, f->cache, LATER, n, 0);
	data = read_file(f->file, &len);
	for (size_t i = len - len / 4; i < len; i += 97)
		data[i] ^= 0x20;
	put_file(f->file, data, len);
	index_expect(f->dirs, f->cache, LATER, 0, n);
	/* cut short: the last previews are not there at all */
	assert_int_equal(truncate(f->file, (off_t)(len - len / 5)), 0);
	index_expect(f->dirs, f->cache, LATER, 0, n);
	free(data);
	fixture_free(f);
}

static void deleted(const char *cache)
{
	assert_int_equal(unlink(cache), 0);
}

static void test_spoilt_caches(void **state)
{
	spoilt_cache("flip", flip_byte);
	spoilt_cache("cut", cut_in_half);
	spoilt_cache("empty", emptied);
	spoilt_cache("other", not_a_cache);
	spoilt_cache("foreign", another_program);
	spoilt_cache("deleted", deleted);
}

/* A cache that cannot be read or written: every file read, every time. */
static void test_unusable_cache(void **state)
{
	struct fixture *f = fixture_make("unusable");
	size_t n = fixture_files(f);
	char *home = path_of("unusable-cache"), *dir = path_of("unusable-cache/dilemma");

	assert_int_equal(mkdir(home, 0755), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(f->file, 0755), 0); /* a folder in its place */
	index_expect(f->dirs, f->cache, LATER, n, 0);
	index_expect(f->dirs, f->cache, LATER, n, 0);
	free(home);
	free(dir);
	fixture_free(f);
}

/* Records of files not on this search path stay while the files do. */
static void test_other_search_paths_kept(void **state)
{
	struct fixture *f = fixture_make("paths");
	size_t n = fixture_files(f);
	const char *one[] = {f->one, NULL};
	const char *two[] = {f->two, NULL};

	index_expect(one, f->cache, LATER, 1, 0);
	index_expect(two, f->cache, LATER, 3, 0);
	index_expect(one, f->cache, LATER, 0, 1);
	index_expect(f->dirs, f->cache, LATER, n - 4, 4);
	index_expect(f->dirs, f->cache, LATER, 0, n);
	fixture_free(f);
}

/* The full pack is the file's, read when asked for. */
static void test_full_pack_on_demand(void **state)
{
	struct fixture *f = fixture_make("full");
	struct pack_index ix;
	struct diag_list d = {0};
	struct pack *p, *again;

	index_expect(f->dirs, f->cache, LATER, fixture_files(f), 0);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_int_equal(ix.stats.read, 0);
	p = pack_index_pack(&ix, 0, &d);
	assert_non_null(p);
	assert_int_equal(d.count, 0);
	assert_string_equal(p->id, "same");
	assert_string_equal(p->title, "First");
	assert_int_equal(p->nscenarios, 2);
	assert_string_equal(p->scenarios[1].situation, "S2");
	again = pack_index_pack(&ix, 0, &d);
	assert_ptr_equal(again, p);
	assert_null(pack_index_pack(&ix, ix.count, &d));
	/* changed since: read again; what was handed out before still holds */
	write_file("full-one/b.yaml", "pack: same\ntitle: Changed\nversion: 2\nscenarios:\n" SC);
	again = pack_index_pack(&ix, 0, &d);
	assert_non_null(again);
	assert_string_equal(again->title, "Changed");
	assert_string_equal(p->title, "First");
	assert_string_equal(ix.packs[0].title, "First"); /* the list is of the start */
	/* the cache written anew by another run meanwhile: this one's
	 * previews are still read from the file it opened */
	struct pack_index other;
	write_file("full-two/c.yaml", "pack: other\ntitle: Two\nversion: 1\nscenarios:\n" SC);
	pack_index_load_at(&other, f->dirs, f->cache, LATER);
	assert_int_equal(other.stats.read, 2);
	pack_index_finish(&other);
	struct pack *last = pack_load(ix.packs[ix.count - 1].path, &d);
	const struct pack_index_preview *pv = pack_index_preview(&ix, ix.count - 1, 0);
	assert_non_null(last);
	assert_non_null(pv);
	assert_string_equal(pv->situation, last->scenarios[0].situation);
	pack_destroy(last);
	/* a file that no longer loads when a session is to start on it */
	write_file("full-two/c.yaml", "pack: other\ntitle: [\n");
	assert_null(pack_index_pack(&ix, 1, &d));
	assert_true(d.errors > 0);
	pack_index_finish(&ix);
	diag_list_finish(&d);
	/* a file read in full to be indexed is read again once changed */
	write_file("full-two/c.yaml", "pack: other\ntitle: O\nversion: 1\nscenarios:\n" SC);
	pack_index_load_at(&ix, f->dirs, f->cache, LATER);
	assert_int_equal(ix.stats.read, 1); /* c.yaml */
	write_file("full-two/c.yaml", "pack: other\ntitle: [\n");
	assert_null(pack_index_pack(&ix, 1, &d));
	pack_index_finish(&ix);
	diag_list_finish(&d);
	fixture_free(f);
}

/* Where the cache is: XDG_CACHE_HOME when absolute, else ~/.cache; no
 * cache at all rather than one in the current folder. The file is this
 * build's own in that folder. */
static void set_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void expect_cache_path(const char *xdg, const char *home, const char *want)
{
	char *got;

	set_env("XDG_CACHE_HOME", xdg);
	set_env("HOME", home);
	got = paths_cache_dir();
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
	free(got);
}

static void test_cache_path(void **state)
{
	char *xdg = getenv("XDG_CACHE_HOME") ? xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	expect_cache_path("/c", "/h", "/c/dilemma");
	expect_cache_path("c", "/h", "/h/.cache/dilemma");
	expect_cache_path(NULL, "/h", "/h/.cache/dilemma");
	expect_cache_path("", "/h", "/h/.cache/dilemma");
	expect_cache_path("/c", NULL, "/c/dilemma");
	expect_cache_path("c", NULL, NULL);
	expect_cache_path(NULL, "", NULL);
	char *file = pack_cache_path("/c/dilemma");
	assert_int_equal(strncmp(file, "/c/dilemma/packs-", 17), 0);
	assert_string_equal(file + strlen(file) - 6, ".cache");
	free(file);
	set_env("XDG_CACHE_HOME", xdg); /* as they were */
	set_env("HOME", home);
	free(xdg);
	free(home);
}

/* Another build's cache, and a half-written one, left for more than a
 * week are removed when this build writes its own; newer ones stay, as
 * does anything not named as a cache. */
static void test_stale_caches_removed(void **state)
{
	struct fixture *f = fixture_make("stale");
	const char *names[] = {"packs-0123456789abcdef.cache", "packs-0123456789abcdef.cache.Ab12Cd",
			       "packs-fedcba9876543210.cache", "notes.txt", NULL};
	struct timespec old[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = time(NULL) - 8 * 24 * 3600}};
	char *home = path_of("stale-cache");
	struct stat st;

	assert_int_equal(mkdir(home, 0755), 0);
	assert_int_equal(mkdir(f->cache, 0755), 0);
	for (size_t i = 0; names[i]; i++) {
		char *p = xasprintf("%s/%s", f->cache, names[i]);
		put_file(p, "x", 1);
		if (i != 2)
			assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
		free(p);
	}
	index_expect(f->dirs, f->cache, LATER, fixture_files(f), 0);
	for (size_t i = 0; names[i]; i++) {
		char *p = xasprintf("%s/%s", f->cache, names[i]);
		bool gone = stat(p, &st) != 0;
		if (gone != (i < 2))
			fail_msg("%s should %s", names[i], i < 2 ? "be removed" : "stay");
		free(p);
	}
	assert_int_equal(stat(f->file, &st), 0);
	free(home);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_packs_cold_and_cached),
		cmocka_unit_test(test_changed_file_read_again),
		cmocka_unit_test(test_just_changed_not_cached),
		cmocka_unit_test(test_spoilt_caches),
		cmocka_unit_test(test_damaged_previews),
		cmocka_unit_test(test_unusable_cache),
		cmocka_unit_test(test_other_search_paths_kept),
		cmocka_unit_test(test_full_pack_on_demand),
		cmocka_unit_test(test_cache_path),
		cmocka_unit_test(test_stale_caches_removed),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
