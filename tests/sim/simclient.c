/* The fixture's own test client: looks at the emulated tree the way a host program does
 * (libusb, libserialport, sysfs, plain tty I/O) and prints what it saw, one fact a line.
 *   simclient enum
 *   simclient at PATH CMD...                 send commands, print every line
 *   simclient upload PATH NAME SIZE ACKMODE [TIMEOUT] [SKIPACK]
 *   simclient flash PATH FILE [SECONDS]       upload, AT+QFOTADL, follow reboots and URCs
 *   simclient watch PATH SECONDS              print lines and plug events for a while */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <libusb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void dev_path(libusb_device *d, char *out, size_t len)
{
	uint8_t ports[8];
	int n = libusb_get_port_numbers(d, ports, 8);
	int k = snprintf(out, len, "%d", libusb_get_bus_number(d));
	for (int i = 0; i < n && k < (int)len; i++)
		k += snprintf(out + k, len - k, "%s%d", i ? "." : "-", ports[i]);
}

/* The tty of interface iface of device path, from sysfs; 0 when found. */
static int find_tty(const char *path, int iface, char *out, size_t len)
{
	char dir[256];
	snprintf(dir, sizeof dir, "/sys/bus/usb/devices/%s:1.%d", path, iface);
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "ttyUSB", 6) == 0) {
			snprintf(out, len, "/dev/%.32s", e->d_name);
			closedir(d);
			return 0;
		}
	closedir(d);
	return -1;
}

static int cmd_enum(void)
{
	libusb_context *ctx;
	libusb_device **list;
	int quectel = 0;
	if (libusb_init(&ctx) < 0)
		return 1;
	ssize_t n = libusb_get_device_list(ctx, &list);
	for (ssize_t i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		struct libusb_config_descriptor *cd;
		char path[64], tty[64] = "-";
		libusb_get_device_descriptor(list[i], &dd);
		dev_path(list[i], path, sizeof path);
		int nif = -1, c0 = -1, s0 = -1, p0 = -1;
		if (libusb_get_config_descriptor(list[i], 0, &cd) == 0) {
			nif = cd->bNumInterfaces;
			c0 = cd->interface[0].altsetting[0].bInterfaceClass;
			s0 = cd->interface[0].altsetting[0].bInterfaceSubClass;
			p0 = cd->interface[0].altsetting[0].bInterfaceProtocol;
			libusb_free_config_descriptor(cd);
		}
		if (dd.idVendor == 0x2c7c) {
			quectel++;
			find_tty(path, 2, tty, sizeof tty);
		}
		printf("usb %s %04x:%04x bus=%d addr=%d speed=%d ifaces=%d if0=%02x/%02x/%02x at=%s\n",
		       path, dd.idVendor, dd.idProduct, libusb_get_bus_number(list[i]),
		       libusb_get_device_address(list[i]), libusb_get_device_speed(list[i]), nif, c0,
		       s0, p0, tty);
	}
	libusb_free_device_list(list, 1);
	libusb_exit(ctx);
	struct sp_port **ports;
	if (sp_list_ports(&ports) == SP_OK) {
		for (int i = 0; ports[i]; i++) {
			struct sp_port *p = ports[i];
			int vid = -1, pid = -1, bus = -1, addr = -1;
			if (sp_get_port_transport(p) != SP_TRANSPORT_USB)
				continue;
			sp_get_port_usb_vid_pid(p, &vid, &pid);
			sp_get_port_usb_bus_address(p, &bus, &addr);
			const char *ser = sp_get_port_usb_serial(p), *prod = sp_get_port_usb_product(p);
			const char *man = sp_get_port_usb_manufacturer(p);
			printf("port %s %04x:%04x bus=%d addr=%d serial=%s manufacturer=%s product=%s\n",
			       sp_get_port_name(p), vid, pid, bus, addr, ser ? ser : "-",
			       man ? man : "-", prod ? prod : "-");
		}
		sp_free_port_list(ports);
	}
	printf("quectel=%d\n", quectel);
	return 0;
}

struct port {
	struct sp_port *sp;
	int fd;
	char buf[8192];
	size_t len;
	char name[64];
};

static int port_open(struct port *p, const char *path)
{
	char tty[64];
	memset(p, 0, sizeof *p);
	p->fd = -1;
	if (find_tty(path, 2, tty, sizeof tty) < 0)
		return -1;
	if (sp_get_port_by_name(tty, &p->sp) != SP_OK)
		return -1;
	if (sp_open(p->sp, SP_MODE_READ_WRITE) != SP_OK) {
		printf("error sp_open %s: %s\n", tty, sp_last_error_message());
		sp_free_port(p->sp);
		p->sp = NULL;
		return -1;
	}
	sp_set_baudrate(p->sp, 115200);
	sp_set_bits(p->sp, 8);
	sp_set_parity(p->sp, SP_PARITY_NONE);
	sp_set_stopbits(p->sp, 1);
	sp_get_port_handle(p->sp, &p->fd);
	snprintf(p->name, sizeof p->name, "%s", tty);
	return 0;
}

static void port_close(struct port *p)
{
	if (p->sp) {
		sp_close(p->sp);
		sp_free_port(p->sp);
	}
	p->sp = NULL;
	p->fd = -1;
}

static int port_write(struct port *p, const void *data, size_t len)
{
	const uint8_t *d = data;
	while (len) {
		ssize_t n = write(p->fd, d, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd q = { .fd = p->fd, .events = POLLOUT };
			poll(&q, 1, 100);
			continue;
		}
		if (n <= 0)
			return -1;
		d += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Waits up to ms for bytes; -1 when the port is gone (hangup, EOF, EIO), else bytes read. */
static int port_fill(struct port *p, int ms)
{
	struct pollfd q = { .fd = p->fd, .events = POLLIN };
	if (p->len >= sizeof p->buf - 1)
		return 0;
	int r = poll(&q, 1, ms);
	if (r <= 0)
		return 0;
	if (q.revents & (POLLHUP | POLLERR | POLLNVAL))
		return -1;
	ssize_t n = read(p->fd, p->buf + p->len, sizeof p->buf - 1 - p->len);
	if (n <= 0)
		return n < 0 && errno == EAGAIN ? 0 : -1;
	p->len += (size_t)n;
	return (int)n;
}

/* The next complete line (without CR LF, empty lines skipped) or NULL after ms. */
static int port_line(struct port *p, char *out, size_t olen, int ms)
{
	double end = now_s() + ms / 1000.0;
	for (;;) {
		size_t i = 0;
		while (i < p->len && (p->buf[i] == '\r' || p->buf[i] == '\n'))
			i++;
		memmove(p->buf, p->buf + i, p->len - i);
		p->len -= i;
		for (i = 0; i < p->len; i++)
			if (p->buf[i] == '\r' || p->buf[i] == '\n') {
				size_t n = i < olen - 1 ? i : olen - 1;
				memcpy(out, p->buf, n);
				out[n] = '\0';
				memmove(p->buf, p->buf + i, p->len - i);
				p->len -= i;
				return 1;
			}
		int left = (int)((end - now_s()) * 1000);
		if (left <= 0)
			return 0;
		if (port_fill(p, left > 50 ? 50 : left) < 0)
			return -1;
	}
}

static int final_code(const char *l)
{
	return strcmp(l, "OK") == 0 || strcmp(l, "ERROR") == 0 || strncmp(l, "+CME ERROR:", 11) == 0
	       || strcmp(l, "CONNECT") == 0;
}

/* Sends one command and prints every line up to its final result; returns that line. */
static int at(struct port *p, const char *cmd, char *final, size_t flen, int ms)
{
	char line[1024];
	char wire[600];
	snprintf(wire, sizeof wire, "%s\r", cmd);
	printf("> %s\n", cmd);
	if (port_write(p, wire, strlen(wire)) < 0)
		return -1;
	for (;;) {
		int r = port_line(p, line, sizeof line, ms);
		if (r <= 0) {
			printf("timeout %s\n", cmd);
			return r < 0 ? -1 : -2;
		}
		printf("< %s\n", line);
		if (final_code(line)) {
			snprintf(final, flen, "%.200s", line);
			return 0;
		}
	}
}

static int cmd_at(const char *path, char **cmds, int n)
{
	struct port p;
	char fin[256];
	if (port_open(&p, path) < 0) {
		printf("error no AT port for %s\n", path);
		return 1;
	}
	printf("tty %s\n", p.name);
	for (int i = 0; i < n; i++)
		if (at(&p, cmds[i], fin, sizeof fin, 3000) < 0)
			break;
	port_close(&p);
	return 0;
}

static uint16_t xor16(const uint8_t *d, size_t n)
{
	uint16_t x = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		x ^= (uint16_t)(d[i] << 8 | d[i + 1]);
	if (n & 1)
		x ^= (uint16_t)(d[n - 1] << 8);
	return x;
}

/* AT+QFUPL of data; prints "upload ... match=yes|no" and returns 0 when size and sum match. */
static int upload(struct port *p, const char *name, const uint8_t *data, size_t size, int ack,
		  int timeout)
{
	char cmd[256], fin[256], line[512];
	snprintf(cmd, sizeof cmd, "AT+QFUPL=\"%s\",%zu,%d,%d", name, size, timeout, ack);
	if (at(p, cmd, fin, sizeof fin, 5000) < 0 || strcmp(fin, "CONNECT") != 0) {
		printf("upload refused %s\n", fin);
		return -1;
	}
	for (size_t off = 0; off < size;) {
		size_t n = size - off > 1024 ? 1024 : size - off;
		if (port_write(p, data + off, n) < 0)
			return -1;
		off += n;
		if (ack && n == 1024) {
			/* wait for the module's "A" */
			double end = now_s() + 3;
			for (;;) {
				char *a = memchr(p->buf, 'A', p->len);
				if (a) {
					memmove(a, a + 1, p->len - (size_t)(a - p->buf) - 1);
					p->len--;
					break;
				}
				if (port_fill(p, 50) < 0) {
					printf("upload port lost at %zu\n", off);
					return -1;
				}
				if (now_s() > end)
					break;
			}
			if (now_s() > end) {
				/* the module stopped taking data: its own timeout ends the command */
				printf("upload no ack at %zu\n", off);
				break;
			}
		}
	}
	unsigned got = 0, sum = 0;
	int r;
	while ((r = port_line(p, line, sizeof line, 15000)) > 0) {
		printf("< %s\n", line);
		if (sscanf(line, "+QFUPL: %u,%x", &got, &sum) == 2)
			continue;
		if (final_code(line))
			break;
	}
	unsigned local = xor16(data, size);
	printf("upload name=%s size=%u expected=%zu checksum=%x local=%x ackmode=%d match=%s\n",
	       name, got, size, sum, local, ack, got == size && sum == local ? "yes" : "no");
	return got == size && sum == local ? 0 : -1;
}

static uint8_t *pattern(size_t size)
{
	uint8_t *d = malloc(size ? size : 1);
	uint32_t x = 12345;
	for (size_t i = 0; i < size; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (uint8_t)(x >> 16);
	}
	return d;
}

static int cmd_upload(char **av, int ac)
{
	struct port p;
	if (ac < 4)
		return 2;
	size_t size = strtoul(av[2], NULL, 10);
	int ack = atoi(av[3]), timeout = ac > 4 ? atoi(av[4]) : 5;
	if (port_open(&p, av[0]) < 0) {
		printf("error no AT port for %s\n", av[0]);
		return 1;
	}
	uint8_t *d = pattern(size);
	char fin[64];
	at(&p, "ATE0", fin, sizeof fin, 3000);
	int rc = upload(&p, av[1], d, size, ack, timeout);
	free(d);
	port_close(&p);
	return rc ? 1 : 0;
}

/* Hotplug bookkeeping for one port path. */
struct watch {
	const char *path;
	int left, arrived;
};

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *d,
				  libusb_hotplug_event ev, void *user)
{
	struct watch *w = user;
	char path[64];
	(void)ctx;
	dev_path(d, path, sizeof path);
	if (strcmp(path, w->path) != 0)
		return 0;
	if (ev == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT) {
		w->left++;
		printf("hotplug left %s at %.3f\n", path, now_s());
	} else {
		w->arrived++;
		printf("hotplug arrived %s addr=%d at %.3f\n", path, libusb_get_device_address(d),
		       now_s());
	}
	fflush(stdout);
	return 0;
}

/* Follows a module for secs: prints lines, reopens its AT port after each re-arrival. */
static int follow(libusb_context *ctx, struct watch *w, struct port *p, double secs,
		  int stop_on_version)
{
	char line[1024], fin[256], last_tty[64];
	int seen_arrivals = w->arrived, done = 0, ended = 0;
	double end = now_s() + secs;
	snprintf(last_tty, sizeof last_tty, "%s", p->name);
	while (now_s() < end && !done) {
		struct timeval tv = { 0, 10000 };
		libusb_handle_events_timeout_completed(ctx, &tv, NULL);
		if (p->fd >= 0) {
			int r = port_line(p, line, sizeof line, 20);
			if (r < 0) {
				printf("port lost %s\n", p->name);
				port_close(p);
			} else if (r > 0) {
				printf("line %s\n", line);
				int e;
				if (sscanf(line, "+QIND: \"FOTA\",\"END\",%d", &e) == 1 && e == 0)
					ended = 1;
			}
		}
		if (p->fd < 0 && w->arrived > seen_arrivals) {
			if (port_open(p, w->path) == 0) {
				seen_arrivals = w->arrived;
				printf("reopened %s new=%s\n", p->name,
				       strcmp(p->name, last_tty) ? "yes" : "no");
				snprintf(last_tty, sizeof last_tty, "%s", p->name);
				fflush(stdout);
				if (stop_on_version && ended) {
					/* the new firmware is up: read its version */
					usleep(20000);
					at(p, "ATE0", fin, sizeof fin, 3000);
					at(p, "AT+QGMR", fin, sizeof fin, 3000);
					done = 1;
				}
			}
		}
		fflush(stdout);
	}
	return done;
}

static int cmd_flash(char **av, int ac)
{
	libusb_context *ctx;
	libusb_hotplug_callback_handle h;
	struct port p;
	struct watch w = { .path = av[0] };
	char fin[256], name[128];
	double secs = ac > 2 ? atof(av[2]) : 30;
	if (ac < 2)
		return 2;
	FILE *f = fopen(av[1], "rb");
	if (!f) {
		printf("error %s: %s\n", av[1], strerror(errno));
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size_t size = (size_t)ftell(f);
	rewind(f);
	uint8_t *data = malloc(size);
	if (fread(data, 1, size, f) != size) {
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	const char *base = strrchr(av[1], '/');
	snprintf(name, sizeof name, "%s", base ? base + 1 : av[1]);
	libusb_init(&ctx);
	libusb_hotplug_register_callback(ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
					 LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, LIBUSB_HOTPLUG_MATCH_ANY,
					 LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
					 on_hotplug, &w, &h);
	if (port_open(&p, av[0]) < 0) {
		printf("error no AT port for %s\n", av[0]);
		return 1;
	}
	printf("tty %s\n", p.name);
	at(&p, "ATE0", fin, sizeof fin, 3000);
	at(&p, "AT+CMEE=1", fin, sizeof fin, 3000);
	at(&p, "AT+QGMR", fin, sizeof fin, 3000);
	char del[200];
	snprintf(del, sizeof del, "AT+QFDEL=\"%s\"", name);
	int up = -1;
	for (int i = 0; i < 3 && up < 0; i++) {
		/* as a station does: delete what is there, upload, check, again on a mismatch */
		at(&p, del, fin, sizeof fin, 3000);
		up = upload(&p, name, data, size, 1, 5);
		if (up < 0 && p.fd >= 0 && port_fill(&p, 0) < 0)
			break;
	}
	if (up < 0) {
		printf("flash upload failed\n");
		port_close(&p);
		libusb_exit(ctx);
		free(data);
		return 1;
	}
	char cmd[256];
	snprintf(cmd, sizeof cmd, "AT+QFOTADL=\"/cache/ufs/%s\"", name);
	at(&p, cmd, fin, sizeof fin, 3000);
	int done = follow(ctx, &w, &p, secs, 1);
	printf("flash done=%d left=%d arrived=%d\n", done, w.left, w.arrived);
	port_close(&p);
	libusb_hotplug_deregister_callback(ctx, h);
	libusb_exit(ctx);
	free(data);
	return 0;
}

static int cmd_watch(char **av, int ac)
{
	libusb_context *ctx;
	libusb_hotplug_callback_handle h;
	struct port p;
	struct watch w;
	if (ac < 2)
		return 2;
	w.path = av[0];
	w.left = w.arrived = 0;
	libusb_init(&ctx);
	libusb_hotplug_register_callback(ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
					 LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, LIBUSB_HOTPLUG_MATCH_ANY,
					 LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
					 on_hotplug, &w, &h);
	if (port_open(&p, av[0]) < 0)
		p.fd = -1;
	follow(ctx, &w, &p, atof(av[1]), 0);
	printf("watch left=%d arrived=%d\n", w.left, w.arrived);
	port_close(&p);
	libusb_exit(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: simclient enum|at|upload|flash|watch ...\n");
		return 2;
	}
	if (strcmp(argv[1], "enum") == 0)
		return cmd_enum();
	if (strcmp(argv[1], "at") == 0 && argc >= 3)
		return cmd_at(argv[2], argv + 3, argc - 3);
	if (strcmp(argv[1], "upload") == 0)
		return cmd_upload(argv + 2, argc - 2);
	if (strcmp(argv[1], "flash") == 0)
		return cmd_flash(argv + 2, argc - 2);
	if (strcmp(argv[1], "watch") == 0)
		return cmd_watch(argv + 2, argc - 2);
	fprintf(stderr, "simclient: unknown command %s\n", argv[1]);
	return 2;
}
