/*
 * util.c - the x* allocators, struct buf and small string helpers (see util.h).
 */
#include "dilemma/util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void (*die_callback)(void);

void die_set_callback(void (*fn)(void))
{
	die_callback = fn;
}

void die(const char *fmt, ...)
{
	va_list ap;

	if (die_callback) {
		void (*fn)(void) = die_callback;
		die_callback = NULL;
		fn();
	}
	fputs("dilemma: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die("out of memory");
	p = realloc(p, nmemb && size ? nmemb * size : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_steal(&b);
}

void buf_reserve(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		die("out of memory");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	b->data[b->len] = '\0'; /* a buffer is always a string, even before any append */
}

void buf_append(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t avail;
	int n;

	/* Format straight into the spare room; only a text that does not fit
	 * is formatted twice. (This also never passes vsnprintf a NULL buffer,
	 * which GCC 12 misreads as a null format under -O2 and UBSan.) */
	buf_reserve(b, 64);
	avail = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, avail, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die("bad format string");
	if ((size_t)n >= avail) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_steal(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_finish(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

bool char_is_invisible(uint32_t cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || cp == 0x2060 ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

uint32_t char_shown(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return cp;
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || char_is_invisible(cp))
		return 0xFFFD;
	return cp;
}

char *str_neutralise(const char *s, size_t n, bool one_line)
{
	static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	buf_reserve(&b, n);
	while (p < end) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(end - p), &cp);
		if (k == 0) {
			buf_puts(&b, replacement);
			p++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			if (one_line)
				buf_putc(&b, ' ');
			else if (cp != '\r')
				buf_putc(&b, (char)cp);
			else if (p + 1 == end || p[1] != '\n')
				buf_puts(&b, replacement);
		} else if (char_shown(cp) != cp) {
			buf_puts(&b, replacement);
		} else {
			buf_append(&b, (const char *)p, k);
		}
		p += k;
	}
	return buf_steal(&b);
}

char *str_printable(const char *s)
{
	return str_neutralise(s, strlen(s), true);
}

char *str_excerpt(const char *s, size_t max)
{
	char *p = str_printable(s);
	size_t n = strlen(p);

	if (n <= max)
		return p;
	n = max;
	while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n--;
	memcpy(p + n, "...", 4); /* n <= max < strlen(p): it fits */
	return p;
}

bool str_blank(const char *s)
{
	if (!s)
		return true;
	return s[strspn(s, STR_BLANK_CHARS)] == '\0';
}

size_t str_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, best = 0;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > limit) {
			free(row);
			return limit + 1;
		}
	}
	best = row[lb];
	free(row);
	return best > limit ? limit + 1 : best;
}

static char *ascii_lower(const char *s)
{
	char *l = xstrdup(s);

	for (char *p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return l;
}

size_t str_nearest(const char *word, const char *const *names, size_t n, const char **out,
		   size_t max)
{
	char *w = ascii_lower(word);
	size_t len = strlen(word), limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	size_t *dist = xcalloc(max + 1, sizeof(*dist)), found = 0;

	for (size_t i = 0; i < n && max; i++) {
		char *l = ascii_lower(names[i]);
		size_t d = str_distance(w, l, limit), at;
		free(l);
		if (d > limit)
			continue;
		/* keep the list sorted by distance, stable */
		at = found < max ? found : max;
		while (at > 0 && dist[at - 1] > d)
			at--;
		if (at == max)
			continue;
		if (found < max)
			found++;
		memmove(&out[at + 1], &out[at], (found - 1 - at) * sizeof(*out));
		memmove(&dist[at + 1], &dist[at], (found - 1 - at) * sizeof(*dist));
		out[at] = names[i];
		dist[at] = d;
	}
	free(dist);
	free(w);
	return found;
}

bool time_valid_when(const char *s)
{
	struct tm tm = {0};
	const char *end;
	size_t n = strlen(s);

	if (n == 10)
		end = strptime(s, "%Y-%m-%d", &tm);
	else if (n == 20)
		end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		return false;
	return end && !*end;
}

/* ---- folding for search ---- */

/* The plain letters of U+00C0-U+017F and U+1E00-U+1EFF, one character a
 * code point (made with Python's unicodedata: the NFD form without its
 * combining marks, in lower case): a digit stands for a longer folding
 * (fold_long), '0' for none (the character is kept). */
static const char fold_latin1[] =
	"aaaaaa1ceeeeiiiidnooooo0ouuuuy23aaaaaa1ceeeeiiiidnooooo0ouuuuy2y"
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkklllllll"
	"lllnnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static const char fold_latin_ext[] =
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
	"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
	"wwwwwwwwwwxxxxyyzzzzzzhtwyasss3daaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
	"eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy66vvyy";
static const char *const fold_long[] = {NULL, "ae", "th", "ss", "ij", "oe", "ll"};
_Static_assert(sizeof(fold_latin1) - 1 == 0x180 - 0xC0, "one letter a code point");
_Static_assert(sizeof(fold_latin_ext) - 1 == 0x100, "one letter a code point");

/* Greek and Cyrillic letters whose accent goes (after lower case). */
static const uint16_t fold_accents[][2] = {
	{0x3AC, 0x3B1}, {0x3AD, 0x3B5}, {0x3AE, 0x3B7}, {0x3AF, 0x3B9}, {0x390, 0x3B9},
	{0x3B0, 0x3C5}, {0x3C2, 0x3C3}, {0x3CA, 0x3B9}, {0x3CB, 0x3C5}, {0x3CC, 0x3BF},
	{0x3CD, 0x3C5}, {0x3CE, 0x3C9}, {0x450, 0x435}, {0x451, 0x435}, {0x453, 0x433},
	{0x457, 0x456}, {0x45C, 0x43A}, {0x45D, 0x438}, {0x45E, 0x443}, {0x439, 0x438},
};

/* Lower case of a Greek or Cyrillic capital; @cp itself otherwise. */
static uint32_t fold_case(uint32_t cp)
{
	static const uint16_t greek_tonos[][2] = {
		{0x386, 0x3AC}, {0x388, 0x3AD}, {0x389, 0x3AE}, {0x38A, 0x3AF},
		{0x38C, 0x3CC}, {0x38E, 0x3CD}, {0x38F, 0x3CE},
	};

	if ((cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	for (size_t i = 0; i < ALEN(greek_tonos); i++)
		if (greek_tonos[i][0] == cp)
			return greek_tonos[i][1];
	return cp;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, u, 2);
	} else {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, u, 3);
	}
}

/* Append the folding of @cp (@len bytes at @p) to @b. */
static void fold_char(struct buf *b, uint32_t cp, const char *p, size_t len)
{
	const char *table = NULL;
	uint32_t base = 0;

	if (cp >= 0x300 && cp <= 0x36F)
		return;
	if (cp >= 0xC0 && cp < 0x180)
		table = fold_latin1, base = 0xC0;
	else if (cp >= 0x1E00 && cp < 0x1F00)
		table = fold_latin_ext, base = 0x1E00;
	if (table) {
		char c = table[cp - base];
		if (c >= 'a' && c <= 'z')
			buf_putc(b, c);
		else if (c > '0' && c - '0' < (int)ALEN(fold_long))
			buf_puts(b, fold_long[c - '0']);
		else
			buf_append(b, p, len);
		return;
	}
	if (cp >= 0x370 && cp < 0x460) {
		cp = fold_case(cp);
		for (size_t i = 0; i < ALEN(fold_accents); i++)
			if (fold_accents[i][0] == cp)
				cp = fold_accents[i][1];
		put_utf8(b, cp);
		return;
	}
	buf_append(b, p, len);
}

char *str_fold(const char *s)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	buf_reserve(&b, n);
	while (*p) {
		uint32_t cp;
		size_t k;
		if (*p < 0x80) {
			buf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
			p++;
			continue;
		}
		k = utf8_decode(p, strlen((const char *)p), &cp);
		if (k == 0) {
			buf_append(&b, (const char *)p, 1);
			p++;
			continue;
		}
		fold_char(&b, cp, (const char *)p, k);
		p += k;
	}
	return buf_steal(&b);
}

bool str_fold_match(const char *text, const char *query)
{
	char word[256];

	for (const char *q = query; *q;) {
		size_t n = strcspn(q, " ");
		if (n >= sizeof(word)) {
			/* no title holds a "word" this long: look for its start */
			n = sizeof(word) - 1;
		}
		if (n) {
			memcpy(word, q, n);
			word[n] = '\0';
			if (!strstr(text, word))
				return false;
		}
		q += strcspn(q, " ");
		q += strspn(q, " ");
	}
	return true;
}

void time_now_iso(char out[32])
{
	const char *fixed = getenv("DILEMMA_NOW");
	const char *clock = getenv("DILEMMA_TEST_CLOCK");
	time_t t;
	struct tm tm;

	if (fixed && strlen(fixed) == 20 && fixed[19] == 'Z') {
		memcpy(out, fixed, 21);
		return;
	}
	if (clock && clock[0]) {
		/* tests only: the time is what the file says when asked, so a
		 * test can move a running program's clock on */
		FILE *f = fopen(clock, "r");
		char line[32] = "";
		bool ok = f && fgets(line, sizeof(line), f);
		if (f)
			fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
		if (ok && strlen(line) == 20 && line[19] == 'Z') {
			memcpy(out, line, 21);
			return;
		}
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool time_parse_iso(const char *iso, int64_t *out)
{
	struct tm tm = {0};
	const char *end;

	if (!iso || strlen(iso) != 20)
		return false;
	end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return false;
	*out = (int64_t)timegm(&tm);
	return true;
}

/* localtime_r need not read TZ again, so tzset() when it changed: a
 * program (or a test) that changes it gets the new zone. Not at every
 * call: with TZ unset, glibc looks at /etc/localtime each time, and a
 * listing of 30,000 sessions would stat it 30,000 times. */
static void zone_update(void)
{
	static char last[256];
	static bool set, known;
	const char *tz = getenv("TZ");

	/* (a TZ longer than @last never compares equal: tzset() each time) */
	if (known && (tz ? set && strcmp(tz, last) == 0 : !set))
		return;
	tzset();
	known = true;
	set = tz != NULL;
	snprintf(last, sizeof(last), "%s", tz ? tz : "");
}

bool time_local(const char *iso, char out[TIME_LOCAL_LEN])
{
	int64_t secs;
	time_t t;
	struct tm tm;

	zone_update();
	if (!time_parse_iso(iso, &secs) || (t = (time_t)secs, !localtime_r(&t, &tm)) ||
	    !strftime(out, TIME_LOCAL_LEN, "%Y-%m-%d %H:%M %Z", &tm)) {
		snprintf(out, TIME_LOCAL_LEN, "%s", iso ? iso : "");
		return false;
	}
	return true;
}
