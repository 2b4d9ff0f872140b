#include "config/config_package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_fetch.h"
#include "config/config_zip.h"
#include "station/base/sha256.h"
#include "station/base/xor16.h"

const char *config_package_label(const struct config_package *p)
{
	return p->name && p->name[0] ? p->name : p->file_name ? p->file_name : "";
}

int config_package_fatal(const struct config_package *p, int status)
{
	if (status == CONFIG_PACKAGE_OK)
		return 0;
	return !p->url || status == CONFIG_PACKAGE_MISMATCH || p->sha256[0];
}

/* A URL package: fetched once, hashed as it arrives. */
static int config_package_fetch(const struct config_package *p, struct config_package_info *info,
				char *why, size_t n)
{
	struct config_fetch_result r;
	char reason[300];
	memset(info, 0, sizeof *info);
	if (config_fetch(p->url, &r, reason, sizeof reason) < 0) {
		snprintf(why, n, "%s: %s", p->url_shown, reason);
		return CONFIG_PACKAGE_UNREADABLE;
	}
	info->size = r.size;
	memcpy(info->sha256, r.sha256, sizeof info->sha256);
	info->fetch_ms = r.ms;
	if (p->sha256[0] && strcmp(p->sha256, info->sha256) != 0) {
		snprintf(why, n, "%s: found sha256 %s; expected %s (the config's sha256)",
			 p->url_shown, info->sha256, p->sha256);
		return CONFIG_PACKAGE_MISMATCH;
	}
	return CONFIG_PACKAGE_OK;
}

int config_package_map(const struct config_package *p, uint64_t max_size, const uint8_t **data,
		       struct config_package_info *info, char *why, size_t n)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer forever. */
	int fd = p->file ? open(p->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) : -1;
	*data = NULL;
	memset(info, 0, sizeof *info);
	if (fd < 0) {
		snprintf(why, n, "%s: %s; expected a readable package file", p->file ? p->file : "(no file)",
			 p->file ? strerror(errno) : "no file given");
		return CONFIG_PACKAGE_UNREADABLE;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, n, "%s: found %s; expected a regular package file", p->file,
			 S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ? "a folder" :
			 S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "not a regular file");
		close(fd);
		return CONFIG_PACKAGE_UNREADABLE;
	}
	if (st.st_size == 0) {
		snprintf(why, n, "%s: found an empty file; expected a delta package", p->file);
		close(fd);
		return CONFIG_PACKAGE_UNREADABLE;
	}
	if ((uint64_t)st.st_size > max_size) {
		snprintf(why, n, "%s: found %llu bytes; expected at most %llu ([station] max_package_mb = %llu)",
			 p->file, (unsigned long long)st.st_size, (unsigned long long)max_size,
			 (unsigned long long)(max_size >> 20));
		close(fd);
		return CONFIG_PACKAGE_UNREADABLE;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	int saved = errno;
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, n, "%s: cannot read: %s", p->file, strerror(saved));
		return CONFIG_PACKAGE_UNREADABLE;
	}
	char zwhy[200];
	if (config_zip_check(map, (size_t)st.st_size, zwhy, sizeof zwhy) < 0) {
		snprintf(why, n, "%s: %s", p->file, zwhy);
		munmap(map, (size_t)st.st_size);
		return CONFIG_PACKAGE_UNREADABLE;
	}
	info->size = (uint64_t)st.st_size;
	sha256_hex(map, (size_t)st.st_size, info->sha256);
	info->xor16 = xor16(map, (size_t)st.st_size);
	info->zip = true;   /* config_zip_check: a whole archive */
	if (p->sha256 && p->sha256[0] && strcasecmp(p->sha256, info->sha256) != 0) {
		snprintf(why, n, "%s: found sha256 %s; expected %s (the config's sha256)", p->file,
			 info->sha256, p->sha256);
		munmap(map, (size_t)st.st_size);
		return CONFIG_PACKAGE_MISMATCH;
	}
	*data = map;
	return CONFIG_PACKAGE_OK;
}

void config_package_unmap(const uint8_t *data, uint64_t size)
{
	if (data)
		munmap((void *)(uintptr_t)data, (size_t)size);
}

int config_package_inspect(const struct config_package *p, uint64_t max_size,
			   struct config_package_info *info, char *why, size_t n)
{
	const uint8_t *data;
	int rc;
	if (p->url)
		return config_package_fetch(p, info, why, n);
	rc = config_package_map(p, max_size, &data, info, why, n);
	if (rc == CONFIG_PACKAGE_OK)
		config_package_unmap(data, info->size);
	return rc;
}
