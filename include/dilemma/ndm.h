/*
 * ndm.h - the National Decision Model: five stages around the Code of
 * Ethics at the centre. The stage table (ndm.c) is the one definition of
 * stage ids, names and questions; packs, the database, exports and screens
 * all use it.
 */
#ifndef DILEMMA_NDM_H
#define DILEMMA_NDM_H

#include <stdbool.h>
#include <stddef.h>

/* Order matters: the centre first, then the loop in its usual order. */
enum ndm_stage {
	NDM_ETHICS,
	NDM_INFORMATION,
	NDM_ASSESSMENT,
	NDM_POWERS,
	NDM_OPTIONS,
	NDM_ACTION,
	NDM_STAGE_COUNT
};

struct ndm_stage_info {
	enum ndm_stage stage;
	const char *id;         /* fixed id used in packs, database, exports */
	const char *name;       /* official name */
	const char *short_name; /* one or two words, for narrow places */
	const char *const *questions; /* NULL-terminated, the project's own words */
};

/* The stages in the order they are shown (the rail, the debrief grid):
 * the loop in its usual order, then the centre. */
extern const enum ndm_stage ndm_display_order[NDM_STAGE_COUNT];

/* The table entry of @stage, which must be < NDM_STAGE_COUNT. */
const struct ndm_stage_info *ndm_stage_info(enum ndm_stage stage);
/* Look a stage up by id; false when @id names no stage. */
bool ndm_stage_from_id(const char *id, enum ndm_stage *out);
/* The id of @stage (shorthand for ndm_stage_info(stage)->id). */
const char *ndm_stage_id(enum ndm_stage stage);
/* How many questions the stage asks. */
size_t ndm_stage_question_count(enum ndm_stage stage);

#endif
