#include "station/at/at_qfupl.h"

#include <string.h>

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

int at_qfupl_parse(const char *line, uint64_t *size, uint16_t *checksum)
{
	static const char head[] = "+QFUPL:";
	const char *s = line;
	unsigned v = 0;
	int digits = 0, d;

	if (strncmp(s, head, sizeof head - 1) != 0)
		return -1;
	s += sizeof head - 1;
	while (*s == ' ')
		s++;
	if (at_ufs_parse_number(&s, size) < 0)
		return -1;
	if (*s++ != ',')
		return -1;
	while (*s == ' ')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s == '0' && at_qfupl_hex(s[1]) >= 0)
		s++;  /* leading zeros carry nothing */
	while ((d = at_qfupl_hex(*s)) >= 0) {
		if (++digits > 4)
			return -1;
		v = v << 4 | (unsigned)d;
		s++;
	}
	while (*s == ' ')
		s++;
	if (!digits || *s)
		return -1;
	*checksum = (uint16_t)v;
	return 0;
}
