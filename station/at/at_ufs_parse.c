#include "station/at/at_ufs_parse.h"

#include <string.h>

int at_ufs_parse_number(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t n = 0;
	int digits = 0;

	while (*p >= '0' && *p <= '9') {
		if (++digits > 12)
			return -1;
		n = n * 10 + (uint64_t)(*p++ - '0');
	}
	if (!digits)
		return -1;
	*s = p;
	*v = n;
	return 0;
}

static const char *at_ufs_head(const char *line, const char *head)
{
	size_t n = strlen(head);
	if (strncmp(line, head, n) != 0)
		return NULL;
	line += n;
	while (*line == ' ')
		line++;
	return line;
}

int at_ufs_parse_qflds(const char *line, uint64_t *free_bytes, uint64_t *total_bytes)
{
	const char *s = at_ufs_head(line, "+QFLDS:");
	uint64_t f, t;

	if (!s || at_ufs_parse_number(&s, &f) < 0 || *s++ != ',' || at_ufs_parse_number(&s, &t) < 0 || *s ||
	    f > t)
		return -1;
	*free_bytes = f;
	*total_bytes = t;
	return 0;
}

int at_ufs_parse_qflst(const char *line, char *name, uint64_t *size)
{
	const char *s = at_ufs_head(line, "+QFLST:"), *q;
	size_t n;

	if (!s || *s++ != '"')
		return -1;
	q = strchr(s, '"');
	if (!q)
		return -1;
	n = (size_t)(q - s);
	if (n == 0 || n >= AT_UFS_NAME_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return -1;
	s = q + 1;
	if (*s++ != ',' || at_ufs_parse_number(&s, size) < 0 || *s)
		return -1;
	memcpy(name, q - n, n);
	name[n] = '\0';
	return 0;
}
