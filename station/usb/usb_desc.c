#include "station/usb/usb_desc.h"

/* Qualcomm's download-mode interface: vendor class, vendor subclass, protocol 0x10. */
enum { USB_DESC_EDL_CLASS = 0xff, USB_DESC_EDL_SUBCLASS = 0xff, USB_DESC_EDL_PROTOCOL = 0x10 };

bool usb_desc_is_edl(const struct usb_desc *d)
{
	if (d->n_ifaces != 1)
		return false;
	const struct usb_desc_iface *i = &d->ifaces[0];
	return i->cls == USB_DESC_EDL_CLASS && i->subclass == USB_DESC_EDL_SUBCLASS &&
	       i->protocol == USB_DESC_EDL_PROTOCOL;
}

bool usb_desc_has_iface(const struct usb_desc *d, int number)
{
	int n = d->n_ifaces < USB_DESC_MAX_IFACES ? d->n_ifaces : USB_DESC_MAX_IFACES;
	for (int i = 0; i < n; i++)
		if (d->ifaces[i].number == number)
			return true;
	return false;
}
