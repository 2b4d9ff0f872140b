/* The one place a package is opened, checked and hashed, for station check and for the catalogue
 * that station run maps once and shares with every slot: size, sha256 and, for a file, the XOR-16
 * checksum the module will report after AT+QFUPL. A URL package is fetched once from the station
 * (config_fetch). */
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

/* A package file mapped read-only. */
struct config_package_map {
	const uint8_t *data;
	size_t size;
	struct config_package_info info;
};

/* Opens p->file without blocking (a FIFO or a device is refused, never waited on), checks it is
 * a regular, non-empty file of at most max_size bytes and a whole zip archive, maps it, hashes it
 * (sha256, XOR-16) and compares the sha256 with the config's when given. Returns
 * CONFIG_PACKAGE_OK, or a negative status with "PATH: found ...; expected ..." in why. */
int config_package_map(const struct config_package *p, uint64_t max_size, struct config_package_map *m,
		       char *why, size_t n);
void config_package_unmap(struct config_package_map *m);
/* A file: config_package_map, then unmap; a URL: fetched once. Returns CONFIG_PACKAGE_OK, or a
 * negative status with "found ...; expected ..." in why. */
int config_package_inspect(const struct config_package *p, uint64_t max_size,
			   struct config_package_info *info, char *why, size_t n);
/* Whether a package that could not be inspected stops the station: always for a file; for a
 * URL only when it has `sha256 =` (the module downloads over its own network, which may reach
 * a server the station cannot; without a sha256 the station has nothing to check). */
int config_package_fatal(const struct config_package *p, int status);
#endif
