/* The emulated USB tree: host controllers, hubs and modules as umockdev device records, and
 * the plug / unplug of one module (see TESTBED.md for why each record line is there). */
#include "tests/sim/sim.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <umockdev.h>

static void tty_access(struct sim *s, struct sim_module *m, int master);

#define HUB_PORTS 7

static void fatal_full_bus(int bus)
{
	fprintf(stderr, "fixture: no free address left on bus %d\n", bus);
	abort();
}

static void desc_device(GString *h, uint16_t usb, int cls, uint16_t vid, uint16_t pid,
			uint16_t bcd, int serial)
{
	g_string_append_printf(h, "1201%02x%02x%02x00%02x40%02x%02x%02x%02x%02x%02x"
			       "0102%02x01",
			       usb & 0xff, usb >> 8, cls, cls == 9 ? 1 : 0, vid & 0xff, vid >> 8,
			       pid & 0xff, pid >> 8, bcd & 0xff, bcd >> 8, serial ? 3 : 0);
}

static void desc_config(GString *h, int nif, int total)
{
	g_string_append_printf(h, "0902%02x%02x%02x0100a0fa", total & 0xff, total >> 8, nif);
}

static void desc_iface(GString *h, int num, int neps, int c, int sc, int p)
{
	g_string_append_printf(h, "0904%02x00%02x%02x%02x%02x00", num, neps, c, sc, p);
}

static void desc_ep(GString *h, int addr, int attr, int size, int interval)
{
	g_string_append_printf(h, "0705%02x%02x%02x%02x%02x", addr, attr, size & 0xff,
			       size >> 8, interval);
}

/* The common part of every usb_device block. */
static void block_usb_device(GString *r, const char *syspath, int bus, int devnum, uint16_t vid,
			     uint16_t pid, uint16_t bcd, int cls, int nif, const char *speed,
			     const char *manuf, const char *product, const char *serial,
			     int maxchild, const char *devpath)
{
	g_string_append_printf(r, "P: %s\nN: bus/usb/%03d/%03d\n", syspath, bus, devnum);
	g_string_append_printf(r, "E: DEVNAME=/dev/bus/usb/%03d/%03d\nE: DEVTYPE=usb_device\n"
			       "E: DRIVER=usb\nE: PRODUCT=%x/%x/%x\nE: TYPE=%d/0/0\n"
			       "E: BUSNUM=%03d\nE: DEVNUM=%03d\nE: MAJOR=189\nE: MINOR=%d\n"
			       "E: SUBSYSTEM=usb\n",
			       bus, devnum, vid, pid, bcd, cls, bus, devnum, (bus - 1) * 128 + devnum - 1);
	g_string_append_printf(r, "A: busnum=%d\\n\nA: devnum=%d\\n\nA: idVendor=%04x\\n\n"
			       "A: idProduct=%04x\\n\nA: bcdDevice=%04x\\n\nA: bDeviceClass=%02x\\n\n"
			       "A: bDeviceSubClass=00\\n\nA: bDeviceProtocol=%02x\\n\n"
			       "A: bNumConfigurations=1\\n\nA: bConfigurationValue=1\\n\n"
			       "A: bNumInterfaces=%2d\\n\nA: bmAttributes=a0\\n\nA: bMaxPower=500mA\\n\n"
			       "A: speed=%s\\n\nA: version= 2.00\\n\nA: maxchild=%d\\n\n"
			       "A: devpath=%s\\n\nA: authorized=1\\n\nA: removable=unknown\\n\n",
			       bus, devnum, vid, pid, bcd, cls, cls == 9 ? 1 : 0, nif, speed, maxchild,
			       devpath);
	if (manuf)
		g_string_append_printf(r, "A: manufacturer=%s\\n\n", manuf);
	if (product)
		g_string_append_printf(r, "A: product=%s\\n\n", product);
	if (serial)
		g_string_append_printf(r, "A: serial=%s\\n\n", serial);
}

static void block_iface(GString *r, const char *syspath, const char *name, int num, int neps,
			int c, int sc, int p, const char *driver)
{
	g_string_append_printf(r, "\nP: %s/%s:1.%d\nE: DEVTYPE=usb_interface\nE: SUBSYSTEM=usb\n"
			       "E: INTERFACE=%d/%d/%d\n",
			       syspath, name, num, c, sc, p);
	if (driver)
		g_string_append_printf(r, "E: DRIVER=%s\n", driver);
	g_string_append_printf(r, "A: bInterfaceNumber=%02x\\n\nA: bAlternateSetting= 0\\n\n"
			       "A: bNumEndpoints=%02x\\n\nA: bInterfaceClass=%02x\\n\n"
			       "A: bInterfaceSubClass=%02x\\n\nA: bInterfaceProtocol=%02x\\n\n"
			       "A: authorized=1\\n\n",
			       num, neps, c, sc, p);
}

static void hub_record(GString *r, const char *syspath, const char *name, int bus, int devnum,
		       int root)
{
	GString *h = g_string_new("");
	char devpath[32];
	const char *d = strchr(name, '-');
	snprintf(devpath, sizeof devpath, "%s", root ? "0" : (d ? d + 1 : name));
	if (root)
		desc_device(h, 0x0200, 9, 0x1d6b, 0x0002, 0x0601, 1);
	else
		desc_device(h, 0x0200, 9, 0x2109, 0x2817, 0x0100, 1);
	desc_config(h, 1, 9 + 9 + 7);
	desc_iface(h, 0, 1, 9, 0, 0);
	desc_ep(h, 0x81, 3, 2, 12);
	block_usb_device(r, syspath, bus, devnum, root ? 0x1d6b : 0x2109, root ? 0x0002 : 0x2817,
			 root ? 0x0601 : 0x0100, 9, 1, "480",
			 root ? "Linux 6.1.0 xhci-hcd" : "VIA Labs, Inc.",
			 root ? "xHCI Host Controller" : "USB2.0 Hub",
			 root ? (bus == 1 ? "0000:00:14.0" : "0000:00:15.0") : NULL, HUB_PORTS, devpath);
	g_string_append_printf(r, "H: descriptors=%s\n", h->str);
	block_iface(r, syspath, name, 0, 1, 9, 0, 0, "hub");
	g_string_append(r, "\n");
	g_string_free(h, TRUE);
}

/* Taken around everything that sends uevents: libsimtty.so renames a listener's socket
 * under the same lock, so umockdev never finds a name that is gone when it connects. */
static int uevent_lock(struct sim *s)
{
	char path[4096];
	gchar *root = umockdev_testbed_get_root_dir(s->tb);
	snprintf(path, sizeof path, "%s/event-lock", root);
	g_free(root);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	return fd;
}

static void uevent_unlock(int fd)
{
	if (fd >= 0)
		syscall(SYS_close, fd);
}

static int tb_add(struct sim *s, const char *text, char *err, size_t errlen)
{
	GError *e = NULL;
	int lock = uevent_lock(s);
	gboolean ok = umockdev_testbed_add_from_string(s->tb, text, &e);
	uevent_unlock(lock);
	if (!ok) {
		snprintf(err, errlen, "umockdev refused a record: %s", e ? e->message : "?");
		if (e)
			g_error_free(e);
		return -1;
	}
	return 0;
}

static const char *pci_of(int bus)
{
	return bus == 1 ? "/devices/pci0000:00/0000:00:14.0" : "/devices/pci0000:00/0000:00:15.0";
}

/* The position of the i-th device: one 7-port hub for a few, two tiers of 7-port hubs
 * (49 ports) per host controller beyond that. */
static void position(int i, int total, int *bus, char *path, size_t len, char *hub, size_t hlen)
{
	if (total <= HUB_PORTS) {
		*bus = 1;
		snprintf(path, len, "1-1.%d", i + 1);
		snprintf(hub, hlen, "1-1");
		return;
	}
	*bus = i / (HUB_PORTS * HUB_PORTS) + 1;
	int j = i % (HUB_PORTS * HUB_PORTS);
	snprintf(path, len, "%d-1.%d.%d", *bus, j / HUB_PORTS + 1, j % HUB_PORTS + 1);
	snprintf(hub, hlen, "%d-1.%d", *bus, j / HUB_PORTS + 1);
}

/* The sysfs path of a device from its name (1-1.2.3): each prefix is a parent. */
static void syspath_of(const char *name, int bus, char *out, size_t len)
{
	int n = snprintf(out, len, "%s/usb%d", pci_of(bus), bus);
	for (const char *p = strchr(name, '.'); p; p = strchr(p + 1, '.'))
		n += snprintf(out + n, len - n, "/%.*s", (int)(p - name), name);
	snprintf(out + n, len - n, "/%s", name);
}

/* The next free address on the bus, wrapping at 127 like the kernel, never one in use. */
static int alloc_devnum(struct sim *s, int bus)
{
	for (int tries = 0; tries < 127; tries++) {
		int d = s->next_devnum[bus]++;
		if (s->next_devnum[bus] > 127)
			s->next_devnum[bus] = 2;
		if (!s->devnum_used[bus][d]) {
			s->devnum_used[bus][d] = 1;
			return d;
		}
	}
	fatal_full_bus(bus);
	return -1;
}

/* Adds a hub and, first, its parents, unless the testbed has it already. */
static int ensure_hub(struct sim *s, int bus, const char *name, char *err, size_t errlen)
{
	char sp[160], probe[320];
	syspath_of(name, bus, sp, sizeof sp);
	gchar *root = umockdev_testbed_get_root_dir(s->tb);
	snprintf(probe, sizeof probe, "%s/sys%s", root, sp);
	g_free(root);
	if (access(probe, F_OK) == 0)
		return 0;
	const char *dot = strrchr(name, '.');
	if (dot) {
		char parent[32];
		snprintf(parent, sizeof parent, "%.*s", (int)(dot - name), name);
		if (ensure_hub(s, bus, parent, err, errlen) < 0)
			return -1;
	}
	GString *r = g_string_new("");
	hub_record(r, sp, name, bus, alloc_devnum(s, bus), 0);
	int rc = tb_add(s, r->str, err, errlen);
	g_string_free(r, TRUE);
	return rc;
}

void sim_tree_layout(struct sim *s)
{
	char hub[32];
	for (int i = 0; i < s->nmods; i++) {
		struct sim_module *m = &s->mods[i];
		position(i, s->nmods, &m->bus, m->path, sizeof m->path, hub, sizeof hub);
		syspath_of(m->path, m->bus, m->syspath, sizeof m->syspath);
	}
}

int sim_tree_build(struct sim *s, char *err, size_t errlen)
{
	int buses = 0;
	char hub[32];
	for (int i = 0; i < s->nmods; i++) {
		struct sim_module *m = &s->mods[i];
		position(i, s->nmods, &m->bus, m->path, sizeof m->path, hub, sizeof hub);
		while (m->bus > buses) {
			char sp[96], ifname[16];
			buses++;
			GString *r = g_string_new("");
			snprintf(sp, sizeof sp, "%s/usb%d", pci_of(buses), buses);
			snprintf(ifname, sizeof ifname, "%d-0", buses);
			s->next_devnum[buses] = 1;
			hub_record(r, sp, ifname, buses, alloc_devnum(s, buses), 1);
			int rc = tb_add(s, r->str, err, errlen);
			g_string_free(r, TRUE);
			if (rc < 0)
				return -1;
		}
		if (ensure_hub(s, m->bus, hub, err, errlen) < 0)
			return -1;
	}
	for (int i = 0; i < s->nmods; i++) {
		struct sim_fault *late = sim_module_fault(&s->mods[i], FAULT_LATE);
		if (late) {
			/* Plugged in later, by hand: it boots as a module put into a port does. */
			sim_module_event(s, &s->mods[i], sim_now() + (int64_t)late->b * 1000000, EV_PLUG, 0, NULL);
			continue;
		}
		if (sim_tree_plug(s, &s->mods[i]) < 0) {
			snprintf(err, errlen, "could not add module %s", s->mods[i].path);
			return -1;
		}
	}
	return 0;
}

/* /dev/serial/by-path/<pci>-usb-0:<ports>:1.<i>-port0, as udev names it: published on plug,
 * removed on unplug, so a host can find a module's ports by its physical path. */
static void by_path(struct sim *s, const struct sim_module *m, int i, int add)
{
	char dir[4096], link[4400], target[64];
	gchar *root = umockdev_testbed_get_root_dir(s->tb);
	snprintf(dir, sizeof dir, "%s/dev/serial/by-path", root);
	g_free(root);
	snprintf(link, sizeof link, "%s/pci-%s-usb-0:%s:1.%d-port0", dir,
		 m->bus == 1 ? "0000:00:14.0" : "0000:00:15.0", strchr(m->path, '-') + 1, i);
	if (!add) {
		unlink(link);
		return;
	}
	g_mkdir_with_parents(dir, 0755);
	snprintf(target, sizeof target, "../../%s", m->tty[i].name);
	unlink(link);
	if (symlink(target, link) < 0)
		sim_log(s, m, "error by-path link %s: %s", link, strerror(errno));
}

/* Adds the module's records (usb_device, interfaces, usb-serial ports, ttys) and opens the
 * pty masters of its ttys. Each plug takes fresh tty names: umockdev cannot reuse one. */
int sim_tree_plug(struct sim *s, struct sim_module *m)
{
	GString *r = g_string_new(""), *h = g_string_new("");
	const char *leaf = strrchr(m->syspath, '/') + 1;
	char err[256];
	/* the moment the module goes in, before its uevents: hotplug latency is measured from here
	 * (the "plug" line comes after the records are written and the station may already be
	 * talking to the module) */
	sim_log(s, m, "plugging mono_ms=%lld", (long long)(sim_now() / 1000000));
	m->devnum = alloc_devnum(s, m->bus);
	if (m->kind == SIM_KIND_EDL) {
		desc_device(h, 0x0200, 0, m->vid, m->pid, 0x0000, 1);
		desc_config(h, 1, 9 + 9 + 14);
		desc_iface(h, 0, 2, 0xff, 0xff, 0x10);
		desc_ep(h, 0x81, 2, 512, 0);
		desc_ep(h, 0x01, 2, 512, 0);
		block_usb_device(r, m->syspath, m->bus, m->devnum, m->vid, m->pid, 0, 0, 1, "480",
				 "Qualcomm CDMA Technologies MSM", "QUSB__BULK", NULL, 0,
				 m->path + 2);
		g_string_append_printf(r, "H: descriptors=%s\n", h->str);
		block_iface(r, m->syspath, leaf, 0, 2, 0xff, 0xff, 0x10, NULL);
	} else {
		static const struct { int c, sc, p, neps; } ifs[5] = {
			{ 0xff, 0xff, 0x30, 2 }, { 0xff, 0x00, 0x00, 3 }, { 0xff, 0x00, 0x00, 3 },
			{ 0xff, 0x00, 0x00, 3 }, { 0xff, 0xff, 0x50, 3 },
		};
		desc_device(h, 0x0200, 0, m->vid, m->pid, 0x0414, 1);
		desc_config(h, 5, 9 + 5 * 9 + (2 + 4 * 3) * 7);
		for (int i = 0; i < 5; i++) {
			desc_iface(h, i, ifs[i].neps, ifs[i].c, ifs[i].sc, ifs[i].p);
			if (ifs[i].neps == 3)
				desc_ep(h, 0x80 | (2 * i + 1), 3, 16, 9);
			desc_ep(h, 0x80 | (2 * i + 2), 2, 512, 0);
			desc_ep(h, 2 + i, 2, 512, 0);
		}
		block_usb_device(r, m->syspath, m->bus, m->devnum, m->vid, m->pid, 0x0414, 0, 5,
				 "480", "Quectel", m->model, m->serial, 0, m->path + 2);
		g_string_append_printf(r, "H: descriptors=%s\n", h->str);
		for (int i = 0; i < 5; i++)
			block_iface(r, m->syspath, leaf, i, ifs[i].neps, ifs[i].c, ifs[i].sc, ifs[i].p,
				    i == 4 ? "qmi_wwan" : "option");
		for (int i = 0; i < SIM_TTYS; i++) {
			struct sim_tty *tt = &m->tty[i];
			int n = s->next_tty++;
			snprintf(tt->name, sizeof tt->name, "ttyUSB%d", n);
			g_string_append_printf(r, "\nP: %s/%s:1.%d/%s\nE: DRIVER=option1\n"
					       "E: SUBSYSTEM=usb-serial\nA: port_number=0\\n\n",
					       m->syspath, leaf, i, tt->name);
			g_string_append_printf(r, "\nP: %s/%s:1.%d/%s/tty/%s\nN: %s\n"
					       "E: DEVNAME=/dev/%s\nE: SUBSYSTEM=tty\nE: MAJOR=188\n"
					       "E: MINOR=%d\nL: device=../../../%s\nA: dev=188:%d\\n\n",
					       m->syspath, leaf, i, tt->name, tt->name, tt->name, tt->name,
					       n, tt->name, n);
		}
	}
	int rc = tb_add(s, r->str, err, sizeof err);
	g_string_free(r, TRUE);
	g_string_free(h, TRUE);
	if (rc < 0) {
		sim_log(s, m, "error %s", err);
		return -1;
	}
	if (m->kind == SIM_KIND_MODULE) {
		for (int i = 0; i < SIM_TTYS; i++) {
			struct sim_tty *tt = &m->tty[i];
			char dev[32];
			snprintf(dev, sizeof dev, "/dev/%s", tt->name);
			tt->master = umockdev_testbed_get_dev_fd(s->tb, dev);
			tty_access(s, m, tt->master);
			if (tt->master >= 0) {
				fcntl(tt->master, F_SETFL, fcntl(tt->master, F_GETFL) | O_NONBLOCK);
				fcntl(tt->master, F_SETFD, FD_CLOEXEC);
			}
			tt->hup = 1;
			tt->line_len = 0;
			tt->out_len = 0;
			tt->holding = 0;
			tt->hold_len = 0;
			by_path(s, m, i, 1);
		}
	}
	m->present = 1;
	m->plugs++;
	sim_log(s, m, "plug devnum=%d tty=%s", m->devnum,
		m->kind == SIM_KIND_MODULE ? m->tty[SIM_AT_IFACE].name : "-");
	return 0;
}

/* What a udev rule does on a real host: the tty to root:<gid> 0660. Raw system calls on the pty
 * itself: the preload would rewrite a /dev path. Without --tty-group (or with the noaccess fault)
 * the pty stays as created (the fixture's user only, 0600), like a port no rule matched. */
static void tty_access(struct sim *s, struct sim_module *m, int master)
{
	char name[64];
	if (s->tty_gid < 0 || master < 0 || ptsname_r(master, name, sizeof name) != 0)
		return;
	for (int k = 0; k < m->nfaults; k++)
		if (m->faults[k].kind == FAULT_NOACCESS)
			return;
	syscall(SYS_fchownat, AT_FDCWD, name, 0, s->tty_gid, 0);
	syscall(SYS_fchmodat, AT_FDCWD, name, 0660);
}

/* Hangs up every open file of a tty, as a real unplug does (the testbed's removal does not). */
static void vhangup_tty(int master)
{
	char name[64];
	if (master < 0 || ptsname_r(master, name, sizeof name) != 0)
		return;
	/* raw system calls: the preload would track this fd in a table of 50 and abort */
	int fd = (int)syscall(SYS_openat, AT_FDCWD, name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	syscall(SYS_ioctl, fd, TIOCVHANGUP, 0);
	syscall(SYS_close, fd);
}

/* Removes the module leaf to root after its remove uevents; the masters stay open (closing
 * one would make a later add abort inside libumockdev) but are no longer polled. */
void sim_tree_unplug(struct sim *s, struct sim_module *m)
{
	char p[256];
	const char *leaf = strrchr(m->syspath, '/') + 1;
	if (!m->present)
		return;
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	if (m->kind == SIM_KIND_MODULE) {
		for (int i = 0; i < SIM_TTYS; i++) {
			struct sim_tty *tt = &m->tty[i];
			g_ptr_array_add(paths, g_strdup_printf("/sys%s/%s:1.%d/%s/tty/%s", m->syspath,
							       leaf, i, tt->name, tt->name));
			g_ptr_array_add(paths, g_strdup_printf("/sys%s/%s:1.%d/%s", m->syspath, leaf, i,
							       tt->name));
		}
		for (int i = 4; i >= 0; i--)
			g_ptr_array_add(paths, g_strdup_printf("/sys%s/%s:1.%d", m->syspath, leaf, i));
	} else {
		g_ptr_array_add(paths, g_strdup_printf("/sys%s/%s:1.0", m->syspath, leaf));
	}
	snprintf(p, sizeof p, "/sys%s", m->syspath);
	g_ptr_array_add(paths, g_strdup(p));
	int lock = uevent_lock(s);
	for (guint i = 0; i < paths->len; i++)
		umockdev_testbed_uevent(s->tb, g_ptr_array_index(paths, i), "remove");
	for (guint i = 0; i < paths->len; i++)
		umockdev_testbed_remove_device(s->tb, g_ptr_array_index(paths, i));
	uevent_unlock(lock);
	g_ptr_array_free(paths, TRUE);
	if (m->kind == SIM_KIND_MODULE)
		for (int i = 0; i < SIM_TTYS; i++) {
			struct sim_tty *tt = &m->tty[i];
			by_path(s, m, i, 0);
			vhangup_tty(tt->master);
			/* drain what the host had written; the port is gone */
			uint8_t junk[4096];
			while (tt->master >= 0 && read(tt->master, junk, sizeof junk) > 0)
				;
			tt->master = -1;
			tt->out_len = 0;
			tt->holding = 0;
			tt->hold_len = 0;
			tt->line_len = 0;
			tt->hup = 1;
		}
	m->present = 0;
	s->devnum_used[m->bus][m->devnum] = 0;
	sim_log(s, m, "unplug");
}
