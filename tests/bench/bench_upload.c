/* Upload throughput through the engine against a module stand-in on a pty that drains and checks
 * every byte, compared with the bare transport measured in the same run on the same pty and the
 * same receiver. Both sides do the same exchange (AT+QFUPL, CONNECT, the data, the +QFUPL answer
 * and OK): the bare side with nothing around it.
 *   ack mode 0: at_upload vs plain 64 KiB write() calls            (target >= 90 %)
 *   ack mode 1: at_upload vs a 1 KiB write + 1-byte ack ping-pong   (target >= 90 %)
 * and the sending thread's own CPU time per MB on both sides: a fast checker can hide a sender
 * that burns a core. Runs alternate; the ratio is the median of the pairs' ratios. Prints one
 * "key=value ..." line per mode for tests/bench/upload.sh; exit status 1 when a target is missed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "station/at/at_upload.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "tests/unit/at_peer.h"

#define MIB (1024 * 1024)

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void wait_fd(int fd, short ev)
{
	struct pollfd pf = { .fd = fd, .events = ev };
	poll(&pf, 1, 1000);
}

/* The bare transport: the same bytes, no engine. ack: wait for one byte after every 1 KiB. */
static void raw_send(int fd, const uint8_t *data, size_t size, int ack)
{
	size_t chunk = ack ? 1024 : 64 * 1024, off = 0;

	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk, done = 0;
		while (done < n) {
			ssize_t w = write(fd, data + off + done, n - done);
			if (w > 0)
				done += (size_t)w;
			else if (w < 0 && (errno == EAGAIN || errno == EINTR))
				wait_fd(fd, POLLOUT);
			else
				fatal("raw write: %s", strerror(errno));
		}
		off += n;
		if (ack && n == 1024) {
			uint8_t a;
			ssize_t r;
			while ((r = read(fd, &a, 1)) != 1) {
				if (r < 0 && (errno == EAGAIN || errno == EINTR))
					wait_fd(fd, POLLIN);
				else
					fatal("raw ack read failed");
			}
		}
	}
}

/* The bare side of the exchange: reads until what came ends with want. */
static void raw_until(int fd, const char *want)
{
	char buf[256];
	size_t len = 0, n = strlen(want);

	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r > 0) {
			len += (size_t)r;
			buf[len] = '\0';
			if (len >= n && strcmp(buf + len - n, want) == 0)
				return;
			if (len == sizeof buf - 1)
				fatal("raw: no %s", want);
		} else if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
			wait_fd(fd, POLLIN);
		} else {
			fatal("raw read failed");
		}
	}
}

/* One measured transfer in MB/s, and the sender's CPU seconds per MB in *cpu_per_mb;
 * engine = through at_upload, else the bare transport. */
static double run_once(struct at_chan *ch, int master, const uint8_t *data, size_t size, int ack, int engine,
		       double *cpu_per_mb)
{
	char cmd[96];
	struct at_peer_step steps[4];
	struct at_peer *p;
	double t0, t1, c0, c1;
	char err[256];

	snprintf(cmd, sizeof cmd, "AT+QFUPL=\"bench.zip\",%zu,5,%d\r", size, ack);
	memset(steps, 0, sizeof steps);
	steps[0] = (struct at_peer_step)P_EXPECT(cmd);
	steps[1] = (struct at_peer_step)P_SEND("\r\nCONNECT\r\n");
	steps[2] = (struct at_peer_step){ .op = PEER_DATA, .size = size, .ack = ack, .want = data };
	p = at_peer_start(dup(master), steps);
	t0 = now_s();
	c0 = thread_cpu_s();
	if (engine) {
		struct at_upload_req req = { .name = "bench.zip", .data = data, .size = size, .idle_timeout_s = 5,
					     .ack_mode = ack, .max_attempts = 1, .timeout_ms = 5000 };
		struct at_upload_result res;
		if (at_upload(ch, &req, &res) != 0)
			fatal("upload failed: %s", res.text);
	} else {
		int fd = at_chan_fd(ch);
		raw_send(fd, (const uint8_t *)cmd, strlen(cmd), 0);
		raw_until(fd, "CONNECT\r\n");
		raw_send(fd, data, size, ack);
		raw_until(fd, "OK\r\n");
	}
	c1 = thread_cpu_s();
	if (at_peer_join(p, err, sizeof err) < 0)
		fatal("peer: %s", err);
	t1 = now_s();
	*cpu_per_mb = (c1 - c0) / ((double)size / 1e6);
	return (double)size / (t1 - t0) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Alternates bare and engine runs; the ratio is the median of each pair's ratio (a pair runs
 * back to back, so a change of the machine's speed between pairs does not move it), printed with
 * both medians and the sender's CPU per MB; returns 0 if the ratio is >= target. */
static int compare(struct at_chan *ch, int master, const uint8_t *data, size_t size, int ack, int reps)
{
	double raw[32], eng[32], ratio[32], rawcpu[32], engcpu[32], r, e, q;

	for (int i = 0; i < reps; i++) {
		raw[i] = run_once(ch, master, data, size, ack, 0, &rawcpu[i]);
		eng[i] = run_once(ch, master, data, size, ack, 1, &engcpu[i]);
		ratio[i] = eng[i] / raw[i];
	}
	r = median(raw, reps);
	e = median(eng, reps);
	q = median(ratio, reps);
	printf("ack=%d mib=%.1f runs=%d bound_mbps=%.2f engine_mbps=%.2f ratio=%.3f "
	       "bound_cpu_ms_per_mb=%.3f engine_cpu_ms_per_mb=%.3f goal=0.90 met=%d\n",
	       ack, (double)size / MIB, reps, r, e, q, 1000 * median(rawcpu, reps),
	       1000 * median(engcpu, reps), q >= 0.9);
	return q >= 0.9 ? 0 : 1;
}

int main(int argc, char **argv)
{
	size_t size0 = 4 * MIB, size1 = 1 * MIB;
	int reps = 21, m, s, bad = 0;
	struct termios tio;
	struct at_chan *ch;
	uint8_t *data;

	if (argc > 1)
		size0 = (size_t)atoi(argv[1]) * MIB;
	signal(SIGPIPE, SIG_IGN);
	data = xmalloc(size0);
	for (size_t i = 0; i < size0; i++)
		data[i] = (uint8_t)(i * 2654435761u >> 13);
	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0)
		fatal("no pty");
	s = open(ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		fatal("no pty slave");
	tcgetattr(s, &tio);
	cfmakeraw(&tio);
	tcsetattr(s, TCSANOW, &tio);
	ch = at_chan_from_fd(s);
	bad |= compare(ch, m, data, size0, 0, reps);
	bad |= compare(ch, m, data, size1, 1, reps);
	at_chan_close(ch);
	close(m);
	free(data);
	return bad;
}
