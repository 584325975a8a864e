/*
 * pack_arena.c - the memory of a loaded pack, and the loader's id sets (see
 * pack_private.h).
 *
 * A pack is many small structures and strings that all die together, so
 * they come from one arena of growing chunks, freed in one go with the
 * pack; blocks that were malloc()ed anyway (a big list's scratch buffer,
 * the file's bytes) are kept beside it instead of copied in. The id sets
 * are open-addressing hash tables: a pack of 10,000 scenarios checks its
 * ids for duplicates without 10,000 string compares each.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "pack_private.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct pack_private *arena_create(void)
{
	struct pack_private *a = xcalloc(1, sizeof(*a));

	a->next_size = 16384;
	return a;
}

void *arena_alloc(struct pack_private *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->chunks;
	size_t at;

	if (c) {
		at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && c->size - at >= n) {
			c->used = at + n;
			return c->data + at;
		}
	}
	if (n > a->next_size / 4) {
		/* A big block gets a chunk of its own, behind the current one,
		 * so that the current one's free space is not thrown away. */
		struct arena_chunk *big = xmalloc(sizeof(*big) + n);
		big->size = big->used = n;
		if (c) {
			big->next = c->next;
			c->next = big;
		} else {
			big->next = NULL;
			a->chunks = big;
		}
		return big->data;
	}
	c = xmalloc(sizeof(*c) + a->next_size);
	c->size = a->next_size;
	c->used = n;
	c->next = a->chunks;
	a->chunks = c;
	if (a->next_size < (1u << 20))
		a->next_size *= 2;
	return c->data;
}

void arena_keep(struct pack_private *a, void *block)
{
	a->kept = xreallocarray(a->kept, a->nkept + 1, sizeof(*a->kept));
	a->kept[a->nkept++] = block;
}

char *arena_strndup(struct pack_private *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1, 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_free(struct pack_private *a)
{
	struct arena_chunk *c = a->chunks;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	for (size_t i = 0; i < a->nkept; i++)
		free(a->kept[i]);
	free(a->kept);
	free(a->file);
	free(a);
}

/* ------------------------------------------------------------------ */
/* Id sets.                                                            */

static uint32_t str_hash32(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	/* FNV's low bits, which pick the slot, vary little between ids such
	 * as "scenario-1" and "scenario-2": mix the high bits in. */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static const struct pos *idset_put(struct idset *s, const char *key, uint32_t h,
				   struct pos at);

static void idset_grow(struct idset *s)
{
	struct idset old = *s;

	s->cap = s->cap ? s->cap * 2 : 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			idset_put(s, old.slots[i].key, old.slots[i].hash, old.slots[i].at);
	free(old.slots);
}

/* Add @key (hash @h); when it is already there return where it was first
 * given. The hash is compared first: ids such as "scenario-17" and
 * "scenario-71" share long prefixes that strcmp() would walk. */
static const struct pos *idset_put(struct idset *s, const char *key, uint32_t h,
				   struct pos at)
{
	if (2 * (s->n + 1) > s->cap)
		idset_grow(s);
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slots[i].key) {
			s->slots[i] = (struct idslot){key, h, at};
			s->n++;
			return NULL;
		}
		if (s->slots[i].hash == h && strcmp(s->slots[i].key, key) == 0)
			return &s->slots[i].at;
	}
}

const struct pos *idset_add(struct idset *s, const char *key, struct pos at)
{
	return idset_put(s, key, str_hash32(key), at);
}

bool idset_has(const struct idset *s, const char *key)
{
	uint32_t h = str_hash32(key);

	if (!s->cap)
		return false;
	for (size_t i = h & (s->cap - 1); s->slots[i].key; i = (i + 1) & (s->cap - 1))
		if (s->slots[i].hash == h && strcmp(s->slots[i].key, key) == 0)
			return true;
	return false;
}

void idset_finish(struct idset *s)
{
	free(s->slots);
	*s = (struct idset){0};
}
