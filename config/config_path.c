#include "config/config_path.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "station/base/xalloc.h"

char *config_path_shown(const char *path, const char *cwd)
{
	char here[4096];
	char *full, *out;
	size_t o = 0;

	if (path[0] != '/') {
		if (!cwd)
			cwd = getcwd(here, sizeof here) ? here : "/";
		full = xasprintf("%s/%s", cwd, path);
	} else {
		full = xstrdup(path);
	}
	out = xmalloc(strlen(full) + 2);
	for (char *p = full; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	free(full);
	return out;
}
