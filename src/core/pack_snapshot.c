/*
 * pack_snapshot.c - one scenario written out as a pack of its own (see
 * pack_snapshot.h).
 *
 * A session keeps the scenario it worked on as this text, so that it can
 * be shown and exported as it was even after the pack file changes. The
 * writer walks the loader's own schema tables (pack_schema.c), so every
 * key the loader reads is written back, in the tables' order, with no
 * list of keys here to keep in step. The text goes through libyaml's
 * emitter, which picks a quoting style that reads back to the same
 * string; the framework is written out as the pack's own `principles:`
 * so that the snapshot needs nothing else.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "dilemma/pack_snapshot.h"
#include "pack_private.h"

struct emit {
	yaml_emitter_t em;
	yaml_event_t ev;
	bool ok;
};

static int write_out(void *data, unsigned char *buffer, size_t size)
{
	buf_append(data, (const char *)buffer, size);
	return 1;
}

static void send(struct emit *e)
{
	if (e->ok && !yaml_emitter_emit(&e->em, &e->ev))
		e->ok = false;
}

/* A plain scalar that the loader would read as "nothing" must be quoted. */
static bool looks_null(const char *s)
{
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	       strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static void scalar(struct emit *e, const char *s)
{
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

	if (!e->ok)
		return;
	if (strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (looks_null(s))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	if (!yaml_scalar_event_initialize(&e->ev, NULL, NULL, (yaml_char_t *)s,
					  (int)strlen(s), 1, 1, style))
		e->ok = false;
	else
		send(e);
}

static void map_start(struct emit *e, bool flow)
{
	if (e->ok && !yaml_mapping_start_event_initialize(&e->ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE))
		e->ok = false;
	send(e);
}

static void map_end(struct emit *e)
{
	if (e->ok && !yaml_mapping_end_event_initialize(&e->ev))
		e->ok = false;
	send(e);
}

static void seq_start(struct emit *e, bool flow)
{
	if (e->ok && !yaml_sequence_start_event_initialize(&e->ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE))
		e->ok = false;
	send(e);
}

static void seq_end(struct emit *e)
{
	if (e->ok && !yaml_sequence_end_event_initialize(&e->ev))
		e->ok = false;
	send(e);
}

static void emit_map(struct emit *e, enum vtype type, const unsigned char *obj);

/* One value of the schema's @type stored at @at: a text (NULL is left
 * out), a number, a stage, or an object of a mapping type. */
static void emit_scalar(struct emit *e, enum vtype type, const unsigned char *at)
{
	const char *text;
	char number[32];

	switch (type) {
	case V_INT:
	case V_MINUTES: {
		long n;
		memcpy(&n, at, sizeof(n));
		snprintf(number, sizeof(number), "%ld", n);
		scalar(e, number);
		return;
	}
	case V_STAGE: {
		enum ndm_stage st;
		memcpy(&st, at, sizeof(st));
		scalar(e, ndm_stage_id(st));
		return;
	}
	default:
		memcpy(&text, at, sizeof(text));
		scalar(e, text);
		return;
	}
}

/* Whether key @k of the object at @obj has a value to write: a text that
 * is not NULL, a list that is not empty, prompts for some stage. */
static bool has_value(const struct keyspec *k, const unsigned char *obj)
{
	const void *p;
	size_t n;

	switch (schema[k->type].shape) {
	case S_LIST:
		memcpy(&n, obj + k->count_off, sizeof(n));
		return n > 0;
	case S_MAP: /* a map by stage: its values in the scenario itself */
		for (int s = 0; s < NDM_STAGE_COUNT; s++) {
			struct keyspec stage = schema_stage_key(k->type, (enum ndm_stage)s);
			if (has_value(&stage, obj))
				return true;
		}
		return false;
	default:
		if (k->type == V_MINUTES) {
			long minutes;
			memcpy(&minutes, obj + k->off, sizeof(minutes));
			return minutes > 0;
		}
		if (k->type == V_INT || k->type == V_STAGE)
			return true;
		memcpy(&p, obj + k->off, sizeof(p));
		return p != NULL;
	}
}

static void emit_key(struct emit *e, const struct keyspec *k, const unsigned char *obj)
{
	const struct vinfo *vi = &schema[k->type];

	if (!has_value(k, obj))
		return;
	scalar(e, k->name);
	if (vi->shape == S_SCALAR) {
		emit_scalar(e, k->type, obj + k->off);
	} else if (vi->shape == S_MAP) {
		emit_map(e, k->type, obj);
	} else {
		const unsigned char *items;
		size_t n;
		memcpy(&items, obj + k->off, sizeof(items));
		memcpy(&n, obj + k->count_off, sizeof(n));
		seq_start(e, k->flow);
		for (size_t i = 0; i < n; i++) {
			const unsigned char *item = items + i * vi->elem_size;
			if (schema[vi->elem].shape == S_MAP)
				emit_map(e, vi->elem, item);
			else
				emit_scalar(e, vi->elem, item);
		}
		seq_end(e);
	}
}

/* The object at @obj as the mapping of @type, its keys in the schema's
 * order. */
static void emit_map(struct emit *e, enum vtype type, const unsigned char *obj)
{
	const struct vinfo *vi = &schema[type];

	map_start(e, false);
	if (vi->by_stage) {
		for (int s = 0; s < NDM_STAGE_COUNT; s++) {
			struct keyspec k = schema_stage_key(type, (enum ndm_stage)s);
			emit_key(e, &k, obj);
		}
	}
	for (size_t i = 0; i < vi->nkeys; i++)
		emit_key(e, &vi->keys[i], obj);
	map_end(e);
}

char *pack_snapshot(const struct pack *pack, const struct pack_scenario *sc,
		    const struct framework *fw)
{
	struct emit e = {.ok = true};
	struct buf out = {0};
	/* The pack as the snapshot holds it: the one scenario, and the
	 * framework's principles as the pack's own (no `framework:` id, which
	 * the loader refuses beside them). */
	struct pack view = *pack;

	view.framework = fw ? *fw : pack->framework;
	view.framework.id = NULL;
	view.own_principles = true;
	view.scenarios = sc;
	view.nscenarios = 1;
	if (!yaml_emitter_initialize(&e.em))
		return NULL;
	yaml_emitter_set_output(&e.em, write_out, &out);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_width(&e.em, -1);
	yaml_emitter_set_indent(&e.em, 2);

	if (!yaml_stream_start_event_initialize(&e.ev, YAML_UTF8_ENCODING))
		e.ok = false;
	send(&e);
	if (e.ok && !yaml_document_start_event_initialize(&e.ev, NULL, NULL, NULL, 1))
		e.ok = false;
	send(&e);
	emit_map(&e, V_PACK, (const unsigned char *)&view);
	if (e.ok && !yaml_document_end_event_initialize(&e.ev, 1))
		e.ok = false;
	send(&e);
	if (e.ok && !yaml_stream_end_event_initialize(&e.ev))
		e.ok = false;
	send(&e);
	if (e.ok && !yaml_emitter_flush(&e.em))
		e.ok = false;
	yaml_emitter_delete(&e.em);
	if (!e.ok) {
		buf_finish(&out);
		return NULL;
	}
	return buf_steal(&out);
}
