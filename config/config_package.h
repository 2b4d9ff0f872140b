/* Reads a package file once to give what `station check` prints and compares: size, sha256 and
 * the XOR-16 checksum the module will report after AT+QFUPL. */
#ifndef CONFIG_PACKAGE_H
#define CONFIG_PACKAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct config_package_info {
	uint64_t size;
	char sha256[65];
	uint16_t xor16;
	bool zip;          /* starts like a zip archive ("PK\3\4"), as a vendor's delta does */
};

/* Returns 0, or -1 with "found ...; expected ..." in why (missing, unreadable, empty, sha256
 * mismatch). */
int config_package_inspect(const struct config_package *p, struct config_package_info *info,
			   char *why, size_t n);
#endif
