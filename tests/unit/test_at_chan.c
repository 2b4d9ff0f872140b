/* The command engine against a scripted module on a socketpair (and a pty for hang-up): URCs in the
 * middle of a command, answers split byte by byte, a late answer after a timeout, garbage, the port
 * vanishing, the wake fd, and identification end to end. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "station/at/at_chan.h"
#include "station/at/at_ident.h"
#include "station/at/at_ufs.h"
#include "station/base/clock.h"
#include "tests/unit/at_peer.h"
#include "tests/unit/check.h"

struct seen {
	char urcs[16][256];
	int n_urcs;
	char tx[4096];
	size_t tx_len;
	int notes;
};

static void seen_transcript(void *ctx, enum at_dir dir, const uint8_t *data, size_t len)
{
	struct seen *s = ctx;
	if (dir == AT_DIR_TX && s->tx_len + len < sizeof s->tx) {
		memcpy(s->tx + s->tx_len, data, len);
		s->tx_len += len;
		s->tx[s->tx_len] = '\0';
	} else if (dir == AT_DIR_NOTE) {
		s->notes++;
	}
}

static void seen_urc(void *ctx, const char *line)
{
	struct seen *s = ctx;
	if (s->n_urcs < 16)
		snprintf(s->urcs[s->n_urcs++], sizeof s->urcs[0], "%s", line);
}

static struct at_chan *chan_with_peer(const struct at_peer_step *steps, struct at_peer **peer, struct seen *seen)
{
	int sv[2];
	struct at_chan *ch;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	*peer = at_peer_start(sv[1], steps);
	ch = at_chan_from_fd(sv[0]);
	memset(seen, 0, sizeof *seen);
	at_chan_set_hooks(ch, &(struct at_chan_hooks){ .transcript = seen_transcript, .urc = seen_urc, .ctx = seen });
	return ch;
}

static void peer_done(struct at_peer *p)
{
	char err[256];
	if (at_peer_join(p, err, sizeof err) < 0)
		check_fail(__FILE__, __LINE__, "peer: %s", err);
}

static const char *const bare[] = { "", NULL };
static const char *const none[] = { NULL };
static struct at_response resp;

static void t_echo_and_answer(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_SEND("ATI\r\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n"),
		P_EXPECT("ATI\r"),  /* echo missing its LF */
		P_SEND("ATI\rQuectel\r\nRM500Q-GL\r\nRevision: R\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	for (int i = 0; i < 2; i++) {
		CHECK_INT(at_chan_command(ch, "ATI", NULL, 2000, &resp), AT_OK);
		CHECK_INT(resp.n_lines, 3);
		CHECK_STR(resp.lines[0], "Quectel");
		CHECK_STR(resp.lines[1], "RM500Q-GL");
	}
	CHECK_INT(seen.n_urcs, 0);
	CHECK_STR(seen.tx, "ATI\rATI\r");
	peer_done(p);
	at_chan_close(ch);
}

static void t_urc_between(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+QGMR\r"),
		P_SEND("\r\n+QIND: \"FOTA\",\"UPDATING\",5\r\n\r\nRDY\r\n"),
		P_DELAY(20),
		P_SEND("\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\nRM500QGLABR11A06M4G_01.001.01.001\r\n"
			     "\r\n+CFUN: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	CHECK_INT(at_chan_command(ch, "AT+QGMR", bare, 2000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "RM500QGLABR11A06M4G_01.001.01.001");
	CHECK_INT(seen.n_urcs, 7);
	CHECK_STR(seen.urcs[0], "+QIND: \"FOTA\",\"UPDATING\",5");
	CHECK_STR(seen.urcs[1], "RDY");
	CHECK_STR(seen.urcs[6], "+QIND: PB DONE");
	peer_done(p);
	at_chan_close(ch);
}

/* Lines that came after a command's final result, before the next command was sent, are not the
 * next command's answer (a noise line and half a URC after OK took over AT+QGMR's answer). */
static void t_lines_before_command(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789018\r\n\r\nOK\r\n\r\n\x01\xfe#?@\r\n\r\n+QIND: "),
		P_EXPECT("AT+QGMR\r"),
		P_SEND("\r\nRM500QGLABR11A06M4G_01.001.01.001\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 5000, &resp), AT_OK);
	CHECK_INT(at_chan_command(ch, "AT+QGMR", bare, 5000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "RM500QGLABR11A06M4G_01.001.01.001");
	CHECK_INT(seen.n_urcs, 2);
	CHECK_STR(seen.urcs[0], "\x01\xfe#?@");
	CHECK_STR(seen.urcs[1], "+QIND: ");
	peer_done(p);
	at_chan_close(ch);
}

/* First contact on a port just opened: what the module said while nobody had the port open comes
 * only now (a station killed mid-upload; the module's data timeout ended the upload meanwhile).
 * A report already there stays unsolicited; the stale "+QFUPL:" and OK after the first write are
 * not the first command's answer, nor is the AT's own OK the next one's. */
static void t_first_contact_stale(void)
{
	static const struct at_peer_step s[] = {
		P_SEND("\r\n+QIND: \"FOTA\",\"END\",0\r\n"),
		P_EXPECT("AT\r"),
		P_SEND("\r\n+QFUPL: 3548160,4242\r\n\r\nOK\r\n"),
		P_DELAY(30),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("ATI\r"),
		P_SEND("\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n"),
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789018\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	p = at_peer_start(sv[1], s);
	ch = at_chan_from_port_fd(sv[0]);
	memset(&seen, 0, sizeof seen);
	at_chan_set_hooks(ch, &(struct at_chan_hooks){ .transcript = seen_transcript, .urc = seen_urc, .ctx = &seen });
	CHECK(at_chan_needs_resync(ch));
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 5000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 3);
	CHECK_STR(resp.lines[1], "RM500Q-GL");
	CHECK(!at_chan_needs_resync(ch));
	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 5000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "866123456789018");
	CHECK_INT(seen.n_urcs >= 1, 1);
	CHECK_STR(seen.urcs[0], "+QIND: \"FOTA\",\"END\",0");
	CHECK_STR(seen.tx, "AT\rATI\rAT+CGSN\r");
	peer_done(p);
	at_chan_close(ch);
}

static void t_split_bytes(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+CGSN\r"),
		P_SEND_SLOW("\r\n866123456789018\r\n\r\nOK\r\n", 1),
		P_EXPECT("AT+QFDEL=\"x\"\r"),
		P_SEND_SLOW("\r\n+CME ERROR: 405\r\n", 1),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 10000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "866123456789018");
	CHECK_INT(at_chan_command(ch, "AT+QFDEL=\"x\"", none, 10000, &resp), AT_CME);
	CHECK_INT(resp.cme, 405);
	peer_done(p);
	at_chan_close(ch);
}

static void t_timeout_late_answer(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+CGSN\r"),
		P_DELAY(300),  /* the station gave up after 100 ms */
		P_SEND("\r\n490154203237518\r\n\r\nOK\r\n"),
		P_EXPECT("AT\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789018\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	int64_t t0 = clock_mono_ms();

	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 100, &resp), AT_TIMEOUT);
	CHECK(clock_mono_ms() - t0 >= 100);
	CHECK_INT(at_chan_timeouts(ch), 1);
	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 10000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "866123456789018");
	CHECK_INT(at_chan_timeouts(ch), 0);
	CHECK_INT(seen.n_urcs, 0);  /* the late answer went nowhere */
	peer_done(p);
	at_chan_close(ch);
}

static void t_late_answer_after_flush(void)
{
	/* The late answer arrives after the resync's flush, just before the resync's own OK. */
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+CGSN\r"),
		P_EXPECT("AT\r"),
		P_SEND("\r\n490154203237518\r\n\r\nOK\r\n"),
		P_DELAY(20),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789018\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_command(ch, "AT+CGSN", bare, 10000, &resp), AT_OK);
	CHECK_INT(resp.n_lines, 1);
	CHECK_STR(resp.lines[0], "866123456789018");
	peer_done(p);
	at_chan_close(ch);
}

static void t_timeouts_counted(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_EXPECT("AT\r"),   /* resync, never answered */
		P_EXPECT("AT\r"),
		P_DRAIN(100),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);

	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_timeouts(ch), 3);
	CHECK_STR(seen.tx, "ATI\rAT\rAT\r");  /* the command is not sent before a resync succeeds */
	peer_done(p);
	at_chan_close(ch);
}

static const uint8_t garbage[] = { 0x00, 0xff, 0xfe, 'x', 0x00, '\r', 0x80, 0x1b, '[', '\n', '\n', 0x7f, '\r' };

static void t_garbage(void)
{
	static const struct at_peer_step s[] = {
		P_BIN(garbage, sizeof garbage),
		P_EXPECT("AT+QFLDS=\"UFS\"\r"),
		P_BIN(garbage, sizeof garbage),
		P_SEND("\r\n+QFLDS: 1000,2000\r\n"),
		P_BIN(garbage, sizeof garbage),
		P_SEND("\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	uint64_t f = 0, t = 0;
	char err[160];

	CHECK_INT(at_ufs_space(ch, &f, &t, 2000, err, sizeof err), 0);
	CHECK_INT(f, 1000);
	CHECK_INT(t, 2000);
	CHECK(seen.n_urcs >= 3);  /* the garbage went aside, not into the answer */
	peer_done(p);
	at_chan_close(ch);
}

static void t_port_lost(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_SEND("\r\nQuec"),
		P_CLOSE,
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	int64_t t0 = clock_mono_ms();

	CHECK_INT(at_chan_command(ch, "ATI", NULL, 5000, &resp), AT_PORT_LOST);
	CHECK(clock_mono_ms() - t0 < 4000);
	CHECK_INT(at_chan_timeouts(ch), 0);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 5000, &resp), AT_PORT_LOST);
	peer_done(p);
	at_chan_close(ch);
}

/* A pty hangs up like a USB tty: closing the master gives the slave EIO / POLLHUP. */
static void t_port_lost_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), sfd;
	struct termios tio;
	struct at_chan *ch;

	CHECK(m >= 0);
	if (m < 0)
		return;
	grantpt(m);
	unlockpt(m);
	sfd = open(ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(sfd >= 0);
	tcgetattr(sfd, &tio);
	cfmakeraw(&tio);
	tcsetattr(sfd, TCSANOW, &tio);
	ch = at_chan_from_fd(sfd);
	CHECK(write(m, "\r\nRDY\r\n", 7) == 7);
	CHECK_INT(at_chan_wait_urc(ch, 1000), AT_OK);
	CHECK_INT(at_chan_wait_urc(ch, 50), AT_TIMEOUT);
	close(m);
	CHECK_INT(at_chan_command(ch, "AT", NULL, 2000, &resp), AT_PORT_LOST);
	at_chan_close(ch);
}

struct waker {
	int fd;
	int ms;
};

static void *wake_later(void *arg)
{
	struct waker *w = arg;
	usleep((useconds_t)w->ms * 1000);
	if (write(w->fd, "x", 1) != 1)
		abort();
	return NULL;
}

static void t_cancel_fd(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+QFOTADL=?\r"),
		P_EXPECT("AT\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("ATI\r"),
		P_SEND("\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	int pfd[2];
	pthread_t th;
	struct waker w;
	int64_t t0;
	char c;

	CHECK(pipe2(pfd, O_CLOEXEC) == 0);
	w.fd = pfd[1];
	w.ms = 50;
	at_chan_set_cancel_fd(ch, pfd[0]);
	pthread_create(&th, NULL, wake_later, &w);
	t0 = clock_mono_ms();
	CHECK_INT(at_chan_command(ch, "AT+QFOTADL=?", none, 5000, &resp), AT_CANCELLED);
	CHECK(clock_mono_ms() - t0 < 4000);
	pthread_join(th, NULL);
	CHECK(read(pfd[0], &c, 1) == 1);
	/* The cancelled command's answer may still come: the next command resyncs first. */
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 2000, &resp), AT_OK);
	/* A wait for URCs is cancelled too. */
	pthread_create(&th, NULL, wake_later, &w);
	CHECK_INT(at_chan_wait_urc(ch, 5000), AT_CANCELLED);
	pthread_join(th, NULL);
	peer_done(p);
	at_chan_close(ch);
	close(pfd[0]);
	close(pfd[1]);
}

static void t_refused(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT\r"),
		P_SEND("\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	char big[700];

	memset(big, 'A', sizeof big - 1);
	big[0] = 'A';
	big[1] = 'T';
	big[sizeof big - 1] = '\0';
	CHECK_INT(at_chan_command(ch, "AT\rAT", NULL, 100, &resp), AT_REFUSED);
	CHECK_INT(at_chan_command(ch, "ATI\n", NULL, 100, &resp), AT_REFUSED);
	CHECK_INT(at_chan_command(ch, "I", NULL, 100, &resp), AT_REFUSED);
	CHECK_INT(at_chan_command(ch, big, NULL, 100, &resp), AT_REFUSED);
	CHECK_INT(at_chan_command(ch, "AT", NULL, 2000, &resp), AT_OK);
	peer_done(p);
	at_chan_close(ch);
}

static void t_ident(void)
{
	static const struct at_peer_step s[] = {
		P_SEND("\r\nRDY\r\n"),
		P_EXPECT("ATE0\r"),
		P_SEND("ATE0\r\r\nOK\r\n"),
		P_EXPECT("AT+CMEE=1\r"),
		P_SEND("\r\n+CPIN: READY\r\n\r\nOK\r\n"),
		P_EXPECT("ATI\r"),
		P_SEND("\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QGMR\r"),
		P_SEND("\r\n+QUSIM: 1\r\n\r\nRM500QGLABR11A06M4G_00.000.00.000\r\n\r\nOK\r\n"),
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789018\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QURCCFG=\"urcport\"\r"),
		P_SEND("\r\n+QURCCFG: \"urcport\",\"usbmodem\"\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QURCCFG=\"urcport\",\"usbat\"\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QURCCFG=\"urcport\"\r"),
		P_SEND("\r\n+QURCCFG: \"urcport\",\"usbat\"\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QFLST=\"*\"\r"),
		P_SEND("\r\n+QFLST: \"a.zip\",10\r\n+QFLST: \"b\",20\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QFDEL=\"a.zip\"\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QFDEL=\"a.zip\"\r"),
		P_SEND("\r\n+CME ERROR: 405\r\n"),
		P_EXPECT("AT+QFDEL=\"b\"\r"),
		P_SEND("\r\n+CME ERROR: 418\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	struct at_ident id;
	struct at_ufs_file files[1];
	bool existed = false;
	char err[160];

	CHECK_INT(at_ident_prepare(ch, 2000, err, sizeof err), 0);
	CHECK_INT(at_ident_read(ch, &id, 2000, err, sizeof err), 0);
	CHECK_STR(id.model, "RM500Q-GL");
	CHECK_STR(id.revision, "RM500QGLABR11A06M4G");
	CHECK_STR(id.version, "RM500QGLABR11A06M4G_00.000.00.000");
	CHECK(!id.version_complete);
	CHECK_STR(id.imei, "866123456789018");
	CHECK_INT(at_ident_ensure_urcport(ch, 2000, err, sizeof err), 0);
	CHECK_INT(at_ufs_list(ch, files, 1, 2000, err, sizeof err), 2);
	CHECK_STR(files[0].name, "a.zip");
	CHECK_INT(files[0].size, 10);
	CHECK_INT(at_ufs_delete(ch, "a.zip", &existed, 2000, err, sizeof err), 0);
	CHECK(existed);
	CHECK_INT(at_ufs_delete(ch, "a.zip", &existed, 2000, err, sizeof err), 0);
	CHECK(!existed);
	CHECK_INT(at_ufs_delete(ch, "b", &existed, 2000, err, sizeof err), AT_CME);
	CHECK_INT(at_chan_last_cme(ch), 418);
	CHECK_INT(at_ufs_delete(ch, "b\"", &existed, 2000, err, sizeof err), AT_REFUSED);  /* refused, not sent */
	CHECK_INT(seen.n_urcs, 3);
	peer_done(p);
	at_chan_close(ch);
}

static void t_ident_bad_imei(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_SEND("\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n"),
		P_EXPECT("AT+QGMR\r"),
		P_SEND("\r\nRM500QGLABR11A06M4G_01.001.01.001\r\n\r\nOK\r\n"),
		P_EXPECT("AT+CGSN\r"),
		P_SEND("\r\n866123456789012\r\n\r\nOK\r\n"),
		P_END,
	};
	struct seen seen;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p, &seen);
	struct at_ident id;
	char err[160] = "";

	CHECK_INT(at_ident_read(ch, &id, 2000, err, sizeof err), AT_MALFORMED);
	CHECK(strstr(err, "Luhn") != NULL);
	CHECK(id.version_complete);
	peer_done(p);
	at_chan_close(ch);
}

/* Opening through libserialport: a missing port and a plain pty (no /sys/class/tty entry) are
 * refused with a reason, never a crash or a half-open channel. */
static void t_open_refused(void)
{
	char err[200] = "";
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	CHECK(at_chan_open("/dev/ttyUSB-not-there", err, sizeof err) == NULL);
	CHECK(strstr(err, "/dev/ttyUSB-not-there") != NULL);
	if (m >= 0) {
		grantpt(m);
		unlockpt(m);
		err[0] = '\0';
		CHECK(at_chan_open(ptsname(m), err, sizeof err) == NULL);
		CHECK(err[0] != '\0');
		close(m);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);  /* a write to a closed peer must fail, not kill the test */
	RUN(t_echo_and_answer);
	RUN(t_urc_between);
	RUN(t_lines_before_command);
	RUN(t_first_contact_stale);
	RUN(t_split_bytes);
	RUN(t_timeout_late_answer);
	RUN(t_late_answer_after_flush);
	RUN(t_timeouts_counted);
	RUN(t_garbage);
	RUN(t_port_lost);
	RUN(t_port_lost_pty);
	RUN(t_cancel_fd);
	RUN(t_refused);
	RUN(t_ident);
	RUN(t_ident_bad_imei);
	RUN(t_open_refused);
	return check_done();
}
