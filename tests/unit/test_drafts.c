/* Unit tests for saving an open session's fields (src/core/drafts.c):
 * what could not be saved is kept, shown and saved later; a field saved
 * for the first time gets its id everywhere; unchanged text makes no
 * revision; a stance keeps the text; two participants' fields are
 * separate; a finished session takes no save. The store is real (a scratch database) and a wrapper around
 * store_entry_save fails on demand, as a full disk or a locked database
 * would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dilemma/util.h"
#include "dilemma/drafts.h"

static char tmpdir[] = "/tmp/dilemma-drafts-XXXXXX";
static int64_t clock_ms = 100000;
static int fail_next; /* how many saves to fail */
static int tries;
/* the participant the fields belong to (the session's one) */
static int64_t owner;
#define KEY(stage, kind, principle, id) {stage, kind, principle, id, owner}

static int64_t fake_now(void)
{
	return clock_ms;
}

static bool flaky_save(struct store *st, struct session *s, const struct entry *e,
		       bool field, int64_t *id_out, struct store_error *err)
{
	tries++;
	if (fail_next > 0) {
		fail_next--;
		err->code = STORE_LOCKED;
		snprintf(err->message, sizeof(err->message), "%s",
			 store_code_message(STORE_LOCKED));
		return false;
	}
	return field ? store_field_save(st, s, e, id_out, err)
		     : store_entry_save(st, s, e, id_out, err);
}

static struct pack_scenario scenario = {
	.id = "s1",
	.title = "A test scenario",
	.situation = "Something happened.",
	.question = "What now?",
};

static struct pack test_pack = {
	.id = "drafts-pack",
	.title = "Drafts pack",
	.version = 1,
	.scenarios = &scenario,
	.nscenarios = 1,
	.hash = "0123456789abcdef",
};

struct fixture {
	struct store *st;
	struct session *s;
	struct drafts f;
	char *path;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct store_error err = {0};
	struct participant_spec who = {"Robin", NULL};
	struct session_spec spec = {
		.pack = &test_pack, .scenario = &scenario, .label = "drafts",
		.mode = SESSION_SOLO, .participants = &who, .nparticipants = 1,
	};
	static int n;

	fx->path = xasprintf("%s/f%d.db", tmpdir, n++);
	fx->st = store_open(fx->path, &err);
	if (!fx->st)
		fail_msg("open: %s", err.message);
	fx->s = store_session_create(fx->st, &spec, &err);
	if (!fx->s)
		fail_msg("create: %s", err.message);
	drafts_init(&fx->f, fx->st, fx->s, fake_now);
	fx->f.save = flaky_save;
	owner = fx->s->participants[0].number;
	fail_next = 0;
	tries = 0;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	drafts_finish(&fx->f);
	session_destroy(fx->s);
	store_close(fx->st);
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", fx->path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(p);
		free(p);
	}
	free(fx->path);
	free(fx);
	return 0;
}

/* The text of @k as a fresh load of the session from the database has it. */
static char *stored_text(struct fixture *fx, const struct draft_key *k)
{
	struct store_error err = {0};
	struct session *s = store_session_load(fx->st, fx->s->id, &err);
	struct drafts f2;

	assert_non_null(s);
	drafts_init(&f2, fx->st, s, fake_now);
	char *t = xstrdup(drafts_text(&f2, k));
	drafts_finish(&f2);
	session_destroy(s);
	return t;
}

static void test_save_and_unchanged(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_INFORMATION, ENTRY_NOTE, NULL, 0);
	int64_t id = 0;

	/* an empty new field is not worth a row */
	assert_true(drafts_save(&fx->f, &k, "", 0, NULL));
	assert_int_equal(tries, 0);
	assert_true(drafts_save(&fx->f, &k, "first words", 0, &id));
	assert_true(id > 0);
	assert_string_equal(drafts_text(&fx->f, &k), "first words");
	const struct entry *e = drafts_entry(&fx->f, &k);
	assert_non_null(e);
	assert_int_equal(e->participant, fx->s->participants[0].number);
	assert_int_equal(e->revision, 1);
	/* the same text again makes no new revision */
	assert_true(drafts_save(&fx->f, &k, "first words", 0, NULL));
	assert_int_equal(tries, 1);
	assert_true(drafts_save(&fx->f, &k, "first words, more", 0, NULL));
	assert_int_equal(drafts_entry(&fx->f, &k)->revision, 2);
	char *t = stored_text(fx, &k);
	assert_string_equal(t, "first words, more");
	free(t);
}

static void test_failure_keeps_text(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_ASSESSMENT, ENTRY_NOTE, NULL, 0);

	fail_next = 1;
	assert_false(drafts_save(&fx->f, &k, "kept in memory", 0, NULL));
	assert_true(drafts_failed(&fx->f));
	assert_int_equal(fx->f.err.code, STORE_LOCKED);
	assert_null(drafts_entry(&fx->f, &k));
	/* the caller keeps it pending; the field shows it */
	drafts_keep(&fx->f, &k, xstrdup("kept in memory"), 0);
	assert_string_equal(drafts_text(&fx->f, &k), "kept in memory");
	/* no retry within the retry interval, even if the store is back */
	clock_ms += DRAFTS_RETRY_MS - 1;
	assert_false(drafts_flush(&fx->f));
	assert_int_equal(tries, 1);
	/* a retry that fails again keeps it */
	clock_ms += 1;
	fail_next = 1;
	assert_false(drafts_flush(&fx->f));
	assert_int_equal(fx->f.npend, 1);
	assert_string_equal(drafts_text(&fx->f, &k), "kept in memory");
	/* and one that works saves it and empties the list */
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(drafts_flush(&fx->f));
	assert_int_equal(fx->f.npend, 0);
	assert_true(fx->f.saved_ms == clock_ms);
	char *t = stored_text(fx, &k);
	assert_string_equal(t, "kept in memory");
	free(t);
}

static void test_new_option_gets_id(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_OPTIONS, ENTRY_OPTION, NULL, drafts_new_id(&fx->f));
	struct draft_key other = KEY(NDM_OPTIONS, ENTRY_OPTION, NULL, drafts_new_id(&fx->f));
	int64_t id = 0;

	assert_true(k.id < 0 && other.id < 0 && k.id != other.id);
	/* two never-saved options, both pending after a failure */
	fail_next = 2;
	assert_false(drafts_save(&fx->f, &k, "Option one", 5, NULL));
	drafts_keep(&fx->f, &k, xstrdup("Option one"), 5);
	assert_false(drafts_save(&fx->f, &other, "Option two", 6, NULL));
	drafts_keep(&fx->f, &other, xstrdup("Option two"), 6);
	assert_string_equal(drafts_text(&fx->f, &other), "Option two");
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(drafts_flush(&fx->f));
	/* two entries, in their positions, with their own texts */
	size_t n = 0;
	for (size_t i = 0; i < fx->s->nentries; i++)
		if (fx->s->entries[i].kind == ENTRY_OPTION) {
			n++;
			assert_int_equal(fx->s->entries[i].position,
					 strcmp(fx->s->entries[i].text, "Option one") == 0 ? 5 : 6);
		}
	assert_int_equal(n, 2);
	/* a never-saved field saved directly reports its new id */
	struct draft_key third = KEY(NDM_OPTIONS, ENTRY_OPTION, NULL, drafts_new_id(&fx->f));
	assert_true(drafts_save(&fx->f, &third, "Option three", 7, &id));
	assert_true(id > 0);
	third.id = id;
	assert_string_equal(drafts_text(&fx->f, &third), "Option three");
}

static void test_pending_renumbered(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_OPTIONS, ENTRY_CONTINGENCY, NULL, drafts_new_id(&fx->f));
	int64_t id = 0;

	/* saved once (gets an id), then a later text of the same field
	 * pending under the old key takes the id too */
	drafts_keep(&fx->f, &k, xstrdup("later text"), 1);
	assert_true(drafts_save(&fx->f, &k, "first text", 1, &id));
	assert_true(id > 0);
	struct draft_key saved = k;
	saved.id = id;
	struct draft *p = drafts_pending(&fx->f, &saved);
	assert_non_null(p);
	assert_string_equal(p->text, "later text");
	assert_true(drafts_flush(&fx->f));
	assert_string_equal(drafts_text(&fx->f, &saved), "later text");
	assert_int_equal(drafts_entry(&fx->f, &saved)->revision, 2);
}

static void test_stance_keeps_text(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_POWERS, ENTRY_PRINCIPLE, "fairness", 0);

	/* a stance on a principle with nothing written */
	assert_true(drafts_set_stance(&fx->f, &k, STANCE_TENSION, NULL));
	assert_int_equal(drafts_entry(&fx->f, &k)->stance, STANCE_TENSION);
	assert_string_equal(drafts_text(&fx->f, &k), "");
	/* unsaved text goes with the next stance, and stops being pending */
	drafts_keep(&fx->f, &k, xstrdup("why it is in tension"), 0);
	assert_true(drafts_set_stance(&fx->f, &k, STANCE_UPHOLDS, NULL));
	assert_int_equal(fx->f.npend, 0);
	const struct entry *e = drafts_entry(&fx->f, &k);
	assert_int_equal(e->stance, STANCE_UPHOLDS);
	assert_string_equal(e->text, "why it is in tension");
	/* saving text keeps the stance */
	assert_true(drafts_save(&fx->f, &k, "rewritten", 0, NULL));
	e = drafts_entry(&fx->f, &k);
	assert_int_equal(e->stance, STANCE_UPHOLDS);
	/* the same stance again is no new revision */
	int64_t rev = e->revision;
	assert_true(drafts_set_stance(&fx->f, &k, STANCE_UPHOLDS, NULL));
	assert_int_equal(drafts_entry(&fx->f, &k)->revision, rev);
	/* a failed stance changes nothing and keeps the pending text */
	drafts_keep(&fx->f, &k, xstrdup("pending again"), 0);
	fail_next = 1;
	assert_false(drafts_set_stance(&fx->f, &k, STANCE_NEUTRAL, NULL));
	assert_int_equal(drafts_entry(&fx->f, &k)->stance, STANCE_UPHOLDS);
	assert_string_equal(drafts_text(&fx->f, &k), "pending again");
}

static void test_participants_apart(void **state)
{
	struct fixture *fx = *state;
	struct store_error err = {0};
	int64_t second = 0;

	assert_true(store_participant_add(fx->st, fx->s, "Osei", "member", &second, &err));
	struct draft_key mine = KEY(NDM_INFORMATION, ENTRY_NOTE, NULL, 0);
	struct draft_key theirs = mine;
	theirs.participant = second;
	assert_false(draft_key_eq(&mine, &theirs));
	assert_true(drafts_save(&fx->f, &mine, "what I said", 0, NULL));
	assert_true(drafts_save(&fx->f, &theirs, "what Osei said", 0, NULL));
	/* neither overwrote the other: two entries, each attributed */
	assert_string_equal(drafts_text(&fx->f, &mine), "what I said");
	assert_string_equal(drafts_text(&fx->f, &theirs), "what Osei said");
	assert_int_equal(drafts_entry(&fx->f, &theirs)->participant, second);
	assert_int_not_equal(drafts_entry(&fx->f, &mine)->id, drafts_entry(&fx->f, &theirs)->id);
	char *t = stored_text(fx, &theirs);
	assert_string_equal(t, "what Osei said");
	free(t);
}

/* A pending text whose field another window changed meanwhile is saved
 * with both versions, ours first (nothing is lost either way). */
static void test_conflict_keeps_both(void **state)
{
	struct fixture *fx = *state;
	struct store_error err = {0};
	struct draft_key k = KEY(NDM_ASSESSMENT, ENTRY_NOTE, NULL, 0);

	assert_true(drafts_save(&fx->f, &k, "the start", 0, NULL));
	/* another window saves its edit */
	struct store *other = store_open(fx->path, &err);
	assert_non_null(other);
	struct session *s2 = store_session_load(other, fx->s->id, &err);
	assert_non_null(s2);
	struct entry e = *session_entry_find(s2, NDM_ASSESSMENT, ENTRY_NOTE, NULL, owner);
	e.text = "the start, theirs";
	assert_true(store_entry_save(other, s2, &e, NULL, &err));
	/* ours, from the stale copy, fails once, then goes in with theirs */
	assert_false(drafts_save(&fx->f, &k, "the start, ours", 0, NULL));
	assert_int_equal(fx->f.err.code, STORE_CONFLICT);
	drafts_keep(&fx->f, &k, xstrdup("the start, ours"), 0);
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(drafts_flush(&fx->f));
	assert_int_equal(fx->f.conflicts, 1);
	assert_false(drafts_failed(&fx->f));
	char *t = stored_text(fx, &k);
	assert_non_null(strstr(t, "the start, ours\n\n--- the version another window saved at "));
	assert_non_null(strstr(t, "---\nthe start, theirs"));
	free(t);
	session_destroy(s2);
	store_close(other);
}

/* A finished session takes no save at all: each is refused before the
 * store is asked, a failed save like any other, so what the caller keeps
 * stays pending and is saved once the session is reopened. */
static void test_finished_refuses(void **state)
{
	struct fixture *fx = *state;
	struct draft_key k = KEY(NDM_OPTIONS, ENTRY_NOTE, NULL, 0);
	struct store_error err = {0};

	assert_true(drafts_save(&fx->f, &k, "before the finish", 0, NULL));
	assert_false(drafts_read_only(&fx->f, &err));
	assert_true(store_session_finish(fx->st, fx->s, &err));
	assert_true(drafts_read_only(&fx->f, &err));
	assert_int_equal(err.code, STORE_INVALID);
	tries = 0;
	assert_false(drafts_save(&fx->f, &k, "after the finish", 0, NULL));
	assert_int_equal(fx->f.err.code, STORE_INVALID);
	assert_string_equal(drafts_error(&fx->f), "the session is finished: reopen it to change it");
	assert_true(drafts_failed(&fx->f));
	drafts_keep(&fx->f, &k, xstrdup("after the finish"), 0);
	struct entry e = *drafts_entry(&fx->f, &k);
	e.deleted = true;
	assert_false(drafts_store(&fx->f, &e, NULL));
	assert_false(drafts_set_stance(&fx->f, &k, STANCE_UPHOLDS, NULL));
	clock_ms += DRAFTS_RETRY_MS;
	assert_false(drafts_flush(&fx->f));
	assert_int_equal(tries, 0); /* the store was never asked */
	assert_int_equal(drafts_unsaved(&fx->f), 1);
	assert_string_equal(drafts_text(&fx->f, &k), "after the finish");
	char *t = stored_text(fx, &k);
	assert_string_equal(t, "before the finish");
	free(t);
	assert_int_equal(drafts_entry(&fx->f, &k)->revision, 1);
	/* reopened: the kept text goes in */
	assert_true(store_session_reopen(fx->st, fx->s, &err));
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(drafts_flush(&fx->f));
	assert_false(drafts_failed(&fx->f));
	t = stored_text(fx, &k);
	assert_string_equal(t, "after the finish");
	free(t);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_save_and_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_option_gets_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stance_keeps_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_participants_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_keeps_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finished_refuses, setup, teardown),
	};
	int rc;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(tmpdir);
	return rc;
}
