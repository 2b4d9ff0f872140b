/* The driver of one unit: runs the phases in order until the unit has its result. */
#ifndef SLOT_RUN_H
#define SLOT_RUN_H
struct slot;

/* Runs one unit from identification (or from its journal entry) to its result (s->u.result). */
void slot_run(struct slot *s);
#endif
