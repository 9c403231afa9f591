/* Fuzz the archive readers a partner's attachment reaches: gzip
 * (gunzip.c), zip (zipfile.c, over minizip), Excel workbooks and Word
 * documents (ooxml.c, over minizip and expat), Outlook's winmail.dat
 * (tnef.c), each within a limit. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "gunzip.h"
#include "ooxml.h"
#include "tnef.h"
#include "zipfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
any_name(const char *name)
{
	return name[0] != '\0';
}

static void
touch(const char *name, const char *bytes, size_t n, int cut, void *arg)
{
	size_t *sum = arg;

	/* read every byte given, so that a bad length shows */
	for (; n > 0; n--)
		*sum += (unsigned char)bytes[n - 1];
	*sum += strlen(name) + (size_t)cut;
}

static void
touch_tnef(enum tnef_kind kind, const char *name, const char *bytes,
    size_t n, int cut, void *arg)
{
	size_t *sum = arg;

	*sum += (size_t)kind;
	touch(name, bytes, n, cut, arg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	size_t sum = 0;

	gunzip(&out, data, size, 1 << 20);
	buf_release(&out);
	zipfile_each(data, size, 1 << 20, any_name, touch, &sum);
	xlsx_text(data, size, 1 << 20, &out);
	buf_release(&out);
	docx_text(data, size, 1 << 20, &out);
	buf_release(&out);
	tnef_each(data, size, 1 << 20, TNEF_BODY, touch_tnef, &sum);
	tnef_each(data, size, 100, 0, touch_tnef, &sum);	/* cut */
	return 0;
}
