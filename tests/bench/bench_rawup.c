/* The bound for many modules uploading at once: one thread per port sends AT+QFUPL data in ack
 * mode 1 (1 KiB, then wait for the module's 1-byte ack), the station's mode, with nothing else
 * around it. Run inside the fixture, so the receiver is the same emulated modules the station is
 * measured against (tests/bench/line.sh). Every port first gets its CONNECT; then the bytes sent
 * by all ports together over SECONDS are counted.
 *   bench_rawup SECONDS SIZE TTY...
 * Prints "ports=N connected=K seconds=S bytes=B mbps=X cpu_ms=C" (C: this process's CPU over the
 * count); exit status 1 unless every port
 * connected. After the count each port waits for the module's answer to the cut upload (its data
 * timeout), so the next program on the port starts clean. Also: bench_rawup clock, which prints "wall_ms=W mono_ms=M" (the two clocks read
 * together: a step of the wall clock during a run shows as a change of W - M). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 1024

struct port {
	const char *tty;
	size_t size;
	int index;
	int connected;
	pthread_t th;
};

static pthread_barrier_t start_line;
static atomic_ullong bytes_sent;
static atomic_int stop;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's CPU time (all its threads). */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads until what came holds want (or want2, when not NULL) or timeout_ms passes; 0 when found. */
static int read_until(int fd, const char *want, const char *want2, int timeout_ms)
{
	char buf[512];
	size_t len = 0;
	double end = now_s() + timeout_ms / 1000.0;

	while (now_s() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 100) <= 0)
			continue;
		if (len == sizeof buf - 1) {
			memmove(buf, buf + len / 2, len - len / 2);
			len -= len / 2;
		}
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r <= 0) {
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			return -1;
		}
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, want) || (want2 && strstr(buf, want2)))
			return 0;
	}
	return -1;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			if (poll(&pf, 1, 5000) <= 0)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

static int wait_ack(int fd)
{
	uint8_t a;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		ssize_t r = read(fd, &a, 1);
		if (r == 1)
			return 0;
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		return -1;
	}
}

static void *port_run(void *arg)
{
	struct port *p = arg;
	uint8_t block[BLOCK];
	char cmd[96];
	struct termios tio;
	int fd = open(p->tty, O_RDWR | O_NOCTTY | O_CLOEXEC);

	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (uint8_t)(i * 2654435761u >> 13);
	if (fd >= 0 && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(fd, TCSANOW, &tio);
	}
	/* a name of its own per run: an earlier run's partial file stays in the module's UFS */
	snprintf(cmd, sizeof cmd, "AT+QFUPL=\"raw%ld-%d.bin\",%zu,5,1\r", (long)getpid(), p->index, p->size);
	if (fd >= 0 && write_all(fd, cmd, strlen(cmd)) == 0 && read_until(fd, "CONNECT\r\n", NULL, 30000) == 0)
		p->connected = 1;
	else
		fprintf(stderr, "bench_rawup: %s: no CONNECT\n", p->tty);
	pthread_barrier_wait(&start_line);
	for (size_t off = 0; p->connected && off < p->size && !atomic_load(&stop); off += BLOCK) {
		size_t n = p->size - off < BLOCK ? p->size - off : BLOCK;
		if (write_all(fd, block, n) < 0 || (n == BLOCK && wait_ack(fd) < 0))
			break;
		atomic_fetch_add(&bytes_sent, n);
	}
	/* The module ends the short upload after its data timeout and answers: read that answer, so
	 * that it does not wait in the port for the next program to open it. */
	if (p->connected)
		read_until(fd, "OK\r\n", "ERROR", 20000);
	if (fd >= 0)
		close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "clock") == 0) {
		struct timespec w, m;
		clock_gettime(CLOCK_REALTIME, &w);
		clock_gettime(CLOCK_MONOTONIC, &m);
		printf("wall_ms=%lld mono_ms=%lld\n", (long long)w.tv_sec * 1000 + w.tv_nsec / 1000000,
		       (long long)m.tv_sec * 1000 + m.tv_nsec / 1000000);
		return 0;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: bench_rawup SECONDS SIZE TTY... | bench_rawup clock\n");
		return 2;
	}
	double secs = atof(argv[1]);
	size_t size = strtoul(argv[2], NULL, 10);
	int n = argc - 3, connected = 0;
	struct port *ports = calloc((size_t)n, sizeof *ports);

	if (!ports || secs <= 0 || size < BLOCK)
		return 2;
	pthread_barrier_init(&start_line, NULL, (unsigned)n + 1);
	for (int i = 0; i < n; i++) {
		ports[i] = (struct port){ .tty = argv[3 + i], .size = size, .index = i };
		if (pthread_create(&ports[i].th, NULL, port_run, &ports[i]) != 0)
			return 1;
	}
	pthread_barrier_wait(&start_line);
	double t0 = now_s(), c0 = cpu_s();
	unsigned long long b0 = atomic_load(&bytes_sent);
	struct timespec d = { .tv_sec = (time_t)secs, .tv_nsec = (long)((secs - (double)(time_t)secs) * 1e9) };
	nanosleep(&d, NULL);
	unsigned long long b1 = atomic_load(&bytes_sent);
	double t1 = now_s(), c1 = cpu_s();
	atomic_store(&stop, 1);
	for (int i = 0; i < n; i++) {
		pthread_join(ports[i].th, NULL);
		connected += ports[i].connected;
	}
	printf("ports=%d connected=%d seconds=%.3f bytes=%llu mbps=%.3f cpu_ms=%.0f\n", n, connected, t1 - t0,
	       b1 - b0, (double)(b1 - b0) / (t1 - t0) / 1e6, 1000 * (c1 - c0));
	free(ports);
	return connected == n ? 0 : 1;
}
