/*
 * util.h - allocation that never returns NULL, a growable byte buffer, and
 * small string helpers shared by the core, the command line and the screens.
 *
 * Allocation failure is not something any caller can usefully recover from,
 * so the x* family calls die(), which first runs the registered callback (the
 * workbench uses it to restore the terminal) and then exits with status 1.
 */
#ifndef DILEMMA_UTIL_H
#define DILEMMA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ALEN(a) (sizeof(a) / sizeof((a)[0]))

/* Run @fn before exiting from die(); NULL removes it. */
void die_set_callback(void (*fn)(void));
/* Print "dilemma: MESSAGE" to stderr, run the callback, exit(1). */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* realloc(p, nmemb * size) with overflow check. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Give the buffer's storage to the caller (never NULL) and reset @b. */
char *buf_steal(struct buf *b);
void buf_finish(struct buf *b);

/* The white space a blank text may hold: the C locale's, whatever the
 * locale is, so that the store can ask the same question in SQL (trim()
 * with these characters) and get the same answer. */
#define STR_BLANK_CHARS " \t\n\v\f\r"
/* True when @s is NULL or holds only STR_BLANK_CHARS. */
bool str_blank(const char *s);
/* Decode one UTF-8 character at @s (@n bytes left). Returns its length,
 * or 0 when the bytes are not valid UTF-8 (overlong forms, surrogates and
 * values past U+10FFFF included). */
static inline size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Whether @cp changes how the text around it reads without being seen
 * itself: the bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069) and the zero-width characters (U+200B-U+200D, U+2060,
 * U+FEFF). A title holding U+202E can read as another title. */
bool char_is_invisible(uint32_t cp);
/* The character a terminal is given for @cp: U+FFFD for a control
 * character other than TAB and LF (C0, DEL, C1) and for an invisible one
 * (char_is_invisible()), else @cp itself. */
uint32_t char_shown(uint32_t cp);
/* @n bytes at @s made safe to show on a terminal, as one core function for
 * every screen and command: each character as char_shown() gives it, and
 * each byte that is not UTF-8 as U+FFFD. With @one_line, TAB, CR and LF
 * become spaces; else TAB and LF stay and the CR of a CRLF goes. The data
 * itself is never changed: this is for showing it. Caller frees. */
char *str_neutralise(const char *s, size_t n, bool one_line);
/* str_neutralise() of the string @s on one line. Caller frees. */
char *str_printable(const char *s);
/* str_printable(@s) cut to at most @max bytes at a character's start,
 * with "..." after it when cut: a value a message quotes. Caller frees. */
char *str_excerpt(const char *s, size_t max);
/* Levenshtein distance, capped at @limit + 1 to stay cheap. */
size_t str_distance(const char *a, const char *b, size_t limit);
/* Up to @max of the @n @names nearest to @word, nearest first (then in
 * their order), into @out: those within a few edits of it (more for a
 * longer word), letter case not counting. How many. */
size_t str_nearest(const char *word, const char *const *names, size_t n, const char **out,
		   size_t max);
/* @s folded for a search that ignores letter case and accents, the same
 * under every locale: ASCII in lower case; Latin letters of U+00C0-U+017F
 * and U+1E00-U+1EFF as their plain ASCII letters ("É" "e", "ß" "ss", "Æ"
 * "ae"); Greek and Cyrillic letters in lower case without their accents;
 * combining marks (U+0300-U+036F) left out, so a decomposed "é" is "e"
 * too. Anything else, bytes that are not UTF-8 included, is kept as it
 * is. Caller frees. */
char *str_fold(const char *s);
/* True when each word of @query (the runs between spaces) occurs in
 * @text, both as str_fold() gives them: a search "mum whats" finds
 * "what should mum send? ... whatsapp". A query of no words matches. */
bool str_fold_match(const char *text, const char *query);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into @out (>= 21 bytes).
 * For tests only: DILEMMA_NOW, when set to such a string, fixes the clock;
 * DILEMMA_TEST_CLOCK, when it names a file holding such a string, is read
 * at each call, so a test can move the clock of a running program. */
void time_now_iso(char out[32]);
/* True when @s is a date "YYYY-MM-DD" or a UTC time "YYYY-MM-DDTHH:MM:SSZ"
 * (what the filters' since and until take). */
bool time_valid_when(const char *s);
/* Seconds since the epoch of @iso, a time "YYYY-MM-DDTHH:MM:SSZ" (UTC);
 * false when it is not one. */
bool time_parse_iso(const char *iso, int64_t *out);
/* The room time_local() needs, NUL included. */
#define TIME_LOCAL_LEN 64
/* @iso (a UTC time as above) as the local time a person reads, to the
 * minute and with the zone: "2026-11-30 14:05 GMT", under TZ as the C
 * library reads it each time (unset: the system's zone). False, with
 * @iso itself in @out (cut to fit), when it is not such a time. */
bool time_local(const char *iso, char out[TIME_LOCAL_LEN]);

#endif
