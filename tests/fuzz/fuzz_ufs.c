/* Fuzzes the UFS answer parsers (+QFLDS, +QFLST) on one line: what they return must hold their
 * promises, and an answer written back from it must parse to the same values. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "station/at/at_ufs_parse.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[1024];
	char name[AT_UFS_NAME_MAX], name2[AT_UFS_NAME_MAX], again[256];
	uint64_t f, t, f2, t2, s, s2;

	if (size >= sizeof line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (at_ufs_parse_qflds(line, &f, &t) == 0) {
		MUST(f <= t && t <= AT_UFS_SIZE_MAX);
		snprintf(again, sizeof again, "+QFLDS: %" PRIu64 ",%" PRIu64, f, t);
		MUST(at_ufs_parse_qflds(again, &f2, &t2) == 0 && f2 == f && t2 == t);
	}
	if (at_ufs_parse_qflst(line, name, &s) == 0) {
		size_t n = strlen(name);
		MUST(n > 0 && n < AT_UFS_NAME_MAX && strchr(name, '"') == NULL && s <= AT_UFS_SIZE_MAX);
		for (size_t i = 0; i < n; i++)
			MUST((unsigned char)name[i] >= 0x20 && name[i] != 0x7f);
		snprintf(again, sizeof again, "+QFLST: \"%s\",%" PRIu64, name, s);
		MUST(at_ufs_parse_qflst(again, name2, &s2) == 0 && strcmp(name, name2) == 0 && s2 == s);
	}
	return 0;
}
