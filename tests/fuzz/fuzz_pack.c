/*
 * fuzz_pack.c - libFuzzer harness for the pack loader: any bytes through
 * pack_load_buffer() (the same path as pack_load(), in small pieces), and
 * every loaded pack through pack_snapshot() and back, which must load
 * again to the same scenario. What the loader promises is checked on every
 * pack it accepts: no error diagnostics, every text valid UTF-8 without
 * control characters other than TAB and LF, no title or name with bidi or
 * zero-width characters, every id well-formed; and on every refusal: at
 * least one error.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dilemma/pack_snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An independent check of a text the loader handed out. */
static void check_text(const char *t)
{
	const unsigned char *s = (const unsigned char *)t;

	if (!t)
		abort();
	while (*s) {
		uint32_t cp;
		size_t n;

		if (*s < 0x80) {
			cp = *s;
			n = 1;
		} else if ((*s & 0xE0) == 0xC0) {
			cp = *s & 0x1F;
			n = 2;
		} else if ((*s & 0xF0) == 0xE0) {
			cp = *s & 0x0F;
			n = 3;
		} else if ((*s & 0xF8) == 0xF0) {
			cp = *s & 0x07;
			n = 4;
		} else {
			abort();
		}
		for (size_t i = 1; i < n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				abort();
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			abort();
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			abort();
		s += n;
	}
}

/* A title or a name: a text without bidi controls or zero-width
 * characters (dilemma-pack(5)), checked on the bytes of their UTF-8. */
static void check_name(const char *t)
{
	const unsigned char *s = (const unsigned char *)t;

	check_text(t);
	for (; *s; s++) {
		if (s[0] == 0xD8 && s[1] == 0x9C) /* U+061C */
			abort();
		if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x8B && s[2] <= 0x8F) ||
						     (s[2] >= 0xAA && s[2] <= 0xAE)))
			abort(); /* U+200B-U+200F, U+202A-U+202E */
		if (s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0xA0 || (s[2] >= 0xA6 && s[2] <= 0xA9)))
			abort(); /* U+2060, U+2066-U+2069 */
	}
}

static void check_opt(const char *t)
{
	if (t)
		check_text(t);
}

static void check_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 64 || id[0] == '-' || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		abort();
}

static void check_list(const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_text(items[i]);
}

static void check_pack(const struct pack *p)
{
	check_id(p->id);
	check_name(p->title);
	if (p->own_principles)
		check_name(p->framework.name);
	check_opt(p->language);
	check_opt(p->source);
	check_opt(p->description);
	if (!p->nscenarios || !p->framework.count)
		abort();
	for (size_t i = 0; i < p->framework.count; i++) {
		check_id(p->framework.principles[i].id);
		check_name(p->framework.principles[i].name);
		check_text(p->framework.principles[i].summary);
	}
	for (size_t i = 0; i < p->nscenarios; i++) {
		const struct pack_scenario *sc = &p->scenarios[i];
		check_id(sc->id);
		if (pack_scenario(p, sc->id) != sc)
			abort(); /* ids are unique */
		check_name(sc->title);
		check_text(sc->situation);
		check_text(sc->question);
		check_opt(sc->notes);
		check_list(sc->tags, sc->ntags);
		check_list(sc->options, sc->noptions);
		for (int s = 0; s < NDM_STAGE_COUNT; s++)
			check_list(sc->prompts[s], sc->nprompts[s]);
		for (size_t j = 0; j < sc->ninjects; j++) {
			if ((int)sc->injects[j].stage < 0 || sc->injects[j].stage >= NDM_STAGE_COUNT)
				abort();
			check_text(sc->injects[j].text);
		}
		for (size_t j = 0; j < sc->nconsiderations; j++) {
			const struct pack_consideration *c = &sc->considerations[j];
			if (!c->nprinciples)
				abort();
			check_text(c->text);
			for (size_t k = 0; k < c->nprinciples; k++)
				if (framework_principle_index(&p->framework, c->principles[k]) < 0)
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = {0};
	struct pack *p = pack_load_buffer("fuzz.yaml", (const char *)data, size, &diags);

	if (p) {
		if (diags.errors)
			abort(); /* a pack is only returned without errors */
		check_pack(p);
		/* A pack that loads must snapshot and load back. */
		for (size_t i = 0; i < p->nscenarios; i++) {
			char *snap = pack_snapshot(p, &p->scenarios[i], &p->framework);
			struct diag_list d2 = {0};
			struct pack *q;
			if (!snap)
				abort();
			q = pack_load_buffer("snapshot.yaml", snap, strlen(snap), &d2);
			if (!q || q->nscenarios != 1 ||
			    strcmp(q->scenarios[0].id, p->scenarios[i].id) != 0 ||
			    strcmp(q->scenarios[0].situation, p->scenarios[i].situation) != 0 ||
			    strcmp(q->scenarios[0].question, p->scenarios[i].question) != 0 ||
			    q->scenarios[0].noptions != p->scenarios[i].noptions ||
			    q->framework.count != p->framework.count)
				abort();
			pack_destroy(q);
			diag_list_finish(&d2);
			free(snap);
		}
		pack_destroy(p);
	} else if (!diags.errors) {
		abort(); /* a refusal always says why */
	}
	for (size_t i = 0; i < diags.count; i++)
		if (!diags.items[i].message || !diags.items[i].message[0])
			abort();
	diag_list_finish(&diags);
	return 0;
}
