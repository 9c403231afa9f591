#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "digest.h"
#include "xmalloc.h"

struct digest {
	struct sha256_ctx ctx;
};

struct digest *
digest_new(void)
{
	struct digest *d = xmalloc(sizeof(*d));

	sha256_init(&d->ctx);
	return d;
}

void
digest_update(struct digest *d, const void *data, size_t len)
{
	sha256_update(&d->ctx, len, data);
}

void
digest_finish(struct digest *d, char hex[DIGEST_HEX_LEN + 1])
{
	static const char xd[] = "0123456789abcdef";
	unsigned char raw[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(&d->ctx, sizeof(raw), raw);
	for (i = 0; i < sizeof(raw); i++) {
		hex[2 * i] = xd[raw[i] >> 4];
		hex[2 * i + 1] = xd[raw[i] & 0xf];
	}
	hex[DIGEST_HEX_LEN] = '\0';
	free(d);
}

void
digest_sha256_hex(const void *data, size_t len, char hex[DIGEST_HEX_LEN + 1])
{
	struct digest *d = digest_new();

	digest_update(d, data, len);
	digest_finish(d, hex);
}

void
digest_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[DIGEST_HEX_LEN + 1])
{
	static const char xd[] = "0123456789abcdef";
	struct hmac_sha256_ctx ctx;
	uint8_t out[SHA256_DIGEST_SIZE];
	size_t i;

	hmac_sha256_set_key(&ctx, keylen, key);
	hmac_sha256_update(&ctx, len, data);
	hmac_sha256_digest(&ctx, sizeof(out), out);
	for (i = 0; i < sizeof(out); i++) {
		hex[2 * i] = xd[out[i] >> 4];
		hex[2 * i + 1] = xd[out[i] & 0xf];
	}
	hex[2 * sizeof(out)] = '\0';
}

/* MurmurHash3's finalizer: every bit of h moves every bit of the result
 * (a multiplication alone moves a bit only to the ones above it, and
 * the last bytes of "AS4134" or "192.0.2.77" are the ones that vary). */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ h >> 33;
}

uint64_t
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
		return mix((h ^ w) * m);
	}
	for (; len > 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	memcpy(&w, s + len - 8, 8);	/* the last 8, overlapping */
	return mix((h ^ w) * m);
}
