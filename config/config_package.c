#include "config/config_package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_zip.h"
#include "station/base/sha256.h"
#include "station/base/xor16.h"

int config_package_map(const struct config_package *p, uint64_t max_size, struct config_package_map *m,
		       char *why, size_t n)
{
	struct stat st;
	memset(m, 0, sizeof *m);
	if (!p->file) {
		snprintf(why, n, "no file given; expected a package file");
		return -1;
	}
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer forever. */
	int fd = open(p->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, n, "%s: %s; expected a readable package file", p->file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, n, "%s: found %s; expected a regular package file", p->file,
			 S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ? "a folder" :
			 S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		snprintf(why, n, "%s: found an empty file; expected a delta package", p->file);
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > max_size) {
		snprintf(why, n, "%s: found %llu bytes; expected at most %llu ([station] max_package_mb = %llu)",
			 p->file, (unsigned long long)st.st_size, (unsigned long long)max_size,
			 (unsigned long long)(max_size >> 20));
		close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	int saved = errno;
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, n, "%s: cannot map: %s", p->file, strerror(saved));
		return -1;
	}
	m->data = map;
	m->size = (size_t)st.st_size;
	char zwhy[200];
	if (config_zip_check(m->data, m->size, zwhy, sizeof zwhy) < 0) {
		snprintf(why, n, "%s: %s", p->file, zwhy);
		config_package_unmap(m);
		return -1;
	}
	m->info.size = m->size;
	sha256_hex(m->data, m->size, m->info.sha256);
	m->info.xor16 = xor16(m->data, m->size);
	if (p->sha256 && p->sha256[0] && strcasecmp(p->sha256, m->info.sha256) != 0) {
		snprintf(why, n, "%s: found sha256 %s; expected %s (the config's sha256)"
			 "; a wrong or damaged file", p->file, m->info.sha256, p->sha256);
		config_package_unmap(m);
		return -1;
	}
	return 0;
}

void config_package_unmap(struct config_package_map *m)
{
	if (m->data)
		munmap((void *)(uintptr_t)m->data, m->size);
	m->data = NULL;
	m->size = 0;
}

int config_package_inspect(const struct config_package *p, uint64_t max_size,
			   struct config_package_info *info, char *why, size_t n)
{
	struct config_package_map m;
	if (config_package_map(p, max_size, &m, why, n) < 0)
		return -1;
	*info = m.info;
	config_package_unmap(&m);
	return 0;
}
