/* Discovery: which modules are on the fixture, where (physical USB path = slot), and which tty
 * carries their AT port. libusb finds the devices (hotplug with enumeration, vendor and product ids
 * from the caller as plain values, bus and port numbers for the path, descriptors to rule out
 * download mode); sysfs names the tty of the configured interface (<sysfs>/bus/usb/devices/<path>:<cfg>.<iface>/,
 * a ttyUSB* entry or tty/ttyACM*), and libserialport confirms it belongs to that device's USB bus
 * and address and gives its USB strings.
 *
 * Thread contract: discovery_start runs one discovery thread; the callback is called on it, one
 * event at a time. discovery_list is independent (own libusb context) and may run on any thread. */
#ifndef DISCOVERY_H
#define DISCOVERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/usb/usb_path.h"

#define DISCOVERY_MAX_PRODUCTS 8

/* Which devices are modules and which interface is their AT port. */
struct discovery_match {
	uint16_t vendor_id;
	uint16_t product_ids[DISCOVERY_MAX_PRODUCTS];
	int n_product_ids;
	int at_interface;
};

struct discovery_port {
	char usb_path[32];      /* physical path "1-1.4.2" from bus + port numbers */
	char tty[64];           /* "/dev/ttyUSB7": the tty of the configured AT interface */
	uint16_t vendor_id, product_id;
	uint8_t bus, address;
	char product[64], serial[64], manufacturer[64];
	/* Only from discovery_list_all: the device is in download (EDL) mode (tty is then ""). */
	bool download_mode;
};
enum discovery_event {
	DISCOVERY_ARRIVED,      /* the device and the tty of its AT interface are there */
	DISCOVERY_NO_TTY,       /* the device is there, its AT interface has no tty (port.tty "") */
	DISCOVERY_LEFT,         /* a device reported ARRIVED or NO_TTY went */
};
typedef void (*discovery_cb)(void *ctx, enum discovery_event ev, const struct discovery_port *port);

/* How long the AT tty of a new device may take to appear before discovery gives up on it. */
#define DISCOVERY_TTY_WAIT_MS 5000

struct discovery;

/* Starts the discovery thread: libusb hotplug (with ENUMERATE) filtered by match's vendor and
   product ids. ARRIVED is reported once the AT tty of that device exists (it may appear a moment
   after the USB device: looked for every 50 ms for up to DISCOVERY_TTY_WAIT_MS). A device whose
   tty has not appeared by then is reported NO_TTY (the slot shows it and records the unit), and
   looked for once a second after that: ARRIVED follows if the tty appears after all (a driver
   bound late). LEFT when a reported device goes.
   The tty is looked for in sysfs, not through udev's events: libusb already delivers the device
   events, the look-up costs a few directory reads and runs only while a device lacks its tty,
   and one event source means no ordering to reconcile between two (a tty event before or after
   its device's).
   Callbacks run on the discovery thread, one at a time, and must not block long. A device in
   download (EDL) mode (single ff/ff/10 interface) is never reported. match is copied.
   Returns NULL with a reason (then exit status 3). */
struct discovery *discovery_start(const struct discovery_match *match, discovery_cb cb, void *ctx,
				  char *err, size_t errlen);
/* Stops and joins the thread (within about 100 ms); no callback runs after it returns. */
void discovery_stop(struct discovery *d);

/* One-shot list of the modules present now, sorted by USB path (station run --once, auto = yes).
   A device whose AT tty has not appeared is waited for briefly, then listed with tty "" (it is a
   module in a slot all the same); download-mode devices are left out. Returns the count (>= 0)
   with *ports allocated (free()), or -1 with a reason. */
int discovery_list(const struct discovery_match *match, struct discovery_port **ports, char *err, size_t errlen);
/* The same, and devices in download mode too (download_mode true), so an engineer sees them in
   station scan. */
int discovery_list_all(const struct discovery_match *match, struct discovery_port **ports, char *err, size_t errlen);

/* Finds the tty of interface iface of the USB device at usb_path in the sysfs tree at sysfs_root
   ("/sys"): writes "/dev/<name>" into tty. Returns 0, or -1 when there is none (yet). */
int discovery_tty_sysfs(const char *sysfs_root, const char *usb_path, int iface, char *tty, size_t size);
/* Completes port (usb_path, bus, address set) with the tty of interface iface and the USB strings,
   confirmed through libserialport. Returns 0, or -1 when the tty is not (yet) there. */
int discovery_tty_find(struct discovery_port *port, int iface);

/* qsort comparator over struct discovery_port by usb_path_cmp. */
int discovery_port_cmp(const void *a, const void *b);
#endif
