/* The data of a slot worker, shared by its layers: the worker (slot.c), the driver (slot_run.c),
 * the phases (slot_identify.c, slot_upload.c, slot_update.c, slot_verify.c, slot_resume.c) and
 * the services below them (slot_svc.c, slot_wait.c, slot_module.c, slot_record.c). Functions are
 * declared in each layer's own header. Everything here belongs to the slot's worker thread unless
 * marked. */
#ifndef SLOT_PRIV_H
#define SLOT_PRIV_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "logs/transcript.h"
#include "station/at/at_chan.h"
#include "station/board/board.h"
#include "station/slot/catalogue.h"
#include "station/base/errcode.h"
#include "station/slot/slot.h"

#define SLOT_MAIL_MAX 32

struct slot_mail {
	enum discovery_event ev;
	struct discovery_port port;
};

/* One unit: a module from identification to its record. */
struct slot_unit {
	int64_t started_wall_ms, started_mono_ms;
	char port[64];
	char model[32];
	char imei[24];
	char fw_before[80];
	char fw_after[80];
	const struct package *pkg;
	uint64_t bytes;
	int64_t upload_ms;            /* -1 when there was no upload */
	int64_t update_started_ms;    /* monotonic, at AT+QFOTADL; 0 before */
	int64_t update_ms;            /* -1 when there was no update */
	int64_t download_ms;          /* a URL package: AT+QFOTADL to the module's download end */
	int attempts;                 /* the module's own update attempts */
	enum slot_state result;       /* SLOT_PASS, SKIP, FAIL or ABORTED once decided */
	enum errcode err;
	char module_code[16];
	char error_text[128];
	bool resumed;                 /* watching again from a journal entry */
	bool journaled;               /* a journal entry is on disk for this unit */
	bool file_on_module;          /* the delta file may be in the module's UFS */
	bool normal_fw;               /* the module answered AT+CGSN after its last reattach */
	bool booted_new;              /* it is already back on the new firmware: no reboot to wait */
	char stage[24];               /* the state the unit was in when it ended, for messages */
};

struct slot {
	struct slot_shared *sh;
	int index;
	char label[16];
	char usb_path[32];
	pthread_t thread;

	/* The mailbox: discovery thread -> worker. */
	pthread_mutex_t mail_lock;           /* guards mail, mail_n */
	struct slot_mail mail[SLOT_MAIL_MAX];
	int mail_n;
	bool mail_overflow;
	int mail_pipe[2];

	/* Worker-owned from here. */
	bool present;                        /* discovery says a module is in the slot */
	struct discovery_port port;          /* the latest ARRIVED */
	unsigned arrivals;                   /* ARRIVED events seen so far */
	unsigned departures;                 /* LEFT events seen so far */
	bool present_now;                    /* once mode: a module was there at start */
	bool has_resume;
	struct journal_entry resume;
	unsigned cmds;                       /* operator commands not yet acted on */
	bool abort_req;                      /* BOARD_CMD_ABORT during a unit */

	struct at_chan *ch;                  /* open AT port, or NULL */
	unsigned ch_arrival;                 /* arrivals when ch was opened */
	bool reopen_noted;                   /* the latest arrival's tty did not open yet */
	struct transcript *tr;
	struct slot_unit u;
	char urc[16][AT_LINE_MAX];           /* URC lines not yet handled, oldest first */
	int urc_n;
};

/* What a wait ended with (bits). */
enum slot_wake {
	SLOT_WOKE_TIMEOUT = 1 << 0,
	SLOT_WOKE_MAIL    = 1 << 1,
	SLOT_WOKE_CMD     = 1 << 2,
	SLOT_WOKE_GATE    = 1 << 3,
};

#endif
