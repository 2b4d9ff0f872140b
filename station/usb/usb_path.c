#include "station/usb/usb_path.h"

#include <stdio.h>
#include <string.h>

int usb_path_format(uint8_t bus, const uint8_t *ports, int n_ports, char *buf, size_t size)
{
	if (n_ports < 1 || n_ports > USB_PATH_MAX_PORTS || size == 0)
		return -1;
	int n = snprintf(buf, size, "%u-%u", bus, ports[0]);
	for (int i = 1; i < n_ports && n >= 0 && (size_t)n < size; i++)
		n += snprintf(buf + n, size - (size_t)n, ".%u", ports[i]);
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

/* One decimal number 1..255 without leading zeros; advances *p past it. */
static int usb_path_number(const char **p, uint8_t *out)
{
	const char *s = *p;
	unsigned v = 0;
	int digits = 0;
	if (*s == '0')
		return -1;
	while (*s >= '0' && *s <= '9' && digits < 4) {
		v = v * 10 + (unsigned)(*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || v > 255)
		return -1;
	*out = (uint8_t)v;
	*p = s;
	return 0;
}

int usb_path_parse(const char *text, uint8_t *bus, uint8_t ports[USB_PATH_MAX_PORTS])
{
	const char *p = text;
	int n = 0;
	if (!p || usb_path_number(&p, bus) < 0 || *p++ != '-')
		return -1;
	for (;;) {
		if (n == USB_PATH_MAX_PORTS || usb_path_number(&p, &ports[n]) < 0)
			return -1;
		n++;
		if (*p == '\0')
			return n;
		if (*p++ != '.')
			return -1;
	}
}

int usb_path_cmp(const char *a, const char *b)
{
	uint8_t bus_a, bus_b, pa[USB_PATH_MAX_PORTS], pb[USB_PATH_MAX_PORTS];
	int na = usb_path_parse(a, &bus_a, pa);
	int nb = usb_path_parse(b, &bus_b, pb);
	if (na < 0 || nb < 0) {
		if (na < 0 && nb < 0)
			return strcmp(a ? a : "", b ? b : "");
		return na < 0 ? 1 : -1;
	}
	if (bus_a != bus_b)
		return bus_a < bus_b ? -1 : 1;
	for (int i = 0; i < na && i < nb; i++)
		if (pa[i] != pb[i])
			return pa[i] < pb[i] ? -1 : 1;
	return na == nb ? 0 : (na < nb ? -1 : 1);
}
