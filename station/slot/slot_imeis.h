/* The IMEIs of the modules in the slots right now: the same unit in two slots at once is refused
 * for the later one (E-DUPLICATE). A slot holds its module's IMEI until that module leaves.
 * Thread-safe (one lock). */
#ifndef SLOT_IMEIS_H
#define SLOT_IMEIS_H

struct slot_imeis;

struct slot_imeis *slot_imeis_new(int n_slots);
void slot_imeis_free(struct slot_imeis *r);
/* Claims imei for slot. Returns -1 when claimed (or already held by this slot), else the index
 * of the slot that holds it. */
int slot_imeis_claim(struct slot_imeis *r, int slot, const char *imei);
/* Releases whatever slot holds. */
void slot_imeis_release(struct slot_imeis *r, int slot);
#endif
