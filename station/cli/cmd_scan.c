/* station scan: every module on the fixture, per slot, with its AT tty, model, firmware version,
 * IMEI and what `station run` would do with it. Each AT port is opened briefly, all at once (one
 * thread per module), so a full fixture takes about as long as one module. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "station/at/at_chan.h"
#include "station/at/at_ident.h"
#include "station/slot/catalogue.h"
#include "station/cli/cmd.h"
#include "station/usb/discovery.h"
#include "station/base/clock.h"
#include "station/usb/port_access.h"
#include "station/base/xalloc.h"

/* One line of the listing: a slot with or without a module, or a module outside every slot. */
struct cmd_scan_row {
	char slot[16];                         /* "-" for a module in no slot */
	const char *slot_path;                 /* the slot's configured path (empty slot) */
	const struct discovery_port *port;     /* NULL: empty slot */
	int64_t timeout_ms;
	int64_t boot_wait_ms;                  /* how long to ask again for an incomplete version */
	struct at_ident id;
	int rc;                                /* 0 identified, < 0 failed (why in note) */
	char note[320];
	bool opened;                           /* the AT port opened */
	enum port_access_kind access;          /* why it did not (when refused: DENIED or BUSY) */
	char advice[400];                      /* what to do about it */
	bool unslotted;                        /* a module in no slot of [slots] */
	pthread_t thread;
	bool started;
};

static void cmd_scan_usage(FILE *out)
{
	fprintf(out, "usage: station scan [-c FILE]\n\n"
		"Lists the modules on the fixture per slot (from [slots], or one slot per module in USB\n"
		"path order with auto = yes): USB path, AT tty, USB id, model, firmware version, IMEI and\n"
		"what `station run` would do (flash with which package, skip, or fail and why). Empty\n"
		"slots are listed too. Each AT port is opened briefly with the config's command timeout; a\n"
		"module still booting (incomplete version) is asked again for up to 10 s.\n\n"
		"  -c, --config FILE  the station config (default: station.ini)\n"
		"  -h, --help         this text\n\n"
		"A port the station's user may not open, or that another process holds, is explained\n"
		"(E-PORT-ACCESS, E-PORT-BUSY) with what to do. Warns when ModemManager runs and no udev\n"
		"rule keeps it off the modules.\n\n"
		"exit status: 0 listed, 2 bad usage or config, 3 USB discovery could not start or no\n"
		"module's AT port could be opened\n");
}

/* Identifies one module on its own thread; touches only its row. */
static void *cmd_scan_ident(void *arg)
{
	struct cmd_scan_row *r = arg;
	char err[256];
	struct at_chan *ch = at_chan_open(r->port->tty, err, sizeof err);
	if (!ch) {
		struct port_access pa;
		r->rc = -1;
		r->access = port_access_diagnose(r->port->tty, &pa);
		if (r->access == PORT_ACCESS_DENIED || r->access == PORT_ACCESS_BUSY) {
			snprintf(r->note, sizeof r->note, "%s: %s", errcode_name(pa.err), pa.brief);
			xstrlcpy(r->advice, pa.advice, sizeof r->advice);
		} else {
			snprintf(r->note, sizeof r->note, "cannot open the AT port: %s", err);
		}
		return NULL;
	}
	r->opened = true;
	r->rc = at_ident_prepare(ch, r->timeout_ms, err, sizeof err);
	if (r->rc == 0)
		r->rc = at_ident_read(ch, &r->id, r->timeout_ms, err, sizeof err);
	/* A module still booting answers a short version; run asks again until it is whole, and so
	 * does scan, for a while, rather than predict from a version the module does not have. */
	int64_t until = clock_mono_ms() + r->boot_wait_ms;
	while (r->rc == 0 && !r->id.version_complete && clock_mono_ms() < until) {
		usleep(500 * 1000);
		r->rc = at_ident_version(ch, &r->id, r->timeout_ms, err, sizeof err);
	}
	if (r->rc < 0)
		snprintf(r->note, sizeof r->note, "not identified: %s", err);
	at_chan_close(ch);
	return NULL;
}

/* What station run would do with a module of this version, in words. */
static void cmd_scan_plan(const struct config *cfg, struct cmd_scan_row *r)
{
	int i;
	if (r->rc < 0 || !r->id.version[0])
		return;
	if (!r->id.version_complete) {
		snprintf(r->note, sizeof r->note, "booting: version still incomplete after %lld s; run "
			 "waits for the whole version", (long long)(r->boot_wait_ms / 1000));
		return;
	}
	const char *complete = "";
	enum catalogue_verdict v = catalogue_verdict_of(cfg->packages, cfg->n_packages, r->id.version, &i);
	switch (v) {
	case CATALOGUE_FLASH:
		snprintf(r->note, sizeof r->note, "flash [package %s] -> %s%s", cfg->packages[i].name,
			 cfg->packages[i].to, complete);
		break;
	case CATALOGUE_SKIP:
		snprintf(r->note, sizeof r->note, "skip: already at %s%s", cfg->packages[i].to, complete);
		break;
	case CATALOGUE_WRONG_BASE:
		snprintf(r->note, sizeof r->note, "E-WRONG-BASE: no package from this version of its "
			 "family%s", complete);
		break;
	case CATALOGUE_NO_PACKAGE:
		snprintf(r->note, sizeof r->note, "E-NO-PACKAGE: no package for this product%s", complete);
		break;
	}
}

/* Builds the rows: configured slots in config order (empty ones too), then modules in no slot;
 * or with auto slots, every module with a tty numbered in USB path order. */
static int cmd_scan_rows(const struct config *cfg, const struct discovery_port *ports, int n,
			 struct cmd_scan_row **out)
{
	struct cmd_scan_row *rows = xcalloc((size_t)(cfg->n_slots + n) + 1, sizeof *rows);
	bool *placed = xcalloc((size_t)n + 1, sizeof *placed);
	int count = 0, auto_n = 0;
	if (!cfg->slots_auto)
		for (int s = 0; s < cfg->n_slots; s++) {
			struct cmd_scan_row *r = &rows[count++];
			xstrlcpy(r->slot, cfg->slots[s].label, sizeof r->slot);
			r->slot_path = cfg->slots[s].usb_path;
			for (int i = 0; i < n; i++)
				if (!placed[i] && usb_path_cmp(ports[i].usb_path, cfg->slots[s].usb_path) == 0) {
					r->port = &ports[i];
					placed[i] = true;
					break;
				}
		}
	for (int i = 0; i < n; i++) {
		if (placed[i])
			continue;
		struct cmd_scan_row *r = &rows[count++];
		r->port = &ports[i];
		if (cfg->slots_auto && ports[i].tty[0])
			snprintf(r->slot, sizeof r->slot, "%02d", ++auto_n);
		else
			xstrlcpy(r->slot, "-", sizeof r->slot);
		r->unslotted = !cfg->slots_auto;
	}
	free(placed);
	*out = rows;
	return count;
}

/* Notes on a module that cannot be identified over AT at all. */
static void cmd_scan_port_note(const struct config *cfg, struct cmd_scan_row *r)
{
	if (r->port->download_mode)
		snprintf(r->note, sizeof r->note, "in download (EDL) mode: not a working module");
	else
		snprintf(r->note, sizeof r->note, "%s: module found, no AT port on interface %d (check "
			 "[usb] at_interface and the serial driver)", errcode_name(ERR_NO_AT_PORT), cfg->at_interface);
}

/* Marks modules whose IMEI is also in another row: station run would fail the second. */
static void cmd_scan_duplicates(struct cmd_scan_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (i != j && rows[i].rc == 0 && rows[j].rc == 0 && rows[i].port && rows[j].port &&
			    rows[i].id.imei[0] && strcmp(rows[i].id.imei, rows[j].id.imei) == 0) {
				snprintf(rows[i].note, sizeof rows[i].note, "E-DUPLICATE: same IMEI as %s",
					 rows[j].port->usb_path);
				break;
			}
}

static const char *cmd_scan_or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void cmd_scan_print(const struct cmd_scan_row *rows, int n)
{
	printf("%-5s %-14s %-14s %-9s %-11s %-36s %-15s %s\n", "SLOT", "USB_PATH", "TTY", "USB_ID",
	       "MODEL", "VERSION", "IMEI", "NOTE");
	for (int i = 0; i < n; i++) {
		const struct cmd_scan_row *r = &rows[i];
		if (!r->port) {
			printf("%-5s %-14s %-14s %-9s %-11s %-36s %-15s %s\n", r->slot, r->slot_path, "-", "-",
			       "-", "-", "-", "empty");
			continue;
		}
		char usb_id[16];
		snprintf(usb_id, sizeof usb_id, "%04x:%04x", r->port->vendor_id, r->port->product_id);
		printf("%-5s %-14s %-14s %-9s %-11s %-36s %-15s %s", r->slot, r->port->usb_path,
		       cmd_scan_or_dash(r->port->tty), usb_id, cmd_scan_or_dash(r->id.model),
		       cmd_scan_or_dash(r->id.version), cmd_scan_or_dash(r->id.imei), r->note);
		if (r->unslotted)
			printf("%s(not in any slot of [slots])", r->note[0] ? " " : "");
		printf("\n");
	}
}

int cmd_scan(int argc, char **argv)
{
	struct cmd_opts o = { .name = "scan", .usage = cmd_scan_usage, .config = true };
	struct config cfg;
	struct discovery_port *ports;
	struct cmd_scan_row *rows;
	char err[512];
	int c;

	while ((c = cmd_opts_next(&o, argc, argv)) >= 0)
		;   /* scan has no options of its own */
	if (c == CMD_OPTS_EXIT)
		return o.exit;
	if (cmd_opts_config(&o, argc, argv, &cfg) != 0)
		return CMD_EXIT_USAGE;
	struct discovery_match match;
	cmd_config_match(&cfg, &match);
	int n = discovery_list_all(&match, &ports, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "station scan: %s\n", err);
		config_free(&cfg);
		return CMD_EXIT_START;
	}
	int n_rows = cmd_scan_rows(&cfg, ports, n, &rows);
	for (int i = 0; i < n_rows; i++) {
		struct cmd_scan_row *r = &rows[i];
		if (!r->port)
			continue;
		if (!r->port->tty[0]) {
			cmd_scan_port_note(&cfg, r);
			r->rc = -1;
			continue;
		}
		r->timeout_ms = cfg.command_ms;
		r->boot_wait_ms = cfg.reboot_ms < 10000 ? cfg.reboot_ms : 10000;
		int rc = pthread_create(&r->thread, NULL, cmd_scan_ident, r);
		if (rc != 0) {
			/* Out of threads: identify this one here instead of not at all. */
			cmd_scan_ident(r);
			continue;
		}
		r->started = true;
	}
	int found = 0;
	for (int i = 0; i < n_rows; i++) {
		if (rows[i].started)
			pthread_join(rows[i].thread, NULL);
		if (rows[i].port && !rows[i].note[0])
			cmd_scan_plan(&cfg, &rows[i]);
		found += rows[i].port != NULL;
	}
	cmd_scan_duplicates(rows, n_rows);
	cmd_scan_print(rows, n_rows);
	int opened = 0, refused = 0;
	for (int i = 0; i < n_rows; i++) {
		const struct cmd_scan_row *r = &rows[i];
		if (!r->port || !r->port->tty[0])
			continue;
		if (!r->opened && (r->access == PORT_ACCESS_DENIED || r->access == PORT_ACCESS_BUSY)) {
			if (!refused++)
				printf("\n");
			printf("slot %s %s: %s\n  what to do: %s\n", r->slot, r->port->tty, r->note, r->advice);
		}
		opened += r->opened;
	}
	printf("\n%d module%s found", found, found == 1 ? "" : "s");
	if (!cfg.slots_auto)
		printf(", %d slot%s configured", cfg.n_slots, cfg.n_slots == 1 ? "" : "s");
	printf(" (USB %04x, AT interface %d)\n", cfg.vendor_id, cfg.at_interface);
	char warning[600];
	if (port_access_mm_warning(warning, sizeof warning))
		fprintf(stderr, "station scan: warning: %s\n", warning);
	int status = CMD_EXIT_OK;
	if (refused > 0 && opened == 0) {
		fprintf(stderr, "station scan: no module's AT port could be opened\n");
		status = CMD_EXIT_START;
	}
	free(rows);
	free(ports);
	config_free(&cfg);
	return status;
}
