/* USB paths: formatting from bus + port numbers, parsing, numeric ordering; EDL detection. */
#include <stdlib.h>

#include "station/usb/usb_desc.h"
#include "station/usb/usb_path.h"
#include "tests/unit/check.h"

static void t_format(void)
{
	static const struct { uint8_t bus; uint8_t ports[8]; int n; size_t size; int rc; const char *want; } rows[] = {
		{ 1, { 1, 4, 2 }, 3, 32, 0, "1-1.4.2" },
		{ 1, { 1 }, 1, 32, 0, "1-1" },
		{ 3, { 10, 255 }, 2, 32, 0, "3-10.255" },
		{ 255, { 255, 255, 255, 255, 255, 255, 255 }, 7, 32, 0, "255-255.255.255.255.255.255.255" },
		{ 1, { 1, 2, 3, 4, 5, 6, 7, 8 }, 8, 32, -1, "" },   /* deeper than USB allows */
		{ 1, { 0 }, 0, 32, -1, "" },                        /* a root hub has no port */
		{ 1, { 1, 4, 2 }, 3, 7, -1, "" },                   /* "1-1.4.2" needs 8 bytes */
		{ 1, { 1, 4, 2 }, 3, 8, 0, "1-1.4.2" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char buf[32] = "x";
		check_case("t_format[%zu]", i);
		CHECK_INT(usb_path_format(rows[i].bus, rows[i].ports, rows[i].n, buf, rows[i].size), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_STR(buf, rows[i].want);
	}
}

static void t_parse(void)
{
	static const struct { const char *in; int n; uint8_t bus; uint8_t ports[7]; } rows[] = {
		{ "1-1.4.2", 3, 1, { 1, 4, 2 } },
		{ "2-10", 1, 2, { 10 } },
		{ "1-1.2.3.4.5.6.7", 7, 1, { 1, 2, 3, 4, 5, 6, 7 } },
		{ "1-1.2.3.4.5.6.7.8", -1, 0, { 0 } },
		{ "1-1.", -1, 0, { 0 } },
		{ "1-", -1, 0, { 0 } },
		{ "1", -1, 0, { 0 } },
		{ "-1", -1, 0, { 0 } },
		{ "1-01", -1, 0, { 0 } },
		{ "1-0", -1, 0, { 0 } },
		{ "1-256", -1, 0, { 0 } },
		{ "1-1.4.2:1.2", -1, 0, { 0 } },
		{ "usb:1-1", -1, 0, { 0 } },
		{ "", -1, 0, { 0 } },
		{ "1-1 ", -1, 0, { 0 } },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint8_t bus = 0, ports[USB_PATH_MAX_PORTS] = { 0 };
		check_case("t_parse[%zu] %s", i, rows[i].in);
		int n = usb_path_parse(rows[i].in, &bus, ports);
		CHECK_INT(n, rows[i].n);
		if (n > 0) {
			CHECK_INT(bus, rows[i].bus);
			for (int k = 0; k < n; k++)
				CHECK_INT(ports[k], rows[i].ports[k]);
		}
	}
}

static int sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

static void t_cmp(void)
{
	static const struct { const char *a, *b; int want; } rows[] = {
		{ "1-1.9", "1-1.10", -1 },
		{ "1-1.10", "1-1.9", 1 },
		{ "1-1.2", "1-1.2", 0 },
		{ "1-1", "1-1.1", -1 },
		{ "1-2", "1-1.8", 1 },
		{ "2-1", "1-9.9.9", 1 },
		{ "10-1", "9-1", 1 },
		{ "1-1.4.2", "1-1.4.10", -1 },
		{ "junk", "1-1", 1 },
		{ "1-1", "junk", -1 },
		{ "a", "b", -1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_cmp[%zu] %s %s", i, rows[i].a, rows[i].b);
		CHECK_INT(sign(usb_path_cmp(rows[i].a, rows[i].b)), rows[i].want);
	}
}

static int qcmp(const void *a, const void *b)
{
	return usb_path_cmp(*(const char *const *)a, *(const char *const *)b);
}

static void t_sort(void)
{
	const char *in[] = { "1-1.10", "2-1", "1-1.2", "1-1.1.3", "1-1.9", "1-1.1" };
	const char *want[] = { "1-1.1", "1-1.1.3", "1-1.2", "1-1.9", "1-1.10", "2-1" };
	qsort(in, 6, sizeof in[0], qcmp);
	for (int i = 0; i < 6; i++)
		CHECK_STR(in[i], want[i]);
}

static void t_edl(void)
{
	static const struct { struct usb_desc d; bool edl; } rows[] = {
		{ { 1, 1, { { 0, 0xff, 0xff, 0x10 } } }, true },
		{ { 1, 1, { { 0, 0xff, 0xff, 0x30 } } }, false },            /* DM-like, not download */
		{ { 1, 1, { { 0, 0xff, 0x00, 0x10 } } }, false },
		{ { 1, 1, { { 0, 0x02, 0xff, 0x10 } } }, false },
		{ { 1, 2, { { 0, 0xff, 0xff, 0x10 }, { 1, 0xff, 0xff, 0x10 } } }, false },
		{ { 1, 5, { { 0, 0xff, 0xff, 0x30 }, { 1, 0xff, 0x00, 0x00 }, { 2, 0xff, 0x00, 0x00 },
			    { 3, 0xff, 0x00, 0x00 }, { 4, 0xff, 0xff, 0xff } } }, false },  /* working module */
		{ { 1, 0, { { 0 } } }, false },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_edl[%zu]", i);
		CHECK_INT(usb_desc_is_edl(&rows[i].d), rows[i].edl);
	}
	struct usb_desc m = { 1, 5, { { 0, 0xff, 0xff, 0x30 }, { 1, 0xff, 0, 0 }, { 2, 0xff, 0, 0 }, { 3, 0xff, 0, 0 }, { 4, 0xff, 0xff, 0xff } } };
	check_case("t_edl has_iface");
	CHECK(usb_desc_has_iface(&m, 2));
	CHECK(!usb_desc_has_iface(&m, 5));
}

int main(void)
{
	RUN(t_format);
	RUN(t_parse);
	RUN(t_cmp);
	RUN(t_sort);
	RUN(t_edl);
	return check_done();
}
