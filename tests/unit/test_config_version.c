/* Version order and file-name direction: {input, expected} tables with malformed input. */
#include "config/config_path.h"
#include "config/config_version.h"

#include <stdlib.h>
#include "tests/unit/check.h"

static void t_cmp(void)
{
	static const struct { const char *a, *b; int want; } rows[] = {
		{ "RM500QGLABR11A04M4G", "RM500QGLABR11A06M4G", -1 },
		{ "RM500QGLABR11A06M4G", "RM500QGLABR11A04M4G", 1 },
		{ "RM500QGLABR11A06M4G", "RM500QGLABR11A06M4G", 0 },
		{ "RM500QGLABR10A02M4G", "RM500QGLABR11A01M4G", -1 },
		{ "RM500QGLABR11A09M4G", "RM500QGLABR11A10M4G", -1 },
		{ "RM500QGLABR11A06M4G", "RM500QGLABR11A06M4G_01.001.01.001", -1 },
		{ "RM500QGLABR11A06M4G_01.002.01.001", "RM500QGLABR11A06M4G_01.001.01.001", 1 },
		{ "RM500QGLABR11A06M4G_01.001.01.010", "RM500QGLABR11A06M4G_01.001.01.9", 1 },
		{ "A007", "A7", 1 },  /* the same number written longer: never older */
		{ "RM500QGLABR11A06M4G", "RM520NGLAAR03A04M4G", -1 },  /* 500 < 520: still ordered */
		{ "RM500QGLABR11A06M4G", "RM500QGLAAR11A06M4G", 2 },  /* a letter: another variant */
		{ "", "A1", -1 }, { "A1", "", 1 }, { "", "", 0 },
		{ "A5", "AB", 2 }, { "99999999999999999999999", "1", 1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_cmp[%zu] %s %s", i, rows[i].a, rows[i].b);
		int got = config_version_cmp(rows[i].a, rows[i].b);
		CHECK_INT(got, rows[i].want);
	}
}

static void t_name(void)
{
	static const struct { const char *name; int want; } rows[] = {
		{ "A04-to-A06.zip", 0 }, { "A06-to-A04.zip", 1 }, { "A06_A04.zip", 1 },
		{ "RM500QGLABR11A04M4G-RM500QGLABR11A06M4G.zip", 0 },
		{ "RM500QGLABR11A06M4G-RM500QGLABR11A04M4G.zip", 1 },
		{ "delta.zip", 0 }, { "A06.zip", 0 }, { "A04.zip", 0 }, { "", 0 }, { "---", 0 },
		{ "M4G-A06-x-A04", 1 }, { "a06-to-a04.zip", 0 },  /* case matters, as in the versions */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char why[200] = "";
		check_case("t_name[%zu] %s", i, rows[i].name);
		CHECK_INT(config_version_name_reversed(rows[i].name, "RM500QGLABR11A04M4G",
						       "RM500QGLABR11A06M4G", why, sizeof why), rows[i].want);
		if (rows[i].want)
			CHECK(strstr(why, "A06") != NULL && strstr(why, "A04") != NULL);
	}
}

static void t_path(void)
{
	static const struct { const char *in, *cwd, *want; } rows[] = {
		{ "records", "/w/src", "/w/src/records" },
		{ "config/examples/records", "/w", "/w/config/examples/records" },
		{ "config/examples/../records", "/w", "/w/config/records" },
		{ "./a/./b/", "/w", "/w/a/b" }, { "/abs//x/./y", "/w", "/abs/x/y" },
		{ "../../../..", "/w/a", "/" }, { "", "/w", "/w" }, { "/", "/w", "/" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_path[%zu] %s", i, rows[i].in);
		char *got = config_path_shown(rows[i].in, rows[i].cwd);
		CHECK_STR(got, rows[i].want);
		free(got);
	}
}

int main(void)
{
	RUN(t_path);
	RUN(t_cmp);
	RUN(t_name);
	return check_done();
}
