/* libFuzzer: the report's CSV reading and every output on arbitrary record files. */
#include <stdint.h>
#include <stdio.h>

#include "logs/report/report.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct report_filter f = { .since_ms = INT64_MIN, .until_ms = INT64_MAX };
	struct report_set set = { 0 };
	struct report_summary s;

	if (!null)
		null = fopen("/dev/null", "w");
	report_load_text(&set, "fuzz.csv", (const char *)data, size, &f, null);
	report_summarise(&set, &s);
	report_text(&s, &set, null);
	report_csv(&s, null);
	report_html(&s, &set, null);
	report_summary_free(&s);
	report_set_free(&set);
	return 0;
}
