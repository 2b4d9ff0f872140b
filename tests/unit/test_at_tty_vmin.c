/* The AT channel on a tty in libserialport's raw mode (VMIN=0, VTIME=0), where a read with no
 * data returns 0 instead of EAGAIN: an answer that comes a moment later is still read, and a
 * hang-up is still a lost port. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "station/at/at_chan.h"
#include "tests/unit/check.h"

struct peer {
	int master;
	int hangup;   /* close the master instead of answering */
};

/* Reads the command, waits 50 ms so the channel finds the tty empty first, then answers. */
static void *peer_run(void *arg)
{
	struct peer *p = arg;
	char buf[64];
	size_t got = 0;
	while (got < sizeof buf && !memchr(buf, '\r', got)) {
		ssize_t n = read(p->master, buf + got, sizeof buf - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	nanosleep(&(struct timespec){ .tv_nsec = 50 * 1000000L }, NULL);
	if (p->hangup)
		close(p->master);
	else if (write(p->master, "\r\nOK\r\n", 6) != 6)
		abort();
	return NULL;
}

static struct at_chan *open_raw_vmin0(int *master)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) < 0 || unlockpt(*master) < 0)
		abort();
	int slave = open(ptsname(*master), O_RDWR | O_NOCTTY | O_NONBLOCK);
	struct termios t;
	if (slave < 0 || tcgetattr(slave, &t) < 0)
		abort();
	cfmakeraw(&t);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(slave, TCSANOW, &t) < 0)
		abort();
	return at_chan_from_fd(slave);
}

static void t_late_answer(void)
{
	struct peer p = { .hangup = 0 };
	struct at_chan *ch = open_raw_vmin0(&p.master);
	struct at_response *r = malloc(sizeof *r);
	pthread_t th;
	pthread_create(&th, NULL, peer_run, &p);
	CHECK_STR(at_status_name(at_chan_command(ch, "AT", NULL, 2000, r)), at_status_name(AT_OK));
	pthread_join(th, NULL);
	at_chan_close(ch);
	close(p.master);
	free(r);
}

static void t_hangup(void)
{
	struct peer p = { .hangup = 1 };
	struct at_chan *ch = open_raw_vmin0(&p.master);
	struct at_response *r = malloc(sizeof *r);
	pthread_t th;
	pthread_create(&th, NULL, peer_run, &p);
	CHECK_STR(at_status_name(at_chan_command(ch, "AT", NULL, 2000, r)), at_status_name(AT_PORT_LOST));
	pthread_join(th, NULL);
	at_chan_close(ch);
	free(r);
}

int main(void)
{
	RUN(t_late_answer);
	RUN(t_hangup);
	return check_done();
}
