/*
 * pack_raw.c - a pack file's raw bytes: the check that they are UTF-8 text
 * a pack may hold, and the content hash (see pack_private.h).
 *
 * Both run as the file is read (pack_load() calls precheck_update() after
 * each piece), while each piece is still in the cache: the common case is
 * one tight loop that finds nothing. Only when it finds something does the
 * slow reporting pass, raw_report(), walk the file again to say what and
 * where, and hand the parser a copy with each bad character replaced so
 * that the file's other problems are reported at their true positions.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_private.h"

/* Encoding errors say "this is not UTF-8 text" long before this many. */
#define MAX_ENCODING_ERRORS 20

/* TAB and LF are the only control characters a text may hold (CR only
 * before LF, which the callers handle). */
const char *raw_code_point_problem(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return "control character";
	if (cp == 0x2028 || cp == 0x2029)
		return "Unicode line or paragraph separator";
	if (cp == 0xFEFF)
		return "byte order mark";
	if (cp == 0xFFFE || cp == 0xFFFF)
		return "Unicode non-character";
	return NULL;
}

/* The raw-file check, run as the file is read (see pack_load()), while
 * each piece is still in the cache: valid UTF-8, no control characters
 * other than TAB and line ends (LF or CRLF). Kept apart from the slow
 * reporting pass below so that the common case is one tight loop.
 *
 * Scans @s from @i up to @len and returns where it stopped: at @len, at a
 * character or CRLF cut by @len when more bytes are to come (!@last), or
 * at the first bad byte, setting *@bad. */
static size_t raw_scan(const unsigned char *s, size_t i, size_t len, bool last, bool *bad)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint32_t cp;

	while (i < len) {
		unsigned char c = s[i];
		if (i + 8 <= len) {
			/* eight printable ASCII bytes at a time: none below 0x20,
			 * none 0x7F, none with the high bit set */
			uint64_t w, del;
			memcpy(&w, s + i, 8);
			del = w ^ (ones * 0x7F);
			if (!((w | ((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & highs)) {
				i += 8;
				continue;
			}
		}
		if (c >= 0x20 && c < 0x7F) {
			i++;
		} else if (c == '\n' || c == '\t') {
			i++;
		} else if (c == '\r') {
			if (i + 1 >= len && !last)
				return i;
			if (i + 1 >= len || s[i + 1] != '\n')
				break;
			i += 2;
		} else if (c < 0x80) {
			break;
		} else {
			size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (i + need > len && !last)
				return i;
			size_t k = utf8_decode(s + i, len - i, &cp);
			if (!k || raw_code_point_problem(cp))
				break;
			i += k;
		}
	}
	if (i < len)
		*bad = true;
	return i;
}

/* The content hash (pack_hash_hex()), fed in pieces: whole 8-byte words
 * while the file comes in, the last few bytes at the end. */
static uint64_t hash_words(uint64_t h, const unsigned char *s, size_t n)
{
	uint64_t w;

	for (size_t i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 29;
	}
	return h;
}

void raw_hash_finish(uint64_t h, const unsigned char *s, size_t len, size_t done,
		     char out[17])
{
	h = hash_words(h, s + done, len - done);
	for (size_t i = done + ((len - done) & ~(size_t)7); i < len; i++)
		h = (h ^ s[i]) * 0x100000001b3u;
	h ^= len;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDu;
	h ^= h >> 33;
	snprintf(out, 17, "%016" PRIx64, h);
}

static bool has_bom(const unsigned char *u, size_t len)
{
	return len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
}

void precheck_update(struct precheck *pc, const unsigned char *u, size_t avail, bool last)
{
	if (!pc->started && (avail >= 3 || last)) {
		pc->checked = pc->start = has_bom(u, avail) ? 3 : 0;
		pc->started = true;
	}
	if (pc->started && !pc->bad)
		pc->checked = raw_scan(u, pc->checked, avail, last, &pc->bad);
	size_t words = (avail - pc->hashed) & ~(size_t)7;
	pc->h = hash_words(pc->h, u + pc->hashed, words);
	pc->hashed += words;
}

struct pos raw_pos(const unsigned char *s, size_t off)
{
	struct pos at = {1, 1};
	size_t i = has_bom(s, off) ? 3 : 0;

	for (; i < off; i++) {
		if (s[i] == '\n')
			at.line++, at.col = 1;
		else if ((s[i] & 0xC0) != 0x80 &&
			 !(s[i] == '\r' && i + 1 < off && s[i + 1] == '\n'))
			at.col++;
	}
	return at;
}

/* Report every bad character of the raw file (after a BOM of @start
 * bytes) with its line and column (columns count characters, as libyaml's
 * do; an invalid byte counts as one) and return a copy without the BOM in
 * which each is replaced by one '?' (a lone CR by a space), so that
 * parsing can go on and report the file's other problems at the same
 * positions. NULL when the file is hopeless. */
unsigned char *raw_report(struct loader *L, const unsigned char *s, size_t len,
			  size_t start, size_t *outlen)
{
	unsigned char *out = xmalloc(len + 1);
	size_t i = start, o = 0, nbad = 0; /* the BOM is left out */
	struct pos at = {1, 1};
	const char *why;
	uint32_t cp;

	while (i < len) {
		unsigned char c = s[i];
		size_t k;

		if (c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			k = c == '\r' ? 2 : 1;
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			at.line++;
			at.col = 1;
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
			out[o++] = c;
			i++;
			at.col++;
			continue;
		}
		k = 1;
		if (c == '\r') {
			loader_error(L, at, "carriage return (CR) not followed by a line "
				     "feed; use LF or CRLF line ends");
			out[o++] = ' ';
		} else if (c < 0x80) {
			loader_error(L, at, "control character U+%04X is not allowed in a "
				     "pack", c);
			out[o++] = '?';
		} else if (!(k = utf8_decode(s + i, len - i, &cp))) {
			loader_error(L, at, "invalid UTF-8 byte 0x%02X: packs must be UTF-8 "
				     "text", c);
			out[o++] = '?';
			k = 1;
		} else if ((why = raw_code_point_problem(cp))) {
			loader_error(L, at, "%s U+%04" PRIX32 " is not allowed in a pack%s",
				     why, cp, cp == 0xFEFF ? " (only as the file's very first "
				     "character)" : "");
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			at.col++;
			continue;
		}
		i += k;
		at.col++;
		if (++nbad >= MAX_ENCODING_ERRORS) {
			loader_error(L, at, "giving up: this does not look like a UTF-8 "
				     "text file");
			free(out);
			return NULL;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}
