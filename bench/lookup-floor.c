/* The floor of bench/contacts' lookups: read sorted, non-overlapping
 * IPv4 ranges ("LOHEX|HIHEX" per line), then for each address on stdin
 * binary-search the range holding it and print its index (or -). */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
	uint32_t *lo = NULL, *hi = NULL, a;
	size_t n = 0, cap = 0, l, r, m;
	char line[128];
	struct in_addr in;

	if (f == NULL)
		return 2;
	while (fgets(line, sizeof(line), f)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			lo = realloc(lo, cap * sizeof(*lo));
			hi = realloc(hi, cap * sizeof(*hi));
			if (lo == NULL || hi == NULL)
				return 2;
		}
		lo[n] = (uint32_t)strtoul(line, NULL, 16);
		hi[n] = (uint32_t)strtoul(strchr(line, '|') + 1, NULL, 16);
		n++;
	}
	fclose(f);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (inet_pton(AF_INET, line, &in) != 1)
			continue;
		a = ntohl(in.s_addr);
		for (l = 0, r = n; l < r; ) {
			m = l + (r - l) / 2;
			if (lo[m] <= a)
				l = m + 1;
			else
				r = m;
		}
		if (l && hi[l - 1] >= a)
			printf("%s %zu\n", line, l - 1);
		else
			printf("%s -\n", line);
	}
	free(lo);
	free(hi);
	return 0;
}
