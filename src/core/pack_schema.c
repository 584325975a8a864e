/*
 * pack_schema.c - the pack format as tables (dilemma-pack(5)).
 *
 * Each mapping of the format is a list of keyspec rows: the key's name,
 * the type of its value, whether it is required, and where the value goes
 * in the structure being filled (an offsetof()). Each value type is a
 * vinfo row: its shape (text, list, mapping), the "must be ..." wording
 * of its messages, and for lists and mappings what they hold. The loader
 * (pack_walk.c), the snapshot writer (pack_snapshot.c) and the check that
 * the man page documents every key (pack_format_key()) all read these
 * tables, so a new key of a known type is one row here.
 */
#include <string.h>

#include "pack_private.h"

#define KEY(n, t, r, T, f) {n, t, r, false, offsetof(T, f), 0}
#define LIST(n, t, r, T, f, c) {n, t, r, false, offsetof(T, f), offsetof(T, c)}
#define FLOW_LIST(n, t, r, T, f, c) {n, t, r, true, offsetof(T, f), offsetof(T, c)}

/* Indexed by enum pack_key, so that the loader's checks across keys and
 * the order of this table cannot drift apart. */
static const struct keyspec pack_keys[] = {
	[PK_PACK] = KEY("pack", V_ID, true, struct pack, id),
	[PK_TITLE] = KEY("title", V_NAME, true, struct pack, title),
	[PK_VERSION] = KEY("version", V_INT, true, struct pack, version),
	[PK_LANGUAGE] = KEY("language", V_TEXT, false, struct pack, language),
	[PK_FRAMEWORK] = KEY("framework", V_FRAMEWORK, false, struct pack, framework.id),
	[PK_FRAMEWORK_NAME] = KEY("framework-name", V_NAME, false, struct pack,
				  framework.name),
	[PK_PRINCIPLES] = LIST("principles", V_PRINCIPLES, false, struct pack,
			       framework.principles, framework.count),
	[PK_SOURCE] = KEY("source", V_TEXT, false, struct pack, source),
	[PK_DESCRIPTION] = KEY("description", V_TEXT, false, struct pack, description),
	[PK_SCENARIOS] = LIST("scenarios", V_SCENARIOS, true, struct pack, scenarios,
			      nscenarios),
};
_Static_assert(ALEN(pack_keys) == PK_COUNT, "one row of pack_keys per enum pack_key");

static const struct keyspec scenario_keys[] = {
	KEY("id", V_SCENARIO_ID, true, struct pack_scenario, id),
	KEY("title", V_NAME, true, struct pack_scenario, title),
	FLOW_LIST("tags", V_TEXT_LIST, false, struct pack_scenario, tags, ntags),
	KEY("situation", V_TEXT, true, struct pack_scenario, situation),
	KEY("question", V_TEXT, true, struct pack_scenario, question),
	KEY("prompts", V_PROMPTS, false, struct pack_scenario, prompts),
	KEY("timebox", V_TIMEBOX, false, struct pack_scenario, timebox),
	LIST("injects", V_INJECTS, false, struct pack_scenario, injects, ninjects),
	LIST("options", V_TEXT_LIST, false, struct pack_scenario, options, noptions),
	LIST("considerations", V_CONSIDERATIONS, false, struct pack_scenario,
	     considerations, nconsiderations),
	KEY("notes", V_TEXT, false, struct pack_scenario, notes),
};

static const struct keyspec inject_keys[] = {
	KEY("stage", V_STAGE, true, struct pack_inject, stage),
	KEY("text", V_TEXT, true, struct pack_inject, text),
};

static const struct keyspec consideration_keys[] = {
	FLOW_LIST("principles", V_REF_LIST, true, struct pack_consideration, principles,
		  nprinciples),
	KEY("text", V_TEXT, true, struct pack_consideration, text),
};

static const struct keyspec principle_keys[] = {
	KEY("id", V_PRINCIPLE_ID, true, struct principle, id),
	KEY("name", V_NAME, true, struct principle, name),
	KEY("summary", V_TEXT, true, struct principle, summary),
};

/* A frame keeps one bit and one position per key of its mapping. */
_Static_assert(ALEN(pack_keys) <= MAX_KEYS && ALEN(scenario_keys) <= MAX_KEYS &&
	       NDM_STAGE_COUNT <= MAX_KEYS, "seen bits and positions fit a frame");

const struct vinfo schema[V_COUNT] = {
	[V_SKIP] = {S_SKIP, "anything", 0, 0, NULL, 0, NULL, false},
	[V_TEXT] = {S_SCALAR, "a text", 0, 0, NULL, 0, NULL, false},
	[V_NAME] = {S_SCALAR, "a text", 0, 0, NULL, 0, NULL, false},
	[V_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL, false},
	[V_SCENARIO_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL, false},
	[V_PRINCIPLE_ID] = {S_SCALAR, "an id", 0, 0, NULL, 0, NULL, false},
	[V_INT] = {S_SCALAR, "a whole number", 0, 0, NULL, 0, NULL, false},
	[V_MINUTES] = {S_SCALAR, "a whole number of minutes", 0, 0, NULL, 0, NULL, false},
	[V_STAGE] = {S_SCALAR, "a stage id", 0, 0, NULL, 0, NULL, false},
	[V_FRAMEWORK] = {S_SCALAR, "a framework id", 0, 0, NULL, 0, NULL, false},
	[V_REF] = {S_SCALAR, "a principle id", 0, 0, NULL, 0, NULL, false},
	[V_TEXT_LIST] = {S_LIST, "a list of texts", V_TEXT, sizeof(char *), NULL, 0, NULL, false},
	[V_REF_LIST] = {S_LIST, "a list of principle ids", V_REF, sizeof(char *), NULL, 0,
			NULL, false},
	[V_SCENARIOS] = {S_LIST, "a list of scenarios", V_SCENARIO,
			 sizeof(struct pack_scenario), NULL, 0, NULL, false},
	[V_INJECTS] = {S_LIST, "a list of injects", V_INJECT, sizeof(struct pack_inject),
		       NULL, 0, NULL, false},
	[V_CONSIDERATIONS] = {S_LIST, "a list of considerations", V_CONSIDERATION,
			      sizeof(struct pack_consideration), NULL, 0, NULL, false},
	[V_PRINCIPLES] = {S_LIST, "a list of principles", V_PRINCIPLE,
			  sizeof(struct principle), NULL, 0, NULL, false},
	[V_PACK] = {S_MAP, "a mapping", 0, 0, pack_keys, ALEN(pack_keys), "pack", false},
	[V_SCENARIO] = {S_MAP, "a mapping (one scenario)", 0, 0, scenario_keys,
			ALEN(scenario_keys), "scenario", false},
	[V_PROMPTS] = {S_MAP, "a mapping from stage ids to lists of prompts", 0, 0, NULL,
		       0, "prompts", true},
	[V_TIMEBOX] = {S_MAP, "a mapping from stage ids to minutes", 0, 0, NULL, 0, "timebox",
		       true},
	[V_INJECT] = {S_MAP, "a mapping with 'stage' and 'text'", 0, 0, inject_keys,
		      ALEN(inject_keys), "inject", false},
	[V_CONSIDERATION] = {S_MAP, "a mapping with 'principles' and 'text'", 0, 0,
			     consideration_keys, ALEN(consideration_keys), "consideration", false},
	[V_PRINCIPLE] = {S_MAP, "a mapping with 'id', 'name' and 'summary'", 0, 0,
			 principle_keys, ALEN(principle_keys), "principle", false},
};

struct keyspec schema_stage_key(enum vtype map, enum ndm_stage st)
{
	if (map == V_TIMEBOX)
		return (struct keyspec){
			ndm_stage_id(st), V_MINUTES, false, false,
			offsetof(struct pack_scenario, timebox) + st * sizeof(long), 0,
		};
	return (struct keyspec){
		ndm_stage_id(st), V_TEXT_LIST, false, false,
		offsetof(struct pack_scenario, prompts) + st * sizeof(char **),
		offsetof(struct pack_scenario, nprompts) + st * sizeof(size_t),
	};
}

const char *pack_format_key(size_t i, const char **mapping)
{
	static const enum vtype maps[] = {V_PACK, V_SCENARIO, V_INJECT, V_CONSIDERATION,
					  V_PRINCIPLE};

	for (size_t m = 0; m < ALEN(maps); m++) {
		const struct vinfo *vi = &schema[maps[m]];
		if (i < vi->nkeys) {
			if (mapping)
				*mapping = vi->map_name;
			return vi->keys[i].name;
		}
		i -= vi->nkeys;
	}
	return NULL;
}
