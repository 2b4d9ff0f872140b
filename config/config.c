/* config_load: the line scanner gives structure and line numbers, iniparser gives the values,
 * the key table says what each value must be (the checks across values: config_cross.c). Every
 * problem is reported, not just the first. */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser/iniparser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_ctx.h"
#include "config/config_keys.h"
#include "config/config_scan.h"
#include "config/config_value.h"
#include "config/config_version.h"
#include "station/base/sha256.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"

#define CONFIG_FILE_MAX (1 << 20)

/* iniparser reports through a global callback without a context pointer; one per thread. */
static _Thread_local char config_ini_msg[256];

static int config_ini_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int config_ini_error(const char *fmt, ...)
{
	va_list ap;
	if (config_ini_msg[0])
		return 0;
	va_start(ap, fmt);
	vsnprintf(config_ini_msg, sizeof config_ini_msg, fmt, ap);
	va_end(ap);
	return 0;
}

/* Reads the whole file (it is small) so it can be scanned and hashed. */
static char *config_read(struct config_ctx *c, const char *path, size_t *len)
{
	/* O_NONBLOCK, then fstat before any read: opening a FIFO does not wait for a writer, and a
	 * device (/dev/zero never ends) or a folder is refused. A pipe with a writer (a shell's
	 * <(...)) is read to its end; a FIFO nobody writes reads as empty at once. */
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		config_ctx_error(c, 0, "cannot open: %s; expected a readable INI file", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) {
		config_ctx_error(c, 0, "found %s; expected a regular INI file",
			     S_ISDIR(st.st_mode) ? "a folder" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
			     "a device" : "not a regular file");
		close(fd);
		return NULL;
	}
	if (S_ISFIFO(st.st_mode))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* A buffer the file's size (it may still grow while read), not the limit: a config is a few
	 * kB and the limit is 1 MB. One byte more than the limit is read to see a file over it.
	 * Plain read(), no stdio: no FILE and no buffer of its own for a file read once. */
	size_t cap = CONFIG_FILE_MAX + 1;
	if (st.st_size < CONFIG_FILE_MAX)
		cap = (size_t)st.st_size + 1;
	char *buf = xmalloc(cap + 1);
	int bad = 0;
	*len = 0;
	for (;;) {
		ssize_t got = read(fd, buf + *len, cap - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			bad = got < 0;
			break;  /* the end of the file, or an error */
		}
		*len += (size_t)got;
		if (*len < cap)
			continue;  /* a pipe gives what it has: read on to its end */
		if (cap > CONFIG_FILE_MAX)
			break;  /* one byte past the limit */
		cap = cap * 2 > CONFIG_FILE_MAX + 1 ? CONFIG_FILE_MAX + 1 : cap * 2;
		buf = xrealloc(buf, cap + 1);
	}
	close(fd);
	if (!bad && *len == 0 && S_ISFIFO(st.st_mode)) {
		config_ctx_error(c, 0, "found a FIFO with nothing to read (no writer); expected an INI file");
		bad = 1;
	} else if (bad) {
		config_ctx_error(c, 0, "read error; expected a readable INI file");
	} else if (*len > CONFIG_FILE_MAX) {
		config_ctx_error(c, 0, "found a file over %d bytes; expected a station INI file",
			     CONFIG_FILE_MAX);
		bad = 1;
	}
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

static char *config_resolve(const char *dir, const char *p)
{
	if (p[0] == '/' || strcmp(dir, ".") == 0)
		return xstrdup(p);
	return xasprintf("%s/%s", dir, p);
}

static char *config_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	char *d = xstrdup(path);
	d[slash - path] = '\0';
	return d;
}

/* Checks a path value: not a name for the module, but still no control characters. */
static int config_path_ok(const char *s, char *why, size_t n)
{
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(why, n, "found a control character (0x%02x); expected a plain path",
				 (unsigned char)*p);
			return -1;
		}
	}
	if (s[strlen(s) - 1] == '/') {
		snprintf(why, n, "found '%s' ending in '/'; expected a file", s);
		return -1;
	}
	return 0;
}

/* Parses one value for key id and stores it; 0 or -1 with why. */
static int config_apply(struct config_ctx *c, enum config_key_id id, const char *key_text,
			const char *v, int pkg, char *why, size_t n)
{
	const struct config_key *k = &config_keys[id];
	struct config *cfg = c->cfg;
	struct config_package *p = pkg >= 0 ? &cfg->packages[pkg] : NULL;
	int64_t i64;
	char path[128];

	switch (id) {
	case CK_STATION_NAME:
		if (config_value_name(v, true, why, n) < 0)
			return -1;
		free(cfg->name);
		cfg->name = xstrdup(v);
		return 0;
	case CK_STATION_LOG_DIR:
		for (const char *q = v; *q; q++) {
			if ((unsigned char)*q < 0x20 || *q == 0x7f) {
				snprintf(why, n, "found a control character; expected a folder path");
				return -1;
			}
		}
		free(cfg->log_dir);
		cfg->log_dir = xstrdup(v);
		return 0;
	case CK_STATION_AUTO_START:
		return config_value_bool(v, &cfg->auto_start, why, n);
	case CK_STATION_MAX_PARALLEL_UPLOADS:
		if (config_value_int(v, k->min, k->max, &i64, why, n) < 0)
			return -1;
		cfg->max_parallel_uploads = (int)i64;
		return 0;
	case CK_STATION_BELL:
		return config_value_bool(v, &cfg->bell, why, n);
	case CK_STATION_MAX_PACKAGE_MB:
		if (config_value_int(v, k->min, k->max, &i64, why, n) < 0)
			return -1;
		cfg->max_package_bytes = (uint64_t)i64 << 20;
		return 0;
	case CK_USB_VENDOR_ID:
		return config_value_hex16(v, &cfg->vendor_id, why, n);
	case CK_USB_PRODUCT_IDS:
		return config_value_hex16_list(v, cfg->product_ids, CONFIG_MAX_PRODUCTS,
					       &cfg->n_product_ids, why, n);
	case CK_USB_AT_INTERFACE:
		if (config_value_int(v, k->min, k->max, &i64, why, n) < 0)
			return -1;
		cfg->at_interface = (int)i64;
		return 0;
	case CK_PACKAGE_FILE: {
		if (config_path_ok(v, why, n) < 0)
			return -1;
		const char *base = strrchr(v, '/');
		base = base ? base + 1 : v;
		/* The base name is what AT+QFUPL and AT+QFOTADL carry. */
		if (config_value_name(base, true, why, n) < 0)
			return -1;
		p->file = config_resolve(cfg->dir, v);
		free(p->file_name);
		p->file_name = xstrdup(base);
		return 0;
	}
	case CK_PACKAGE_URL: {
		struct url u;
		char shown[URL_MAX + 8];
		if (url_parse(v, &u, why, n) < 0)
			return -1;
		p->url = xstrdup(v);
		p->url_shown = xstrdup(url_mask(v, shown, sizeof shown));
		/* the last part of the path names the package where it has no NAME */
		size_t end = u.path_off + strcspn(v + u.path_off, "?#"), b = end;
		while (v[b - 1] != '/')
			b--;
		if (!p->file_name)
			p->file_name = xasprintf("%.*s", (int)(end - b), v + b);
		return 0;
	}
	case CK_PACKAGE_FROM:
		if (config_value_name(v, false, why, n) < 0)
			return -1;
		p->from = xstrdup(v);
		return 0;
	case CK_PACKAGE_TO:
		if (config_value_name(v, false, why, n) < 0)
			return -1;
		p->to = xstrdup(v);
		return 0;
	case CK_PACKAGE_SHA256: {
		char hex[65];
		if (config_value_sha256(v, hex, why, n) < 0)
			return -1;
		free(p->sha256);
		p->sha256 = xstrdup(hex);
		return 0;
	}
	case CK_PACKAGE_DOWNGRADE:
		return config_value_bool(v, &p->downgrade, why, n);
	case CK_SLOTS_AUTO:
		return config_value_bool(v, &cfg->slots_auto, why, n);
	case CK_SLOTS_LABEL:
		if (config_value_label(key_text, why, n) < 0)
			return -1;
		if (config_value_usb_path(v, path, sizeof path, why, n) < 0)
			return -1;
		cfg->slots = xrealloc(cfg->slots, sizeof *cfg->slots * (size_t)(cfg->n_slots + 1));
		cfg->slots[cfg->n_slots++] = (struct config_slot){ xstrdup(key_text), xstrdup(path) };
		return 0;
	case CK_TIMING_COMMAND:
		return config_value_ms(v, k->min, k->max, &cfg->command_ms, why, n);
	case CK_TIMING_UPLOAD_IDLE:
		return config_value_ms(v, k->min, k->max, &cfg->upload_idle_ms, why, n);
	case CK_TIMING_REBOOT:
		return config_value_ms(v, k->min, k->max, &cfg->reboot_ms, why, n);
	case CK_TIMING_UPDATE:
		return config_value_ms(v, k->min, k->max, &cfg->update_ms, why, n);
	case CK_TIMING_PROGRESS:
		return config_value_ms(v, k->min, k->max, &cfg->progress_ms, why, n);
	case CK_STATION_PORT_LOST_TIMEOUTS:
		if (config_value_int(v, k->min, k->max, &i64, why, n) < 0)
			return -1;
		cfg->port_lost_timeouts = (int)i64;
		return 0;
	case CK_DATABASE_URL:
		if (strlen(v) > (size_t)k->max) {
			snprintf(why, n, "found %zu bytes; expected at most %lld", strlen(v), (long long)k->max);
			return -1;
		}
		if (config_value_conninfo(v, why, n) < 0)
			return -1;
		free(cfg->db_url);
		cfg->db_url = xstrdup(v);
		return 0;
	case CK_COUNT:
		break;
	}
	fatal("config_apply: key id %d", (int)id);
}

/* Every default comes from the key table, through the same parser as a value in the file. */
static void config_defaults(struct config_ctx *c)
{
	char why[256];
	for (int i = 0; i < CK_COUNT; i++) {
		const struct config_key *k = &config_keys[i];
		if (!k->def || k->section == CFG_SEC_PACKAGE || k->section == CFG_SEC_SLOTS)
			continue;
		if (config_apply(c, (enum config_key_id)i, k->key, k->def, -1, why, sizeof why) < 0)
			fatal("config key table: default of %s: %s", k->key, why);
	}
}

static void config_unknown_key(struct config_ctx *c, const struct config_scan_entry *e,
			       enum config_section sec)
{
	char list[256] = "";
	size_t used = 0;
	for (int i = 0; i < CK_COUNT; i++) {
		if (config_keys[i].section != sec)
			continue;
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
					 config_keys[i].key);
		if (used >= sizeof list)
			break;
	}
	config_ctx_error(c, e->line, "found unknown key '%s' in [%s]; expected one of: %s", e->key_text,
		     c->sc.sections[e->section].text, list);
}

/* Gives each [package ...] section a package slot and checks section names. */
static void config_sections_pass(struct config_ctx *c)
{
	struct config *cfg = c->cfg;
	int n = c->sc.n_sections;
	c->pkg_of_section = xmalloc(sizeof *c->pkg_of_section * (size_t)(n ? n : 1));
	c->pkg_lines = xmalloc(sizeof *c->pkg_lines * (size_t)(n ? n : 1));
	c->pkg_key_line = xcalloc((size_t)(n ? n : 1), sizeof *c->pkg_key_line);
	c->slots_section = -1;
	c->database_section = -1;
	for (int i = 0; i < n; i++) {
		const struct config_scan_section *s = &c->sc.sections[i];
		int sec = config_keys_section(s->name);
		c->pkg_of_section[i] = -1;
		if (sec < 0) {
			config_ctx_error(c, s->line, "found unknown section [%s]; expected [station], [usb], "
				     "[package NAME], [slots], [timing] or [database]", s->text);
			continue;
		}
		if (sec == CFG_SEC_SLOTS)
			c->slots_section = i;
		if (sec == CFG_SEC_DATABASE)
			c->database_section = i;
		if (sec != CFG_SEC_PACKAGE)
			continue;
		const char *name = s->text + strlen("package");
		while (*name == ' ' || *name == '\t')
			name++;
		char why[200];
		if (name[0] && config_value_name(name, false, why, sizeof why) < 0) {
			config_ctx_error(c, s->line, "[%s]: package name: %s", s->text, why);
			continue;
		}
		int k = cfg->n_packages++;
		cfg->packages = xrealloc(cfg->packages, sizeof *cfg->packages * (size_t)cfg->n_packages);
		cfg->packages[k] = (struct config_package){ .name = xstrdup(name),
							    .sha256 = xstrdup("") };
		c->pkg_of_section[i] = k;
		c->pkg_lines[k] = s->line;
		cfg->packages[k].line = s->line;
	}
}

static void config_entries_pass(struct config_ctx *c)
{
	c->slot_lines = xmalloc(sizeof *c->slot_lines * (size_t)(c->sc.n_entries + 1));
	for (int i = 0; i < c->sc.n_entries; i++) {
		const struct config_scan_entry *e = &c->sc.entries[i];
		const struct config_scan_section *s = &c->sc.sections[e->section];
		int sec = config_keys_section(s->name);
		if (sec < 0)
			continue;  /* already reported with the section */
		if (sec == CFG_SEC_PACKAGE && c->pkg_of_section[e->section] < 0)
			continue;
		int id = config_keys_find((enum config_section)sec, e->key);
		if (id < 0) {
			config_unknown_key(c, e, (enum config_section)sec);
			continue;
		}
		if (!c->ini)
			continue;
		char *ikey = xasprintf("%s:%s", s->name, e->key);
		const char *v = iniparser_getstring(c->ini, ikey, NULL);
		free(ikey);
		if (!v) {
			config_ctx_error(c, e->line, "[%s] %s: iniparser did not read this line; expected "
				     "'key = value'", s->text, e->key_text);
			continue;
		}
		if (!v[0]) {
			config_ctx_error(c, e->line, "[%s] %s: found an empty value; expected %s", s->text,
				     e->key_text, config_keys[id].help);
			continue;
		}
		int pkg = c->pkg_of_section[e->section];
		char why[300];
		int before = c->cfg->n_slots;
		if (config_apply(c, (enum config_key_id)id, e->key_text, v, pkg, why, sizeof why) < 0) {
			config_ctx_error(c, e->line, "[%s] %s: %s", s->text, e->key_text, why);
			continue;
		}
		if (pkg >= 0)
			c->pkg_key_line[pkg][id] = e->line;
		if (id == CK_PACKAGE_FILE)
			c->cfg->packages[pkg].file_line = e->line;
		if (c->cfg->n_slots > before)
			c->slot_lines[before] = e->line;
	}
}

/* iniparser refuses "[slots] ; note" (configs are written that way, as in README.md), so it reads a copy in
 * which comments after section headers are blanked; line numbers stay the same. */
static dictionary *config_ini_load(const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);
	char path[64];
	dictionary *ini = NULL;
	size_t i = 0;

	memcpy(copy, text, len);
	copy[len] = '\0';
	while (i < len) {
		size_t end = i;
		while (end < len && copy[end] != '\n')
			end++;
		size_t j = i;
		while (j < end && (copy[j] == ' ' || copy[j] == '\t'))
			j++;
		if (j < end && copy[j] == '[') {
			char *close = memchr(copy + j, ']', end - j);
			if (close)
				memset(close + 1, ' ', (size_t)(copy + end - close - 1));
		}
		i = end + 1;
	}
	int fd = memfd_create("station-config", MFD_CLOEXEC);
	if (fd >= 0) {
		size_t off = 0;
		while (off < len) {
			ssize_t n = write(fd, copy + off, len - off);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (off == len)
			ini = iniparser_load(path);
		close(fd);
	}
	free(copy);
	return ini;
}

int config_load(struct config *cfg, const char *path, FILE *err)
{
	struct config_ctx c = { .cfg = cfg, .file = path, .err = err };
	size_t len = 0;

	memset(cfg, 0, sizeof *cfg);
	cfg->path = xstrdup(path);
	cfg->dir = config_dirname(path);
	config_defaults(&c);
	char *text = config_read(&c, path, &len);
	if (!text) {
		config_free(cfg);
		return -1;
	}
	sha256_hex(text, len, cfg->sha256);
	c.errors += config_scan(&c.sc, text, len, path, err);
	if (c.errors == 0) {
		config_ini_msg[0] = '\0';
		iniparser_set_error_callback(config_ini_error);
		c.ini = config_ini_load(text, len);
		iniparser_set_error_callback(NULL);
		if (!c.ini)
			config_ctx_error(&c, 0, "iniparser refused the file (%s); expected INI lines "
				     "'key = value'", config_ini_msg[0] ? config_ini_msg : "no reason");
	}
	config_sections_pass(&c);
	config_entries_pass(&c);
	if (c.ini)
		config_cross_pass(&c);
	char *log_dir = config_resolve(cfg->dir, cfg->log_dir);
	free(cfg->log_dir);
	cfg->log_dir = log_dir;
	if (c.ini)
		iniparser_freedict(c.ini);
	free(text);
	config_scan_free(&c.sc);
	free(c.pkg_of_section);
	free(c.pkg_lines);
	free(c.pkg_key_line);
	free(c.slot_lines);
	if (c.errors) {
		config_free(cfg);
		return -1;
	}
	return 0;
}

void config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->dir);
	free(cfg->name);
	free(cfg->log_dir);
	for (int i = 0; i < cfg->n_packages; i++) {
		struct config_package *p = &cfg->packages[i];
		free(p->name);
		free(p->file);
		free(p->file_name);
		free(p->url);
		free(p->url_shown);
		free(p->from);
		free(p->to);
		free(p->sha256);
	}
	free(cfg->packages);
	for (int i = 0; i < cfg->n_slots; i++) {
		free(cfg->slots[i].label);
		free(cfg->slots[i].usb_path);
	}
	free(cfg->slots);
	free(cfg->db_url);
	memset(cfg, 0, sizeof *cfg);
}
