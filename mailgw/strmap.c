/* A string-keyed map (see strmap.h): the table at most half full, so a
 * look-up that misses ends at an empty slot after a step or two. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "strmap.h"
#include "xmalloc.h"

static size_t *
slot_of(const struct strmap *m, const char *key)
{
	size_t j = digest_table_hash(key, strlen(key), 0) & (m->cap - 1);

	for (; m->slots[j]; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->keys[m->slots[j] - 1], key) == 0)
			break;
	return &m->slots[j];
}

int64_t *
strmap_get(const struct strmap *m, const char *key)
{
	size_t *slot;

	if (m->cap == 0)
		return NULL;
	slot = slot_of(m, key);
	return *slot ? &m->vals[*slot - 1] : NULL;
}

void
strmap_put(struct strmap *m, const char *key, int64_t val)
{
	size_t i, *slot;

	if (2 * (m->n + 1) > m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		free(m->slots);
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		m->keys = xreallocarray(m->keys, m->cap, sizeof(*m->keys));
		m->vals = xreallocarray(m->vals, m->cap, sizeof(*m->vals));
		for (i = 0; i < m->n; i++)
			*slot_of(m, m->keys[i]) = i + 1;
	}
	slot = slot_of(m, key);
	if (*slot) {
		m->vals[*slot - 1] = val;
		return;
	}
	m->keys[m->n] = xstrdup(key);
	m->vals[m->n] = val;
	*slot = ++m->n;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
