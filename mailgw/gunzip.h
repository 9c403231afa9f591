/* gzip data inflated in memory (zlib), within a limit: an attachment a
 * partner compressed (report.csv.gz) is read, a bomb is not unpacked
 * past what an attachment may be. */
#ifndef MAILGW_GUNZIP_H
#define MAILGW_GUNZIP_H

#include <stddef.h>

struct buf;
struct gunzip_stream;

/* 1 when data[0..len) starts as gzip does (RFC 1952's magic bytes). */
int gunzip_magic(const void *data, size_t len);

/* Append the inflated bytes of the gzip data (every member of it) to
 * out, at most max of them: 0 when all of it fit, 1 when it stopped at
 * max, -1 when the data is not gzip or breaks off (out then holds what
 * came before the fault). */
int gunzip(struct buf *out, const void *data, size_t len, size_t max);

/* A file or stream read as the text it inflates to when it is gzip,
 * as it is otherwise (zlib's transparent reading): "ioc extract
 * report.csv.gz". Takes fd; NULL when out of memory. */
struct gunzip_stream *gunzip_open(int fd);
/* Up to n bytes into p: their number, 0 at the end, -1 when the data
 * is broken, -2 when reading failed (*why says what, until the stream
 * is closed). */
int gunzip_read(struct gunzip_stream *gz, void *p, unsigned n,
    const char **why);
/* Close it: 0, or -1 when the gzip data broke off inside a member. */
int gunzip_close(struct gunzip_stream *gz);

#endif
