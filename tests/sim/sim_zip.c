/* A tiny zip archive writer and reader for stored (uncompressed) entries, and the two
 * checksums the fixture needs: CRC-32 for zip entries, XOR-16 for AT+QFUPL (PROTOCOL.md). */
#include "tests/sim/sim.h"

#include <stdlib.h>
#include <string.h>

/* A table per byte: a 64 MiB benchmark package is checked in a fraction of a second, not several
 * seconds bit by bit. The fixture is one thread, so the table is filled on first use unlocked. */
uint32_t sim_crc32(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c = 0xffffffffu;

	if (!ready) {
		for (uint32_t b = 0; b < 256; b++) {
			uint32_t x = b;
			for (int k = 0; k < 8; k++)
				x = (x >> 1) ^ (0xedb88320u & (0u - (x & 1)));
			table[b] = x;
		}
		ready = 1;
	}
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xffu] ^ (c >> 8);
	return ~c;
}

/* Big-endian 16-bit words; an odd last byte is a high byte. Written apart from the
 * station's own xor16.c on purpose, so one checks the other. */
uint16_t sim_xor16(const uint8_t *p, size_t n)
{
	uint16_t x = 0;
	for (size_t i = 0; i < n; i++)
		x ^= (uint16_t)((i & 1) ? p[i] : p[i] << 8);
	return x;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static unsigned get16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

uint8_t *sim_zip_write(const struct sim_zip_entry *e, int n, size_t *out_len)
{
	size_t total = 22;
	for (int i = 0; i < n; i++)
		total += 30 + 46 + 2 * strlen(e[i].name) + e[i].len;
	uint8_t *z = calloc(1, total), *p = z;
	uint32_t *offs = calloc(n ? n : 1, sizeof *offs), *crc = calloc(n ? n : 1, sizeof *crc);
	if (!z || !offs || !crc)
		abort();
	for (int i = 0; i < n; i++)
		crc[i] = sim_crc32(e[i].data, e[i].len);
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(e[i].name);
		offs[i] = (uint32_t)(p - z);
		put32(p, 0x04034b50);
		put16(p + 4, 10);
		put16(p + 10, 0x6000);          /* 12:00:00 */
		put16(p + 12, 0x5b79);          /* 2025-11-25 */
		put32(p + 14, crc[i]);
		put32(p + 18, (uint32_t)e[i].len);
		put32(p + 22, (uint32_t)e[i].len);
		put16(p + 26, (unsigned)nl);
		memcpy(p + 30, e[i].name, nl);
		memcpy(p + 30 + nl, e[i].data, e[i].len);
		p += 30 + nl + e[i].len;
	}
	uint8_t *cd = p;
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(e[i].name);
		put32(p, 0x02014b50);
		put16(p + 4, 20);
		put16(p + 6, 10);
		put16(p + 12, 0x6000);
		put16(p + 14, 0x5b79);
		put32(p + 16, crc[i]);
		put32(p + 20, (uint32_t)e[i].len);
		put32(p + 24, (uint32_t)e[i].len);
		put16(p + 28, (unsigned)nl);
		put32(p + 42, offs[i]);
		memcpy(p + 46, e[i].name, nl);
		p += 46 + nl;
	}
	put32(p, 0x06054b50);
	put16(p + 8, n);
	put16(p + 10, n);
	put32(p + 12, (uint32_t)(p - cd));
	put32(p + 16, (uint32_t)(cd - z));
	p += 22;
	free(offs);
	free(crc);
	*out_len = (size_t)(p - z);
	return z;
}

int sim_zip_find(const uint8_t *zip, size_t len, const char *name, const uint8_t **data,
		 size_t *dlen)
{
	size_t nl = strlen(name);
	if (len < 22)
		return -1;
	size_t eocd = len - 22;
	while (get32(zip + eocd) != 0x06054b50) {
		if (eocd == 0 || len - eocd > 22 + 65535)
			return -1;
		eocd--;
	}
	unsigned count = get16(zip + eocd + 10);
	size_t off = get32(zip + eocd + 16);
	for (unsigned i = 0; i < count; i++) {
		if (off + 46 > eocd || get32(zip + off) != 0x02014b50)
			return -1;
		size_t fnl = get16(zip + off + 28), xl = get16(zip + off + 30),
		       cl = get16(zip + off + 32);
		if (off + 46 + fnl > eocd)
			return -1;
		if (fnl == nl && memcmp(zip + off + 46, name, nl) == 0) {
			uint32_t crc = get32(zip + off + 16), size = get32(zip + off + 20);
			size_t lh = get32(zip + off + 42);
			if (get16(zip + off + 10) != 0 || lh + 30 > len ||
			    get32(zip + lh) != 0x04034b50)
				return -1;
			size_t start = lh + 30 + get16(zip + lh + 26) + get16(zip + lh + 28);
			if (start > len || size > len - start)
				return -1;
			if (sim_crc32(zip + start, size) != crc)
				return -1;
			*data = zip + start;
			*dlen = size;
			return 0;
		}
		off += 46 + fnl + xl + cl;
	}
	return -1;
}
