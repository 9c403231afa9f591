#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "csvreport.h"
#include "xmalloc.h"

struct got {
	char lines[1024];	/* "line ip seen|..." */
	size_t n;
};

static int
collect(const struct csvreport_row *row, void *arg)
{
	struct got *g = arg;
	size_t len = strlen(g->lines);

	snprintf(g->lines + len, sizeof(g->lines) - len, "%zu %s %s|",
	    row->line, row->ip, row->seen[0] ? row->seen : "-");
	g->n++;
	return 0;
}

static void
test_time(void **state)
{
	char out[24];

	(void)state;
	assert_int_equal(csvreport_time("2026-11-21 03:14:15", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026-11-21T03:14:15Z", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026-11-21T11:14:15+08:00", 0, out),
	    0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026-11-21 03:14:15.123456 UTC", 0,
	    out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026-11-20T22:14:15-0500", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("1795231455", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:24:15Z");
	assert_int_equal(csvreport_time("2026-11-21", 0, out), 0);
	assert_string_equal(out, "2026-11-21T00:00:00Z");
	/* Excel's dates in China, and the written Chinese form */
	assert_int_equal(csvreport_time("2026/11/21 3:14:15", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026/1/5 9:05", 0, out), 0);
	assert_string_equal(out, "2026-01-05T09:05:00Z");
	assert_int_equal(csvreport_time("2026年11月21日 03:14:15", 0, out), 0);
	assert_string_equal(out, "2026-11-21T03:14:15Z");
	assert_int_equal(csvreport_time("2026年1月5日", 0, out), 0);
	assert_string_equal(out, "2026-01-05T00:00:00Z");
	assert_int_equal(csvreport_time("2026/11-21", 0, out), -1);
	assert_int_equal(csvreport_time("2026-1-5", 0, out), -1);
	assert_int_equal(csvreport_time("2026年11月21", 0, out), -1);
	/* a time without a zone: naive_offset east of UTC; a zone, or
	 * 北京时间 (Beijing time), as written */
	assert_int_equal(csvreport_time("2026-11-21 09:05:00", 8 * 3600,
	    out), 0);
	assert_string_equal(out, "2026-11-21T01:05:00Z");
	assert_int_equal(csvreport_time("2026-11-21T09:05:00Z", 8 * 3600,
	    out), 0);
	assert_string_equal(out, "2026-11-21T09:05:00Z");
	assert_int_equal(csvreport_time("2026-11-21 09:05:00 北京时间", 0,
	    out), 0);
	assert_string_equal(out, "2026-11-21T01:05:00Z");
	assert_int_equal(csvreport_time("yesterday", 0, out), -1);
	assert_int_equal(csvreport_time("2026-13-01 00:00:00", 0, out), -1);
	assert_int_equal(csvreport_time("2026-11-21 03:14:15 junk", 0, out),
	    -1);
	assert_int_equal(csvreport_time("", 0, out), -1);
	assert_int_equal(csvreport_time("123", 0, out), -1);
}

static void
test_header(void **state)
{
	(void)state;
	assert_true(csvreport_is_report("timestamp,ip,port\n1,2,3\n", 23));
	assert_true(csvreport_is_report("\"Source_IP\",\"Time\"\r\n", 20));
	assert_true(csvreport_is_report("\xef\xbb\xbfip,asn\n", 10));
	/* a spreadsheet's names: blanks or '-' for '_', any case */
	assert_true(csvreport_is_report("IP Address,Port\n", 16));
	assert_true(csvreport_is_report("No;Source-IP;Last seen\n", 23));
	assert_false(csvreport_is_report("IP  Address,Port\n", 17));
	assert_false(csvreport_is_report("IP Addresses,Port\n", 18));
	assert_false(csvreport_is_report("IP Addres,Port\n", 15));
	/* Prose with commas, a single column, no address column. */
	assert_false(csvreport_is_report("Hello, we saw 198.51.100.7 scanning, "
	    "please check.\n", 51));
	assert_false(csvreport_is_report("ip\n198.51.100.7\n", 16));
	assert_false(csvreport_is_report("timestamp,port,asn\n", 19));
	assert_false(csvreport_is_report("ip,198.51.100.7\n", 16));
	assert_false(csvreport_is_report("", 0));
	/* a Chinese carrier's list: 序号 (no.), IP地址, 端口 (port) */
	assert_true(csvreport_is_report("序号,IP地址,端口\n", 23));
	assert_true(csvreport_is_report("被控主机IP\t发现时间\n", 28));
	/* Chinese prose with an ASCII comma is no header */
	assert_false(csvreport_is_report("我们发现,以下主机198.51.100.7\n",
	    strlen("我们发现,以下主机198.51.100.7\n")));
}

/* The columns of a Chinese list: the address and its time found by
 * their Chinese names, 发现时间 preferred to 日期, its times Beijing
 * time. A spreadsheet's: "IP Address" and "Last Seen" are ip_address
 * and last_seen (the rows gave no time and no columns). */
static void
test_column_names(void **state)
{
	const char *text = "序号,日期,受害IP,发现时间,省份\n"
	    "1,2026/11/20,58.16.7.21,2026/11/21 9:05:00,贵州\n"
	    "2,2026/11/20,59.33.10.20,,广东\n";
	const char *sheet = "IP Address,Port,Last Seen\n"
	    "198.51.100.60,23,2026-11-20 10:00:00\n";
	struct got g = { "", 0 };
	size_t skipped;

	(void)state;
	assert_int_equal(csvreport_scan(text, strlen(text), 0, collect, &g,
	    &skipped), 0);
	assert_string_equal(g.lines, "2 58.16.7.21 2026-11-21T01:05:00Z|"
	    "3 59.33.10.20 -|");
	g.lines[0] = '\0';
	assert_int_equal(csvreport_scan(sheet, strlen(sheet), 0, collect, &g,
	    &skipped), 0);
	assert_string_equal(g.lines, "2 198.51.100.60 2026-11-20T10:00:00Z|");
}

static void
test_rows(void **state)
{
	const char *text =
	    "\"timestamp\",\"time\",\"ip\",\"port\",\"sector\"\r\n"
	    "\"2026-11-21 00:12:07\",\"x\",\"58.16.7.21\",11211,\"a, b\"\r\n"
	    "\"2026-11-21 00:13:44\",\"\",\"\",11211,\"no address\"\r\n"
	    "\r\n"
	    "\"bad time\",\"\",\"59.33.10.20\",1,\"multi\r\nline\"\r\n"
	    "\"2026-11-21 00:15:00\",\"\",\"60.1.1.1\"\r\n"
	    "1795231455,,2001:db8::7,53,last";
	struct got g = { "", 0 };
	size_t skipped;

	(void)state;
	assert_int_equal(csvreport_scan(text, strlen(text), 0, collect, &g,
	    &skipped), 0);
	/* "timestamp" is preferred to "time"; the row without an address
	 * and the short row are skipped; the blank line is nothing. */
	assert_string_equal(g.lines, "2 58.16.7.21 2026-11-21T00:12:07Z|"
	    "5 59.33.10.20 -|8 2001:db8::7 2026-11-21T03:24:15Z|");
	assert_int_equal(skipped, 2);
	memset(&g, 0, sizeof(g));
	assert_int_equal(csvreport_scan(text, strlen(text), 1, collect, &g,
	    &skipped), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(skipped, 4);	/* 2 as before, 2 past the limit */
	assert_int_equal(csvreport_scan("no, report\n", 11, 0, collect, &g,
	    &skipped), -1);
}

/* Excel writes ';' where the decimal point is a comma, and tabs in its
 * "Unicode text"; the header decides, not what the rows hold. */
static void
test_separators(void **state)
{
	const char *semi = "timestamp;ip;note\r\n"
	    "2026-11-21 00:12:07;58.16.7.21;\"a, b, c\"\r\n";
	const char *tab = "ip\tasn\tcity\n59.33.10.20\t\tBeijing, CN\n"
	    "\t4134\tno address\n";
	const char *comma = "ip,note\n60.1.1.1,a;b;c\n";
	struct got g = { "", 0 };
	size_t skipped;

	(void)state;
	assert_int_equal(csvreport_scan(semi, strlen(semi), 0, collect, &g,
	    &skipped), 0);
	assert_string_equal(g.lines, "2 58.16.7.21 2026-11-21T00:12:07Z|");
	memset(&g, 0, sizeof(g));
	assert_int_equal(csvreport_scan(tab, strlen(tab), 0, collect, &g,
	    &skipped), 0);
	assert_string_equal(g.lines, "2 59.33.10.20 -|");
	assert_int_equal(skipped, 1);	/* empty fields stay fields */
	memset(&g, 0, sizeof(g));
	assert_int_equal(csvreport_scan(comma, strlen(comma), 0, collect, &g,
	    &skipped), 0);
	assert_string_equal(g.lines, "2 60.1.1.1 -|");
	/* prose with semicolons is no report either */
	assert_false(csvreport_is_report("We saw it; 198.51.100.7; again\n",
	    31));
}

static int
stop_at_first(const struct csvreport_row *row, void *arg)
{
	(void)row;
	(*(int *)arg)++;
	return 7;
}

/* The columns a scan for indicators reads apart, by name (a:
 * anything, v: a version, h: a host's name), and the separator; a BOM
 * before the header, a header alone; prose and a header with no
 * address's column are no report. */
static void
test_columns(void **state)
{
	static const struct {
		const char *text, *kinds;
		char sep;
	} cases[] = {
		{ "ip,Firmware Version,build,hostname,Server-Name,rDNS,port,"
		    "deviceVersion,conversion\n192.0.2.1,7.2.4.1\n",
		    "avvhhhava", ',' },
		{ "\xef\xbb\xbf\"Source IP\";\"FQDN\";\"fw\"\r\n1;2;3\r\n",
		    "ahv", ';' },
		{ "被控主机IP\t域名\t固件版本\t端口", "ahva", '\t' },
	};
	unsigned char *kinds;
	size_t i, k, n;
	char sep;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(csvreport_columns(cases[i].text,
		    strlen(cases[i].text), &kinds, &n, &sep), 0);
		assert_int_equal(n, strlen(cases[i].kinds));
		for (k = 0; k < n; k++)
			assert_int_equal("avh"[kinds[k]], cases[i].kinds[k]);
		assert_int_equal(sep, cases[i].sep);
		free(kinds);
	}
	assert_int_equal(csvreport_columns("no, report\n1,2\n", 15, &kinds,
	    &n, &sep), -1);
	assert_null(kinds);
	assert_int_equal(csvreport_columns("timestamp,port,asn\n", 19,
	    &kinds, &n, &sep), -1);
	assert_null(kinds);
}

static void
test_stop(void **state)
{
	int calls = 0;
	size_t skipped;

	(void)state;
	assert_int_equal(csvreport_scan("ip,port\n1.2.3.4,1\n5.6.7.8,2\n", 27,
	    0, stop_at_first, &calls, &skipped), 7);
	assert_int_equal(calls, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_column_names),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
