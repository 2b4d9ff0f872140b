#include "tests/unit/at_peer.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/base/xor16.h"

#define PEER_WAIT_MS 5000   /* the longest the peer waits for an expected byte */

struct at_peer {
	int fd;
	const struct at_peer_step *steps;
	pthread_t thread;
	char err[256];
	int failed;
};

static void peer_fail(struct at_peer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void peer_fail(struct at_peer *p, const char *fmt, ...)
{
	va_list ap;
	if (p->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof p->err, fmt, ap);
	va_end(ap);
	p->failed = 1;
}

static void peer_sleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Reads up to len bytes, waiting at most ms; returns the count, 0 on timeout, -1 on EOF/error. */
static ssize_t peer_read(struct at_peer *p, uint8_t *buf, size_t len, int ms)
{
	struct pollfd pf = { .fd = p->fd, .events = POLLIN };
	int r = poll(&pf, 1, ms);
	ssize_t n;

	if (r <= 0)
		return r < 0 ? -1 : 0;
	n = read(p->fd, buf, len);
	if (n == 0)
		return -1;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	return n;
}

static int peer_write(struct at_peer *p, const void *buf, size_t len)
{
	const uint8_t *b = buf;
	while (len) {
		ssize_t n = write(p->fd, b, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			struct pollfd pf = { .fd = p->fd, .events = POLLOUT };
			poll(&pf, 1, 100);
			continue;
		}
		if (n <= 0) {
			peer_fail(p, "write failed: %s", strerror(errno));
			return -1;
		}
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static void peer_expect(struct at_peer *p, const char *want)
{
	size_t n = strlen(want), got = 0;
	char buf[1024];

	while (got < n && got < sizeof buf) {
		ssize_t r = peer_read(p, (uint8_t *)buf + got, 1, PEER_WAIT_MS);
		if (r <= 0) {
			peer_fail(p, "expected \"%s\", got \"%.*s\" then %s", want, (int)got, buf, r ? "EOF" : "nothing");
			return;
		}
		if (buf[got] != want[got]) {
			got++;
			peer_fail(p, "expected \"%s\", got \"%.*s\"", want, (int)got, buf);
			return;
		}
		got++;
	}
}

static void peer_data(struct at_peer *p, const struct at_peer_step *s)
{
	uint8_t buf[4096];
	uint64_t got = 0;
	uint16_t sum = 0;
	char answer[64];

	while (got < s->size) {
		size_t room = sizeof buf;
		ssize_t r;

		if (s->stall_at && got >= s->stall_at) {
			peer_sleep(s->ms);
			break;
		}
		if (s->ack && room > 1024 - got % 1024)
			room = 1024 - got % 1024;
		if (s->stall_at && room > s->stall_at - got)
			room = s->stall_at - got;
		if (room > s->size - got)
			room = s->size - got;
		r = peer_read(p, buf, room, PEER_WAIT_MS);
		if (r <= 0) {
			peer_fail(p, "data: %llu of %zu bytes, then %s", (unsigned long long)got, s->size,
				  r ? "EOF" : "nothing");
			return;
		}
		if (s->want && memcmp(buf, s->want + got, (size_t)r) != 0) {
			peer_fail(p, "data: bytes differ in %llu..%llu", (unsigned long long)got,
				  (unsigned long long)got + (unsigned long long)r);
			return;
		}
		sum = xor16_update(sum, got, buf, (size_t)r);
		got += (uint64_t)r;
		if (s->ack && got % 1024 == 0 && peer_write(p, "A", 1) < 0)
			return;
	}
	if (s->no_answer)
		return;
	snprintf(answer, sizeof answer, "\r\n+QFUPL: %llu,%x\r\n\r\nOK\r\n", (unsigned long long)got,
		 (unsigned)(sum ^ s->flip));
	peer_write(p, answer, strlen(answer));
}

static void peer_skip_to(struct at_peer *p, const char *want)
{
	size_t n = strlen(want), match = 0;
	uint8_t c;

	while (match < n) {
		ssize_t r = peer_read(p, &c, 1, PEER_WAIT_MS);
		if (r <= 0) {
			peer_fail(p, "never saw \"%s\"", want);
			return;
		}
		if (c == (uint8_t)want[match])
			match++;
		else
			match = c == (uint8_t)want[0] ? 1 : 0;
	}
}

static void peer_drain(struct at_peer *p, int ms)
{
	int64_t end = clock_mono_ms() + ms;
	uint8_t buf[256];
	while (clock_left_ms(end) > 0 && peer_read(p, buf, sizeof buf, (int)clock_left_ms(end)) >= 0)
		;
}

static void *peer_main(void *arg)
{
	struct at_peer *p = arg;

	for (const struct at_peer_step *s = p->steps; s->op != PEER_END && !p->failed; s++) {
		switch (s->op) {
		case PEER_EXPECT:
			peer_expect(p, s->s);
			break;
		case PEER_SEND:
			if (s->ms > 0) {
				for (const char *c = s->s; *c; c++) {
					peer_write(p, c, 1);
					peer_sleep(s->ms);
				}
			} else {
				peer_write(p, s->s, strlen(s->s));
			}
			break;
		case PEER_SEND_BIN:
			peer_write(p, s->bin, s->len);
			break;
		case PEER_DELAY:
			peer_sleep(s->ms);
			break;
		case PEER_DATA:
			peer_data(p, s);
			break;
		case PEER_DRAIN:
			peer_drain(p, s->ms);
			break;
		case PEER_SKIP_TO:
			peer_skip_to(p, s->s);
			break;
		case PEER_SIGNAL:
			if (write(s->fd, "s", 1) != 1)
				peer_fail(p, "signal: %s", strerror(errno));
			break;
		case PEER_WAIT: {
			struct pollfd pf = { .fd = s->fd, .events = POLLIN };
			char c;
			if (poll(&pf, 1, 8 * PEER_WAIT_MS) != 1 || read(s->fd, &c, 1) != 1)
				peer_fail(p, "the test never let the script go on");
			break;
		}
		case PEER_CLOSE:
			close(p->fd);
			p->fd = -1;
			break;
		case PEER_END:
			break;
		}
	}
	return NULL;
}

struct at_peer *at_peer_start(int fd, const struct at_peer_step *steps)
{
	struct at_peer *p = xcalloc(1, sizeof *p);
	p->fd = fd;
	p->steps = steps;
	if (pthread_create(&p->thread, NULL, peer_main, p) != 0)
		fatal("peer: cannot start a thread");
	return p;
}

int at_peer_join(struct at_peer *p, char *err, size_t errlen)
{
	int rc;

	pthread_join(p->thread, NULL);
	if (p->fd >= 0)
		close(p->fd);
	rc = p->failed ? -1 : 0;
	snprintf(err, errlen, "%s", p->failed ? p->err : "");
	free(p);
	return rc;
}
