/*
 * mailgw-sign GNUPGHOME MAX_BYTES: signs and encrypts what mailgw notify
 * hands it on standard input (a socket), answering on standard output,
 * until end of file (signer.c has the exchange). A process of its own
 * so that the gpg processes gpgme forks for each signature are forked
 * from a small one (see signer.h). Not for people: it reads binary
 * requests and says nothing on a terminal.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "err.h"
#include "pgp.h"
#include "signer.h"

int
main(int argc, char **argv)
{
	struct errbuf ready = { 0 };
	struct pgp *g;
	unsigned long long max;
	char *end;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	if (argc != 3 || argv[1][0] != '/' ||
	    (max = strtoull(argv[2], &end, 10)) == 0 || *end != '\0' ||
	    errno != 0) {
		fprintf(stderr, "usage: mailgw-sign GNUPGHOME MAX_BYTES "
		    "(run by mailgw notify)\n");
		return EX_USAGE;
	}
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "mailgw-sign: run by mailgw notify, not by "
		    "hand\n");
		return EX_USAGE;
	}
	g = pgp_new(argv[1], (size_t)max);
	if (pgp_ready(g, &ready) < 0 && ready.status == ST_OK)
		ready.status = ST_TEMPFAIL;
	rc = signer_serve(STDIN_FILENO, STDOUT_FILENO, g, (size_t)max, &ready);
	pgp_free(g);
	return rc == 0 ? EX_OK : EX_PROTOCOL;
}
