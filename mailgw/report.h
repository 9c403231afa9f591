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

#endif
