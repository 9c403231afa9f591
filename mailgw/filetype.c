#include "config.h"

#include <stdlib.h>

#include <magic.h>

#include "err.h"
#include "filetype.h"
#include "xmalloc.h"

struct filetype {
	magic_t cookie;
};

int
filetype_open(struct filetype **out, struct errbuf *e)
{
	struct filetype *ft = xcalloc(1, sizeof(*ft));

	/* No decompression, no following of compressed members: a zip
	 * bomb is typed by its first bytes, not unpacked. */
	ft->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
	    MAGIC_ERROR);
	if (ft->cookie == NULL || magic_load(ft->cookie, NULL) != 0) {
		err_set(e, ST_TEMPFAIL, "libmagic: %s", ft->cookie ?
		    magic_error(ft->cookie) : "cannot start");
		filetype_close(ft);
		return -1;
	}
	*out = ft;
	return 0;
}

void
filetype_close(struct filetype *ft)
{
	if (ft == NULL)
		return;
	if (ft->cookie)
		magic_close(ft->cookie);
	free(ft);
}

const char *
filetype_detect(struct filetype *ft, const void *data, size_t len)
{
	const char *t = magic_buffer(ft->cookie, data, len);

	return t ? t : "application/octet-stream";
}
