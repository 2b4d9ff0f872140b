/* boardplay: drives a board the way slot workers do, without ports, so the front ends can be
 * tested and measured on their own: one thread per slot walks its module through a plan
 * (identify, queue, upload with bytes, reboot, update with percent, pass or fail with a code),
 * answers board commands (and logs every one it receives), while the main thread runs the
 * dashboard or a feed.
 *
 *   boardplay [--slots N] [--dashboard | --feed lines|json] [--cmd-log FILE] [--scale F]
 *             [--once] [--seconds S] [--busy] [--bell] [--report FILE] [--fatal-after S]
 *             [--stderr-noise] [--operator ID] [--lot LOT] [--notice TEXT]
 *
 * Plans by slot index i (deterministic, so tests know the totals): i == 2 gets stuck updating at
 * 47 % until aborted; i == 12 is already at the target (SKIP); otherwise by i % 8: 5 the module
 * fails (E-MODULE 520 after 5 attempts), 6 the wrong base (E-WRONG-BASE), 7 waits for the
 * operator's start; the rest pass. With 64 slots: 38 pass, 1 skip, 16 fail, 8 waiting, 1 stuck.
 * --busy: every slot uploads and updates in a loop and never finishes (the benchmark's load). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "station/board/board.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "ui/dashboard.h"
#include "ui/feed.h"

enum play_plan { PLAN_PASS, PLAN_MODULE_FAIL, PLAN_WRONG_BASE, PLAN_WAIT, PLAN_STUCK, PLAN_SKIP, PLAN_BUSY };

struct play_opts {
	int slots;
	bool dashboard;
	enum feed_format feed;
	const char *cmd_log;
	const char *report;
	double scale;
	bool once, busy, bell, noise;
	double seconds, fatal_after;
	const char *operator_id, *lot;
	const char *notice;   /* a station-wide notice for the header, as the database's waiting count */
};

struct play {
	struct board *b;
	int i;
	enum play_plan plan;
	pthread_t thread;
	bool start, retry, aborted;
	bool settled;
	int64_t started_wall;    /* the unit's start, for its record */
};

/* What the station's record writer tells the board for each record. */
static void play_record(struct play *p, enum slot_state result)
{
	char imei[24];
	snprintf(imei, sizeof imei, "8643900412%05d", p->i + 1);
	board_count_record(p->b, result, imei, p->started_wall, clock_wall_ms());
}

static struct play_opts opts = { .slots = 64, .scale = 1.0, .feed = FEED_LINES,
				  .operator_id = "op-1234", .lot = "LOT-2026-11-25" };
static atomic_bool play_stop;
static atomic_int play_settled;
static int play_log_fd = -1;

#define PACKAGE "A04-to-A06"
#define FW_FROM "RM500QGLABR11A04M4G_01.001.01.001"
#define FW_TO   "RM500QGLABR11A06M4G_01.001.01.001"
#define PACKAGE_BYTES 40000000ull

static enum play_plan play_plan_for(int i)
{
	if (opts.busy)
		return PLAN_BUSY;
	if (i == 2)
		return PLAN_STUCK;
	if (i == 12)
		return PLAN_SKIP;
	switch (i % 8) {
	case 5: return PLAN_MODULE_FAIL;
	case 6: return PLAN_WRONG_BASE;
	case 7: return PLAN_WAIT;
	}
	return PLAN_PASS;
}

static void play_log(struct play *p, const char *what)
{
	char line[64];
	int n = snprintf(line, sizeof line, "slot %02d %s\n", p->i + 1, what);
	if (play_log_fd >= 0 && write(play_log_fd, line, (size_t)n) < 0)
		perror("boardplay: command log");
}

static void play_settle(struct play *p)
{
	if (!p->settled) {
		p->settled = true;
		atomic_fetch_add(&play_settled, 1);
	}
}

/* Sleeps ms (scaled) while answering commands; -1 when the unit was aborted or the run stops. */
static int play_sleep(struct play *p, int ms, bool busy)
{
	int64_t until = clock_mono_ms() + (int64_t)(ms * opts.scale);
	struct pollfd pfd = { .fd = board_wake_fd(p->b, p->i), .events = POLLIN };

	for (;;) {
		int64_t left = clock_left_ms(until);
		unsigned cmds;
		if (atomic_load(&play_stop))
			return -1;
		if (left == 0)
			return 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		cmds = board_take_commands(p->b, p->i);
		if (cmds & BOARD_CMD_START) {
			play_log(p, "START");
			p->start = true;
		}
		if (cmds & BOARD_CMD_RETRY) {
			play_log(p, "RETRY");
			p->retry = true;
		}
		if (cmds & BOARD_CMD_ACK)
			play_log(p, "ACK");
		if (cmds & BOARD_CMD_ABORT) {
			play_log(p, "ABORT");
			if (busy) {
				p->aborted = true;
				return -1;
			}
		}
		if (!busy && (p->start || p->retry))
			return 0;
	}
}

static void play_fail(struct play *p, enum errcode err, const char *code, const char *text)
{
	struct board_slot *s = board_lock(p->b, p->i);
	s->err = err;
	xstrlcpy(s->module_code, code, sizeof s->module_code);
	xstrlcpy(s->error_text, text, sizeof s->error_text);
	s->needs_ack = err != ERR_ABORTED;
	board_unlock(p->b, p->i);
	board_transition(p->b, p->i, err == ERR_ABORTED ? SLOT_ABORTED : SLOT_FAIL, "%s", text);
	play_record(p, err == ERR_ABORTED ? SLOT_ABORTED : SLOT_FAIL);
}

/* Uploads the package: bytes, rate and the detail line, every 100 ms. */
static int play_upload(struct play *p)
{
	char detail[96];
	const int steps = 30;
	double rate = PACKAGE_BYTES / (steps * 0.1 * opts.scale);

	board_transition(p->b, p->i, SLOT_UPLOADING, "upload turn");
	board_tail(p->b, p->i, "> AT+QFUPL=\"UFS:" PACKAGE ".zip\",40000000,5,1");
	board_tail(p->b, p->i, "< CONNECT");
	for (int k = 0; k <= steps; k++) {
		uint64_t done = PACKAGE_BYTES * (uint64_t)k / steps;
		struct board_slot *s = board_lock(p->b, p->i);
		s->bytes_done = done;
		s->bytes_total = PACKAGE_BYTES;
		s->bytes_per_s = rate;
		board_unlock(p->b, p->i);
		snprintf(detail, sizeof detail, "upload %.1f/%.1f MB %.1f MB/s", done / 1e6, PACKAGE_BYTES / 1e6,
			 rate / 1e6);
		board_progress(p->b, p->i, (int)(done * 100 / PACKAGE_BYTES), detail);
		if (play_sleep(p, 100, true) < 0)
			return -1;
	}
	board_tail(p->b, p->i, "< +QFUPL: 40000000,3f2a");
	board_tail(p->b, p->i, "< OK");
	return 0;
}

/* The module updates; stop_at >= 0 stops there until aborted; fail_attempts fails each attempt. */
static int play_update(struct play *p, int stop_at, bool fail_attempts)
{
	char detail[96], line[96];

	for (int attempt = 1; attempt <= 5; attempt++) {
		struct board_slot *s = board_lock(p->b, p->i);
		s->attempt = attempt;
		board_unlock(p->b, p->i);
		if (attempt == 1)
			board_transition(p->b, p->i, SLOT_UPDATING, "FOTA START");
		for (int pct = 0; pct <= 100; pct += 4) {
			if (stop_at >= 0 && pct > stop_at) {
				snprintf(detail, sizeof detail, "updating %d %%", stop_at);
				board_progress(p->b, p->i, stop_at, detail);
				play_settle(p);
				while (play_sleep(p, 1000, true) == 0)
					;
				return -1;
			}
			if (fail_attempts && pct > 30)
				break;
			snprintf(detail, sizeof detail, "updating %d %%", pct);
			board_progress(p->b, p->i, pct, detail);
			snprintf(line, sizeof line, "< +QIND: \"FOTA\",\"UPDATING\",%d", pct);
			board_tail(p->b, p->i, line);
			if (play_sleep(p, fail_attempts ? 60 : 120, true) < 0)
				return -1;
		}
		if (!fail_attempts)
			return 0;
		board_tail(p->b, p->i, "< +QIND: \"FOTA\",\"END\",520");
	}
	return 1;
}

/* One unit on the slot, start to result. */
static void play_unit(struct play *p, enum play_plan plan)
{
	struct board_slot *s = board_lock(p->b, p->i);
	s->unit_started_ms = clock_mono_ms();
	p->started_wall = clock_wall_ms();
	s->err = ERR_NONE;
	s->module_code[0] = s->error_text[0] = s->fw_after[0] = '\0';
	s->attempt = 0;
	s->bytes_done = s->bytes_total = 0;
	s->needs_ack = false;
	xstrlcpy(s->fw_before, plan == PLAN_SKIP ? FW_TO : plan == PLAN_WRONG_BASE ?
		 "RM500QGLABR11A02M4G_01.001.01.001" : FW_FROM, sizeof s->fw_before);
	board_unlock(p->b, p->i);
	p->aborted = false;

	board_progress(p->b, p->i, -1, "");
	board_transition(p->b, p->i, SLOT_IDENTIFYING, "module found on %s", "ttyUSB2");
	board_tail(p->b, p->i, "> ATI");
	board_tail(p->b, p->i, "< Quectel RM500Q-GL");
	if (play_sleep(p, 400, true) < 0)
		goto stopped;
	if (plan == PLAN_SKIP) {
		board_transition(p->b, p->i, SLOT_SKIP, "already at the target version");
		play_record(p, SLOT_SKIP);
		return;
	}
	if (plan == PLAN_WRONG_BASE) {
		/* A line longer than a narrow screen: the details pane wraps it. */
		board_tail(p->b, p->i, "< Revision: RM500QGLABR11A02M4G_01.001.01.001 build 2026-01-01 "
			   "with a note that is long enough to need more than one line on an 80-column "
			   "screen and then some more words to end on TAIL-END");
		play_fail(p, ERR_WRONG_BASE, "", "firmware A02 is not a base any package applies to");
		return;
	}
	board_transition(p->b, p->i, SLOT_QUEUED, "waiting for an upload turn");
	if (play_sleep(p, (p->i * 7 % 16) * 300, true) < 0 || play_upload(p) < 0)
		goto stopped;
	board_progress(p->b, p->i, -1, "");
	board_transition(p->b, p->i, SLOT_STARTING, "upload verified");
	board_tail(p->b, p->i, "> AT+QFOTADL=\"/cache/ufs/" PACKAGE ".zip\"");
	board_tail(p->b, p->i, "< OK");
	if (play_sleep(p, 300, true) < 0)
		goto stopped;
	board_transition(p->b, p->i, SLOT_REBOOTING, "port gone after AT+QFOTADL");
	if (play_sleep(p, 1500, true) < 0)
		goto stopped;
	switch (play_update(p, plan == PLAN_STUCK ? 47 : -1, plan == PLAN_MODULE_FAIL)) {
	case -1:
		goto stopped;
	case 1:
		play_fail(p, ERR_MODULE, "520", "FOTA END,520 after 5 attempts");
		return;
	}
	board_progress(p->b, p->i, -1, "");
	board_transition(p->b, p->i, SLOT_VERIFYING, "FOTA END,0");
	if (play_sleep(p, 400, true) < 0)
		goto stopped;
	s = board_lock(p->b, p->i);
	xstrlcpy(s->fw_after, FW_TO, sizeof s->fw_after);
	board_unlock(p->b, p->i);
	board_transition(p->b, p->i, SLOT_PASS, "version is the target");
	play_record(p, SLOT_PASS);
	return;
stopped:
	if (p->aborted)
		play_fail(p, ERR_ABORTED, "", "aborted by the operator");
}

/* Cycles upload and update forever: every row changes every frame. */
static void play_busy(struct play *p)
{
	board_transition(p->b, p->i, SLOT_IDENTIFYING, "module found");
	while (!atomic_load(&play_stop)) {
		if (play_upload(p) < 0 || play_update(p, -1, false) < 0)
			return;
	}
}

static void *play_main(void *arg)
{
	struct play *p = arg;
	struct board_slot *s = board_lock(p->b, p->i);

	snprintf(s->label, sizeof s->label, "%02d", p->i + 1);
	snprintf(s->usb_path, sizeof s->usb_path, "1-%d.%d", p->i / 8 + 1, p->i % 8 + 1);
	snprintf(s->port, sizeof s->port, "/dev/ttyUSB%d", p->i * 4 + 2);
	snprintf(s->imei, sizeof s->imei, "8643900412%05d", p->i + 1);
	xstrlcpy(s->model, "RM500Q-GL", sizeof s->model);
	xstrlcpy(s->package, PACKAGE, sizeof s->package);
	board_unlock(p->b, p->i);
	board_transition(p->b, p->i, SLOT_WAITING, "module present");

	if (p->plan == PLAN_BUSY) {
		play_busy(p);
		return NULL;
	}
	if (p->plan == PLAN_WAIT) {
		play_settle(p);
		while (!p->start)
			if (play_sleep(p, 1000, false) < 0 && atomic_load(&play_stop))
				return NULL;
	}
	play_unit(p, p->plan == PLAN_WAIT ? PLAN_PASS : p->plan);
	play_settle(p);
	while (!atomic_load(&play_stop)) {
		p->retry = false;
		if (play_sleep(p, 1000, false) < 0)
			break;
		if (p->retry) {
			p->retry = false;
			play_unit(p, PLAN_PASS);
		}
	}
	return NULL;
}

/* Ends the run (closes the board's events) when the plans have all settled or time is up. */
static void *play_director(void *arg)
{
	struct board *b = arg;
	int64_t start = clock_mono_ms();
	bool said = false;

	while (!atomic_load(&play_stop)) {
		double el = (clock_mono_ms() - start) / 1000.0;
		if (opts.noise && !said && el >= 1.0) {
			/* What a library or a worker might print: it must not land on the dashboard. */
			fprintf(stderr, "boardplay: a line on stderr while the dashboard runs\n");
			said = true;
		}
		if (opts.fatal_after > 0 && el >= opts.fatal_after)
			fatal("boardplay: a worker broke an invariant on purpose (--fatal-after)");
		if ((opts.once && atomic_load(&play_settled) == opts.slots) ||
		    (opts.seconds > 0 && el >= opts.seconds)) {
			board_close_events(b);
			return NULL;
		}
		usleep(50000);
	}
	return NULL;
}

static void play_usage(void)
{
	fprintf(stderr, "usage: boardplay [--slots N] [--dashboard | --feed lines|json] [--cmd-log FILE] "
		"[--scale F] [--once] [--seconds S] [--busy] [--bell] [--report FILE] [--fatal-after S] "
		"[--stderr-noise] [--operator ID] [--lot LOT] [--notice TEXT]\n");
	exit(2);
}

static void play_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--dashboard")) opts.dashboard = true;
		else if (!strcmp(a, "--once")) opts.once = true;
		else if (!strcmp(a, "--busy")) opts.busy = true;
		else if (!strcmp(a, "--bell")) opts.bell = true;
		else if (!strcmp(a, "--stderr-noise")) opts.noise = true;
		else if (!v) play_usage();
		else if (!strcmp(a, "--slots")) opts.slots = atoi(argv[++i]);
		else if (!strcmp(a, "--cmd-log")) opts.cmd_log = argv[++i];
		else if (!strcmp(a, "--report")) opts.report = argv[++i];
		else if (!strcmp(a, "--operator")) opts.operator_id = argv[++i];
		else if (!strcmp(a, "--lot")) opts.lot = argv[++i];
		else if (!strcmp(a, "--scale")) opts.scale = atof(argv[++i]);
		else if (!strcmp(a, "--seconds")) opts.seconds = atof(argv[++i]);
		else if (!strcmp(a, "--fatal-after")) opts.fatal_after = atof(argv[++i]);
		else if (!strcmp(a, "--notice")) opts.notice = argv[++i];
		else if (!strcmp(a, "--feed")) {
			i++;
			if (!strcmp(v, "lines")) opts.feed = FEED_LINES;
			else if (!strcmp(v, "json")) opts.feed = FEED_JSON;
			else play_usage();
		} else play_usage();
	}
	if (opts.slots < 1 || opts.slots > 256 || opts.scale <= 0)
		play_usage();
}

static int64_t play_cpu_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct play *plays;
	struct board *b;
	pthread_t director;
	const char *how = "FEED";
	int64_t wall0, ui0, wall_ms, ui_ms;
	struct rusage ru;

	play_args(argc, argv);
	if (opts.cmd_log && (play_log_fd = open(opts.cmd_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		perror(opts.cmd_log);
		return 2;
	}
	b = board_new(opts.slots);
	board_set_info(b, "L3-ST07", opts.operator_id, opts.lot, PACKAGE, false);
	if (opts.notice)
		board_set_notice(b, opts.notice);
	plays = xcalloc((size_t)opts.slots, sizeof *plays);
	for (int i = 0; i < opts.slots; i++) {
		plays[i].b = b;
		plays[i].i = i;
		plays[i].plan = play_plan_for(i);
		if (pthread_create(&plays[i].thread, NULL, play_main, &plays[i]) != 0)
			fatal("pthread_create");
	}
	if (pthread_create(&director, NULL, play_director, b) != 0)
		fatal("pthread_create");

	wall0 = clock_mono_ms();
	ui0 = play_cpu_ms(CLOCK_THREAD_CPUTIME_ID);
	if (opts.dashboard) {
		struct dashboard_opts dopts = { .bell = opts.bell, .color = dashboard_color_wanted() };
		how = dashboard_run(b, &dopts) == DASHBOARD_DONE ? "DONE" : "QUIT";
	} else {
		struct feed *f = feed_start(b, stdout, opts.feed);
		while (!board_events_closed(b))
			usleep(20000);
		feed_stop(f);
	}
	ui_ms = play_cpu_ms(CLOCK_THREAD_CPUTIME_ID) - ui0;
	wall_ms = clock_mono_ms() - wall0;

	atomic_store(&play_stop, true);
	for (int i = 0; i < opts.slots; i++)
		board_command(b, i, 0);
	for (int i = 0; i < opts.slots; i++)
		pthread_join(plays[i].thread, NULL);
	pthread_join(director, NULL);

	getrusage(RUSAGE_SELF, &ru);
	if (opts.report) {
		FILE *r = fopen(opts.report, "w");
		if (r) {
			fprintf(r, "front_end=%s slots=%d wall_ms=%lld ui_cpu_ms=%lld process_cpu_ms=%lld\n", how,
				opts.slots, (long long)wall_ms, (long long)ui_ms,
				(long long)((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
					    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000));
			fclose(r);
		}
	}
	if (opts.dashboard) {
		char line[64];
		int n = snprintf(line, sizeof line, "exit %s\n", how);
		printf("boardplay: dashboard returned %s\n", how);
		if (play_log_fd >= 0 && write(play_log_fd, line, (size_t)n) < 0)
			perror("boardplay: command log");
	}
	if (play_log_fd >= 0)
		close(play_log_fd);
	free(plays);
	board_free(b);
	return 0;
}
