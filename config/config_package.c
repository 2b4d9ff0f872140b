#include "config/config_package.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/base/sha256.h"
#include "station/base/xor16.h"

int config_package_inspect(const struct config_package *p, struct config_package_info *info,
			   char *why, size_t n)
{
	struct stat st;
	int fd = open(p->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, n, "%s: %s; expected a readable package file", p->file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, n, "%s: not a regular file; expected a package file", p->file);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		snprintf(why, n, "%s: found an empty file; expected a delta package", p->file);
		close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, n, "%s: cannot read: %s", p->file, strerror(errno));
		return -1;
	}
	info->size = (uint64_t)st.st_size;
	sha256_hex(map, (size_t)st.st_size, info->sha256);
	info->xor16 = xor16(map, (size_t)st.st_size);
	info->zip = st.st_size >= 4 && memcmp(map, "PK\3\4", 4) == 0;
	munmap(map, (size_t)st.st_size);
	if (p->sha256[0] && strcmp(p->sha256, info->sha256) != 0) {
		snprintf(why, n, "%s: found sha256 %s; expected %s (the config's sha256)", p->file,
			 info->sha256, p->sha256);
		return -1;
	}
	return 0;
}
