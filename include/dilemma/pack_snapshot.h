/*
 * pack_snapshot.h - one scenario of a pack written out as a pack of its
 * own, so that a session keeps what it was worked on even when the pack
 * file later changes (src/core/pack_snapshot.c).
 */
#ifndef DILEMMA_PACK_SNAPSHOT_H
#define DILEMMA_PACK_SNAPSHOT_H

#include "dilemma/framework.h"
#include "dilemma/pack.h"

/* A self-contained pack text (YAML) holding only @sc, with the principles
 * of @fw (NULL: the pack's framework) written out as the pack's own.
 * pack_load_buffer() reads it back to the same values. Caller frees; NULL
 * when libyaml's emitter fails. */
char *pack_snapshot(const struct pack *pack, const struct pack_scenario *sc,
		    const struct framework *fw);

#endif
