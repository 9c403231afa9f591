/* Fuzz the OpenPGP dispatch: which parts are signed, encrypted, keys,
 * armor found in text; with no keyring, so that gpg never runs. */
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "message.h"
#include "pgp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message_limits lim = { 200, 16, 1 << 20, NULL, NULL, 0 };
	struct message *m = message_parse((const char *)data, size, &lim);
	struct pgp *g = pgp_new("/nonexistent/mailgw-fuzz-gnupg", 1 << 20);
	struct pgp_result r;
	struct errbuf e = { 0 };

	pgp_examine(g, m, (const char *)data, size, &lim, &r, &e);
	pgp_result_release(&r);
	pgp_free(g);
	message_free(m);
	return 0;
}
