/* Discovery: libusb devices and hotplug, turned into slot ports (see discovery.h). */
#include "station/usb/discovery.h"

#include <errno.h>
#include <libusb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "station/base/clock.h"
#include "station/usb/usb_desc.h"
#include "station/base/xalloc.h"

/* How long one libusb event wait lasts: bounds the retry cadence of tty lookups. */
#define DISCOVERY_POLL_MS 50

/* A device the hotplug callback handed over, waiting for the discovery thread. */
struct discovery_ev {
	libusb_hotplug_event what;
	libusb_device *dev;        /* referenced */
};

/* How often the tty of a device reported NO_TTY is looked for again. */
#define DISCOVERY_LATE_TTY_MS 1000

/* A device being tracked: waiting for its tty, or reported. */
struct discovery_dev {
	libusb_device *dev;        /* referenced */
	struct discovery_port port;
	int64_t give_up_ms;        /* monotonic; NO_TTY after this */
	int64_t next_look_ms;      /* after NO_TTY: when to look for a late tty again */
	bool reported;             /* ARRIVED was sent */
	bool no_tty;               /* NO_TTY was sent */
};

struct discovery {
	struct discovery_match match;   /* a copy: the caller's may go away */
	discovery_cb cb;
	void *cb_ctx;
	libusb_context *usb;
	libusb_hotplug_callback_handle hotplug;
	pthread_t thread;
	atomic_bool stop;
	/* Both owned by whichever thread runs libusb events: discovery_start during registration
	   (ENUMERATE), then only the discovery thread. */
	struct discovery_ev *queue;
	int n_queue, cap_queue;
	struct discovery_dev *devs;
	int n_devs, cap_devs;
};

int discovery_port_cmp(const void *a, const void *b)
{
	const struct discovery_port *pa = a, *pb = b;
	return usb_path_cmp(pa->usb_path, pb->usb_path);
}

static bool discovery_product_wanted(const struct discovery_match *match, uint16_t vid, uint16_t pid)
{
	if (vid != match->vendor_id)
		return false;
	for (int i = 0; i < match->n_product_ids; i++)
		if (match->product_ids[i] == pid)
			return true;
	return false;
}

/* The interface summary of the active configuration (the first one if none is active). */
static int discovery_desc(libusb_device *dev, struct usb_desc *out)
{
	struct libusb_config_descriptor *cd = NULL;
	memset(out, 0, sizeof *out);
	if (libusb_get_active_config_descriptor(dev, &cd) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cd) != 0)
		return -1;
	out->config_value = cd->bConfigurationValue;
	out->n_ifaces = cd->bNumInterfaces;
	for (int i = 0; i < cd->bNumInterfaces && i < USB_DESC_MAX_IFACES; i++) {
		const struct libusb_interface *it = &cd->interface[i];
		if (it->num_altsetting < 1)
			continue;
		const struct libusb_interface_descriptor *alt = &it->altsetting[0];
		out->ifaces[i] = (struct usb_desc_iface){ .number = alt->bInterfaceNumber,
			.cls = alt->bInterfaceClass, .subclass = alt->bInterfaceSubClass,
			.protocol = alt->bInterfaceProtocol };
	}
	libusb_free_config_descriptor(cd);
	return 0;
}

/* Fills what libusb knows about a device. Returns 1 for a wanted module, 0 to ignore it (other
 * product, no port path). download_mode is set for a device in EDL mode. */
static int discovery_identify(const struct discovery_match *match, libusb_device *dev, struct discovery_port *p)
{
	struct libusb_device_descriptor dd;
	uint8_t ports[USB_PATH_MAX_PORTS];
	struct usb_desc desc;
	memset(p, 0, sizeof *p);
	if (libusb_get_device_descriptor(dev, &dd) != 0 ||
	    !discovery_product_wanted(match, dd.idVendor, dd.idProduct))
		return 0;
	int n = libusb_get_port_numbers(dev, ports, (int)sizeof ports);
	p->bus = libusb_get_bus_number(dev);
	p->address = libusb_get_device_address(dev);
	if (n < 1 || usb_path_format(p->bus, ports, n, p->usb_path, sizeof p->usb_path) < 0)
		return 0;
	p->vendor_id = dd.idVendor;
	p->product_id = dd.idProduct;
	p->download_mode = discovery_desc(dev, &desc) == 0 && usb_desc_is_edl(&desc);
	return 1;
}

/* Runs on whichever thread handles libusb events: only queues the device. */
static int LIBUSB_CALL discovery_hotplug(libusb_context *usb, libusb_device *dev,
					 libusb_hotplug_event what, void *arg)
{
	struct discovery *d = arg;
	(void)usb;
	if (d->n_queue == d->cap_queue)
		d->queue = xrealloc(d->queue, (size_t)(d->cap_queue = d->cap_queue ? d->cap_queue * 2 : 64) *
				    sizeof *d->queue);
	d->queue[d->n_queue++] = (struct discovery_ev){ .what = what, .dev = libusb_ref_device(dev) };
	return 0;
}

static struct discovery_dev *discovery_find(struct discovery *d, libusb_device *dev)
{
	for (int i = 0; i < d->n_devs; i++)
		if (d->devs[i].dev == dev)
			return &d->devs[i];
	return NULL;
}

static void discovery_arrived(struct discovery *d, libusb_device *dev)
{
	struct discovery_port p;
	if (discovery_find(d, dev) || !discovery_identify(&d->match, dev, &p) || p.download_mode)
		return;
	if (d->n_devs == d->cap_devs)
		d->devs = xrealloc(d->devs, (size_t)(d->cap_devs = d->cap_devs ? d->cap_devs * 2 : 64) *
				   sizeof *d->devs);
	d->devs[d->n_devs++] = (struct discovery_dev){ .dev = libusb_ref_device(dev), .port = p,
		.give_up_ms = clock_mono_ms() + DISCOVERY_TTY_WAIT_MS };
}

static void discovery_left(struct discovery *d, libusb_device *dev)
{
	struct discovery_dev *t = discovery_find(d, dev);
	if (!t)
		return;
	struct discovery_dev gone = *t;
	*t = d->devs[--d->n_devs];
	if (gone.reported || gone.no_tty)
		d->cb(d->cb_ctx, DISCOVERY_LEFT, &gone.port);
	libusb_unref_device(gone.dev);
}

/* Handles queued hotplug events in order, then looks again for the ttys still missing. Returns
 * true while some device is still within its DISCOVERY_TTY_WAIT_MS. */
static bool discovery_process(struct discovery *d)
{
	for (int i = 0; i < d->n_queue; i++) {
		struct discovery_ev *ev = &d->queue[i];
		if (ev->what == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
			discovery_arrived(d, ev->dev);
		else
			discovery_left(d, ev->dev);
		libusb_unref_device(ev->dev);
	}
	d->n_queue = 0;
	bool waiting = false;
	int64_t now = clock_mono_ms();
	for (int i = 0; i < d->n_devs; i++) {
		struct discovery_dev *t = &d->devs[i];
		if (t->reported || (t->no_tty && now < t->next_look_ms))
			continue;
		if (discovery_tty_find(&t->port, d->match.at_interface) == 0) {
			t->reported = true;
			d->cb(d->cb_ctx, DISCOVERY_ARRIVED, &t->port);
		} else if (t->no_tty) {
			t->next_look_ms = now + DISCOVERY_LATE_TTY_MS;
		} else if (now >= t->give_up_ms) {
			t->no_tty = true;
			t->next_look_ms = now + DISCOVERY_LATE_TTY_MS;
			d->cb(d->cb_ctx, DISCOVERY_NO_TTY, &t->port);
		} else {
			waiting = true;
		}
	}
	return waiting;
}

static void *discovery_thread(void *arg)
{
	struct discovery *d = arg;
	bool waiting = discovery_process(d);
	while (!atomic_load(&d->stop)) {
		/* Short waits while a tty is awaited; longer ones otherwise. discovery_stop interrupts. */
		struct timeval tv = { .tv_sec = 0, .tv_usec = (waiting ? DISCOVERY_POLL_MS : 4 * DISCOVERY_POLL_MS) * 1000 };
		libusb_handle_events_timeout_completed(d->usb, &tv, NULL);
		waiting = discovery_process(d);
	}
	return NULL;
}

/* Opens a libusb context, with words an engineer can act on when that fails. */
static libusb_context *discovery_usb_open(char *err, size_t errlen)
{
	libusb_context *usb = NULL;
	int rc = libusb_init(&usb);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start USB discovery: libusb_init failed: %s; check that this "
			 "machine has USB and that this user may open the devices under /dev/bus/usb",
			 libusb_strerror(rc));
		return NULL;
	}
	return usb;
}

struct discovery *discovery_start(const struct discovery_match *match, discovery_cb cb, void *ctx,
				  char *err, size_t errlen)
{
	libusb_context *usb = discovery_usb_open(err, errlen);
	if (!usb)
		return NULL;
	if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
		snprintf(err, errlen, "cannot start USB discovery: this libusb has no hotplug support");
		libusb_exit(usb);
		return NULL;
	}
	struct discovery *d = xcalloc(1, sizeof *d);
	d->match = *match;
	d->cb = cb;
	d->cb_ctx = ctx;
	d->usb = usb;
	atomic_init(&d->stop, false);
	/* Matching on the vendor only: the product ids are a list, checked in discovery_identify. */
	int rc = libusb_hotplug_register_callback(usb,
		LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
		LIBUSB_HOTPLUG_ENUMERATE, match->vendor_id, LIBUSB_HOTPLUG_MATCH_ANY,
		LIBUSB_HOTPLUG_MATCH_ANY, discovery_hotplug, d, &d->hotplug);
	if (rc != LIBUSB_SUCCESS) {
		snprintf(err, errlen, "cannot start USB discovery: hotplug registration failed: %s",
			 libusb_strerror(rc));
		goto fail;
	}
	rc = pthread_create(&d->thread, NULL, discovery_thread, d);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start USB discovery: no thread: %s", strerror(rc));
		libusb_hotplug_deregister_callback(usb, d->hotplug);
		goto fail;
	}
	return d;
fail:
	for (int i = 0; i < d->n_queue; i++)
		libusb_unref_device(d->queue[i].dev);
	free(d->queue);
	free(d);
	libusb_exit(usb);
	return NULL;
}

void discovery_stop(struct discovery *d)
{
	if (!d)
		return;
	atomic_store(&d->stop, true);
	libusb_interrupt_event_handler(d->usb);
	pthread_join(d->thread, NULL);
	libusb_hotplug_deregister_callback(d->usb, d->hotplug);
	for (int i = 0; i < d->n_queue; i++)
		libusb_unref_device(d->queue[i].dev);
	for (int i = 0; i < d->n_devs; i++)
		libusb_unref_device(d->devs[i].dev);
	free(d->queue);
	free(d->devs);
	libusb_exit(d->usb);
	free(d);
}

/* How long discovery_list waits for ttys of devices that are present but not yet complete. */
#define DISCOVERY_LIST_WAIT_MS 2000

static int discovery_list_ex(const struct discovery_match *match, bool all, struct discovery_port **out,
			     char *err, size_t errlen)
{
	libusb_device **list;
	*out = NULL;
	libusb_context *usb = discovery_usb_open(err, errlen);
	if (!usb)
		return -1;
	ssize_t n = libusb_get_device_list(usb, &list);
	if (n < 0) {
		snprintf(err, errlen, "cannot list USB devices: %s", libusb_strerror((int)n));
		libusb_exit(usb);
		return -1;
	}
	struct discovery_port *ports = xcalloc((size_t)n + 1, sizeof *ports);
	int count = 0;
	for (ssize_t i = 0; i < n; i++)
		if (discovery_identify(match, list[i], &ports[count]) && (all || !ports[count].download_mode))
			count++;
	libusb_free_device_list(list, 1);
	libusb_exit(usb);

	/* Look for every tty, again for the missing ones until they all appear or time is up. */
	int64_t give_up = clock_mono_ms() + DISCOVERY_LIST_WAIT_MS;
	for (;;) {
		int missing = 0;
		for (int i = 0; i < count; i++)
			if (!ports[i].download_mode && !ports[i].tty[0] &&
			    discovery_tty_find(&ports[i], match->at_interface) < 0)
				missing++;
		if (missing == 0 || clock_mono_ms() >= give_up)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = DISCOVERY_POLL_MS * 1000000L }, NULL);
	}
	qsort(ports, (size_t)count, sizeof *ports, discovery_port_cmp);
	*out = ports;
	return count;
}

int discovery_list(const struct discovery_match *match, struct discovery_port **ports, char *err, size_t errlen)
{
	return discovery_list_ex(match, false, ports, err, errlen);
}

int discovery_list_all(const struct discovery_match *match, struct discovery_port **ports, char *err, size_t errlen)
{
	return discovery_list_ex(match, true, ports, err, errlen);
}
