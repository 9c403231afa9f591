#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libexec.h"
#include "xmalloc.h"

char *
libexec_path(const char *name)
{
	return program_path(name, PKGLIBEXECDIR);
}

char *
program_path(const char *name, const char *dir)
{
	char self[PATH_MAX], *slash, *path;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			path = xasprintf("%s/%s", self, name);
			if (access(path, X_OK) == 0)
				return path;
			free(path);
		}
	}
	return xasprintf("%s/%s", dir, name);
}
