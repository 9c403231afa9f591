/* SHA-256 over byte ranges, as lowercase hex; and a quick hash for the
 * in-memory hash tables. */
#ifndef MAILGW_DIGEST_H
#define MAILGW_DIGEST_H

#include <stddef.h>
#include <stdint.h>

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

/* Not cryptographic: a word-at-a-time multiplicative hash of data[0..len)
 * and seed, for hash tables of short keys (names, indicators, SQL). */
uint64_t digest_table_hash(const void *data, size_t len, uint64_t seed);

#endif
