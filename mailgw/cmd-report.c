/*
 * mailgw report [--month YYYY-MM] [--format text|html|json]: the monthly
 * report on standard output (the current month by default).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "conf.h"
#include "monthly.h"

enum status
cmd_report(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *desk = ctx->conf->name ? ctx->conf->name : ctx->conf->tag;
	char month[8];
	struct monthly *m;
	time_t now = time(NULL);
	struct tm tm;
	int ch, format = 't';

	strftime(month, sizeof(month), "%Y-%m", gmtime_r(&now, &tm));
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (ch == 'm')
			snprintf(month, sizeof(month), "%.7s", optarg);
		if (ch == 'm' && strlen(optarg) != 7)
			return cmd_usage(ctx, "report: --month: '%s' is no month "
			    "(2026-11)", optarg);
		else if (ch == 'f' && (strcmp(optarg, "html") == 0 ||
		    strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0))
			format = optarg[0];
		else if (ch == 'f')
			return cmd_usage(ctx, "report: --format: text, html or "
			    "json, not '%s'", optarg);
		else if (ch != 'm' && ch != 'f')
			return cmd_bad_option(ctx, "report", ch, argv);
	}
	if (optind != argc)
		return cmd_usage(ctx, "report: unexpected argument '%s'",
		    argv[optind]);
	if (monthly_build(ctx->store, month, &m, &ctx->err) < 0)
		return ctx->err.status;	/* ST_USAGE: main adds the usage */
	if (format == 'h')
		monthly_html(m, desk, stdout);
	else if (format == 't')
		monthly_text(m, desk, stdout);
	else if (monthly_json(m, desk, stdout) < 0) {
		monthly_free(m);
		err_set(&ctx->err, ST_TEMPFAIL, "report: out of memory making "
		    "the JSON report");
		return ST_TEMPFAIL;
	}
	monthly_free(m);
	if (fflush(stdout) == EOF) {
		err_set(&ctx->err, ST_IOERR, "report: writing failed");
		return ST_IOERR;
	}
	return ST_OK;
}
