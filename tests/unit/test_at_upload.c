/* AT+QFUPL through the engine against the scripted peer, which checks every byte and computes the
 * checksum itself: ack modes 0 and 1, a mismatch then a good retry, retries used up, a stall, an
 * early error, CME codes, refused names. */
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "station/at/at_upload.h"
#include "station/base/xor16.h"
#include "tests/unit/at_peer.h"
#include "tests/unit/check.h"

#define BIG (200 * 1024 + 333)   /* odd, and not a multiple of 1024 */
static uint8_t data[BIG];

struct prog {
	uint64_t last, calls;
	int backwards;
};

static void on_progress(void *ctx, uint64_t sent, uint64_t total)
{
	struct prog *p = ctx;
	if (sent < p->last || sent > total)
		p->backwards++;
	p->last = sent;
	p->calls++;
}

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

static struct at_upload_req req_for(size_t size, int ack, struct prog *pr)
{
	return (struct at_upload_req){
		.name = "pkg.zip", .data = data, .size = size, .idle_timeout_s = 1, .ack_mode = ack,
		.max_attempts = 3, .timeout_ms = 3000, .progress = on_progress, .ctx = pr,
	};
}

static void run_good(int ack, size_t size, const char *cmd)
{
	const struct at_peer_step s[] = {
		P_EXPECT(cmd),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = size, .ack = ack, .want = data },
		P_END,
	};
	struct prog pr = { 0 };
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(size, ack, &pr);

	CHECK_INT(at_upload(ch, &req, &res), 0);
	CHECK_INT(res.status, AT_OK);
	CHECK_INT(res.attempts, 1);
	CHECK_INT(res.reported_size, size);
	CHECK_INT(res.reported_checksum, xor16(data, size));
	CHECK_INT(res.expected_checksum, xor16(data, size));
	CHECK_INT(res.bytes_sent, size);
	CHECK_INT(pr.last, size);
	CHECK_INT(pr.backwards, 0);
	CHECK(pr.calls >= 1);
	peer_done(p);
	at_chan_close(ch);
}

static void t_ack0(void)
{
	run_good(0, BIG, "AT+QFUPL=\"pkg.zip\",205133,1,0\r");
}

static void t_ack1(void)
{
	run_good(1, BIG, "AT+QFUPL=\"pkg.zip\",205133,1,1\r");
}

static void t_ack1_exact_blocks(void)
{
	run_good(1, 4096, "AT+QFUPL=\"pkg.zip\",4096,1,1\r");
}

static void t_small_odd(void)
{
	run_good(0, 1, "AT+QFUPL=\"pkg.zip\",1,1,0\r");
	run_good(1, 1023, "AT+QFUPL=\"pkg.zip\",1023,1,1\r");
}

/* A checksum the caller already has (the package's, taken once at load) is what the module's
 * answer is checked against: the right one passes, a wrong one is a mismatch on every attempt. */
static void t_known_checksum(void)
{
	for (int right = 1; right >= 0; right--) {
		const struct at_peer_step good[] = {
			P_EXPECT("AT+QFUPL=\"pkg.zip\",4096,1,1\r"),
			P_SEND("\r\nCONNECT\r\n"),
			{ .op = PEER_DATA, .size = 4096, .ack = 1, .want = data },
			P_END,
		};
		const struct at_peer_step bad[] = {
			P_EXPECT("AT+QFUPL=\"pkg.zip\",4096,1,1\r"),
			P_SEND("\r\nCONNECT\r\n"),
			{ .op = PEER_DATA, .size = 4096, .ack = 1, .want = data },
			P_EXPECT("AT+QFDEL=\"pkg.zip\"\r"),
			P_SEND("\r\nOK\r\n"),
			P_END,
		};
		struct prog pr = { 0 };
		struct at_upload_result res;
		struct at_peer *p;
		struct at_chan *ch = chan_with_peer(right ? good : bad, &p);
		struct at_upload_req req = req_for(4096, 1, &pr);

		req.max_attempts = 1;
		req.checksum_known = true;
		req.checksum = (uint16_t)(xor16(data, 4096) ^ (right ? 0 : 0x0101));
		CHECK_INT(at_upload(ch, &req, &res), right ? 0 : AT_MISMATCH);
		CHECK_INT(res.reported_checksum, xor16(data, 4096));
		CHECK_INT(res.expected_checksum, req.checksum);
		peer_done(p);
		at_chan_close(ch);
	}
}

static void t_mismatch_then_good(void)
{
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",205133,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = BIG, .want = data, .flip = 0x0100 },
		P_EXPECT("AT+QFDEL=\"pkg.zip\"\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QFUPL=\"pkg.zip\",205133,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = BIG, .want = data },
		P_END,
	};
	struct prog pr = { 0 };
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(BIG, 0, &pr);

	CHECK_INT(at_upload(ch, &req, &res), 0);
	CHECK_INT(res.attempts, 2);
	CHECK_INT(res.reported_checksum, res.expected_checksum);
	peer_done(p);
	at_chan_close(ch);
}

static void t_mismatch_retries_used_up(void)
{
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",5000,1,1\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = 5000, .ack = 1, .want = data, .flip = 1 },
		P_EXPECT("AT+QFDEL=\"pkg.zip\"\r"),
		P_SEND("\r\n+CME ERROR: 405\r\n"),
		P_EXPECT("AT+QFUPL=\"pkg.zip\",5000,1,1\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = 5000, .ack = 1, .want = data, .flip = 0x8000 },
		P_EXPECT("AT+QFDEL=\"pkg.zip\"\r"),
		P_SEND("\r\nOK\r\n"),
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(5000, 1, NULL);

	req.progress = NULL;
	req.max_attempts = 2;
	CHECK_INT(at_upload(ch, &req, &res), AT_MISMATCH);
	CHECK_INT(res.status, AT_MISMATCH);
	CHECK_INT(res.attempts, 2);
	CHECK_INT(res.reported_size, 5000);
	CHECK_INT(res.reported_checksum, xor16(data, 5000) ^ 0x8000);
	CHECK(res.text[0]);
	peer_done(p);
	at_chan_close(ch);
}

/* Ack mode 0: the module stops taking bytes, gives up after its idle timeout and reports what it
 * got; the uploader deletes and tries again. small_buffers: the station's writes block (the stall
 * is seen in the write), else everything fits in the socket and only the answer tells. */
static void note_hook(void *ctx, enum at_dir dir, const uint8_t *bytes, size_t len)
{
	char *notes = ctx;
	size_t have = strlen(notes);
	if (dir == AT_DIR_NOTE && have + len + 2 < 2048) {
		memcpy(notes + have, bytes, len);
		memcpy(notes + have + len, "\n", 2);
	}
}

static void stall_short_size(bool small_buffers)
{
	char notes[2048] = "";
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",205133,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = BIG, .want = data, .stall_at = 70000, .ms = 300 },
		P_SKIP_TO("AT+QFDEL=\"pkg.zip\"\r"),   /* past the rest of what was in flight */
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QFUPL=\"pkg.zip\",205133,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = BIG, .want = data },
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(BIG, 0, NULL);
	int small = 4096;

	if (small_buffers)
		setsockopt(at_chan_fd(ch), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	at_chan_set_hooks(ch, &(struct at_chan_hooks){ .transcript = note_hook, .ctx = notes });
	req.progress = NULL;
	/* The module's answer ends each attempt; the deadline is only a guard, generous for a busy
	 * machine (500 ms failed under load when the peer's 300 ms stall ran long). */
	req.timeout_ms = 10000;
	CHECK_INT(at_upload(ch, &req, &res), 0);
	CHECK_INT(res.attempts, 2);
	/* With small buffers the writes block and the answer is seen while writing; otherwise all
	 * bytes fit in flight and the answer comes after. */
	CHECK(strstr(notes, small_buffers ? "(module answered early)" : "205133 bytes sent") != NULL);
	if (check_case_failed)
		printf("notes:\n%s", notes);
	peer_done(p);
	at_chan_close(ch);
}

static void t_stall_short_size(void)
{
	stall_short_size(false);
}

static void t_stall_in_write(void)
{
	stall_short_size(true);
}

/* Ack mode 1: the module stops acking and answers with an error. */
static void t_ack_stall_error(void)
{
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",5000,1,1\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = 5000, .ack = 1, .want = data, .stall_at = 2048, .ms = 200, .no_answer = true },
		P_SEND("\r\n+CME ERROR: 421\r\n"),
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(5000, 1, NULL);

	req.progress = NULL;
	CHECK_INT(at_upload(ch, &req, &res), AT_CME);
	CHECK_INT(res.cme, 421);
	CHECK_STR(res.module_code, "CME 421");
	CHECK_INT(res.bytes_sent, 3072);
	peer_done(p);
	at_chan_close(ch);
}

static void t_cme_codes(void)
{
	static const int rows[] = { 403, 409, 420, 421, 423, 406, 999 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char answer[64], code[16];
		snprintf(answer, sizeof answer, "\r\n+CME ERROR: %d\r\n", rows[i]);
		const struct at_peer_step s[] = {
			P_EXPECT("AT+QFUPL=\"pkg.zip\",10,1,0\r"),
			P_SEND(answer),
			P_END,
		};
		struct at_upload_result res;
		struct at_peer *p;
		struct at_chan *ch = chan_with_peer(s, &p);
		struct at_upload_req req = req_for(10, 0, NULL);

		check_case("t_cme_codes[%d]", rows[i]);
		req.progress = NULL;
		CHECK_INT(at_upload(ch, &req, &res), AT_CME);
		CHECK_INT(res.cme, rows[i]);
		snprintf(code, sizeof code, "CME %d", rows[i]);
		CHECK_STR(res.module_code, code);
		CHECK_INT(res.attempts, 1);
		peer_done(p);
		at_chan_close(ch);
	}
}

/* A stale file: 407, delete, go again. */
static void t_exists_then_good(void)
{
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",10,1,0\r"),
		P_SEND("\r\n+CME ERROR: 407\r\n"),
		P_EXPECT("AT+QFDEL=\"pkg.zip\"\r"),
		P_SEND("\r\nOK\r\n"),
		P_EXPECT("AT+QFUPL=\"pkg.zip\",10,1,0\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = 10, .want = data },
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(10, 0, NULL);

	req.progress = NULL;
	CHECK_INT(at_upload(ch, &req, &res), 0);
	CHECK_INT(res.attempts, 2);
	peer_done(p);
	at_chan_close(ch);
}

static void t_port_lost_in_data(void)
{
	const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"pkg.zip\",205133,1,1\r"),
		P_SEND("\r\nCONNECT\r\n"),
		{ .op = PEER_DATA, .size = BIG, .ack = 1, .want = data, .stall_at = 4096, .no_answer = true },
		P_CLOSE,
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(BIG, 1, NULL);

	req.progress = NULL;
	CHECK_INT(at_upload(ch, &req, &res), AT_PORT_LOST);
	CHECK_INT(res.status, AT_PORT_LOST);
	peer_done(p);
	at_chan_close(ch);
}

static void t_refused_names(void)
{
	static const char *const bad[] = {
		"a\"b", "a\rb", "a\nb", "\x01", "", "dir/file",
		"123456789012345678901234567890123456789012345678901234567890123456789012345678901",
	};
	/* Nothing may reach the port: the peer expects only this. */
	static const struct at_peer_step s[] = {
		P_EXPECT("AT+QFUPL=\"12345678901234567890123456789012345678901234567890123456789012345678901234567890\",1,1,0\r"),
		P_SEND("\r\n+CME ERROR: 403\r\n"),
		P_END,
	};
	struct at_upload_result res;
	struct at_peer *p;
	struct at_chan *ch = chan_with_peer(s, &p);
	struct at_upload_req req = req_for(1, 0, NULL);

	req.progress = NULL;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		check_case("t_refused_names[%zu]", i);
		req.name = bad[i];
		CHECK_INT(at_upload(ch, &req, &res), AT_REFUSED);
		CHECK_INT(res.status, AT_REFUSED);
		CHECK_INT(res.attempts, 0);
	}
	check_case("t_refused_names[80 bytes]");
	req.name = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
	CHECK_INT(at_upload(ch, &req, &res), AT_CME);
	CHECK_INT(res.cme, 403);
	peer_done(p);
	at_chan_close(ch);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 131 + (i >> 9) + 7);
	RUN(t_ack0);
	RUN(t_ack1);
	RUN(t_ack1_exact_blocks);
	RUN(t_small_odd);
	RUN(t_known_checksum);
	RUN(t_mismatch_then_good);
	RUN(t_mismatch_retries_used_up);
	RUN(t_stall_short_size);
	RUN(t_stall_in_write);
	RUN(t_ack_stall_error);
	RUN(t_cme_codes);
	RUN(t_exists_then_good);
	RUN(t_port_lost_in_data);
	RUN(t_refused_names);
	return check_done();
}
