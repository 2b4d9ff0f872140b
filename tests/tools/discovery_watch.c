/* Test tool: runs the station's discovery (discovery_start) with a config and prints every event,
 * so a script can check hotplug inside the emulated fixture while it unplugs and replugs modules.
 *
 *   discovery_watch -c FILE [-t SECONDS]
 *
 * Prints "ARRIVED|NO_TTY|LEFT <ms> <usb_path> <tty|-> <vid:pid> <bus>/<address>" per event, <ms> since
 * start (monotonic), then after SECONDS (default 5) "STOPPED <ms discovery_stop took>".
 * Exit 0, 2 bad config, 3 discovery could not start. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "station/base/clock.h"
#include "station/usb/discovery.h"

static int64_t watch_t0;

static void watch_event(void *ctx, enum discovery_event ev, const struct discovery_port *p)
{
	(void)ctx;
	printf("%s %" PRId64 " %s %s %04x:%04x %u/%u\n", ev == DISCOVERY_ARRIVED ? "ARRIVED" :
	       ev == DISCOVERY_NO_TTY ? "NO_TTY" : "LEFT", clock_mono_ms() - watch_t0, p->usb_path,
	       p->tty[0] ? p->tty : "-", p->vendor_id, p->product_id, p->bus,
	       p->address);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	double seconds = 5;
	int c;
	while ((c = getopt(argc, argv, "c:t:")) != -1) {
		if (c == 'c')
			path = optarg;
		else if (c == 't')
			seconds = atof(optarg);
		else
			return 2;
	}
	struct config cfg;
	char err[512];
	if (!path || config_load(&cfg, path, stderr) < 0)
		return 2;
	watch_t0 = clock_mono_ms();
	struct discovery_match match = { .vendor_id = cfg.vendor_id, .n_product_ids = cfg.n_product_ids,
					 .at_interface = cfg.at_interface };
	memcpy(match.product_ids, cfg.product_ids, sizeof match.product_ids);
	struct discovery *d = discovery_start(&match, watch_event, NULL, err, sizeof err);
	if (!d) {
		fprintf(stderr, "discovery_watch: %s\n", err);
		config_free(&cfg);
		return 3;
	}
	usleep((useconds_t)(seconds * 1e6));
	int64_t t = clock_mono_ms();
	discovery_stop(d);
	printf("STOPPED %" PRId64 "\n", clock_mono_ms() - t);
	config_free(&cfg);
	return 0;
}
