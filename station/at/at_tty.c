#include "station/at/at_tty.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <poll.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "station/at/at_status.h"
#include "station/base/clock.h"

static void at_tty_sp_error(const char *what, const char *path, char *err, size_t errlen)
{
	char *msg = sp_last_error_message();
	snprintf(err, errlen, "%s %s: %s", what, path, msg ? msg : "failed");
	if (msg)
		sp_free_error_message(msg);
}

static void at_tty_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int at_tty_open(struct at_tty *t, const char *path, char *err, size_t errlen)
{
	struct sp_port *p = NULL;
	int fd = -1;

	t->sp = NULL;
	t->fd = -1;
	t->cancel_fd = -1;
	if (sp_get_port_by_name(path, &p) != SP_OK) {
		at_tty_sp_error("no port", path, err, errlen);
		return -1;
	}
	if (sp_open(p, SP_MODE_READ_WRITE) != SP_OK) {
		at_tty_sp_error("cannot open", path, err, errlen);
		sp_free_port(p);
		return -1;
	}
	if (sp_set_baudrate(p, 115200) != SP_OK || sp_set_bits(p, 8) != SP_OK ||
	    sp_set_parity(p, SP_PARITY_NONE) != SP_OK || sp_set_stopbits(p, 1) != SP_OK ||
	    sp_set_flowcontrol(p, SP_FLOWCONTROL_NONE) != SP_OK) {
		at_tty_sp_error("cannot set 115200 8N1 on", path, err, errlen);
		goto fail;
	}
	if (sp_flush(p, SP_BUF_INPUT) != SP_OK) {
		at_tty_sp_error("cannot flush", path, err, errlen);
		goto fail;
	}
	if (sp_get_port_handle(p, &fd) != SP_OK || fd < 0) {
		at_tty_sp_error("no handle for", path, err, errlen);
		goto fail;
	}
	at_tty_nonblock(fd);
	t->sp = p;
	t->fd = fd;
	return 0;
fail:
	sp_close(p);
	sp_free_port(p);
	return -1;
}

void at_tty_wrap(struct at_tty *t, int fd)
{
	t->sp = NULL;
	t->fd = fd;
	t->cancel_fd = -1;
	at_tty_nonblock(fd);
}

void at_tty_close(struct at_tty *t)
{
	if (t->sp) {
		sp_close(t->sp);
		sp_free_port(t->sp);
	} else if (t->fd >= 0) {
		close(t->fd);
	}
	t->sp = NULL;
	t->fd = -1;
}

/* Waits for the port to be ready for events, or the cancel fd, or the deadline. */
static int at_tty_wait(struct at_tty *t, short events, int64_t deadline_ms)
{
	struct pollfd pf[2] = {
		{ .fd = t->fd, .events = events },
		{ .fd = t->cancel_fd, .events = POLLIN },
	};
	int n = t->cancel_fd >= 0 ? 2 : 1;

	for (;;) {
		int64_t left = clock_left_ms(deadline_ms);
		int r = poll(pf, (nfds_t)n, left > 1000000 ? 1000000 : (int)left);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return AT_PORT_LOST;
		}
		if (n == 2 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
			return AT_CANCELLED;
		if (pf[0].revents & events)
			return AT_OK;
		if (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return AT_PORT_LOST;
		if (r == 0 && clock_left_ms(deadline_ms) == 0)
			return AT_TIMEOUT;
	}
}

int at_tty_wait_readable(struct at_tty *t, int64_t deadline_ms)
{
	return at_tty_wait(t, POLLIN, deadline_ms);
}

ssize_t at_tty_read(struct at_tty *t, uint8_t *buf, size_t len, int64_t deadline_ms)
{
	for (;;) {
		ssize_t r = read(t->fd, buf, len);
		if (r > 0)
			return r;
		if (r == 0) {
			/* libserialport's raw mode has VMIN=0: an empty tty reads as 0 bytes, like a
			   hung-up one. Only poll tells them apart. */
			struct pollfd pf = { .fd = t->fd, .events = POLLIN };
			if (poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR | POLLNVAL)))
				return AT_PORT_LOST;
		} else if (errno == EINTR) {
			continue;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			return AT_PORT_LOST;
		}
		int w = at_tty_wait(t, POLLIN, deadline_ms);
		if (w != AT_OK)
			return w;
	}
}

int at_tty_write(struct at_tty *t, const uint8_t *buf, size_t len, int64_t deadline_ms, size_t *done)
{
	size_t off = 0;
	int st = AT_OK;

	while (off < len) {
		ssize_t r = write(t->fd, buf + off, len - off);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			st = AT_PORT_LOST;  /* EIO, ENXIO, EPIPE...: the device is gone */
			break;
		}
		st = at_tty_wait(t, POLLOUT, deadline_ms);
		if (st != AT_OK)
			break;
	}
	if (done)
		*done = off;
	return off == len ? AT_OK : st;
}

size_t at_tty_flush_input(struct at_tty *t)
{
	uint8_t junk[512];
	size_t n = 0;
	ssize_t r;

	if (t->sp)
		sp_flush(t->sp, SP_BUF_INPUT);
	else
		tcflush(t->fd, TCIFLUSH);  /* fails harmlessly on a socket */
	while ((r = read(t->fd, junk, sizeof junk)) > 0)
		n += (size_t)r;
	return n;
}
