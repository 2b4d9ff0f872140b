/* Before a retry of a unit that was aborted after AT+QFOTADL: the module may still be rewriting
 * its flash, and its recovery image answers no AT command, so identifying it at once records a
 * false failure. slot_settle waits until it answers as normal firmware again. */
#ifndef SLOT_SETTLE_H
#define SLOT_SETTLE_H
#include <stdbool.h>

struct slot;

/* Shows the slot as updating (no stale error beside it) and waits until the module answers
 * AT+CGSN with an IMEI (its update ended and it booted), or the [timing] update budget ran out
 * (identification will tell). false: aborted again, the module left or the station stops. */
bool slot_settle(struct slot *s);
/* Whether the slot's last unit was aborted after AT+QFOTADL (its retry must settle first). */
bool slot_settle_needed(const struct slot *s);
#endif
