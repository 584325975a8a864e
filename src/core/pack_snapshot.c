/*
 * pack_snapshot.c - one scenario written out as a pack of its own (see
 * pack_snapshot() in pack.h).
 *
 * A session keeps the scenario it worked on as this text, so that it can
 * be shown and exported as it was even after the pack file changes. The
 * text goes through libyaml's emitter, which picks a quoting style that
 * reads back to the same string; the framework is written out as the
 * pack's own `principles:` so that the snapshot needs nothing else.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "dilemma/pack.h"
#include "dilemma/util.h"

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

static void key_text(struct emit *e, const char *key, const char *value)
{
	if (!value)
		return;
	scalar(e, key);
	scalar(e, value);
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

static void key_list(struct emit *e, const char *key, const char *const *items, size_t n,
		     bool flow)
{
	if (!n)
		return;
	scalar(e, key);
	seq_start(e, flow);
	for (size_t i = 0; i < n; i++)
		scalar(e, items[i]);
	seq_end(e);
}

static void scenario(struct emit *e, const struct pack_scenario *sc)
{
	bool any_prompts = false;

	map_start(e, false);
	key_text(e, "id", sc->id);
	key_text(e, "title", sc->title);
	key_list(e, "tags", sc->tags, sc->ntags, true);
	key_text(e, "situation", sc->situation);
	key_text(e, "question", sc->question);
	for (int s = 0; s < NDM_STAGE_COUNT; s++)
		any_prompts |= sc->nprompts[s] > 0;
	if (any_prompts) {
		scalar(e, "prompts");
		map_start(e, false);
		for (int s = 0; s < NDM_STAGE_COUNT; s++)
			key_list(e, ndm_stage_id((enum ndm_stage)s), sc->prompts[s],
				 sc->nprompts[s], false);
		map_end(e);
	}
	if (sc->ninjects) {
		scalar(e, "injects");
		seq_start(e, false);
		for (size_t i = 0; i < sc->ninjects; i++) {
			map_start(e, false);
			key_text(e, "stage", ndm_stage_id(sc->injects[i].stage));
			key_text(e, "text", sc->injects[i].text);
			map_end(e);
		}
		seq_end(e);
	}
	key_list(e, "options", sc->options, sc->noptions, false);
	if (sc->nconsiderations) {
		scalar(e, "considerations");
		seq_start(e, false);
		for (size_t i = 0; i < sc->nconsiderations; i++) {
			const struct pack_consideration *c = &sc->considerations[i];
			map_start(e, false);
			key_list(e, "principles", c->principles, c->nprinciples, true);
			key_text(e, "text", c->text);
			map_end(e);
		}
		seq_end(e);
	}
	key_text(e, "notes", sc->notes);
	map_end(e);
}

char *pack_snapshot(const struct pack *pack, const struct pack_scenario *sc,
		    const struct framework *fw)
{
	struct emit e = {.ok = true};
	struct buf out = {0};
	char version[32];

	if (!fw)
		fw = &pack->framework;
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
	map_start(&e, false);
	key_text(&e, "pack", pack->id);
	key_text(&e, "title", pack->title);
	snprintf(version, sizeof(version), "%ld", pack->version);
	scalar(&e, "version");
	scalar(&e, version);
	key_text(&e, "language", pack->language);
	key_text(&e, "source", pack->source);
	key_text(&e, "description", pack->description);
	key_text(&e, "framework-name", fw->name);
	scalar(&e, "principles");
	seq_start(&e, false);
	for (size_t i = 0; i < fw->count; i++) {
		map_start(&e, false);
		key_text(&e, "id", fw->principles[i].id);
		key_text(&e, "name", fw->principles[i].name);
		key_text(&e, "summary", fw->principles[i].summary);
		map_end(&e);
	}
	seq_end(&e);
	scalar(&e, "scenarios");
	seq_start(&e, false);
	scenario(&e, sc);
	seq_end(&e);
	map_end(&e);
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
