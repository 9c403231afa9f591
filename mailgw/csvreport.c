/*
 * CSV reports, read with libcsv. The header decides: its names are
 * matched case-insensitively against the spellings the feeds use
 * (Shadowserver's "ip", "src_ip", "timestamp"; other feeds' "source_ip",
 * "ip_address", "first_seen" ...), and a text whose first line is not
 * such a header is not a report (prose with commas never is). Fields
 * are separated by commas, or by semicolons or tabs when the header is.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "csvreport.h"
#include "xmalloc.h"

/* The spellings of the address column, English and Chinese: a Chinese
 * carrier's or vendor's list says IP地址 (IP address), 源IP (source IP),
 * 受害IP (victim IP), 被控IP (controlled, a bot's), 感染IP (infected). */
static const char *const ip_names[] = {
	"ip", "src_ip", "source_ip", "ip_address", "ipaddress", "src",
	"source", "srcip", "host_ip", "ipv4", "ipv6", "addr", "address",
	"infected_ip", "bot_ip",
	"IP地址", "源IP", "源IP地址", "源地址", "主机IP", "主机地址",
	"受害IP", "受害主机IP", "受害主机", "被控IP", "被控主机IP",
	"被控主机", "感染IP", "感染主机IP", "肉鸡IP", "服务器IP",
	"攻击IP", "攻击源IP", "攻击源", NULL
};
/* ... and of its time, best first: 时间 (time), 发现时间 (time seen),
 * 首次/最后发现时间 (first/last seen), 事件时间 (event), 日期 (date). */
static const char *const time_names[] = {
	"timestamp", "time", "datetime", "date_time", "first_seen",
	"firstseen", "seen", "event_time", "date", "last_seen",
	"时间", "发现时间", "首次发现时间", "事件时间", "捕获时间",
	"日期", "最后发现时间", NULL
};

/* The names of a version's column (any name with the word "version" in
 * it is one too: "firmware_version", "smb_version_string",
 * "deviceVersion"; not "conversion"; in Chinese 版本, 固件版本
 * firmware's, 软件版本 software's) and of a host's. */
static const char *const version_names[] = {
	"firmware", "build", "fw", "release", "版本", "固件版本", "软件版本",
	NULL
};
static const char *const host_names[] = {
	"hostname", "host", "host_name", "rdns", "reverse_dns", "ptr",
	"fqdn", "domain", "server_name", "http_host", "sni",
	"dns_host_name", "主机名", "域名", NULL
};

/* Whether the header's name is the spelling s, its case aside and a
 * blank or '-' for an '_': a spreadsheet's "IP Address", "Last Seen",
 * "Source-IP". */
static int
name_is(const char *name, const char *s)
{
	for (; *name && *s; name++, s++) {
		char c = *name == ' ' || *name == '-' ? '_' : *name;

		if (tolower((unsigned char)c) != tolower((unsigned char)*s))
			return 0;
	}
	return *name == *s;
}

static int
name_in(const char *name, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (name_is(name, list[i]))
			return (int)i;
	return -1;
}

/* A header name: a letter (a non-ASCII one too: 时间) or '_' first,
 * then letters, digits, '_', '-', '.', ' '; at most 64 bytes. */
static int
plain_name(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*s) && *s != '_' &&
	    (unsigned char)*s < 0x80)
		return 0;
	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && !strchr("_-. ", *s) &&
		    (unsigned char)*s < 0x80)
			return 0;
	return n > 0 && n <= 64;
}

struct parse {
	char **fields;		/* the current record */
	size_t n, alloc;
	char **header;
	unsigned char *kinds;	/* of the header's names */
	size_t nheader;
	int ip_col, time_col, time_rank;
	long naive_offset;	/* of a time without a zone, east of UTC */
	size_t line, record_line, rows, max_rows, *skipped;
	int header_only, is_report, stop;
	unsigned char **kinds_out;	/* csvreport_columns': given the
					 * kinds */
	csvreport_fn fn;
	void *arg;
};

static void
clear_fields(struct parse *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->fields[i]);
	p->n = 0;
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse *p = arg;
	char *f;

	if (p->stop)
		return;
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->fields = xreallocarray(p->fields, p->alloc,
		    sizeof(*p->fields));
	}
	f = xstrndup(data ? data : "", len);
	if (p->n == 0)
		p->record_line = p->line;
	p->fields[p->n++] = f;
}

/* What the column named name holds (csvreport_kind). */
static unsigned char
column_kind(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (strncasecmp(name + i, "version", 7) == 0 && (i == 0 ||
		    !isalpha((unsigned char)name[i - 1]) || name[i] == 'V'))
			return CSVREPORT_VERSION;
	if (name_in(name, version_names) >= 0)
		return CSVREPORT_VERSION;
	return name_in(name, host_names) >= 0 ? CSVREPORT_HOST :
	    CSVREPORT_ANY;
}

static void
take_header(struct parse *p)
{
	size_t i;
	int r;

	p->ip_col = p->time_col = -1;
	p->time_rank = 1 << 30;
	for (i = 0; i < p->n; i++) {
		char *f = p->fields[i];
		size_t k = strlen(f);

		while (k > 0 && isspace((unsigned char)f[k - 1]))
			f[--k] = '\0';
		if (!plain_name(f + strspn(f, " ")))
			return;
		if (p->ip_col < 0 && name_in(f + strspn(f, " "), ip_names) >= 0)
			p->ip_col = (int)i;
		r = name_in(f + strspn(f, " "), time_names);
		if (r >= 0 && r < p->time_rank) {
			p->time_col = (int)i;
			p->time_rank = r;
			/* a Chinese list's times are Beijing time: China
			 * has one zone, UTC+8, and no summer time */
			p->naive_offset = (unsigned char)time_names[r][0] >=
			    0x80 ? 8 * 3600 : 0;
		}
	}
	if (p->n < 2 || p->ip_col < 0)
		return;
	p->is_report = 1;
	p->kinds = xcalloc(p->n, 1);
	for (i = 0; i < p->n; i++)
		p->kinds[i] = column_kind(p->fields[i] +
		    strspn(p->fields[i], " "));
	p->header = p->fields;
	p->nheader = p->n;
	p->fields = NULL;
	p->n = p->alloc = 0;
}

static void
on_record(int c, void *arg)
{
	struct parse *p = arg;
	struct csvreport_row row;

	(void)c;
	if (p->stop)
		return;
	if (p->header == NULL && !p->is_report) {
		take_header(p);
		if (!p->is_report || p->header_only)
			p->stop = 1;
		clear_fields(p);
		return;
	}
	if (p->n == 1 && p->fields[0][0] == '\0') {	/* a blank line */
		clear_fields(p);
		return;
	}
	memset(&row, 0, sizeof(row));
	row.line = p->record_line;
	row.names = (const char *const *)p->header;
	row.kinds = p->kinds;
	row.nnames = p->nheader;
	row.cells = (const char *const *)p->fields;
	if (p->n < p->nheader || p->fields[p->ip_col][0] == '\0') {
		(*p->skipped)++;
	} else if (p->max_rows && p->rows >= p->max_rows) {
		(*p->skipped)++;
	} else {
		row.ncells = p->nheader;
		row.ip = p->fields[p->ip_col];
		if (p->time_col < 0 ||
		    csvreport_time(p->fields[p->time_col], p->naive_offset,
		    row.seen) < 0)
			row.seen[0] = '\0';
		p->rows++;
		if ((p->stop = p->fn(&row, p->arg)) != 0) {
			clear_fields(p);
			return;
		}
	}
	clear_fields(p);
}

/*
 * The header line's separator: a comma, unless it holds more semicolons
 * (Excel's CSV where the decimal point is a comma, as in most of Europe)
 * or tabs (Excel's "Unicode text", tab-separated exports). Outside
 * quotes only.
 */
static unsigned char
separator(const char *s, const char *end)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (; s < end && *s != '\n'; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == ',')
			comma++;
		else if (!quoted && *s == ';')
			semi++;
		else if (!quoted && *s == '\t')
			tab++;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	return semi > comma ? ';' : ',';
}

/* Feed text to libcsv in line-sized pieces, counting lines, so that a
 * row knows where it started. */
static int
parse(struct parse *p, const char *text, size_t len)
{
	struct csv_parser cp;
	const char *s = text, *end = text + len, *nl;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)	/* a BOM */
		s += 3;
	if (csv_init(&cp, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		return -1;
	csv_set_delim(&cp, separator(s, end));
	p->line = p->record_line = 1;
	while (s < end && !p->stop) {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl + 1 : end;
		csv_parse(&cp, s, (size_t)(nl - s), on_field, on_record, p);
		p->line++;
		s = nl;
	}
	if (!p->stop)
		csv_fini(&cp, on_field, on_record, p);
	csv_free(&cp);
	clear_fields(p);
	free(p->fields);
	if (p->header) {
		size_t i;

		for (i = 0; i < p->nheader; i++)
			free(p->header[i]);
		free(p->header);
	}
	if (p->kinds_out && p->is_report) {
		*p->kinds_out = p->kinds;
		p->kinds = NULL;
	}
	free(p->kinds);
	return p->is_report ? 0 : -1;
}

int
csvreport_is_report(const char *text, size_t len)
{
	struct parse p = { .header_only = 1 };
	const char *nl = memchr(text, '\n', len);
	size_t skipped = 0;

	p.skipped = &skipped;
	return parse(&p, text, nl ? (size_t)(nl - text + 1) : len) == 0;
}

int
csvreport_scan(const char *text, size_t len, size_t max_rows,
    csvreport_fn fn, void *arg, size_t *skipped)
{
	struct parse p = { .fn = fn, .arg = arg, .max_rows = max_rows };
	int rc;

	*skipped = 0;
	p.skipped = skipped;
	if (!csvreport_is_report(text, len))
		return -1;
	rc = parse(&p, text, len);
	return rc < 0 ? -1 : p.stop;
}

int
csvreport_columns(const char *text, size_t len, unsigned char **kinds,
    size_t *n, char *sep)
{
	struct parse p = { .header_only = 1, .kinds_out = kinds };
	const char *nl = memchr(text, '\n', len);
	size_t skipped = 0, head = nl ? (size_t)(nl - text + 1) : len;

	p.skipped = &skipped;
	*kinds = NULL;
	if (parse(&p, text, head) < 0)
		return -1;
	*n = p.nheader;
	if (head >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3, head -= 3;	/* a BOM */
	*sep = (char)separator(text, text + head);
	return 0;
}

/* n digits at s into *v; s advanced. */
static int
digits(const char **s, int n, int *v)
{
	*v = 0;
	while (n-- > 0) {
		if (!isdigit((unsigned char)**s))
			return -1;
		*v = *v * 10 + (*(*s)++ - '0');
	}
	return 0;
}

/* One or two digits, as a month or a day may be written. */
static int
digits12(const char **s, int *v)
{
	if (digits(s, 1, v) < 0)
		return -1;
	if (isdigit((unsigned char)**s))
		*v = *v * 10 + (*(*s)++ - '0');
	return 0;
}

/* A date: 2026-11-21, 2026/11/21 or 2026/1/5 (Excel's in China), or
 * 2026年11月21日. */
static int
date(const char **s, int *y, int *mo, int *d)
{
	static const char year[] = "年", month[] = "月", day[] = "日";
	char sep;

	if (digits(s, 4, y) < 0)
		return -1;
	if (strncmp(*s, year, sizeof(year) - 1) == 0) {
		*s += sizeof(year) - 1;
		if (digits12(s, mo) < 0 ||
		    strncmp(*s, month, sizeof(month) - 1) != 0)
			return -1;
		*s += sizeof(month) - 1;
		if (digits12(s, d) < 0 || strncmp(*s, day, sizeof(day) - 1) != 0)
			return -1;
		*s += sizeof(day) - 1;
		return 0;
	}
	if ((sep = *(*s)++) != '-' && sep != '/')
		return -1;
	if ((sep == '-' ? digits(s, 2, mo) : digits12(s, mo)) < 0 ||
	    *(*s)++ != sep ||
	    (sep == '-' ? digits(s, 2, d) : digits12(s, d)) < 0)
		return -1;
	return 0;
}

int
csvreport_time(const char *text, long naive_offset, char out[24])
{
	static const char beijing[] = "北京时间";	/* UTC+8, all year */
	const char *s = text + strspn(text, " \t\"");
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	long long epoch;
	time_t t;
	char *end;

	if (strspn(s, "0123456789") >= 9 && strspn(s, "0123456789") <= 11 &&
	    s[strspn(s, "0123456789")] == '\0') {
		epoch = strtoll(s, &end, 10);
		t = (time_t)epoch;
		goto format;
	}
	if (date(&s, &y, &mo, &d) < 0)
		return -1;
	if (*s == ' ' || *s == 'T' || *s == 't') {
		s++;
		if (digits12(&s, &h) < 0)	/* "9:05", as Excel writes */
			return -1;
		if (*s++ != ':' || digits(&s, 2, &mi) < 0)
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &sec) < 0)
				return -1;
			if (*s == '.' || *s == ',')
				for (s++; isdigit((unsigned char)*s); s++)
					;
		}
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	s += strspn(s, " ");
	if (*s == '+' || *s == '-') {	/* an offset: back to UTC */
		int sign = *s++ == '-' ? -1 : 1;

		if (digits(&s, 2, &oh) < 0)
			return -1;
		if (*s == ':')
			s++;
		if (digits(&s, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
		t -= sign * (oh * 3600 + om * 60);
	} else if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (strncasecmp(s, "UTC", 3) == 0 ||
	    strncasecmp(s, "GMT", 3) == 0) {
		s += 3;
	} else if (strncmp(s, beijing, sizeof(beijing) - 1) == 0) {
		s += sizeof(beijing) - 1;
		t -= 8 * 3600;
	} else {
		t -= naive_offset;
	}
	s += strspn(s, " \t\"");
	if (*s != '\0')
		return -1;
format:
	{
		struct tm u;

		if (gmtime_r(&t, &u) == NULL)
			return -1;
		strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &u);
	}
	return 0;
}
