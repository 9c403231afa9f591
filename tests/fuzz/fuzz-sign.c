/* Fuzz mailgw-sign's request loop: the input is what its caller sends,
 * read from a memory file by signer_serve; answers go to /dev/null. The
 * keyring is "not ready", so every well-formed request is answered with
 * that error and gpg never runs: what is fuzzed is the reading. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "err.h"
#include "signer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errbuf ready = { ST_TEMPFAIL, "fuzzing: no keyring" };
	int in = memfd_create("fuzz-sign", 0), out = open("/dev/null",
	    O_WRONLY);

	if (in >= 0 && out >= 0 && write(in, data, size) == (ssize_t)size &&
	    lseek(in, 0, SEEK_SET) == 0)
		signer_serve(in, out, NULL, 65536, &ready);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return 0;
}
