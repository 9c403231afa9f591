#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"

#include "loop.h"
#include "message.h"

static const char *
why(const char *headers, const char *sender)
{
	static char reason[128];
	char raw[1024];
	struct message *m;
	const char *r;

	snprintf(raw, sizeof(raw), "%s\nSubject: x\n\nbody\n", headers);
	m = message_parse(raw, strlen(raw), NULL);
	r = loop_refusal(m, sender, "cert@cert.example");
	snprintf(reason, sizeof(reason), "%s", r ? r : "");
	message_free(m);
	return reason;
}

static void
test_rules(void **state)
{
	(void)state;
	assert_string_equal(why("From: a@x.example", NULL), "");
	assert_string_equal(why("From: a@x.example", "a@x.example"), "");
	assert_string_equal(why("From: a@x.example\nAuto-Submitted: no", NULL), "");
	assert_string_equal(why("From: a@x.example\nAuto-Submitted: No (it is not)",
	    NULL), "");
	assert_string_equal(why("From: a@x.example\nAuto-Submitted: auto-replied",
	    NULL), "Auto-Submitted");
	assert_string_equal(why("From: a@x.example\nAuto-Submitted: nonsense",
	    NULL), "Auto-Submitted");
	assert_string_equal(why("From: a@x.example\nPrecedence: BULK", NULL),
	    "Precedence bulk, junk or list");
	assert_string_equal(why("From: a@x.example\nPrecedence: first-class",
	    NULL), "");
	assert_string_equal(why("From: a@x.example\nList-Id: <l.example>", NULL),
	    "List-Id");
	assert_string_equal(why("From: a@x.example\nReturn-Path: <>", NULL),
	    "empty Return-Path");
	assert_string_equal(why("From: a@x.example\nReturn-Path: <a@x.example>",
	    NULL), "");
	assert_string_equal(why("From: a@x.example", ""), "empty envelope sender");
	assert_string_equal(why("From: MAILER-DAEMON@mx.example", NULL),
	    "sender is a mail daemon");
	assert_string_equal(why("From: postmaster+x@mx.example", NULL),
	    "sender is a mail daemon");
	assert_string_equal(why("From: a@x.example", "mailer-daemon@mx.example"),
	    "sender is a mail daemon");
	assert_string_equal(why("From: postmasters@x.example", NULL), "");
	assert_string_equal(why("From: CERT@Cert.Example", NULL),
	    "sender is this desk");
	assert_string_equal(why("From: cert+tok@cert.example", NULL),
	    "sender is this desk");
	assert_string_equal(why("From: certs@cert.example", NULL), "");
	assert_string_equal(why("From: cert@other.example", NULL), "");
	assert_string_equal(why("To: nobody@x.example", NULL), "no sender address");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
