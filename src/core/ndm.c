/*
 * ndm.c - the table of NDM stages (see ndm.h). The questions paraphrase
 * what each stage of the National Decision Model asks, in the project's own
 * words.
 */
#include "dilemma/ndm.h"

#include <assert.h>
#include <string.h>

#include "dilemma/util.h"

const enum ndm_stage ndm_display_order[NDM_STAGE_COUNT] = {
	NDM_INFORMATION, NDM_ASSESSMENT, NDM_POWERS, NDM_OPTIONS, NDM_ACTION, NDM_ETHICS,
};

static const char *const q_ethics[] = {
	"Does this fit the Code of Ethics and the principles it sets out?",
	"What would the victim, or the community affected, reasonably expect of me?",
	"Would this decision show policing in a good light?",
	"Could I explain and defend it openly, in public?",
	NULL,
};
static const char *const q_information[] = {
	"What is going on here?",
	"What do I already know, and how reliable is it?",
	"What else would I need to find out, and from whom?",
	NULL,
};
static const char *const q_assessment[] = {
	"Does this need action straight away?",
	"What might go wrong, or go well, how likely is each and how serious?",
	"Is the remaining risk one I can accept?",
	"Is this a matter for the police at all, and is it one for me?",
	"What am I trying to achieve?",
	NULL,
};
static const char *const q_powers[] = {
	"Which powers and which laws apply?",
	"What do national guidance and local policy say?",
	"If I go outside policy, what is my rationale and would it stand up?",
	NULL,
};
static const char *const q_options[] = {
	"What could I do, given the time, resources, information and skills at hand?",
	"What is the best option, and why that one?",
	"What will I do if it does not go the way I expect?",
	NULL,
};
static const char *const q_action[] = {
	"What did I do, and why?",
	"What am I recording, and how am I monitoring the result?",
	"Afterwards: what happened, what did I learn, what would I do differently?",
	NULL,
};

static const struct ndm_stage_info stages[] = {
	{NDM_ETHICS, "ethics", "Code of Ethics", "Ethics", q_ethics},
	{NDM_INFORMATION, "information", "Gather information and intelligence",
	 "Information", q_information},
	{NDM_ASSESSMENT, "assessment",
	 "Assess threat and risk and develop a working strategy", "Assessment",
	 q_assessment},
	{NDM_POWERS, "powers", "Consider powers and policy", "Powers", q_powers},
	{NDM_OPTIONS, "options", "Identify options and contingencies", "Options",
	 q_options},
	{NDM_ACTION, "action", "Take action and review what happened", "Action",
	 q_action},
};
static_assert(ALEN(stages) == NDM_STAGE_COUNT, "one table row per NDM stage");

const struct ndm_stage_info *ndm_stage_info(enum ndm_stage stage)
{
	assert(stage < NDM_STAGE_COUNT);
	return &stages[stage];
}

bool ndm_stage_from_id(const char *id, enum ndm_stage *out)
{
	for (size_t i = 0; i < ALEN(stages); i++) {
		if (strcmp(stages[i].id, id) == 0) {
			*out = stages[i].stage;
			return true;
		}
	}
	return false;
}

const char *ndm_stage_id(enum ndm_stage stage)
{
	return ndm_stage_info(stage)->id;
}

size_t ndm_stage_question_count(enum ndm_stage stage)
{
	size_t n = 0;

	while (stages[stage].questions[n])
		n++;
	return n;
}
