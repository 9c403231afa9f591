/*
 * mailgw-deliver SOCKET [--recipient ADDR] [--sender ADDR] [-c FILE]:
 * what an MTA's pipe runs when a receiver listens ("mailgw lmtp --listen
 * SOCKET"). It hands the message on its standard input to the receiver
 * and exits as the receiver replies (250: 0, 4xx: 75, 5xx: 65); it links
 * libc and nothing else, so a delivery costs the start of a small
 * process and the receiver's work. When it cannot hand the message over
 * (no receiver, one gone before its reply, no envelope recipient, bytes
 * LMTP would not carry as they are), it runs "mailgw receive" on the
 * same message, which stores it itself: the MTA sees one exit code
 * either way.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "libexec.h"
#include "lmtpclient.h"

#define MAX_HANDED (256u * 1024 * 1024)	/* past any max_message_size */
#define TIMEOUT_MS (300 * 1000)

static void
usage(void)
{
	fputs("usage: mailgw-deliver SOCKET [--recipient ADDR] "
	    "[--sender ADDR] [-c FILE]\n", stderr);
	exit(64);
}

/* "mailgw receive" with the same arguments, on the message in raw (a
 * memory file as its standard input). Never returns. */
static void
receive_here(const struct buf *raw, const char *conf, const char *rcpt,
    const char *sender)
{
	const char *argv[10];
	char *mailgw = program_path("mailgw", BINDIR);
	int k = 0, fd = memfd_create("message", MFD_CLOEXEC);

	if (fd < 0 || fd_write_all(fd, raw->data, raw->len) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0 || dup2(fd, STDIN_FILENO) < 0) {
		fprintf(stderr, "mailgw-deliver: keeping the message for "
		    "mailgw receive: %s\n", strerror(errno));
		exit(75);
	}
	argv[k++] = "mailgw";
	if (conf) {
		argv[k++] = "-c";
		argv[k++] = conf;
	}
	argv[k++] = "receive";
	if (rcpt) {
		argv[k++] = "--recipient";
		argv[k++] = rcpt;
	}
	if (sender) {
		argv[k++] = "--sender";
		argv[k++] = sender;
	}
	argv[k] = NULL;
	execv(mailgw, (char *const *)argv);
	fprintf(stderr, "mailgw-deliver: running %s: %s\n", mailgw,
	    strerror(errno));
	exit(75);
}

int
main(int argc, char **argv)
{
	const char *sock, *rcpt = NULL, *sender = getenv("SENDER"), *conf = NULL;
	struct errbuf e = { 0 };
	struct buf raw;
	int i, rc;

	if (argc < 2 || argv[1][0] != '/')
		usage();
	sock = argv[1];
	for (i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--recipient") == 0)
			rcpt = argv[i + 1];
		else if (strcmp(argv[i], "--sender") == 0)
			sender = argv[i + 1];
		else if (strcmp(argv[i], "-c") == 0)
			conf = argv[i + 1];
		else
			usage();
	}
	rcpt = lmtp_envelope_recipient(rcpt);
	buf_init(&raw, MAX_HANDED);
	if (buf_read_fd(&raw, STDIN_FILENO) < 0) {
		if (errno == EFBIG) {
			fprintf(stderr, "mailgw-deliver: message refused: "
			    "larger than %u MB\n", MAX_HANDED >> 20);
			return 65;
		}
		fprintf(stderr, "mailgw-deliver: reading the message: %s\n",
		    strerror(errno));
		return 75;
	}
	if (raw.len == 0 || rcpt == NULL)
		receive_here(&raw, conf, rcpt, sender);
	rc = lmtp_forward(sock, sender, rcpt, raw.data, raw.len, TIMEOUT_MS,
	    &e);
	if (rc > 0)
		receive_here(&raw, conf, rcpt, sender);
	if (rc < 0)
		fprintf(stderr, "mailgw-deliver: %s\n", e.msg);
	buf_release(&raw);
	return rc == 0 ? 0 : e.status == ST_REFUSED ? 65 : 75;
}
