/* The slot workers' shared pieces: the upload gate (cap, slot order, leaving) and the IMEI registry. */
#include "station/slot/slot_imeis.h"
#include "station/slot/upload_gate.h"
#include "tests/unit/check.h"

#include <poll.h>

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) == 1;
}

static void t_gate_cap_and_order(void)
{
	struct upload_gate *g = upload_gate_new(5, 2);

	CHECK(upload_gate_enter(g, 3));
	CHECK(upload_gate_enter(g, 4));
	/* Full: 0 and 1 wait, and 1 came first. */
	CHECK(!upload_gate_enter(g, 1));
	CHECK(!upload_gate_enter(g, 0));
	CHECK(!readable(upload_gate_fd(g, 0)));
	upload_gate_leave(g, 4);
	/* The lowest slot goes first, whoever asked first. */
	CHECK(readable(upload_gate_fd(g, 0)));
	CHECK(upload_gate_granted(g, 0));
	CHECK(!upload_gate_granted(g, 1));
	upload_gate_leave(g, 3);
	CHECK(upload_gate_granted(g, 1));
	/* A waiter that leaves (its module left) frees nothing and is skipped. */
	CHECK(!upload_gate_enter(g, 2));
	upload_gate_leave(g, 2);
	upload_gate_leave(g, 0);
	CHECK(upload_gate_enter(g, 4));
	/* Leaving twice, or without a seat, is harmless. */
	upload_gate_leave(g, 0);
	upload_gate_leave(g, 4);
	upload_gate_leave(g, 4);
	upload_gate_leave(g, 1);
	CHECK(upload_gate_enter(g, 2));
	CHECK(upload_gate_enter(g, 3));
	CHECK(!upload_gate_enter(g, 0));
	upload_gate_free(g);
}

static void t_gate_no_cap(void)
{
	struct upload_gate *g = upload_gate_new(64, 0);
	for (int i = 0; i < 64; i++)
		CHECK(upload_gate_enter(g, i));
	upload_gate_free(g);
}

static void t_imeis(void)
{
	struct slot_imeis *r = slot_imeis_new(4);
	CHECK_INT(slot_imeis_claim(r, 0, "866123456789012"), -1);
	CHECK_INT(slot_imeis_claim(r, 2, "866123456789012"), 0);   /* the later one is refused */
	CHECK_INT(slot_imeis_claim(r, 0, "866123456789012"), -1);  /* its own again */
	CHECK_INT(slot_imeis_claim(r, 1, "866123456789020"), -1);
	slot_imeis_release(r, 0);
	CHECK_INT(slot_imeis_claim(r, 2, "866123456789012"), -1);  /* free once the first left */
	CHECK_INT(slot_imeis_claim(r, 3, ""), -1);                 /* no IMEI: never a duplicate */
	CHECK_INT(slot_imeis_claim(r, 0, ""), -1);
	slot_imeis_free(r);
}

int main(void)
{
	RUN(t_gate_cap_and_order);
	RUN(t_gate_no_cap);
	RUN(t_imeis);
	return check_done();
}
