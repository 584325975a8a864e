/*
 * framework.c - the built-in ethical frameworks (see framework.h). Names are
 * the official ones; the one-line summaries are the project's own words.
 */
#include "dilemma/framework.h"

#include <string.h>

#include "dilemma/util.h"

static const struct principle coe2014[] = {
	{"accountability", "Accountability",
	 "Answer for your decisions, actions and omissions, and be ready to explain them."},
	{"fairness", "Fairness",
	 "Treat people fairly, and be even-handed between them."},
	{"honesty", "Honesty",
	 "Be truthful and trustworthy; do not mislead, by word or by silence."},
	{"integrity", "Integrity",
	 "Always do the right thing, and never use the role for private gain."},
	{"leadership", "Leadership",
	 "Lead by good example and take responsibility, whatever your rank."},
	{"objectivity", "Objectivity",
	 "Decide on the evidence and your best judgement, free of bias."},
	{"openness", "Openness",
	 "Be open and transparent about decisions, unless there is good reason not to be."},
	{"respect", "Respect",
	 "Treat everyone with respect, whoever they are and whatever they have done."},
	{"selflessness", "Selflessness",
	 "Act in the public interest, not for yourself or people close to you."},
};

static const struct principle coe2024[] = {
	{"courage", "Courage",
	 "Do the right thing even when it is hard, and challenge what is wrong."},
	{"respect-and-empathy", "Respect and empathy",
	 "Treat people with dignity and try to see the situation through their eyes."},
	{"public-service", "Public service",
	 "Put the public first and act in their interest, openly and accountably."},
};

static const struct principle spb[] = {
	{"honesty-and-integrity", "Honesty and integrity",
	 "Be honest, act with integrity and do not compromise your position."},
	{"authority-respect-and-courtesy", "Authority, respect and courtesy",
	 "Use your authority properly and treat the public and colleagues courteously."},
	{"equality-and-diversity", "Equality and diversity",
	 "Act with fairness and impartiality and do not discriminate unlawfully."},
	{"use-of-force", "Use of force",
	 "Use force only when necessary, proportionate and reasonable."},
	{"orders-and-instructions", "Orders and instructions",
	 "Give and carry out only lawful orders and instructions."},
	{"duties-and-responsibilities", "Duties and responsibilities",
	 "Be diligent in your work and in what your role asks of you."},
	{"confidentiality", "Confidentiality",
	 "Treat information with respect and use it only for a policing purpose."},
	{"fitness-for-work", "Fitness for work",
	 "Be fit to carry out your duties when on duty or on call."},
	{"conduct", "Discreditable conduct",
	 "Do not behave in a way that discredits policing or undermines public confidence."},
	{"challenging-and-reporting-improper-conduct",
	 "Challenging and reporting improper conduct",
	 "Report, challenge or act on conduct by colleagues that falls below the Standards."},
};

static const struct principle nolan[] = {
	{"selflessness", "Selflessness",
	 "Act only in the public interest."},
	{"integrity", "Integrity",
	 "Avoid obligations to people or bodies that might try to sway your work."},
	{"objectivity", "Objectivity",
	 "Decide impartially and fairly, on merit and on the best evidence."},
	{"accountability", "Accountability",
	 "Answer to the public for decisions and submit to the scrutiny it needs."},
	{"openness", "Openness",
	 "Act and decide openly; withhold information only for clear, lawful reasons."},
	{"honesty", "Honesty",
	 "Be truthful."},
	{"leadership", "Leadership",
	 "Show these principles in your own behaviour and challenge poor behaviour."},
};

static const struct framework builtins[] = {
	{"coe-2014", "Code of Ethics (2014): policing principles", coe2014, ALEN(coe2014)},
	{"coe-2024", "Code of Ethics (2024): ethical policing principles", coe2024, ALEN(coe2024)},
	{"spb", "Standards of Professional Behaviour", spb, ALEN(spb)},
	{"nolan", "The Seven Principles of Public Life", nolan, ALEN(nolan)},
};

size_t framework_builtin_count(void)
{
	return ALEN(builtins);
}

const struct framework *framework_builtin_at(size_t i)
{
	return i < ALEN(builtins) ? &builtins[i] : NULL;
}

const struct framework *framework_builtin(const char *id)
{
	for (size_t i = 0; i < ALEN(builtins); i++)
		if (strcmp(builtins[i].id, id) == 0)
			return &builtins[i];
	return NULL;
}

int framework_principle_index(const struct framework *fw, const char *id)
{
	for (size_t i = 0; i < fw->count; i++)
		if (strcmp(fw->principles[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct principle *framework_principle(const struct framework *fw, const char *id)
{
	int i = framework_principle_index(fw, id);

	return i < 0 ? NULL : &fw->principles[i];
}
