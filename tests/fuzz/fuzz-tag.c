/* Fuzz the subject parsers: our tag, subject cleaning, a partner's
 * reference pattern, ticket numbers as staff write them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"
#include "thread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *clean, *ref = NULL, *stripped;
	int64_t id;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	thread_tag_find(s, "CNCERT", &id);
	clean = thread_subject_clean(s, "CNCERT");
	if (thread_ref_match(s, "\\[(AUSCERT #[0-9]+)\\]", &ref) > 0)
		free(ref);
	stripped = thread_subject_strip_ref(s, "\\[(AUSCERT #[0-9]+)\\]");
	desk_ticket_id(s);
	free(clean);
	free(stripped);
	free(s);
	return 0;
}
