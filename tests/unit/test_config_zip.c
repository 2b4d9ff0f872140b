/* The package structure check: whole zips pass; foreign, cut, padded and damaged ones do not. */
#include "config/config_zip.h"
#include "tests/unit/check.h"
#include "tests/unit/zipmk.h"

#include <stdlib.h>

static uint8_t good[4096];
static size_t good_len;

enum cut { KEEP, TRUNC_END, TRUNC_HALF, PAD, FLIP_EOCD, FLIP_CDIR, FLIP_LOCAL, BAD_CD_OFF, NO_ENTRIES,
	   HUGE_COMMENT_LEN, BIG_ENTRY };

static void t_table(void)
{
	static const struct { enum cut how; size_t comment; int want; const char *why; } rows[] = {
		{ KEEP, 0, 1, NULL },
		{ KEEP, 100, 1, NULL },
		{ TRUNC_END, 0, -1, "no zip end record" },
		{ TRUNC_HALF, 0, -1, "no zip end record" },
		{ PAD, 0, -1, "no zip end record" },
		{ FLIP_EOCD, 0, -1, "no zip end record" },
		{ FLIP_CDIR, 0, -1, "damaged zip directory" },
		{ FLIP_LOCAL, 0, -1, "without its local header" },
		{ BAD_CD_OFF, 0, -1, "ending away from its end record" },
		{ NO_ENTRIES, 0, -1, "no entries" },
		{ HUGE_COMMENT_LEN, 0, -1, "no zip end record" },
		{ BIG_ENTRY, 0, -1, "running past the directory" },
	};
	uint8_t payload[300], buf[4096];
	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 13);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len = zipmk(buf, sizeof buf, payload, sizeof payload, rows[i].comment);
		size_t eocd = len - 22 - rows[i].comment, cd = eocd - 46 - 10;
		check_case("t_table[%zu]", i);
		switch (rows[i].how) {
		case KEEP: break;
		case TRUNC_END: len -= 1; break;
		case TRUNC_HALF: len /= 2; break;
		case PAD: buf[len++] = 0; break;
		case FLIP_EOCD: buf[eocd] ^= 1; break;
		case FLIP_CDIR: buf[cd] ^= 1; break;
		case FLIP_LOCAL: buf[0] ^= 1; break;
		case BAD_CD_OFF: buf[eocd + 16] ^= 4; break;
		case NO_ENTRIES: buf[eocd + 8] = buf[eocd + 10] = 0; break;
		case HUGE_COMMENT_LEN: buf[eocd + 20] = 0xff; break;
		case BIG_ENTRY: buf[cd + 20] = 0xff; buf[cd + 21] = 0xff; break;
		}
		char why[256] = "";
		int rc = config_zip_check(buf, len, why, sizeof why);
		CHECK_INT(rc, rows[i].want);
		if (rows[i].why)
			CHECK(strstr(why, rows[i].why) != NULL);
	}
	char why[256];
	check_case("t_table[tiny]");
	CHECK_INT(config_zip_check(good, 0, why, sizeof why), -1);
	CHECK_INT(config_zip_check((const uint8_t *)"PK\5\6", 4, why, sizeof why), -1);
}

/* Random bytes and every prefix of a good archive: never a crash, never accepted (but whole). */
static void t_prefixes_and_noise(void)
{
	char why[256];
	uint8_t payload[64] = { 0 }, noise[2048];
	good_len = zipmk(good, sizeof good, payload, sizeof payload, 0);
	int accepted = 0;
	for (size_t n = 0; n < good_len; n++)
		accepted += config_zip_check(good, n, why, sizeof why) >= 0;
	CHECK_INT(accepted, 0);
	CHECK_INT(config_zip_check(good, good_len, why, sizeof why), 1);
	srand(7);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof noise; i++)
			noise[i] = (uint8_t)rand();
		accepted += config_zip_check(noise, sizeof noise, why, sizeof why) >= 0;
	}
	CHECK_INT(accepted, 0);
}

int main(void)
{
	RUN(t_table);
	RUN(t_prefixes_and_noise);
	return check_done();
}
