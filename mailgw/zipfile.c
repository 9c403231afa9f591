#include "config.h"

#include <string.h>

/* Not MINIZIP_CFLAGS' -I/usr/include/minizip: its crypt.h would stand in
 * for the system's everywhere. */
#include <minizip/unzip.h>

#include "buf.h"
#include "zipfile.h"

#define MAX_ENTRIES 10000
#define STEP (64 * 1024)

/* The archive's bytes, as minizip's file functions see them. */
struct mem {
	const unsigned char *data;
	size_t len, pos;
};

static voidpf ZCALLBACK
mem_open(voidpf opaque, const void *name, int mode)
{
	(void)opaque;
	return (mode & ZLIB_FILEFUNC_MODE_WRITE) ? NULL : (voidpf)name;
}

static uLong ZCALLBACK
mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct mem *m = stream;
	size_t n = m->len - m->pos < size ? m->len - m->pos : size;

	(void)opaque;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong ZCALLBACK
mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK
mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct mem *)stream)->pos;
}

static long ZCALLBACK
mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	struct mem *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 :
	    origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;

	(void)opaque;
	if (offset > m->len - base)
		return -1;
	m->pos = (size_t)(base + offset);
	return 0;
}

static int ZCALLBACK
mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK
mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

int
zipfile_magic(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* The current file's bytes into b, at most room: 0 whole, 1 cut at
 * room, -1 broken (a wrong CRC among them). */
static int
read_current(unzFile z, struct buf *b, size_t room)
{
	int n, rc = 0;

	if (unzOpenCurrentFile(z) != UNZ_OK)
		return -1;
	for (;;) {
		size_t want = room - b->len < STEP ? room - b->len : STEP;

		if (want == 0) {
			rc = 1;
			break;
		}
		if (buf_grow(b, want) < 0) {
			rc = -1;
			break;
		}
		if ((n = unzReadCurrentFile(z, b->data + b->len,
		    (unsigned)want)) <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	/* Closing a file read to its end checks its CRC. */
	if (unzCloseCurrentFile(z) != UNZ_OK && rc == 0)
		rc = -1;
	return rc;
}

int
zipfile_each(const void *data, size_t len, size_t max,
    int (*want)(const char *name), zipfile_fn fn, void *arg)
{
	struct mem m = { data, len, 0 };
	zlib_filefunc64_def ff = { mem_open, mem_read, mem_write, mem_tell,
	    mem_seek, mem_close, mem_error, NULL };
	struct buf b = BUF_INIT;
	unz_file_info64 fi;
	char name[256];
	size_t used = 0, entries = 0;
	int skipped = 0, rc, cut;
	unzFile z;

	if (!zipfile_magic(data, len) || (z = unzOpen2_64(&m, &ff)) == NULL)
		return -1;
	for (rc = unzGoToFirstFile(z); rc == UNZ_OK;
	    rc = unzGoToNextFile(z)) {
		if (++entries > MAX_ENTRIES) {
			skipped++;
			break;
		}
		name[sizeof(name) - 1] = '\0';
		if (unzGetCurrentFileInfo64(z, &fi, name, sizeof(name) - 1,
		    NULL, 0, NULL, 0) != UNZ_OK) {
			skipped++;
			break;
		}
		if (!want(name))
			continue;
		if ((fi.flag & 1) || used == max) {	/* encrypted; full */
			skipped++;
			continue;
		}
		buf_reset(&b);
		if ((cut = read_current(z, &b, max - used)) < 0) {
			skipped++;
			continue;
		}
		used += b.len;
		skipped += cut;
		fn(name, b.data, b.len, cut, arg);
	}
	buf_release(&b);
	unzClose(z);
	return skipped;
}
