#include "station/slot/slot_imeis.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

struct slot_imeis {
	pthread_mutex_t lock;   /* guards imei */
	int n;
	char (*imei)[24];       /* per slot, "" when none */
};

struct slot_imeis *slot_imeis_new(int n_slots)
{
	struct slot_imeis *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	r->n = n_slots;
	r->imei = xcalloc((size_t)(n_slots > 0 ? n_slots : 1), sizeof *r->imei);
	return r;
}

void slot_imeis_free(struct slot_imeis *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r->imei);
	free(r);
}

int slot_imeis_claim(struct slot_imeis *r, int slot, const char *imei)
{
	int holder = -1;
	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < r->n && imei[0]; i++)
		if (i != slot && strcmp(r->imei[i], imei) == 0)
			holder = i;
	if (holder < 0)
		xstrlcpy(r->imei[slot], imei, sizeof r->imei[slot]);
	pthread_mutex_unlock(&r->lock);
	return holder;
}

void slot_imeis_release(struct slot_imeis *r, int slot)
{
	pthread_mutex_lock(&r->lock);
	r->imei[slot][0] = '\0';
	pthread_mutex_unlock(&r->lock);
}
