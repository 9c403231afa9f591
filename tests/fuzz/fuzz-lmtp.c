/* Fuzz the LMTP session: the input is what a client sends, read from a
 * memory file by lmtp_session; replies go to /dev/null, messages into a
 * store in a temporary directory made at the first input (and reused:
 * a session is one of many on the same store). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "lmtp.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own setup, made once: a fuzzer calls the target
 * millions of times in one process. */
static struct conf *conf;
static struct store *store;
static FILE *devnull;
/* The store's directory, made once at the first input and removed at
 * exit. */
static char dir[256];

static void
cleanup(void)
{
	static const char *const files[] = {
		"mailgw.conf", "mailgw.db", "mailgw.db-wal", "mailgw.db-shm",
	};
	char path[300];
	size_t i;

	store_close(store);
	conf_free(conf);
	if (devnull)
		fclose(devnull);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* dir: a new directory under $TMPDIR (else /tmp), its name
 * "mailgw-fuzz-lmtp." and six characters mkdtemp(3) chooses in place
 * of the six 'X's its template must end with. */
static int
make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(dir, sizeof(dir), "%s/mailgw-fuzz-lmtp.",
	    tmp && *tmp ? tmp : "/tmp");

	if (n < 0 || (size_t)n + 7 > sizeof(dir))
		return -1;	/* no room for the six: a TMPDIR too long */
	memset(dir + n, 'X', 6);
	dir[n + 6] = '\0';
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
setup(void)
{
	struct errbuf e = { 0 };
	char path[300];
	FILE *f;

	if (make_dir() < 0)
		return -1;
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/mailgw.conf", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "[gateway]\naddress = cert@cert.example\ntag = CNCERT\n"
	    "database = %s/mailgw.db\ngnupghome = %s/no-gnupg\nack = no\n"
	    "max_message_size = 100000\n", dir, dir);
	fclose(f);
	if (conf_load(&conf, path, &e) < 0 || store_open(&store,
	    conf->database, 1000, STORE_CREATE | STORE_MIGRATE, &e) < 0) {
		fprintf(stderr, "fuzz-lmtp: %s\n", e.msg);
		return -1;
	}
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;

	if (store == NULL && setup() < 0)
		abort();
	if ((fd = memfd_create("lmtp", 0)) < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size &&
	    lseek(fd, 0, SEEK_SET) == 0)
		lmtp_session(store, conf, NULL, fd, devnull, 1000);
	close(fd);
	return 0;
}
