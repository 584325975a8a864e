/*
 * export_schema.c - `dilemma export --schema postgresql`: CREATE TABLE
 * statements for the export tables, so that a central PostgreSQL database
 * can load the CSV files unchanged with COPY ... (FORMAT csv, HEADER true).
 *
 * A column has one type wherever it appears (the table below, by name);
 * the column lists themselves are the exporter's own (export_columns), so
 * the statements cannot fall behind the files. A column that can be empty
 * in the CSV, such as a finish time while a session is open, is text: COPY
 * reads a quoted empty field as an empty string, which no time or number
 * type accepts.
 */
#include <string.h>

#include "dilemma/export.h"
#include "dilemma/util.h"

struct column_type {
	const char *name;
	const char *pg;
};

static const struct column_type types[] = {
	{"session_id", "uuid"}, {"session_label", "text"}, {"cohort", "text"}, {"mode", "text"},
	{"status", "text"}, {"pack_id", "text"}, {"pack_version", "bigint"},
	{"pack_hash", "text"}, {"scenario_id", "text"}, {"scenario_title", "text"},
	{"framework", "text"}, {"participant", "text"}, {"stage", "text"},
	{"principle", "text"}, {"stance", "text"}, {"kind", "text"}, {"entry_id", "bigint"},
	{"text", "text"}, {"revision", "bigint"}, {"created_at", "timestamptz"},
	{"updated_at", "timestamptz"}, {"position", "bigint"}, {"deleted", "boolean"},
	{"pack_option", "bigint"}, {"owner", "text"}, {"started_at", "timestamptz"},
	{"finished_at", "text"}, {"seconds_total", "bigint"}, {"seconds_ethics", "bigint"},
	{"seconds_information", "bigint"}, {"seconds_assessment", "bigint"},
	{"seconds_powers", "bigint"}, {"seconds_options", "bigint"},
	{"seconds_action", "bigint"}, {"timebox_ethics", "bigint"},
	{"timebox_information", "bigint"}, {"timebox_assessment", "bigint"},
	{"timebox_powers", "bigint"}, {"timebox_options", "bigint"}, {"timebox_action", "bigint"},
	{"participants", "bigint"}, {"entries", "bigint"},
	{"chosen_option", "text"}, {"principles_total", "bigint"},
	{"principles_reasoned", "bigint"}, {"chosen_pack_option", "text"},
	{"option_entry_id", "bigint"}, {"option_text", "text"}, {"value", "smallint"},
	{"voted_at", "timestamptz"}, {"counted", "boolean"}, {"ballot", "bigint"},
	{"count", "bigint"}, {"vote_no", "bigint"}, {"last_finished_at", "text"},
	{"finishes", "bigint"},
};

/* The primary key of each table: what makes a row of it one of a kind. */
static const char *const keys[EXPORT_TABLE_COUNT] = {
	[EXPORT_RESPONSES] = "\"session_id\", \"entry_id\"",
	[EXPORT_SESSIONS] = "\"session_id\"",
	[EXPORT_VOTES] = "\"session_id\", \"vote_no\"",
	[EXPORT_HISTORY] = "\"session_id\", \"entry_id\", \"revision\"",
};

const char *export_pg_type(const char *column)
{
	for (size_t i = 0; i < ALEN(types); i++)
		if (strcmp(types[i].name, column) == 0)
			return types[i].pg;
	return NULL;
}

bool export_schema(struct buf *out, const char *dialect, int table)
{
	if (strcmp(dialect, "postgresql") != 0)
		return false;
	buf_puts(out, "-- The tables of `dilemma export`, for PostgreSQL. Load each export,"
		      " made with --raw,\n-- unchanged: COPY responses FROM '/path/responses.csv'"
		      " (FORMAT csv, HEADER true);\n");
	for (int t = 0; t < EXPORT_TABLE_COUNT; t++) {
		size_t n;
		const char *const *cols = export_columns((enum export_table)t, &n);
		if (table >= 0 && t != table)
			continue;
		buf_printf(out, "\nCREATE TABLE %s (\n", export_table_id((enum export_table)t));
		for (size_t i = 0; i < n; i++) {
			const char *type = export_pg_type(cols[i]);
			buf_printf(out, "    \"%s\" %s NOT NULL,\n", cols[i], type ? type : "text");
		}
		buf_printf(out, "    PRIMARY KEY (%s)\n);\n", keys[t]);
	}
	return true;
}
