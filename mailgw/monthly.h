/* The monthly report: what the desk handled in a calendar month (UTC),
 * by category, partner and status, how long tickets took to a first
 * notification and to resolution (median, 90th percentile), and the
 * networks named most; as text, as one self-contained HTML page with
 * SVG charts, or as JSON for scripts. */
#ifndef MAILGW_MONTHLY_H
#define MAILGW_MONTHLY_H

#include <stdio.h>

struct errbuf;
struct monthly;
struct store;

/* month: "2026-11". -1 with ST_USAGE when it is no month. */
int monthly_build(struct store *s, const char *month, struct monthly **out,
    struct errbuf *e);
void monthly_free(struct monthly *m);

void monthly_text(const struct monthly *m, const char *desk, FILE *out);
void monthly_html(const struct monthly *m, const char *desk, FILE *out);
/* The figures as one JSON object; -1 when memory ran out. */
int monthly_json(const struct monthly *m, const char *desk, FILE *out);

#endif
