#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "message.h"

static struct message *
parse(const char *raw)
{
	return message_parse(raw, strlen(raw), NULL);
}

static char *
slurp(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, name);
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void
test_report(void **state)
{
	struct message *m;
	size_t len;
	char *raw = slurp("plain-report.eml", &len);

	(void)state;
	m = message_parse(raw, len, NULL);
	assert_string_equal(message_subject(m),
	    "[AUSCERT #4711] Phishing hosts in two provinces");
	assert_string_equal(message_from_addr(m), "Reports@auscert.example");
	assert_string_equal(message_from_name(m), "AusCERT Incident Desk");
	assert_string_equal(message_to(m), "cert@cert.example");
	assert_string_equal(message_cc(m), "soc@bank.example");
	assert_string_equal(message_id(m), "4711.1.report@auscert.example");
	assert_string_equal(message_date(m), "2026-11-22T07:59:58Z");
	assert_null(message_problem(m));
	/* A folded trace field, unfolded. */
	assert_string_equal(message_header(m, "received"),
	    "from mx.auscert.example (mx.auscert.example [192.0.2.25])"
	    "\tby mx.cert.example (Postfix) with ESMTPS id 4Xy1;"
	    "\tSun, 22 Nov 2026 08:00:01 +0000 (UTC)");
	assert_null(message_header(m, "X-Nothing"));
	message_free(m);
	free(raw);
}

static void
test_encoded_words(void **state)
{
	struct message *m;

	(void)state;
	m = parse("From: =?utf-8?B?5byg5LiJ?= <a@b.example>\n"
	    "Subject: =?utf-8?Q?caf=C3=A9?= =?utf-8?Q?_au_lait?=\n"
	    " and more\n\nbody\n");
	assert_string_equal(message_subject(m), "café au lait and more");
	assert_string_equal(message_from_name(m), "张三");
	message_free(m);
	/* An unknown charset still gives readable, valid text. */
	m = parse("Subject: =?x-unknown?Q?abc?= tail\n\n");
	assert_non_null(strstr(message_subject(m), "tail"));
	message_free(m);
}

static void
test_no_control_characters(void **state)
{
	struct message *m;

	(void)state;
	m = parse("Subject: =?utf-8?Q?a=0D=0ABcc:_x@y=00z?=\nMessage-ID: <a\x01"
	    "b@c>\n\n");
	/* Line breaks become blanks; an encoded NUL ends the text. */
	assert_string_equal(message_subject(m), "a  Bcc: x@y");
	assert_null(strchr(message_id(m), '\x01'));
	message_free(m);
}

static void
test_ids(void **state)
{
	struct message *m;

	(void)state;
	m = parse("Message-ID: <x@y>\nIn-Reply-To: <p@q> (the report)\n"
	    "References: <a@b>\n <c@d>   <p@q>\n\n");
	assert_string_equal(message_id(m), "x@y");
	assert_string_equal(message_in_reply_to(m), "p@q");
	assert_int_equal(message_references_count(m), 3);
	assert_string_equal(message_reference(m, 0), "a@b");
	assert_string_equal(message_reference(m, 2), "p@q");
	assert_null(message_reference(m, 3));
	message_free(m);
	m = parse("Message-ID: bare@id.example\nReferences: junk <ok@x> more\n\n");
	assert_string_equal(message_id(m), "bare@id.example");
	assert_int_equal(message_references_count(m), 1);
	assert_string_equal(message_reference(m, 0), "ok@x");
	message_free(m);
}

static void
test_dates(void **state)
{
	struct message *m;

	(void)state;
	m = parse("Date: Mon, 23 Nov 2026 00:30:00 +0800\n\n");
	assert_string_equal(message_date(m), "2026-11-22T16:30:00Z");
	message_free(m);
	m = parse("Date: 1 Jan 2027 23:00:00 -0130\n\n");
	assert_string_equal(message_date(m), "2027-01-02T00:30:00Z");
	message_free(m);
	m = parse("Date: whenever\n\n");
	assert_null(message_date(m));
	assert_non_null(strstr(message_problem(m), "Date"));
	message_free(m);
	/* Zones of four digits, minutes under 60: the extremes pass, a
	 * zone of 26 digits (fuzzing: an int overflow) or 99 minutes not. */
	m = parse("Date: 1 Jan 2027 12:00:00 +9959\n\n");
	assert_string_equal(message_date(m), "2026-12-28T08:01:00Z");
	message_free(m);
	m = parse("Date: 8 Jun 2016 20:34:44 -44444444444444444444440700\n\n");
	assert_null(message_date(m));
	assert_non_null(strstr(message_problem(m), "Date header out of range"));
	message_free(m);
	m = parse("Date: 8 Jun 2016 20:34:44 +0199\n\n");
	assert_null(message_date(m));
	message_free(m);
}

static void
test_broken_headers(void **state)
{
	struct message *m;
	size_t len;
	char *raw = slurp("malformed-headers.eml", &len);

	(void)state;
	m = message_parse(raw, len, NULL);
	assert_non_null(message_problem(m));
	assert_non_null(strstr(message_problem(m), "From"));
	assert_string_equal(message_subject(m), "malformed");
	message_free(m);
	free(raw);
	m = parse("");
	assert_string_equal(message_subject(m), "");
	assert_string_equal(message_from_addr(m), "");
	message_free(m);
	m = message_parse("Subject: x\0y\n\n", 14, NULL);	/* a NUL in a field */
	assert_string_equal(message_subject(m), "x");
	message_free(m);
	m = parse(" continuation first\nSubject: s\n\n");
	assert_string_equal(message_subject(m), "s");
	assert_non_null(message_problem(m));
	message_free(m);
	m = parse("From: a@b\nFrom: c@d\n\n");
	assert_non_null(strstr(message_problem(m), "more than one From"));
	message_free(m);
}

static void
digest_of(const char *raw, char hex[DIGEST_HEX_LEN + 1])
{
	message_digest(raw, strlen(raw), hex);
}

static void
test_digest_ignores_trace(void **state)
{
	char a[DIGEST_HEX_LEN + 1], b[DIGEST_HEX_LEN + 1];
	const char *base = "From: x@y\nSubject: s\nMessage-ID: <1@y>\n\nbody\n";
	const char *relayed = "Received: from a\n\tby b; Mon, 1 Jan 2026\n"
	    "Return-Path: <x@y>\nDelivered-To: cert@c\nX-Original-To: cert@c\n"
	    "From: x@y\nSubject: s\nmessage-id: <1@y>\n\nbody\n";
	const char *mbox = "From x@y Mon Jan  1 00:00:00 2026\n"
	    "From: x@y\nSubject: s\nMessage-ID: <1@y>\nRECEIVED: z\n\nbody\n";

	(void)state;
	message_digest(base, strlen(base), a);
	message_digest(mbox, strlen(mbox), b);
	assert_string_equal(a, b);
	/* Case of a field name is content: only trace fields are skipped. */
	message_digest(relayed, strlen(relayed), b);
	assert_string_not_equal(a, b);
	relayed = "Received: from a\n\tby b; Mon, 1 Jan 2026\n"
	    "Return-Path: <x@y>\nFrom: x@y\nSubject: s\nMessage-ID: <1@y>\n"
	    "Delivered-To: cert@c\n\nbody\n";
	message_digest(relayed, strlen(relayed), b);
	assert_string_equal(a, b);
	/* A Received line in the body is body. */
	digest_of("S: 1\n\nReceived: x\n", a);
	digest_of("S: 1\n\n", b);
	assert_string_not_equal(a, b);
	/* Any other change counts. */
	digest_of("From: x@y\nSubject: s\nMessage-ID: <1@y>\n\nbody!\n", b);
	digest_of(base, a);
	assert_string_not_equal(a, b);
}

static void
test_blank(void **state)
{
	(void)state;
	assert_true(message_is_blank("", 0));
	assert_true(message_is_blank(" \r\n\t\n", 5));
	assert_false(message_is_blank("\n\nx", 3));
	assert_false(message_is_blank("\0", 1));
}

static int
looks_saved(const char *text)
{
	return message_looks_saved(text, strlen(text));
}

/* A saved message, told from a text: the test data's messages and an
 * mbox are; texts, a text quoting header fields further down, a header
 * with no body after it and a broken header are not. */
/* How many messages a text holds as an mbox: a From_ line starts one,
 * another at a line's start makes two or more; a body line quoted as
 * ">From " does not, nor "From:" or "From " inside a line. */
static void
test_mbox_count(void **state)
{
	static const char one[] = "From a@example.org Mon Nov 23 00:00:00 "
	    "2026\nFrom: a@example.org\n\n>From here on, x\nsaid From y\n";
	static const char two[] = "From a@example.org Mon Nov 23 00:00:00 "
	    "2026\nSubject: 1\n\nx\n\nFrom b@example.org Mon Nov 23 "
	    "00:00:01 2026\nSubject: 2\n\ny\n";
	size_t len;
	char *raw;

	(void)state;
	assert_int_equal(message_mbox_count(one, strlen(one)), 1);
	assert_int_equal(message_mbox_count(two, strlen(two)), 2);
	assert_int_equal(message_mbox_count("From:", 5), 0);
	assert_int_equal(message_mbox_count("From", 4), 0);
	raw = slurp("plain-report.eml", &len);
	assert_int_equal(message_mbox_count(raw, len), 0);
	free(raw);
}

static void
test_looks_saved(void **state)
{
	static const char *const saved[] = {
		"plain-report.eml", "shadowserver-memcached.eml",
		"no-message-id.eml", "arf.eml",
	};
	static const char *const mbox = "From alice@example.org Mon Nov 23 "
	    "00:00:00 2026\nFrom: alice@example.org\nSubject: x\n\nbody\n";
	size_t i, len;
	char *raw;

	(void)state;
	for (i = 0; i < sizeof(saved) / sizeof(saved[0]); i++) {
		raw = slurp(saved[i], &len);
		if (!message_looks_saved(raw, len))
			fail_msg("%s: not a saved message", saved[i]);
		free(raw);
	}
	assert_true(looks_saved(mbox));
	raw = slurp("malformed-headers.eml", &len);
	assert_false(message_looks_saved(raw, len));
	free(raw);
	assert_false(looks_saved("Seen 192.0.2.7\n\nFrom: a\nDate: x\n\nx\n"));
	assert_false(looks_saved("From: a\nTo: b\n\nx\n"));
	assert_false(looks_saved("From: a\nDate: today\n\n"));
	assert_false(looks_saved("Date: today\nSubject: x\n\nx\n"));
}

static struct message *
one_attachment(const char *disposition_params)
{
	char raw[2048];

	snprintf(raw, sizeof(raw), "Subject: a\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment; %s\n\nDATA\n--b--\n",
	    disposition_params);
	return parse(raw);
}

static void
test_filenames(void **state)
{
	static const struct {
		const char *params, *name;
	} cases[] = {
		{ "filename=\"report.pdf\"", "report.pdf" },
		{ "filename=\"../../etc/passwd\"", "passwd" },
		{ "filename=\"C:\\\\Windows\\\\evil.exe\"", "evil.exe" },
		{ "filename=\".bashrc\"", "bashrc" },
		{ "filename=\"..\"", NULL },
		{ "filename=\"/\"", NULL },
		{ "filename*=utf-8''%E8%AF%81%E6%8D%AE.pdf", "证据.pdf" },
		{ "filename*0*=utf-8''%E8%AF%81; filename*1=\"-2.pdf\"", "证-2.pdf" },
		{ "filename*=gb2312''%D6%D0%B9%FA.txt", "中国.txt" },
		{ "filename=\"=?utf-8?B?5oql5ZGKLnBkZg==?=\"", "报告.pdf" },
		{ "filename=\"a=?utf-8?Q?=0D=0A?=X-Evil: 1\"", "a  X-Evil: 1" },
		{ "filename*=utf-8''bad%0D%0ABcc%3A%20x", "bad  Bcc: x" },
	};
	const struct message_part *p;
	struct message *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = one_attachment(cases[i].params);
		assert_int_equal(message_part_count(m), 2);
		p = message_part(m, 1);
		assert_int_equal(p->kind, PART_ATTACHMENT);
		if (cases[i].name)
			assert_string_equal(p->filename, cases[i].name);
		else
			assert_null(p->filename);
		assert_string_equal(p->data.data, "DATA");
		message_free(m);
	}
	/* Long names are cut on a character boundary. */
	{
		char params[1200] = "filename*=utf-8''";

		for (i = 0; i < 100; i++)
			strcat(params, "%E4%B8%AD");	/* 中, 3 bytes */
		m = one_attachment(params);
		p = message_part(m, 1);
		assert_int_equal(strlen(p->filename), 198);
		message_free(m);
	}
}

static void
test_parts(void **state)
{
	const char *raw = "Subject: s\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=\"x\"\n\n"
	    "--x\nContent-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9=\n au lait\n"
	    "--x\nContent-Type: text/html; charset=utf-8\n\n<b>caf\xc3\xa9</b>\n"
	    "--x--\n";
	const struct message_part *p;
	struct message *m = parse(raw);

	(void)state;
	assert_int_equal(message_part_count(m), 3);
	p = message_part(m, 0);
	assert_string_equal(p->path, "1");
	assert_int_equal(p->kind, PART_MULTIPART);
	assert_string_equal(p->content_type, "multipart/alternative");
	p = message_part(m, 1);
	assert_string_equal(p->path, "1.1");
	assert_int_equal(p->kind, PART_TEXT);
	assert_string_equal(p->charset, "iso-8859-1");
	assert_string_equal(p->encoding, "quoted-printable");
	/* The line break before a boundary belongs to the boundary. */
	assert_string_equal(p->text, "café au lait");
	assert_memory_equal(raw + p->raw_start, "Content-Type: text/plain", 24);
	assert_memory_equal(raw + p->body_start, "caf=E9", 6);
	p = message_part(m, 2);
	assert_int_equal(p->kind, PART_HTML);
	assert_string_equal(p->text, "café");
	message_free(m);
}

/* RFC 3676: soft breaks joined, with DelSp=yes without their space
 * (a break between words has two); quote depth, stuffing and the
 * signature separator respected. */
static void
test_flowed(void **state)
{
	const char *delsp = "Subject: s\nContent-Type: text/plain; "
	    "format=flowed; delsp=yes\n\n"
	    "see https://evil.example/verify/acco \r\nunt?id=1 and  \r\n"
	    "203.0.11 \r\n3.7\r\n> quoted  \r\n> on\r\n>> deeper \r\n"
	    "plain\r\n From stuffed\r\n-- \r\nsig\r\n";
	const char *flowed = "Subject: s\nContent-Type: text/plain; "
	    "format=Flowed\n\none \ntwo\nthree\n";
	const char *fixed = "Subject: s\nContent-Type: text/plain\n\n"
	    "one \ntwo\n";
	struct message *m;

	(void)state;
	m = parse(delsp);
	assert_int_equal(message_part(m, 0)->flowed, 2);
	assert_string_equal(message_part(m, 0)->text,
	    "see https://evil.example/verify/account?id=1 and 203.0.113.7\n"
	    "> quoted on\n>> deeper\nplain\nFrom stuffed\n-- \nsig\n");
	message_free(m);
	m = parse(flowed);	/* DelSp=no: the space stays */
	assert_string_equal(message_part(m, 0)->text, "one two\nthree\n");
	message_free(m);
	m = parse(fixed);	/* not flowed: lines as they are */
	assert_int_equal(message_part(m, 0)->flowed, 0);
	assert_string_equal(message_part(m, 0)->text, "one \ntwo\n");
	message_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_encoded_words),
		cmocka_unit_test(test_no_control_characters),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_broken_headers),
		cmocka_unit_test(test_digest_ignores_trace),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_mbox_count),
		cmocka_unit_test(test_looks_saved),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_flowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
