/* Unit tests for conduct.c, the rules of a session in progress: stage
 * events, inject release (on entering in a solo session, by hand in a
 * panel, each once, stored as data), options moved and deleted, the
 * decision, finishing (a finished session only looked at, until it is
 * reopened), participants and votes. The store is real (a
 * scratch database); another connection locks it on demand, so every
 * call is also seen failing as it would on a busy or full database, and
 * nothing typed is lost when it does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "dilemma/conduct.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

static const char pack_yaml[] =
	"pack: conduct-test\n"
	"title: Conduct test\n"
	"version: 1\n"
	"scenarios:\n"
	"  - id: s1\n"
	"    title: A test scenario\n"
	"    situation: Something happened.\n"
	"    question: What now?\n"
	"    options:\n"
	"      - Ask the team.\n"
	"      - Report it now.\n"
	"    injects:\n"
	"      - stage: assessment\n"
	"        text: First news.\n"
	"      - stage: options\n"
	"        text: Second news.\n"
	"      - stage: assessment\n"
	"        text: Third news.\n";

static char tmpdir[] = "/tmp/dilemma-conduct-XXXXXX";
static int64_t clock_ms = 100000;

static int64_t fake_now(void)
{
	return clock_ms;
}

struct fixture {
	struct pack *pack;
	struct store *st;
	char *path;
	sqlite3 *locker; /* another process's lock, when held */
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct diag_list diags = {0};
	struct store_error err = {0};
	static int n;

	fx->pack = pack_load_buffer("test.yaml", pack_yaml, strlen(pack_yaml), &diags);
	if (!fx->pack)
		fail_msg("pack: %s", diags.count ? diags.items[0].message : "?");
	diag_list_finish(&diags);
	fx->path = xasprintf("%s/c%d.db", tmpdir, n++);
	fx->st = store_open(fx->path, &err);
	if (!fx->st)
		fail_msg("open: %s", err.message);
	store_set_busy_timeout(fx->st, 50);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx->locker)
		sqlite3_close(fx->locker);
	store_close(fx->st);
	pack_destroy(fx->pack);
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", fx->path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(p);
		free(p);
	}
	free(fx->path);
	free(fx);
	return 0;
}

static void lock(struct fixture *fx)
{
	assert_int_equal(sqlite3_open(fx->path, &fx->locker), SQLITE_OK);
	assert_int_equal(sqlite3_exec(fx->locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
}

static void unlock(struct fixture *fx)
{
	sqlite3_exec(fx->locker, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(fx->locker);
	fx->locker = NULL;
}

static struct conduct *start(struct fixture *fx, enum session_mode mode, size_t npeople)
{
	struct participant_spec people[] = {{"Ada", "chair"}, {"Osei", "member"}};
	struct session_spec spec = {
		.pack = fx->pack, .scenario = &fx->pack->scenarios[0], .label = "conduct",
		.mode = mode, .participants = people, .nparticipants = npeople,
	};
	struct store_error err = {0};
	struct conduct *c = conduct_start(fx->st, &spec, fake_now, &err);

	if (!c)
		fail_msg("start: %s", err.message);
	return c;
}

/* The session as another process would read it now. */
static struct session *reread(struct fixture *fx, const struct conduct *c)
{
	struct store_error err = {0};
	struct session *s = store_session_load(fx->st, c->s->id, &err);

	if (!s)
		fail_msg("load: %s", err.message);
	return s;
}

static size_t count_events(const struct session *s, enum event_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nevents; i++)
		n += s->events[i].kind == k;
	return n;
}

static void test_stages_and_injects_solo(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_SOLO, 1);
	size_t released = 99;

	assert_int_equal(conduct_resume_stage(c), NDM_INFORMATION);
	assert_true(conduct_enter_stage(c, NDM_INFORMATION, &released));
	assert_int_equal(released, 0);
	/* entering assessment releases its two injects, once */
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, &released));
	assert_int_equal(released, 2);
	assert_true(conduct_inject_fresh(c, 0));
	assert_false(conduct_inject_fresh(c, 1));
	assert_true(conduct_inject_fresh(c, 2));
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, &released)); /* already there */
	assert_int_equal(released, 0);
	assert_true(conduct_enter_stage(c, NDM_INFORMATION, &released));
	assert_false(conduct_inject_fresh(c, 0)); /* only fresh on the visit */
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, &released));
	assert_int_equal(released, 0);
	/* an early release, at the current stage */
	assert_true(conduct_release_inject(c, 1));
	assert_true(conduct_inject_fresh(c, 1));
	assert_true(conduct_release_inject(c, 1)); /* again: nothing more */
	assert_false(conduct_release_inject(c, 7));
	assert_int_equal(c->err.code, STORE_INVALID);

	/* another process sees the same, stored as inject numbers */
	struct session *s = reread(fx, c);
	struct tally_inject *inj = NULL;
	assert_int_equal(tally_injects(s, &inj), 3);
	assert_int_equal(inj[0].index, 0);
	assert_int_equal(inj[1].index, 2);
	assert_int_equal(inj[2].index, 1);
	assert_int_equal(inj[2].stage, NDM_ASSESSMENT);
	free(inj);
	assert_int_equal(count_events(s, EVENT_STAGE_ENTERED), 4);
	assert_int_equal(count_events(s, EVENT_STAGE_LEFT), 3);
	assert_int_equal(tally_last_stage(s), NDM_ASSESSMENT);
	session_destroy(s);

	/* closing leaves the stage; opening again resumes there */
	char id[SESSION_ID_LEN];
	memcpy(id, c->s->id, sizeof(id));
	conduct_close(c);
	struct store_error err;
	s = store_session_load(fx->st, id, &err);
	assert_non_null(s);
	assert_int_equal(count_events(s, EVENT_STAGE_LEFT), 4);
	c = conduct_open(fx->st, s, fake_now);
	assert_int_equal(conduct_resume_stage(c), NDM_ASSESSMENT);
	conduct_close(c);
}

static void test_panel_holds_injects(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_PANEL, 2);
	size_t released = 99;

	assert_int_equal(c->speaker, c->s->participants[0].number);
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, &released));
	assert_int_equal(released, 0);
	assert_false(tally_inject_released(c->s, 0));
	assert_true(conduct_release_inject(c, 0));
	assert_true(tally_inject_released(c->s, 0));
	conduct_close(c);
}

/* A locked database: the stage still changes on screen, the events fail
 * and say why; the decision is kept as a draft; finishing waits for it. */
static void test_failures_keep_everything(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_SOLO, 1);

	assert_true(conduct_enter_stage(c, NDM_INFORMATION, NULL));
	lock(fx);
	assert_false(conduct_enter_stage(c, NDM_ACTION, NULL));
	assert_int_equal(c->stage, NDM_ACTION);
	assert_int_equal(c->err.code, STORE_LOCKED);
	assert_false(conduct_decide(c, "Draft the message", 0));
	assert_int_equal(drafts_unsaved(&c->drafts), 1);
	struct draft_key k = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);
	assert_string_equal(drafts_text(&c->drafts, &k), "Draft the message");
	clock_ms += DRAFTS_RETRY_MS;
	assert_false(conduct_finish(c));
	assert_int_equal(c->s->status, SESSION_OPEN);
	struct buf b = {0};
	assert_int_equal(conduct_unsaved_text(c, &b), 1);
	assert_non_null(strstr(b.data, "Draft the message"));
	assert_non_null(strstr(b.data, "Decision"));
	buf_finish(&b);
	unlock(fx);
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(conduct_finish(c));
	assert_int_equal(c->s->status, SESSION_FINISHED);
	struct session *s = reread(fx, c);
	assert_string_equal(tally_decision(s)->text, "Draft the message");
	assert_int_equal(s->status, SESSION_FINISHED);
	session_destroy(s);
	assert_true(conduct_finish(c)); /* finished already: nothing to do */
	assert_true(conduct_reopen(c));
	assert_int_equal(c->s->status, SESSION_OPEN);
	conduct_close(c);
}

static int64_t add_option(struct conduct *c, enum entry_kind kind, const char *text)
{
	struct draft_key k = conduct_key(c, NDM_OPTIONS, kind, NULL, drafts_new_id(&c->drafts));
	int64_t id = 0;

	assert_true(drafts_save(&c->drafts, &k, text, conduct_next_position(c, kind), &id));
	return id;
}

static void texts_in_order(const struct session *s, enum entry_kind kind, const char *want)
{
	const struct entry **l = NULL;
	size_t n = tally_list(s, kind, true, &l);
	struct buf b = {0};

	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", l[i]->text);
	assert_string_equal(b.data ? b.data : "", want);
	buf_finish(&b);
	free(l);
}

/* The pack's options are adopted as the pack words them and keep their
 * reference through edits; the decision takes the reference of the option
 * it was chosen from, keeps it through edits, and drops it when the
 * session says it writes its own. */
static void test_pack_options_adopted(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_SOLO, 1);
	int64_t own = 0, adopted = 0, again = 0;

	assert_int_equal(c->sc->noptions, 2);
	assert_int_equal(conduct_adopted(c, 2), 0);
	assert_true(conduct_enter_stage(c, NDM_OPTIONS, NULL));
	own = add_option(c, ENTRY_OPTION, "Wait and see");
	assert_true(conduct_adopt_option(c, 2, &adopted));
	assert_true(adopted > 0 && adopted != own);
	assert_int_equal(conduct_adopted(c, 2), adopted);
	assert_int_equal(conduct_adopted(c, 1), 0);
	assert_int_equal(session_entry(c->s, adopted)->pack_option, 2);
	assert_string_equal(session_entry(c->s, adopted)->text, "Report it now.");
	assert_int_equal(session_entry(c->s, adopted)->participant, c->speaker);
	texts_in_order(c->s, ENTRY_OPTION, "Wait and see,Report it now.");
	/* no option 0 or 3 */
	assert_false(conduct_adopt_option(c, 0, NULL));
	assert_int_equal(c->err.code, STORE_INVALID);
	assert_false(conduct_adopt_option(c, 3, NULL));
	assert_int_equal(c->err.code, STORE_INVALID);
	/* the copy is the session's to edit: the reference stays */
	struct draft_key k = {NDM_OPTIONS, ENTRY_OPTION, NULL, adopted, c->speaker};
	assert_true(drafts_save(&c->drafts, &k, "Report it now, to the sergeant.", 0, NULL));
	assert_int_equal(session_entry(c->s, adopted)->pack_option, 2);
	assert_int_equal(session_entry(c->s, adopted)->revision, 2);

	struct conduct_choice *ch = NULL;
	size_t n = conduct_decision_choices(c, &ch);
	assert_int_equal(n, 2);
	assert_string_equal(ch[1].text, "Report it now, to the sergeant.");
	assert_int_equal(ch[0].pack_option, 0);
	assert_int_equal(ch[1].pack_option, 2);
	assert_true(conduct_enter_stage(c, NDM_ACTION, NULL));
	assert_true(conduct_decide(c, ch[1].text, ch[1].pack_option));
	conduct_choices_free(ch, n);
	assert_int_equal(tally_decision(c->s)->pack_option, 2);
	assert_true(tally_matches_decision(c->s, adopted));
	assert_false(tally_matches_decision(c->s, own));
	/* edited, the decision still came from the pack's option 2 */
	struct draft_key kd = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);
	assert_true(drafts_save(&c->drafts, &kd, "Report it now, in writing.", 0, NULL));
	assert_int_equal(tally_decision(c->s)->pack_option, 2);
	/* "write my own": the same words, no reference, one revision more */
	int64_t rev = tally_decision(c->s)->revision;
	assert_true(conduct_decide_own(c));
	assert_int_equal(tally_decision(c->s)->pack_option, 0);
	assert_int_equal(tally_decision(c->s)->revision, rev + 1);
	assert_string_equal(tally_decision(c->s)->text, "Report it now, in writing.");
	assert_true(conduct_decide_own(c)); /* nothing more to drop */
	assert_int_equal(tally_decision(c->s)->revision, rev + 1);
	/* choosing the same text from the list again brings the reference
	 * back, as a revision of its own */
	assert_true(conduct_decide(c, "Report it now, in writing.", 2));
	assert_int_equal(tally_decision(c->s)->pack_option, 2);
	assert_int_equal(tally_decision(c->s)->revision, rev + 2);
	/* a second copy may be adopted; the first is still the one found */
	assert_true(conduct_adopt_option(c, 2, &again));
	assert_int_equal(conduct_adopted(c, 2), adopted);
	assert_true(conduct_delete(c, adopted));
	assert_int_equal(conduct_adopted(c, 2), again);

	/* what another process reads */
	struct session *s = reread(fx, c);
	assert_int_equal(session_entry(s, adopted)->pack_option, 2);
	assert_int_equal(session_entry(s, own)->pack_option, 0);
	assert_int_equal(tally_decision(s)->pack_option, 2);
	session_destroy(s);

	/* adopting on a locked database says why and adds nothing */
	lock(fx);
	assert_false(conduct_adopt_option(c, 1, NULL));
	assert_int_equal(c->err.code, STORE_LOCKED);
	unlock(fx);
	assert_int_equal(conduct_adopted(c, 1), 0);
	conduct_close(c);
}

static void test_options_move_delete_decide(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_SOLO, 1);
	bool moved = true;

	assert_true(conduct_enter_stage(c, NDM_OPTIONS, NULL));
	int64_t a = add_option(c, ENTRY_OPTION, "A");
	int64_t b = add_option(c, ENTRY_OPTION, "B");
	int64_t cc = add_option(c, ENTRY_OPTION, "C");
	add_option(c, ENTRY_CONTINGENCY, "if not");
	texts_in_order(c->s, ENTRY_OPTION, "A,B,C");
	assert_true(conduct_move(c, cc, -1, &moved));
	assert_true(moved);
	texts_in_order(c->s, ENTRY_OPTION, "A,C,B");
	assert_true(conduct_move(c, a, -1, &moved)); /* first already */
	assert_false(moved);
	assert_true(conduct_move(c, b, 1, &moved)); /* last already */
	assert_false(moved);
	/* a pending edit's text is what the decision is chosen from; a new
	 * option never saved is offered too */
	struct draft_key kb = {NDM_OPTIONS, ENTRY_OPTION, NULL, b, c->speaker};
	drafts_keep(&c->drafts, &kb, xstrdup("B, as edited"), 0);
	struct draft_key fresh = conduct_key(c, NDM_OPTIONS, ENTRY_OPTION, NULL,
					     drafts_new_id(&c->drafts));
	drafts_keep(&c->drafts, &fresh, xstrdup("D, not saved yet"), 99);
	struct conduct_choice *choices = NULL;
	size_t n = conduct_decision_choices(c, &choices);
	assert_int_equal(n, 4);
	assert_string_equal(choices[0].text, "A");
	assert_string_equal(choices[1].text, "C");
	assert_string_equal(choices[2].text, "B, as edited");
	assert_string_equal(choices[3].text, "D, not saved yet");
	for (size_t i = 0; i < n; i++)
		assert_int_equal(choices[i].pack_option, 0);
	conduct_choices_free(choices, n);
	assert_true(drafts_flush(&c->drafts));
	assert_true(conduct_delete(c, a));
	texts_in_order(c->s, ENTRY_OPTION, "C,B, as edited,D, not saved yet");
	assert_true(conduct_next_position(c, ENTRY_OPTION) > 99);
	assert_true(conduct_decide(c, "C", 0));

	/* what another process reads: the order, the deletion kept as a
	 * revision, the decision */
	struct session *s = reread(fx, c);
	texts_in_order(s, ENTRY_OPTION, "C,B, as edited,D, not saved yet");
	texts_in_order(s, ENTRY_CONTINGENCY, "if not");
	assert_true(session_entry(s, a)->deleted);
	assert_string_equal(session_entry(s, a)->text, "A");
	assert_string_equal(tally_decision(s)->text, "C");
	session_destroy(s);

	/* a move that cannot be saved says why and changes nothing */
	lock(fx);
	assert_false(conduct_move(c, b, -1, &moved));
	assert_int_equal(c->err.code, STORE_LOCKED);
	assert_false(conduct_delete(c, cc));
	unlock(fx);
	conduct_close(c);
}

static void test_participants_and_votes(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_PANEL, 2);
	int64_t third = 0, fourth = 0;

	assert_true(conduct_enter_stage(c, NDM_OPTIONS, NULL));
	int64_t opt = add_option(c, ENTRY_OPTION, "Release the image");
	assert_true(conduct_add_participant(c, "Ní Bhriain", "adviser", &third));
	assert_int_equal(c->s->nparticipants, 3);
	assert_true(conduct_set_speaker(c, third));
	assert_int_equal(c->speaker, third);
	assert_false(conduct_set_speaker(c, 42));
	assert_true(conduct_add_participant(c, "Jones", "member", &fourth));
	assert_true(conduct_open_ballot(c, BALLOT_SECRET, false, NULL));
	struct ballot_mark yes = {opt, 1}, no = {opt, -1}, pass = {opt, 0};
	assert_true(conduct_cast(c, 1, &yes, 1));
	assert_true(conduct_cast(c, fourth, &no, 1));
	assert_true(conduct_cast(c, fourth, &pass, 1)); /* a later ballot counts */
	assert_false(conduct_cast(c, 42, &yes, 1));     /* nobody */
	assert_false(conduct_cast(c, third, &yes, 1));  /* an adviser does not vote */
	assert_true(conduct_reveal(c));
	struct session *s = reread(fx, c);
	size_t counts[TALLY_VOTE_KINDS];
	assert_true(tally_votes(s, opt, counts));
	assert_int_equal(counts[TALLY_FOR], 1);
	assert_int_equal(counts[TALLY_AGAINST], 0);
	assert_int_equal(counts[TALLY_ABSTAIN], 1);
	assert_int_equal(count_events(s, EVENT_VOTE_REVEALED), 1);
	assert_string_equal(session_participant(s, third)->role, "adviser");
	session_destroy(s);
	conduct_close(c);
}

static void test_spec_checks(void **state)
{
	struct fixture *fx = *state;
	struct participant_spec two[] = {{"Ada", "chair"}, {"Osei", "member"}};
	struct session_spec spec = {
		.pack = fx->pack, .scenario = &fx->pack->scenarios[0], .label = "x",
		.mode = SESSION_PANEL, .participants = two, .nparticipants = 2,
	};
	struct store_error err = {0};

	assert_true(conduct_check_spec(&spec, &err));
	spec.nparticipants = 1;
	assert_false(conduct_check_spec(&spec, &err));
	assert_string_equal(err.message, "a panel needs at least two participants (it has 1)");
	spec.nparticipants = 2;
	two[1].role = "boss";
	assert_false(conduct_check_spec(&spec, &err));
	assert_non_null(strstr(err.message, "'boss' is not a role"));
	two[1] = (struct participant_spec){"Ada", "chair"};
	assert_false(conduct_check_spec(&spec, &err));
	assert_non_null(strstr(err.message, "'Ada' is given twice as chair"));
	two[1].role = "member"; /* the same name with another role is fine */
	assert_true(conduct_check_spec(&spec, &err));
	two[1].name = "";
	assert_false(conduct_check_spec(&spec, &err));
	two[1].name = "O\xe2\x80\xaeiesO"; /* a right-to-left override */
	assert_false(conduct_check_spec(&spec, &err));
	assert_non_null(strstr(err.message, "invisible"));
	two[1].name = "Ní Bhriain";
	spec.timebox = 241;
	assert_false(conduct_check_spec(&spec, &err));
	spec.timebox = 240;
	assert_true(conduct_check_spec(&spec, &err));
	/* nothing is created from a spec that fails */
	spec.nparticipants = 1;
	assert_null(conduct_start(fx->st, &spec, fake_now, &err));
	struct session_summary *list = NULL;
	size_t n = 9;
	assert_true(store_session_list(fx->st, NULL, &list, &n, &err));
	assert_int_equal(n, 0);
	session_summaries_free(list, n);
}

static const struct tally_ballot_option *opt_of(const struct tally_ballot *b, int64_t id)
{
	for (size_t i = 0; i < b->noptions; i++)
		if (b->options[i].option == id)
			return &b->options[i];
	return NULL;
}

static void test_ballots(void **state)
{
	struct fixture *fx = *state;
	struct participant_spec four[] = {
		{"Ada", "chair"}, {"Osei", "member"}, {"Jones", "member"}, {"Lee", "observer"},
	};
	struct session_spec spec = {
		.pack = fx->pack, .scenario = &fx->pack->scenarios[0], .label = "ballots",
		.mode = SESSION_PANEL, .participants = four, .nparticipants = 4,
	};
	struct store_error err = {0};
	struct conduct *c = conduct_start(fx->st, &spec, fake_now, &err);
	struct tally_ballot *b = NULL;
	int64_t n1 = 0, n2 = 0;

	assert_non_null(c);
	assert_true(conduct_enter_stage(c, NDM_OPTIONS, NULL));
	int64_t a = add_option(c, ENTRY_OPTION, "A");
	int64_t bo = add_option(c, ENTRY_OPTION, "B");
	int64_t k = add_option(c, ENTRY_CONTINGENCY, "if not");
	assert_false(conduct_reveal(c)); /* nothing open */
	assert_true(conduct_open_ballot(c, BALLOT_SECRET, false, &n1));
	assert_int_equal(n1, 1);
	assert_false(conduct_open_ballot(c, BALLOT_HANDS, false, NULL)); /* one at a time */
	struct ballot_mark ada[] = {{a, 1}, {bo, -1}};
	struct ballot_mark osei[] = {{a, -1}, {bo, 1}};
	struct ballot_mark osei_again[] = {{a, 1}, {bo, 0}};
	assert_true(conduct_cast(c, 1, ada, 2));
	assert_true(conduct_cast(c, 2, osei, 2));
	assert_true(conduct_cast(c, 2, osei_again, 2)); /* a member votes again */
	assert_false(conduct_cast(c, 4, ada, 2));       /* an observer does not vote */
	assert_int_equal(tally_open_ballot(c->s), 1);
	size_t nb = tally_ballots(c->s, &b);
	assert_int_equal(nb, 1);
	assert_int_equal(b[0].eligible, 3);
	assert_int_equal(b[0].voters, 2);
	assert_null(b[0].revealed_at);
	assert_int_equal(b[0].noptions, 2); /* the contingency is not on it */
	assert_int_equal(opt_of(&b[0], a)->counts[TALLY_FOR], 2);
	assert_int_equal(opt_of(&b[0], bo)->counts[TALLY_AGAINST], 1);
	assert_int_equal(opt_of(&b[0], bo)->counts[TALLY_ABSTAIN], 1);
	assert_int_equal(b[0].majority, a);
	tally_ballots_free(b, nb);
	assert_true(conduct_reveal(c));
	assert_int_equal(tally_open_ballot(c->s), 0);
	assert_false(conduct_cast(c, 3, ada, 2)); /* revealed: closed */

	/* a second round, a show of hands with the contingency */
	assert_true(conduct_open_ballot(c, BALLOT_HANDS, true, &n2));
	assert_int_equal(n2, 2);
	assert_true(conduct_hands(c, a, 1, 2, 0));
	assert_true(conduct_hands(c, bo, 2, 1, 0));
	assert_true(conduct_hands(c, bo, 2, 0, 1)); /* typed again: replaces */
	assert_true(conduct_hands(c, k, 3, 0, 0));
	assert_true(conduct_reveal(c));
	struct session *s = reread(fx, c);
	nb = tally_ballots(s, &b);
	assert_int_equal(nb, 2);
	assert_non_null(b[0].revealed_at);
	assert_int_equal(b[1].kind, BALLOT_HANDS);
	assert_true(b[1].contingencies);
	assert_int_equal(b[1].noptions, 3);
	assert_int_equal(opt_of(&b[1], bo)->counts[TALLY_FOR], 2);
	assert_int_equal(opt_of(&b[1], bo)->counts[TALLY_AGAINST], 0);
	assert_int_equal(opt_of(&b[1], bo)->counts[TALLY_ABSTAIN], 1);
	assert_int_equal(b[1].majority, k);
	assert_int_equal(b[1].voters, 3);
	/* the first round is kept as it was */
	assert_int_equal(opt_of(&b[0], a)->counts[TALLY_FOR], 2);
	tally_ballots_free(b, nb);
	session_destroy(s);
	conduct_close(c);
}

static void test_clock(void **state)
{
	struct fixture *fx = *state;
	struct participant_spec two[] = {{"Ada", "chair"}, {"Osei", "member"}};
	struct session_spec spec = {
		.pack = fx->pack, .scenario = &fx->pack->scenarios[0], .label = "clock",
		.mode = SESSION_PANEL, .participants = two, .nparticipants = 2, .timebox = 5,
	};
	struct store_error err = {0};
	struct tally_clock k;

	setenv("DILEMMA_NOW", "2026-05-01T10:00:00Z", 1);
	struct conduct *c = conduct_start(fx->st, &spec, fake_now, &err);
	assert_non_null(c);
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, NULL));
	tally_stage_clock(c->s, NDM_ASSESSMENT, "2026-05-01T10:02:00Z", &k);
	assert_int_equal(k.budget, 300);
	assert_int_equal(k.used, 120);
	assert_int_equal(k.left, 180);
	assert_true(k.running);
	setenv("DILEMMA_NOW", "2026-05-01T10:03:00Z", 1);
	assert_true(conduct_pause_clock(c));
	assert_true(conduct_pause_clock(c)); /* paused already: nothing more */
	tally_stage_clock(c->s, NDM_ASSESSMENT, "2026-05-01T10:10:00Z", &k);
	assert_int_equal(k.used, 180); /* the pause does not count */
	assert_true(k.paused);
	assert_false(k.running);
	setenv("DILEMMA_NOW", "2026-05-01T10:10:00Z", 1);
	assert_true(conduct_resume_clock(c));
	assert_true(conduct_add_time(c, 120));
	assert_false(conduct_add_time(c, 0));
	tally_stage_clock(c->s, NDM_ASSESSMENT, "2026-05-01T10:16:00Z", &k);
	assert_int_equal(k.budget, 420);
	assert_int_equal(k.used, 540);
	assert_int_equal(k.left, -120); /* two minutes over */
	/* another stage has its own clock; the added time stays where it was */
	setenv("DILEMMA_NOW", "2026-05-01T10:16:00Z", 1);
	assert_true(conduct_enter_stage(c, NDM_POWERS, NULL));
	tally_stage_clock(c->s, NDM_POWERS, "2026-05-01T10:17:00Z", &k);
	assert_int_equal(k.budget, 300);
	assert_int_equal(k.used, 60);
	tally_stage_clock(c->s, NDM_ASSESSMENT, "2026-05-01T10:17:00Z", &k);
	assert_int_equal(k.used, 540);
	assert_false(k.running);
	unsetenv("DILEMMA_NOW");
	conduct_close(c);
}

static void test_release_next_inject(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_PANEL, 2);
	size_t i = 99;

	assert_true(conduct_enter_stage(c, NDM_POWERS, NULL));
	/* none at powers: the earliest stage with one held, in order */
	assert_true(conduct_release_next_inject(c, &i));
	assert_int_equal(i, 0);
	assert_true(conduct_release_next_inject(c, &i));
	assert_int_equal(i, 2);
	assert_true(conduct_enter_stage(c, NDM_OPTIONS, NULL));
	assert_true(conduct_release_next_inject(c, &i));
	assert_int_equal(i, 1);
	assert_false(conduct_release_next_inject(c, &i));
	assert_int_equal(c->err.code, STORE_NOT_FOUND);
	conduct_close(c);
}

/* Rows of the session's in the store: revisions, events, votes and
 * participants (presence is not the session's). */
static long stored_rows(struct fixture *fx, const char *id)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM revisions WHERE"
					    " session_id = ?1) + (SELECT count(*) FROM events WHERE"
					    " session_id = ?1) + (SELECT count(*) FROM votes WHERE"
					    " session_id = ?1) + (SELECT count(*) FROM participants"
					    " WHERE session_id = ?1)", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void refused_finished(const struct conduct *c, bool ok)
{
	assert_false(ok);
	assert_int_equal(c->err.code, STORE_INVALID);
	assert_string_equal(c->err.message, "the session is finished: reopen it to change it");
}

/* Every call that would change a finished session is refused and stores
 * nothing; set_speaker, which stores nothing, is allowed. */
static void every_change_refused(struct conduct *c, int64_t option)
{
	struct ballot_mark yes = {option, 1};
	int64_t id = 0;
	size_t i = 0;
	bool moved = true;

	refused_finished(c, conduct_adopt_option(c, 1, &id));
	refused_finished(c, conduct_delete(c, option));
	refused_finished(c, conduct_move(c, option, 1, &moved));
	assert_false(moved);
	refused_finished(c, conduct_set_owner(c, option, "Sergeant"));
	refused_finished(c, conduct_add_participant(c, "Late", "member", NULL));
	refused_finished(c, conduct_release_inject(c, 1));
	refused_finished(c, conduct_release_next_inject(c, &i));
	refused_finished(c, conduct_open_ballot(c, BALLOT_SECRET, false, NULL));
	refused_finished(c, conduct_cast(c, c->speaker, &yes, 1));
	refused_finished(c, conduct_hands(c, option, 1, 0, 0));
	refused_finished(c, conduct_reveal(c));
	refused_finished(c, conduct_pause_clock(c));
	refused_finished(c, conduct_resume_clock(c));
	refused_finished(c, conduct_add_time(c, 60));
	refused_finished(c, conduct_decide_own(c));
	assert_true(conduct_set_speaker(c, c->speaker));
}

/* A finished session is looked at, not worked on: moving between its
 * stages records nothing and releases no inject (so its times are what
 * they were), every change is refused, what was typed is kept; reopening
 * makes it writable, and finishing again finishes it again. */
static void test_finished_is_read_only(void **state)
{
	struct fixture *fx = *state;
	size_t released = 99;

	setenv("DILEMMA_NOW", "2026-06-01T10:00:00Z", 1);
	struct conduct *c = start(fx, SESSION_SOLO, 1);
	assert_false(conduct_read_only(c));
	assert_true(conduct_enter_stage(c, NDM_INFORMATION, NULL));
	setenv("DILEMMA_NOW", "2026-06-01T10:01:00Z", 1);
	assert_true(conduct_enter_stage(c, NDM_ASSESSMENT, NULL)); /* injects 1 and 3 */
	int64_t opt = add_option(c, ENTRY_OPTION, "Ask the sergeant");
	assert_true(conduct_decide(c, "Ask the sergeant", 0));
	setenv("DILEMMA_NOW", "2026-06-01T10:03:00Z", 1);
	assert_true(conduct_finish(c));
	assert_true(conduct_read_only(c));

	struct session *s = reread(fx, c);
	long rows = stored_rows(fx, c->s->id), total = tally_total_seconds(s), secs[NDM_STAGE_COUNT];
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		secs[st] = tally_stage_seconds(s, (enum ndm_stage)st, NULL);
	assert_int_equal(total, 180);
	assert_int_equal(secs[NDM_ASSESSMENT], 120);
	session_destroy(s);

	/* looking at it for half an hour: the stage moves, nothing else */
	setenv("DILEMMA_NOW", "2026-06-01T10:10:00Z", 1);
	assert_true(conduct_enter_stage(c, NDM_OPTIONS, &released));
	assert_int_equal(c->stage, NDM_OPTIONS);
	assert_true(c->in_stage);
	assert_int_equal(released, 0); /* the options' inject stays held */
	assert_false(conduct_inject_fresh(c, 1));
	assert_false(tally_inject_released(c->s, 1));
	setenv("DILEMMA_NOW", "2026-06-01T10:20:00Z", 1);
	assert_true(conduct_enter_stage(c, NDM_ACTION, NULL));
	every_change_refused(c, opt);
	/* a text typed meanwhile is refused and kept, as after any failed save */
	struct draft_key note = conduct_key(c, NDM_ACTION, ENTRY_NOTE, NULL, 0);
	assert_false(drafts_save(&c->drafts, &note, "typed while finished", 0, NULL));
	assert_int_equal(c->drafts.err.code, STORE_INVALID);
	assert_true(drafts_failed(&c->drafts));
	drafts_keep(&c->drafts, &note, xstrdup("typed while finished"), 0);
	refused_finished(c, conduct_decide(c, "Report it now", 0));
	refused_finished(c, conduct_decide(c, "Ask the sergeant", 0)); /* the same: still no */
	assert_int_equal(drafts_unsaved(&c->drafts), 2);
	struct draft_key decision = conduct_key(c, NDM_ACTION, ENTRY_DECISION, NULL, 0);
	assert_string_equal(drafts_text(&c->drafts, &decision), "Report it now");
	clock_ms += DRAFTS_RETRY_MS;
	assert_false(drafts_flush(&c->drafts));
	assert_int_equal(drafts_unsaved(&c->drafts), 2);
	struct buf b = {0};
	assert_int_equal(conduct_unsaved_text(c, &b), 2);
	assert_non_null(strstr(b.data, "typed while finished"));
	assert_non_null(strstr(b.data, "Report it now"));
	buf_finish(&b);
	/* finishing it again does nothing */
	assert_true(conduct_finish(c));
	setenv("DILEMMA_NOW", "2026-06-01T10:30:00Z", 1);
	assert_true(conduct_enter_stage(c, NDM_INFORMATION, NULL));

	s = reread(fx, c);
	assert_int_equal(stored_rows(fx, c->s->id), rows);
	assert_int_equal(s->status, SESSION_FINISHED);
	assert_int_equal(tally_total_seconds(s), total);
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		assert_int_equal(tally_stage_seconds(s, (enum ndm_stage)st, NULL), secs[st]);
	assert_string_equal(tally_decision(s)->text, "Ask the sergeant");
	session_destroy(s);

	/* reopened, at the stage being looked at: its time counts from now,
	 * and what was kept is saved */
	setenv("DILEMMA_NOW", "2026-06-01T10:40:00Z", 1);
	assert_true(conduct_reopen(c));
	assert_false(conduct_read_only(c));
	assert_int_equal(c->stage, NDM_INFORMATION);
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(drafts_flush(&c->drafts));
	assert_int_equal(drafts_unsaved(&c->drafts), 0);
	setenv("DILEMMA_NOW", "2026-06-01T10:45:00Z", 1);
	assert_true(conduct_add_time(c, 60)); /* writable again */
	assert_true(conduct_enter_stage(c, NDM_OPTIONS, &released));
	assert_int_equal(released, 1);
	setenv("DILEMMA_NOW", "2026-06-01T10:46:00Z", 1);
	assert_true(conduct_finish(c));
	assert_true(conduct_read_only(c));
	s = reread(fx, c);
	assert_string_equal(tally_decision(s)->text, "Report it now");
	assert_int_equal(tally_stage_seconds(s, NDM_INFORMATION, NULL),
			 secs[NDM_INFORMATION] + 300);
	assert_int_equal(tally_stage_seconds(s, NDM_OPTIONS, NULL), secs[NDM_OPTIONS] + 60);
	assert_int_equal(tally_stage_seconds(s, NDM_ACTION, NULL), secs[NDM_ACTION]);
	assert_int_equal(count_events(s, EVENT_SESSION_FINISHED), 2);
	char first[SESSION_TIME_LEN], last[SESSION_TIME_LEN];
	assert_int_equal(tally_finishes(s, first, last), 2);
	assert_string_equal(first, "2026-06-01T10:03:00Z");
	assert_string_equal(last, "2026-06-01T10:46:00Z");
	assert_string_equal(s->finished_at, last);
	session_destroy(s);
	/* closing a finished session leaves no stage either */
	char id[SESSION_ID_LEN];
	memcpy(id, c->s->id, sizeof(id));
	rows = stored_rows(fx, id);
	conduct_close(c);
	assert_int_equal(stored_rows(fx, id), rows);
	unsetenv("DILEMMA_NOW");
}

/* This process's session never becomes finished with a text pending:
 * finishing saves every draft first and does not finish while one cannot
 * be saved, so nothing typed is left behind in a session that would then
 * refuse it. */
static void test_finish_never_strands_a_draft(void **state)
{
	struct fixture *fx = *state;
	struct conduct *c = start(fx, SESSION_SOLO, 1);
	struct draft_key k = conduct_key(c, NDM_ACTION, ENTRY_RATIONALE, NULL, 0);

	assert_true(conduct_enter_stage(c, NDM_ACTION, NULL));
	lock(fx);
	assert_false(drafts_save(&c->drafts, &k, "because it is right", 0, NULL));
	drafts_keep(&c->drafts, &k, xstrdup("because it is right"), 0);
	for (int i = 0; i < 2; i++) {
		clock_ms += DRAFTS_RETRY_MS * i;
		assert_false(conduct_finish(c)); /* too soon to retry, then locked */
		assert_false(conduct_read_only(c));
		assert_int_equal(c->s->status, SESSION_OPEN);
		assert_int_equal(drafts_unsaved(&c->drafts), 1);
	}
	unlock(fx);
	clock_ms += DRAFTS_RETRY_MS;
	assert_true(conduct_finish(c));
	assert_true(conduct_read_only(c));
	assert_int_equal(drafts_unsaved(&c->drafts), 0);
	assert_false(drafts_failed(&c->drafts));
	struct session *s = reread(fx, c);
	assert_int_equal(s->status, SESSION_FINISHED);
	assert_string_equal(session_entry_find(s, NDM_ACTION, ENTRY_RATIONALE, NULL,
					       k.participant)->text, "because it is right");
	session_destroy(s);
	conduct_close(c);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stages_and_injects_solo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_panel_holds_injects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_keep_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pack_options_adopted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_move_delete_decide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_participants_and_votes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spec_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ballots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_next_inject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finished_is_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_never_strands_a_draft, setup, teardown),
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
