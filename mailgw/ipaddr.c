/*
 * Address text by hand. ipaddr_format6 follows RFC 5952 section 4 as
 * glibc's inet_ntop does, so that stored values and values computed
 * again compare equal: lowercase hex without leading zeros, the longest
 * run of two or more zero groups (the first of equal runs) as "::", and
 * the last 32 bits as a dotted quad when the first 96 are zero (but for
 * "::" and "::1"-like tails longer than 6 zero groups) or are
 * ::ffff:0:0/96. The unit test compares it with inet_ntop. The IPv4 host
 * inside a mapped or NAT64 address, for the scanner's classes, the
 * allowlist and contact lookup; and LACNIC's abbreviated networks made
 * dotted quads, for the scanner and the contact import alike.
 */
#include "config.h"

#include <string.h>

#include "ipaddr.h"

static char *
decimal(unsigned int v, char *out)
{
	if (v >= 100)
		*out++ = (char)('0' + v / 100);
	if (v >= 10)
		*out++ = (char)('0' + v / 10 % 10);
	*out++ = (char)('0' + v % 10);
	return out;
}

char *
ipaddr_format4(const unsigned char *p, char *out)
{
	int k;

	for (k = 0; k < 4; k++) {
		if (k)
			*out++ = '.';
		out = decimal(p[k], out);
	}
	*out = '\0';
	return out;
}

static char *
hex16(unsigned int w, char *out)
{
	static const char digits[] = "0123456789abcdef";
	int shift, started = 0;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned int d = (w >> shift) & 15;

		if (d || started || shift == 0) {
			*out++ = digits[d];
			started = 1;
		}
	}
	return out;
}

char *
ipaddr_format6(const unsigned char *p, char *out)
{
	unsigned int w[8];
	int i, base = -1, len = 0, cur = -1, curlen = 0;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned int)p[2 * i] << 8 | p[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, curlen = 0;
			if (++curlen > len)
				base = cur, len = curlen;
		} else {
			cur = -1;
		}
	}
	if (len < 2)
		base = -1;
	for (i = 0; i < 8; i++) {
		if (base >= 0 && i >= base && i < base + len) {
			if (i == base)
				*out++ = ':';
			continue;
		}
		if (i)
			*out++ = ':';
		if (i == 6 && base == 0 &&
		    (len == 6 || (len == 5 && w[5] == 0xffff)))
			return ipaddr_format4(p + 12, out);
		out = hex16(w[i], out);
	}
	if (base >= 0 && base + len == 8)
		*out++ = ':';
	*out = '\0';
	return out;
}

int
ipaddr_embedded4(const unsigned char *b, unsigned char v4[4])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char teredo[4] = { 0x20, 0x01, 0, 0 };
	int i;

	if (b[0] == 0x20 && b[1] == 0x02) {
		memcpy(v4, b + 2, 4);	/* 6to4's 2002:V4ADDR::/48 */
		return 1;
	}
	if (memcmp(b, teredo, 4) == 0) {
		for (i = 0; i < 4; i++)	/* the client's, obfuscated */
			v4[i] = (unsigned char)~b[12 + i];
		return 1;
	}
	if (memcmp(b, mapped, 12) != 0 && memcmp(b, nat64, 12) != 0)
		return 0;
	memcpy(v4, b + 12, 4);
	return 1;
}

size_t
ipaddr_pad4(const char *s, size_t n, unsigned long bits,
    char out[IPADDR_V4_MAX])
{
	size_t i, dots = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	if (n == 0 || dots >= 3 || bits > 8 * (dots + 1) ||
	    n + 2 * (3 - dots) >= IPADDR_V4_MAX)
		return 0;
	memcpy(out, s, n);
	for (; dots < 3; dots++, n += 2)
		memcpy(out + n, ".0", 2);
	out[n] = '\0';
	return n;
}
