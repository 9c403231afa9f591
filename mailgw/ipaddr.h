/* Addresses as text, the way inet_ntop writes them (RFC 5952 for IPv6,
 * with glibc's choice of a dotted quad after "::" and "::ffff:"),
 * without stdio: a scan report prints millions of them. */
#ifndef MAILGW_IPADDR_H
#define MAILGW_IPADDR_H

#include <stddef.h>

#define IPADDR_V4_MAX 16	/* "255.255.255.255" and its NUL */
#define IPADDR_V6_MAX 46	/* INET6_ADDRSTRLEN */

/* a.b.c.d of 4 bytes into out; returns the end (the NUL written). */
char *ipaddr_format4(const unsigned char *p, char *out);

/* The canonical text of 16 bytes into out; returns the end. */
char *ipaddr_format6(const unsigned char *p, char *out);

/* The IPv4 host an IPv6 address of 16 bytes stands for, into v4: its
 * last four bytes when it is IPv4-mapped (::ffff:0:0/96, what a
 * dual-stack server logs for an IPv4 client) or behind NAT64's
 * well-known prefix (64:ff9b::/96, RFC 6052); the four after 2002 when
 * it is 6to4's (2002::/16, RFC 3056: the site of that IPv4 host;
 * Gmail's Received fields give 2002:a05:..., 10.5.x.x, a private one);
 * the last four inverted when it is Teredo's (2001::/32, RFC 4380: the
 * client behind its NAT, 2001:0:...:3fff:fdd2 for 192.0.2.45). Returns
 * 1 then, 0 for any other. */
int ipaddr_embedded4(const unsigned char *b, unsigned char v4[4]);

/* LACNIC's network address with its zero octets left off ("200.160" of
 * "200.160/12", RFC 1518's abbreviation): the one to three octets of s
 * (n bytes) made four with ".0" in out, when the prefix of bits lies in
 * the octets written. Returns the length written; 0 when s is no such
 * (four octets already, anything but digits and dots, too long for
 * out, or fewer octets than bits need). The octets are the caller's to
 * read. */
size_t ipaddr_pad4(const char *s, size_t n, unsigned long bits,
    char out[IPADDR_V4_MAX]);

#endif
