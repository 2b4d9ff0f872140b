/* UTF-8 checks (what reaches the CSV) and the text report's escaping (what reaches a terminal). */
#include "logs/csv.h"
#include "logs/record_writer.h"
#include "logs/report/report.h"
#include "station/base/utf8.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static void t_seq_table(void)
{
	static const struct { const char *in; size_t want; } rows[] = {
		{ "a", 1 }, { "\x7f", 1 }, { "\xc3\xa9", 2 }, { "\xe2\x82\xac", 3 }, { "\xf0\x9f\x98\x80", 4 },
		{ "\x80", 0 },                 /* a stray continuation byte */
		{ "\xc3", 0 },                 /* cut */
		{ "\xc0\xaf", 0 },             /* overlong '/' */
		{ "\xe0\x80\xaf", 0 },         /* overlong, three bytes */
		{ "\xed\xa0\x80", 0 },         /* a surrogate */
		{ "\xf4\x90\x80\x80", 0 },     /* past U+10FFFF */
		{ "\xff", 0 }, { "\xc3\x28", 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_seq_table[%zu]", i);
		CHECK_INT(utf8_seq((const unsigned char *)rows[i].in, strlen(rows[i].in)), rows[i].want);
	}
}

static void t_clean_table(void)
{
	static const struct { const char *in, *want; bool valid; } rows[] = {
		{ "RM500Q-GL", "RM500Q-GL", true },
		{ "caf\xc3\xa9", "caf\xc3\xa9", true },
		{ "a\xff" "b", "a\xef\xbf\xbd" "b", false },
		{ "\xc3", "\xef\xbf\xbd", false },
		{ "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd", false },
		{ "", "", true },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_clean_table[%zu]", i);
		CHECK_INT(utf8_valid(rows[i].in), rows[i].valid);
		char *out = utf8_clean(rows[i].in);
		CHECK_STR(out, rows[i].want);
		CHECK(utf8_valid(out));
		free(out);
	}
}

/* A module that answers bytes that are not UTF-8: the record line is UTF-8 all the same. */
static void t_record_is_utf8(void)
{
	struct record r = { 0 };
	struct csv_buf b = { 0 };
	r.f[REC_MODEL] = "RM500Q\xff\xfe";
	r.f[REC_ERROR_TEXT] = "=cmd|' /C calc'!A0";
	r.f[REC_OPERATOR] = "\xc3\xa9milie";
	record_format(&r, &b);
	CHECK(utf8_valid(b.data));
	CHECK(strstr(b.data, "RM500Q\xef\xbf\xbd\xef\xbf\xbd") != NULL);
	CHECK(strstr(b.data, "\xc3\xa9milie") != NULL);
	CHECK(strstr(b.data, "\"'=cmd") != NULL);
	csv_buf_free(&b);
}

static void t_report_escape_table(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "plain line\n", "plain line\n" },
		{ "\x1b[2J\x1b]0;pwned\x07", "\\x1B[2J\\x1B]0;pwned\\x07" },
		{ "a\rb\tc\x7f", "a\\x0Db\\x09c\\x7F" },
		{ "\xc2\x9b" "31m", "\\u009B31m" },            /* C1 CSI */
		{ "\xc2\xa0ok \xc3\xa9", "\xc2\xa0ok \xc3\xa9" },
		{ "bad\xff", "bad\\xFF" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		check_case("t_report_escape_table[%zu]", i);
		report_text_escape(rows[i].in, strlen(rows[i].in), m);
		fclose(m);
		CHECK_STR(buf, rows[i].want);
		free(buf);
	}
}

int main(void)
{
	RUN(t_seq_table);
	RUN(t_clean_table);
	RUN(t_record_is_utf8);
	RUN(t_report_escape_table);
	return check_done();
}
