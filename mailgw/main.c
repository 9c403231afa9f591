/*
 * mailgw: global options, the command table and the exit-code policy.
 * The commands live in cmd-*.c; the work in the modules they call.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <syslog.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "store.h"
#include "xmalloc.h"

struct command {
	const char *name;
	cmd_fn fn;
	int flags;
	const char *synopsis;
	const char *summary;
};

static const struct command commands[] = {
	{ "receive", cmd_receive, CMD_CONF | CMD_MTA,	/* opens the store
							 * itself */
	    "receive [--recipient ADDR] [--sender ADDR]",
	    "store one message from stdin (the MTA pipe) in its ticket" },
	{ "lmtp", cmd_lmtp, CMD_CONF | CMD_MTA,	/* opens the store itself */
	    "lmtp [--timeout SECONDS] [--listen SOCKET]",
	    "receive over LMTP on stdin and stdout, every message of a "
	    "connection in one process (inetd, a systemd socket); or on a "
	    "Unix socket, connection after connection, for receive to hand "
	    "its messages to (lmtp_socket)" },
	{ "import", cmd_import, CMD_CONF | CMD_STORE,
	    "import PATH...",
	    "store mbox files, maildirs or directories of messages as "
	    "receive would (no acknowledgements)" },
	{ "ticket", cmd_ticket, CMD_CONF | CMD_STORE,
	    "ticket list [--status S] [--category C] [--owner NAME] "
	    "[--partner NAME] [--ioc VALUE] [--since DATE] [--until DATE] "
	    "[--text TEXT] "
	    "[--limit N] [--json | --csv] | ticket show ID [--json] | "
	    "ticket set ID KEY=VALUE... | ticket comment ID < NOTE | "
	    "ticket log ID [--json] | ticket merge ID INTO | "
	    "ticket link ID OTHER",
	    "list, show and change tickets; notes; the audit trail" },
	{ "attachment", cmd_attachment, CMD_CONF | CMD_STORE,
	    "attachment get SHA256 > FILE | attachment text SHA256",
	    "write a stored attachment's bytes to stdout, or the text read "
	    "from it (a PDF, an Office document, a zip's files)" },
	{ "ioc", cmd_ioc, CMD_CONF,
	    "ioc extract [FILE] [--json | --with-offsets] [--message] "
	    "[--jobs N] | "
	    "ioc export [--ticket ID] [--since DATE] [--format csv|json|misp]",
	    "list the indicators (IPs, domains, URLs, hashes ...) in a text, "
	    "a CSV report (by column), a mail message (or each of an "
	    "mbox's) or a saved document (PDF, Office, zip); export the "
	    "tickets' indicators" },
	{ "contact", cmd_contact, CMD_CONF | CMD_STORE,
	    "contact import --format ripe|delegated|csv [--source NAME] "
	    "[--manual] FILE... | contact lookup [--json] [--ticket ID] "
	    "[VALUE...] | contact sources [--json]",
	    "import registry and desk contact data; who answers for an "
	    "address, AS or domain" },
	{ "notify", cmd_notify, CMD_CONF | CMD_STORE,
	    "notify ID... [--template NAME] [--dry-run] [--rate N] [--json]",
	    "tell each responsible contact, once, about the tickets' indicators" },
	{ "takedown", cmd_takedown, CMD_CONF | CMD_STORE,
	    "takedown ID... [--template NAME] [--dry-run] [--rate N] [--json]",
	    "ask registrars (and hosts) to take the tickets' domains and URLs "
	    "down" },
	{ "report", cmd_report, CMD_CONF | CMD_STORE,
	    "report [--month YYYY-MM] [--format text|html|json]",
	    "the monthly report: by category, partner, status; times; networks" },
	{ "partner", cmd_partner, CMD_CONF | CMD_STORE,
	    "partner add NAME --email ADDR... [--key FPR...] [--ref-regex RE] "
	    "| partner list [--json] | partner remove NAME",
	    "manage partner organisations: addresses, keys, references" },
	{ "staff", cmd_partner, CMD_CONF | CMD_STORE,
	    "staff add NAME --email ADDR... [--key FPR...] "
	    "| staff list [--json] | staff remove NAME",
	    "manage the desk's staff: addresses and keys" },
	{ "db", cmd_db, CMD_CONF,
	    "db migrate | db check | db backup FILE",
	    "apply pending migrations, check the store, or copy it while "
	    "mail comes in" },
	{ "help", NULL, 0, "help [COMMAND]", "show the commands, or one" },
	{ NULL, NULL, 0, NULL, NULL },
};

static const struct command *
find_command(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: mailgw [-v] [-c FILE] COMMAND [ARGS...]\n"
	    "       mailgw --version | --help\n\ncommands:\n");
	for (c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nconfiguration: -c FILE, else $MAILGW_CONFIG, else "
	    SYSCONFDIR "/mailgw.conf,\nelse embedded defaults. "
	    "'mailgw help COMMAND' shows a command's arguments.\n");
}

/* A command's synopsis, each of its forms ("ticket list ... | ticket
 * show ID ...": the '|' outside brackets) on a line of its own. */
static void
print_synopsis(FILE *f, const char *synopsis)
{
	const char *p;
	int depth = 0;

	fputs("usage: mailgw ", f);
	for (p = synopsis; *p; p++) {
		depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
		if (depth == 0 && strncmp(p, " | ", 3) == 0) {
			fputs("\n       mailgw ", f);
			p += 2;
		} else {
			fputc(*p, f);
		}
	}
	fputc('\n', f);
}

/* A command's usage and what it does, on stdout ("mailgw help
 * COMMAND", "mailgw COMMAND --help"). */
static int
command_help(const struct command *c)
{
	print_synopsis(stdout, c->synopsis);
	printf("\n%s\n", c->summary);
	return EX_OK;
}

static int
help(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return EX_OK;
	}
	if ((c = find_command(argv[1])) == NULL) {
		fprintf(stderr, "mailgw: help: unknown command '%s'\n", argv[1]);
		return EX_USAGE;
	}
	return command_help(c);
}

/* Whether a command's arguments ask for its usage ("mailgw ioc extract
 * --help"), before any "--": command_help gives it, without the
 * configuration or the store. */
static int
asks_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

enum status
cmd_usage(struct ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	ctx->err.status = ST_USAGE;
	va_start(ap, fmt);
	vsnprintf(ctx->err.msg, sizeof(ctx->err.msg), fmt, ap);
	va_end(ap);
	return ST_USAGE;
}

enum status
cmd_bad_option(struct ctx *ctx, const char *cmd, int ch, char *const *argv)
{
	if (ch == ':')
		return cmd_usage(ctx, "%s: option '%s' needs a value", cmd,
		    argv[optind - 1]);
	if (optopt)
		return cmd_usage(ctx, "%s: unknown option '-%c'", cmd, optopt);
	return cmd_usage(ctx, "%s: unknown option '%s'", cmd, argv[optind - 1]);
}

void
cmd_actor(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name)
		snprintf(buf, size, "user:%s", pw->pw_name);
	else
		snprintf(buf, size, "uid:%ld", (long)getuid());
}

/* The exit-code policy, in one place. */
static int
exit_code(const struct command *c, enum status st)
{
	if ((c->flags & CMD_MTA) && st != ST_OK && st != ST_REFUSED &&
	    st != ST_USAGE)
		return EX_TEMPFAIL;
	return status_to_exit(st);
}

/* Check that everything written to stdout reached it (git run_builtin). */
static enum status
close_stdout(struct errbuf *e)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return ST_OK;
		err_set(e, ST_IOERR, "write error on standard output: %s",
		    strerror(errno));
		return ST_IOERR;
	}
	return ST_OK;
}

enum status
cmd_open_store(struct ctx *ctx)
{
	const struct conf *conf = ctx->conf;

	if (store_open(&ctx->store, conf->database, conf->busy_timeout_ms,
	    STORE_CREATE | STORE_MIGRATE |
	    (conf->database_default ? STORE_MKDIR : 0), &ctx->err) < 0)
		return ctx->err.status;
	return ST_OK;
}

static enum status
run(const struct command *c, int argc, char **argv, const char *confpath,
    struct ctx *ctx)
{
	struct conf *conf = NULL;
	enum status st;

	/* a command that opens the store needs the configuration naming it */
	if ((c->flags & (CMD_CONF | CMD_STORE)) &&
	    conf_load(&conf, confpath, &ctx->err) < 0)
		return ctx->err.status;
	ctx->conf = conf;
	if ((c->flags & CMD_STORE) && cmd_open_store(ctx) != ST_OK) {
		conf_free(conf);
		return ctx->err.status;
	}
	optind = 0;	/* glibc: start getopt afresh for the command */
	st = c->fn(argc, argv, ctx);
	store_close(ctx->store);
	conf_free(conf);
	return st;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx ctx = { 0 };
	const struct command *c;
	const char *confpath = NULL;
	int verbose = 0, ch, code;
	enum status st;

	/* A full disk under a file size limit must be an error we report
	 * (and exit 75 on), not a signal that kills us mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* jansson returns NULL when memory runs out, and a NULL added to an
	 * object or array vanishes: our allocator stops the process loudly
	 * instead (as everywhere else), never a shorter answer. */
	json_set_alloc_funcs(xmalloc, free);
	while ((ch = getopt_long(argc, argv, "+c:vhV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			confpath = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("mailgw %s\n", PACKAGE_VERSION);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	opterr = 0;	/* the commands say what they refuse, in one line */
	log_init(verbose, LOG_MAIL);
	if (argc == 0) {
		usage(stderr);
		return EX_USAGE;
	}
	if ((c = find_command(argv[0])) == NULL) {
		fprintf(stderr, "mailgw: unknown command '%s'\n", argv[0]);
		usage(stderr);
		return EX_USAGE;
	}
	if (c->fn == NULL)
		return help(argc, argv);
	if (asks_help(argc, argv))
		return command_help(c);
	st = run(c, argc, argv, confpath, &ctx);
	if (st == ST_OK)
		st = close_stdout(&ctx.err);
	if (st == ST_OK)
		return EX_OK;
	code = exit_code(c, st);
	log_warnx("%s", ctx.err.msg);
	if (st == ST_USAGE)
		print_synopsis(stderr, c->synopsis);
	return code;
}
