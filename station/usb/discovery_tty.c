/* Discovery: the tty of a USB device's AT interface, from sysfs, confirmed by libserialport. */
#include <dirent.h>
#include <errno.h>
#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/usb/discovery.h"
#include "station/base/xalloc.h"
#include "station/base/dir.h"

/* Reads a one-line sysfs attribute without its newline. Returns 0, or -1. */
static int discovery_tty_attr(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* The first entry of dir whose name starts with one of the prefixes, or -1. */
static int discovery_tty_entry(const char *dir, const char *const *prefixes, char *name, size_t size)
{
	DIR *d = dir_open(dir);
	struct dirent *de;
	int rc = -1;
	if (!d)
		return -1;
	while (rc < 0 && (de = readdir(d)))
		for (const char *const *p = prefixes; *p; p++)
			if (strncmp(de->d_name, *p, strlen(*p)) == 0 && strlen(de->d_name) < size) {
				xstrlcpy(name, de->d_name, size);
				rc = 0;
				break;
			}
	closedir(d);
	return rc;
}

int discovery_tty_sysfs(const char *sysfs_root, const char *usb_path, int iface, char *tty, size_t size)
{
	static const char *const usb_serial[] = { "ttyUSB", NULL };
	static const char *const tty_class[] = { "ttyACM", "ttyUSB", NULL };
	char cfgval[16] = "", name[64];
	char *path = xasprintf("%s/bus/usb/devices/%s/bConfigurationValue", sysfs_root, usb_path);
	/* An unconfigured device has an empty value; a device has configuration 1 almost always. */
	int config = discovery_tty_attr(path, cfgval, sizeof cfgval) == 0 ? atoi(cfgval) : 0;
	free(path);
	if (config <= 0)
		config = 1;
	char *dir = xasprintf("%s/bus/usb/devices/%s:%d.%d", sysfs_root, usb_path, config, iface);
	/* usb-serial drivers (option, qcserial) put ttyUSBn/ in the interface, cdc-acm puts tty/ttyACMn. */
	int rc = discovery_tty_entry(dir, usb_serial, name, sizeof name);
	if (rc < 0) {
		char *sub = xasprintf("%s/tty", dir);
		rc = discovery_tty_entry(sub, tty_class, name, sizeof name);
		free(sub);
	}
	free(dir);
	if (rc == 0 && (size_t)snprintf(tty, size, "/dev/%s", name) >= size)
		rc = -1;
	return rc;
}

/* Copies a libserialport string (may be NULL) or a sysfs attribute of the device as a fallback. */
static void discovery_tty_string(char *dst, size_t size, const char *sp_value, const char *usb_path,
				 const char *attr)
{
	if (sp_value && *sp_value) {
		xstrlcpy(dst, sp_value, size);
		return;
	}
	char *path = xasprintf("/sys/bus/usb/devices/%s/%s", usb_path, attr);
	if (discovery_tty_attr(path, dst, size) < 0)
		dst[0] = '\0';
	free(path);
}

int discovery_tty_find(struct discovery_port *port, int iface)
{
	char tty[64];
	struct sp_port *sp = NULL;
	int bus = -1, address = -1;
	if (discovery_tty_sysfs("/sys", port->usb_path, iface, tty, sizeof tty) < 0)
		return -1;
	/* The tty node and its class entry can lag behind the interface folder. */
	if (sp_get_port_by_name(tty, &sp) != SP_OK)
		return -1;
	if (sp_get_port_transport(sp) != SP_TRANSPORT_USB) {
		sp_free_port(sp);
		return -1;
	}
	/* A tty that libserialport places on another device is stale: wait for the right one. */
	if (sp_get_port_usb_bus_address(sp, &bus, &address) == SP_OK &&
	    (bus != port->bus || address != port->address)) {
		sp_free_port(sp);
		return -1;
	}
	xstrlcpy(port->tty, tty, sizeof port->tty);
	discovery_tty_string(port->product, sizeof port->product, sp_get_port_usb_product(sp),
			     port->usb_path, "product");
	discovery_tty_string(port->manufacturer, sizeof port->manufacturer,
			     sp_get_port_usb_manufacturer(sp), port->usb_path, "manufacturer");
	discovery_tty_string(port->serial, sizeof port->serial, sp_get_port_usb_serial(sp),
			     port->usb_path, "serial");
	sp_free_port(sp);
	return 0;
}
