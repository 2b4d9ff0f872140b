/* CSV: quoting, the formula guard, reading back, malformed records. */
#include "logs/csv.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static void t_write(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "=SUM(A1)", "\"'=SUM(A1)\"" },
		{ "+1", "\"'+1\"" },
		{ "-x", "\"'-x\"" },
		{ "@cmd", "\"'@cmd\"" },
		{ "\t=1+1", "\"'\t=1+1\"" },
		{ "\r=HYPERLINK(1)", "\"'\r=HYPERLINK(1)\"" },
		{ "a\tb", "a\tb" },
		{ "E-TIMEOUT", "E-TIMEOUT" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct csv_buf b = { 0 };
		check_case("t_write[%zu]", i);
		csv_field(&b, rows[i].in, 1);
		CHECK_STR(b.data ? b.data : "", rows[i].want);
		csv_buf_free(&b);
	}
}

static void t_roundtrip(void)
{
	const char *in[] = { "a", "", "x,y", "q\"q", "l1\r\nl2", "E-NO-PACKAGE" };
	struct csv_buf b = { 0 };
	char **f;
	int n;
	size_t used;
	for (int i = 0; i < 6; i++)
		csv_field(&b, in[i], i == 0);
	csv_end(&b);
	CHECK_INT(csv_read(b.data, b.len, &used, &f, &n), 1);
	CHECK_INT(used, b.len);
	CHECK_INT(n, 6);
	for (int i = 0; i < n && i < 6; i++)
		CHECK_STR(f[i], in[i]);
	csv_fields_free(f, n);
	csv_buf_free(&b);
}

/* What csv_field guards, csv_unguard takes back; nothing else loses its apostrophe. */
static void t_unguard(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "'=SUM(A1)", "=SUM(A1)" },
		{ "'+1", "+1" },
		{ "'-x", "-x" },
		{ "'@cmd", "@cmd" },
		{ "'\t=1+1", "\t=1+1" },
		{ "'\r=HYPERLINK(1)", "\r=HYPERLINK(1)" },
		{ "'plain", "'plain" },
		{ "'", "'" },
		{ "", "" },
		{ "=x", "=x" },
		{ "''=x", "''=x" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_unguard[%zu]", i);
		CHECK_STR(csv_unguard(rows[i].in), rows[i].want);
	}
	/* Every field the writer guards comes back whole through the reader and csv_unguard. */
	static const char *const guarded[] = { "=1", "+1", "-1", "@1", "\t=1", "\r=1" };
	for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
		struct csv_buf b = { 0 };
		char **f;
		int n;
		size_t used;
		check_case("t_unguard_roundtrip[%zu]", i);
		csv_field(&b, guarded[i], 1);
		csv_end(&b);
		CHECK_INT(csv_read(b.data, b.len, &used, &f, &n), 1);
		CHECK_INT(n, 1);
		if (n == 1)
			CHECK_STR(csv_unguard(f[0]), guarded[i]);
		csv_fields_free(f, n);
		csv_buf_free(&b);
	}
}

static void t_read_table(void)
{
	static const struct { const char *in; int rc; int n; const char *last; } rows[] = {
		{ "a,b,c\n", 1, 3, "c" },
		{ "a,b,c", 1, 3, "c" },
		{ "a,,\r\n", 1, 3, "" },
		{ "\"unterminated\nrest\n", -1, 0, NULL },
		{ "\"ok\"x,b\n", -1, 0, NULL },
		{ "a\"b,c\n", -1, 0, NULL },
		{ "", 0, 0, NULL },
		{ "\n", 1, 1, "" },
		{ "a,", 1, 2, "" },
		{ "x,\"a\"\"b\"\"\"\r\n", 1, 2, "a\"b\"" },
		{ "x,\"\"", 1, 2, "" },
		{ "\"a\"\"", -1, 0, NULL },
		{ "\"a\" ,b\n", -1, 0, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char **f;
		int n;
		size_t used;
		check_case("t_read_table[%zu]", i);
		int rc = csv_read(rows[i].in, strlen(rows[i].in), &used, &f, &n);
		CHECK_INT(rc, rows[i].rc);
		if (rc == 1) {
			CHECK_INT(n, rows[i].n);
			CHECK_STR(f[n - 1], rows[i].last);
		}
		if (rc == -1)
			CHECK(used > 0);
		csv_fields_free(f, n);
	}
}

int main(void)
{
	RUN(t_write);
	RUN(t_roundtrip);
	RUN(t_unguard);
	RUN(t_read_table);
	return check_done();
}
