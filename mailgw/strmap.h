/* A map from strings to int64 values: open addressing on
 * digest_table_hash, the keys copied, kept in insertion order. A zeroed
 * struct strmap is an empty map. */
#ifndef MAILGW_STRMAP_H
#define MAILGW_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	char **keys;
	int64_t *vals;
	size_t *slots;		/* index + 1, 0 empty */
	size_t n, cap;
};

/* The value of key, or NULL; it stays valid until the next put. */
int64_t *strmap_get(const struct strmap *m, const char *key);

/* Set key to val (replacing the value of a key already there). */
void strmap_put(struct strmap *m, const char *key, int64_t val);

/* Free the keys and tables; m is an empty map again. */
void strmap_free(struct strmap *m);

#endif
