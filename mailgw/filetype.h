/* What an attachment really is, by its bytes (libmagic), beside what the
 * mail declares. Opening loads the magic database, which costs
 * milliseconds: open one only for a message that has attachments. */
#ifndef MAILGW_FILETYPE_H
#define MAILGW_FILETYPE_H

#include <stddef.h>

struct errbuf;
struct filetype;

/* Caller closes with filetype_close. */
int filetype_open(struct filetype **out, struct errbuf *e);
void filetype_close(struct filetype *ft);

/* The MIME type of data ("application/pdf"); "application/octet-stream"
 * when libmagic cannot tell. Valid until the next call on ft. */
const char *filetype_detect(struct filetype *ft, const void *data,
    size_t len);

#endif
