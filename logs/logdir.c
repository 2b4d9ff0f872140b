#include "logs/logdir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "station/base/xalloc.h"

int logdir_make(const char *path, char *err, size_t errlen)
{
	char buf[4096];
	size_t n = xstrlcpy(buf, path, sizeof buf);

	if (n == 0 || n >= sizeof buf) {
		snprintf(err, errlen, "%s: bad folder name", path);
		return -1;
	}
	/* Each prefix that ends before a '/' in turn, then the whole path. */
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char keep = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create folder %s: %s", buf, strerror(errno));
			return -1;
		}
		buf[i] = keep;
	}
	return 0;
}
