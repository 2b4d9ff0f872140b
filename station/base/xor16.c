#include "station/base/xor16.h"

uint16_t xor16_update(uint16_t sum, uint64_t offset, const uint8_t *data, size_t len)
{
	size_t i = 0;
	if ((offset & 1) && len) {
		sum ^= data[0];
		i = 1;
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
