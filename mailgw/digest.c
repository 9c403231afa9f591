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

