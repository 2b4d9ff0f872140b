/* [station] max_parallel_uploads: at most cap slots upload at once (0 = no cap); the others wait
 * their turn, lowest slot first. A slot asks for a turn, then polls its gate fd beside its other
 * fds, so waiting stays interruptible. Thread-safe (one lock). */
#ifndef UPLOAD_GATE_H
#define UPLOAD_GATE_H
#include <stdbool.h>

struct upload_gate;

struct upload_gate *upload_gate_new(int n_slots, int cap);
void upload_gate_free(struct upload_gate *g);
/* Joins the queue. Returns true when the turn is granted at once. */
bool upload_gate_enter(struct upload_gate *g, int slot);
/* Readable when the slot's turn may have come; then call upload_gate_granted(). */
int upload_gate_fd(struct upload_gate *g, int slot);
bool upload_gate_granted(struct upload_gate *g, int slot);
/* Leaves the queue or gives the turn back (either is fine); wakes the next in line. */
void upload_gate_leave(struct upload_gate *g, int slot);
#endif
