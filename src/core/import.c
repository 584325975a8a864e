/*
 * import.c - reading a `responses` (or `history`) CSV back into the store
 * with libcsv's strict parser (see import.h).
 *
 * The whole file is one store transaction: a malformed line anywhere means
 * nothing is imported, and the error names that line. The parser is fed
 * one physical line at a time so that every row knows the line it started
 * on; libcsv carries quoted fields across those calls by itself. Spaces are
 * never trimmed: texts come back byte for byte.
 */
#include "dilemma/import.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/csvout.h"
#include "dilemma/util.h"

enum col {
	C_SESSION_ID, C_SESSION_LABEL, C_COHORT, C_MODE, C_PACK_ID, C_PACK_VERSION,
	C_SCENARIO_ID, C_SCENARIO_TITLE, C_FRAMEWORK, C_PARTICIPANT, C_STAGE, C_PRINCIPLE,
	C_STANCE, C_KIND, C_ENTRY_ID, C_TEXT, C_REVISION, C_CREATED_AT, C_UPDATED_AT,
	C_POSITION, C_DELETED, C_PACK_OPTION, C_OWNER, C_COUNT
};
/* Columns from C_POSITION on are optional: a responses export has all but
 * deleted, a history export all, and older exports none of them. */
#define C_REQUIRED C_POSITION

#define MAX_FIELDS 64

struct importer {
	struct store *st;
	const char *name;
	bool raw;
	struct import_result *res;
	struct store_error *err;
	bool failed;
	unsigned long line;      /* physical line being fed */
	unsigned long row_line;  /* line the current row started on */
	unsigned long next_row_line;
	bool row_started;
	bool header_done;
	int map[MAX_FIELDS];     /* column of the file -> enum col, or -1 */
	size_t ncols;
	/* The fields of the row being read, one after another in @text (each
	 * NUL-terminated, at offs[i]), so that a row costs no allocation. */
	struct buf text;
	size_t offs[MAX_FIELDS];
	char *fields[MAX_FIELDS]; /* into text, set once the row is complete */
	unsigned long lines[MAX_FIELDS]; /* the line each field starts on */
	unsigned long col_line[C_COUNT]; /* the same by column, once the row is read */
	size_t nfields;
	bool too_many;
	char shown[160];          /* a value quoted in a message (shown()) */
};

static void fail_at(struct importer *im, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail_col(struct importer *im, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void vfail_at(struct importer *im, unsigned long line, const char *column,
		     const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void vfail_at(struct importer *im, unsigned long line, const char *column,
		     const char *fmt, va_list ap)
{
	int n;

	if (im->failed)
		return;
	im->failed = true;
	im->err->code = STORE_INVALID;
	n = snprintf(im->err->message, sizeof(im->err->message), "%s:%lu: %s%s%s", im->name,
		     line, column ? "column " : "", column ? column : "", column ? ": " : "");
	if (n < 0 || (size_t)n >= sizeof(im->err->message))
		return;
	vsnprintf(im->err->message + n, sizeof(im->err->message) - (size_t)n, fmt, ap);
}

static void fail_at(struct importer *im, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(im, line, NULL, fmt, ap);
	va_end(ap);
}

static const char *const column_names[C_COUNT];

/* A bad value in column @col of the row being read, at the line where
 * that field starts: "FILE:LINE: column NAME: ...". */
static void fail_col(struct importer *im, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(im, im->col_line[col], column_names[col], fmt, ap);
	va_end(ap);
}

static void clear_fields(struct importer *im)
{
	im->text.len = 0;
	im->nfields = 0;
	im->too_many = false;
	im->row_started = false;
}

/* What a field may not hold: bytes that are not UTF-8, and control
 * characters other than TAB, LF and CR (C0, DEL and C1, as a pack may not
 * hold them): imported text is shown on terminals, and ESC or a C1 CSI
 * there would drive the terminal. NULL when @s (@n bytes) is fine, else
 * the problem, with *@at the offset of the offending byte. */
static const char *field_problem(const unsigned char *s, size_t n, size_t *at, char why[128])
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		*at = i;
		if (k == 0) {
			snprintf(why, 128, "byte 0x%02X is not UTF-8 text", s[i]);
			return why;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
		    (cp >= 0x80 && cp < 0xA0)) {
			snprintf(why, 128, "control character U+%04X is not allowed (a text may"
				 " hold tabs and line breaks, but no other control character)",
				 (unsigned)cp);
			return why;
		}
		i += k;
	}
	return NULL;
}

/* The name of field @i of a row, for messages: its column once the
 * header is read. */
static const char *field_name(const struct importer *im, size_t i, char out[48])
{
	if (im->header_done && i < im->ncols)
		snprintf(out, 48, "column %s", column_names[im->map[i]]);
	else
		snprintf(out, 48, "%sfield %zu", im->header_done ? "" : "header ", i + 1);
	return out;
}

/* @s as a message may quote it (str_excerpt()). Valid until the next
 * call. */
static const char *shown(struct importer *im, const char *s)
{
	char *p = str_excerpt(s, 60);

	snprintf(im->shown, sizeof(im->shown), "%s", p);
	free(p);
	return im->shown;
}

static void on_field(void *s, size_t len, void *data)
{
	struct importer *im = data;

	if (im->failed)
		return;
	if (!im->row_started) {
		im->row_started = true;
		im->row_line = im->next_row_line;
	}
	if (im->nfields == MAX_FIELDS) {
		im->too_many = true;
		return;
	}
	size_t at;
	char why[128], name[48];
	if (field_problem(s, len, &at, why)) {
		/* The field ends on this line: the byte is as many lines up as
		 * there are line feeds after it. */
		unsigned long line = im->line;
		for (size_t i = at; i < len; i++)
			line -= ((const char *)s)[i] == '\n';
		fail_at(im, line, "%s: %s", field_name(im, im->nfields, name), why);
		return;
	}
	im->lines[im->nfields] = im->line;
	for (size_t i = 0; i < len; i++)
		im->lines[im->nfields] -= ((const char *)s)[i] == '\n';
	im->offs[im->nfields++] = im->text.len;
	if (len)
		buf_append(&im->text, s, len);
	buf_putc(&im->text, '\0');
}


static const char *const column_names[C_COUNT] = {
	"session_id", "session_label", "cohort", "mode", "pack_id", "pack_version",
	"scenario_id", "scenario_title", "framework", "participant", "stage", "principle",
	"stance", "kind", "entry_id", "text", "revision", "created_at", "updated_at",
	"position", "deleted", "pack_option", "owner",
};

static void read_header(struct importer *im)
{
	bool seen[C_COUNT] = {false};

	if (im->too_many) {
		fail_at(im, im->row_line, "too many columns for a responses export");
		return;
	}
	for (size_t i = 0; i < im->nfields; i++) {
		int c = -1;
		for (int k = 0; k < C_COUNT; k++)
			if (strcmp(im->fields[i], column_names[k]) == 0)
				c = k;
		if (c < 0) {
			fail_at(im, im->row_line, "unknown column '%s': this is not a responses"
				" export (see dilemma(1), EXPORT TABLES)", shown(im, im->fields[i]));
			return;
		}
		if (seen[c]) {
			fail_at(im, im->row_line, "column '%s' appears twice", shown(im, im->fields[i]));
			return;
		}
		seen[c] = true;
		im->map[i] = c;
	}
	for (int k = 0; k < C_REQUIRED; k++) {
		if (!seen[k]) {
			fail_at(im, im->row_line, "column '%s' is missing: this is not a responses"
				" export (see dilemma(1), EXPORT TABLES)", column_names[k]);
			return;
		}
	}
	im->ncols = im->nfields;
	im->header_done = true;
}

/* Undo the export's formula neutralising: '=... was written for =... */
static const char *text_of(const struct importer *im, const char *s)
{
	if (!im->raw && csvout_is_neutralised(s))
		return s + 1;
	return s;
}

static bool parse_int(const char *s, int64_t min, int64_t *out)
{
	char *end;
	long long v;

	if (!s[0] || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min)
		return false;
	*out = v;
	return true;
}

/* Whether @s is a UTC time as dilemma writes it, YYYY-MM-DDTHH:MM:SSZ,
 * and a real one: the month 1-12, the day in that month (29 February only
 * in a leap year), the hour 0-23, minutes and seconds 0-59, the year 1970
 * or later. strptime() alone takes 31 February and second 61. */
static bool valid_time(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int v[6] = {0};

	if (strlen(s) != sizeof(form) - 1)
		return false;
	for (size_t i = 0, k = 0; form[i]; i++) {
		if (form[i] != 'd') {
			if (s[i] != form[i])
				return false;
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	int year = v[0], month = v[1], day = v[2];
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return year >= 1970 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= mdays[month - 1] - (month == 2 && !leap) && v[3] <= 23 && v[4] <= 59 &&
	       v[5] <= 59;
}

/* A session id is what dilemma makes: a UUID in its canonical form, lower
 * case (8-4-4-4-12 hex digits). Nothing else is taken, so that an id can
 * never be cut, nor be the prefix of another one. */
static bool valid_id(const char *s)
{
	if (strlen(s) != SESSION_ID_LEN - 1)
		return false;
	for (int i = 0; s[i]; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
		if (dash ? s[i] != '-' : !hex)
			return false;
	}
	return true;
}

static void read_row(struct importer *im)
{
	const char *f[C_COUNT] = {0};
	struct store_row r = {0};
	enum ndm_stage stage;
	enum entry_kind kind;
	enum stance stance;
	enum session_mode mode;
	int64_t deleted = 0;

	if (im->too_many || im->nfields != im->ncols) {
		fail_at(im, im->row_line, "%s%zu fields where the header has %zu",
			im->too_many ? "more than " : "", im->nfields, im->ncols);
		return;
	}
	for (size_t i = 0; i < im->nfields; i++) {
		f[im->map[i]] = text_of(im, im->fields[i]);
		im->col_line[im->map[i]] = im->lines[i];
	}
	if (!valid_id(f[C_SESSION_ID])) {
		fail_col(im, C_SESSION_ID, "'%s' is not a session id (a UUID in lower case, such as"
			 " 0f8fad5b-d9cb-469f-a165-70867728950e)", shown(im, f[C_SESSION_ID]));
		return;
	}
	if (!session_mode_from_id(f[C_MODE], &mode)) {
		fail_col(im, C_MODE, "'%s' is not solo or panel", shown(im, f[C_MODE]));
		return;
	}
	if (!f[C_PACK_ID][0]) {
		fail_col(im, C_PACK_ID, "empty: every session was worked on a pack");
		return;
	}
	if (!parse_int(f[C_PACK_VERSION], 0, &r.pack_version)) {
		fail_col(im, C_PACK_VERSION, "'%s' is not a whole number of 0 or more",
			 shown(im, f[C_PACK_VERSION]));
		return;
	}
	if (!f[C_SCENARIO_ID][0]) {
		fail_col(im, C_SCENARIO_ID, "empty: every session was worked on a scenario");
		return;
	}
	if (!ndm_stage_from_id(f[C_STAGE], &stage)) {
		fail_col(im, C_STAGE, "'%s' is not an NDM stage id (ethics, information,"
			 " assessment, powers, options or action)", shown(im, f[C_STAGE]));
		return;
	}
	if (!stance_from_id(f[C_STANCE], &stance)) {
		fail_col(im, C_STANCE, "'%s' is not upholds, tension or neutral (or empty)",
			 shown(im, f[C_STANCE]));
		return;
	}
	if (!entry_kind_from_id(f[C_KIND], &kind)) {
		fail_col(im, C_KIND, "'%s' is not an entry kind", shown(im, f[C_KIND]));
		return;
	}
	if (kind == ENTRY_PRINCIPLE && !f[C_PRINCIPLE][0]) {
		fail_col(im, C_PRINCIPLE, "empty, but the row's kind is principle");
		return;
	}
	if (!parse_int(f[C_ENTRY_ID], 1, &r.entry_id)) {
		fail_col(im, C_ENTRY_ID, "'%s' is not a whole number of 1 or more",
			 shown(im, f[C_ENTRY_ID]));
		return;
	}
	if (!parse_int(f[C_REVISION], 1, &r.revision)) {
		fail_col(im, C_REVISION, "'%s' is not a whole number of 1 or more",
			 shown(im, f[C_REVISION]));
		return;
	}
	if (f[C_POSITION] && !parse_int(f[C_POSITION], INT64_MIN, &r.position)) {
		fail_col(im, C_POSITION, "'%s' is not a whole number", shown(im, f[C_POSITION]));
		return;
	}
	if (f[C_DELETED] && (!parse_int(f[C_DELETED], 0, &deleted) || deleted > 1)) {
		fail_col(im, C_DELETED, "'%s' is not 0 or 1", shown(im, f[C_DELETED]));
		return;
	}
	if (f[C_PACK_OPTION] && !parse_int(f[C_PACK_OPTION], 0, &r.pack_option)) {
		fail_col(im, C_PACK_OPTION, "'%s' is not a whole number of 0 or more",
			 shown(im, f[C_PACK_OPTION]));
		return;
	}
	for (int c = C_CREATED_AT; c <= C_UPDATED_AT; c++) {
		if (!valid_time(f[c])) {
			fail_col(im, c, "'%s' is not a UTC time such as 2026-01-31T14:05:00Z (a"
				 " real date and time, in that form)", shown(im, f[c]));
			return;
		}
	}
	/* Times of this form compare as text. */
	if (strcmp(f[C_UPDATED_AT], f[C_CREATED_AT]) < 0) {
		fail_col(im, C_UPDATED_AT, "%s is before the entry's created_at %s: a revision"
			 " cannot be saved before its entry was made", f[C_UPDATED_AT],
			 f[C_CREATED_AT]);
		return;
	}
	r.session_id = f[C_SESSION_ID];
	r.session_label = f[C_SESSION_LABEL];
	r.cohort = f[C_COHORT];
	r.mode = f[C_MODE];
	r.pack_id = f[C_PACK_ID];
	r.scenario_id = f[C_SCENARIO_ID];
	r.scenario_title = f[C_SCENARIO_TITLE];
	r.framework = f[C_FRAMEWORK];
	r.participant = f[C_PARTICIPANT];
	r.stage = f[C_STAGE];
	r.principle = f[C_PRINCIPLE];
	r.stance = f[C_STANCE];
	r.kind = f[C_KIND];
	r.text = f[C_TEXT];
	r.created_at = f[C_CREATED_AT];
	r.updated_at = f[C_UPDATED_AT];
	r.deleted = deleted != 0;
	r.owner = f[C_OWNER] ? f[C_OWNER] : "";
	r.carries = (f[C_POSITION] ? STORE_ROW_POSITION : 0u) |
		    (f[C_DELETED] ? STORE_ROW_DELETED : 0u) |
		    (f[C_PACK_OPTION] ? STORE_ROW_PACK_OPTION : 0u) | (f[C_OWNER] ? STORE_ROW_OWNER : 0u);
	if (!store_import_row(im->st, &r, &im->res->stats, im->err)) {
		char msg[sizeof(im->err->message)];
		memcpy(msg, im->err->message, sizeof(msg));
		enum store_code code = im->err->code;
		im->failed = false;
		fail_at(im, im->row_line, "%s", msg);
		im->err->code = code;
		return;
	}
	im->res->rows++;
}

static void on_row(int c, void *data)
{
	struct importer *im = data;

	for (size_t i = 0; i < im->nfields; i++)
		im->fields[i] = im->text.data + im->offs[i];
	if (!im->failed) {
		if (!im->header_done)
			read_header(im);
		else
			read_row(im);
	}
	clear_fields(im);
	/* The terminator is on the line being fed: the next row starts after. */
	im->next_row_line = im->line + 1;
}

static int no_space(unsigned char c)
{
	return 0;
}

bool import_csv(struct store *st, FILE *in, const char *name, bool raw,
		struct import_result *res, struct store_error *err)
{
	struct importer im = {
		.st = st, .name = name, .raw = raw, .res = res, .err = err, .line = 1,
		.next_row_line = 1,
	};
	struct csv_parser p;
	char *buf = xmalloc(65536);
	size_t have = 0, n;
	bool first = true, eof = false;

	memset(res, 0, sizeof(*res));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		die("cannot start the CSV parser");
	csv_set_space_func(&p, no_space);
	if (!store_import_begin(st, err)) {
		csv_free(&p);
		free(buf);
		return false;
	}
	while (!im.failed && !eof) {
		n = fread(buf + have, 1, 65536 - have, in);
		if (n == 0) {
			if (ferror(in)) {
				err->code = STORE_IO;
				snprintf(err->message, sizeof(err->message), "%s: cannot read: %s",
					 name, strerror(errno));
				im.failed = true;
				break;
			}
			eof = true;
		}
		have += n;
		char *start = buf;
		if (first && have >= 3) {
			if (memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				start += 3;
			first = false;
		} else if (first && eof) {
			first = false;
		} else if (first) {
			continue;
		}
		char *end = buf + have;
		/* Feed whole lines; keep a partial last line for the next read
		 * unless the file ended or the buffer is full of one long line. */
		while (!im.failed && start < end) {
			char *nl = memchr(start, '\n', (size_t)(end - start));
			size_t len;
			if (nl)
				len = (size_t)(nl - start) + 1;
			else if (eof || start == buf)
				len = (size_t)(end - start);
			else
				break;
			if (csv_parse(&p, start, len, on_field, on_row, &im) != len) {
				fail_at(&im, im.line, "not valid CSV: %s (a quote inside a field"
					" must be doubled, and a quoted field must end with a quote"
					" followed by a comma or the end of the line)",
					csv_strerror(csv_error(&p)));
				break;
			}
			if (nl)
				im.line++;
			start += len;
		}
		have = (size_t)(end - start);
		memmove(buf, start, have);
	}
	if (!im.failed && csv_fini(&p, on_field, on_row, &im) != 0)
		fail_at(&im, im.row_started ? im.row_line : im.next_row_line,
			"not valid CSV: a quoted field is not closed before the end of the file");
	if (!im.failed && !im.header_done)
		fail_at(&im, 1, "the file is empty: a responses export has a header row");
	clear_fields(&im);
	buf_finish(&im.text);
	csv_free(&p);
	free(buf);
	if (im.failed) {
		store_import_abort(st);
		return false;
	}
	return store_import_commit(st, err);
}
