/*
 * pack_value.c - one YAML scalar turned into the value the schema wants
 * there (see pack_private.h): a text, an id, a whole number, a stage, a
 * framework or principle reference, each checked with its own message.
 *
 * Texts are not copied into the arena when they fit in the part of the
 * file's buffer that libyaml has already read (text_alloc()): a big pack
 * then costs no second copy of its texts.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_private.h"

bool scalar_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return n == 0 || (n == 1 && v[0] == '~') ||
	       (n == 4 && (memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 ||
			   memcmp(v, "NULL", 4) == 0));
}

/* Room for a text of @n bytes and its NUL: in the already-read part of
 * the file buffer when it fits, else in the arena. */
static char *text_alloc(struct loader *L, size_t n)
{
	if (L->reuse) {
		size_t consumed = (size_t)(L->parser->input.string.current - L->reuse);
		if (consumed - L->reused > n) {
			char *t = (char *)L->reuse + L->reused;
			L->reused += n + 1;
			return t;
		}
	}
	return arena_alloc(L->arena, n + 1, 1);
}

/* Only double-quoted scalars can hold characters the raw-file check has
 * not seen (through escapes such as "\0" or "\x07"): check them. */
bool quoted_text_ok(struct loader *L, const unsigned char *v, size_t n, struct pos at)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(v + i, n - i, &cp);
		const char *why;

		if (!k) { /* libyaml hands out UTF-8; be safe anyway */
			loader_error(L, at, "invalid UTF-8 in a quoted text");
			return false;
		}
		if (cp == '\r' && i + 1 < n && v[i + 1] == '\n')
			why = NULL;
		else if (cp != '\t' && cp != '\n')
			why = raw_code_point_problem(cp);
		else
			why = NULL;
		if (why) {
			loader_error(L, at, "%s U+%04" PRIX32 " in a quoted text is not allowed "
				     "(TAB and line feed are the only control characters a text "
				     "may hold)", why, cp);
			return false;
		}
		i += k;
	}
	return true;
}

/* The scalar's text copied into the arena; a double-quoted one is checked
 * first (NULL when it is bad), and CRLF written in it as "\r\n" becomes
 * LF like a real line end. */
static const char *scalar_text(struct loader *L, const yaml_event_t *ev, struct pos at)
{
	const unsigned char *v = ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	char *t;
	size_t o = 0;

	if (ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
		t = text_alloc(L, n);
		memcpy(t, v, n);
		t[n] = '\0';
		return t;
	}
	if (!quoted_text_ok(L, v, n, at))
		return NULL; /* reported; the pack will not load */
	t = text_alloc(L, n);
	for (size_t i = 0; i < n; i++)
		if (!(v[i] == '\r' && i + 1 < n && v[i + 1] == '\n'))
			t[o++] = (char)v[i];
	t[o] = '\0';
	return t;
}

static bool id_ok(const char *s)
{
	size_t n = 0;

	if (*s == '-')
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '-'))
			return false;
	return n > 0 && n <= ID_MAX;
}

static void slot_store(struct loader *L, struct slot s, const void *value, size_t size)
{
	if (s.key) {
		memcpy(s.parent->base + s.key->off, value, size);
	} else {
		buf_append(&L->scratch, (const char *)value, size);
		s.parent->count++;
	}
}

const char *slot_what(struct slot s, char out[96])
{
	if (s.key)
		snprintf(out, 96, "'%s'", s.key->name);
	else
		snprintf(out, 96, "an item of '%s'", s.parent->key);
	return out;
}

/* Where in the file the character at byte @off of the text @t of @ev is:
 * exact when the scalar is on one line and as long in the file as its
 * text (no escapes before it), else the scalar's start. */
static struct pos char_pos(const yaml_event_t *ev, const char *t, size_t off)
{
	struct pos at = mark_pos(ev->start_mark);
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t quotes = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? 2 : 0;
	size_t chars = 0, before = 0;

	if (style != YAML_PLAIN_SCALAR_STYLE && !quotes)
		return at; /* a block scalar starts with its indicator line */
	for (size_t i = 0; t[i]; i++) {
		if (((unsigned char)t[i] & 0xC0) != 0x80) {
			chars++;
			if (i < off)
				before++;
		}
	}
	if (ev->start_mark.line != ev->end_mark.line ||
	    ev->end_mark.column - ev->start_mark.column != chars + quotes)
		return at;
	at.col += (unsigned)(before + quotes / 2);
	return at;
}

/* A name (a title, a principle's or framework's name) must read as what it
 * is: refuse the characters that change how the text around them reads
 * without being seen (char_is_invisible()). */
static bool name_ok(struct loader *L, const yaml_event_t *ev, const char *t, struct slot s)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t n = strlen(t);
	char what[96];

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, n - i, &cp);
		if (!k) /* the raw-file check saw to that; be safe anyway */
			k = 1;
		else if (char_is_invisible(cp)) {
			loader_error(L, char_pos(ev, t, i), "%s holds the invisible character "
				     "U+%04" PRIX32 ", which can make it read as something "
				     "else; titles and names may not hold bidi controls or "
				     "zero-width characters", slot_what(s, what), cp);
			return false;
		}
		i += k;
	}
	return true;
}

void value_from_scalar(struct loader *L, enum vtype type, const yaml_event_t *ev,
		       struct slot s)
{
	struct pos at = mark_pos(ev->start_mark);
	const char *v = (const char *)ev->data.scalar.value;
	char what[96], sh[128];
	const char *t;

	if (type == V_INT || type == V_MINUTES) {
		long n = 0;
		bool ok = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			  ev->data.scalar.length > 0 &&
			  !(v[0] == '0' && ev->data.scalar.length > 1);
		for (size_t i = 0; ok && i < ev->data.scalar.length; i++) {
			ok = v[i] >= '0' && v[i] <= '9' && n <= (INT_MAX - (v[i] - '0')) / 10;
			n = n * 10 + (v[i] - '0');
		}
		if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			loader_error(L, at, "%s must be a whole number written without "
				     "quotes, like 3", slot_what(s, what));
		else if (!ok && type == V_MINUTES)
			loader_error(L, at, "%s must be a whole number of minutes from 1 to %d, "
				     "like 10, not '%s'", slot_what(s, what), PACK_MAX_TIMEBOX,
				     msg_excerpt(v, ev->data.scalar.length, sh));
		else if (!ok)
			loader_error(L, at, "%s must be a whole number from 0 to %d, like 3, "
				     "not '%s'", slot_what(s, what), INT_MAX,
				     msg_excerpt(v, ev->data.scalar.length, sh));
		else if (type == V_MINUTES && (n < 1 || n > PACK_MAX_TIMEBOX))
			loader_error(L, at, "%s must be a whole number of minutes from 1 to %d, "
				     "not %ld", slot_what(s, what), PACK_MAX_TIMEBOX, n);
		else
			slot_store(L, s, &n, sizeof(n));
		return;
	}

	if (scalar_is_null(ev) || str_blank(v)) {
		if (s.key && !s.key->required) {
			/* an empty optional value is a value left out */
			s.parent->nulls |= 1u << s.parent->cur_index;
			return;
		}
		if (s.key)
			loader_error(L, at, "%s is empty", slot_what(s, what));
		else
			loader_error(L, at, "empty item in '%s'", s.parent->key);
		return;
	}
	t = scalar_text(L, ev, at);
	if (!t)
		return;

	switch (type) {
	case V_ID:
	case V_SCENARIO_ID:
	case V_PRINCIPLE_ID:
	case V_REF:
		if (!id_ok(t)) {
			loader_error(L, at, "%s must be an id: 1 to %d lower-case letters, "
				     "digits and '-', not starting with '-' (not '%s')",
				     slot_what(s, what), ID_MAX, msg_excerpt(t, strlen(t), sh));
			return;
		}
		if (type == V_SCENARIO_ID || type == V_PRINCIPLE_ID) {
			struct idset *set = type == V_SCENARIO_ID ? &L->scenario_ids
								  : &L->principle_ids;
			const struct pos *first = idset_add(set, t, at);
			if (first)
				loader_error(L, at, "duplicate %s id '%s' (first used at line "
					     "%u, column %u)", type == V_SCENARIO_ID ? "scenario"
					     : "principle", t, first->line, first->col);
		}
		if (type == V_REF) {
			if (L->nrefs == L->refs_cap) {
				L->refs_cap = L->refs_cap ? 2 * L->refs_cap : 256;
				L->refs = xreallocarray(L->refs, L->refs_cap, sizeof(*L->refs));
			}
			L->refs[L->nrefs++] = (struct ref){t, at};
		}
		slot_store(L, s, &t, sizeof(t));
		return;
	case V_STAGE: {
		enum ndm_stage st;
		if (!ndm_stage_from_id(t, &st)) {
			const char *names[NDM_STAGE_COUNT];
			struct buf b = {0};
			for (int i = 0; i < NDM_STAGE_COUNT; i++)
				names[i] = ndm_stage_id((enum ndm_stage)i);
			buf_printf(&b, "unknown stage '%s'", msg_excerpt(t, strlen(t), sh));
			msg_hint(&b, t, names, NDM_STAGE_COUNT, "the stages are", true);
			loader_error(L, at, "%s", b.data);
			buf_finish(&b);
			return;
		}
		slot_store(L, s, &st, sizeof(st));
		return;
	}
	case V_NAME:
		if (name_ok(L, ev, t, s))
			slot_store(L, s, &t, sizeof(t));
		return;
	case V_FRAMEWORK:
		/* checked once the pack is read: see finish_pack() */
		slot_store(L, s, &t, sizeof(t));
		L->framework_at = at;
		return;
	default:
		slot_store(L, s, &t, sizeof(t));
		return;
	}
}
