/* What main() hands a command, and the commands it knows. */
#ifndef MAILGW_CMD_H
#define MAILGW_CMD_H

#include <stddef.h>

#include "err.h"

struct conf;
struct store;

struct ctx {
	const struct conf *conf;
	struct store *store;	/* open when the command has CMD_STORE */
	struct errbuf err;	/* filled by a command that fails */
};

#define CMD_CONF	(1 << 0)	/* load the configuration */
#define CMD_STORE	(1 << 1)	/* open (create, migrate) the store */
/* Run by the MTA: every failure except a refusal of the input
 * (ST_REFUSED) or a usage error is transient, so that no report is
 * bounced because of our configuration or our store. */
#define CMD_MTA		(1 << 2)

/* A command returns ST_OK, or a failure with ctx->err filled. argv[0]
 * is the command's name. */
typedef enum status (*cmd_fn)(int argc, char **argv, struct ctx *ctx);

enum status cmd_receive(int argc, char **argv, struct ctx *ctx);
enum status cmd_lmtp(int argc, char **argv, struct ctx *ctx);
enum status cmd_import(int argc, char **argv, struct ctx *ctx);
enum status cmd_ticket(int argc, char **argv, struct ctx *ctx);
enum status cmd_db(int argc, char **argv, struct ctx *ctx);
enum status cmd_attachment(int argc, char **argv, struct ctx *ctx);
enum status cmd_partner(int argc, char **argv, struct ctx *ctx);
enum status cmd_ioc(int argc, char **argv, struct ctx *ctx);
enum status cmd_report(int argc, char **argv, struct ctx *ctx);
enum status cmd_contact(int argc, char **argv, struct ctx *ctx);
enum status cmd_notify(int argc, char **argv, struct ctx *ctx);
enum status cmd_takedown(int argc, char **argv, struct ctx *ctx);

/* Who runs this command, for the audit log: "user:NAME". */
void cmd_actor(char *buf, size_t size);

/* Open the configuration's store into ctx->store, created and migrated
 * (its directory too, for the embedded default): ST_OK, or the failure
 * in ctx->err. main does this for the commands flagged CMD_STORE; lmtp
 * and receive, later, when they need it. */
enum status cmd_open_store(struct ctx *ctx);

/* Set a usage error naming the command's synopsis. */
enum status cmd_usage(struct ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long refused in cmd's arguments (the
 * option strings start with ':', and main turns getopt's own messages
 * off): ch ':' an option without its value, else one it does not know. */
enum status cmd_bad_option(struct ctx *ctx, const char *cmd, int ch,
    char *const *argv);

#endif
