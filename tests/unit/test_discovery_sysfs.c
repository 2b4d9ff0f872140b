/* The sysfs side of the tty lookup, on a fake sysfs tree: usb-serial (ttyUSBn in the interface),
 * cdc-acm (tty/ttyACMn), another configuration value, the wrong interface, nothing yet. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/usb/discovery.h"
#include "tests/unit/check.h"

static char root[64];

static void mk(const char *rel)
{
	char path[256], *p;
	snprintf(path, sizeof path, "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void t_lookup(void)
{
	strcpy(root, "/tmp/test_discovery_sysfs.XXXXXX");
	if (!mkdtemp(root))
		abort();
	mk("bus/usb/devices/1-1.4.2");
	put("bus/usb/devices/1-1.4.2/bConfigurationValue", "1\n");
	mk("bus/usb/devices/1-1.4.2:1.0/ttyUSB5/tty/ttyUSB5");
	mk("bus/usb/devices/1-1.4.2:1.1/ttyUSB6");
	mk("bus/usb/devices/1-1.4.2:1.2/ttyUSB7/tty/ttyUSB7");
	mk("bus/usb/devices/1-1.4.2:1.2/power");
	mk("bus/usb/devices/1-1.4.2:1.3/ttyUSB8");
	mk("bus/usb/devices/1-1.3");
	mk("bus/usb/devices/1-1.3:1.2/tty/ttyACM0");
	mk("bus/usb/devices/2-1");
	put("bus/usb/devices/2-1/bConfigurationValue", "2\n");
	mk("bus/usb/devices/2-1:1.2/ttyUSB11");
	mk("bus/usb/devices/2-1:2.2/ttyUSB12");
	mk("bus/usb/devices/1-1.5:1.2");            /* interface present, tty not yet */
	mk("bus/usb/devices/1-1.6");
	put("bus/usb/devices/1-1.6/bConfigurationValue", "\n");  /* unconfigured: 1 assumed */
	mk("bus/usb/devices/1-1.6:1.2/ttyUSB20");

	static const struct { const char *path; int iface; int rc; const char *tty; } rows[] = {
		{ "1-1.4.2", 2, 0, "/dev/ttyUSB7" },
		{ "1-1.4.2", 0, 0, "/dev/ttyUSB5" },
		{ "1-1.4.2", 3, 0, "/dev/ttyUSB8" },
		{ "1-1.4.2", 4, -1, "" },
		{ "1-1.3", 2, 0, "/dev/ttyACM0" },
		{ "2-1", 2, 0, "/dev/ttyUSB12" },
		{ "1-1.5", 2, -1, "" },
		{ "1-1.6", 2, 0, "/dev/ttyUSB20" },
		{ "1-1.7", 2, -1, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char tty[64] = "";
		check_case("t_lookup[%zu] %s:%d", i, rows[i].path, rows[i].iface);
		CHECK_INT(discovery_tty_sysfs(root, rows[i].path, rows[i].iface, tty, sizeof tty), rows[i].rc);
		if (rows[i].rc == 0)
			CHECK_STR(tty, rows[i].tty);
	}
	char small[8];
	check_case("t_lookup small buffer");
	CHECK_INT(discovery_tty_sysfs(root, "1-1.4.2", 2, small, sizeof small), -1);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK_INT(system(cmd), 0);
}

static void t_port_sort(void)
{
	struct discovery_port p[4] = { { .usb_path = "1-1.10" }, { .usb_path = "1-1.9" },
				       { .usb_path = "2-1" }, { .usb_path = "1-1.1.2" } };
	qsort(p, 4, sizeof p[0], discovery_port_cmp);
	CHECK_STR(p[0].usb_path, "1-1.1.2");
	CHECK_STR(p[1].usb_path, "1-1.9");
	CHECK_STR(p[2].usb_path, "1-1.10");
	CHECK_STR(p[3].usb_path, "2-1");
}

int main(void)
{
	RUN(t_lookup);
	RUN(t_port_sort);
	return check_done();
}
