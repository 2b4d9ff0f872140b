/* The lowest AT layer: a tty opened through libserialport (raw, 115200 8N1, no flow control) or a
 * wrapped fd, and non-blocking byte I/O with monotonic deadlines. A readable cancel fd (abort, shutdown) ends any wait; nothing else does.
 * Results are enum at_status values: a count of bytes or AT_OK, else AT_TIMEOUT, AT_PORT_LOST,
 * AT_CANCELLED. */
#ifndef AT_TTY_H
#define AT_TTY_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct sp_port;

struct at_tty {
	struct sp_port *sp;  /* NULL for a wrapped fd */
	int fd;
	int cancel_fd;         /* -1 = none */
};

/* Returns 0, or -1 with a reason in err. */
int at_tty_open(struct at_tty *t, const char *path, char *err, size_t errlen);
void at_tty_wrap(struct at_tty *t, int fd);
void at_tty_close(struct at_tty *t);
/* Reads what is available, waiting until deadline_ms (monotonic): returns a count > 0 or a
 * negative enum at_status. A deadline in the past still takes bytes that are already there. */
ssize_t at_tty_read(struct at_tty *t, uint8_t *buf, size_t len, int64_t deadline_ms);
/* Waits until the port has bytes to read (AT_OK), or deadline_ms: AT_TIMEOUT, AT_CANCELLED or
 * AT_PORT_LOST (negative). For a reader that knows nothing can be there yet: it saves the read
 * that would find the port empty. */
int at_tty_wait_readable(struct at_tty *t, int64_t deadline_ms);
/* Writes all len bytes before deadline_ms; *done gets the bytes written. AT_OK or negative. */
int at_tty_write(struct at_tty *t, const uint8_t *buf, size_t len, int64_t deadline_ms, size_t *done);
/* Drops pending input in the driver and in the fd; returns the bytes read and dropped. */
size_t at_tty_flush_input(struct at_tty *t);
#endif
