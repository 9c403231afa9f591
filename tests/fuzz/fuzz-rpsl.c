/* Fuzz the contact importers: the input is written to a file and
 * imported as RPSL, as delegated statistics and as CSV, into a store in
 * a temporary directory; then an address inside is looked up. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contact.h"
#include "err.h"
#include "ioc.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
ignore(const char *scope, const struct store_answer *a, void *arg)
{
	(void)scope;
	(void)a;
	(void)arg;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/mailgw-fuzz-rpsl.XXXXXX", file[64], db[64];
	char type[16], norm[128];
	struct contact_import imp = { .source = "fuzz", .format = CONTACT_RIPE };
	struct ioc_scanner *sc;
	struct errbuf e = { 0 };
	struct store *s = NULL;
	char *files[1] = { file };
	FILE *f;
	int fmt;

	if (mkdtemp(dir) == NULL)
		return 0;
	snprintf(file, sizeof(file), "%s/in", dir);
	snprintf(db, sizeof(db), "%s/db", dir);
	if ((f = fopen(file, "wb")) != NULL) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
	if (store_open(&s, db, 1000, STORE_CREATE | STORE_MIGRATE, &e) == 0) {
		for (fmt = 0; fmt < 3; fmt++) {
			imp.format = (enum contact_format)fmt;
			contact_import(s, &imp, files, 1, &e);
		}
		sc = ioc_scanner_new();
		contact_lookup(s, sc, NULL, "192.0.2.1", type, norm, sizeof(norm),
		    ignore, NULL, &e);
		contact_lookup(s, sc, NULL, "2001:db8::1", type, norm, sizeof(norm),
		    ignore, NULL, &e);
		ioc_scanner_free(sc);
		store_close(s);
	}
	unlink(file);
	unlink(db);
	snprintf(file, sizeof(file), "%s/db-wal", dir);
	unlink(file);
	snprintf(file, sizeof(file), "%s/db-shm", dir);
	unlink(file);
	rmdir(dir);
	return 0;
}
