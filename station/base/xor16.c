#include "station/base/xor16.h"

#include <string.h>

uint16_t xor16_update(uint16_t sum, uint64_t offset, const uint8_t *data, size_t len)
{
	size_t i = 0;
	if ((offset & 1) && len) {
		sum ^= data[0];
		i = 1;
	}
	/* Eight bytes at a time (the checksum runs over every byte a slot uploads): XOR works byte by
	 * byte, so folding the XOR of the 64-bit words leaves the bytes at even distances from i
	 * (high bytes of the 16-bit words) in one byte lane and the odd ones in the other. */
	if (len - i >= 16) {
		uint64_t acc = 0, w;
		for (; i + 8 <= len; i += 8) {
			memcpy(&w, data + i, sizeof w);
			acc ^= w;
		}
		acc ^= acc >> 32;
		acc ^= acc >> 16;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		sum ^= (uint16_t)acc;
#else
		sum ^= (uint16_t)((acc & 0xff) << 8 | (acc >> 8 & 0xff));
#endif
	}
	for (; i + 1 < len; i += 2)
		sum ^= (uint16_t)(data[i] << 8 | data[i + 1]);
	if (i < len)
		sum ^= (uint16_t)(data[i] << 8);
	return sum;
}

uint16_t xor16(const uint8_t *data, size_t len)
{
	return xor16_update(0, 0, data, len);
}
