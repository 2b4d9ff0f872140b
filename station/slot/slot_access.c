/* A service of the slot: a module's AT port that would not open, and why (station/usb/
 * port_access.c), in the unit's record, its transcript and on standard error with what to do.
 * A port the station's user may not open, or one another process holds, ends the unit with its
 * own code instead of E-PORT-LOST. */
#include <stdatomic.h>
#include <stdio.h>

#include "station/slot/slot_svc.h"
#include "station/usb/port_access.h"

enum slot_outcome slot_access_fail(struct slot *s, const char *err)
{
	struct port_access pa;
	enum port_access_kind kind = port_access_diagnose(s->port.tty, &pa);
	if (kind != PORT_ACCESS_DENIED && kind != PORT_ACCESS_BUSY)
		return slot_svc_fail(s, ERR_PORT_LOST, NULL, err);
	atomic_fetch_add(&s->sh->refused, 1);
	slot_svc_log(s, "%s: %s; what to do: %s", errcode_name(pa.err), pa.brief, pa.advice);
	fprintf(stderr, "station: slot %s %s: %s\n  what to do: %s\n", s->label, s->port.tty, pa.brief,
		pa.advice);
	return slot_svc_fail(s, pa.err, NULL, pa.brief);
}
