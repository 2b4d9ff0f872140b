/* station run: binds slots, starts one worker per slot and discovery, shows the dashboard or plain
 * lines, and ends on a signal, when the operator quits, or (--once) when every unit present at the
 * start has a result. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config/config.h"
#include "logs/logdir.h"
#include "logs/record_writer.h"
#include "logs/report/report.h"
#include "station/board/board.h"
#include "station/slot/catalogue.h"
#include "station/base/clock.h"
#include "station/cli/cmd.h"
#include "station/cli/run_guard.h"
#include "station/cli/run_signal.h"
#include "station/cli/run_db.h"
#include "station/cli/run_summary.h"
#include "station/usb/discovery.h"
#include "station/usb/port_access.h"
#include "logs/journal.h"
#include "station/slot/slot.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/upload_gate.h"
#include "station/base/xalloc.h"
#include "ui/dashboard.h"
#include "ui/feed.h"

struct run_opts {
	const char *config;
	bool headless, once;
	const char *slots;
	const char *operator_id;
	const char *lot;
	const char *events;
};

/* One slot to run: its label and USB path. */
struct run_slot {
	char label[16];
	char usb_path[32];
	bool present_now;
	const struct journal_entry *resume;
};

struct run {
	struct run_opts o;
	struct config cfg;
	struct catalogue *cat;
	struct record_writer *records;
	struct run_db *db;          /* NULL without [database] */
	struct board *board;
	struct slot_shared sh;
	struct run_slot *rs;
	int n;
	int cap;                    /* room for slots: auto = yes adds one per module on a new port */
	struct slot **slots;
	struct discovery *disc;
	struct journal_entry *journal;
	int n_journal;
	int end_pipe[2];            /* signals and ended workers wake the main thread */
	int lock_fd;                /* the log folder's lock, held for the whole run */
	char (*ignored)[32];        /* paths of modules outside every slot, reported once (discovery thread) */
	int n_ignored;
	atomic_bool quit;           /* the operator left the dashboard */
	bool cfg_loaded;
	bool slots_joined;          /* run_stop_slots has run (on the main or the watcher thread) */
};

/* Slots an auto = yes run can add for modules plugged into new ports while it runs. */
#define RUN_AUTO_SPARE 32

/* A dashboard that returns sooner than this could not start (an operator's quit takes longer). */
#define RUN_DASHBOARD_FAILED_MS 300

static const char run_usage[] =
	"usage: station run [-c FILE] [--headless] [--once] [--slots LIST] [--operator ID] [--lot LOT]\n"
	"                   [--events FILE|-]\n\n"
	"Flashes every module that appears in a slot of the fixture.\n"
	"  -c, --config FILE  the station config (default: station.ini)\n"
	"  --headless         plain timestamped lines instead of the dashboard\n"
	"  --once             flash the modules present now, then exit\n"
	"  --slots LIST       only these slot labels (comma-separated)\n"
	"  --operator ID      written into every record\n"
	"  --lot LOT          written into every record\n"
	"  --events FILE|-    one JSON object per line per state change (- = standard output)\n"
	"  -h, --help         this text\n\n"
	"exit status: 0 all units PASS or SKIP, 1 some unit failed, 2 bad usage or config,\n"
	"3 could not start (no module's AT port could be opened, among others), 4 records were lost,\n"
	"130 interrupted (SIGINT, SIGTERM, SIGHUP)\n";

static void run_print_usage(FILE *out)
{
	fputs(run_usage, out);
}

static int run_parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option own[] = {
		{ "headless", no_argument, NULL, 'H' },
		{ "once", no_argument, NULL, '1' },
		{ "slots", required_argument, NULL, 's' },
		{ "operator", required_argument, NULL, 'o' },
		{ "lot", required_argument, NULL, 'l' },
		{ "events", required_argument, NULL, 'e' },
		{ 0 },
	};
	struct cmd_opts line = { .name = "run", .usage = run_print_usage, .own = own, .config = true };
	int c;

	memset(o, 0, sizeof *o);
	o->operator_id = "";
	o->lot = "";
	while ((c = cmd_opts_next(&line, argc, argv)) >= 0) {
		switch (c) {
		case 'H': o->headless = true; break;
		case '1': o->once = true; break;
		case 's': o->slots = optarg; break;
		case 'o': o->operator_id = optarg; break;
		case 'l': o->lot = optarg; break;
		case 'e': o->events = optarg; break;
		}
	}
	o->config = line.config_path;
	if (c == CMD_OPTS_EXIT)
		return line.exit == CMD_EXIT_OK ? 1 : -1;
	if (optind < argc) {
		fprintf(stderr, "station run: unexpected argument '%s'\n\n%s", argv[optind], run_usage);
		return -1;
	}
	char why[160];
	if (run_guard_text("--operator", o->operator_id, why, sizeof why) < 0 ||
	    run_guard_text("--lot", o->lot, why, sizeof why) < 0) {
		fprintf(stderr, "station run: %s\n", why);
		return -1;
	}
	return 0;
}

/* Whether label is in the comma-separated list (NULL list: every label). */
static bool run_slot_wanted(const char *list, const char *label)
{
	size_t n = strlen(label);
	if (!list)
		return true;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, label, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* Every label in --slots must name a slot. */
static int run_check_slot_list(const struct run *r)
{
	const char *p = r->o.slots;
	int bad = 0;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		bool found = false;
		for (int i = 0; i < r->n && !found; i++)
			found = strlen(r->rs[i].label) == len && strncmp(r->rs[i].label, p, len) == 0;
		if (!found && len) {
			fprintf(stderr, "station run: --slots: no slot '%.*s' in %s\n", (int)len, p, r->cfg.path);
			bad = 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return bad ? -1 : 0;
}

/* The slots of this run: from [slots], or (auto = yes) one per module found now. */
static int run_bind_slots(struct run *r, const struct discovery_port *now, int n_now)
{
	int max = r->cfg.slots_auto ? n_now : r->cfg.n_slots;
	struct run_slot *all = xcalloc((size_t)(max > 0 ? max : 1), sizeof *all);
	int n_all = 0;

	for (int i = 0; i < max; i++) {
		struct run_slot *s = &all[n_all++];
		if (r->cfg.slots_auto) {
			snprintf(s->label, sizeof s->label, "%02d", i + 1);
			xstrlcpy(s->usb_path, now[i].usb_path, sizeof s->usb_path);
		} else {
			xstrlcpy(s->label, r->cfg.slots[i].label, sizeof s->label);
			xstrlcpy(s->usb_path, r->cfg.slots[i].usb_path, sizeof s->usb_path);
		}
		for (int j = 0; j < n_now; j++)
			if (strcmp(now[j].usb_path, s->usb_path) == 0)
				s->present_now = true;
	}
	r->rs = all;
	r->n = n_all;
	if (run_check_slot_list(r) < 0)
		return -1;
	/* Keep only the wanted ones. */
	r->n = 0;
	for (int i = 0; i < n_all; i++)
		if (run_slot_wanted(r->o.slots, all[i].label))
			all[r->n++] = all[i];
	for (int i = 0; i < r->n_journal; i++) {
		bool bound = false;
		for (int j = 0; j < r->n; j++)
			if (strcmp(r->journal[i].usb_path, r->rs[j].usb_path) == 0) {
				r->rs[j].resume = &r->journal[i];
				bound = true;
			}
		if (!bound)
			fprintf(stderr, "station run: journal: unit %s at usb:%s is not in a slot of this run; "
				"left in the journal\n", r->journal[i].imei, r->journal[i].usb_path);
	}
	return 0;
}

/* auto = yes: a module on a port no slot has gets a slot of its own, labelled after the last one
 * (labels already shown never change during the run). Discovery thread; r->n is read elsewhere
 * only after discovery_stop. Returns the new slot's index or -1. */
static int run_add_slot(struct run *r, const struct discovery_port *port)
{
	if (r->n >= r->cap)
		return -1;
	int i = board_add_slot(r->board);
	if (i != r->n)
		return -1;
	struct run_slot *rs = &r->rs[i];
	snprintf(rs->label, sizeof rs->label, "%02d", i + 1);
	xstrlcpy(rs->usb_path, port->usb_path, sizeof rs->usb_path);
	r->slots[i] = slot_start(&r->sh, i, rs->label, rs->usb_path, false, NULL);
	r->n = i + 1;
	fprintf(stderr, "station: module at usb:%s (%s): new slot %s\n", port->usb_path,
		port->tty[0] ? port->tty : "no AT port", rs->label);
	return i;
}

/* Discovery thread: hands each event to the slot bound to its USB path. */
static void run_on_port(void *ctx, enum discovery_event ev, const struct discovery_port *port)
{
	struct run *r = ctx;
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->rs[i].usb_path, port->usb_path) == 0) {
			slot_post(r->slots[i], ev, port);
			return;
		}
	if (ev == DISCOVERY_LEFT)
		return;
	if (r->cap > r->n) {
		int i = run_add_slot(r, port);
		if (i >= 0) {
			slot_post(r->slots[i], ev, port);
			return;
		}
	}
	for (int i = 0; i < r->n_ignored; i++)
		if (strcmp(r->ignored[i], port->usb_path) == 0)
			return;
	r->ignored = xrealloc(r->ignored, sizeof *r->ignored * (size_t)(r->n_ignored + 1));
	xstrlcpy(r->ignored[r->n_ignored++], port->usb_path, sizeof r->ignored[0]);
	fprintf(stderr, "station: module at usb:%s (%s) is not in a slot of this run; ignored\n",
		port->usb_path, port->tty[0] ? port->tty : "no AT port");
}

static void run_packages_text(const struct run *r, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < r->cfg.n_packages && len + 1 < size; i++) {
		const struct config_package *p = &r->cfg.packages[i];
		int w = snprintf(out + len, size - len, "%s%s", i ? ", " : "", config_package_label(p));
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* How often held records are tried again while the disk refuses them. */
#define RUN_RECORD_RETRY_MS 1000

/* Waits until a signal, or (once) until every worker has ended. Meanwhile tries held records
 * again, so they reach the disk as soon as it takes them. */
static void run_wait_end(struct run *r)
{
	int ended = 0;
	for (;;) {
		struct pollfd p[1] = { { .fd = r->end_pipe[0], .events = POLLIN } };
		char buf[64];
		ssize_t n;
		if (run_signal_interrupted() || atomic_load(&r->quit))
			return;
		if (r->o.once && ended >= r->n)
			return;
		int held = record_writer_retry(r->records);
		if (poll(p, 1, held ? RUN_RECORD_RETRY_MS : -1) < 0 && errno != EINTR)
			return;
		while ((n = read(r->end_pipe[0], buf, sizeof buf)) > 0)
			for (ssize_t i = 0; i < n; i++)
				ended += buf[i] == 'e';
	}
}

static void run_stop_slots(struct run *r)
{
	/* Discovery first: after discovery_stop no callback can post to a slot being freed. */
	if (r->disc) {
		discovery_stop(r->disc);
		r->disc = NULL;
	}
	if (r->slots_joined)
		return;
	r->slots_joined = true;
	atomic_store(&r->sh.stopping, true);
	/* The mailbox wakes a worker between units; the cancel fd ends a unit's AT I/O. */
	for (int i = 0; i < r->n; i++) {
		slot_wake(r->slots[i]);
		board_cancel(r->board, i);
	}
	for (int i = 0; i < r->n; i++)
		slot_join(r->slots[i]);
}

struct run_watch {
	struct run *r;
	pthread_t thread;
};

/* With the dashboard on the main thread, this thread waits for the end and closes the board's
 * events once every worker has stopped, which ends the dashboard. */
static void *run_watch_main(void *arg)
{
	struct run_watch *w = arg;
	run_wait_end(w->r);
	run_stop_slots(w->r);
	board_close_events(w->r->board);
	return NULL;
}

/* After the slots stopped: one last try for held records; what is still held is lost. */
static int run_exit_status(const struct run *r)
{
	int lost = record_writer_retry(r->records);
	if (lost > 0) {
		fprintf(stderr, "station run: %d record%s could not be written and %s lost (see the "
			"journal for units that were updating)\n", lost, lost == 1 ? "" : "s",
			lost == 1 ? "is" : "are");
		return CMD_EXIT_RECORDS_LOST;
	}
	if (run_signal_interrupted())
		return CMD_EXIT_INTERRUPTED;
	/* Could not start after all: modules were there, and not one port could be opened. */
	int refused = atomic_load(&r->sh.refused);
	if (refused > 0 && atomic_load(&r->sh.opened) == 0) {
		fprintf(stderr, "station run: no module's AT port could be opened (%d refused: "
			"E-PORT-ACCESS or E-PORT-BUSY, see the records)\n", refused);
		return CMD_EXIT_START;
	}
	return atomic_load(&r->sh.failed) > 0 ? CMD_EXIT_FAILED : CMD_EXIT_OK;
}

static void run_free(struct run *r)
{
	if (r->disc)
		discovery_stop(r->disc);
	board_free(r->board);
	slot_imeis_free(r->sh.imeis);
	upload_gate_free(r->sh.gate);
	record_writer_close(r->records);
	catalogue_close(r->cat);
	free(r->slots);
	free(r->rs);
	free(r->journal);
	free(r->ignored);
	if (r->end_pipe[0] >= 0) {
		close(r->end_pipe[0]);
		close(r->end_pipe[1]);
	}
	if (r->lock_fd >= 0)
		close(r->lock_fd);
}

static int run_main(struct run *r)
{
	struct discovery_port *now = NULL;
	struct feed *lines = NULL, *events = NULL;
	FILE *events_out = NULL;
	char err[512], packages[128];
	int n_now = 0, status;
	bool dashboard = !r->o.headless && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);

	if (config_load(&r->cfg, r->o.config, stderr) < 0)
		return CMD_EXIT_USAGE;
	r->cfg_loaded = true;
	/* Before any module is touched: this station alone on its log folder, and a record file can
	 * be created, written and fsynced there. */
	r->records = record_writer_open(r->cfg.log_dir, r->cfg.name, err, sizeof err);
	if (!r->records) {
		fprintf(stderr, "station run: %s; no module was touched\n", err);
		return CMD_EXIT_START;
	}
	pid_t holder;
	if (logdir_make(r->cfg.log_dir, err, sizeof err) < 0 ||
	    (r->lock_fd = logdir_lock(r->cfg.log_dir, &holder, err, sizeof err)) < 0) {
		fprintf(stderr, "station run: %s\n", err);
		return CMD_EXIT_START;
	}
	r->cat = catalogue_open(&r->cfg, err, sizeof err);
	if (!r->cat) {
		fprintf(stderr, "station run: %s\n", err);
		return CMD_EXIT_USAGE;
	}
	for (int i = 0; i < catalogue_count(r->cat); i++) {
		const struct package *pkg = catalogue_get(r->cat, i);
		if (pkg->fetch_note[0])
			fprintf(stderr, "station run: warning: package %s: %s; the modules download it "
				"themselves (records show no size or sha256 for it)\n",
				config_package_label(pkg->cfg), pkg->fetch_note);
	}
	r->n_journal = journal_load(r->cfg.log_dir, &r->journal, stderr);
	if (r->n_journal < 0) {
		fprintf(stderr, "station run: cannot read the journal in %s\n", r->cfg.log_dir);
		return CMD_EXIT_START;
	}
	if (r->o.once || r->cfg.slots_auto) {
		struct discovery_match match;
		cmd_config_match(&r->cfg, &match);
		n_now = discovery_list(&match, &now, err, sizeof err);
		if (n_now < 0) {
			fprintf(stderr, "station run: %s\n", err);
			return CMD_EXIT_START;
		}
	}
	if (run_bind_slots(r, now, n_now) < 0) {
		free(now);
		return CMD_EXIT_USAGE;
	}
	free(now);
	if (run_guard_fds(r->n, true, err, sizeof err) < 0) {
		fprintf(stderr, "station run: %s\n", err);
		return CMD_EXIT_START;
	}
	if (r->n == 0 && !(r->cfg.slots_auto && !r->o.once && !r->o.slots))
		fprintf(stderr, "station run: no slot to run%s\n", r->cfg.slots_auto ? " (auto: no module found)" : "");
	char warning[600];
	if (port_access_mm_warning(warning, sizeof warning))
		fprintf(stderr, "station run: warning: %s\n", warning);

	if (r->o.events) {
		events_out = strcmp(r->o.events, "-") == 0 ? stdout : fopen(r->o.events, "a");
		if (!events_out) {
			fprintf(stderr, "station run: --events %s: %s\n", r->o.events, strerror(errno));
			return CMD_EXIT_START;
		}
	}
	if (pipe2(r->end_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		fprintf(stderr, "station run: cannot create a pipe: %s\n", strerror(errno));
		r->end_pipe[0] = r->end_pipe[1] = -1;
		return CMD_EXIT_START;
	}
	run_signal_start(r->end_pipe[1]);

	/* auto = yes (all slots, not --once) makes room for modules plugged into new ports later. */
	r->cap = r->n;
	if (r->cfg.slots_auto && !r->o.once && !r->o.slots)
		r->cap = r->n + RUN_AUTO_SPARE;
	r->rs = xrealloc(r->rs, sizeof *r->rs * (size_t)(r->cap > 0 ? r->cap : 1));
	memset(r->rs + r->n, 0, sizeof *r->rs * (size_t)(r->cap - r->n));
	r->board = board_new_cap(r->n, r->cap);
	record_writer_observe(r->records, run_summary_on_record, r->board);
	run_packages_text(r, packages, sizeof packages);
	board_set_info(r->board, r->cfg.name, r->o.operator_id, r->o.lot, packages, r->cfg.auto_start);
	record_writer_set_notify(r->records, run_guard_records, r->board);
	r->sh.cfg = &r->cfg;
	r->sh.board = r->board;
	r->sh.cat = r->cat;
	r->sh.records = r->records;
	r->sh.imeis = slot_imeis_new(r->cap);
	r->sh.gate = upload_gate_new(r->cap, r->cfg.max_parallel_uploads);
	r->sh.operator_id = r->o.operator_id;
	r->sh.lot = r->o.lot;
	r->sh.once = r->o.once;
	r->sh.notify_fd = r->end_pipe[1];

	/* Plain words go to stdout unless it carries the JSON events. */
	FILE *said = events_out == stdout ? stderr : stdout;
	int present = 0;
	for (int i = 0; i < r->n; i++)
		present += r->rs[i].present_now;
	run_summary_start(said, &r->cfg, r->n, r->n ? r->rs[0].usb_path : "", r->n ? r->rs[r->n - 1].usb_path : "",
			  present, r->o.once);
	if (events_out)
		events = feed_start(r->board, events_out, FEED_JSON);
	if (!dashboard && !(events_out == stdout))
		lines = feed_start(r->board, stdout, FEED_LINES);
	r->db = run_db_start(&r->cfg, r->board, r->records, lines ? stdout : NULL);

	r->slots = xcalloc((size_t)(r->cap > 0 ? r->cap : 1), sizeof *r->slots);
	int n_slots = r->n;
	for (int i = 0; i < n_slots; i++)
		r->slots[i] = slot_start(&r->sh, i, r->rs[i].label, r->rs[i].usb_path, r->rs[i].present_now,
					 r->rs[i].resume);
	struct discovery_match match;
	cmd_config_match(&r->cfg, &match);
	r->disc = discovery_start(&match, run_on_port, r, err, sizeof err);
	if (!r->disc) {
		fprintf(stderr, "station run: %s\n", err);
		run_stop_slots(r);
		status = CMD_EXIT_START;
		goto out;
	}

	if (dashboard) {
		struct dashboard_opts dopts = { .bell = r->cfg.bell, .color = dashboard_color_wanted() };
		struct run_watch w = { .r = r };
		pthread_create(&w.thread, NULL, run_watch_main, &w);
		int64_t shown = clock_mono_ms();
		enum dashboard_exit how = dashboard_run(r->board, &dopts);
		/* Ctrl-C in the dashboard is an interruption, as on plain lines: status 130. */
		if (how == DASHBOARD_INTERRUPTED)
			run_signal_interrupt();
		if (how == DASHBOARD_QUIT && clock_mono_ms() - shown < RUN_DASHBOARD_FAILED_MS &&
		    !board_events_closed(r->board)) {
			/* Back at once: curses could not use the terminal. Plain lines instead of a run
			 * that ends before it began. */
			fprintf(stderr, "station run: the dashboard cannot use this terminal; plain lines instead\n");
			if (!lines && events_out != stdout)
				lines = feed_start(r->board, stdout, FEED_LINES);
			pthread_join(w.thread, NULL);
			status = run_exit_status(r);
			goto out;
		}
		/* The operator quit, or the run ended and closed the events: wake the watcher. */
		atomic_store(&r->quit, true);
		if (write(r->end_pipe[1], "q", 1) < 0) { /* it is already awake */ }
		pthread_join(w.thread, NULL);
	} else {
		run_wait_end(r);
		run_stop_slots(r);
	}
	status = run_exit_status(r);
out:
	run_signal_stop();
	board_close_events(r->board);
	if (r->disc) {
		discovery_stop(r->disc);
		r->disc = NULL;
	}
	run_db_stop(r->db, r->records);
	r->db = NULL;
	if (lines)
		feed_stop(lines);
	if (events)
		feed_stop(events);
	run_summary_end(said, r->board, r->records, status == CMD_EXIT_INTERRUPTED ? "interrupted" :
			atomic_load(&r->quit) && !r->o.once ? "the operator quit" : r->o.once ?
			"every module present at the start has a result" : "stopped");
	if (events_out && events_out != stdout)
		fclose(events_out);
	fflush(stdout);
	return status;
}

int cmd_run(int argc, char **argv)
{
	struct run r = { 0 };
	int rc = run_parse(argc, argv, &r.o);
	if (rc != 0)
		return rc > 0 ? CMD_EXIT_OK : CMD_EXIT_USAGE;
	r.end_pipe[0] = r.end_pipe[1] = -1;
	r.lock_fd = -1;
	r.sh.notify_fd = -1;
	rc = run_main(&r);
	run_free(&r);
	if (r.cfg_loaded)
		config_free(&r.cfg);
	return rc;
}
