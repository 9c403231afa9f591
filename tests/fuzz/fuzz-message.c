/* Fuzz the message parser: MIME tree, charsets, headers, and what every
 * getter returns. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message_limits lim = { 200, 16, 1 << 20, NULL, NULL, 0 };
	struct message *m = message_parse((const char *)data, size, &lim);
	size_t i, n = 0;
	char hex[DIGEST_HEX_LEN + 1];

	n += strlen(message_subject(m)) + strlen(message_from_addr(m)) +
	    strlen(message_to(m)) + strlen(message_id(m)) +
	    message_from_count(m);
	for (i = 0; i < message_part_count(m); i++) {
		const struct message_part *p = message_part(m, i);

		n += p->text ? strlen(p->text) : 0;
		n += p->data.len;
	}
	message_digest((const char *)data, size, hex);
	message_free(m);
	return n == (size_t)-1;
}
