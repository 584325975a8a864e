/*
 * trainer_fixtures.h - a database of varied sessions for the tests of the
 * readers of many sessions (the scan, stats, merge): two packs (one with
 * its own principles, one on a built-in framework), solo sessions and
 * panels, blank and white-space texts, stances without text, deleted and
 * revised entries, options taken from the pack, decisions by two people,
 * ballots revealed and not, stages entered and left, sessions finished,
 * reopened, finished again and open, and an imported one. Deterministic: a fixed seed and
 * a clock set through DILEMMA_NOW. Include it once, after cmocka.h and
 * scratch.h.
 */
#ifndef DILEMMA_TEST_TRAINER_FIXTURES_H
#define DILEMMA_TEST_TRAINER_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/import.h"
#include "dilemma/pack.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

static const char own_pack_yaml[] =
	"pack: own\ntitle: Own principles\nversion: 2\n"
	"principles:\n"
	"  - {id: alpha, name: Alpha, summary: The first.}\n"
	"  - {id: beta, name: Beta, summary: The second.}\n"
	"  - {id: gamma, name: Gamma, summary: The third.}\n"
	"scenarios:\n"
	"  - id: first\n    title: First\n    situation: S\n    question: Q?\n"
	"    options: [Opt one, Opt two, Opt three]\n"
	"  - id: second\n    title: Second\n    situation: S\n    question: Q?\n"
	"    options: [Only option]\n";
static const char coe_pack_yaml[] =
	"pack: coe\ntitle: Built-in framework\nversion: 1\nframework: coe-2014\n"
	"scenarios:\n"
	"  - id: third\n    title: Third\n    situation: S\n    question: Q?\n"
	"    options: [Tell, Do not tell]\n";

static const char *const fixture_texts[] = {
	"", " ", "\t\n", "\v\f\r", "words", " padded ", "=formula", "\xC2\xA0",
};

struct fixture {
	struct store *st;
	char *path;
	struct pack *packs[2];
	size_t nsessions;
	char ids[64][SESSION_ID_LEN];
};

static unsigned fixture_rand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void fixture_clock(unsigned *minute)
{
	char when[32];

	(*minute)++;
	snprintf(when, sizeof(when), "2026-03-%02uT%02u:%02u:00Z", 1 + *minute / 1440,
		 (*minute / 60) % 24, *minute % 60);
	setenv("DILEMMA_NOW", when, 1);
}

#define FIX_OK(call) \
	do { \
		if (!(call)) \
			fail_msg("%s: %s", #call, err.message); \
	} while (0)

/* One session of the fixture, its shape drawn from @seed. */
static void fixture_session(struct fixture *fx, unsigned *seed, unsigned *minute, size_t k)
{
	static const struct participant_spec panel[] = {
		{"Ada", "chair"}, {"Ben", "member"}, {"Cy", "member"}, {"Di", "observer"},
	};
	static const char *const cohorts[] = {"Intake 1", "Intake 2", ""};
	struct store_error err = {0};
	int p = (int)(fixture_rand(seed) % 2);
	struct pack *pack = fx->packs[p];
	const struct pack_scenario *sc = &pack->scenarios[fixture_rand(seed) % pack->nscenarios];
	bool is_panel = fixture_rand(seed) % 3 == 0;
	struct session_spec spec = {
		.pack = pack, .scenario = sc, .label = "fixture", .cohort = cohorts[k % 3],
		.mode = is_panel ? SESSION_PANEL : SESSION_SOLO,
		.participants = panel, .nparticipants = is_panel ? 4 : 1,
	};
	const struct framework *fw = &pack->framework;
	struct session *s;
	int64_t options[4] = {0};
	size_t nopt = 0;

	fixture_clock(minute);
	s = store_session_create(fx->st, &spec, &err);
	FIX_OK(s);
	snprintf(fx->ids[fx->nsessions++], SESSION_ID_LEN, "%s", s->id);
	for (int st = 1; st < NDM_STAGE_COUNT; st++) {
		if (fixture_rand(seed) % 5 == 0)
			continue; /* a stage never entered */
		fixture_clock(minute);
		FIX_OK(store_event_record(fx->st, s, EVENT_STAGE_ENTERED, (enum ndm_stage)st, NULL,
					  &err));
		for (size_t i = 0; i < fw->count; i++) {
			if (fixture_rand(seed) % 2)
				continue;
			struct entry e = {
				.stage = (enum ndm_stage)st, .kind = ENTRY_PRINCIPLE,
				.principle = (char *)fw->principles[i].id,
				.participant = is_panel ? 1 + fixture_rand(seed) % 3 : 0,
				.stance = (enum stance)(fixture_rand(seed) % STANCE_COUNT),
				.text = (char *)fixture_texts[fixture_rand(seed) % ALEN(fixture_texts)],
			};
			int64_t id;
			fixture_clock(minute);
			FIX_OK(store_entry_save(fx->st, s, &e, &id, &err));
			if (fixture_rand(seed) % 4 == 0) { /* revised, or deleted */
				struct entry r = *session_entry(s, id);
				if (fixture_rand(seed) % 2)
					r.deleted = true;
				else
					r.text = (char *)fixture_texts[fixture_rand(seed) %
								       ALEN(fixture_texts)];
				fixture_clock(minute);
				FIX_OK(store_entry_save(fx->st, s, &r, NULL, &err));
			}
		}
		struct entry note = {.stage = (enum ndm_stage)st, .kind = ENTRY_NOTE,
				     .text = (char *)fixture_texts[fixture_rand(seed) %
								   ALEN(fixture_texts)]};
		FIX_OK(store_entry_save(fx->st, s, &note, NULL, &err));
		if (st == NDM_OPTIONS) {
			for (size_t i = 0; i < sc->noptions && nopt < 3; i++) {
				if (fixture_rand(seed) % 3 == 0)
					continue;
				struct entry o = {.stage = NDM_OPTIONS, .kind = ENTRY_OPTION,
						  .text = (char *)sc->options[i],
						  .pack_option = (int64_t)i + 1, .position = (int64_t)nopt};
				FIX_OK(store_entry_save(fx->st, s, &o, &options[nopt++], &err));
			}
			struct entry own = {.stage = NDM_OPTIONS, .kind = ENTRY_OPTION,
					    .text = "our own way", .position = (int64_t)nopt};
			FIX_OK(store_entry_save(fx->st, s, &own, &options[nopt++], &err));
		}
		if (fixture_rand(seed) % 4 == 0) {
			fixture_clock(minute);
			FIX_OK(store_event_record(fx->st, s, EVENT_STAGE_LEFT, (enum ndm_stage)st,
						  NULL, &err));
		}
	}
	if (is_panel && nopt) {
		for (int64_t ballot = 1; ballot <= 1 + (int64_t)(fixture_rand(seed) % 2); ballot++) {
			struct event open = {.kind = EVENT_BALLOT_OPENED, .ballot = ballot};
			FIX_OK(store_event_add(fx->st, s, &open, &err));
			for (int64_t who = 1; who <= 4; who++) {
				if (fixture_rand(seed) % 4 == 0)
					continue;
				struct vote v = {.participant = who,
						 .option = options[fixture_rand(seed) % nopt],
						 .value = (int)(fixture_rand(seed) % 3) - 1,
						 .ballot = ballot, .count = 1};
				fixture_clock(minute);
				FIX_OK(store_vote_record(fx->st, s, &v, &err));
				if (fixture_rand(seed) % 3 == 0) { /* a change of mind */
					v.value = 1;
					FIX_OK(store_vote_record(fx->st, s, &v, &err));
				}
			}
			if (fixture_rand(seed) % 3) {
				struct event reveal = {.kind = EVENT_VOTE_REVEALED, .ballot = ballot};
				FIX_OK(store_event_add(fx->st, s, &reveal, &err));
			}
		}
	}
	for (int d = 0; nopt && d < (is_panel ? 2 : 1); d++) {
		const struct entry *o = session_entry(s, options[fixture_rand(seed) % nopt]);
		struct entry dec = {.stage = NDM_ACTION, .kind = ENTRY_DECISION, .text = o->text,
				    .pack_option = o->pack_option, .participant = is_panel ? d + 1 : 0};
		if (fixture_rand(seed) % 5 == 0)
			dec.text = "  "; /* a decision that does not count */
		fixture_clock(minute);
		FIX_OK(store_entry_save(fx->st, s, &dec, NULL, &err));
	}
	switch (fixture_rand(seed) % 4) {
	case 0:
		break; /* still open */
	case 1:
		fixture_clock(minute);
		FIX_OK(store_session_finish(fx->st, s, &err));
		fixture_clock(minute);
		FIX_OK(store_session_reopen(fx->st, s, &err));
		if (k % 2) {
			/* and finished again: a first and a latest finish */
			*minute += 5;
			fixture_clock(minute);
			FIX_OK(store_session_finish(fx->st, s, &err));
		}
		break;
	default:
		*minute += fixture_rand(seed) % 30;
		fixture_clock(minute);
		FIX_OK(store_session_finish(fx->st, s, &err));
		break;
	}
	session_destroy(s);
}

/* A fixture database @name of @n sessions (at most 60) and one imported
 * session; @seed varies it. */
static void fixture_make(struct fixture *fx, const char *name, size_t n, unsigned seed)
{
	struct diag_list d = {0};
	struct store_error err = {0};
	struct import_result res;
	unsigned minute = 0;
	static const char csv[] =
		"session_id,session_label,cohort,mode,pack_id,pack_version,scenario_id,"
		"scenario_title,framework,participant,stage,principle,stance,kind,entry_id,text,"
		"revision,created_at,updated_at,position,pack_option,owner\n"
		"1a2b3c4d-0000-4000-8000-00000000000e,L,Intake 1,solo,coe,1,third,Third,coe-2014,,assessment,fairness,"
		"upholds,principle,1,,1,2026-02-01T10:00:00Z,2026-02-01T10:00:00Z,0,0,\n"
		"1a2b3c4d-0000-4000-8000-00000000000e,L,Intake 1,solo,coe,1,third,Third,coe-2014,,action,,,decision,2,Tell,1,"
		"2026-02-01T10:00:00Z,2026-02-01T11:30:00Z,0,1,\n";

	memset(fx, 0, sizeof(*fx));
	fx->path = xasprintf("%s/%s", tmpdir, name);
	fx->st = store_open(fx->path, &err);
	FIX_OK(fx->st);
	fx->packs[0] = pack_load_buffer("own.yaml", own_pack_yaml, sizeof(own_pack_yaml) - 1, &d);
	fx->packs[1] = pack_load_buffer("coe.yaml", coe_pack_yaml, sizeof(coe_pack_yaml) - 1, &d);
	assert_non_null(fx->packs[0]);
	assert_non_null(fx->packs[1]);
	diag_list_finish(&d);
	for (size_t k = 0; k < n && k < 60; k++)
		fixture_session(fx, &seed, &minute, k);
	FILE *in = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	FIX_OK(import_csv(fx->st, in, "fixture.csv", false, &res, &err));
	fclose(in);
	snprintf(fx->ids[fx->nsessions++], SESSION_ID_LEN, "1a2b3c4d-0000-4000-8000-00000000000e");
	unsetenv("DILEMMA_NOW");
}

static void fixture_free(struct fixture *fx)
{
	store_close(fx->st);
	pack_destroy(fx->packs[0]);
	pack_destroy(fx->packs[1]);
	free(fx->path);
}

#endif
