/* The slot's step machine end to end against scripted modules (no fixture): a whole unit from
 * identification through upload, AT+QFOTADL, the reboots and the reports to the version check,
 * and a resumed unit. In every phase (identify, upload in data mode, update, verify, resume) the
 * test stops the script at one command, injects either a notification (auto-start toggled, a
 * start key: the board's wake pipe) or a cancellation (the abort key), and lets it go on. A
 * notification never breaks the phase (the unit passes, every script runs to its end); a
 * cancellation ends the unit ABORTED at once. AT+QFOTADL is never sent twice: not after a
 * notification, and not when its answer is lost (the station follows the module's reboot). */
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config/config.h"
#include "logs/journal.h"
#include "logs/record_writer.h"
#include "station/at/at_chan.h"
#include "station/base/clock.h"
#include "station/board/board.h"
#include "station/slot/catalogue.h"
#include "station/slot/slot.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/upload_gate.h"
#include "tests/unit/at_peer.h"
#include "tests/unit/check.h"
#include "tests/unit/zipmk.h"

#define PKG_SIZE 3000
#define IMEI "866123456789018"
#define OLD "RM500QGLABR11A04M4G_01.001.01.001"
#define NEW "RM500QGLABR11A06M4G_01.001.01.001"

enum phase { PH_IDENTIFY, PH_UPLOAD, PH_START, PH_UPDATE, PH_VERIFY, PH_RESUME, PH_START_LOST };
static const char *const phase_names[] = { "identify", "upload", "start", "update", "verify", "resume",
					   "start_answer_lost" };

static char dir[128];
static uint8_t pkg[PKG_SIZE];
static int sig_pipe[2], go_pipe[2];

/* The scripted modules, one per port the slot opens ("peer0", "peer1", ...). */
struct peers {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct at_peer_step *scripts[4];
	struct at_peer *started[4];
};
static struct peers peers = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, { 0 } };

static struct at_chan *open_peer(void *ctx, const char *tty, char *err, size_t errlen)
{
	int k = tty[4] - '0', sv[2];
	(void)ctx;
	if (strncmp(tty, "peer", 4) != 0 || k < 0 || k > 3 || !peers.scripts[k] ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(err, errlen, "no scripted module on %s", tty);
		return NULL;
	}
	pthread_mutex_lock(&peers.lock);
	peers.started[k] = at_peer_start(sv[1], peers.scripts[k]);
	pthread_cond_broadcast(&peers.cond);
	pthread_mutex_unlock(&peers.lock);
	return at_chan_from_fd(sv[0]);
}

/* Waits for the script of port k to start, then to end; 0 when it ran as written. */
static int peer_finish(int k, char *err, size_t errlen)
{
	struct at_peer *p;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&peers.lock);
	while (!peers.started[k])
		if (pthread_cond_timedwait(&peers.cond, &peers.lock, &until) != 0) {
			pthread_mutex_unlock(&peers.lock);
			snprintf(err, errlen, "the slot never opened peer%d", k);
			return -1;
		}
	p = peers.started[k];
	peers.started[k] = NULL;
	pthread_mutex_unlock(&peers.lock);
	return at_peer_join(p, err, errlen);
}

/* Script building: steps appended, with the stop point where the phase is injected. */
struct script {
	struct at_peer_step s[32];
	int n;
};

static void add(struct script *sc, struct at_peer_step st)
{
	sc->s[sc->n++] = st;
}

static void cmd(struct script *sc, const char *expect, const char *answer)
{
	add(sc, (struct at_peer_step)P_EXPECT(expect));
	add(sc, (struct at_peer_step)P_SEND(answer));
}

/* Stops the script here until the test has injected; a cancelled unit's script ends here. */
static void stop_point(struct script *sc, bool cancel)
{
	add(sc, (struct at_peer_step){ .op = PEER_SIGNAL, .fd = sig_pipe[1] });
	add(sc, (struct at_peer_step){ .op = PEER_WAIT, .fd = go_pipe[0] });
	if (cancel)
		add(sc, (struct at_peer_step)P_DRAIN(200));
}

static void prepare(struct script *sc)
{
	cmd(sc, "ATE0\r", "\r\nOK\r\n");
	cmd(sc, "AT+CMEE=1\r", "\r\nOK\r\n");
}

static void scripts_for(enum phase ph, bool cancel, struct script sc[3])
{
	memset(sc, 0, sizeof *sc * 3);
	/* peer0: identification, upload, AT+QFOTADL; the module then reboots. */
	if (ph == PH_RESUME) {
		add(&sc[0], (struct at_peer_step)P_EXPECT("ATE0\r"));
		stop_point(&sc[0], cancel);
		if (!cancel) {
			add(&sc[0], (struct at_peer_step)P_SEND("\r\nOK\r\n"));
			cmd(&sc[0], "AT+CMEE=1\r", "\r\nOK\r\n");
			cmd(&sc[0], "AT+CGSN\r", "\r\n" IMEI "\r\n\r\nOK\r\n");
			cmd(&sc[0], "AT+QGMR\r", "\r\n" NEW "\r\n\r\nOK\r\n");
			cmd(&sc[0], "AT+QFDEL=\"pkg.zip\"\r", "\r\nOK\r\n");
		}
		add(&sc[0], (struct at_peer_step)P_END);
		return;
	}
	prepare(&sc[0]);
	add(&sc[0], (struct at_peer_step)P_EXPECT("ATI\r"));
	if (ph == PH_IDENTIFY) {
		stop_point(&sc[0], cancel);
		if (cancel) {
			add(&sc[0], (struct at_peer_step)P_END);
			return;
		}
	}
	add(&sc[0], (struct at_peer_step)P_SEND("\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A04M4G\r\n\r\nOK\r\n"));
	cmd(&sc[0], "AT+QGMR\r", "\r\n" OLD "\r\n\r\nOK\r\n");
	cmd(&sc[0], "AT+CGSN\r", "\r\n" IMEI "\r\n\r\nOK\r\n");
	cmd(&sc[0], "AT+QURCCFG=\"urcport\"\r", "\r\n+QURCCFG: \"urcport\",\"usbat\"\r\n\r\nOK\r\n");
	cmd(&sc[0], "AT+QFDEL=\"pkg.zip\"\r", "\r\n+CME ERROR: 405\r\n");
	cmd(&sc[0], "AT+QFLDS=\"UFS\"\r", "\r\n+QFLDS: 1000000,2000000\r\n\r\nOK\r\n");
	cmd(&sc[0], "AT+QFUPL=\"pkg.zip\",3000,2,1\r", "\r\nCONNECT\r\n");
	if (ph == PH_UPLOAD) {
		/* Data mode: the station has sent its first block and waits for the module's 'A'. */
		stop_point(&sc[0], cancel);
		if (cancel) {
			add(&sc[0], (struct at_peer_step)P_END);
			return;
		}
	}
	add(&sc[0], (struct at_peer_step){ .op = PEER_DATA, .size = PKG_SIZE, .ack = 1, .want = pkg });
	add(&sc[0], (struct at_peer_step)P_EXPECT("AT+QFOTADL=\"/cache/ufs/pkg.zip\"\r"));
	if (ph == PH_START) {
		/* AT+QFOTADL in flight: a notification must not make the station send it again. */
		stop_point(&sc[0], cancel);
		if (cancel) {
			add(&sc[0], (struct at_peer_step)P_END);
			return;
		}
	}
	if (ph == PH_START_LOST)
		add(&sc[0], (struct at_peer_step)P_DELAY(3500));   /* its OK lost: the station times out */
	else
		add(&sc[0], (struct at_peer_step)P_SEND("\r\nOK\r\n"));
	add(&sc[0], (struct at_peer_step)P_CLOSE);
	add(&sc[0], (struct at_peer_step)P_END);

	/* peer1: the update: back on a new tty, then its reports; it reboots again. */
	prepare(&sc[1]);
	cmd(&sc[1], "AT+CGSN\r", "\r\n" IMEI "\r\n\r\nOK\r\n");
	cmd(&sc[1], "AT+QGMR\r", "\r\n" OLD "\r\n\r\nOK\r\n");
	add(&sc[1], (struct at_peer_step)P_SEND("\r\n+QIND: \"FOTA\",\"START\"\r\n"));
	if (ph == PH_UPDATE) {
		stop_point(&sc[1], cancel);
		if (cancel) {
			add(&sc[1], (struct at_peer_step)P_END);
			return;
		}
	}
	add(&sc[1], (struct at_peer_step)P_SEND("\r\n+QIND: \"FOTA\",\"UPDATING\",50\r\n"));
	add(&sc[1], (struct at_peer_step)P_SEND("\r\n+QIND: \"FOTA\",\"END\",0\r\n"));
	add(&sc[1], (struct at_peer_step)P_DELAY(100));
	add(&sc[1], (struct at_peer_step)P_CLOSE);
	add(&sc[1], (struct at_peer_step)P_END);

	/* peer2: the new firmware: version, then the package is deleted. */
	prepare(&sc[2]);
	cmd(&sc[2], "AT+CGSN\r", "\r\n" IMEI "\r\n\r\nOK\r\n");
	add(&sc[2], (struct at_peer_step)P_EXPECT("AT+QGMR\r"));
	if (ph == PH_VERIFY) {
		stop_point(&sc[2], cancel);
		if (cancel) {
			add(&sc[2], (struct at_peer_step)P_END);
			return;
		}
	}
	add(&sc[2], (struct at_peer_step)P_SEND("\r\n" NEW "\r\n\r\nOK\r\n"));
	cmd(&sc[2], "AT+QFDEL=\"pkg.zip\"\r", "\r\nOK\r\n");
	add(&sc[2], (struct at_peer_step)P_END);
}

static void post(struct slot *s, enum discovery_event ev, int k)
{
	struct discovery_port p = { 0 };
	snprintf(p.usb_path, sizeof p.usb_path, "1-1.1");
	snprintf(p.tty, sizeof p.tty, "peer%d", k);
	slot_post(s, ev, &p);
}

/* Waits for the script's stop point, injects, lets it go on. */
static void inject(struct board *b, bool cancel)
{
	struct pollfd pf = { .fd = sig_pipe[0], .events = POLLIN };
	char c;
	if (poll(&pf, 1, 30000) != 1 || read(sig_pipe[0], &c, 1) != 1) {
		check_fail(__FILE__, __LINE__, "the script never reached its stop point");
		return;
	}
	if (cancel) {
		board_command(b, 0, BOARD_CMD_ABORT);
	} else {
		board_set_auto_start(b, !board_auto_start(b));
		board_command(b, 0, BOARD_CMD_START);
		board_set_auto_start(b, !board_auto_start(b));
	}
	CHECK(write(go_pipe[1], "g", 1) == 1);
}

static void run_case(const struct config *cfg, const struct catalogue *cat, enum phase ph, bool cancel)
{
	struct script sc[3];
	struct board *b = board_new(1);
	char err[256];
	struct record_writer *rw = record_writer_open(cfg->log_dir, cfg->name, err, sizeof err);
	struct slot_shared sh = {
		.cfg = cfg, .board = b, .cat = cat, .records = rw, .imeis = slot_imeis_new(1),
		.gate = upload_gate_new(1, 1), .operator_id = "OP", .lot = "LOT", .once = true,
		.notify_fd = -1, .open_port = open_peer,
	};
	struct journal_entry je = { .slot = "01", .usb_path = "1-1.1", .imei = IMEI, .package = "p",
				    .started_at = "2026-12-01T10:00:00Z", .fw_before = OLD };
	struct board_slot out;
	int last = ph == PH_RESUME ? 0 : cancel ? (ph == PH_UPDATE ? 1 : ph == PH_VERIFY ? 2 : 0) : 2;
	bool stops = ph != PH_START_LOST;

	scripts_for(ph, cancel, sc);
	for (int k = 0; k < 3; k++)
		peers.scripts[k] = sc[k].n ? sc[k].s : NULL;
	atomic_init(&sh.stopping, false);
	atomic_init(&sh.failed, 0);
	atomic_init(&sh.finished, 0);
	board_set_auto_start(b, true);
	struct slot *s = slot_start(&sh, 0, "01", "1-1.1", true, ph == PH_RESUME ? &je : NULL);
	post(s, DISCOVERY_ARRIVED, 0);
	for (int k = 0; k <= last; k++) {
		if ((ph == PH_IDENTIFY || ph == PH_UPLOAD || ph == PH_START || ph == PH_RESUME) && k == 0 && stops)
			inject(b, cancel);
		if ((ph == PH_UPDATE && k == 1) || (ph == PH_VERIFY && k == 2))
			inject(b, cancel);
		if (peer_finish(k, err, sizeof err) < 0)
			check_fail(__FILE__, __LINE__, "peer%d: %s", k, err);
		if (k < last) {
			post(s, DISCOVERY_LEFT, k);
			post(s, DISCOVERY_ARRIVED, k + 1);
		}
	}
	int64_t t0 = clock_mono_ms();
	slot_join(s);
	board_snapshot(b, 0, &out);
	if (cancel) {
		CHECK_STR(slot_state_name(out.state), slot_state_name(SLOT_ABORTED));
		CHECK_STR(errcode_name(out.err), "E-ABORTED");
		/* At once: no command or wait ran into its timeout first. */
		CHECK(clock_mono_ms() - t0 < 1500);
	} else {
		CHECK_STR(slot_state_name(out.state), slot_state_name(SLOT_PASS));
		CHECK_STR(errcode_name(out.err), "");
		if (out.state != SLOT_PASS)
			printf("     %s\n", out.error_text);
	}
	CHECK_INT(atomic_load(&sh.finished), 1);
	record_writer_close(rw);
	slot_imeis_free(sh.imeis);
	upload_gate_free(sh.gate);
	board_free(b);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len)
		abort();
	fclose(f);
}

int main(void)
{
	char path[256], cmdline[300];
	struct config cfg;
	struct catalogue *cat;
	char err[512];

	signal(SIGPIPE, SIG_IGN);
	if (pipe(sig_pipe) < 0 || pipe(go_pipe) < 0)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/test_slot_engine.%d", (int)getpid());
	snprintf(cmdline, sizeof cmdline, "mkdir -p %s", dir);
	if (system(cmdline) != 0)
		return 1;
	/* A whole zip archive of exactly PKG_SIZE bytes (station run maps nothing else). */
	uint8_t payload[PKG_SIZE];
	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 13 + 7);
	if (zipmk(pkg, sizeof pkg, payload, PKG_SIZE - zipmk_overhead(), 0) != PKG_SIZE)
		return 1;
	snprintf(path, sizeof path, "%s/pkg.zip", dir);
	write_file(path, pkg, sizeof pkg);
	static const char ini[] =
		"[station]\nname = ENG\nlog_dir = logs\n"
		"[package p]\nfile = pkg.zip\nfrom = RM500QGLABR11A04M4G\nto = RM500QGLABR11A06M4G\n"
		"[slots]\n01 = usb:1-1.1\n"
		"[timing]\ncommand = 3\nupload_idle = 2\nreboot = 8\nupdate = 60\nprogress = 20\n";
	snprintf(path, sizeof path, "%s/station.ini", dir);
	write_file(path, ini, sizeof ini - 1);
	if (config_load(&cfg, path, stderr) < 0)
		return 1;
	cat = catalogue_open(&cfg, err, sizeof err);
	if (!cat) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (int ph = PH_IDENTIFY; ph <= PH_START_LOST; ph++)
		for (int cancel = 0; cancel <= (ph == PH_START_LOST ? 0 : 1); cancel++) {
			char name[64];
			snprintf(name, sizeof name, "t_engine_%s_%s", phase_names[ph],
				 ph == PH_START_LOST ? "follows" : cancel ? "cancel" : "notify");
			check_case("%s", name);
			check_case_failed = 0;
			/* Every case flashes the same module (IMEI) in the same slot: without the records
			 * of the cases before, it is not "already recorded" (slot_ledger.c). */
			snprintf(cmdline, sizeof cmdline, "rm -f %s/logs/*.csv %s/logs/journal", dir, dir);
			if (system(cmdline) != 0)
				return 1;
			run_case(&cfg, cat, (enum phase)ph, cancel);
			if (check_case_failed)
				check_failed_cases++;
			else
				printf("PASS %s\n", name);
			fflush(stdout);
		}
	catalogue_close(cat);
	config_free(&cfg);
	snprintf(cmdline, sizeof cmdline, "rm -rf %s", dir);
	if (system(cmdline) != 0)
		return 1;
	return check_done();
}
