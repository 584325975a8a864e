/*
 * framework.h - ethical frameworks: a named list of principles that a
 * session records reasoning against. The built-in frameworks are one table
 * (framework.c); a pack may bring its own principle list instead.
 */
#ifndef DILEMMA_FRAMEWORK_H
#define DILEMMA_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

struct principle {
	const char *id;      /* lower-case letters, digits and '-' */
	const char *name;    /* display name */
	const char *summary; /* one line, the project's own words */
};

struct framework {
	const char *id;
	const char *name;
	const struct principle *principles;
	size_t count;
};

#define FRAMEWORK_DEFAULT_ID "coe-2014"

/* Number of built-in frameworks; index them with framework_builtin_at(). */
size_t framework_builtin_count(void);
const struct framework *framework_builtin_at(size_t i);
/* The built-in framework with @id, or NULL. */
const struct framework *framework_builtin(const char *id);
/* The principle of @fw with @id, or NULL. */
const struct principle *framework_principle(const struct framework *fw, const char *id);
/* Index of the principle with @id in @fw, or -1. */
int framework_principle_index(const struct framework *fw, const char *id);

#endif
