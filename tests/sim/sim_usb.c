/* The fixture's USB thread: plugs and unplugs modules (umockdev records, uevents, hang-ups) in
 * order, while the main thread goes on answering AT for every other module. On a real hub the
 * modules' re-enumerations do not stop the others' ports; one thread doing both made a burst of
 * reboots (every module of a line after its upload, or after END) hold every other module's
 * answers and upload acks for tens of milliseconds per module.
 *
 * Ownership: a module with usb_busy set belongs to the USB thread (its tree state, ttys, present
 * flag); the main thread leaves it alone (no events, no I/O) until sim_usb_finish() has run the
 * job's completion on the main thread and cleared the flag. The testbed is the USB thread's alone
 * once it runs. Before sim_usb_start() (and after sim_usb_stop()) jobs run at once on the caller. */
#include "tests/sim/sim.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

struct sim_usb_job {
	struct sim_module *m;
	int plug;               /* 1 plug, 0 unplug */
	int rc;
	int64_t at;             /* the module's time of the event that asked for it */
	sim_usb_done done;
	struct sim_usb_job *next;
};

struct sim_usb {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sim_usb_job *todo, *todo_tail, *done, *done_tail;
	int stop;
	int wake[2];            /* the USB thread writes a byte when a job is done */
};

static void sim_usb_run(struct sim *s, struct sim_usb_job *j)
{
	if (j->plug)
		j->rc = sim_tree_plug(s, j->m);
	else
		sim_tree_unplug(s, j->m);
}

static void *sim_usb_main(void *arg)
{
	struct sim *s = arg;
	struct sim_usb *u = s->usb;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&u->mu);
	for (;;) {
		while (!u->todo && !u->stop)
			pthread_cond_wait(&u->cv, &u->mu);
		if (u->stop)
			break;
		struct sim_usb_job *j = u->todo;
		u->todo = j->next;
		if (!u->todo)
			u->todo_tail = NULL;
		pthread_mutex_unlock(&u->mu);
		sim_usb_run(s, j);
		pthread_mutex_lock(&u->mu);
		j->next = NULL;
		if (u->done_tail)
			u->done_tail->next = j;
		else
			u->done = j;
		u->done_tail = j;
		char b = 1;
		if (write(u->wake[1], &b, 1) < 0 && errno != EAGAIN)
			sim_log(s, j->m, "error usb thread wake: %d", errno);
	}
	pthread_mutex_unlock(&u->mu);
	return NULL;
}

void sim_usb_start(struct sim *s)
{
	struct sim_usb *u = calloc(1, sizeof *u);
	if (!u || pipe2(u->wake, O_NONBLOCK | O_CLOEXEC) < 0)
		abort();
	pthread_mutex_init(&u->mu, NULL);
	pthread_cond_init(&u->cv, NULL);
	s->usb = u;
	if (pthread_create(&u->th, NULL, sim_usb_main, s) != 0)
		abort();
}

static void sim_usb_free_list(struct sim_usb_job *j)
{
	while (j) {
		struct sim_usb_job *n = j->next;
		free(j);
		j = n;
	}
}

void sim_usb_stop(struct sim *s)
{
	struct sim_usb *u = s->usb;
	if (!u)
		return;
	pthread_mutex_lock(&u->mu);
	u->stop = 1;
	pthread_cond_signal(&u->cv);
	pthread_mutex_unlock(&u->mu);
	pthread_join(u->th, NULL);
	sim_usb_free_list(u->todo);
	sim_usb_free_list(u->done);
	close(u->wake[0]);
	close(u->wake[1]);
	pthread_mutex_destroy(&u->mu);
	pthread_cond_destroy(&u->cv);
	free(u);
	s->usb = NULL;
}

int sim_usb_wake_fd(const struct sim *s)
{
	return s->usb ? s->usb->wake[0] : -1;
}

static void sim_usb_queue(struct sim *s, struct sim_module *m, int plug, int64_t at, sim_usb_done done)
{
	struct sim_usb_job *j = calloc(1, sizeof *j);
	if (!j)
		abort();
	*j = (struct sim_usb_job){ .m = m, .plug = plug, .at = at, .done = done };
	if (!s->usb) {
		sim_usb_run(s, j);
		if (done)
			done(s, m, j->rc, at);
		free(j);
		return;
	}
	m->usb_busy = 1;
	pthread_mutex_lock(&s->usb->mu);
	if (s->usb->todo_tail)
		s->usb->todo_tail->next = j;
	else
		s->usb->todo = j;
	s->usb->todo_tail = j;
	pthread_cond_signal(&s->usb->cv);
	pthread_mutex_unlock(&s->usb->mu);
}

void sim_usb_plug(struct sim *s, struct sim_module *m, int64_t at, sim_usb_done done)
{
	sim_usb_queue(s, m, 1, at, done);
}

void sim_usb_unplug(struct sim *s, struct sim_module *m, int64_t at, sim_usb_done done)
{
	sim_usb_queue(s, m, 0, at, done);
}

void sim_usb_finish(struct sim *s)
{
	struct sim_usb *u = s->usb;
	struct sim_usb_job *j;
	char junk[64];
	if (!u)
		return;
	while (read(u->wake[0], junk, sizeof junk) > 0)
		;
	pthread_mutex_lock(&u->mu);
	j = u->done;
	u->done = u->done_tail = NULL;
	pthread_mutex_unlock(&u->mu);
	while (j) {
		struct sim_usb_job *n = j->next;
		j->m->usb_busy = 0;
		if (j->done)
			j->done(s, j->m, j->rc, j->at);
		free(j);
		j = n;
	}
}
