/* What a slot knows from its log folder: the unit's journal entry (written with everything its
 * record needs, restored on resume) and the records already written, so a restarted station
 * neither records a unit twice nor flashes a module whose outcome it has recorded. Called from
 * the slot's steps on its worker thread. */
#ifndef SLOT_LEDGER_H
#define SLOT_LEDGER_H
#include <stdbool.h>

struct journal_entry;
struct slot;

/* Writes the unit's journal entry (phase: JOURNAL_PHASE_*), durably; sets u.journaled. */
void slot_ledger_journal(struct slot *s, const char *phase);
/* Fills the unit from its journal entry: start time, model, bytes, upload and update times,
 * attempts, operator, lot and config of the run that started it. */
void slot_ledger_restore(struct slot *s, const struct journal_entry *e);
/* After identification: when this slot already recorded this IMEI (today or yesterday, or held)
 * with an outcome (not ABORTED, not E-PORT-LOST) and the operator did not ask for a rerun, the unit ends with that recorded result shown and no
 * new record. Returns true when the unit is over. */
bool slot_ledger_recorded(struct slot *s);
/* On resume: when the journal entry's record is already written (the station died between the
 * record and the journal's update), the entry is dropped and the unit ends with no new record.
 * Returns true when the unit is over. */
bool slot_ledger_resume_recorded(struct slot *s);
/* On resume of an entry written just before AT+QFOTADL (phase starting) whose module answers on
 * its normal firmware with the old version: watches it for the reboot budget. A module that took
 * the command reboots (its port goes) or reports; one that never got it does neither: then its
 * entry is dropped and true is returned (the unit goes on as if the update was never started,
 * which it was not). */
bool slot_ledger_never_started(struct slot *s);
#endif
