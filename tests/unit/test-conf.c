#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

#include "conf.h"
#include "err.h"

static char *
write_temp(const char *text)
{
	char path[] = "/tmp/mailgw-conf-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return strdup(path);
}

static void
test_sizes(void **state)
{
	size_t v;

	(void)state;
	assert_int_equal(conf_parse_size("512", &v), 0);
	assert_int_equal(v, 512);
	assert_int_equal(conf_parse_size("2K", &v), 0);
	assert_int_equal(v, 2048);
	assert_int_equal(conf_parse_size("64M", &v), 0);
	assert_int_equal(v, 64u * 1024 * 1024);
	assert_int_equal(conf_parse_size("1g", &v), 0);
	assert_int_equal(v, 1024u * 1024 * 1024);
	assert_int_equal(conf_parse_size("", &v), -1);
	assert_int_equal(conf_parse_size("-1", &v), -1);
	assert_int_equal(conf_parse_size("10 M", &v), -1);
	assert_int_equal(conf_parse_size("99999999999999999999", &v), -1);
}

static void
test_durations(void **state)
{
	int v;

	(void)state;
	assert_int_equal(conf_parse_duration_ms("30", &v), 0);
	assert_int_equal(v, 30000);
	assert_int_equal(conf_parse_duration_ms("2s", &v), 0);
	assert_int_equal(v, 2000);
	assert_int_equal(conf_parse_duration_ms("250ms", &v), 0);
	assert_int_equal(v, 250);
	assert_int_equal(conf_parse_duration_ms("1m", &v), 0);
	assert_int_equal(v, 60000);
	assert_int_equal(conf_parse_duration_ms("1h", &v), -1);
	assert_int_equal(conf_parse_duration_ms("9999999999", &v), -1);
}

static void
test_tags(void **state)
{
	(void)state;
	assert_true(conf_tag_valid("CNCERT"));
	assert_true(conf_tag_valid("CERT-Bund"));
	assert_false(conf_tag_valid(""));
	assert_false(conf_tag_valid("CN CERT"));
	assert_false(conf_tag_valid("CERT]"));
	assert_false(conf_tag_valid("CERT#"));
	assert_false(conf_tag_valid("0123456789012345678901234567890123"));
}

static void
test_load_file(void **state)
{
	char *path = write_temp("; comment\n[gateway]\naddress = cert@cert.example\n"
	    "tag = CNCERT\ndatabase = /srv/mailgw/db.sqlite\n"
	    "max_message_size = 10M\nbusy_timeout = 5s\n"
	    "[transport]\nurl = sendmail:/usr/sbin/sendmail\n");
	struct errbuf e = { 0 };
	struct conf *c = NULL;

	(void)state;
	assert_int_equal(conf_load(&c, path, &e), 0);
	assert_string_equal(c->path, path);
	assert_string_equal(c->address, "cert@cert.example");
	assert_string_equal(c->tag, "CNCERT");
	assert_string_equal(c->database, "/srv/mailgw/db.sqlite");
	assert_false(c->database_default);
	assert_int_equal(c->max_message_size, 10u * 1024 * 1024);
	assert_int_equal(c->busy_timeout_ms, 5000);
	assert_string_equal(c->transport_url, "sendmail:/usr/sbin/sendmail");
	assert_non_null(c->gnupghome);	/* a default where the file is silent */
	conf_free(c);
	unlink(path);
	free(path);
}

/* The programs and the socket: full paths, empty to turn off; each
 * key keeps its own value whatever the order (under ASan, a value freed
 * by another key's line shows). */
static void
test_paths(void **state)
{
	char *path = write_temp("[gateway]\nlmtp_socket = /run/m/l.sock\n"
	    "pdftotext = /opt/pdftotext\nlmtp_socket = /run/m/s.sock\n"
	    "pdftotext =\n");
	char *bad = write_temp("[gateway]\nlmtp_socket = l.sock\n");
	struct errbuf e = { 0 };
	struct conf *c = NULL;

	(void)state;
	assert_int_equal(conf_load(&c, path, &e), 0);
	assert_string_equal(c->lmtp_socket, "/run/m/s.sock");
	assert_null(c->pdftotext);
	conf_free(c);
	c = NULL;
	assert_int_equal(conf_load(&c, bad, &e), -1);
	assert_int_equal(e.status, ST_CONFIG);
	unlink(path);
	unlink(bad);
	free(path);
	free(bad);
}

static void
test_load_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "[gateway]\nfoo = 1\n", ":2: unknown key 'foo' in [gateway]" },
		{ "[gateway]\naddress = not-an-address\n", ":2: bad value for gateway.address" },
		{ "[gateway]\naddress = a@b\r\nBcc: x@y\n", "" },
		{ "[gateway]\ndatabase = relative.db\n", ":2: bad value for gateway.database" },
		{ "[transport]\nurl = maildir:relative\n", ":2: bad value for transport.url" },
		{ "[nope]\nx = 1\n", ":2: unknown section [nope]" },
		{ "garbage line\n", ":1: syntax error" },
	};
	struct errbuf e;
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = write_temp(cases[i].text);

		memset(&e, 0, sizeof(e));
		c = NULL;
		assert_int_equal(conf_load(&c, path, &e), -1);
		assert_null(c);
		assert_int_equal(e.status, ST_CONFIG);
		assert_non_null(strstr(e.msg, path));
		assert_non_null(strstr(e.msg, cases[i].msg));
		unlink(path);
		free(path);
	}
}

static void
test_missing_named_file(void **state)
{
	struct errbuf e = { 0 };
	struct conf *c = NULL;

	(void)state;
	assert_int_equal(conf_load(&c, "/nonexistent/mailgw.conf", &e), -1);
	assert_int_equal(e.status, ST_CONFIG);
	assert_non_null(strstr(e.msg, "No such file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_missing_named_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
