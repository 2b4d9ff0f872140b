/* config_load's checks across values: required keys, one of file and url, the direction of
 * each package, froms that cannot both match one version, no chained packages, slots and the
 * [database] url. */
#include <stdbool.h>
#include <string.h>

#include "config/config_ctx.h"
#include "config/config_version.h"

/* A package that goes backwards must say so: swapped from and to would SKIP every module still
 * on the old firmware ("already at" the to) and flash the updated ones back. */
static void config_cross_direction(struct config_ctx *c, int k, const char *title)
{
	const struct config_package *p = &c->cfg->packages[k];
	const char *sp = title[0] ? " " : "";
	char why[200];

	if (config_version_cmp(p->to, p->from) == -1 && !p->downgrade)
		config_ctx_error(c, c->pkg_key_line[k][CK_PACKAGE_TO], "[package%s%s] to: found '%s', older "
			     "than its from '%s' (from and to swapped?); expected a newer version, or "
			     "downgrade = yes to flash backwards on purpose", sp, title, p->to, p->from);
	if (p->file_name && config_version_name_reversed(p->file_name, p->from, p->to, why, sizeof why))
		config_ctx_warning(c, c->pkg_key_line[k][CK_PACKAGE_FILE], "[package%s%s] file: the name "
			       "%s names the versions the other way round: %s; check from = %s, to = %s",
			       sp, title, p->file_name, why, p->from, p->to);
}

/* Whether package k's section has a line for key (valid or not). */
static bool config_cross_given(const struct config_ctx *c, int k, const char *key)
{
	for (int i = 0; i < c->sc.n_entries; i++)
		if (c->pkg_of_section[c->sc.entries[i].section] == k &&
		    strcmp(c->sc.entries[i].key, key) == 0)
			return true;
	return false;
}

void config_cross_pass(struct config_ctx *c)
{
	struct config *cfg = c->cfg;
	for (int k = 0; k < cfg->n_packages; k++) {
		struct config_package *p = &cfg->packages[k];
		const char *title = p->name[0] ? p->name : "";
		for (int id = CK_PACKAGE_FILE; id <= CK_PACKAGE_DOWNGRADE; id++) {
			if (!config_keys[id].required || c->pkg_key_line[k][id])
				continue;
			/* A key given but invalid is reported already; only flag truly absent ones. */
			if (!config_cross_given(c, k, config_keys[id].key))
				config_ctx_error(c, c->pkg_lines[k], "[package%s%s] %s: missing; expected %s",
					     title[0] ? " " : "", title, config_keys[id].key,
					     config_keys[id].help);
		}
		int *kl = c->pkg_key_line[k];
		if (kl[CK_PACKAGE_FILE] && kl[CK_PACKAGE_URL])
			config_ctx_error(c, kl[CK_PACKAGE_URL], "[package%s%s] url: found both file (line %d) "
				     "and url; expected exactly one", title[0] ? " " : "", title,
				     kl[CK_PACKAGE_FILE]);
		else if (!kl[CK_PACKAGE_FILE] && !kl[CK_PACKAGE_URL] && !config_cross_given(c, k, "file") &&
			 !config_cross_given(c, k, "url"))
			config_ctx_error(c, c->pkg_lines[k], "[package%s%s] file: missing; expected exactly "
				     "one of file (uploaded by the station) and url (downloaded by the "
				     "module)", title[0] ? " " : "", title);
		if (p->from && p->to && strcmp(p->from, p->to) == 0)
			config_ctx_error(c, c->pkg_key_line[k][CK_PACKAGE_TO], "[package%s%s] to: found '%s', "
				     "the same as its from; expected the version after the update",
				     title[0] ? " " : "", title, p->to);
		else if (p->from && p->to)
			config_cross_direction(c, k, title);
		for (int j = 0; j < k && p->from; j++) {
			const char *other = cfg->packages[j].from;
			if (!other)
				continue;
			size_t a = strlen(p->from), b = strlen(other);
			if (a == b && strcmp(other, p->from) == 0)
				config_ctx_error(c, c->pkg_key_line[k][CK_PACKAGE_FROM], "[package%s%s] from: "
					     "found '%s', already the from of the package at line %d; "
					     "expected one package per source version", title[0] ? " " : "",
					     title, p->from, c->pkg_lines[j]);
			else if (strncmp(other, p->from, a < b ? a : b) == 0)
				/* froms match as prefixes: one module version would match both */
				config_ctx_error(c, c->pkg_key_line[k][CK_PACKAGE_FROM], "[package%s%s] from: "
					     "found '%s', which overlaps the from '%s' of the package at "
					     "line %d (one is a prefix of the other); expected froms that "
					     "cannot both match one version", title[0] ? " " : "", title,
					     p->from, other, c->pkg_lines[j]);
		}
		for (int j = 0; j < cfg->n_packages && p->to; j++) {
			const char *from = cfg->packages[j].from;
			if (j == k || !from || strncmp(from, p->to, strlen(p->to)) != 0)
				continue;
			/* A module that runs a package's target is done (SKIP): j could never apply. */
			config_ctx_error(c, c->pkg_key_line[k][CK_PACKAGE_TO], "[package%s%s] to: found '%s', "
				     "which the from '%s' of the package at line %d starts with; expected "
				     "no chained packages (a module at a target version is skipped)",
				     title[0] ? " " : "", title, p->to, from, c->pkg_lines[j]);
		}
	}
	if (cfg->n_packages == 0)
		config_ctx_error(c, 0, "found no [package] section; expected at least one package "
			     "(file, from, to)");
	for (int i = 0; i < cfg->n_slots; i++) {
		for (int j = 0; j < i; j++) {
			if (strcmp(cfg->slots[i].usb_path, cfg->slots[j].usb_path) == 0)
				config_ctx_error(c, c->slot_lines[i], "[slots] %s: found usb:%s, already slot "
					     "%s at line %d; expected each USB path once",
					     cfg->slots[i].label, cfg->slots[i].usb_path,
					     cfg->slots[j].label, c->slot_lines[j]);
		}
	}
	if (c->database_section >= 0 && !cfg->db_url) {
		int given = 0;
		for (int i = 0; i < c->sc.n_entries; i++)
			given |= c->sc.entries[i].section == c->database_section &&
				 strcmp(c->sc.entries[i].key, "url") == 0;
		if (!given)
			config_ctx_error(c, c->sc.sections[c->database_section].line, "[database] url: missing; "
				     "expected %s", config_keys[CK_DATABASE_URL].help);
	}
	if (cfg->slots_auto && cfg->n_slots > 0)
		config_ctx_error(c, c->slot_lines[0], "[slots]: found auto = yes and slot lines; expected "
			     "one or the other");
	if (!cfg->slots_auto && cfg->n_slots == 0) {
		if (c->slots_section < 0)
			cfg->slots_auto = true;
		else
			config_ctx_error(c, c->sc.sections[c->slots_section].line, "[slots]: found no slot; "
				     "expected LABEL = usb:PATH lines or auto = yes");
	}
}
