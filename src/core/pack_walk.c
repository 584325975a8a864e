/*
 * pack_walk.c - libyaml's events walked against the schema (see
 * pack_private.h and pack_schema.c).
 *
 * There is no document tree: a stack of frames follows the nesting, one
 * per mapping or list being read; values go straight into the pack being
 * built (pack_value.c), and lists are collected on one scratch stack and
 * copied into the arena when they end. Checks that need a whole mapping
 * (required keys) run at its end, and those that need the whole pack (its
 * framework, the principles its considerations name) at the end of the
 * pack's own mapping.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "pack_private.h"

static void put_ptr(unsigned char *dst, const void *p)
{
	memcpy(dst, &p, sizeof(p));
}

static void put_size(unsigned char *dst, size_t n)
{
	memcpy(dst, &n, sizeof(n));
}

/* ------------------------------------------------------------------ */
/* The event walk.                                                     */

enum kind { K_SCALAR, K_LIST, K_MAP, K_ALIAS };

static const char *const kind_what[] = {
	[K_SCALAR] = "a text", [K_LIST] = "a list", [K_MAP] = "a mapping",
	[K_ALIAS] = "an alias",
};

static struct frame *push(struct loader *L, enum vtype type, struct pos at, const char *key)
{
	struct frame *f;

	if (L->depth == PACK_MAX_DEPTH) {
		loader_fatal(L, at, "nesting deeper than %d levels; a pack never needs that many",
			     PACK_MAX_DEPTH);
		return NULL;
	}
	f = &L->stack[L->depth++];
	f->type = type;
	f->start = at;
	f->key = key;
	f->want_value = false;
	f->seen = 0;
	f->nulls = 0;
	f->count = 0;
	f->scratch_start = L->scratch.len;
	return f;
}

/* Look @name up among the keys of map frame @f; fills f->cur. Returns the
 * key's index (for the seen bits), or -1 when there is no such key. */
static int lookup_key(struct frame *f, const char *name)
{
	const struct vinfo *vi = &schema[f->type];

	if (vi->by_stage) {
		enum ndm_stage st;
		if (!ndm_stage_from_id(name, &st))
			return -1;
		f->cur = schema_stage_key(f->type, st);
		return (int)st;
	}
	for (size_t i = 0; i < vi->nkeys; i++) {
		if (vi->keys[i].name[0] == name[0] && strcmp(vi->keys[i].name, name) == 0) {
			f->cur = vi->keys[i];
			return (int)i;
		}
	}
	return -1;
}

static void unknown_key(struct loader *L, struct frame *f, const char *name, size_t len,
			struct pos at)
{
	const struct vinfo *vi = &schema[f->type];
	const char *names[MAX_KEYS];
	size_t n = 0;
	struct buf b = {0};
	char sh[128];

	if (vi->by_stage) {
		for (int i = 0; i < NDM_STAGE_COUNT; i++)
			names[n++] = ndm_stage_id((enum ndm_stage)i);
		buf_printf(&b, "unknown stage '%s' in '%s'", msg_excerpt(name, len, sh),
			   vi->map_name);
		msg_hint(&b, name, names, n, "the stages are", true);
	} else {
		for (size_t i = 0; i < vi->nkeys; i++)
			names[n++] = vi->keys[i].name;
		buf_printf(&b, "unknown key '%s' in %s", msg_excerpt(name, len, sh), vi->map_name);
		msg_hint(&b, name, names, n, "the keys are", false);
	}
	if (f->type == V_PACK && f->seen == 0) {
		/* Maybe not a pack at all: hold the message back until the end
		 * of the mapping shows whether any pack key is there. */
		if (L->nheld == MAX_ERRORS) {
			loader_fatal(L, f->start, "this is not a pack: its top-level "
				     "mapping has none of the keys 'pack', 'title', "
				     "'version', 'scenarios' (see dilemma-pack(5))");
			buf_finish(&b);
			return;
		}
		if (msg_suggest(name, names, n))
			L->held_near++;
		L->held = xreallocarray(L->held, L->nheld + 1, sizeof(*L->held));
		L->held[L->nheld++] = (struct held_key){at, buf_steal(&b)};
		return;
	}
	loader_error(L, at, "%s", b.data);
	buf_finish(&b);
}

static void on_key(struct loader *L, struct frame *f, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct pos at = mark_pos(ev->start_mark);
	int i;

	f->want_value = true;
	if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    !quoted_text_ok(L, (const unsigned char *)name, len, at)) {
		/* "pack\0x" must not pass for 'pack' */
		f->cur.type = V_SKIP;
		return;
	}
	i = lookup_key(f, name);
	if (i < 0) {
		unknown_key(L, f, name, len, at);
		f->cur.type = V_SKIP;
		return;
	}
	if (f->seen & (1u << i)) {
		loader_error(L, at, "duplicate key '%s' (first given at line %u, column %u)",
			     f->cur.name, f->seen_at[i].line, f->seen_at[i].col);
		f->cur.type = V_SKIP;
		return;
	}
	f->seen |= 1u << i;
	f->seen_at[i] = at;
	f->cur_index = i;
}

static void begin_collection(struct loader *L, enum vtype type, struct pos at,
			     struct slot s)
{
	struct frame *f = push(L, type, at, s.key ? s.key->name : s.parent->key);

	if (!f)
		return;
	if (schema[type].shape == S_LIST) {
		f->dst = s.parent->base + s.key->off;
		f->dst_count = s.parent->base + s.key->count_off;
	} else if (schema[type].by_stage) {
		f->base = s.parent->base;
	} else {
		memset(&f->elem, 0, sizeof(f->elem));
		f->base = (unsigned char *)&f->elem;
		if (type == V_SCENARIO)
			f->elem.sc.line = at.line;
		else if (type == V_INJECT)
			f->elem.inj.line = at.line;
	}
}

/* A node where the schema wants @type. */
static void deliver(struct loader *L, enum vtype type, enum kind kind,
		    const yaml_event_t *ev, struct slot s)
{
	struct pos at = mark_pos(ev->start_mark);
	enum shape shape = schema[type].shape;
	char what[96];

	if (kind == K_ALIAS)
		return; /* already reported */
	if (type == V_SKIP) {
		if (kind != K_SCALAR)
			push(L, V_SKIP, at, NULL);
		return;
	}
	if (kind == K_SCALAR) {
		if (shape == S_SCALAR) {
			value_from_scalar(L, type, ev, s);
		} else if (scalar_is_null(ev) && s.key) {
			/* `tags:` with nothing after it: left out */
			if (s.key->required)
				loader_error(L, at, "'%s' is empty", s.key->name);
			else
				s.parent->nulls |= 1u << s.parent->cur_index;
		} else if (scalar_is_null(ev)) {
			loader_error(L, at, "empty item in '%s'; each item must be %s",
				     s.parent->key, schema[type].what);
		} else {
			loader_error(L, at, "%s must be %s, not a text", slot_what(s, what),
				     schema[type].what);
		}
		return;
	}
	if ((kind == K_LIST && shape == S_LIST) || (kind == K_MAP && shape == S_MAP)) {
		begin_collection(L, type, at, s);
		return;
	}
	loader_error(L, at, "%s must be %s, not %s", slot_what(s, what), schema[type].what,
		     kind_what[kind]);
	push(L, V_SKIP, at, NULL);
}

static void on_root(struct loader *L, enum kind kind, const yaml_event_t *ev)
{
	struct pos at = mark_pos(ev->start_mark);
	static const char *const not_pack =
		"a pack is a mapping with the keys 'pack', 'title', 'version' and "
		"'scenarios' (see dilemma-pack(5))";

	L->root_done = true;
	if (kind == K_MAP) {
		struct frame *f = push(L, V_PACK, at, "pack");
		f->base = (unsigned char *)L->pack;
	} else if (kind == K_SCALAR && scalar_is_null(ev)) {
		loader_fatal(L, at, "this is not a pack: the document is empty; %s", not_pack);
	} else if (kind != K_ALIAS) {
		loader_fatal(L, at, "this is not a pack: the file holds %s; %s", kind_what[kind],
			     not_pack);
	} else {
		L->fatal = true;
	}
}

static void on_node(struct loader *L, enum kind kind, const yaml_event_t *ev)
{
	struct frame *f;
	struct pos at = mark_pos(ev->start_mark);

	if (L->depth == 0) {
		if (L->root_done)
			loader_fatal(L, at, "unexpected content after the pack's mapping");
		else
			on_root(L, kind, ev);
		return;
	}
	f = &L->stack[L->depth - 1];
	switch (schema[f->type].shape) {
	case S_SKIP:
		if (kind == K_LIST || kind == K_MAP)
			push(L, V_SKIP, at, NULL);
		return;
	case S_LIST:
		deliver(L, schema[f->type].elem, kind, ev, (struct slot){f, NULL});
		return;
	case S_MAP:
		if (!f->want_value) {
			if (kind == K_SCALAR) {
				on_key(L, f, ev);
				return;
			}
			f->want_value = true;
			f->cur.type = V_SKIP;
			if (kind != K_ALIAS) {
				loader_error(L, at, "a key must be a plain text, not %s",
					     kind_what[kind]);
				push(L, V_SKIP, at, NULL);
			}
			return;
		}
		f->want_value = false;
		deliver(L, f->cur.type, kind, ev, (struct slot){f, &f->cur});
		return;
	case S_SCALAR:
		break;
	}
}

/* A top-level mapping without a single pack key is still taken for a pack
 * (with typos) when at least half its keys are near misses of pack keys:
 * "titel" and "scenarois" mean a pack, "time" among "player" and "action"
 * does not. */
static bool looks_like_pack(const struct loader *L)
{
	return L->held_near && 2 * L->held_near >= L->nheld;
}

static void report_held_keys(struct loader *L, bool is_pack, struct pos start)
{
	if (!is_pack)
		loader_error(L, start, "this is not a pack: its top-level mapping has none "
			     "of the keys 'pack', 'title', 'version', 'scenarios' (see "
			     "dilemma-pack(5))");
	for (size_t i = 0; i < L->nheld; i++) {
		if (is_pack)
			loader_error(L, L->held[i].at, "%s", L->held[i].msg);
		free(L->held[i].msg);
	}
	free(L->held);
	L->held = NULL;
	L->nheld = 0;
}

/* Once the whole pack is read: settle its framework and check every
 * principle a consideration names against it. */
static void finish_pack(struct loader *L, struct frame *f)
{
	struct pack *p = L->pack;
	unsigned given = f->seen & ~f->nulls;
	bool has_fw = given & (1u << PK_FRAMEWORK);
	bool has_pr = given & (1u << PK_PRINCIPLES);
	const struct framework *fw = NULL;
	char sh[128];

	if (has_fw && has_pr) {
		struct pos a = f->seen_at[PK_FRAMEWORK], b = f->seen_at[PK_PRINCIPLES];
		bool b_later = b.line > a.line || (b.line == a.line && b.col > a.col);
		loader_error(L, b_later ? b : a, "give either 'framework' (a built-in "
			     "framework) or 'principles' (the pack's own), not both");
		return;
	}
	if ((given & (1u << PK_FRAMEWORK_NAME)) && !has_pr)
		loader_error(L, f->seen_at[PK_FRAMEWORK_NAME], "'framework-name' names the pack's "
			     "own 'principles' and is only allowed with them");
	if (has_pr) {
		if (!p->framework.count) {
			loader_error(L, f->seen_at[PK_PRINCIPLES], "'principles' is empty");
			return;
		}
		p->framework.id = p->id;
		if (!p->framework.name)
			p->framework.name = p->title;
		p->own_principles = true;
		for (size_t i = 0; i < L->nrefs; i++)
			if (!idset_has(&L->principle_ids, L->refs[i].id))
				loader_error(L, L->refs[i].at, "unknown principle '%s': not "
					     "one of the pack's own 'principles'", L->refs[i].id);
		return;
	}
	if (has_fw) {
		const char *id = p->framework.id;
		fw = id ? framework_builtin(id) : NULL;
		if (!fw) {
			const char *names[16];
			size_t n = framework_builtin_count();
			struct buf b = {0};
			for (size_t i = 0; i < n && i < ALEN(names); i++)
				names[i] = framework_builtin_at(i)->id;
			buf_printf(&b, "unknown framework '%s'",
				   id ? msg_excerpt(id, strlen(id), sh) : "");
			msg_hint(&b, id ? id : "", names, n < ALEN(names) ? n : ALEN(names),
				 "the built-in frameworks are", true);
			buf_puts(&b, "; or give the pack's own 'principles' instead");
			loader_error(L, L->framework_at, "%s", b.data);
			buf_finish(&b);
			return;
		}
	} else {
		fw = framework_builtin(FRAMEWORK_DEFAULT_ID);
	}
	p->framework = *fw;
	for (size_t i = 0; i < L->nrefs; i++) {
		const char *id = L->refs[i].id;
		bool known = false;
		for (size_t j = 0; j < fw->count && !known; j++)
			known = fw->principles[j].id[0] == id[0] &&
				strcmp(fw->principles[j].id, id) == 0;
		if (known)
			continue;
		const char *names[32];
		size_t n = fw->count < ALEN(names) ? fw->count : ALEN(names);
		struct buf b = {0};
		for (size_t j = 0; j < n; j++)
			names[j] = fw->principles[j].id;
		buf_printf(&b, "unknown principle '%s' for framework '%s'", id, fw->id);
		msg_hint(&b, id, names, n, "its principles are", false);
		loader_error(L, L->refs[i].at, "%s", b.data);
		buf_finish(&b);
	}
}

static void on_end(struct loader *L)
{
	struct frame *f = &L->stack[L->depth - 1];
	const struct vinfo *vi = &schema[f->type];

	if (vi->shape == S_LIST) {
		size_t bytes = L->scratch.len - f->scratch_start;
		void *arr = NULL;
		if (bytes >= 65536 && f->scratch_start == 0) {
			/* a big outermost list (the scenarios): the scratch buffer
			 * becomes the array, saving a copy and its memory */
			arr = L->scratch.data;
			arena_keep(L->arena, arr);
			L->scratch = (struct buf){0};
		} else if (bytes) {
			arr = arena_alloc(L->arena, bytes, alignof(max_align_t));
			memcpy(arr, L->scratch.data + f->scratch_start, bytes);
		}
		L->scratch.len = f->scratch_start;
		put_ptr(f->dst, arr);
		put_size(f->dst_count, f->count);
		if (!f->count && (f->type == V_SCENARIOS || f->type == V_REF_LIST))
			loader_error(L, f->start, "'%s' is empty", f->key);
	} else if (vi->shape == S_MAP) {
		bool is_pack = f->type != V_PACK || f->seen || looks_like_pack(L);
		if (f->type == V_PACK)
			report_held_keys(L, is_pack, f->start);
		for (size_t i = 0; is_pack && i < vi->nkeys; i++)
			if (vi->keys[i].required && !(f->seen & (1u << i)))
				loader_error(L, f->start, "%s is missing the required key '%s'",
					     vi->map_name, vi->keys[i].name);
		if (f->type == V_PACK && is_pack)
			finish_pack(L, f);
	}
	L->depth--;
	if (vi->shape == S_MAP && f->type != V_PACK && !vi->by_stage) {
		struct frame *list = &L->stack[L->depth - 1];
		buf_append(&L->scratch, (const char *)&f->elem, schema[list->type].elem_size);
		list->count++;
	}
}

static void syntax_error(struct loader *L, const yaml_parser_t *y)
{
	struct pos at = mark_pos(y->problem_mark);

	switch (y->error) {
	case YAML_MEMORY_ERROR:
		die("out of memory while reading %s", L->name);
	case YAML_READER_ERROR:
		/* The raw-file check catches what libyaml's reader refuses, so
		 * this is a safety net: no mark, only a byte offset. */
		loader_error(L, (struct pos){0, 0}, "cannot read the file at byte %zu: %s",
			     y->problem_offset, y->problem ? y->problem : "unknown error");
		break;
	default:
		if (y->context)
			loader_error(L, at, "YAML syntax error: %s (%s at line %u, column %u)",
				     y->problem ? y->problem : "unknown error", y->context,
				     (unsigned)y->context_mark.line + 1,
				     (unsigned)y->context_mark.column + 1);
		else
			loader_error(L, at, "YAML syntax error: %s",
				     y->problem ? y->problem : "unknown error");
		break;
	}
	L->fatal = true;
}

/* Anchors, aliases and tags: refused wherever they are. */
static void check_extras(struct loader *L, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	struct pos at = mark_pos(ev->start_mark);

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	case YAML_ALIAS_EVENT:
		loader_error(L, at, "aliases (here '*%s') are not supported in packs; write the "
			     "value out", (const char *)ev->data.alias.anchor);
		return;
	default:
		return;
	}
	if (anchor)
		loader_error(L, at, "anchors (here '&%s') are not supported in packs; write each "
			     "value out where it is used", (const char *)anchor);
	if (tag)
		loader_error(L, at, "tags (here '%s') are not supported in packs; remove it",
			     (const char *)tag);
}

void loader_walk(struct loader *L, const unsigned char *data, size_t len, bool reuse)
{
	yaml_parser_t y;
	yaml_event_t ev;
	bool done = false;

	if (!yaml_parser_initialize(&y))
		die("out of memory");
	yaml_parser_set_input_string(&y, data ? data : (const unsigned char *)"", len);
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	L->parser = &y;
	L->reuse = reuse ? (unsigned char *)data : NULL;
	L->reused = 0;
	while (!done && !L->fatal) {
		if (!yaml_parser_parse(&y, &ev)) {
			syntax_error(L, &y);
			break;
		}
		check_extras(L, &ev);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			if (!L->documents)
				loader_error(L, (struct pos){1, 1}, "this is not a pack: the "
					     "file is empty; a pack is a mapping with the keys "
					     "'pack', 'title', 'version' and 'scenarios' (see "
					     "dilemma-pack(5))");
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (L->documents++)
				loader_fatal(L, mark_pos(ev.start_mark), "a second YAML "
					     "document: a pack file holds exactly one");
			break;
		case YAML_SCALAR_EVENT:
			on_node(L, K_SCALAR, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_node(L, K_ALIAS, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_node(L, K_LIST, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
			on_node(L, K_MAP, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(L);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y);
	/* Stopped early: unknown top-level keys still deserve a word. */
	if (L->nheld)
		report_held_keys(L, L->stack[0].seen || looks_like_pack(L), L->stack[0].start);
}
