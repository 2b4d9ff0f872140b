/* --write-config: a station config and the package files that match the population, with
 * the station's time budgets scaled like the modules' behaviour. */
#include "tests/sim/sim.h"

#include <errno.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>

static int write_file(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

#define REBOOT_FLOOR_S 8
/* Real (unscaled) seconds an update can take beyond its scaled time: each of up to five attempts
 * ends with an END the module holds for a second before its reboot (sim_module.c), and a re-plug
 * costs the fixture tens of ms of umockdev work: 2 s an attempt. */
#define UPDATE_EXTRA_S 10

static double at_least(double v, double min)
{
	return v < min ? min : v;
}

int sim_config_write(struct sim *s, const char *dir, char *err, size_t errlen)
{
	char path[4096];
	int slots = 0;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/packages", dir);
	if (mkdir(path, 0777) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	GString *ini = g_string_new("");
	g_string_append_printf(ini, "; written by the emulated fixture: seed %llu, %d devices, "
			       "time scale %g\n\n",
			       (unsigned long long)s->seed, s->nmods, s->scale);
	g_string_append(ini, "[station]\nname = SIM-ST01\nlog_dir = records\nauto_start = yes\n"
			"max_parallel_uploads = 0\n\n");
	g_string_append(ini, "[usb]\nvendor_id = 0x2c7c\nproduct_ids = 0x0800, 0x0801\n"
			"at_interface = 2\n\n");
	for (int i = 0; i < s->npkgs; i++) {
		struct sim_pkg *p = &s->pkgs[i];
		gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, p->zip, p->zip_len);
		snprintf(path, sizeof path, "%s/%s", dir, p->file);
		if (write_file(path, p->zip, p->zip_len, err, errlen) < 0) {
			g_free(sum);
			g_string_free(ini, TRUE);
			return -1;
		}
		g_string_append_printf(ini, "[package %s]\nfile = %s\nfrom = %s\nto = %s\n"
				       "sha256 = %s\n\n",
				       p->name, p->file, p->from, p->to, sum);
		g_free(sum);
	}
	g_string_append(ini, "[slots]\n");
	for (int i = 0; i < s->nmods; i++)
		if (s->mods[i].kind == SIM_KIND_MODULE)
			g_string_append_printf(ini, "%0*d = usb:%s\n", s->nmods > 99 ? 3 : 2, ++slots,
					       s->mods[i].path);
	/* the modules' 90 s and 30 min rules, on the modules' clock; the fixture re-plugs one
	 * module at a time, so 64 rebooting together under a sanitizer on a busy 2-core machine
	 * took up to 5 s to be back and reporting: the reboot budget never goes below 8 s */
	g_string_append_printf(ini, "\n[timing]\ncommand = 5\nupload_idle = 5\nreboot = %.2f\n"
			       "update = %.2f\nprogress = %.2f\n",
			       at_least(90 * s->scale, REBOOT_FLOOR_S), 1800 * s->scale + UPDATE_EXTRA_S,
			       at_least(300 * s->scale, REBOOT_FLOOR_S));
	snprintf(path, sizeof path, "%s/station.ini", dir);
	int rc = write_file(path, ini->str, ini->len, err, errlen);
	g_string_free(ini, TRUE);
	return rc;
}
