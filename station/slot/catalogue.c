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
#include "station/base/xalloc.h"

struct catalogue {
	const struct config *cfg;
	int n;
	struct package *pkgs;   /* pkgs[i].cfg == &cfg->packages[i] */
};

/* "[package NAME] file" for error messages; [package] has an empty name. */
static void catalogue_what(const struct config_package *p, char *buf, size_t size)
{
	snprintf(buf, size, "[package%s%s] file", p->name && *p->name ? " " : "", p->name ? p->name : "");
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
			int st = config_package_inspect(pkg->cfg, cfg->max_package_bytes, &info, pkg->fetch_note,
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
		/* The mapping stays valid if the file is replaced on disk (rename) but not if it is
		 * truncated in place: packages are not edited while a station runs. */
		struct config_package_map m;
		char why[400];
		if (config_package_map(pkg->cfg, cfg->max_package_bytes, &m, why, sizeof why) < 0) {
			catalogue_what(pkg->cfg, what, sizeof what);
			snprintf(err, errlen, "%s %s", what, why);
			catalogue_close(c);
			return NULL;
		}
		c->n++;
		pkg->data = m.data;
		pkg->size = m.size;
		memcpy(pkg->sha256, m.info.sha256, sizeof pkg->sha256);
		pkg->xor16 = m.info.xor16;
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
