/*
 * The monthly report. The store gives the month's tickets (with their
 * partner, when they were first resolved and first notified) and the
 * public addresses they name; the figures are made here.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "ioc.h"
#include "jstream.h"
#include "monthly.h"
#include "store.h"
#include "xmalloc.h"

struct tally {
	char *label;
	size_t n;
	int64_t last;		/* networks: the last ticket counted */
};

struct tallies {
	struct tally *t;
	size_t n, alloc;
};

struct monthly {
	char month[8], since[32], until[32], last_day[16];
	size_t tickets, resolved, notified;
	struct tallies category, status, partner, network, country;
	struct store *s;
	double *to_resolve, *to_notice;	/* hours */
};

static struct tally *
tally(struct tallies *ts, const char *label)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].label, label) == 0)
			return &ts->t[i];
	if (ts->n == ts->alloc) {
		ts->alloc = ts->alloc ? 2 * ts->alloc : 8;
		ts->t = xreallocarray(ts->t, ts->alloc, sizeof(*ts->t));
	}
	ts->t[ts->n] = (struct tally){ xstrdup(label), 0, 0 };
	return &ts->t[ts->n++];
}

static void
tallies_free(struct tallies *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		free(ts->t[i].label);
	free(ts->t);
}

static int
by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->label, y->label);
}

static void
sort_tallies(struct tallies *ts)
{
	if (ts->n)
		qsort(ts->t, ts->n, sizeof(*ts->t), by_count);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static time_t
utc(const char *rfc3339)
{
	struct tm tm = { 0 };

	if (rfc3339 == NULL || strptime(rfc3339, "%Y-%m-%dT%H:%M:%SZ", &tm) ==
	    NULL)
		return (time_t)-1;
	return timegm(&tm);
}

static int
add_ticket(const struct store_month_ticket *t, void *arg)
{
	struct monthly *m = arg;
	time_t created = utc(t->created), when;
	size_t k = m->tickets++;

	tally(&m->category, t->category ? t->category : "(none)")->n++;
	tally(&m->status, t->status)->n++;
	tally(&m->partner, t->partner ? t->partner : "(no partner)")->n++;
	m->to_resolve = xreallocarray(m->to_resolve, k + 1, sizeof(double));
	m->to_notice = xreallocarray(m->to_notice, k + 1, sizeof(double));
	if ((when = utc(t->resolved)) != (time_t)-1 && when >= created)
		m->to_resolve[m->resolved++] = (double)(when - created) / 3600;
	if ((when = utc(t->first_notice)) != (time_t)-1 && when >= created)
		m->to_notice[m->notified++] = (double)(when - created) / 3600;
	return 0;
}

/* Addresses count by the network holding them: /24 (IPv4), /48 (IPv6);
 * a wider CIDR stands for itself. Each ticket once per network. */
static int
add_address(int64_t ticket, const char *type, const char *value, void *arg)
{
	struct monthly *m = arg;
	char cidr[160], key[160], cc[3];
	unsigned char addr[16];
	struct errbuf e = { 0 };
	const char *slash = strchr(value, '/');
	int v6 = strchr(value, ':') != NULL, len = v6 ? 48 : 24;
	struct tally *t;

	if (strcmp(type, "cidr") == 0 && slash && atoi(slash + 1) < len)
		snprintf(cidr, sizeof(cidr), "%s", value);
	else
		snprintf(cidr, sizeof(cidr), "%.*s/%d", slash ?
		    (int)(slash - value) : (int)strlen(value), value, len);
	if (ioc_search_key("cidr", cidr, key, sizeof(key)) < 0)
		return 0;
	t = tally(&m->network, key);
	if (t->last != ticket) {
		t->n++;
		t->last = ticket;
	}
	/* The country, from the registries' delegated statistics. */
	snprintf(cidr, sizeof(cidr), "%.*s", slash ? (int)(slash - value) :
	    (int)strlen(value), value);
	if (inet_pton(v6 ? AF_INET6 : AF_INET, cidr, addr) == 1 &&
	    store_lookup_country(m->s, v6 ? 6 : 4, addr, cc, &e) > 0) {
		t = tally(&m->country, cc);
		if (t->last != ticket) {
			t->n++;
			t->last = ticket;
		}
	}
	return 0;
}

int
monthly_build(struct store *s, const char *month, struct monthly **out,
    struct errbuf *e)
{
	struct monthly *m;
	struct tm tm = { 0 };
	const char *rest = strptime(month, "%Y-%m", &tm);
	time_t start, end;

	*out = NULL;
	if (rest == NULL || *rest || strlen(month) != 7)
		return err_set(e, ST_USAGE, "report: --month: '%s' is no month "
		    "(2026-11)", month);
	m = xcalloc(1, sizeof(*m));
	m->s = s;
	snprintf(m->month, sizeof(m->month), "%s", month);
	tm.tm_mday = 1;
	start = timegm(&tm);
	tm.tm_mon++;
	end = timegm(&tm);
	strftime(m->since, sizeof(m->since), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime_r(&start, &tm));
	strftime(m->until, sizeof(m->until), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime_r(&end, &tm));
	end -= 86400;
	strftime(m->last_day, sizeof(m->last_day), "%Y-%m-%d",
	    gmtime_r(&end, &tm));
	if (store_month_tickets(s, m->since, m->until, add_ticket, m, e) < 0 ||
	    store_month_addresses(s, m->since, m->until, add_address, m,
	    e) < 0) {
		monthly_free(m);
		return -1;
	}
	sort_tallies(&m->category);
	sort_tallies(&m->status);
	sort_tallies(&m->partner);
	sort_tallies(&m->network);
	sort_tallies(&m->country);
	if (m->resolved)
		qsort(m->to_resolve, m->resolved, sizeof(double), by_value);
	if (m->notified)
		qsort(m->to_notice, m->notified, sizeof(double), by_value);
	*out = m;
	return 0;
}

void
monthly_free(struct monthly *m)
{
	if (m == NULL)
		return;
	tallies_free(&m->category);
	tallies_free(&m->status);
	tallies_free(&m->partner);
	tallies_free(&m->network);
	tallies_free(&m->country);
	free(m->to_resolve);
	free(m->to_notice);
	free(m);
}

/* The nearest-rank percentile p (0..100) of sorted v[0..n). */
static double
percentile(const double *v, size_t n, int p)
{
	size_t rank = (n * (size_t)p + 99) / 100;

	return v[rank ? rank - 1 : 0];
}

/* Hours as "45m", "3h 20m", "2d 4h". */
static void
duration(double hours, char out[32])
{
	long mins = (long)(hours * 60 + 0.5);

	if (mins < 60)
		snprintf(out, 32, "%ldm", mins);
	else if (mins < 48 * 60)
		snprintf(out, 32, "%ldh %02ldm", mins / 60, mins % 60);
	else
		snprintf(out, 32, "%ldd %ldh", mins / 1440, mins % 1440 / 60);
}

static void
times(const double *v, size_t n, size_t of, const char *what, FILE *out,
    int html)
{
	char med[32], p90[32];

	if (n == 0) {
		fprintf(out, html ? "<p>%s: none of %zu tickets yet.</p>\n" :
		    "%s: none of %zu tickets yet.\n", what, of);
		return;
	}
	duration(percentile(v, n, 50), med);
	duration(percentile(v, n, 90), p90);
	fprintf(out, html ? "<p>%s: median <b>%s</b>, 90th percentile <b>%s</b> "
	    "(%zu of %zu tickets).</p>\n" : "%s: median %s, 90th percentile %s "
	    "(%zu of %zu tickets).\n", what, med, p90, n, of);
}

#define TOP 10

static void
text_tallies(const struct tallies *ts, const char *title, FILE *out)
{
	size_t i, max = ts->n ? ts->t[0].n : 0, k;

	fprintf(out, "\n%s:\n", title);
	if (ts->n == 0)
		fprintf(out, "  (none)\n");
	for (i = 0; i < ts->n && i < TOP; i++) {
		fprintf(out, "  %-28s %5zu  ", ts->t[i].label, ts->t[i].n);
		for (k = 0; max && k < (ts->t[i].n * 30 + max - 1) / max; k++)
			fputc('#', out);
		fputc('\n', out);
	}
	if (ts->n > TOP)
		fprintf(out, "  (%zu more)\n", ts->n - TOP);
}

void
monthly_text(const struct monthly *m, const char *desk, FILE *out)
{
	fprintf(out, "%s incident report, %s (%.10s to %s, UTC)\n\n", desk,
	    m->month, m->since, m->last_day);
	fprintf(out, "Incidents opened: %zu\n", m->tickets);
	text_tallies(&m->category, "By category", out);
	text_tallies(&m->partner, "By partner", out);
	text_tallies(&m->status, "By status (now)", out);
	fputc('\n', out);
	times(m->to_notice, m->notified, m->tickets, "Time to first "
	    "notification", out, 0);
	times(m->to_resolve, m->resolved, m->tickets, "Time to resolution", out,
	    0);
	text_tallies(&m->network, "Networks named most (tickets)", out);
	text_tallies(&m->country, "Countries (tickets, by the registries' "
	    "delegated statistics)", out);
}

static void
html_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

/* A horizontal bar chart, one bar per label, in the chart's own colour
 * (class "chart", id chart-NAME). */
static void
svg_chart(FILE *out, const char *id, const char *title,
    const struct tallies *ts, const char *colour)
{
	size_t i, n = ts->n < TOP ? ts->n : TOP, max = n ? ts->t[0].n : 1;
	int h = 28, w = 360, top = 8;

	fprintf(out, "<h2>%s</h2>\n", title);
	if (n == 0) {
		fprintf(out, "<p>None.</p>\n");
		return;
	}
	fprintf(out, "<svg class=\"chart\" id=\"chart-%s\" role=\"img\" "
	    "aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"640\" height=\"%zu\">\n", id, title, top + n * h + 8);
	for (i = 0; i < n; i++) {
		int len = (int)((ts->t[i].n * (size_t)w + max - 1) / max);
		size_t y = top + i * h;

		fprintf(out, "<text x=\"210\" y=\"%zu\" text-anchor=\"end\" "
		    "font-size=\"14\">", y + 18);
		html_escape(out, ts->t[i].label);
		fprintf(out, "</text><rect x=\"220\" y=\"%zu\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%zu\" "
		    "font-size=\"14\">%zu</text>\n", y + 2, len, h - 6, colour,
		    228 + len, y + 18, ts->t[i].n);
	}
	fprintf(out, "</svg>\n");
}

void
monthly_html(const struct monthly *m, const char *desk, FILE *out)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>");
	html_escape(out, desk);
	fprintf(out, " incident report %s</title>\n<style>body{font-family:"
	    "sans-serif;margin:2em;color:#222}h2{margin-top:1.5em;font-size:"
	    "1.1em}p{max-width:50em}</style></head><body>\n<h1>", m->month);
	html_escape(out, desk);
	fprintf(out, " incident report, %s</h1>\n<p>%.10s to %s, UTC. "
	    "Incidents opened: <b id=\"total\">%zu</b>.</p>\n", m->month,
	    m->since, m->last_day, m->tickets);
	svg_chart(out, "category", "By category", &m->category, "#1f77b4");
	svg_chart(out, "partner", "By partner", &m->partner, "#2ca02c");
	svg_chart(out, "status", "By status (now)", &m->status, "#ff7f0e");
	fprintf(out, "<h2>Times</h2>\n");
	times(m->to_notice, m->notified, m->tickets, "Time to first "
	    "notification", out, 1);
	times(m->to_resolve, m->resolved, m->tickets, "Time to resolution", out,
	    1);
	svg_chart(out, "network", "Networks named most (tickets)", &m->network,
	    "#9467bd");
	svg_chart(out, "country", "Countries (tickets)", &m->country,
	    "#d62728");
	fprintf(out, "</body></html>\n");
}

/* Every label of a tally and its count, largest first. */
static json_t *
json_tallies(const struct tallies *ts)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < ts->n; i++)
		json_array_append_new(a, json_pack("{s:o, s:I}", "label",
		    jstr(ts->t[i].label), "tickets", (json_int_t)ts->t[i].n));
	return a;
}

/* Median and 90th percentile in hours; null when no ticket got there. */
static json_t *
json_times(const double *v, size_t n)
{
	if (n == 0)
		return json_pack("{s:I, s:n, s:n}", "tickets", (json_int_t)0,
		    "median_hours", "p90_hours");
	return json_pack("{s:I, s:f, s:f}", "tickets", (json_int_t)n,
	    "median_hours", percentile(v, n, 50), "p90_hours",
	    percentile(v, n, 90));
}

int
monthly_json(const struct monthly *m, const char *desk, FILE *out)
{
	/* The same figures as the text, every row of each tally (the
	 * text shows the first ten). */
	json_t *j = json_pack("{s:o, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o}", "desk", jstr(desk), "month", m->month, "since",
	    m->since, "until", m->until, "tickets", (json_int_t)m->tickets,
	    "by_category", json_tallies(&m->category), "by_partner",
	    json_tallies(&m->partner), "by_status", json_tallies(&m->status),
	    "time_to_first_notification", json_times(m->to_notice,
	    m->notified), "time_to_resolution", json_times(m->to_resolve,
	    m->resolved), "networks", json_tallies(&m->network), "countries",
	    json_tallies(&m->country));

	if (j == NULL)
		return -1;
	json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(j);
	return 0;
}
