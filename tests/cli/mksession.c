/*
 * mksession.c - a test-only tool that records sessions through the store
 * API (never raw SQL), so that command-line tests and benchmarks have
 * sessions to list, export and report before the workbench exists.
 *
 * usage: mksession DB PACK.yaml < SCRIPT
 * SCRIPT has one command a line, fields separated by TABs; texts take C
 * escapes (\n \r \t \\). Each `session` line starts a new session; the ids
 * of the sessions made are printed, one a line.
 *   now TIME                        fix the clock (DILEMMA_NOW) from here on
 *   session SCENARIO MODE LABEL [COHORT [NAME:ROLE,...|- [TIMEBOX]]]
 *                                   (COHORT, NAMES: - for none; TIMEBOX: minutes)
 *   load ID                         go on with a session already made (full id or prefix)
 *   participant NAME ROLE
 *   entry STAGE KIND PRINCIPLE|- PARTICIPANT STANCE|- [TEXT [EXTRA]]   (no TEXT: empty;
 *                                   EXTRA: a recommendation's owner, an option's or a
 *                                   decision's pack option)
 *   revise ID TEXT                  a new revision of entry ID
 *   delete ID                       a revision that marks entry ID deleted
 *   vote PARTICIPANT OPTION VALUE [BALLOT [COUNT]]   (ballot 1, count 1 unless given)
 *   event KIND STAGE|- [DETAIL]     inject-released: DETAIL is the inject's number;
 *                                   ballot-opened: BALLOT [secret|hands[+contingencies]]
 *                                   (the kind after a space or a TAB; secret unless given);
 *                                   vote-revealed: BALLOT; time-added: SECONDS
 *   finish | reopen
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/pack.h"
#include "dilemma/store.h"
#include "dilemma/util.h"

static unsigned long lineno;

static _Noreturn void bad(const char *what)
{
	fprintf(stderr, "mksession: line %lu: %s\n", lineno, what);
	exit(2);
}

static void check(bool ok, const struct store_error *err)
{
	if (!ok) {
		fprintf(stderr, "mksession: line %lu: %s\n", lineno, err->message);
		exit(1);
	}
}

/* Undo C escapes in place. */
static char *unescape(char *s)
{
	char *o = s, *r = s;

	for (; *r; r++) {
		if (*r != '\\' || !r[1]) {
			*o++ = *r;
			continue;
		}
		r++;
		*o++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r == 't' ? '\t' : *r;
	}
	*o = '\0';
	return s;
}

static enum ndm_stage stage_of(const char *id)
{
	enum ndm_stage s;

	if (strcmp(id, "-") == 0)
		return NDM_ETHICS;
	if (!ndm_stage_from_id(id, &s))
		bad("unknown stage");
	return s;
}

int main(int argc, char **argv)
{
	struct store_error err = {0};
	struct diag_list diags = {0};
	struct store *st;
	struct pack *pack;
	struct session *s = NULL;
	char line[65536];

	if (argc != 3) {
		fputs("usage: mksession DB PACK.yaml < SCRIPT\n", stderr);
		return 2;
	}
	pack = pack_load(argv[2], &diags);
	if (!pack) {
		diag_print(&diags, stderr);
		return 1;
	}
	st = store_open(argv[1], &err);
	check(st != NULL, &err);
	while (fgets(line, sizeof(line), stdin)) {
		char *f[8] = {0};
		size_t n = 0;
		char *save = NULL;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok_r(line, "\t", &save); t && n < 8;
		     t = strtok_r(NULL, "\t", &save))
			f[n++] = t;
		if (n == 0 || f[0][0] == '#')
			continue;
		if (strcmp(f[0], "now") == 0 && n == 2) {
			setenv("DILEMMA_NOW", f[1], 1);
		} else if (strcmp(f[0], "session") == 0 && n >= 4) {
			struct participant_spec ps[16];
			size_t np = 0;
			struct session_spec spec = {.pack = pack};
			if (s)
				session_destroy(s);
			spec.scenario = pack_scenario(pack, f[1]);
			if (!spec.scenario)
				bad("unknown scenario");
			if (!session_mode_from_id(f[2], &spec.mode))
				bad("unknown mode");
			spec.label = unescape(f[3]);
			spec.cohort = n > 4 && strcmp(f[4], "-") ? unescape(f[4]) : NULL;
			spec.timebox = n > 6 ? (int)strtol(f[6], NULL, 10) : 0;
			if (n > 5 && strcmp(f[5], "-") != 0) {
				char *save2 = NULL;
				for (char *p = strtok_r(f[5], ",", &save2); p && np < 16;
				     p = strtok_r(NULL, ",", &save2)) {
					char *colon = strchr(p, ':');
					if (colon)
						*colon++ = '\0';
					ps[np].name = unescape(p);
					ps[np++].role = colon ? colon : "";
				}
			}
			spec.participants = ps;
			spec.nparticipants = np;
			spec.timebox = n > 6 ? atoi(f[6]) : 0;
			s = store_session_create(st, &spec, &err);
			check(s != NULL, &err);
			printf("%s\n", s->id);
		} else if (strcmp(f[0], "load") == 0 && n == 2) {
			session_destroy(s);
			s = store_session_load(st, f[1], &err);
			check(s != NULL, &err);
		} else if (!s) {
			bad("no session yet");
		} else if (strcmp(f[0], "participant") == 0 && n == 3) {
			check(store_participant_add(st, s, unescape(f[1]), f[2], NULL, &err), &err);
		} else if (strcmp(f[0], "entry") == 0 && n >= 6 && n <= 8) {
			struct entry e = {0};
			e.stage = stage_of(f[1]);
			if (!entry_kind_from_id(f[2], &e.kind))
				bad("unknown kind");
			e.principle = strcmp(f[3], "-") ? f[3] : NULL;
			e.participant = strtoll(f[4], NULL, 10);
			if (!stance_from_id(strcmp(f[5], "-") ? f[5] : "", &e.stance))
				bad("unknown stance");
			e.text = n > 6 ? unescape(f[6]) : "";
			if (n > 7 && e.kind == ENTRY_RECOMMENDATION)
				e.owner = unescape(f[7]);
			else if (n > 7)
				e.pack_option = strtoll(f[7], NULL, 10);
			check(store_entry_save(st, s, &e, NULL, &err), &err);
		} else if ((strcmp(f[0], "revise") == 0 && n == 3) ||
			   (strcmp(f[0], "delete") == 0 && n == 2)) {
			const struct entry *old = session_entry(s, strtoll(f[1], NULL, 10));
			struct entry e;
			if (!old)
				bad("no such entry");
			e = *old;
			if (f[0][0] == 'r')
				e.text = unescape(f[2]);
			else
				e.deleted = true;
			check(store_entry_save(st, s, &e, NULL, &err), &err);
		} else if (strcmp(f[0], "vote") == 0 && n >= 4 && n <= 6) {
			struct vote v = {.participant = strtoll(f[1], NULL, 10),
					 .option = strtoll(f[2], NULL, 10),
					 .value = strtoll(f[3], NULL, 10),
					 .ballot = n > 4 ? strtoll(f[4], NULL, 10) : 1,
					 .count = n > 5 ? strtoll(f[5], NULL, 10) : 1};
			check(store_vote_record(st, s, &v, &err), &err);
		} else if (strcmp(f[0], "event") == 0 && n >= 3) {
			enum event_kind k;
			if (!event_kind_from_id(f[1], &k))
				bad("unknown event kind");
			struct event ev = {.kind = k, .stage = stage_of(f[2])};
			char *rest = NULL;
			if (k == EVENT_INJECT_RELEASED) {
				ev.inject = n > 3 ? strtoll(f[3], NULL, 10) : 0;
			} else if (k == EVENT_BALLOT_OPENED || k == EVENT_VOTE_REVEALED) {
				ev.ballot = n > 3 ? strtoll(f[3], &rest, 10) : 1;
				while (rest && *rest == ' ')
					rest++;
				if (k == EVENT_BALLOT_OPENED)
					ev.detail = rest && *rest ? rest : n > 4 ? f[4] : "secret";
			} else if (k == EVENT_TIME_ADDED) {
				ev.seconds = n > 3 ? strtoll(f[3], NULL, 10) : 0;
			} else {
				ev.detail = n > 3 ? f[3] : NULL;
			}
			check(store_event_add(st, s, &ev, &err), &err);
		} else if (strcmp(f[0], "finish") == 0) {
			check(store_session_finish(st, s, &err), &err);
		} else if (strcmp(f[0], "reopen") == 0) {
			check(store_session_reopen(st, s, &err), &err);
		} else {
			bad("unknown command or wrong number of fields");
		}
	}
	session_destroy(s);
	store_close(st);
	pack_destroy(pack);
	diag_list_finish(&diags);
	return fflush(stdout) == 0 ? 0 : 1;
}
