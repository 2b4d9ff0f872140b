/* libFuzzer: the INI line scanner and the value parsers on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_scan.h"
#include "config/config_value.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct config_scan sc;
	char *s = malloc(size + 1), why[300], out[80], hex[65];
	bool b;
	int64_t v;
	uint16_t ids[8], id;
	int n;

	if (!null)
		null = fopen("/dev/null", "w");
	memcpy(s, data, size);
	s[size] = '\0';
	config_scan(&sc, s, size, "fuzz.ini", null);
	config_scan_free(&sc);
	config_value_bool(s, &b, why, sizeof why);
	config_value_int(s, 0, 1024, &v, why, sizeof why);
	config_value_hex16(s, &id, why, sizeof why);
	config_value_hex16_list(s, ids, 8, &n, why, sizeof why);
	config_value_ms(s, 100, 86400000, &v, why, sizeof why);
	config_value_usb_path(s, out, sizeof out, why, sizeof why);
	config_value_name(s, true, why, sizeof why);
	config_value_label(s, why, sizeof why);
	config_value_sha256(s, hex, why, sizeof why);
	free(s);
	return 0;
}
