/* The slot workers' shared pieces: the upload gate (cap, slot order, leaving) and the IMEI registry. */
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_svc.h"
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

/* The one map from an AT outcome to a station code, by what the step was doing. */
static void t_errcode_map(void)
{
	static const struct { enum slot_op op; enum at_status st; int cme; enum errcode want; } rows[] = {
		{ SLOT_OP_IDENTIFY, AT_OK, -1, ERR_NONE },
		{ SLOT_OP_IDENTIFY, AT_TIMEOUT, -1, ERR_TIMEOUT },
		{ SLOT_OP_IDENTIFY, AT_PORT_LOST, -1, ERR_PORT_LOST },
		{ SLOT_OP_IDENTIFY, AT_CANCELLED, -1, ERR_ABORTED },
		{ SLOT_OP_IDENTIFY, AT_MALFORMED, -1, ERR_IDENTIFY },
		{ SLOT_OP_IDENTIFY, AT_ERROR, -1, ERR_AT },
		{ SLOT_OP_IDENTIFY, AT_CME, 10, ERR_AT },
		{ SLOT_OP_URC_PORT, AT_ERROR, -1, ERR_URC_PORT },
		{ SLOT_OP_URC_PORT, AT_MISMATCH, -1, ERR_URC_PORT },
		{ SLOT_OP_URC_PORT, AT_TIMEOUT, -1, ERR_TIMEOUT },
		{ SLOT_OP_FILE, AT_MALFORMED, -1, ERR_FILE },
		{ SLOT_OP_FILE, AT_CME, 418, ERR_FILE },
		{ SLOT_OP_FILE, AT_REFUSED, -1, ERR_FILE },
		{ SLOT_OP_UPLOAD, AT_CME, 403, ERR_UFS_FULL },
		{ SLOT_OP_UPLOAD, AT_CME, 409, ERR_FILE },
		{ SLOT_OP_UPLOAD, AT_CME, 420, ERR_UFS_FULL },
		{ SLOT_OP_UPLOAD, AT_CME, 421, ERR_UPLOAD },
		{ SLOT_OP_UPLOAD, AT_CME, 423, ERR_UFS_FULL },
		{ SLOT_OP_UPLOAD, AT_CME, 406, ERR_FILE },
		{ SLOT_OP_UPLOAD, AT_CME, 999, ERR_UPLOAD },
		{ SLOT_OP_UPLOAD, AT_MISMATCH, -1, ERR_CHECKSUM },
		{ SLOT_OP_UPLOAD, AT_ERROR, -1, ERR_UPLOAD },
		{ SLOT_OP_UPLOAD, AT_MALFORMED, -1, ERR_UPLOAD },
		{ SLOT_OP_UPDATE, AT_ERROR, -1, ERR_AT },
		{ SLOT_OP_UPDATE, AT_CME, 505, ERR_AT },
		{ SLOT_OP_UPDATE, AT_TIMEOUT, -1, ERR_TIMEOUT },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_errcode_map[%zu]", i);
		CHECK_INT(slot_svc_errcode(rows[i].op, rows[i].st, rows[i].cme), rows[i].want);
	}
}

int main(void)
{
	RUN(t_gate_cap_and_order);
	RUN(t_gate_no_cap);
	RUN(t_imeis);
	RUN(t_errcode_map);
	return check_done();
}
