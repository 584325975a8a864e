/* Unit tests for stats.c: over a fixture of varied sessions, every figure
 * stats_compute gives is the count of tally's answers for the sessions
 * loaded whole one by one (coverage per principle and stage, stances,
 * decisions per scenario by pack option, times, panels), so `dilemma stats`
 * and a session's own debrief cannot disagree; the sessions listed behind
 * a cell are as many as the cell counts; groups add up to the whole; the
 * nearest-rank median; the most overlooked principles in order; the
 * sessions a debrief compares one with (its peers: the same scenario,
 * finished, its cohort unless it is alone there, never itself), what they
 * chose and considered that it did not. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dilemma/chart.h"
#include "dilemma/stats.h"
#include "dilemma/stats_report.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

#include "scratch.h"
#include "trainer_fixtures.h"

static struct fixture fx;

static int setup(void **state)
{
	if (scratch_setup(state) != 0)
		return -1;
	fixture_make(&fx, "stats.db", 48, 11);
	return 0;
}

static int teardown(void **state)
{
	fixture_free(&fx);
	return scratch_teardown(state);
}

static struct stats *compute(const struct store_filter *f, enum stats_by by)
{
	struct stats_query q = {.by = by};
	struct store_error err = {0};
	struct stats *s;

	if (f)
		q.filter = *f;
	s = stats_compute(fx.st, &q, &err);
	if (!s)
		fail_msg("stats: %s", err.message);
	return s;
}

/* Every session of the fixture, loaded whole. */
static struct session **load_all(size_t *n)
{
	struct session **all = xcalloc(fx.nsessions, sizeof(*all));
	struct store_error err = {0};

	for (size_t i = 0; i < fx.nsessions; i++) {
		all[i] = store_session_load(fx.st, fx.ids[i], &err);
		assert_non_null(all[i]);
	}
	*n = fx.nsessions;
	return all;
}

static void free_all(struct session **all, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_destroy(all[i]);
	free(all);
}

static void test_coverage_and_stances(void **state)
{
	struct stats *st = compute(NULL, STATS_BY_NONE);
	size_t n;
	struct session **all = load_all(&n);

	assert_int_equal(st->sessions, n);
	assert_true(st->nprinciples >= 3 + 9); /* own pack's three, coe-2014's nine */
	for (size_t p = 0; p < st->nprinciples; p++) {
		const struct stats_principle *sp = &st->principles[p];
		size_t sessions = 0, any = 0, considered[NDM_STAGE_COUNT] = {0};
		size_t stances[NDM_STAGE_COUNT][STANCE_COUNT] = {{0}};
		for (size_t i = 0; i < n; i++) {
			const struct framework *fw = tally_framework(all[i]);
			if (!fw || !framework_principle(fw, sp->id))
				continue;
			sessions++;
			any += tally_considered_anywhere(all[i], sp->id);
			for (int stg = 0; stg < NDM_STAGE_COUNT; stg++) {
				struct tally_cell c;
				considered[stg] += tally_cell(all[i], (enum ndm_stage)stg, sp->id, &c);
				for (int k = 0; k < STANCE_COUNT; k++)
					stances[stg][k] += c.stances[k];
			}
		}
		assert_int_equal(sp->sessions, sessions);
		assert_int_equal(sp->anywhere, any);
		assert_memory_equal(sp->considered, considered, sizeof(considered));
		assert_memory_equal(sp->stances, stances, sizeof(stances));
	}
	/* the coverage of the whole is the sum of the sessions' */
	size_t slots = 0, reasoned = 0;
	for (size_t i = 0; i < n; i++) {
		if (!tally_framework(all[i]))
			continue;
		slots += tally_principles_total(all[i]);
		reasoned += tally_principles_considered(all[i]);
	}
	assert_int_equal(st->principle_slots, slots);
	assert_int_equal(st->principles_considered, reasoned);
	free_all(all, n);
	stats_destroy(st);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static void test_decisions_times_panels(void **state)
{
	struct stats *st = compute(NULL, STATS_BY_NONE);
	size_t n, finished = 0, nt = 0, undecided = 0, own = 0, pack = 0;
	struct session **all = load_all(&n);
	long *totals = xcalloc(n, sizeof(*totals));
	struct stats_panels pn = {0};

	for (size_t i = 0; i < n; i++) {
		const struct session *s = all[i];
		const struct entry *d = tally_decision(s);
		undecided += !d;
		own += d && d->pack_option == 0;
		pack += d && d->pack_option > 0;
		if (s->status == SESSION_FINISHED) {
			finished++;
			totals[nt++] = tally_total_seconds(s);
		}
		/* the scenario's part counts this session's choice */
		const struct stats *part = NULL;
		for (size_t k = 0; k < st->nscenarios; k++)
			if (strcmp(st->scenarios[k].scenario_id, s->scenario_id) == 0 &&
			    strcmp(st->scenarios[k].pack_id, s->pack_id) == 0)
				part = &st->scenarios[k];
		assert_non_null(part);
		const struct stats_choice *c = stats_choice_of(part, s);
		assert_non_null(c);
		assert_int_equal(c->pack_option, !d ? STATS_NO_DECISION : d->pack_option);
		if (c->pack_option > 0 && s->scenario)
			assert_string_equal(c->text, s->scenario->options[c->pack_option - 1]);
		if (s->mode == SESSION_PANEL) {
			struct tally_ballot *b;
			size_t nb = tally_ballots(s, &b);
			const struct tally_ballot *last = NULL;
			pn.sessions++;
			for (size_t k = 0; k < nb; k++) {
				pn.ballots++;
				pn.revealed += b[k].revealed;
				pn.voters += b[k].voters;
				pn.eligible += b[k].eligible;
				if (b[k].revealed && b[k].majority)
					last = &b[k];
			}
			if (last && d) {
				pn.compared++;
				pn.matched += tally_matches_decision(s, last->majority);
			}
			tally_ballots_free(b, nb);
		}
	}
	assert_int_equal(st->finished, finished);
	assert_int_equal(st->undecided, undecided);
	assert_int_equal(st->decided_own, own);
	assert_int_equal(st->decided_pack, pack);
	assert_memory_equal(&st->panels, &pn, sizeof(pn));
	assert_true(pn.ballots > 0 && pn.compared > 0); /* the fixture has them */
	qsort(totals, nt, sizeof(*totals), cmp_long);
	assert_int_equal(st->total.n, nt);
	assert_int_equal(st->total.median, totals[(nt + 1) / 2 - 1]);
	assert_int_equal(st->total.p90, totals[(nt * 90 + 99) / 100 - 1]);
	/* the scenarios add up to the whole, and each one's choices to it */
	size_t sum = 0;
	for (size_t k = 0; k < st->nscenarios; k++) {
		size_t chosen = 0;
		sum += st->scenarios[k].sessions;
		for (size_t c = 0; c < st->scenarios[k].nchoices; c++) {
			chosen += st->scenarios[k].choices[c].sessions;
			if (c)
				assert_true(st->scenarios[k].choices[c - 1].pack_option > 0 ||
					    st->scenarios[k].choices[c].pack_option <= 0);
		}
		assert_int_equal(chosen, st->scenarios[k].sessions);
	}
	assert_int_equal(sum, st->sessions);
	free(totals);
	free_all(all, n);
	stats_destroy(st);
}

/* Groups by cohort add up to the whole; a filter gives what its group gave. */
static void test_groups_and_filters(void **state)
{
	struct stats *st = compute(NULL, STATS_BY_COHORT);
	size_t sum = 0;

	assert_int_equal(st->ngroups, 3); /* "", "Intake 1", "Intake 2" */
	for (size_t g = 0; g < st->ngroups; g++) {
		struct store_filter f = {.cohort = st->groups[g].cohort};
		sum += st->groups[g].sessions;
		if (!f.cohort[0])
			continue;
		struct stats *one = compute(&f, STATS_BY_NONE);
		assert_int_equal(one->sessions, st->groups[g].sessions);
		assert_int_equal(one->finished, st->groups[g].finished);
		assert_int_equal(one->principles_considered, st->groups[g].principles_considered);
		assert_memory_equal(&one->total, &st->groups[g].total, sizeof(one->total));
		stats_destroy(one);
	}
	assert_int_equal(sum, st->sessions);
	stats_destroy(st);
	/* nothing selected: zeros */
	struct stats *none = compute(&(struct store_filter){.cohort = "nobody"}, STATS_BY_PACK);
	assert_int_equal(none->sessions, 0);
	assert_int_equal(none->ngroups, 0);
	assert_int_equal(none->total.median, 0);
	stats_destroy(none);
	/* a participant's sessions: Ben sits on every panel, and only there */
	struct stats *ada = compute(&(struct store_filter){.participant = "Ben"}, STATS_BY_NONE);
	struct stats *all = compute(NULL, STATS_BY_NONE);
	assert_int_equal(ada->sessions, all->panels.sessions);
	stats_destroy(ada);
	stats_destroy(all);
}

/* The sessions behind a cell are as many as the cell counts. */
static void test_cells(void **state)
{
	struct stats *st = compute(NULL, STATS_BY_NONE);
	struct stats_query q = {0};
	struct store_error err = {0};
	char **ids;
	size_t n;

	for (size_t p = 0; p < st->nprinciples; p++) {
		const struct stats_principle *sp = &st->principles[p];
		for (int stg = -1; stg < NDM_STAGE_COUNT; stg++) {
			struct stats_cell c = {.kind = STATS_CELL_CONSIDERED, .principle = sp->id,
					       .stage = stg};
			assert_true(stats_sessions(fx.st, &q, &c, &ids, &n, &err));
			assert_int_equal(n, stg < 0 ? sp->anywhere : sp->considered[stg]);
			for (size_t i = 0; i < n; i++)
				free(ids[i]);
			free(ids);
			c.kind = STATS_CELL_OVERLOOKED;
			assert_true(stats_sessions(fx.st, &q, &c, &ids, &n, &err));
			assert_int_equal(n, sp->sessions - (stg < 0 ? sp->anywhere : sp->considered[stg]));
			for (size_t i = 0; i < n; i++)
				free(ids[i]);
			free(ids);
		}
	}
	const struct stats *sc = &st->scenarios[0];
	for (size_t c = 0; c < sc->nchoices; c++) {
		struct stats_cell cell = {.kind = STATS_CELL_CHOICE, .pack_id = sc->pack_id,
					  .scenario_id = sc->scenario_id,
					  .pack_option = sc->choices[c].pack_option};
		assert_true(stats_sessions(fx.st, &q, &cell, &ids, &n, &err));
		assert_int_equal(n, sc->choices[c].sessions);
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
	}
	struct stats_cell timed = {.kind = STATS_CELL_STAGE_TIME, .stage = -1};
	assert_true(stats_sessions(fx.st, &q, &timed, &ids, &n, &err));
	assert_int_equal(n, st->total.n);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	stats_destroy(st);
}

static void free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* The list behind a cell is stats_sessions' list, with each session's
 * own label, cohort, status, scenario and times. */
static void test_session_list(void **state)
{
	struct stats *st = compute(NULL, STATS_BY_NONE);
	struct stats_query q = {0};
	struct store_error err = {0};
	const struct stats_principle *sp = &st->principles[0];
	struct stats_cell cells[] = {
		{.kind = STATS_CELL_CONSIDERED, .principle = sp->id, .stage = NDM_ASSESSMENT},
		{.kind = STATS_CELL_OVERLOOKED, .principle = sp->id, .stage = -1},
		{.kind = STATS_CELL_STANCE, .principle = sp->id, .stage = -1,
		 .stance = STANCE_TENSION},
		{.kind = STATS_CELL_STAGE_TIME, .stage = -1},
	};
	size_t total = 0;

	for (size_t c = 0; c < ALEN(cells); c++) {
		char **ids;
		size_t n, m;
		struct session_summary *list;
		assert_true(stats_sessions(fx.st, &q, &cells[c], &ids, &n, &err));
		assert_true(stats_session_list(fx.st, &q, &cells[c], &list, &m, &err));
		assert_int_equal(m, n);
		total += n;
		for (size_t i = 0; i < n; i++) {
			struct session *s = store_session_load(fx.st, ids[i], &err);
			assert_non_null(s);
			assert_string_equal(list[i].id, ids[i]);
			assert_string_equal(list[i].label, s->label);
			assert_string_equal(list[i].cohort, s->cohort);
			assert_string_equal(list[i].scenario_title, s->scenario_title);
			assert_string_equal(list[i].pack_id, s->pack_id);
			assert_string_equal(list[i].started_at, s->started_at);
			assert_string_equal(list[i].finished_at, s->finished_at);
			assert_int_equal(list[i].status, s->status);
			assert_int_equal(list[i].mode, s->mode);
			assert_int_equal(list[i].last_stage, tally_last_stage(s));
			session_destroy(s);
		}
		session_summaries_free(list, m);
		free_ids(ids, n);
	}
	assert_true(total > 0);
	stats_destroy(st);
}

static int64_t choice(const struct session *s)
{
	const struct entry *d = tally_decision(s);

	return !d ? STATS_NO_DECISION : d->pack_option > 0 ? d->pack_option : STATS_OWN_WORDING;
}

/* Whether @o is one of @s's peers when the cohort is @cohort (NULL: any). */
static bool peer_of(const struct session *s, const struct session *o, const char *cohort)
{
	return o != s && strcmp(o->id, s->id) != 0 && o->status == SESSION_FINISHED &&
	       strcmp(o->pack_id, s->pack_id) == 0 && strcmp(o->scenario_id, s->scenario_id) == 0 &&
	       (!cohort || strcmp(o->cohort, cohort) == 0);
}

/* Check stats_peers(@s) against the sessions loaded whole. */
static void check_peers(struct session *s, struct session **all, size_t n, bool *fell_back)
{
	struct store_error err = {0};
	struct stats *peers = stats_peers(fx.st, s, &err);
	const char *cohort = s->cohort[0] ? s->cohort : NULL;
	size_t count = 0, same = 0;

	assert_non_null(peers);
	if (cohort) {
		for (size_t i = 0; i < n; i++)
			count += peer_of(s, all[i], cohort);
		if (!count)
			cohort = NULL; /* alone in its cohort: every cohort */
		*fell_back |= !count;
	}
	if (cohort)
		assert_string_equal(peers->cohort, cohort);
	else
		assert_null(peers->cohort);
	count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!peer_of(s, all[i], cohort))
			continue;
		count++;
		same += choice(all[i]) == choice(s);
	}
	assert_int_equal(peers->sessions, count);
	assert_int_equal(peers->finished, count);
	if (count) {
		assert_int_equal(peers->nscenarios, 1);
		const struct stats_choice *c = stats_choice_of(&peers->scenarios[0], s);
		assert_int_equal(c ? c->sessions : 0, same);
	}
	/* what it missed: every principle and stage of its framework that it did
	 * not consider and half the peers or more did, the largest share first */
	struct stats_gap gaps[64], three[3];
	size_t ng = stats_missed(peers, s, gaps, ALEN(gaps)), expect = 0;
	const struct framework *fw = tally_framework(s);
	for (size_t p = 0; fw && p < fw->count; p++) {
		const char *id = fw->principles[p].id;
		for (int st = 0; st < NDM_STAGE_COUNT; st++) {
			size_t of = 0, did = 0;
			for (size_t i = 0; i < n; i++) {
				if (!peer_of(s, all[i], cohort) ||
				    !framework_principle(tally_framework(all[i]), id))
					continue;
				of++;
				did += tally_considered(all[i], (enum ndm_stage)st, id);
			}
			if (!of || 2 * did < of || tally_considered(s, (enum ndm_stage)st, id))
				continue;
			expect++;
			bool found = false;
			for (size_t g = 0; g < ng; g++)
				if (strcmp(gaps[g].principle->id, id) == 0 && gaps[g].stage == (enum ndm_stage)st) {
					assert_int_equal(gaps[g].considered, did);
					assert_int_equal(gaps[g].principle->sessions, of);
					found = true;
				}
			assert_true(found);
		}
	}
	assert_int_equal(ng, expect);
	for (size_t g = 1; g < ng; g++)
		assert_true(gaps[g - 1].considered * gaps[g].principle->sessions >=
			    gaps[g].considered * gaps[g - 1].principle->sessions);
	size_t n3 = stats_missed(peers, s, three, 3);
	assert_int_equal(n3, ng < 3 ? ng : 3);
	for (size_t g = 0; g < n3; g++) {
		assert_ptr_equal(three[g].principle, gaps[g].principle);
		assert_int_equal(three[g].stage, gaps[g].stage);
	}
	stats_destroy(peers);
}

static void test_peers(void **state)
{
	size_t n, checked = 0, missing = 0;
	struct session **all = load_all(&n);
	bool fell_back = false;

	for (size_t i = 0; i < n; i++) {
		if (all[i]->status != SESSION_FINISHED)
			continue;
		check_peers(all[i], all, n, &fell_back);
		checked++;
	}
	assert_true(checked > 5);
	/* a cohort of one: compared with every cohort */
	for (size_t i = 0; i < n; i++) {
		if (all[i]->status != SESSION_FINISHED)
			continue;
		char *cohort = all[i]->cohort;
		all[i]->cohort = "A cohort of one";
		fell_back = false;
		check_peers(all[i], all, n, &fell_back);
		assert_true(fell_back);
		all[i]->cohort = cohort;
		/* the fixture has sessions that missed what most peers considered */
		struct store_error err = {0};
		struct stats *peers = stats_peers(fx.st, all[i], &err);
		struct stats_gap g[4];
		missing += stats_missed(peers, all[i], g, ALEN(g));
		stats_destroy(peers);
	}
	assert_true(missing > 0);
	free_all(all, n);
}

static void test_overlooked(void **state)
{
	struct stats s = {0};
	struct stats_principle p[] = {
		{.id = "a", .sessions = 10, .anywhere = 9},
		{.id = "b", .sessions = 10, .anywhere = 2},
		{.id = "c", .sessions = 0},
		{.id = "d", .sessions = 10, .anywhere = 2},
		{.id = "e", .sessions = 4, .anywhere = 1},
	};
	const struct stats_principle *out[3];

	s.principles = p;
	s.nprinciples = ALEN(p);
	assert_int_equal(stats_overlooked(&s, out, 3), 3);
	assert_string_equal(out[0]->id, "b"); /* 20%, first in order */
	assert_string_equal(out[1]->id, "d");
	assert_string_equal(out[2]->id, "e"); /* 25% */
	assert_ptr_equal(stats_principle(&s, "e"), &p[4]);
	assert_null(stats_principle(&s, "z"));
	enum stats_by by;
	assert_true(stats_by_from_id("cohort", &by));
	assert_int_equal(by, STATS_BY_COHORT);
	assert_false(stats_by_from_id("cohorts", &by));
}

static size_t lines_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The plain report fits the width it is given, whatever the breakdown. */
static void test_report_fits(void **state)
{
	static const size_t widths[] = {60, 72, 80, 132};

	for (int by = 0; by < STATS_BY_COUNT; by++) {
		struct stats_query q = {.by = (enum stats_by)by};
		struct store_error err = {0};
		struct stats *st = stats_compute(fx.st, &q, &err);
		assert_non_null(st);
		for (size_t k = 0; k < ALEN(widths); k++) {
			struct buf b = {0};
			stats_write_text(&b, st, &q, widths[k], false);
			char *save = NULL;
			for (char *line = strtok_r(b.data, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save))
				if (chart_width(line) > widths[k])
					fail_msg("by %s, width %zu: %zu columns: %s",
						 stats_by_id(q.by), widths[k], chart_width(line), line);
			buf_finish(&b);
		}
		stats_destroy(st);
	}
}

/* Markdown: a title, the filters it was made with, tables whose rows have
 * as many cells as their header. */
static void test_report_markdown(void **state)
{
	struct stats_query q = {.filter = {.cohort = "Intake 1"}};
	struct store_error err = {0};
	struct stats *st = stats_compute(fx.st, &q, &err);
	struct buf b = {0};
	size_t cells = 0;

	stats_write_text(&b, st, &q, 80, true);
	assert_memory_equal(b.data, "# Cohort report\n\n", 17);
	assert_non_null(strstr(b.data, "cohort `Intake 1`"));
	assert_non_null(strstr(b.data, "## Principle coverage"));
	assert_non_null(strstr(b.data, "## Decisions"));
	char *save = NULL;
	for (char *line = strtok_r(b.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = 0;
		if (line[0] != '|') {
			cells = 0;
			continue;
		}
		for (char *c = line; *c; c++)
			n += *c == '|' && (c == line || c[-1] != '\\');
		if (!cells)
			cells = n;
		assert_int_equal(n, cells);
	}
	buf_finish(&b);
	stats_destroy(st);
}

/* One CSV table per breakdown: its header, and a row per thing counted. */
static void test_csv_tables(void **state)
{
	for (int by = 0; by < STATS_BY_COUNT; by++) {
		struct stats_query q = {.by = (enum stats_by)by};
		struct store_error err = {0};
		struct stats *st = stats_compute(fx.st, &q, &err);
		struct csvout w;
		size_t ncols, rows = 0;
		const char *const *cols = stats_csv_columns(q.by, &ncols);

		csvout_init(&w, true);
		stats_write_csv(&w, st, q.by);
		switch (q.by) {
		case STATS_BY_STAGE:
			rows = NDM_STAGE_COUNT;
			break;
		case STATS_BY_SCENARIO:
			for (size_t i = 0; i < st->nscenarios; i++)
				rows += st->scenarios[i].nchoices;
			break;
		case STATS_BY_PACK:
		case STATS_BY_COHORT:
			rows = st->ngroups;
			break;
		default:
			rows = st->nprinciples * (NDM_STAGE_COUNT + 1);
			break;
		}
		assert_int_equal(lines_of(w.buf.data), rows + 1);
		char *head = xasprintf("\"%s\",", cols[0]);
		assert_memory_equal(w.buf.data, head, strlen(head));
		free(head);
		csvout_finish(&w);
		stats_destroy(st);
	}
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage_and_stances),
		cmocka_unit_test(test_decisions_times_panels),
		cmocka_unit_test(test_groups_and_filters),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_session_list),
		cmocka_unit_test(test_peers),
		cmocka_unit_test(test_overlooked),
		cmocka_unit_test(test_report_fits),
		cmocka_unit_test(test_report_markdown),
		cmocka_unit_test(test_csv_tables),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, setup, teardown);
}
