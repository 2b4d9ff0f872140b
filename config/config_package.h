/* The one place a package file is opened, mapped, hashed and checksummed: `station check` prints
 * what it finds, `station run`'s catalogue keeps the mapping for the uploads. Size, sha256 and the
 * XOR-16 checksum the module will report after AT+QFUPL. */
#ifndef CONFIG_PACKAGE_H
#define CONFIG_PACKAGE_H
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct config_package_info {
	uint64_t size;
	char sha256[65];
	uint16_t xor16;
};

/* Maps p's file read-only (shared: every slot uploads from the same pages), fills info and
 * checks the config's sha256 when given (case-insensitive). The mapping stays valid if the file
 * is replaced on disk (rename) but not if it is truncated in place. Returns 0 with *data set
 * (release with config_package_unmap), or -1 with "found ...; expected ..." in why (missing,
 * unreadable, empty, sha256 mismatch). */
int config_package_map(const struct config_package *p, const uint8_t **data, struct config_package_info *info,
		       char *why, size_t n);
void config_package_unmap(const uint8_t *data, uint64_t size);
/* The same without keeping the mapping. */
int config_package_inspect(const struct config_package *p, struct config_package_info *info,
			   char *why, size_t n);
#endif
