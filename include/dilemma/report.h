/*
 * report.h - one session as Markdown minutes, shaped like the minutes of an
 * ethics committee: the item, background, objective, discussion stage by
 * stage and principle by principle, options and votes, the decision and its
 * rationale, outcome, recommendations and review. A panel's minutes also
 * record the attendance, the discussion in the order spoken, each
 * participant's stances, each ballot (its counts once revealed), the
 * recommendations' owners and time per stage against its time-box.
 */
#ifndef DILEMMA_REPORT_H
#define DILEMMA_REPORT_H

#include "dilemma/session.h"

/* The minutes of @s as Markdown (UTF-8, LF line ends). Caller frees.
 * Works without the session's snapshot: it then says what it knows.
 * Times are local, with their zone (time_local()). */
char *report_markdown(const struct session *s);

#endif
