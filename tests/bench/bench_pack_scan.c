/*
 * bench_pack_scan.c FILE [N] - the baseline of the loader benchmark: read
 * the file into memory (as pack_load() does) and run a bare libyaml event
 * scan over it, N times (default 1), doing nothing with the events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n)
		return NULL;
	fclose(f);
	*len = (size_t)n;
	return data;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 1;
	unsigned long events = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_pack_scan FILE [N]\n");
		return 2;
	}
	for (int r = 0; r < runs; r++) {
		size_t len;
		unsigned char *data = slurp(argv[1], &len);
		yaml_parser_t y;
		yaml_event_t ev;
		int done = 0;

		if (!data || !yaml_parser_initialize(&y)) {
			fprintf(stderr, "bench_pack_scan: cannot read %s\n", argv[1]);
			return 1;
		}
		yaml_parser_set_input_string(&y, data, len);
		yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
		while (!done) {
			if (!yaml_parser_parse(&y, &ev)) {
				fprintf(stderr, "bench_pack_scan: YAML error in %s\n", argv[1]);
				return 1;
			}
			done = ev.type == YAML_STREAM_END_EVENT;
			events++;
			yaml_event_delete(&ev);
		}
		yaml_parser_delete(&y);
		free(data);
	}
	fprintf(stderr, "%lu events\n", events / (unsigned long)runs);
	return 0;
}
