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
/* The store's directory, made once by mkdtemp(3) at the first input
 * (from DIR_TEMPLATE, whose six Xs it replaces) and removed at exit. */
#define DIR_TEMPLATE "mailgw-fuzz-lmtp.XXXXXX"
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

static int
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct errbuf e = { 0 };
	char path[300];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/" DIR_TEMPLATE,
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
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
		lmtp_session(store, conf, fd, devnull, 1000);
	close(fd);
	return 0;
}
