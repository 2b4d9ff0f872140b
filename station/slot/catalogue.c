/* The package catalogue: map once, hash, check, and hand out read-only views to every slot. */
#include "station/slot/catalogue.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_package.h"
#include "station/base/sha256.h"
#include "station/base/xalloc.h"
#include "station/base/xor16.h"

struct catalogue {
	const struct config *cfg;
	int n;
	struct package *pkgs;   /* pkgs[i].cfg == &cfg->packages[i] */
};

/* "[package NAME] file PATH" for error messages; [package] has an empty name. */
static void catalogue_what(const struct config_package *p, char *buf, size_t size)
{
	snprintf(buf, size, "[package%s%s] file %s", p->name && *p->name ? " " : "",
		 p->name ? p->name : "", p->file ? p->file : "(none)");
}

/* Maps one package file read-only. The mapping stays valid if the file is replaced on disk
 * (rename) but not if it is truncated in place: packages are not edited while a station runs. */
static int catalogue_map(struct package *pkg, char *err, size_t errlen)
{
	char what[512];
	struct stat st;
	catalogue_what(pkg->cfg, what, sizeof what);
	int fd = pkg->cfg->file ? open(pkg->cfg->file, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", what, pkg->cfg->file ? strerror(errno) : "no file given");
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", what);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		snprintf(err, errlen, "%s: the file is empty; expected a delta package", what);
		close(fd);
		return -1;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	int saved = errno;
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "%s: cannot map: %s", what, strerror(saved));
		return -1;
	}
	pkg->data = p;
	pkg->size = (size_t)st.st_size;
	return 0;
}

struct catalogue *catalogue_open(const struct config *cfg, char *err, size_t errlen)
{
	char what[512];
	if (catalogue_check_unique_from(cfg->packages, cfg->n_packages, err, errlen) < 0)
		return NULL;
	struct catalogue *c = xcalloc(1, sizeof *c);
	c->cfg = cfg;
	c->pkgs = xcalloc(cfg->n_packages > 0 ? (size_t)cfg->n_packages : 1, sizeof *c->pkgs);
	for (int i = 0; i < cfg->n_packages; i++) {
		struct package *pkg = &c->pkgs[i];
		pkg->cfg = &cfg->packages[i];
		if (pkg->cfg->url) {
			struct config_package_info info;
			int st = config_package_inspect(pkg->cfg, &info, pkg->fetch_note,
							sizeof pkg->fetch_note);
			if (config_package_fatal(pkg->cfg, st)) {
				snprintf(err, errlen, "[package%s%s] url %s", *pkg->cfg->name ? " " : "",
					 pkg->cfg->name, pkg->fetch_note);
				catalogue_close(c);
				return NULL;
			}
			if (st == CONFIG_PACKAGE_OK) {
				pkg->size = (size_t)info.size;
				memcpy(pkg->sha256, info.sha256, sizeof pkg->sha256);
				pkg->fetch_note[0] = '\0';
			}
			c->n++;
			continue;
		}
		if (catalogue_map(pkg, err, errlen) < 0) {
			catalogue_close(c);
			return NULL;
		}
		c->n++;
		sha256_hex(pkg->data, pkg->size, pkg->sha256);
		if (pkg->cfg->sha256 && *pkg->cfg->sha256 && strcasecmp(pkg->cfg->sha256, pkg->sha256) != 0) {
			catalogue_what(pkg->cfg, what, sizeof what);
			snprintf(err, errlen, "%s: sha256 is %s; the config expects %s (wrong or damaged file)",
				 what, pkg->sha256, pkg->cfg->sha256);
			catalogue_close(c);
			return NULL;
		}
		pkg->xor16 = xor16(pkg->data, pkg->size);
	}
	return c;
}

void catalogue_close(struct catalogue *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++)
		if (c->pkgs[i].data)
			munmap((void *)(uintptr_t)c->pkgs[i].data, c->pkgs[i].size);
	free(c->pkgs);
	free(c);
}

enum catalogue_verdict catalogue_pick(const struct catalogue *c, const char *version,
				      const struct package **pkg)
{
	int i;
	enum catalogue_verdict v = catalogue_verdict_of(c->cfg->packages, c->n, version, &i);
	*pkg = i >= 0 ? &c->pkgs[i] : NULL;
	return v;
}

int catalogue_count(const struct catalogue *c)
{
	return c->n;
}

const struct package *catalogue_get(const struct catalogue *c, int i)
{
	return i >= 0 && i < c->n ? &c->pkgs[i] : NULL;
}
