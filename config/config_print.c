/* config_print: the effective config, defaults included, as INI text an engineer can read. */
#include "config/config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "config/config_path.h"

/* Seconds from milliseconds without trailing zeros: 5000 -> "5", 500 -> "0.5". */
static void config_print_seconds(FILE *out, const char *key, int64_t ms)
{
	if (ms % 1000 == 0)
		fprintf(out, "%-12s = %" PRId64 "\n", key, ms / 1000);
	else if (ms % 100 == 0)
		fprintf(out, "%-12s = %" PRId64 ".%" PRId64 "\n", key, ms / 1000, ms % 1000 / 100);
	else if (ms % 10 == 0)
		fprintf(out, "%-12s = %" PRId64 ".%02" PRId64 "\n", key, ms / 1000, ms % 1000 / 10);
	else
		fprintf(out, "%-12s = %" PRId64 ".%03" PRId64 "\n", key, ms / 1000, ms % 1000);
}

void config_print(const struct config *cfg, FILE *out)
{
	char *dir = config_path_shown(cfg->dir, NULL), *log_dir = config_path_shown(cfg->log_dir, NULL);
	fprintf(out, "; effective config of %s (sha256 %s)\n", cfg->path, cfg->sha256);
	fprintf(out, "; paths resolved against the config file's folder %s\n", dir);
	fprintf(out, "[station]\nname = %s\nlog_dir = %s\nauto_start = %s\n"
		"max_parallel_uploads = %d\nbell = %s\nmax_package_mb = %llu\nport_lost_timeouts = %d\n\n",
		cfg->name, log_dir, cfg->auto_start ? "yes" : "no", cfg->max_parallel_uploads,
		cfg->bell ? "yes" : "no", (unsigned long long)(cfg->max_package_bytes >> 20),
		cfg->port_lost_timeouts);
	free(dir);
	free(log_dir);
	fprintf(out, "[usb]\nvendor_id = 0x%04x\nproduct_ids = ", cfg->vendor_id);
	for (int i = 0; i < cfg->n_product_ids; i++)
		fprintf(out, "%s0x%04x", i ? ", " : "", cfg->product_ids[i]);
	fprintf(out, "\nat_interface = %d\n\n", cfg->at_interface);
	for (int i = 0; i < cfg->n_packages; i++) {
		const struct config_package *p = &cfg->packages[i];
		/* a URL is printed with its password masked: this text is shown and kept */
		char *file = p->url ? NULL : config_path_shown(p->file, NULL);
		fprintf(out, "[package%s%s]\n%s = %s\nfrom = %s\nto = %s\n", p->name[0] ? " " : "",
			p->name, p->url ? "url" : "file", p->url ? p->url_shown : file, p->from, p->to);
		free(file);
		if (p->sha256[0])
			fprintf(out, "sha256 = %s\n", p->sha256);
		if (p->downgrade)
			fprintf(out, "downgrade = yes\n");
		fputc('\n', out);
	}
	fprintf(out, "[slots]\n");
	if (cfg->slots_auto)
		fprintf(out, "auto = yes\n");
	for (int i = 0; i < cfg->n_slots; i++)
		fprintf(out, "%s = usb:%s\n", cfg->slots[i].label, cfg->slots[i].usb_path);
	fprintf(out, "\n[timing]\n");
	config_print_seconds(out, "command", cfg->command_ms);
	config_print_seconds(out, "upload_idle", cfg->upload_idle_ms);
	config_print_seconds(out, "reboot", cfg->reboot_ms);
	config_print_seconds(out, "update", cfg->update_ms);
	config_print_seconds(out, "progress", cfg->progress_ms);
	/* The URL holds no password (the loader refuses one), so it can be shown. */
	if (cfg->db_url)
		fprintf(out, "\n[database]\nurl = %s\n", cfg->db_url);
}
