/* The package catalogue: map once, hash, check, and hand out read-only views to every slot. */
#include "station/slot/catalogue.h"

#include "config/config_package.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config/config_package.h"
#include "station/base/xalloc.h"

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
		struct config_package_info info;
		char why[768];
		pkg->cfg = &cfg->packages[i];
		if (pkg->cfg->url) {
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
		if (config_package_map(pkg->cfg, cfg->max_package_bytes, &pkg->data, &info, why, sizeof why) < 0) {
			catalogue_what(pkg->cfg, what, sizeof what);
			snprintf(err, errlen, "%s: %s", what, why);
			catalogue_close(c);
			return NULL;
		}
		c->n++;
		pkg->size = (size_t)info.size;
		memcpy(pkg->sha256, info.sha256, sizeof pkg->sha256);
		pkg->xor16 = info.xor16;
	}
	return c;
}

void catalogue_close(struct catalogue *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++)
		config_package_unmap(c->pkgs[i].data, c->pkgs[i].size);
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
