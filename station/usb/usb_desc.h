/* What the station needs to know about a USB device's descriptors, as a plain summary so the rules
 * over it are pure functions (discovery fills it from libusb). */
#ifndef USB_DESC_H
#define USB_DESC_H
#include <stdbool.h>
#include <stdint.h>

#define USB_DESC_MAX_IFACES 16

struct usb_desc_iface {
	uint8_t number;      /* bInterfaceNumber */
	uint8_t cls, subclass, protocol;
};

struct usb_desc {
	uint8_t config_value;    /* bConfigurationValue of the active configuration */
	int n_ifaces;            /* how many interfaces the configuration has (may exceed the array) */
	struct usb_desc_iface ifaces[USB_DESC_MAX_IFACES];
};

/* True for a module in emergency download (EDL) mode: a single vendor-specific interface
 * ff/ff/10 (class/subclass/protocol). Such a device takes no AT commands and must never be taken
 * for a working module. */
bool usb_desc_is_edl(const struct usb_desc *d);
/* True when the configuration has an interface with this number. */
bool usb_desc_has_iface(const struct usb_desc *d, int number);
#endif
