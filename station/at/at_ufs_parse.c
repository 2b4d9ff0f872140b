#include "station/at/at_ufs_parse.h"

#include <string.h>

#include "station/at/at_iter.h"

int at_ufs_parse_qflds(const char *line, uint64_t *free_bytes, uint64_t *total_bytes)
{
	struct at_iter it;
	uint64_t f, t;

	if (!at_iter_begin(&it, line, strlen(line), "+QFLDS:") ||
	    !at_iter_next_number(&it, 0, AT_UFS_SIZE_MAX, &f) ||
	    !at_iter_next_number(&it, 0, AT_UFS_SIZE_MAX, &t) || !at_iter_end(&it) || f > t)
		return -1;
	*free_bytes = f;
	*total_bytes = t;
	return 0;
}

int at_ufs_parse_qflst(const char *line, char *name, uint64_t *size)
{
	struct at_iter it;
	char n[AT_UFS_NAME_MAX];
	uint64_t s;

	/* The iterator refuses control bytes in the name; an empty name is no file. */
	if (!at_iter_begin(&it, line, strlen(line), "+QFLST:") || !at_iter_next_string(&it, n, sizeof n) ||
	    !at_iter_next_number(&it, 0, AT_UFS_SIZE_MAX, &s) || !at_iter_end(&it) || n[0] == '\0')
		return -1;
	memcpy(name, n, sizeof n);
	*size = s;
	return 0;
}
