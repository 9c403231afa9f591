/*
 * Structured reports. Where they are: ARF in a message/feedback-report
 * part; X-ARF 0.2 in a text part (report.txt) of a message with "X-ARF:
 * yes"; X-ARF 3 and 4 in a JSON part (or a text part holding JSON). The
 * checks are the formats' structural rules (required fields, types,
 * addresses, dates, ports), not their full JSON schemas.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "message.h"
#include "report.h"
#include "xmalloc.h"

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static int
ip_valid(const char *s)
{
	unsigned char buf[16];

	return s && (inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1);
}

/* RFC 3339: 2026-11-22T08:00:00Z, fractions and offsets allowed. */
static int
rfc3339_valid(const char *s)
{
	struct tm tm = { 0 };
	const char *rest;

	if (s == NULL || (rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return 0;
	if (*rest == '.')
		rest += 1 + strspn(rest + 1, "0123456789");
	if (strcmp(rest, "Z") == 0)
		return 1;
	return (rest[0] == '+' || rest[0] == '-') && strlen(rest) == 6 &&
	    rest[3] == ':';
}

static void
problem(struct report *r, const char *what)
{
	char *old = r->problem;

	r->problem = old ? xasprintf("%s; %s", old, what) : xstrdup(what);
	free(old);
}

/* ARF: the machine-readable part is a header block. */
static void
arf(const struct message_part *p, struct report *r)
{
	struct message *f = message_parse(p->data.data, p->data.len, NULL);
	const char *ip = message_header(f, "Source-IP");

	r->format = xstrdup("arf");
	r->type = dup_or_null(message_header(f, "Feedback-Type"));
	r->source_ip = dup_or_null(ip);
	r->source = dup_or_null(message_header(f, "Reported-Domain"));
	r->time = dup_or_null(message_header(f, "Arrival-Date"));
	if (r->type == NULL)
		problem(r, "no Feedback-Type");
	if (message_header(f, "User-Agent") == NULL)
		problem(r, "no User-Agent");
	if (message_header(f, "Version") == NULL)
		problem(r, "no Version");
	if (ip && !ip_valid(ip))
		problem(r, "Source-IP is not an address");
	message_free(f);
}

/* X-ARF 0.2: "Key: value" lines of YAML (quotes removed). */
static char *
yaml_value(const char *text, const char *key)
{
	const char *p = text;
	size_t kl = strlen(key);

	while (p && *p) {
		if (strncasecmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1, *end = strchr(v, '\n');
			size_t n;

			v += strspn(v, " \t\"'");
			n = end ? (size_t)(end - v) : strlen(v);
			while (n > 0 && strchr(" \t\r\"'", v[n - 1]))
				n--;
			return n ? xstrndup(v, n) : NULL;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

static void
xarf02(const char *text, struct report *r)
{
	static const char *const required[] = {
		"Reported-From", "Category", "Report-Type", "Service", "Version",
		"User-Agent", "Date", "Source-Type", "Source", NULL,
	};
	char *v, *st;
	size_t i;

	r->format = xstrdup("x-arf-0.2");
	r->type = yaml_value(text, "Report-Type");
	r->category = yaml_value(text, "Category");
	r->time = yaml_value(text, "Date");
	st = yaml_value(text, "Source-Type");
	v = yaml_value(text, "Source");
	if (st && (strcasecmp(st, "ipv4") == 0 || strcasecmp(st, "ipv6") == 0 ||
	    strcasecmp(st, "ip-address") == 0)) {
		r->source_ip = v;
		if (!ip_valid(v))
			problem(r, "Source is not an address");
	} else {
		r->source = v;
	}
	free(st);
	for (i = 0; required[i]; i++) {
		char *x = yaml_value(text, required[i]);

		if (x == NULL) {
			char *what = xasprintf("no %s", required[i]);

			problem(r, what);
			free(what);
		}
		free(x);
	}
}

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An organisation names itself (ReporterOrg and ReporterOrgEmail); a
 * person (ReporterType Person) by any of its name, organisation or
 * contact address. */
static int
reporter_valid(const json_t *info)
{
	const char *type;

	if (!json_is_object(info))
		return 0;
	type = jstr(info, "ReporterType");
	if (type && strcmp(type, "Person") == 0)
		return jstr(info, "ReporterOrg") || jstr(info, "ReporterContactName")
		    || jstr(info, "ReporterContactEmail");
	return jstr(info, "ReporterOrg") && jstr(info, "ReporterOrgEmail");
}

/* X-ARF 3 (abusix's JSON schemas, "Version" 1, 2, 3, alpha,
 * development, or none): ReporterInfo and Report. */
static void
xarf3(const json_t *j, struct report *r)
{
	static const char *const classes[] = {
		"Activity", "Content", "Copyright", "Infrastructure",
		"Vulnerability", "Fraud", "Messaging", "Connection", NULL,
	};
	const json_t *info = json_object_get(j, "ReporterInfo");
	const json_t *rep = json_object_get(j, "Report");
	const json_t *port;
	const char *cls;
	size_t i;

	r->format = xstrdup("x-arf-3");
	if (!reporter_valid(info))
		problem(r, "ReporterInfo names no reporter");
	if (!json_is_object(rep)) {
		problem(r, "no Report");
		return;
	}
	r->type = dup_or_null(jstr(rep, "ReportType"));
	r->category = dup_or_null(cls = jstr(rep, "ReportClass"));
	r->source_ip = dup_or_null(jstr(rep, "SourceIp"));
	r->source = dup_or_null(jstr(rep, "SourceUrl"));
	r->time = dup_or_null(jstr(rep, "Date"));
	for (i = 0; cls && classes[i] && strcmp(cls, classes[i]) != 0; i++)
		;
	if (cls == NULL || classes[i] == NULL)
		problem(r, "no known ReportClass");
	if (r->type == NULL)
		problem(r, "no ReportType");
	if (!rfc3339_valid(r->time))
		problem(r, "Date is not RFC 3339");
	if (json_object_get(rep, "SourceIp") && !ip_valid(r->source_ip))
		problem(r, "SourceIp is not an address");
	if ((port = json_object_get(rep, "SourcePort")) &&
	    (!json_is_integer(port) || json_integer_value(port) < 0 ||
	    json_integer_value(port) > 65535))
		problem(r, "SourcePort is not a port");
}

/* X-ARF 4: xarf_version 4.x, report_id, timestamp, reporter, category,
 * type, source_identifier. */
static void
xarf4(const json_t *j, struct report *r)
{
	const json_t *reporter = json_object_get(j, "reporter");
	const char *src = jstr(j, "source_identifier");

	r->format = xstrdup("x-arf-4");
	r->type = dup_or_null(jstr(j, "type"));
	r->category = dup_or_null(jstr(j, "category"));
	r->time = dup_or_null(jstr(j, "timestamp"));
	if (ip_valid(src))
		r->source_ip = xstrdup(src);
	else
		r->source = dup_or_null(src);
	if (!jstr(j, "report_id"))
		problem(r, "no report_id");
	if (!json_is_object(reporter) || !jstr(reporter, "org") ||
	    !jstr(reporter, "contact"))
		problem(r, "reporter lacks org or contact");
	if (r->type == NULL || r->category == NULL)
		problem(r, "no category or type");
	if (src == NULL)
		problem(r, "no source_identifier");
	if (!rfc3339_valid(r->time))
		problem(r, "timestamp is not RFC 3339");
}

/* The X-ARF JSON document part p holds, or NULL: *version4 says which
 * (4, or 3 and the schema versions before it). Release with
 * json_decref. */
static json_t *
xarf_json_doc(const struct message_part *p, int *version4)
{
	const char *ver4;
	json_t *j;

	if (!(strstr(p->content_type, "json") || p->kind != PART_MULTIPART) ||
	    p->data.len == 0 ||
	    p->data.data[strspn(p->data.data, " \t\r\n")] != '{')
		return NULL;
	if ((j = json_loadb(p->data.data, p->data.len, 0, NULL)) == NULL)
		return NULL;
	ver4 = jstr(j, "xarf_version");
	*version4 = ver4 && strncmp(ver4, "4", 1) == 0;
	if (json_is_object(j) && (*version4 || json_object_get(j, "Report") ||
	    json_object_get(j, "ReporterInfo")))
		return j;
	json_decref(j);
	return NULL;
}

/* A part that holds X-ARF JSON: 1 and r filled. */
static int
xarf_json(const struct message_part *p, struct report *r)
{
	int version4;
	json_t *j = xarf_json_doc(p, &version4);

	if (j == NULL)
		return 0;
	if (version4)
		xarf4(j, r);
	else
		xarf3(j, r);	/* schema versions 1, 2, 3, alpha, ... */
	json_decref(j);
	return 1;
}

static int
is_xarf02(const struct message *m)
{
	const char *v = message_header(m, "X-ARF");

	return v && strncasecmp(v + strspn(v, " \t"), "yes", 3) == 0;
}

/* Part p of m is X-ARF 0.2's report.txt. */
static int
xarf02_part(const struct message *m, const struct message_part *p)
{
	return is_xarf02(m) && p->text && strstr(p->text, "Report-Type:") &&
	    (p->filename == NULL || strcasecmp(p->filename,
	    "report.txt") == 0);
}

int
report_detect(const struct message *m, struct report *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < message_part_count(m); i++) {
		const struct message_part *p = message_part(m, i);

		if (strcmp(p->content_type, "message/feedback-report") == 0) {
			arf(p, r);
			return 1;
		}
		if (xarf02_part(m, p)) {
			xarf02(p->text, r);
			return 1;
		}
		if (xarf_json(p, r))
			return 1;
	}
	return 0;
}

/*
 * The values of an ARF feedback report's fields (RFC 5965 3.1-3.3) that
 * name the abuse: its source, the domains and URIs reported, the
 * envelope sender; each on a line. Folded lines are the field's.
 */
static char *
arf_ioc_text(const char *data, size_t len)
{
	static const char *const keep[] = {
		"Source-IP:", "Reported-Domain:", "Reported-Uri:",
		"Original-Mail-From:", NULL,
	};
	struct buf out = BUF_INIT;
	const char *line = data, *end = data + len, *nl;
	size_t i, k = 0;
	int on = 0;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if (*line == ' ' || *line == '\t') {	/* folded */
			if (on) {
				buf_add(&out, line, (size_t)(nl - line));
				buf_addch(&out, '\n');
			}
			continue;
		}
		for (i = 0, on = 0; keep[i] && !on; i++) {
			k = strlen(keep[i]);
			on = (size_t)(nl - line) >= k &&
			    strncasecmp(line, keep[i], k) == 0;
		}
		if (on) {
			buf_add(&out, line + k, (size_t)(nl - line) - k);
			buf_addch(&out, '\n');
		}
		if (nl == end)
			break;
	}
	return buf_detach(&out, NULL);
}

/* X-ARF 0.2's report.txt without the reporter's address and the
 * schema's URL. */
static char *
xarf02_ioc_text(const char *text)
{
	struct buf out = BUF_INIT;
	const char *line = text, *nl;

	for (; *line; line = nl + (*nl != '\0')) {
		nl = line + strcspn(line, "\n");
		if (strncasecmp(line, "Reported-From:", 14) == 0 ||
		    strncasecmp(line, "Schema-URL:", 11) == 0)
			continue;
		buf_add(&out, line, (size_t)(nl - line));
		buf_addch(&out, '\n');
	}
	return buf_detach(&out, NULL);
}

/* X-ARF 3's and 4's JSON without who reports and sends it. */
static char *
xarf_json_ioc_text(const struct message_part *p)
{
	static const char *const drop[] = {
		"ReporterInfo", "reporter", "sender", NULL,
	};
	int version4;
	json_t *j = xarf_json_doc(p, &version4);
	char *text;
	size_t i;

	if (j == NULL)
		return NULL;
	for (i = 0; drop[i]; i++)
		json_object_del(j, drop[i]);
	text = json_dumps(j, JSON_INDENT(1));
	json_decref(j);
	return text ? text : xstrdup("");
}

char *
report_ioc_text(const struct message *m, const struct message_part *p)
{
	if (strcmp(p->content_type, "message/feedback-report") == 0)
		return arf_ioc_text(p->data.data, p->data.len);
	if (xarf02_part(m, p))
		return xarf02_ioc_text(p->text);
	return xarf_json_ioc_text(p);
}

void
report_release(struct report *r)
{
	free(r->format);
	free(r->type);
	free(r->category);
	free(r->source_ip);
	free(r->source);
	free(r->time);
	free(r->problem);
	memset(r, 0, sizeof(*r));
}
