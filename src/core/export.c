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

/* The fixed responses header; the import reads the same names. */
static const char *const responses_columns[] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "pack_version",
	"scenario_id", "scenario_title", "framework", "participant", "stage", "principle",
	"stance", "kind", "entry_id", "text", "revision", "created_at", "updated_at",
};

/* history: the responses columns for every revision, and what a revision
 * may change besides the text. */
static const char *const history_columns[] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "pack_version",
	"scenario_id", "scenario_title", "framework", "participant", "stage", "principle",
	"stance", "kind", "entry_id", "text", "revision", "created_at", "updated_at",
	"position", "deleted",
};

static const char *const sessions_columns[] = {
	"session_id", "session_label", "cohort", "mode", "status", "pack_id", "pack_version",
	"pack_hash", "scenario_id", "scenario_title", "framework", "started_at", "finished_at",
	"seconds_total", "seconds_ethics", "seconds_information", "seconds_assessment",
	"seconds_powers", "seconds_options", "seconds_action", "participants", "entries",
	"chosen_option", "principles_total", "principles_reasoned",
};
_Static_assert(NDM_STAGE_COUNT == 6, "sessions_columns lists one column per stage");

static const char *const votes_columns[] = {
	"session_id", "session_label", "cohort", "pack_id", "scenario_id", "participant",
	"option_entry_id", "option_text", "value", "voted_at", "counted",
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
	if (w->opt->table == EXPORT_HISTORY) {
		csvout_int(c, r->position);
		csvout_int(c, r->deleted);
	}
	csvout_end_row(c);
	maybe_flush(w, false);
	return !w->write_failed;
}

static const char *participant_name(const struct session *s, int64_t number)
{
	const struct participant *p = number ? session_participant(s, number) : NULL;

	return p ? p->name : "";
}

static void write_session(struct writer *w, const struct session *s)
{
	struct csvout *c = &w->csv;
	const struct entry *decision = tally_decision(s);
	size_t live = 0;

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
	csvout_field(c, s->finished_at);
	csvout_int(c, tally_total_seconds(s));
	for (int st = 0; st < NDM_STAGE_COUNT; st++)
		csvout_int(c, tally_stage_seconds(s, (enum ndm_stage)st, NULL));
	csvout_int(c, (int64_t)s->nparticipants);
	csvout_int(c, (int64_t)live);
	csvout_field(c, decision ? decision->text : "");
	csvout_int(c, (int64_t)tally_principles_total(s));
	csvout_int(c, (int64_t)tally_principles_considered(s));
	csvout_end_row(c);
}

static void write_votes(struct writer *w, const struct session *s)
{
	struct csvout *c = &w->csv;

	for (size_t i = 0; i < s->nvotes; i++) {
		const struct vote *v = &s->votes[i];
		const struct entry *opt = session_entry(s, v->option);
		csvout_field(c, s->id);
		csvout_field(c, s->label);
		csvout_field(c, s->cohort);
		csvout_field(c, s->pack_id);
		csvout_field(c, s->scenario_id);
		csvout_field(c, person(w, participant_name(s, v->participant)));
		csvout_int(c, v->option);
		csvout_field(c, opt ? opt->text : "");
		csvout_int(c, v->value);
		csvout_field(c, v->at);
		csvout_int(c, tally_vote_counted(s, i));
		csvout_end_row(c);
	}
}

/* The tables built from whole sessions, loaded one at a time. */
static bool each_session(struct store *st, struct writer *w, struct store_error *err)
{
	char **ids = NULL;
	size_t n = 0;
	bool ok = true;

	if (!store_session_ids(st, &w->opt->filter, &ids, &n, err))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (ok && !w->write_failed) {
			struct session *s = store_session_load(st, ids[i], err);
			if (!s) {
				ok = false;
			} else {
				if (w->opt->table == EXPORT_SESSIONS)
					write_session(w, s);
				else
					write_votes(w, s);
				session_destroy(s);
				maybe_flush(w, false);
			}
		}
		free(ids[i]);
	}
	free(ids);
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
	default:
		ok = each_session(st, &w, err);
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
