/*
 * ballot_chart.c - a revealed ballot as chart rows (see ballot_chart.h):
 * one place for the labels, the note and the scale, so that the
 * workspace, the debrief and the projector show the same results.
 */
#include "dilemma/ballot_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/chart.h"
#include "dilemma/util.h"

/* The pack's wording of option entry @e when the entry still says just
 * that (then it is the scenario's own text, not anyone's), else NULL. */
static const char *pack_wording(const struct session *s, const struct entry *e)
{
	const struct pack_scenario *sc = s->scenario;

	if (!e || !sc || e->pack_option < 1 || (size_t)e->pack_option > sc->noptions)
		return NULL;
	return strcmp(e->text, sc->options[e->pack_option - 1]) == 0
		       ? sc->options[e->pack_option - 1] : NULL;
}

char *ballot_option_label(const struct session *s, const struct tally_ballot *b, size_t i,
			  enum ballot_label how)
{
	const struct entry *e = session_entry(s, b->options[i].option);
	enum entry_kind kind = e ? e->kind : ENTRY_OPTION;
	size_t n = 0;

	for (size_t k = 0; k <= i; k++) {
		const struct entry *o = session_entry(s, b->options[k].option);
		n += (o ? o->kind : ENTRY_OPTION) == kind;
	}
	if (how == BALLOT_LABEL_PLACE || !e || str_blank(e->text))
		return xasprintf("%s %zu", entry_kind_name(kind), n);
	return xasprintf("%s%zu. %s", kind == ENTRY_CONTINGENCY ? "Contingency " : "", n,
			 e->text);
}

const char *ballot_option_wording(const struct session *s, const struct tally_ballot *b,
				  size_t i)
{
	return pack_wording(s, session_entry(s, b->options[i].option));
}

size_t ballot_chart(const struct session *s, const struct tally_ballot *b,
		    enum ballot_label label, size_t width, char ***out)
{
	struct chart_row *rows = xcalloc(b->noptions + 1, sizeof(*rows));
	char **texts = xcalloc(2 * b->noptions + 1, sizeof(*texts));
	size_t n;

	for (size_t i = 0; i < b->noptions; i++) {
		const size_t *c = b->options[i].counts;
		rows[i].label = texts[2 * i] = ballot_option_label(s, b, i, label);
		rows[i].value = (double)c[TALLY_FOR];
		rows[i].note = texts[2 * i + 1] =
			xasprintf("%zu for \xc2\xb7 %zu against \xc2\xb7 %zu abstaining", c[TALLY_FOR],
				  c[TALLY_AGAINST], c[TALLY_ABSTAIN]);
	}
	n = chart_bars(rows, b->noptions, b->voters ? (double)b->voters : 0, width, out);
	for (size_t i = 0; i < 2 * b->noptions; i++)
		free(texts[i]);
	free(texts);
	free(rows);
	return n;
}
