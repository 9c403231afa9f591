/* Structured abuse reports carried in mail, recognised and reduced to
 * the fields the desk works from: ARF (RFC 5965 feedback reports),
 * X-ARF 0.2 (YAML) and X-ARF 3 and 4 (JSON). A report that does not
 * follow its format is still recognised, marked invalid with the reason;
 * the message is never refused for it. */
#ifndef MAILGW_REPORT_H
#define MAILGW_REPORT_H

struct message;

struct report {
	char *format;		/* "arf", "x-arf-0.2", "x-arf-3", "x-arf-4" */
	char *type;		/* abuse, Spam, ddos, ... */
	char *category;		/* X-ARF class or category, or NULL */
	char *source_ip;	/* the reported address, or NULL */
	char *source;		/* the reported URL or other identifier */
	char *time;		/* when it happened, as the report says */
	char *problem;		/* NULL when it follows its format */
};

/* 1 and *r filled when m carries a structured report (the first one), 0
 * when it does not. Free with report_release. */
int report_detect(const struct message *m, struct report *r);
void report_release(struct report *r);

struct message_part;

/* The text of part p of m to read indicators from when p is a report's
 * (malloc'd, maybe empty): the fields that name the abuse, not those
 * that name the reporter (ARF's Reporting-MTA and Original-Rcpt-To,
 * X-ARF's Reported-From, ReporterInfo, reporter and sender) or the
 * format (Schema-URL). NULL when p is no report's: its text is read. */
char *report_ioc_text(const struct message *m, const struct message_part *p);

#endif
