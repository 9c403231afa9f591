#include "config.h"

#include <string.h>

#include "addr.h"

int
addr_valid(const char *a)
{
	const char *at = strrchr(a, '@');
	size_t i;

	if (at == NULL || at == a || at[1] == '\0' || strlen(a) > 254 ||
	    strchr(a, '@') != at)
		return 0;
	for (i = 0; a[i]; i++)
		if ((unsigned char)a[i] <= ' ' || (unsigned char)a[i] >= 0x7f ||
		    strchr("<>()[]\\,;:\"", a[i]))
			return 0;
	return 1;
}
