/* Runs a fuzz target over files, as the regression tests of make check
 * (and to replay what a fuzzer found): every file given, every file in
 * every directory given. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *exact;
	size_t n = 0, cap = 0, k;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				return 1;
		}
		if ((k = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		n += k;
	}
	fclose(f);
	/* Exactly n bytes, as libFuzzer gives them: a read past the end
	 * must be one AddressSanitizer sees. */
	exact = malloc(n ? n : 1);
	if (exact == NULL)
		return 1;
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent *d;
	struct stat st;
	char path[4096];
	int i, rc = 0, runs = 0;
	DIR *dir;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((dir = opendir(argv[i])) == NULL)
				return 1;
			while ((d = readdir(dir)) != NULL) {
				if (d->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    d->d_name);
				rc |= run_file(path);
				runs++;
			}
			closedir(dir);
		} else {
			rc |= run_file(argv[i]);
			runs++;
		}
	}
	printf("%d inputs\n", runs);
	return rc;
}
