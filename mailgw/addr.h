/* Mail addresses mailgw itself writes into headers or hands to a
 * transport: one plain local@domain, printable ASCII, nothing that would
 * need quoting. (Addresses read from mail are parsed in message.c.) */
#ifndef MAILGW_ADDR_H
#define MAILGW_ADDR_H

/* 1 when a is such an address (at most 254 bytes). */
int addr_valid(const char *a);

#endif
