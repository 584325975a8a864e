/*
 * export.c - the CSV export tables (see export.h; the file they are
 * written to is export_out.c). Rows stream from the store one at a time
 * through a small buffer, so memory stays flat however many responses
 * there are.
 */
#include "dilemma/export.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/csvout.h"
#include "dilemma/tally.h"
#include "dilemma/util.h"

#define X_ID(e, id) id,
static const char *const table_ids[] = {EXPORT_TABLES(X_ID)};
#undef X_ID
_Static_assert(ALEN(table_ids) == EXPORT_TABLE_COUNT, "export table ids");

/* The responses header; the import reads the same names. Its first 19
 * columns stay first and in this order, so that readers written for them
 * still work: new columns are only ever appended. */
static const char *const responses_columns[] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "pack_version",
	"scenario_id", "scenario_title", "framework", "participant", "stage", "principle",
	"stance", "kind", "entry_id", "text", "revision", "created_at", "updated_at",
	"position", "pack_option", "owner",
};

/* history: the responses' first 19 columns for every revision, what a
 * revision may change besides the text, then what responses appended. */
static const char *const history_columns[] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "pack_version",
	"scenario_id", "scenario_title", "framework", "participant", "stage", "principle",
	"stance", "kind", "entry_id", "text", "revision", "created_at", "updated_at",
	"position", "deleted", "pack_option", "owner",
};

/* sessions: new columns are only ever appended here too. finished_at is
 * the first finish and last_finished_at the latest (a session finished
 * again after a reopen), both empty while the session is open; the
 * durations run to the latest. */
static const char *const sessions_columns[] = {
	"session_id", "session_label", "cohort", "mode", "status", "pack_id", "pack_version",
	"pack_hash", "scenario_id", "scenario_title", "framework", "started_at", "finished_at",
	"seconds_total", "seconds_ethics", "seconds_information", "seconds_assessment",
	"seconds_powers", "seconds_options", "seconds_action", "participants", "entries",
	"chosen_option", "principles_total", "principles_reasoned", "chosen_pack_option",
	"timebox_ethics", "timebox_information", "timebox_assessment", "timebox_powers",
	"timebox_options", "timebox_action", "last_finished_at", "finishes",
};
_Static_assert(NDM_STAGE_COUNT == 6, "sessions_columns lists two columns per stage");

static const char *const votes_columns[] = {
	"session_id", "session_label", "cohort", "pack_id", "scenario_id", "participant",
	"option_entry_id", "option_text", "value", "voted_at", "counted", "ballot", "count",
	"vote_no",
};

struct table_def {
	const char *const *columns;
	size_t ncolumns;
};

static const struct table_def tables[] = {
	[EXPORT_RESPONSES] = {responses_columns, ALEN(responses_columns)},
	[EXPORT_SESSIONS] = {sessions_columns, ALEN(sessions_columns)},
	[EXPORT_VOTES] = {votes_columns, ALEN(votes_columns)},
	[EXPORT_HISTORY] = {history_columns, ALEN(history_columns)},
};
_Static_assert(ALEN(tables) == EXPORT_TABLE_COUNT, "export table definitions");

const char *export_table_id(enum export_table t)
{
	return table_ids[t];
}

bool export_table_from_id(const char *id, enum export_table *out)
{
	for (size_t i = 0; i < ALEN(table_ids); i++) {
		if (id && strcmp(id, table_ids[i]) == 0) {
			*out = (enum export_table)i;
			return true;
		}
	}
	return false;
}

const char *const *export_columns(enum export_table t, size_t *n)
{
	*n = tables[t].ncolumns;
	return tables[t].columns;
}

/* ---- pseudonyms: the same name gets the same Pn throughout one export ---- */

struct pseudonyms {
	char **names;   /* open addressing, size a power of two */
	unsigned *numbers;
	size_t size;
	size_t count;
	char label[32];
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

static void pseudonyms_grow(struct pseudonyms *p)
{
	size_t size = p->size ? p->size * 2 : 64;
	char **names = xcalloc(size, sizeof(*names));
	unsigned *numbers = xcalloc(size, sizeof(*numbers));

	for (size_t i = 0; i < p->size; i++) {
		if (!p->names[i])
			continue;
		size_t j = hash_str(p->names[i]) & (size - 1);
		while (names[j])
			j = (j + 1) & (size - 1);
		names[j] = p->names[i];
		numbers[j] = p->numbers[i];
	}
	free(p->names);
	free(p->numbers);
	p->names = names;
	p->numbers = numbers;
	p->size = size;
}

/* The pseudonym of @name ("" stays ""); valid until the next call. */
static const char *pseudonym(struct pseudonyms *p, const char *name)
{
	size_t j;

	if (!name[0])
		return "";
	if (2 * (p->count + 1) > p->size)
		pseudonyms_grow(p);
	j = hash_str(name) & (p->size - 1);
	while (p->names[j] && strcmp(p->names[j], name) != 0)
		j = (j + 1) & (p->size - 1);
	if (!p->names[j]) {
		p->names[j] = xstrdup(name);
		p->numbers[j] = (unsigned)++p->count;
	}
	snprintf(p->label, sizeof(p->label), "P%u", p->numbers[j]);
	return p->label;
}

static void pseudonyms_finish(struct pseudonyms *p)
{
	for (size_t i = 0; i < p->size; i++)
		free(p->names[i]);
	free(p->names);
	free(p->numbers);
}

/* ---- writing ---- */

struct writer {
	struct csvout csv;
	FILE *out;
	const struct export_options *opt;
	struct pseudonyms names;
	/* The first nine responses columns repeat on every row of a session:
	 * encoded once per session. */
	char *prefix_session;
	struct csvout prefix;
	bool write_failed;
	int write_errno;
};

#define FLUSH_AT (64u * 1024u)

static void maybe_flush(struct writer *w, bool force)
{
	if (w->write_failed || (!force && w->csv.buf.len < FLUSH_AT))
		return;
	errno = 0;
	if (!csvout_flush(&w->csv, w->out)) {
		w->write_failed = true;
		w->write_errno = errno ? errno : EIO;
	}
}

static const char *person(struct writer *w, const char *name)
{
	return w->opt->anonymise ? pseudonym(&w->names, name) : name;
}

static bool write_row(const struct store_row *r, void *ctx)
{
	struct writer *w = ctx;
	struct csvout *c = &w->csv;

	if (!w->prefix_session || strcmp(w->prefix_session, r->session_id) != 0) {
		struct csvout *p = &w->prefix;
		free(w->prefix_session);
		w->prefix_session = xstrdup(r->session_id);
		p->buf.len = 0;
		p->row_open = false;
		csvout_field(p, r->session_id);
		csvout_field(p, r->session_label);
		csvout_field(p, r->cohort);
		csvout_field(p, r->mode);
		csvout_field(p, r->pack_id);
		csvout_int(p, r->pack_version);
		csvout_field(p, r->scenario_id);
		csvout_field(p, r->scenario_title);
		csvout_field(p, r->framework);
	}
	csvout_encoded(c, w->prefix.buf.data, w->prefix.buf.len);
	csvout_field(c, person(w, r->participant));
	csvout_field(c, r->stage);
	csvout_field(c, r->principle);
	csvout_field(c, r->stance);
	csvout_field(c, r->kind);
	csvout_int(c, r->entry_id);
	csvout_field(c, r->text);
	csvout_int(c, r->revision);
	csvout_field(c, r->created_at);
	csvout_field(c, r->updated_at);
	csvout_int(c, r->position);
	if (w->opt->table == EXPORT_HISTORY)
		csvout_int(c, r->deleted);
	csvout_int(c, r->pack_option);
	csvout_field(c, r->owner);
	csvout_end_row(c);
	maybe_flush(w, false);
	return !w->write_failed;
}

static void write_session(struct writer *w, const struct session *s)
{
	struct csvout *c = &w->csv;
	const struct entry *decision = tally_decision(s);
	bool finished = s->status == SESSION_FINISHED;
	char first[SESSION_TIME_LEN], last[SESSION_TIME_LEN];
	size_t finishes = tally_finishes(s, first, last), live = 0;

	for (size_t i = 0; i < s->nentries; i++)
		live += !s->entries[i].deleted;
	csvout_field(c, s->id);
	csvout_field(c, s->label);
	csvout_field(c, s->cohort);
	csvout_field(c, session_mode_id(s->mode));
	csvout_field(c, session_status_id(s->status));
	csvout_field(c, s->pack_id);
	csvout_int(c, s->pack_version);
	csvout_field(c, s->pack_hash);
	csvout_field(c, s->scenario_id);
	csvout_field(c, s->scenario_title);
	csvout_field(c, s->framework_id);
	csvout_field(c, s->started_at);
	csvout_field(c, finished ? first : "");
	csvout_int(c, tally_total_seconds(s));
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		csvout_int(c, tally_stage_seconds(s, (enum ndm_stage)st, NULL));
	csvout_int(c, (int64_t)s->nparticipants);
	csvout_int(c, (int64_t)live);
	csvout_field(c, decision ? decision->text : "");
	csvout_int(c, (int64_t)tally_principles_total(s));
	csvout_int(c, (int64_t)tally_principles_considered(s));
	if (decision)
		csvout_int(c, decision->pack_option);
	else
		csvout_field(c, "");
	/* what each stage was allowed: its time-box and the time added there */
	for (int st = 0; st < NDM_STAGE_COUNT; st++) {
		struct tally_clock clock;
		tally_stage_clock(s, (enum ndm_stage)st, NULL, &clock);
		csvout_int(c, clock.budget);
	}
	csvout_field(c, finished ? s->finished_at : "");
	csvout_int(c, (int64_t)finishes);
	csvout_end_row(c);
}

/* The sessions table: what tally needs of each session and no more (no
 * texts but the decisions', no snapshot parsed more than once). */
static bool each_session(struct store *st, struct writer *w, struct store_error *err)
{
	struct store_scan *sc = store_scan_open(st, &w->opt->filter, STORE_SCAN_PARTICIPANTS |
						STORE_SCAN_ENTRIES | STORE_SCAN_EVENTS |
						STORE_SCAN_SCENARIO, err);
	const struct session *s;

	if (!sc)
		return false;
	while (!w->write_failed && (s = store_scan_next(sc, err))) {
		write_session(w, s);
		maybe_flush(w, false);
	}
	store_scan_close(sc);
	return w->write_failed || err->code == STORE_OK;
}

/* The votes table, a session at a time: whether a vote counts depends on
 * the session's later votes, so each session's are held until the next
 * session's start, then written with tally's answer. */
struct vote_rows {
	struct writer *w;
	char *session;
	struct session s;       /* the votes, for tally_vote_counted */
	char **fields;          /* per vote: the encoded fields before counted */
	int64_t *numbers;       /* per vote: its number in the session */
	size_t n, cap;
	struct csvout enc;
};

static void flush_votes(struct vote_rows *vr)
{
	struct csvout *c = &vr->w->csv;

	for (size_t i = 0; i < vr->n; i++) {
		csvout_encoded(c, vr->fields[i], strlen(vr->fields[i]));
		csvout_int(c, tally_vote_counted(&vr->s, i));
		csvout_int(c, vr->s.votes[i].ballot);
		csvout_int(c, vr->s.votes[i].count);
		csvout_int(c, vr->numbers[i]);
		csvout_end_row(c);
		free(vr->fields[i]);
	}
	vr->n = vr->s.nvotes = 0;
	maybe_flush(vr->w, false);
}

static bool write_vote(const struct store_vote_row *r, void *ctx)
{
	struct vote_rows *vr = ctx;
	struct writer *w = vr->w;
	struct csvout *e = &vr->enc;

	if (!vr->session || strcmp(vr->session, r->session_id) != 0) {
		flush_votes(vr);
		free(vr->session);
		vr->session = xstrdup(r->session_id);
	}
	if (vr->n == vr->cap) {
		vr->cap = vr->cap ? 2 * vr->cap : 16;
		vr->fields = xreallocarray(vr->fields, vr->cap, sizeof(*vr->fields));
		vr->s.votes = xreallocarray(vr->s.votes, vr->cap, sizeof(*vr->s.votes));
		vr->numbers = xreallocarray(vr->numbers, vr->cap, sizeof(*vr->numbers));
	}
	vr->numbers[vr->n] = r->number;
	e->buf.len = 0;
	e->row_open = false;
	csvout_field(e, r->session_id);
	csvout_field(e, r->session_label);
	csvout_field(e, r->cohort);
	csvout_field(e, r->pack_id);
	csvout_field(e, r->scenario_id);
	csvout_field(e, person(w, r->participant));
	csvout_int(e, r->vote.option);
	csvout_field(e, r->option_text);
	csvout_int(e, r->vote.value);
	csvout_field(e, r->vote.at);
	vr->fields[vr->n++] = xstrndup(e->buf.data, e->buf.len);
	vr->s.votes[vr->s.nvotes++] = r->vote;
	return !w->write_failed;
}

static bool each_vote(struct store *st, struct writer *w, struct store_error *err)
{
	struct vote_rows vr = {.w = w};
	bool ok;

	csvout_init(&vr.enc, !w->opt->raw);
	ok = store_each_vote(st, &w->opt->filter, write_vote, &vr, err);
	flush_votes(&vr);
	csvout_finish(&vr.enc);
	free(vr.session);
	free(vr.fields);
	free(vr.numbers);
	free(vr.s.votes);
	return ok;
}

bool export_csv(struct store *st, const struct export_options *opt, FILE *out,
		struct store_error *err)
{
	struct writer w = {.out = out, .opt = opt};
	bool ok;

	csvout_init(&w.csv, !opt->raw);
	csvout_init(&w.prefix, !opt->raw);
	if (opt->bom)
		buf_append(&w.csv.buf, "\xEF\xBB\xBF", 3);
	csvout_row(&w.csv, tables[opt->table].columns, tables[opt->table].ncolumns);
	switch (opt->table) {
	case EXPORT_RESPONSES:
	case EXPORT_HISTORY:
		ok = store_each_row(st, &opt->filter, opt->table == EXPORT_HISTORY, write_row, &w,
				    err);
		break;
	case EXPORT_SESSIONS:
		ok = each_session(st, &w, err);
		break;
	default:
		ok = each_vote(st, &w, err);
		break;
	}
	maybe_flush(&w, true);
	if (!w.write_failed && fflush(out) != 0) {
		w.write_failed = true;
		w.write_errno = errno;
	}
	if (w.write_failed) {
		export_write_error(err, w.write_errno, "the export");
		ok = false;
	}
	csvout_finish(&w.csv);
	csvout_finish(&w.prefix);
	free(w.prefix_session);
	pseudonyms_finish(&w.names);
	return ok;
}
