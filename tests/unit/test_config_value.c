/* INI value parsers: {input, expected} tables with malformed input. */
#include "config/config_value.h"
#include "tests/unit/check.h"

static void t_bool(void)
{
	static const struct { const char *in; int rc; int want; } rows[] = {
		{ "yes", 0, 1 }, { "No", 0, 0 }, { "TRUE", 0, 1 }, { "off", 0, 0 }, { "1", 0, 1 },
		{ "0", 0, 0 }, { "yolo", -1, 0 }, { "y", -1, 0 }, { "", -1, 0 }, { "2", -1, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bool v = false;
		char why[200] = "";
		check_case("t_bool[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_bool(rows[i].in, &v, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_INT(v, rows[i].want);
		else
			CHECK(strstr(why, "expected yes or no") != NULL);
	}
}

static void t_int(void)
{
	static const struct { const char *in; int rc; long long want; const char *why; } rows[] = {
		{ "0", 0, 0, NULL }, { "15", 0, 15, NULL }, { "2", 0, 2, NULL },
		{ "010", -1, 0, "leading zero" }, { "12abc", -1, 0, "decimal" },
		{ "0x", -1, 0, "decimal" }, { "0x10", -1, 0, "decimal" }, { "", -1, 0, "decimal" },
		{ "-1", -1, 0, "from 0 to 15" }, { "16", -1, 0, "from 0 to 15" },
		{ " 3", -1, 0, "decimal" }, { "1e3", -1, 0, "decimal" },
		{ "99999999999999999999", -1, 0, "decimal" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t v = -7;
		char why[200] = "";
		check_case("t_int[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_int(rows[i].in, 0, 15, &v, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_INT(v, rows[i].want);
		else
			CHECK(strstr(why, rows[i].why) != NULL);
	}
}

static void t_hex16(void)
{
	static const struct { const char *in; int rc; unsigned want; } rows[] = {
		{ "0x2c7c", 0, 0x2c7c }, { "0X2C7C", 0, 0x2c7c }, { "2c7c", 0, 0x2c7c }, { "0x1", 0, 1 },
		{ "0x", -1, 0 }, { "0x12345", -1, 0 }, { "0x2g", -1, 0 }, { "", -1, 0 }, { "-1", -1, 0 },
		{ "0x2c7c ", -1, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint16_t v = 0;
		char why[200] = "";
		check_case("t_hex16[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_hex16(rows[i].in, &v, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_INT(v, rows[i].want);
		else
			CHECK(strstr(why, "expected a 16-bit hex number") != NULL);
	}
}

static void t_hex16_list(void)
{
	static const struct { const char *in; int rc; int count; unsigned last; } rows[] = {
		{ "0x0800, 0x0801", 0, 2, 0x0801 }, { "0x0800", 0, 1, 0x0800 },
		{ " 0x0800 ,0x0900 , 0x0a00", 0, 3, 0x0a00 },
		{ "0x0800,,0x0801", -1, 0, 0 }, { "0x0800,", -1, 0, 0 }, { ",", -1, 0, 0 },
		{ "0x0800, 0x0800", -1, 0, 0 }, { "0x0800 0x0801", -1, 0, 0 },
		{ "1,2,3,4,5,6,7,8,9", -1, 0, 0 }, { "1,2,3,4,5,6,7,8", 0, 8, 8 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint16_t v[8];
		int n = -1;
		char why[200] = "";
		check_case("t_hex16_list[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_hex16_list(rows[i].in, v, 8, &n, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_INT(n, rows[i].count);
			CHECK_INT(v[n - 1], rows[i].last);
		} else {
			CHECK(strncmp(why, "found", 5) == 0 && strstr(why, "expected") != NULL);
		}
	}
}

static void t_ms(void)
{
	static const struct { const char *in; int rc; long long want; } rows[] = {
		{ "5", 0, 5000 }, { "0.5", 0, 500 }, { "600", 0, 600000 }, { "0.125", 0, 125 },
		{ "2.25", 0, 2250 }, { "0.1", 0, 100 },
		{ "0.05", -1, 0 },   /* below the 0.1 s minimum */
		{ "0.0001", -1, 0 }, { "5.", -1, 0 }, { ".5", -1, 0 }, { "05", -1, 0 },
		{ "5s", -1, 0 }, { "", -1, 0 }, { "-1", -1, 0 }, { "601", -1, 0 }, { "1,5", -1, 0 },
		{ "12345678901234", -1, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t v = 0;
		char why[200] = "";
		check_case("t_ms[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_ms(rows[i].in, 100, 600000, &v, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_INT(v, rows[i].want);
		else
			CHECK(strstr(why, "expected") != NULL);
	}
}

static void t_usb_path(void)
{
	static const struct { const char *in; int rc; const char *want; } rows[] = {
		{ "usb:1-1", 0, "1-1" }, { "usb:1-1.4.2", 0, "1-1.4.2" },
		{ "usb:255-1.2.3.4.5.6.7", 0, "255-1.2.3.4.5.6.7" },
		{ "usb:1-1.2.3.4.5.6.7.8", -1, NULL }, { "1-1.4", -1, NULL }, { "usb:", -1, NULL },
		{ "usb:1", -1, NULL }, { "usb:1-", -1, NULL }, { "usb:1-0", -1, NULL },
		{ "usb:1-256", -1, NULL }, { "usb:0-1", -1, NULL }, { "usb:1-01", -1, NULL },
		{ "usb:1.1-2", -1, NULL }, { "usb:1-1..2", -1, NULL }, { "usb:1-1.2 ", -1, NULL },
		{ "usb:1-1-2", -1, NULL }, { "USB:1-1", -1, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[64] = "", why[200] = "";
		check_case("t_usb_path[%zu] %s", i, rows[i].in);
		CHECK_INT(config_value_usb_path(rows[i].in, out, sizeof out, why, sizeof why), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_STR(out, rows[i].want);
		else
			CHECK(strstr(why, "expected") != NULL && strstr(why, rows[i].in) != NULL);
	}
}

static void t_name(void)
{
	char long81[82];
	memset(long81, 'a', 81);
	long81[81] = '\0';
	const struct { const char *in; bool no_slash; int rc; const char *why; } rows[] = {
		{ "A04-to-A06.zip", true, 0, NULL }, { "L3 ST07", true, 0, NULL },
		{ long81 + 1, true, 0, NULL }, { long81, true, -1, "at most 80" },
		{ "a\"b", true, -1, "quote" }, { "a'b", true, -1, "quote" },
		{ "a\tb", true, -1, "control" }, { "a\x7f", true, -1, "control" },
		{ "", true, -1, "empty" }, { "a/b", true, -1, "path separators" },
		{ "a/b", false, 0, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why[200] = "";
		check_case("t_name[%zu]", i);
		CHECK_INT(config_value_name(rows[i].in, rows[i].no_slash, why, sizeof why), rows[i].rc);
		if (rows[i].rc < 0)
			CHECK(strstr(why, rows[i].why) != NULL);
	}
}

static void t_label_sha(void)
{
	static const struct { const char *in; int rc; } labels[] = {
		{ "01", 0 }, { "A-1_b", 0 }, { "0123456789abcdef", 0 }, { "0123456789abcdefg", -1 },
		{ "", -1 }, { "a b", -1 }, { "a.b", -1 }, { "a/b", -1 },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		char why[200];
		check_case("t_label_sha[label %zu]", i);
		CHECK_INT(config_value_label(labels[i].in, why, sizeof why), labels[i].rc);
	}
	char out[65], why[200];
	const char *good = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
	check_case("t_label_sha[sha]");
	CHECK_INT(config_value_sha256(good, out, why, sizeof why), 0);
	CHECK_STR(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(config_value_sha256("ba78", out, why, sizeof why), -1);
	CHECK(strstr(why, "64 hex digits") != NULL);
	CHECK_INT(config_value_sha256("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
				      out, why, sizeof why), -1);
}

int main(void)
{
	RUN(t_bool);
	RUN(t_int);
	RUN(t_hex16);
	RUN(t_hex16_list);
	RUN(t_ms);
	RUN(t_usb_path);
	RUN(t_name);
	RUN(t_label_sha);
	return check_done();
}
