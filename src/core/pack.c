/* Placeholder until the loader lands: every file is refused. */
#include <stdlib.h>

#include "dilemma/pack.h"

struct pack *pack_load(const char *path, struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, path, 0, 0, "the pack loader is not written yet");
	return NULL;
}

struct pack *pack_load_buffer(const char *name, const char *data, size_t len,
			      struct diag_list *diags)
{
	return pack_load(name, diags);
}

void pack_destroy(struct pack *pack)
{
	free(pack);
}
