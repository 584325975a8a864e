/*
 * session.c - the tables of entry kinds, stances, modes, statuses and
 * event kinds, and the small questions asked of a loaded session (which
 * entry, how long in each stage). See session.h.
 */
#include "dilemma/session.h"

#include <stdlib.h>
#include <string.h>

#include "dilemma/util.h"

struct name_pair {
	const char *id;
	const char *name;
};

#define X_PAIR(e, id, name) {id, name},
static const struct name_pair kinds[] = {ENTRY_KINDS(X_PAIR)};
static const struct name_pair stances[] = {STANCES(X_PAIR)};
static const struct name_pair modes[] = {SESSION_MODES(X_PAIR)};
static const struct name_pair statuses[] = {SESSION_STATUSES(X_PAIR)};
static const struct name_pair events[] = {EVENT_KINDS(X_PAIR)};
static const struct name_pair roles[] = {PARTICIPANT_ROLES(X_PAIR)};
static const struct name_pair ballots[] = {BALLOT_KINDS(X_PAIR)};
#undef X_PAIR

_Static_assert(ALEN(kinds) == ENTRY_KIND_COUNT, "entry kind table");
_Static_assert(ALEN(stances) == STANCE_COUNT, "stance table");
_Static_assert(ALEN(modes) == SESSION_MODE_COUNT, "mode table");
_Static_assert(ALEN(statuses) == SESSION_STATUS_COUNT, "status table");
_Static_assert(ALEN(events) == EVENT_KIND_COUNT, "event table");
_Static_assert(ALEN(roles) == PARTICIPANT_ROLE_COUNT, "role table");
_Static_assert(ALEN(ballots) == BALLOT_KIND_COUNT, "ballot kind table");

static bool lookup(const struct name_pair *t, size_t n, const char *id, int *out)
{
	if (!id)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].id, id) == 0) {
			*out = (int)i;
			return true;
		}
	}
	return false;
}

const char *entry_kind_id(enum entry_kind k) { return kinds[k].id; }
const char *entry_kind_name(enum entry_kind k) { return kinds[k].name; }
const char *stance_id(enum stance s) { return stances[s].id; }
const char *stance_name(enum stance s) { return stances[s].name; }
const char *session_mode_id(enum session_mode m) { return modes[m].id; }
const char *session_mode_name(enum session_mode m) { return modes[m].name; }
const char *session_status_id(enum session_status s) { return statuses[s].id; }
const char *event_kind_id(enum event_kind k) { return events[k].id; }
const char *participant_role_id(enum participant_role r) { return roles[r].id; }
const char *participant_role_name(enum participant_role r) { return roles[r].name; }
const char *ballot_kind_id(enum ballot_kind k) { return ballots[k].id; }
const char *ballot_kind_name(enum ballot_kind k) { return ballots[k].name; }

#define LOOKUP_FN(fn, type, table) \
	bool fn(const char *id, type *out) \
	{ \
		int i; \
		if (!lookup(table, ALEN(table), id, &i)) \
			return false; \
		*out = (type)i; \
		return true; \
	}

LOOKUP_FN(entry_kind_from_id, enum entry_kind, kinds)
LOOKUP_FN(session_mode_from_id, enum session_mode, modes)
LOOKUP_FN(session_status_from_id, enum session_status, statuses)
LOOKUP_FN(event_kind_from_id, enum event_kind, events)
LOOKUP_FN(participant_role_from_id, enum participant_role, roles)
LOOKUP_FN(ballot_kind_from_id, enum ballot_kind, ballots)

bool participant_role_votes(const char *role)
{
	enum participant_role r;

	return participant_role_from_id(role, &r) && (r == ROLE_CHAIR || r == ROLE_MEMBER);
}

bool stance_from_id(const char *id, enum stance *out)
{
	int i;

	if (!id || !id[0]) {
		*out = STANCE_NONE;
		return true;
	}
	if (!lookup(stances, ALEN(stances), id, &i))
		return false;
	*out = (enum stance)i;
	return true;
}

void session_destroy(struct session *s)
{
	if (!s)
		return;
	free(s->label);
	free(s->cohort);
	free(s->pack_id);
	free(s->scenario_id);
	free(s->scenario_title);
	free(s->framework_id);
	free(s->snapshot);
	pack_destroy(s->pack);
	for (size_t i = 0; i < s->nparticipants; i++) {
		free(s->participants[i].name);
		free(s->participants[i].role);
	}
	free(s->participants);
	for (size_t i = 0; i < s->nentries; i++) {
		free(s->entries[i].principle);
		free(s->entries[i].text);
		free(s->entries[i].owner);
	}
	free(s->entries);
	free(s->votes);
	for (size_t i = 0; i < s->nevents; i++)
		free(s->events[i].detail);
	free(s->events);
	free(s);
}

const struct entry *session_entry(const struct session *s, int64_t id)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].id == id)
			return &s->entries[i];
	return NULL;
}

const struct entry *session_entry_find(const struct session *s, enum ndm_stage stage,
				       enum entry_kind kind, const char *principle,
				       int64_t participant)
{
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		if (e->deleted || e->stage != stage || e->kind != kind ||
		    e->participant != participant)
			continue;
		if (!principle ? (e->principle && e->principle[0])
			       : (!e->principle || strcmp(e->principle, principle) != 0))
			continue;
		return e;
	}
	return NULL;
}

const struct participant *session_participant(const struct session *s, int64_t number)
{
	for (size_t i = 0; i < s->nparticipants; i++)
		if (s->participants[i].number == number)
			return &s->participants[i];
	return NULL;
}

long session_time_diff(const char *a, const char *b)
{
	int64_t ta, tb;

	if (!time_parse_iso(a, &ta) || !time_parse_iso(b, &tb))
		return 0;
	return (long)(tb - ta);
}
