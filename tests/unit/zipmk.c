#include "tests/unit/zipmk.h"

#include <string.h>

static uint8_t *put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); return p + 2; }
static uint8_t *put32(uint8_t *p, uint32_t v) { return put16(put16(p, v & 0xffff), v >> 16); }

size_t zipmk(uint8_t *out, size_t cap, const uint8_t *payload, size_t n, size_t comment_len)
{
	static const char name[] = "update.bin";
	size_t nl = sizeof name - 1;
	size_t need = 30 + nl + n + 46 + nl + 22 + comment_len;
	uint8_t *p = out;
	if (need > cap)
		return 0;
	/* local header: signature, version, flags, method 0 (stored), time, date, crc (0: not
	 * checked here), sizes, name length, extra length */
	p = put32(p, 0x04034b50); p = put16(p, 10); p = put16(p, 0); p = put16(p, 0);
	p = put16(p, 0); p = put16(p, 0); p = put32(p, 0); p = put32(p, (uint32_t)n); p = put32(p, (uint32_t)n);
	p = put16(p, (unsigned)nl); p = put16(p, 0);
	memcpy(p, name, nl); p += nl;
	memcpy(p, payload, n); p += n;
	uint32_t cd = (uint32_t)(p - out);
	p = put32(p, 0x02014b50); p = put16(p, 20); p = put16(p, 10); p = put16(p, 0); p = put16(p, 0);
	p = put16(p, 0); p = put16(p, 0); p = put32(p, 0); p = put32(p, (uint32_t)n); p = put32(p, (uint32_t)n);
	p = put16(p, (unsigned)nl); p = put16(p, 0); p = put16(p, 0); p = put16(p, 0); p = put16(p, 0);
	p = put32(p, 0); p = put32(p, 0);
	memcpy(p, name, nl); p += nl;
	uint32_t cd_size = (uint32_t)(p - out) - cd;
	p = put32(p, 0x06054b50); p = put16(p, 0); p = put16(p, 0); p = put16(p, 1); p = put16(p, 1);
	p = put32(p, cd_size); p = put32(p, cd); p = put16(p, (unsigned)comment_len);
	memset(p, 'c', comment_len); p += comment_len;
	return (size_t)(p - out);
}

size_t zipmk_overhead(void)
{
	return 30 + 10 + 46 + 10 + 22;
}
