/* Addresses as text, the way inet_ntop writes them (RFC 5952 for IPv6,
 * with glibc's choice of a dotted quad after "::" and "::ffff:"),
 * without stdio: a scan report prints millions of them. */
#ifndef MAILGW_IPADDR_H
#define MAILGW_IPADDR_H

#define IPADDR_V4_MAX 16	/* "255.255.255.255" and its NUL */
#define IPADDR_V6_MAX 46	/* INET6_ADDRSTRLEN */

/* a.b.c.d of 4 bytes into out; returns the end (the NUL written). */
char *ipaddr_format4(const unsigned char *p, char *out);

/* The canonical text of 16 bytes into out; returns the end. */
char *ipaddr_format6(const unsigned char *p, char *out);

#endif
