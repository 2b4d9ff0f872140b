/* XOR-16 checksum: odd and even lengths, split updates agree with one pass. */
#include "station/base/xor16.h"
#include "station/base/sha256.h"
#include "tests/unit/check.h"

static void t_table(void)
{
	static const struct { const char *in; size_t len; uint16_t want; } rows[] = {
		{ "", 0, 0x0000 },
		{ "\x12", 1, 0x1200 },
		{ "\x12\x34", 2, 0x1234 },
		{ "\x12\x34\x56", 3, 0x4434 },
		{ "\x12\x34\x12\x34", 4, 0x0000 },
		{ "\xff\xff\x00\x01\x80", 5, 0x7ffe },
		{ "ABCD", 4, 0x0206 },
		{ "\xff\xff\xff", 3, 0x00ff },          /* odd: the last byte is a high byte */
		{ "\xff\xff\xff\xff", 4, 0x0000 },
		{ "\0\0\0\0\0\0\0", 7, 0x0000 },
		{ "Quectel", 7, 0x2c73 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_table[%zu]", i);
		CHECK_INT(xor16((const uint8_t *)rows[i].in, rows[i].len), rows[i].want);
	}
}

static void t_split_updates(void)
{
	uint8_t buf[1001];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	uint16_t whole = xor16(buf, sizeof buf);
	for (size_t cut = 0; cut <= sizeof buf; cut += 7) {
		check_case("t_split_updates[%zu]", cut);
		uint16_t s = xor16_update(0, 0, buf, cut);
		s = xor16_update(s, cut, buf + cut, sizeof buf - cut);
		CHECK_INT(s, whole);
	}
}

/* 3 x 0..255 then one byte: each 0..255 run folds to 0x0000, leaving the odd 0x7f as a high byte. */
static void t_long_odd(void)
{
	uint8_t buf[769];
	for (size_t i = 0; i < 768; i++)
		buf[i] = (uint8_t)i;
	buf[768] = 0x7f;
	CHECK_INT(xor16(buf, sizeof buf), 0x7f00);
	CHECK_INT(xor16(buf, 768), 0x0000);
	/* After an odd number of bytes the next byte is a low byte. */
	CHECK_INT(xor16_update(0, 1, (const uint8_t *)"\x12", 1), 0x0012);
	CHECK_INT(xor16_update(0, 2, (const uint8_t *)"\x12", 1), 0x1200);
}

/* The word-at-a-time path against the byte-pair definition, at every start parity and length. */
static uint16_t slow_xor16(uint16_t sum, uint64_t offset, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		sum ^= (uint16_t)((offset + i) % 2 ? data[i] : data[i] << 8);
	return sum;
}

static void t_words(void)
{
	uint8_t buf[300];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	for (size_t start = 0; start < 9; start++)
		for (size_t len = 0; start + len <= sizeof buf; len += len < 40 ? 1 : 13) {
			check_case("t_words[%zu,%zu]", start, len);
			CHECK_INT(xor16_update(0x5a3c, start, buf + start, len), slow_xor16(0x5a3c, start, buf + start, len));
			CHECK_INT(xor16_update(0, start + 1, buf + start, len), slow_xor16(0, start + 1, buf + start, len));
		}
}

static void t_sha256(void)
{
	char hex[SHA256_HEX_LEN];
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	RUN(t_table);
	RUN(t_split_updates);
	RUN(t_long_odd);
	RUN(t_words);
	RUN(t_sha256);
	return check_done();
}
