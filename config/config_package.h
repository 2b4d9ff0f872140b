/* The one place a package is read: a file is opened, mapped, hashed and checksummed here for
 * both `station check` and `station run`'s catalogue (which keeps the mapping for the uploads);
 * a URL package is fetched once from the station (config_fetch). Size, sha256 and, for a file,
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
	uint16_t xor16;        /* file packages only */
	int64_t fetch_ms;      /* URL packages: how long the station's fetch took */
	bool zip;              /* starts like a zip archive ("PK\3\4"), as a vendor's delta does */
};

enum config_package_status {
	CONFIG_PACKAGE_OK = 0,
	CONFIG_PACKAGE_UNREADABLE = -1,  /* missing, unreadable, empty, or the fetch failed */
	CONFIG_PACKAGE_MISMATCH = -2,    /* read, but its sha256 is not the config's */
};

/* A file package: opens it without blocking (a FIFO or a device is refused, never waited on),
 * checks it is a regular, non-empty file of at most max_size bytes ([station] max_package_mb) and
 * a whole zip archive (config_zip_check), maps it read-only (shared: every slot uploads from the
 * same pages), fills info and checks the config's sha256 when given (case-insensitive). The mapping stays valid if the
 * file is replaced on disk (rename) but not if it is truncated in place. Returns
 * CONFIG_PACKAGE_OK with *data set (release with config_package_unmap), or a negative status with
 * "found ...; expected ..." in why. */
int config_package_map(const struct config_package *p, uint64_t max_size, const uint8_t **data,
		       struct config_package_info *info, char *why, size_t n);
void config_package_unmap(const uint8_t *data, uint64_t size);
/* Any package, without keeping a mapping. Returns CONFIG_PACKAGE_OK, or a negative status with
 * "found ...; expected ..." in why. */
int config_package_inspect(const struct config_package *p, uint64_t max_size,
			   struct config_package_info *info, char *why, size_t n);
/* Whether a package that could not be inspected stops the station: always for a file; for a
 * URL only when it has `sha256 =` (the module downloads over its own network, which may reach
 * a server the station cannot; without a sha256 the station has nothing to check). */
int config_package_fatal(const struct config_package *p, int status);
#endif
