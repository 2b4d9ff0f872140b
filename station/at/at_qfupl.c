#include "station/at/at_qfupl.h"

#include <string.h>

#include "station/at/at_iter.h"
#include "station/at/at_ufs_parse.h"

static int at_qfupl_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The checksum field: hex, any case, with or without a 0x and leading zeros, at most 16 bits. */
static int at_qfupl_checksum(const char *s, uint16_t *checksum)
{
	unsigned v = 0;
	int digits = 0, d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s == '0' && s[1])
		s++;  /* leading zeros carry nothing */
	for (; *s; s++) {
		if ((d = at_qfupl_hex(*s)) < 0 || ++digits > 4)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	if (!digits)
		return -1;
	*checksum = (uint16_t)v;
	return 0;
}

int at_qfupl_parse(const char *line, uint64_t *size, uint16_t *checksum)
{
	struct at_iter it;
	char hex[AT_QFUPL_HEX_MAX + 1];
	uint64_t n;
	uint16_t sum;

	if (!at_iter_begin(&it, line, strlen(line), "+QFUPL:") ||
	    !at_iter_next_number(&it, 0, AT_UFS_SIZE_MAX, &n) || !at_iter_next_unquoted(&it, hex, sizeof hex) ||
	    !at_iter_end(&it) || at_qfupl_checksum(hex, &sum) < 0)
		return -1;
	*size = n;
	*checksum = sum;
	return 0;
}
