#include "config/config_package.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/base/sha256.h"
#include "station/base/xor16.h"

int config_package_map(const struct config_package *p, const uint8_t **data, struct config_package_info *info,
		       char *why, size_t n)
{
	struct stat st;
	int fd = p->file ? open(p->file, O_RDONLY | O_CLOEXEC) : -1;
	*data = NULL;
	if (fd < 0) {
		snprintf(why, n, "%s: %s; expected a readable package file", p->file ? p->file : "(no file)",
			 p->file ? strerror(errno) : "no file given");
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
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	int saved = errno;
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, n, "%s: cannot read: %s", p->file, strerror(saved));
		return -1;
	}
	info->size = (uint64_t)st.st_size;
	sha256_hex(map, (size_t)st.st_size, info->sha256);
	info->xor16 = xor16(map, (size_t)st.st_size);
	if (p->sha256 && p->sha256[0] && strcasecmp(p->sha256, info->sha256) != 0) {
		snprintf(why, n, "%s: found sha256 %s; expected %s (the config's sha256)", p->file,
			 info->sha256, p->sha256);
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	*data = map;
	return 0;
}

void config_package_unmap(const uint8_t *data, uint64_t size)
{
	if (data)
		munmap((void *)(uintptr_t)data, (size_t)size);
}

int config_package_inspect(const struct config_package *p, struct config_package_info *info,
			   char *why, size_t n)
{
	const uint8_t *data;
	if (config_package_map(p, &data, info, why, n) < 0)
		return -1;
	config_package_unmap(data, info->size);
	return 0;
}
