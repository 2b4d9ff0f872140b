/* Fuzzes the answer parsers of the upload and identification: +QFUPL, +QFLDS, +QFLST, ATI, QGMR,
 * CGSN, QURCCFG. One NUL-terminated line per input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/at_ident_parse.h"
#include "station/at/at_qfupl.h"
#include "station/at/at_ufs_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char lines[1][1024];
	char name[AT_UFS_NAME_MAX], a[AT_IDENT_FIELD], b[AT_IDENT_FIELD], imei[16], err[128];
	uint64_t x, y;
	uint16_t sum;
	bool complete;

	if (size >= sizeof lines[0])
		return 0;
	memcpy(lines[0], data, size);
	lines[0][size] = '\0';
	at_qfupl_parse(lines[0], &x, &sum);
	at_ufs_parse_qflds(lines[0], &x, &y);
	if (at_ufs_parse_qflst(lines[0], name, &x) == 0 && strlen(name) >= AT_UFS_NAME_MAX)
		__builtin_trap();
	at_ident_parse_ati(lines, 1, a, b, err, sizeof err);
	at_ident_parse_qgmr(lines, 1, a, &complete, err, sizeof err);
	if (at_ident_parse_cgsn(lines, 1, imei, err, sizeof err) == 0 && strlen(imei) != 15)
		__builtin_trap();
	at_ident_parse_urcport(lines[0], a, err, sizeof err);
	return 0;
}
