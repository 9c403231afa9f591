#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "thread.h"

static void
test_tag_find(void **state)
{
	static const struct {
		const char *subject;
		int found;
		int64_t id;
	} cases[] = {
		{ "[CNCERT #12] phishing", 1, 12 },
		{ "Re: [CNCERT #12] phishing", 1, 12 },
		{ "AW: WG: Re: [cncert #7]", 1, 7 },
		{ "回复: [CNCERT #3] 处理", 1, 3 },
		{ "[AUSCERT #4711] [CNCERT #9] both tags", 1, 9 },
		{ "[CNCERT#5] no blank", 1, 5 },
		{ "[ CNCERT # 6 ] blanks", 1, 6 },
		{ "[CNCERT #] no number", 0, 0 },
		{ "[CNCERT #0] zero", 0, 0 },
		{ "[CNCERT #12x] junk", 0, 0 },
		{ "[CNCERTX #12] longer tag", 0, 0 },
		{ "[OTHER #12] other tag", 0, 0 },
		{ "[CNCERT #1234567890123456] too long", 0, 0 },
		{ "CNCERT #12 no brackets", 0, 0 },
		{ "[[CNCERT #8]]", 1, 8 },
		{ "", 0, 0 },
	};
	size_t i;
	int64_t id;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		id = 0;
		assert_int_equal(thread_tag_find(cases[i].subject, "CNCERT", &id),
		    cases[i].found);
		if (cases[i].found)
			assert_int_equal(id, cases[i].id);
	}
}

static void
test_subject_clean(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Phishing hosts", "Phishing hosts" },
		{ "Re: Phishing hosts", "Phishing hosts" },
		{ "RE: Fwd: AW: WG: SV: Phishing", "Phishing" },
		{ "Re[2]: Phishing", "Phishing" },
		{ "回复: 仿冒网站", "仿冒网站" },
		{ "答复：转发: 仿冒网站", "仿冒网站" },
		{ "Re: [CNCERT #12] Phishing", "Phishing" },
		{ "[CNCERT #12] Re: Phishing", "Phishing" },
		{ "[AUSCERT #4711] Phishing", "[AUSCERT #4711] Phishing" },
		{ "Phishing  \t twice   spaced ", "Phishing twice spaced" },
		{ "Report: Re: not a prefix", "Report: Re: not a prefix" },
		{ "Rex: keep", "Rex: keep" },
		{ "", "" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = thread_subject_clean(cases[i].in, "CNCERT");
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_ref_match(void **state)
{
	char *ref = NULL;

	(void)state;
	assert_int_equal(thread_ref_match("Re: [AUSCERT #4711] x",
	    "\\[(AUSCERT #[0-9]+)\\]", &ref), 1);
	assert_string_equal(ref, "AUSCERT #4711");	/* the group */
	free(ref);
	assert_int_equal(thread_ref_match("see esb-2022.1234 now",
	    "ESB-[0-9]{4}\\.[0-9]+", &ref), 1);
	assert_string_equal(ref, "esb-2022.1234");	/* case-insensitive */
	free(ref);
	assert_int_equal(thread_ref_match("nothing", "ESB-[0-9]+", &ref), 0);
	assert_int_equal(thread_ref_match("x", "([unclosed", &ref), -1);
	assert_int_equal(thread_ref_match("x", "x*", &ref), 1);
	free(ref);
	assert_int_equal(thread_ref_match("y", "x*", &ref), 0);	/* empty */
}

static void
test_strip_ref(void **state)
{
	static const struct {
		const char *subject, *pattern, *out;
	} cases[] = {
		{ "[AUSCERT #1] Phishing", "\\[(AUSCERT #[0-9]+)\\]", "Phishing" },
		{ "Phishing [AUSCERT #1] now", "AUSCERT #[0-9]+", "Phishing now" },
		{ "ESB-2022.1 - Router", "ESB-[0-9.]+", "ESB-2022.1 - Router" },
		{ "no ref", "AUSCERT #[0-9]+", "no ref" },
		{ "[AUSCERT #1", "AUSCERT #[0-9]+", "[AUSCERT #1" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = thread_subject_strip_ref(cases[i].subject, cases[i].pattern);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tag_find),
		cmocka_unit_test(test_subject_clean),
		cmocka_unit_test(test_ref_match),
		cmocka_unit_test(test_strip_ref),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
