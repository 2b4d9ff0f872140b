/* Physical USB paths ("1-1.4.2": bus, then the port chain from the root hub), the stable identity
 * of a slot: it survives a module's reboots while its tty name and device address do not. */
#ifndef USB_PATH_H
#define USB_PATH_H
#include <stddef.h>
#include <stdint.h>

#define USB_PATH_MAX 32
/* USB allows at most 7 tiers below the root hub. */
#define USB_PATH_MAX_PORTS 7

/* Writes "BUS-P1.P2..." into buf. Returns 0, or -1 when there is no port (a root hub), too many
 * ports, or buf is too small. */
int usb_path_format(uint8_t bus, const uint8_t *ports, int n_ports, char *buf, size_t size);
/* Parses "BUS-P1.P2..." into its numbers. Returns the count of ports (1..7), or -1 when text is
 * not such a path (no leading zeros, each number 1..255). */
int usb_path_parse(const char *text, uint8_t *bus, uint8_t ports[USB_PATH_MAX_PORTS]);
/* Orders paths numerically, bus first, then port by port: "1-1.9" < "1-1.10" < "2-1", and a hub
 * before the devices below it ("1-1" < "1-1.1"). Text that is not a path sorts after every path,
 * by strcmp among itself. */
int usb_path_cmp(const char *a, const char *b);
#endif
