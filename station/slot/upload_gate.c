#include "station/slot/upload_gate.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "station/base/xalloc.h"

enum gate_seat { GATE_OUT, GATE_WAITING, GATE_GRANTED };

struct upload_gate {
	pthread_mutex_t lock;   /* guards seat and active */
	int n, cap, active;
	enum gate_seat *seat;
	int (*pipes)[2];        /* per slot: a byte when its turn comes */
};

struct upload_gate *upload_gate_new(int n_slots, int cap)
{
	struct upload_gate *g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->lock, NULL);
	g->n = n_slots;
	g->cap = cap;
	g->seat = xcalloc((size_t)(n_slots > 0 ? n_slots : 1), sizeof *g->seat);
	g->pipes = xcalloc((size_t)(n_slots > 0 ? n_slots : 1), sizeof *g->pipes);
	for (int i = 0; i < n_slots; i++)
		if (pipe2(g->pipes[i], O_CLOEXEC | O_NONBLOCK) < 0)
			fatal("pipe: %s", strerror(errno));
	return g;
}

void upload_gate_free(struct upload_gate *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->n; i++) {
		close(g->pipes[i][0]);
		close(g->pipes[i][1]);
	}
	pthread_mutex_destroy(&g->lock);
	free(g->seat);
	free(g->pipes);
	free(g);
}

/* Grants turns in slot order while there is room. Called with the lock held. */
static void upload_gate_grant(struct upload_gate *g)
{
	for (int i = 0; i < g->n && (g->cap <= 0 || g->active < g->cap); i++) {
		if (g->seat[i] != GATE_WAITING)
			continue;
		g->seat[i] = GATE_GRANTED;
		g->active++;
		if (write(g->pipes[i][1], "g", 1) < 0) { /* a byte is already there */ }
	}
}

bool upload_gate_enter(struct upload_gate *g, int slot)
{
	bool granted;
	pthread_mutex_lock(&g->lock);
	if (g->seat[slot] == GATE_OUT)
		g->seat[slot] = GATE_WAITING;
	upload_gate_grant(g);
	granted = g->seat[slot] == GATE_GRANTED;
	pthread_mutex_unlock(&g->lock);
	return granted;
}

int upload_gate_fd(struct upload_gate *g, int slot)
{
	return g->pipes[slot][0];
}

bool upload_gate_granted(struct upload_gate *g, int slot)
{
	char drain[16];
	bool granted;
	while (read(g->pipes[slot][0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&g->lock);
	granted = g->seat[slot] == GATE_GRANTED;
	pthread_mutex_unlock(&g->lock);
	return granted;
}

void upload_gate_leave(struct upload_gate *g, int slot)
{
	char drain[16];
	pthread_mutex_lock(&g->lock);
	if (g->seat[slot] == GATE_GRANTED)
		g->active--;
	g->seat[slot] = GATE_OUT;
	upload_gate_grant(g);
	pthread_mutex_unlock(&g->lock);
	while (read(g->pipes[slot][0], drain, sizeof drain) > 0)
		;
}
