#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "gunzip.h"

#define STEP (64 * 1024)

int
gunzip_magic(const void *data, size_t len)
{
	const unsigned char *d = data;

	return len >= 2 && d[0] == 0x1f && d[1] == 0x8b;
}

int
gunzip(struct buf *out, const void *data, size_t len, size_t max)
{
	z_stream z = { 0 };
	size_t start = out->len, room;
	int rc;

	if (len > UINT_MAX || !gunzip_magic(data, len))
		return -1;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)	/* gzip only */
		return -1;
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	for (;;) {
		if ((room = max - (out->len - start)) == 0) {
			rc = 1;
			break;
		}
		room = room < STEP ? room : STEP;
		if (buf_grow(out, room) < 0) {
			rc = -1;
			break;
		}
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)room;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += room - z.avail_out;
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END) {
			/* Another member follows, or the end (gzip(1) too
			 * ignores what is not a member after one). */
			if (!gunzip_magic(z.next_in, z.avail_in)) {
				rc = 0;
				break;
			}
			if (inflateReset(&z) != Z_OK) {
				rc = -1;
				break;
			}
		} else if (rc != Z_OK) {
			rc = -1;	/* corrupt, or it breaks off */
			break;
		}
	}
	inflateEnd(&z);
	return rc;
}

struct gunzip_stream *
gunzip_open(int fd)
{
	return (struct gunzip_stream *)gzdopen(fd, "rb");
}

int
gunzip_read(struct gunzip_stream *gz, void *p, unsigned n, const char **why)
{
	int got = gzread((gzFile)gz, p, n), zerr;
	const char *msg, *colon;

	if (got >= 0)
		return got;
	msg = gzerror((gzFile)gz, &zerr);
	/* zlib's message names the descriptor: "<fd:3>: ..." */
	if ((colon = strstr(msg, ": ")) != NULL)
		msg = colon + 2;
	*why = zerr == Z_ERRNO ? strerror(errno) : msg;
	return zerr == Z_ERRNO ? -2 : -1;
}

int
gunzip_close(struct gunzip_stream *gz)
{
	return gzclose((gzFile)gz) == Z_BUF_ERROR ? -1 : 0;
}
