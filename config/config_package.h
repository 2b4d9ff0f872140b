/* The one place a package file is opened, checked and hashed, for station check and for the
 * catalogue that station run maps once and shares with every slot. */
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

/* A package file mapped read-only. */
struct config_package_map {
	const uint8_t *data;
	size_t size;
	struct config_package_info info;
};

/* Opens p->file without blocking (a FIFO or a device is refused, never waited on), checks it is
 * a regular, non-empty file of at most max_size bytes and a whole zip archive, maps it, hashes it
 * (sha256, XOR-16) and compares the sha256 with the config's when given. Returns 0, or -1 with
 * "PATH: found ...; expected ..." in why. */
int config_package_map(const struct config_package *p, uint64_t max_size, struct config_package_map *m,
		       char *why, size_t n);
void config_package_unmap(struct config_package_map *m);
/* config_package_map, then unmap: what station check prints and compares. */
int config_package_inspect(const struct config_package *p, uint64_t max_size,
			   struct config_package_info *info, char *why, size_t n);
#endif
