/* SHA-256 over byte ranges, as lowercase hex; and a quick hash for the
 * in-memory hash tables. */
#ifndef MAILGW_DIGEST_H
#define MAILGW_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DIGEST_HEX_LEN 64

struct digest;

struct digest *digest_new(void);
void digest_update(struct digest *d, const void *data, size_t len);
/* Write the 64 hex digits and a NUL to hex, and free d. */
void digest_finish(struct digest *d, char hex[DIGEST_HEX_LEN + 1]);

/* One call for one range. */
void digest_sha256_hex(const void *data, size_t len,
    char hex[DIGEST_HEX_LEN + 1]);

/* HMAC-SHA256 of data under key, as hex. */
void digest_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[DIGEST_HEX_LEN + 1]);

/* MurmurHash3's finalizer: every bit of h moves every bit of the result
 * (a multiplication alone moves a bit only to the ones above it, and
 * the last bytes of "AS4134" or "192.0.2.77" are the ones that vary). */
static inline uint64_t
digest_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ h >> 33;
}

/* Not cryptographic: a word-at-a-time multiplicative hash of data[0..len)
 * and seed, for hash tables of short keys (names, indicators, SQL).
 * Inline: the indicator scanner hashes every token it meets. */
static inline uint64_t
digest_table_hash(const void *data, size_t len, uint64_t seed)
{
	const uint64_t m = 0x9e3779b97f4a7c15ull;
	const unsigned char *s = data;
	uint64_t h = (uint64_t)len * m ^ seed, w;
	uint32_t lo, hi;

	if (len < 8) {	/* no copy of a variable length: no call */
		if (len >= 4) {
			memcpy(&lo, s, 4);
			memcpy(&hi, s + len - 4, 4);
			w = (uint64_t)hi << 32 | lo;
		} else {
			w = len ? (uint64_t)s[0] | (uint64_t)s[len / 2] << 8 |
			    (uint64_t)s[len - 1] << 16 : 0;
		}
		return digest_mix((h ^ w) * m);
	}
	for (; len > 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	memcpy(&w, s + len - 8, 8);	/* the last 8, overlapping */
	return digest_mix((h ^ w) * m);
}

/* Whether a[0..n) and b[0..n) are the same bytes: a table's key and the
 * one looked up, once their hashes matched. Inline and a word at a
 * time, as the hash: the scanner compares a token read before with its
 * key, 8 to 64 bytes, and memcmp's call was 6-9% of a run. */
static inline int
digest_table_same(const void *a, const void *b, size_t n)
{
	const unsigned char *s = a, *t = b;
	uint64_t x, y;
	uint32_t u, v;
	size_t k;

	if (n < 8) {
		if (n < 4)	/* 1 to 3 bytes: the first, middle, last */
			return n == 0 || (s[0] == t[0] &&
			    s[n / 2] == t[n / 2] && s[n - 1] == t[n - 1]);
		memcpy(&u, s, 4);
		memcpy(&v, t, 4);
		if (u != v)
			return 0;
		memcpy(&u, s + n - 4, 4);
		memcpy(&v, t + n - 4, 4);
		return u == v;
	}
	for (k = 0; k + 8 < n; k += 8) {
		memcpy(&x, s + k, 8);
		memcpy(&y, t + k, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, s + n - 8, 8);	/* the last 8, overlapping */
	memcpy(&y, t + n - 8, 8);
	return x == y;
}

#endif
