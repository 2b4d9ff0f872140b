/* The channel's data mode, cancellation and resync against the scripted module: a cancellation in
 * data mode leaves the channel needing a resync that waits for the module to end data mode (its
 * late +QFUPL / OK is never taken for the next command's answer); a resync that never gets quiet
 * ends at its deadline; timeouts in a row count as a lost port. */
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "station/at/at_chan.h"
#include "station/at/at_ufs.h"
#include "station/base/clock.h"
#include "tests/unit/at_peer.h"
#include "tests/unit/check.h"

static struct at_response resp;
static const char *const qfupl[] = { "+QFUPL:", NULL };

static struct at_chan *chan_with_peer(const struct at_peer_step *steps, struct at_peer **peer)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	*peer = at_peer_start(sv[1], steps);
	return at_chan_from_fd(sv[0]);
}

static void peer_done(struct at_peer *p)
{
	char err[256];
	if (at_peer_join(p, err, sizeof err) < 0)
		check_fail(__FILE__, __LINE__, "peer: %s", err);
}

/* Defect seen on the line: an upload cut short in data mode, then AT+QFLDS took the module's
 * late "+QFUPL: ..." / "OK" for its own answer ("AT+QFLDS: malformed answer"). */
static void t_cancel_in_data_mode(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"f.zip\",100,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		P_EXPECT("0123456789"),
		P_DELAY(300),   /* the module's idle timeout: it ends data mode by itself */
		P_SEND("\r\n+QFUPL: 10,2b2a\r\n\r\nOK\r\n"),
		P_EXPECT("AT\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QFLDS=\"UFS\"\r"),
		P_SEND("\r\n+QFLDS: 1000,2000\r\n\r\nOK\r\n"),
		P_END,
	};
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	uint64_t fr = 0, total = 0;
	int cancel[2];
	char err[160] = "";
	uint8_t b;

	CHECK(pipe(cancel) == 0);
	at_chan_set_cancel_fd(ch, cancel[0]);
	at_chan_set_data_idle(ch, 1000);
	CHECK_INT(at_chan_command(ch, "AT+QFUPL=\"f.zip\",100,1,0", qfupl, 2000, &resp), AT_CONNECT);
	CHECK(at_chan_in_data_mode(ch));
	CHECK_INT(at_chan_write_some(ch, (const uint8_t *)"0123456789", 10, 2000, NULL), AT_OK);
	/* The operator aborts: the data-mode owner stops where it is, without the final result. */
	CHECK(write(cancel[1], "x", 1) == 1);
	CHECK_INT(at_chan_peek_byte(ch, &b, 2000), AT_CANCELLED);
	CHECK(at_chan_in_data_mode(ch));
	CHECK(at_chan_needs_resync(ch));
	CHECK(read(cancel[0], &b, 1) == 1);
	/* The next command waits for the module to leave data mode, resyncs, then gets its own answer. */
	CHECK_INT(at_ufs_space(ch, &fr, &total, 2000, err, sizeof err), 0);
	CHECK_INT(fr, 1000);
	CHECK(!at_chan_in_data_mode(ch));
	CHECK(!at_chan_needs_resync(ch));
	peer_done(p);
	at_chan_close(ch);
	close(cancel[0]);
	close(cancel[1]);
}

/* Data mode ended by its final result: no resync needed. */
static void t_data_mode_finished(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"f.zip\",4,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		P_EXPECT("abcd"),
		P_SEND("\r\n+QFUPL: 4,0606\r\n\r\nOK\r\n"),
		P_EXPECT("ATI\r"),
		P_SEND("\r\nQuectel\r\n\r\nOK\r\n"),
		P_END,
	};
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);

	CHECK_INT(at_chan_command(ch, "AT+QFUPL=\"f.zip\",4,1,0", qfupl, 2000, &resp), AT_CONNECT);
	CHECK_INT(at_chan_write_some(ch, (const uint8_t *)"abcd", 4, 2000, NULL), AT_OK);
	CHECK_INT(at_chan_finish(ch, qfupl, 2000, &resp), AT_OK);
	CHECK(!at_chan_in_data_mode(ch));
	CHECK(!at_chan_needs_resync(ch));
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 2000, &resp), AT_OK);
	peer_done(p);
	at_chan_close(ch);
}

/* A module that keeps talking cannot hold the resync: it ends at its deadline. The chatter is a
 * flood of final results (96 MB of OK lines, written as fast as the channel reads them), so there
 * is never 100 ms of quiet however busy the machine is. */
static void t_resync_deadline(void)
{
	static const char ok[] = "\r\nOK\r\n";
	size_t n = 16u << 20;
	char *flood = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		flood[i] = ok[i % 6];
	flood[n] = '\0';
	const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_EXPECT("AT\r"),
		P_SEND(flood), P_SEND(flood), P_SEND(flood), P_SEND(flood), P_SEND(flood), P_SEND(flood),
		P_END,
	};
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	char err[256];
	int64_t t0;

	CHECK_INT(at_chan_command(ch, "ATI", NULL, 100, &resp), AT_TIMEOUT);
	t0 = clock_mono_ms();
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 1000, &resp), AT_TIMEOUT);
	/* Bounded by its own timeout (1 s), not by the chatter. */
	CHECK(clock_mono_ms() - t0 < 2500);
	at_chan_close(ch);
	at_peer_join(p, err, sizeof err);   /* its flood is cut short: no verdict on the script */
	free(flood);
}

/* Timeouts in a row: the third is a lost port. */
static void t_lost_after_timeouts(void)
{
	static const struct at_peer_step s[] = {
		P_EXPECT("ATI\r"),
		P_EXPECT("AT\r"),
		P_EXPECT("AT\r"),
		P_DRAIN(100),
		P_END,
	};
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);

	at_chan_set_lost_after(ch, 3);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_TIMEOUT);
	CHECK_INT(at_chan_command(ch, "ATI", NULL, 50, &resp), AT_PORT_LOST);
	peer_done(p);
	at_chan_close(ch);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(t_cancel_in_data_mode);
	RUN(t_data_mode_finished);
	RUN(t_resync_deadline);
	RUN(t_lost_after_timeouts);
	return check_done();
}
